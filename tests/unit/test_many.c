/* test_many.c: many reports at once (src/lib/many): the summary sums every
 * cell of both templates and passes the validator, leaves out what it
 * must with the reason; the year-on-year rules fire exactly when their
 * relation breaks; near-copies are found, unrelated reports are not
 * paired, and the shared passages are the shared text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "gen.h"
#include "gongkai.h"

#define U(n) ((int64_t)(n)*GK_SCALE)

/* === Helpers === */

/* A generated report, read back; 'tr' gets the truth. Layout tabs and
 * UTF-8: the reader's own tests cover the others. */
static gk_report *gen_read(gk_gen *g, int year, int corrupt, uint64_t narrative,
                           int edit, const char *name, gk_gen_truth *tr) {
  gk_gen_opts o;
  memset(&o, 0, sizeof(o));
  o.year = year;
  o.layout = GK_GEN_TABS;
  o.encoding = GK_GEN_UTF8;
  o.corrupt = corrupt;
  o.narrative = narrative;
  o.narrative_edit = edit;
  const char *text = NULL;
  size_t len = 0;
  assert_int_equal(gk_gen_report(g, &o, &text, &len, tr), GK_OK);
  gk_read_opts ro;
  memset(&ro, 0, sizeof(ro));
  ro.source_name = name;
  gk_report *rep = NULL;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_report_read_text(&rep, text, len, &ro, &err), GK_OK);
  return rep;
}

static gk_gen *new_gen(uint64_t seed) {
  gk_gen *g = NULL;
  assert_int_equal(gk_gen_new(&g, seed), GK_OK);
  return g;
}

static size_t count_rule(const gk_report *rep, size_t from, const char *rule) {
  size_t n = 0;
  for (size_t i = from; i < gk_report_finding_count(rep); i++)
    n += strcmp(gk_finding_rule(gk_report_finding(rep, i)), rule) == 0;
  return n;
}

/* === merge === */

/* N reports of one year: every cell of the summary is the sum of the
 * truths, and the summary passes the validator. */
static void merge_sums(int year) {
  enum { N = 6 };
  gk_gen *g = new_gen(1000 + (uint64_t)year);
  gk_merge *m = NULL;
  assert_int_equal(gk_merge_new(&m, "某市政务公开办", 0, NULL), GK_OK);
  static int64_t sum[GK_GEN_TABLES][GK_GEN_MAX_ROWS][GK_GEN_MAX_COLS];
  memset(sum, 0, sizeof(sum));
  const gk_template *tpl = gk_template_for_year(year);
  for (int i = 0; i < N; i++) {
    gk_gen_truth tr;
    char name[32];
    snprintf(name, sizeof(name), "r%d.txt", i);
    gk_report *rep = gen_read(g, year, 0, 0, 0, name, &tr);
    for (size_t t = 0; t < gk_template_table_count(tpl); t++)
      for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
        for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++)
          sum[t][r][c] += tr.value[t][r][c];
    assert_int_equal(gk_merge_add(m, rep, NULL, NULL), GK_OK);
    gk_report_free(rep);
  }
  gk_report *out = NULL;
  assert_int_equal(gk_merge_finish(m, &out, NULL), GK_OK);
  assert_int_equal(gk_merge_count(m), N);
  assert_int_equal(gk_merge_left_out_count(m), 0);
  assert_ptr_equal(gk_report_template(out), tpl);
  assert_int_equal(gk_report_year(out), year);
  assert_string_equal(gk_report_agency(out), "某市政务公开办");
  assert_int_equal(gk_report_period_from(out), year * 10000 + 101);
  assert_int_equal(gk_report_period_to(out), year * 10000 + 1231);
  for (size_t t = 0; t < gk_template_table_count(tpl); t++)
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
      for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++)
        assert_int_equal(gk_report_cell(out, t, r, c), sum[t][r][c]);
  assert_int_equal(gk_check_run(out, GK_CHECK_ALL, NULL), GK_OK);
  assert_int_equal(gk_report_count(out, GK_SEV_ERROR), 0);
  gk_report_free(out);
  gk_merge_free(m);
  gk_gen_free(g);
}

static void test_merge_sums_every_cell_2019(void **state) {
  (void)state;
  merge_sums(2020);
}

