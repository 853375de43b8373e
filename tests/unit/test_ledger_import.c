/* test_ledger_import.c: the bulk import in bounded batches (issue 15 point
 * 4, docs/ledger.md "Import"): its rows are written batch by batch, yet no
 * read of another handle sees any of them until the import is done; an
 * import that fails leaves none; rows an import left when it died are
 * removed at the next open, never counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "gongkai.h"
#include "ledger_target.h" /* the same tests on SQLite and PostgreSQL */

#include <errno.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROWS 8000 /* about 2.4 MB: past the reader's first 1 MiB window */
#define BATCH 500

typedef struct fixture {
  char dir[64];
  char path[512];
  char key[128];
  gk_ledger *led;
  char *csv; /* ROWS registered applications, refs I-0001.. */
  size_t len;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof(*f));
  if (!f)
    return -1;
  snprintf(f->dir, sizeof(f->dir), "/tmp/gk_import_XXXXXX");
  if (!mkdtemp(f->dir))
    return -1;
  if (lt_target(f->dir, "l.db", f->path, sizeof(f->path)))
    return -1;
  gk_ledger_opts o = lt_opts(f->dir, f->key, sizeof(f->key), "tester");
  if (gk_ledger_create(&f->led, f->path, "测试局", "department", &o, NULL))
    return -1;
  size_t cap = 512 + (size_t)ROWS * 320;
  f->csv = malloc(cap);
  if (!f->csv)
    return -1;
  char pad[241];
  memset(pad, 'x', sizeof(pad) - 1);
  pad[sizeof(pad) - 1] = '\0';
  int n = snprintf(f->csv, cap,
                   "ref,applicant_type,applicant_name,channel,received_on,"
                   "state,description\n");
  for (int i = 1; i <= ROWS; i++)
    n += snprintf(f->csv + n, cap - (size_t)n,
                  "I-%05d,natural,张三,in_person,2025-06-09,registered,%s\n", i,
                  pad);
  f->len = (size_t)n;
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
  free(f->csv);
  free(f);
  return 0;
}

/* One integer from SQL on the ledger's file (a raw connection: it sees
 * the hidden rows too). */
static int64_t sql_int(const char *path, const char *sql) {
  return lt_int(path, sql);
}

static int count_one(const gk_app *a, void *ud) {
  (void)a;
  ++*(int64_t *)ud;
  return 0;
}

static int64_t listed(gk_ledger *led) {
  int64_t n = 0;
  gk_app_filter flt;
  memset(&flt, 0, sizeof(flt));
  if (gk_ledger_app_list(led, &flt, count_one, &n, NULL))
    return -1;
  return n;
}

static int count_bytes(const char *p, size_t len, void *ud) {
  for (size_t i = 0; i < len; i++)
    *(int64_t *)ud += p[i] == '\n';
  return 0;
}

/* The CSV in 16 KiB pieces; at each piece after the first window, what
 * another handle sees. 'fail_at': return a read failure at that piece
 * (0: never). */
typedef struct feed {
  const fixture *f;
  size_t pos;
  int calls;
  int fail_at;
  gk_ledger *other;  /* a second handle on the same file */
  int64_t partly;    /* pieces when some rows were stored, none seen */
  int64_t seen_some; /* pieces when another handle saw any of them */
} feed;

static int64_t feed_read(char *buf, size_t cap, void *ud) {
  feed *d = ud;
  d->calls++;
  if (d->fail_at && d->calls == d->fail_at) {
    errno = EIO;
    return -1;
  }
  int64_t stored =
      sql_int(d->f->path, "SELECT count(*) FROM applications WHERE ref LIKE "
                          "'I-%'");
  int64_t n = listed(d->other);
  int64_t lines = 0;
  gk_ledger_export_csv(d->other, count_bytes, &lines, NULL);
  gk_app *a = NULL;
  gk_status got = gk_ledger_app_get(d->other, "I-00001", &a, NULL);
  gk_app_free(d->other, a);
  if (n != 0 || lines != 1 || got != GK_E_NOT_FOUND)
    d->seen_some++;
  else if (stored > 0 && stored < ROWS)
    d->partly++;
  size_t left = d->f->len - d->pos;
  size_t k = left < cap ? left : cap;
  if (d->pos > 0 && k > 16384)
    k = 16384;
  memcpy(buf, d->f->csv + d->pos, k);
  d->pos += k;
  return (int64_t)k;
}

