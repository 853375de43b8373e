#!/usr/bin/env bash
# test_corpus_layout.sh: every real report of ../shared/corpus reads to its
# expected numbers, untransformed and after each layout transformation
# (lines joined, spaces and tabs removed, tabs as spaces, hard wrap at
# 20-40 characters, page navigation and footer, table header repeated after
# a page break), and the five seeds keep their numbers and verdicts under
# the transformations that keep blank cells (tools/score_layout.py).
source "$(dirname "$0")/lib.sh"
cd "$SRC"
corpus="$SRC/../shared/corpus"
if [ ! -d "$corpus/expected" ]; then
  echo "SKIP: no corpus at $corpus"
  exit 0
fi
run python3 tools/score_layout.py "$G" "$corpus" tests/data/seeds/*.txt
cat "$tmp/out"
expect_rc "score_layout" 0
grep -q '^hongze_2024 *orig *200/200' "$tmp/out" && ok || bad "hongze_2024 not 200/200"
finish
