#!/usr/bin/env bash
# test_pdf_text.sh: the corpus's page texts and the seeds printed to PDF by
# LibreOffice read to the text's agency, year, period, date, cells and
# reader findings; pdftotext's -layout and -raw text of those PDFs, and of
# the corpus's real PDFs, read to the same metadata and cells without a
# false error (tests/cli/pdf_text.py; labelled libreoffice).
source "$(dirname "$0")/lib.sh"
for tool in soffice pdftotext; do
  command -v "$tool" >/dev/null && ok || bad "$tool missing (make deps: TEST_PACKAGES)"
done
texts=("$SRC"/tests/data/seeds/*.txt)
corpus="$SRC/../shared/corpus/web-text"
[ -d "$corpus" ] && texts+=("$corpus"/*.txt "$corpus"/../pdf/*.pdf) ||
  echo "note: no corpus at $corpus"
run python3 "$SRC/tests/cli/pdf_text.py" "$G" "$tmp/w" "${texts[@]}"
cat "$tmp/out"
expect_rc "text reports as PDF read as their text" 0
finish
