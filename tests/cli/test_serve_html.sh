#!/usr/bin/env bash
# gongkai serve: hostile text in every field renders escaped, and the
# template rule of src/server (serve_html.py).
set -euo pipefail
exec timeout 300 python3 "$(dirname "$0")/serve_html.py"
