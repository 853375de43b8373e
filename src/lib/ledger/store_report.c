/* store_report.c: the store's SQL for the records of proactive
 * disclosure, the review cases and the annual report's counts (store.h
 * "Records, cases and the report"). records.c, cases.c and report.c hold
 * the rules (four eyes, dates, which cell a count goes to) and call these;
 * the SQL of the report's grouped queries, over covering indexes, is here,
 * in one place with the store's (docs/internals/ledger.md). Migration 2
 * (the tables and indexes) is in store.c with the others. */
#include "db.h"
#include "store.h"

#include <stdio.h>
#include <string.h>

static gk_status nomem(gk_error *err) {
  return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
}

static bool is_sqlite(gk__store *st) {
  return gk__db_backend(gk__store_db(st)) == GK__DB_SQLITE;
}

/* Prepares 'sql' naming 'doing' in its failures. */
static gk_status prepare(gk__store *st, const char *doing, const char *sql,
                         gk__stmt **out, gk_error *err) {
  gk__db_doing(gk__store_db(st), doing);
  return gk__db_prepare(gk__store_db(st), sql, out, err);
}

/* === Rows as JSON (audit log) === */

gk_status gk__store_row_json(gk__store *st, const char *table, int64_t id,
                             json_t **out, gk_error *err) {
  *out = NULL;
  if (strcmp(table, "records") != 0 && strcmp(table, "cases") != 0)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  char sql[96];
  snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE id = ?", table);
  gk__stmt *q = NULL;
  gk_status s = prepare(st, table, sql, &q, err);
  if (s)
    return s;
  gk__bind_int(q, 1, id);
  bool row = false;
  s = gk__stmt_step(q, &row, err);
  if (!s && row) {
    json_t *obj = json_object();
    for (int i = 0; obj && i < gk__col_count(q); i++) {
      /* integers as numbers, text as strings, NULL as null */
      json_t *v = gk__col_is_null(q, i)  ? json_null()
                  : gk__col_is_int(q, i) ? json_integer(gk__col_int(q, i))
                                         : json_string(gk__col_text(q, i));
      if (!v || json_object_set_new(obj, gk__col_name(q, i), v)) {
        json_decref(obj);
        obj = NULL;
      }
    }
    if (!obj)
      s = nomem(err);
    *out = obj;
  } else if (!s) {
    s = gk__fail(err, GK_E_NOT_FOUND, 0, 0, -1, "没有编号为 %lld 的记录",
                 "no record with id %lld", (long long)id);
  }
  gk__stmt_free(q);
  return s;
}

/* === Records === */

