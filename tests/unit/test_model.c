/* test_model.c: the template tables and the report model (creation,
 * accessors, setters, findings, ownership, allocation failure). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gongkai.h"
#include "model/report.h"
#include "model/rules.h"
#include "model/template.h"

/* Every table's offsets must follow from its rows' column counts: the
 * offsets are written out in template.c, so check them here. */
static void test_template_offsets_follow_column_counts(void **state) {
  (void)state;
  for (size_t i = 0; gk__templates[i]; i++) {
    const gk_template *tpl = gk__templates[i];
    for (size_t t = 0; t < GK_TABLES; t++) {
      const gk_table_def *td = &tpl->tables[t];
      size_t off = 0;
      for (size_t r = 0; r < td->nrows; r++) {
        assert_int_equal(td->offset[r], off);
        assert_true(td->rows[r].colset->ncols <= GK_MAX_COLS);
        off += td->rows[r].colset->ncols;
      }
      assert_int_equal(td->ncells, off);
    }
  }
}

/* The ids of spec/report-fields.md, spot-checked in both formats. */
static void test_template_ids_match_spec(void **state) {
  (void)state;
  const gk_template *t19 = gk_template_by_name("2019");
  const gk_template *t21 = gk_template_by_name("2021");
  assert_non_null(t19);
  assert_non_null(t21);
  assert_null(gk_template_by_name("2020"));
  assert_ptr_equal(gk_template_for_year(2020), t19);
  assert_ptr_equal(gk_template_for_year(2021), t21);
  assert_ptr_equal(gk_template_for_year(2030), t21);
  assert_int_equal(gk_template_row_count(t19, GK_T_APPLY), 23);
  assert_int_equal(gk_template_row_count(t21, GK_T_APPLY), 25);
  assert_int_equal(gk_template_row_count(t19, GK_T_DISCLOSE), 8);
  assert_int_equal(gk_template_row_count(t21, GK_T_DISCLOSE), 6);
  assert_int_equal(gk_template_row_count(t21, GK_T_REVIEW), 3);
  assert_string_equal(gk_template_row_id(t19, GK_T_APPLY, 20), "other");
  assert_string_equal(gk_template_row_id(t21, GK_T_APPLY, 20),
                      "other.no_correction");
  assert_string_equal(gk_template_row_id(t21, GK_T_APPLY, 24), "carried_out");
  assert_string_equal(gk_template_col_id(t21, GK_T_APPLY, 0, 6), "total");
  assert_string_equal(gk_template_col_id(t19, GK_T_DISCLOSE, 7, 1), "amount");
  assert_int_equal(gk_template_col_kind(t19, GK_T_DISCLOSE, 2, 1),
                   GK_COL_SIGNED);
  assert_int_equal(gk_template_col_kind(t21, GK_T_DISCLOSE, 5, 0),
                   GK_COL_AMOUNT);
  assert_string_equal(gk_template_row_group(t21, GK_T_APPLY, 4),
                      "（三）不予公开");
  size_t t, r, c;
  assert_int_equal(gk_template_find(t21, "apply", "denied.inquiry", "legal",
                                    &t, &r, &c),
                   GK_OK);
  assert_int_equal(t, GK_T_APPLY);
  assert_int_equal(r, 11);
  assert_int_equal(c, 4);
  assert_int_equal(
      gk_template_find(t21, "apply", "other", "total", &t, &r, &c), GK_E_ARG);
  assert_int_equal(
      gk_template_find(t19, "disclose", "license", "in_force", &t, &r, &c),
      GK_E_ARG);
  assert_null(gk_template_row_id(t21, GK_T_APPLY, 25));
  assert_null(gk_template_col_id(t21, GK_T_APPLY, 0, 7));
}

/* Row roles drive the arithmetic: exactly one new, carried_in, total and
 * carried_out, and every row between them an outcome. */
static void test_template_apply_roles_are_complete(void **state) {
  (void)state;
  for (size_t i = 0; gk__templates[i]; i++) {
    const gk_table_def *td = &gk__templates[i]->tables[GK_T_APPLY];
    size_t roles[6] = {0};
    for (size_t r = 0; r < td->nrows; r++)
      roles[td->rows[r].role]++;
    assert_int_equal(roles[GK_ROLE_NONE], 0);
    assert_int_equal(roles[GK_ROLE_NEW], 1);
    assert_int_equal(roles[GK_ROLE_CARRIED_IN], 1);
    assert_int_equal(roles[GK_ROLE_TOTAL], 1);
    assert_int_equal(roles[GK_ROLE_CARRIED_OUT], 1);
    assert_int_equal(roles[GK_ROLE_OUTCOME], td->nrows - 4);
    assert_int_equal(td->rows[0].colset->sum_col, 6);
  }
}

