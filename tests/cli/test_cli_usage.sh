#!/usr/bin/env bash
# test_cli_usage.sh: the gongkai command's usage errors, exit codes and
# hostile inputs. Needs no working reader: every file here is refused by
# the reader anyway (missing, empty, binary, huge, junk), so it passes on
# the cli branch alone and after the merge. Real reports: test_cli_seeds.sh.
source "$(dirname "$0")/lib.sh"

# === Top level ===
run "$G"
expect_rc "no command" 2
expect_err "no command" "gongkai --help"
run "$G" --version
expect_rc "--version" 0
if grep -qE '^gongkai [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out"; then ok; else bad "--version prints 'gongkai X.Y.Z'"; fi
run "$G" --help
expect_rc "--help" 0
expect_out "--help lists parse" "parse"
expect_out "--help lists check" "check"
run "$G" frobnicate
expect_rc "unknown command" 2
expect_err "unknown command named" "'frobnicate'"
expect_err "unknown command hint" "'gongkai --help'"
run "$G" --lang en frobnicate
expect_err "unknown command hint (en)" "try 'gongkai --help'"
run "$G" --bogus
expect_rc "unknown top-level option" 2
run "$G" help --lang en check
expect_rc "help --lang en check" 0
expect_out "help --lang en check is English" "usage: gongkai check"
run "$G" help nope
expect_rc "help of an unknown command" 2
for cmd in parse check; do
  run "$G" help "$cmd"
  cp "$tmp/out" "$tmp/help1"
  run "$G" "$cmd" --help
  expect_rc "$cmd --help" 0
  if cmp -s "$tmp/out" "$tmp/help1"; then ok; else bad "help $cmd differs from $cmd --help"; fi
  expect_out "$cmd --help names its options" "--format"
done

# === Usage errors of the subcommands: exit 2, message, --help hint ===
usage_case() { # NAME EXPECTED-IN-STDERR ARGS...
  local name=$1 want=$2
  shift 2
  run "$G" "$1" --lang en "${@:2}"
  expect_rc "$name" 2
  expect_err "$name: message" "$want"
  expect_err "$name: hint" "try 'gongkai $1 --help'"
  expect_out_empty "$name: stdout"
}
usage_case "parse unknown long option" "unknown option '--frob'" parse --frob=1 x
usage_case "check unknown short option" "unknown option '-z'" check -z x
usage_case "parse missing --format argument" "--format" parse x --format
usage_case "check missing -j argument" "--jobs" check x -j
usage_case "parse bad --format" "'xml'" parse --format xml x
usage_case "check rejects csv" "'csv'" check --format csv x
usage_case "parse -j 0" "'0'" parse -j 0 x
usage_case "check -j abc" "'abc'" check -j abc x
usage_case "parse -j huge" "'100000'" parse -j 100000 x
usage_case "check -j 2x" "'2x'" check -j 2x x
usage_case "parse bad --lang" "'fr'" parse --lang fr x
usage_case "argument to a flag" "option --quiet takes no argument" parse --quiet=yes x
usage_case "check without files" "no input files" check
# Chinese by default
run "$G" parse --format xml x
expect_rc "usage error (zh)" 2
expect_err "usage error in Chinese" "只能是 json 或 csv"
expect_err "usage hint (zh)" "gongkai parse --help"

# === Unreadable inputs: "FILE: error[read]: ...", exit 2, go on ===
run "$G" check "$tmp/does-not-exist.txt"
expect_rc "nonexistent file" 2
expect_err "nonexistent file named" "$tmp/does-not-exist.txt: error[read]: "
expect_err "nonexistent file strerror (zh)" "无法读写文件"
expect_out_empty "nonexistent file: stdout"
run "$G" check --lang en "$tmp/does-not-exist.txt"
expect_err "nonexistent file strerror (en)" "cannot read or write the file"
expect_err "summary in English" "1 file: 0 read, 0 with errors, 1 unreadable"

: >"$tmp/empty.txt"
run "$G" parse "$tmp/empty.txt"
expect_rc "empty file" 2
expect_read_error "empty file named" "$tmp/empty.txt" ""
expect_out_empty "empty file: stdout"

printf 'PK\003\004\000\000\001\002binary\000\377\376' >"$tmp/binary.docx"
run "$G" check "$tmp/binary.docx"
expect_rc "binary file" 2
expect_read_error "binary file named" "$tmp/binary.docx" ""

printf '\200\201\377\300\301 \376 no utf-8 \365\366\367\n' >"$tmp/bad-utf8.txt"
run "$G" check "$tmp/bad-utf8.txt"
expect_rc "invalid UTF-8" 2
expect_read_error "invalid UTF-8 named" "$tmp/bad-utf8.txt" ""

# a 100 MB single line: refused before it is read, quickly, no crash
head -c 100000000 /dev/zero | tr '\0' '9' >"$tmp/huge.txt"
start=$(date +%s)
run "$G" check --lang en "$tmp/huge.txt"
elapsed=$(($(date +%s) - start))
expect_rc "100 MB line" 2
expect_err "100 MB line refused" "$tmp/huge.txt: error[read]: input exceeds a limit"
if [ "$elapsed" -le 5 ]; then ok; else bad "100 MB line took ${elapsed}s"; fi
rm -f "$tmp/huge.txt"

