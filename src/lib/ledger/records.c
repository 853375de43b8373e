/* records.c: records of proactive disclosure and the report's other inputs
 * (table disclose of both formats, 条例 第二十条; spec/report-fields.md):
 * documents (规章, 规范性文件) with their issue, publication and repeal,
 * decisions (许可, 处罚, 强制…), item counts (项目数量, format 2019), fees
 * and procurement, each with its source document number (文号).
 *
 * Four eyes: a record counts in the report once a second person approved
 * it; the drafter cannot approve it (GK_E_DENIED). Records are never
 * deleted (a trigger refuses): a document is repealed by marking the day.
 * Every change is one transaction with its audit-log entry (before/after
 * as JSON, gk__store_audit). */
#include "ledger_report.h"

#include <jansson.h>
#include <string.h>

/* Every column of row 'id' of 'table' as a JSON object (for the audit
 * log), or NULL when absent or out of memory ('*st' says which). */
json_t *gk__lr_row_json(sqlite3 *db, const char *table, int64_t id,
                        gk_status *st, gk_error *err) {
  char sql[96];
  snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE id = ?1", table);
  sqlite3_stmt *q = NULL;
  *st = gk__lr_prepare(db, sql, &q, err);
  if (*st)
    return NULL;
  sqlite3_bind_int64(q, 1, id);
  json_t *obj = NULL;
  int rc = sqlite3_step(q);
  if (rc == SQLITE_ROW) {
    obj = json_object();
    for (int i = 0; obj && i < sqlite3_column_count(q); i++) {
      json_t *v = NULL;
      switch (sqlite3_column_type(q, i)) {
      case SQLITE_INTEGER:
        v = json_integer(sqlite3_column_int64(q, i));
        break;
      case SQLITE_TEXT:
        v = json_string((const char *)sqlite3_column_text(q, i));
        break;
      default:
        v = json_null();
        break;
      }
      if (!v || json_object_set_new(obj, sqlite3_column_name(q, i), v)) {
        json_decref(obj);
        obj = NULL;
      }
    }
    if (!obj)
      *st = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  } else if (rc == SQLITE_DONE) {
    *st = gk__fail(err, GK_E_NOT_FOUND, 0, 0, -1, "没有编号为 %lld 的记录",
                   "no record with id %lld", (long long)id);
  } else {
    *st = gk__lr_sqlfail(db, table, err);
  }
  sqlite3_finalize(q);
  return obj;
}

/* Audits the change of row 'id' ('before' may be NULL for an insert;
 * takes it) and commits; rolls back on failure. */
gk_status gk__lr_audit_commit(gk_ledger *led, const char *table, int64_t id,
                              const char *action, json_t *before,
                              gk_error *err) {
  sqlite3 *db = gk__store_sqlite(led->store);
  gk_status s = GK_OK;
  json_t *after = gk__lr_row_json(db, table, id, &s, err);
  if (!s)
    s = gk__store_audit(led->store, led->actor, table, id, action, before,
                        after, err);
  if (!s)
    s = gk__store_commit(led->store, err);
  if (s)
    gk__store_rollback(led->store);
  json_decref(before);
  json_decref(after);
  return s;
}

/* The actor making a change: records need a named person (four eyes). */
gk_status gk__lr_actor(const gk_ledger *led, gk_error *err) {
  if (led->actor && *led->actor && strcmp(led->actor, "unknown") != 0)
    return GK_OK;
  return gk__fail_param(err, GK_E_ARG, "actor",
                        "记录和案件的变更需要注明操作人",
                        "changes to records and cases need a named actor");
}

/* True if 'kind' is a row id of some template's table disclose. */
static bool kind_known(const char *kind) {
  for (size_t i = 0; gk__templates[i]; i++)
    if (gk__row_find(gk__templates[i], GK_T_DISCLOSE, kind) >= 0)
      return true;
  return false;
}

/* Documents are the kinds with a repeal or in-force column. */
static bool kind_is_document(const char *kind) {
  return gk__kind_has(kind, GK__M_REPEALED_YEAR) ||
         gk__kind_has(kind, GK__M_PUBLISHED_ALL);
}

static gk_status bad_record(gk_error *err, const char *zh, const char *en,
                            const char *kind) {
  return gk__fail(err, GK_E_ARG, 0, 0, -1, zh, en, kind ? kind : "");
}

