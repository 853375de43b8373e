/* test_check.c: the checker (src/lib/check): every rule fires when it
 * should and stays silent when it should not, on both formats; any single
 * wrong cell of table apply is localised; the seeds' expected findings;
 * docs/rules.md documents every rule id. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "check/check.h"
#include "gongkai.h"
#include "model/report.h"
#include "model/rules.h"

#define U(n) ((int64_t)(n)*GK_SCALE)

/* === Helpers === */

static const gk_template *tpl19(void) { return gk_template_by_name("2019"); }
static const gk_template *tpl21(void) { return gk_template_by_name("2021"); }

static gk_report *new_report(const gk_template *tpl) {
  gk_report *rep = NULL;
  assert_int_equal(gk_report_new(&rep, tpl, NULL), GK_OK);
  for (size_t t = 0; t < GK_TABLES; t++)
    rep->table_found[t] = true;
  return rep;
}

/* A report every rule accepts: the year its format serves, all sections
 * under numbered headings, all tables, a timely date. */
static gk_report *clean_report(const gk_template *tpl) {
  gk_report *rep = new_report(tpl);
  int year = tpl == tpl19() ? 2020 : 2021;
  gk_report_set_year(rep, year);
  gk_report_set_date(rep, (year + 1) * 10000 + 125);
  assert_int_equal(gk_report_set_agency(rep, "满洲里市人民政府办公室"), GK_OK);
  for (int s = 1; s <= GK_SECTIONS; s++) {
    assert_int_equal(gk_report_set_section(rep, s, "无。", strlen("无。")),
                     GK_OK);
    rep->section_line[s - 1] = s * 10;
  }
  return rep;
}

static void set_section(gk_report *rep, int s, const char *text) {
  assert_int_equal(gk_report_set_section(rep, s, text, strlen(text)), GK_OK);
}

static void set(gk_report *rep, const char *t, const char *r, const char *c,
                int64_t v) {
  assert_int_equal(gk_report_set(rep, t, r, c, v), GK_OK);
}

static size_t count_rule(const gk_report *rep, const char *rule) {
  size_t n = 0;
  for (size_t i = 0; i < gk_report_finding_count(rep); i++)
    n += strcmp(gk_finding_rule(gk_report_finding(rep, i)), rule) == 0;
  return n;
}

static const gk_finding *find_rule(const gk_report *rep, const char *rule) {
  for (size_t i = 0; i < gk_report_finding_count(rep); i++)
    if (strcmp(gk_finding_rule(gk_report_finding(rep, i)), rule) == 0)
      return gk_report_finding(rep, i);
  return NULL;
}

static void check(gk_report *rep, unsigned which) {
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_check_run(rep, which, &err), GK_OK);
  assert_int_equal(err.code, GK_OK);
}

static void assert_loc(const gk_finding *f, const char *t, const char *r,
                       const char *c) {
  assert_non_null(f);
  if (t)
    assert_string_equal(gk_finding_table(f), t);
  else
    assert_null(gk_finding_table(f));
  if (r)
    assert_string_equal(gk_finding_row(f), r);
  else
    assert_null(gk_finding_row(f));
  if (c)
    assert_string_equal(gk_finding_col(f), c);
  else
    assert_null(gk_finding_col(f));
}

static void assert_values(const gk_finding *f, int64_t reported,
                          int64_t expected) {
  int64_t v = 0;
  assert_int_equal(gk_finding_reported(f, &v), 1);
  assert_int_equal(v, reported);
  assert_int_equal(gk_finding_expected(f, &v), 1);
  assert_int_equal(v, expected);
}

static uint64_t next_rand(uint64_t *s) {
  *s = *s * 6364136223846793005u + 1442695040888963407u;
  return *s >> 33;
}

/* Fills table apply with random counts satisfying every relation. */
static void fill_balanced(gk_report *rep, uint64_t seed) {
  const gk_table_def *td = &rep->tpl->tables[GK_T_APPLY];
  size_t sc = (size_t)td->rows[0].colset->sum_col,
         nc = td->rows[0].colset->ncols;
  size_t rn = 0, ri = 0, rt = 0, ro = 0;
  for (size_t r = 0; r < td->nrows; r++) {
    switch (td->rows[r].role) {
    case GK_ROLE_NEW:
      rn = r;
      break;
    case GK_ROLE_CARRIED_IN:
      ri = r;
      break;
    case GK_ROLE_TOTAL:
      rt = r;
      break;
    case GK_ROLE_CARRIED_OUT:
      ro = r;
      break;
    default:
      break;
    }
  }
  for (size_t r = 0; r < td->nrows; r++) {
    if (td->rows[r].role != GK_ROLE_OUTCOME && r != ro)
      continue;
    for (size_t c = 0; c < nc; c++)
      if (c != sc)
        gk__cell(rep, GK_T_APPLY, r, c)->value = U(next_rand(&seed) % 5);
  }
  for (size_t c = 0; c < nc; c++) {
    if (c == sc)
      continue;
    int64_t sum = 0;
    for (size_t r = 0; r < td->nrows; r++)
      if (td->rows[r].role == GK_ROLE_OUTCOME)
        sum += gk__cell(rep, GK_T_APPLY, r, c)->value;
    gk__cell(rep, GK_T_APPLY, rt, c)->value = sum;
    int64_t right = sum + gk__cell(rep, GK_T_APPLY, ro, c)->value;
    int64_t in = U(next_rand(&seed) % (uint64_t)(right / GK_SCALE + 1));
    gk__cell(rep, GK_T_APPLY, ri, c)->value = in;
    gk__cell(rep, GK_T_APPLY, rn, c)->value = right - in;
  }
  for (size_t r = 0; r < td->nrows; r++) {
    int64_t sum = 0;
    for (size_t c = 0; c < nc; c++)
      if (c != sc)
        sum += gk__cell(rep, GK_T_APPLY, r, c)->value;
    gk__cell(rep, GK_T_APPLY, r, sc)->value = sum;
    for (size_t c = 0; c < nc; c++)
      gk__cell(rep, GK_T_APPLY, r, c)->flags = GK_CELL_PRESENT;
  }
}

/* === Arithmetic === */

static void test_balanced_apply_table_has_no_findings(void **state) {
  (void)state;
  const gk_template *tpls[] = {tpl19(), tpl21()};
  for (size_t k = 0; k < 2; k++) {
    for (uint64_t seed = 1; seed <= 20; seed++) {
      gk_report *rep = new_report(tpls[k]);
      fill_balanced(rep, seed);
      check(rep, GK_CHECK_ARITH);
      assert_int_equal(gk_report_finding_count(rep), 0);
      gk_report_free(rep);
    }
  }
}

/* Every cell of both formats' apply tables, wrong by several amounts,
 * gives exactly one apply-cell finding at that cell with its true value. */
static void test_every_single_wrong_apply_cell_is_localised(void **state) {
  (void)state;
  static const int64_t deltas[] = {U(1),  -U(1),   U(2),        -U(5),
                                   U(17), -U(100), GK_SCALE / 2};
  const gk_template *tpls[] = {tpl19(), tpl21()};
  for (size_t k = 0; k < 2; k++) {
    const gk_table_def *td = &tpls[k]->tables[GK_T_APPLY];
    for (size_t r = 0; r < td->nrows; r++) {
      for (size_t c = 0; c < td->rows[r].colset->ncols; c++) {
        for (size_t d = 0; d < sizeof(deltas) / sizeof(deltas[0]); d++) {
          gk_report *rep = new_report(tpls[k]);
          fill_balanced(rep, 7 + r * 31 + c);
          gk_cell *cell = gk__cell(rep, GK_T_APPLY, r, c);
          int64_t truth = cell->value;
          cell->value += deltas[d];
          cell->line = 100 + (int64_t)r;
          check(rep, GK_CHECK_ARITH);
          if (gk_report_finding_count(rep) != 1)
            fail_msg("%s %s.%s delta %lld: %zu findings", tpls[k]->name,
                     td->rows[r].id, td->rows[r].colset->cols[c].id,
                     (long long)deltas[d], gk_report_finding_count(rep));
          const gk_finding *f = gk_report_finding(rep, 0);
          assert_string_equal(gk_finding_rule(f), GK_RULE_APPLY_CELL);
          assert_int_equal(gk_finding_severity(f), GK_SEV_ERROR);
          assert_loc(f, td->id, td->rows[r].id, td->rows[r].colset->cols[c].id);
          assert_values(f, truth + deltas[d], truth);
          assert_int_equal(gk_finding_line(f), 100 + (int64_t)r);
          gk_report_free(rep);
        }
      }
    }
  }
}

