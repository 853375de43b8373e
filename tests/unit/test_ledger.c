/* test_ledger.c: the ledger (src/lib/ledger): store, migrations, audit
 * log, the day of receipt (条例 第三十一条), every state × action pair of
 * the state machine, due dates, CSV import (all or nothing) and export. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "gongkai.h"
#include "ledger_target.h" /* the same tests on SQLite and PostgreSQL */

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A fresh ledger in a temporary directory (ledger_target.h: a file, or a
 * PostgreSQL schema). */
typedef struct fixture {
  char dir[64];
  char path[512];
  char key[128];
  gk_ledger *led;
} fixture;

/* Options of a ledger of 'f' (its key file on PostgreSQL). */
static gk_ledger_opts fopts(fixture *f) {
  return lt_opts(f->dir, f->key, sizeof(f->key), "tester");
}

static int setup(void **state) {
  fixture *f = calloc(1, sizeof(*f));
  if (!f)
    return -1;
  snprintf(f->dir, sizeof(f->dir), "/tmp/gk_ledger_XXXXXX");
  if (!mkdtemp(f->dir))
    return -1;
  if (lt_target(f->dir, "l.db", f->path, sizeof(f->path)))
    return -1;
  gk_ledger_opts o = fopts(f);
  gk_error err;
  gk_error_clear(&err);
  if (gk_ledger_create(&f->led, f->path, "测试局", "department", &o, &err))
    return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  gk_ledger_free(f->led);
  char cmd[160];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
  if (system(cmd) != 0)
    return -1;
  free(f);
  return 0;
}

/* One integer from SQL on the ledger (a second connection). */
static int64_t sql_int(const char *path, const char *sql) {
  return lt_int(path, sql);
}

static gk_status add(gk_ledger *led, const char *ref, int32_t arrived) {
  gk_app_input in = {GK_APP_INPUT_VERSION, ref, "natural", "张三", NULL, "in_person", arrived, 0,
                     "某文件", NULL};
  return gk_ledger_app_add(led, &in, NULL, NULL);
}

static gk_status act(gk_ledger *led, const char *ref, const char *action,
                     int32_t on, gk_error *err) {
  gk_app_action a = {GK_APP_ACTION_VERSION, action, on, NULL, NULL, NULL, 0, 0, 0, 0, NULL, 0};
  if (strcmp(action, "fee-notice") == 0) {
    a.fee_by = GK_FEE_BY_PAGES; /* 250 pages: 4,700 元 */
    a.pages = 250;
  }
  if (strcmp(action, "answer") == 0) {
    a.outcome = "granted";
    a.basis = "《政府信息公开条例》第三十六条";
  }
  if (strcmp(action, "extend") == 0) {
    a.reason = "需要调取档案";
    a.days = 10;
  }
  if (strcmp(action, "later-deadline") == 0) { /* 第三十五条 */
    a.reason = "申请人称系课题研究需要";
    a.until = 20250815;
  }
  return gk_ledger_app_act(led, ref, &a, NULL, err);
}

static gk_app *get(gk_ledger *led, const char *ref) {
  gk_app *app = NULL;
  assert_int_equal(gk_ledger_app_get(led, ref, &app, NULL), GK_OK);
  return app;
}

/* === Store === */

static void test_create_records_meta_and_schema(void **state) {
  fixture *f = *state;
  assert_string_equal(gk_ledger_agency(f->led), "测试局");
  assert_string_equal(gk_ledger_level(f->led), "department");
  assert_int_equal(gk_ledger_schema_version(f->led), gk_ledger_schema_latest());
  assert_int_equal(sql_int(f->path, "SELECT max(version) FROM migrations"),
                   gk_ledger_schema_latest());
  if (lt_pg()) { /* the same indexes, from PostgreSQL's catalogue */
    assert_true(sql_int(f->path, "SELECT count(*) FROM pg_indexes WHERE "
                                 "schemaname = current_schema() AND "
                                 "tablename = 'applications' AND indexdef "
                                 "LIKE '%received_on%'") >= 1);
    assert_true(sql_int(f->path, "SELECT count(*) FROM pg_indexes WHERE "
                                 "schemaname = current_schema() AND "
                                 "indexdef LIKE '%closed_on%'") >= 1);
    return;
  }
  /* SQLite's file: its header and journal */
  assert_int_equal(sql_int(f->path, "PRAGMA user_version"),
                   gk_ledger_schema_latest());
  assert_int_equal(
      sql_int(f->path, "SELECT count(*) FROM pragma_journal_mode WHERE "
                       "journal_mode = 'wal'"),
      1);
  /* the report queries by year: both dates are indexed (migration 2 adds
   * the report's covering indexes on them) */
  assert_true(sql_int(f->path, "SELECT count(*) FROM sqlite_master WHERE "
                               "type = 'index' AND tbl_name = "
                               "'applications' AND sql LIKE "
                               "'%received_on%'") >= 1);
  assert_true(sql_int(f->path, "SELECT count(*) FROM sqlite_master WHERE "
                               "type = 'index' AND sql LIKE "
                               "'%closed_on%'") >= 1);
}

static void test_create_refuses_existing_file_and_bad_level(void **state) {
  fixture *f = *state;
  gk_ledger *led = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_ledger_opts o = fopts(f);
  assert_int_equal(gk_ledger_create(&led, f->path, "x", "department", &o, &err),
                   GK_E_ARG);
  assert_non_null(strstr(err.message_en, "exists"));
  assert_null(led);
  char other[128];
  snprintf(other, sizeof(other), "%s/o.db", f->dir);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_create(&led, other, "x", "ministry", NULL, &err),
                   GK_E_ARG);
  assert_non_null(strstr(err.message_en, "ministry"));
  assert_int_equal(access(other, F_OK), -1);
}

static void test_open_refuses_newer_foreign_and_missing(void **state) {
  fixture *f = *state;
  gk_ledger *led = NULL;
  gk_error err;
  char p[128];
  if (lt_pg()) { /* no files: a database without a ledger, a newer one */
    char o[512];
    gk_ledger_opts lo = fopts(f);
    assert_int_equal(lt_target(f->dir, "other.db", o, sizeof(o)), 0);
    gk_error_clear(&err);
    assert_int_equal(gk_ledger_open(&led, o, &lo, &err), GK_E_DB);
    assert_non_null(strstr(err.message_en, "not a gongkai ledger"));
    gk_ledger_free(f->led);
    f->led = NULL;
    char sql[128];
    snprintf(sql, sizeof(sql),
             "INSERT INTO migrations VALUES (%d, 'x', 'x', 'x')",
             gk_ledger_schema_latest() + 1);
    assert_int_equal(lt_exec(f->path, sql), 0);
    gk_error_clear(&err);
    assert_int_equal(gk_ledger_open(&led, f->path, &lo, &err), GK_E_DB);
    assert_null(led);
    assert_non_null(strstr(err.message_en, "newer"));
    return;
  }
  /* missing */
  snprintf(p, sizeof(p), "%s/none.db", f->dir);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_open(&led, p, NULL, &err), GK_E_IO);
  /* not SQLite */
  snprintf(p, sizeof(p), "%s/text.db", f->dir);
  FILE *t = fopen(p, "w");
  assert_non_null(t);
  fputs("this is not a database, just text long enough to be a header\n", t);
  fclose(t);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_open(&led, p, NULL, &err), GK_E_DB);
  /* SQLite but not a ledger */
  snprintf(p, sizeof(p), "%s/other.db", f->dir);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_open(&led, p, NULL, &err), GK_E_DB);
  assert_int_equal(sql_int(p, "SELECT count(*) FROM sqlite_master"), 1);
  /* newer than this binary */
  gk_ledger_free(f->led);
  f->led = NULL;
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  char sql[64];
  snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
           gk_ledger_schema_latest() + 1);
  assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_open(&led, f->path, NULL, &err), GK_E_DB);
  assert_null(led);
  assert_non_null(strstr(err.message_en, "newer"));
}

