#!/usr/bin/env bash
# docs/api.md is generated from include/gongkai.h: fail when it is stale.
set -u
src="${GK_SOURCE_DIR:?}"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
python3 "$src/tools/gen_api_md.py" "$src/include/gongkai.h" > "$tmp"
if diff -u "$src/docs/api.md" "$tmp"; then
  echo "docs-api: 1 passed, 0 failed"
else
  echo "docs/api.md is stale: run tools/gen_api_md.py include/gongkai.h > docs/api.md"
  echo "docs-api: 0 passed, 1 failed"
  exit 1
fi