/* Seed 000 (满洲里市人民政府办公室, 2020): （七）总计 reads natural 3, others
 * 0, total 0; the one error is apply-cell at total.total, 0 → 3. */
static void test_seed000_total_total_is_the_one_error(void **state) {
  (void)state;
  gk_report *rep = clean_report(tpl19());
  static const char *const apps[] = {"natural",   "business", "research",
                                     "nonprofit", "legal",    "other"};
  const gk_template *tpl = rep->tpl;
  const gk_table_def *td = &tpl->tables[GK_T_APPLY];
  for (size_t r = 0; r < td->nrows; r++)
    for (size_t c = 0; c < 7; c++)
      set(rep, "apply", td->rows[r].id, td->rows[r].colset->cols[c].id, 0);
  set(rep, "apply", "new", "natural", U(3));
  set(rep, "apply", "new", "total", U(3));
  set(rep, "apply", "granted", "natural", U(1));
  set(rep, "apply", "granted", "total", U(1));
  for (size_t c = 1; c < 6; c++) { /* seed 000 leaves these blank */
    size_t t, r, cc;
    assert_int_equal(
        gk_template_find(tpl, "apply", "granted", apps[c], &t, &r, &cc), GK_OK);
    gk__cell(rep, t, r, cc)->flags = GK_CELL_BLANK;
  }
  set(rep, "apply", "unable.not_held", "natural", U(2));
  set(rep, "apply", "unable.not_held", "total", U(2));
  set(rep, "apply", "total", "natural", U(3));
  set_section(
      rep, 1,
      "2020 年市政府办公室收到政府信息公开申请3件，书面回复3件，其中网上"
      "可查询1件，2件本机关不掌握相关政府信息。");
  check(rep, GK_CHECK_ALL);
  assert_int_equal(gk_report_count(rep, GK_SEV_ERROR), 1);
  assert_int_equal(gk_report_finding_count(rep), 1);
  const gk_finding *f = gk_report_finding(rep, 0);
  assert_string_equal(gk_finding_rule(f), GK_RULE_APPLY_CELL);
  assert_loc(f, "apply", "total", "total");
  assert_values(f, 0, U(3));
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_ZH), "（七）总计·总计"));
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_ZH), "应为 3"));
  assert_non_null(
      strstr(gk_finding_message(f, GK_LANG_EN), "apply.total.total"));
  gk_report_free(rep);
}

/* Two wrong cells: no single cell explains the residuals, so one finding
 * per broken relation, with a whole-column location for the balance. */
static void test_two_wrong_cells_fall_back_to_each_relation(void **state) {
  (void)state;
  const gk_template *tpls[] = {tpl19(), tpl21()};
  for (size_t k = 0; k < 2; k++) {
    gk_report *rep = new_report(tpls[k]);
    set(rep, "apply", "new", "natural", U(1));
    set(rep, "apply", "carried_out", "business", U(2));
    check(rep, GK_CHECK_ARITH);
    assert_int_equal(count_rule(rep, GK_RULE_APPLY_CELL), 0);
    assert_int_equal(count_rule(rep, GK_RULE_APPLY_BALANCE), 2);
    assert_int_equal(count_rule(rep, GK_RULE_APPLY_ROW_SUM), 2);
    assert_int_equal(count_rule(rep, GK_RULE_APPLY_COLUMN_SUM), 0);
    assert_int_equal(gk_report_finding_count(rep), 4);
    const gk_finding *f = gk_report_finding(rep, 0);
    assert_string_equal(gk_finding_rule(f), GK_RULE_APPLY_BALANCE);
    assert_loc(f, "apply", NULL, "natural");
    assert_values(f, 0, U(1));
    f = gk_report_finding(rep, 1);
    assert_loc(f, "apply", NULL, "business");
    assert_values(f, U(2), 0);
    f = gk_report_finding(rep, 2);
    assert_string_equal(gk_finding_rule(f), GK_RULE_APPLY_ROW_SUM);
    assert_loc(f, "apply", "new", "total");
    assert_values(f, 0, U(1));
    f = gk_report_finding(rep, 3);
    assert_loc(f, "apply", "carried_out", "total");
    assert_values(f, 0, U(2));
    gk_report_free(rep);
  }
}

static void test_outcome_without_totals_breaks_column_sums(void **state) {
  (void)state;
  gk_report *rep = new_report(tpl21());
  set(rep, "apply", "granted", "natural", U(1));
  set(rep, "apply", "granted", "total", U(1));
  set(rep, "apply", "new", "legal", U(4));
  set(rep, "apply", "new", "total", U(4));
  check(rep, GK_CHECK_ARITH);
  assert_int_equal(count_rule(rep, GK_RULE_APPLY_CELL), 0);
  assert_int_equal(count_rule(rep, GK_RULE_APPLY_COLUMN_SUM), 2);
  const gk_finding *f = find_rule(rep, GK_RULE_APPLY_COLUMN_SUM);
  assert_loc(f, "apply", "total", "natural");
  assert_values(f, 0, U(1));
  gk_report_free(rep);
}

static void test_ambiguous_cell_skips_table_arithmetic(void **state) {
  (void)state;
  gk_report *rep = new_report(tpl19());
  set(rep, "apply", "total", "natural", U(3));
  set(rep, "review", "reconsideration", "upheld", U(1));
  gk__cell(rep, GK_T_APPLY, 0, 0)->flags |= GK_CELL_AMBIGUOUS;
  gk__cell(rep, GK_T_REVIEW, 0, 1)->flags |= GK_CELL_AMBIGUOUS;
  check(rep, GK_CHECK_ARITH);
  assert_int_equal(gk_report_finding_count(rep), 0);
  gk_report_free(rep);
}

static void test_missing_table_skips_its_arithmetic(void **state) {
  (void)state;
  gk_report *rep = new_report(tpl19());
  set(rep, "apply", "total", "natural", U(3));
  rep->table_found[GK_T_APPLY] = false;
  check(rep, GK_CHECK_ARITH);
  assert_int_equal(gk_report_finding_count(rep), 0);
  gk_report_free(rep);
}

static void test_review_row_sum_fires_and_stays_silent(void **state) {
  (void)state;
  const gk_template *tpls[] = {tpl19(), tpl21()};
  for (size_t k = 0; k < 2; k++) {
    gk_report *rep = new_report(tpls[k]);
    set(rep, "review", "reconsideration", "upheld", U(1));
    set(rep, "review", "reconsideration", "pending", U(1));
    set(rep, "review", "reconsideration", "total", U(2));
    set(rep, "review", "litigation_after", "corrected", U(2));
    set(rep, "review", "litigation_after", "total", U(3));
    check(rep, GK_CHECK_ARITH);
    assert_int_equal(gk_report_finding_count(rep), 1);
    const gk_finding *f = gk_report_finding(rep, 0);
    assert_string_equal(gk_finding_rule(f), GK_RULE_REVIEW_ROW_SUM);
    assert_loc(f, "review", "litigation_after", "total");
    assert_values(f, U(3), U(2));
    gk_report_free(rep);
  }
}

