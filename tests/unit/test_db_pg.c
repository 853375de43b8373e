/* test_db_pg.c: the PostgreSQL driver (db_pg.c) against db.h's contract
 * (issue 13 item 2): placeholders, binding and reading every type, sticky
 * bind errors, step/reset/rebind, transactions, the error mapping and the
 * reconnection after a lost connection.
 *
 * Runs against the server tests/pg/pg_env.sh starts: when GK_PG_URI is not
 * set, main() runs itself again under that harness (skip code 77 without
 * PostgreSQL, a failure under CI). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "gongkai.h"
#include "ledger/db_driver.h"
#include "ledger/db_pg.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *uri;
/* The driver under test, through db_driver.h's table as db.c calls it. */
static const gk__db_ops *const P = &gk__db_pg_ops;

/* db.c's gk__stmt_run. */
static gk_status run(gk__stmt *s, gk_error *err) {
  bool row = false;
  return P->step(s, &row, err);
}

static gk__db *open_db(int timeout_ms) {
  gk__db *db = NULL;
  gk_error e;
  gk_error_clear(&e);
  if (P->open(&db, uri, false, timeout_ms, NULL, &e))
    fail_msg("open %s: %s", uri, e.message_en);
  return db;
}

static void exec_ok(gk__db *db, const char *sql) {
  gk_error e;
  gk_error_clear(&e);
  if (P->exec(db, sql, &e))
    fail_msg("%s: %s", sql, e.message_en);
}

static gk__stmt *prep(gk__db *db, const char *sql) {
  gk__stmt *s = NULL;
  gk_error e;
  gk_error_clear(&e);
  if (P->prepare(db, sql, false, &s, &e))
    fail_msg("prepare %s: %s", sql, e.message_en);
  return s;
}

/* One value of the first row of 'sql' (no parameters), as text. */
static char *one(gk__db *db, const char *sql) {
  static char buf[256];
  gk__stmt *s = prep(db, sql);
  bool row = false;
  gk_error e;
  gk_error_clear(&e);
  if (P->step(s, &row, &e))
    fail_msg("%s: %s", sql, e.message_en);
  const char *v = row ? P->col_text(s, 0) : NULL;
  snprintf(buf, sizeof(buf), "%s", v ? v : "(null)");
  P->stmt_free(s);
  return buf;
}

/* === Placeholders === */

