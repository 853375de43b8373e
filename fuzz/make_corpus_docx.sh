#!/usr/bin/env bash
# make_corpus_docx.sh BUILD_DIR: rebuilds the seed corpus fuzz/corpus/docx/
# for fuzz_docx.c: two real reports and two small generated ones written
# as .docx by gongkai export, their producer variants (split runs, fields,
# tracked changes, text box, layout table) and a few refusals (DTD, cut
# XML, traversal), each prefixed with the option byte fuzz_docx.c reads.
# Crash reproducers (crash-*) already in the corpus are kept.
set -euo pipefail
build=${1:?usage: fuzz/make_corpus_docx.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
g=$build/gongkai
gen=$build/bench/gen_reports
out=$here/corpus/docx
mk=$root/tests/cli/make_docx.py
mkdir -p "$out"
rm -f "$out"/seed_* "$out"/gen_* "$out"/var_* "$out"/bad_*
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
put() { # OPTION-BYTE FILE NAME
  { printf "$1"; cat "$2"; } >"$out/$3"
}
for s in 001_eb4955ec489c8a4e 004_3bfaa367c900be67; do
  "$g" export "$root/tests/data/seeds/$s.txt" --to docx -o "$tmp/$s.docx"
  put '\x00' "$tmp/$s.docx" "seed_$s.docx"
done
mkdir -p "$tmp/gen"
"$gen" "$tmp/gen" 2 4242 tabs --terse >/dev/null
for f in "$tmp"/gen/*.txt; do
  n=$(basename "$f" .txt)
  "$g" export "$f" --to docx -o "$tmp/g$n.docx"
  put '\x90' "$tmp/g$n.docx" "gen_$n.docx"
done
python3 "$mk" variants "$tmp/001_eb4955ec489c8a4e.docx" "$tmp/v"
for k in runs fields tracked textbox nested numbering; do
  put '\x40' "$tmp/v.$k.docx" "var_$k.docx"
done
mkdir -p "$tmp/h"
for k in slip truncxml xxe laughs doc nodoc; do
  python3 "$mk" hostile "$k" "$tmp/h/h_$k.docx"
  put '\x80' "$tmp/h/h_$k.docx" "bad_$k.docx"
done
ls "$out" | wc -l
