/* values.c: the kind of every number. Counts of documents, decisions,
 * applications and cases are whole and not negative; 本年增/减 (disclose
 * `change`, format 2019) is whole and signed; amounts in 万元 may have
 * decimals (spec/report-fields.md; column kinds in template.c). */
#include "check.h"

#include <stdio.h>

/* one cell of kind count: value >= 0 (a number of documents, decisions,
 * applications or cases, 国办公开办函〔2019〕60号 / 〔2021〕30号) */
static gk_status check_negative(gk_report *rep, size_t t, size_t r, size_t c) {
  const gk_cell *cell = gk__ccell(rep, t, r, c);
  if (cell->value >= 0 ||
      gk_template_col_kind(rep->tpl, t, r, c) != GK_COL_COUNT)
    return GK_OK;
  char name_zh[256], name_en[128], v[32], zh[512], en[512];
  gk__check_cell_zh(name_zh, sizeof(name_zh), rep->tpl, t, r, (int)c);
  gk__check_cell_en(name_en, sizeof(name_en), rep->tpl, t, r, (int)c);
  gk__format_scaled(v, sizeof(v), cell->value);
  snprintf(zh, sizeof(zh), "%s 填报 %s：件数不能为负数", name_zh, v);
  snprintf(en, sizeof(en), "%s is %s: a count cannot be negative", name_en, v);
  return gk__check_add(rep, GK_RULE_NEGATIVE_COUNT,
                       gk__check_sev(GK_RULE_NEGATIVE_COUNT), t, (int)r, (int)c,
                       &cell->value, NULL, cell->line, zh, en);
}

/* one cell of kind count or signed: value is a multiple of GK_SCALE
 * (whole documents, applications and cases) */
static gk_status check_fraction(gk_report *rep, size_t t, size_t r, size_t c) {
  const gk_cell *cell = gk__ccell(rep, t, r, c);
  if (cell->value % GK_SCALE == 0 ||
      gk_template_col_kind(rep->tpl, t, r, c) == GK_COL_AMOUNT)
    return GK_OK;
  char name_zh[256], name_en[128], v[32], zh[512], en[512];
  gk__check_cell_zh(name_zh, sizeof(name_zh), rep->tpl, t, r, (int)c);
  gk__check_cell_en(name_en, sizeof(name_en), rep->tpl, t, r, (int)c);
  gk__format_scaled(v, sizeof(v), cell->value);
  snprintf(zh, sizeof(zh), "%s 填报 %s：件数应为整数", name_zh, v);
  snprintf(en, sizeof(en), "%s is %s: a count is a whole number", name_en, v);
  return gk__check_add(rep, GK_RULE_FRACTIONAL_COUNT,
                       gk__check_sev(GK_RULE_FRACTIONAL_COUNT), t, (int)r,
                       (int)c, &cell->value, NULL, cell->line, zh, en);
}

gk_status gk__check_values(gk_report *rep) {
  for (size_t t = 0; t < GK_TABLES; t++) {
    for (size_t r = 0; r < rep->tpl->tables[t].nrows; r++) {
      for (size_t c = 0; c < gk__ncols(rep->tpl, t, r); c++) {
        gk_status st = check_negative(rep, t, r, c);
        if (!st)
          st = check_fraction(rep, t, r, c);
        if (st)
          return st;
      }
    }
  }
  return GK_OK;
}
