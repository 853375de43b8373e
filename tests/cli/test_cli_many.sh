#!/usr/bin/env bash
# test_cli_many.sh: gongkai merge, compare and similar: usage errors and
# bad input (exit 2, the file named), the summary of the seeds (validates
# against the schema, leaves out the two seeds with errors), year on
# year over real and edited reports, planted near-copies found, and
# docs/cli.md documenting every option of the three commands.
source "$(dirname "$0")/lib.sh"
seeds="$SRC/tests/data/seeds"
s000="$seeds/000_7a7af06b78520d01.txt"
s001="$seeds/001_eb4955ec489c8a4e.txt"
s002="$seeds/002_1940b8663137bb43.txt"
cli_md="$SRC/docs/cli.md"

# === Usage: exit 2, message, hint, nothing on stdout ===
usage_case() { # NAME EXPECTED-IN-STDERR ARGS...
  local name=$1 want=$2
  shift 2
  run "$G" "$1" --lang en "${@:2}"
  expect_rc "$name" 2
  expect_err "$name: message" "$want"
  expect_err "$name: hint" "try 'gongkai $1 --help'"
  expect_out_empty "$name: stdout"
}
usage_case "merge without --agency" "--agency is required" merge -o "$tmp/o" "$seeds"
usage_case "merge without -o" "-o OUT is required" merge --agency X "$seeds"
usage_case "merge without input" "no input files" merge --agency X -o "$tmp/o"
usage_case "merge bad --year" "'20x1'" merge --agency X -o "$tmp/o" --year 20x1 "$seeds"
usage_case "merge bad --format" "'xml'" merge --agency X -o "$tmp/o" --format xml "$seeds"
usage_case "merge unknown option" "'--frob'" merge --frob "$seeds"
usage_case "compare without input" "no input files" compare
usage_case "compare bad --format" "'csv'" compare --format csv "$seeds"
usage_case "similar bad --threshold" "'1.5'" similar --threshold 1.5 "$seeds"
usage_case "similar zero --threshold" "'0'" similar --threshold 0 "$seeds"
usage_case "similar -j 0" "'0'" similar -j 0 "$seeds"

for cmd in merge compare similar; do
  for lang in zh en; do
    run "$G" "$cmd" --help --lang "$lang"
    expect_rc "$cmd --help --lang $lang" 0
    opts=$(grep -oE -- '--[a-z][a-z-]*' "$tmp/out" | sort -u)
    [ -n "$opts" ] && ok || bad "no options in gongkai $cmd --help"
    for o in $opts; do
      if grep -qF -- "\`$o" "$cli_md"; then ok; else bad "docs/cli.md lacks $o (gongkai $cmd)"; fi
    done
  done
  if grep -qE "^## .*gongkai $cmd" "$cli_md"; then ok; else bad "docs/cli.md lacks a section for $cmd"; fi
  run "$G" help "$cmd"
  expect_rc "help $cmd" 0
done

# === Bad input: exit 2, the file named ===
printf '\x00\x01binary' > "$tmp/bin.txt"
run "$G" merge --lang en --agency X -o "$tmp/m.json" "$s001" "$tmp/missing.txt" "$tmp/bin.txt"
expect_rc "merge with unreadable inputs" 2
expect_read_error "merge: missing file named" "$tmp/missing.txt" "No such file"
expect_read_error "merge: binary file named" "$tmp/bin.txt" "binary"
expect_out "merge record lists the missing file" "$tmp/missing.txt"
[ -s "$tmp/m.json" ] && ok || bad "merge still writes the summary of what it could read"
run "$G" merge --agency X -o "$tmp/none.json" "$tmp/bin.txt"
expect_rc "merge of nothing readable" 2
[ ! -e "$tmp/none.json" ] && ok || bad "merge of nothing writes no summary"
run "$G" compare --lang en "$s001" "$tmp/missing.txt"
expect_rc "compare with a missing file" 2
expect_read_error "compare: missing file named" "$tmp/missing.txt" "No such file"
run "$G" similar --lang en "$seeds" "$tmp/bin.txt"
expect_rc "similar with a binary file" 2
expect_read_error "similar: binary file named" "$tmp/bin.txt" "binary"
run "$G" merge --agency X -o "$tmp/no/such/dir/out.json" "$s001"
expect_rc "merge to an unwritable place" 3
expect_err "merge names the output" "$tmp/no/such/dir/out.json"

# === merge of the seeds: 000 and 002 have errors and are left out ===
run "$G" merge --lang en --agency "某市政务公开办" -o "$tmp/sum.json" "$seeds"
expect_rc "merge seeds" 1
expect_out "record names 000" "000_7a7af06b78520d01.txt"
expect_out "000 left out for apply-cell" '"rules":["apply-cell"]'
expect_out "002 left out for its date" '"rules":["date-before-period-end"]'
python3 "$VALIDATE" "$SCHEMA" < "$tmp/sum.json" && ok || bad "summary validates against the schema"
python3 - "$tmp/sum.json" <<'PY' && ok || bad "summary: agency, year, no error findings, sums of three"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["agency"] == "某市政务公开办" and d["year"] == 2020, d["agency"]
assert not [f for f in d["findings"] if f["severity"] == "error"], d["findings"]
PY
# the sum equals the three merged seeds' cells, read by parse
"$G" parse -q "$seeds" > "$tmp/seeds.jsonl" || true
python3 - "$tmp/sum.json" "$tmp/seeds.jsonl" <<'PY' && ok || bad "summary is the sum of the merged seeds"
import json, sys
s = json.load(open(sys.argv[1]))
reps = [json.loads(l) for l in open(sys.argv[2])]
keep = [r for i, r in enumerate(reps) if i in (1, 3, 4)]
for t, rows in s["tables"].items():
    for r, cols in rows.items():
        for c, v in cols.items():
            want = sum(k["tables"][t][r][c] for k in keep)
            assert abs(v - want) < 1e-9, (t, r, c, v, want)