/* === Blank cells a relation fixes === */

static char *read_seed(const char *file, size_t *len);

/* Marks cell (t, r, c) blank as the reader does: value 0, the blank flag
 * and its blank-cell warning. Returns the value it had. */
static int64_t blank_out(gk_report *rep, size_t t, size_t r, size_t c) {
  gk_cell *cell = gk__cell(rep, t, r, c);
  int64_t was = cell->value;
  cell->value = 0;
  cell->flags = GK_CELL_PRESENT | GK_CELL_BLANK;
  cell->line = 200 + (int64_t)r;
  const gk_row_def *row = gk__row(rep->tpl, t, r);
  assert_int_equal(gk_report_add_finding(rep, GK_RULE_BLANK_CELL,
                                         GK_SEV_WARNING, rep->tpl->tables[t].id,
                                         row->id, row->colset->cols[c].id, NULL,
                                         NULL, cell->line, "空", "blank"),
                   GK_OK);
  return was;
}

/* The finding of 'rule' at cell (t, r, c), or NULL. */
static const gk_finding *finding_at(const gk_report *rep, const char *rule,
                                    size_t t, size_t r, size_t c) {
  const gk_row_def *row = gk__row(rep->tpl, t, r);
  for (size_t i = 0; i < gk_report_finding_count(rep); i++) {
    const gk_finding *f = gk_report_finding(rep, i);
    if (strcmp(gk_finding_rule(f), rule) == 0 && gk_finding_row(f) &&
        gk_finding_col(f) &&
        strcmp(gk_finding_table(f), rep->tpl->tables[t].id) == 0 &&
        strcmp(gk_finding_row(f), row->id) == 0 &&
        strcmp(gk_finding_col(f), row->colset->cols[c].id) == 0)
      return f;
  }
  return NULL;
}

/* The report: the 总计 of every outcome row and of （七）总计 left
 * blank. Each blank is one finding with its true value, found from the
 * row's applicants, then the other relations hold with it: no row-sum,
 * column-sum or balance error. A blank whose row sums to 0 keeps its
 * blank-cell warning and nothing more. */
static void test_blank_totals_are_fixed_once_without_cascade(void **state) {
  (void)state;
  const gk_template *tpls[] = {tpl19(), tpl21()};
  for (size_t k = 0; k < 2; k++) {
    for (uint64_t seed = 1; seed <= 10; seed++) {
      const gk_table_def *td = &tpls[k]->tables[GK_T_APPLY];
      size_t sc = (size_t)td->rows[0].colset->sum_col;
      gk_report *rep = new_report(tpls[k]);
      fill_balanced(rep, seed);
      int64_t truth[64];
      size_t nonzero = 0, zero = 0;
      for (size_t r = 0; r < td->nrows; r++) {
        gk_row_role ro = td->rows[r].role;
        truth[r] = -1;
        if (ro != GK_ROLE_OUTCOME && ro != GK_ROLE_TOTAL)
          continue;
        truth[r] = blank_out(rep, GK_T_APPLY, r, sc);
        nonzero += truth[r] != 0;
        zero += truth[r] == 0;
      }
      check(rep, GK_CHECK_ARITH);
      assert_int_equal(count_rule(rep, GK_RULE_BLANK_DETERMINED), nonzero);
      assert_int_equal(count_rule(rep, GK_RULE_BLANK_CELL), zero);
      assert_int_equal(gk_report_finding_count(rep), nonzero + zero);
      assert_int_equal(gk_report_count(rep, GK_SEV_ERROR), 0);
      assert_int_equal(gk_report_count(rep, GK_SEV_WARNING), nonzero + zero);
      for (size_t r = 0; r < td->nrows; r++) {
        if (truth[r] <= 0)
          continue;
        const gk_finding *f =
            finding_at(rep, GK_RULE_BLANK_DETERMINED, GK_T_APPLY, r, sc);
        assert_non_null(f);
        assert_null(finding_at(rep, GK_RULE_BLANK_CELL, GK_T_APPLY, r, sc));
        assert_int_equal(gk_finding_severity(f), GK_SEV_WARNING);
        int64_t v = 0;
        assert_int_equal(gk_finding_reported(f, &v), 0); /* nothing printed */
        assert_int_equal(gk_finding_expected(f, &v), 1);
        assert_int_equal(v, truth[r]);
        assert_int_equal(gk_finding_line(f), 200 + (int64_t)r);
      }
      gk_report_free(rep);
    }
  }
}

/* A blank 上年结转 or 结转 row: each column's balance has it as its only
 * unknown (the printed 勾稽关系), and the fixed cells feed the row's sum. */
static void test_blank_carried_rows_follow_from_the_balance(void **state) {
  (void)state;
  static const gk_row_role roles[] = {GK_ROLE_CARRIED_IN, GK_ROLE_CARRIED_OUT};
  size_t fixed = 0;
  for (size_t k = 0; k < 2; k++) {
    for (uint64_t seed = 1; seed <= 8; seed++) {
      gk_report *rep = new_report(k ? tpl19() : tpl21());
      fill_balanced(rep, seed);
      const gk_table_def *td = &rep->tpl->tables[GK_T_APPLY];
      size_t r = 0, sc = (size_t)td->rows[0].colset->sum_col;
      while (td->rows[r].role != roles[k])
        r++;
      int64_t truth[GK_MAX_COLS];
      size_t nonzero = 0;
      for (size_t c = 0; c <= sc; c++) {
        truth[c] = blank_out(rep, GK_T_APPLY, r, c);
        nonzero += truth[c] != 0;
      }
      check(rep, GK_CHECK_ARITH);
      assert_int_equal(gk_report_count(rep, GK_SEV_ERROR), 0);
      assert_int_equal(count_rule(rep, GK_RULE_BLANK_DETERMINED), nonzero);
      for (size_t c = 0; c <= sc; c++) {
        const gk_finding *f =
            finding_at(rep, GK_RULE_BLANK_DETERMINED, GK_T_APPLY, r, c);
        if (!truth[c]) {
          assert_null(f);
          continue;
        }
        int64_t v = 0;
        assert_non_null(f);
        assert_int_equal(gk_finding_expected(f, &v), 1);
        assert_int_equal(v, truth[c]);
        fixed++;
      }
      gk_report_free(rep);
    }
  }
  assert_true(fixed > 10); /* the seeds do give non-zero carried cells */
}

/* Blanks no relation fixes (a 2 x 2 block: every row and column sum
 * through them has two unknowns) stay 0 and the relations they break are
 * reported as before; a relation that would give a negative count fixes
 * nothing either. */
static void test_blanks_no_relation_fixes_stay_zero(void **state) {
  (void)state;
  gk_report *rep = new_report(tpl21());
  fill_balanced(rep, 11);
  const gk_table_def *td = &rep->tpl->tables[GK_T_APPLY];
  size_t ro[2], n = 0;
  for (size_t r = 0; r < td->nrows && n < 2; r++)
    if (td->rows[r].role == GK_ROLE_OUTCOME)
      ro[n++] = r;
  for (size_t i = 0; i < 2; i++)
    for (size_t c = 0; c < 2; c++) {
      gk__cell(rep, GK_T_APPLY, ro[i], c)->value += U(1); /* make them > 0 */
      blank_out(rep, GK_T_APPLY, ro[i], c);
    }
  check(rep, GK_CHECK_ARITH);
  assert_int_equal(count_rule(rep, GK_RULE_BLANK_DETERMINED), 0);
  assert_int_equal(count_rule(rep, GK_RULE_BLANK_CELL), 4);
  assert_true(gk_report_count(rep, GK_SEV_ERROR) > 0);
  gk_report_free(rep);

  rep = new_report(tpl21());
  set(rep, "review", "reconsideration", "upheld", U(3));
  set(rep, "review", "reconsideration", "total", U(2));
  blank_out(rep, GK_T_REVIEW, 0, 1); /* corrected would be -1 */
  check(rep, GK_CHECK_ARITH);
  assert_int_equal(count_rule(rep, GK_RULE_BLANK_DETERMINED), 0);
  assert_non_null(find_rule(rep, GK_RULE_REVIEW_ROW_SUM));
  gk_report_free(rep);
}