static void test_placeholders_numbered_outside_quotes(void **state) {
  (void)state;
  static const struct {
    const char *in, *out;
    int n;
  } cases[] = {
      {"SELECT ?, ?", "SELECT $1, $2", 2},
      {"SELECT ?2, ?, ?1", "SELECT $2, $3, $1", 3}, /* SQLite: max + 1 */
      {"SELECT '?', ?", "SELECT '?', $1", 1},
      {"SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1},
      {"SELECT E'\\' ?', ?", "SELECT E'\\' ?', $1", 1},
      {"SELECT '\\', ?", "SELECT '\\', $1", 1}, /* standard strings */
      {"SELECT \"a?\" FROM t WHERE x = ?", "SELECT \"a?\" FROM t WHERE x = $1",
       1},
      {"SELECT 1 -- why?\n, ?", "SELECT 1 -- why?\n, $1", 1},
      {"SELECT /* a /* ? */ ? */ ?", "SELECT /* a /* ? */ ? */ $1", 1},
      {"SELECT $$ ? $$, $q$ ?$$ $q$, ?", "SELECT $$ ? $$, $q$ ?$$ $q$, $1", 1},
      {"SELECT '中文？', ?", "SELECT '中文？', $1", 1},
      {"SELECT 1", "SELECT 1", 0},
      {"", "", 0},
      {"SELECT 'open ?", "SELECT 'open ?", 0}, /* the server will say */
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char *out = NULL;
    int n = -1;
    gk_error e;
    gk_error_clear(&e);
    assert_int_equal(gk__pg_placeholders(NULL, cases[i].in, &out, &n, &e),
                     GK_OK);
    if (strcmp(out, cases[i].out) != 0 || n != cases[i].n)
      fail_msg("%s -> %s (%d), expected %s (%d)", cases[i].in, out, n,
               cases[i].out, cases[i].n);
    free(out);
  }
  static const char *const bad[] = {"SELECT ?0", "SELECT ?32768",
                                    "SELECT ?99999999999999999999"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    char *out = NULL;
    int n = -1;
    gk_error e;
    gk_error_clear(&e);
    assert_int_equal(gk__pg_placeholders(NULL, bad[i], &out, &n, &e), GK_E_ARG);
    assert_null(out);
    assert_int_equal(e.offset, 8);
  }
}

/* === Values === */

static void test_every_type_round_trips(void **state) {
  (void)state;
  gk__db *db = open_db(2000);
  assert_false(P->readonly(db));
  exec_ok(db, "DROP TABLE IF EXISTS v; CREATE TABLE v (id bigserial "
              "PRIMARY KEY, i bigint, t text, b bytea, d text, n int)");
  gk__stmt *ins = prep(db, "INSERT INTO v (i, t, b, d, n) VALUES "
                           "(?, ?, ?, ?, ?) RETURNING id");
  static const unsigned char blob[] = {0, 0xff, '\\', 'x', 0, '\''};
  P->bind_int(ins, 1, INT64_MIN);
  P->bind_text(ins, 2, "公开 ' \\ ?");
  P->bind_blob(ins, 3, blob, sizeof(blob));
  P->bind_date(ins, 4, 20240229);
  P->bind_null(ins, 5);
  bool row = false;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(P->step(ins, &row, &e), GK_OK);
  assert_true(row);
  int64_t id = P->col_int(ins, 0);
  assert_true(id > 0);
  assert_true(P->col_is_int(ins, 0));
  assert_int_equal(P->changes(ins), 1);
  /* after the last row: false, and again false (done until reset) */
  assert_int_equal(P->step(ins, &row, &e), GK_OK);
  assert_false(row);
  assert_int_equal(P->step(ins, &row, &e), GK_OK);
  assert_false(row);
  /* rebind after reset: a second row; NULL text, an empty blob, no date */
  P->stmt_reset(ins);
  P->bind_int(ins, 1, INT64_MAX);
  P->bind_text(ins, 2, NULL);
  P->bind_blob(ins, 3, "", 0);
  P->bind_date(ins, 4, 0);
  P->bind_int(ins, 5, -7);
  assert_int_equal(P->step(ins, &row, &e), GK_OK);
  assert_true(row);
  assert_true(P->col_int(ins, 0) > id);
  P->stmt_free(ins);

  gk__stmt *sel = prep(db, "SELECT i, t, b, d, n, d AS day FROM v "
                           "WHERE id >= ? ORDER BY id");
  P->bind_int(sel, 1, id);
  assert_int_equal(P->step(sel, &row, &e), GK_OK);
  assert_true(row);
  assert_int_equal(P->col_count(sel), 6);
  assert_string_equal(P->col_name(sel, 5), "day");
  assert_true(P->col_int(sel, 0) == INT64_MIN);
  assert_true(P->col_is_int(sel, 0));
  assert_string_equal(P->col_text(sel, 1), "公开 ' \\ ?");
  assert_false(P->col_is_int(sel, 1));
  size_t n = 0;
  const void *b = P->col_blob(sel, 2, &n);
  assert_int_equal(n, sizeof(blob));
  assert_memory_equal(b, blob, sizeof(blob));
  assert_string_equal(P->col_text(sel, 3), "2024-02-29");
  assert_true(P->col_is_null(sel, 4));
  assert_int_equal(P->col_int(sel, 4), 0);
  assert_false(P->col_is_int(sel, 4));
  assert_null(P->col_text(sel, 4));
  assert_int_equal(P->step(sel, &row, &e), GK_OK);
  assert_true(row);
  assert_true(P->col_int(sel, 0) == INT64_MAX);
  assert_true(P->col_is_null(sel, 1));
  assert_false(P->col_is_null(sel, 2)); /* empty, not NULL */
  b = P->col_blob(sel, 2, &n);
  assert_int_equal(n, 0);
  assert_true(P->col_is_null(sel, 3));
  assert_int_equal(P->col_int(sel, 4), -7);
  /* out of range columns read as NULL, never crash */
  assert_true(P->col_is_null(sel, 6));
  assert_null(P->col_text(sel, -1));
  assert_int_equal(P->step(sel, &row, &e), GK_OK);
  assert_false(row);
  P->stmt_free(sel);

  /* a '?' in a literal is text; counts and sums are integers */
  gk__stmt *q = prep(db, "SELECT '?' || ?, count(*), sum(i / 4), "
                         "sum(n), 1.5::numeric, true FROM v");
  P->bind_text(q, 1, "!");
  assert_int_equal(P->step(q, &row, &e), GK_OK);
  assert_string_equal(P->col_text(q, 0), "?!");
  assert_true(P->col_is_int(q, 1));
  assert_int_equal(P->col_int(q, 1), 2);
  assert_true(P->col_is_int(q, 2)); /* numeric, whole */
  assert_true(P->col_is_int(q, 3));
  assert_false(P->col_is_int(q, 4));
  assert_int_equal(P->col_int(q, 5), 1);
  P->stmt_free(q);
  P->close(db);
}

/* Dates bind as 'YYYY-MM-DD' (db.c reads them back from the text); a
 * number that is no date is a sticky error, not a bad row. */
static void test_dates_bind_as_iso_text(void **state) {
  (void)state;
  gk__db *db = open_db(2000);
  static const struct {
    int32_t date;
    const char *text;
  } cases[] = {{20190515, "2019-05-15"},
               {10000101, "1000-01-01"},
               {99991231, "9999-12-31"}};
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    gk__stmt *s = prep(db, "SELECT ?::text, ?::text IS NULL");
    P->bind_date(s, 1, cases[i].date);
    P->bind_date(s, 2, 0);
    bool row = false;
    assert_int_equal(P->step(s, &row, NULL), GK_OK);
    assert_string_equal(P->col_text(s, 0), cases[i].text);
    assert_int_equal(P->col_int(s, 1), 1);
    P->stmt_free(s);
  }
  /* a bound date that is none is a sticky error, not a bad row */
  gk__stmt *s = prep(db, "SELECT ?");
  P->bind_date(s, 1, 123);
  bool row = true;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(P->step(s, &row, &e), GK_E_ARG);
  assert_false(row);
  P->stmt_free(s);
  P->close(db);
}

