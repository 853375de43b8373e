/* test_csv_formula.c: no CSV gongkai writes holds a cell a spreadsheet
 * reads as a formula (issue 15 point 5, OWASP's CSV injection rule), and
 * the guard is undone on import (issue 15 point 9: an imported field
 * holding NUL or a control character is refused with FILE:LINE).
 *
 * Property: GK_PROPERTY_N random strings (default 20000; seed from
 * GK_PROPERTY_SEED) over an alphabet rich in = + - @ tab CR LF ' " , and
 * digits go through every CSV writer: gk_write_csv_field (the merge
 * record's fields), gk_write_csv (agency and file name) and
 * gk_ledger_export_csv (every text column). Each output is parsed as RFC
 * 4180; no cell may start with = + - @ tab or CR unless it is a plain
 * negative number, and every cell must read back to the string written
 * (the ledger through a real import into a second ledger). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gongkai.h"

typedef struct buf {
  char *p;
  size_t n, cap;
} buf;

static int sink(const char *data, size_t len, void *ud) {
  buf *b = ud;
  if (b->n + len + 1 > b->cap) {
    size_t cap = (b->n + len + 1) * 2;
    char *p = realloc(b->p, cap);
    if (!p)
      return 1;
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, data, len);
  b->n += len;
  b->p[b->n] = '\0';
  return 0;
}

/* === An RFC 4180 reader: cells of a whole document === */

typedef struct cells {
  char **v;   /* each cell, NUL-terminated */
  size_t *row; /* its record, 0-based */
  size_t *col; /* its column */
  size_t n;
} cells;

static void cells_free(cells *c) {
  for (size_t i = 0; i < c->n; i++)
    free(c->v[i]);
  free(c->v);
  free(c->row);
  free(c->col);
  memset(c, 0, sizeof(*c));
}

static void push(cells *c, const char *s, size_t len, size_t row, size_t col) {
  c->v = realloc(c->v, (c->n + 1) * sizeof(*c->v));
  c->row = realloc(c->row, (c->n + 1) * sizeof(*c->row));
  c->col = realloc(c->col, (c->n + 1) * sizeof(*c->col));
  assert_non_null(c->v);
  assert_non_null(c->row);
  assert_non_null(c->col);
  c->v[c->n] = malloc(len + 1);
  assert_non_null(c->v[c->n]);
  memcpy(c->v[c->n], s, len);
  c->v[c->n][len] = '\0';
  c->row[c->n] = row;
  c->col[c->n] = col;
  c->n++;
}

static void parse(const char *s, size_t len, cells *c) {
  memset(c, 0, sizeof(*c));
  char *f = malloc(len + 1);
  assert_non_null(f);
  size_t i = 0, row = 0, col = 0;
  while (i < len) {
    size_t k = 0;
    if (s[i] == '"') {
      for (i++;; i++) {
        assert_true(i < len); /* a quote is closed */
        if (s[i] == '"' && i + 1 < len && s[i + 1] == '"')
          f[k++] = s[i++];
        else if (s[i] == '"')
          break;
        else
          f[k++] = s[i];
      }
      i++;
    } else {
      while (i < len && s[i] != ',' && s[i] != '\n') {
        assert_true(s[i] != '"'); /* no bare quote */
        f[k++] = s[i++];
      }
    }
    push(c, f, k, row, col);
    if (i < len && s[i] == ',') {
      i++;
      col++;
      continue;
    }
    assert_true(i == len || s[i] == '\n');
    i++;
    row++;
    col = 0;
  }
  free(f);
}

/* === The property === */

static bool negative_number(const char *s) {
  size_t i = 1, d = 0;
  if (s[0] != '-')
    return false;
  for (; s[i] >= '0' && s[i] <= '9'; i++)
    d++;
  if (!d)
    return false;
  if (s[i] == '.') {
    size_t f = 0;
    for (i++; s[i] >= '0' && s[i] <= '9'; i++)
      f++;
    if (!f)
      return false;
  }
  return s[i] == '\0';
}

/* What a spreadsheet runs: OWASP's first characters, numbers aside. */
static bool formula(const char *cell) {
  return strchr("=+-@\t\r", cell[0]) && cell[0] && !negative_number(cell) &&
         strcmp(cell, "-") != 0; /* a lone "-": nothing to compute */
}

/* The cell as the import reads it: one apostrophe before a formula byte
 * or another apostrophe is the guard's. */
static const char *unguard(const char *cell) {
  return cell[0] == '\'' && cell[1] && strchr("=+-@\t\r'", cell[1]) ? cell + 1
                                                                      : cell;
}