gk_status gk__store_record_insert(gk__store *st, const gk_record *rec,
                                  int64_t count, const char *actor, int64_t *id,
                                  gk_error *err) {
  gk__stmt *q = NULL;
  *id = 0;
  gk_status s = prepare(st, "records",
                        "INSERT INTO records (kind, items, doc_no, title, "
                        "dated_on, count, amount, drafted_by) VALUES "
                        "(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        &q, err);
  if (s)
    return s;
  gk__bind_text(q, 1, rec->kind);
  gk__bind_int(q, 2, rec->items ? 1 : 0);
  gk__bind_text(q, 3, rec->doc_no);
  gk__bind_text(q, 4, rec->title ? rec->title : "");
  gk__bind_date(q, 5, rec->date);
  gk__bind_int(q, 6, count);
  gk__bind_int(q, 7, rec->amount);
  gk__bind_text(q, 8, actor);
  bool row = false;
  s = gk__stmt_step(q, &row, err);
  if (!s && row) {
    *id = gk__col_int(q, 0);
    s = gk__stmt_run(q, err);
  }
  gk__stmt_free(q);
  return s;
}

/* Sets two columns of record 'id': a text and a day, in the order the
 * statement names them. */
static gk_status record_set(gk__store *st, const char *sql, int64_t id,
                            const char *text, int text_at, int32_t day,
                            gk_error *err) {
  gk__stmt *q = NULL;
  gk_status s = prepare(st, "records", sql, &q, err);
  if (s)
    return s;
  gk__bind_text(q, text_at, text);
  gk__bind_date(q, text_at == 1 ? 2 : 1, day);
  gk__bind_int(q, 3, id);
  s = gk__stmt_run(q, err);
  gk__stmt_free(q);
  return s;
}

gk_status gk__store_record_approve(gk__store *st, int64_t id, const char *actor,
                                   int32_t day, gk_error *err) {
  return record_set(st,
                    "UPDATE records SET approved_by = ?, published_on = ? "
                    "WHERE id = ?",
                    id, actor, 1, day, err);
}

gk_status gk__store_record_repeal(gk__store *st, int64_t id, const char *actor,
                                  int32_t day, gk_error *err) {
  return record_set(st,
                    "UPDATE records SET repealed_on = ?, repealed_by = ? "
                    "WHERE id = ?",
                    id, actor, 2, day, err);
}

gk_status gk__store_record_each(gk__store *st, gk_record_fn fn, void *ud,
                                gk_error *err) {
  gk__stmt *q = NULL;
  gk_status s =
      prepare(st, "records",
              "SELECT id, kind, items, doc_no, title, dated_on, count, amount, "
              "drafted_by, approved_by, published_on, repealed_on FROM records "
              "ORDER BY id",
              &q, err);
  bool row = false;
  while (!s && !(s = gk__stmt_step(q, &row, err)) && row) {
    gk_record r = GK_RECORD_INIT; /* what the caller reads: this layout */
    r.id = gk__col_int(q, 0);
    r.kind = gk__col_text(q, 1);
    r.items = (int)gk__col_int(q, 2);
    r.doc_no = gk__col_text(q, 3);
    r.title = gk__col_text(q, 4);
    r.date = gk__col_date(q, 5);
    r.count = gk__col_int(q, 6);
    r.amount = gk__col_int(q, 7);
    r.drafted_by = gk__col_text(q, 8);
    r.approved_by = gk__col_text(q, 9);
    r.published_on = gk__col_date(q, 10);
    r.repealed_on = gk__col_date(q, 11);
    if (fn(&r, ud))
      break;
  }
  gk__stmt_free(q);
  return s;
}

/* === Cases === */

gk_status gk__store_case_insert(gk__store *st, const gk_case *c, int64_t app_id,
                                const char *actor, int64_t *id, gk_error *err) {
  gk__stmt *q = NULL;
  *id = 0;
  gk_status s = prepare(st, "cases",
                        "INSERT INTO cases (kind, application_id, case_no, "
                        "filed_on, created_by) VALUES (?, ?, ?, ?, ?) "
                        "RETURNING id",
                        &q, err);
  if (s)
    return s;
  gk__bind_text(q, 1, c->kind);
  gk__bind_int(q, 2, app_id);
  gk__bind_text(q, 3, c->case_no ? c->case_no : "");
  gk__bind_date(q, 4, c->filed_on);
  gk__bind_text(q, 5, actor);
  bool row = false;
  s = gk__stmt_step(q, &row, err);
  if (!s && row) {
    *id = gk__col_int(q, 0);
    s = gk__stmt_run(q, err);
  }
  gk__stmt_free(q);
  return s;
}

gk_status gk__store_case_close(gk__store *st, int64_t id, const char *outcome,
                               int32_t day, gk_error *err) {
  gk__stmt *q = NULL;
  gk_status s = prepare(st, "cases",
                        "UPDATE cases SET outcome = ?, decided_on = ? WHERE "
                        "id = ?",
                        &q, err);
  if (s)
    return s;
  gk__bind_text(q, 1, outcome);
  gk__bind_date(q, 2, day);
  gk__bind_int(q, 3, id);
  s = gk__stmt_run(q, err);
  gk__stmt_free(q);
  return s;
}

gk_status gk__store_case_each(gk__store *st, gk_case_fn fn, void *ud,
                              gk_error *err) {
  gk__stmt *q = NULL;
  gk_status s =
      prepare(st, "cases",
              "SELECT c.id, c.kind, a.ref, c.case_no, c.filed_on, c.outcome, "
              "c.decided_on, c.created_by FROM cases c JOIN applications a ON "
              "a.id = c.application_id ORDER BY c.id",
              &q, err);
  bool row = false;
  while (!s && !(s = gk__stmt_step(q, &row, err)) && row) {
    gk_case c = GK_CASE_INIT; /* what the caller reads: this layout */
    c.id = gk__col_int(q, 0);
    c.kind = gk__col_text(q, 1);
    c.application_ref = gk__col_text(q, 2);
    c.case_no = gk__col_text(q, 3);
    c.filed_on = gk__col_date(q, 4);
    c.outcome = gk__col_text(q, 5);
    c.decided_on = gk__col_date(q, 6);
    c.created_by = gk__col_text(q, 7);
    if (fn(&c, ud))
      break;
  }
  gk__stmt_free(q);
  return s;
}

/* === The report's counts (docs/ledger.md "Which application counts
 * where") === */

/* Which applications a row of table apply counts, by its role: one
 * WHERE clause per role, shared by the report's grouped queries and by
 * --explain. ?1 = 1 January, ?2 = 31 December of the year; a role that
 * needs one day names it ?1 (bind_role_days). */
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
  case GK_ROLE_CARRIED_OUT: /* ?1 = 31 December alone (bind_role_days) */
    return LIVE("received_on <= ?1 AND (closed_on IS NULL OR closed_on > ?1)");
  case GK_ROLE_NONE:
    break;
  }
