/* report.c: the annual report from the ledger (issue 5, 台账).
 *
 * Every number of the report is counted from the records an agency keeps
 * all year: applications (table apply), records of proactive disclosure
 * (table disclose), reconsideration and litigation cases (table review).
 * The tables are filled by walking the template of the year
 * (gk_template_for_year): applicant types are apply's column ids, outcomes
 * apply's row ids (a 2021 id such as other.no_fee folds into the 2019 row
 * "other", its dotted prefix), review rows and columns are case kinds and
 * outcomes, disclose rows are record kinds and its columns measures.
 * Which application counts where (docs/ledger.md):
 *   new          received in the year
 *   carried_in   received before 1 January, still open on 1 January
 *   outcome rows closed in the year, by outcome
 *   total        closed in the year
 *   carried_out  received by 31 December, still open after it
 * so new + carried_in = total + carried_out per column (the printed
 * 勾稽关系) and carried_out(N) = carried_in(N+1). A handful of grouped
 * queries over covering indexes, never one query per cell. */
#include "ledger_report.h"

#include <stdio.h>
#include <string.h>

/* === Measures of table disclose's columns === */

static const struct {
  const char *col; /* column id (spec/report-fields.md) */
  gk__measure m;
} measures[] = {
    {"made", GK__M_COUNT_YEAR},          {"issued", GK__M_COUNT_YEAR},
    {"decisions", GK__M_COUNT_YEAR},     {"projects", GK__M_COUNT_YEAR},
    {"published", GK__M_PUBLISHED_YEAR}, {"total", GK__M_PUBLISHED_ALL},
    {"repealed", GK__M_REPEALED_YEAR},   {"in_force", GK__M_IN_FORCE},
    {"amount", GK__M_AMOUNT_YEAR},       {"prior", GK__M_ITEMS_PRIOR},
    {"change", GK__M_ITEMS_CHANGE},
};

gk__measure gk__measure_of(const char *col_id) {
  for (size_t i = 0; i < sizeof(measures) / sizeof(measures[0]); i++)
    if (strcmp(measures[i].col, col_id) == 0)
      return measures[i].m;
  return GK__M_NONE;
}

bool gk__kind_has(const char *kind, gk__measure m) {
  for (size_t i = 0; gk__templates[i]; i++) {
    const gk_template *tpl = gk__templates[i];
    int r = gk__row_find(tpl, GK_T_DISCLOSE, kind);
    if (r < 0)
      continue;
    const gk_colset *cs = gk__row(tpl, GK_T_DISCLOSE, (size_t)r)->colset;
    for (size_t c = 0; c < cs->ncols; c++)
      if (gk__measure_of(cs->cols[c].id) == m)
        return true;
  }
  return false;
}

/* === Filling the tables === */

typedef struct fill {
  gk__store *st;
  gk_report *rep;
  const gk_template *tpl;
  int year;
  gk_status s; /* a callback's failure (it stops the walk) */
  int row;     /* the role row being filled */
  gk_error *err;
} fill;

static void add_cell(fill *f, size_t t, size_t r, size_t c, int64_t units) {
  gk__cell(f->rep, t, r, c)->value += units;
}

/* Column of apply for an applicant type, or -1 (the sum column is not a
 * type). */
int gk__apply_col(const gk_template *tpl, const char *type) {
  const gk_colset *cs = gk__row(tpl, GK_T_APPLY, 0)->colset;
  for (size_t c = 0; c < cs->ncols; c++)
    if ((int)c != cs->sum_col && strcmp(cs->cols[c].id, type) == 0)
      return (int)c;
  return -1;
}

/* Row of apply for an outcome: the outcome row of that id, else the one
 * whose id is its dotted prefix (2019's "other" for "other.no_fee"), or -1.
 */
int gk__apply_outcome_row(const gk_template *tpl, const char *outcome) {
  const gk_table_def *td = &tpl->tables[GK_T_APPLY];
  int prefix = -1;
  for (size_t r = 0; r < td->nrows; r++) {
    const gk_row_def *row = &td->rows[r];
    if (row->role != GK_ROLE_OUTCOME)
      continue;
    size_t n = strlen(row->id);
    if (strcmp(row->id, outcome) == 0)
      return (int)r;
    if (strncmp(row->id, outcome, n) == 0 && outcome[n] == '.')
      prefix = (int)r;
  }
  return prefix;
}

