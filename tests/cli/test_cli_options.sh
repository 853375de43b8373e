#!/usr/bin/env bash
# test_cli_options.sh: every command parses its options through one driver
# (src/cli/cli_opts.c), so every command, and every subcommand of ledger
# and application, answers the same way: --help exits 0 in both
# languages; an unknown option, a missing option argument, an argument
# given to a switch or a bad --lang is exit 2 with a message naming the
# option, the "try 'gongkai CMD --help'" hint and nothing on stdout. And
# every -o OUT is written the same way: a failed write is exit 3 and
# leaves neither OUT nor a temporary file. tests/pg/pg_cli.sh runs it once
# more with the ledger on PostgreSQL (pgdb.cli.test_cli_options): the
# options of the commands that take --db, refused before any connection
# as before any file; what keeps no ledger runs on the SQLite pass.
source "$(dirname "$0")/lib.sh"
seed="$SRC/tests/data/seeds/001_eb4955ec489c8a4e.txt"

usage() { # NAME EXPECTED-IN-STDERR HINT-CMD ARGS...
  local name=$1 want=$2 hint=$3
  shift 3
  run "$G" "$@"
  expect_rc "$name" 2
  expect_err "$name: names the option" "$want"
  expect_err "$name: hint" "'gongkai $hint --help'"
  expect_out_empty "$name: stdout"
  # nor the ledger: a PostgreSQL connection string may hold a password
  ! grep -q "postgresql:" "$tmp/err" && ok || bad "$name: the message names the connection string"
}

if no_ledger "every command's --help, unknown options, --lang"; then
# the commands, as the top-level --help lists them
run "$G" --help --lang en
cmds=$(sed -n '/^commands:/,/^$/p' "$tmp/out" | awk 'NF > 1 && $1 != "help" { print $1 }')
[ "$(echo "$cmds" | wc -w)" -ge 14 ] && ok || bad "top-level --help lists the commands: $cmds"
# ledger and application have subcommands, each with its own options
subs=""
for cmd in ledger application; do
  run "$G" "$cmd" --help --lang en
  expect_rc "$cmd --help" 0
  for s in $(sed -n '/^commands:/,/^$/p' "$tmp/out" | awk 'NF > 1 { print $1 }'); do
    subs="$subs $cmd:$s"
  done
done
[ "$(echo "$subs" | wc -w)" -ge 8 ] && ok || bad "ledger and application list their subcommands: $subs"


# ledger and application take a subcommand first: an option there is
# refused as such
for cmd in ledger application; do
  usage "$cmd unknown option" "unknown option '--frobnicate'" "$cmd" --lang en "$cmd" --frobnicate
done

for c in $cmds $subs; do
  words=${c/:/ } # "ledger:init" -> "ledger init"
  [ "$c" = ledger ] || [ "$c" = application ] && continue
  # shellcheck disable=SC2086
  for lang in zh en; do
    run "$G" $words --help --lang "$lang"
    expect_rc "$words --help --lang $lang" 0
    expect_out "$words --help --lang $lang: usage" "gongkai $words"
    expect_out "$words --help --lang $lang: --lang" "--lang"
  done
  run "$G" $words --help --lang en
  expect_out "$words --help is English" "usage: gongkai $words"
  run "$G" $words --help
  expect_out "$words --help is Chinese by default" "用法：gongkai $words"
  # shellcheck disable=SC2086
  usage "$words unknown long option" "unknown option '--frobnicate'" "$words" $words --lang en --frobnicate=1
  # shellcheck disable=SC2086
  usage "$words unknown short option" "unknown option '-Z'" "$words" $words --lang en -Z
  # shellcheck disable=SC2086
  usage "$words --lang without its value" "--lang needs an argument" "$words" $words --lang en -h --lang
  # shellcheck disable=SC2086
  usage "$words bad --lang" "--lang must be zh or en, not 'fr'" "$words" $words --lang en --lang fr
  # shellcheck disable=SC2086
  usage "$words --help=1" "option --help takes no argument" "$words" $words --lang en --help=1
  # shellcheck disable=SC2086
  usage "$words unknown option (zh)" "未知选项 '--frobnicate'" "$words" $words --frobnicate
done
fi

