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

/* === Migration 2 === */

static const char migration_2[] =
    /* Records of proactive disclosure and the report's other inputs.
     * kind: a row id of table disclose; items = 1: a count of items
     * (项目数量) at dated_on, not decisions. A record counts in the report
     * once a second person approved it (published_on). Never deleted:
     * a document is repealed by marking repealed_on. */
    "CREATE TABLE records ("
    " id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL,"
    " items INTEGER NOT NULL DEFAULT 0 CHECK (items IN (0, 1)),"
    " doc_no TEXT NOT NULL CHECK (doc_no <> ''),"
    " title TEXT NOT NULL DEFAULT '',"
    " dated_on TEXT NOT NULL,"
    " count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 0),"
    " amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),"
    " drafted_by TEXT NOT NULL CHECK (drafted_by <> ''),"
    " approved_by TEXT CHECK (approved_by <> drafted_by),"
    " published_on TEXT CHECK (published_on >= dated_on),"
    " repealed_on TEXT CHECK (repealed_on >= dated_on),"
    " repealed_by TEXT,"
    " CHECK ((approved_by IS NULL) = (published_on IS NULL)),"
    " CHECK (repealed_on IS NULL OR published_on IS NOT NULL));"
    "CREATE INDEX records_kind ON records(kind, dated_on);"
    "CREATE TRIGGER records_keep BEFORE DELETE ON records BEGIN"
    " SELECT RAISE(ABORT, 'records are never deleted'); END;"
    /* Reconsideration and litigation cases about an application. kind: a
     * row id of table review; outcome: one of its column ids, NULL while
     * pending. */
    "CREATE TABLE cases ("
    " id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL,"
    " application_id INTEGER NOT NULL REFERENCES applications(id),"
    " case_no TEXT NOT NULL DEFAULT '',"
    " filed_on TEXT NOT NULL,"
    " outcome TEXT,"
    " decided_on TEXT CHECK (decided_on >= filed_on),"
    " created_by TEXT NOT NULL CHECK (created_by <> ''),"
    " CHECK ((outcome IS NULL) = (decided_on IS NULL)));"
    "CREATE INDEX cases_decided ON cases(decided_on);"
    "CREATE INDEX cases_application ON cases(application_id);"
    /* Covering indexes of the report's grouped queries: a year's report
     * reads index entries only. */
    "CREATE INDEX applications_report_received"
    " ON applications(received_on, applicant_type);"
    "CREATE INDEX applications_report_closed"
    " ON applications(closed_on, received_on, applicant_type, outcome);";

gk_status gk__migrate_2(gk__store *st, gk_error *err) {
  return gk__store_exec(st, migration_2, err);
}

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

/* === SQLite helpers === */

gk_status gk__lr_sqlfail(sqlite3 *db, const char *doing, gk_error *err) {
  /* A lock, a read-only file, a full disk said as such (store_sqlite.c). */
  return gk__sqlite_fail(db, doing, err);
}

gk_status gk__lr_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st,
                         gk_error *err) {
  if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
    *st = NULL;
    return gk__lr_sqlfail(db, "prepare", err);
  }
  return GK_OK;
}

gk_status gk__lr_done(sqlite3 *db, sqlite3_stmt *st, const char *doing,
                      gk_error *err) {
  return sqlite3_step(st) == SQLITE_DONE ? GK_OK
                                         : gk__lr_sqlfail(db, doing, err);
}

/* === Filling the tables === */

/* Which applications a row of table apply counts, by its role: one
 * WHERE clause per role, shared by the report's grouped queries and by
 * --explain. ?1 = 1 January, ?2 = 31 December of the year. */
