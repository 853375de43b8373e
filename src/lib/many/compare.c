/* compare.c: one agency's reports of consecutive years against each other
 * (spec/report-fields.md, "Relations", across years):
 *   apply.carried_in (N) = apply.carried_out (N-1), every column;
 *   format 2021: disclose.X.in_force (N) = in_force (N-1) + issued (N)
 *                - repealed (N), every row X that has those columns.
 * Rows are found by their role in the template (carried in/out) and
 * columns by id, so a 2020 report (format 2019) and a 2021 one (format
 * 2021) still compare their apply tables. Findings go to the newer report:
 * reported is its value, expected what the older one implies. */
#include "many.h"

#include "../check/check.h"

#include <stdio.h>
#include <string.h>

#define SCALED_MAX 32 /* gk__format_scaled's longest text, with NUL */

/* The stock relation of table disclose, as column ids: every row whose
 * column set has all three (rows regulation and normative of format 2021)
 * carries its stock from one year to the next. */
static const struct {
  const char *stock, *plus, *minus;
} stock_cols = {"in_force", "issued", "repealed"};

static int find_role(const gk_template *tpl, size_t t, gk_row_role role) {
  for (size_t r = 0; r < tpl->tables[t].nrows; r++)
    if (gk__row(tpl, t, r)->role == role)
      return (int)r;
  return -1;
}

static int find_col(const gk_template *tpl, size_t t, size_t r,
                    const char *id) {
  const gk_colset *cs = gk__row(tpl, t, r)->colset;
  for (size_t c = 0; c < cs->ncols; c++)
    if (strcmp(cs->cols[c].id, id) == 0)
      return (int)c;
  return -1;
}

static const char *file_of(const gk_report *rep) {
  return rep->source_name ? rep->source_name : "-";
}

/* apply.carried_in (N) = apply.carried_out (N-1), per column */
static gk_status carried_over(const gk_report *old, gk_report *rep) {
  int rin = find_role(rep->tpl, GK_T_APPLY, GK_ROLE_CARRIED_IN);
  int rout = find_role(old->tpl, GK_T_APPLY, GK_ROLE_CARRIED_OUT);
  if (rin < 0 || rout < 0)
    return GK_OK;
  size_t nc = gk__ncols(rep->tpl, GK_T_APPLY, (size_t)rin);
  for (size_t c = 0; c < nc; c++) {
    const char *id = gk__row(rep->tpl, GK_T_APPLY, rin)->colset->cols[c].id;
    int oc = find_col(old->tpl, GK_T_APPLY, (size_t)rout, id);
    if (oc < 0)
      continue;
    const gk_cell *now = gk__ccell(rep, GK_T_APPLY, (size_t)rin, c);
    int64_t was = gk__ccell(old, GK_T_APPLY, (size_t)rout, (size_t)oc)->value;
    if (now->value == was)
      continue;
    char cz[256], ce[128], oz[256], v1[SCALED_MAX], v2[SCALED_MAX];
    gk__check_cell_zh(cz, sizeof(cz), rep->tpl, GK_T_APPLY, (size_t)rin,
                      (int)c);
    gk__check_cell_en(ce, sizeof(ce), rep->tpl, GK_T_APPLY, (size_t)rin,
                      (int)c);
    gk__check_cell_zh(oz, sizeof(oz), old->tpl, GK_T_APPLY, (size_t)rout, oc);
    gk__format_scaled(v1, sizeof(v1), now->value);
    gk__format_scaled(v2, sizeof(v2), was);
    char zh[1024], en[1024];
    snprintf(zh, sizeof(zh),
             "%s 填报 %s，上一年度报告（%s，%d年）%s 为 %s，两者应相等", cz, v1,
             file_of(old), old->year, oz, v2);
    snprintf(en, sizeof(en),
             "%s is %s; the previous year's report (%s, %d) carried out %s", ce,
             v1, file_of(old), old->year, v2);
    gk_status st = gk__check_add(
        rep, GK_RULE_CARRIED_OVER, gk__check_sev(GK_RULE_CARRIED_OVER),
        GK_T_APPLY, rin, (int)c, &now->value, &was, now->line, zh, en);
    if (st)
      return st;
  }
  return GK_OK;
}

