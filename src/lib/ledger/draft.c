/* draft.c: draft texts of sections 一 to 六 for a report made from the
 * ledger, with the tables' numbers filled in and marked as a draft for
 * staff to edit (条例 第五十条: the report's content). The sentences are
 * shaped so that the checker's narrative rule (check/narrative.c) reads
 * each stated number as the table's: applications received = apply
 * new.total, 行政复议 / 行政诉讼 = the review rows' totals. Labels come from
 * the template, never written here. */
#include "ledger_report.h"

#include <string.h>

#define DRAFT_MARK "【草稿：由台账生成，请工作人员核实修改】"

static const char open_paren[] = "（";
static const char close_paren[] = "）";

/* A label without its leading numbering "（三）" and its aside "（区分…）". */
static void short_label(const char *label, const char **p, int *n) {
  const char *s = label;
  if (strncmp(s, open_paren, strlen(open_paren)) == 0) {
    const char *e = strstr(s, close_paren);
    if (e)
      s = e + strlen(close_paren);
  }
  const char *aside = strstr(s, open_paren);
  *p = s;
  *n = (int)(aside ? (size_t)(aside - s) : strlen(s));
}

static int64_t cell(const gk_report *rep, size_t t, size_t r, size_t c) {
  return gk__ccell(rep, t, r, c)->value / GK_SCALE;
}

static int apply_row(const gk_template *tpl, gk_row_role role) {
  const gk_table_def *td = &tpl->tables[GK_T_APPLY];
  for (size_t r = 0; r < td->nrows; r++)
    if (td->rows[r].role == role)
      return (int)r;
  return 0;
}

/* "收到政府信息公开申请X件，其中自然人申请Y件、…" */
static gk_status received(gk__buf *b, const gk_report *rep) {
  const gk_template *tpl = rep->tpl;
  size_t rn = (size_t)apply_row(tpl, GK_ROLE_NEW);
  const gk_colset *cs = gk__row(tpl, GK_T_APPLY, rn)->colset;
  int64_t total = cell(rep, GK_T_APPLY, rn, (size_t)cs->sum_col);
  gk_status s =
      gk__buf_printf(b, "本年共收到政府信息公开申请%lld件", (long long)total);
  const char *sep = "，其中";
  for (size_t c = 0; !s && c < cs->ncols; c++) {
    int64_t v = cell(rep, GK_T_APPLY, rn, c);
    if ((int)c == cs->sum_col || !v)
      continue;
    s = gk__buf_printf(b, "%s%s申请%lld件", sep, cs->cols[c].label,
                       (long long)v);
    sep = "、";
  }
  return s;
}

/* "行政复议R件，行政诉讼L件": review rows by group (or label). */
static gk_status reviews(gk__buf *b, const gk_report *rep) {
  const gk_table_def *td = &rep->tpl->tables[GK_T_REVIEW];
  gk_status s = GK_OK;
  for (size_t r = 0; !s && r < td->nrows;) {
    const char *name =
        td->rows[r].group ? td->rows[r].group : td->rows[r].label;
    int64_t sum = 0;
    size_t k = r;
    for (; k < td->nrows; k++) {
      const char *nk =
          td->rows[k].group ? td->rows[k].group : td->rows[k].label;
      if (strcmp(nk, name) != 0)
        break;
      sum += cell(rep, GK_T_REVIEW, k, (size_t)td->rows[k].colset->sum_col);
    }
    s = gk__buf_printf(b, "%s%s%lld件", r ? "，" : "", name, (long long)sum);
    r = k;
  }
  return s;
}