static const char *role_where_of(gk_row_role role, bool voided) {
  /* A voided application (migration 6) counts nowhere; voided_on is in
   * both covering indexes. 'voided': the voided ones the role would have
   * counted (gk_ledger_explain_voided). */
  /* Nor does a row of an import not done (migration 8; import_id is in
   * both covering indexes too). */
#define LIVE(w)                                                                \
  (voided ? w " AND voided_on IS NOT NULL AND " GK__APP_SEEN("")               \
          : w " AND voided_on IS NULL AND " GK__APP_SEEN(""))
  switch (role) {
  case GK_ROLE_NEW:
    return LIVE("received_on BETWEEN ?1 AND ?2");
  case GK_ROLE_CARRIED_IN:
    return LIVE("received_on < ?1 AND (closed_on IS NULL OR closed_on >= ?1)");
  case GK_ROLE_OUTCOME:
  case GK_ROLE_TOTAL:
    return LIVE("closed_on BETWEEN ?1 AND ?2");
  case GK_ROLE_CARRIED_OUT:
    return LIVE("received_on <= ?2 AND (closed_on IS NULL OR closed_on > ?2)");
  case GK_ROLE_NONE:
    break;
  }
#undef LIVE
  return NULL;
}

static const char *role_where(gk_row_role role) {
  return role_where_of(role, false);
}

/* The index each role's queries read, named: with the one-column date
 * indexes beside migration 2's covering ones, SQLite's planner (no
 * sqlite_stat1) took received_on's for carried_in/out and looked up a
 * million rows (1 M ledger: 4.5 s instead of 0.3 s). The covering index on
 * closed_on answers `closed_on IS NULL OR closed_on > ?` as two ranges. */
static const char *role_index(gk_row_role role) {
  return role == GK_ROLE_NEW ? "applications_report_received"
                             : "applications_report_closed";
}

typedef struct fill {
  sqlite3 *db;
  gk_report *rep;
  const gk_template *tpl;
  char from[24], to[24]; /* 1 January and 31 December of the year */
  char prior_to[24];     /* 31 December of the year before */
  gk_error *err;
} fill;

/* Binds ?1 and ?2 where the statement has them (carried_in needs ?1
 * only). */
static gk_status bind_year(fill *f, sqlite3_stmt *st) {
  int n = sqlite3_bind_parameter_count(st);
  if ((n >= 1 &&
       sqlite3_bind_text(st, 1, f->from, -1, SQLITE_STATIC) != SQLITE_OK) ||
      (n >= 2 &&
       sqlite3_bind_text(st, 2, f->to, -1, SQLITE_STATIC) != SQLITE_OK))
    return gk__lr_sqlfail(f->db, "report", f->err);
  return GK_OK;
}

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

/* Counts of one role row by applicant type (new, carried_in,
 * carried_out). */
static gk_status fill_role(fill *f, gk_row_role role) {
  int r = role_row(f->tpl, role);
  if (r < 0)
    return GK_OK;
  char sql[640];
  snprintf(sql, sizeof(sql),
           "SELECT applicant_type, count(*) FROM applications INDEXED BY %s "
           "WHERE %s GROUP BY 1",
           role_index(role), role_where(role));
  sqlite3_stmt *st = NULL;
  gk_status s = gk__lr_prepare(f->db, sql, &st, f->err);
  if (!s)
    s = bind_year(f, st);
  int sum = gk__row(f->tpl, GK_T_APPLY, (size_t)r)->colset->sum_col;
  int rc;
  while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *type = (const char *)sqlite3_column_text(st, 0);
    int c = type ? gk__apply_col(f->tpl, type) : -1;
    if (c < 0) {
      s = bad_value(f, "申请人类型", "applicant type", type);
      break;
    }
    int64_t n = GK__UNITS(sqlite3_column_int64(st, 1));
    add_cell(f, GK_T_APPLY, (size_t)r, (size_t)c, n);
    add_cell(f, GK_T_APPLY, (size_t)r, (size_t)sum, n);
  }
  if (!s && rc != SQLITE_DONE)
    s = gk__lr_sqlfail(f->db, "report", f->err);
  sqlite3_finalize(st);
  return s;
}

