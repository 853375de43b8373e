/* test_db.c: the SQL driver of db.h (issue 13 item 1) on SQLite: the
 * contract the store stands on and a PostgreSQL driver must keep too —
 * sticky bind errors, step/reset/rebind, dates as ISO text, NULLs,
 * failures mapped to the library's codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ledger/db.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static gk__db *mem(void) {
  gk__db *db = NULL;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk__db_open(&db, ":memory:", true, 1000, NULL, &err), GK_OK);
  assert_int_equal(
      gk__db_exec(db,
                  "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, "
                  "on_date TEXT, n INTEGER, b BLOB)",
                  &err),
      GK_OK);
  return db;
}

static void kind_of_target(void **state) {
  (void)state;
  static const struct {
    const char *target;
    gk__db_kind kind;
  } cases[] = {
      {"office.db", GK__DB_SQLITE},
      {"/var/lib/gongkai/office.db", GK__DB_SQLITE},
      {"./a=b.db", GK__DB_SQLITE},
      {":memory:", GK__DB_SQLITE},
      {"postgresql://h1,h2/ledger", GK__DB_PG},
      {"postgres://localhost/ledger", GK__DB_PG},
      {"host=localhost dbname=ledger", GK__DB_PG},
      {"dbname=ledger", GK__DB_PG},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    assert_int_equal(gk__db_kind_of_target(cases[i].target), cases[i].kind);
}

/* A bind out of range is kept and returned by the next step, which does
 * not run the statement; a reset forgets it. */
static void bind_error_is_sticky(void **state) {
  (void)state;
  gk__db *db = mem();
  gk__stmt *s = NULL;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(
      gk__db_prepare(db, "INSERT INTO t (name, n) VALUES (?, ?)", &s, &err),
      GK_OK);
  gk__bind_text(s, 1, "a");
  gk__bind_int(s, 7, 1); /* no parameter 7 */
  gk__bind_int(s, 2, 1); /* a good bind after it does not clear it */
  assert_int_equal(gk__stmt_run(s, &err), GK_E_DB);
  assert_non_null(strstr(err.message_en, "parameter 7"));
  gk__stmt_reset(s);
  gk_error_clear(&err);
  gk__bind_text(s, 1, "a");
  gk__bind_int(s, 2, 1);
  assert_int_equal(gk__stmt_run(s, &err), GK_OK);
  gk__stmt_free(s);
  /* nothing was inserted by the failed run */
  assert_int_equal(gk__db_prepare(db, "SELECT count(*) FROM t", &s, &err),
                   GK_OK);
  bool row = false;
  assert_int_equal(gk__stmt_step(s, &row, &err), GK_OK);
  assert_true(row);
  assert_int_equal(gk__col_int(s, 0), 1);
  gk__stmt_free(s);
  gk__db_close(db);
}

/* step, reset, rebind, step again; a done statement stays done until
 * reset (no silent re-run). */
static void step_reset_rebind(void **state) {
  (void)state;
  gk__db *db = mem();
  gk_error err;
  gk_error_clear(&err);
  gk__stmt *ins = NULL, *q = NULL;
  assert_int_equal(gk__db_prepare_kept(db,
                                       "INSERT INTO t (name, n) VALUES (?, ?) "
                                       "RETURNING id",
                                       &ins, &err),
                   GK_OK);
  for (int i = 0; i < 3; i++) {
    char name[8];
    snprintf(name, sizeof(name), "n%d", i);
    gk__stmt_reset(ins);
    gk__bind_text(ins, 1, name);
    gk__bind_int(ins, 2, i * 10);
    bool row = false;
    assert_int_equal(gk__stmt_step(ins, &row, &err), GK_OK);
    assert_true(row);
    assert_int_equal(gk__col_int(ins, 0), i + 1);
    assert_int_equal(gk__stmt_step(ins, &row, &err), GK_OK);
    assert_false(row);
    assert_int_equal(gk__stmt_changes(ins), 1);
  }
  assert_int_equal(
      gk__db_prepare(db, "SELECT name, n FROM t WHERE n >= ?1 ORDER BY id", &q,
                     &err),
      GK_OK);
  gk__bind_int(q, 1, 10);
  bool row = false;
  int seen = 0;
  while (!gk__stmt_step(q, &row, &err) && row)
    seen++;
  assert_int_equal(seen, 2);
  assert_int_equal(gk__stmt_step(q, &row, &err), GK_OK);
  assert_false(row); /* done until reset */
  gk__stmt_reset(q);
  gk__bind_int(q, 1, 20);
  assert_int_equal(gk__stmt_step(q, &row, &err), GK_OK);
  assert_true(row);
  assert_string_equal(gk__col_text(q, 0), "n2");
  assert_string_equal(gk__col_name(q, 1), "n");
  assert_int_equal(gk__col_count(q), 2);
  gk__stmt_free(q);
  gk__stmt_free(ins);
  gk__db_close(db);
}