/* pgsrv: a parameter bound but never named by the SQL (the report binds
 * the year's two days to a statement that reads the last only) runs:
 * PostgreSQL cannot type it (42P18) unless the driver says text; $1 is
 * not taken for named because $12 is. */
static void test_parameter_the_sql_never_names(void **state) {
  (void)state;
  gk__db *db = open_db(2000);
  gk__stmt *s = prep(db, "SELECT ?2::text || 'x'");
  P->bind_date(s, 1, 20250101);
  P->bind_date(s, 2, 20251231);
  bool row = false;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(P->step(s, &row, &e), GK_OK);
  assert_true(row);
  assert_string_equal(P->col_text(s, 0), "2025-12-31x");
  P->stmt_free(s);
  s = prep(db, "SELECT ?12::int + 1");
  for (int i = 1; i <= 12; i++)
    P->bind_int(s, i, i);
  assert_int_equal(P->step(s, &row, &e), GK_OK);
  assert_int_equal(P->col_int(s, 0), 13);
  P->stmt_free(s);
  P->close(db);
}

/* A parameter bound but never named in the text (the report binds the
 * year's two days to carried_out's "?2" alone) has no place to take a
 * type from: the statement still runs (it failed with 42P18). */
static void test_unnamed_parameter_runs(void **state) {
  (void)state;
  gk__db *db = open_db(2000);
  gk__stmt *s = prep(db, "SELECT CAST(?2 AS text) || 'x', ?3 = 'b'");
  P->bind_date(s, 1, 20250101);
  P->bind_text(s, 2, "a");
  P->bind_text(s, 3, "b");
  bool row = false;
  gk_error e;
  gk_error_clear(&e);
  if (P->step(s, &row, &e))
    fail_msg("step: %s", e.message_en);
  assert_true(row);
  assert_string_equal(P->col_text(s, 0), "ax");
  assert_int_equal(P->col_int(s, 1), 1);
  P->stmt_free(s);
  P->close(db);
}

/* A failed bind is kept and returned by the next step, even when later
 * binds succeed; reset forgets it. */