static void test_report_set_get_roundtrip_and_flags(void **state) {
  (void)state;
  gk_report *rep = NULL;
  assert_int_equal(gk_report_new(&rep, gk_template_by_name("2021"), NULL),
                   GK_OK);
  int64_t v = -1;
  assert_int_equal(gk_report_get(rep, "apply", "new", "natural", &v), GK_OK);
  assert_int_equal(v, 0);
  assert_int_equal(gk_report_cell_flags(rep, GK_T_APPLY, 0, 0), 0);
  assert_int_equal(
      gk_report_set(rep, "apply", "new", "natural", GK__UNITS(640)), GK_OK);
  assert_int_equal(gk_report_get(rep, "apply", "new", "natural", &v), GK_OK);
  assert_int_equal(v, GK__UNITS(640));
  assert_int_equal(gk_report_cell(rep, GK_T_APPLY, 0, 0), GK__UNITS(640));
  assert_int_equal(gk_report_cell_flags(rep, GK_T_APPLY, 0, 0),
                   GK_CELL_PRESENT);
  assert_int_equal(gk_report_set(rep, "apply", "nope", "natural", 1),
                   GK_E_ARG);
  assert_int_equal(gk_report_get(rep, "review", "reconsideration", "made", &v),
                   GK_E_ARG);
  /* out of range index access is harmless */
  assert_int_equal(gk_report_cell(rep, GK_T_APPLY, 99, 0), 0);
  assert_int_equal(gk_report_set_agency(rep, "抚远市人民政府"), GK_OK);
  assert_string_equal(gk_report_agency(rep), "抚远市人民政府");
  gk_report_set_year(rep, 2021);
  gk_report_set_date(rep, 20220114);
  gk_report_set_period(rep, 20210101, 20211231);
  assert_int_equal(gk_report_year(rep), 2021);
  assert_int_equal(gk_report_date(rep), 20220114);
  assert_int_equal(gk_report_period_to(rep), 20211231);
  assert_int_equal(gk_report_set_section(rep, 6, "无。", strlen("无。")),
                   GK_OK);
  size_t len = 0;
  assert_string_equal(gk_report_section(rep, 6, &len), "无。");
  assert_int_equal(len, strlen("无。"));
  assert_null(gk_report_section(rep, 5, &len));
  assert_int_equal(gk_report_set_section(rep, 7, "x", 1), GK_E_ARG);
  gk_report_free(rep);
  gk_report_free(NULL);
}

static void test_findings_are_counted_interned_and_capped(void **state) {
  (void)state;
  gk_report *rep = NULL;
  assert_int_equal(
      gk__report_new(&rep, gk_template_by_name("2019"), NULL,
                     &(gk_limits){.max_findings = 2}),
      GK_OK);
  int64_t rep0 = 0, exp3 = GK__UNITS(3);
  assert_int_equal(gk_report_add_finding(rep, GK_RULE_APPLY_CELL,
                                         GK_SEV_ERROR, "apply", "total",
                                         "total", &rep0, &exp3, 42,
                                         "错", "wrong"),
                   GK_OK);
  assert_int_equal(gk_report_add_finding(rep, "no-such-rule", GK_SEV_ERROR,
                                         NULL, NULL, NULL, NULL, NULL, 0, "x",
                                         "x"),
                   GK_E_ARG);
  assert_int_equal(gk_report_add_finding(rep, GK_RULE_BLANK_CELL,
                                         GK_SEV_WARNING, "apply", "other",
                                         "natural", NULL, NULL, 0, "x", NULL),
                   GK_OK);
  assert_int_equal(gk_report_add_finding(rep, GK_RULE_BLANK_CELL,
                                         GK_SEV_WARNING, NULL, NULL, NULL,
                                         NULL, NULL, 0, "dropped", NULL),
                   GK_OK);
  assert_int_equal(gk_report_finding_count(rep), 2);
  assert_int_equal(gk_report_count(rep, GK_SEV_ERROR), 1);
  assert_int_equal(gk_report_count(rep, GK_SEV_WARNING), 2);
  const gk_finding *f = gk_report_finding(rep, 0);
  assert_string_equal(gk_finding_rule(f), "apply-cell");
  assert_string_equal(gk_finding_table(f), "apply");
  assert_string_equal(gk_finding_row(f), "total");
  assert_string_equal(gk_finding_col(f), "total");
  int64_t v = -1;
  assert_int_equal(gk_finding_reported(f, &v), 1);
  assert_int_equal(v, 0);
  assert_int_equal(gk_finding_expected(f, &v), 1);
  assert_int_equal(v, GK__UNITS(3));
  assert_int_equal(gk_finding_line(f), 42);
  assert_string_equal(gk_finding_message(f, GK_LANG_EN), "wrong");
  f = gk_report_finding(rep, 1);
  assert_int_equal(gk_finding_reported(f, &v), 0);
  assert_string_equal(gk_finding_message(f, GK_LANG_EN), "x");
  assert_null(gk_report_finding(rep, 2));
  gk_report_free(rep);
}

