/* test_ledger_sec.c: the ledger's library API for issues 11 and 15:
 * ID numbers masked, sealed and hashed (gk_id_mask, the key file), the
 * audit chain (gk_ledger_verify), one name per actor (gk_actor_normalize),
 * a lock reported as a lock after the busy timeout, and the vocabularies
 * of ids and Chinese labels (gk_vocab_*). */
#include "gongkai.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

typedef struct fixture {
  char dir[64];
  char path[96];
  gk_ledger *led;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof(*f));
  snprintf(f->dir, sizeof(f->dir), "/tmp/gk-sec-XXXXXX");
  if (!mkdtemp(f->dir))
    return -1;
  snprintf(f->path, sizeof(f->path), "%s/l.db", f->dir);
  gk_ledger_opts o = {.actor = "tester"};
  gk_error err;
  gk_error_clear(&err);
  if (gk_ledger_create(&f->led, f->path, "某县人民政府", "county_gov_or_above",
                       &o, &err))
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

static gk_status add(gk_ledger *led, const char *ref, const char *key) {
  gk_app_input in = {GK_APP_INPUT_VERSION, ref,  "natural", NULL, NULL,
                     "in_person", 20250609, 0, NULL, key};
  gk_error err;
  gk_error_clear(&err);
  return gk_ledger_app_add(led, &in, NULL, &err);
}

/* Does the file at 'path' contain 'needle' anywhere? */
static int file_has(const char *path, const char *needle) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return 0;
  size_t n = strlen(needle), have = 0, cap = 1 << 20;
  char *buf = malloc(cap);
  size_t r;
  int found = 0;
  while (!found && (r = fread(buf + have, 1, cap - have, fp)) > 0) {
    have += r;
    for (size_t i = 0; i + n <= have && !found; i++)
      found = memcmp(buf + i, needle, n) == 0;
    if (have > n) { /* keep the tail for a match across reads */
      memmove(buf, buf + have - n, n);
      have = n;
    }
  }
  free(buf);
  fclose(fp);
  return found;
}

static void test_id_mask_keeps_first_three_and_last_four(void **state) {
  (void)state;
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"11010119900101123X", "110***********123X"},
      {"91110000100000000A", "911***********000A"},
      {"12345678901", "123****8901"},   /* 11: four hidden */
      {"1234567890", "**********"},     /* 10: all hidden */
      {"", ""},
      {"１１０１０１１９９００１", "１１０*****９００１"}, /* characters, not bytes */
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char out[128];
    size_t need = gk_id_mask(cases[i].in, out, sizeof(out));
    assert_string_equal(out, cases[i].out);
    assert_int_equal(need, strlen(cases[i].out));
  }
  char small[5];
  assert_int_equal(gk_id_mask("11010119900101123X", small, sizeof(small)), 18);
  assert_string_equal(small, "110*");
}

static void test_id_numbers_are_sealed_hashed_and_masked(void **state) {
  fixture *f = *state;
  struct stat sb;
  char key[128];
  snprintf(key, sizeof(key), "%s.key", f->path);
  assert_int_equal(stat(f->path, &sb), 0);
  assert_int_equal(sb.st_mode & 0777, 0600);
  assert_int_equal(stat(key, &sb), 0);
  assert_int_equal(sb.st_mode & 0777, 0600);
  assert_string_equal(gk_ledger_key_file(f->led), key);
  assert_int_equal(add(f->led, "S-1", "11010119900101123X"), GK_OK);
  assert_int_equal(add(f->led, "S-2", " 11010119900101123x "), GK_OK);
  assert_int_equal(add(f->led, "S-3", "440301198512124567"), GK_OK);
  gk_error err;
  gk_error_clear(&err);
  gk_app *a = NULL, *b = NULL, *c = NULL;
  assert_int_equal(gk_ledger_app_get(f->led, "S-1", &a, &err), GK_OK);
  assert_int_equal(gk_ledger_app_get(f->led, "S-2", &b, &err), GK_OK);
  assert_int_equal(gk_ledger_app_get(f->led, "S-3", &c, &err), GK_OK);
  assert_string_equal(a->applicant_key, "110***********123X");
  assert_int_equal(strlen(a->applicant_key_hash), 32);
  assert_string_equal(a->applicant_key_hash, b->applicant_key_hash);
  assert_string_not_equal(a->applicant_key_hash, c->applicant_key_hash);
  gk_app_free(f->led, a);
  gk_app_free(f->led, b);
  gk_app_free(f->led, c);
  /* the number is nowhere in the file once checkpointed */
  gk_ledger_free(f->led);
  f->led = NULL;
  assert_false(file_has(f->path, "11010119900101123X"));
  assert_false(file_has(f->path, "440301198512124567"));
  gk_ledger_opts o = {.actor = "tester"};
  assert_int_equal(gk_ledger_open(&f->led, f->path, &o, &err), GK_OK);
  /* a masked number is no identity */
  assert_int_equal(add(f->led, "S-4", "110***********123X"), GK_E_ARG);
}

