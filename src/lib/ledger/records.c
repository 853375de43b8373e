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

/* Audits the change of row 'id' ('before' may be NULL for an insert;
 * takes it) and commits; rolls back on failure. */
gk_status gk__lr_audit_commit(gk_ledger *led, const char *table, int64_t id,
                              const char *action, json_t *before,
                              gk_error *err) {
  json_t *after = NULL;
  gk_status s = gk__store_row_json(led->store, table, id, &after, err);
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

gk_status gk_ledger_record_add(gk_ledger *led, const gk_record *rec,
                               int64_t *id, gk_error *err) {
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
  s = gk__store_begin(led->store, err);
  if (s)
    return s;
  int64_t rid = 0;
  s = gk__store_record_insert(led->store, rec, count, led->actor, &rid, err);
  if (s) {
    gk__store_rollback(led->store);
    return s;
  }
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
  s = gk__store_row_json(led->store, "records", id, before, err);
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

gk_status gk_ledger_record_approve(gk_ledger *led, int64_t id, int32_t date,
                                   gk_error *err) {
  if (!led)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  char day[11];
  date = date ? date : gk__today(led);
  if (!gk__iso_date(day, date))
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
  if (drafter && !gk_actor_normalize(drafter, drafter_norm,
                                     sizeof(drafter_norm), NULL))
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
  s = gk__store_record_approve(led->store, id, led->actor, date, err);
  if (s)
    return abandon(led, before, s);
  return gk__lr_audit_commit(led, "records", id, "approve", before, err);
}

gk_status gk_ledger_record_repeal(gk_ledger *led, int64_t id, int32_t date,
                                  gk_error *err) {
  if (!led)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  char day[11];
  date = date ? date : gk__today(led);
  if (!gk__iso_date(day, date))
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
  s = gk__store_record_repeal(led->store, id, led->actor, date, err);
  if (s)
    return abandon(led, before, s);
  return gk__lr_audit_commit(led, "records", id, "repeal", before, err);
}

gk_status gk_ledger_record_list(gk_ledger *led, gk_record_fn fn, void *ud,
                                gk_error *err) {
  if (!led || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  return gk__store_record_each(led->store, fn, ud, err);
}