/* Table 四: a blank 总计 is its row's sum; a blank result is the total
 * less the others. One finding each, no review-row-sum. */
static void test_blank_review_cells_follow_from_the_row_sum(void **state) {
  (void)state;
  gk_report *rep = new_report(tpl21());
  set(rep, "review", "reconsideration", "upheld", U(2));
  set(rep, "review", "reconsideration", "other", U(1));
  blank_out(rep, GK_T_REVIEW, 0, 4); /* total: 3 */
  set(rep, "review", "litigation_after", "upheld", U(1));
  set(rep, "review", "litigation_after", "total", U(5));
  blank_out(rep, GK_T_REVIEW, 2, 3); /* pending: 4 */
  check(rep, GK_CHECK_ARITH);
  assert_int_equal(gk_report_finding_count(rep), 2);
  assert_int_equal(count_rule(rep, GK_RULE_BLANK_DETERMINED), 2);
  int64_t v = 0;
  const gk_finding *f =
      finding_at(rep, GK_RULE_BLANK_DETERMINED, GK_T_REVIEW, 0, 4);
  assert_non_null(f);
  assert_int_equal(gk_finding_expected(f, &v), 1);
  assert_int_equal(v, U(3));
  f = finding_at(rep, GK_RULE_BLANK_DETERMINED, GK_T_REVIEW, 2, 3);
  assert_non_null(f);
  assert_int_equal(gk_finding_expected(f, &v), 1);
  assert_int_equal(v, U(4));
  gk_report_free(rep);
}

/* The same through the text reader: seed 004 (抚远市人民政府) with the 总计
 * of （一）予以公开, （六）其他处理 and （七）总计 printed blank. Before, three
 * blank-cell warnings and four errors built on the zeros; now three
 * findings, each with the value its relation gives. */
static void test_seed004_blank_totals_read_and_fixed(void **state) {
  (void)state;
  size_t len;
  char *text = read_seed("004_3bfaa367c900be67.txt", &len);
  static const char *const rows[] = {"（一）予以公开", "（六）其他处理",
                                     "（七）总计"};
  for (size_t i = 0; i < 3; i++) {
    /* the row's seventh value, its 总计, becomes an empty cell */
    char *p = strstr(text, rows[i]);
    assert_non_null(p);
    for (int n = 0; n < 7; n++) {
      p = strstr(p, "\n\t");
      assert_non_null(p);
      p += 2;
      while (*p < '0' || *p > '9') {
        p = strstr(p, "\n\t");
        assert_non_null(p);
        p += 2;
      }
    }
    char *eol = strchr(p, '\n');
    memmove(p, eol, len - (size_t)(eol - text) + 1);
    len -= (size_t)(eol - p);
  }
  gk_report *rep = NULL;
  assert_int_equal(gk_report_read_text(&rep, text, len, NULL, NULL), GK_OK);
  assert_int_equal(count_rule(rep, GK_RULE_BLANK_CELL), 3);
  check(rep, GK_CHECK_ALL);
  assert_int_equal(gk_report_count(rep, GK_SEV_ERROR), 0);
  assert_int_equal(count_rule(rep, GK_RULE_BLANK_CELL), 0);
  assert_int_equal(count_rule(rep, GK_RULE_BLANK_DETERMINED), 3);
  assert_int_equal(gk_report_finding_count(rep), 3);
  static const char *const ids[] = {"granted", "other", "total"};
  static const int64_t want[] = {U(6), U(1), U(7)};
  for (size_t i = 0; i < 3; i++) {
    const gk_finding *f = gk_report_finding(rep, i);
    assert_loc(f, "apply", ids[i], "total");
    int64_t v = 0;
    assert_int_equal(gk_finding_expected(f, &v), 1);
    assert_int_equal(v, want[i]);
  }
  gk_report_free(rep);
  free(text);
}

/* === Values === */

static void test_negative_count_fires_but_not_on_signed_change(void **state) {
  (void)state;
  gk_report *rep = new_report(tpl19());
  set(rep, "disclose", "license", "change", -U(233));
  set(rep, "disclose", "license", "prior", U(467));
  check(rep, GK_CHECK_VALUES);
  assert_int_equal(gk_report_finding_count(rep), 0);
  set(rep, "disclose", "penalty", "prior", -U(1));
  check(rep, GK_CHECK_VALUES);
  assert_int_equal(gk_report_finding_count(rep), 1);
  const gk_finding *f = gk_report_finding(rep, 0);
  assert_string_equal(gk_finding_rule(f), GK_RULE_NEGATIVE_COUNT);
  assert_loc(f, "disclose", "penalty", "prior");
  gk_report_free(rep);

  rep = new_report(tpl21());
  set(rep, "apply", "granted", "natural", -U(2));
  check(rep, GK_CHECK_VALUES);
  assert_int_equal(count_rule(rep, GK_RULE_NEGATIVE_COUNT), 1);
  assert_loc(gk_report_finding(rep, 0), "apply", "granted", "natural");
  gk_report_free(rep);
}

static void test_negative_amount_is_not_a_negative_count(void **state) {
  (void)state;
  gk_report *rep = new_report(tpl21());
  set(rep, "disclose", "fee", "amount", -U(1) / 2);
  check(rep, GK_CHECK_VALUES);
  assert_int_equal(gk_report_finding_count(rep), 0);
  gk_report_free(rep);
}

static void test_fractional_count_fires_on_counts_and_signed(void **state) {
  (void)state;
  gk_report *rep = new_report(tpl19());
  set(rep, "disclose", "procurement", "amount", 838200); /* 83.82 万元 */
  check(rep, GK_CHECK_VALUES);
  assert_int_equal(gk_report_finding_count(rep), 0);
  set(rep, "disclose", "fee", "change", GK_SCALE / 2);
  set(rep, "review", "reconsideration", "upheld", U(1) + 1);
  check(rep, GK_CHECK_VALUES);
  assert_int_equal(count_rule(rep, GK_RULE_FRACTIONAL_COUNT), 2);
  assert_loc(gk_report_finding(rep, 0), "disclose", "fee", "change");
  assert_loc(gk_report_finding(rep, 1), "review", "reconsideration", "upheld");
  gk_report_free(rep);

  rep = new_report(tpl21());
  set(rep, "disclose", "fee", "amount", 12345);
  set(rep, "disclose", "license", "decisions", U(3) + 5000);
  check(rep, GK_CHECK_VALUES);
  assert_int_equal(gk_report_finding_count(rep), 1);
  assert_loc(gk_report_finding(rep, 0), "disclose", "license", "decisions");
  gk_report_free(rep);
}

/* === Metadata === */

static void test_clean_reports_have_no_findings(void **state) {
  (void)state;
  const gk_template *tpls[] = {tpl19(), tpl21()};
  for (size_t k = 0; k < 2; k++) {
    gk_report *rep = clean_report(tpls[k]);
    check(rep, GK_CHECK_ALL);
    assert_int_equal(gk_report_finding_count(rep), 0);
    gk_report_free(rep);
  }
}

