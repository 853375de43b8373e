/* arith.c: the arithmetic of tables apply and review (勾稽关系) and the
 * localisation of one wrong cell of table apply.
 *
 * Sources: the caption printed in table 三 of 国办公开办函〔2019〕60号 and
 * 〔2021〕30号 ("第一项加第二项之和，等于第三项加第四项之和", every column);
 * row and column sums follow from the table's structure (spec/law.md,
 * spec/report-fields.md "Relations a correct report satisfies").
 *
 * Each relation is written as a sum of cells with coefficients +1/-1 that
 * is 0 in a correct table; its residual is that sum. A cell off by d moves
 * the residual of every relation it enters by d times its coefficient, so
 * the residual vector is d times the cell's signature. Signatures of
 * table apply are pairwise distinct (each cell is the only one in both its
 * row's sum and its column's balance or outcome sum), so when the residuals
 * are exactly one signature times one d != 0, that cell is the wrong one
 * and one finding replaces the per-relation ones. */
#include "check.h"

#include <stdio.h>
#include <string.h>

/* Rows of table apply handled here; both formats have fewer (23, 25). A
 * larger template is left unchecked rather than overrun. */
#define APPLY_MAX_ROWS 48
/* Values beyond this magnitude make sums of up to APPLY_MAX_ROWS + 8
 * terms overflow-prone; such a table is not summed (no count is that big).
 */
#define ARITH_MAX (INT64_MAX / 128)

enum rel_kind {
  REL_BALANCE = 0, /* column c: new + carried_in - total - carried_out */
  REL_ROW_SUM,     /* row r: total - the six applicant cells */
  REL_COL_SUM      /* column c: total - every outcome row */
};

typedef struct rel {
  enum rel_kind kind; /* which relation */
  size_t idx;         /* its column (balance, column sum) or row */
} rel;

/* The apply table under check: its shape and the rows of each role. */
typedef struct apply_ctx {
  gk_report *rep;                                /* report being checked */
  const gk_template *tpl;                        /* its template */
  size_t nrows, ncols;                           /* table size */
  size_t sum_col;                                /* the total column */
  size_t row_new, row_in;                        /* left side of the balance */
  size_t row_total, row_out;                     /* right side of the balance */
  size_t nrels;                                  /* ncols + nrows + ncols */
  rel rels[GK_MAX_COLS * 2 + APPLY_MAX_ROWS];    /* every relation */
  int64_t res[GK_MAX_COLS * 2 + APPLY_MAX_ROWS]; /* their residuals */
} apply_ctx;

static int64_t val(const apply_ctx *x, size_t r, size_t c) {
  return gk__ccell(x->rep, GK_T_APPLY, r, c)->value;
}

static gk_row_role role(const apply_ctx *x, size_t r) {
  return gk__row(x->tpl, GK_T_APPLY, r)->role;
}

/* Coefficient of cell (r, c) in relation 'l' (-1, 0 or +1). */
static int coef(const apply_ctx *x, const rel *l, size_t r, size_t c) {
  gk_row_role ro = role(x, r);
  switch (l->kind) {
  case REL_BALANCE:
    if (c != l->idx)
      return 0;
    if (ro == GK_ROLE_NEW || ro == GK_ROLE_CARRIED_IN)
      return 1;
    if (ro == GK_ROLE_TOTAL || ro == GK_ROLE_CARRIED_OUT)
      return -1;
    return 0;
  case REL_ROW_SUM:
    if (r != l->idx)
      return 0;
    return c == x->sum_col ? 1 : -1;
  case REL_COL_SUM:
    if (c != l->idx)
      return 0;
    if (ro == GK_ROLE_TOTAL)
      return 1;
    return ro == GK_ROLE_OUTCOME ? -1 : 0;
  }
  return 0;
}

/* Fills the shape; false when the table cannot be checked (a template
 * without the four roles, or too many rows). */