static void test_audit_log_is_append_only_and_names_the_actor(void **state) {
  fixture *f = *state;
  assert_int_equal(add(f->led, "A-1", 20250609), GK_OK);
  assert_int_equal(
      sql_int(f->path, "SELECT count(*) FROM audit_log WHERE table_name = "
                       "'applications' AND action = 'insert' AND actor = "
                       "'tester' AND json_extract(after_json, '$.ref') = "
                       "'A-1'"),
      1);
  assert_int_not_equal(lt_exec(f->path, "UPDATE audit_log SET actor = 'x'"), 0);
  assert_int_not_equal(lt_exec(f->path, "DELETE FROM audit_log"), 0);
  assert_int_equal(
      sql_int(f->path, "SELECT count(*) FROM audit_log WHERE actor = 'x'"), 0);
  /* every transition leaves an event and a before/after pair */
  assert_int_equal(act(f->led, "A-1", "answer", 20250610, NULL), GK_OK);
  assert_int_equal(
      sql_int(f->path,
              "SELECT count(*) FROM audit_log WHERE action = 'update' AND "
              "json_extract(before_json, '$.state') = 'registered' AND "
              "json_extract(after_json, '$.state') = 'answered'"),
      1);
  assert_int_equal(sql_int(f->path, "SELECT count(*) FROM application_events "
                                    "WHERE kind = 'answer' AND on_date = "
                                    "'2025-06-10' AND actor = 'tester'"),
                   1);
}

/* === Fees (国办函〔2020〕109号, law.md "Fees") === */

static gk_status add_keyed(gk_ledger *led, const char *ref, const char *key,
                           int32_t arrived) {
  gk_app_input in = {GK_APP_INPUT_VERSION, ref,  "natural", NULL, NULL, "in_person", arrived, 0,
                     NULL, key};
  return gk_ledger_app_add(led, &in, NULL, NULL);
}

static gk_status fee_notice(gk_ledger *led, const char *ref, int32_t on,
                            int by, int64_t pages, gk_error *err) {
  gk_app_action a = {GK_APP_ACTION_VERSION, "fee-notice", on, NULL, NULL, NULL, 0, 0, by, pages,
                     NULL, 0};
  return gk_ledger_app_act(led, ref, &a, NULL, err);
}

typedef struct fees_seen {
  int n;
  gk_app_fee last;
  char receipt[32];
} fees_seen;

static int fee_cb(const gk_app_fee *fee, void *ud) {
  fees_seen *s = ud;
  s->n++;
  s->last = *fee;
  snprintf(s->receipt, sizeof(s->receipt), "%s",
           fee->receipt ? fee->receipt : "");
  s->last.receipt = NULL; /* borrowed: valid in the call only */
  return 0;
}

static fees_seen fees_of(gk_ledger *led, const char *ref) {
  fees_seen s;
  memset(&s, 0, sizeof(s));
  assert_int_equal(gk_ledger_app_fees(led, ref, fee_cb, &s, NULL), GK_OK);
  return s;
}

/* What a refused action must leave: no row, event or audit record more,
 * the state as it was. */
static int64_t changes(const char *path) {
  return sql_int(path, "SELECT (SELECT count(*) FROM audit_log) + "
                       "(SELECT count(*) FROM application_events) + "
                       "(SELECT count(*) FROM fees)");
}

static void test_fee_by_pages_is_stored_paid_and_audited(void **state) {
  fixture *f = *state;
  assert_int_equal(add(f->led, "P-1", 20250609), GK_OK);
  /* 250 pages: 70 x 10 + 100 x 20 + 50 x 40 = 4,700 元 */
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(
      fee_notice(f->led, "P-1", 20250610, GK_FEE_BY_PAGES, 250, &err), GK_OK);
  fees_seen s = fees_of(f->led, "P-1");
  assert_int_equal(s.n, 1);
  assert_int_equal(s.last.method, GK_FEE_BY_PAGES);
  assert_int_equal(s.last.units, 250);
  assert_int_equal(s.last.yuan, 4700);
  assert_int_equal(s.last.noticed_on, 20250610);
  assert_int_equal(s.last.paid_on, 0);
  assert_int_equal(sql_int(f->path, "SELECT yuan FROM fees"), 4700);
  assert_int_equal(
      sql_int(f->path,
              "SELECT count(*) FROM audit_log WHERE table_name = "
              "'fees' AND action = 'insert' AND actor = 'tester' AND "
              "CAST(json_extract(after_json, '$.yuan') AS INTEGER) = 4700"),
      1);
  assert_int_equal(sql_int(f->path, "SELECT json_extract(detail, '$.yuan') "
                                    "FROM application_events WHERE kind = "
                                    "'fee-notice'"),
                   4700);
  /* a receipt belongs to fee-paid only */
  gk_app_action a = {GK_APP_ACTION_VERSION, "fee-lapse", 20250709, NULL, NULL, NULL, 0, 0, 0, 0,
                     "川财〔2025〕001", 0};
  int64_t before = changes(f->path);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_act(f->led, "P-1", &a, NULL, &err), GK_E_ARG);
  assert_int_equal(changes(f->path), before);
  a.action = "fee-paid";
  a.on = 20250612;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_act(f->led, "P-1", &a, NULL, &err), GK_OK);
  s = fees_of(f->led, "P-1");
  assert_int_equal(s.n, 1);
  assert_int_equal(s.last.paid_on, 20250612);
  assert_int_equal(s.last.paid_yuan, 4700);
  assert_string_equal(s.receipt, "川财〔2025〕001");
  assert_int_equal(
      sql_int(
          f->path,
          "SELECT count(*) FROM audit_log WHERE table_name = "
          "'fees' AND action = 'update' AND "
          "json_extract(before_json, '$.paid_on') IS NULL AND "
          "CAST(json_extract(after_json, '$.paid_yuan') AS INTEGER) = 4700"),
      1);
  /* fees are never deleted */
  assert_int_not_equal(lt_exec(f->path, "DELETE FROM fees"), 0);
  assert_int_equal(sql_int(f->path, "SELECT count(*) FROM fees"), 1);
  /* a lapsed notice: marked, never paid */
  assert_int_equal(add(f->led, "P-2", 20250609), GK_OK);
  assert_int_equal(fee_notice(f->led, "P-2", 20250610, GK_FEE_BY_PAGES, 31,
                              NULL),
                   GK_OK);
  assert_int_equal(act(f->led, "P-2", "fee-lapse", 20250709, NULL), GK_OK);
  s = fees_of(f->led, "P-2");
  assert_int_equal(s.last.yuan, 10);
  assert_int_equal(s.last.lapsed_on, 20250709);
  assert_int_equal(s.last.paid_on, 0);
}

static void test_fee_notice_refuses_nothing_to_charge_and_bad_methods(
    void **state) {
  fixture *f = *state;
  assert_int_equal(add(f->led, "Z-1", 20250609), GK_OK);
  int64_t before = changes(f->path);
  static const struct {
    int by;
    int64_t pages;
    gk_status want;
  } cases[] = {
      {GK_FEE_BY_PAGES, 30, GK_E_STATE},  /* 30 pages are free */
      {GK_FEE_BY_PAGES, 0, GK_E_STATE},
      {GK_FEE_BY_PAGES, -1, GK_E_ARG},
      {0, 0, GK_E_ARG},                   /* no method */
      {0, 250, GK_E_ARG},                 /* pages but no method */
      {GK_FEE_BY_PIECE, 250, GK_E_ARG},   /* both */
      {GK_FEE_BY_PIECE, 0, GK_E_ARG},     /* no applicant key */
      {7, 0, GK_E_ARG},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    gk_error err;
    gk_error_clear(&err);
    assert_int_equal(fee_notice(f->led, "Z-1", 20250610, cases[i].by,
                                cases[i].pages, &err),
                     cases[i].want);
    assert_true(err.message[0] && err.message_en[0]);
    assert_int_equal(changes(f->path), before);
    gk_app *app = get(f->led, "Z-1");
    assert_string_equal(app->state, "registered");
    gk_app_free(f->led, app);
  }
  /* fee fields on another action */
  gk_app_action a = {GK_APP_ACTION_VERSION, "answer", 20250610, NULL, "granted", "第三十六条", 0, 0,
                     GK_FEE_BY_PAGES, 250, NULL, 0};
  assert_int_equal(gk_ledger_app_act(f->led, "Z-1", &a, NULL, NULL), GK_E_ARG);
  /* fee-paid without a notice: refused, nothing changed */
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(act(f->led, "Z-1", "fee-paid", 20250610, &err),
                   GK_E_STATE);
  assert_int_equal(changes(f->path), before);
  assert_int_equal(fees_of(f->led, "Z-1").n, 0);
}

/* 按件: the rank of the application among its applicant's received in the
 * same calendar month; the key is compared normalised. */