static uint64_t rng_state;
static uint64_t rng(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

static void random_text(char *out, size_t max, bool lines) {
  static const char *const parts[] = {
      "=", "+", "-", "@", "\t", "'", "\"", ",", "0", "1", "9", ".",
      "a", "C", "|", "!", " ", "(", ")", "中", "局", "=cmd|' /C calc'!A0",
      "=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "+1+1", "-1", "\r", "\n"};
  size_t nparts = sizeof(parts) / sizeof(parts[0]) - (lines ? 0 : 2);
  size_t n = rng() % 6, k = 0;
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    const char *p = parts[rng() % nparts];
    size_t l = strlen(p);
    if (k + l + 1 > max)
      break;
    memcpy(out + k, p, l + 1);
    k += l;
  }
}

static size_t property_n(void) {
  const char *e = getenv("GK_PROPERTY_N");
  long n = e ? strtol(e, NULL, 10) : 20000;
  return n > 0 ? (size_t)n : 20000;
}

static void seed_rng(void) {
  const char *e = getenv("GK_PROPERTY_SEED");
  rng_state = e ? strtoull(e, NULL, 10) : 0x9e3779b97f4a7c15ull;
  if (!rng_state)
    rng_state = 1;
  print_message("GK_PROPERTY_SEED=%llu\n", (unsigned long long)rng_state);
}

/* The OWASP examples of the issue, and numbers left alone. */
static void test_csv_field_guards_formulas_not_numbers(void **state) {
  (void)state;
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
      {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
      {"@SUM(A1)", "'@SUM(A1)"},
      {"+1+1", "'+1+1"},
      {"\tx", "'\tx"},
      {"\r=1", "\"'\r=1\""},
      {"-1+1", "'-1+1"},
      {"-1", "-1"},
      {"-2.5", "-2.5"},
      {"-", "-"},
      {"--", "'--"},
      {"12", "12"},
      {"'=1", "''=1"},
      {"'a", "'a"},
      {"某局", "某局"},
      {"", ""},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    buf b = {NULL, 0, 0};
    assert_int_equal(gk_write_csv_field(cases[i].in, sink, &b, NULL), GK_OK);
    assert_string_equal(b.p ? b.p : "", cases[i].out);
    free(b.p);
  }
}

static void check_cells(const buf *b, cells *c) {
  parse(b->p ? b->p : "", b->n, c);
  for (size_t i = 0; i < c->n; i++)
    if (formula(c->v[i]))
      fail_msg("cell %zu:%zu '%s' reads as a formula", c->row[i] + 1,
               c->col[i] + 1, c->v[i]);
}

/* gk_write_csv_field and gk_write_csv: no formula, and each text reads
 * back. */
static void test_csv_writers_emit_no_formula(void **state) {
  (void)state;
  seed_rng();
  size_t n = property_n();
  const gk_template *tpl = gk_template_by_name("2021");
  assert_non_null(tpl);
  for (size_t i = 0; i < n; i++) {
    char a[64], f[64];
    random_text(a, sizeof(a), true);
    random_text(f, sizeof(f), true);
    buf b = {NULL, 0, 0};
    cells c;
    assert_int_equal(gk_write_csv_field(a, sink, &b, NULL), GK_OK);
    check_cells(&b, &c);
    assert_int_equal(c.n, a[0] ? 1 : 0); /* an empty field: no bytes */
    if (a[0])
      assert_string_equal(unguard(c.v[0]), a);
    cells_free(&c);
    free(b.p);
    if (i % 10)
      continue; /* a whole report costs 200 lines */
    gk_report *rep = NULL;
    assert_int_equal(gk_report_new(&rep, tpl, NULL), GK_OK);
    assert_int_equal(gk_report_set_agency(rep, a), GK_OK);
    assert_int_equal(gk_report_set_source_name(rep, f), GK_OK);
    buf r = {NULL, 0, 0};
    assert_int_equal(gk_write_csv(rep, 1, sink, &r, NULL), GK_OK);
    check_cells(&r, &c);
    assert_true(c.n > 8);
    assert_string_equal(unguard(c.v[8]), f); /* line 2: file, agency */
    assert_string_equal(unguard(c.v[9]), a);
    cells_free(&c);
    free(r.p);
    gk_report_free(rep);
  }
}

/* gk_ledger_export_csv: every text column of random applications, no
 * formula; imported into a new ledger, the same texts. */
static void test_ledger_export_emits_no_formula_and_imports_back(void **state) {
  (void)state;
  seed_rng();
  size_t n = property_n() / 50 + 20;
  char dir[64], p1[96], p2[96];
  snprintf(dir, sizeof(dir), "/tmp/gk_csvf_XXXXXX");
  assert_non_null(mkdtemp(dir));
  snprintf(p1, sizeof(p1), "%s/a.db", dir);
  snprintf(p2, sizeof(p2), "%s/b.db", dir);
  gk_ledger *a = NULL, *b = NULL;
  assert_int_equal(gk_ledger_create(&a, p1, "=cmd|' /C calc'!A0", "department",
                                    NULL, NULL),
                   GK_OK);
  char (*names)[64] = calloc(n, 64), (*contacts)[64] = calloc(n, 64),
       (*descs)[64] = calloc(n, 64), (*refs)[64] = calloc(n, 64);
  assert_non_null(names);
  assert_non_null(contacts);
  assert_non_null(descs);
  assert_non_null(refs);
  for (size_t i = 0; i < n; i++) {
    random_text(names[i], 64, true);
    random_text(contacts[i], 64, true);
    random_text(descs[i], 64, true);
    random_text(refs[i], 40, false);
    size_t l = strlen(refs[i]);
    snprintf(refs[i] + l, 64 - l, "#%zu", i); /* unique, maybe '=' first */
    gk_app_input in = {GK_APP_INPUT_VERSION, refs[i],  "natural", names[i][0] ? names[i] : NULL,
                       contacts[i][0] ? contacts[i] : NULL,
                       "in_person", 20240105, 0,
                       descs[i][0] ? descs[i] : NULL, NULL};
    gk_error e;
    gk_error_clear(&e);
    if (gk_ledger_app_add(a, &in, NULL, &e))
      fail_msg("add %s: %s", refs[i], e.message_en);
  }
  buf out = {NULL, 0, 0};
  assert_int_equal(gk_ledger_export_csv(a, sink, &out, NULL), GK_OK);
  cells c;
  check_cells(&out, &c);
  cells_free(&c);
  assert_int_equal(gk_ledger_create(&b, p2, "x", "department", NULL, NULL),
                   GK_OK);
  gk_error e;
  gk_error_clear(&e);
  int64_t count = 0;
  if (gk_ledger_import_csv(b, out.p, out.n, "apps.csv", &count, &e))
    fail_msg("import: %s", e.message_en);
  assert_int_equal(count, (int64_t)n);
  for (size_t i = 0; i < n; i++) {
    gk_app *x = NULL;
    assert_int_equal(gk_ledger_app_get(b, refs[i], &x, NULL), GK_OK);
    assert_string_equal(x->applicant_name ? x->applicant_name : "", names[i]);
    assert_string_equal(x->contact ? x->contact : "", contacts[i]);
    assert_string_equal(x->description ? x->description : "", descs[i]);
    gk_app_free(b, x);
  }
  free(out.p);
  free(names);
  free(contacts);
  free(descs);
  free(refs);
  gk_ledger_free(a);
  gk_ledger_free(b);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

/* A field holding NUL, ESC, BEL or a C1 control is refused, naming the
 * file, the line and the column (a NUL cut the field short before). */
static void test_ledger_import_refuses_control_characters(void **state) {
  (void)state;
  static const struct {
    const char *field;
    size_t len;
  } bad[] = {
      {"a\0b", 3},
      {"\x1b]0;owned\x07", 10},
      {"x\x1b[2J", 5},
      {"\xc2\x9b" "31m", 5},
      {"del\x7f", 4},
  };
  char dir[64], path[96];
  snprintf(dir, sizeof(dir), "/tmp/gk_csvc_XXXXXX");
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof(path), "%s/c.db", dir);
  gk_ledger *led = NULL;
  assert_int_equal(gk_ledger_create(&led, path, "x", "department", NULL, NULL),
                   GK_OK);
  const char head[] = "ref,applicant_type,applicant_name,channel,"
                      "received_on,state\n"
                      "A-1,natural,ok,in_person,2024-01-05,registered\n"
                      "A-2,natural,";
  const char tail[] = ",in_person,2024-01-05,registered\n";
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    char csv[256];
    size_t k = 0;
    memcpy(csv, head, sizeof(head) - 1);
    k += sizeof(head) - 1;
    memcpy(csv + k, bad[i].field, bad[i].len);
    k += bad[i].len;
    memcpy(csv + k, tail, sizeof(tail) - 1);
    k += sizeof(tail) - 1;
    gk_error e;
    gk_error_clear(&e);
    assert_int_equal(gk_ledger_import_csv(led, csv, k, "apps.csv", NULL, &e),
                     GK_E_ARG);
    assert_int_equal(e.line, 3);
    assert_int_equal(e.column, 3);
    assert_non_null(strstr(e.message_en, "apps.csv:3"));
    assert_non_null(strstr(e.message_en, "applicant_name"));
    assert_non_null(strstr(e.message_en, "control character"));
    assert_null(strchr(e.message_en, '\x1b'));
  }
  /* tab, CR and LF inside a quoted field stay allowed */
  const char ok[] = "ref,applicant_type,applicant_name,channel,received_on,"
                    "state\nA-3,natural,\"a\tb\r\nc\",in_person,2024-01-05,"
                    "registered\n";
  assert_int_equal(
      gk_ledger_import_csv(led, ok, sizeof(ok) - 1, "ok.csv", NULL, NULL),
      GK_OK);
  gk_ledger_free(led);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_csv_field_guards_formulas_not_numbers),
      cmocka_unit_test(test_csv_writers_emit_no_formula),
      cmocka_unit_test(test_ledger_export_emits_no_formula_and_imports_back),
      cmocka_unit_test(test_ledger_import_refuses_control_characters),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
