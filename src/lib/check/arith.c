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
 * and one finding replaces the per-relation ones.
 *
 * A blank cell is an unknown, not a 0: when a relation holds it as its
 * only unknown, the relation fixes it (a blank 总计 is the sum of its row).
 * Fixed cells feed the next relations until none fixes more. When the
 * fixed cells make every relation hold (and no single printed cell
 * explains the breaks instead: use_fixed), each fixed to a non-zero value
 * is reported once (blank-determined, replacing the reader's blank-cell
 * warning) and nothing else: a blank total no longer breaks its row, its
 * column and the column's balance. Otherwise blanks read 0 as printed. */
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

/* The apply table under check: its shape, the rows of each role, and the
 * values the relations see. */
typedef struct apply_ctx {
  const gk_report *rep;                          /* report being checked */
  gk_report *out;                                /* where findings go */
  const gk_template *tpl;                        /* its template */
  size_t nrows, ncols;                           /* table size */
  size_t sum_col;                                /* the total column */
  size_t row_new, row_in;                        /* left side of the balance */
  size_t row_total, row_out;                     /* right side of the balance */
  size_t nrels;                                  /* ncols + nrows + ncols */
  rel rels[GK_MAX_COLS * 2 + APPLY_MAX_ROWS];    /* every relation */
  int64_t res[GK_MAX_COLS * 2 + APPLY_MAX_ROWS]; /* their residuals */
  int64_t v[APPLY_MAX_ROWS][GK_MAX_COLS];        /* printed or fixed value */
  bool unknown[APPLY_MAX_ROWS][GK_MAX_COLS];     /* blank, not fixed yet */
  int fixed_by[APPLY_MAX_ROWS][GK_MAX_COLS];     /* relation that fixed a
                                                    blank cell, or -1 */
} apply_ctx;