static bool apply_shape(apply_ctx *x, gk_report *rep) {
  const gk_table_def *td = &rep->tpl->tables[GK_T_APPLY];
  bool seen[GK_ROLE_CARRIED_OUT + 1] = {false};
  size_t at[GK_ROLE_CARRIED_OUT + 1] = {0};
  x->rep = rep;
  x->tpl = rep->tpl;
  x->nrows = td->nrows;
  if (x->nrows == 0 || x->nrows > APPLY_MAX_ROWS)
    return false;
  const gk_colset *cs = td->rows[0].colset;
  if (cs->sum_col < 0)
    return false;
  x->ncols = cs->ncols;
  x->sum_col = (size_t)cs->sum_col;
  for (size_t r = 0; r < x->nrows; r++) {
    if (td->rows[r].colset != cs)
      return false; /* the relations need one column set */
    gk_row_role ro = td->rows[r].role;
    if (ro != GK_ROLE_OUTCOME && !seen[ro]) {
      seen[ro] = true;
      at[ro] = r;
    }
  }
  if (!seen[GK_ROLE_NEW] || !seen[GK_ROLE_CARRIED_IN] || !seen[GK_ROLE_TOTAL] ||
      !seen[GK_ROLE_CARRIED_OUT])
    return false;
  x->row_new = at[GK_ROLE_NEW];
  x->row_in = at[GK_ROLE_CARRIED_IN];
  x->row_total = at[GK_ROLE_TOTAL];
  x->row_out = at[GK_ROLE_CARRIED_OUT];
  x->nrels = 0;
  for (size_t c = 0; c < x->ncols; c++)
    x->rels[x->nrels++] = (rel){REL_BALANCE, c};
  for (size_t r = 0; r < x->nrows; r++)
    x->rels[x->nrels++] = (rel){REL_ROW_SUM, r};
  for (size_t c = 0; c < x->ncols; c++)
    x->rels[x->nrels++] = (rel){REL_COL_SUM, c};
  return true;
}

/* True if any cell of table 't' is flagged ambiguous (the reader guessed
 * its value and reported it; sums over guesses would only repeat that). */
static bool table_ambiguous(const gk_report *rep, size_t t) {
  for (size_t i = 0; i < rep->tpl->tables[t].ncells; i++)
    if (rep->cells[t][i].flags & GK_CELL_AMBIGUOUS)
      return true;
  return false;
}

/* True if every cell of table 't' is small enough to sum exactly. */
static bool table_summable(const gk_report *rep, size_t t) {
  for (size_t i = 0; i < rep->tpl->tables[t].ncells; i++) {
    int64_t v = rep->cells[t][i].value;
    if (v > ARITH_MAX || v < -ARITH_MAX)
      return false;
  }
  return true;
}

/* A cell enters at most three relations: its column's balance, its row's
 * sum and its column's outcome sum (rels[] is laid out in that order), so
 * only those are visited: linear in the cells. */
static void residuals(apply_ctx *x) {
  memset(x->res, 0, sizeof(x->res));
  for (size_t r = 0; r < x->nrows; r++) {
    for (size_t c = 0; c < x->ncols; c++) {
      int64_t v = val(x, r, c);
      if (!v)
        continue;
      size_t mine[3] = {c, x->ncols + r, x->ncols + x->nrows + c};
      for (size_t k = 0; k < 3; k++)
        x->res[mine[k]] += coef(x, &x->rels[mine[k]], r, c) * v;
    }
  }
}

/* Finds the one cell whose signature times one d != 0 is the residual
 * vector; returns false when none or several do. */