#undef LIVE
  return NULL;
}

/* The index each role's queries read, named (SQLite only: INDEXED BY):
 * with the one-column date indexes beside migration 2's covering ones,
 * SQLite's planner (no sqlite_stat1) took received_on's for carried_in/out
 * and looked up a million rows (1 M ledger: 4.5 s instead of 0.3 s). The
 * covering index on closed_on answers `closed_on IS NULL OR closed_on > ?`
 * as two ranges. */
static const char *role_index(gk__store *st, gk_row_role role) {
  if (!is_sqlite(st))
    return "";
  return role == GK_ROLE_NEW ? "INDEXED BY applications_report_received"
                             : "INDEXED BY applications_report_closed";
}

/* The rows 'role' counts as "FROM ... WHERE ..." into 'out' (size 'cap').
 * SQLite: the table with its index named, the role's WHERE. PostgreSQL:
 * carried_in's and carried_out's `closed_on IS NULL OR closed_on >= day`
 * as a UNION ALL of the open rows and the closed ones, each half one
 * index range per agency of the subtree, read from the index alone; as
 * one OR PostgreSQL read every index entry of the subtree (10 M
 * applications: 11 s) or visited the rows (3 s). The halves are
 * disjoint: the same rows, the same counts. False if 'cap' is short. */
static bool role_from(gk__store *st, gk_row_role role, bool voided, char *out,
                      size_t cap) {
  int n;
  if (is_sqlite(st) ||
      (role != GK_ROLE_CARRIED_IN && role != GK_ROLE_CARRIED_OUT)) {
    n = snprintf(out, cap, "applications %s WHERE %s%s", role_index(st, role),
                 role_where_of(role, voided), gk__store_scope(st, false));
  } else {
    const char *seen = voided
                           ? " AND voided_on IS NOT NULL AND " GK__APP_SEEN("")
                           : " AND voided_on IS NULL AND " GK__APP_SEEN("");
    const char *recv =
        role == GK_ROLE_CARRIED_IN ? "received_on < ?1" : "received_on <= ?1";
    const char *closed =
        role == GK_ROLE_CARRIED_IN ? "closed_on >= ?1" : "closed_on > ?1";
    n = snprintf(out, cap,
                 "(SELECT * FROM applications WHERE %s AND closed_on IS NULL%s"
                 " UNION ALL SELECT * FROM applications WHERE %s AND %s%s)"
                 " AS applications WHERE true%s",
                 recv, seen, recv, closed, seen, gk__store_scope(st, false));
  }
  return n > 0 && (size_t)n < cap;
}

/* Binds ?1 and ?2, the year's first and last day; 'n' of them (carried_in
 * names ?1 only). */
static void bind_year(gk__stmt *q, int year, int n) {
  gk__bind_date(q, 1, year * 10000 + 101);
  if (n >= 2)
    gk__bind_date(q, 2, year * 10000 + 1231);
}

