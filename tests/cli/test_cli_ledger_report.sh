#!/usr/bin/env bash
# test_cli_ledger_report.sh: gongkai report, record and case through the
# binary: the four-eyes refusal, repeal, cases, the report in every format
# (JSON valid against the schema, text read back by gongkai check/parse to
# the same tables), --explain, exit codes, both languages, and that
# docs/cli.md names every option their --help prints.
source "$(dirname "$0")/lib.sh"
db=$(ledger_target l.db)
export USER=clerk
cli_md="$SRC/docs/cli.md"

run "$G" ledger init --db "$db" --agency "某县人民政府" --level county_gov_or_above
expect_rc "init" 0
add() { # REF TYPE DAY
  run "$G" application add --db "$db" --ref "$1" --type "$2" --channel in_person --arrived "$3" -q
  expect_rc "add $1" 0
}
add 2022-1 natural 2022-12-20
add 2023-1 natural 2023-03-01
add 2023-2 business 2023-06-01
add 2023-3 legal 2023-12-28
run "$G" application act --db "$db" 2022-1 answer --on 2023-01-05 --outcome granted --basis 第三十六条 -q
expect_rc "answer 2022-1" 0
run "$G" application act --db "$db" 2023-1 answer --on 2023-03-10 --outcome partial --basis 第三十七条 -q
expect_rc "answer 2023-1" 0
run "$G" application act --db "$db" 2023-2 withdraw --on 2023-06-05 --reason 撤回 -q
expect_rc "withdraw 2023-2" 0

# Records: drafted by alice, refused to alice, approved by bob.
run "$G" record add --db "$db" --actor alice --kind normative --doc-no "某府规〔2023〕1号" \
  --date 2023-02-01 --title 规范性文件一
expect_rc "record add" 0
[ "$(cat "$tmp/out")" = 1 ] && ok || bad "record add prints the id 1"
run "$G" record approve --db "$db" --actor alice 1
expect_rc "self-approval" 2
expect_err "self-approval" "不能审核自己起草的记录"
run "$G" record approve --db "$db" --actor alice 1 --lang en
expect_err "self-approval (en)" "second person's approval"
run "$G" record approve --db "$db" --actor bob 1 --date 2023-02-03
expect_rc "approve" 0
run "$G" record add --db "$db" --actor alice --kind normative --doc-no "某府规〔2021〕9号" --date 2021-02-01
run "$G" record approve --db "$db" --actor bob 2 --date 2021-02-02
expect_rc "approve 2" 0
run "$G" record repeal --db "$db" --actor alice 2 --date 2023-09-01
expect_rc "repeal" 0
run "$G" record repeal --db "$db" --actor alice 2 --date 2023-09-02
expect_rc "repeal twice" 2
run "$G" record add --db "$db" --actor alice --kind fee --doc-no "收费〔2023〕1号" --date 2023-05-01 --amount 1.25
run "$G" record approve --db "$db" --actor bob 3 --date 2023-05-02
expect_rc "approve fee" 0
run "$G" record add --db "$db" --actor alice --kind fee --doc-no x --date 2023-05-01 --amount 1.123456
expect_rc "amount below 1 yuan" 2
run "$G" record add --db "$db" --actor alice --kind nonsense --doc-no x --date 2023-05-01
expect_rc "unknown kind" 2
run "$G" record list --db "$db"
expect_rc "record list" 0
[ "$(wc -l < "$tmp/out")" -eq 4 ] && ok || bad "record list: header and 3 records"
expect_out "record list" "2023-09-01"

# Cases.
run "$G" case add --db "$db" --actor alice --kind reconsideration --application 2023-1 --date 2023-04-01
expect_rc "case add" 0
run "$G" case add --db "$db" --actor alice --kind litigation_direct --application 2023-1 --date 2023-05-01
expect_rc "case add 2" 0
run "$G" case add --db "$db" --actor alice --kind reconsideration --application nope --date 2023-04-01
expect_rc "case for an unknown application" 2
run "$G" case close --db "$db" --actor alice 1 --outcome corrected --date 2023-07-01
expect_rc "case close" 0
run "$G" case close --db "$db" --actor alice 1 --outcome upheld --date 2023-07-02
expect_rc "case closed twice" 2
run "$G" case list --db "$db"
expect_out "case list" "corrected"
expect_out "case list" "pending"

# The report: JSON valid, numbers as counted, exit 0.
run "$G" report --db "$db" --year 2023 --date 2024-01-20
expect_rc "report json" 0
python3 "$VALIDATE" "$SCHEMA" < "$tmp/out" >/dev/null 2>&1 && ok || bad "report JSON fails the schema"
cp "$tmp/out" "$tmp/r.json"
check_json() { # EXPR EXPECTED
  got=$(python3 -c "import json,sys; d=json.load(open('$tmp/r.json')); print($1)")
  [ "$got" = "$2" ] && ok || bad "report: $1 is $got, expected $2"
}
check_json "d['template']" 2021
check_json "d['agency']" 某县人民政府
check_json "d['tables']['apply']['new']['total']" 3
check_json "d['tables']['apply']['carried_in']['natural']" 1
check_json "d['tables']['apply']['granted']['natural']" 1
check_json "d['tables']['apply']['partial']['natural']" 1
check_json "d['tables']['apply']['other.other']['business']" 1
check_json "d['tables']['apply']['carried_out']['legal']" 1
check_json "d['tables']['disclose']['normative']['issued']" 1
check_json "d['tables']['disclose']['normative']['repealed']" 1
check_json "d['tables']['disclose']['normative']['in_force']" 1
check_json "d['tables']['disclose']['fee']['amount']" 1.25
check_json "d['tables']['review']['reconsideration']['corrected']" 1
check_json "d['tables']['review']['litigation_direct']['pending']" 1
check_json "len([f for f in d['findings'] if f['severity'] == 'error'])" 0
check_json "'草稿' in d['sections']['1']" True

