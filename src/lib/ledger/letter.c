/* letter.c (ledger): what a notice letter says, from the application and
 * the step its history records (write/letter.c makes the document), and
 * the daily digest of reminders.
 *
 * Sources: 条例 第三十条 (补正 and its period), 第三十二条 (15 working days
 * of the third party), 第三十三条 (reply period, extension), 第三十六条–
 * 第三十九条 (answers), 国办函〔2020〕109号 (fees; 20 working days to pay,
 * law.md); the periods are the deadline module's GK_DAYS_*. */
#include "ledger.h"
#include "store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* === Letters === */

/* The step a letter needs, and what the latest such step recorded. */
static const char *const step_of[GK_LETTER_KIND_LAST] = {
    [GK_LETTER_RECEIPT] = "register",
    [GK_LETTER_CORRECTION] = "request-correction",
    [GK_LETTER_EXTENSION] = "extend",
    [GK_LETTER_CONSULTATION] = "consult",
    [GK_LETTER_FEE] = "fee-notice",
    [GK_LETTER_ANSWER] = "answer",
};

typedef struct step {
  const char *kind; /* the event kind looked for */
  int want;         /* the nth step of that kind (1-based), 0: the latest */
  int seen;         /* steps of that kind met so far */
  int found;        /* the step wanted counts */
  int32_t on;       /* its day */
  json_t *detail;   /* its detail (owned), NULL if none */
} step;

static int step_event(const char *kind, int32_t on, const char *detail,
                      void *ud) {
  step *s = ud;
  if (strcmp(kind, s->kind) != 0)
    return 0;
  s->seen++;
  if (s->want && s->seen != s->want)
    return s->seen > s->want; /* past the one wanted: stop */
  json_decref(s->detail);
  s->detail = detail ? json_loads(detail, 0, NULL) : NULL;
  s->found = 1;
  s->on = on;
  return 0;
}

static const char *dstr(const step *s, const char *key) {
  return json_string_value(json_object_get(s->detail, key));
}

/* "2026年1月5日", "" for 0. */
static void cn_date(int32_t d, char out[32]) {
  if (!d)
    out[0] = '\0';
  else
    snprintf(out, 32, "%d年%d月%d日", d / 10000, d / 100 % 100, d % 100);
}

static gk_status set_date(gk_letter *l, const char *field, int32_t d,
                          gk_error *err) {
  char b[32];
  cn_date(d, b);
  return gk_letter_set(l, field, b, err);
}

/* A period's last day as the letter states it: a period counted through a
 * year without its holiday notice is provisional, and the letter says so
 * rather than promise a day the notice may move (issue 11 point 1). */
static gk_status set_due(gk_ledger *led, gk_letter *l, const char *field,
                         int32_t from, int32_t d, gk_error *err) {
  char b[96];
  cn_date(d, b);
  if (gk__due_provisional(led, from, d))
    snprintf(b + strlen(b), sizeof(b) - strlen(b), "%s",
             "（暂定，以国务院办公厅当年放假通知为准）");
  return gk_letter_set(l, field, b, err);
}

/* The answer's sentence for its outcome, citing the basis recorded
 * (第三十六条–第三十九条; an outcome's group is its id's prefix). */
static gk_status answer_text(gk_letter *l, const char *outcome,
                             const char *basis, gk_error *err) {
  const char *label = gk_vocab_label(GK_VOCAB_OUTCOME, outcome);
  if (!label)
    label = outcome ? outcome : "";
  if (!basis || !*basis)
    basis = "《中华人民共和国政府信息公开条例》";
  char buf[2048];
  if (outcome && strcmp(outcome, "granted") == 0)
    snprintf(buf, sizeof(buf),
             "经审查，您申请获取的政府信息属于公开范围。根据%s的规定，本机关"
             "予以公开，现将该政府信息提供给您（或告知获取该政府信息的方式、"
             "途径和时间）。",
             basis);
  else if (outcome && strcmp(outcome, "partial") == 0)
    snprintf(buf, sizeof(buf),
             "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息"
             "的内容，但能够作区分处理。根据%s的规定，本机关向您提供可以公开"
             "的政府信息内容，并对不予公开的内容说明理由。",
             basis);
  else if (outcome && strncmp(outcome, "denied.", 7) == 0)
    snprintf(buf, sizeof(buf),
             "经审查，您申请获取的政府信息%s。根据%s的规定，本机关决定不予"
             "公开。",
             label, basis);
  else if (outcome && strncmp(outcome, "unable.", 7) == 0)
    snprintf(buf, sizeof(buf),
             "经审查，本机关无法提供您申请获取的政府信息，理由是：%s。根据%s"
             "的规定，特此告知。",
             label, basis);
  else if (outcome && strncmp(outcome, "refused.", 8) == 0)
    snprintf(buf, sizeof(buf),
             "经审查，您的申请属于%s。根据%s的规定，本机关不予处理。", label,
             basis);
  else
    snprintf(buf, sizeof(buf),
             "经审查，本机关对您的申请作如下处理：%s。"
             "依据：%s。",
             label, basis);
  gk_status rc = gk_letter_set(l, "outcome", label, err);
  if (!rc)
    rc = gk_letter_set(l, "basis", basis, err);
  if (!rc)
    rc = gk_letter_set(l, "answer_text", buf, err);
  return rc;
}