static int64_t val(const apply_ctx *x, size_t r, size_t c) {
  return x->v[r][c];
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
static bool apply_shape(apply_ctx *x, const gk_report *rep) {
  const gk_table_def *td = &rep->tpl->tables[GK_T_APPLY];
  bool seen[GK_ROLE_CARRIED_OUT + 1] = {false};
  size_t at[GK_ROLE_CARRIED_OUT + 1] = {0};
  x->rep = rep;
  x->out = NULL;
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
  for (size_t r = 0; r < x->nrows; r++) {
    for (size_t c = 0; c < x->ncols; c++) {
      const gk_cell *cell = gk__ccell(rep, GK_T_APPLY, r, c);
      x->v[r][c] = cell->value;
      x->unknown[r][c] = (cell->flags & GK_CELL_BLANK) != 0;
      x->fixed_by[r][c] = -1;
    }
  }
  return true;
}

/* One pass of relation 'i' over the unknowns: with one unknown left it
 * fixes it (when the value is a count, >= 0); with several of one sign
 * whose known terms already balance, they are all 0 (counts are never
 * negative). True if it fixed any. */
static bool fix_from(apply_ctx *x, size_t i) {
  const rel *l = &x->rels[i];
  int64_t known = 0;
  size_t nu = 0, ur = 0, uc = 0;
  int sign = 0;
  bool mixed = false;
  /* only the relation's row or column: a row sum spans one row, the
   * others one column */
  size_t r0 = l->kind == REL_ROW_SUM ? l->idx : 0;
  size_t r1 = l->kind == REL_ROW_SUM ? l->idx + 1 : x->nrows;
  size_t c0 = l->kind == REL_ROW_SUM ? 0 : l->idx;
  size_t c1 = l->kind == REL_ROW_SUM ? x->ncols : l->idx + 1;
  for (size_t r = r0; r < r1; r++) {
    for (size_t c = c0; c < c1; c++) {
      int k = coef(x, l, r, c);
      if (!k)
        continue;
      if (!x->unknown[r][c]) {
        known += k * x->v[r][c];
        continue;
      }
      mixed = mixed || (sign && sign != k);
      sign = k;
      nu++;
      ur = r;
      uc = c;
    }
  }
  if (nu == 1) {
    int64_t v = -known * sign; /* sign is +1 or -1: its own inverse */
    if (v < 0 || v > ARITH_MAX)
      return false;
    x->v[ur][uc] = v;
    x->unknown[ur][uc] = false;
    x->fixed_by[ur][uc] = (int)i;
    return true;
  }
  if (nu < 2 || mixed || known != 0)
    return false;
  for (size_t r = r0; r < r1; r++)
    for (size_t c = c0; c < c1; c++)
      if (x->unknown[r][c] && coef(x, l, r, c))
        x->unknown[r][c] = false; /* stays 0 */
  return true;
}

/* Fixes blank cells until no relation fixes more. Each pass fixes at
 * least one cell, so there are at most as many passes as blanks; tables
 * without blanks (most) cost one scan. */
static void resolve_blanks(apply_ctx *x) {
  bool any = false;
  for (size_t r = 0; r < x->nrows && !any; r++)
    for (size_t c = 0; c < x->ncols && !any; c++)
      any = x->unknown[r][c];
  for (bool more = any; more;) {
    more = false;
    for (size_t i = 0; i < x->nrels; i++)
      more = fix_from(x, i) || more;
  }
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
  int64_t reported = val(x, r, c), expected = reported - d;
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
  return gk__check_add(x->out, GK_RULE_APPLY_CELL,
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
      x->out, GK_RULE_APPLY_BALANCE, gk__check_sev(GK_RULE_APPLY_BALANCE),
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
      x->out, GK_RULE_APPLY_ROW_SUM, gk__check_sev(GK_RULE_APPLY_ROW_SUM),
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
      x->out, GK_RULE_APPLY_COLUMN_SUM, gk__check_sev(GK_RULE_APPLY_COLUMN_SUM),
      GK_T_APPLY, (int)x->row_total, (int)c, &total, &sum,
      gk__ccell(x->rep, GK_T_APPLY, x->row_total, c)->line, zh, en);
}

/* Says that blank cell (t, r, c) is 'v' by the relation described in
 * 'how_zh'/'how_en', and drops the reader's blank-cell finding of that
 * cell: one finding per cell. */
static gk_status report_fixed(gk_report *rep, size_t t, size_t r, size_t c,
                              int64_t v, const char *how_zh,
                              const char *how_en) {
  char name_zh[256], name_en[128], vs[32], zh[1024], en[768];
  gk__check_drop_blank(rep, t, r, c);
  gk__check_cell_zh(name_zh, sizeof(name_zh), rep->tpl, t, r, (int)c);
  gk__check_cell_en(name_en, sizeof(name_en), rep->tpl, t, r, (int)c);
  gk__format_scaled(vs, sizeof(vs), v);
  snprintf(zh, sizeof(zh), "%s 空白，由%s可得应为 %s；其余勾稽关系按 %s 计算",
           name_zh, how_zh, vs, vs);
  snprintf(en, sizeof(en),
           "%s is blank; %s gives %s, and the other relations use %s", name_en,
           how_en, vs, vs);
  return gk__check_add(rep, GK_RULE_BLANK_DETERMINED,
                       gk__check_sev(GK_RULE_BLANK_DETERMINED), t, (int)r,
                       (int)c, NULL, &v, gk__ccell(rep, t, r, c)->line, zh, en);
}

/* apply, a blank cell: the one relation that leaves it as its only
 * unknown fixes it (the printed 勾稽关系 and the table's sums) */
static gk_status report_fixed_apply(const apply_ctx *x) {
  gk_status st = GK_OK;
  for (size_t r = 0; r < x->nrows && !st; r++) {
    for (size_t c = 0; c < x->ncols && !st; c++) {
      int i = x->fixed_by[r][c];
      if (i < 0 || !x->v[r][c])
        continue; /* not fixed, or fixed to the 0 it reads as */
      char how_zh[384] = "", how_en[256] = "";
      describe(x, &x->rels[i], how_zh, sizeof(how_zh), how_en, sizeof(how_en));
      st = report_fixed(x->out, GK_T_APPLY, r, c, x->v[r][c], how_zh, how_en);
    }
  }
  return st;
}

/* Which reading of the blanks to judge the table by. Blanks as 0 (h0, the
 * printed table) unless that breaks relations and the fixed blanks (h1)
 * make every relation hold; then h1, except when one printed cell
 * explains every broken relation of h0: one wrong printed cell is the
 * simpler story than several blanks that add up around it (zeros printed
 * blank are common, and a wrong cell next to them must stay found).
 * 'h1' is filled from 'h0', whose residuals are left computed. */
static bool use_fixed(apply_ctx *h0, apply_ctx *h1) {
  residuals(h0);
  bool broken = false, blank = false, holds = true, fixed = false;
  for (size_t i = 0; i < h0->nrels; i++)
    broken = broken || h0->res[i] != 0;
  for (size_t r = 0; r < h0->nrows && broken && !blank; r++)
    for (size_t c = 0; c < h0->ncols && !blank; c++)
      blank = h0->unknown[r][c];
  if (!blank)
    return false; /* the common case: nothing to fix, or nothing broken */
  *h1 = *h0;
  resolve_blanks(h1);
  residuals(h1);
  for (size_t i = 0; i < h1->nrels; i++)
    holds = holds && h1->res[i] == 0;
  for (size_t r = 0; r < h1->nrows; r++)
    for (size_t c = 0; c < h1->ncols; c++)
      fixed = fixed || (h1->fixed_by[r][c] >= 0 && h1->v[r][c]);
  if (!broken || !holds || !fixed)
    return false;
  size_t r = 0, c = 0;
  int64_t d = 0;
  return !localise(h0, &r, &c, &d) ||
         (gk__ccell(h0->rep, GK_T_APPLY, r, c)->flags & GK_CELL_BLANK);
}

static gk_status check_apply(gk_report *rep) {
  apply_ctx x, fixed;
  if (!rep->table_found[GK_T_APPLY] || table_ambiguous(rep, GK_T_APPLY) ||
      !table_summable(rep, GK_T_APPLY) || !apply_shape(&x, rep))
    return GK_OK;
  x.out = rep;
  if (use_fixed(&x, &fixed))
    return report_fixed_apply(&fixed); /* every relation holds with them */
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

/* The values of review row 'r' the row sum sees, into v[]: a blank cell
 * that is the row's only unknown is fixed by the sum (its column into
 * '*fixed', else -1); blanks of one side whose known cells already
 * balance are 0. Same reasoning as fix_from() for table apply. */
static void review_row(const gk_report *rep, size_t r, size_t sc, int64_t *v,
                       int *fixed) {
  const gk_colset *cs = gk__row(rep->tpl, GK_T_REVIEW, r)->colset;
  int64_t known = 0;
  size_t nu = 0, uc = 0;
  int sign = 0;
  *fixed = -1;
  for (size_t c = 0; c < cs->ncols; c++) {
    const gk_cell *cell = gk__ccell(rep, GK_T_REVIEW, r, c);
    int k = c == sc ? 1 : -1;
    v[c] = cell->value;
    if (!(cell->flags & GK_CELL_BLANK)) {
      known += k * cell->value;
      continue;
    }
    if (nu++ == 0 || sign == k)
      sign = k;
    else
      sign = 0; /* unknowns on both sides: nothing is fixed */
    uc = c;
  }
  if (nu == 1 && -known * sign >= 0 && -known * sign <= ARITH_MAX) {
    v[uc] = -known * sign;
    *fixed = (int)uc;
  }
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
    int64_t v[GK_MAX_COLS];
    int fixed;
    review_row(rep, r, sc, v, &fixed);
    if (fixed >= 0 && v[fixed]) {
      char how_zh[384], how_en[256];
      gk__check_cell_zh(how_zh, sizeof(how_zh), rep->tpl, GK_T_REVIEW, r, -1);
      gk__check_cell_en(how_en, sizeof(how_en), rep->tpl, GK_T_REVIEW, r, -1);
      size_t zl = strlen(how_zh), el = strlen(how_en);
      snprintf(how_zh + zl, sizeof(how_zh) - zl, "行各结果之和等于总计");
      snprintf(how_en + el, sizeof(how_en) - el, "'s row sum");
      gk_status st = report_fixed(rep, GK_T_REVIEW, r, (size_t)fixed, v[fixed],
                                  how_zh, how_en);
      if (st)
        return st;
    }
    int64_t total = v[sc], sum = 0;
    for (size_t c = 0; c < cs->ncols; c++)
      if (c != sc)
        sum += v[c];
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

void gk__check_seen(const gk_report *rep, size_t t, int64_t *v) {
  const gk_table_def *td = &rep->tpl->tables[t];
  bool blank = false;
  for (size_t i = 0; i < td->ncells; i++) {
    v[i] = rep->cells[t][i].value;
    blank = blank || (rep->cells[t][i].flags & GK_CELL_BLANK);
  }
  if (!blank || !table_summable(rep, t))
    return; /* as printed: most tables */
  if (t == GK_T_APPLY) {
    apply_ctx x, fixed;
    if (table_ambiguous(rep, t) || !apply_shape(&x, rep) ||
        !use_fixed(&x, &fixed))
      return;
    for (size_t r = 0; r < x.nrows; r++)
      for (size_t c = 0; c < x.ncols; c++)
        v[gk__cell_index(rep->tpl, t, r, c)] = fixed.v[r][c];
  } else if (t == GK_T_REVIEW) {
    for (size_t r = 0; r < td->nrows; r++) {
      const gk_colset *cs = td->rows[r].colset;
      int64_t row[GK_MAX_COLS];
      int fixed;
      if (cs->sum_col < 0)
        continue;
      review_row(rep, r, (size_t)cs->sum_col, row, &fixed);
      for (size_t c = 0; c < cs->ncols; c++)
        v[gk__cell_index(rep->tpl, t, r, c)] = row[c];
    }
  }
}
