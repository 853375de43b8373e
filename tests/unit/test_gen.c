/* test_gen.c: the report generator itself (tests/support/gen.h): it is
 * deterministic per seed, its tables balance by construction (checked on
 * its own truth, not through the reader), corruption changes exactly one
 * cell, and every layout and variant prints what it promises. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gen.h"
#include "gongkai.h"

enum { T_DISCLOSE = 0, T_APPLY = 1, T_REVIEW = 2 };

static gk_gen *new_gen(uint64_t seed) {
  gk_gen *g = NULL;
  assert_int_equal(gk_gen_new(&g, seed), GK_OK);
  assert_non_null(g);
  return g;
}

/* Generates one report; returns a malloc'ed copy of the bytes. */
static char *gen_copy(gk_gen *g, const gk_gen_opts *o, size_t *len,
                      gk_gen_truth *tr) {
  const char *text = NULL;
  assert_int_equal(gk_gen_report(g, o, &text, len, tr), GK_OK);
  assert_non_null(text);
  assert_true(*len > 0);
  char *copy = malloc(*len + 1);
  assert_non_null(copy);
  memcpy(copy, text, *len);
  copy[*len] = 0;
  return copy;
}

static int utf8_valid(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t k = c < 0x80             ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 0;
    if (!k || i + k > n || (k == 2 && c < 0xC2))
      return 0;
    for (size_t j = 1; j < k; j++)
      if ((s[i + j] & 0xC0) != 0x80)
        return 0;
    i += k;
  }
  return 1;
}

static int contains(const char *hay, size_t n, const char *needle) {
  size_t m = strlen(needle);
  for (size_t i = 0; i + m <= n; i++)
    if (!memcmp(hay + i, needle, m))
      return 1;
  return 0;
}

/* Same seed and options: same bytes and truth; another seed differs. */
static void test_same_seed_gives_same_report(void **state) {
  (void)state;
  gk_gen_opts o = {0};
  o.random_flags = 1;
  o.corrupt = -1;
  for (uint64_t seed = 1; seed < 40; seed++) {
    gk_gen *a = new_gen(seed), *b = new_gen(seed);
    for (int i = 0; i < 3; i++) {
      size_t la, lb;
      gk_gen_truth ta, tb;
      char *xa = gen_copy(a, &o, &la, &ta);
      char *xb = gen_copy(b, &o, &lb, &tb);
      assert_int_equal(la, lb);
      assert_memory_equal(xa, xb, la);
      assert_memory_equal(&ta, &tb, sizeof(ta));
      free(xa);
      free(xb);
    }
    gk_gen_free(a);
    gk_gen_free(b);
  }
  gk_gen *g = new_gen(7);
  size_t l1, l2;
  char *x1 = gen_copy(g, &o, &l1, NULL);
  gk_gen_reseed(g, 8);
  char *x2 = gen_copy(g, &o, &l2, NULL);
  assert_true(l1 != l2 || memcmp(x1, x2, l1) != 0);
  gk_gen_reseed(g, 7);
  size_t l3;
  char *x3 = gen_copy(g, &o, &l3, NULL);
  assert_int_equal(l1, l3);
  assert_memory_equal(x1, x3, l1);
  free(x1);
  free(x2);
  free(x3);
  gk_gen_free(g);
}

/* The bytes are a function of the seed alone, whatever the compiler or
 * sanitizer (GCC Release and clang ASan builds run this same test): a
 * hash of 50 reports is pinned. Changing the generator changes it; then
 * update the constant to the value printed here. */
#define GOLDEN_HASH 0x9d5436189f740467ull

static void test_bytes_do_not_depend_on_the_build(void **state) {
  (void)state;
  gk_gen *g = new_gen(1);
  uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
  for (uint64_t seed = 1; seed <= 50; seed++) {
    gk_gen_reseed(g, seed);
    gk_gen_opts o = {0};
    o.random_flags = 1;
    o.corrupt = -1;
    const char *t;
    size_t len;
    gk_gen_truth tr;
    assert_int_equal(gk_gen_report(g, &o, &t, &len, &tr), GK_OK);
    for (size_t i = 0; i < len; i++) {
      h ^= (unsigned char)t[i];
      h *= 0x100000001b3ull;
    }
  }
  if (h != GOLDEN_HASH)
    fprintf(stderr, "test_gen: hash of seeds 1..50 is 0x%016llxull\n",
            (unsigned long long)h);
  assert_true(h == GOLDEN_HASH);
  gk_gen_free(g);
}

