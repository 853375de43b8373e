/* test_ledger_report.c: the annual report from the ledger (src/lib/ledger/
 * report.c, draft.c), records (records.c) and cases (cases.c).
 *
 * Property: GK_LEDGER_PROPERTY_N random lawful histories (default 2000, 200
 * under ASan and on PostgreSQL; history i from seed GK_LEDGER_PROPERTY_SEED +
 * i), each several years of applications moved through the ledger's own state
 * machine (gk_ledger_app_act refuses what is unlawful), records drafted and
 * approved by a second person, repealed, cases filed and decided. For every
 * year: the report passes gk_check_run(GK_CHECK_ALL) with no error and no
 * narrative finding, every cell of table apply equals an independent count
 * of the applications, carried_out(N) = carried_in(N+1) per column, and
 * (format 2021) in_force(N) = in_force(N-1) + issued(N) - repealed(N). On a
 * share of the histories every cell's --explain list has the cell's count.
 * A failure prints its seed; rerun with GK_LEDGER_PROPERTY_SEED=<seed>
 * GK_LEDGER_PROPERTY_N=1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "gongkai.h"
#include "ledger/db.h"
#include "ledger/ledger.h"
#include "ledger/ledger_report.h"
#include "ledger/store.h"
#include "ledger_target.h" /* the same tests on SQLite and PostgreSQL */
#include "model/rules.h"

#define U(n) ((int64_t)(n)*GK_SCALE)

/* Histories by default: fewer under the sanitizers (several times slower),
 * which `make test` runs after the Release build. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GK_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(GK_TEST_ASAN)
#define DEFAULT_HISTORIES 200
#else
#define DEFAULT_HISTORIES 2000
#endif
/* On PostgreSQL every statement is a round trip to the server: 200
 * histories (as under ASan) take some 3 minutes on a loaded machine, and
 * already reach every check (fees, cases, carried rows; see 'seen'). */
#define PG_HISTORIES 200

/* === Helpers === */

typedef struct rng {
  uint64_t s;
} rng;

