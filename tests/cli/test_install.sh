#!/usr/bin/env bash
# test_install.sh (issue 14): `cmake --install` into a temporary prefix
# gives the binary, libgongkai.a, libgongkai.so.0 (exporting gk_* only),
# gongkai.h, gongkai.pc, man pages and bash completion; examples/ builds
# against the installed pkg-config file, shared and static, and runs on a
# seed; the man pages in man/ are current with docs/cli.md and render
# without a warning; completion offers commands, subcommands and options.
source "$(dirname "$0")/lib.sh"
B="${GK_BUILD_DIR:?}"
prefix="$tmp/prefix"
CC="${GK_C_COMPILER:-cc}"
# An ASan build's library needs the sanitizer runtime in whatever links it.
SAN=()
if [ "${GK_SANITIZE:-OFF}" = ON ]; then SAN=(-fsanitize=address,undefined); fi

run cmake --install "$B" --prefix "$prefix"
expect_rc "cmake --install" 0
libdir=$(cd "$prefix" && ls -d lib* | head -1)
for f in bin/gongkai include/gongkai.h "$libdir/libgongkai.a" \
  "$libdir/libgongkai.so.0" "$libdir/pkgconfig/gongkai.pc" \
  share/man/man1/gongkai.1 share/man/man1/gongkai-check.1 \
  share/bash-completion/completions/gongkai share/doc/gongkai/LICENSE; do
  if [ -e "$prefix/$f" ]; then ok; else bad "not installed: $f"; fi
done
# the installed binary runs from its own place
run "$prefix/bin/gongkai" --version
expect_rc "installed gongkai --version" 0

# SONAME and exported symbols: the public gk_ API and nothing else
so="$prefix/$libdir/libgongkai.so.0"
soname=$(objdump -p "$so" | awk '$1 == "SONAME" {print $2}')
[ "$soname" = libgongkai.so.0 ] && ok || bad "SONAME is '$soname'"
nm -D --defined-only "$so" | awk '$2 ~ /[TDBR]/ {print $3}' | sed 's/@.*//' >"$tmp/syms"
[ "$(wc -l <"$tmp/syms")" -gt 100 ] && ok || bad "too few exported symbols: $(wc -l <"$tmp/syms")"
grep -v -e '^gk_' -e '^GONGKAI_' "$tmp/syms" >"$tmp/foreign" || true
if [ -s "$tmp/foreign" ]; then
  bad "exports outside gk_: $(head -5 "$tmp/foreign" | tr '\n' ' ')"
else ok; fi
if grep -q '^gk__' "$tmp/syms"; then bad "exports internal gk__ symbols"; else ok; fi
# every function the header declares is exported
grep -o 'gk_[a-z0-9_]*(' "$SRC/include/gongkai.h" | tr -d '(' | sort -u >"$tmp/decl"
missing=$(comm -23 "$tmp/decl" <(sort -u "$tmp/syms") | head -5 | tr '\n' ' ')
[ -z "$missing" ] && ok || bad "declared but not exported: $missing"

# examples/ against the installed gongkai.pc: shared, then static
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
seed="$SRC/tests/data/seeds/000_7a7af06b78520d01.txt"
run pkg-config --modversion gongkai
expect_rc "pkg-config gongkai" 0
# shellcheck disable=SC2046
run "$CC" "${SAN[@]}" -std=c11 -Wall -Wextra -Werror \
  "$SRC/examples/check_report.c" $(pkg-config --cflags --libs gongkai) \
  -o "$tmp/check_shared"
expect_rc "example builds against libgongkai.so" 0
run env LD_LIBRARY_PATH="$prefix/$libdir" "$tmp/check_shared" "$seed"
expect_rc "example (shared) on seed 000" 1
expect_out "example finds seed 000's wrong cell" "[apply-cell]"
# (ldd's output kept first: grep -q closing the pipe early fails it under pipefail)
LD_LIBRARY_PATH="$prefix/$libdir" ldd "$tmp/check_shared" >"$tmp/ldd" 2>&1 || true
grep -q "libgongkai.so.0 => $prefix" "$tmp/ldd" &&
  ok || bad "the shared example does not load the installed libgongkai.so.0: $(grep gongkai "$tmp/ldd")"
# shellcheck disable=SC2046
run "$CC" "${SAN[@]}" -std=c11 -Wall -Wextra -Werror \
  "$SRC/examples/check_report.c" $(pkg-config --cflags gongkai) \
  "$prefix/$libdir/libgongkai.a" $(pkg-config --static --libs-only-l gongkai | sed 's/-lgongkai//') \
  -o "$tmp/check_static"
expect_rc "example builds against libgongkai.a" 0
run "$tmp/check_static" "$seed"
expect_rc "example (static) on seed 000" 1
expect_out "example (static) finds seed 000's wrong cell" "[apply-cell]"
run "$tmp/check_static" "$tmp/no-such-file"
expect_rc "example on a missing file" 2

# man pages: current with docs/cli.md, and groff renders them cleanly
python3 "$SRC/tools/gen_man.py" "$SRC/docs/cli.md" "$tmp/man"
if diff -r "$SRC/man" "$tmp/man" >"$tmp/mandiff"; then ok; else
  bad "man/ is not current: run tools/gen_man.py docs/cli.md man ($(head -3 "$tmp/mandiff"))"
fi
for page in "$SRC"/man/*.1; do
  warn=$(preconv "$page" | groff -t -man -Tutf8 -ww -z 2>&1 | grep -v 'cannot adjust line' || true)
  [ -z "$warn" ] && ok || bad "groff warns on $(basename "$page"): $warn"
done

# completion: the words come from gongkai's own --help
comp=$(PATH="$prefix/bin:$PATH" bash -c '
  source "$1"
  t() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _gongkai; echo "${COMPREPLY[*]}"; }
  t gongkai che; t gongkai check --fo; t gongkai application ""; t gongkai --lang e
' _ "$prefix/share/bash-completion/completions/gongkai")
[ "$(sed -n 1p <<<"$comp")" = check ] && ok || bad "completion of 'che': $(sed -n 1p <<<"$comp")"
[ "$(sed -n 2p <<<"$comp")" = --format ] && ok || bad "completion of 'check --fo': $(sed -n 2p <<<"$comp")"
for w in add show list act; do
  grep -qw -- "$w" <<<"$(sed -n 3p <<<"$comp")" && ok ||
    bad "completion of 'application' lacks $w: $(sed -n 3p <<<"$comp")"
done
grep -q -- "-" <<<"$(sed -n 3p <<<"$comp")" && bad "completion of 'application' offers an option" || ok
[ "$(sed -n 4p <<<"$comp")" = en ] && ok || bad "completion of '--lang e': $(sed -n 4p <<<"$comp")"
finish