static void test_old_format_for_2021_is_an_error(void **state) {
  (void)state;
  gk_report *rep = clean_report(tpl19());
  gk_report_set_year(rep, 2021);
  gk_report_set_date(rep, 20220120);
  rep->table_line[GK_T_APPLY] = 95;
  check(rep, GK_CHECK_META);
  assert_int_equal(gk_report_finding_count(rep), 1);
  const gk_finding *f = gk_report_finding(rep, 0);
  assert_string_equal(gk_finding_rule(f), GK_RULE_TEMPLATE_YEAR);
  assert_int_equal(gk_finding_severity(f), GK_SEV_ERROR);
  assert_int_equal(gk_finding_line(f), 95);
  gk_report_free(rep);
}

static void test_new_format_for_2020_is_a_warning(void **state) {
  (void)state;
  gk_report *rep = clean_report(tpl21());
  gk_report_set_year(rep, 2020);
  gk_report_set_date(rep, 20210120);
  check(rep, GK_CHECK_META);
  assert_int_equal(gk_report_finding_count(rep), 1);
  const gk_finding *f = gk_report_finding(rep, 0);
  assert_string_equal(gk_finding_rule(f), GK_RULE_TEMPLATE_YEAR);
  assert_int_equal(gk_finding_severity(f), GK_SEV_WARNING);
  gk_report_free(rep);
}

static void test_missing_year_warns(void **state) {
  (void)state;
  gk_report *rep = clean_report(tpl21());
  gk_report_set_year(rep, 0);
  check(rep, GK_CHECK_META);
  assert_int_equal(gk_report_finding_count(rep), 1);
  assert_string_equal(gk_finding_rule(gk_report_finding(rep, 0)),
                      GK_RULE_MISSING_YEAR);
  assert_int_equal(gk_finding_severity(gk_report_finding(rep, 0)),
                   GK_SEV_WARNING);
  gk_report_free(rep);
}

static void test_missing_table_is_an_error(void **state) {
  (void)state;
  gk_report *rep = clean_report(tpl19());
  rep->table_found[GK_T_REVIEW] = false;
  check(rep, GK_CHECK_META);
  assert_int_equal(gk_report_finding_count(rep), 1);
  const gk_finding *f = gk_report_finding(rep, 0);
  assert_string_equal(gk_finding_rule(f), GK_RULE_MISSING_TABLE);
  assert_int_equal(gk_finding_severity(f), GK_SEV_ERROR);
  assert_loc(f, "review", NULL, NULL);
  assert_int_equal(gk_finding_line(f), 40); /* section 四's heading */
  gk_report_free(rep);
}

static void
test_missing_section_errs_and_unnumbered_heading_warns(void **state) {
  (void)state;
  gk_report *rep = clean_report(tpl21());
  assert_int_equal(gk_report_set_section(rep, 6, NULL, 0), GK_OK);
  rep->section_flags[5] = 0;
  rep->section_flags[1] |= GK_SECTION_UNNUMBERED; /* seed 002 */
  check(rep, GK_CHECK_META);
  assert_int_equal(gk_report_finding_count(rep), 2);
  const gk_finding *f = find_rule(rep, GK_RULE_SECTION_HEADING);
  assert_non_null(f);
  assert_int_equal(gk_finding_severity(f), GK_SEV_WARNING);
  assert_int_equal(gk_finding_line(f), 20);
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_ZH), "二、"));
  f = find_rule(rep, GK_RULE_MISSING_SECTION);
  assert_non_null(f);
  assert_int_equal(gk_finding_severity(f), GK_SEV_ERROR);
  assert_non_null(
      strstr(gk_finding_message(f, GK_LANG_ZH), "其他需要报告的事项"));
  gk_report_free(rep);
}

static void test_missing_date_warns(void **state) {
  (void)state;
  gk_report *rep = clean_report(tpl19());
  gk_report_set_date(rep, 0);
  check(rep, GK_CHECK_META);
  assert_int_equal(gk_report_finding_count(rep), 1);
  assert_string_equal(gk_finding_rule(gk_report_finding(rep, 0)),
                      GK_RULE_MISSING_DATE);
  gk_report_free(rep);
}

/* Seed 002: reports on 2021, dated 2021-01-14. */
static void test_date_before_period_end_is_an_error(void **state) {
  (void)state;
  gk_report *rep = clean_report(tpl21());
  assert_int_equal(gk_report_set_agency(rep, "南区街道办事处"), GK_OK);
  gk_report_set_date(rep, 20210114);
  rep->date_line = 450;
  check(rep, GK_CHECK_META);
  assert_int_equal(gk_report_finding_count(rep), 1);
  const gk_finding *f = gk_report_finding(rep, 0);
  assert_string_equal(gk_finding_rule(f), GK_RULE_DATE_BEFORE_END);
  assert_int_equal(gk_finding_severity(f), GK_SEV_ERROR);
  assert_int_equal(gk_finding_line(f), 450);
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_ZH), "2021-12-31"));
  gk_report_free(rep);

  /* A stated period ending mid-year moves the end. */
  rep = clean_report(tpl21());
  gk_report_set_period(rep, 20210101, 20210630);
  gk_report_set_date(rep, 20210701);
  check(rep, GK_CHECK_META);
  assert_int_equal(gk_report_finding_count(rep), 0);
  gk_report_set_date(rep, 20210629);
  check(rep, GK_CHECK_META);
  assert_int_equal(count_rule(rep, GK_RULE_DATE_BEFORE_END), 1);
  gk_report_free(rep);
}

static void test_date_late_depends_on_agency_kind(void **state) {
  (void)state;
  static const struct {
    const char *agency;
    int32_t date;
    size_t late;
  } cases[] = {
      {"抚远市人民政府", 20210129, 0}, /* seed 004 */
      {"抚远市人民政府", 20210331, 0},
      {"抚远市人民政府", 20210401, 1},
      {"满洲里市人民政府办公室", 20210125, 0}, /* seed 000 */
      {"满洲里市人民政府办公室", 20210201, 1},
      {"德惠市机关事务管理局", 20210118, 0}, /* seed 003 */
      {"德惠市机关事务管理局", 20210315, 1},
      {"满洲里市人民政府南区街道办事处", 20210210, 1},
      {"某县某镇人民政府", 20210201, 1},
      {"某县某乡人民政府", 20210131, 0},
      {"某县人民政府　", 20210330, 0}, /* trailing U+3000 */
      {NULL, 20210330, 0},
      {NULL, 20210401, 1},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    gk_report *rep = clean_report(tpl19());
    assert_int_equal(gk_report_set_agency(rep, cases[i].agency), GK_OK);
    gk_report_set_date(rep, cases[i].date);
    check(rep, GK_CHECK_META);
    if (count_rule(rep, GK_RULE_DATE_LATE) != cases[i].late ||
        gk_report_finding_count(rep) != cases[i].late)
      fail_msg("%s %d: %zu findings", cases[i].agency ? cases[i].agency : "-",
               (int)cases[i].date, gk_report_finding_count(rep));
    gk_report_free(rep);
  }
}

/* === Narrative === */

typedef struct narrative_case {
  const char *text;    /* section 1 */
  int64_t new_total;   /* apply new.total */
  int64_t in_total;    /* apply carried_in.total */
  int64_t recon_total; /* review reconsideration.total */
  int64_t lit_total;   /* review litigation_direct.total */
  size_t fires;        /* narrative-mismatch findings expected */
  const char *why;
} narrative_case;