static void test_merge_sums_every_cell_2021(void **state) {
  (void)state;
  merge_sums(2022);
}

/* Amounts keep their decimals, signed cells sum signed. */
static void test_merge_amounts_and_signed_cells(void **state) {
  (void)state;
  gk_gen *g = new_gen(7);
  gk_merge *m = NULL;
  assert_int_equal(gk_merge_new(&m, "某市", 0, NULL), GK_OK);
  const int64_t change[2] = {-U(5), U(3)};
  const int64_t amount[2] = {12500, 25001}; /* 1.25 and 2.5001 万元 */
  for (int i = 0; i < 2; i++) {
    gk_report *rep = gen_read(g, 2020, 0, 0, 0, "x.txt", NULL);
    assert_int_equal(
        gk_report_set(rep, "disclose", "license", "change", change[i]), GK_OK);
    assert_int_equal(
        gk_report_set(rep, "disclose", "procurement", "amount", amount[i]),
        GK_OK);
    assert_int_equal(gk_merge_add(m, rep, NULL, NULL), GK_OK);
    gk_report_free(rep);
  }
  gk_report *out = NULL;
  assert_int_equal(gk_merge_finish(m, &out, NULL), GK_OK);
  int64_t v = 0;
  assert_int_equal(gk_report_get(out, "disclose", "license", "change", &v),
                   GK_OK);
  assert_int_equal(v, -U(2));
  assert_int_equal(gk_report_get(out, "disclose", "procurement", "amount", &v),
                   GK_OK);
  assert_int_equal(v, 37501);
  gk_report_free(out);
  gk_merge_free(m);
  gk_gen_free(g);
}

/* A report with errors, one of another year, one unreadable: each left
 * out with its reason; the majority's year is summed. */
static void test_merge_leaves_out_with_reasons(void **state) {
  (void)state;
  gk_gen *g = new_gen(11);
  gk_merge *m = NULL;
  assert_int_equal(gk_merge_new(&m, "某市", 0, NULL), GK_OK);
  for (int i = 0; i < 3; i++) {
    gk_report *rep = gen_read(g, 2021, 0, 0, 0, "good.txt", NULL);
    assert_int_equal(gk_merge_add(m, rep, NULL, NULL), GK_OK);
    gk_report_free(rep);
  }
  gk_gen_truth tr;
  gk_report *bad = gen_read(g, 2021, 1, 0, 0, "bad.txt", &tr);
  assert_int_equal(tr.corrupted, 1);
  assert_int_equal(gk_merge_add(m, bad, NULL, NULL), GK_OK);
  gk_report_free(bad);
  gk_report *old = gen_read(g, 2020, 0, 0, 0, "old.txt", NULL);
  assert_int_equal(gk_merge_add(m, old, NULL, NULL), GK_OK);
  gk_report_free(old);
  assert_int_equal(
      gk_merge_add_unreadable(m, "gone.txt", "无法读取", "cannot read"), GK_OK);
  gk_report *out = NULL;
  assert_int_equal(gk_merge_finish(m, &out, NULL), GK_OK);
  assert_int_equal(gk_report_year(out), 2021);
  assert_int_equal(gk_merge_count(m), 3);
  assert_int_equal(gk_merge_left_out_count(m), 3);
  /* offered order: bad (check), gone (unreadable); then other years */
  assert_string_equal(gk_merge_left_out_name(m, 0), "bad.txt");
  assert_int_equal(gk_merge_left_out_reason(m, 0), GK_MERGE_CHECK);
  assert_string_equal(gk_merge_left_out_rules(m, 0), "apply-cell");
  assert_non_null(
      strstr(gk_merge_left_out_message(m, 0, GK_LANG_EN), "apply-cell"));
  assert_string_equal(gk_merge_left_out_name(m, 1), "gone.txt");
  assert_int_equal(gk_merge_left_out_reason(m, 1), GK_MERGE_UNREADABLE);
  assert_string_equal(gk_merge_left_out_message(m, 1, GK_LANG_EN),
                      "cannot read");
  assert_string_equal(gk_merge_left_out_name(m, 2), "old.txt");
  assert_int_equal(gk_merge_left_out_reason(m, 2), GK_MERGE_OTHER);
  assert_non_null(strstr(gk_merge_left_out_message(m, 2, GK_LANG_EN), "2020"));
  gk_report_free(out);
  gk_merge_free(m);
  gk_gen_free(g);
}