static void test_fee_by_piece_counts_the_applicants_month(void **state) {
  fixture *f = *state;
  /* 31 applications of one person in June 2025, written three ways */
  static const char *const spelled[] = {"11010119900101123x",
                                        " 110101 19900101123X",
                                        "１１０１０１１９９００１０１１２３Ｘ"};
  char ref[16];
  for (int i = 1; i <= 31; i++) {
    snprintf(ref, sizeof(ref), "K-%02d", i);
    assert_int_equal(add_keyed(f->led, ref, spelled[i % 3],
                               20250602 + (i - 1) / 3),
                     GK_OK);
  }
  /* another applicant and another month */
  assert_int_equal(add_keyed(f->led, "O-1", "91110000100000000A", 20250615),
                   GK_OK);
  assert_int_equal(add_keyed(f->led, "J-1", "11010119900101123X", 20250701),
                   GK_OK);
  /* Stored sealed (schema 7): shown masked; the three spellings are one
   * applicant by their keyed hash. */
  gk_app *k1 = get(f->led, "K-01"), *k2 = get(f->led, "K-02");
  assert_string_equal(k1->applicant_key, "110***********123X");
  assert_non_null(k1->applicant_key_hash);
  assert_string_equal(k1->applicant_key_hash, k2->applicant_key_hash);
  gk_app_free(f->led, k1);
  gk_app_free(f->led, k2);
  int64_t units = 0, yuan = -1;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_fee_quote(f->led, "K-10", GK_FEE_BY_PIECE, 0,
                                       &units, &yuan, &err),
                   GK_OK);
  assert_int_equal(units, 10);
  assert_int_equal(yuan, 0);
  /* the 10th: free, so the notice is refused and nothing changes */
  int64_t before = changes(f->path);
  gk_error_clear(&err);
  assert_int_equal(
      fee_notice(f->led, "K-10", 20250702, GK_FEE_BY_PIECE, 0, &err),
      GK_E_STATE);
  assert_non_null(strstr(err.message, "0 元"));
  assert_int_equal(changes(f->path), before);
  /* the 11th: 100 元 */
  assert_int_equal(
      fee_notice(f->led, "K-11", 20250702, GK_FEE_BY_PIECE, 0, NULL), GK_OK);
  fees_seen s = fees_of(f->led, "K-11");
  assert_int_equal(s.last.method, GK_FEE_BY_PIECE);
  assert_int_equal(s.last.units, 11);
  assert_int_equal(s.last.yuan, 100);
  /* the 31st: 200 元 */
  assert_int_equal(
      fee_notice(f->led, "K-31", 20250702, GK_FEE_BY_PIECE, 0, NULL), GK_OK);
  s = fees_of(f->led, "K-31");
  assert_int_equal(s.last.units, 31);
  assert_int_equal(s.last.yuan, 200);
  /* July restarts the count; another applicant has their own */
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_fee_quote(f->led, "J-1", GK_FEE_BY_PIECE, 0,
                                       &units, &yuan, &err),
                   GK_OK);
  assert_int_equal(units, 1);
  assert_int_equal(
      fee_notice(f->led, "J-1", 20250702, GK_FEE_BY_PIECE, 0, NULL),
      GK_E_STATE);
  assert_int_equal(gk_ledger_fee_quote(f->led, "O-1", GK_FEE_BY_PIECE, 0,
                                       &units, &yuan, NULL),
                   GK_OK);
  assert_int_equal(units, 1);
  assert_int_equal(gk_ledger_fee_quote(f->led, "nope", GK_FEE_BY_PIECE, 0,
                                       &units, &yuan, NULL),
                   GK_E_NOT_FOUND);
  /* the normaliser on its own */
  char out[8];
  assert_int_equal(gk_app_applicant_key("ａｂ c\xe3\x80\x80" "1", out,
                                        sizeof(out)),
                   4);
  assert_string_equal(out, "ABC1");
  assert_int_equal(gk_app_applicant_key("123456789", out, sizeof(out)), 9);
  assert_string_equal(out, "1234567"); /* cut, NUL-terminated */
  /* a key too long is refused at registration */
  char longkey[80];
  memset(longkey, '7', sizeof(longkey) - 1);
  longkey[sizeof(longkey) - 1] = '\0';
  assert_int_equal(add_keyed(f->led, "L-1", longkey, 20250602), GK_E_ARG);
}

/* === Receipt (条例 第三十一条) === */

/* Corrections: NULL keeps a field, "" clears it, the key is normalised;
 * refused ones change nothing; each is one audit row and no event. */
static void test_amend_corrects_details_only(void **state) {
  fixture *f = *state;
  assert_int_equal(add(f->led, "E-1", 20250602), GK_OK);
  gk_app *before = get(f->led, "E-1");
  int64_t events = sql_int(f->path, "SELECT count(*) FROM application_events");
  int64_t audits = sql_int(f->path, "SELECT count(*) FROM audit_log");
  gk_app_amendment am = {GK_APP_AMENDMENT_VERSION, "李四", "", NULL, " 9111０000100000000a", NULL, NULL, 0, 0};
  gk_app *after = NULL;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_amend(f->led, "E-1", &am, &after, &err),
                   GK_OK);
  assert_string_equal(after->applicant_name, "李四");
  assert_null(after->contact);
  assert_string_equal(after->description, "某文件"); /* NULL: kept */
  assert_string_equal(after->applicant_key, "911***********000A"); /* masked */
  /* what decides the deadline and the report is untouched */
  assert_int_equal(after->received_on, before->received_on);
  assert_int_equal(after->due_on, before->due_on);
  assert_string_equal(after->state, before->state);
  assert_string_equal(after->applicant_type, before->applicant_type);
  assert_int_equal(sql_int(f->path, "SELECT count(*) FROM application_events"),
                   events);
  assert_int_equal(sql_int(f->path, "SELECT count(*) FROM audit_log"),
                   audits + 1);
  gk_app_free(f->led, after);
  /* refused: nothing given, bad UTF-8, a key too long, an unknown ref */
  gk_app_amendment none = {GK_APP_AMENDMENT_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0};
  gk_app_amendment bad = {GK_APP_AMENDMENT_VERSION, "\xff", NULL, NULL, NULL, NULL, NULL, 0, 0};
  char longkey[80];
  memset(longkey, '1', sizeof(longkey) - 1);
  longkey[sizeof(longkey) - 1] = '\0';
  gk_app_amendment toolong = {GK_APP_AMENDMENT_VERSION, NULL, NULL, NULL, longkey, NULL, NULL, 0, 0};
  gk_app_amendment fine = {GK_APP_AMENDMENT_VERSION, "王五", NULL, NULL, NULL, NULL, NULL, 0, 0};
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_amend(f->led, "E-1", &none, NULL, &err),
                   GK_E_ARG);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_amend(f->led, "E-1", &bad, NULL, &err),
                   GK_E_ARG);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_amend(f->led, "E-1", &toolong, NULL, &err),
                   GK_E_ARG);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_amend(f->led, "E-9", &fine, NULL, &err),
                   GK_E_NOT_FOUND);
  assert_int_equal(sql_int(f->path, "SELECT count(*) FROM audit_log"),
                   audits + 1);
  gk_app *now = get(f->led, "E-1");
  assert_string_equal(now->applicant_name, "李四");
  gk_app_free(f->led, now);
  gk_app_free(f->led, before);
}

static void test_receipt_day_by_channel(void **state) {
  (void)state;
  static const struct {
    const char *channel;
    int32_t arrived, confirmed;
    gk_status st;
    int32_t received;
  } cases[] = {
      {"in_person", 20250609, 0, GK_OK, 20250609},
      {"registered_mail", 20250609, 0, GK_OK, 20250609},
      /* ordinary mail: the day it arrived, a later confirmation aside */
      {"ordinary_mail", 20250609, 20250611, GK_OK, 20250609},
      {"online", 0, 20250612, GK_OK, 20250612},
      {"fax", 20250609, 20250609, GK_OK, 20250609},
      {"ordinary_mail", 20250609, 0, GK_OK, 20250609},
      {"ordinary_mail", 0, 20250611, GK_E_ARG, 0}, /* needs the arrival */
      {"ordinary_mail", 20250611, 20250609, GK_E_ARG, 0}, /* before it */
      {"online", 20250612, 20250611, GK_E_ARG, 0}, /* confirmed before */
      {"in_person", 0, 0, GK_E_ARG, 0},            /* needs the day */
      {"registered_mail", 20250609, 20250610, GK_E_ARG, 0},
      {"pigeon", 20250609, 0, GK_E_ARG, 0},
      {"in_person", 20250631, 0, GK_E_ARG, 0}, /* no such day */
      {"online", 0, 20250229, GK_E_ARG, 0},
      {"online", 0, 20240229, GK_OK, 20240229},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    gk_app_input in = {GK_APP_INPUT_VERSION, "R", "natural", NULL, NULL, cases[i].channel,
                       cases[i].arrived, cases[i].confirmed, NULL, NULL};
    int32_t r = -1;
    gk_error err;
    gk_error_clear(&err);
    assert_int_equal(gk_app_receipt_day(&in, &r, &err), cases[i].st);
    if (cases[i].st == GK_OK)
      assert_int_equal(r, cases[i].received);
    else
      assert_true(err.message[0] && err.message_en[0]);
  }
}