/* First row of apply with 'role', or -1. */
static int role_row(const gk_template *tpl, gk_row_role role) {
  const gk_table_def *td = &tpl->tables[GK_T_APPLY];
  for (size_t r = 0; r < td->nrows; r++)
    if (td->rows[r].role == role)
      return (int)r;
  return -1;
}

static gk_status bad_value(fill *f, const char *what_zh, const char *what_en,
                           const char *value) {
  char ex[64];
  gk__excerpt(ex, sizeof(ex), value ? value : "NULL", value ? strlen(value) : 4,
              40);
  /* One argument list serves both formats: same conversions in order. */
  return gk__fail(f->err, GK_E_ARG, 0, 0, -1,
                  "%d年度的报告格式无法计入台账中申请的%s%.0s“%s”",
                  "the %d report format has no place for an application's "
                  "%.0s%s '%s'",
                  gk_report_year(f->rep), what_zh, what_en, ex);
}

/* One group of a role row: applications of one type (new, carried_in,
 * carried_out). */
static int add_role(const char *type, const char *unused, int64_t count,
                    void *ud) {
  (void)unused;
  fill *f = ud;
  int c = type ? gk__apply_col(f->tpl, type) : -1;
  if (c < 0) {
    f->s = bad_value(f, "申请人类型", "applicant type", type);
    return 1;
  }
  int sum = gk__row(f->tpl, GK_T_APPLY, (size_t)f->row)->colset->sum_col;
  int64_t n = GK__UNITS(count);
  add_cell(f, GK_T_APPLY, (size_t)f->row, (size_t)c, n);
  add_cell(f, GK_T_APPLY, (size_t)f->row, (size_t)sum, n);
  return 0;
}

/* Counts of one role row by applicant type (new, carried_in,
 * carried_out). */
static gk_status fill_role(fill *f, gk_row_role role) {
  f->row = role_row(f->tpl, role);
  if (f->row < 0)
    return GK_OK;
  gk_status s =
      gk__store_report_apps(f->st, role, f->year, add_role, f, f->err);
  return s ? s : f->s;
}

/* One group of the applications closed in the year: its outcome row and
 * the total. */
static int add_outcome(const char *outcome, const char *type, int64_t count,
                       void *ud) {
  fill *f = ud;
  int total = role_row(f->tpl, GK_ROLE_TOTAL);
  int sum = gk__row(f->tpl, GK_T_APPLY, 0)->colset->sum_col;
  int r = outcome ? gk__apply_outcome_row(f->tpl, outcome) : -1;
  int c = type ? gk__apply_col(f->tpl, type) : -1;
  if (r < 0) {
    f->s = bad_value(f, "办理结果", "outcome", outcome);
    return 1;
  }
  if (c < 0) {
    f->s = bad_value(f, "申请人类型", "applicant type", type);
    return 1;
  }
  int64_t n = GK__UNITS(count);
  add_cell(f, GK_T_APPLY, (size_t)r, (size_t)c, n);
  add_cell(f, GK_T_APPLY, (size_t)r, (size_t)sum, n);
  if (total >= 0) {
    add_cell(f, GK_T_APPLY, (size_t)total, (size_t)c, n);
    add_cell(f, GK_T_APPLY, (size_t)total, (size_t)sum, n);
  }
  return 0;
}

static gk_status fill_outcomes(fill *f) {
  gk_status s = gk__store_report_apps(f->st, GK_ROLE_TOTAL, f->year,
                                      add_outcome, f, f->err);
  return s ? s : f->s;
}

/* An application closed before it was received cannot be counted (it
 * would break the balance): refuse the ledger, naming it. */
static gk_status check_applications(fill *f) {
  char ref[64];
  bool found = false;
  gk_status s = gk__store_report_bad_app(f->st, ref, &found, f->err);
  if (s || !found)
    return s;
  char ex[64];
  gk__excerpt(ex, sizeof(ex), ref, strlen(ref), 40);
  return gk__fail(f->err, GK_E_ARG, 0, 0, -1,
                  "申请 %s 的办结日期早于收到日期，或办结与办理结果不一致",
                  "application %s is closed before it was received, or its "
                  "closing date and outcome disagree",
                  ex);
}