/* The fields of 'kind' only that step 's' of application 'app' gives. */
static gk_status step_fields(gk_ledger *led, const gk_app *app,
                             gk_letter_kind kind, const step *s, gk_letter *l,
                             gk_error *err) {
  gk_status rc = GK_OK;
  int32_t d = 0;
  char num[32];
  switch (kind) {
  case GK_LETTER_RECEIPT:
    /* the reply period as at receipt: 20 working days from it (a 补正
     * later restarts it: the correction letter says so) */
    rc = gk__deadline(led, app->received_on, GK_DAYS_REPLY, NULL, 0, &d, err);
    if (!rc)
      rc = set_due(led, l, "due_on", app->received_on, d, err);
    break;
  case GK_LETTER_CORRECTION: {
    const char *u = dstr(s, "until");
    if (!u || !gk__iso_parse(u, strlen(u), &d))
      rc = gk__wd_add(led, s->on, GK_DAYS_CORRECTION_PERIOD, &d, err);
    if (!rc)
      rc = set_due(led, l, "until", s->on, d, err);
    break;
  }
  case GK_LETTER_EXTENSION: {
    json_int_t days = json_integer_value(json_object_get(s->detail, "days"));
    snprintf(num, sizeof(num), "%lld", (long long)days);
    rc = gk_letter_set(l, "days", num, err);
    if (!rc)
      rc = gk_letter_set(l, "reason", dstr(s, "reason"), err);
    if (!rc)
      rc = gk__app_reply_due(led, app, &d, err);
    if (!rc)
      rc = set_due(led, l, "due_on", app->period_from, d, err);
    break;
  }
  case GK_LETTER_CONSULTATION: {
    const char *sv = dstr(s, "served_on");
    int32_t from = s->on;
    if (sv && !gk__iso_parse(sv, strlen(sv), &from))
      from = s->on;
    rc = gk_letter_set(l, "party",
                       dstr(s, "reason") ? dstr(s, "reason") : "第三方", err);
    if (!rc)
      rc = gk__wd_add(led, from, GK_DAYS_THIRD_PARTY, &d, err);
    if (!rc)
      rc = set_date(l, "reply_by", d, err);
    break;
  }
  case GK_LETTER_FEE: {
    json_int_t yuan = json_integer_value(json_object_get(s->detail, "yuan"));
    json_int_t units = json_integer_value(json_object_get(s->detail, "units"));
    const char *m = dstr(s, "method");
    bool piece = m && strcmp(m, "piece") == 0;
    char u[96];
    snprintf(num, sizeof(num), "%lld", (long long)yuan);
    if (piece)
      snprintf(u, sizeof(u), "本月第%lld件申请", (long long)units);
    else
      snprintf(u, sizeof(u), "共%lld页", (long long)units);
    rc = gk_letter_set(l, "fee", num, err);
    if (!rc)
      rc = gk_letter_set(l, "fee_method", piece ? "按件" : "按量", err);
    if (!rc)
      rc = gk_letter_set(l, "fee_units", u, err);
    if (!rc)
      rc = gk__wd_add(led, s->on, GK_DAYS_FEE, &d, err);
    if (!rc)
      rc = set_date(l, "pay_by", d, err);
    break;
  }
  case GK_LETTER_ANSWER:
    rc = answer_text(l, dstr(s, "outcome") ? dstr(s, "outcome") : app->outcome,
                     dstr(s, "basis") ? dstr(s, "basis") : app->basis, err);
    break;
  default:
    break;
  }
  return rc;
}

gk_status gk_ledger_letter(gk_ledger *led, const char *ref, gk_letter_kind kind,
                           gk_letter **out, gk_error *err) {
  return gk_ledger_letter_nth(led, ref, kind, 0, out, err);
}