/* === The state machine ===
 * Every state is reached by lawful steps from a new application received
 * Monday 2025-06-09; then every action is tried in it. The expectation is
 * written here from law.md, independently of the library's table. */

static const char *const all_states[] = {
    "registered", "correction_requested", "consulting", "fee_pending",
    "answered",   "abandoned",            "withdrawn"};
#define NSTATES (sizeof(all_states) / sizeof(all_states[0]))

static void reach(gk_ledger *led, const char *ref, const char *st) {
  assert_int_equal(add(led, ref, 20250609), GK_OK);
  if (strcmp(st, "correction_requested") == 0 || strcmp(st, "abandoned") == 0)
    assert_int_equal(act(led, ref, "request-correction", 20250610, NULL),
                     GK_OK);
  /* the default period to correct, 15 working days, ends on 2025-07-01 */
  if (strcmp(st, "abandoned") == 0)
    assert_int_equal(act(led, ref, "lapse", 20250702, NULL), GK_OK);
  if (strcmp(st, "consulting") == 0)
    assert_int_equal(act(led, ref, "consult", 20250610, NULL), GK_OK);
  if (strcmp(st, "fee_pending") == 0)
    assert_int_equal(act(led, ref, "fee-notice", 20250610, NULL), GK_OK);
  if (strcmp(st, "answered") == 0)
    assert_int_equal(act(led, ref, "answer", 20250610, NULL), GK_OK);
  if (strcmp(st, "withdrawn") == 0)
    assert_int_equal(act(led, ref, "withdraw", 20250610, NULL), GK_OK);
  gk_app *app = get(led, ref);
  assert_string_equal(app->state, st);
  gk_app_free(led, app);
}

static const struct {
  const char *action;
  const char *lawful_in[5]; /* states, NULL-terminated */
  const char *to;           /* state after it */
  const char *outcome;      /* outcome after it, NULL if open */
  int32_t on;               /* a day that meets the action's period */
} machine[] = {
    {"request-correction", {"registered"}, "correction_requested", NULL,
     20250612},
    {"correct", {"correction_requested"}, "registered", NULL, 20250612},
    {"lapse", {"correction_requested"}, "abandoned", "other.no_correction",
     20250702},
    {"consult", {"registered"}, "consulting", NULL, 20250612},
    {"consult-end", {"consulting"}, "registered", NULL, 20250612},
    {"extend", {"registered"}, "registered", NULL, 20250612},
    {"fee-notice", {"registered", "fee_pending"}, "fee_pending", NULL,
     20250612},
    {"fee-paid", {"fee_pending"}, "registered", NULL, 20250612},
    /* the 20 working days to pay from 2025-06-10 end on 2025-07-08 */
    {"fee-lapse", {"fee_pending"}, "abandoned", "other.no_fee", 20250709},
    {"answer", {"registered"}, "answered", "granted", 20250612},
    {"withdraw",
     {"registered", "correction_requested", "consulting", "fee_pending"},
     "withdrawn",
     "other.other",
     20250612},
    {"later-deadline", {"registered"}, "registered", NULL, 20250612},
};

static bool lawful(size_t a, const char *st) {
  for (size_t i = 0; i < 5 && machine[a].lawful_in[i]; i++)
    if (strcmp(machine[a].lawful_in[i], st) == 0)
      return true;
  return false;
}

static void test_every_state_action_pair(void **state) {
  fixture *f = *state;
  /* the library knows exactly these actions and states */
  assert_int_equal(gk_app_action_count(), sizeof(machine) / sizeof(machine[0]));
  assert_int_equal(gk_app_state_count(), NSTATES);
  for (size_t a = 0; a < sizeof(machine) / sizeof(machine[0]); a++)
    assert_string_equal(gk_app_action_name(a), machine[a].action);
  /* the enums name the same states, and the console's question (is this
   * action lawful here?) answers as the ledger acts below */
  for (size_t s = 0; s < NSTATES; s++) {
    assert_string_equal(gk_app_state_name(s), all_states[s]);
    for (size_t a = 0; a < sizeof(machine) / sizeof(machine[0]); a++)
      assert_int_equal(gk_app_action_allowed(a, s) != 0,
                       lawful(a, all_states[s]));
  }
  int n = 0;
  for (size_t s = 0; s < NSTATES; s++)
    for (size_t a = 0; a < sizeof(machine) / sizeof(machine[0]); a++) {
      char ref[32];
      snprintf(ref, sizeof(ref), "S%zu-A%zu", s, a);
      reach(f->led, ref, all_states[s]);
      int64_t audit =
          sql_int(f->path, "SELECT count(*) FROM audit_log");
      int64_t events =
          sql_int(f->path, "SELECT count(*) FROM application_events");
      gk_app *before = get(f->led, ref);
      gk_error err;
      gk_error_clear(&err);
      gk_status st = act(f->led, ref, machine[a].action, machine[a].on, &err);
      gk_app *after = get(f->led, ref);
      if (lawful(a, all_states[s])) {
        if (st != GK_OK)
          fail_msg("%s in %s refused: %s", machine[a].action, all_states[s],
                   err.message_en);
        assert_string_equal(after->state, machine[a].to);
        if (machine[a].outcome) {
          assert_string_equal(after->outcome, machine[a].outcome);
          assert_int_equal(after->closed_on, machine[a].on);
          assert_non_null(after->basis);
        } else {
          assert_null(after->outcome);
          assert_int_equal(after->closed_on, 0);
        }
        assert_int_equal(
            sql_int(f->path, "SELECT count(*) FROM application_events"),
            events + 1);
      } else {
        if (st != GK_E_STATE)
          fail_msg("%s in %s: status %d, expected GK_E_STATE",
                   machine[a].action, all_states[s], (int)st);
        assert_non_null(strstr(err.message_en, machine[a].action));
        /* nothing changed: row, events, audit log */
        assert_string_equal(after->state, before->state);
        assert_int_equal(after->due_on, before->due_on);
        assert_int_equal(sql_int(f->path, "SELECT count(*) FROM audit_log"),
                         audit);
        assert_int_equal(
            sql_int(f->path, "SELECT count(*) FROM application_events"),
            events);
      }
      gk_app_free(f->led, before);
      gk_app_free(f->led, after);
      n++;
    }
  assert_int_equal(n, 84); /* 7 states × 12 actions */
}

