#!/usr/bin/env bash
# run.sh BUILD_FUZZ_DIR SECONDS: runs every libFuzzer target for SECONDS
# (called by `make fuzz`, which builds with clang and -DGK_FUZZ=ON).
#
# Each target fuzzes a working copy of its seed corpus (fuzz/corpus-run/,
# git-ignored; new inputs it finds accumulate there between runs) with its
# dictionary, under -rss_limit_mb=2048. Crashes, leaks, timeouts and OOMs
# are written to fuzz/corpus-run/artifacts/; if any appears the script
# fails and names them: copy each into fuzz/corpus/<target>/ as a
# regression input (the replay ctest then runs it on every build).
set -uo pipefail
build=${1:?usage: fuzz/run.sh BUILD_FUZZ_DIR SECONDS}
secs=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
status=0

for src in "$here"/fuzz_*.c; do
  name=$(basename "$src" .c)
  name=${name#fuzz_}
  bin=$build/fuzz/fuzz_$name
  if [ ! -x "$bin" ]; then
    echo "fuzz/run.sh: $bin missing (build with -DGK_FUZZ=ON: make fuzz)" >&2
    exit 2
  fi
  work=$here/corpus-run/$name
  art=$here/corpus-run/artifacts/$name
  mkdir -p "$work" "$art"
  cp -n "$here/corpus/$name"/* "$work"/ 2>/dev/null || true
  dict=()
  [ -f "$here/dict/$name.dict" ] && dict=(-dict="$here/dict/$name.dict")
  log=$here/corpus-run/$name.log
  before=$(ls "$art" | wc -l)
  echo "fuzz/run.sh: fuzz_$name for ${secs}s on $(ls "$work" | wc -l) inputs"
  start=$(date +%s)
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    "$bin" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
    -max_len=65536 -print_final_stats=1 "${dict[@]}" \
    -artifact_prefix="$art/" "$work" > "$log" 2>&1
  rc=$?
  end=$(date +%s)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -oE '(cov|ft): [0-9]+' "$log" | tail -2 | tr '\n' ' ')
  echo "fuzz/run.sh: fuzz_$name: ${execs:-?} executions in $((end - start))s" \
       "(${rate:-?} exec/s), ${cov}corpus now $(ls "$work" | wc -l) inputs, exit $rc"
  found=$(ls "$art" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' || true)
  after=$(ls "$art" | wc -l)
  if [ "$rc" -ne 0 ] || [ "$after" -gt "$before" ] || [ -n "$found" ]; then
    echo "fuzz/run.sh: fuzz_$name FAILED (exit $rc); artifacts in $art:" >&2
    for f in $found; do echo "  $art/$f" >&2; done
    grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error' "$log" >&2 || true
    echo "  log: $log" >&2
    status=1
  fi
done
exit $status