/* Applications closed in the year: their outcome rows and the total. */
static gk_status fill_outcomes(fill *f) {
  int total = role_row(f->tpl, GK_ROLE_TOTAL);
  char sql[640];
  snprintf(sql, sizeof(sql),
           "SELECT outcome, applicant_type, count(*) FROM applications "
           "INDEXED BY %s WHERE %s GROUP BY 1, 2",
           role_index(GK_ROLE_TOTAL), role_where(GK_ROLE_TOTAL));
  sqlite3_stmt *st = NULL;
  gk_status s = gk__lr_prepare(f->db, sql, &st, f->err);
  if (!s)
    s = bind_year(f, st);
  int sum = gk__row(f->tpl, GK_T_APPLY, 0)->colset->sum_col;
  int rc;
  while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *outcome = (const char *)sqlite3_column_text(st, 0);
    const char *type = (const char *)sqlite3_column_text(st, 1);
    int r = outcome ? gk__apply_outcome_row(f->tpl, outcome) : -1;
    int c = type ? gk__apply_col(f->tpl, type) : -1;
    if (r < 0) {
      s = bad_value(f, "办理结果", "outcome", outcome);
      break;
    }
    if (c < 0) {
      s = bad_value(f, "申请人类型", "applicant type", type);
      break;
    }
    int64_t n = GK__UNITS(sqlite3_column_int64(st, 2));
    add_cell(f, GK_T_APPLY, (size_t)r, (size_t)c, n);
    add_cell(f, GK_T_APPLY, (size_t)r, (size_t)sum, n);
    if (total >= 0) {
      add_cell(f, GK_T_APPLY, (size_t)total, (size_t)c, n);
      add_cell(f, GK_T_APPLY, (size_t)total, (size_t)sum, n);
    }
  }
  if (!s && rc != SQLITE_DONE)
    s = gk__lr_sqlfail(f->db, "report", f->err);
  sqlite3_finalize(st);
  return s;
}

/* An application closed before it was received cannot be counted (it
 * would break the balance): refuse the ledger, naming it. */
static gk_status check_applications(fill *f) {
  sqlite3_stmt *st = NULL;
  gk_status s = gk__lr_prepare(
      f->db,
      "SELECT ref FROM applications WHERE (closed_on < received_on "
      "OR (closed_on IS NULL) <> (outcome IS NULL)) AND " GK__APP_SEEN(
          "") " LIMIT 1",
      &st, f->err);
  if (s)
    return s;
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    char ex[64];
    const char *ref = (const char *)sqlite3_column_text(st, 0);
    gk__excerpt(ex, sizeof(ex), ref ? ref : "", ref ? strlen(ref) : 0, 40);
    s = gk__fail(f->err, GK_E_ARG, 0, 0, -1,
                 "申请 %s 的办结日期早于收到日期，或办结与办理结果不一致",
                 "application %s is closed before it was received, or its "
                 "closing date and outcome disagree",
                 ex);
  } else if (rc != SQLITE_DONE) {
    s = gk__lr_sqlfail(f->db, "report", f->err);
  }
  sqlite3_finalize(st);
  return s;
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
static gk_status fill_review(fill *f) {
  static const char *const sql[] = {
      "SELECT kind, outcome, count(*) FROM cases WHERE decided_on BETWEEN ?1 "
      "AND ?2 GROUP BY 1, 2",
      "SELECT kind, 'pending', count(*) FROM cases WHERE filed_on <= ?2 AND "
      "(decided_on IS NULL OR decided_on > ?2) GROUP BY 1"};
  gk_status s = GK_OK;
  for (size_t q = 0; !s && q < 2; q++) {
    sqlite3_stmt *st = NULL;
    s = gk__lr_prepare(f->db, sql[q], &st, f->err);
    if (!s)
      s = bind_year(f, st);
    int rc = SQLITE_DONE;
    while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
      const char *kind = (const char *)sqlite3_column_text(st, 0);
      const char *col = (const char *)sqlite3_column_text(st, 1);
      size_t t, r, c;
      if (!kind || !col ||
          gk_template_find(f->tpl, "review", kind, col, &t, &r, &c)) {
        s = gk__fail(f->err, GK_E_ARG, 0, 0, -1,
                     "台账中的复议诉讼案件类型或结果无法计入报告（%s，%s）",
                     "a case of the ledger has a kind or outcome the report "
                     "has no place for (%s, %s)",
                     kind ? kind : "NULL", col ? col : "NULL");
        break;
      }
      int64_t n = GK__UNITS(sqlite3_column_int64(st, 2));
      int sum = gk__row(f->tpl, t, r)->colset->sum_col;
      add_cell(f, t, r, c, n);
      if (sum >= 0 && (size_t)sum != c)
        add_cell(f, t, r, (size_t)sum, n);
    }
    if (!s && rc != SQLITE_DONE)
      s = gk__lr_sqlfail(f->db, "report", f->err);
    sqlite3_finalize(st);
  }
  return s;
}

