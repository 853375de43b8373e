#!/usr/bin/env bash
# make_corpus.sh BUILD_DIR: rebuilds the seed corpus fuzz/corpus/text/ from
# the five real reports (tests/data/seeds) and small generated reports of
# every layout (bench/gen_reports --terse). Each file starts with the
# option byte fuzz_text.c reads (flags, source name, language, sink).
# Crash reproducers (crash-*.txt) already in the corpus are kept.
set -euo pipefail
build=${1:?usage: fuzz/make_corpus.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
gen=$build/bench/gen_reports
[ -x "$gen" ] || { echo "make_corpus: $gen missing (build first)" >&2; exit 2; }
out=$here/corpus/text
mkdir -p "$out"
rm -f "$out"/seed_*.txt "$out"/gen_*.txt

# The real reports: plain options, then strict with a source name.
i=0
for f in "$root"/tests/data/seeds/*.txt; do
  opt='\x00'
  [ $((i % 2)) -eq 1 ] && opt='\x81'
  { printf "$opt"; cat "$f"; } > "$out/seed_$(printf %03d $i).txt"
  i=$((i + 1))
done

# Generated: four a layout, random variants (encodings included), terse.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
opts=('\x00' '\x01' '\x80' '\x40' '\x20' '\x91')
k=0
for layout in tika tabs spaces lines markdown glued; do
  mkdir -p "$tmp/$layout"
  "$gen" "$tmp/$layout" 4 $((1000 + k * 10)) "$layout" --terse >/dev/null
  for f in "$tmp/$layout"/*.txt; do
    n=$(basename "$f" .txt)
    { printf "${opts[$((k % ${#opts[@]}))]}"; cat "$f"; } \
      > "$out/gen_${layout}_${n#00}.txt"
    k=$((k + 1))
  done
done
ls "$out" | wc -l | xargs echo "make_corpus: files in $out:"
du -sh "$out"