/* Binds the days role_where_of's clause names and returns how many:
 * carried_in and carried_out one each as ?1 (1 January, 31 December),
 * the others the year's two. A parameter the text skips cannot be typed
 * by PostgreSQL (42P18), so none is left out. */
static int bind_role_days(gk__stmt *q, gk_row_role role, int year) {
  if (role == GK_ROLE_CARRIED_IN || role == GK_ROLE_CARRIED_OUT) {
    gk__bind_date(q, 1,
                  year * 10000 + (role == GK_ROLE_CARRIED_IN ? 101 : 1231));
    return 1;
  }
  bind_year(q, year, 2);
  return 2;
}

/* Runs a grouped count whose rows are (a, [b,] n), calling fn(a, b, n). */
static gk_status each_count(gk__stmt *q, int cols, gk__count_fn fn, void *ud,
                            gk_error *err) {
  bool row = false;
  gk_status s;
  while (!(s = gk__stmt_step(q, &row, err)) && row)
    if (fn(gk__col_text(q, 0), cols == 3 ? gk__col_text(q, 1) : NULL,
           gk__col_int(q, cols - 1), ud))
      break;
  return s;
}

gk_status gk__store_report_apps(gk__store *st, gk_row_role role, int year,
                                gk__count_fn fn, void *ud, gk_error *err) {
  bool outcome = role == GK_ROLE_OUTCOME || role == GK_ROLE_TOTAL;
  char from[1024], sql[1200];
  if (!role_where_of(role, false) ||
      !role_from(st, role, false, from, sizeof(from)))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  snprintf(sql, sizeof(sql),
           outcome ? "SELECT outcome, applicant_type, count(*) FROM %s "
                     "GROUP BY 1, 2"
                   : "SELECT applicant_type, count(*) FROM %s GROUP BY 1",
           from);
  gk__stmt *q = NULL;
  gk_status s = prepare(st, "report", sql, &q, err);
  if (s)
    return s;
  bind_role_days(q, role, year);
  s = each_count(q, outcome ? 3 : 2, fn, ud, err);
  gk__stmt_free(q);
  return s;
}

gk_status gk__store_report_bad_app(gk__store *st, char ref[64], bool *found,
                                   gk_error *err) {
  ref[0] = '\0';
  *found = false;
  gk__stmt *q = NULL;
  char sql[400];
  snprintf(sql, sizeof(sql),
           "SELECT ref FROM applications WHERE (closed_on < received_on OR "
           "(closed_on IS NULL) <> (outcome IS NULL)) AND " GK__APP_SEEN(
               "") "%s LIMIT 1",
           gk__store_scope(st, false));
  gk_status s = prepare(st, "report", sql, &q, err);
  if (s)
    return s;
  s = gk__stmt_step(q, found, err);
  if (!s && *found) {
    const char *r = gk__col_text(q, 0);
    snprintf(ref, 64, "%s", r ? r : "");
  }
  gk__stmt_free(q);
  return s;
}

gk_status gk__store_report_cases(gk__store *st, int year, gk__count_fn fn,
                                 void *ud, gk_error *err) {
  /* decided in the year by outcome (a column id); filed by 31 December
   * (?1 alone: bind_role_days) and still undecided then (column
   * "pending") */
  static const char *const fmt[] = {
      "SELECT kind, outcome, count(*) FROM cases WHERE decided_on BETWEEN ?1 "
      "AND ?2%s GROUP BY 1, 2",
      "SELECT kind, 'pending', count(*) FROM cases WHERE filed_on <= ?1 AND "
      "(decided_on IS NULL OR decided_on > ?1)%s GROUP BY 1"};
  char sql[2][240];
  for (size_t i = 0; i < 2; i++)
    snprintf(sql[i], sizeof(sql[i]), fmt[i], gk__store_scope(st, false));
  gk_status s = GK_OK;
  int stop = 0;
  for (size_t i = 0; !s && !stop && i < 2; i++) {
    gk__stmt *q = NULL;
    s = prepare(st, "report", sql[i], &q, err);
    if (s)
      break;
    bind_role_days(q, i ? GK_ROLE_CARRIED_OUT : GK_ROLE_OUTCOME, year);
    bool row = false;
    while (!(s = gk__stmt_step(q, &row, err)) && row)
      if ((stop = fn(gk__col_text(q, 0), gk__col_text(q, 1), gk__col_int(q, 2),
                     ud)))
        break;
    gk__stmt_free(q);
  }
  return s;
}

