#!/usr/bin/env bash
# pg.subtree_report: the regional report of a subtree comes straight from
# the database and equals `gongkai merge` of its agencies' own reports,
# cell by cell (issue 13 item 3):
#   province 省 ─ city 甲市 ─ county 甲县 ─ departments 甲县教育局, 甲县卫健局
#              │          └ county 丙县 ─ department 丙县民政局
#              └ city 乙市 (outside the subtree)
# Every agency registers and answers applications through gongkai as its
# own login role; the city's `report --subtree` is compared with the
# merge of the six agencies' `report` (each its own rows only), and 乙市's
# applications count in neither.
set -u
here=$(cd "$(dirname "$0")" && pwd)
G="${GONGKAI:?set GONGKAI to the gongkai binary}"
. "$here/pg_env.sh" || exit $?
pass=0 fail=0
d=$GK_PG_DIR
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; echo "  stderr: $(head -c 600 "$d/err")"; }
uri() { echo "postgresql://$1@127.0.0.1:$GK_PG_PORT/gongkai"; }
export USER=clerk GONGKAI_KEY_FILE="$d/ledger.key"

# What an administrator does (docs/operations.md "Setup"): gk_office, the
# owner, a login role per agency.
psql -XqAt -v ON_ERROR_STOP=1 >/dev/null 2>"$d/err" <<'SQL' || { cat "$d/err"; exit 1; }
CREATE ROLE gk_office NOLOGIN;
CREATE ROLE ledger_owner LOGIN;
GRANT CREATE ON SCHEMA public TO ledger_owner;
CREATE ROLE a_city LOGIN IN ROLE gk_office;
CREATE ROLE a_k1 LOGIN IN ROLE gk_office;
CREATE ROLE a_k2 LOGIN IN ROLE gk_office;
CREATE ROLE a_edu LOGIN IN ROLE gk_office;
CREATE ROLE a_health LOGIN IN ROLE gk_office;
CREATE ROLE a_civil LOGIN IN ROLE gk_office;
CREATE ROLE a_other LOGIN IN ROLE gk_office;
SQL
"$G" ledger init -q --db "$(uri ledger_owner)" --agency 某省人民政府 \
  --level county_gov_or_above 2>"$d/err" && ok || bad "init"
# the tree below the owner's own agency (the province), and who is who
psql "$(uri ledger_owner)" -XqAt -v ON_ERROR_STOP=1 >/dev/null 2>"$d/err" <<'SQL' || bad "the tree"
INSERT INTO agencies (parent_id, level, code, name) VALUES
  ((SELECT id FROM agencies WHERE parent_id IS NULL), 'city', 'city', '甲市人民政府');
INSERT INTO agencies (parent_id, level, code, name) VALUES
  ((SELECT id FROM agencies WHERE parent_id IS NULL), 'city', 'other', '乙市人民政府'),
  ((SELECT id FROM agencies WHERE code = 'city'), 'county', 'k1', '甲县人民政府'),
  ((SELECT id FROM agencies WHERE code = 'city'), 'county', 'k2', '丙县人民政府');
INSERT INTO agencies (parent_id, level, code, name) VALUES
  ((SELECT id FROM agencies WHERE code = 'k1'), 'department', 'edu', '甲县教育局'),
  ((SELECT id FROM agencies WHERE code = 'k1'), 'department', 'health', '甲县卫生健康委员会'),
  ((SELECT id FROM agencies WHERE code = 'k2'), 'department', 'civil', '丙县民政局');
INSERT INTO agency_members SELECT 'a_' || code, id FROM agencies WHERE parent_id IS NOT NULL;
SQL

# Each agency's applications, written through gongkai as its own login
# (every agency of the tree writes, each in its own audit chain): some
# carried over from 2024, answered with various outcomes (some after
# their due date), withdrawn, or open.
python3 - >"$d/steps" <<'PY'
types = ["natural", "business", "research", "nonprofit", "legal", "other"]
outs = ["granted", "partial", "denied.state_secret", "unable.not_held",
        "denied.third_party"]