static void test_narrative_cases(void **state) {
  (void)state;
  static const narrative_case cases[] = {
      {"2020 年市政府办公室收到政府信息公开申请3件，书面回复3件。", 3, 0, 0, 0,
       0, "seed 000 agrees"},
      {"2020 年市政府办公室收到政府信息公开申请3件，书面回复3件。", 4, 0, 0, 0,
       1, "seed 000 text against 4"},
      {"2020年统计局未收到依申请公开事件。", 0, 0, 0, 0, 0, "seed 001 agrees"},
      {"2020年统计局未收到依申请公开事件。", 2, 0, 0, 0, 1,
       "none received but the table has 2"},
      {"本年共收到政府信息公开申请12件。", 10, 2, 0, 0, 0, "new + carried in"},
      {"本年受理申请共计5件。", 4, 0, 0, 0, 1, "受理 with filler"},
      {"2019年收到政府信息公开申请5件。", 3, 0, 0, 0, 0, "other year"},
      {"收到申请数比上年多3件。", 7, 0, 0, 0, 0, "a comparison"},
      {"收到3件申请。", 7, 0, 0, 0, 1,
       "number before the noun (pingtan 2021: 共收到70件申请), 3 vs 7"},
      {"收到7件申请。", 7, 0, 0, 0, 0, "number before the noun agrees"},
      {"全文包括收到和处理政府信息公开申请情况。", 7, 0, 0, 0, 0,
       "a heading, no number"},
      {"发生行政复议2件。", 0, 0, 0, 0, 1, "reconsideration 2 vs 0"},
      {"发生行政复议2件。", 0, 0, 2, 0, 0, "reconsideration agrees"},
      {"提起行政诉讼1件。", 0, 0, 0, 1, 0, "litigation agrees"},
      {"提起行政诉讼1件。", 0, 0, 0, 0, 1, "litigation 1 vs 0"},
      {"行政复议、行政诉讼2件。", 0, 0, 0, 0, 0, "a list of two"},
      /* seed 004's sentence: a denial claims 0 of each (docs/rules.md) */
      {"未发生因有关政府信息公开而引发的行政复议案和行政诉讼案。", 0, 0, 1, 1,
       2, "a denial against tables counting 1 and 1"},
      {"未发生因有关政府信息公开而引发的行政复议案和行政诉讼案。", 0, 0, 0, 0,
       0, "seed 004: the denial agrees with its tables"},
      {"尚未受理的申请2件。", 0, 0, 0, 0, 0, "pending, not none received"},
      {"不予受理的申请2件。", 0, 0, 0, 0, 0, "refused, not received"},
      {"共收到22条投诉举报，已办结22条。", 0, 0, 0, 0, 0,
       "seed 004: complaints are not applications"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    const narrative_case *k = &cases[i];
    gk_report *rep = clean_report(tpl19());
    set_section(rep, 1, k->text);
    set(rep, "apply", "new", "total", U(k->new_total));
    set(rep, "apply", "carried_in", "total", U(k->in_total));
    set(rep, "review", "reconsideration", "total", U(k->recon_total));
    set(rep, "review", "litigation_direct", "total", U(k->lit_total));
    check(rep, GK_CHECK_NARRATIVE);
    if (gk_report_finding_count(rep) != k->fires ||
        count_rule(rep, GK_RULE_NARRATIVE) != k->fires)
      fail_msg("case %zu (%s): %zu findings, expected %zu", i, k->why,
               gk_report_finding_count(rep), k->fires);
    gk_report_free(rep);
  }
}

static void test_narrative_mismatch_names_cell_and_values(void **state) {
  (void)state;
  gk_report *rep = clean_report(tpl21());
  set_section(rep, 3, "第一行\n本年度收到政府信息公开申请9件。");
  set(rep, "apply", "new", "total", U(7));
  check(rep, GK_CHECK_NARRATIVE);
  assert_int_equal(gk_report_finding_count(rep), 1);
  const gk_finding *f = gk_report_finding(rep, 0);
  assert_int_equal(gk_finding_severity(f), GK_SEV_WARNING);
  assert_loc(f, "apply", "new", "total");
  assert_values(f, U(9), U(7));
  assert_int_equal(gk_finding_line(f), 32); /* heading 30, text 31, 32 */
  gk_report_free(rep);

  rep = clean_report(tpl19());
  set_section(rep, 2, "提起行政诉讼4件。");
  set(rep, "review", "litigation_after", "total", U(1));
  check(rep, GK_CHECK_NARRATIVE);
  assert_int_equal(gk_report_finding_count(rep), 1);
  assert_loc(gk_report_finding(rep, 0), "review", NULL, "total");
  assert_values(gk_report_finding(rep, 0), U(4), U(1));
  gk_report_free(rep);
}

/* Seed 003 prints "…政府信息公开发布总数量（非新闻类、消息类）：15". */
static void test_proactive_count_against_local_total_line(void **state) {
  (void)state;
  static const char local[] =
      "2020年本行政区域（或本部门）政府信息公开发布总数量（非新闻类、消息类）："
      "15\n";
  static const struct {
    const char *text;
    size_t fires;
  } cases[] = {
      {"2020年主动公开政府信息15条。", 0},
      {"2020年主动公开政府信息12条。", 1},
      {"定期通过网站进行公开。", 0},
      /* seed 001: two statements, two numbers: not unambiguous */
      {"2020年已在政府门户网站主动公开信息23条、“统计微讯”形式主动公开信息"
       "100条左右。",
       0},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    gk_report *rep = clean_report(tpl19());
    set_section(rep, 1, cases[i].text);
    set_section(rep, 2, local);
    check(rep, GK_CHECK_NARRATIVE);
    if (gk_report_finding_count(rep) != cases[i].fires)
      fail_msg("case %zu: %zu findings", i, gk_report_finding_count(rep));
    if (cases[i].fires) {
      const gk_finding *f = gk_report_finding(rep, 0);
      assert_loc(f, NULL, NULL, NULL);
      assert_values(f, U(12), U(15));
    }
    gk_report_free(rep);
  }
  /* Without the local line there is nothing to compare (seed 004). */
  gk_report *rep = clean_report(tpl19());
  set_section(rep, 1, "2020年，我市在政府网站上主动发布信息 5312条。");
  check(rep, GK_CHECK_NARRATIVE);
  assert_int_equal(gk_report_finding_count(rep), 0);
  gk_report_free(rep);
}

/* Hostile text: megabytes of half-statements in one clause and many local
 * lines must be scanned in linear time. */
static void test_narrative_is_linear_on_long_text(void **state) {
  (void)state;
  static const char unit1[] = "收到政府信息公开申请主动公开";
  static const char unit2[] = "发布总数量：：：1\n";
  size_t reps = 60000;
  char *a = malloc(reps * (sizeof(unit1) - 1) + 1);
  char *b = malloc(reps * (sizeof(unit2) - 1) + 1);
  assert_non_null(a);
  assert_non_null(b);
  for (size_t i = 0; i < reps; i++) {
    memcpy(a + i * (sizeof(unit1) - 1), unit1, sizeof(unit1) - 1);
    memcpy(b + i * (sizeof(unit2) - 1), unit2, sizeof(unit2) - 1);
  }
  gk_report *rep = clean_report(tpl21());
  assert_int_equal(gk_report_set_section(rep, 1, a, reps * (sizeof(unit1) - 1)),
                   GK_OK);
  assert_int_equal(gk_report_set_section(rep, 2, b, reps * (sizeof(unit2) - 1)),
                   GK_OK);
  free(a);
  free(b);
  clock_t t0 = clock();
  check(rep, GK_CHECK_NARRATIVE);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  assert_int_equal(gk_report_finding_count(rep), 0);
  if (secs > 5.0)
    fail_msg("narrative scan took %.1f s", secs);
  gk_report_free(rep);
}

/* === The seeds, as the reader will store them === */

typedef struct seed_cell {
  const char *table, *row, *col;
  int64_t value; /* scaled */
} seed_cell;

typedef struct seed {
  const char *file;    /* under tests/data/seeds */
  const char *tpl;     /* format */
  const char *agency;  /* from the title or signature */
  int year;            /* report year */
  int32_t date;        /* signature date, 0 if none */
  int32_t from, to;    /* stated period, 0 if none */
  unsigned unnumbered; /* bit s-1: section s heading lacks 一、… */
  seed_cell cells[24]; /* non-zero cells; others read 0 */
} seed;

static const seed seeds[] = {
    {"000_7a7af06b78520d01.txt",
     "2019",
     "满洲里市人民政府办公室",
     2020,
     20210125,
     20200101,
     20201231,
     0,
     {{"disclose", "normative", "made", U(1)},
      {"disclose", "normative", "published", U(1)},
      {"disclose", "normative", "total", U(1)},
      {"apply", "new", "natural", U(3)},
      {"apply", "new", "total", U(3)},
      {"apply", "granted", "natural", U(1)},
      {"apply", "granted", "total", U(1)},
      {"apply", "unable.not_held", "natural", U(2)},
      {"apply", "unable.not_held", "total", U(2)},
      {"apply", "total", "natural", U(3)}}},
    {"001_eb4955ec489c8a4e.txt",
     "2019",
     "满洲里市统计局",
     2020,
     0,
     0,
     0,
     0,
     {{"disclose", "penalty", "prior", U(18)},
      {"disclose", "coercion", "prior", U(1)}}},
    {"002_1940b8663137bb43.txt",
     "2021",
     "满洲里市人民政府南区街道办事处",
     2021,
     20210114,
     20210101,
     20211231,
     1u << 1,
     {{NULL, NULL, NULL, 0}}},
    {"003_f5d5ef7bb5443bb4.txt",
     "2019",
     "德惠市机关事务管理局",
     2020,
     20210118,
     0,
     0,
     0,
     {{"disclose", "procurement", "projects", U(1)},
      {"disclose", "procurement", "amount", 838200}}},
    {"004_3bfaa367c900be67.txt",
     "2019",
     "抚远市人民政府",
     2020,
     20210129,
     0,
     0,
     0,
     {{"disclose", "normative", "total", U(22)},
      {"disclose", "license", "prior", U(467)},
      {"disclose", "license", "change", -U(233)},
      {"disclose", "license", "decisions", U(4448)},
      {"disclose", "other_service", "prior", U(106)},
      {"disclose", "other_service", "change", -U(10)},
      {"disclose", "penalty", "prior", U(1594)},
      {"disclose", "penalty", "change", U(794)},
      {"disclose", "penalty", "decisions", U(52)},
      {"disclose", "coercion", "prior", U(87)},
      {"disclose", "coercion", "change", U(88)},
      {"disclose", "fee", "prior", U(11)},
      {"disclose", "fee", "change", -U(7)},
      {"disclose", "procurement", "projects", U(118)},
      {"disclose", "procurement", "amount", U(13619)},
      {"apply", "new", "natural", U(7)},
      {"apply", "new", "total", U(7)},
      {"apply", "granted", "natural", U(6)},
      {"apply", "granted", "total", U(6)},
      {"apply", "other", "natural", U(1)},
      {"apply", "other", "total", U(1)},
      {"apply", "total", "natural", U(7)},
      {"apply", "total", "total", U(7)}}},
};

/* Reads a seed file into a new buffer (caller frees). */
static char *read_seed(const char *file, size_t *len) {
  const char *dir = getenv("GK_SOURCE_DIR");
  assert_non_null(dir);
  char path[4096];
  snprintf(path, sizeof(path), "%s/tests/data/seeds/%s", dir, file);
  FILE *fp = fopen(path, "rb");
  if (!fp)
    fail_msg("cannot open %s", path);
  size_t cap = 1 << 20;
  char *buf = malloc(cap);
  assert_non_null(buf);
  *len = fread(buf, 1, cap - 1, fp);
  fclose(fp);
  buf[*len] = '\0';
  return buf;
}

/* The seed's facts; its whole text stands in for sections 一 to 三 (the
 * narrative rule must stay silent on every other line of it too). */
static gk_report *seed_report(const seed *sd) {
  gk_report *rep = new_report(gk_template_by_name(sd->tpl));
  const gk_template *tpl = rep->tpl;
  for (size_t t = 0; t < GK_TABLES; t++)
    for (size_t r = 0; r < tpl->tables[t].nrows; r++)
      for (size_t c = 0; c < gk__ncols(tpl, t, r); c++)
        set(rep, tpl->tables[t].id, tpl->tables[t].rows[r].id,
            tpl->tables[t].rows[r].colset->cols[c].id, 0);
  for (size_t i = 0; i < 24 && sd->cells[i].table; i++)
    set(rep, sd->cells[i].table, sd->cells[i].row, sd->cells[i].col,
        sd->cells[i].value);
  assert_int_equal(gk_report_set_agency(rep, sd->agency), GK_OK);
  gk_report_set_year(rep, sd->year);
  gk_report_set_date(rep, sd->date);
  if (sd->to)
    gk_report_set_period(rep, sd->from, sd->to);
  size_t len;
  char *text = read_seed(sd->file, &len);
  for (int s = 1; s <= GK_SECTIONS; s++) {
    if (s <= 3)
      assert_int_equal(gk_report_set_section(rep, s, text, len), GK_OK);
    else
      set_section(rep, s, "无。");
    rep->section_line[s - 1] = s;
    if (sd->unnumbered & (1u << (s - 1)))
      rep->section_flags[s - 1] |= GK_SECTION_UNNUMBERED;
  }
  free(text);
  return rep;
}

static void test_seeds_give_the_required_findings(void **state) {
  (void)state;
  gk_report *rep;

  rep = seed_report(&seeds[0]); /* one error: apply-cell total.total */
  check(rep, GK_CHECK_ALL);
  assert_int_equal(gk_report_finding_count(rep), 1);
  assert_string_equal(gk_finding_rule(gk_report_finding(rep, 0)),
                      GK_RULE_APPLY_CELL);
  assert_loc(gk_report_finding(rep, 0), "apply", "total", "total");
  assert_values(gk_report_finding(rep, 0), 0, U(3));
  gk_report_free(rep);

  rep = seed_report(&seeds[1]); /* no date: one warning */
  check(rep, GK_CHECK_ALL);
  assert_int_equal(gk_report_count(rep, GK_SEV_ERROR), 0);
  assert_int_equal(gk_report_finding_count(rep), 1);
  assert_string_equal(gk_finding_rule(gk_report_finding(rep, 0)),
                      GK_RULE_MISSING_DATE);
  gk_report_free(rep);

  rep = seed_report(&seeds[2]); /* dated before its period ends */
  check(rep, GK_CHECK_ALL);
  assert_int_equal(gk_report_count(rep, GK_SEV_ERROR), 1);
  assert_non_null(find_rule(rep, GK_RULE_DATE_BEFORE_END));
  assert_non_null(find_rule(rep, GK_RULE_SECTION_HEADING));
  assert_int_equal(gk_report_finding_count(rep), 2);
  gk_report_free(rep);

  for (size_t i = 3; i < 5; i++) { /* clean */
    rep = seed_report(&seeds[i]);
    check(rep, GK_CHECK_ALL);
    if (gk_report_finding_count(rep))
      fail_msg("seed %s: %s", seeds[i].file,
               gk_finding_message(gk_report_finding(rep, 0), GK_LANG_EN));
    gk_report_free(rep);
  }
}

/* The real texts do contradict a changed table: the rule is not silent
 * merely because it never matches. */
static void test_seed_texts_fire_against_changed_tables(void **state) {
  (void)state;
  gk_report *rep = seed_report(&seeds[0]);
  set(rep, "apply", "total", "total", U(3));
  set(rep, "apply", "new", "natural", U(4));
  set(rep, "apply", "new", "total", U(4));
  check(rep, GK_CHECK_NARRATIVE);
  assert_int_equal(gk_report_finding_count(rep), 1);
  assert_values(gk_report_finding(rep, 0), U(3), U(4));
  gk_report_free(rep);

  rep = seed_report(&seeds[1]);
  set(rep, "apply", "new", "total", U(1));
  check(rep, GK_CHECK_NARRATIVE);
  assert_int_equal(gk_report_finding_count(rep), 1);
  assert_values(gk_report_finding(rep, 0), 0, U(1));
  gk_report_free(rep);

  rep = seed_report(&seeds[3]);
  set_section(rep, 1, "2020年主动公开政府信息14条。");
  check(rep, GK_CHECK_NARRATIVE);
  assert_int_equal(gk_report_finding_count(rep), 1);
  assert_values(gk_report_finding(rep, 0), U(14), U(15));
  gk_report_free(rep);
}

/* === Driver === */

static void test_check_run_rejects_bad_arguments(void **state) {
  (void)state;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_check_run(NULL, GK_CHECK_ALL, &err), GK_E_ARG);
  assert_int_equal(err.code, GK_E_ARG);
  gk_report *rep = clean_report(tpl19());
  assert_int_equal(gk_check_run(rep, 0x100u, NULL), GK_E_ARG);
  assert_int_equal(gk_check_run(rep, 0, NULL), GK_OK);
  assert_int_equal(gk_report_finding_count(rep), 0);
  gk_report_free(rep);
}