gk_status gk__store_report_records(gk__store *st, int year,
                                   gk__record_sums_fn fn, void *ud,
                                   gk_error *err) {
  static const char fmt[] =
      "SELECT kind,"
      " sum(CASE WHEN dated_on BETWEEN ?1 AND ?2 THEN count ELSE 0 END),"
      " sum(CASE WHEN published_on BETWEEN ?1 AND ?2 THEN count ELSE 0 END),"
      " sum(CASE WHEN published_on <= ?2 AND (repealed_on IS NULL OR"
      "  repealed_on > ?2) THEN count ELSE 0 END),"
      " sum(CASE WHEN repealed_on BETWEEN ?1 AND ?2 THEN count ELSE 0 END),"
      " sum(CASE WHEN dated_on <= ?2 AND (repealed_on IS NULL OR"
      "  repealed_on > ?2) THEN count ELSE 0 END),"
      " sum(CASE WHEN dated_on BETWEEN ?1 AND ?2 THEN amount ELSE 0 END)"
      " FROM records WHERE items = 0 AND published_on IS NOT NULL%s"
      " GROUP BY kind";
  char sql[sizeof(fmt) + 64];
  snprintf(sql, sizeof(sql), fmt, gk__store_scope(st, false));
  gk__stmt *q = NULL;
  gk_status s = prepare(st, "report", sql, &q, err);
  if (s)
    return s;
  bind_year(q, year, 2);
  bool row = false;
  while (!(s = gk__stmt_step(q, &row, err)) && row) {
    int64_t v[GK__RECORD_SUMS];
    for (int i = 0; i < GK__RECORD_SUMS; i++)
      v[i] = gk__col_int(q, i + 1);
    if (fn(gk__col_text(q, 0), v, ud))
      break;
  }
  gk__stmt_free(q);
  return s;
}

gk_status gk__store_report_items(gk__store *st, int32_t day, gk__count_fn fn,
                                 void *ud, gk_error *err) {
  /* The latest approved item count of each kind on or before the day. */
  static const char fmt[] =
      "SELECT kind, count FROM (SELECT kind, count, row_number() OVER"
      " (PARTITION BY kind ORDER BY dated_on DESC, id DESC) AS k"
      " FROM records WHERE items = 1 AND published_on IS NOT NULL"
      " AND dated_on <= ?1%s) AS latest WHERE k = 1";
  char sql[sizeof(fmt) + 64];
  snprintf(sql, sizeof(sql), fmt, gk__store_scope(st, false));
  gk__stmt *q = NULL;
  gk_status s = prepare(st, "report", sql, &q, err);
  if (s)
    return s;
  gk__bind_date(q, 1, day);
  s = each_count(q, 2, fn, ud, err);
  gk__stmt_free(q);
  return s;
}

/* The fees (国办函〔2020〕109号) paid in the year: payments dated in it,
 * one WHERE for the draft's sums and for gk_ledger_fees_paid's list. */
#define FEES_PAID_WHERE "paid_on BETWEEN ?1 AND ?2"

