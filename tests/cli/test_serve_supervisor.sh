#!/usr/bin/env bash
# gongkai serve: the supervisor desk (serve_supervisor.py): uploads,
# findings marked on their cells, merge downloads, compare, similar, charts.
set -euo pipefail
exec timeout 600 python3 "$(dirname "$0")/serve_supervisor.py"
