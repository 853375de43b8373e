#!/usr/bin/env bash
# gongkai serve: notice letters, void and revoke, the reminders' page
# (serve_letters.py).
set -euo pipefail
exec timeout 300 python3 "$(dirname "$0")/serve_letters.py"