static gk_status check_record(const gk_record *r, int64_t *count,
                              gk_error *err) {
  if (!r->kind || !kind_known(r->kind))
    return bad_record(err,
                      "记录类型“%s”未知（应为表二 disclose 的行 id，见 "
                      "docs/ledger.md）",
                      "unknown record kind '%s' (want a row id of table "
                      "disclose, see docs/ledger.md)",
                      r->kind);
  if (!r->doc_no || !*r->doc_no)
    return bad_record(err, "记录（%s）缺少文号", "record (%s) lacks its 文号",
                      r->kind);
  char iso[11];
  if (!gk__iso_date(iso, r->date))
    return bad_record(err, "记录（%s）的日期无效",
                      "record (%s) has no valid date", r->kind);
  if (r->items && !gk__kind_has(r->kind, GK__M_ITEMS_PRIOR))
    return bad_record(err, "“%s”没有项目数量", "kind '%s' has no item count",
                      r->kind);
  if (r->count < 0 || r->amount < 0)
    return bad_record(err, "记录（%s）的数量或金额为负数",
                      "record (%s) has a negative count or amount", r->kind);
  if (r->amount && (r->items || !gk__kind_has(r->kind, GK__M_AMOUNT_YEAR)))
    return bad_record(err, "“%s”的记录没有金额", "a '%s' record has no amount",
                      r->kind);
  *count = r->count;
  if (kind_is_document(r->kind) && !r->items) {
    if (r->count > 1)
      return bad_record(err, "文件记录（%s）一条只记一件",
                        "a document record (%s) counts one document", r->kind);
    *count = 1;
  }
  return GK_OK;
}

bool gk__iso_date(char out[11], int32_t d) {
  if (!gk_date_valid(d))
    return false;
  gk__iso_format(d, out);
  return true;
}

gk_status gk_record_add(gk_ledger *led, const gk_record *rec, int64_t *id,
                        gk_error *err) {
  if (!led || !rec)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  gk_status bad = gk__opts_version(rec->version, GK_RECORD_VERSION, "gk_record",
                                   "rec", err);
  if (bad)
    return bad;
  int64_t count = 0;
  gk_status s = gk__lr_actor(led, err);
  if (!s)
    s = check_record(rec, &count, err);
  if (s)
    return s;
  sqlite3 *db = gk__store_sqlite(led->store);
  char date[11];
  gk__iso_date(date, rec->date);
  s = gk__store_begin(led->store, err);
  if (s)
    return s;
  sqlite3_stmt *q = NULL;
  s = gk__lr_prepare(db,
                     "INSERT INTO records (kind, items, doc_no, title, "
                     "dated_on, count, amount, drafted_by) VALUES "
                     "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                     &q, err);
  if (!s) {
    sqlite3_bind_text(q, 1, rec->kind, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 2, rec->items ? 1 : 0);
    sqlite3_bind_text(q, 3, rec->doc_no, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, rec->title ? rec->title : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, date, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 6, count);
    sqlite3_bind_int64(q, 7, rec->amount);
    sqlite3_bind_text(q, 8, led->actor, -1, SQLITE_STATIC);
    s = gk__lr_done(db, q, "records", err);
  }
  sqlite3_finalize(q);
  if (s) {
    gk__store_rollback(led->store);
    return s;
  }
  int64_t rid = sqlite3_last_insert_rowid(db);
  s = gk__lr_audit_commit(led, "records", rid, "insert", NULL, err);
  if (!s && id)
    *id = rid;
  return s;
}

/* Begins a change of record 'id': its state before, in the transaction. */
static gk_status begin_change(gk_ledger *led, int64_t id, json_t **before,
                              gk_error *err) {
  gk_status s = gk__lr_actor(led, err);
  if (!s)
    s = gk__store_begin(led->store, err);
  if (s)
    return s;
  *before =
      gk__lr_row_json(gk__store_sqlite(led->store), "records", id, &s, err);
  if (s)
    gk__store_rollback(led->store);
  return s;
}

static const char *field(json_t *obj, const char *key) {
  return json_string_value(json_object_get(obj, key));
}

static gk_status abandon(gk_ledger *led, json_t *before, gk_status s) {
  gk__store_rollback(led->store);
  json_decref(before);
  return s;
}

gk_status gk_record_approve(gk_ledger *led, int64_t id, int32_t date,
                            gk_error *err) {
  if (!led)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  char day[11];
  if (!gk__iso_date(day, date ? date : gk__today(led)))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "审核日期无效",
                    "invalid approval date");
  json_t *before = NULL;
  gk_status s = begin_change(led, id, &before, err);
  if (s)
    return s;
  const char *drafter = field(before, "drafted_by");
  if (field(before, "approved_by"))
    return abandon(led, before,
                   gk__fail(err, GK_E_STATE, 0, 0, -1, "记录 %lld 已由 %s 审核",
                            "record %lld was "
                            "already approved by %s",
                            (long long)id, field(before, "approved_by")));
  /* Drafters recorded before names were normalised compare normalised. */
  char drafter_norm[1024];
  if (drafter &&
      !gk_actor_normalize(drafter, drafter_norm, sizeof(drafter_norm), NULL))
    drafter = drafter_norm;
  if (drafter && strcmp(drafter, led->actor) == 0)
    return abandon(led, before,
                   gk__fail(err, GK_E_DENIED, 0, 0, -1,
                            "%s 是记录 %lld 的起草人，不能审核自己起草的记录："
                            "公开前须由另一人审核",
                            "%s drafted record %lld and cannot approve it: "
                            "publishing needs a second person's approval",
                            led->actor, (long long)id));
  const char *dated = field(before, "dated_on");
  if (dated && strcmp(day, dated) < 0)
    return abandon(led, before,
                   gk__fail(err, GK_E_ARG, 0, 0, -1,
                            "审核日期 %s 早于记录日期 %s",
                            "approval date %s is before the record's date %s",
                            day, dated));
  sqlite3 *db = gk__store_sqlite(led->store);
  sqlite3_stmt *q = NULL;
  s = gk__lr_prepare(db,
                     "UPDATE records SET approved_by = ?1, published_on = ?2 "
                     "WHERE id = ?3",
                     &q, err);
  if (!s) {
    sqlite3_bind_text(q, 1, led->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, day, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, id);
    s = gk__lr_done(db, q, "records", err);
  }
  sqlite3_finalize(q);
  if (s)
    return abandon(led, before, s);
  return gk__lr_audit_commit(led, "records", id, "approve", before, err);
}

