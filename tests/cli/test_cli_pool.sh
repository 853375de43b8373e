#!/usr/bin/env bash
# test_cli_pool.sh: -j N emits from the workers (cli_pool.c): the output,
# stdout and stderr interleaved, is -j 1's byte for byte, and a stdout that
# refuses the bytes stops every worker (exit 3, said once, nothing leaked
# under ASan).
source "$(dirname "$0")/lib.sh"
cd "$SRC"

# 600 inputs: the seeds, files that are no report (errors on stderr between
# the reports), one missing (listed by name), in one directory
d=$tmp/in
mkdir -p "$d"
for ((i = 0; i < 100; i++)); do
  for s in tests/data/seeds/*.txt; do
    cp "$s" "$d/$(printf '%03d' "$i")_$(basename "$s")"
  done
  [ $((i % 7)) -eq 3 ] && printf 'not a report %d\n' "$i" >"$d/$(printf '%03d' "$i")_x.txt"
done
for fmt in text json; do
  "$G" check "$d" "$tmp/missing.txt" --format "$fmt" -j 1 >"$tmp/j1" 2>&1 || true
  for j in 2 3 5; do
    "$G" check "$d" "$tmp/missing.txt" --format "$fmt" -j "$j" >"$tmp/jn" 2>&1 || true
    if cmp -s "$tmp/j1" "$tmp/jn"; then ok; else
      bad "check --format $fmt -j $j: output (stdout and stderr) differs from -j 1"
    fi
  done
done
# stdout and stderr apart too, and the exit code (2: one input unreadable)
run "$G" check "$d" "$tmp/missing.txt" --format json -j 3
expect_rc "check -j 3 with unreadable inputs" 2
cp "$tmp/out" "$tmp/out3"
cp "$tmp/err" "$tmp/err3"
run "$G" check "$d" "$tmp/missing.txt" --format json -j 1
if cmp -s "$tmp/out" "$tmp/out3" && cmp -s "$tmp/err" "$tmp/err3"; then ok; else
  bad "check -j 3: stdout or stderr differs from -j 1"
fi

# a full device: the first failed write stops the run, whichever worker
# emits; the message once, exit 3
if [ -w /dev/full ]; then
  for j in 1 2 3; do
    rc=0
    "$G" check "$d" --format json -j "$j" -q >/dev/full 2>"$tmp/err" || rc=$?
    expect_rc "check -j $j >/dev/full" 3
    n=$(grep -c "无法写出到标准输出" "$tmp/err" || true)
    if [ "$n" -eq 1 ]; then ok; else bad "check -j $j >/dev/full: said $n times"; fi
  done
fi
finish
