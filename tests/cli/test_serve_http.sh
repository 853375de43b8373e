#!/usr/bin/env bash
# gongkai serve over HTTP: every endpoint's status, content and errors
# (serve_http.py; the server binds 127.0.0.1 on an ephemeral port only).
set -euo pipefail
exec timeout 300 python3 "$(dirname "$0")/serve_http.py"