/* Conditions beyond the state: once-only steps, periods, outcome, basis. */
static void test_actions_hold_the_law_beyond_state(void **state) {
  fixture *f = *state;
  gk_error err;
  gk_app_action a;
  assert_int_equal(add(f->led, "C-1", 20250609), GK_OK);
  /* 补正 only within 7 working days of receipt (until 2025-06-18) */
  gk_error_clear(&err);
  assert_int_equal(act(f->led, "C-1", "request-correction", 20250619, &err),
                   GK_E_STATE);
  assert_non_null(strstr(err.message, "2025-06-18"));
  assert_int_equal(act(f->led, "C-1", "request-correction", 20250618, NULL),
                   GK_OK);
  assert_int_equal(act(f->led, "C-1", "correct", 20250620, NULL), GK_OK);
  gk_app *app = get(f->led, "C-1");
  /* the period runs again from the correction: 20 working days after
   * Friday 2025-06-20 is Friday 2025-07-18 */
  assert_int_equal(app->period_from, 20250620);
  assert_int_equal(app->due_on, 20250718);
  gk_app_free(f->led, app);
  /* once only */
  gk_error_clear(&err);
  assert_int_equal(act(f->led, "C-1", "request-correction", 20250620, &err),
                   GK_E_STATE);
  /* extension: reason required, at most 20 days, once */
  memset(&a, 0, sizeof(a));
  a.action = "extend";
  a.on = 20250623;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_act(f->led, "C-1", &a, NULL, &err), GK_E_ARG);
  a.reason = "涉及多个部门";
  a.days = 21;
  assert_int_equal(gk_ledger_app_act(f->led, "C-1", &a, NULL, NULL), GK_E_ARG);
  a.days = 0; /* the maximum, 20 */
  assert_int_equal(gk_ledger_app_act(f->led, "C-1", &a, &app, NULL), GK_OK);
  assert_int_equal(app->extended, 20);
  assert_int_equal(app->due_on, 20250815); /* 2025-07-18 + 20 working days */
  gk_app_free(f->led, app);
  assert_int_equal(gk_ledger_app_act(f->led, "C-1", &a, NULL, NULL),
                   GK_E_STATE);
  /* an answer needs a known outcome row and a basis; the error suggests it */
  memset(&a, 0, sizeof(a));
  a.action = "answer";
  a.on = 20250624;
  a.outcome = "granted-ish";
  a.basis = "x";
  assert_int_equal(gk_ledger_app_act(f->led, "C-1", &a, NULL, NULL), GK_E_ARG);
  a.outcome = "other"; /* the 2019 row: the ledger keeps 2021 ids */
  assert_int_equal(gk_ledger_app_act(f->led, "C-1", &a, NULL, NULL), GK_E_ARG);
  a.outcome = "other.no_fee"; /* only fee-lapse gives it */
  assert_int_equal(gk_ledger_app_act(f->led, "C-1", &a, NULL, NULL), GK_E_ARG);
  a.outcome = "denied.third_party";
  a.basis = NULL;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_act(f->led, "C-1", &a, NULL, &err), GK_E_ARG);
  assert_non_null(strstr(err.message, "第十五条"));
  /* dates: not before the last step, not in the future */
  a.basis = gk_app_default_basis("denied.third_party");
  a.on = 20250619;
  assert_int_equal(gk_ledger_app_act(f->led, "C-1", &a, NULL, NULL), GK_E_ARG);
  a.on = 29990101;
  assert_int_equal(gk_ledger_app_act(f->led, "C-1", &a, NULL, NULL), GK_E_ARG);
  a.on = 20250631;
  assert_int_equal(gk_ledger_app_act(f->led, "C-1", &a, NULL, NULL), GK_E_ARG);
  a.on = 20250624;
  assert_int_equal(gk_ledger_app_act(f->led, "C-1", &a, &app, NULL), GK_OK);
  assert_string_equal(app->basis, "《政府信息公开条例》第十五条");
  gk_app_free(f->led, app);
  /* unable.unclear needs a correction first */
  assert_int_equal(add(f->led, "C-2", 20250609), GK_OK);
  memset(&a, 0, sizeof(a));
  a.action = "answer";
  a.on = 20250610;
  a.outcome = "unable.unclear";
  a.basis = gk_app_default_basis(a.outcome);
  assert_int_equal(gk_ledger_app_act(f->led, "C-2", &a, NULL, NULL), GK_E_ARG);
  /* unknown reference */
  gk_error_clear(&err);
  assert_int_equal(act(f->led, "nope", "answer", 20250610, &err),
                   GK_E_NOT_FOUND);
}

/* Pauses (consultation, fee) and holidays do not count; day 1 is the next
 * working day. */
static void test_due_dates_skip_weekends_and_pauses(void **state) {
  fixture *f = *state;
  gk_app *app = NULL;
  assert_int_equal(add(f->led, "D-1", 20250609), GK_OK);
  app = get(f->led, "D-1");
  assert_int_equal(app->due_on, 20250707); /* Monday + 20 working days */
  gk_app_free(f->led, app);
  /* third party: 15 working days to reply from Wednesday 2025-06-11 */
  assert_int_equal(act(f->led, "D-1", "consult", 20250611, NULL), GK_OK);
  app = get(f->led, "D-1");
  assert_int_equal(app->due_on, 20250702);
  gk_app_free(f->led, app);
  /* the reply came Tuesday 2025-06-17: the pause, both ends included
   * (06-11, 12, 13, 16, 17), does not count: 07-07 + 5 working days */
  assert_int_equal(act(f->led, "D-1", "consult-end", 20250617, NULL), GK_OK);
  app = get(f->led, "D-1");
  assert_int_equal(app->due_on, 20250714);
  gk_app_free(f->led, app);
  /* a fee notice on 06-18, paid 06-20: three more days */
  assert_int_equal(act(f->led, "D-1", "fee-notice", 20250618, NULL), GK_OK);
  assert_int_equal(act(f->led, "D-1", "fee-paid", 20250620, NULL), GK_OK);
  app = get(f->led, "D-1");
  assert_int_equal(app->due_on, 20250717);
  gk_app_free(f->led, app);
  /* a holiday: received Friday 2025-09-19, the National Day holiday
   * (10-01..10-08) does not count and Saturday 10-11 is worked */
  assert_int_equal(add(f->led, "D-2", 20250919), GK_OK);
  app = get(f->led, "D-2");
  assert_int_equal(app->due_on, 20251023);
  gk_app_free(f->led, app);
}

typedef struct collect {
  char refs[512];
} collect;

static int collect_ref(const gk_app *app, void *ud) {
  collect *c = ud;
  size_t n = strlen(c->refs);
  snprintf(c->refs + n, sizeof(c->refs) - n, "%s ", app->ref);
  return 0;
}

static void test_list_filters(void **state) {
  fixture *f = *state;
  assert_int_equal(add(f->led, "L-1", 20250602), GK_OK); /* due 06-30 */
  assert_int_equal(add(f->led, "L-2", 20250609), GK_OK); /* due 07-07 */
  gk_app_input in = {GK_APP_INPUT_VERSION, "L-3", "business", NULL, NULL, "online", 0, 20250609,
                     NULL, NULL};
  assert_int_equal(gk_ledger_app_add(f->led, &in, NULL, NULL), GK_OK);
  assert_int_equal(add(f->led, "L-4", 20250602), GK_OK);
  assert_int_equal(act(f->led, "L-4", "answer", 20250603, NULL), GK_OK);
  collect c;
  gk_app_filter flt;
  memset(&flt, 0, sizeof(flt));
  flt.today = 20250701;
  flt.overdue = 1;
  memset(&c, 0, sizeof(c));
  assert_int_equal(gk_ledger_app_list(f->led, &flt, collect_ref, &c, NULL),
                   GK_OK);
  assert_string_equal(c.refs, "L-1 ");
  flt.overdue = 0;
  flt.due_within = 4; /* 07-02 .. 07-07 */
  memset(&c, 0, sizeof(c));
  assert_int_equal(gk_ledger_app_list(f->led, &flt, collect_ref, &c, NULL),
                   GK_OK);
  assert_string_equal(c.refs, "L-1 L-2 L-3 ");
  memset(&flt, 0, sizeof(flt));
  flt.applicant_type = "business";
  memset(&c, 0, sizeof(c));
  assert_int_equal(gk_ledger_app_list(f->led, &flt, collect_ref, &c, NULL),
                   GK_OK);
  assert_string_equal(c.refs, "L-3 ");
  memset(&flt, 0, sizeof(flt));
  flt.state = "answered";
  memset(&c, 0, sizeof(c));
  assert_int_equal(gk_ledger_app_list(f->led, &flt, collect_ref, &c, NULL),
                   GK_OK);
  assert_string_equal(c.refs, "L-4 ");
  flt.state = "sleeping";
  assert_int_equal(gk_ledger_app_list(f->led, &flt, collect_ref, &c, NULL),
                   GK_E_ARG);
}

/* === CSV === */

static int buf_sink(const char *data, size_t len, void *ud) {
  char **b = ud;
  size_t n = *b ? strlen(*b) : 0;
  char *p = realloc(*b, n + len + 1);
  if (!p)
    return -1;
  memcpy(p + n, data, len);
  p[n + len] = '\0';
  *b = p;
  return 0;
}

#define HEADER                                                                 \
  "ref,applicant_type,applicant_name,contact,channel,arrived_on,"             \
  "received_on,description,state,outcome,basis,closed_on,due_on,extended\n"