gk_status gk_ledger_letter_nth(gk_ledger *led, const char *ref,
                               gk_letter_kind kind, int n, gk_letter **out,
                               gk_error *err) {
  if (out)
    *out = NULL;
  if (!led || !ref || !out)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  if (n < 0)
    return gk__fail_param(err, GK_E_ARG, "n", "第 %d 次：次数不能为负",
                          "step %d: the count cannot be negative", n);
  if ((unsigned)kind >= GK_LETTER_KIND_LAST)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "未知的告知书种类 %d",
                    "unknown kind of letter %d", (int)kind);
  gk_app *app = NULL;
  gk_status rc = gk__store_app_get(led->store, ref, &app, err);
  if (rc)
    return rc;
  gk_letter *l = NULL;
  step s = {step_of[kind], n, 0, 0, 0, NULL};
  if (app->voided_on) {
    rc = gk__fail(err, GK_E_STATE, 0, 0, -1, "申请 %s 的登记已作废，不出具%s",
                  "application %s was voided: no %s", app->ref,
                  gk_letter_kind_label(kind), gk_letter_kind_name(kind));
    goto done;
  }
  rc = gk__store_event_each_detail(led->store, app->id, step_event, &s, err);
  if (rc)
    goto done;
  /* an application imported without its history was still received */
  if (!s.found && kind == GK_LETTER_RECEIPT && n <= 1) {
    s.found = 1;
    s.on = app->received_on;
  }
  if (!s.found && n > 1 && s.seen) {
    rc = gk__fail(err, GK_E_STATE, 0, 0, -1,
                  "申请 %s 的办理过程中这一步只有 %d 次，没有第 %d 次，不能出具%s",
                  "application %s has this step %d times, not %d: no %s",
                  app->ref, s.seen, n, gk_letter_kind_label(kind),
                  gk_letter_kind_name(kind));
    goto done;
  }
  if (!s.found) {
    rc = gk__fail(
        err, GK_E_STATE, 0, 0, -1, "申请 %s 的办理过程中没有这一步，不能出具%s",
        "application %s has no such step in its history: no %s", app->ref,
        gk_letter_kind_label(kind), gk_letter_kind_name(kind));
    goto done;
  }
  rc = gk_letter_new(&l, kind, &led->alloc, err);
  if (rc)
    goto done;
  /* the receipt is dated the day of receipt, others the step's day */
  rc = set_date(l, "date", kind == GK_LETTER_RECEIPT ? app->received_on : s.on,
                err);
  if (!rc)
    rc = gk_letter_set(l, "agency", led->agency, err);
  if (!rc)
    rc = gk_letter_set(l, "ref", app->ref, err);
  if (!rc)
    rc = set_date(l, "received_on", app->received_on, err);
  if (!rc)
    rc = gk_letter_set(l, "description", app->description, err);
  if (!rc && kind != GK_LETTER_CONSULTATION) {
    rc = gk_letter_set(l, "applicant",
                       app->applicant_name ? app->applicant_name : "申请人",
                       err);
    /* applicant_key leaves the store masked (gk_app); masked again in
     * case a caller's store ever hands it in clear */
    char masked[128];
    if (app->applicant_key)
      gk_id_mask(app->applicant_key, masked, sizeof(masked));
    else
      snprintf(masked, sizeof(masked), "%s", "未提供");
    if (!rc)
      rc = gk_letter_set(l, "applicant_id", masked, err);
  }
  if (!rc)
    rc = step_fields(led, app, kind, &s, l, err);
done:
  json_decref(s.detail);
  gk_app_free(led, app);
  if (rc)
    gk_letter_free(l);
  else
    *out = l;
  return rc;
}

/* === Reminders === */

static const struct {
  const char *name, *label;
} remind_kinds[GK_REMIND_KIND_LAST] = {
    [GK_REMIND_OVERDUE] = {"overdue", "已逾期"},
    [GK_REMIND_DUE_SOON] = {"due_soon", "即将到期"},
    [GK_REMIND_CORRECTION] = {"correction", "补正期限已过"},
    [GK_REMIND_FEE] = {"fee", "缴费期限已过"},
    [GK_REMIND_CONSULT] = {"consult", "征求意见期限已过"},
};

const char *gk_remind_kind_name(gk_remind_kind k) {
  return (unsigned)k < GK_REMIND_KIND_LAST ? remind_kinds[k].name : NULL;
}

const char *gk_remind_kind_label(gk_remind_kind k) {
  return (unsigned)k < GK_REMIND_KIND_LAST ? remind_kinds[k].label : NULL;
}

typedef struct ritem {
  gk_remind_kind kind;
  char *ref;         /* owned */
  const char *state; /* static (gk_vocab_find) */
  int32_t due_on;
  int provisional;
} ritem;