/* One kind's record aggregates, indexed by measure. */
typedef struct kind_sums {
  int64_t v[GK__M_ITEMS_CHANGE + 1];
} kind_sums;

/* Disclose: aggregates per kind of approved records in two grouped
 * queries (events of the year and states at 31 December; item counts at
 * the two year ends), then each cell by its column's measure. */
static gk_status fill_disclose(fill *f) {
  static const char sums_sql[] =
      "SELECT kind,"
      " sum(CASE WHEN dated_on BETWEEN ?1 AND ?2 THEN count ELSE 0 END),"
      " sum(CASE WHEN published_on BETWEEN ?1 AND ?2 THEN count ELSE 0 END),"
      " sum(CASE WHEN published_on <= ?2 AND (repealed_on IS NULL OR"
      "  repealed_on > ?2) THEN count ELSE 0 END),"
      " sum(CASE WHEN repealed_on BETWEEN ?1 AND ?2 THEN count ELSE 0 END),"
      " sum(CASE WHEN dated_on <= ?2 AND (repealed_on IS NULL OR"
      "  repealed_on > ?2) THEN count ELSE 0 END),"
      " sum(CASE WHEN dated_on BETWEEN ?1 AND ?2 THEN amount ELSE 0 END)"
      " FROM records WHERE items = 0 AND published_on IS NOT NULL"
      " GROUP BY kind";
  /* The latest approved item count of each kind on or before a day. */
  static const char items_sql[] =
      "SELECT kind, count FROM (SELECT kind, count, row_number() OVER"
      " (PARTITION BY kind ORDER BY dated_on DESC, id DESC) AS k"
      " FROM records WHERE items = 1 AND published_on IS NOT NULL"
      " AND dated_on <= ?1) WHERE k = 1";
  static const gk__measure sum_cols[] = {
      GK__M_COUNT_YEAR,    GK__M_PUBLISHED_YEAR, GK__M_PUBLISHED_ALL,
      GK__M_REPEALED_YEAR, GK__M_IN_FORCE,       GK__M_AMOUNT_YEAR};
  const gk_table_def *td = &f->tpl->tables[GK_T_DISCLOSE];
  kind_sums sums[16];
  memset(sums, 0, sizeof(sums));
  if (td->nrows > sizeof(sums) / sizeof(sums[0]))
    return gk__fail(f->err, GK_E_ARG, 0, 0, -1, "模板行数过多",
                    "template has too many rows");
  sqlite3_stmt *st = NULL;
  gk_status s = gk__lr_prepare(f->db, sums_sql, &st, f->err);
  if (!s)
    s = bind_year(f, st);
  int rc = SQLITE_DONE;
  while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *kind = (const char *)sqlite3_column_text(st, 0);
    int r = kind ? gk__row_find(f->tpl, GK_T_DISCLOSE, kind) : -1;
    if (r < 0)
      continue; /* a kind the year's format has no row for */
    for (size_t i = 0; i < sizeof(sum_cols) / sizeof(sum_cols[0]); i++)
      sums[r].v[sum_cols[i]] = sqlite3_column_int64(st, (int)i + 1);
  }
  if (!s && rc != SQLITE_DONE)
    s = gk__lr_sqlfail(f->db, "report", f->err);
  sqlite3_finalize(st);
  for (int q = 0; !s && q < 2; q++) {
    const char *day = q == 0 ? f->prior_to : f->to;
    s = gk__lr_prepare(f->db, items_sql, &st, f->err);
    if (!s && sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC) != SQLITE_OK)
      s = gk__lr_sqlfail(f->db, "report", f->err);
    while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
      const char *kind = (const char *)sqlite3_column_text(st, 0);
      int r = kind ? gk__row_find(f->tpl, GK_T_DISCLOSE, kind) : -1;
      if (r < 0)
        continue;
      int64_t n = sqlite3_column_int64(st, 1);
      if (q == 0)
        sums[r].v[GK__M_ITEMS_PRIOR] = n;
      sums[r].v[GK__M_ITEMS_CHANGE] += q == 0 ? -n : n;
    }
    if (!s && rc != SQLITE_DONE)
      s = gk__lr_sqlfail(f->db, "report", f->err);
    sqlite3_finalize(st);
  }
  for (size_t r = 0; !s && r < td->nrows; r++) {
    const gk_colset *cs = td->rows[r].colset;
    for (size_t c = 0; c < cs->ncols; c++) {
      gk__measure m = gk__measure_of(cs->cols[c].id);
      int64_t v = sums[r].v[m];
      /* Amounts are stored scaled already; counts are whole numbers. */
      gk__cell(f->rep, GK_T_DISCLOSE, r, c)->value =
          m == GK__M_AMOUNT_YEAR ? v : GK__UNITS(v);
    }
  }
  return s;
}