/* The truth satisfies every relation of spec/report-fields.md. */
static void assert_truth_balances(const gk_gen_truth *tr) {
  const gk_template *tpl = tr->tpl;
  size_t nr = gk_template_row_count(tpl, T_APPLY);
  size_t nc = gk_template_col_count(tpl, T_APPLY, 0);
  size_t r_new = 0, r_in = 1, r_total = nr - 2, r_out = nr - 1;
  assert_string_equal(gk_template_row_id(tpl, T_APPLY, r_new), "new");
  assert_string_equal(gk_template_row_id(tpl, T_APPLY, r_in), "carried_in");
  assert_string_equal(gk_template_row_id(tpl, T_APPLY, r_total), "total");
  assert_string_equal(gk_template_row_id(tpl, T_APPLY, r_out), "carried_out");
  assert_string_equal(gk_template_col_id(tpl, T_APPLY, 0, nc - 1), "total");
  for (size_t c = 0; c < nc; c++) {
    const int64_t(*v)[GK_GEN_MAX_COLS] = tr->value[T_APPLY];
    assert_true(v[r_new][c] + v[r_in][c] == v[r_total][c] + v[r_out][c]);
    int64_t sum = 0;
    for (size_t r = r_in + 1; r < r_total; r++)
      sum += v[r][c];
    assert_true(sum == v[r_total][c]);
  }
  for (size_t r = 0; r < nr; r++) {
    int64_t sum = 0;
    for (size_t c = 0; c + 1 < nc; c++) {
      assert_true(tr->value[T_APPLY][r][c] >= 0);
      assert_true(tr->value[T_APPLY][r][c] % GK_SCALE == 0);
      sum += tr->value[T_APPLY][r][c];
    }
    assert_true(sum == tr->value[T_APPLY][r][nc - 1]);
  }
  for (size_t r = 0; r < gk_template_row_count(tpl, T_REVIEW); r++) {
    size_t rc = gk_template_col_count(tpl, T_REVIEW, r);
    int64_t sum = 0;
    for (size_t c = 0; c + 1 < rc; c++)
      sum += tr->value[T_REVIEW][r][c];
    assert_true(sum == tr->value[T_REVIEW][r][rc - 1]);
  }
  for (size_t r = 0; r < gk_template_row_count(tpl, T_DISCLOSE); r++)
    for (size_t c = 0; c < gk_template_col_count(tpl, T_DISCLOSE, r); c++) {
      int64_t v = tr->value[T_DISCLOSE][r][c];
      gk_col_kind k = gk_template_col_kind(tpl, T_DISCLOSE, r, c);
      if (k != GK_COL_SIGNED)
        assert_true(v >= 0);
      if (k != GK_COL_AMOUNT)
        assert_true(v % GK_SCALE == 0);
    }
}

static void test_apply_table_balances_by_construction(void **state) {
  (void)state;
  gk_gen *g = new_gen(11);
  int seen2019 = 0, seen2021 = 0, nonzero = 0;
  for (int i = 0; i < 2000; i++) {
    gk_gen_opts o = {0};
    o.random_flags = 1;
    o.corrupt = -1;
    const char *text;
    size_t len;
    gk_gen_truth tr;
    assert_int_equal(gk_gen_report(g, &o, &text, &len, &tr), GK_OK);
    assert_ptr_equal(tr.tpl, gk_template_for_year(tr.year));
    if (!strcmp(gk_template_name(tr.tpl), "2019"))
      seen2019++;
    else
      seen2021++;
    size_t nc = gk_template_col_count(tr.tpl, T_APPLY, 0);
    if (tr.value[T_APPLY][0][nc - 1])
      nonzero++;
    assert_truth_balances(&tr);
  }
  assert_true(seen2019 > 200);
  assert_true(seen2021 > 200);
  assert_true(nonzero > 1000);
  gk_gen_free(g);
}

/* A corrupted report: one printed apply cell differs from the truth,
 * which itself still balances; GLUED is never corrupted. */
