#!/usr/bin/env bash
# test_cli_seeds.sh: gongkai on the five real reports in tests/data/seeds.
source "$(dirname "$0")/lib.sh"
cd "$SRC"

seeds=tests/data/seeds
s000=$seeds/000_7a7af06b78520d01.txt
s001=$seeds/001_eb4955ec489c8a4e.txt
s002=$seeds/002_1940b8663137bb43.txt

# py NAME SCRIPT: runs python over $tmp/out (JSON Lines), passing if it
# exits 0; the script gets 'docs', the list of parsed lines.
py() {
  local name=$1 script=$2
  if python3 - "$tmp/out" >"$tmp/py" 2>&1 <<PY
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
$script
PY
  then ok; else bad "$name: $(tail -3 "$tmp/py")"; fi
}

# === check, text ===
run "$G" check "$seeds"
expect_rc "check seeds" 1
expect_err "summary" "5 个文件：5 个已读取，2 个有错误，0 个无法读取"
if grep -qE "^$s000:[0-9]+: error\[apply-cell\]: " "$tmp/out"; then ok; else bad "000 apply-cell line"; fi
if grep -qE "^$s002(:[0-9]+)?: error\[date-before-period-end\]: " "$tmp/out"; then ok; else bad "002 date-before-period-end line"; fi
for s in 001 003 004; do
  if grep -E "^$seeds/${s}_[^:]*(:[0-9]+)?: error\[" "$tmp/out"; then bad "$s has errors"; else ok; fi
done
if grep -vqE '^[^ ]+(:[0-9]+)?: (error|warning)\[[a-z0-9-]+\]: .+|: note: ' "$tmp/out"; then
  bad "a line of check's text output is not compiler style"
else ok; fi
cp "$tmp/out" "$tmp/text-j"

# === check, JSON ===
run "$G" check --format json "$seeds"
expect_rc "check --format json" 1
py "5 lines, input order" '
assert len(docs) == 5, len(docs)
'
py "000: exactly one error, apply-cell at apply.total.total 0 -> 3" '
errs = [f for f in docs[0]["findings"] if f["severity"] == "error"]
assert len(errs) == 1, errs
e = errs[0]
assert (e["rule"], e["table"], e["row"], e["column"]) == ("apply-cell", "apply", "total", "total"), e
assert e["reported"] == 0 and e["expected"] == 3, e
assert isinstance(e["expected"], int)
assert any(f["rule"] == "blank-cell" and f["severity"] == "warning" for f in docs[0]["findings"])
'
py "002: date-before-period-end error" '
assert any(f["rule"] == "date-before-period-end" and f["severity"] == "error" for f in docs[2]["findings"]), docs[2]["findings"]
'
py "001, 003, 004: no errors" '
for i in (1, 3, 4):
    errs = [f for f in docs[i]["findings"] if f["severity"] == "error"]
    assert not errs, (i, errs)
'
py "findings messages are Chinese by default" '
import re
msgs = [f["message"] for d in docs for f in d["findings"]]
assert msgs and all(re.search("[\u4e00-\u9fff]", m) for m in msgs)
'
if python3 "$VALIDATE" "$SCHEMA" --min 5 <"$tmp/out" 2>"$tmp/v"; then ok; else bad "check json vs schema: $(cat "$tmp/v")"; fi
cp "$tmp/out" "$tmp/json-zh"

run "$G" check --format json --lang en "$seeds"
cp "$tmp/out" "$tmp/json-en"
if python3 - "$tmp/json-zh" "$tmp/json-en" <<'PY'
import json, re, sys
zh, en = ([json.loads(l) for l in open(p, encoding="utf-8")] for p in sys.argv[1:])
for dz, de in zip(zh, en):
    assert len(dz["findings"]) == len(de["findings"])
    for fz, fe in zip(dz["findings"], de["findings"]):
        assert fz["rule"] == fe["rule"]
        assert re.search("[A-Za-z]{3,}", fe["message"]), fe["message"]
        assert fz["message"] != fe["message"], fe["message"]
PY
then ok; else bad "--lang en: the findings' messages are English"; fi
if cmp -s "$tmp/out" "$tmp/json-zh"; then bad "--lang en gives the same JSON"; else ok; fi
expect_err "summary in English" "5 files: 5 read, 2 with errors, 0 unreadable"

# === parse ===
run "$G" parse "$seeds"
if [ "$rc" -le 1 ]; then ok; else bad "parse seeds exit $rc"; fi
if python3 "$VALIDATE" "$SCHEMA" --min 5 <"$tmp/out" 2>"$tmp/v"; then ok; else bad "parse json vs schema: $(cat "$tmp/v")"; fi
py "parse: 5 reports with agency, year, template" '
assert len(docs) == 5
for d in docs:
    assert d["template"] in ("2019", "2021")
    assert d["agency"], d["agency"]
    assert isinstance(d["year"], int)