static void test_key_file_missing_unsafe_or_foreign(void **state) {
  fixture *f = *state;
  gk_ledger_free(f->led);
  f->led = NULL;
  char key[128], away[128];
  snprintf(key, sizeof(key), "%s.key", f->path);
  snprintf(away, sizeof(away), "%s/away.key", f->dir);
  gk_ledger_opts o = {.actor = "tester"};
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(chmod(key, 0640), 0);
  assert_int_equal(gk_ledger_open(&f->led, f->path, &o, &err), GK_E_KEY);
  assert_int_equal(chmod(key, 0600), 0);
  assert_int_equal(rename(key, away), 0);
  /* without it: reads, not changes */
  assert_int_equal(gk_ledger_open(&f->led, f->path, &o, &err), GK_OK);
  assert_int_equal(add(f->led, "K-1", NULL), GK_E_KEY);
  gk_ledger_free(f->led);
  f->led = NULL;
  o.key_file = away;
  assert_int_equal(gk_ledger_open(&f->led, f->path, &o, &err), GK_OK);
  assert_int_equal(add(f->led, "K-1", NULL), GK_OK);
  gk_ledger_free(f->led);
  f->led = NULL;
  /* another ledger's key */
  char other[128];
  snprintf(other, sizeof(other), "%s/o.db", f->dir);
  gk_ledger *led2 = NULL;
  gk_ledger_opts o2 = {.actor = "tester"};
  assert_int_equal(gk_ledger_create(&led2, other, "某局", "department", &o2,
                                    &err),
                   GK_OK);
  gk_ledger_free(led2);
  snprintf(other, sizeof(other), "%s/o.db.key", f->dir);
  o.key_file = other;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_open(&f->led, f->path, &o, &err), GK_E_KEY);
  assert_non_null(strstr(err.message_en, "does not belong"));
  assert_int_equal(rename(away, key), 0);
  o.key_file = NULL;
  assert_int_equal(gk_ledger_open(&f->led, f->path, &o, &err), GK_OK);
}

static int count_break(const gk_audit_break *b, void *ud) {
  int64_t *rows = ud;
  *rows = b->row_id;
  return 0;
}

static void test_audit_chain_finds_a_changed_row(void **state) {
  fixture *f = *state;
  assert_int_equal(add(f->led, "C-1", NULL), GK_OK);
  assert_int_equal(add(f->led, "C-2", NULL), GK_OK);
  gk_error err;
  gk_error_clear(&err);
  int64_t breaks = -1, rows = 0, where = 0;
  char head[65];
  assert_int_equal(gk_ledger_verify(f->led, NULL, NULL, &breaks, &rows, head,
                                    &err),
                   GK_OK);
  assert_int_equal(breaks, 0);
  assert_true(rows >= 4);
  assert_int_equal(strlen(head), 64);
  /* someone with the file (not the key) rewrites row 3 */
  sqlite3 *db = NULL;
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  assert_int_equal(
      sqlite3_exec(db,
                   "DROP TRIGGER audit_log_no_update;"
                   "UPDATE audit_log SET actor = 'mallory' WHERE id = 3;",
                   NULL, NULL, NULL),
      SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(gk_ledger_verify(f->led, count_break, &where, &breaks,
                                    &rows, head, &err),
                   GK_OK);
  assert_int_equal(breaks, 2); /* the trigger, and row 3 */
  assert_int_equal(where, 3);
  gk_ledger_free(f->led);
  f->led = NULL;
  gk_ledger_opts o = {.actor = "tester"};
  assert_int_equal(gk_ledger_open(&f->led, f->path, &o, &err), GK_E_TAMPERED);
  o.flags = GK_LEDGER_OPEN_TAMPERED;
  assert_int_equal(gk_ledger_open(&f->led, f->path, &o, &err), GK_OK);
}

static void test_lock_is_waited_for_then_reported_as_a_lock(void **state) {
  fixture *f = *state;
  gk_ledger_free(f->led);
  f->led = NULL;
  gk_ledger_opts o = {.actor = "tester", .busy_timeout_ms = 300};
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_open(&f->led, f->path, &o, &err), GK_OK);
  /* another program holds the write lock, as an import does */
  sqlite3 *db = NULL;
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db,
                                "BEGIN IMMEDIATE; INSERT INTO meta VALUES "
                                "('held', 'yes');",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  gk_app_input in = {GK_APP_INPUT_VERSION, "B-1", "natural", NULL, NULL, "in_person", 20250609,
                     0,     NULL,      NULL};
  assert_int_equal(gk_ledger_app_add(f->led, &in, NULL, &err), GK_E_BUSY);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
  assert_true(ms >= 250);
  assert_non_null(strstr(err.message, "正被其他程序锁定"));
  assert_null(strstr(err.message, "不是 gongkai 台账"));
  /* reads go on meanwhile (WAL) */
  gk_app *app = NULL;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_get(f->led, "B-1", &app, &err),
                   GK_E_NOT_FOUND);
  sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close(db);
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_app_add(f->led, &in, NULL, &err), GK_OK);
}