# === Values the driver parses, the same message whichever command ===
# (on a PostgreSQL target too: the value is refused before the connection,
# and the message never names the connection string)
db=$(ledger_target o.db)
usage "report --date" "--date needs a date YYYY-MM-DD, not '2024-1-1'" report --lang en report --db "$db" --year 2024 --date 2024-1-1
usage "record --date" "--date needs a date YYYY-MM-DD, not '2024-13-01'" record --lang en record add --db "$db" --date 2024-13-01
usage "case --date" "--date needs a date YYYY-MM-DD, not 'today'" case --lang en case add --db "$db" --date today
usage "report --year" "--year needs a four-digit year, not '24'" report --lang en report --db "$db" --year 24
usage "record --count" "--count is a whole number >= 0, not '-1'" record --lang en record add --db "$db" --count -1
usage "report --explain --year" "--year needs a four-digit year, not '20x5'" report --lang en report --db "$db" --year 20x5 --explain late
usage "application act --days" "--days needs a positive whole number, not 'x'" "application act" --lang en application act --db "$db" R-1 extend --days x
if no_ledger "--to, --format, -j and arguments of commands that take no --db"; then
# --format and writer lists come from the command's formats and the writer table
usage "merge --year" "--year needs a four-digit year, not '24'" merge --lang en merge --agency X -o "$tmp/m" --year 24 "$seed"
usage "export --to" "--to must be docx, xlsx, json, csv, html, md or text, not 'pdf'" export --lang en export "$seed" --to pdf
usage "merge --format" "--format must be json, csv or text, not 'pdf'" merge --lang en merge --agency X -o "$tmp/m" --format pdf "$seed"
usage "compare --format" "--format must be text or json, not 'pdf'" compare --lang en compare --format pdf "$seed"
usage "-j 0" "-j needs a whole number from 1 to 256, not '0'" similar --lang en similar -j 0 "$seed"
# too many or too few arguments
usage "deadline extra argument" "unexpected argument 'x'" deadline --lang en deadline --received 2024-09-27 x
usage "fee extra argument" "unexpected argument 'x'" fee --lang en fee --pages 3 x
usage "export two files" "unexpected argument" export --lang en export "$seed" "$seed" --to json
for c in parse check export compare similar; do
  usage "$c without input" "no input files" "$c" --lang en "$c"
done
# help lists the writers of the writer table, for both commands
for c in export report; do
  run "$G" "$c" --help
  expect_out "$c --help lists the writers" "docx|xlsx|json|csv|html|md|text"
done

fi
usage "report --format" "--format must be docx, xlsx, json, csv, html, md or text, not 'pdf'" report --lang en report --db "$db" --year 2024 --format pdf
usage "report extra argument" "unexpected argument 'x'" report --lang en report --db "$db" --year 2024 x

if no_ledger "-o OUT that cannot be written (export, merge)"; then
# === -o OUT that cannot be written: exit 3, OUT named, nothing left ===
mkdir "$tmp/ro"
chmod 555 "$tmp/ro"
if [ "$(id -u)" -ne 0 ]; then
  run "$G" export --lang en "$seed" --to json -o "$tmp/ro/x.json"
  expect_rc "export into a read-only directory" 3
  expect_err "export names OUT" "cannot write $tmp/ro/x.json"
  run "$G" merge --lang en --agency X -o "$tmp/ro/m.json" "$seed"
  expect_rc "merge into a read-only directory" 3
  expect_err "merge names OUT" "cannot write $tmp/ro/m.json"
fi
run "$G" export --lang en "$seed" --to json -o "$tmp/none/x.json"
expect_rc "export into a missing directory" 3
expect_err "export names OUT" "cannot write $tmp/none/x.json"
[ -z "$(ls -A "$tmp/ro")" ] && ok || bad "a failed write left files: $(ls -A "$tmp/ro")"
# a good write leaves OUT only, readable as an ordinary file (umask)
mkdir "$tmp/w"
(umask 022 && "$G" export "$seed" --to json -o "$tmp/w/x.json") && ok || bad "export -o"
[ "$(ls -A "$tmp/w")" = x.json ] && ok || bad "export -o left: $(ls -A "$tmp/w")"
[ "$(stat -c %a "$tmp/w/x.json")" = 644 ] && ok || bad "export -o mode $(stat -c %a "$tmp/w/x.json")"
chmod 755 "$tmp/ro"
fi

finish