static uint64_t next(rng *g) { /* splitmix64 */
  uint64_t z = (g->s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
static int below(rng *g, int n) {
  return n > 0 ? (int)(next(g) % (uint64_t)n) : 0;
}

static uint64_t env_u64(const char *name, uint64_t dflt) {
  const char *s = getenv(name);
  if (!s || !*s)
    return dflt;
  char *end = NULL;
  unsigned long long v = strtoull(s, &end, 10);
  return end && !*end ? (uint64_t)v : dflt;
}

/* On PostgreSQL (tests/pg/pg_unit.sh): a schema per agency, made by its
 * first ledger and emptied for each next one. A schema per ledger runs
 * every migration's DDL again, and the property makes thousands of
 * ledgers. The tables' owner empties them (TRUNCATE is no DELETE: no
 * row-level security, no guard trigger) and restarts their ids, so the
 * audit chain starts again as in a new ledger. */
#define PG_AGENCIES 4
typedef struct pg_ledgers {
  char dir[64];                  /* mkdtemp: the key file */
  char key[128];                 /* dir/k.key */
  char agency[PG_AGENCIES][64];  /* the agency each schema was made for */
  char target[PG_AGENCIES][512]; /* its URI */
} pg_ledgers;

static pg_ledgers pgl;

static const char pg_reset[] =
    "TRUNCATE applications, application_events, audit_log, records, cases, "
    "fees, imports RESTART IDENTITY";

static gk_ledger *new_ledger_alloc(const char *agency, const char *level,
                                   const gk_alloc *alloc) {
  gk_ledger *led = NULL;
  gk_ledger_opts o;
  memset(&o, 0, sizeof(o));
  o.actor = "alice";
  o.alloc = alloc;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = GK_OK;
  if (!lt_pg()) {
    st = gk_ledger_create(&led, ":memory:", agency, level, &o, &err);
  } else {
    if (!pgl.dir[0]) {
      snprintf(pgl.dir, sizeof(pgl.dir), "/tmp/gk_lr_XXXXXX");
      assert_non_null(mkdtemp(pgl.dir));
    }
    o = lt_opts(pgl.dir, pgl.key, sizeof(pgl.key), "alice");
    o.alloc = alloc;
    size_t i = 0;
    while (i < PG_AGENCIES && pgl.agency[i][0] &&
           strcmp(pgl.agency[i], agency) != 0)
      i++;
    assert_true(i < PG_AGENCIES);
    char *t = pgl.target[i];
    if (!pgl.agency[i][0]) {
      char name[8], dir[64];
      snprintf(name, sizeof(name), "a%zu", i);
      memcpy(dir, pgl.dir, sizeof(dir)); /* not within pgl, where t is */
      assert_int_equal(lt_target(dir, name, t, sizeof(pgl.target[i])), 0);
      st = gk_ledger_create(&led, t, agency, level, &o, &err);
      if (!st)
        snprintf(pgl.agency[i], sizeof(pgl.agency[i]), "%s", agency);
    } else {
      assert_int_equal(lt_exec(t, pg_reset), 0);
      st = gk_ledger_open(&led, t, &o, &err);
      if (!st)
        assert_string_equal(led->level, level);
    }
  }
  if (st)
    fprintf(stderr, "create: %s\n", err.message_en);
  assert_int_equal(st, GK_OK);
  return led;
}

static gk_ledger *new_ledger(const char *agency, const char *level) {
  return new_ledger_alloc(agency, level, NULL);
}

/* The ledger's actor is fixed when it is opened; a test plays a second
 * person by swapping the (owned) name and putting it back before free. */
static char *become(gk_ledger *led, char *who) {
  char *was = led->actor;
  led->actor = who;
  return was;
}

/* Days since 1970 <-> YYYYMMDD (civil calendar). */
static int64_t day_number(int32_t d) {
  int64_t y = d / 10000, m = d / 100 % 100, dd = d % 100;
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}
static int32_t from_day_number(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp + (mp < 10 ? 3 : -9);
  return (int32_t)((yoe + era * 400 + (m <= 2)) * 10000 + m * 100 + d);
}
static int32_t add_days(int32_t d, int n) {
  return from_day_number(day_number(d) + n);
}

static const gk_template *t21(void) { return gk_template_by_name("2021"); }

/* Table index by id. */
static size_t tix(const gk_template *tpl, const char *id) {
  size_t t = 0;
  assert_int_equal(gk_template_find(tpl, id, NULL, NULL, &t, NULL, NULL),
                   GK_OK);
  return t;
}

static int64_t cell(const gk_report *rep, const char *t, const char *r,
                    const char *c) {
  int64_t v = -1;
  assert_int_equal(gk_report_get(rep, t, r, c, &v), GK_OK);
  return v;
}

static gk_report *report_of(gk_ledger *led, int year) {
  gk_report *rep = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_status st =
      gk_ledger_report(led, year, (year + 1) * 10000 + 115, &rep, &err);
  if (st)
    fprintf(stderr, "report %d: %s\n", year, err.message_en);
  assert_int_equal(st, GK_OK);
  assert_int_equal(gk_check_run(rep, GK_CHECK_ALL, &err), GK_OK);
  return rep;
}

static size_t count_rule(const gk_report *rep, const char *rule) {
  size_t n = 0;
  for (size_t i = 0; i < gk_report_finding_count(rep); i++)
    n += strcmp(gk_finding_rule(gk_report_finding(rep, i)), rule) == 0;
  return n;
}

static gk_status add_app_key(gk_ledger *led, const char *ref, const char *type,
                             int32_t on, const char *key) {
  gk_app_input in;
  memset(&in, 0, sizeof(in));
  in.ref = ref;
  in.applicant_type = type;
  in.channel = "in_person";
  in.arrived_on = on;
  in.applicant_key = key;
  gk_error err;
  gk_error_clear(&err);
  return gk_ledger_app_add(led, &in, NULL, &err);
}

static gk_status add_app(gk_ledger *led, const char *ref, const char *type,
                         int32_t on) {
  return add_app_key(led, ref, type, on, NULL);
}

static gk_status act(gk_ledger *led, const char *ref, const char *action,
                     int32_t on, const char *outcome) {
  gk_app_action a;
  memset(&a, 0, sizeof(a));
  a.action = action;
  a.on = on;
  a.outcome = outcome;
  a.reason = "测试";
  if (strcmp(action, "fee-notice") == 0) {
    a.fee_by = GK_FEE_BY_PAGES; /* 250 pages: 4,700 元 */
    a.pages = 250;
  }
  a.basis = outcome ? gk_app_default_basis(outcome) : NULL;
  if (outcome && !a.basis)
    a.basis = "《政府信息公开条例》";
  gk_error err;
  gk_error_clear(&err);
  return gk_ledger_app_act(led, ref, &a, NULL, &err);
}

static int64_t add_record(gk_ledger *led, const char *kind, int items,
                          int32_t date, int64_t count, int64_t amount,
                          gk_status want) {
  gk_record r;
  memset(&r, 0, sizeof(r));
  r.kind = kind;
  r.items = items;
  r.doc_no = "某府发〔2021〕1号";
  r.title = "测试";
  r.date = date;
  r.count = count;
  r.amount = amount;
  int64_t id = 0;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_record_add(led, &r, &id, &err), want);
  return id;
}

static gk_status approve(gk_ledger *led, int64_t id, int32_t on,
                         gk_error *err) {
  gk_error_clear(err);
  return gk_ledger_record_approve(led, id, on, err);
}

/* === Records: four eyes, history kept === */

/* Audit-log entries about records and cases. */
static int64_t audit_rows(gk_ledger *led) {
  gk__db *db = gk__store_db(led->store);
  gk__stmt *q = NULL;
  assert_int_equal(gk__db_prepare(db,
                                  "SELECT count(*) FROM audit_log WHERE "
                                  "table_name IN ('records', 'cases')",
                                  &q, NULL),
                   GK_OK);
  bool row = false;
  assert_int_equal(gk__stmt_step(q, &row, NULL), GK_OK);
  assert_true(row);
  int64_t n = gk__col_int(q, 0);
  gk__stmt_free(q);
  return n;
}

static int count_fn(const gk_record *r, void *ud) {
  int *n = ud;
  (*n)++;
  (void)r;
  return 0;
}

/* Copies the approver of the (one) record; "" while a draft. */
static int approved_fn(const gk_record *r, void *ud) {
  snprintf(ud, 16, "%s", r->approved_by ? r->approved_by : "");
  return 0;
}

static void test_drafter_cannot_approve_own_record(void **state) {
  (void)state;
  gk_ledger *led = new_ledger("某县人民政府", "county_gov_or_above");
  int64_t id = add_record(led, "regulation", 0, 20210310, 1, 0, GK_OK);
  assert_int_equal(audit_rows(led), 1);
  gk_error err;
  /* alice drafted it: refused, with a message naming the rule */
  assert_int_equal(approve(led, id, 20210311, &err), GK_E_DENIED);
  assert_int_equal(audit_rows(led), 1);
  assert_non_null(strstr(err.message, "不能审核自己起草的记录"));
  assert_non_null(strstr(err.message_en, "second person"));
  char who[16] = "x";
  assert_int_equal(gk_ledger_record_list(led, approved_fn, who, &err), GK_OK);
  assert_string_equal(who, "");
  /* bob approves; a second approval is refused */
  char *was = become(led, "bob");
  assert_int_equal(approve(led, id, 20210311, &err), GK_OK);
  assert_int_equal(audit_rows(led), 2);
  assert_int_equal(approve(led, id, 20210312, &err), GK_E_STATE);
  become(led, was);
  assert_int_equal(gk_ledger_record_list(led, approved_fn, who, &err), GK_OK);
  assert_string_equal(who, "bob");
  /* Records are history: the store refuses to delete them. */
  assert_int_not_equal(
      gk__db_exec(gk__store_db(led->store), "DELETE FROM records", NULL),
      GK_OK);
  int n = 0;
  assert_int_equal(gk_ledger_record_list(led, count_fn, &n, &err), GK_OK);
  assert_int_equal(n, 1);
  gk_ledger_free(led);
}

static void test_records_refuse_bad_input(void **state) {
  (void)state;
  gk_ledger *led = new_ledger("某县人民政府", "county_gov_or_above");
  add_record(led, "no_such_row", 0, 20210310, 1, 0, GK_E_ARG);
  add_record(led, "regulation", 0, 20210231, 1, 0, GK_E_ARG);  /* no date */
  add_record(led, "regulation", 0, 20210310, 2, 0, GK_E_ARG);  /* 1 a doc */
  add_record(led, "penalty", 0, 20210310, 3, U(1), GK_E_ARG);  /* no amount */
  add_record(led, "procurement", 1, 20210310, 3, 0, GK_E_ARG); /* no items */
  gk_record r;
  memset(&r, 0, sizeof(r));
  r.kind = "penalty";
  r.date = 20210310;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_record_add(led, &r, NULL, &err),
                   GK_E_ARG); /* 文号 */
  int64_t dec = add_record(led, "penalty", 0, 20210310, 3, 0, GK_OK);
  int64_t doc = add_record(led, "normative", 0, 20210310, 1, 0, GK_OK);
  /* repeal: only published documents, not before their date */
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_record_repeal(led, doc, 20210401, &err),
                   GK_E_STATE);
  char *was = become(led, "bob");
  assert_int_equal(approve(led, doc, 20210309, &err), GK_E_ARG);
  assert_int_equal(approve(led, doc, 20210310, &err), GK_OK);
  assert_int_equal(approve(led, dec, 20210310, &err), GK_OK);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_record_repeal(led, dec, 20210401, &err),
                   GK_E_STATE);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_record_repeal(led, doc, 20210301, &err), GK_E_ARG);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_record_repeal(led, doc, 20210401, &err), GK_OK);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_record_repeal(led, doc, 20210402, &err),
                   GK_E_STATE);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_record_approve(led, 999, 20210402, &err),
                   GK_E_NOT_FOUND);
  become(led, was);
  gk_ledger_free(led);
}