gk_status gk_record_repeal(gk_ledger *led, int64_t id, int32_t date,
                           gk_error *err) {
  if (!led)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  char day[11];
  if (!gk__iso_date(day, date ? date : gk__today(led)))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "废止日期无效",
                    "invalid repeal date");
  json_t *before = NULL;
  gk_status s = begin_change(led, id, &before, err);
  if (s)
    return s;
  const char *kind = field(before, "kind");
  if (!kind || !kind_is_document(kind) ||
      json_integer_value(json_object_get(before, "items")))
    return abandon(led, before,
                   gk__fail(err, GK_E_STATE, 0, 0, -1,
                            "记录 %lld 不是规章或规范性文件，不能废止",
                            "record %lld is not a regulation or normative "
                            "document and cannot be repealed",
                            (long long)id));
  if (!field(before, "published_on") || field(before, "repealed_on"))
    return abandon(led, before,
                   gk__fail(err, GK_E_STATE, 0, 0, -1,
                            "记录 %lld 尚未审核公开或已经废止",
                            "record %lld is not published yet or already "
                            "repealed",
                            (long long)id));
  const char *dated = field(before, "dated_on");
  if (dated && strcmp(day, dated) < 0)
    return abandon(
        led, before,
        gk__fail(err, GK_E_ARG, 0, 0, -1, "废止日期 %s 早于制发日期 %s",
                 "repeal date %s is before the issue date %s", day, dated));
  sqlite3 *db = gk__store_sqlite(led->store);
  sqlite3_stmt *q = NULL;
  s = gk__lr_prepare(db,
                     "UPDATE records SET repealed_on = ?1, repealed_by = ?2 "
                     "WHERE id = ?3",
                     &q, err);
  if (!s) {
    sqlite3_bind_text(q, 1, day, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, led->actor, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, id);
    s = gk__lr_done(db, q, "records", err);
  }
  sqlite3_finalize(q);
  if (s)
    return abandon(led, before, s);
  return gk__lr_audit_commit(led, "records", id, "repeal", before, err);
}

/* YYYYMMDD of an ISO date column, 0 when NULL. */
int32_t gk__lr_date_col(sqlite3_stmt *q, int i) {
  const char *s = (const char *)sqlite3_column_text(q, i);
  int32_t d = 0;
  if (!s || !gk__iso_parse(s, strlen(s), &d))
    return 0;
  return d;
}

gk_status gk_record_list(gk_ledger *led, gk_record_fn fn, void *ud,
                         gk_error *err) {
  if (!led || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  sqlite3 *db = gk__store_sqlite(led->store);
  sqlite3_stmt *q = NULL;
  gk_status s = gk__lr_prepare(
      db,
      "SELECT id, kind, items, doc_no, title, dated_on, count, amount, "
      "drafted_by, approved_by, published_on, repealed_on FROM records "
      "ORDER BY id",
      &q, err);
  int rc = SQLITE_DONE;
  while (!s && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    gk_record r = GK_RECORD_INIT; /* what the caller reads: this layout */
    r.id = sqlite3_column_int64(q, 0);
    r.kind = (const char *)sqlite3_column_text(q, 1);
    r.items = sqlite3_column_int(q, 2);
    r.doc_no = (const char *)sqlite3_column_text(q, 3);
    r.title = (const char *)sqlite3_column_text(q, 4);
    r.date = gk__lr_date_col(q, 5);
    r.count = sqlite3_column_int64(q, 6);
    r.amount = sqlite3_column_int64(q, 7);
    r.drafted_by = (const char *)sqlite3_column_text(q, 8);
    r.approved_by = (const char *)sqlite3_column_text(q, 9);
    r.published_on = gk__lr_date_col(q, 10);
    r.repealed_on = gk__lr_date_col(q, 11);
    if (fn(&r, ud))
      break;
  }
  if (!s && rc != SQLITE_DONE && rc != SQLITE_ROW)
    s = gk__lr_sqlfail(db, "records", err);
  sqlite3_finalize(q);
  return s;
}