static gk_status fill_apply(fill *f) {
  static const gk_row_role roles[] = {GK_ROLE_NEW, GK_ROLE_CARRIED_IN,
                                      GK_ROLE_CARRIED_OUT};
  gk_status s = check_applications(f);
  for (size_t i = 0; !s && i < sizeof(roles) / sizeof(roles[0]); i++)
    s = fill_role(f, roles[i]);
  return s ? s : fill_outcomes(f);
}

/* Review: cases decided in the year by outcome (a column id), and cases
 * filed by 31 December and still undecided then (column "pending"). */
static int add_case(const char *kind, const char *col, int64_t count,
                    void *ud) {
  fill *f = ud;
  size_t t, r, c;
  if (!kind || !col ||
      gk_template_find(f->tpl, "review", kind, col, &t, &r, &c)) {
    f->s = gk__fail(f->err, GK_E_ARG, 0, 0, -1,
                    "台账中的复议诉讼案件类型或结果无法计入报告（%s，%s）",
                    "a case of the ledger has a kind or outcome the report "
                    "has no place for (%s, %s)",
                    kind ? kind : "NULL", col ? col : "NULL");
    return 1;
  }
  int64_t n = GK__UNITS(count);
  int sum = gk__row(f->tpl, t, r)->colset->sum_col;
  add_cell(f, t, r, c, n);
  if (sum >= 0 && (size_t)sum != c)
    add_cell(f, t, r, (size_t)sum, n);
  return 0;
}

static gk_status fill_review(fill *f) {
  gk_status s = gk__store_report_cases(f->st, f->year, add_case, f, f->err);
  return s ? s : f->s;
}

/* One kind's record aggregates, indexed by measure. */
typedef struct kind_sums {
  int64_t v[GK__M_ITEMS_CHANGE + 1];
} kind_sums;

typedef struct disclose {
  const gk_template *tpl;
  kind_sums sums[16];
  bool prior; /* items: the count at the end of the year before */
} disclose;

/* The measures of gk__store_report_records' sums, in their order. */
static const gk__measure sum_cols[GK__RECORD_SUMS] = {
    GK__M_COUNT_YEAR,    GK__M_PUBLISHED_YEAR, GK__M_PUBLISHED_ALL,
    GK__M_REPEALED_YEAR, GK__M_IN_FORCE,       GK__M_AMOUNT_YEAR};

static int add_sums(const char *kind, const int64_t v[GK__RECORD_SUMS],
                    void *ud) {
  disclose *d = ud;
  int r = kind ? gk__row_find(d->tpl, GK_T_DISCLOSE, kind) : -1;
  if (r < 0)
    return 0; /* a kind the year's format has no row for */
  for (size_t i = 0; i < GK__RECORD_SUMS; i++)
    d->sums[r].v[sum_cols[i]] = v[i];
  return 0;
}

static int add_items(const char *kind, const char *unused, int64_t n,
                     void *ud) {
  (void)unused;
  disclose *d = ud;
  int r = kind ? gk__row_find(d->tpl, GK_T_DISCLOSE, kind) : -1;
  if (r < 0)
    return 0;
  if (d->prior)
    d->sums[r].v[GK__M_ITEMS_PRIOR] = n;
  d->sums[r].v[GK__M_ITEMS_CHANGE] += d->prior ? -n : n;
  return 0;
}

/* Disclose: aggregates per kind of approved records in two grouped
 * queries (events of the year and states at 31 December; item counts at
 * the two year ends), then each cell by its column's measure. */