/* in_force (N) = in_force (N-1) + issued (N) - repealed (N), format 2021
 * in both years */
static gk_status in_force(const gk_report *old, gk_report *rep) {
  if (old->tpl != rep->tpl)
    return GK_OK;
  const gk_template *tpl = rep->tpl;
  for (size_t r = 0; r < tpl->tables[GK_T_DISCLOSE].nrows; r++) {
    int cs = find_col(tpl, GK_T_DISCLOSE, r, stock_cols.stock);
    int cp = find_col(tpl, GK_T_DISCLOSE, r, stock_cols.plus);
    int cm = find_col(tpl, GK_T_DISCLOSE, r, stock_cols.minus);
    if (cs < 0 || cp < 0 || cm < 0)
      continue;
    const gk_cell *now = gk__ccell(rep, GK_T_DISCLOSE, r, (size_t)cs);
    int64_t was = gk__ccell(old, GK_T_DISCLOSE, r, (size_t)cs)->value;
    int64_t plus = gk__ccell(rep, GK_T_DISCLOSE, r, (size_t)cp)->value;
    int64_t minus = gk__ccell(rep, GK_T_DISCLOSE, r, (size_t)cm)->value;
    /* values come from reports of at most 64 MiB: far from overflow, but
     * a setter may store anything */
    if ((plus > 0 && was > INT64_MAX - plus) ||
        (plus < 0 && was < INT64_MIN - plus))
      continue;
    int64_t sum = was + plus;
    if ((minus < 0 && sum > INT64_MAX + minus) ||
        (minus > 0 && sum < INT64_MIN + minus))
      continue;
    int64_t expected = sum - minus;
    if (now->value == expected)
      continue;
    char cz[256], ce[128], v[4][SCALED_MAX];
    gk__check_cell_zh(cz, sizeof(cz), tpl, GK_T_DISCLOSE, r, cs);
    gk__check_cell_en(ce, sizeof(ce), tpl, GK_T_DISCLOSE, r, cs);
    gk__format_scaled(v[0], sizeof(v[0]), now->value);
    gk__format_scaled(v[1], sizeof(v[1]), was);
    gk__format_scaled(v[2], sizeof(v[2]), plus);
    gk__format_scaled(v[3], sizeof(v[3]), minus);
    char ex[SCALED_MAX];
    gk__format_scaled(ex, sizeof(ex), expected);
    char zh[1024], en[1024];
    snprintf(zh, sizeof(zh),
             "%s 填报 %s，按上一年度报告（%s，%d年）的 %s 加本年制发 %s、"
             "减本年废止 %s 应为 %s",
             cz, v[0], file_of(old), old->year, v[1], v[2], v[3], ex);
    snprintf(en, sizeof(en),
             "%s is %s; the previous year's report (%s, %d) had %s, plus %s "
             "issued, less %s repealed, gives %s",
             ce, v[0], file_of(old), old->year, v[1], v[2], v[3], ex);
    gk_status st = gk__check_add(
        rep, GK_RULE_IN_FORCE, gk__check_sev(GK_RULE_IN_FORCE), GK_T_DISCLOSE,
        (int)r, cs, &now->value, &expected, now->line, zh, en);
    if (st)
      return st;
  }
  return GK_OK;
}

