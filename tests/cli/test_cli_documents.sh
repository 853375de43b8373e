#!/usr/bin/env bash
# test_cli_documents.sh: HTML, Markdown and PDF through the command line:
# export --to html|md, then export reads the page back (detected by its
# bytes) to the same numbers as the text; a damaged PDF, one with a broken
# xref table, and a page in a charset it is not are refused with exit 2
# and a message.
source "$(dirname "$0")/lib.sh"

for seed in "$SRC"/tests/data/seeds/*.txt; do
  name=$(basename "$seed" .txt)
  run "$G" export "$seed" --to csv
  cp "$tmp/out" "$tmp/$name.csv"
  for to in html md; do
    run "$G" export "$seed" --to "$to" -o "$tmp/$name.$to"
    expect_rc "export $name --to $to" 0
    # Markdown is text: the text reader reads it
    run "$G" export "$tmp/$name.$to" --to csv
    expect_rc "read $name.$to" 0
    # same numbers (the file column differs: compare from the agency on)
    if diff <(cut -d, -f2- "$tmp/$name.csv") <(cut -d, -f2- "$tmp/out") >/dev/null; then
      ok
    else
      bad "$name.$to: its numbers differ from the text's"
    fi
  done
done

# the page is self-contained and printable
grep -q '<html lang="zh-CN">' "$tmp/000_7a7af06b78520d01.html" && ok || bad "html lang"
grep -q '@media print' "$tmp/000_7a7af06b78520d01.html" && ok || bad "html print css"
if grep -qE '<script|<link|<img| src=| href=' "$tmp/000_7a7af06b78520d01.html"; then
  bad "html has a script, link or external file"
else
  ok
fi
# refused inputs: exit 2 and a message naming the problem
printf '%%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R\n' >"$tmp/broken.pdf"
run "$G" export "$tmp/broken.pdf" --to json
expect_rc "damaged pdf" 2
expect_err "damaged pdf" "PDF 文件已损坏"
run "$G" export --lang en "$tmp/broken.pdf" --to json
expect_err "damaged pdf (en)" "the PDF is damaged"
# a well-formed PDF whose startxref points at byte 110, where its xref
# table is; pointed elsewhere, poppler would rebuild the table by guess:
# gongkai refuses it and names the byte
xref_pdf() {
  printf '%%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%s\n%%%%EOF\n' "$1" >"$tmp/xref.pdf"
}
xref_pdf 110
run "$G" export --lang en "$tmp/xref.pdf" --to json
expect_rc "pdf with a sound xref, no pages" 2
expect_err "pdf with a sound xref, no pages" "the PDF has no pages"
xref_pdf 100
run "$G" export "$tmp/xref.pdf" --to json
expect_rc "broken xref" 2
expect_err "broken xref" "xref.pdf"
expect_err "broken xref" "startxref 或 /Prev 指向的位置没有交叉引用表（xref）（字节偏移 100）"
run "$G" check --lang en "$tmp/xref.pdf"
expect_rc "broken xref (check)" 2
expect_err "broken xref (check)" "there is no cross-reference table (xref) where startxref or /Prev points (byte offset 100)"
printf '<html><head><meta charset="utf-8"></head><body>\n<p>\xff</p></body></html>' >"$tmp/bad.html"
run "$G" export --lang en "$tmp/bad.html" --to json
expect_rc "bad charset html" 2
expect_err "bad charset html" "is not valid UTF-8"
run "$G" export "$SRC/tests/data/seeds/001_eb4955ec489c8a4e.txt" --to pdf
expect_rc "export --to pdf is not a writer" 2

echo "documents: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