static void test_bind_error_is_sticky_until_reset(void **state) {
  (void)state;
  gk__db *db = open_db(2000);
  gk__stmt *s = prep(db, "SELECT ?::int + ?::int");
  P->bind_int(s, 3, 1); /* out of range */
  P->bind_int(s, 1, 40);
  P->bind_int(s, 2, 2);
  bool row = true;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(P->step(s, &row, &e), GK_E_DB);
  assert_false(row);
  assert_non_null(strstr(e.message_en, "out of range"));
  /* still failing: nothing was run */
  gk_error_clear(&e);
  assert_int_equal(run(s, &e), GK_E_DB);
  P->stmt_reset(s);
  P->bind_int(s, 1, 40);
  P->bind_int(s, 2, 2);
  gk_error_clear(&e);
  assert_int_equal(P->step(s, &row, &e), GK_OK);
  assert_true(row);
  assert_int_equal(P->col_int(s, 0), 42);
  P->stmt_reset(s);
  P->bind_int(s, 0, 1);
  gk_error_clear(&e);
  assert_int_equal(P->step(s, &row, &e), GK_E_DB);
  P->stmt_free(s);
  P->close(db);
}

/* === Transactions === */

static void test_transactions_commit_roll_back_and_snapshot(void **state) {
  (void)state;
  gk__db *a = open_db(2000), *b = open_db(2000);
  exec_ok(a, "DROP TABLE IF EXISTS tx; CREATE TABLE tx (x int UNIQUE)");
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(P->begin(a, true, &e), GK_OK);
  assert_true(P->in_transaction(a));
  exec_ok(a, "INSERT INTO tx VALUES (1)");
  P->rollback(a);
  assert_false(P->in_transaction(a));
  assert_string_equal(one(a, "SELECT count(*) FROM tx"), "0");
  assert_int_equal(P->begin(a, true, &e), GK_OK);
  exec_ok(a, "INSERT INTO tx VALUES (2)");
  assert_string_equal(one(b, "SELECT count(*) FROM tx"), "0");
  assert_int_equal(P->commit(a, &e), GK_OK);
  assert_string_equal(one(b, "SELECT count(*) FROM tx"), "1");

  /* a read transaction is one snapshot, and writes nothing */
  assert_int_equal(P->begin(b, false, &e), GK_OK);
  assert_string_equal(one(b, "SELECT count(*) FROM tx"), "1");
  exec_ok(a, "INSERT INTO tx VALUES (3)");
  assert_string_equal(one(b, "SELECT count(*) FROM tx"), "1");
  gk_error_clear(&e);
  assert_int_equal(P->exec(b, "INSERT INTO tx VALUES (4)", &e), GK_E_READONLY);
  assert_non_null(strstr(e.message_en, "read-only"));
  P->rollback(b);
  assert_string_equal(one(b, "SELECT count(*) FROM tx"), "2");

  /* a failed statement fails the commit: nothing half-done is kept */
  assert_int_equal(P->begin(a, true, &e), GK_OK);
  exec_ok(a, "INSERT INTO tx VALUES (5)");
  gk_error_clear(&e);
  assert_int_equal(P->exec(a, "INSERT INTO tx VALUES (2)", &e), GK_E_DB);
  gk_error_clear(&e);
  assert_int_equal(P->commit(a, &e), GK_E_DB);
  assert_false(P->in_transaction(a));
  assert_string_equal(one(a, "SELECT count(*) FROM tx WHERE x = 5"), "0");
  gk_error_clear(&e);
  assert_int_equal(P->commit(a, &e), GK_E_DB); /* none open */
  P->close(a);
  P->close(b);
}

/* Two writers queue: the second waits for the first's lock, and past the
 * timeout gives up with GK_E_BUSY, leaving no transaction open. */
static void test_second_writer_waits_then_busy(void **state) {
  (void)state;
  gk__db *a = open_db(2000), *b = open_db(300);
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(P->begin(a, true, &e), GK_OK);
  assert_int_equal(P->begin(b, true, &e), GK_E_BUSY);
  assert_false(P->in_transaction(b));
  P->rollback(a);
  gk_error_clear(&e);
  assert_int_equal(P->begin(b, true, &e), GK_OK);
  P->rollback(b);
  /* readers do not wait for the writer */
  assert_int_equal(P->begin(a, true, &e), GK_OK);
  assert_int_equal(P->begin(b, false, &e), GK_OK);
  P->rollback(b);
  P->rollback(a);
  P->close(a);
  P->close(b);
}

/* === Errors === */