static void test_import_is_all_or_nothing(void **state) {
  fixture *f = *state;
  static const struct {
    const char *row; /* the third data row (line 4) */
    const char *column;
  } bad[] = {
      {"X3,robot,,,in_person,,2025-06-09,,registered,,,,,", "applicant_type"},
      {"X3,natural,,,pigeon,,2025-06-09,,registered,,,,,", "channel"},
      {"X3,natural,,,fax,,2025-06-31,,registered,,,,,", "received_on"},
      {"X3,natural,,,fax,,2025-06-09,,answered,,,,,", "outcome"},
      {"X3,natural,,,fax,,2025-06-09,,answered,granted,,,,", "closed_on"},
      {"X3,natural,,,fax,,2025-06-09,,registered,granted,,2025-06-10,,",
       "outcome"},
      {"X3,natural,,,fax,,2025-06-09,,abandoned,granted,,2025-06-10,,",
       "outcome"},
      {"X3,natural,,,fax,,2025-06-09,,consulting,,,,,", "state"},
      {"X3,natural,,,fax,,2025-06-09,,registered,,,,,21", "extended"},
      {"X1,natural,,,fax,,2025-06-09,,registered,,,,,", "ref"}, /* dup */
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    char csv[1024];
    snprintf(csv, sizeof(csv),
             HEADER "X1,natural,张三,,in_person,2025-06-09,2025-06-09,\"a, "
                    "\"\"b\"\"\",registered,,,,,0\n"
                    "X2,business,,,online,,2025-06-10,,answered,partial,"
                    "第三十七条,2025-06-20,,\n%s\n",
             bad[i].row);
    gk_error err;
    gk_error_clear(&err);
    int64_t n = -1;
    assert_int_equal(gk_ledger_import_csv(f->led, csv, strlen(csv), "in.csv",
                                          &n, &err),
                     GK_E_ARG);
    assert_int_equal(err.line, 4);
    if (!strstr(err.message_en, bad[i].column) ||
        !strstr(err.message_en, "in.csv:4"))
      fail_msg("case %zu: %s", i, err.message_en);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM applications"), 0);
  }
}

static void test_export_import_round_trip(void **state) {
  fixture *f = *state;
  const char *csv =
      "\xEF\xBB\xBF" HEADER
      "R1,natural,张三,138,in_person,2025-06-09,2025-06-09,\"a, \"\"b\"\"\n"
      "c\",registered,,,,,0\r\n"
      "R2,business,某公司,,online,,2025-06-10,,answered,partial,第三十七条,"
      "2025-06-20,2025-07-08,\r\n"
      "\n"
      "R3,legal,,,fax,,2025-06-10,,abandoned,other.no_fee,109号,2025-07-20,"
      ",\n"
      "R4,other,,,ordinary_mail,,2025-06-10,,withdrawn,other.other,,"
      "2025-06-11,,5\n";
  int64_t n = 0;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_import_csv(f->led, csv, strlen(csv), "in.csv", &n,
                                        &err),
                   GK_OK);
  assert_int_equal(n, 4);
  gk_app *app = get(f->led, "R1");
  assert_string_equal(app->description, "a, \"b\"\nc");
  assert_int_equal(app->due_on, 20250707); /* computed: open, none given */
  gk_app_free(f->led, app);
  char *out1 = NULL, *out2 = NULL;
  assert_int_equal(gk_ledger_export_csv(f->led, buf_sink, &out1, NULL), GK_OK);
  /* into a second ledger, and out again: the same bytes */
  char p2[512];
  assert_int_equal(lt_target(f->dir, "second.db", p2, sizeof(p2)), 0);
  gk_ledger *l2 = NULL;
  gk_ledger_opts o2 = fopts(f);
  assert_int_equal(
      gk_ledger_create(&l2, p2, "乙", "county_gov_or_above", &o2, NULL), GK_OK);
  assert_int_equal(gk_ledger_import_csv(l2, out1, strlen(out1), "out1", &n,
                                        NULL),
                   GK_OK);
  assert_int_equal(gk_ledger_export_csv(l2, buf_sink, &out2, NULL), GK_OK);
  assert_string_equal(out1, out2);
  assert_non_null(strstr(out1, "R4,other,,,ordinary_mail,,2025-06-10,,"
                               "withdrawn,other.other,,2025-06-11,,5,,0,,,2025-06-10\n"));
  /* one audit record for the whole import */
  assert_int_equal(sql_int(p2, "SELECT count(*) FROM audit_log WHERE action = "
                               "'import' AND CAST(json_extract(after_json, "
                               "'$.rows') AS INTEGER) = 4"),
                   1);
  gk_ledger_free(l2);
  free(out1);
  free(out2);
}

/* === Issue 11: the law checked again (branch ledgerlaw) === */

/* A second ledger in the fixture's directory whose "today" is 'today'
 * (gk_ledger_opts.today: the clock tests set). */
static gk_ledger *ledger_at(fixture *f, const char *name, int32_t today) {
  char path[512];
  assert_int_equal(lt_target(f->dir, name, path, sizeof(path)), 0);
  gk_ledger_opts o = fopts(f);
  o.today = today;
  gk_ledger *led = NULL;
  assert_int_equal(gk_ledger_create(&led, path, "测试局", "department", &o,
                                    NULL),
                   GK_OK);
  return led;
}

typedef struct refs_seen {
  int n;
  char last[32];
} refs_seen;

static int seen(const gk_app *app, void *ud) {
  refs_seen *r = ud;
  r->n++;
  snprintf(r->last, sizeof(r->last), "%s", app->ref);
  return 0;
}

/* Point 1: a receipt in December whose period reaches a year without its
 * notice is registered with a provisional due date (weekends and the
 * statutory holidays), every dated step works, the missing notice is
 * reported from 1 November, and adding it recomputes the date. */
static void test_year_end_receipt_gets_a_provisional_due_date(void **state) {
  fixture *f = *state;
  gk_ledger *led = ledger_at(f, "y.db", 20261207);
  assert_int_equal(gk_ledger_notice_missing(led, 20261031), 0);
  assert_int_equal(gk_ledger_notice_missing(led, 20261101), 2027);
  assert_int_equal(gk_ledger_notice_missing(led, 0), 2027); /* its today */
  gk_app_input in = {GK_APP_INPUT_VERSION, "Y-1", "natural", NULL, NULL, "in_person", 20261207, 0,
                     NULL, NULL};
  gk_app *app = NULL;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_add(led, &in, &app, &err), GK_OK);
  assert_int_equal(app->due_on, 20270105); /* 01-01 元旦 off */
  assert_true(app->due_provisional);
  gk_app_free(led, app);
  gk_app_filter fl;
  memset(&fl, 0, sizeof(fl));
  fl.due_within = 5;
  fl.today = 20261230;
  refs_seen r = {0, ""};
  assert_int_equal(gk_ledger_app_list(led, &fl, seen, &r, NULL), GK_OK);
  assert_int_equal(r.n, 1);
  gk_app_action a;
  memset(&a, 0, sizeof(a));
  a.action = "extend"; /* on: the ledger's today */
  a.reason = "需要调取档案";
  a.days = 5;
  assert_int_equal(gk_ledger_app_act(led, "Y-1", &a, &app, NULL), GK_OK);
  assert_int_equal(app->due_on, 20270112);
  assert_true(app->due_provisional);
  gk_app_free(led, app);
  /* the notice arrives (a test notice, not the State Council's) */
  const char *t = "notice 2027 ? ?\noff 2027-01-01..2027-01-04 测试\n";
  int64_t changed = 0;
  assert_int_equal(gk_ledger_calendar_add(led, t, strlen(t), &changed, NULL),
                   GK_OK);
  assert_int_equal(changed, 1);
  app = get(led, "Y-1");
  assert_int_equal(app->due_on, 20270113);
  assert_false(app->due_provisional);
  gk_app_free(led, app);
  assert_int_equal(gk_ledger_notice_missing(led, 0), 0);
  gk_ledger_free(led);
}

/* Point 3: 补正 always has a period (default 15 working days, at most 30),
 * so the application stays in the lists, and lapse waits for its end. */
