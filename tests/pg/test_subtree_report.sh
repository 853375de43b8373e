#!/usr/bin/env bash
# pg.subtree_report: the regional report of a subtree comes straight from
# the database and equals `gongkai merge` of its agencies' own reports,
# cell by cell (issue 13 item 3):
#   province 省 ─ city 甲市 ─ county 甲县 ─ departments 甲县教育局, 甲县卫健局
#              │          └ county 丙县 ─ department 丙县民政局
#              └ city 乙市 (outside the subtree)
# Every agency registers and answers applications in its own session (its
# own login role); the city's `report --subtree` is compared with the
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

# Each agency's applications, in its own session (its login role; the
# row's agency is the database's default for that role): some carried
# over from 2024, answered with various outcomes, withdrawn, or open.
# Written as SQL: gongkai cannot write as an agency's role yet (its audit
# chain is one per database, and an agency sees only its subtree's rows).
python3 - "$d" <<'PY'
import sys
types = ["natural", "business", "research", "nonprofit", "legal", "other"]
outs = ["granted", "partial", "denied.state_secret", "unable.not_held",
        "denied.third_party"]
n = 0
for a in ["city", "k1", "k2", "edu", "health", "civil", "other"]:
    rows = []
    for i in range(1, len(a) + 4):
        n += 1
        t = types[(n * 7 + i) % 6]
        day = "2024-12-%02d" % (10 + i % 15) if i % 4 == 0 else \
              "2025-%02d-1%d" % (1 + i % 9, i % 10)
        state, outcome, closed = "registered", None, None
        if i % 5 in (0, 1, 2):
            state, outcome, closed = "answered", outs[(n + i) % 5], "2025-10-2%d" % (i % 9)
        elif i % 5 == 3:
            state, outcome, closed = "withdrawn", "other.other", "2025-11-03"
        q = lambda v: "NULL" if v is None else "'%s'" % v
        rows.append("('%s-%d', '%s', 'in_person', '%s', '%s', %s, %s, %s, '%s')" % (
            a, i, t, day, state, q(outcome), q(closed),
            q("《政府信息公开条例》" if outcome else None), day))
    with open("%s/%s.sql" % (sys.argv[1], a), "w") as f:
        f.write("INSERT INTO applications (ref, applicant_type, channel, "
                "received_on, state, outcome, closed_on, basis, period_from) "
                "VALUES\n" + ",\n".join(rows) + ";\n")
PY
for a in city k1 k2 edu health civil other; do
  psql "$(uri "a_$a")" -XqAt -v ON_ERROR_STOP=1 -f "$d/$a.sql" >/dev/null 2>"$d/err" &&
    ok || bad "applications of $a"
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

echo "pg.subtree_report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
