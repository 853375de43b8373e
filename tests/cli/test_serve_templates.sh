#!/usr/bin/env bash
# gongkai serve: the letters' templates edited in the browser
# (serve_templates.py).
set -euo pipefail
exec timeout 300 python3 "$(dirname "$0")/serve_templates.py"