static void test_correction_period_is_required_and_lapse_waits(void **state) {
  fixture *f = *state;
  gk_app_action a;
  gk_app *app = NULL;
  gk_error err;
  assert_int_equal(add(f->led, "K-1", 20250609), GK_OK);
  memset(&a, 0, sizeof(a));
  a.action = "request-correction";
  a.on = 20250610;
  a.days = 31;
  assert_int_equal(gk_ledger_app_act(f->led, "K-1", &a, NULL, NULL), GK_E_ARG);
  a.days = 5;
  a.until = 20250620;
  assert_int_equal(gk_ledger_app_act(f->led, "K-1", &a, NULL, NULL), GK_E_ARG);
  a.days = 0;
  a.until = 20250801; /* past 30 working days (2025-07-22) */
  assert_int_equal(gk_ledger_app_act(f->led, "K-1", &a, NULL, NULL), GK_E_ARG);
  a.until = 0; /* the default: 15 working days after 06-10 */
  assert_int_equal(gk_ledger_app_act(f->led, "K-1", &a, &app, NULL), GK_OK);
  assert_string_equal(app->state, "correction_requested");
  assert_int_equal(app->due_on, 20250701);
  gk_app_free(f->led, app);
  /* it does not drop out of the lists */
  gk_app_filter fl;
  memset(&fl, 0, sizeof(fl));
  fl.overdue = 1;
  fl.today = 20250702;
  refs_seen r = {0, ""};
  assert_int_equal(gk_ledger_app_list(f->led, &fl, seen, &r, NULL), GK_OK);
  assert_int_equal(r.n, 1);
  assert_string_equal(r.last, "K-1");
  gk_error_clear(&err);
  assert_int_equal(act(f->led, "K-1", "lapse", 20250610, &err), GK_E_STATE);
  assert_non_null(strstr(err.message, "2025-07-01"));
  assert_int_equal(act(f->led, "K-1", "lapse", 20250701, NULL), GK_E_STATE);
  assert_int_equal(act(f->led, "K-1", "lapse", 20250702, NULL), GK_OK);
  /* --days N gives N working days */
  assert_int_equal(add(f->led, "K-2", 20250609), GK_OK);
  a.days = 3;
  assert_int_equal(gk_ledger_app_act(f->led, "K-2", &a, &app, NULL), GK_OK);
  assert_int_equal(app->due_on, 20250613);
  gk_app_free(f->led, app);
}

/* Point 4: one consultation per party; its 15 working days run from the
 * party's receipt; the excluded time ends with them and is shown. */
static void test_consultation_once_per_party_and_bounded(void **state) {
  fixture *f = *state;
  gk_app_action a;
  gk_app *app = NULL;
  /* received Monday 2025-06-09: due 2025-07-07 without pauses */
  assert_int_equal(add(f->led, "Q-1", 20250609), GK_OK);
  memset(&a, 0, sizeof(a));
  a.action = "consult";
  a.on = 20250610;
  a.reason = "第三方甲公司";
  a.served_on = 20250609; /* before the request */
  assert_int_equal(gk_ledger_app_act(f->led, "Q-1", &a, NULL, NULL), GK_E_ARG);
  a.served_on = 20250612; /* Thursday: 15 working days end 2025-07-03 */
  assert_int_equal(gk_ledger_app_act(f->led, "Q-1", &a, &app, NULL), GK_OK);
  assert_int_equal(app->due_on, 20250703);
  gk_app_free(f->led, app);
  /* the answer comes late, 2025-07-10: only 06-10..07-03 is excluded
   * (18 working days), so the reply is due 18 working days after
   * 2025-07-07: 2025-07-31 */
  memset(&a, 0, sizeof(a));
  a.action = "consult-end";
  a.on = 20250710;
  assert_int_equal(gk_ledger_app_act(f->led, "Q-1", &a, &app, NULL), GK_OK);
  assert_int_equal(app->excluded_days, 18);
  assert_int_equal(app->due_on, 20250731);
  gk_app_free(f->led, app);
  /* the same party again: refused, nothing changes */
  memset(&a, 0, sizeof(a));
  a.action = "consult";
  a.on = 20250711;
  a.reason = "第三方甲公司";
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_act(f->led, "Q-1", &a, NULL, &err),
                   GK_E_STATE);
  assert_non_null(strstr(err.message, "第三十二条"));
  a.reason = "乙机关"; /* another party: its own period */
  assert_int_equal(gk_ledger_app_act(f->led, "Q-1", &a, &app, NULL), GK_OK);
  assert_string_equal(app->state, "consulting");
  gk_app_free(f->led, app);
  app = get(f->led, "Q-1");
  assert_int_equal(app->excluded_days, 18);
  gk_app_free(f->led, app);
}

/* Point 5: an answer after the due date is possible and flagged; a fee
 * notice cannot pause a period that has ended. */
static void test_late_answer_is_flagged_and_late_fee_notice_refused(
    void **state) {
  fixture *f = *state;
  gk_app *app = NULL;
  assert_int_equal(add(f->led, "L-1", 20250609), GK_OK); /* due 07-07 */
  assert_int_equal(add(f->led, "L-2", 20250609), GK_OK);
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(act(f->led, "L-2", "fee-notice", 20250708, &err),
                   GK_E_STATE);
  assert_non_null(strstr(err.message, "2025-07-07"));
  app = get(f->led, "L-2");
  assert_string_equal(app->state, "registered");
  gk_app_free(f->led, app);
  assert_int_equal(act(f->led, "L-2", "answer", 20250707, NULL), GK_OK);
  assert_int_equal(act(f->led, "L-1", "answer", 20250708, NULL), GK_OK);
  app = get(f->led, "L-1");
  assert_true(app->late);
  gk_app_free(f->led, app);
  app = get(f->led, "L-2");
  assert_false(app->late);
  gk_app_free(f->led, app);
  gk_app_filter fl;
  memset(&fl, 0, sizeof(fl));
  fl.late = 1;
  refs_seen r = {0, ""};
  assert_int_equal(gk_ledger_app_list(f->led, &fl, seen, &r, NULL), GK_OK);
  assert_int_equal(r.n, 1);
  assert_string_equal(r.last, "L-1");
}

/* Point 6: ordinary mail is received the day it arrives; a later
 * confirmation is recorded and flagged, and moves nothing. */
static void test_ordinary_mail_is_received_on_arrival(void **state) {
  fixture *f = *state;
  gk_app_input in = {GK_APP_INPUT_VERSION, "M-1", "natural", NULL, NULL, "ordinary_mail", 20250609,
                     20250612, NULL, NULL};
  assert_true(gk_app_confirmed_late(&in));
  gk_app *app = NULL;
  assert_int_equal(gk_ledger_app_add(f->led, &in, &app, NULL), GK_OK);
  assert_int_equal(app->received_on, 20250609);
  assert_int_equal(app->due_on, 20250707);
  gk_app_free(f->led, app);
  in.confirmed_on = 20250609;
  assert_false(gk_app_confirmed_late(&in));
  in.channel = "online"; /* online: the day both sides confirm */
  in.confirmed_on = 20250612;
  assert_false(gk_app_confirmed_late(&in));
}

/* Point 7 (第三十五条): a reasonable later deadline, with the applicant's
 * reasons, replaces the due date and survives later steps. */
static void test_later_deadline_for_excessive_requests(void **state) {
  fixture *f = *state;
  gk_app_action a;
  gk_app *app = NULL;
  assert_int_equal(add(f->led, "E-1", 20250609), GK_OK); /* due 07-07 */
  memset(&a, 0, sizeof(a));
  a.action = "later-deadline";
  a.on = 20250620;
  a.until = 20250901;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_act(f->led, "E-1", &a, NULL, &err), GK_E_ARG);
  assert_non_null(strstr(err.message, "第三十五条"));
  a.reason = "申请人称系课题研究需要";
  a.until = 20250707; /* not later than the due date */
  assert_int_equal(gk_ledger_app_act(f->led, "E-1", &a, NULL, NULL), GK_E_ARG);
  a.until = 20250901;
  assert_int_equal(gk_ledger_app_act(f->led, "E-1", &a, &app, NULL), GK_OK);
  assert_int_equal(app->due_on, 20250901);
  gk_app_free(f->led, app);
  assert_int_equal(sql_int(f->path, "SELECT count(*) FROM application_events"
                                    " WHERE kind = 'later-deadline' AND"
                                    " detail LIKE '%课题研究%'"),
                   1);
  /* a later step recomputes the date: the later deadline stays */
  assert_int_equal(act(f->led, "E-1", "extend", 20250625, NULL), GK_OK);
  app = get(f->led, "E-1");
  assert_int_equal(app->due_on, 20250901);
  gk_app_free(f->led, app);
  /* once */
  a.until = 20250915;
  a.on = 20250626;
  assert_int_equal(gk_ledger_app_act(f->led, "E-1", &a, NULL, NULL),
                   GK_E_STATE);
}

/* === Import: the state machine's rules, every bad row, encodings,
 * bounds (issue 11 point 9, issue 15 point 3) === */

typedef struct bad_rows {
  int n;
  int64_t lines[16];
  int64_t cols[16];
} bad_rows;

static void collect_bad(const gk_error *e, void *ud) {
  bad_rows *b = ud;
  if (b->n < 16) {
    b->lines[b->n] = e->line;
    b->cols[b->n] = e->column;
  }
  b->n++;
}

typedef struct chunks {
  const char *p, *end;
  size_t step; /* bytes per read: small, to cut records and sequences */
} chunks;