gk_status gk__store_report_fees(gk__store *st, int year, int64_t *apps,
                                int64_t *yuan, int64_t *unrecorded,
                                gk_error *err) {
  char sql[400];
  snprintf(sql, sizeof(sql),
           "SELECT count(DISTINCT application_id), coalesce(sum(paid_yuan), "
           "0), count(*), (SELECT count(*) FROM application_events WHERE "
           "kind = 'fee-paid' AND on_date BETWEEN ?1 AND ?2%s) FROM fees %s "
           "WHERE " FEES_PAID_WHERE "%s",
           gk__store_scope(st, false),
           is_sqlite(st) ? "INDEXED BY fees_paid" : "",
           gk__store_scope(st, false));
  gk__stmt *q = NULL;
  gk_status s = prepare(st, "report", sql, &q, err);
  if (s)
    return s;
  bind_year(q, year, 2);
  bool row = false;
  s = gk__stmt_step(q, &row, err);
  if (!s && !row)
    s = gk__fail(err, GK_E_DB, 0, 0, -1, "数据库错误（%s）：%s",
                 "database error (%s): %s", "report", "no row");
  if (!s) {
    *apps = gk__col_int(q, 0);
    *yuan = gk__col_int(q, 1);
    *unrecorded = gk__col_int(q, 3) - gk__col_int(q, 2);
  }
  gk__stmt_free(q);
  return s;
}

gk_status gk__store_fees_paid_each(gk__store *st, int year, gk_fee_paid_fn fn,
                                   void *ud, gk_error *err) {
  char sql[400];
  snprintf(sql, sizeof(sql),
           "SELECT a.ref, f.id, f.method, f.units, f.yuan, f.noticed_on, "
           "f.paid_on, f.paid_yuan, f.receipt FROM fees f %s JOIN "
           "applications a ON a.id = f.application_id WHERE "
           "f." FEES_PAID_WHERE "%s ORDER BY f.paid_on, a.ref, f.id",
           is_sqlite(st) ? "INDEXED BY fees_paid" : "",
           gk__store_scope(st, true));
  gk__stmt *q = NULL;
  gk_status s = prepare(st, "fees", sql, &q, err);
  if (s)
    return s;
  bind_year(q, year, 2);
  bool row = false;
  while (!(s = gk__stmt_step(q, &row, err)) && row) {
    gk_app_fee fee;
    memset(&fee, 0, sizeof(fee));
    const char *m = gk__col_text(q, 2);
    fee.id = gk__col_int(q, 1);
    fee.method =
        m && strcmp(m, "piece") == 0 ? GK_FEE_BY_PIECE : GK_FEE_BY_PAGES;
    fee.units = gk__col_int(q, 3);
    fee.yuan = gk__col_int(q, 4);
    fee.noticed_on = gk__col_date(q, 5);
    fee.paid_on = gk__col_date(q, 6);
    fee.paid_yuan = gk__col_int(q, 7);
    fee.receipt = gk__col_text(q, 8);
    if (fn(gk__col_text(q, 0), &fee, ud))
      break;
  }
  gk__stmt_free(q);
  return s;
}

gk_status gk__store_explain(gk__store *st, gk_row_role role, bool voided,
                            int year, const char *type, gk_explain_fn fn,
                            void *ud, gk_error *err) {
  char from[1024];
  if (!role_where_of(role, voided) ||
      !role_from(st, role, voided, from, sizeof(from)))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  /* the type follows the year's parameters: ?2 after carried_in's and
   * carried_out's ?1 alone, since PostgreSQL cannot type a parameter the
   * text skips */
  int tp = role == GK_ROLE_CARRIED_IN || role == GK_ROLE_CARRIED_OUT ? 2 : 3;
  char sql[1400];
  snprintf(sql, sizeof(sql),
           "SELECT ref, received_on, closed_on, outcome, applicant_type, "
           "void_reason FROM %s%s ORDER BY received_on, ref",
           from,
           !type     ? ""
           : tp == 2 ? " AND applicant_type = ?2"
                     : " AND applicant_type = ?3");
  gk__stmt *q = NULL;
  gk_status s = prepare(st, "explain", sql, &q, err);
  if (s)
    return s;
  bind_role_days(q, role, year);
  if (type)
    gk__bind_text(q, tp, type);
  bool row = false;
  while (!(s = gk__stmt_step(q, &row, err)) && row) {
    gk_explain_row e;
    e.ref = gk__col_text(q, 0);
    e.received_on = gk__col_text(q, 1);
    e.closed_on = gk__col_text(q, 2);
    e.outcome = gk__col_text(q, 3);
    e.applicant_type = gk__col_text(q, 4);
    e.void_reason = gk__col_text(q, 5);
    if (fn(&e, ud))
      break;
  }
  gk__stmt_free(q);
  return s;
}