/* A hand-made ledger: the cells say what docs/ledger.md says they say. */
static void test_report_counts_by_the_rules(void **state) {
  (void)state;
  gk_ledger *led = new_ledger("某县人民政府", "county_gov_or_above");
  /* 2020: received A1 (natural), A2 (business), A3 (natural) */
  assert_int_equal(add_app(led, "A1", "natural", 20200302), GK_OK);
  assert_int_equal(add_app(led, "A2", "business", 20201221), GK_OK);
  assert_int_equal(add_app(led, "A3", "natural", 20201228), GK_OK);
  assert_int_equal(act(led, "A1", "answer", 20200320, "granted"), GK_OK);
  assert_int_equal(act(led, "A2", "withdraw", 20210105, NULL), GK_OK);
  assert_int_equal(act(led, "A3", "answer", 20210111, "partial"), GK_OK);
  /* 2021: A4 received, still open at the end of 2021; A5 paid a fee */
  assert_int_equal(add_app(led, "A4", "legal", 20211230), GK_OK);
  assert_int_equal(add_app(led, "A5", "natural", 20210301), GK_OK);
  assert_int_equal(act(led, "A5", "fee-notice", 20210305, NULL), GK_OK);
  assert_int_equal(act(led, "A5", "fee-paid", 20210310, NULL), GK_OK);
  assert_int_equal(act(led, "A5", "answer", 20210320, "granted"), GK_OK);
  gk_case c;
  memset(&c, 0, sizeof(c));
  c.kind = "reconsideration";
  c.application_ref = "A1";
  c.filed_on = 20200401;
  int64_t cid = 0;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_case_add(led, &c, &cid, &err), GK_OK);
  c.kind = "litigation_direct";
  c.filed_on = 20200301; /* before A1 was received */
  assert_int_equal(gk_ledger_case_add(led, &c, NULL, &err), GK_E_ARG);
  c.application_ref = "nope";
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_case_add(led, &c, NULL, &err), GK_E_NOT_FOUND);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_case_close(led, cid, "pending", 20210201, &err),
                   GK_E_ARG);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_case_close(led, cid, "corrected", 20210201, &err),
                   GK_OK);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_case_close(led, cid, "upheld", 20210202, &err),
                   GK_E_STATE);

  gk_report *r20 = report_of(led, 2020);
  assert_string_equal(gk_template_name(gk_report_template(r20)), "2019");
  assert_string_equal(gk_report_agency(r20), "某县人民政府");
  assert_int_equal(gk_report_period_from(r20), 20200101);
  assert_int_equal(gk_report_period_to(r20), 20201231);
  assert_int_equal(gk_report_date(r20), 20210115);
  assert_int_equal(cell(r20, "apply", "new", "natural"), U(2));
  assert_int_equal(cell(r20, "apply", "new", "business"), U(1));
  assert_int_equal(cell(r20, "apply", "new", "total"), U(3));
  assert_int_equal(cell(r20, "apply", "granted", "natural"), U(1));
  assert_int_equal(cell(r20, "apply", "total", "total"), U(1));
  assert_int_equal(cell(r20, "apply", "carried_out", "natural"), U(1));
  assert_int_equal(cell(r20, "apply", "carried_out", "business"), U(1));
  assert_int_equal(cell(r20, "review", "reconsideration", "pending"), U(1));
  assert_int_equal(cell(r20, "review", "reconsideration", "total"), U(1));
  assert_int_equal(gk_report_count(r20, GK_SEV_ERROR), 0);

  gk_report *r21 = report_of(led, 2021);
  assert_string_equal(gk_template_name(gk_report_template(r21)), "2021");
  assert_int_equal(cell(r21, "apply", "carried_in", "total"), U(2));
  assert_int_equal(cell(r21, "apply", "other.other", "business"), U(1));
  assert_int_equal(cell(r21, "apply", "partial", "natural"), U(1));
  assert_int_equal(cell(r21, "apply", "new", "legal"), U(1));
  assert_int_equal(cell(r21, "apply", "granted", "natural"), U(1));
  assert_int_equal(cell(r21, "apply", "carried_out", "legal"), U(1));
  assert_int_equal(cell(r21, "review", "reconsideration", "corrected"), U(1));
  assert_int_equal(cell(r21, "review", "reconsideration", "pending"), 0);
  assert_int_equal(gk_report_count(r21, GK_SEV_ERROR), 0);
  /* The draft states the numbers and is marked as a draft. */
  size_t len = 0;
  const char *s1 = gk_report_section(r21, 1, &len);
  assert_non_null(strstr(s1, "草稿"));
  assert_non_null(strstr(s1, "本年共收到政府信息公开申请2件"));
  assert_non_null(strstr(s1, "行政复议1件"));
  assert_non_null(strstr(s1, "行政诉讼0件"));
  assert_non_null(strstr(s1, "上年结转政府信息公开申请2件"));
  const char *s6 = gk_report_section(r21, 6, &len);
  assert_non_null(strstr(s6, "向1件申请收取信息处理费，共计4700元"));
  assert_non_null(strstr(gk_report_section(r20, 6, &len), "本年未收取"));
  gk_report_free(r20);
  gk_report_free(r21);
  gk_ledger_free(led);
}