'
cells=$(python3 -c '
import json, sys
n = 0
for l in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(l)
    n += sum(len(cols) for t in d["tables"].values() for cols in t.values())
print(n)' "$tmp/out")
run "$G" parse --format csv "$seeds"
if [ "$(head -1 "$tmp/out")" = "file,agency,year,template,table,row,column,value" ]; then ok; else bad "csv header"; fi
lines=$(wc -l <"$tmp/out")
if [ "$lines" -eq $((cells + 1)) ]; then ok; else bad "csv lines $lines, expected $((cells + 1))"; fi
if python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert all(len(r) == 8 for r in rows), [r for r in rows if len(r) != 8][:2]
assert {r[0] for r in rows[1:]} == set(sys.argv[2:]), {r[0] for r in rows[1:]}
' "$tmp/out" $seeds/0*.txt; then ok; else bad "csv: 8 fields a line, file column"; fi

# === -j 1 and -j 4 give the same bytes ===
for args in "check" "check --format json" "parse" "parse --format csv"; do
  run "$G" $args -j 1 "$seeds" "$seeds"
  cp "$tmp/out" "$tmp/j1"
  run "$G" $args -j 4 "$seeds" "$seeds"
  if cmp -s "$tmp/out" "$tmp/j1"; then ok; else bad "$args: -j 1 and -j 4 differ"; fi
done
# 1,000 files: far more than the pool's window of results (32 a worker), so
# slots are reused many times while workers and the writer wait on each other
mkdir "$tmp/many"
for i in $(seq 100 299); do
  for s in "$seeds"/0*.txt; do cp "$s" "$tmp/many/${i}_$(basename "$s")"; done
done
for args in "check" "check --format json"; do
  run "$G" $args -q -j 1 "$tmp/many"
  cp "$tmp/out" "$tmp/j1"
  for j in 2 3; do
    run "$G" $args -q -j $j "$tmp/many"
    if cmp -s "$tmp/out" "$tmp/j1"; then ok; else bad "$args: 1,000 files, -j 1 and -j $j differ"; fi
  done
done

# === blank 总计 cells a relation fixes (issue 10 item 4) ===
# seed 004 with the 总计 of （一）予以公开, （六）其他处理 and （七）总计 printed blank:
# exit 0, one blank-determined warning each with 6, 1 and 7, no cascade of
# row, column and balance errors, and the JSON still valid
python3 - "$seeds"/004_*.txt "$tmp/blank.txt" <<'EOF'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
for label in ("（一）予以公开", "（六）其他处理", "（七）总计"):
    i = next(k for k, l in enumerate(lines) if l.strip() == label)
    nums = [k for k in range(i + 1, i + 12) if lines[k].strip().isdigit()]
    lines[nums[6]] = "\t"
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(lines))
EOF
run "$G" check --format json "$tmp/blank.txt"
expect_rc "blank totals fixed: no error" 0
if python3 "$VALIDATE" "$SCHEMA" <"$tmp/out" 2>"$tmp/v"; then ok; else bad "blank totals json vs schema: $(cat "$tmp/v")"; fi
if python3 -c '
import json, sys
f = json.loads(open(sys.argv[1], encoding="utf-8").read())["findings"]
got = [(x["row"], x["reported"], x["expected"]) for x in f]
assert got == [("granted", None, 6), ("other", None, 1), ("total", None, 7)], got
assert all(x["rule"] == "blank-determined" and x["column"] == "total" for x in f), f
' "$tmp/out"; then ok; else bad "blank totals: three blank-determined findings"; fi

# === a bad input among good ones: stdout stays parseable, exit 2 wins ===
# named .docx but no ZIP: the format is told from the bytes (binary)
printf '\001\002\000binary' >"$tmp/bad.docx"
run "$G" check --format json "$s000" "$tmp/missing.txt" "$tmp/bad.docx" "$s001"
expect_rc "bad and good inputs: 2 over 1" 2
expect_read_error "missing named" "$tmp/missing.txt" "无法读写文件"
expect_read_error "binary named" "$tmp/bad.docx" "二进制文件"
if python3 "$VALIDATE" "$SCHEMA" --min 2 <"$tmp/out" 2>"$tmp/v"; then ok; else bad "stdout with errors on stderr: $(cat "$tmp/v")"; fi
if [ "$(wc -l <"$tmp/out")" -eq 2 ]; then ok; else bad "two JSON lines"; fi

# === the reader's statuses reach the user ===
: >"$tmp/empty.txt"
run "$G" parse --lang en "$tmp/empty.txt"
expect_rc "empty" 2
expect_read_error "empty: gk_strerror text" "$tmp/empty.txt" "empty file"
run "$G" parse --lang en "$tmp/bad.docx"
expect_read_error "binary: gk_strerror text" "$tmp/bad.docx" "binary file"
head -n 300 "$s000" >"$tmp/cut.txt" # ends inside table 三
run "$G" check "$tmp/cut.txt"
expect_rc "truncated report: read, with errors" 1
grep -q 'error\[truncated\].*表四.*第六部分' "$tmp/out" && ok ||
  bad "truncated report: no finding naming the tables and sections not reached"

# === '-' reads standard input ===
run sh -c "'$G' parse - < '$s001'"
if [ "$rc" -le 1 ]; then ok; else bad "parse - exit $rc"; fi
py "stdin gives one report" '
assert len(docs) == 1 and docs[0]["agency"]
'
run sh -c "'$G' check - < '$s000'"
expect_rc "check - on 000" 1
if grep -qE '^-:[0-9]+: error\[apply-cell\]' "$tmp/out"; then ok; else bad "stdin named '-' in findings"; fi

finish