static int sink(const char *data, size_t len, void *ud) {
  FILE *f = ud;
  return fwrite(data, 1, len, f) == len ? 0 : -1;
}

/* --year picks the minority; the record's JSON says who is where. */
static void test_merge_year_and_record_json(void **state) {
  (void)state;
  gk_gen *g = new_gen(13);
  gk_merge *m = NULL;
  assert_int_equal(gk_merge_new(&m, "某市", 2020, NULL), GK_OK);
  const int years[3] = {2021, 2021, 2020};
  const char *names[3] = {"a.txt", "b.txt", "c.txt"};
  for (int i = 0; i < 3; i++) {
    gk_report *rep = gen_read(g, years[i], 0, 0, 0, names[i], NULL);
    assert_int_equal(gk_merge_add(m, rep, NULL, NULL), GK_OK);
    gk_report_free(rep);
  }
  gk_report *out = NULL;
  assert_int_equal(gk_merge_finish(m, &out, NULL), GK_OK);
  assert_int_equal(gk_report_year(out), 2020);
  assert_ptr_equal(gk_report_template(out), gk_template_by_name("2019"));
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_int_equal(gk_write_merge_json(m, GK_LANG_EN, sink, f, NULL), GK_OK);
  fclose(f);
  json_error_t je;
  json_t *j = json_loads(buf, 0, &je);
  assert_non_null(j);
  assert_int_equal(json_integer_value(json_object_get(j, "year")), 2020);
  json_t *merged = json_object_get(j, "merged");
  assert_int_equal(json_array_size(merged), 1);
  assert_string_equal(json_string_value(json_array_get(merged, 0)), "c.txt");
  json_t *lo = json_object_get(j, "left_out");
  assert_int_equal(json_array_size(lo), 2);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(lo, 0), "reason")),
      "other");
  json_decref(j);
  free(buf);
  gk_report_free(out);
  gk_merge_free(m);
  gk_gen_free(g);
}

static void test_merge_nothing_is_empty(void **state) {
  (void)state;
  gk_merge *m = NULL;
  assert_int_equal(gk_merge_new(&m, "某市", 0, NULL), GK_OK);
  gk_report *out = NULL;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_merge_finish(m, &out, &err), GK_E_EMPTY);
  assert_null(out);
  assert_int_equal(err.code, GK_E_EMPTY);
  gk_merge_free(m);
}

static void test_merge_overflow_is_refused(void **state) {
  (void)state;
  gk_gen *g = new_gen(17);
  gk_merge *m = NULL;
  assert_int_equal(gk_merge_new(&m, "某市", 0, NULL), GK_OK);
  for (int i = 0; i < 2; i++) {
    gk_report *rep = gen_read(g, 2022, 0, 0, 0, "x.txt", NULL);
    assert_int_equal(
        gk_report_set(rep, "disclose", "fee", "amount", INT64_MAX - 5), GK_OK);
    assert_int_equal(gk_merge_add(m, rep, NULL, NULL),
                     i ? GK_E_TOO_LARGE : GK_OK);
    gk_report_free(rep);
  }
  gk_merge_free(m);
  gk_gen_free(g);
}

/* === compare === */

/* Two consecutive reports whose relations hold: new.carried_in :=
 * old.carried_out, in_force := old + issued - repealed. */
static void make_consistent(const gk_report *old, gk_report *rep) {
  const char *cols[7] = {"natural", "business", "research", "nonprofit",
                         "legal",   "other",    "total"};
  for (int c = 0; c < 7; c++) {
    int64_t v = 0;
    assert_int_equal(gk_report_get(old, "apply", "carried_out", cols[c], &v),
                     GK_OK);
    assert_int_equal(gk_report_set(rep, "apply", "carried_in", cols[c], v),
                     GK_OK);
  }
  if (strcmp(gk_template_name(gk_report_template(old)), "2021") ||
      strcmp(gk_template_name(gk_report_template(rep)), "2021"))
    return;
  const char *rows[2] = {"regulation", "normative"};
  for (int r = 0; r < 2; r++) {
    int64_t was, plus, minus;
    assert_int_equal(gk_report_get(old, "disclose", rows[r], "in_force", &was),
                     GK_OK);
    assert_int_equal(gk_report_get(rep, "disclose", rows[r], "issued", &plus),
                     GK_OK);
    assert_int_equal(
        gk_report_get(rep, "disclose", rows[r], "repealed", &minus), GK_OK);
    assert_int_equal(
        gk_report_set(rep, "disclose", rows[r], "in_force", was + plus - minus),
        GK_OK);
  }
}

