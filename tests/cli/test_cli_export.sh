#!/usr/bin/env bash
# test_cli_export.sh: gongkai export --to docx|xlsx|json|csv on the real
# seeds; the .docx and .xlsx open in LibreOffice (headless conversion
# succeeds and shows the report's labels and numbers); usage errors;
# output written whole or not at all.
source "$(dirname "$0")/lib.sh"
seeds="$SRC/tests/data/seeds"

for f in "$seeds"/*.txt; do
  b=$(basename "$f" .txt)
  for to in docx xlsx json csv; do
    run "$G" export "$f" --to "$to" -o "$tmp/$b.$to"
    expect_rc "export $b --to $to" 0
    [ -s "$tmp/$b.$to" ] && ok || bad "export $b --to $to: no output file"
  done
  # json equals what parse prints (same reader, same writer)
  "$G" parse "$f" -q >"$tmp/$b.parse.json" 2>/dev/null || true
  if cmp -s "$tmp/$b.json" "$tmp/$b.parse.json"; then ok; else bad "export --to json differs from parse ($b)"; fi
  python3 "$VALIDATE" "$SCHEMA" <"$tmp/$b.json" && ok || bad "export --to json not schema-valid ($b)"
  head -1 "$tmp/$b.csv" | grep -qx 'file,agency,year,template,table,row,column,value' && ok ||
    bad "export --to csv lacks its header ($b)"
  # every number of the workbook is a numeric cell equal to the CSV's
  n=$(python3 "$SRC/tests/cli/xlsx_cells.py" "$tmp/$b.xlsx" "$tmp/$b.csv") &&
    [ "$n" -ge 180 ] && ok || bad "xlsx cells of $b differ from the CSV (${n:-none} compared)"
  for z in docx xlsx; do
    head -c 4 "$tmp/$b.$z" | grep -q 'PK' && ok || bad "$b.$z is not a ZIP package"
  done
done

# stdout when -o is absent: the same bytes as the file
run "$G" export "$seeds/001_eb4955ec489c8a4e.txt" --to docx
expect_rc "export to stdout" 0
cmp -s "$tmp/out" "$tmp/001_eb4955ec489c8a4e.docx" && ok || bad "docx to stdout differs from -o (not deterministic?)"

# LibreOffice opens what we write: every .docx and .xlsx converts, and the
# text shows the title, a section heading, a row label and a value.
if command -v soffice >/dev/null; then
  lo="-env:UserInstallation=file://$tmp/lo"
  run soffice "$lo" --headless --convert-to txt:Text --outdir "$tmp/lo-out" "$tmp"/*.docx
  expect_rc "soffice converts the .docx files" 0
  for f in "$seeds"/*.txt; do
    b=$(basename "$f" .txt)
    t="$tmp/lo-out/$b.txt"
    [ -s "$t" ] && ok || bad "soffice made no text of $b.docx"
    grep -q '政府信息公开工作年度报告' "$t" && ok || bad "$b.docx: no title in LibreOffice's text"
    grep -q '三、收到和处理政府信息公开申请情况' "$t" && ok || bad "$b.docx: no section 三 heading"
    grep -q '四、结转下年度继续办理' "$t" && ok || bad "$b.docx: no last row of table 三"
  done
else
  bad "soffice not installed (libreoffice-writer-nogui is in the Makefile's PACKAGES)"
fi

# usage errors: exit 2, nothing on stdout
run "$G" export "$seeds/001_eb4955ec489c8a4e.txt"
expect_rc "export without --to" 2
expect_err "export without --to" "--to"
run "$G" export "$seeds/001_eb4955ec489c8a4e.txt" --to pdfx
expect_rc "export --to pdfx" 2
expect_out_empty "export --to pdfx"
run "$G" export --to docx
expect_rc "export without a file" 2
run "$G" export "$seeds/001_eb4955ec489c8a4e.txt" "$seeds/002_1940b8663137bb43.txt" --to docx
expect_rc "export with two files" 2
run "$G" export "$tmp/missing.txt" --to docx -o "$tmp/missing.docx"
expect_rc "export of a missing file" 2
expect_read_error "export of a missing file" "$tmp/missing.txt" "No such file"
[ ! -e "$tmp/missing.docx" ] && ok || bad "a failed export left an output file"

# an output that cannot be written: exit 3, no temporary file left
mkdir "$tmp/ro"
run "$G" export "$seeds/001_eb4955ec489c8a4e.txt" --to docx -o "$tmp/ro/none/x.docx"
expect_rc "export into a missing directory" 3
run "$G" export --help
expect_rc "export --help" 0
expect_out "export --help" "--to"

# a report from standard input
run "$G" export - --to json <"$seeds/003_f5d5ef7bb5443bb4.txt"
expect_rc "export from stdin" 0
python3 "$VALIDATE" "$SCHEMA" <"$tmp/out" && ok || bad "export - --to json not schema-valid"

finish