static gk_status import(fixture *f, feed *d, int64_t *count, gk_error *err) {
  gk_import_opts o;
  memset(&o, 0, sizeof(o));
  o.version = GK_IMPORT_OPTS_VERSION;
  o.batch_rows = BATCH;
  char key[128];
  gk_ledger_opts lo = lt_opts(f->dir, key, sizeof(key), "other");
  gk_status st = gk_ledger_open(&d->other, f->path, &lo, err);
  if (st)
    return st;
  st = gk_ledger_import_csv_stream(f->led, feed_read, d, "in.csv", &o, count,
                                   err);
  if (st && err)
    print_message("import: %s\n", err->message_en);
  gk_ledger_free(d->other);
  d->other = NULL;
  return st;
}

static void test_rows_written_in_batches_are_seen_only_when_done(void **state) {
  fixture *f = *state;
  feed d = {f, 0, 0, 0, NULL, 0, 0};
  int64_t n = 0;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(import(f, &d, &n, &err), GK_OK);
  assert_int_equal(n, ROWS);
  /* read more than once while part of it was in the ledger, never seen */
  assert_true(d.partly >= 2);
  assert_int_equal(d.seen_some, 0);
  assert_int_equal(listed(f->led), ROWS);
  gk_ledger *again = NULL;
  char key[128];
  gk_ledger_opts lo = lt_opts(f->dir, key, sizeof(key), NULL);
  assert_int_equal(gk_ledger_open(&again, f->path, &lo, NULL), GK_OK);
  assert_int_equal(listed(again), ROWS);
  gk_ledger_free(again);
  assert_int_equal(
      sql_int(f->path, "SELECT count(*) FROM imports WHERE state = 'done'"), 1);
  assert_int_equal(sql_int(f->path, "SELECT count(*) FROM audit_log WHERE "
                                    "action = 'import'"),
                   1);
}

static void test_failed_import_leaves_no_row(void **state) {
  fixture *f = *state;
  feed d = {f, 0, 0, 40, NULL, 0, 0}; /* fails well into the file */
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(import(f, &d, NULL, &err), GK_E_IO);
  assert_true(d.partly >= 2); /* it had written rows when it failed */
  assert_int_equal(d.seen_some, 0);
  assert_int_equal(sql_int(f->path, "SELECT count(*) FROM applications"), 0);
  assert_int_equal(sql_int(f->path, "SELECT count(*) FROM imports WHERE "
                                    "state = 'abandoned'"),
                   1);
  assert_int_equal(sql_int(f->path, "SELECT count(*) FROM audit_log WHERE "
                                    "action = 'import'"),
                   0);
  /* the refs are free again */
  gk_app_input in = {GK_APP_INPUT_VERSION, "I-00001", "natural", "张三",   NULL, "in_person",
                     20250609,  0,         "某文件", NULL};
  assert_int_equal(gk_ledger_app_add(f->led, &in, NULL, NULL), GK_OK);
}

/* An import that died (its process killed) leaves rows marked with an
 * import still 'running' and no lock held: they are never seen nor
 * counted, and the next open removes them. Made here by turning a done
 * import back to running outside gongkai. */
static void test_dead_import_rows_removed_at_next_open(void **state) {
  fixture *f = *state;
  feed d = {f, 0, 0, 0, NULL, 0, 0};
  assert_int_equal(import(f, &d, NULL, NULL), GK_OK);
  gk_ledger_free(f->led);
  f->led = NULL;
  assert_int_equal(lt_exec(f->path, lt_pg() ? "UPDATE imports SET state = "
                                              "'running'"
                                            : "UPDATE imports SET state = "
                                              "'running'; PRAGMA "
                                              "wal_checkpoint(TRUNCATE)"),
                   0);
  char key[128];
  gk_ledger_opts lo = lt_opts(f->dir, key, sizeof(key), "tester");
  assert_int_equal(gk_ledger_open(&f->led, f->path, &lo, NULL), GK_OK);
  assert_int_equal(listed(f->led), 0);
  assert_int_equal(sql_int(f->path, "SELECT count(*) FROM applications"), 0);
  assert_int_equal(sql_int(f->path, "SELECT count(*) FROM imports WHERE "
                                    "state = 'abandoned'"),
                   1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(
          test_rows_written_in_batches_are_seen_only_when_done, setup,
          teardown),
      cmocka_unit_test_setup_teardown(test_failed_import_leaves_no_row, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(
          test_dead_import_rows_removed_at_next_open, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
