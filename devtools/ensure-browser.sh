#!/usr/bin/env bash
# Idempotent: Debian's Chromium and ChromeDriver for the browser tests (`make test`); `make run` does not need them.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "浏览器测试需要 chromium 与 chromium-driver：请用系统的包管理器安装" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