static void test_corruption_changes_one_apply_cell(void **state) {
  (void)state;
  gk_gen *g = new_gen(12);
  for (int i = 0; i < 500; i++) {
    gk_gen_opts o = {0};
    o.corrupt = 1;
    o.layout = 1 + i % (GK_GEN_LAYOUT_COUNT - 1);
    const char *text;
    size_t len;
    gk_gen_truth tr;
    assert_int_equal(gk_gen_report(g, &o, &text, &len, &tr), GK_OK);
    assert_truth_balances(&tr);
    if (tr.layout == GK_GEN_GLUED) {
      assert_int_equal(tr.corrupted, 0);
      continue;
    }
    assert_int_equal(tr.corrupted, 1);
    assert_int_equal(tr.table, T_APPLY);
    assert_true(tr.row < gk_template_row_count(tr.tpl, T_APPLY));
    assert_true(tr.col < gk_template_col_count(tr.tpl, T_APPLY, tr.row));
    assert_true(tr.reported >= 0);
    assert_true(tr.reported != tr.expected);
    assert_true(tr.reported % GK_SCALE == 0);
    assert_true(tr.expected == tr.value[T_APPLY][tr.row][tr.col]);
  }
  gk_gen_opts o = {0};
  gk_gen_truth tr;
  const char *text;
  size_t len;
  assert_int_equal(gk_gen_report(g, &o, &text, &len, &tr), GK_OK);
  assert_int_equal(tr.corrupted, 0);
  gk_gen_free(g);
}

/* Encodings: BOMs, GB18030 is not UTF-8, CRLF everywhere or nowhere. */
static void test_encodings_differ_as_intended(void **state) {
  (void)state;
  gk_gen *g = new_gen(13);
  for (int i = 0; i < 40; i++) {
    for (int enc = 1; enc < GK_GEN_ENC_COUNT; enc++) {
      gk_gen_opts o = {0};
      o.encoding = enc;
      o.flags = (i & 1) ? GK_GEN_BOM : 0;
      o.flags |= (i & 2) ? GK_GEN_CRLF : 0;
      size_t len;
      gk_gen_truth tr;
      char *t = gen_copy(g, &o, &len, &tr);
      const unsigned char *u = (const unsigned char *)t;
      assert_int_equal(tr.encoding, enc);
      switch (enc) {
      case GK_GEN_UTF8:
        assert_true(utf8_valid(u, len));
        assert_int_equal(len >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3),
                         (i & 1) != 0);
        assert_true(contains(t, len, "公开工作年度报告"));
        break;
      case GK_GEN_GB18030:
        assert_false(utf8_valid(u, len));
        assert_false(len >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3));
        /* 报告 in GB18030 */
        assert_true(contains(t, len, "\xB1\xA8\xB8\xE6"));
        break;
      case GK_GEN_UTF16LE:
        assert_true(u[0] == 0xFF && u[1] == 0xFE);
        assert_int_equal(len % 2, 0);
        break;
      case GK_GEN_UTF16BE:
        assert_true(u[0] == 0xFE && u[1] == 0xFF);
        assert_int_equal(len % 2, 0);
        break;
      }
      if (enc == GK_GEN_UTF8 || enc == GK_GEN_GB18030) {
        size_t lf = 0, crlf = 0, cr = 0;
        for (size_t k = 0; k < len; k++) {
          if (t[k] == '\n') {
            lf++;
            if (k && t[k - 1] == '\r')
              crlf++;
          }
          if (t[k] == '\r')
            cr++;
        }
        assert_true(lf > 50);
        if (i & 2) {
          assert_int_equal(crlf, lf);
          assert_int_equal(cr, lf);
        } else {
          assert_int_equal(cr, 0);
        }
      }
      free(t);
    }
  }
  gk_gen_free(g);
}