static void test_compare_consistent_years_have_no_finding(void **state) {
  (void)state;
  gk_gen *g = new_gen(21);
  const int pairs[3][2] = {{2022, 2023}, {2020, 2021}, {2019, 2020}};
  for (int p = 0; p < 3; p++) {
    gk_report *old = gen_read(g, pairs[p][0], 0, 0, 0, "old.txt", NULL);
    gk_report *rep = gen_read(g, pairs[p][1], 0, 0, 0, "new.txt", NULL);
    make_consistent(old, rep);
    size_t from = gk_report_finding_count(rep);
    assert_int_equal(gk_compare_years(old, rep, NULL), GK_OK);
    assert_int_equal(gk_report_finding_count(rep), from);
    gk_report_free(old);
    gk_report_free(rep);
  }
  gk_gen_free(g);
}

static void test_compare_carried_over_broken(void **state) {
  (void)state;
  gk_gen *g = new_gen(22);
  /* 2020 (format 2019) to 2021 (format 2021): apply still compares */
  gk_report *old = gen_read(g, 2020, 0, 0, 0, "dir/2020.txt", NULL);
  gk_report *rep = gen_read(g, 2021, 0, 0, 0, "dir/2021.txt", NULL);
  make_consistent(old, rep);
  int64_t out = 0;
  assert_int_equal(gk_report_get(old, "apply", "carried_out", "legal", &out),
                   GK_OK);
  assert_int_equal(
      gk_report_set(rep, "apply", "carried_in", "legal", out + U(4)), GK_OK);
  size_t from = gk_report_finding_count(rep);
  assert_int_equal(gk_compare_years(old, rep, NULL), GK_OK);
  assert_int_equal(gk_report_finding_count(rep), from + 1);
  const gk_finding *f = gk_report_finding(rep, from);
  assert_string_equal(gk_finding_rule(f), "carried-over");
  assert_int_equal(gk_finding_severity(f), GK_SEV_ERROR);
  assert_string_equal(gk_finding_table(f), "apply");
  assert_string_equal(gk_finding_row(f), "carried_in");
  assert_string_equal(gk_finding_col(f), "legal");
  int64_t v = 0;
  assert_true(gk_finding_reported(f, &v));
  assert_int_equal(v, out + U(4));
  assert_true(gk_finding_expected(f, &v));
  assert_int_equal(v, out);
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_EN), "dir/2020.txt"));
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_ZH), "dir/2020.txt"));
  /* the JSON envelope names both files; findings have the spec's keys */
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_int_equal(
      gk_write_compare_json(old, rep, from, GK_LANG_EN, sink, fp, NULL), GK_OK);
  fclose(fp);
  json_error_t je;
  json_t *j = json_loads(buf, 0, &je);
  assert_non_null(j);
  assert_string_equal(
      json_string_value(json_object_get(json_object_get(j, "old"), "file")),
      "dir/2020.txt");
  assert_string_equal(
      json_string_value(json_object_get(json_object_get(j, "new"), "file")),
      "dir/2021.txt");
  json_t *fs = json_object_get(j, "findings");
  assert_int_equal(json_array_size(fs), 1);
  json_t *f0 = json_array_get(fs, 0);
  assert_int_equal(json_object_size(f0), 8);
  const char *keys[8] = {"rule",   "severity", "table",    "row",
                         "column", "reported", "expected", "message"};
  for (int k = 0; k < 8; k++)
    assert_non_null(json_object_get(f0, keys[k]));
  assert_int_equal(json_integer_value(json_object_get(f0, "expected")),
                   out / GK_SCALE);
  json_decref(j);
  free(buf);
  gk_report_free(old);
  gk_report_free(rep);
  gk_gen_free(g);
}