static gk_status year_gap(const gk_report *old, gk_report *rep) {
  int missing = rep->year - old->year - 1;
  char zh[768], en[768];
  if (missing == 1) {
    snprintf(zh, sizeof(zh), "缺少 %d 年度的报告（上一份为 %s，%d年）",
             old->year + 1, file_of(old), old->year);
    snprintf(en, sizeof(en),
             "the report of %d is missing (the one before is %s, %d)",
             old->year + 1, file_of(old), old->year);
  } else {
    snprintf(zh, sizeof(zh), "缺少 %d 至 %d 年度的报告（上一份为 %s，%d年）",
             old->year + 1, rep->year - 1, file_of(old), old->year);
    snprintf(en, sizeof(en),
             "the reports of %d to %d are missing (the one before is %s, %d)",
             old->year + 1, rep->year - 1, file_of(old), old->year);
  }
  return gk__check_add(rep, GK_RULE_YEAR_GAP, gk__check_sev(GK_RULE_YEAR_GAP),
                       GK_TABLES, -1, -1, NULL, NULL, 0, zh, en);
}

gk_status gk_compare_years(const gk_report *older, gk_report *newer,
                           gk_error *err) {
  if (!older || !newer)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "比较：缺少报告",
                    "compare: a report is missing");
  if (!older->year || !newer->year || older->year >= newer->year)
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "比较：%s（%d年）应早于 %s（%d年）",
                    "compare: %s (%d) must be of an earlier year than %s (%d)",
                    file_of(older), older->year, file_of(newer), newer->year);
  gk_status st = newer->year - older->year > 1 ? year_gap(older, newer)
                                               : carried_over(older, newer);
  if (!st && newer->year - older->year == 1)
    st = in_force(older, newer);
  if (st)
    return gk__fail(err, st, 0, 0, -1, "比较时内存不足",
                    "out of memory while comparing");
  return GK_OK;
}

static json_t *side(const gk_report *rep) {
  json_t *o = json_object();
  bool ok =
      o &&
      gk__many_json_set(o, "file", gk__many_json_string(rep->source_name)) &&
      gk__many_json_set(o, "agency", gk__many_json_string(rep->agency)) &&
      gk__many_json_set(o, "year",
                        rep->year ? json_integer(rep->year) : json_null()) &&
      gk__many_json_set(o, "template", json_string(rep->tpl->name));
  if (!ok) {
    json_decref(o);
    return NULL;
  }
  return o;
}

gk_status gk_write_compare_json(const gk_report *older, const gk_report *newer,
                                size_t from, gk_lang lang, gk_write_fn fn,
                                void *ud, gk_error *err) {
  if (!older || !newer || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "比较：参数无效",
                    "compare: invalid argument");
  json_t *o = json_object();
  json_t *a = json_array();
  bool ok = o && gk__many_json_set(o, "old", side(older)) &&
            gk__many_json_set(o, "new", side(newer)) &&
            gk__many_json_set(o, "findings", json_incref(a));
  for (size_t i = from; ok && i < gk_report_finding_count(newer); i++)
    ok = json_array_append_new(
             a, gk__many_json_finding(gk_report_finding(newer, i), lang)) == 0;
  json_decref(a);
  if (!ok) {
    json_decref(o);
    o = NULL;
  }
  return gk__many_json_dump(o, fn, ud, err);
}

/* Full-width forms U+FF01..U+FF5E are ASCII shifted by 0xFEE0. */
size_t gk_agency_key(const char *agency, char *out, size_t outsz) {
  size_t o = 0, i = 0, len = agency ? strlen(agency) : 0;
  while (i < len) {
    size_t n;
    uint32_t cp = gk__utf8_decode(agency + i, len - i, &n);
    i += n;
    if (cp >= 0xFF01 && cp <= 0xFF5E)
      cp -= 0xFEE0;
    if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 ||
        cp == 0xA0)
      continue;
    char enc[4];
    size_t m = gk__utf8_encode(cp, enc);
    if (outsz && o + m < outsz)
      memcpy(out + o, enc, m);
    else if (outsz && o < outsz)
      outsz = o + 1; /* stop writing: never cut a character in two */
    o += m;
  }
  if (outsz)
    out[o < outsz ? o : outsz - 1] = '\0';
  return o;
}
