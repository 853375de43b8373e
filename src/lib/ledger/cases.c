/* cases.c: reconsideration (行政复议) and litigation (行政诉讼, directly or
 * after reconsideration) about the agency's answers to applications
 * (条例 第五十一条; table review of spec/report-fields.md). A case is linked
 * to the application it concerns; its kind is a row id of table review,
 * its outcome one of the review columns (upheld, corrected, other), none
 * while pending. The report counts a case by its decision day, or as
 * pending at 31 December (report.c). Every change is one transaction with
 * its audit-log entry. */
#include "ledger_report.h"

#include <string.h>

/* The review table is the same in every template: the newest one names
 * the kinds and outcomes. */
static const gk_template *review_tpl(void) {
  const gk_template *t = NULL;
  for (size_t i = 0; gk__templates[i]; i++)
    t = gk__templates[i];
  return t;
}

static bool kind_valid(const char *kind) {
  return kind && gk__row_find(review_tpl(), GK_T_REVIEW, kind) >= 0;
}

/* An outcome is a review column that is neither the sum nor the pending
 * column (which the report fills from undecided cases). */
static bool outcome_valid(const char *outcome) {
  size_t r = 0, c = 0;
  if (!outcome || strcmp(outcome, "pending") == 0 ||
      gk_template_find(review_tpl(), "review",
                       gk__row(review_tpl(), GK_T_REVIEW, 0)->id, outcome, NULL,
                       &r, &c))
    return false;
  return (int)c != gk__row(review_tpl(), GK_T_REVIEW, r)->colset->sum_col;
}

gk_status gk_ledger_case_add(gk_ledger *led, const gk_case *c, int64_t *id,
                             gk_error *err) {
  if (!led || !c)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  gk_status bad =
      gk__opts_version(c->version, GK_CASE_VERSION, "gk_case", "c", err);
  if (bad)
    return bad;
  gk_status s = gk__lr_actor(led, err);
  if (s)
    return s;
  if (!kind_valid(c->kind))
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "案件类型“%s”未知（应为表四 review 的行：行政复议、"
                    "未经复议直接起诉、复议后起诉的 id）",
                    "unknown case kind '%s' (want a row id of table review)",
                    c->kind ? c->kind : "");
  char filed[11];
  if (!gk__iso_date(filed, c->filed_on))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "案件的立案日期无效",
                    "the case has no valid filing date");
  if (!c->application_ref || !*c->application_ref)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "案件须注明所涉申请的编号",
                    "a case names the application it concerns");
  s = gk__store_begin(led->store, err);
  if (s)
    return s;
  gk_app *app = NULL;
  s = gk__store_app_get(led->store, c->application_ref, &app, err);
  if (!s && app->received_on && c->filed_on < app->received_on) {
    char recv[11];
    gk__iso_format(app->received_on, recv);
    s = gk__fail(err, GK_E_ARG, 0, 0, -1,
                 "立案日期 %s 早于申请 %s 的收到日期 %s",
                 "filing date %s is before application %s was received "
                 "(%s)",
                 filed, c->application_ref, recv);
  }
  int64_t cid = 0;
  if (!s)
    s = gk__store_case_insert(led->store, c, app->id, led->actor, &cid, err);
  gk_app_free(led, app);
  if (s) {
    gk__store_rollback(led->store);
    return s;
  }
  s = gk__lr_audit_commit(led, "cases", cid, "insert", NULL, err);
  if (!s && id)
    *id = cid;
  return s;
}

gk_status gk_ledger_case_close(gk_ledger *led, int64_t id, const char *outcome,
                               int32_t date, gk_error *err) {
  if (!led)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  gk_status s = gk__lr_actor(led, err);
  if (s)
    return s;
  if (!outcome_valid(outcome))
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "案件结果“%s”未知（应为表四的列：upheld 结果维持、"
                    "corrected 结果纠正、other 其他结果）",
                    "unknown case outcome '%s' (want a column of table "
                    "review: upheld, corrected, other)",
                    outcome ? outcome : "");
  char day[11];
  date = date ? date : gk__today(led);
  if (!gk__iso_date(day, date))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "结案日期无效",
                    "invalid decision date");
  s = gk__store_begin(led->store, err);
  if (s)
    return s;
  json_t *before = NULL;
  s = gk__store_row_json(led->store, "cases", id, &before, err);
  const char *filed =
      before ? json_string_value(json_object_get(before, "filed_on")) : NULL;
  if (!s && json_string_value(json_object_get(before, "outcome")))
    s = gk__fail(err, GK_E_STATE, 0, 0, -1, "案件 %lld 已经审结",
                 "case %lld is already decided", (long long)id);
  else if (!s && filed && strcmp(day, filed) < 0)
    s = gk__fail(err, GK_E_ARG, 0, 0, -1, "结案日期 %s 早于立案日期 %s",
                 "decision date %s is before the filing date %s", day, filed);
  if (!s)
    s = gk__store_case_close(led->store, id, outcome, date, err);
  if (s) {
    gk__store_rollback(led->store);
    json_decref(before);
    return s;
  }
  return gk__lr_audit_commit(led, "cases", id, "close", before, err);
}

gk_status gk_ledger_case_list(gk_ledger *led, gk_case_fn fn, void *ud,
                              gk_error *err) {
  if (!led || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效", "invalid argument");
  return gk__store_case_each(led->store, fn, ud, err);
}
