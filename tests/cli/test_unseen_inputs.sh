#!/usr/bin/env bash
# test_unseen_inputs.sh: reports no one here has seen, generated from the
# corpus's pages and the seeds: re-laid (full-width digits, CRLF, GB18030,
# UTF-16), truncated at random bytes, typo'd and Traditional labels, two
# reports glued (tests/cli/unseen_inputs.py). GK_UNSEEN_SEED replays a run.
source "$(dirname "$0")/lib.sh"
texts=("$SRC"/tests/data/seeds/*.txt)
corpus="$SRC/../shared/corpus/web-text"
[ -d "$corpus" ] && texts+=("$corpus"/*.txt)
seed=${GK_UNSEEN_SEED:-$(date +%s)}
run python3 "$SRC/tests/cli/unseen_inputs.py" "$G" "$tmp/w" "$seed" "${texts[@]}"
cat "$tmp/out"
expect_rc "unseen inputs (replay: GK_UNSEEN_SEED=$seed)" 0
finish