/* 2019 format: the 2021 outcomes other.* fold into its one row other. */
static void test_2019_folds_other_outcomes(void **state) {
  (void)state;
  gk_ledger *led = new_ledger("某局", "department");
  assert_int_equal(add_app(led, "B1", "research", 20190610), GK_OK);
  assert_int_equal(act(led, "B1", "withdraw", 20190612, NULL), GK_OK);
  gk_report *rep = report_of(led, 2019);
  assert_int_equal(cell(rep, "apply", "other", "research"), U(1));
  assert_int_equal(cell(rep, "apply", "total", "total"), U(1));
  int64_t n = 0;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_explain(led, 2019, "apply.other.research", NULL,
                                     NULL, &n, &err),
                   GK_OK);
  assert_int_equal(n, 1);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_explain(led, 2019, "apply.other.other_thing", NULL,
                                     NULL, &n, &err),
                   GK_E_ARG);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_explain(led, 2019, "apply.other.no_fee.natural",
                                     NULL, NULL, &n, &err),
                   GK_E_ARG); /* a 2021 row */
  gk_report_free(rep);
  gk_ledger_free(led);
}

/* The narrative check reads the draft: silent on the report as made, and
 * it catches a table changed behind the text. */
static void test_draft_agrees_with_tables(void **state) {
  (void)state;
  gk_ledger *led = new_ledger("某县人民政府", "county_gov_or_above");
  assert_int_equal(add_app(led, "C1", "natural", 20220110), GK_OK);
  assert_int_equal(add_app(led, "C2", "other", 20220210), GK_OK);
  gk_case c;
  memset(&c, 0, sizeof(c));
  c.kind = "litigation_after";
  c.application_ref = "C1";
  c.filed_on = 20220301;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_case_add(led, &c, NULL, &err), GK_OK);
  gk_report *rep = report_of(led, 2022);
  assert_int_equal(count_rule(rep, GK_RULE_NARRATIVE), 0);
  assert_int_equal(gk_report_count(rep, GK_SEV_ERROR), 0);
  gk_report_free(rep);
  static const char *const cells[][3] = {
      {"apply", "new", "total"},
      {"review", "reconsideration", "total"},
      {"review", "litigation_after", "total"},
  };
  for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
    gk_error_clear(&err);
    assert_int_equal(gk_ledger_report(led, 2022, 20230115, &rep, &err), GK_OK);
    int64_t v = cell(rep, cells[i][0], cells[i][1], cells[i][2]);
    assert_int_equal(
        gk_report_set(rep, cells[i][0], cells[i][1], cells[i][2], v + U(5)),
        GK_OK);
    assert_int_equal(gk_check_run(rep, GK_CHECK_NARRATIVE, &err), GK_OK);
    assert_int_equal(count_rule(rep, GK_RULE_NARRATIVE), 1);
    gk_report_free(rep);
  }
  gk_ledger_free(led);
}

/* Section 六: the applications that paid in the year and the sum of the
 * payments dated in it; a payment on 1 January counts in the new year,
 * whatever the year of its notice. */
static int sum_paid(const char *ref, const gk_app_fee *fee, void *ud) {
  int64_t *v = ud;
  assert_non_null(ref);
  v[0]++;
  v[1] += fee->paid_yuan;
  return 0;
}

static void test_fee_total_is_the_years_payments(void **state) {
  (void)state;
  gk_ledger *led = new_ledger("某县人民政府", "county_gov_or_above");
  gk_app_action a;
  memset(&a, 0, sizeof(a));
  a.action = "fee-notice";
  a.fee_by = GK_FEE_BY_PAGES;
  gk_error err;
  /* E1: 101 pages (700 + 20 = 720 元), noticed and paid in 2024 */
  assert_int_equal(add_app(led, "E1", "natural", 20240304), GK_OK);
  a.on = 20240305;
  a.pages = 101;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_act(led, "E1", &a, NULL, &err), GK_OK);
  assert_int_equal(act(led, "E1", "fee-paid", 20240311, NULL), GK_OK);
  /* E2: 250 pages (4,700 元), noticed in 2024, paid on 1 January 2025 */
  assert_int_equal(add_app(led, "E2", "business", 20241216), GK_OK);
  a.on = 20241220;
  a.pages = 250;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_act(led, "E2", &a, NULL, &err), GK_OK);
  assert_int_equal(act(led, "E2", "fee-paid", 20250101, NULL), GK_OK);
  /* E3: noticed in 2024, never paid (lapsed in 2025): no money */
  assert_int_equal(add_app(led, "E3", "natural", 20241216), GK_OK);
  a.on = 20241217;
  a.pages = 40;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_act(led, "E3", &a, NULL, &err), GK_OK);
  assert_int_equal(act(led, "E3", "fee-lapse", 20250120, NULL), GK_OK);
  /* E1 again: a second notice is refused (one notice per application,
   * 109号 第三条), so nothing is charged twice */
  a.on = 20240401;
  a.pages = 31;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_act(led, "E1", &a, NULL, &err), GK_E_STATE);

  size_t len = 0;
  gk_report *r24 = report_of(led, 2024);
  assert_int_equal(gk_report_count(r24, GK_SEV_ERROR), 0);
  assert_non_null(strstr(gk_report_section(r24, 6, &len),
                         "向1件申请收取信息处理费，共计720元"));
  gk_report *r25 = report_of(led, 2025);
  assert_int_equal(gk_report_count(r25, GK_SEV_ERROR), 0);
  assert_non_null(strstr(gk_report_section(r25, 6, &len),
                         "向1件申请收取信息处理费，共计4700元"));
  gk_report *r23 = report_of(led, 2023);
  assert_non_null(strstr(gk_report_section(r23, 6, &len), "本年未收取"));
  /* the list adds up to the same figures */
  int64_t apps = -1, yuan = -1, seen[2] = {0, 0};
  gk_error_clear(&err);
  assert_int_equal(
      gk_ledger_fees_paid(led, 2024, sum_paid, seen, &apps, &yuan, &err),
      GK_OK);
  assert_int_equal(apps, 1);
  assert_int_equal(yuan, 720);
  assert_int_equal(seen[0], 1);
  assert_int_equal(seen[1], 720);
  assert_int_equal(
      gk_ledger_fees_paid(led, 2025, NULL, NULL, &apps, &yuan, &err), GK_OK);
  assert_int_equal(apps, 1);
  assert_int_equal(yuan, 4700);
  assert_int_equal(gk_ledger_fees_paid(led, 99, NULL, NULL, &apps, &yuan, &err),
                   GK_E_ARG);
  gk_report_free(r23);
  gk_report_free(r24);
  gk_report_free(r25);
  gk_ledger_free(led);
}

