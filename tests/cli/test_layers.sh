#!/usr/bin/env bash
# Layers you can see (issue 14 item 2): within each folder of the library,
# the files' calls form no cycle — a lower file never calls back up into
# the file that drives it. Read from the built objects' symbol tables
# (nm), so a call hidden behind a macro or a header counts as well; a
# function pointer handed down (a visitor, a callback) is no call.
set -euo pipefail
build="${GK_BUILD_DIR:?}"
objs="$build/CMakeFiles/gongkai.dir/src/lib"
[ -d "$objs" ] || { echo "FAIL: no library objects under $objs"; exit 1; }
exec python3 - "$objs" <<'PY'
import collections, os, subprocess, sys

root = sys.argv[1]
defs, uses = {}, collections.defaultdict(set)
files = []
for d, _, names in os.walk(root):
    for n in names:
        if n.endswith(".c.o"):
            files.append(os.path.join(d, n))
if len(files) < 20:
    print(f"FAIL: only {len(files)} objects found under {root}")
    sys.exit(1)
for o in files:
    f = os.path.relpath(o, root)[:-4]  # read/text.c
    out = subprocess.run(["nm", o], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in "TDRB":
            defs[p[2]] = f
        elif len(p) == 2 and p[0] == "U":
            uses[f].add(p[1])
# calls between two files of one folder
graph = collections.defaultdict(set)
why = {}
for f, syms in uses.items():
    for s in syms:
        g = defs.get(s)
        if g and g != f and os.path.dirname(g) == os.path.dirname(f):
            graph[f].add(g)
            why.setdefault((f, g), s)
# strongly connected components (Tarjan): every one of more than one
# file is a cycle
index, low, stack, on, out = {}, {}, [], set(), []
counter = [0]
sys.setrecursionlimit(10000)
def visit(v):
    index[v] = low[v] = counter[0]; counter[0] += 1
    stack.append(v); on.add(v)
    for w in sorted(graph.get(v, ())):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            out.append(sorted(comp))
for v in sorted(set(graph) | {g for gs in graph.values() for g in gs}):
    if v not in index:
        visit(v)
fails = 0
for comp in out:
    fails += 1
    edges = [f"{a} -> {b} ({why[(a, b)]})" for a in comp for b in comp
             if (a, b) in why]
    print("FAIL: files calling each other: " + ", ".join(comp))
    for e in edges:
        print("  " + e)
n = len(graph)
print(f"layers: {len(files)} objects, {sum(len(v) for v in graph.values())} "
      f"calls between files of one folder, {fails} cycles")
sys.exit(1 if fails else 0)
PY