/* The fees (国办函〔2020〕109号) paid in the year: payments dated in it,
 * one WHERE for the draft's sums and for gk_ledger_fees_paid's list. */
#define FEES_PAID_WHERE "paid_on BETWEEN ?1 AND ?2"

/* Section 六's figures: applications charged and 元 collected in the
 * year (the fees table, migration 4), and fee-paid events of the year
 * without a fee row (paid before the ledger recorded amounts). */
static gk_status fees_paid(fill *f, gk__fees *fees) {
  sqlite3_stmt *st = NULL;
  gk_status s = gk__lr_prepare(
      f->db,
      "SELECT count(DISTINCT application_id), coalesce(sum(paid_yuan), 0), "
      "count(*), (SELECT count(*) FROM application_events WHERE kind = "
      "'fee-paid' AND on_date BETWEEN ?1 AND ?2) FROM fees INDEXED BY "
      "fees_paid WHERE " FEES_PAID_WHERE,
      &st, f->err);
  if (!s)
    s = bind_year(f, st);
  if (!s && sqlite3_step(st) != SQLITE_ROW)
    s = gk__lr_sqlfail(f->db, "report", f->err);
  if (!s) {
    fees->apps = sqlite3_column_int64(st, 0);
    fees->yuan = sqlite3_column_int64(st, 1);
    fees->unrecorded =
        sqlite3_column_int64(st, 3) - sqlite3_column_int64(st, 2);
    if (fees->unrecorded < 0)
      fees->unrecorded = 0;
  }
  sqlite3_finalize(st);
  return s;
}

