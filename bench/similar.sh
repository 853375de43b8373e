#!/usr/bin/env bash
# similar.sh BUILD_DIR: the benchmark of `gongkai similar` (make bench).
#
# Generates N (10,000) reports with varied narratives, PAIRS (500) of
# them planted near-copies of an earlier one (bench/gen_similar: same
# narrative seed, other numbers and agency, EDIT (2) percent of sentences
# rewritten), into BUILD_DIR/bench-similar (never into git). Runs
# `gongkai similar DIR --format json` once (all cores) and prints its wall
# and CPU time next to those of `gongkai parse` of the same files (on a
# loaded machine CPU time and that ratio stay comparable, wall time does
# not), the LSH figures (candidates), and against the planted pairs:
#   recall    planted pairs found / planted pairs whose exact similarity
#             (recomputed here in Python from `gongkai parse`, the same
#             normalisation and shingles) reaches the threshold
#   precision found pairs that are planted / found pairs
# Results: BUILD_DIR/bench-results/similar.json.
#
# Environment: GK_SIM_N (10000), GK_SIM_PAIRS (500), GK_SIM_EDIT (2),
# GK_SIM_SEED (20260102), GK_SIM_THRESHOLD (0.8).
set -euo pipefail
build=${1:?usage: bench/similar.sh BUILD_DIR}
build=$(cd "$build" && pwd)
n=${GK_SIM_N:-10000}
pairs=${GK_SIM_PAIRS:-500}
edit=${GK_SIM_EDIT:-2}
seed=${GK_SIM_SEED:-20260102}
threshold=${GK_SIM_THRESHOLD:-0.8}
data=$build/bench-similar
results=$build/bench-results
gongkai=$build/gongkai
gen=$build/bench/gen_similar
for tool in "$gongkai" "$gen"; do
  [ -x "$tool" ] || { echo "bench: $tool missing (build first)" >&2; exit 2; }
done
mkdir -p "$data" "$results"

want="n=$n pairs=$pairs edit=$edit seed=$seed gen=$(stat -c %Y "$gen")"
if [ ! -f "$data/.stamp" ] || [ "$(cat "$data/.stamp")" != "$want" ]; then
  rm -rf "$data"
  mkdir -p "$data"
  echo "bench: generating $n reports ($pairs planted near-copies) in $data"
  "$gen" "$data" "$n" "$seed" "$pairs" "$edit" > "$data/.planted"
  echo "$want" > "$data/.stamp"
fi

# Wall and CPU seconds (GNU time: "wall user sys") of one run each of
# similar and, for scale, parse of the same files (reading is most of it).
timed() { # OUT ERR TIMES CMD...
  local out=$1 err=$2 times=$3
  shift 3
  local rc=0
  /usr/bin/time -f '%e %U %S' -o "$times" "$@" > "$out" 2> "$err" || rc=$?
  return $rc
}
command -v /usr/bin/time >/dev/null || { echo "bench: GNU time not installed" >&2; exit 2; }
rc=0
timed "$results/similar.jsonl" "$results/similar.err" "$results/similar.time" \
  "$gongkai" similar "$data" --threshold "$threshold" --format json || rc=$?
# exit 1 means pairs were found: expected
[ "$rc" -le 1 ] || { cat "$results/similar.err" >&2; exit 1; }
timed /dev/null /dev/null "$results/parse.time" "$gongkai" parse "$data" -q || true

# The planted files' sections, for the exact similarity in Python.
cut -f1,2 "$data/.planted" | tr '\t' '\n' | sort -u > "$results/similar.files"
xargs -a "$results/similar.files" -d '\n' "$gongkai" parse -q \
  > "$results/similar.parsed" || true

python3 - "$data/.planted" "$results/similar.jsonl" "$results/similar.parsed" \
  "$results/similar.err" "$results/similar.time" "$results/parse.time" "$n" \
  "$threshold" "$results/similar.json" <<'PY'
import json, sys
(planted_path, found_path, parsed_path, err_path, stime, ptime, n, t,
 out) = sys.argv[1:]
t = float(t)
wall, su, ss = (float(x) for x in open(stime).read().split()[-3:])
pwall, pu, ps = (float(x) for x in open(ptime).read().split()[-3:])
cpu, pcpu = su + ss, pu + ps
planted = {tuple(l.split("\t")) for l in open(planted_path).read().splitlines()}
found = {}
for line in open(found_path):
    d = json.loads(line)
    found[(d["a"], d["b"])] = d["similarity"]

# The normalisation of src/lib/many/similar.c: Han and letters kept
# (lower case, full-width folded), a run of digits one '#', even across
# dropped characters; the rest dropped. 5-character shingles.
def is_han(c):
    o = ord(c)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or
            0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF or o == 0x3007)
def norm(text):
    out = []
    for c in text:
        o = ord(c)
        if 0xFF01 <= o <= 0xFF5E:
            c = chr(o - 0xFEE0)
        if c.isascii() and c.isdigit():
            if not out or out[-1] != "#":
                out.append("#")
        elif c.isascii() and c.isalpha():
            out.append(c.lower())
        elif is_han(c):
            out.append(c)
    return out
sections = {}
names = open(parsed_path.replace(".parsed", ".files")).read().splitlines()
for name, line in zip(names, open(parsed_path)):
    d = json.loads(line)
    chars = []
    for k in sorted(d["sections"]):
        chars += norm(d["sections"][k])
    sections[name] = {tuple(chars[i:i + 5]) for i in range(len(chars) - 4)}
def jaccard(a, b):
    x, y = sections[a], sections[b]
    return len(x & y) / len(x | y) if x | y else 0.0
truth = {p for p in planted if jaccard(*p) >= t}
hit = truth & set(found)
recall = len(hit) / len(truth) if truth else 1.0
precision = len(set(found) & planted) / len(found) if found else 1.0
cand = ""
for l in open(err_path):
    if "candidate" in l or "候选" in l:
        cand = l.strip()
print(f"bench similar: {n} reports, {len(planted)} planted near-copies, "
      f"{len(truth)} of them at exact similarity >= {t}")
print(f"  wall time {wall:.2f} s ({int(n) / wall:.0f} reports/s), CPU "
      f"{cpu:.2f} s; parse of the same files: wall {pwall:.2f} s, CPU "
      f"{pcpu:.2f} s (similar/parse CPU {cpu / pcpu:.2f}x); "
      f"{len(found)} pairs printed")
print(f"  recall {recall:.3f} ({len(hit)}/{len(truth)}), "
      f"precision {precision:.3f} ({len(set(found) & planted)}/{len(found)})")
print(f"  {cand}")
json.dump({"reports": int(n), "planted": len(planted),
           "planted_at_threshold": len(truth), "threshold": t,
           "seconds": wall, "cpu_seconds": cpu,
           "parse_seconds": pwall, "parse_cpu_seconds": pcpu,
           "cpu_ratio_to_parse": cpu / pcpu, "pairs": len(found), "recall": recall,
           "precision": precision, "lsh": cand}, open(out, "w"), indent=2)
PY