static void test_actor_normalize(void **state) {
  (void)state;
  static const struct {
    const char *in, *out;
    gk_status st;
  } cases[] = {
      {"alice", "alice", GK_OK},
      {"alice ", "alice", GK_OK},
      {"  Alice\t", "alice", GK_OK},
      {"ＡＬＩＣＥ", "alice", GK_OK},       /* full width: NFKC */
      {"ａｌｉｃｅ　", "alice", GK_OK},      /* and U+3000 */
      {"Straße", "strasse", GK_OK},          /* full case folding */
      {"张  三", "张 三", GK_OK},             /* inner runs: one space */
      {"李四", "李四", GK_OK},
      {"   ", "", GK_E_ARG},
      {"\xff", "", GK_E_ARG},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char out[64];
    gk_error err;
    gk_error_clear(&err);
    assert_int_equal(gk_actor_normalize(cases[i].in, out, sizeof(out), &err),
                     cases[i].st);
    assert_string_equal(out, cases[i].out);
  }
  char tiny[3];
  assert_int_equal(gk_actor_normalize("alice", tiny, sizeof(tiny), NULL),
                   GK_E_TOO_LARGE);
}

static void test_vocab_ids_and_labels(void **state) {
  (void)state;
  static const struct {
    gk_vocab v;
    const char *name, *id;
  } cases[] = {
      {GK_VOCAB_APPLICANT_TYPE, "自然人", "natural"},
      {GK_VOCAB_APPLICANT_TYPE, "natural", "natural"},
      {GK_VOCAB_APPLICANT_TYPE, "法律服务机构", "legal"},
      {GK_VOCAB_CHANNEL, "当面", "in_person"},
      {GK_VOCAB_CHANNEL, "当面提交", "in_person"},
      {GK_VOCAB_CHANNEL, "挂号信", "registered_mail"},
      {GK_VOCAB_CHANNEL, "传真", "fax"},
      {GK_VOCAB_OUTCOME, "予以公开", "granted"},
      {GK_VOCAB_OUTCOME, "（一）予以公开", "granted"},
      {GK_VOCAB_OUTCOME, "部分公开", "partial"},
      {GK_VOCAB_OUTCOME, "4.保护第三方合法权益", "denied.third_party"},
      {GK_VOCAB_OUTCOME, "保护第三方合法权益", "denied.third_party"},
      {GK_VOCAB_OUTCOME, "危及三安全一稳定", "denied.security"},
      {GK_VOCAB_STATE, "已答复", "answered"},
      {GK_VOCAB_LEVEL, "县级以上人民政府", "county_gov_or_above"},
      {GK_VOCAB_LEVEL, "部门", "department"},
      {GK_VOCAB_CHANNEL, "飞鸽", NULL},
      {GK_VOCAB_APPLICANT_TYPE, "总计", NULL}, /* the sum column is no type */
      {GK_VOCAB_OUTCOME, "new", NULL},         /* nor a count row an outcome */
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    const char *id = gk_vocab_find(cases[i].v, cases[i].name);
    if (cases[i].id)
      assert_string_equal(id, cases[i].id);
    else
      assert_null(id);
  }
  assert_string_equal(gk_vocab_label(GK_VOCAB_OUTCOME, "partial"), "部分公开");
  assert_string_equal(gk_vocab_label(GK_VOCAB_STATE, "registered"), "办理中");
  /* every id has a label that finds it again */
  for (int v = GK_VOCAB_APPLICANT_TYPE; v <= GK_VOCAB_LEVEL; v++) {
    assert_true(gk_vocab_count((gk_vocab)v) > 1);
    for (size_t i = 0; i < gk_vocab_count((gk_vocab)v); i++) {
      const char *id = gk_vocab_id((gk_vocab)v, i);
      const char *label = gk_vocab_label((gk_vocab)v, id);
      assert_non_null(label);
      assert_string_equal(gk_vocab_find((gk_vocab)v, label), id);
    }
    assert_null(gk_vocab_id((gk_vocab)v, gk_vocab_count((gk_vocab)v)));
  }
  assert_int_equal(gk_vocab_count(GK_VOCAB_APPLICANT_TYPE), 6);
  assert_int_equal(gk_vocab_count(GK_VOCAB_CHANNEL), 5);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_id_mask_keeps_first_three_and_last_four),
      cmocka_unit_test_setup_teardown(
          test_id_numbers_are_sealed_hashed_and_masked, setup, teardown),
      cmocka_unit_test_setup_teardown(test_key_file_missing_unsafe_or_foreign,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_audit_chain_finds_a_changed_row,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_lock_is_waited_for_then_reported_as_a_lock, setup, teardown),
      cmocka_unit_test(test_actor_normalize),
      cmocka_unit_test(test_vocab_ids_and_labels),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
