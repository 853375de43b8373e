#!/usr/bin/env bash
# Every case under tests/golden/ through the gongkai binary: the JSON of
# `gongkai check --format json` must equal expected.json and the exit code
# must equal the case's 'exit' (the library side is tests/unit/test_golden.c).
set -u
src="${GK_SOURCE_DIR:?}"
bin="${GONGKAI:?}"
cd "$src" || exit 1
pass=0 fail=0
for dir in tests/golden/*/; do
  case=$(basename "$dir")
  if [ -f "$dir/source" ]; then input=$(head -n1 "$dir/source"); else input="$dir/input.txt"; input=${input//\/\//\/}; fi
  out=$("$bin" check --format json -q "$input" 2>/dev/null); rc=$?
  want_rc=$(cat "$dir/exit")
  if [ "$rc" != "$want_rc" ]; then
    echo "FAIL $case: exit $rc, expected $want_rc"; fail=$((fail + 1)); continue
  fi
  if printf '%s' "$out" | python3 -c '
import json, sys
got = json.loads(sys.stdin.read())
want = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if got == want else 1)' "$dir/expected.json"; then
    pass=$((pass + 1))
  else
    echo "FAIL $case: JSON differs from $dir/expected.json"; fail=$((fail + 1))
  fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -ge 5 ]