static gk_status fill_disclose(fill *f) {
  const gk_table_def *td = &f->tpl->tables[GK_T_DISCLOSE];
  disclose d;
  memset(&d, 0, sizeof(d));
  d.tpl = f->tpl;
  if (td->nrows > sizeof(d.sums) / sizeof(d.sums[0]))
    return gk__fail(f->err, GK_E_ARG, 0, 0, -1, "模板行数过多",
                    "template has too many rows");
  gk_status s = gk__store_report_records(f->st, f->year, add_sums, &d, f->err);
  for (int q = 0; !s && q < 2; q++) {
    d.prior = q == 0;
    int32_t day = (q == 0 ? f->year - 1 : f->year) * 10000 + 1231;
    s = gk__store_report_items(f->st, day, add_items, &d, f->err);
  }
  for (size_t r = 0; !s && r < td->nrows; r++) {
    const gk_colset *cs = td->rows[r].colset;
    for (size_t c = 0; c < cs->ncols; c++) {
      gk__measure m = gk__measure_of(cs->cols[c].id);
      int64_t v = d.sums[r].v[m];
      /* Amounts are stored scaled already; counts are whole numbers. */
      gk__cell(f->rep, GK_T_DISCLOSE, r, c)->value =
          m == GK__M_AMOUNT_YEAR ? v : GK__UNITS(v);
    }
  }
  return s;
}

/* Section 六's figures: applications charged and 元 collected in the
 * year (the fees table, migration 4), and fee-paid events of the year
 * without a fee row (paid before the ledger recorded amounts). */
static gk_status fees_paid(gk__store *st, int year, gk__fees *fees,
                           gk_error *err) {
  gk_status s = gk__store_report_fees(st, year, &fees->apps, &fees->yuan,
                                      &fees->unrecorded, err);
  if (!s && fees->unrecorded < 0)
    fees->unrecorded = 0;
  return s;
}

static gk_status check_year(int year, gk_error *err) {
  if (year < 1001 || year > 9998 || !gk_template_for_year(year))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "报告年度 %d 无效",
                    "invalid report year %d", year);
  return GK_OK;
}

gk_status gk_ledger_report(gk_ledger *led, int year, int32_t date,
                           gk_report **out, gk_error *err) {
  if (!out)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  *out = NULL;
  if (!led)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  gk_status s = check_year(year, err);
  if (s)
    return s;
  char iso[11];
  if (date && !gk__iso_date(iso, date))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "报告日期 %d 无效",
                    "invalid report date %d", (int)date);
  fill f;
  memset(&f, 0, sizeof(f));
  f.st = led->store;
  f.tpl = gk_template_for_year(year);
  f.year = year;
  f.err = err;
  s = gk_report_new(&f.rep, f.tpl, &led->alloc);
  if (s)
    return gk__fail(err, s, 0, 0, -1, "内存不足", "out of memory");
  gk_report_set_year(f.rep, year);
  gk_report_set_period(f.rep, year * 10000 + 101, year * 10000 + 1231);
  gk_report_set_date(f.rep, date ? date : gk__today(led));
  f.rep->deadline_mmdd = gk__ledger_report_due(led);
  s = gk_report_set_agency(f.rep, led->agency);
  if (s) {
    gk__fail(err, s, 0, 0, -1, "内存不足", "out of memory");
    goto fail;
  }
  /* Every cell is a fact of the ledger: present, 0 unless counted. */
  for (size_t t = 0; t < GK_TABLES; t++) {
    f.rep->table_found[t] = true;
    for (size_t i = 0; i < f.tpl->tables[t].ncells; i++)
      f.rep->cells[t][i].flags = GK_CELL_PRESENT;
  }
  /* One read transaction: every table sees the same ledger. */
  s = gk__store_begin_read(f.st, err);
  if (s)
    goto fail;
  s = fill_apply(&f);
  if (!s)
    s = fill_review(&f);
  if (!s)
    s = fill_disclose(&f);
  gk__fees fee = {0, 0, 0};
  if (!s)
    s = fees_paid(f.st, year, &fee, err);
  gk__store_rollback(f.st);
  if (s)
    goto fail;
  s = gk__ledger_draft(f.rep, &fee);
  if (s) {
    gk__fail(err, s, 0, 0, -1, "内存不足", "out of memory");
    goto fail;
  }
  *out = f.rep;
  return GK_OK;
fail:
  gk_report_free(f.rep);
  return s;
}

/* === --explain: the applications behind one cell of table apply === */

/* Parses "apply.ROW.COL" (ROW may be dotted: apply.denied.state_secret.
 * natural) against 'tpl'. */
