/* test_flow_work.c: the stream reading (src/lib/read/flow.c) stays linear
 * in its input (issue 10 item 7). No clock: the reader counts its steps
 * (gk__flow_notes.work: characters normalised and tokenised, bytes scanned
 * for labels and headings, alignment cells, edit-distance cells, bytes
 * walked for line numbers), and an input ten times as long must not take
 * more steps per byte than a quarter over the shorter one's. A quadratic
 * rescan (per anchor, per label, per dash of a blank mark) makes a byte
 * cost ~10 times as many steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gk_internal.h"
#include "model/rules.h"
#include "read/text_internal.h"

#define GROWTH 10 /* the input grows so many times */

static char *slurp(const char *rel, size_t *len) {
  const char *dir = getenv("GK_SOURCE_DIR");
  char path[1024];
  snprintf(path, sizeof(path), "%s/%s", dir ? dir : ".", rel);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  assert_non_null(buf);
  assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  buf[n] = '\0';
  *len = (size_t)n;
  return buf;
}

/* A growable text. */
typedef struct text {
  char *s;
  size_t n, cap;
} text;

static void put(text *t, const char *s, size_t n) {
  if (t->n + n + 1 > t->cap) {
    t->cap = (t->n + n + 1) * 2;
    t->s = realloc(t->s, t->cap);
    assert_non_null(t->s);
  }
  memcpy(t->s + t->n, s, n);
  t->n += n;
  t->s[t->n] = '\0';
}

static void puts_(text *t, const char *s) { put(t, s, strlen(s)); }

static void put_rep(text *t, const char *s, size_t k) {
  for (size_t i = 0; i < k; i++)
    puts_(t, s);
}

/* A seed report with its line breaks removed: a page saved as one line. */
static void put_joined_seed(text *t) {
  size_t n;
  char *s = slurp("tests/data/seeds/001_eb4955ec489c8a4e.txt", &n);
  for (size_t i = 0; i < n; i++)
    if (s[i] != '\n' && s[i] != '\r')
      put(t, s + i, 1);
  free(s);
}

/* Steps of one stream reading of t, which must succeed. */
static uint64_t steps(const text *t) {
  struct gk__reader *rd = calloc(1, sizeof(*rd));
  assert_non_null(rd);
  rd->alloc = gk_alloc_default();
  gk__read_build_keys(rd);
  rd->text = t->s;
  rd->tlen = t->n;
  gk__buf out;
  gk__buf_init(&out, rd->alloc, 0);
  int64_t *map = NULL;
  size_t nmap = 0;
  struct gk__flow_notes notes;
  assert_int_equal(gk__read_flow(rd, &out, &map, &nmap, &notes), GK_OK);
  assert_true(out.len > 0);
  gk__free(rd->alloc, map);
  gk__buf_free(&out);
  free(rd);
  assert_true(notes.work > 0);
  return notes.work;
}

typedef void (*make_fn)(text *t, size_t k);

/* Builds the input at size k and GROWTH * k: the steps a byte costs may
 * grow by a quarter at most (a quadratic part makes them ~GROWTH times as
 * many). */
static void check_linear(make_fn make, size_t k, const char *what) {
  text a = {0}, b = {0};
  make(&a, k);
  make(&b, GROWTH * k);
  uint64_t sa = steps(&a), sb = steps(&b);
  double pa = (double)sa / (double)a.n, pb = (double)sb / (double)b.n;
  print_message("%s: %zu bytes %llu steps (%.2f a byte), %zu bytes %llu "
                "steps (%.2f a byte)\n",
                what, a.n, (unsigned long long)sa, pa, b.n,
                (unsigned long long)sb, pb);
  assert_true(b.n >= (GROWTH / 2) * a.n); /* the input did grow */
  assert_true(pb <= 1.25 * pa);
  free(a.s);
  free(b.s);
}

/* The joined seed with 'pad' right after the heading of section 三 (in
 * the application table's span). */