/* Dates bind as 'YYYY-MM-DD' and read back; 0 is NULL both ways; a
 * non-date reads 0. NULL text, NULL blob. */
static void dates_and_nulls(void **state) {
  (void)state;
  gk__db *db = mem();
  gk_error err;
  gk_error_clear(&err);
  gk__stmt *s = NULL;
  assert_int_equal(gk__db_prepare(db,
                                  "INSERT INTO t (name, on_date, n, b) "
                                  "VALUES (?, ?, ?, ?)",
                                  &s, &err),
                   GK_OK);
  static const unsigned char blob[3] = {0, 1, 2};
  gk__bind_text(s, 1, "dated");
  gk__bind_date(s, 2, 20240229);
  gk__bind_int(s, 3, INT64_C(5000000000));
  gk__bind_blob(s, 4, blob, sizeof(blob));
  assert_int_equal(gk__stmt_run(s, &err), GK_OK);
  gk__stmt_reset(s);
  gk__bind_text(s, 1, NULL);
  gk__bind_date(s, 2, 0);
  gk__bind_null(s, 3);
  gk__bind_blob(s, 4, NULL, 0);
  assert_int_equal(gk__stmt_run(s, &err), GK_OK);
  gk__stmt_reset(s);
  gk__bind_text(s, 1, "odd");
  gk__bind_text(s, 2, "not a date");
  gk__bind_int(s, 3, 0);
  gk__bind_null(s, 4);
  assert_int_equal(gk__stmt_run(s, &err), GK_OK);
  gk__stmt_free(s);
  /* Two dates in one statement keep their own text (each parameter's
   * buffer), and rebinding one after a reset changes only it. */
  assert_int_equal(gk__db_prepare(db, "SELECT ?1, ?2, ?1 < ?2", &s, &err),
                   GK_OK);
  gk__bind_date(s, 1, 20211231);
  gk__bind_date(s, 2, 20220101);
  bool row = false;
  assert_int_equal(gk__stmt_step(s, &row, &err), GK_OK);
  assert_true(row);
  assert_string_equal(gk__col_text(s, 0), "2021-12-31");
  assert_string_equal(gk__col_text(s, 1), "2022-01-01");
  assert_int_equal(gk__col_int(s, 2), 1);
  gk__stmt_reset(s);
  gk__bind_date(s, 1, 20230101);
  gk__bind_date(s, 2, 20220101);
  assert_int_equal(gk__stmt_step(s, &row, &err), GK_OK);
  assert_string_equal(gk__col_text(s, 0), "2023-01-01");
  assert_int_equal(gk__col_int(s, 2), 0);
  gk__stmt_reset(s);
  gk__bind_date(s, 3, 20230101); /* no parameter 3: sticky, not a crash */
  assert_int_equal(gk__stmt_step(s, &row, &err), GK_E_DB);
  gk__stmt_free(s);
  gk_error_clear(&err);
  assert_int_equal(gk__db_prepare(db,
                                  "SELECT name, on_date, n, b, on_date "
                                  "FROM t ORDER BY id",
                                  &s, &err),
                   GK_OK);
  assert_int_equal(gk__stmt_step(s, &row, &err), GK_OK);
  assert_true(row);
  assert_int_equal(gk__col_date(s, 1), 20240229);
  assert_string_equal(gk__col_text(s, 4), "2024-02-29");
  assert_int_equal(gk__col_int(s, 2), INT64_C(5000000000));
  assert_true(gk__col_is_int(s, 2));
  assert_false(gk__col_is_int(s, 0));
  size_t n = 0;
  const unsigned char *b = gk__col_blob(s, 3, &n);
  assert_int_equal(n, 3);
  assert_memory_equal(b, blob, 3);
  assert_int_equal(gk__stmt_step(s, &row, &err), GK_OK);
  assert_true(row);
  for (int i = 0; i < 4; i++)
    assert_true(gk__col_is_null(s, i));
  assert_null(gk__col_text(s, 0));
  assert_int_equal(gk__col_date(s, 1), 0);
  assert_int_equal(gk__col_int(s, 2), 0);
  assert_null(gk__col_blob(s, 3, &n));
  assert_int_equal(n, 0);
  assert_int_equal(gk__stmt_step(s, &row, &err), GK_OK);
  assert_true(row);
  assert_int_equal(gk__col_date(s, 1), 0);
  gk__stmt_free(s);
  gk__db_close(db);
}

