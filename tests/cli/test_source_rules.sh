#!/usr/bin/env bash
# Source rules (style.md §2, §8): banned C calls, the gk_ prefix on every
# exported name, and no internal header included by the CLI or server.
set -u
src="${GK_SOURCE_DIR:?}"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# Banned calls (curl's checksrc idea): unbounded copies and unchecked parses.
hits=$(grep -rnE '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|atof|alloca|gets)\s*\(' \
  "$src/src" "$src/include" 2>/dev/null || true)
if [ -n "$hits" ]; then bad "banned call: $hits"; else ok; fi

# Every exported function in the public header starts with gk_.
names=$(grep -v '^#' "$src/include/gongkai.h" | tr '\n' ' ' | grep -oE 'GK_EXPORT [^(;]*\b([a-z_0-9]+)\(' |
  grep -oE '[a-z_0-9]+\($' | tr -d '(')
[ -n "$names" ] && ok || bad "no exported functions found"
for n in $names; do
  case "$n" in gk_*) ;; *) bad "exported name without gk_ prefix: $n" ;; esac
done

# The CLI and the server use only the public header (curl's tool/lib split).
for d in "$src/src/cli" "$src/src/server"; do
  [ -d "$d" ] || continue
  inc=$(grep -rnE '#include\s+"' "$d" | grep -vE '"(gongkai\.h|cli_[a-z_]*\.h|srv_[a-z_]*\.h|cmd_[a-z_]*\.h)"' || true)
  if [ -n "$inc" ]; then bad "internal header in $d: $inc"; else ok; fi
done

# Data flows one way: readers never include writers; the checker never
# includes readers (style.md §1).
x=$(grep -rn '#include' "$src/src/lib/read" 2>/dev/null | grep -E '"\.\./(write|check)/' || true)
[ -z "$x" ] && ok || bad "reader includes writer/checker: $x"
x=$(grep -rn '#include' "$src/src/lib/check" 2>/dev/null | grep -E '"\.\./(read|write)/' || true)
[ -z "$x" ] && ok || bad "checker includes reader/writer: $x"

# The library's messages never name a command-line option or command
# (issue 14 item 1): it says what is missing by gk_error.param and the CLI
# or the server says how to give it. String literals only, not comments.
x=$(grep -rnE '"[^"]*(--[a-z][a-z-]+|gongkai (ledger (init|verify|backup|import|export)|application (add|act|show|list|amend|void|revoke|letter)|calendar (add|list)|serve (user|setting)))[^"]*"' \
  "$src/src/lib" --include='*.c' | grep -vE '^[^:]+:[0-9]+:\s*(/\*|\*)' || true)
[ -z "$x" ] && ok || bad "CLI words in a library message: $x"

# The public header reads as documentation: sections are its "/** ## "
# headings, not the merge markers of the branches that wrote them.
x=$(grep -nE '/\* ===|=== \*/|\bbranch [a-z]+\)' "$src/include/gongkai.h" || true)
[ -z "$x" ] && ok || bad "branch markers in gongkai.h: $x"

# One storage boundary (issue 13 item 1, docs/internals/ledger.md): only
# the SQLite driver includes SQLite; only the store and the drivers reach
# the SQL driver (db.h) or the connection (the store's PostgreSQL schema,
# schema_pg.c, is part of the store); nothing above the store (the
# ledger's rules, the report, the CLI) runs SQL of its own.
x=$(grep -l 'sqlite3' "$src"/src/lib/ledger/*.c "$src"/src/lib/ledger/*.h |
  grep -vE '/db_sqlite\.c$|/db\.h$' || true)
[ -z "$x" ] && ok || bad "SQLite outside db_sqlite.c: $x"
x=$(grep -rlE '#include\s+"(\.\./)*(ledger/)?db(_driver)?\.h"|\bgk__(db|stmt|bind|col)_[a-z_]+\s*\(|\bgk__store_db\s*\(' \
  "$src/src/lib" --include='*.c' --include='*.h' |
  grep -vE '/ledger/(db|db_[a-z_]+|store|store_[a-z_]+|schema_[a-z_]+)\.(c|h)$' || true)
[ -z "$x" ] && ok || bad "the SQL driver used above the store: $x"
x=$(grep -rnE '\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE (TABLE|INDEX|TRIGGER))\b' \
  "$src/src/lib" --include='*.c' | grep -vE '^[^:]+:[0-9]+:\s*(/\*|\*)' |
  grep -vE '^[^:]*/ledger/(db_[a-z_]+|store|store_[a-z_]+|schema_[a-z_]+)\.c:' || true)
[ -z "$x" ] && ok || bad "SQL above the store: $x"

echo "source-rules: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