/* Layouts print what they promise (UTF-8 output, no variants). */
static void test_layouts_print_their_shapes(void **state) {
  (void)state;
  gk_gen *g = new_gen(14);
  for (int l = 1; l < GK_GEN_LAYOUT_COUNT; l++) {
    for (int i = 0; i < 30; i++) {
      gk_gen_opts o = {0};
      o.layout = l;
      o.encoding = GK_GEN_UTF8;
      o.year = i % 2 ? 2020 : 2022;
      size_t len;
      gk_gen_truth tr;
      char *t = gen_copy(g, &o, &len, &tr);
      char head[64];
      snprintf(head, sizeof(head), "统计期限为%d年1月1日至%d年12月31日",
               tr.year, tr.year);
      assert_true(contains(t, len, head));
      assert_true(contains(t, len, tr.agency));
      assert_true(contains(t, len, "六、其他需要报告的事项"));
      assert_true(tr.date > tr.period_to);
      assert_true(tr.date <= (tr.year + 1) * 10000 + 331);
      const char *lab = gk_template_row_label(tr.tpl, T_APPLY, 0);
      char line[256];
      switch (l) {
      case GK_GEN_TIKA:
        snprintf(line, sizeof(line), "\t%s\n\t", lab);
        /* a [bookmark: _GoBack] may sit before the label */
        assert_true(contains(t, len, line) || contains(t, len, lab));
        assert_true(contains(t, len, "\n\n\t"));
        break;
      case GK_GEN_TABS:
        snprintf(line, sizeof(line), "\n%s\t", lab);
        assert_true(contains(t, len, line));
        break;
      case GK_GEN_SPACES:
        snprintf(line, sizeof(line), "%s  ", lab);
        assert_true(contains(t, len, line));
        assert_false(contains(t, len, "\t"));
        break;
      case GK_GEN_LINES:
        snprintf(line, sizeof(line), "\n%s\n", lab);
        assert_true(contains(t, len, line));
        assert_false(contains(t, len, "\t"));
        break;
      case GK_GEN_MARKDOWN:
        snprintf(line, sizeof(line), "| %s |", lab);
        assert_true(contains(t, len, line));
        assert_true(contains(t, len, "|---|"));
        break;
      case GK_GEN_GLUED: {
        size_t nc = gk_template_col_count(tr.tpl, T_APPLY, 0);
        int n = snprintf(line, sizeof(line), "\n%s", lab);
        for (size_t c = 0; c < nc && n > 0 && (size_t)n < sizeof(line); c++)
          n += snprintf(line + n, sizeof(line) - (size_t)n, "%lld",
                        (long long)(tr.value[T_APPLY][0][c] / GK_SCALE));
        assert_true(contains(t, len, line));
        break;
      }
      }
      free(t);
    }
  }
  gk_gen_free(g);
}

/* Glued rows: the counting of readings, and the truth's promise. */
static void test_glued_rows_are_unique_unless_marked(void **state) {
  (void)state;
  assert_int_equal(gk_gen_glued_readings("0000000", 7, 7, 5), 1);
  assert_int_equal(gk_gen_glued_readings("3000003", 7, 7, 5), 1);
  assert_int_equal(gk_gen_glued_readings("3000004", 7, 7, 5), 0);
  assert_int_equal(gk_gen_glued_readings("12", 2, 7, 5), 0);
  /* 64,0,0,2,0,4,70 is one reading of the brief's example */
  assert_true(gk_gen_glued_readings("640020470", 9, 7, 5) >= 1);
  /* 1,1,2 and 11,... : "112" as three cells: 1+1=2 only */
  assert_int_equal(gk_gen_glued_readings("112", 3, 3, 5), 1);
  /* "1010" as 3 cells: 10,... no; 1,0,10? 1+0=1!=10; 1,01 invalid;
   * 10,1,0? 11!=0 -> none */
  assert_int_equal(gk_gen_glued_readings("1010", 4, 3, 5), 0);
  /* "11011" in 3 cells: 1,10,11 and 11,0,11 both fit */
  assert_int_equal(gk_gen_glued_readings("11011", 5, 3, 5), 2);
  assert_int_equal(gk_gen_glued_readings("11011", 5, 3, 1), 1); /* limit */

  gk_gen *g = new_gen(15);
  int ambiguous = 0;
  for (int i = 0; i < 300; i++) {
    gk_gen_opts o = {0};
    o.layout = GK_GEN_GLUED;
    o.encoding = GK_GEN_UTF8;
    const char *t;
    size_t len;
    gk_gen_truth tr;
    assert_int_equal(gk_gen_report(g, &o, &t, &len, &tr), GK_OK);
    size_t nr = gk_template_row_count(tr.tpl, T_APPLY);
    int any = 0;
    for (size_t r = 0; r < nr; r++) {
      char d[256];
      size_t n = 0, nc = gk_template_col_count(tr.tpl, T_APPLY, r);
      for (size_t c = 0; c < nc; c++)
        n += (size_t)snprintf(d + n, sizeof(d) - n, "%lld",
                              (long long)(tr.value[T_APPLY][r][c] / GK_SCALE));
      if (gk_gen_glued_readings(d, n, nc, 2) != 1)
        any = 1;
    }
    assert_int_equal(any, tr.ambiguous);
    ambiguous += any;
  }
  assert_true(ambiguous < 30); /* redraws make most tables unique */
  gk_gen_free(g);
}