/* A UNIQUE violation is told apart (the store says "already
 * registered"); a bad statement is GK_E_DB with the doing named; a
 * commit outside a transaction fails. */
static void errors_mapped(void **state) {
  (void)state;
  gk__db *db = mem();
  gk_error err;
  gk_error_clear(&err);
  gk__stmt *s = NULL;
  assert_int_equal(
      gk__db_prepare(db, "INSERT INTO t (name) VALUES (?)", &s, &err), GK_OK);
  gk__bind_text(s, 1, "same");
  assert_int_equal(gk__stmt_run(s, &err), GK_OK);
  gk__stmt_reset(s);
  gk__bind_text(s, 1, "same");
  assert_int_equal(gk__stmt_run(s, NULL), GK_E_DB);
  assert_true(gk__db_last_unique(db));
  assert_int_equal(gk__db_last_error(db, &err), GK_E_DB);
  assert_non_null(strstr(err.message_en, "UNIQUE"));
  gk__stmt_free(s);
  gk_error_clear(&err);
  gk__db_doing(db, "list");
  assert_int_equal(gk__db_prepare(db, "SELECT nope FROM t", &s, &err), GK_E_DB);
  assert_null(s);
  assert_false(gk__db_last_unique(db));
  assert_non_null(strstr(err.message_en, "database error (list)"));
  gk_error_clear(&err);
  assert_false(gk__db_in_transaction(db));
  assert_int_equal(gk__db_commit(db, &err), GK_E_DB);
  assert_int_equal(gk__db_begin(db, true, &err), GK_OK);
  assert_true(gk__db_in_transaction(db));
  gk__db_rollback(db);
  assert_false(gk__db_in_transaction(db));
  gk__db_close(db);
}

/* Files: a new ledger is 0600 and never overwrites; a file that is not
 * SQLite is "not a gongkai ledger"; one that cannot be written opens
 * read-only and every write fails GK_E_READONLY. */