static void test_compare_in_force_broken_only_in_2021(void **state) {
  (void)state;
  gk_gen *g = new_gen(23);
  gk_report *old = gen_read(g, 2022, 0, 0, 0, "a.txt", NULL);
  gk_report *rep = gen_read(g, 2023, 0, 0, 0, "b.txt", NULL);
  make_consistent(old, rep);
  int64_t v = 0;
  assert_int_equal(gk_report_get(rep, "disclose", "normative", "in_force", &v),
                   GK_OK);
  assert_int_equal(
      gk_report_set(rep, "disclose", "normative", "in_force", v + U(1)), GK_OK);
  size_t from = gk_report_finding_count(rep);
  assert_int_equal(gk_compare_years(old, rep, NULL), GK_OK);
  assert_int_equal(count_rule(rep, from, "in-force"), 1);
  assert_int_equal(gk_report_finding_count(rep), from + 1);
  const gk_finding *f = gk_report_finding(rep, from);
  assert_string_equal(gk_finding_row(f), "normative");
  assert_string_equal(gk_finding_col(f), "in_force");
  int64_t e = 0;
  assert_true(gk_finding_expected(f, &e));
  assert_int_equal(e, v);
  gk_report_free(old);
  gk_report_free(rep);
  /* format 2019 has no stock: nothing to break */
  old = gen_read(g, 2019, 0, 0, 0, "a.txt", NULL);
  rep = gen_read(g, 2020, 0, 0, 0, "b.txt", NULL);
  make_consistent(old, rep);
  from = gk_report_finding_count(rep);
  assert_int_equal(gk_compare_years(old, rep, NULL), GK_OK);
  assert_int_equal(count_rule(rep, from, "in-force"), 0);
  gk_report_free(old);
  gk_report_free(rep);
  gk_gen_free(g);
}

static void test_compare_gap_and_bad_order(void **state) {
  (void)state;
  gk_gen *g = new_gen(24);
  gk_report *old = gen_read(g, 2021, 0, 0, 0, "a.txt", NULL);
  gk_report *rep = gen_read(g, 2024, 0, 0, 0, "b.txt", NULL);
  size_t from = gk_report_finding_count(rep);
  assert_int_equal(gk_compare_years(old, rep, NULL), GK_OK);
  assert_int_equal(gk_report_finding_count(rep), from + 1);
  const gk_finding *f = gk_report_finding(rep, from);
  assert_string_equal(gk_finding_rule(f), "year-gap");
  assert_int_equal(gk_finding_severity(f), GK_SEV_WARNING);
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_EN), "2022 to 2023"));
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_compare_years(rep, old, &err), GK_E_ARG);
  assert_int_equal(gk_compare_years(old, old, NULL), GK_E_ARG);
  gk_report_free(old);
  gk_report_free(rep);
  gk_gen_free(g);
}

static void test_agency_key(void **state) {
  (void)state;
  char out[64];
  assert_int_equal(gk_agency_key(" 某市　人民政府（ＡＢ） ", out, sizeof(out)),
                   strlen("某市人民政府(AB)"));
  /* full-width brackets too: （） and () name one agency */
  assert_string_equal(out, "某市人民政府(AB)");
  char small[8];
  gk_agency_key("某市人民政府", small, sizeof(small));
  assert_string_equal(small, "某市"); /* never half a character */
}

/* === similar === */

static void sign(const gk_report *rep, uint32_t *sig, size_t *n) {
  assert_int_equal(gk_similar_sign(rep, sig, n, NULL), GK_OK);
}

/* 40 reports with their own narratives and 4 copies (of 3, 10, 20, 30):
 * exactly the 4 planted pairs are found. */
static void test_similar_finds_planted_copies_only(void **state) {
  (void)state;
  enum { N = 40, C = 4 };
  const size_t of[C] = {3, 10, 20, 30};
  gk_gen *g = new_gen(31);
  gk_similar *s = NULL;
  assert_int_equal(gk_similar_new(&s, 0.8, NULL), GK_OK);
  size_t bands = 0, rows = 0;
  gk_similar_banding(s, &bands, &rows);
  assert_true(bands * rows <= GK_SIMILAR_HASHES);
  assert_true(rows > 1);
  for (size_t i = 0; i < N + C; i++) {
    uint64_t narrative = i < N ? 500 + i : 500 + of[i - N];
    gk_report *rep = gen_read(g, 2022, 0, narrative, 0, "x.txt", NULL);
    uint32_t sig[GK_SIMILAR_HASHES];
    size_t n = 0;
    sign(rep, sig, &n);
    assert_true(n >= GK_SIMILAR_MIN_SHINGLES);
    assert_int_equal(gk_similar_add(s, sig, n), GK_OK);
    gk_report_free(rep);
  }
  assert_int_equal(gk_similar_run(s, NULL), GK_OK);
  assert_int_equal(gk_similar_pair_count(s), C);
  for (size_t i = 0; i < C; i++) {
    size_t a = 0, b = 0;
    double est = 0;
    gk_similar_pair(s, i, &a, &b, &est);
    assert_true(b >= N);
    assert_int_equal(a, of[b - N]);
    assert_true(est >= 0.7);
  }
  gk_similar_free(s);
  gk_gen_free(g);
}

