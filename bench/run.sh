#!/usr/bin/env bash
# run.sh BUILD_DIR: the benchmark behind `make bench` (bench/README.md).
#
# Generates N (20,000) realistic reports with bench/gen_reports (mixed
# templates, layouts, encodings and variants; one in ten with a wrong
# cell) into BUILD_DIR/bench-data (never into git), then measures in the
# same run, with hyperfine:
#   gongkai check DIR -j 1 -q     one core
#   gongkai check DIR -q          every core
#   cat of the same files         the floor: reading the bytes
# and peak memory (GNU time) of gongkai on 2,000 and on 20,000 files.
# Prints reports/s, MB/s, peak RSS and gongkai/cat, against the goals:
# >= 100 MB/s on one core, peak memory independent of the file count,
# within 10x of cat. Results: BUILD_DIR/bench-results/.
#
# With valgrind installed it also counts the instructions of
# `check -j 1` on GK_BENCH_CALLGRIND_N (300) of the reports (callgrind):
# a figure other load on the machine does not move.
#
# Environment: GK_BENCH_N (20000), GK_BENCH_N_SMALL (2000), GK_BENCH_SEED
# (20260101), GK_BENCH_RUNS (3), GK_BENCH_DATA (BUILD_DIR/bench-data),
# GK_BENCH_CALLGRIND_N (300; 0 skips the count).
set -euo pipefail
build=${1:?usage: bench/run.sh BUILD_DIR}
build=$(cd "$build" && pwd)
n=${GK_BENCH_N:-20000}
n_small=${GK_BENCH_N_SMALL:-2000}
seed=${GK_BENCH_SEED:-20260101}
runs=${GK_BENCH_RUNS:-3}
n_cg=${GK_BENCH_CALLGRIND_N:-300}
data=${GK_BENCH_DATA:-$build/bench-data}
results=$build/bench-results
gongkai=$build/gongkai
gen=$build/bench/gen_reports

for tool in "$gongkai" "$gen"; do
  [ -x "$tool" ] || { echo "bench: $tool missing (build first)" >&2; exit 2; }
