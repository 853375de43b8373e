#!/usr/bin/env bash
# test_page_text.sh: the seeds and the corpus's page texts, made into a web
# page (gongkai's .docx through LibreOffice) and turned back into text as
# crawlers, w3m and pandoc do it, read to the text's agency, year, date and
# cells without a false error (tests/cli/page_text.py; labelled
# libreoffice).
source "$(dirname "$0")/lib.sh"
for tool in soffice pandoc w3m lynx; do
  command -v "$tool" >/dev/null && ok || bad "$tool missing (make deps: TEST_PACKAGES)"
done
texts=("$SRC"/tests/data/seeds/*.txt)
corpus="$SRC/../shared/corpus/web-text"
[ -d "$corpus" ] && texts+=("$corpus"/*.txt) || echo "note: no corpus at $corpus"
run python3 "$SRC/tests/cli/page_text.py" "$G" "$tmp/w" "${texts[@]}"
cat "$tmp/out"
expect_rc "pages turned into text read as the report" 0
finish