static gk_status section1(gk__buf *b, const gk_report *rep) {
  const gk_template *tpl = rep->tpl;
  size_t ri = (size_t)apply_row(tpl, GK_ROLE_CARRIED_IN);
  size_t rt = (size_t)apply_row(tpl, GK_ROLE_TOTAL);
  size_t ro = (size_t)apply_row(tpl, GK_ROLE_CARRIED_OUT);
  size_t sc = (size_t)gk__row(tpl, GK_T_APPLY, ri)->colset->sum_col;
  gk_status s = gk__buf_printf(
      b,
      DRAFT_MARK
      "\n%d年，%s依照《中华人民共和国政府信息公开条例》开展政府信息公开工作。",
      rep->year, rep->agency ? rep->agency : "本机关");
  if (!s)
    s = received(b, rep);
  if (!s)
    s = gk__buf_printf(b,
                       "；上年结转政府信息公开申请%lld件；本年办结%lld件，"
                       "结转下年度继续办理%lld件。本年涉及政府信息公开的",
                       (long long)cell(rep, GK_T_APPLY, ri, sc),
                       (long long)cell(rep, GK_T_APPLY, rt, sc),
                       (long long)cell(rep, GK_T_APPLY, ro, sc));
  if (!s)
    s = reviews(b, rep);
  return s ? s : gk__buf_adds(b, "。");
}

/* Table disclose, row by row: "规章：本年制发件数 2，…；". */
static gk_status section2(gk__buf *b, const gk_report *rep) {
  const gk_table_def *td = &rep->tpl->tables[GK_T_DISCLOSE];
  gk_status s = gk__buf_adds(
      b, DRAFT_MARK
      "\n本年主动公开政府信息的情况（数据来自台账中经审核的记录）如下。\n");
  for (size_t r = 0; !s && r < td->nrows; r++) {
    const gk_colset *cs = td->rows[r].colset;
    s = gk__buf_printf(b, "%s：", td->rows[r].label);
    for (size_t c = 0; !s && c < cs->ncols; c++) {
      char v[32];
      gk__format_scaled(v, sizeof(v),
                        gk__ccell(rep, GK_T_DISCLOSE, r, c)->value);
      s = gk__buf_printf(b, "%s%s %s", c ? "，" : "", cs->cols[c].label, v);
    }
    if (!s)
      s = gk__buf_adds(b, r + 1 < td->nrows ? "；\n" : "。");
  }
  return s;
}

/* Applications: received, carried in, outcomes by group, carried out. */
static gk_status section3(gk__buf *b, const gk_report *rep) {
  const gk_template *tpl = rep->tpl;
  const gk_table_def *td = &tpl->tables[GK_T_APPLY];
  size_t ri = (size_t)apply_row(tpl, GK_ROLE_CARRIED_IN);
  size_t rt = (size_t)apply_row(tpl, GK_ROLE_TOTAL);
  size_t ro = (size_t)apply_row(tpl, GK_ROLE_CARRIED_OUT);
  size_t sc = (size_t)td->rows[ri].colset->sum_col;
  gk_status s = gk__buf_adds(b, DRAFT_MARK "\n");
  if (!s)
    s = received(b, rep);
  if (!s)
    s = gk__buf_printf(b, "；上年结转%lld件。本年度办理结果：",
                       (long long)cell(rep, GK_T_APPLY, ri, sc));
  /* Outcome rows summed by their group (（三）不予公开 …) or own label. */
  const char *sep = "";
  for (size_t r = 0; !s && r < td->nrows;) {
    if (td->rows[r].role != GK_ROLE_OUTCOME) {
      r++;
      continue;
    }
    /* A row numbered on its own ("（一）予以公开") stands alone; its group
     * is the table's outer header. */
    const char *group =
        strncmp(td->rows[r].label, open_paren, strlen(open_paren)) == 0
            ? NULL
            : td->rows[r].group;
    int64_t sum = 0;
    size_t k = r;
    for (; k < td->nrows && td->rows[k].role == GK_ROLE_OUTCOME; k++) {
      if (k > r && (!group || !td->rows[k].group ||
                    strcmp(td->rows[k].group, group) != 0))
        break;
      sum += cell(rep, GK_T_APPLY, k, sc);
    }
    const char *p;
    int n;
    short_label(group ? group : td->rows[r].label, &p, &n);
    s = gk__buf_printf(b, "%s%.*s%lld件", sep, n, p, (long long)sum);
    sep = "，";
    r = k;
  }
  if (!s)
    s = gk__buf_printf(b, "，合计办结%lld件；结转下年度继续办理%lld件。",
                       (long long)cell(rep, GK_T_APPLY, rt, sc),
                       (long long)cell(rep, GK_T_APPLY, ro, sc));
  return s;
}

