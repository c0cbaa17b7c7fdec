#!/usr/bin/env bash
# `make package PROFILE=global|cn`: the deployable artifact and app stack of one profile.
# chalice packages requirements.txt only; the cn profile adds its SMS SDK for the time of packaging.
set -euo pipefail
profile="${1:-global}"
out="build/${profile}"
region="us-east-1"; [ "$profile" = cn ] && region="cn-northwest-1"
PY=.venv/bin/python
echo "[1/5] 打包内容文件（表单、目录、模板、字体）"
$PY -m devtools.bundle
$PY -m infra.build --check
rm -rf "$out"
echo "[2/5] chalice package（首次需下载 Linux 依赖，约数分钟）"
if [ "$profile" = cn ]; then
  cp requirements.txt build/requirements.global.txt
  trap 'mv build/requirements.global.txt requirements.txt' EXIT
  grep -v '^-r' requirements-cn.txt >> requirements.txt
fi
AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}" .venv/bin/chalice package --stage prod \
  --merge-template infra/gateway-responses.json "$out/"
echo "[3/5] 应用栈：每个函数的权限、设置、告警"
$PY -m infra.app_stack "$out/sam.json" --profile "$profile"
echo "[4/5] 预编译 .pyc 写入部署包"
$PY -m infra.artifact "$out/deployment.zip"
echo "[5/5] cfn-lint（$region）"
.venv/bin/cfn-lint --regions "$region" -- "$out/sam.json"
echo "完成：$out/deployment.zip、$out/sam.json"