/* === Allocation failure: every allocation of the report fails in turn === */

typedef struct failing {
  long n;       /* allocations so far */
  long fail_at; /* the allocation that fails, 0: none */
} failing;

static void *f_malloc(size_t size, void *ud) {
  failing *f = ud;
  return ++f->n == f->fail_at ? NULL : malloc(size);
}
static void *f_realloc(void *p, size_t size, void *ud) {
  failing *f = ud;
  return ++f->n == f->fail_at ? NULL : realloc(p, size);
}
static void f_free(void *p, void *ud) {
  (void)ud;
  free(p);
}

static void test_report_allocation_failure_is_nomem(void **state) {
  (void)state;
  failing f = {0, 0};
  gk_alloc a = {f_malloc, f_realloc, f_free, &f};
  gk_ledger *led = new_ledger_alloc("某局", "department", &a);
  gk_error err;
  assert_int_equal(add_app(led, "F1", "natural", 20220301), GK_OK);
  /* a fee paid: section 六 sums it under the failing allocator too */
  assert_int_equal(act(led, "F1", "fee-notice", 20220302, NULL), GK_OK);
  assert_int_equal(act(led, "F1", "fee-paid", 20220303, NULL), GK_OK);
  assert_int_equal(act(led, "F1", "answer", 20220310, "granted"), GK_OK);
  int saw_nomem = 0;
  for (long k = 1;; k++) {
    f.fail_at = f.n + k;
    gk_report *rep = NULL;
    gk_error_clear(&err);
    gk_status st = gk_ledger_report(led, 2022, 20230115, &rep, &err);
    if (st == GK_OK) {
      assert_non_null(rep);
      size_t len = 0;
      assert_non_null(strstr(gk_report_section(rep, 6, &len), "共计4700元"));
      gk_report_free(rep);
      break;
    }
    assert_int_equal(st, GK_E_NOMEM);
    assert_null(rep);
    saw_nomem++;
  }
  f.fail_at = 0;
  assert_true(saw_nomem > 3);
  gk_ledger_free(led);
}

/* === Property: random lawful histories === */

#define Y0 2019
#define Y1 2023
#define MAX_APPS 48

#define MAX_PAID (MAX_APPS * 4)
#define NKEYS 3

typedef struct history {
  int n;
  char ref[MAX_APPS][16];
  int32_t received[MAX_APPS];
  int key[MAX_APPS];          /* applicant (index of keys[]), -1: none */
  int64_t open_fee[MAX_APPS]; /* noticed, not yet paid or lapsed */
  int npaid;                  /* payments, as the test saw them made */
  int paid_app[MAX_PAID];
  int32_t paid_on[MAX_PAID];
  int64_t paid_yuan[MAX_PAID];
  int piece; /* notices charged by piece */
} history;

/* One applicant written three ways: the ledger compares them normalised. */
static const char *const keys[NKEYS][2] = {
    {"11010119900101123X", " 11010119900101123x"},
    {"91110000100000000A", "９１１１００００１０００００００００Ａ"},
    {"G12345678", "g 12345678"},
};

/* 109号 written out again, independently of src/lib/deadline/fee.c: a
 * page at a time, and the n-th application of a month by its band. */
static int64_t oracle_pages(int64_t pages) {
  int64_t y = 0;
  for (int64_t p = 1; p <= pages; p++)
    y += p <= 30 ? 0 : p <= 100 ? 10 : p <= 200 ? 20 : 40;
  return y;
}

static int64_t oracle_piece(int64_t n) {
  return n <= 10 ? 0 : n <= 30 ? 100 : 200 + (n - 31) / 10 * 100;
}

/* The rank of application i among its applicant's registered so far
 * (0..i) received in its month: by day, then registration. */
static int64_t oracle_rank(const history *h, int i) {
  int64_t k = 0;
  for (int j = 0; j <= i; j++)
    if (h->key[j] == h->key[i] &&
        h->received[j] / 100 == h->received[i] / 100 &&
        h->received[j] <= h->received[i])
      k++;
  return k;
}

static int last_fee(const gk_app_fee *fee, void *ud) {
  *(gk_app_fee *)ud = *fee;
  return 0;
}

/* Outcome row ids of the 2021 apply table (what an answer may be). */
static size_t outcomes(const char **out, size_t max) {
  const gk_template *tpl = t21();
  size_t t = tix(tpl, "apply"), n = 0;
  static const char *const not_outcome[] = {"new", "carried_in", "total",
                                            "carried_out"};
  for (size_t r = 0; r < gk_template_row_count(tpl, t) && n < max; r++) {
    const char *id = gk_template_row_id(tpl, t, r);
    int skip = 0;
    for (size_t k = 0; k < 4; k++)
      skip |= strcmp(id, not_outcome[k]) == 0;
    if (!skip)
      out[n++] = id;
  }
  return n;
}