done
command -v hyperfine >/dev/null || { echo "bench: hyperfine not installed" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench: python3 not installed" >&2; exit 2; }
mkdir -p "$data" "$results"

# Generates COUNT reports into DIR unless a stamp says they are there.
make_set() {
  local dir=$1 count=$2 stamp="$1/.stamp" want="n=$2 seed=$seed gen=$(stat -c %Y "$gen")"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  echo "bench: generating $count reports in $dir"
  "$gen" "$dir" "$count" "$seed" >/dev/null
  echo "$want" > "$stamp"
}
big=$data/reports-$n
small=$data/reports-$n_small
make_set "$big" "$n"
make_set "$small" "$n_small"

bytes=$(find "$big" -type f -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')
files=$(find "$big" -type f -name '*.txt' | wc -l)
cores=$(nproc 2>/dev/null || echo 1)
echo "bench: $files files, $bytes bytes ($(awk -v b="$bytes" -v f="$files" 'BEGIN {printf "%.1f KB", b / f / 1024}') each), $cores cores"

# gongkai exits 1 when a report has errors (one in ten does): -i.
hyperfine --warmup 1 --runs "$runs" -i -N --style basic \
  --export-json "$results/hyperfine.json" \
  -n cat "bash -c 'find $big -type f -name \"*.txt\" -print0 | xargs -0 cat > /dev/null'" \
  -n check-1-core "$gongkai check $big -j 1 -q" \
  -n check-all-cores "$gongkai check $big -q" \
  > "$results/hyperfine.log" 2>&1 || { cat "$results/hyperfine.log" >&2; exit 1; }

# Peak resident memory (KB) of a command: GNU time, else python3's
# getrusage of the child.
peak_kb() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o "$results/time.out" "$@" >/dev/null 2>&1 || true
    tail -1 "$results/time.out"
  else
    python3 - "$@" <<'EOF'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
EOF
  fi
}
rss_small_1=$(peak_kb "$gongkai" check "$small" -j 1 -q)
rss_big_1=$(peak_kb "$gongkai" check "$big" -j 1 -q)
rss_small_n=$(peak_kb "$gongkai" check "$small" -q)
rss_big_n=$(peak_kb "$gongkai" check "$big" -q)

# Instructions of one core's work on a fixed set (0 0 when skipped).
cg_instr=0
cg_bytes=0
if [ "$n_cg" -gt 0 ] && command -v valgrind >/dev/null; then
  cg_set=$data/reports-$n_cg
  make_set "$cg_set" "$n_cg"
  cg_bytes=$(find "$cg_set" -type f -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')
  valgrind --tool=callgrind --callgrind-out-file="$results/callgrind.out" \
    "$gongkai" check "$cg_set" -j 1 -q > /dev/null 2> "$results/callgrind.log" || true
  cg_instr=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$results/callgrind.log" | tail -1)
  cg_instr=${cg_instr:-0}
fi

python3 - "$results/hyperfine.json" "$files" "$bytes" "$cores" \
  "$rss_small_1" "$rss_big_1" "$rss_small_n" "$rss_big_n" "$n_small" "$n" \
  "$results/summary.json" "$n_cg" "$cg_instr" "$cg_bytes" <<'EOF'
import json, sys
(path, files, nbytes, cores, rs1, rb1, rsn, rbn, ns, nb, out, ncg, cgi,
 cgb) = sys.argv[1:]
ncg, cgi, cgb = int(ncg), int(cgi), int(cgb)
files, nbytes, cores = int(files), int(nbytes), int(cores)
rs1, rb1, rsn, rbn = (int(x) for x in (rs1, rb1, rsn, rbn))
res = {r["command"]: r for r in json.load(open(path))["results"]}
cat = res["cat"]["mean"]
one = res["check-1-core"]["mean"]
alln = res["check-all-cores"]["mean"]
mb = nbytes / 1e6
def line(name, r):
    t = r["mean"]
    print(f"  {name:<24} {t:8.3f} s ± {r['stddev'] or 0:.3f}"
          f" (user {r['user']:.2f} s, sys {r['system']:.2f} s)"
          f"  {files / t:8.0f} reports/s  {mb / t:7.1f} MB/s")
print(f"bench: {files} reports, {mb:.1f} MB, {cores} cores, "
      f"{len(res['cat']['times'])} runs each (mean ± sd)")
line("cat (floor)", res["cat"])
line("check -j 1 (one core)", res["check-1-core"])
line(f"check (all {cores} cores)", res["check-all-cores"])
print(f"  gongkai/cat: one core {one / cat:.1f}x, all cores {alln / cat:.1f}x")
print(f"  peak RSS -j 1: {rs1 / 1024:.1f} MB for {ns} files, "
      f"{rb1 / 1024:.1f} MB for {nb} files (x{rb1 / rs1:.2f})")
print(f"  peak RSS all cores: {rsn / 1024:.1f} MB for {ns} files, "
      f"{rbn / 1024:.1f} MB for {nb} files (x{rbn / rsn:.2f})")
r1 = res["check-1-core"]
cpu1 = r1["user"] + r1["system"]
print(f"  CPU of check -j 1 (user + sys): {cpu1:.3f} s, "
      f"{mb / cpu1:.1f} MB per CPU second")
if cgi and cgb:
    print(f"  callgrind, check -j 1 on {ncg} reports ({cgb / 1e6:.2f} MB): "
          f"{cgi / 1e6:.1f} M instructions, {cgi / cgb:.1f} per input byte")
goals = [
    ("one core >= 100 MB/s", mb / one >= 100, f"{mb / one:.1f} MB/s"),
    # The file list itself (sorted names) grows with the count: allow
    # 25% or 4 MB, whichever is more.
    ("peak memory independent of file count (10x files: +25% or +4 MB at most)",
     rb1 - rs1 <= max(rs1 * 0.25, 4096) and rbn - rsn <= max(rsn * 0.25, 4096),
     f"+{(rb1 - rs1) / 1024:.1f} MB (-j 1), +{(rbn - rsn) / 1024:.1f} MB (all cores)"),
    ("within 10x of cat (one core)", one / cat <= 10, f"{one / cat:.1f}x"),
]
for name, ok, fig in goals:
    print(f"  goal {name}: {'met' if ok else 'NOT met'} ({fig})")
json.dump({"files": files, "bytes": nbytes, "cores": cores,
           "seconds": {"cat": cat, "check_1_core": one, "check_all_cores": alln},
           "reports_per_s": {"check_1_core": files / one,
                             "check_all_cores": files / alln},
           "mb_per_s": {"cat": mb / cat, "check_1_core": mb / one,
                        "check_all_cores": mb / alln},
           "ratio_to_cat": {"check_1_core": one / cat,
                            "check_all_cores": alln / cat},
           "peak_rss_kb": {"j1": {ns: rs1, nb: rb1}, "all": {ns: rsn, nb: rbn}},
           "cpu_s_check_1_core": cpu1,
           "callgrind": {"reports": ncg, "bytes": cgb, "instructions": cgi},
           "goals": {name: ok for name, ok, _ in goals}},
          open(out, "w"), indent=2)
EOF
echo "bench: details in $results/ (hyperfine.json, hyperfine.log, summary.json)"

# --- ledger (issue 5): import of 1,000,000 applications vs sqlite3 .import
bash "$(dirname "$0")/ledger.sh" "$build"
# === .docx (issue 4): gongkai against pandoc, python-docx, docx2txt, unzip ===
bash "$(dirname "$0")/docx.sh" "$build"
