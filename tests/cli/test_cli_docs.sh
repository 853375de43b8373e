#!/usr/bin/env bash
# test_cli_docs.sh: docs/cli.md names every option --help prints (the
# getopt tables are the source of both), docs/errors.md every gk_status.
source "$(dirname "$0")/lib.sh"
cli_md="$SRC/docs/cli.md"
errors_md="$SRC/docs/errors.md"

for cmd in "" parse check; do
  for lang in zh en; do
    run "$G" $cmd --help --lang "$lang"
    expect_rc "gongkai $cmd --help --lang $lang" 0
    opts=$(grep -oE -- '--[a-z][a-z-]*' "$tmp/out" | sort -u)
    [ -n "$opts" ] && ok || bad "no options in gongkai $cmd --help"
    for o in $opts; do
      if grep -qF -- "\`$o" "$cli_md"; then ok; else bad "docs/cli.md lacks $o (gongkai $cmd)"; fi
    done
  done
done
for cmd in parse check help; do
  if grep -qE "^## .*gongkai $cmd" "$cli_md"; then ok; else bad "docs/cli.md lacks a section for $cmd"; fi
done
for code in 0 1 2 3; do
  if grep -qE "^\| *$code *\|" "$cli_md"; then ok; else bad "docs/cli.md lacks exit code $code"; fi
done

names=$(grep -oE '\bGK_(OK|E_[A-Z_]+)\b' "$SRC/include/gongkai.h" | sort -u)
[ -n "$names" ] && ok || bad "no statuses found in gongkai.h"
for n in $names; do
  if grep -qE "^### \`$n\`" "$errors_md"; then ok; else bad "docs/errors.md lacks $n"; fi
done

finish