static void test_sqlstates_map_to_statuses(void **state) {
  (void)state;
  gk__db *db = open_db(2000);
  static const struct {
    const char *state;
    gk_status want;
  } cases[] = {{"40001", GK_E_BUSY},    {"40P01", GK_E_BUSY},
               {"55P03", GK_E_BUSY},    {"25006", GK_E_READONLY},
               {"53100", GK_E_NOSPACE}, {"53200", GK_E_NOMEM},
               {"23505", GK_E_DB},      {"42P01", GK_E_DB}};
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char sql[160];
    snprintf(sql, sizeof(sql),
             "DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '%s'; END $$",
             cases[i].state);
    gk_error e;
    gk_error_clear(&e);
    gk_status st = P->exec(db, sql, &e);
    if (st != cases[i].want)
      fail_msg("%s gave %d, expected %d: %s", cases[i].state, st, cases[i].want,
               e.message_en);
    assert_int_equal(e.code, cases[i].want);
  }
  /* the connection is still good after all that */
  assert_string_equal(one(db, "SELECT 6 * 7"), "42");
  P->close(db);
}

/* No row value reaches a message: not a duplicate key (the DETAIL names
 * it), not an invalid input (its message quotes it). */
static void test_messages_carry_no_row_values(void **state) {
  (void)state;
  gk__db *db = open_db(2000);
  exec_ok(db, "DROP TABLE IF EXISTS ids; CREATE TABLE ids (id text "
              "CONSTRAINT ids_unique UNIQUE, n int)");
  static const char id[] = "110101199003071234";
  gk__stmt *s = prep(db, "INSERT INTO ids VALUES (?, ?)");
  for (int k = 0; k < 2; k++) {
    P->stmt_reset(s);
    P->bind_text(s, 1, id);
    P->bind_int(s, 2, 1);
    gk_error e;
    gk_error_clear(&e);
    gk_status st = run(s, &e);
    if (k == 0) {
      assert_int_equal(st, GK_OK);
      continue;
    }
    assert_int_equal(st, GK_E_DB);
    assert_non_null(strstr(e.message_en, "ids_unique"));
    assert_non_null(strstr(e.message_en, "23505"));
    assert_null(strstr(e.message_en, id));
    assert_null(strstr(e.message, id));
  }
  P->stmt_free(s);
  s = prep(db, "INSERT INTO ids VALUES ('x', ?)");
  P->bind_text(s, 1, id); /* out of int's range: 22003 quotes it */
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(run(s, &e), GK_E_DB);
  assert_non_null(strstr(e.message_en, "22003"));
  assert_null(strstr(e.message_en, id));
  P->stmt_reset(s);
  P->bind_text(s, 1, "ID 110101199003071234"); /* 22P02 quotes it */
  gk_error_clear(&e);
  assert_int_equal(run(s, &e), GK_E_DB);
  assert_non_null(strstr(e.message_en, "22P02"));
  assert_null(strstr(e.message_en, id));
  P->stmt_free(s);
  P->close(db);
}

/* A call made without an error struct leaves its failure for
 * gk__db_last_error, and says whether it was a UNIQUE constraint; the
 * caller's doing names the step. */
static void test_last_error_unique_doing_and_backup(void **state) {
  (void)state;
  gk__db *db = open_db(2000);
  exec_ok(db, "DROP TABLE IF EXISTS u; CREATE TABLE u (x int UNIQUE)");
  exec_ok(db, "INSERT INTO u VALUES (1)");
  assert_int_equal(P->exec(db, "INSERT INTO u VALUES (1)", NULL), GK_E_DB);
  assert_true(P->last_unique(db));
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(P->last_error(db, &e), GK_E_DB);
  assert_non_null(strstr(e.message_en, "u_x_key"));
  assert_int_equal(P->exec(db, "INSERT INTO nowhere VALUES (1)", NULL),
                   GK_E_DB);
  assert_false(P->last_unique(db));
  db->doing = "fees";
  gk_error_clear(&e);
  assert_int_equal(P->exec(db, "SELECT 1/0", &e), GK_E_DB);
  assert_non_null(strstr(e.message_en, "(22012, fees)"));
  assert_non_null(strstr(e.message, "fees"));
  db->doing = NULL;
  gk_error_clear(&e);
  assert_int_equal(P->backup(db, "/nonexistent/x", &e), GK_E_UNSUPPORTED);
  assert_non_null(strstr(e.message_en, "pg_basebackup"));
  P->close(db);
}