static gk_report *with_sections(const char *s1, const char *s5) {
  gk_report *rep = NULL;
  assert_int_equal(gk_report_new(&rep, gk_template_by_name("2021"), NULL),
                   GK_OK);
  assert_int_equal(gk_report_set_section(rep, 1, s1, strlen(s1)), GK_OK);
  assert_int_equal(gk_report_set_section(rep, 5, s5, strlen(s5)), GK_OK);
  return rep;
}

/* Numbers do not matter; the shared passage is the shared text. */
static void test_similarity_exact_and_passages(void **state) {
  (void)state;
  const char *shared =
      "认真贯彻落实《政府信息公开条例》，不断提升政务公开工作水平";
  char a1[512], b1[512];
  snprintf(a1, sizeof(a1), "甲乙丙丁戊己庚辛。%s。天地玄黄宇宙洪荒。", shared);
  snprintf(b1, sizeof(b1), "日月盈昃辰宿列张。%s。寒来暑往秋收冬藏。", shared);
  gk_report *a = with_sections(a1, "（全年）收到申请12件，办结11件。");
  gk_report *b = with_sections(b1, "（全年）收到申请345件，办结3.5件。");
  gk_similarity *sim = NULL;
  assert_int_equal(gk_similarity_compare(a, b, &sim, NULL), GK_OK);
  double j = gk_similarity_jaccard(sim);
  assert_true(j > 0.3 && j < 0.9);
  assert_int_equal(gk_similarity_passage_count(sim), 2);
  int sec = 0;
  size_t chars = 0;
  assert_string_equal(gk_similarity_passage(sim, 0, &sec, &chars), shared);
  assert_int_equal(sec, 1);
  assert_int_equal(chars, 26); /* the comma is not counted */
  /* section 五 differs only in its numbers: one passage, A's digits, with
   * the bracket that opens it */
  assert_string_equal(gk_similarity_passage(sim, 1, &sec, NULL),
                      "（全年）收到申请12件，办结11件");
  assert_int_equal(sec, 5);
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_int_equal(
      gk_write_similarity_json(sim, "a", "b", 0.5, 1, 4, sink, fp, NULL),
      GK_OK);
  fclose(fp);
  json_error_t je;
  json_t *js = json_loads(buf, 0, &je);
  assert_non_null(js);
  json_t *ps = json_object_get(js, "passages");
  assert_int_equal(json_array_size(ps), 1);
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(ps, 0), "text")),
      "认真贯彻…");
  json_decref(js);
  free(buf);
  gk_similarity_free(sim);
  gk_report_free(b);
  /* a copy with other numbers is the same narrative */
  b = with_sections(a1, "（全年）收到申请9件，办结7件。");
  assert_int_equal(gk_similarity_compare(a, b, &sim, NULL), GK_OK);
  assert_true(gk_similarity_jaccard(sim) == 1.0);
  uint32_t sa[GK_SIMILAR_HASHES], sb[GK_SIMILAR_HASHES];
  size_t na = 0, nb = 0;
  sign(a, sa, &na);
  sign(b, sb, &nb);
  assert_int_equal(na, nb);
  assert_memory_equal(sa, sb, sizeof(sa));
  gk_similarity_free(sim);
  gk_report_free(a);
  gk_report_free(b);
}

