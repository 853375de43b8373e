#!/usr/bin/env bash
# gongkai serve: the access matrix, every role × endpoint × method
# (serve_access.py holds the one table).
set -euo pipefail
exec timeout 300 python3 "$(dirname "$0")/serve_access.py"