/* Row ids of table disclose over both formats (record kinds). */
static size_t kinds(const char **out, size_t max) {
  size_t n = 0;
  const char *names[] = {"2019", "2021"};
  for (int k = 0; k < 2; k++) {
    const gk_template *tpl = gk_template_by_name(names[k]);
    size_t t = tix(tpl, "disclose");
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++) {
      const char *id = gk_template_row_id(tpl, t, r);
      size_t i = 0;
      while (i < n && strcmp(out[i], id) != 0)
        i++;
      if (i == n && n < max)
        out[n++] = id;
    }
  }
  return n;
}

/* True if some format's disclose row 'kind' has column 'col'. */
static int kind_has(const char *kind, const char *col) {
  const char *names[] = {"2019", "2021"};
  for (int k = 0; k < 2; k++) {
    const gk_template *tpl = gk_template_by_name(names[k]);
    size_t t = 0, r = 0, c = 0;
    if (!gk_template_find(tpl, "disclose", kind, col, &t, &r, &c))
      return 1;
  }
  return 0;
}

static int32_t random_day(rng *g) {
  return add_days(Y0 * 10000 + 101, below(g, (Y1 - Y0 + 1) * 365));
}

/* A fee notice by a random method; the fee the ledger stores must be the
 * oracle's, and a 0 元 fee must be refused. */
static void random_fee_notice(gk_ledger *led, rng *g, history *h, int i,
                              int32_t day) {
  gk_app_action a;
  memset(&a, 0, sizeof(a));
  a.action = "fee-notice";
  a.on = day;
  int64_t want;
  if (h->key[i] >= 0 && below(g, 2)) {
    a.fee_by = GK_FEE_BY_PIECE;
    want = oracle_piece(oracle_rank(h, i));
  } else {
    a.fee_by = GK_FEE_BY_PAGES;
    a.pages = below(g, 4) ? below(g, 400) : below(g, 40);
    want = oracle_pages(a.pages);
  }
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_app_act(led, h->ref[i], &a, NULL, &err);
  if (!want) {
    assert_int_not_equal(st, GK_OK);
    return;
  }
  if (st)
    return; /* not lawful now (state, date) */
  gk_app_fee f;
  memset(&f, 0, sizeof(f));
  assert_int_equal(gk_ledger_app_fees(led, h->ref[i], last_fee, &f, NULL),
                   GK_OK);
  assert_int_equal(f.yuan, want);
  assert_int_equal(f.noticed_on, day);
  assert_int_equal(f.method, a.fee_by);
  h->open_fee[i] = want;
  h->piece += a.fee_by == GK_FEE_BY_PIECE;
}

/* Any other action; what it does to the fee the test keeps. */
static void random_act(gk_ledger *led, history *h, int i, const char *a,
                       int32_t day, const char *o) {
  if (act(led, h->ref[i], a, day, o))
    return;
  if (strcmp(a, "fee-paid") == 0) {
    assert_true(h->open_fee[i] > 0 && h->npaid < MAX_PAID);
    h->paid_app[h->npaid] = i;
    h->paid_on[h->npaid] = day;
    h->paid_yuan[h->npaid++] = h->open_fee[i];
  }
  if (strncmp(a, "fee-", 4) == 0 || strcmp(a, "withdraw") == 0)
    h->open_fee[i] = 0;
}

static void random_history(gk_ledger *led, rng *g, history *h) {
  const char *outs[32];
  size_t nout = outcomes(outs, 32);
  const gk_template *tpl = t21();
  size_t ta = tix(tpl, "apply");
  size_t ntypes = gk_template_col_count(tpl, ta, 0) - 1; /* less total */
  h->n = below(g, MAX_APPS);
  /* One history in four crowds its applications into one month, so that
   * an applicant passes 10 (and 30) applications and 按件 charges. */
  int32_t burst = below(g, 4) == 0 ? random_day(g) / 100 * 100 + 1 : 0;
  for (int i = 0; i < h->n; i++) {
    snprintf(h->ref[i], sizeof(h->ref[i]), "GK-%03d", i);
    const char *type =
        gk_template_col_id(tpl, ta, 0, (size_t)below(g, (int)ntypes));
    int32_t day = burst ? add_days(burst, below(g, 28)) : random_day(g);
    h->received[i] = day;
    /* a burst is mostly one applicant's */
    h->key[i] = burst && below(g, 4) ? 0 : below(g, NKEYS + 1) - 1;
    assert_int_equal(
        add_app_key(led, h->ref[i], type, day,
                    h->key[i] < 0 ? NULL : keys[h->key[i]][below(g, 2)]),
        GK_OK);
    /* A random walk over every action; the ledger refuses the unlawful. */
    int steps = below(g, 7);
    for (int s = 0; s < steps; s++) {
      day = add_days(day, below(g, 45));
      /* answer often, else any action: most applications end closed */
      const char *a = below(g, 3) == 0 ? "answer"
                      : burst && below(g, 3) == 0
                          ? "fee-notice"
                          : gk_app_action_name(
                                (size_t)below(g, (int)gk_app_action_count()));
      const char *o =
          strcmp(a, "answer") == 0 ? outs[below(g, (int)nout)] : NULL;
      if (strcmp(a, "fee-notice") == 0)
        random_fee_notice(led, g, h, i, day);
      else
        random_act(led, h, i, a, day, o);
    }
  }
  const char *ks[16];
  size_t nk = kinds(ks, 16);
  int nrec = below(g, 14);
  for (int i = 0; i < nrec; i++) {
    const char *k = ks[below(g, (int)nk)];
    int items = kind_has(k, "prior") && below(g, 3) == 0;
    int doc = kind_has(k, "in_force");
    int64_t amount = !items && kind_has(k, "amount") ? below(g, 200000) : 0;
    int32_t day = random_day(g);
    int64_t id = add_record(led, k, items, day, doc && !items ? 1 : below(g, 9),
                            amount, GK_OK);
    if (below(g, 5) == 0)
      continue; /* a draft: not in the report */
    gk_error err;
    char *was = become(led, "bob");
    int32_t pub = add_days(day, below(g, 40));
    assert_int_equal(approve(led, id, pub, &err), GK_OK);
    if (doc && !items && below(g, 3) == 0) {
      gk_error_clear(&err);
      assert_int_equal(
          gk_ledger_record_repeal(led, id, add_days(pub, below(g, 700)), &err),
          GK_OK);
    }
    become(led, was);
  }
  const gk_template *t = t21();
  size_t tr = tix(t, "review");
  int ncase = h->n ? below(g, 6) : 0;
  for (int i = 0; i < ncase; i++) {
    int a = below(g, h->n);
    gk_case c;
    memset(&c, 0, sizeof(c));
    c.kind = gk_template_row_id(
        t, tr, (size_t)below(g, (int)gk_template_row_count(t, tr)));
    c.application_ref = h->ref[a];
    c.filed_on = add_days(h->received[a], below(g, 300));
    int64_t id = 0;
    gk_error err;
    gk_error_clear(&err);
    assert_int_equal(gk_ledger_case_add(led, &c, &id, &err), GK_OK);
    if (below(g, 3) == 0)
      continue;
    /* upheld, corrected, other: the columns before pending */
    const char *o = gk_template_col_id(t, tr, 0, (size_t)below(g, 3));
    gk_error_clear(&err);
    assert_int_equal(gk_ledger_case_close(
                         led, id, o, add_days(c.filed_on, below(g, 400)), &err),
                     GK_OK);
  }
}

