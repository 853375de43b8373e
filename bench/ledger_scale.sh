#!/usr/bin/env bash
# ledger_scale.sh BUILD_DIR: the ledger at scale on SQLite and PostgreSQL
# (issue 13 item 5; run by `make bench`, bench/README.md). Two parts, one
# run, one throwaway PostgreSQL 15 (tests/pg/pg_env.sh) under BUILD_DIR:
#
# 1. Workload: bench/ledger_load (add, extend, status, queue page, answer,
#    a report every 50 applications) with 1, 8 and 32 clients, each count
#    into a fresh ledger on SQLite (one file) and on PostgreSQL (a fresh
#    database, one agency's login role), with durable and with
#    asynchronous commits; GK_BENCH_LOAD_APPS applications per run shared
#    by the clients. A table of operations/s, p50/p99 and the ratios: to 1
#    client of the same target, PostgreSQL to SQLite.
# 2. Size: GK_BENCH_APPS (10,000,000) applications over a tree of 1,000
#    agencies (1 province, 9 cities, 90 counties, 900 departments) made by
#    SQL (INSERT ... SELECT generate_series, as the superuser, each row in
#    its agency), then `gongkai report` timed with hyperfine as the login
#    role of one agency (the largest, and a typical department) and of the
#    province (its subtree: the whole tree, by row-level security).
#    Goals: one agency < 1 s, the tree < 10 s. The tree's new applications
#    are checked against a count by SQL.
#
# The server: fsync and synchronous_commit on (as in production: an
# acknowledged write is on disk; SQLite runs WAL with synchronous NORMAL,
# db_sqlite.c), shared_buffers 1 GB, work_mem 64 MB, max_connections 100.
# Everything is under BUILD_DIR/bench-pg and deleted at the end.
# Environment: GK_BENCH_APPS (10000000), GK_BENCH_LOAD_APPS (800),
# GK_BENCH_LOAD_CLIENTS ("1 8 32"), GK_BENCH_RUNS (3), GK_BENCH_PARTS
# ("load size"), GK_BENCH_BASE (another build folder, e.g. of main: its
# gongkai and ledger_load run each workload too, right after this build's,
# on the same server, and a last table gives this build / that one).
set -euo pipefail
build=${1:?usage: bench/ledger_scale.sh BUILD_DIR}
build=$(cd "$build" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
apps=${GK_BENCH_APPS:-10000000}
load_apps=${GK_BENCH_LOAD_APPS:-800}
clients_list=${GK_BENCH_LOAD_CLIENTS:-1 8 32}
runs=${GK_BENCH_RUNS:-3}
parts=${GK_BENCH_PARTS:-load size}
results=$build/bench-results
g=$build/gongkai
load=$build/bench/ledger_load
base=${GK_BENCH_BASE:-}
[ -z "$base" ] || base=$(cd "$base" && pwd)
for t in "$g" "$load" ${base:+"$base/gongkai" "$base/bench/ledger_load"}; do
  [ -x "$t" ] || { echo "bench: $t missing (build first)" >&2; exit 2; }
done
for t in hyperfine python3; do
  command -v $t >/dev/null || { echo "bench: $t not installed" >&2; exit 2; }
done
mkdir -p "$results" "$build/bench-pg"
chmod 0755 "$build/bench-pg"
echo "bench: ledger at scale; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "free disk under $build: $(df -h --output=avail "$build" | tail -1 | tr -d ' ')"

# The server (pg_env.sh stops it and removes its folder at exit).
export TMPDIR=$build/bench-pg
export GK_PG_OPTS="-c fsync=on -c full_page_writes=on -c synchronous_commit=on \
 -c shared_buffers=1GB -c work_mem=64MB -c maintenance_work_mem=512MB \
 -c max_connections=100 -c max_wal_size=8GB -c checkpoint_timeout=30min \
 -c effective_cache_size=8GB -c random_page_cost=1.1"
. "$src/tests/pg/pg_env.sh" || exit $?
work=$GK_PG_DIR/work
mkdir -p "$work"
su_psql() { psql -XqAt -v ON_ERROR_STOP=1 "$@"; }
su_psql -c "CREATE ROLE gk_office NOLOGIN" >/dev/null
as_uri() { echo "postgresql://$1@127.0.0.1:$GK_PG_PORT/$2"; }
export USER=bench

# === 1. The workload ===
# Three targets per client count: SQLite; PostgreSQL as set above
# (durable commits); PostgreSQL with synchronous_commit off for the
# ledger's role (the durability SQLite's synchronous NORMAL gives: a crash
# may lose the last commits, never corrupts).
if [[ " $parts " == *" load "* ]]; then
  su_psql -c "CREATE ROLE load_office LOGIN" -c "CREATE ROLE load_async LOGIN" \
    -c "ALTER ROLE load_async SET synchronous_commit = off" >/dev/null
  : >"$results/ledger-load.jsonl"
  for c in $clients_list; do
    per=$(((load_apps + c - 1) / c))
    for run in sqlite pg pg-async ${base:+sqlite@base pg@base pg-async@base}; do
      backend=${run%@base} gr=$g ld=$load
      [ "$run" = "$backend" ] || gr=$base/gongkai ld=$base/bench/ledger_load
      key=$work/load-$c-$backend.key
      rm -f "$key"
      if [ "$backend" = sqlite ]; then
        target=$work/load-$c.db
        rm -f "$target" "$target"-*
      else
        role=load_office
        [ "$backend" = pg-async ] && role=load_async
        db=load_${c}_$role
        su_psql -c "CREATE DATABASE $db OWNER $role" >/dev/null
        target=$(as_uri $role "$db")
      fi
      "$gr" ledger init -q --db "$target" --key "$key" --agency 基准测试局 --level department
      echo "bench: $run, $c clients x $per applications"
      "$ld" -c "$c" -n "$per" -k "$key" -j "$work/load.json" "$target" |
        sed 's/^/  /'
      python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d['backend']=sys.argv[2]; print(json.dumps(d))" \
        "$work/load.json" "$run" >>"$results/ledger-load.jsonl"
      [ "$backend" = sqlite ] || su_psql -c "DROP DATABASE $db" >/dev/null
      rm -f "$work"/load-*.db*
    done
  done
  python3 - "$results/ledger-load.jsonl" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {(r["backend"], r["clients"]): r for r in rows}
names = {"sqlite": "SQLite", "pg": "PostgreSQL", "pg-async": "PG async commit"}
backends = [b for b in names if any(r["backend"] == b for r in rows)]
print("bench: ledger workload, operations/s (p50 / p99 ms of all operations;"
      " x1: to 1 client of the same target)")
print("  clients " + " ".join(f"{names[b]:>30}" for b in backends)
      + "   PG/SQLite  PG async/SQLite")
for c in sorted({r["clients"] for r in rows}):
    cells = []
    for b in backends:
        r, r1 = by.get((b, c)), by.get((b, 1))
        if not r:
            cells.append(f"{'-':>30}")
            continue
        a = r["ops"]["all"]
        x = r["ops_per_s"] / r1["ops_per_s"] if r1 else 0
        cells.append(f"{r['ops_per_s']:7.0f} ({a['p50_ms']:6.2f} /{a['p99_ms']:7.1f}) x{x:4.2f}")
    s = by.get(("sqlite", c))
    rat = [f"{by[(b, c)]['ops_per_s'] / s['ops_per_s']:9.3f}" if s and (b, c) in by else f"{'-':>9}"
           for b in ("pg", "pg-async")]
    print(f"  {c:>7} " + " ".join(cells) + f"   {rat[0]}  {rat[1]:>15}")
if any(r["backend"].endswith("@base") for r in rows):
    print("bench: this build / GK_BENCH_BASE, operations/s (same server, same run)")
    print("  clients " + " ".join(f"{names[b]:>22}" for b in backends))
    for c in sorted({r["clients"] for r in rows}):
        cells = []
        for b in backends:
            r, r0 = by.get((b, c)), by.get((b + "@base", c))
            cells.append(f"{r['ops_per_s']:6.0f} / {r0['ops_per_s']:6.0f} x{r['ops_per_s'] / r0['ops_per_s']:4.2f}"
                         if r and r0 else f"{'-':>22}")
        print(f"  {c:>7} " + " ".join(cells))
print(f"  failed operations: {sum(r['failed'] for r in rows)};"
      f" load average after: {sys.argv[2]}")
PY
fi

# === 2. Ten million applications over 1,000 agencies ===
if [[ " $parts " == *" size "* ]]; then
  su_psql <<'SQL' >/dev/null
CREATE ROLE scale_owner LOGIN;
CREATE ROLE sup_province LOGIN IN ROLE gk_office;
CREATE ROLE office_big LOGIN IN ROLE gk_office;
CREATE ROLE office_dept LOGIN IN ROLE gk_office;
CREATE DATABASE scale OWNER scale_owner;
SQL
  key=$work/scale.key
  "$g" ledger init -q --db "$(as_uri scale_owner scale)" --key "$key" \
    --agency 某省人民政府 --level county_gov_or_above
  t0=$(date +%s.%N)
  # The tree as the tables' owner: the root is the owner's agency (init
  # made it); 9 cities, 10 counties each, 10 departments each.
  psql "$(as_uri scale_owner scale)" -XqAt -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
INSERT INTO agencies (parent_id, level, code, name)
  SELECT (SELECT id FROM agencies WHERE parent_id IS NULL), 'city',
         'C' || c, '第' || c || '市' FROM generate_series(1, 9) c;
INSERT INTO agencies (parent_id, level, code, name)
  SELECT p.id, 'county', p.code || 'K' || k, p.name || '第' || k || '县'
  FROM agencies p, generate_series(1, 10) k WHERE p.level = 'city';
INSERT INTO agencies (parent_id, level, code, name)
  SELECT p.id, 'department', p.code || 'D' || d, p.name || '第' || d || '局'
  FROM agencies p, generate_series(1, 10) d WHERE p.level = 'county';
SQL
  # The applications, as the superuser (row-level security lets a role
  # write its own agency's rows only; every row here names its agency).
  # Agency k of the 1,000 gets a share that falls with k (r^2), the
  # departments first: the first about 3% (a big city bureau), the median
  # department 0.05%, a government office about 0.01%. A role reads its
  # subtree, so "one agency" is a department (a leaf). Received over ten
  # years (2016-2025); 1% voided; closed 1-40 days later with an outcome
  # of the 2021 format, except those received after 10 December 2025.
  su_psql -d scale <<SQL >/dev/null
SET synchronous_commit = off;
SELECT setseed(0.2026);
CREATE TEMP TABLE ix AS
  SELECT row_number() OVER (ORDER BY level <> 'department', id) - 1 AS k, id
  FROM agencies;
CREATE TEMP TABLE o (k int, outcome text, state text);
INSERT INTO o SELECT k - 1, x, CASE WHEN x = 'other.other' THEN 'withdrawn'
  WHEN x LIKE 'other.%' THEN 'abandoned' ELSE 'answered' END
  FROM unnest(string_to_array('granted granted granted granted partial partial denied.state_secret denied.prohibited denied.security denied.third_party denied.internal denied.deliberative denied.enforcement denied.inquiry unable.not_held unable.not_held unable.needs_creation unable.unclear refused.petition refused.repeat refused.publication refused.excessive refused.confirmation other.no_correction other.no_fee other.other', ' ')) WITH ORDINALITY AS t(x, k);
CREATE TEMP TABLE t (k int, type text);
INSERT INTO t SELECT k - 1, x FROM unnest(string_to_array('natural natural natural natural business business research nonprofit legal other', ' ')) WITH ORDINALITY AS u(x, k);
INSERT INTO applications (agency_id, ref, applicant_type, channel,
  arrived_on, received_on, state, outcome, basis, closed_on, due_on,
  period_from, voided_on, void_reason)
SELECT ix.id, 'S' || g.i, t.type, 'in_person', g.recv, g.recv,
  CASE WHEN g.open THEN 'registered' ELSE o.state END,
  CASE WHEN g.open THEN NULL ELSE o.outcome END,
  CASE WHEN g.open THEN NULL ELSE '条例' END,
  CASE WHEN g.open THEN NULL ELSE g.closed END,
  CASE WHEN g.open THEN g.due END, g.recv,
  CASE WHEN g.void THEN g.closed END, CASE WHEN g.void THEN '登记错误' END
FROM (SELECT i, floor(1000 * random() ^ 2)::int AS ak,
        floor(random() * 10)::int AS tk, floor(random() * 26)::int AS ok,
        to_char(d, 'YYYY-MM-DD') AS recv,
        to_char(d + 1 + floor(random() * 40)::int, 'YYYY-MM-DD') AS closed,
        to_char(d + 28, 'YYYY-MM-DD') AS due,
        d > date '2025-12-10' AS open, random() < 0.01 AS void
      FROM (SELECT i, date '2016-01-01' + floor(random() * 3653)::int AS d
            FROM generate_series(1, $apps) i) s) g
JOIN ix ON ix.k = g.ak JOIN t ON t.k = g.tk JOIN o ON o.k = g.ok;
SQL
  t1=$(date +%s.%N)
  su_psql -d scale -c "VACUUM (ANALYZE) applications" >/dev/null
  t2=$(date +%s.%N)
  # who is who: the province, the department with the most applications,
  # and a department of a typical size (the median)
  read -r big dept < <(su_psql -d scale -F' ' -c "
    WITH n AS (SELECT agency_id, count(*) c FROM applications GROUP BY 1)
    SELECT (SELECT n.agency_id FROM n JOIN agencies a ON a.id = n.agency_id
            WHERE a.level = 'department' ORDER BY c DESC LIMIT 1),
           (SELECT n.agency_id FROM n JOIN agencies a ON a.id = n.agency_id
            WHERE a.level = 'department' ORDER BY c
            OFFSET (SELECT count(*) / 2 FROM agencies WHERE level = 'department') LIMIT 1)")
  psql "$(as_uri scale_owner scale)" -XqAt -v ON_ERROR_STOP=1 -c "
    INSERT INTO agency_members VALUES
      ('sup_province', (SELECT id FROM agencies WHERE parent_id IS NULL)),
      ('office_big', $big), ('office_dept', $dept)" >/dev/null
  size=$(su_psql -d scale -c "SELECT pg_size_pretty(pg_total_relation_size('applications'))")
  python3 -c "import sys; a, b, c = map(float, sys.argv[1:4]); print(f'bench: {int(sys.argv[4]):,} applications over 1,000 agencies made in {b - a:.0f} s, VACUUM ANALYZE {c - b:.0f} s, {sys.argv[5]} with indexes')" \
    "$t0" "$t1" "$t2" "$apps" "$size"

  export GONGKAI_KEY_FILE=$key
  : >"$work/who"
  for who in office_dept office_big sup_province; do
    uri=$(as_uri $who scale)
    for year in 2025 2020; do
      "$g" report --db "$uri" --year $year --date $((year + 1))-01-20 -q \
        >"$work/report-$who-$year.json"
      hyperfine -N --warmup 1 --runs "$runs" --style basic \
        --export-json "$work/hf-$who-$year.json" \
        "$g report --db $uri --year $year --date $((year + 1))-01-20 -q" \
        >/dev/null 2>&1
    done
  done
  # the tree's report against SQL (the superuser sees every row)
  want=$(su_psql -d scale -c "SELECT count(*) FROM applications
    WHERE received_on BETWEEN '2025-01-01' AND '2025-12-31' AND voided_on IS NULL")
  rows=$(su_psql -d scale -c "SELECT agency_id, count(*) FROM applications
    WHERE agency_id IN ($big, $dept) GROUP BY 1 ORDER BY 1" | tr '\n' ' ')
  python3 - "$work" "$want" "$apps" "$results/ledger-scale.json" "$rows" <<'PY'
import json, sys
work, want, apps, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
goal = {"office_dept": 1.0, "office_big": 1.0, "sup_province": 10.0}
name = {"office_dept": "one department (median)",
        "office_big": "the largest department",
        "sup_province": "the province's subtree (1,000 agencies)"}
res, ok_all = {}, True
print(f"bench: annual report of {apps:,} applications on PostgreSQL (mean of hyperfine runs)")
for who in ("office_dept", "office_big", "sup_province"):
    for year in (2025, 2020):
        hf = json.load(open(f"{work}/hf-{who}-{year}.json"))["results"][0]
        rep = json.load(open(f"{work}/report-{who}-{year}.json"))
        a = rep["tables"]["apply"]
        ok = hf["mean"] < goal[who]
        ok_all &= ok
        res[f"{who}-{year}"] = {"mean_s": hf["mean"], "stddev_s": hf["stddev"],
                                "new": a["new"]["total"], "goal_s": goal[who], "met": ok}
        print(f"  {name[who]:<40} {year}: {hf['mean']:7.3f} s ± {hf['stddev'] or 0:.3f}"
              f"  new {a['new']['total']:>9}  (goal < {goal[who]:g} s: {'met' if ok else 'NOT met'})")
got = res["sup_province-2025"]["new"]
print(f"  the tree's new applications of 2025: report {got}, SQL {want}"
      f" ({'equal' if got == want else 'DIFFERENT'})")
t = res["sup_province-2025"]["mean_s"]
print(f"  ratios: tree / largest agency {t / res['office_big-2025']['mean_s']:.1f}x,"
      f" tree / department {t / res['office_dept-2025']['mean_s']:.1f}x")
json.dump({"applications": apps, "agencies": 1000, "reports": res,
           "tree_new_equals_sql": got == want}, open(out, "w"), indent=2)
sys.exit(0 if ok_all and got == want else 1)
PY
fi
echo "bench: ledger scale details in $results/ (ledger-load.jsonl, ledger-scale.json)"
