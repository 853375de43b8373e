/* findings.c: what every rule group (values.c, arith.c, meta.c,
 * narrative.c) shares to say what it found: the rule table's severity,
 * cell names in both languages, adding a finding, dropping the reader's
 * blank-cell finding. It sits below the groups and calls none of them, so
 * the driver (check.c) calls down into the groups and they call down
 * into this file: no file calls back up. */
#include "check.h"

#include <stdio.h>
#include <string.h>

gk_severity gk__check_sev(const char *id) {
  for (size_t i = 0; i < gk_rule_count(); i++)
    if (strcmp(gk_rule_at(i)->id, id) == 0)
      return gk_rule_at(i)->severity;
  return GK_SEV_ERROR;
}

/* Length of 'label' without its printed aside: the official row （二）
 * carries "（区分处理的，只计这一情形，不计其他情形）", too long for a message.
 * A leading "（n）" numbering is kept; the first "（" after it cuts. */
static size_t short_label_len(const char *label) {
  static const char open[] = "（", close[] = "）";
  size_t len = strlen(label), from = 0;
  if (strncmp(label, open, strlen(open)) == 0) {
    const char *end = strstr(label, close);
    if (end)
      from = (size_t)(end - label) + strlen(close);
  }
  const char *aside = strstr(label + from, open);
  return aside ? (size_t)(aside - label) : len;
}

void gk__check_cell_zh(char *out, size_t outsz, const gk_template *tpl,
                       size_t t, size_t r, int c) {
  static const char open[] = "（";
  const gk_row_def *row = gk__row(tpl, t, r);
  /* "1.属于国家秘密" needs its group "（三）不予公开" to be unique; a label
   * numbered "（一）…" is unique alone. */
  const char *group = row->group && strncmp(row->label, open, strlen(open)) != 0
                          ? row->group
                          : NULL;
  int n = (int)short_label_len(row->label);
  if (c < 0) {
    snprintf(out, outsz, "%s%s%.*s（%s.%s）", group ? group : "",
             group ? " " : "", n, row->label, tpl->tables[t].id, row->id);
    return;
  }
  snprintf(out, outsz, "%s%s%.*s·%s（%s.%s.%s）", group ? group : "",
           group ? " " : "", n, row->label, row->colset->cols[c].label,
           tpl->tables[t].id, row->id, row->colset->cols[c].id);
}

void gk__check_cell_en(char *out, size_t outsz, const gk_template *tpl,
                       size_t t, size_t r, int c) {
  const gk_row_def *row = gk__row(tpl, t, r);
  if (c < 0)
    snprintf(out, outsz, "%s.%s", tpl->tables[t].id, row->id);
  else
    snprintf(out, outsz, "%s.%s.%s", tpl->tables[t].id, row->id,
             row->colset->cols[c].id);
}

gk_status gk__check_add(gk_report *rep, const char *rule, gk_severity sev,
                        size_t t, int r, int c, const int64_t *reported,
                        const int64_t *expected, int64_t line, const char *zh,
                        const char *en) {
  size_t before = rep->nfindings;
  /* gk__finding_addf formats both messages from one argument list: the
   * Chinese format prints the first string, the English one skips it. */
  gk_status st =
      gk__finding_addf(rep, rule, sev, t, r, r >= 0 ? c : -1, reported,
                       expected, line, "%s%.0s", "%.0s%s", zh, en);
  if (st)
    return st;
  /* A whole column: every row of apply and review shares one column set,
   * so row 0's column ids are the table's. Dropped findings (beyond
   * max_findings) leave nfindings unchanged and need nothing. */
  if (t < GK_TABLES && r < 0 && c >= 0 && rep->nfindings > before)
    rep->findings[rep->nfindings - 1].col =
        gk__row(rep->tpl, t, 0)->colset->cols[c].id;
  return GK_OK;
}

void gk__check_drop_blank(gk_report *rep, size_t t, size_t r, size_t c) {
  const gk_row_def *row = gk__row(rep->tpl, t, r);
  const char *tid = rep->tpl->tables[t].id, *cid = row->colset->cols[c].id;
  for (size_t i = 0; i < rep->nfindings; i++) {
    gk_finding *f = &rep->findings[i];
    /* ids are the template's own strings: pointers compare */
    if (f->table != tid || f->row != row->id || f->col != cid ||
        strcmp(f->rule, GK_RULE_BLANK_CELL) != 0)
      continue;
    if (f->sev == GK_SEV_ERROR || f->sev == GK_SEV_WARNING)
      rep->count_by_sev[f->sev]--;
    memmove(f, f + 1, (rep->nfindings - i - 1) * sizeof(*f));
    rep->nfindings--;
    return;
  }
}