static void year_bounds(fill *f, int year) {
  snprintf(f->from, sizeof(f->from), "%04d-01-01", year);
  snprintf(f->to, sizeof(f->to), "%04d-12-31", year);
  snprintf(f->prior_to, sizeof(f->prior_to), "%04d-12-31", year - 1);
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
  f.db = gk__store_sqlite(led->store);
  f.tpl = gk_template_for_year(year);
  f.err = err;
  year_bounds(&f, year);
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
  if (sqlite3_exec(f.db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
    s = gk__lr_sqlfail(f.db, "report", err);
    goto fail;
  }
  s = fill_apply(&f);
  if (!s)
    s = fill_review(&f);
  if (!s)
    s = fill_disclose(&f);
  gk__fees fee = {0, 0, 0};
  if (!s)
    s = fees_paid(&f, &fee);
  sqlite3_exec(f.db, "ROLLBACK", NULL, NULL, NULL);
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
  fill f;
  memset(&f, 0, sizeof(f));
  f.db = gk__store_sqlite(led->store);
  f.tpl = gk_template_for_year(year);
  f.err = err;
  year_bounds(&f, year);
  size_t r, c;
  s = parse_cell(f.tpl, cell, &r, &c, err);
  if (s)
    return s;
  const gk_row_def *row = gk__row(f.tpl, GK_T_APPLY, r);
  bool all_types = (int)c == row->colset->sum_col;
  char sql[768];
  snprintf(sql, sizeof(sql),
           "SELECT ref, received_on, closed_on, outcome, applicant_type, "
           "void_reason FROM applications INDEXED BY %s WHERE %s%s ORDER BY "
           "received_on, ref",
           role_index(row->role), role_where_of(row->role, voided),
           all_types ? "" : " AND applicant_type = ?3");
  sqlite3_stmt *st = NULL;
  s = gk__lr_prepare(f.db, sql, &st, err);
  if (!s)
    s = bind_year(&f, st);
  if (!s && !all_types &&
      sqlite3_bind_text(st, 3, row->colset->cols[c].id, -1, SQLITE_STATIC) !=
          SQLITE_OK)
    s = gk__lr_sqlfail(f.db, "explain", err);
  int rc = SQLITE_DONE;
  while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    gk_explain_row e;
    e.ref = (const char *)sqlite3_column_text(st, 0);
    e.received_on = (const char *)sqlite3_column_text(st, 1);
    e.closed_on = (const char *)sqlite3_column_text(st, 2);
    e.outcome = (const char *)sqlite3_column_text(st, 3);
    e.applicant_type = (const char *)sqlite3_column_text(st, 4);
    e.void_reason = (const char *)sqlite3_column_text(st, 5);
    /* An outcome row counts the outcomes that map onto it. */
    if (row->role == GK_ROLE_OUTCOME &&
        (!e.outcome || gk__apply_outcome_row(f.tpl, e.outcome) != (int)r))
      continue;
    if (count)
      (*count)++;
    if (fn && fn(&e, ud))
      break;
  }
  if (!s && rc != SQLITE_DONE && rc != SQLITE_ROW)
    s = gk__lr_sqlfail(f.db, "explain", err);
  sqlite3_finalize(st);
  return s;
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
  fill f;
  memset(&f, 0, sizeof(f));
  f.db = gk__store_sqlite(led->store);
  f.err = err;
  year_bounds(&f, year);
  /* One read transaction: the list and the sums see the same ledger. */
  if (sqlite3_exec(f.db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    return gk__lr_sqlfail(f.db, "fees", err);
  gk__fees sums = {0, 0, 0};
  s = fees_paid(&f, &sums);
  sqlite3_stmt *st = NULL;
  if (!s && fn)
    s = gk__lr_prepare(f.db,
                       "SELECT a.ref, f.id, f.method, f.units, f.yuan, "
                       "f.noticed_on, f.paid_on, f.paid_yuan, f.receipt "
                       "FROM fees f INDEXED BY fees_paid JOIN applications a "
                       "ON a.id = f.application_id WHERE f." FEES_PAID_WHERE
                       " ORDER BY f.paid_on, a.ref, f.id",
                       &st, err);
  if (!s && fn)
    s = bind_year(&f, st);
  int rc = SQLITE_DONE;
  while (!s && fn && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    gk_app_fee fee;
    memset(&fee, 0, sizeof(fee));
    const char *m = (const char *)sqlite3_column_text(st, 2);
    fee.id = sqlite3_column_int64(st, 1);
    fee.method =
        m && strcmp(m, "piece") == 0 ? GK_FEE_BY_PIECE : GK_FEE_BY_PAGES;
    fee.units = sqlite3_column_int64(st, 3);
    fee.yuan = sqlite3_column_int64(st, 4);
    fee.noticed_on = gk__lr_date_col(st, 5);
    fee.paid_on = gk__lr_date_col(st, 6);
    fee.paid_yuan = sqlite3_column_int64(st, 7);
    fee.receipt = (const char *)sqlite3_column_text(st, 8);
    if (fn((const char *)sqlite3_column_text(st, 0), &fee, ud)) {
      rc = SQLITE_DONE;
      break;
    }
  }
  if (!s && rc != SQLITE_DONE)
    s = gk__lr_sqlfail(f.db, "fees", err);
  sqlite3_finalize(st);
  sqlite3_exec(f.db, "ROLLBACK", NULL, NULL, NULL);
  if (!s && apps)
    *apps = sums.apps;
  if (!s && yuan)
    *yuan = sums.yuan;
  return s;
}