static void put_seed_padded(text *t, const text *pad) {
  text seed = {0};
  put_joined_seed(&seed);
  const char *h = strstr(seed.s, "三、收到和处理政府信息公开申请情况");
  assert_non_null(h);
  size_t at =
      (size_t)(h - seed.s) + strlen("三、收到和处理政府信息公开申请情况");
  put(t, seed.s, at);
  put(t, pad->s, pad->n);
  put(t, seed.s + at, seed.n - at);
  free(seed.s);
}

/* The whole report again and again (a page that repeats it). */
static void make_repeated(text *t, size_t k) {
  for (size_t i = 0; i < k; i++)
    put_joined_seed(t);
}

/* A report whose table holds a long run of dashes (a rule drawn with
 * ——, a blank column printed as -----). */
static void make_dashes(text *t, size_t k) {
  text pad = {0};
  puts_(&pad, "（一）予以公开"); /* glued: each dash may start a blank */
  put_rep(&pad, "—", 200 * k);
  put_rep(&pad, "-", 200 * k);
  puts_(&pad, " 1 2 3");
  put_seed_padded(t, &pad);
  free(pad.s);
}

/* Many rows in the table, each label slightly wrong (the edit distance
 * runs on each), each followed by numbers. */
static void make_rows(text *t, size_t k) {
  text pad = {0};
  for (size_t i = 0; i < 20 * k; i++) {
    puts_(&pad, i % 2 ? "（一）予已公开 " : "其他法律行政法规禁至公开 ");
    puts_(&pad, "1 2 0 0 0 0 3 ");
  }
  put_seed_padded(t, &pad);
  free(pad.s);
}

/* Section numbers everywhere and no title after them. */
static void make_numbers(text *t, size_t k) {
  put_rep(t, "1.2、三、四.五、六、", 100 * k);
  put_joined_seed(t);
  put_rep(t, "一、二、三.1.", 100 * k);
}

/* Many short lines (page-number lines, wraps, cells a line). */
static void make_lines(text *t, size_t k) {
  text pad = {0};
  for (size_t i = 0; i < 100 * k; i++)
    puts_(&pad, i % 3 ? "\n予以公开\n12\n" : "\n-3-\n");
  put_seed_padded(t, &pad);
  free(pad.s);
}

static void test_repeated_report_is_linear(void **st) {
  (void)st;
  check_linear(make_repeated, 2, "repeated report");
}

static void test_dash_run_is_linear(void **st) {
  (void)st;
  check_linear(make_dashes, 20, "dash run");
}

static void test_loose_rows_are_linear(void **st) {
  (void)st;
  check_linear(make_rows, 100, "loose rows");
}

static void test_section_numbers_are_linear(void **st) {
  (void)st;
  check_linear(make_numbers, 20, "section numbers");
}

static void test_short_lines_are_linear(void **st) {
  (void)st;
  check_linear(make_lines, 60, "short lines");
}

/* === The stream reading first (text.c, read_text) ===
 * A page whose lines cannot hold the six headings is read as a stream
 * first and its line reading skipped when the stream reads cleanly; the
 * report must be the one the old order (lines first) gives, which
 * line_first restores. */

static int sink(const char *d, size_t n, void *ud) {
  put(ud, d, n);
  return 0;
}

/* True if the reading found every section and table and has no reader
 * error (what lets the stream reading go without a line reading). */
static bool clean(const gk_report *rep) {
  for (size_t t = 0; t < GK_TABLES; t++)
    if (!rep->table_found[t])
      return false;
  for (size_t x = 0; x < GK_SECTIONS; x++)
    if (!(rep->section_flags[x] & GK_SECTION_FOUND))
      return false;
  for (size_t i = 0; i < rep->nfindings; i++) {
    const char *r = rep->findings[i].rule;
    if (rep->findings[i].sev == GK_SEV_ERROR &&
        (!strcmp(r, GK_RULE_MISSING_ROW) || !strcmp(r, GK_RULE_ROW_CELLS) ||
         !strcmp(r, GK_RULE_BAD_NUMBER) || !strcmp(r, GK_RULE_AMBIGUOUS_CELLS)))
      return false;
  }
  return true;
}

/* JSON of t read and checked (or its status and message); '*lines' gets
 * the line readings done, '*ok' whether the reading was clean(). */