/* Every cell of apply counted independently from the applications. */
typedef struct oracle {
  const gk_template *tpl;
  int year;
  int64_t v[32][8];
} oracle;

static int outcome_row(const gk_template *tpl, size_t t, const char *o) {
  size_t r = 0;
  if (!gk_template_find(tpl, "apply", o, NULL, NULL, &r, NULL))
    return (int)r;
  char head[32];
  size_t n = strcspn(o, ".");
  snprintf(head, sizeof(head), "%.*s", (int)n, o);
  (void)t;
  if (!gk_template_find(tpl, "apply", head, NULL, NULL, &r, NULL))
    return (int)r;
  return -1;
}

static void bump(oracle *o, const char *row, const char *type) {
  size_t t = 0, r = 0, c = 0, tot = 0;
  assert_int_equal(gk_template_find(o->tpl, "apply", row, type, &t, &r, &c),
                   GK_OK);
  assert_int_equal(
      gk_template_find(o->tpl, "apply", row, "total", NULL, NULL, &tot), GK_OK);
  o->v[r][c]++;
  o->v[r][tot]++;
}

static int oracle_fn(const gk_app *a, void *ud) {
  oracle *o = ud;
  int32_t from = o->year * 10000 + 101, to = o->year * 10000 + 1231;
  int32_t closed = a->closed_on;
  if (a->received_on >= from && a->received_on <= to)
    bump(o, "new", a->applicant_type);
  if (a->received_on < from && (!closed || closed >= from))
    bump(o, "carried_in", a->applicant_type);
  if (closed >= from && closed <= to) {
    int r = outcome_row(o->tpl, 0, a->outcome);
    assert_true(r >= 0);
    size_t t = tix(o->tpl, "apply");
    bump(o, gk_template_row_id(o->tpl, t, (size_t)r), a->applicant_type);
    bump(o, "total", a->applicant_type);
  }
  if (a->received_on <= to && (!closed || closed > to))
    bump(o, "carried_out", a->applicant_type);
  return 0;
}

static int failures;

/* What the histories exercised, so the property cannot pass vacuously. */
static struct {
  int64_t closed, carried, decided, pending, disclose_cells, reports;
  int64_t fee_years, fee_yuan; /* years with fees paid, 元 in them */
  int64_t piece_fees;          /* notices charged by piece */
} seen;

static void fail_at(uint64_t seed, int year, const char *what) {
  if (failures++ < 10)
    fprintf(stderr, "ledger property: seed %llu year %d: %s\n",
            (unsigned long long)seed, year, what);
}

/* Section 六 states the applications that paid in the year and the sum of
 * the payments dated in it, as the test counted them. */
static void check_fees(gk_ledger *led, const history *h, const gk_report *rep,
                       uint64_t seed, int y) {
  int64_t apps = 0, yuan = 0;
  for (int k = 0; k < h->npaid; k++) {
    if (h->paid_on[k] / 10000 != y)
      continue;
    yuan += h->paid_yuan[k];
    int first = 1; /* an application counts once however often it paid */
    for (int j = 0; j < k; j++)
      if (h->paid_app[j] == h->paid_app[k] && h->paid_on[j] / 10000 == y)
        first = 0;
    apps += first;
  }
  char want[160], what[320];
  if (apps)
    snprintf(want, sizeof(want), "向%lld件申请收取信息处理费，共计%lld元",
             (long long)apps, (long long)yuan);
  else
    snprintf(want, sizeof(want), "本年未收取政府信息公开信息处理费");
  size_t len = 0;
  const char *s6 = gk_report_section(rep, 6, &len);
  if (!s6 || !strstr(s6, want)) {
    snprintf(what, sizeof(what), "section 6 lacks '%s'", want);
    fail_at(seed, y, what);
  }
  int64_t lapps = -1, lyuan = -1;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(
      gk_ledger_fees_paid(led, y, NULL, NULL, &lapps, &lyuan, &err), GK_OK);
  if (lapps != apps || lyuan != yuan)
    fail_at(seed, y, "gk_ledger_fees_paid disagrees with the payments made");
  seen.fee_years += apps > 0;
  seen.fee_yuan += yuan;
}

