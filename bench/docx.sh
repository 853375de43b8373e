#!/usr/bin/env bash
# docx.sh BUILD_DIR: the .docx benchmark (issue 4), run by `make bench`
# after run.sh.
#
# Generates N (1,000) reports as .docx with gongkai's own writer
# (bench/gen_docx) into BUILD_DIR/bench-data/docx-N (never into git), then
# times, in the same run, reading them all:
#   gongkai parse -j 1 -q DIR        one call, one core
#   pandoc -t plain FILE             per file
#   python-docx                      one python3 process for all files
#                                    (bench/docx_text.py: paragraphs and
#                                    table cells)
#   docx2txt FILE -                  per file
#   unzip -p FILE word/document.xml  per file: the floor, inflating only
# Prints wall and CPU (user + system, children included) times and the
# ratios against the goals: pandoc/gongkai >= 50, python-docx/gongkai >=
# 20, gongkai/unzip <= 3 (judged on wall time; CPU shown beside it, as it
# holds on a loaded machine). Results (hyperfine JSON,
# summary) in BUILD_DIR/bench-results/docx-*.
#
# Environment: GK_DOCX_BENCH_N (1000), GK_DOCX_BENCH_RUNS (1; the external
# tools take minutes), GK_BENCH_SEED (20260101).
set -euo pipefail
build=${1:?usage: bench/docx.sh BUILD_DIR}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
n=${GK_DOCX_BENCH_N:-1000}
runs=${GK_DOCX_BENCH_RUNS:-1}
seed=${GK_BENCH_SEED:-20260101}
gongkai=$build/gongkai
gen=$build/bench/gen_docx
data=$build/bench-data/docx-$n
results=$build/bench-results
for tool in "$gongkai" "$gen"; do
  [ -x "$tool" ] || { echo "bench/docx: $tool missing (build first)" >&2; exit 2; }
done
for tool in hyperfine pandoc docx2txt unzip python3; do
  command -v "$tool" >/dev/null || { echo "bench/docx: $tool not installed (make deps)" >&2; exit 2; }
done
# python3-docx is a Debian package: the system python has it even when
# another python3 comes first on PATH
py=
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import docx' 2>/dev/null; then py=$p; break; fi
done
[ -n "$py" ] || { echo "bench/docx: python3-docx not installed" >&2; exit 2; }
mkdir -p "$results"

stamp="$data/.stamp"
want="n=$n seed=$seed gen=$(stat -c %Y "$gen")"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  rm -rf "$data"
  mkdir -p "$data"
  echo "bench/docx: writing $n .docx reports in $data"
  "$gen" "$data" "$n" "$seed" >/dev/null
  echo "$want" >"$stamp"
fi
bytes=$(find "$data" -name '*.docx' -printf '%s\n' | awk '{s += $1} END {print s}')
echo "bench/docx: $n files, $bytes bytes"

# gongkai exits 1 when a report has error findings (one in ten): -i
hyperfine --runs "$runs" -i --style basic --export-json "$results/docx-hyperfine.json" \
  -n gongkai "$gongkai parse -j 1 -q $data > /dev/null" \
  -n pandoc "for f in $data/*.docx; do pandoc -t plain \"\$f\"; done > /dev/null" \
  -n python-docx "$py $here/docx_text.py $data/*.docx 2> /dev/null" \
  -n docx2txt "for f in $data/*.docx; do docx2txt \"\$f\" -; done > /dev/null" \
  -n unzip "for f in $data/*.docx; do unzip -p \"\$f\" word/document.xml; done > /dev/null" \
  >"$results/docx-hyperfine.log" 2>&1 || { cat "$results/docx-hyperfine.log" >&2; exit 1; }

python3 - "$results/docx-hyperfine.json" "$n" "$results/docx-summary.json" <<'PY'
import json, sys
path, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rs = {r["command"]: r for r in json.load(open(path))["results"]}
wall = {k: r["mean"] for k, r in rs.items()}
# CPU time (user + system of the command and its children) stays
# meaningful on a loaded machine, where wall time is mostly waiting
cpu = {k: r["user"] + r["system"] for k, r in rs.items()}
for name in ("gongkai", "pandoc", "python-docx", "docx2txt", "unzip"):
    t, c = wall[name], cpu[name]
    print(f"  {name:<12} {t:8.2f} s wall {t / n * 1000:8.2f} ms/file"
          f"  {c:8.2f} s cpu {c / n * 1000:8.2f} ms/file")
def ratios(m):
    return {"pandoc/gongkai": m["pandoc"] / m["gongkai"],
            "python-docx/gongkai": m["python-docx"] / m["gongkai"],
            "docx2txt/gongkai": m["docx2txt"] / m["gongkai"],
            "gongkai/unzip": m["gongkai"] / m["unzip"]}
rw, rc = ratios(wall), ratios(cpu)
goals = {"pandoc/gongkai": lambda r: r >= 50,
         "python-docx/gongkai": lambda r: r >= 20,
         "gongkai/unzip": lambda r: r <= 3}
for name, r in rw.items():
    goal = goals.get(name)
    verdict = "" if not goal else ("  goal met" if goal(r) else "  goal NOT met")
    print(f"  {name:<20} wall {r:7.1f}x  cpu {rc[name]:7.1f}x{verdict}")
json.dump({"files": n, "wall_seconds": wall, "cpu_seconds": cpu,
           "ratios_wall": rw, "ratios_cpu": rc,
           "goals_wall": {k: f(rw[k]) for k, f in goals.items()}},
          open(out, "w"), indent=2)
PY
echo "bench/docx: details in $results/docx-*"
