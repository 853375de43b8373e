#!/usr/bin/env bash
# test_cli_docx.sh: .docx through the commands. Every seed, exported to
# .docx and rewritten the way other producers write (runs split per
# character, field results, tracked changes, a text box, a layout table,
# list numbering), parses to the same report as its text. Hostile .docx
# (zip bombs, path traversal, damaged ZIP, truncated XML, XXE, billion
# laughs, deep nesting, legacy .doc) are refused with exit 2 and a message
# naming the file and the place. parse --format provenance names cells.
source "$(dirname "$0")/lib.sh"
seeds="$SRC/tests/data/seeds"
mk="$SRC/tests/cli/make_docx.py"

# Reads line 1 (the text) and the others (its .docx forms) of JSON Lines
# on stdin; prints the names of the forms that differ from the text once
# findings are set aside (their line numbers differ between forms).
same_as_first='import json,sys
rows = [json.loads(l) for l in sys.stdin]
for d in rows: d.pop("findings")
bad = [str(i) for i, d in enumerate(rows[1:], 1) if d != rows[0]]
print(len(rows), " ".join(bad))'

kinds="runs fields tracked textbox nested numbering"
mkdir -p "$tmp/mixed"
for f in "$seeds"/*.txt; do
  b=$(basename "$f" .txt)
  "$G" export "$f" --to docx -o "$tmp/$b.docx" 2>/dev/null
  cp "$tmp/$b.docx" "$tmp/mixed/$b.docx"
  python3 "$mk" variants "$tmp/$b.docx" "$tmp/$b"
  files=("$f" "$tmp/$b.docx")
  for k in $kinds; do files+=("$tmp/$b.$k.docx"); done
  run "$G" parse -q -j 1 "${files[@]}"
  expect_rc "parse $b and its .docx forms" 0
  res=$(python3 -c "$same_as_first" <"$tmp/out")
  [ "$res" = "8 " ] && ok || bad "$b: forms read differently from the text (lines, differing: $res; 1 = plain .docx, then $kinds)"
done
# the variants really are what they say
u() { unzip -p "$1" word/document.xml; }
u "$tmp/001_eb4955ec489c8a4e.fields.docx" | grep -q 'w:instrText' && ok || bad "fields variant has no w:instrText"
u "$tmp/001_eb4955ec489c8a4e.fields.docx" | grep -q 'w:fldSimple' && ok || bad "fields variant has no w:fldSimple"
u "$tmp/001_eb4955ec489c8a4e.tracked.docx" | grep -q 'w:delText' && ok || bad "tracked variant has no w:delText"
u "$tmp/001_eb4955ec489c8a4e.textbox.docx" | grep -q 'mc:Fallback' && ok || bad "textbox variant has no fallback"
u "$tmp/001_eb4955ec489c8a4e.numbering.docx" | grep -q 'w:numPr' && ok || bad "numbering variant has no w:numPr"
# the numbered headings read with their 一、: the same findings (rule and
# place) as the plain .docx, no section-heading warning for lost numbers
for f in "$seeds"/*.txt; do
  b=$(basename "$f" .txt)
  "$G" check -q --format json "$tmp/$b.docx" "$tmp/$b.numbering.docx" >"$tmp/nf.jsonl" 2>/dev/null || true
  python3 - "$tmp/nf.jsonl" <<'PY' && ok || bad "$b: numbered headings give other findings than the plain .docx"
import json, sys
a, b = [json.loads(l) for l in open(sys.argv[1])]
key = lambda d: sorted((f["rule"], f["table"], f["row"], f["column"]) for f in d["findings"])
assert key(a) == key(b), (key(a), key(b))
PY
done
[ "$(u "$tmp/001_eb4955ec489c8a4e.nested.docx" | grep -o '<w:tbl>' | wc -l)" -eq 4 ] && ok ||
  bad "nested variant does not hold the three tables in a fourth"

# check and parse read text and .docx alike, in one run
cp "$seeds"/*.txt "$tmp/mixed/"
run "$G" parse -q "$tmp/mixed"
expect_rc "parse a directory of .txt and .docx" 0
[ "$(wc -l <"$tmp/out")" -eq 10 ] && ok || bad "parse of 10 mixed files gave $(wc -l <"$tmp/out") lines"
python3 "$VALIDATE" "$SCHEMA" --min 10 <"$tmp/out" && ok || bad "JSON of .docx input not schema-valid"
run "$G" check -q "$tmp/mixed/000_7a7af06b78520d01.docx"
expect_rc "check a .docx with an error finding" 1
expect_out "check a .docx" "error[apply-cell]"
run "$G" check -q "$tmp/mixed/001_eb4955ec489c8a4e.docx"
expect_rc "check a clean .docx" 0

# provenance: every number names its table, row and cell
run "$G" parse -q --format provenance "$tmp/001_eb4955ec489c8a4e.docx"
expect_rc "parse --format provenance" 0
n=$(grep -c ' @ table [0-9]*, row [0-9]*, cell [0-9]*$' "$tmp/out" || true)
[ "$n" -eq 198 ] && ok || bad "provenance: $n of 198 numbers have a cell"
expect_out "provenance of apply.new.natural" "001_eb4955ec489c8a4e.docx: apply.new.natural = 0 @ table 2, row 4, cell 2"
expect_out "provenance of the last review cell" "review.litigation_after.total = 0 @ table 3, row 4, cell 15"
run "$G" parse -q --format provenance "$seeds/001_eb4955ec489c8a4e.txt"
expect_rc "provenance of text input" 0
expect_out "text input has no cells" "disclose.regulation.made = 0 @ -"

# hostile input: exit 2, one read error naming the file and what is wrong,
# nothing on stdout, quickly (ctest TIMEOUT bounds the whole script)
python3 "$mk" hostiles "$tmp"
hostile() { # KIND EXPECTED-TEXT (English)
  run timeout 30 "$G" check --lang en "$tmp/h_$1.docx"
  expect_rc "hostile $1" 2
  expect_read_error "hostile $1" "$tmp/h_$1.docx" "$2"
  expect_out_empty "hostile $1"
}
hostile bomb "a zip bomb?"
hostile lying "inflates past its declared size"
hostile slip "'../../evil.txt' is absolute or climbs out"
hostile absolute "'/etc/evil.txt' is absolute or climbs out"
hostile truncated "damaged ZIP archive"
hostile crc "word/document.xml fails to inflate"
hostile truncxml "word/document.xml line"
hostile xxe "document type declaration (DTD): refused"
hostile laughs "word/document.xml line"
hostile deep "depth"
hostile doc "legacy binary .doc format: save it as .docx"
hostile nodoc "a ZIP archive but not a .docx"
# the Chinese message of the legacy format
run "$G" check "$tmp/h_doc.docx"
expect_err "legacy .doc in Chinese" "旧版 .doc 二进制格式，请另存为 .docx"
# the place: line and column of the XML part
run "$G" check --lang en "$tmp/h_truncxml.docx"
grep -qE '^.*h_truncxml\.docx:[0-9]+:[0-9]+: error\[read\]' "$tmp/err" && ok || bad "truncated XML error lacks line:column"
# nothing was extracted anywhere
[ ! -e "$tmp/evil.txt" ] && [ ! -e /etc/evil.txt ] && ok || bad "an entry was extracted"

# a hostile file among good ones: the others are still read
cp "$tmp/h_xxe.docx" "$tmp/mixed/zz_xxe.docx"
run "$G" parse -q "$tmp/mixed"
expect_rc "a directory with one hostile .docx" 2
[ "$(wc -l <"$tmp/out")" -eq 10 ] && ok || bad "good files not all read next to a hostile one"

finish