static bool localise(const apply_ctx *x, size_t *out_r, size_t *out_c,
                     int64_t *out_d) {
  size_t found = 0;
  for (size_t r = 0; r < x->nrows; r++) {
    for (size_t c = 0; c < x->ncols; c++) {
      int64_t d = 0;
      bool fits = true;
      for (size_t i = 0; i < x->nrels && fits; i++) {
        int k = coef(x, &x->rels[i], r, c);
        if (!k) {
          fits = x->res[i] == 0;
        } else if (!d) {
          d = x->res[i] * k; /* k is +1 or -1: its own inverse */
          fits = d != 0;
        } else {
          fits = x->res[i] == d * k;
        }
      }
      if (fits && d) {
        found++;
        *out_r = r;
        *out_c = c;
        *out_d = d;
      }
    }
  }
  return found == 1;
}

/* Appends to 'zh'/'en' the description of relation 'l'. */
static void describe(const apply_ctx *x, const rel *l, char *zh, size_t zhsz,
                     char *en, size_t ensz) {
  const gk_row_def *r0 = gk__row(x->tpl, GK_T_APPLY, 0);
  size_t zl = strlen(zh), el = strlen(en);
  char cell[256];
  switch (l->kind) {
  case REL_BALANCE:
    snprintf(zh + zl, zhsz - zl, "%s「%s」列第一项加第二项等于第三项加第四项",
             zl ? "、" : "", r0->colset->cols[l->idx].label);
    snprintf(en + el, ensz - el, "%sthe balance of column %s", el ? ", " : "",
             r0->colset->cols[l->idx].id);
    break;
  case REL_ROW_SUM:
    gk__check_cell_zh(cell, sizeof(cell), x->tpl, GK_T_APPLY, l->idx, -1);
    snprintf(zh + zl, zhsz - zl, "%s%s行各申请人之和等于总计", zl ? "、" : "",
             cell);
    snprintf(en + el, ensz - el, "%sthe row sum of %s", el ? ", " : "",
             gk__row(x->tpl, GK_T_APPLY, l->idx)->id);
    break;
  case REL_COL_SUM:
    snprintf(zh + zl, zhsz - zl, "%s「%s」列各办理结果之和等于（七）总计",
             zl ? "、" : "", r0->colset->cols[l->idx].label);
    snprintf(en + el, ensz - el, "%sthe outcome sum of column %s",
             el ? ", " : "", r0->colset->cols[l->idx].id);
    break;
  }
}

/* apply, one cell: the residuals of every relation are d times the
 * signature of exactly one cell (localisation of the printed 勾稽关系 and the
 * table's sums, 国办公开办函〔2019〕60号 / 〔2021〕30号) */
static gk_status report_cell(const apply_ctx *x, size_t r, size_t c,
                             int64_t d) {
  const gk_cell *cell = gk__ccell(x->rep, GK_T_APPLY, r, c);
  int64_t reported = cell->value, expected = cell->value - d;
  char name_zh[256], name_en[128], rels_zh[640] = "", rels_en[384] = "";
  char vr[32], ve[32], zh[1536], en[1024];
  for (size_t i = 0; i < x->nrels; i++)
    if (coef(x, &x->rels[i], r, c))
      describe(x, &x->rels[i], rels_zh, sizeof(rels_zh), rels_en,
               sizeof(rels_en));
  gk__check_cell_zh(name_zh, sizeof(name_zh), x->tpl, GK_T_APPLY, r, (int)c);
  gk__check_cell_en(name_en, sizeof(name_en), x->tpl, GK_T_APPLY, r, (int)c);
  gk__format_scaled(vr, sizeof(vr), reported);
  gk__format_scaled(ve, sizeof(ve), expected);
  snprintf(zh, sizeof(zh),
           "%s 填报 %s，按勾稽关系应为 %s：该格使%s不成立，改为 %s 后全部成立",
           name_zh, vr, ve, rels_zh, ve);
  snprintf(en, sizeof(en),
           "%s is %s; the table's relations imply %s: it breaks %s, and with "
           "%s all of them hold",
           name_en, vr, ve, rels_en, ve);
  return gk__check_add(x->rep, GK_RULE_APPLY_CELL,
                       gk__check_sev(GK_RULE_APPLY_CELL), GK_T_APPLY, (int)r,
                       (int)c, &reported, &expected, cell->line, zh, en);
}