/* The orthogonal variants appear in the text. */
static void test_variants_appear(void **state) {
  (void)state;
  gk_gen *g = new_gen(16);
  for (int i = 0; i < 20; i++) {
    gk_gen_opts o = {0};
    o.encoding = GK_GEN_UTF8;
    o.layout = GK_GEN_TIKA;
    o.flags = GK_GEN_FULLWIDTH | GK_GEN_ZHIJI | GK_GEN_QUOTES | GK_GEN_MERGED;
    size_t len;
    gk_gen_truth tr;
    char *t = gen_copy(g, &o, &len, &tr);
    assert_true(contains(t, len, "０") || contains(t, len, "１"));
    assert_true(contains(t, len, "只记这一情形"));
    assert_false(contains(t, len, "只计这一情形"));
    assert_true(contains(t, len, "\"三安全一稳定\""));
    assert_false(contains(t, len, "“三安全一稳定”"));
    assert_true(contains(t, len, "\n\t\n\t（二）")); /* merged-cell ghost */
    free(t);

    o.flags = GK_GEN_BLANK_ZEROS | GK_GEN_LABEL_BREAK;
    t = gen_copy(g, &o, &len, &tr);
    assert_true(contains(t, len, "\n\t\n") || contains(t, len, "\t\xC2\xA0\n"));
    free(t);
  }
  /* Without variants the official labels print as they are. */
  gk_gen_opts o = {0};
  o.encoding = GK_GEN_UTF8;
  o.layout = GK_GEN_TABS;
  size_t len;
  gk_gen_truth tr;
  char *t = gen_copy(g, &o, &len, &tr);
  for (size_t r = 0; r < gk_template_row_count(tr.tpl, T_APPLY); r++)
    assert_true(contains(t, len, gk_template_row_label(tr.tpl, T_APPLY, r)));
  free(t);
  gk_gen_free(g);
}

/* Realistic sizes: the seeds are 6-10 KB. */
static void test_reports_have_realistic_size(void **state) {
  (void)state;
  gk_gen *g = new_gen(17);
  size_t total = 0, n = 200;
  for (size_t i = 0; i < n; i++) {
    gk_gen_opts o = {0};
    o.encoding = GK_GEN_UTF8;
    const char *t;
    size_t len;
    assert_int_equal(gk_gen_report(g, &o, &t, &len, NULL), GK_OK);
    assert_true(len > 2000 && len < 20000);
    total += len;
  }
  size_t mean = total / n;
  assert_true(mean >= 4000 && mean <= 11000);
  gk_gen_free(g);
}

static void test_bad_options_are_refused(void **state) {
  (void)state;
  gk_gen *g = new_gen(18);
  const char *t;
  size_t len;
  gk_gen_opts o = {0};
  o.layout = GK_GEN_LAYOUT_COUNT;
  assert_int_equal(gk_gen_report(g, &o, &t, &len, NULL), GK_E_ARG);
  o.layout = 0;
  o.encoding = -1;
  assert_int_equal(gk_gen_report(g, &o, &t, &len, NULL), GK_E_ARG);
  o.encoding = 0;
  o.year = 1990;
  assert_int_equal(gk_gen_report(g, &o, &t, &len, NULL), GK_E_ARG);
  assert_int_equal(gk_gen_report(NULL, NULL, &t, &len, NULL), GK_E_ARG);
  assert_int_equal(gk_gen_report(g, NULL, &t, &len, NULL), GK_OK);
  assert_int_equal(gk_gen_new(NULL, 1), GK_E_ARG);
  gk_gen_free(NULL);
  char buf[128];
  gk_gen_flags_name(GK_GEN_BOM | GK_GEN_CRLF, buf, sizeof(buf));
  assert_string_equal(buf, "bom|crlf");
  gk_gen_flags_name(0, buf, sizeof(buf));
  assert_string_equal(buf, "-");
  gk_gen_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_same_seed_gives_same_report),
      cmocka_unit_test(test_bytes_do_not_depend_on_the_build),
      cmocka_unit_test(test_apply_table_balances_by_construction),
      cmocka_unit_test(test_corruption_changes_one_apply_cell),
      cmocka_unit_test(test_encodings_differ_as_intended),
      cmocka_unit_test(test_layouts_print_their_shapes),
      cmocka_unit_test(test_glued_rows_are_unique_unless_marked),
      cmocka_unit_test(test_variants_appear),
      cmocka_unit_test(test_reports_have_realistic_size),
      cmocka_unit_test(test_bad_options_are_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