static void test_format_scaled_is_exact(void **state) {
  (void)state;
  char b[32];
  gk__format_scaled(b, sizeof(b), GK__UNITS(3));
  assert_string_equal(b, "3");
  gk__format_scaled(b, sizeof(b), -GK__UNITS(233));
  assert_string_equal(b, "-233");
  gk__format_scaled(b, sizeof(b), 838200);
  assert_string_equal(b, "83.82");
  gk__format_scaled(b, sizeof(b), 5);
  assert_string_equal(b, "0.0005");
  gk__format_scaled(b, sizeof(b), -5000);
  assert_string_equal(b, "-0.5");
  gk__format_scaled(b, sizeof(b), INT64_MIN);
  assert_string_equal(b, "-922337203685477.5808");
}

static void test_strerror_covers_every_status(void **state) {
  (void)state;
  for (int st = 0; st < GK_STATUS_LAST; st++) {
    assert_string_not_equal(gk_strerror((gk_status)st, GK_LANG_ZH), "未知错误");
    assert_string_not_equal(gk_strerror((gk_status)st, GK_LANG_EN),
                            "unknown error");
  }
  assert_string_equal(gk_strerror(GK_STATUS_LAST, GK_LANG_EN), "unknown error");
}

static void test_rule_table_ids_unique_and_complete(void **state) {
  (void)state;
  assert_true(gk_rule_count() > 10);
  for (size_t i = 0; i < gk_rule_count(); i++) {
    const gk_rule_info *ri = gk_rule_at(i);
    assert_non_null(ri->id);
    assert_true(strlen(ri->title_zh) > 0 && strlen(ri->title_en) > 0);
    assert_true(strlen(ri->basis) > 0);
    for (size_t j = i + 1; j < gk_rule_count(); j++)
      assert_string_not_equal(ri->id, gk_rule_at(j)->id);
  }
  assert_null(gk_rule_at(gk_rule_count()));
}

/* === Allocation failure: fail the Nth allocation for every N === */

typedef struct failing {
  int64_t countdown; /* allocations left before failing; <0: never fail */
  int64_t live;      /* allocations not yet freed */
} failing;

static void *f_malloc(size_t n, void *ud) {
  failing *f = ud;
  if (f->countdown == 0)
    return NULL;
  if (f->countdown > 0)
    f->countdown--;
  void *p = malloc(n);
  if (p)
    f->live++;
  return p;
}
static void *f_realloc(void *p, size_t n, void *ud) {
  failing *f = ud;
  if (f->countdown == 0)
    return NULL;
  if (f->countdown > 0)
    f->countdown--;
  void *q = realloc(p, n);
  if (q && !p)
    f->live++;
  return q;
}
static void f_free(void *p, void *ud) {
  failing *f = ud;
  if (p)
    f->live--;
  free(p);
}

static gk_status build_report_with_findings(const gk_alloc *a) {
  gk_report *rep = NULL;
  gk_status st = gk_report_new(&rep, gk_template_by_name("2021"), a);
  if (st)
    return st;
  st = gk_report_set_agency(rep, "南区街道办事处");
  for (int i = 0; !st && i < 40; i++)
    st = gk_report_add_finding(rep, GK_RULE_BLANK_CELL, GK_SEV_WARNING,
                               "apply", "new", "natural", NULL, NULL, i,
                               "空", "blank");
  if (!st)
    st = gk_report_set_section(rep, 1, "总体情况", strlen("总体情况"));
  if (!st)
    st = gk__report_set_template(rep, gk_template_by_name("2019"));
  gk_report_free(rep);
  return st;
}

static void test_every_allocation_failure_is_nomem_without_leak(void **st) {
  (void)st;
  failing f = {-1, 0};
  gk_alloc a = {f_malloc, f_realloc, f_free, &f};
  assert_int_equal(build_report_with_findings(&a), GK_OK);
  assert_int_equal(f.live, 0);
  for (int64_t n = 0;; n++) {
    f.countdown = n;
    f.live = 0;
    gk_status s = build_report_with_findings(&a);
    assert_int_equal(f.live, 0);
    if (s == GK_OK)
      break;
    assert_int_equal(s, GK_E_NOMEM);
    assert_true(n < 10000);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_template_offsets_follow_column_counts),
      cmocka_unit_test(test_template_ids_match_spec),
      cmocka_unit_test(test_template_apply_roles_are_complete),
      cmocka_unit_test(test_report_set_get_roundtrip_and_flags),
      cmocka_unit_test(test_findings_are_counted_interned_and_capped),
      cmocka_unit_test(test_format_scaled_is_exact),
      cmocka_unit_test(test_strerror_covers_every_status),
      cmocka_unit_test(test_rule_table_ids_unique_and_complete),
      cmocka_unit_test(test_every_allocation_failure_is_nomem_without_leak),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