static void test_no_server_is_busy_and_names_no_password(void **state) {
  (void)state;
  gk__db *db = NULL;
  gk_error e;
  gk_error_clear(&e);
  /* port 1 on loopback: nothing listens, refused at once */
  assert_int_equal(
      P->open(&db, "postgresql://u:s3cret@127.0.0.1:1/x", false, 100, NULL, &e),
      GK_E_BUSY);
  assert_null(db);
  assert_null(strstr(e.message_en, "s3cret"));
  gk_error_clear(&e);
  assert_int_equal(P->open(&db, "", false, 100, NULL, &e), GK_E_ARG);
}

/* A session the server made read-only (a standby would be) says so. */
static void test_read_only_session(void **state) {
  (void)state;
  char target[512];
  snprintf(target, sizeof(target),
           "%s%coptions=-cdefault_transaction_read_only%%3Don", uri,
           strchr(uri, '?') ? '&' : '?');
  gk__db *db = NULL;
  gk_error e;
  gk_error_clear(&e);
  /* target_session_attrs=read-write (the default) refuses it ... */
  assert_int_equal(P->open(&db, target, false, 100, NULL, &e), GK_E_BUSY);
  /* ... unless the caller asks for any server */
  char any[600];
  snprintf(any, sizeof(any), "%s&target_session_attrs=any", target);
  gk_error_clear(&e);
  assert_int_equal(P->open(&db, any, false, 100, NULL, &e), GK_OK);
  assert_true(P->readonly(db));
  gk_error_clear(&e);
  assert_int_equal(P->exec(db, "CREATE TABLE ro (x int)", &e), GK_E_READONLY);
  P->close(db);
}

/* === Lost connections === */

static void kill_backend(gk__db *victim) {
  char pid[32];
  snprintf(pid, sizeof(pid), "%s", one(victim, "SELECT pg_backend_pid()"));
  gk__db *killer = open_db(2000);
  char sql[96];
  snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%s, 5000)", pid);
  assert_string_equal(one(killer, sql), "t");
  P->close(killer);
}

static void test_lost_connection_reconnects_on_next_statement(void **state) {
  (void)state;
  gk__db *db = open_db(3000);
  exec_ok(db, "DROP TABLE IF EXISTS lost; CREATE TABLE lost (x int)");
  gk__stmt *s = prep(db, "INSERT INTO lost VALUES (?)");
  kill_backend(db);
  P->bind_int(s, 1, 1);
  gk_error e;
  gk_error_clear(&e);
  /* the statement that met the loss fails, its outcome unknown, and is
   * not sent again by the driver */
  assert_int_equal(run(s, &e), GK_E_DB);
  assert_non_null(strstr(e.message_en, "lost"));
  /* the same statement again: reconnected, runs */
  P->stmt_reset(s);
  P->bind_int(s, 1, 2);
  gk_error_clear(&e);
  assert_int_equal(run(s, &e), GK_OK);
  assert_string_equal(one(db, "SELECT string_agg(x::text, ',') FROM lost"),
                      "2");

  /* in a transaction: the transaction is gone (retry-able), and stays
   * failed until rolled back: no statement runs outside it unnoticed */
  assert_int_equal(P->begin(db, true, &e), GK_OK);
  P->stmt_reset(s);
  P->bind_int(s, 1, 3);
  assert_int_equal(run(s, &e), GK_OK);
  kill_backend(db);
  P->stmt_reset(s);
  P->bind_int(s, 1, 4);
  gk_error_clear(&e);
  assert_int_equal(run(s, &e), GK_E_BUSY);
  P->stmt_reset(s);
  P->bind_int(s, 1, 5);
  gk_error_clear(&e);
  assert_int_equal(run(s, &e), GK_E_BUSY);
  assert_true(P->in_transaction(db));
  P->rollback(db);
  assert_false(P->in_transaction(db));
  assert_string_equal(one(db, "SELECT string_agg(x::text, ',') FROM lost"),
                      "2");
  /* and the session settings came back with the new connection */
  assert_string_equal(one(db, "SHOW lock_timeout"), "3s");
  P->stmt_free(s);
  P->close(db);
}

/* Statements are kept prepared per connection (issue 13, the workload):
 * a text's second run prepares it once, later runs (of any statement with
 * that text) reuse it; DDL deallocates (a plan that outlived ALTER TABLE
 * would fail, 0A000), a reconnection starts afresh (26000 otherwise). */