/* Each group adds one finding here; they come out values, arithmetic,
 * metadata, narrative whatever order the bits are given in. */
static void test_groups_run_in_fixed_order(void **state) {
  (void)state;
  gk_report *rep = clean_report(tpl19());
  set(rep, "disclose", "penalty", "prior", -U(1));
  set(rep, "review", "reconsideration", "upheld", U(1));
  gk_report_set_date(rep, 0);
  set_section(rep, 1, "收到政府信息公开申请5件。");
  check(rep,
        GK_CHECK_NARRATIVE | GK_CHECK_META | GK_CHECK_ARITH | GK_CHECK_VALUES);
  static const char *const order[] = {GK_RULE_NEGATIVE_COUNT,
                                      GK_RULE_REVIEW_ROW_SUM,
                                      GK_RULE_MISSING_DATE, GK_RULE_NARRATIVE};
  assert_int_equal(gk_report_finding_count(rep), 4);
  for (size_t i = 0; i < 4; i++)
    assert_string_equal(gk_finding_rule(gk_report_finding(rep, i)), order[i]);
  gk_report_free(rep);
}

/* An allocator that fails once its budget is spent. */
typedef struct budget {
  long left;
} budget;
static void *b_malloc(size_t n, void *ud) {
  budget *b = ud;
  if (b->left-- <= 0)
    return NULL;
  return malloc(n);
}
static void *b_realloc(void *p, size_t n, void *ud) {
  budget *b = ud;
  if (b->left-- <= 0)
    return NULL;
  return realloc(p, n);
}
static void b_free(void *p, void *ud) {
  (void)ud;
  free(p);
}