PY
run "$G" merge -q --agency X --format csv -o "$tmp/sum.csv" "$seeds"
expect_out "csv record header" "file,status,rules,message"
expect_out "csv record: merged" ",merged,"
head -1 "$tmp/sum.csv" | grep -q '^file,agency,year,template,table,row,column,value$' && ok || bad "csv summary has the csv header"
run "$G" merge -q --agency "某市政务公开办" --format text -o - "$seeds"
expect_out "text summary to stdout: the report's own text" "（七）总计"
expect_err "with -o -, the record goes to stderr" "left-out[check]"
cp "$tmp/out" "$tmp/sum.txt"
# the summary in every writer's format reads back to the JSON summary's
# numbers (text, docx, html, md), and the record keeps its own --format
same_cells() { # FILE: its cells, read by export --to json, equal sum.json's
  "$G" export "$1" --to json -o "$tmp/back.json" >/dev/null 2>&1
  python3 - "$tmp/sum.json" "$tmp/back.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert a["tables"] == b["tables"], "cells differ"
assert b["agency"] == "某市政务公开办" and b["year"] == 2020
PY
}
same_cells "$tmp/sum.txt" && ok || bad "text summary reads back to the same cells"
for to in docx html md; do
  run "$G" merge -q --agency "某市政务公开办" --to "$to" --format csv -o "$tmp/sum.$to" "$seeds"
  expect_rc "merge --to $to" 1
  expect_out "merge --to $to: record in csv" ",merged,"
  same_cells "$tmp/sum.$to" && ok || bad "merge --to $to reads back to the same cells"
done
run "$G" merge -q --agency X --to xlsx -o "$tmp/sum.xlsx" "$seeds"
expect_rc "merge --to xlsx" 1
head -c 2 "$tmp/sum.xlsx" | grep -q PK && ok || bad "merge --to xlsx writes a zip package"
usage_case "merge bad --to" "'pdf'" merge --agency X -o "$tmp/o" --to pdf "$seeds"
run "$G" merge -q --agency X --year 2021 -o "$tmp/y.json" "$seeds"
expect_rc "merge --year with no report of that year" 2

# === compare ===
run "$G" compare "$seeds"
expect_rc "compare seeds (one report per agency)" 0
expect_out_empty "compare seeds: nothing to say"
# 001 as if of 2019: its carried_out then must equal 001's carried_in
sed 's/2020/2019/g' "$s001" > "$tmp/001-2019.txt"
"$G" parse -q "$s001" > "$tmp/001.json"
python3 - "$tmp/001.json" > "$tmp/expect" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["tables"]["apply"]
print(sum(d["carried_in"][c] != d["carried_out"][c] for c in d["carried_in"]))
PY
run "$G" compare --lang en "$tmp/001-2019.txt" "$s001"
n=$(grep -c 'error\[carried-over\]' "$tmp/out" || true)
[ "$n" = "$(cat "$tmp/expect")" ] && ok || bad "compare: one carried-over per differing column ($n vs $(cat "$tmp/expect"))"
if [ "$n" -gt 0 ]; then expect_rc "compare with findings" 1; else expect_rc "compare without findings" 0; fi
run "$G" compare --lang en --format json "$s001" "$tmp/001-2019.txt"
python3 - "$tmp/out" "$tmp/001-2019.txt" "$s001" <<'PY' && ok || bad "compare json: envelope and findings"
import json, sys
d = json.loads(open(sys.argv[1]).readline())
assert d["old"]["file"] == sys.argv[2] and d["new"]["file"] == sys.argv[3], d
for f in d["findings"]:
    assert set(f) == {"rule", "severity", "table", "row", "column",
                      "reported", "expected", "message"}, f
    assert sys.argv[2] in f["message"]
PY
sed 's/2020/2017/g' "$s001" > "$tmp/001-2017.txt"
mkdir -p "$tmp/series"
cp "$tmp/001-2017.txt" "$s001" "$tmp/series/"
run "$G" compare --lang en "$tmp/series"
expect_out "a missing year is a warning" "warning[year-gap]"
expect_out "naming the years" "2018 to 2019"
run "$G" compare "$s001" "$s001"
expect_rc "compare of one year with itself" 2

# === similar: planted copies found ===
gen="${GK_BUILD_DIR:?}/bench/gen_similar"
if [ -x "$gen" ]; then
  mkdir -p "$tmp/sim"
  "$gen" "$tmp/sim" 60 5 3 0 > "$tmp/planted"
  run "$G" similar -q --format json "$tmp/sim"
  expect_rc "similar finds pairs" 1
  python3 - "$tmp/out" "$tmp/planted" <<'PY' && ok || bad "similar: exactly the planted pairs"
import json, sys
found = {(d["a"], d["b"]) for d in map(json.loads, open(sys.argv[1]))}
planted = {tuple(l.split("\t")) for l in open(sys.argv[2]).read().splitlines()}
assert found == planted, (found, planted)
PY
  run "$G" similar -q "$tmp/sim"
  expect_out "text shows a passage" "字）"
else
  bad "bench/gen_similar not built"
fi
run "$G" similar -q "$seeds"
expect_rc "no similar seeds" 0
expect_out_empty "no similar seeds: nothing printed"

finish
