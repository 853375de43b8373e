#!/usr/bin/env bash
# test_build_options.sh (issue 14 item 4): an embedder's build without PDF.
# `-DGONGKAI_PDF=OFF -DGONGKAI_TESTS=OFF` configures with poppler's
# pkg-config files hidden (so it cannot lean on them), builds the library
# and the CLI, reads every other format as before, and says a PDF is not
# supported by this build (exit 2, naming the file) instead of reading it
# as empty. Plain build only: it compiles the library once more.
source "$(dirname "$0")/lib.sh"
CC="${GK_C_COMPILER:-cc}"

# pkg-config without poppler: every .pc the system has, except poppler's
# (and libpq's: without it GONGKAI_PG is OFF by itself, issue 13)
pc="$tmp/pc"
mkdir -p "$pc"
for d in $(pkg-config --variable pc_path pkg-config | tr ':' ' '); do
  [ -d "$d" ] || continue
  for f in "$d"/*.pc; do
    [ -e "$f" ] || continue
    case "$(basename "$f")" in poppler* | libpq*) continue ;; esac
    [ -e "$pc/$(basename "$f")" ] || ln -s "$f" "$pc/"
  done
done
[ ! -e "$pc/poppler-glib.pc" ] && ok || bad "poppler-glib.pc still visible"

b="$tmp/build"
run env PKG_CONFIG_LIBDIR="$pc" PKG_CONFIG_PATH= cmake -S "$SRC" -B "$b" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER="$CC" -DGONGKAI_PDF=OFF \
  -DGONGKAI_TESTS=OFF -DGONGKAI_SHARED=OFF -DGONGKAI_WERROR=ON
expect_rc "configure -DGONGKAI_PDF=OFF without poppler" 0
run nice cmake --build "$b" -j 2 --target gongkai_cli
expect_rc "build -DGONGKAI_PDF=OFF" 0
NOPDF="$b/gongkai"

# no trace of poppler in the build
if grep -qE "^(POPPLER|GK_POPPLER)" "$b/CMakeCache.txt"; then bad "CMakeCache found poppler"; else ok; fi
if strings "$NOPDF" | grep -qi 'libpoppler'; then bad "binary names libpoppler"; else ok; fi
# no libpq found: PostgreSQL off by default, the driver not built (db.c
# then answers a PostgreSQL target "built without PostgreSQL")
grep -q "^GONGKAI_PG:BOOL=OFF" "$b/CMakeCache.txt" && ok || bad "GONGKAI_PG not OFF without libpq"
if grep -q "GK_HAVE_PG" "$b/compile_commands.json"; then bad "GK_HAVE_PG defined without libpq"; else ok; fi
[ ! -e "$b/CMakeFiles/gongkai.dir/src/lib/ledger/db_pg.c.o" ] && ok ||
  bad "db_pg.c built without libpq"

# every other format reads as in the full build
seed="$SRC/tests/data/seeds/000_7a7af06b78520d01.txt"
run "$NOPDF" export "$seed" --to json
expect_rc "text report without PDF support" 0
cp "$tmp/out" "$tmp/nopdf.json"
run "$G" export "$seed" --to json
cmp -s "$tmp/out" "$tmp/nopdf.json" && ok || bad "the report reads differently without PDF support"

# a PDF: exit 2, the file named, the reason said, in both languages
python3 "$SRC/tests/cli/make_pdf.py" text "$tmp/plain.pdf"
run "$NOPDF" check "$tmp/plain.pdf"
expect_rc "check a PDF without PDF support" 2
expect_err "Chinese message names the file" "$tmp/plain.pdf"
expect_err "Chinese message says why" "GONGKAI_PDF=OFF"
run "$NOPDF" check --lang en "$tmp/plain.pdf"
expect_err "English message" "reads no PDF"
# while the full build reads the same file through poppler
run "$G" check --lang en "$tmp/plain.pdf"
expect_err "full build read the PDF's text" "Hellogongkai"

finish