static void files(void **state) {
  (void)state;
  char dir[] = "/tmp/gk_db_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[64], junk[64];
  snprintf(path, sizeof(path), "%s/l.db", dir);
  snprintf(junk, sizeof(junk), "%s/junk.db", dir);
  gk_error err;
  gk_error_clear(&err);
  gk__db *db = NULL;
  assert_int_equal(gk__db_open(&db, path, true, 1000, NULL, &err), GK_OK);
  assert_int_equal(gk__db_backend(db), GK__DB_SQLITE);
  assert_false(gk__db_readonly(db));
  assert_int_equal(gk__db_exec(db, "CREATE TABLE x (a)", &err), GK_OK);
  gk__db_close(db);
  struct stat sb;
  assert_int_equal(stat(path, &sb), 0);
  assert_int_equal(sb.st_mode & 0777, 0600);
  assert_int_equal(gk__db_open(&db, path, true, 1000, NULL, &err), GK_E_ARG);
  assert_null(db);
  gk_error_clear(&err);
  FILE *f = fopen(junk, "w");
  assert_non_null(f);
  for (int i = 0; i < 200; i++)
    fputs("this is not a database at all. ", f);
  fclose(f);
  assert_int_equal(gk__db_open(&db, junk, false, 1000, NULL, &err), GK_E_DB);
  assert_non_null(strstr(err.message_en, "is not a gongkai ledger"));
  gk_error_clear(&err);
  if (geteuid() != 0) { /* root writes a 0400 file all the same */
    assert_int_equal(chmod(path, 0400), 0);
    assert_int_equal(gk__db_open(&db, path, false, 1000, NULL, &err), GK_OK);
    assert_true(gk__db_readonly(db));
    assert_int_equal(gk__db_exec(db, "INSERT INTO x VALUES (1)", &err),
                     GK_E_READONLY);
    gk__db_close(db);
    chmod(path, 0600);
  }
  char side[80];
  unlink(path);
  unlink(junk);
  snprintf(side, sizeof(side), "%s-wal", path);
  unlink(side);
  snprintf(side, sizeof(side), "%s-shm", path);
  unlink(side);
  rmdir(dir);
}

/* A second writer waits on the busy handler, then fails GK_E_BUSY with
 * the lock said as such. */
static void busy_is_said(void **state) {
  (void)state;
  char dir[] = "/tmp/gk_db_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[64];
  snprintf(path, sizeof(path), "%s/l.db", dir);
  gk_error err;
  gk_error_clear(&err);
  gk__db *a = NULL, *b = NULL;
  assert_int_equal(gk__db_open(&a, path, true, 200, NULL, &err), GK_OK);
  assert_int_equal(gk__db_exec(a, "CREATE TABLE x (v)", &err), GK_OK);
  assert_int_equal(gk__db_open(&b, path, false, 200, NULL, &err), GK_OK);
  assert_int_equal(gk__db_begin(a, true, &err), GK_OK);
  assert_int_equal(gk__db_begin(b, true, &err), GK_E_BUSY);
  assert_non_null(strstr(err.message_en, "is locked by another program"));
  gk__db_rollback(a);
  gk_error_clear(&err);
  assert_int_equal(gk__db_begin(b, true, &err), GK_OK);
  assert_int_equal(gk__db_commit(b, &err), GK_OK);
  gk__db_close(b);
  gk__db_close(a);
  char side[80];
  unlink(path);
  snprintf(side, sizeof(side), "%s-wal", path);
  unlink(side);
  snprintf(side, sizeof(side), "%s-shm", path);
  unlink(side);
  rmdir(dir);
}

/* pgwire: a connection string as messages show it never holds the
 * password, the user or the parameters; a file name is kept whole. */
static void target_shown(void **state) {
  (void)state;
  char b[128];
  gk__db_target_shown("postgresql://office:s3cret@db1:5432,db2:5432/gk"
                      "?sslmode=verify-full&password=p2",
                      b, sizeof(b));
  assert_string_equal(b, "postgresql://db1:5432,db2:5432/gk");
  gk__db_target_shown("postgres://db1/gk", b, sizeof(b));
  assert_string_equal(b, "postgresql://db1/gk");
  gk__db_target_shown("host=db1 password='a b\\' c' port=5433 user=x "
                      "dbname=gk",
                      b, sizeof(b));
  assert_string_equal(b, "host=db1 port=5433 dbname=gk");
  gk__db_target_shown("password=only", b, sizeof(b));
  assert_string_equal(b, "PostgreSQL");
  gk__db_target_shown("/tmp/a b/office.db", b, sizeof(b));
  assert_string_equal(b, "/tmp/a b/office.db");
  gk__db_target_shown("postgresql://u:pw@h/d", b, 8); /* truncated */
  assert_string_equal(b, "postgre");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(kind_of_target),
      cmocka_unit_test(bind_error_is_sticky),
      cmocka_unit_test(step_reset_rebind),
      cmocka_unit_test(dates_and_nulls),
      cmocka_unit_test(errors_mapped),
      cmocka_unit_test(files),
      cmocka_unit_test(busy_is_said),
      cmocka_unit_test(target_shown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