static gk_status parse_cell(const gk_template *tpl, const char *cell, size_t *r,
                            size_t *c, gk_error *err) {
  static const char prefix[] = "apply.";
  const char *dot = strrchr(cell, '.');
  size_t n = strlen(prefix);
  if (strncmp(cell, prefix, n) == 0 && dot && dot > cell + n) {
    char row[64];
    size_t len = (size_t)(dot - cell) - n;
    if (len < sizeof(row)) {
      memcpy(row, cell + n, len);
      row[len] = '\0';
      if (!gk_template_find(tpl, "apply", row, dot + 1, NULL, r, c))
        return GK_OK;
    }
  }
  char ex[64];
  gk__excerpt(ex, sizeof(ex), cell, strlen(cell), 40);
  return gk__fail(err, GK_E_ARG, 0, 0, -1,
                  "“%s”不是%s格式表三的单元格（应为 apply.行.列，例如 "
                  "apply.granted.natural）",
                  "'%s' is not a cell of table apply of the %s format (want "
                  "apply.ROW.COLUMN, e.g. apply.granted.natural)",
                  ex, gk_template_name(tpl));
}

/* An application of the role's query: counted unless the row is an
 * outcome row it does not map onto. */
typedef struct explaining {
  const gk_template *tpl;
  const gk_row_def *row;
  int r;
  gk_explain_fn fn;
  void *ud;
  int64_t *count;
} explaining;

static int explain_row(const gk_explain_row *e, void *ud) {
  explaining *x = ud;
  /* An outcome row counts the outcomes that map onto it. */
  if (x->row->role == GK_ROLE_OUTCOME &&
      (!e->outcome || gk__apply_outcome_row(x->tpl, e->outcome) != x->r))
    return 0;
  if (x->count)
    (*x->count)++;
  return x->fn ? x->fn(e, x->ud) : 0;
}

static gk_status explain(gk_ledger *led, int year, const char *cell,
                         bool voided, gk_explain_fn fn, void *ud,
                         int64_t *count, gk_error *err) {
  if (count)
    *count = 0;
  if (!led || !cell)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  gk_status s = check_year(year, err);
  if (s)
    return s;
  const gk_template *tpl = gk_template_for_year(year);
  size_t r, c;
  s = parse_cell(tpl, cell, &r, &c, err);
  if (s)
    return s;
  const gk_row_def *row = gk__row(tpl, GK_T_APPLY, r);
  bool all_types = (int)c == row->colset->sum_col;
  explaining x = {tpl, row, (int)r, fn, ud, count};
  return gk__store_explain(led->store, row->role, voided, year,
                           all_types ? NULL : row->colset->cols[c].id,
                           explain_row, &x, err);
}

gk_status gk_ledger_explain(gk_ledger *led, int year, const char *cell,
                            gk_explain_fn fn, void *ud, int64_t *count,
                            gk_error *err) {
  return explain(led, year, cell, false, fn, ud, count, err);
}

gk_status gk_ledger_explain_voided(gk_ledger *led, int year, const char *cell,
                                   gk_explain_fn fn, void *ud, int64_t *count,
                                   gk_error *err) {
  return explain(led, year, cell, true, fn, ud, count, err);
}

/* === Fees paid in a year: what section 六's draft sums === */

gk_status gk_ledger_fees_paid(gk_ledger *led, int year, gk_fee_paid_fn fn,
                              void *ud, int64_t *apps, int64_t *yuan,
                              gk_error *err) {
  if (apps)
    *apps = 0;
  if (yuan)
    *yuan = 0;
  if (!led)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  gk_status s = check_year(year, err);
  if (s)
    return s;
  /* One read transaction: the list and the sums see the same ledger. */
  s = gk__store_begin_read(led->store, err);
  if (s)
    return s;
  gk__fees sums = {0, 0, 0};
  s = fees_paid(led->store, year, &sums, err);
  if (!s && fn)
    s = gk__store_fees_paid_each(led->store, year, fn, ud, err);
  gk__store_rollback(led->store);
  if (!s && apps)
    *apps = sums.apps;
  if (!s && yuan)
    *yuan = sums.yuan;
  return s;
}