static void test_out_of_memory_is_reported_not_crashed(void **state) {
  (void)state;
  budget b = {1000000};
  gk_alloc a = {b_malloc, b_realloc, b_free, &b};
  for (long n = 0;; n++) {
    gk_report *rep = NULL;
    b.left = 1000000;
    assert_int_equal(gk_report_new(&rep, tpl19(), &a), GK_OK);
    assert_int_equal(
        gk_report_set_section(rep, 1, "收到申请9件。", strlen("收到申请9件。")),
        GK_OK);
    set(rep, "apply", "new", "natural", U(1));
    set(rep, "apply", "carried_out", "legal", -U(2));
    rep->table_found[GK_T_DISCLOSE] = false;
    b.left = n;
    gk_error err;
    gk_error_clear(&err);
    gk_status st = gk_check_run(rep, GK_CHECK_ALL, &err);
    size_t found = gk_report_finding_count(rep);
    gk_report_free(rep);
    if (st == GK_OK) {
      assert_true(found > 5);
      break;
    }
    assert_int_equal(st, GK_E_NOMEM);
    assert_int_equal(err.code, GK_E_NOMEM);
    assert_true(n < 1000);
  }
}

/* === Documentation === */

/* docs/rules.md has a "## <id>" heading for every rule of the table. */
static void test_every_rule_id_has_a_docs_heading(void **state) {
  (void)state;
  const char *dir = getenv("GK_SOURCE_DIR");
  assert_non_null(dir);
  char path[4096];
  snprintf(path, sizeof(path), "%s/docs/rules.md", dir);
  FILE *fp = fopen(path, "rb");
  if (!fp)
    fail_msg("cannot open %s", path);
  static char text[1 << 20];
  size_t len = fread(text, 1, sizeof(text) - 1, fp);
  fclose(fp);
  text[len] = '\0';
  assert_true(gk_rule_count() > 0);
  for (size_t i = 0; i < gk_rule_count(); i++) {
    const char *id = gk_rule_at(i)->id;
    char heading[128];
    snprintf(heading, sizeof(heading), "\n## %s\n", id);
    if (!strstr(text, heading))
      fail_msg("docs/rules.md lacks a heading '## %s'", id);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_balanced_apply_table_has_no_findings),
      cmocka_unit_test(test_every_single_wrong_apply_cell_is_localised),
      cmocka_unit_test(test_seed000_total_total_is_the_one_error),
      cmocka_unit_test(test_two_wrong_cells_fall_back_to_each_relation),
      cmocka_unit_test(test_outcome_without_totals_breaks_column_sums),
      cmocka_unit_test(test_ambiguous_cell_skips_table_arithmetic),
      cmocka_unit_test(test_missing_table_skips_its_arithmetic),
      cmocka_unit_test(test_review_row_sum_fires_and_stays_silent),
      cmocka_unit_test(test_blank_totals_are_fixed_once_without_cascade),
      cmocka_unit_test(test_blank_carried_rows_follow_from_the_balance),
      cmocka_unit_test(test_blanks_no_relation_fixes_stay_zero),
      cmocka_unit_test(test_blank_review_cells_follow_from_the_row_sum),
      cmocka_unit_test(test_seed004_blank_totals_read_and_fixed),
      cmocka_unit_test(test_negative_count_fires_but_not_on_signed_change),
      cmocka_unit_test(test_negative_amount_is_not_a_negative_count),
      cmocka_unit_test(test_fractional_count_fires_on_counts_and_signed),
      cmocka_unit_test(test_clean_reports_have_no_findings),
      cmocka_unit_test(test_old_format_for_2021_is_an_error),
      cmocka_unit_test(test_new_format_for_2020_is_a_warning),
      cmocka_unit_test(test_missing_year_warns),
      cmocka_unit_test(test_missing_table_is_an_error),
      cmocka_unit_test(test_missing_section_errs_and_unnumbered_heading_warns),
      cmocka_unit_test(test_missing_date_warns),
      cmocka_unit_test(test_date_before_period_end_is_an_error),
      cmocka_unit_test(test_date_late_depends_on_agency_kind),
      cmocka_unit_test(test_narrative_cases),
      cmocka_unit_test(test_narrative_mismatch_names_cell_and_values),
      cmocka_unit_test(test_proactive_count_against_local_total_line),
      cmocka_unit_test(test_narrative_is_linear_on_long_text),
      cmocka_unit_test(test_seeds_give_the_required_findings),
      cmocka_unit_test(test_seed_texts_fire_against_changed_tables),
      cmocka_unit_test(test_check_run_rejects_bad_arguments),
      cmocka_unit_test(test_groups_run_in_fixed_order),
      cmocka_unit_test(test_out_of_memory_is_reported_not_crashed),
      cmocka_unit_test(test_every_rule_id_has_a_docs_heading),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