# '-' is standard input: a pipe over the limit is refused as '-'
run sh -c "head -c 70000000 /dev/zero | tr '\\0' 'x' | '$G' parse --lang en -"
expect_rc "stdin over the limit" 2
expect_err "stdin named '-'" "-: error[read]: input exceeds a limit"
run sh -c "printf 'not a report\\n' | '$G' parse -"
expect_rc "stdin junk" 2
expect_read_error "stdin junk named '-'" "-" ""

# several inputs: every one reported in order, the run goes on
run "$G" check --lang en "$tmp/nope1" "$tmp/empty.txt" "$tmp/nope2"
expect_rc "three unreadable inputs" 2
if [ "$(grep -c 'error\[read\]' "$tmp/err")" -eq 3 ]; then ok; else bad "three read errors"; fi
expect_err "summary counts" "3 files: 0 read, 0 with errors, 3 unreadable"

# -q: no summary, errors still shown
run "$G" check -q "$tmp/nope1"
expect_rc "-q exit" 2
expect_err "-q keeps errors" "error[read]"
if grep -q "个文件" "$tmp/err"; then bad "-q printed the summary"; else ok; fi
# not a terminal: no progress line
if grep -q $'\r' "$tmp/err"; then bad "progress line on a non-terminal"; else ok; fi

# === Directory walk: sorted by bytes, recursive, hidden entries skipped ===
d="$tmp/tree"
mkdir -p "$d/a" "$d/.git" "$d/z/deeper"
for f in b.txt a/2.txt a/10.txt C.txt .hidden.txt .git/x.txt z/deeper/last.txt; do
  printf 'junk %s\n' "$f" >"$d/$f"
done
ln -s "$d/a" "$d/link-to-dir" 2>/dev/null || true
run "$G" check --lang en "$d"
expect_rc "directory" 2
grep -oE '^[^:]*(:[0-9]+){0,2}: error\[read\]' "$tmp/err" | sed -E 's/(:[0-9]+){0,2}: error\[read\]$//' >"$tmp/order"
printf '%s\n' "$d/C.txt" "$d/a/10.txt" "$d/a/2.txt" "$d/b.txt" "$d/z/deeper/last.txt" >"$tmp/want"
if cmp -s "$tmp/order" "$tmp/want"; then ok; else bad "walk order: $(cat "$tmp/order")"; fi
# same order with a trailing slash and many workers, run twice
run "$G" check -j 4 "$d/"
grep -oE '^[^:]*(:[0-9]+){0,2}: error\[read\]' "$tmp/err" | sed -E 's/(:[0-9]+){0,2}: error\[read\]$//' >"$tmp/order2"
sed 's|^'"$d"'/|'"$d"'/|' "$tmp/want" >"$tmp/want2"
if cmp -s "$tmp/order2" "$tmp/want2"; then ok; else bad "walk order with DIR/ and -j 4: $(cat "$tmp/order2")"; fi
mkdir "$tmp/emptydir"
run "$G" parse --lang en "$tmp/emptydir"
expect_rc "empty directory" 2
expect_err "empty directory" "no input files"

# -j N keeps input order: 60 inputs, stderr identical for -j 1 and -j 4
mkdir "$tmp/many"
for i in $(seq 1 60); do printf 'junk %d\n' "$i" >"$tmp/many/f$i.txt"; done
run "$G" check -j 1 "$tmp/many"
cp "$tmp/err" "$tmp/err1"
run "$G" check -j 4 "$tmp/many"
if cmp -s "$tmp/err" "$tmp/err1"; then ok; else bad "-j 1 and -j 4 differ on stderr"; fi
if [ "$(grep -c 'error\[read\]' "$tmp/err")" -eq 60 ]; then ok; else bad "60 read errors"; fi

# unreadable directory (skipped as root, who reads everything)
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$tmp/locked"
  chmod 000 "$tmp/locked"
  run "$G" check "$tmp/locked"
  chmod 755 "$tmp/locked"
  expect_rc "unreadable directory" 2
  expect_err "unreadable directory named" "$tmp/locked: error[read]"
fi

# === Output that cannot be written: exit 3 ===
if [ -w /dev/full ]; then
  run sh -c "'$G' --version >/dev/full"
  expect_rc "--version to a full disk" 3
  run sh -c "'$G' parse --format csv '$tmp/nope' >/dev/full"
  expect_rc "CSV header to a full disk" 3
  expect_err "full disk message" "gongkai: "
fi
# CSV: the header line even when nothing could be read
run "$G" parse --format csv "$tmp/nope"
expect_rc "csv of nothing" 2
if [ "$(cat "$tmp/out")" = "file,agency,year,template,table,row,column,value" ]; then ok; else bad "csv header: $(cat "$tmp/out")"; fi

finish