n = 0
for a in ["city", "k1", "k2", "edu", "health", "civil", "other"]:
    for i in range(1, len(a) + 4):
        n += 1
        t = types[(n * 7 + i) % 6]
        day = "2024-12-%02d" % (10 + i % 15) if i % 4 == 0 else \
              "2025-%02d-1%d" % (1 + i % 9, i % 10)
        act, outcome, closed = "-", "-", "-"
        if i % 5 in (0, 1, 2):
            act, outcome, closed = "answer", outs[(n + i) % 5], "2025-10-2%d" % (i % 9)
        elif i % 5 == 3:
            act, closed = "withdraw", "2025-11-03"
        print(a, "%s-%d" % (a, i), t, day, act, outcome, closed)
PY
while read -r a ref t day act outcome closed; do
  "$G" application add --db "$(uri "a_$a")" --ref "$ref" --type "$t" \
    --channel in_person --arrived "$day" >/dev/null 2>"$d/err" ||
    { bad "add $ref as a_$a"; continue; }
  case $act in
  answer)
    "$G" application act --db "$(uri "a_$a")" "$ref" answer --on "$closed" \
      --outcome "$outcome" --basis 《政府信息公开条例》 >/dev/null 2>"$d/err" ||
      bad "answer $ref as a_$a" ;;
  withdraw)
    "$G" application act --db "$(uri "a_$a")" "$ref" withdraw --on "$closed" \
      --reason 申请人撤回 >/dev/null 2>"$d/err" || bad "withdraw $ref as a_$a" ;;
  esac
done <"$d/steps"
# a fee paid in 甲县教育局 (section 六's figures, --explain fees)
ea="--db $(uri a_edu)"
"$G" application add $ea --ref edu-fee --type natural --channel in_person \
  --arrived 2025-03-03 >/dev/null 2>"$d/err" &&
  "$G" application act $ea edu-fee fee-notice --on 2025-03-10 --pages 250 >/dev/null 2>"$d/err" &&
  "$G" application act $ea edu-fee fee-paid --on 2025-03-12 --receipt R1 >/dev/null 2>"$d/err" &&
  "$G" application act $ea edu-fee answer --on 2025-03-20 --outcome granted \
    --basis 《政府信息公开条例》 >/dev/null 2>"$d/err" && ok || bad "edu's fee"
[ "$(wc -l <"$d/steps")" -gt 40 ] && ok || bad "steps: $(wc -l <"$d/steps")"
# a department's rows are its own; every agency's audit chain is whole
for a in edu other; do
  got=$(psql "$(uri "a_$a")" -XqAt -c "SELECT count(*), count(*) FILTER (WHERE
    ref NOT LIKE '$a-%' OR agency_id <> gk_session_agency()) FROM applications" 2>&1)
  [ "$got" = "$(($(grep -c "^$a " "$d/steps") + $([ $a = edu ] && echo 1 || echo 0)))|0" ] && ok || bad "a_$a's rows: $got"
done
for a in city k1 k2 edu health civil other; do
  "$G" ledger verify --db "$(uri "a_$a")" >/dev/null 2>"$d/err" && ok || bad "a_$a verifies"
done

# Each agency's own report, then the city's subtree straight from the
# database.
mkdir -p "$d/own"
for a in city k1 k2 edu health civil; do
  "$G" report -q --db "$(uri "a_$a")" --year 2025 --date 2026-01-20 \
    --format text -o "$d/own/$a.txt" 2>"$d/err" && ok || bad "report of $a"
done
"$G" report -q --db "$(uri a_city)" --year 2025 --date 2026-01-20 \
  -o "$d/city.json" 2>"$d/err" && ok || bad "report of the city (JSON)"
"$G" report -q --db "$(uri a_other)" --year 2025 --date 2026-01-20 \
  -o "$d/other.json" 2>"$d/err" && ok || bad "report of 乙市"
"$G" report -q --db "$(uri a_city)" --subtree --year 2025 --date 2026-01-20 \
  -o "$d/subtree.json" 2>"$d/err" && ok || bad "subtree report"
"$G" merge -q "$d/own" --agency 甲市人民政府 -o "$d/merged.json" >"$d/record.json" 2>"$d/err" &&
  ok || bad "merge"

python3 - "$d/subtree.json" "$d/merged.json" "$d/city.json" "$d/other.json" <<'PY' && ok || bad "the subtree report differs from the merge"
import json, sys
sub, mer, city, other = (json.load(open(p)) for p in sys.argv[1:5])
def cells(r):
    out = {}
    for t, rows in r["tables"].items():
        for row, cols in rows.items():
            for c, v in cols.items():
                out[(t, row, c)] = v
    return out