static int64_t chunk_read(char *buf, size_t cap, void *ud) {
  chunks *c = ud;
  size_t n = (size_t)(c->end - c->p);
  if (n > c->step)
    n = c->step;
  if (n > cap)
    n = cap;
  memcpy(buf, c->p, n);
  c->p += n;
  return (int64_t)n;
}

static void test_import_reports_every_bad_row_by_the_rules(void **state) {
  fixture *f = *state;
  const char *csv =
      "ref,applicant_type,channel,received_on,state,outcome,basis,closed_on,"
      "due_on,corrections\n"
      "A1,natural,fax,2025-06-09,registered,,,,,\n"
      /* unable.unclear without 补正 (the CLI refuses it) */
      "A2,natural,fax,2025-06-09,answered,unable.unclear,第三十条,"
      "2025-06-20,,0\n"
      /* a due date the rules do not give */
      "A3,natural,fax,2025-06-09,registered,,,,2025-12-30,\n"
      /* a lapse without its 补正 */
      "A4,natural,fax,2025-06-09,abandoned,other.no_correction,第三十条,"
      "2025-06-30,,0\n"
      /* fine, then a duplicate further down */
      "A5,natural,fax,2025-06-09,answered,unable.unclear,第三十条,"
      "2025-06-20,,1\n"
      "A1,natural,fax,2025-06-09,registered,,,,,\n";
  bad_rows b;
  memset(&b, 0, sizeof(b));
  gk_import_opts o;
  memset(&o, 0, sizeof(o));
  o.version = GK_IMPORT_OPTS_VERSION;
  o.on_error = collect_bad;
  o.ud = &b;
  chunks c = {csv, csv + strlen(csv), 7};
  gk_error err;
  gk_error_clear(&err);
  int64_t n = -1;
  assert_int_equal(gk_ledger_import_csv_stream(f->led, chunk_read, &c, "x.csv",
                                               &o, &n, &err),
                   GK_E_ARG);
  assert_int_equal(b.n, 4);
  static const int64_t want_line[] = {3, 4, 5, 7}, want_col[] = {6, 9, 10, 1};
  for (int i = 0; i < 4; i++) {
    assert_int_equal(b.lines[i], want_line[i]);
    assert_int_equal(b.cols[i], want_col[i]);
  }
  assert_int_equal(err.line, 3); /* the first */
  assert_non_null(strstr(err.message_en, "x.csv:3:6: column outcome"));
  assert_int_equal(sql_int(f->path, "SELECT count(*) FROM applications"), 0);
}

static void test_import_reads_gb18030_and_bounds_its_input(void **state) {
  fixture *f = *state;
  /* "张三" and "第三十条" in GB18030, read 5 bytes at a time (sequences
   * cut across reads) */
  const char gb[] = "ref,applicant_type,channel,received_on,state,"
                    "applicant_name,outcome,basis,closed_on,corrections\n"
                    "B1,natural,fax,2025-06-09,answered,\xD5\xC5\xC8\xFD,"
                    "unable.unclear,\xB5\xDA\xC8\xFD\xCA\xAE\xCC\xF5,"
                    "2025-06-20,1\n";
  chunks c = {gb, gb + strlen(gb), 5};
  gk_error err;
  gk_error_clear(&err);
  int64_t n = 0;
  assert_int_equal(gk_ledger_import_csv_stream(f->led, chunk_read, &c, "gb.csv",
                                               NULL, &n, &err),
                   GK_OK);
  assert_int_equal(n, 1);
  gk_app *app = get(f->led, "B1");
  assert_string_equal(app->applicant_name, "张三");
  assert_string_equal(app->basis, "第三十条");
  assert_int_equal(app->corrections, 1);
  gk_app_free(f->led, app);
  /* a record over the bound: GK_E_TOO_LARGE at its line, nothing kept */
  char big[4096];
  int k = snprintf(big, sizeof(big),
                   "ref,applicant_type,channel,received_on,state,description\n"
                   "B2,natural,fax,2025-06-09,registered,ok\n"
                   "B3,natural,fax,2025-06-09,registered,\"");
  memset(big + k, 'x', 2000);
  memcpy(big + k + 2000, "\"\n", 3);
  gk_import_opts o;
  memset(&o, 0, sizeof(o));
  o.version = GK_IMPORT_OPTS_VERSION;
  o.max_record_bytes = 1024;
  chunks c2 = {big, big + strlen(big), 300};
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_import_csv_stream(f->led, chunk_read, &c2,
                                               "big.csv", &o, &n, &err),
                   GK_E_TOO_LARGE);
  assert_int_equal(err.line, 3);
  assert_non_null(strstr(err.message_en, "big.csv:3: a record longer"));
  /* the whole input over its bound */
  o.max_record_bytes = 0;
  o.max_input_bytes = 100;
  chunks c3 = {big, big + strlen(big), 64};
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_import_csv_stream(f->led, chunk_read, &c3,
                                               "big.csv", &o, &n, &err),
                   GK_E_TOO_LARGE);
  assert_int_equal(sql_int(f->path, "SELECT count(*) FROM applications"), 1);
}

/* Void and corrections travel through export and import. */
static void test_export_import_keeps_void_and_corrections(void **state) {
  fixture *f = *state;
  assert_int_equal(add(f->led, "V1", 20250609), GK_OK);
  assert_int_equal(add(f->led, "V2", 20250609), GK_OK);
  assert_int_equal(act(f->led, "V2", "request-correction", 20250610, NULL),
                   GK_OK);
  assert_int_equal(act(f->led, "V2", "correct", 20250612, NULL), GK_OK);
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_void(f->led, "V1", "重复登记", 20250610, NULL,
                                      &err),
                   GK_OK);
  char *out1 = NULL, *out2 = NULL;
  assert_int_equal(gk_ledger_export_csv(f->led, buf_sink, &out1, NULL), GK_OK);
  assert_non_null(strstr(out1, ",2025-06-10,重复登记,2025-06-09\n"));
  char p2[512];
  assert_int_equal(lt_target(f->dir, "second.db", p2, sizeof(p2)), 0);
  gk_ledger *l2 = NULL;
  gk_ledger_opts o2 = fopts(f);
  assert_int_equal(gk_ledger_create(&l2, p2, "乙", "department", &o2, NULL),
                   GK_OK);
  int64_t n = 0;
  gk_error_clear(&err);
  gk_status st = gk_ledger_import_csv(l2, out1, strlen(out1), "o", &n, &err);
  if (st)
    fail_msg("%s", err.message_en);
  assert_int_equal(gk_ledger_export_csv(l2, buf_sink, &out2, NULL), GK_OK);
  assert_string_equal(out1, out2);
  gk_app *v2 = get(l2, "V2"); /* the period runs from the correction */
  assert_int_equal(v2->period_from, 20250612);
  assert_int_equal(v2->corrections, 1);
  gk_app_free(l2, v2);
  gk_app *v1 = get(l2, "V1");
  assert_int_equal(v1->voided_on, 20250610);
  assert_string_equal(v1->void_reason, "重复登记");
  gk_app_free(l2, v1);
  gk_ledger_free(l2);
  free(out1);
  free(out2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_create_records_meta_and_schema,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_create_refuses_existing_file_and_bad_level, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_open_refuses_newer_foreign_and_missing, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_audit_log_is_append_only_and_names_the_actor, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_fee_by_pages_is_stored_paid_and_audited, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_fee_notice_refuses_nothing_to_charge_and_bad_methods, setup,
          teardown),
      cmocka_unit_test_setup_teardown(
          test_fee_by_piece_counts_the_applicants_month, setup, teardown),
      cmocka_unit_test_setup_teardown(test_amend_corrects_details_only, setup,
                                      teardown),
      cmocka_unit_test(test_receipt_day_by_channel),
      cmocka_unit_test_setup_teardown(test_every_state_action_pair, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_actions_hold_the_law_beyond_state,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_due_dates_skip_weekends_and_pauses,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_list_filters, setup, teardown),
      cmocka_unit_test_setup_teardown(test_import_is_all_or_nothing, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_export_import_round_trip, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(
          test_year_end_receipt_gets_a_provisional_due_date, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_correction_period_is_required_and_lapse_waits, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_consultation_once_per_party_and_bounded, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_late_answer_is_flagged_and_late_fee_notice_refused, setup,
          teardown),
      cmocka_unit_test_setup_teardown(test_ordinary_mail_is_received_on_arrival,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_later_deadline_for_excessive_requests, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_import_reports_every_bad_row_by_the_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_import_reads_gb18030_and_bounds_its_input, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_export_import_keeps_void_and_corrections, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
