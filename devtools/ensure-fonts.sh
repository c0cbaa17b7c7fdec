#!/usr/bin/env bash
# Idempotent: build .local/fonts/NotoSansCJKsc-Regular-glyf.ttf for the PDF documents (apt only if the source font is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m devtools.fonts "$@"