/* apply, each column: new + carried_in = total + carried_out (the printed
 * 勾稽关系, 国办公开办函〔2019〕60号 / 〔2021〕30号) */
static gk_status report_balance(const apply_ctx *x, size_t c) {
  int64_t left = val(x, x->row_new, c) + val(x, x->row_in, c);
  int64_t right = val(x, x->row_total, c) + val(x, x->row_out, c);
  const gk_col_def *col = &gk__row(x->tpl, GK_T_APPLY, 0)->colset->cols[c];
  char vl[32], vr[32], zh[512], en[512];
  gk__format_scaled(vl, sizeof(vl), left);
  gk__format_scaled(vr, sizeof(vr), right);
  snprintf(zh, sizeof(zh),
           "「%s」列（apply.*.%s）第三项加第四项为 %s，第一项加第二项为 %s，"
           "两者应相等",
           col->label, col->id, vr, vl);
  snprintf(en, sizeof(en),
           "column %s: total + carried_out is %s but new + carried_in is %s",
           col->id, vr, vl);
  return gk__check_add(
      x->rep, GK_RULE_APPLY_BALANCE, gk__check_sev(GK_RULE_APPLY_BALANCE),
      GK_T_APPLY, -1, (int)c, &right, &left,
      gk__ccell(x->rep, GK_T_APPLY, x->row_total, c)->line, zh, en);
}

/* apply, each row: total = the six applicant columns (table structure,
 * 国办公开办函〔2019〕60号 / 〔2021〕30号) */
static gk_status report_row_sum(const apply_ctx *x, size_t r) {
  int64_t total = val(x, r, x->sum_col), sum = total - x->res[x->ncols + r];
  char name_zh[256], name_en[128], vr[32], ve[32], zh[640], en[512];
  gk__check_cell_zh(name_zh, sizeof(name_zh), x->tpl, GK_T_APPLY, r,
                    (int)x->sum_col);
  gk__check_cell_en(name_en, sizeof(name_en), x->tpl, GK_T_APPLY, r,
                    (int)x->sum_col);
  gk__format_scaled(vr, sizeof(vr), total);
  gk__format_scaled(ve, sizeof(ve), sum);
  snprintf(zh, sizeof(zh), "%s 填报 %s，各申请人之和为 %s", name_zh, vr, ve);
  snprintf(en, sizeof(en), "%s is %s but the applicant columns add up to %s",
           name_en, vr, ve);
  return gk__check_add(
      x->rep, GK_RULE_APPLY_ROW_SUM, gk__check_sev(GK_RULE_APPLY_ROW_SUM),
      GK_T_APPLY, (int)r, (int)x->sum_col, &total, &sum,
      gk__ccell(x->rep, GK_T_APPLY, r, x->sum_col)->line, zh, en);
}

/* apply, each column: （七）总计 = the sum of every outcome row (each
 * application counts in one outcome row, 条例 第三十七条 and the note of
 * row （二）) */
static gk_status report_col_sum(const apply_ctx *x, size_t c) {
  int64_t total = val(x, x->row_total, c);
  int64_t sum = total - x->res[x->ncols + x->nrows + c];
  char name_zh[256], name_en[128], vr[32], ve[32], zh[640], en[512];
  gk__check_cell_zh(name_zh, sizeof(name_zh), x->tpl, GK_T_APPLY, x->row_total,
                    (int)c);
  gk__check_cell_en(name_en, sizeof(name_en), x->tpl, GK_T_APPLY, x->row_total,
                    (int)c);
  gk__format_scaled(vr, sizeof(vr), total);
  gk__format_scaled(ve, sizeof(ve), sum);
  snprintf(zh, sizeof(zh), "%s 填报 %s，各办理结果之和为 %s", name_zh, vr, ve);
  snprintf(en, sizeof(en), "%s is %s but the outcome rows add up to %s",
           name_en, vr, ve);
  return gk__check_add(
      x->rep, GK_RULE_APPLY_COLUMN_SUM, gk__check_sev(GK_RULE_APPLY_COLUMN_SUM),
      GK_T_APPLY, (int)x->row_total, (int)c, &total, &sum,
      gk__ccell(x->rep, GK_T_APPLY, x->row_total, c)->line, zh, en);
}