/* Table review, row by row with every column's label. */
static gk_status section4(gk__buf *b, const gk_report *rep) {
  const gk_table_def *td = &rep->tpl->tables[GK_T_REVIEW];
  gk_status s = gk__buf_adds(b, DRAFT_MARK "\n");
  for (size_t r = 0; !s && r < td->nrows; r++) {
    const gk_colset *cs = td->rows[r].colset;
    if (td->rows[r].group)
      s = gk__buf_printf(b, "%s（%s）：", td->rows[r].group, td->rows[r].label);
    else
      s = gk__buf_printf(b, "%s：", td->rows[r].label);
    for (size_t c = 0; !s && c < cs->ncols; c++)
      s = gk__buf_printf(b, "%s%s%lld件", c ? "，" : "", cs->cols[c].label,
                         (long long)cell(rep, GK_T_REVIEW, r, c));
    if (!s)
      s = gk__buf_adds(b, r + 1 < td->nrows ? "；\n" : "。");
  }
  return s;
}

static gk_status section5(gk__buf *b, const gk_report *rep) {
  (void)rep;
  return gk__buf_adds(
      b,
      DRAFT_MARK "\n（请填写本年政府信息公开工作存在的主要问题及改进情况。）");
}

/* Fees of 国办函〔2020〕109号 (law.md "Fees": their total belongs in the
 * report, section 六 in practice): the applications that paid in the year
 * and the 元 collected, the sum of the ledger's payments dated in it
 * (gk_ledger_fees_paid lists them). Payments recorded before the ledger
 * kept amounts are named apart, for staff to add from the receipts. */
static gk_status section6(gk__buf *b, const gk__fees *fees) {
  gk_status s = gk__buf_adds(b, DRAFT_MARK "\n");
  if (!s && fees->apps > 0)
    s = gk__buf_printf(b,
                       "本年依照《政府信息公开信息处理费管理办法》"
                       "（国办函〔2020〕109号）向%lld件申请收取信息处理费，"
                       "共计%lld元。",
                       (long long)fees->apps, (long long)fees->yuan);
  if (!s && fees->unrecorded > 0)
    s = gk__buf_printf(b,
                       "另有%lld笔缴费登记时台账未记录金额，请据收费票据"
                       "补充。",
                       (long long)fees->unrecorded);
  if (!s && !fees->apps && !fees->unrecorded)
    s = gk__buf_adds(b, "本年未收取政府信息公开信息处理费。");
  return s ? s : gk__buf_adds(b, "（如有其他需要报告的事项，请填写。）");
}

gk_status gk__ledger_draft(gk_report *rep, const gk__fees *fees) {
  gk__buf b;
  gk__buf_init(&b, &rep->alloc, 0);
  gk_status s = GK_OK;
  for (int n = 1; !s && n <= GK_SECTIONS; n++) {
    gk__buf_reset(&b);
    switch (n) {
    case 1:
      s = section1(&b, rep);
      break;
    case 2:
      s = section2(&b, rep);
      break;
    case 3:
      s = section3(&b, rep);
      break;
    case 4:
      s = section4(&b, rep);
      break;
    case 5:
      s = section5(&b, rep);
      break;
    default:
      s = section6(&b, fees);
      break;
    }
    if (!s)
      s = gk_report_set_section(rep, n, b.data, b.len);
  }
  gk__buf_free(&b);
  return s;
}
