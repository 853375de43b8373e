#!/usr/bin/env bash
# flow.sh BUILD_DIR: the layout-free core against cat (issue 10 item 7).
#
# Generates N (2,000) reports with bench/gen_reports, writes each a second
# time with its line breaks removed (a page saved as one line: the line
# reading fails and the stream reading, src/lib/read/flow.c, reads it),
# then measures with hyperfine, one core:
#   cat of the joined files                 the floor
#   gongkai check -j 1 -q on the joined     the stream reading
#   gongkai check -j 1 -q on the originals  the line reading, for scale
# Prints gongkai/cat for both (and CPU time, and the load average before
# and after); the goal is <= 2.5x cat for the stream. With valgrind it
# also counts the instructions of both on 200 of the files (callgrind): a
# figure the load on the machine does not move.
# Environment: GK_BENCH_FLOW_N (2000), GK_BENCH_SEED (20260101),
# GK_BENCH_RUNS (3), GK_BENCH_DATA (BUILD_DIR/bench-data),
# GK_BENCH_CALLGRIND (1; 0 skips the count).
set -euo pipefail
build=${1:?usage: bench/flow.sh BUILD_DIR}
build=$(cd "$build" && pwd)
n=${GK_BENCH_FLOW_N:-2000}
seed=${GK_BENCH_SEED:-20260101}
runs=${GK_BENCH_RUNS:-3}
data=${GK_BENCH_DATA:-$build/bench-data}
results=$build/bench-results
gongkai=$build/gongkai
gen=$build/bench/gen_reports
command -v hyperfine >/dev/null || { echo "bench: hyperfine not installed" >&2; exit 2; }
mkdir -p "$data" "$results"
orig=$data/flow-orig-$n
joined=$data/flow-joined-$n
if [ ! -f "$joined/.stamp" ] || [ "$(cat "$joined/.stamp")" != "n=$n seed=$seed" ]; then
  rm -rf "$orig" "$joined"
  mkdir -p "$orig" "$joined"
  "$gen" "$orig" "$n" "$seed" >/dev/null
  # UTF-8 files only: the joined copy must stay one encoding's text
  find "$orig" -type f -name '*.txt' | while read -r f; do
    if iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1; then
      tr -d '\r\n' <"$f" >"$joined/$(basename "$f")"
    else
      rm -f "$f"
    fi
  done
  echo "n=$n seed=$seed" >"$joined/.stamp"
fi
files=$(find "$joined" -type f -name '*.txt' | wc -l)
bytes=$(find "$joined" -type f -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')
echo "bench: $files one-line reports, $bytes bytes"
echo "bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
hyperfine --warmup 1 --runs "$runs" -i -N --style basic \
  --export-json "$results/flow.json" \
  -n cat "bash -c 'find $joined -type f -name \"*.txt\" -print0 | xargs -0 cat > /dev/null'" \
  -n stream-1-core "$gongkai check $joined -j 1 -q" \
  -n lines-1-core "$gongkai check $orig -j 1 -q" \
  >"$results/flow.log" 2>&1 || { cat "$results/flow.log" >&2; exit 1; }
echo "bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cg_stream=0
cg_lines=0
if [ "${GK_BENCH_CALLGRIND:-1}" != 0 ] && command -v valgrind >/dev/null; then
  for k in joined orig; do
    rm -rf "$data/flow-cg-$k"
    mkdir -p "$data/flow-cg-$k"
  done
  find "$joined" -type f -name '*.txt' -printf '%f\n' | sort | sed -n 1,200p |
    while read -r f; do
      cp "$joined/$f" "$data/flow-cg-joined/"
      cp "$orig/$f" "$data/flow-cg-orig/"
    done
  count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
      "$gongkai" check "$1" -j 1 -q 2>&1 >/dev/null |
      sed -n 's/.*Collected : \([0-9]*\).*/\1/p' | tail -1 || true
  }
  cg_stream=$(count "$data/flow-cg-joined")
  cg_lines=$(count "$data/flow-cg-orig")
fi
# CPU time (user + sys) beside the wall clock: on a loaded machine the
# wall-clock ratios grow with the load, the CPU ones much less
python3 - "$results/flow.json" "$bytes" "$cg_stream" "$cg_lines" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
r = {x["command"]: x["mean"] for x in res}
c = {x["command"]: x["user"] + x["system"] for x in res}
mb = int(sys.argv[2]) / 1e6
for k in ("cat", "stream-1-core", "lines-1-core"):
    print("%-14s %8.3f s  %7.1f MB/s  %5.2fx cat   cpu %6.3f s" %
          (k, r[k], mb / r[k], r[k] / r["cat"], c[k]))
for k in ("stream-1-core", "lines-1-core"):
    print("goal %s <= 2.5x cat: %s (%.2fx wall, %.2fx in CPU time)" %
          (k, "met" if r[k] / r["cat"] <= 2.5 else "NOT met",
           r[k] / r["cat"], c[k] / c["cat"]))
print("stream / lines: %.2fx wall, %.2fx cpu" %
      (r["stream-1-core"] / r["lines-1-core"],
       c["stream-1-core"] / c["lines-1-core"]))
cs, cl = int(sys.argv[3] or 0), int(sys.argv[4] or 0)
if cs and cl:
    print("callgrind, check -j 1 on 200 of the files: stream %.1f M, lines "
          "%.1f M instructions (%.2fx)" % (cs / 1e6, cl / 1e6, cs / cl))
PY