static int64_t kept(gk__db *db) {
  return atoll(one(db, "SELECT count(*) FROM pg_prepared_statements "
                       "WHERE statement LIKE '%FROM ' || 'kept%'" /* not itself */));
}

static int run_kept(gk__stmt *s, int a) {
  gk_error e;
  gk_error_clear(&e);
  P->stmt_reset(s);
  P->bind_int(s, 1, a);
  bool row = false;
  if (P->step(s, &row, &e))
    fail_msg("SELECT * FROM kept: %s", e.message_en);
  assert_true(row);
  assert_int_equal(P->col_int(s, 0), a);
  return P->col_count(s);
}

static void test_statements_kept_prepared(void **state) {
  (void)state;
  gk__db *db = open_db(3000);
  exec_ok(db, "DROP TABLE IF EXISTS kept; CREATE TABLE kept (a int, b "
              "text); INSERT INTO kept VALUES (1, 'x'), (2, 'y')");
  gk__stmt *s = prep(db, "SELECT * FROM kept WHERE a = ?");
  gk__stmt *twin = prep(db, "SELECT * FROM kept WHERE a = ?");
  assert_int_equal(run_kept(s, 1), 2);
  assert_int_equal(kept(db), 0); /* one run: unnamed */
  assert_int_equal(run_kept(s, 2), 2);
  assert_int_equal(kept(db), 1);
  assert_int_equal(run_kept(twin, 1), 2);
  assert_int_equal(run_kept(s, 1), 2);
  assert_int_equal(kept(db), 1); /* one name for the text */
  /* a column added: the next run sees it, no stale plan */
  exec_ok(db, "ALTER TABLE kept ADD COLUMN c int");
  assert_int_equal(run_kept(s, 1), 3);
  assert_int_equal(run_kept(twin, 2), 3);
  assert_int_equal(run_kept(s, 2), 3);
  assert_int_equal(kept(db), 1);
  /* a new connection: the names are prepared again */
  kill_backend(db);
  gk_error e;
  gk_error_clear(&e);
  bool row = false;
  P->stmt_reset(s);
  P->bind_int(s, 1, 1);
  assert_int_equal(P->step(s, &row, &e), GK_E_DB); /* met the loss */
  for (int i = 0; i < 3; i++) {
    assert_int_equal(run_kept(s, 1), 3);
    assert_int_equal(run_kept(twin, 2), 3);
  }
  assert_int_equal(kept(db), 1);
  P->stmt_free(s);
  P->stmt_free(twin);
  P->close(db);
}

int main(int argc, char **argv) {
  (void)argc;
  uri = getenv("GK_PG_URI");
  if (!uri || !*uri) {
    /* start a server for this run: tests/pg/pg_env.sh, then this program
     * again (bash stays the parent, so its exit trap removes the server) */
    const char *src = getenv("GK_SOURCE_DIR");
    if (!src) {
      fprintf(stderr, "test_db_pg: set GK_PG_URI or GK_SOURCE_DIR\n");
      return 1;
    }
    char harness[4096];
    snprintf(harness, sizeof(harness), "%s/tests/pg/pg_env.sh", src);
    char *const args[] = {"bash", "-c",    ". \"$1\" || exit $?; \"$2\"",
                          "bash", harness, argv[0],
                          NULL};
    execvp("bash", args);
    perror("test_db_pg: bash");
    return 1;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_placeholders_numbered_outside_quotes),
      cmocka_unit_test(test_every_type_round_trips),
      cmocka_unit_test(test_dates_bind_as_iso_text),
      cmocka_unit_test(test_parameter_the_sql_never_names),
      cmocka_unit_test(test_unnamed_parameter_runs),
      cmocka_unit_test(test_bind_error_is_sticky_until_reset),
      cmocka_unit_test(test_transactions_commit_roll_back_and_snapshot),
      cmocka_unit_test(test_second_writer_waits_then_busy),
      cmocka_unit_test(test_sqlstates_map_to_statuses),
      cmocka_unit_test(test_messages_carry_no_row_values),
      cmocka_unit_test(test_last_error_unique_doing_and_backup),
      cmocka_unit_test(test_no_server_is_busy_and_names_no_password),
      cmocka_unit_test(test_read_only_session),
      cmocka_unit_test(test_lost_connection_reconnects_on_next_statement),
      cmocka_unit_test(test_statements_kept_prepared),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