static void check_history(gk_ledger *led, const history *h, uint64_t seed,
                          int explain) {
  gk_report *prev = NULL;
  for (int y = Y0; y <= Y1 + 1; y++) {
    gk_report *rep = report_of(led, y);
    const gk_template *tpl = gk_report_template(rep);
    size_t ta = tix(tpl, "apply");
    char what[256];
    if (gk_report_count(rep, GK_SEV_ERROR) ||
        count_rule(rep, GK_RULE_NARRATIVE)) {
      const gk_finding *f = gk_report_finding(rep, 0);
      snprintf(what, sizeof(what), "finding %s: %s", gk_finding_rule(f),
               gk_finding_message(f, GK_LANG_EN));
      fail_at(seed, y, what);
    }
    seen.reports++;
    check_fees(led, h, rep, seed, y);
    seen.closed += cell(rep, "apply", "total", "total") / GK_SCALE;
    seen.carried += cell(rep, "apply", "carried_in", "total") / GK_SCALE;
    seen.pending +=
        cell(rep, "review", "reconsideration", "pending") / GK_SCALE;
    seen.decided += (cell(rep, "review", "litigation_direct", "total") -
                     cell(rep, "review", "litigation_direct", "pending")) /
                    GK_SCALE;
    size_t td = tix(tpl, "disclose");
    for (size_t r = 0; r < gk_template_row_count(tpl, td); r++)
      for (size_t c = 0; c < gk_template_col_count(tpl, td, r); c++)
        seen.disclose_cells += gk_report_cell(rep, td, r, c) != 0;
    oracle o;
    memset(&o, 0, sizeof(o));
    o.tpl = tpl;
    o.year = y;
    gk_app_filter flt;
    memset(&flt, 0, sizeof(flt));
    gk_error err;
    gk_error_clear(&err);
    assert_int_equal(gk_ledger_app_list(led, &flt, oracle_fn, &o, &err), GK_OK);
    for (size_t r = 0; r < gk_template_row_count(tpl, ta); r++)
      for (size_t c = 0; c < gk_template_col_count(tpl, ta, r); c++) {
        if (gk_report_cell(rep, ta, r, c) != U(o.v[r][c])) {
          snprintf(what, sizeof(what), "apply.%s.%s is %lld, counted %lld",
                   gk_template_row_id(tpl, ta, r),
                   gk_template_col_id(tpl, ta, r, c),
                   (long long)(gk_report_cell(rep, ta, r, c) / GK_SCALE),
                   (long long)o.v[r][c]);
          fail_at(seed, y, what);
        }
        if (!explain)
          continue;
        char id[96];
        snprintf(id, sizeof(id), "apply.%s.%s", gk_template_row_id(tpl, ta, r),
                 gk_template_col_id(tpl, ta, r, c));
        int64_t n = -1;
        gk_error_clear(&err);
        assert_int_equal(gk_ledger_explain(led, y, id, NULL, NULL, &n, &err),
                         GK_OK);
        if (U(n) != gk_report_cell(rep, ta, r, c))
          fail_at(seed, y, id);
      }
    if (prev) {
      const gk_template *pt = gk_report_template(prev);
      size_t pa = tix(pt, "apply");
      for (size_t c = 0; c < gk_template_col_count(tpl, ta, 0); c++) {
        const char *col = gk_template_col_id(tpl, ta, 0, c);
        (void)pa;
        if (cell(prev, "apply", "carried_out", col) !=
            cell(rep, "apply", "carried_in", col))
          fail_at(seed, y, "carried_out(N-1) != carried_in(N)");
      }
      if (pt == tpl && !strcmp(gk_template_name(tpl), "2021")) {
        const char *docs[] = {"regulation", "normative"};
        for (int k = 0; k < 2; k++)
          if (cell(rep, "disclose", docs[k], "in_force") !=
              cell(prev, "disclose", docs[k], "in_force") +
                  cell(rep, "disclose", docs[k], "issued") -
                  cell(rep, "disclose", docs[k], "repealed"))
            fail_at(seed, y,
                    "in_force(N) != in_force(N-1) + issued - repealed");
      }
    }
    gk_report_free(prev);
    prev = rep;
  }
  gk_report_free(prev);
}

static void test_property_random_histories(void **state) {
  (void)state;
  uint64_t n = env_u64("GK_LEDGER_PROPERTY_N",
                       lt_pg() ? PG_HISTORIES : DEFAULT_HISTORIES);
  uint64_t seed0 = env_u64("GK_LEDGER_PROPERTY_SEED", 1);
  failures = 0;
  memset(&seen, 0, sizeof(seen));
  for (uint64_t i = 0; i < n; i++) {
    rng g = {seed0 + i};
    history h;
    memset(&h, 0, sizeof(h));
    gk_ledger *led = new_ledger(i % 2 ? "某县人民政府" : "某县某局",
                                i % 2 ? "county_gov_or_above" : "department");
    random_history(led, &g, &h);
    check_history(led, &h, seed0 + i, i % 25 == 0);
    seen.piece_fees += h.piece;
    gk_ledger_free(led);
  }
  if (failures)
    fprintf(stderr, "ledger property: %d failures in %llu histories\n",
            failures, (unsigned long long)n);
  fprintf(stderr,
          "ledger property: %llu histories, %lld reports: %lld closed, %lld "
          "carried in, %lld cases decided, %lld pending, %lld disclose "
          "cells not 0, %lld years with fees (%lld 元), %lld by piece\n",
          (unsigned long long)n, (long long)seen.reports,
          (long long)seen.closed, (long long)seen.carried,
          (long long)seen.decided, (long long)seen.pending,
          (long long)seen.disclose_cells, (long long)seen.fee_years,
          (long long)seen.fee_yuan, (long long)seen.piece_fees);
  assert_int_equal(failures, 0);
  if (n >= 20) {
    assert_true(seen.closed > 0 && seen.carried > 0 && seen.decided > 0 &&
                seen.pending > 0 && seen.disclose_cells > 0 &&
                seen.fee_years > 0 && seen.piece_fees > 0);
  }
}

int main(void) {
#ifdef __GLIBC__
  /* Thousands of ledgers made and freed: keep the heap instead of giving
   * it back and faulting it in again each time (5x faster here). */
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
#endif
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_drafter_cannot_approve_own_record),
      cmocka_unit_test(test_records_refuse_bad_input),
      cmocka_unit_test(test_report_counts_by_the_rules),
      cmocka_unit_test(test_2019_folds_other_outcomes),
      cmocka_unit_test(test_draft_agrees_with_tables),
      cmocka_unit_test(test_fee_total_is_the_years_payments),
      cmocka_unit_test(test_report_allocation_failure_is_nomem),
      cmocka_unit_test(test_property_random_histories),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  if (pgl.dir[0]) { /* the key file of the PostgreSQL ledgers */
    if (pgl.key[0])
      remove(pgl.key);
    remove(pgl.dir);
  }
  return rc;
}
