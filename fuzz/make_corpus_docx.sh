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
rm -f "$out"/seed_* "$out"/gen_* "$out"/var_* "$out"/bad_* "$out"/num_*
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
# --- numbering: seed 001 with Word's automatic numbering (numbering.xml,
# heading styles), as tests/unit/test_docx_numbering.c makes it, and its
# broken forms: no numbering.xml, cut XML, a DTD, an unknown abstractNum,
# huge ilvl and start values
GK_SOURCE_DIR=$root GK_NUMBERING_KEEP=$tmp/num.docx \
  "$build/tests/test_docx_numbering" >/dev/null
python3 - "$tmp/num.docx" "$tmp/n" <<'PY'
import re, sys, zipfile
src, pre = sys.argv[1], sys.argv[2]
parts = [(i.filename, zipfile.ZipFile(src).read(i.filename))
         for i in zipfile.ZipFile(src).infolist()]
def out(kind, fn):
    with zipfile.ZipFile(f"{pre}.{kind}.docx", "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            data = fn(name, data)
            if data is not None:
                z.writestr(name, data)
num = "word/numbering.xml"
out("seed", lambda n, d: d)
out("missing", lambda n, d: None if n == num else d)
out("malformed", lambda n, d: d[: len(d) // 2] if n == num else d)
out("dtd", lambda n, d: (b'<?xml version="1.0"?><!DOCTYPE w:numbering [<!ENTITY x "x">]>'
                         + d[d.index(b"<w:numbering"):]) if n == num else d)
out("unknownabs", lambda n, d: re.sub(rb'w:abstractNumId w:val="0"',
                                      b'w:abstractNumId w:val="999"', d) if n == num else d)
out("huge", lambda n, d: re.sub(rb'w:(ilvl|start|startOverride) w:val="[0-9]+"',
                                rb'w:\1 w:val="99999999999"', d)
    if n in (num, "word/document.xml") else d)
PY
for k in seed missing malformed dtd unknownabs huge; do
  put '\x40' "$tmp/n.$k.docx" "num_$k.docx"
done
ls "$out" | wc -l