static void test_similar_short_narratives_never_pair(void **state) {
  (void)state;
  gk_similar *s = NULL;
  assert_int_equal(gk_similar_new(&s, 0.8, NULL), GK_OK);
  gk_report *a = with_sections("无。", "无。");
  uint32_t sig[GK_SIMILAR_HASHES];
  size_t n = 0;
  sign(a, sig, &n);
  assert_true(n < GK_SIMILAR_MIN_SHINGLES);
  assert_int_equal(gk_similar_add(s, sig, n), GK_OK);
  assert_int_equal(gk_similar_add(s, sig, n), GK_OK);
  assert_int_equal(gk_similar_run(s, NULL), GK_OK);
  assert_int_equal(gk_similar_pair_count(s), 0);
  gk_similar_free(s);
  gk_similar *t = NULL;
  assert_int_equal(gk_similar_new(&t, 1.5, NULL), GK_E_ARG);
  assert_int_equal(gk_similar_new(&t, 0.0, NULL), GK_E_ARG);
  assert_null(t);
  gk_report_free(a);
}

/* A corpus of one text at a low threshold: refused, not ground through. */
static void test_similar_too_many_pairs_is_refused(void **state) {
  (void)state;
  gk_similar *s = NULL;
  assert_int_equal(gk_similar_new(&s, 0.8, NULL), GK_OK);
  uint32_t sig[GK_SIMILAR_HASHES];
  for (size_t i = 0; i < GK_SIMILAR_HASHES; i++)
    sig[i] = (uint32_t)(i * 2654435761u);
  for (int i = 0; i < 500; i++) /* 124,750 pairs */
    assert_int_equal(gk_similar_add(s, sig, GK_SIMILAR_MIN_SHINGLES), GK_OK);
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_similar_run(s, &err), GK_E_TOO_LARGE);
  assert_non_null(strstr(err.message_en, "124750 pairs"));
  assert_int_equal(gk_similar_pair_count(s), 0);
  gk_similar_free(s);
}

static void test_text_excerpt(void **state) {
  (void)state;
  char out[64];
  assert_string_equal(gk_text_excerpt("政务公开", 2, out, sizeof(out)),
                      "政务…");
  assert_string_equal(gk_text_excerpt("政务", 2, out, sizeof(out)), "政务");
}

/* === Allocation failure: every allocation fails in turn === */

typedef struct budget {
  long left; /* allocations still allowed; < 0: unlimited */
} budget;

static void *b_malloc(size_t n, void *ud) {
  budget *b = ud;
  if (b->left == 0)
    return NULL;
  if (b->left > 0)
    b->left--;
  return malloc(n);
}
static void *b_realloc(void *p, size_t n, void *ud) {
  budget *b = ud;
  if (b->left == 0)
    return NULL;
  if (b->left > 0)
    b->left--;
  return realloc(p, n);
}
static void b_free(void *p, void *ud) {
  (void)ud;
  free(p);
}

/* merge: new, add two reports, finish; with allocation k failing, the
 * first failing call says GK_E_NOMEM and nothing leaks (ASan). */
static void test_merge_allocation_failures(void **state) {
  (void)state;
  gk_gen *g = new_gen(41);
  gk_report *reps[2];
  for (int i = 0; i < 2; i++)
    reps[i] = gen_read(g, 2022, 0, 0, 0, "x.txt", NULL);
  int done = 0;
  for (long k = 0; !done && k < 10000; k++) {
    budget b = {k};
    gk_alloc a = {b_malloc, b_realloc, b_free, &b};
    gk_merge *m = NULL;
    gk_report *out = NULL;
    gk_status st = gk_merge_new(&m, "某市", 0, &a);
    for (int i = 0; !st && i < 2; i++)
      st = gk_merge_add(m, reps[i], NULL, NULL);
    if (!st)
      st = gk_merge_add_unreadable(m, "gone.txt", "无", "none");
    if (!st)
      st = gk_merge_finish(m, &out, NULL);
    if (st) {
      assert_int_equal(st, GK_E_NOMEM);
      assert_null(out);
    } else {
      done = 1;
      assert_int_equal(gk_merge_count(m), 2);
    }
    gk_report_free(out);
    gk_merge_free(m);
  }
  assert_true(done);
  for (int i = 0; i < 2; i++)
    gk_report_free(reps[i]);
  gk_gen_free(g);
}