static gk_status check_apply(gk_report *rep) {
  apply_ctx x;
  if (!rep->table_found[GK_T_APPLY] || table_ambiguous(rep, GK_T_APPLY) ||
      !table_summable(rep, GK_T_APPLY) || !apply_shape(&x, rep))
    return GK_OK;
  residuals(&x);
  bool broken = false;
  for (size_t i = 0; i < x.nrels; i++)
    broken = broken || x.res[i] != 0;
  if (!broken)
    return GK_OK;
  size_t r = 0, c = 0;
  int64_t d = 0;
  if (localise(&x, &r, &c, &d))
    return report_cell(&x, r, c, d);
  gk_status st = GK_OK;
  for (size_t i = 0; i < x.nrels && !st; i++) {
    if (!x.res[i])
      continue;
    switch (x.rels[i].kind) {
    case REL_BALANCE:
      st = report_balance(&x, x.rels[i].idx);
      break;
    case REL_ROW_SUM:
      st = report_row_sum(&x, x.rels[i].idx);
      break;
    case REL_COL_SUM:
      st = report_col_sum(&x, x.rels[i].idx);
      break;
    }
  }
  return st;
}

/* review, each row: total = upheld + corrected + other + pending (table
 * structure of table 四, 国办公开办函〔2019〕60号 / 〔2021〕30号) */
static gk_status check_review(gk_report *rep) {
  const gk_table_def *td = &rep->tpl->tables[GK_T_REVIEW];
  if (!rep->table_found[GK_T_REVIEW] || table_ambiguous(rep, GK_T_REVIEW) ||
      !table_summable(rep, GK_T_REVIEW))
    return GK_OK;
  for (size_t r = 0; r < td->nrows; r++) {
    const gk_colset *cs = td->rows[r].colset;
    if (cs->sum_col < 0)
      continue;
    size_t sc = (size_t)cs->sum_col;
    int64_t total = gk__ccell(rep, GK_T_REVIEW, r, sc)->value, sum = 0;
    for (size_t c = 0; c < cs->ncols; c++)
      if (c != sc)
        sum += gk__ccell(rep, GK_T_REVIEW, r, c)->value;
    if (total == sum)
      continue;
    char name_zh[256], name_en[128], vr[32], ve[32], zh[640], en[512];
    gk__check_cell_zh(name_zh, sizeof(name_zh), rep->tpl, GK_T_REVIEW, r,
                      (int)sc);
    gk__check_cell_en(name_en, sizeof(name_en), rep->tpl, GK_T_REVIEW, r,
                      (int)sc);
    gk__format_scaled(vr, sizeof(vr), total);
    gk__format_scaled(ve, sizeof(ve), sum);
    snprintf(zh, sizeof(zh), "%s 填报 %s，各结果之和为 %s", name_zh, vr, ve);
    snprintf(en, sizeof(en), "%s is %s but the results add up to %s", name_en,
             vr, ve);
    gk_status st = gk__check_add(
        rep, GK_RULE_REVIEW_ROW_SUM, gk__check_sev(GK_RULE_REVIEW_ROW_SUM),
        GK_T_REVIEW, (int)r, (int)sc, &total, &sum,
        gk__ccell(rep, GK_T_REVIEW, r, sc)->line, zh, en);
    if (st)
      return st;
  }
  return GK_OK;
}

gk_status gk__check_arith(gk_report *rep) {
  gk_status st = check_apply(rep);
  if (st)
    return st;
  return check_review(rep);
}