typedef struct rctx {
  gk_ledger *led;
  int32_t today, horizon; /* due_on <= horizon: due soon */
  ritem *v;
  size_t n, cap;
  gk_status rc;
  gk_error *err;
} rctx;

static int remind_one(const gk_app *a, void *ud) {
  rctx *c = ud;
  if (a->voided_on || !a->due_on)
    return 0;
  int kind = -1;
  const char *st = gk_vocab_find(GK_VOCAB_STATE, a->state);
  if (!st)
    return 0;
  if (strcmp(st, "registered") == 0) {
    if (a->due_on < c->today)
      kind = GK_REMIND_OVERDUE;
    else if (a->due_on <= c->horizon)
      kind = GK_REMIND_DUE_SOON;
  } else if (a->due_on < c->today) {
    /* awaiting the applicant or a third party: their own period */
    if (strcmp(st, "correction_requested") == 0)
      kind = GK_REMIND_CORRECTION;
    else if (strcmp(st, "fee_pending") == 0)
      kind = GK_REMIND_FEE;
    else if (strcmp(st, "consulting") == 0)
      kind = GK_REMIND_CONSULT;
  }
  if (kind < 0)
    return 0;
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 64;
    ritem *v = gk__realloc(&c->led->alloc, c->v, cap * sizeof(*v));
    if (!v) {
      c->rc =
          gk__fail(c->err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
      return 1;
    }
    c->v = v;
    c->cap = cap;
  }
  ritem *it = &c->v[c->n];
  it->ref = gk__strdup(&c->led->alloc, a->ref);
  if (!it->ref) {
    c->rc = gk__fail(c->err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    return 1;
  }
  it->kind = (gk_remind_kind)kind;
  it->state = st;
  it->due_on = a->due_on;
  it->provisional = gk__due_provisional(c->led, a->period_from, a->due_on);
  c->n++;
  return 0;
}

static int ritem_cmp(const void *x, const void *y) {
  const ritem *a = x, *b = y;
  if (a->kind != b->kind)
    return a->kind < b->kind ? -1 : 1;
  if (a->due_on != b->due_on)
    return a->due_on < b->due_on ? -1 : 1;
  return strcmp(a->ref, b->ref);
}

gk_status gk_ledger_remind(gk_ledger *led, int within, int32_t today,
                           gk_remind_fn fn, void *ud, int64_t *counts,
                           gk_error *err) {
  if (!led)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  if (within < 0 || within > 60)
    return gk__fail(
        err, GK_E_ARG, 0, 0, -1, "提醒的工作日数须为 0 至 60，而不是 %d",
        "the working days of reminders must be 0 to 60, not %d", within);
  if (today && !gk_date_valid(today))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "日期 %d 无效", "invalid date %d",
                    (int)today);
  if (counts)
    memset(counts, 0, GK_REMIND_KIND_LAST * sizeof(*counts));
  rctx c;
  memset(&c, 0, sizeof(c));
  c.led = led;
  c.err = err;
  c.today = today ? today : gk__today(led);
  c.horizon = c.today;
  gk_status rc = GK_OK;
  if (within)
    rc = gk__wd_add(led, c.today, within, &c.horizon, err);
  if (!rc)
    rc = gk__store_app_each(led->store, NULL, NULL, true, 0, remind_one, &c,
                            err);
  if (!rc)
    rc = c.rc;
  if (!rc && c.n) /* qsort's base must not be NULL, even for 0 items */
    qsort(c.v, c.n, sizeof(*c.v), ritem_cmp);
  for (size_t i = 0; !rc && i < c.n; i++) {
    ritem *r = &c.v[i];
    gk_remind_item it;
    memset(&it, 0, sizeof(it));
    it.kind = r->kind;
    it.ref = r->ref;
    it.state = r->state;
    it.due_on = r->due_on;
    it.due_provisional = r->provisional;
    /* working days between today and the day due, both ways */
    int64_t n = 0;
    if (r->due_on >= c.today)
      rc = gk_calendar_count_workdays(led->cal, c.today, r->due_on, &n, err);
    else {
      rc = gk_calendar_count_workdays(led->cal, r->due_on, c.today, &n, err);
      n = -n;
    }
    it.days_left = n;
    if (rc)
      break;
    if (counts)
      counts[r->kind]++;
    if (fn && fn(&it, ud))
      fn = NULL; /* stop the calls; the counts still cover all */
  }
  for (size_t i = 0; i < c.n; i++)
    gk__free(&led->alloc, c.v[i].ref);
  gk__free(&led->alloc, c.v);
  return rc;
}