static char *read_json(const text *t, bool line_first, unsigned *lines,
                       bool *ok) {
  gk_reader *r = NULL;
  assert_int_equal(gk_reader_new(&r, NULL), GK_OK);
  struct gk__reader *rd = gk__reader_state(r);
  rd->line_first = line_first;
  gk_report *rep = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_reader_read_text(r, &rep, t->s, t->n, NULL, &err);
  *lines = rd->line_reads;
  text out = {0};
  *ok = !st && clean(rep);
  if (st) {
    char m[600];
    snprintf(m, sizeof(m), "status %d line %lld: %s", (int)st,
             (long long)err.line, err.message);
    puts_(&out, m);
  } else {
    assert_int_equal(gk_check_run(rep, GK_CHECK_ALL, &err), GK_OK);
    assert_int_equal(gk_write_json(rep, GK_LANG_ZH, sink, &out, &err), GK_OK);
  }
  gk_report_free(rep);
  gk_reader_free(r);
  return out.s;
}

enum { L_ORIG, L_JOIN, L_NOSPACE, L_NAV, L_WRAP, L_LAYOUTS };

/* Seed text 's' in layout 'l' (score_layout.py's transformations). */
static void layout(text *t, const char *s, size_t n, int l) {
  if (l == L_NAV)
    puts_(t, "首页 > 政务公开 > 年度报告\n当前位置：首页\n打印本页 关闭窗口\n");
  size_t col = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (l != L_ORIG && l != L_WRAP && (c == '\n' || c == '\r'))
      continue;
    if (l == L_NOSPACE && (c == ' ' || c == '\t'))
      continue;
    if (l == L_WRAP && (((unsigned char)c & 0xc0) != 0x80) && col >= 30) {
      put(t, "\n", 1);
      col = 0;
    }
    put(t, &c, 1);
    col = c == '\n' ? 0 : col + 1;
  }
}

static void test_stream_first_reads_as_lines_first(void **st) {
  (void)st;
  static const char *const seeds[] = {
      "tests/data/seeds/000_7a7af06b78520d01.txt",
      "tests/data/seeds/001_eb4955ec489c8a4e.txt",
      "tests/data/seeds/002_1940b8663137bb43.txt",
      "tests/data/seeds/003_f5d5ef7bb5443bb4.txt",
      "tests/data/seeds/004_3bfaa367c900be67.txt"};
  size_t skipped = 0, one_line = 0;
  for (size_t k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
    size_t n;
    char *s = slurp(seeds[k], &n);
    for (int l = 0; l < L_LAYOUTS; l++) {
      text t = {0};
      layout(&t, s, n, l);
      unsigned lines_new, lines_old;
      bool ok, ok_old;
      char *a = read_json(&t, false, &lines_new, &ok);
      char *b = read_json(&t, true, &lines_old, &ok_old);
      if (strcmp(a, b) != 0)
        print_message("seed %s layout %d differs:\n%s\n%s\n", seeds[k], l, a,
                      b);
      assert_string_equal(a, b);
      assert_int_equal(lines_old, 1);
      assert_true(lines_new <= 1);
      if (l == L_ORIG || l == L_WRAP)
        assert_int_equal(lines_new, 1); /* well-laid: lines first */
      if (l == L_JOIN || l == L_NAV) {
        /* skipped exactly when the stream reading is clean; else the
         * line reading ran and the result is still the old order's */
        assert_int_equal(lines_new, ok ? 0 : 1);
        one_line++;
        skipped += lines_new == 0;
      }
      free(a);
      free(b);
      free(t.s);
    }
    free(s);
  }
  print_message("one-line seeds read without a line reading: %zu of %zu\n",
                skipped, one_line);
  assert_true(skipped > 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_stream_first_reads_as_lines_first),
      cmocka_unit_test(test_repeated_report_is_linear),
      cmocka_unit_test(test_dash_run_is_linear),
      cmocka_unit_test(test_loose_rows_are_linear),
      cmocka_unit_test(test_section_numbers_are_linear),
      cmocka_unit_test(test_short_lines_are_linear),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