# Text: gongkai reads it back to the same tables, with no finding.
run "$G" report --db "$db" --year 2023 --date 2024-01-20 --format text -o "$tmp/r.txt"
expect_rc "report text -o" 0
expect_out_empty "report -o leaves stdout empty"
run "$G" check "$tmp/r.txt" -q
expect_rc "check the text" 0
expect_out_empty "check finds nothing"
"$G" parse "$tmp/r.txt" -q > "$tmp/p.json"
python3 -c "
import json; a=json.load(open('$tmp/p.json')); b=json.load(open('$tmp/r.json'))
assert a['tables'] == b['tables'] and a['agency'] == b['agency'] and a['date'] == b['date'] and a['period'] == b['period']
" && ok || bad "text read back differs from the report"

# The document formats (export's writers): each reads back to the same
# tables and metadata, with no finding.
for fmt in docx html md; do
  run "$G" report --db "$db" --year 2023 --date 2024-01-20 --format "$fmt" -o "$tmp/r.$fmt"
  expect_rc "report $fmt -o" 0
  run "$G" check "$tmp/r.$fmt" -q
  expect_rc "check the $fmt" 0
  "$G" parse "$tmp/r.$fmt" -q > "$tmp/p.json"
  python3 -c "
import json; a=json.load(open('$tmp/p.json')); b=json.load(open('$tmp/r.json'))
assert a['tables'] == b['tables'] and a['agency'] == b['agency'] and a['date'] == b['date'] and a['period'] == b['period']
" && ok || bad "$fmt read back differs from the report"
done
run "$G" report --db "$db" --year 2023 --date 2024-01-20 --format xlsx -o "$tmp/r.xlsx"
expect_rc "report xlsx -o" 0
python3 -c "import zipfile; z=zipfile.ZipFile('$tmp/r.xlsx'); assert 'xl/workbook.xml' in z.namelist()" && ok || bad "xlsx is a workbook"

run "$G" report --db "$db" --year 2023 --date 2024-01-20 --format csv
expect_rc "report csv" 0
[ "$(wc -l < "$tmp/out")" -eq 201 ] && ok || bad "csv: header and 200 cells"
run "$G" report --db "$db" --year 2020 --date 2021-01-20 --format csv
[ "$(wc -l < "$tmp/out")" -eq 199 ] && ok || bad "csv 2020 (format 2019): header and 198 cells"

# A report dated before its year ends is not true: exit 1, error on stderr.
run "$G" report --db "$db" --year 2023 --date 2023-06-30
expect_rc "report before the year ends" 1
expect_err "report before the year ends" "date-before-period-end"

run "$G" report --db "$db" --year 2023 --date 2024-02-30
expect_rc "report with an impossible date" 2

# --explain lists the cell's applications.
run "$G" report --db "$db" --year 2023 --explain apply.carried_in.total
expect_rc "explain" 0
[ "$(cut -f1 "$tmp/out")" = 2022-1 ] && ok || bad "explain carried_in lists 2022-1"
run "$G" report --db "$db" --year 2023 --explain apply.new.total
[ "$(wc -l < "$tmp/out")" -eq 3 ] && ok || bad "explain new.total lists 3"
run "$G" report --db "$db" --year 2023 --explain apply.nothing.total
expect_rc "explain a cell that does not exist" 2

# Usage errors.
run "$G" report --db "$db" --lang en
expect_rc "report without --year" 2
expect_err "report without --year" "try 'gongkai report --help'"
run "$G" report --db "$db" --year 2023 --format xml
expect_rc "bad format" 2
run "$G" report --db "$(ledger_target none.db)" --year 2023
expect_rc "missing ledger" 2
run "$G" record frob --db "$db"
expect_rc "unknown record action" 2

# docs/cli.md names every option of these commands.
for cmd in report record case; do
  if grep -qE "^## .*gongkai $cmd" "$cli_md"; then ok; else bad "docs/cli.md lacks a section for $cmd"; fi
  for lang in zh en; do
    run "$G" $cmd --help --lang "$lang"
    expect_rc "gongkai $cmd --help" 0
    for o in $(grep -oE -- '--[a-z][a-z-]*' "$tmp/out" | sort -u); do
      if grep -qF -- "\`$o" "$cli_md"; then ok; else bad "docs/cli.md lacks $o (gongkai $cmd)"; fi
    done
  done
done

finish