/* similar: the index and the exact comparison, failing in turn. */
static void test_similar_allocation_failures(void **state) {
  (void)state;
  const char *t1 = "认真贯彻落实政府信息公开条例，不断提升政务公开工作水平，"
                   "严格落实信息发布审核机制，确保公开信息的准确性和严肃性。";
  int done = 0;
  for (long k = 0; !done && k < 10000; k++) {
    budget b = {-1};
    gk_alloc a = {b_malloc, b_realloc, b_free, &b};
    gk_report *x = NULL, *y = NULL;
    assert_int_equal(gk_report_new(&x, gk_template_by_name("2021"), &a), GK_OK);
    assert_int_equal(gk_report_set_section(x, 1, t1, strlen(t1)), GK_OK);
    assert_int_equal(gk_report_new(&y, gk_template_by_name("2021"), &a), GK_OK);
    assert_int_equal(gk_report_set_section(y, 1, t1, strlen(t1)), GK_OK);
    b.left = k;
    gk_similarity *sim = NULL;
    gk_similar *s = NULL;
    uint32_t sig[GK_SIMILAR_HASHES];
    size_t n = 0;
    gk_status st = gk_similarity_compare(x, y, &sim, NULL);
    if (!st)
      st = gk_similar_sign(x, sig, &n, NULL);
    if (!st)
      st = gk_similar_new(&s, 0.5, &a);
    for (int i = 0; !st && i < 3; i++)
      st = gk_similar_add(s, sig, GK_SIMILAR_MIN_SHINGLES);
    if (!st)
      st = gk_similar_run(s, NULL);
    if (st) {
      assert_int_equal(st, GK_E_NOMEM);
    } else {
      done = 1;
      assert_true(gk_similarity_jaccard(sim) == 1.0);
      assert_int_equal(gk_similar_pair_count(s), 3);
    }
    gk_similar_free(s);
    gk_similarity_free(sim);
    gk_report_free(x);
    gk_report_free(y);
  }
  assert_true(done);
}

/* A report whose year is unknown cannot head a summary: left out. */
static void test_merge_unknown_year_left_out(void **state) {
  (void)state;
  gk_gen *g = new_gen(43);
  gk_merge *m = NULL;
  assert_int_equal(gk_merge_new(&m, "某市", 0, NULL), GK_OK);
  for (int i = 0; i < 3; i++) {
    gk_report *rep = gen_read(g, 2022, 0, 0, 0, i ? "y.txt" : "n.txt", NULL);
    if (!i)
      gk_report_set_year(rep, 0);
    assert_int_equal(gk_merge_add(m, rep, NULL, NULL), GK_OK);
    gk_report_free(rep);
  }
  gk_report *out = NULL;
  assert_int_equal(gk_merge_finish(m, &out, NULL), GK_OK);
  assert_int_equal(gk_merge_count(m), 2);
  assert_int_equal(gk_merge_left_out_count(m), 1);
  assert_string_equal(gk_merge_left_out_name(m, 0), "n.txt");
  assert_string_equal(gk_merge_left_out_message(m, 0, GK_LANG_EN),
                      "report year unknown (template 2021)");
  gk_report_free(out);
  gk_merge_free(m);
  gk_gen_free(g);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_merge_sums_every_cell_2019),
      cmocka_unit_test(test_merge_sums_every_cell_2021),
      cmocka_unit_test(test_merge_amounts_and_signed_cells),
      cmocka_unit_test(test_merge_leaves_out_with_reasons),
      cmocka_unit_test(test_merge_year_and_record_json),
      cmocka_unit_test(test_merge_nothing_is_empty),
      cmocka_unit_test(test_merge_overflow_is_refused),
      cmocka_unit_test(test_compare_consistent_years_have_no_finding),
      cmocka_unit_test(test_compare_carried_over_broken),
      cmocka_unit_test(test_compare_in_force_broken_only_in_2021),
      cmocka_unit_test(test_compare_gap_and_bad_order),
      cmocka_unit_test(test_agency_key),
      cmocka_unit_test(test_similar_finds_planted_copies_only),
      cmocka_unit_test(test_similarity_exact_and_passages),
      cmocka_unit_test(test_similar_short_narratives_never_pair),
      cmocka_unit_test(test_text_excerpt),
      cmocka_unit_test(test_similar_too_many_pairs_is_refused),
      cmocka_unit_test(test_merge_allocation_failures),
      cmocka_unit_test(test_similar_allocation_failures),
      cmocka_unit_test(test_merge_unknown_year_left_out),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