s, m, c, o = cells(sub), cells(mer), cells(city), cells(other)
assert s.keys() == m.keys(), sorted(set(s) ^ set(m))[:5]
diff = [(k, s[k], m[k]) for k in s if s[k] != m[k]]
assert not diff, diff[:10]
# not vacuous: the subtree has more than the city's own, and 乙市 counted
assert s[("apply", "new", "total")] > c[("apply", "new", "total")] > 0, (s[("apply", "new", "total")], c[("apply", "new", "total")])
assert o[("apply", "new", "total")] > 0
# each report names its own agency, not the tree's root that made the ledger
assert city["agency"] == "甲市人民政府" and other["agency"] == "乙市人民政府", (city["agency"], other["agency"])
assert s[("apply", "carried_in", "total")] > 0 and s[("apply", "total", "total")] > 0
print("subtree", s[("apply", "new", "total")], "new;", len(s), "cells equal")
PY

# --explain lists exactly what the report counts, in the report's scope:
# a cell's count (standard error) is the cell's, on the subtree and on
# one agency's own report; the late answers of the subtree are its
# agencies' own, each agency's own list holds its own rows only.
explain() { # explain ROLE CELL [--subtree]: the count; the list in $d/list
  local role=$1 cell=$2
  shift 2
  "$G" report --lang en --db "$(uri "$role")" --year 2025 --explain "$cell" "$@" \
    >"$d/list" 2>"$d/err" || { echo "exit $?"; return; }
  sed -n 's/.*: \([0-9][0-9]*\) applications$/\1/p' "$d/err" | tail -1
}
cell() { # cell JSON apply.ROW.COLUMN (a row id may hold a dot)
  python3 -c 'import json, sys; k = sys.argv[2].split(".")
print(json.load(open(sys.argv[1]))["tables"][k[0]][".".join(k[1:-1])][k[-1]])' "$1" "$2"
}
for c in apply.new.total apply.carried_in.total apply.granted.total \
  apply.total.natural apply.carried_out.total; do
  n=$(explain a_city "$c" --subtree)
  [ "$n" = "$(cell "$d/subtree.json" "$c")" ] && ok || bad "subtree --explain $c: $n, cell $(cell "$d/subtree.json" "$c")"
  [ "$(wc -l <"$d/list")" = "$n" ] && ok || bad "subtree --explain $c lists $(wc -l <"$d/list")"
  n=$(explain a_city "$c")
  [ "$n" = "$(cell "$d/city.json" "$c")" ] && ok || bad "the city's --explain $c: $n, cell $(cell "$d/city.json" "$c")"
  ! grep -qv '^city-' "$d/list" && ok || bad "the city's own --explain $c lists another's: $(grep -v '^city-' "$d/list" | head -3)"
done
total=0
for a in city k1 k2 edu health civil; do
  n=$(explain "a_$a" late)
  [ -n "$n" ] && [ "$(wc -l <"$d/list")" = "$n" ] && ok || bad "--explain late of $a: $n"
  ! grep -qv "^$a-" "$d/list" && ok || bad "$a's --explain late lists another's: $(grep -v "^$a-" "$d/list" | head -3)"
  total=$((total + ${n:-0}))
done
n=$(explain a_city late --subtree)
[ "$n" = "$total" ] && [ "$total" -gt 0 ] && ok || bad "subtree --explain late: $n, its agencies' $total"
! grep -q '^other-' "$d/list" && ok || bad "subtree --explain late lists 乙市's"
# fees: 甲县教育局's one payment counts in the subtree's and its own, not
# in the city's own
for who in "a_city --subtree" "a_edu" "a_city"; do
  set -- $who
  "$G" report --lang en --db "$(uri "$1")" --year 2025 --explain fees "${@:2}" \
    >"$d/list" 2>"$d/err" || bad "--explain fees as $who"
  want=1
  [ "$who" = a_city ] && want=0
  grep -q "fees paid in 2025: $want applications" "$d/err" && ok || bad "--explain fees as $who: $(cat "$d/err")"
  [ "$(wc -l <"$d/list")" = "$want" ] && ok || bad "--explain fees as $who lists $(wc -l <"$d/list")"
done

echo "pg.subtree_report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
