/* app.c: the rules of an application (条例 第二十七条–第四十五条, spec/law.md):
 * the day of receipt by channel (第三十一条), the states and the lawful
 * transitions between them (docs/ledger.md has the table), the legal basis
 * of each outcome and the due dates. Data tables first; the store is
 * reached only through store.h. */
#include "keys.h"
#include "store.h"

#include "../model/template.h"

#include <stdio.h>
#include <string.h>

/* === Data === */

#define BIT(s) (1u << (s))
#define OPEN_STATES                                                            \
  (BIT(GK_APP_REGISTERED) | BIT(GK_APP_CORRECTION_REQUESTED) |                 \
   BIT(GK_APP_CONSULTING) | BIT(GK_APP_FEE_PENDING))

/* Actions: the only transitions there are; gk_action (gongkai.h) names
 * them, this table is their data. 'outcome' is fixed for the
 * terminations; 'answer' takes the caller's. */
#define NACTIONS ((int)GK_ACTION_LATER_DEADLINE + 1)
static const struct {
  const char *id;      /* as typed */
  const char *label;   /* as the console and the status page name it */
  unsigned from;       /* states it is lawful in (bits) */
  int to;              /* state after it */
  const char *outcome; /* fixed outcome (terminations), else NULL */
  const char *basis;   /* basis recorded with a fixed outcome */
  const char *article; /* source, for messages */
} actions[NACTIONS] = {
    [GK_ACTION_REQUEST_CORRECTION] = {"request-correction", "要求补正",
                                      BIT(GK_APP_REGISTERED),
                                      GK_APP_CORRECTION_REQUESTED, NULL, NULL,
                                      "第三十条"},
    [GK_ACTION_CORRECT] = {"correct", "收到补正",
                           BIT(GK_APP_CORRECTION_REQUESTED), GK_APP_REGISTERED,
                           NULL, NULL, "第三十条"},
    [GK_ACTION_LAPSE] = {"lapse", "逾期未补正",
                         BIT(GK_APP_CORRECTION_REQUESTED), GK_APP_ABANDONED,
                         "other.no_correction", "《政府信息公开条例》第三十条",
                         "第三十条"},
    [GK_ACTION_CONSULT] = {"consult", "征求意见", BIT(GK_APP_REGISTERED),
                           GK_APP_CONSULTING, NULL, NULL,
                           "第三十二条、第三十四条"},
    [GK_ACTION_CONSULT_END] = {"consult-end", "征求意见结束",
                               BIT(GK_APP_CONSULTING), GK_APP_REGISTERED, NULL,
                               NULL, "第三十二条、第三十四条"},
    [GK_ACTION_EXTEND] = {"extend", "延长答复期限", BIT(GK_APP_REGISTERED),
                          GK_APP_REGISTERED, NULL, NULL, "第三十三条"},
    /* in fee_pending: a corrected notice, which replaces the pending one
     * (one notice stands per application, 109号 第三条) */
    [GK_ACTION_FEE_NOTICE] = {"fee-notice", "收费通知",
                              BIT(GK_APP_REGISTERED) | BIT(GK_APP_FEE_PENDING),
                              GK_APP_FEE_PENDING, NULL, NULL, "第四十二条"},
    [GK_ACTION_FEE_PAID] = {"fee-paid", "已缴费", BIT(GK_APP_FEE_PENDING),
                            GK_APP_REGISTERED, NULL, NULL,
                            "国办函〔2020〕109号"},
    [GK_ACTION_FEE_LAPSE] =
        {"fee-lapse", "逾期未缴费", BIT(GK_APP_FEE_PENDING), GK_APP_ABANDONED,
         "other.no_fee",
         "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
         "国办函〔2020〕109号"},
    [GK_ACTION_ANSWER] = {"answer", "答复", BIT(GK_APP_REGISTERED),
                          GK_APP_ANSWERED, NULL, NULL,
                          "第三十三条、第三十六条"},
    [GK_ACTION_WITHDRAW] = {"withdraw", "申请人撤回", OPEN_STATES,
                            GK_APP_WITHDRAWN, "other.other", "申请人撤回申请",
                            "第三十六条"},
    [GK_ACTION_LATER_DEADLINE] = {"later-deadline", "确定延迟答复期限",
                                  BIT(GK_APP_REGISTERED), GK_APP_REGISTERED,
                                  NULL, NULL, "第三十五条"},
};

/* The article each outcome row usually rests on (law.md "Outcome rows ↔
 * articles"); rows the law leaves open have none: the staff cite one. */
static const struct {
  const char *outcome;
  const char *basis;
} bases[] = {
    {"granted", "《政府信息公开条例》第三十六条第（一）（二）项"},
    {"partial", "《政府信息公开条例》第三十七条"},
    {"denied.state_secret", "《政府信息公开条例》第十四条"},
    {"denied.prohibited", "《政府信息公开条例》第十四条"},
    {"denied.security", "《政府信息公开条例》第十四条"},
    {"denied.third_party", "《政府信息公开条例》第十五条"},
    {"denied.internal", "《政府信息公开条例》第十六条第一款"},
    {"denied.deliberative", "《政府信息公开条例》第十六条第二款"},
    {"denied.enforcement", "《政府信息公开条例》第十六条第二款"},
    {"unable.not_held", "《政府信息公开条例》第三十六条第（四）（五）项"},
    {"unable.needs_creation", "《政府信息公开条例》第三十八条"},
    {"unable.unclear", "《政府信息公开条例》第三十条"},
    {"refused.petition", "《政府信息公开条例》第三十九条第一款"},
    {"refused.repeat", "《政府信息公开条例》第三十六条第（六）项"},
    {"refused.publication", "《政府信息公开条例》第三十九条第二款"},
    {"refused.excessive", "《政府信息公开条例》第三十五条"},
    {"other.no_correction", "《政府信息公开条例》第三十条"},
    {"other.no_fee",
     "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"},
};

/* Periods of the law, in working days (the deadline module's). */
enum {
  REPLY_DAYS = GK_DAYS_REPLY,
  EXTEND_MAX = GK_DAYS_EXTENSION_MAX,
  CORRECTION_DAYS = GK_DAYS_CORRECTION,
  CONSULT_DAYS = GK_DAYS_THIRD_PARTY, /* also 第三十四条's other agencies */
  FEE_DAYS = GK_DAYS_FEE,
  CORRECT_PERIOD = GK_DAYS_CORRECTION_PERIOD, /* default period to correct */
  CORRECT_PERIOD_MAX = GK_DAYS_CORRECTION_PERIOD_MAX
};

/* === Small helpers === */

const char *gk_app_default_basis(const char *outcome) {
  for (size_t i = 0; outcome && i < sizeof(bases) / sizeof(bases[0]); i++)
    if (strcmp(bases[i].outcome, outcome) == 0)
      return bases[i].basis;
  return NULL;
}

/* Replaces the string '*field' with a copy of 'v' (NULL clears). */
static gk_status set_str(const gk_alloc *a, char **field, const char *v,
                         gk_error *err) {
  char *c = NULL;
  if (v && !(c = gk__strdup(a, v)))
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  gk__free(a, *field);
  *field = c;
  return GK_OK;
}

/* A YYYYMMDD date of the Gregorian calendar; 0 ("none") passes. */
static bool date_ok(int32_t d) {
  return !d || gk__date_valid(d / 10000, d / 100 % 100, d % 100);
}

static gk_status bad_date(gk_error *err, const char *what, int32_t d) {
  return gk__fail(err, GK_E_ARG, 0, 0, -1, "%s不是有效日期（%ld）",
                  "%.0s%ld is not a valid date", what, (long)d);
}

/* === The day of receipt (第三十一条) === */

gk_status gk_app_receipt_day(const gk_app_input *in, int32_t *received_on,
                             gk_error *err) {
  *received_on = 0;
  gk_status bad = gk__opts_version(in->version, GK_APP_INPUT_VERSION,
                                   "gk_app_input", "in", err);
  if (bad)
    return bad;
  if (!date_ok(in->arrived_on))
    return bad_date(err, "到达日期", in->arrived_on);
  if (!date_ok(in->confirmed_on))
    return bad_date(err, "确认日期", in->confirmed_on);
  int ch = gk__app_channel_index(in->channel);
  if (ch < 0)
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "未知的申请渠道 '%s'（可选：当面提交 in_person、挂号邮寄 "
                    "registered_mail、平常信函 ordinary_mail、互联网 online、"
                    "传真 fax）",
                    "unknown channel '%s' (in_person, registered_mail, "
                    "ordinary_mail, online, fax)",
                    in->channel ? in->channel : "");
  if (gk__channel_receipt(ch) == GK__BY_ARRIVAL_CONFIRMED) {
    if (!in->arrived_on)
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "渠道 %s 以信函到达之日为收到申请之日（条例第三十一条："
                      "机关应于收到当日与申请人确认），需要到达日期",
                      "channel %s: the day of receipt is the day the letter "
                      "arrived (Article 31: the office confirms with the "
                      "applicant that day); give the arrival date",
                      gk_channel_name((gk_channel)ch));
    if (in->confirmed_on && in->confirmed_on < in->arrived_on)
      return gk__fail(err, GK_E_ARG, 0, 0, -1, "确认日期早于到达日期",
                      "the confirmation date is before the arrival date");
    *received_on = in->arrived_on;
  } else if (gk__channel_receipt(ch) == GK__BY_CONFIRMATION) {
    if (!in->confirmed_on)
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "渠道 %s 以确认之日为收到申请之日（条例第三十一条），"
                      "需要确认日期",
                      "channel %s: the day of receipt is the day of "
                      "confirmation (Article 31); give the confirmation date",
                      gk_channel_name((gk_channel)ch));
    if (in->arrived_on && in->confirmed_on < in->arrived_on)
      return gk__fail(err, GK_E_ARG, 0, 0, -1, "确认日期早于到达日期",
                      "the confirmation date is before the arrival date");
    *received_on = in->confirmed_on;
  } else {
    if (!in->arrived_on)
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "渠道 %s 以提交或签收之日为收到申请之日（条例第三十一条）"
                      "，需要该日期",
                      "channel %s: the day of receipt is the day it is "
                      "submitted or signed for (Article 31); give that date",
                      gk_channel_name((gk_channel)ch));
    if (in->confirmed_on)
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "渠道 %s 不需要确认日期（条例第三十一条）",
                      "channel %s takes no confirmation date (Article 31)",
                      gk_channel_name((gk_channel)ch));
    *received_on = in->arrived_on;
  }
  return GK_OK;
}

int gk_app_confirmed_late(const gk_app_input *in) {
  int ch = in ? gk__app_channel_index(in->channel) : -1;
  return ch >= 0 && gk__channel_receipt(ch) == GK__BY_ARRIVAL_CONFIRMED &&
         in->arrived_on && in->confirmed_on > in->arrived_on;
}

/* === Due dates ===
 * registered: 20 working days (+ the extension) after period_from, the
 *   days of every finished pause that began on or after it not counted
 *   (a pause runs from the day of its start event to the day of its end
 *   event, both included: gk_deadline_after); a consultation's pause ends
 *   at the latest when the consulted party's 15 working days do
 *   (第三十二条: counted from its receipt of the request), so its excluded
 *   time is bounded; a later deadline set under 第三十五条 replaces an
 *   earlier due date;
 * correction_requested: the period given for the correction (第三十条:
 *   a reasonable one, always set);
 * consulting: 15 working days after the party received the request;
 * fee_pending: 20 working days after the notice (payment); closed: the
 *   due date it had when it closed.
 * 补正 restarts the period (第三十条): correct sets period_from, and
 * what happened before it no longer counts. */

#define MAX_PAUSES 64

typedef struct pause_scan {
  gk_ledger *led;
  int32_t period_from;      /* pauses before it do not count */
  int32_t open_from;        /* start of the pause still running, 0 if none */
  int32_t open_until;       /* last day it may cover (consultation), 0: any */
  int32_t correction_until; /* the correction period's end (request event) */
  int32_t later;            /* 第三十五条 later deadline, 0 if none */
  int32_t fee_from;         /* the latest fee notice (a corrected one gives
                               its own 20 days to pay; the pause still
                               runs from the first) */
  gk_pause p[MAX_PAUSES];   /* finished pauses */
  size_t n;
  bool overflow; /* more than MAX_PAUSES */
  gk_status rc;  /* a failure inside the scan */
  gk_error *err;
} pause_scan;

/* The ISO date 'key' of the JSON object text 'detail' (0 if absent). */
static int32_t detail_date(const char *detail, const char *key) {
  int32_t d = 0;
  json_t *j = detail ? json_loads(detail, 0, NULL) : NULL;
  const char *v = json_string_value(json_object_get(j, key));
  if (!v || !gk__iso_parse(v, strlen(v), &d))
    d = 0;
  json_decref(j);
  return d;
}

static int scan_event(const char *kind, int32_t on, const char *detail,
                      void *ud) {
  pause_scan *p = ud;
  if (strcmp(kind, actions[GK_ACTION_CONSULT].id) == 0) {
    int32_t served = detail_date(detail, "served_on");
    p->open_from = on;
    p->rc = gk__wd_add(p->led, served ? served : on, CONSULT_DAYS,
                       &p->open_until, p->err);
    return p->rc != GK_OK;
  }
  if (strcmp(kind, actions[GK_ACTION_FEE_NOTICE].id) == 0) {
    if (!p->open_from) /* a corrected notice does not pause twice */
      p->open_from = on;
    p->open_until = 0;
    p->fee_from = on;
  } else if (strcmp(kind, actions[GK_ACTION_REQUEST_CORRECTION].id) == 0) {
    p->open_from = on;
    p->open_until = 0;
    p->correction_until = detail_date(detail, "until");
  } else if (strcmp(kind, actions[GK_ACTION_CONSULT_END].id) == 0 ||
             strcmp(kind, actions[GK_ACTION_FEE_PAID].id) == 0) {
    int32_t to = on;
    if (p->open_until && to > p->open_until)
      to = p->open_until; /* the party's 15 days are the most excluded */
    if (p->open_from && p->open_from >= p->period_from && to >= p->open_from) {
      if (p->n == MAX_PAUSES)
        p->overflow = true;
      else {
        p->p[p->n].from = p->open_from;
        p->p[p->n++].to = to;
      }
    }
    p->open_from = 0;
    p->open_until = 0;
  } else if (strcmp(kind, actions[GK_ACTION_CORRECT].id) == 0) {
    p->open_from = 0; /* the period restarts: earlier pauses are moot */
    p->open_until = 0;
    p->n = 0;
    p->later = 0;
    p->period_from = on;
  } else if (strcmp(kind, actions[GK_ACTION_LATER_DEADLINE].id) == 0) {
    p->later = detail_date(detail, "until");
  }
  return 0;
}

/* Reads the events of 'app' into 'p'. */
static gk_status scan(gk_ledger *led, const gk_app *app, pause_scan *p,
                      gk_error *err) {
  memset(p, 0, sizeof(*p));
  p->led = led;
  p->err = err;
  p->period_from = app->period_from;
  gk_status rc =
      gk__store_event_each_detail(led->store, app->id, scan_event, p, err);
  if (!rc)
    rc = p->rc;
  if (!rc && p->overflow)
    rc = gk__fail(err, GK_E_ARG, 0, 0, -1, "申请 %s 的暂停次数超过 %d 次",
                  "application %s has more than %d pauses", app->ref,
                  MAX_PAUSES);
  return rc;
}

gk_status gk__app_due(gk_ledger *led, const gk_app *app, gk_error *err,
                      int32_t *out) {
  int s = gk__app_state_index(app->state);
  *out = app->due_on;
  if (s < 0 || !gk_app_state_is_open(s) ||
      (s == GK_APP_CORRECTION_REQUESTED && app->due_on))
    return GK_OK;
  pause_scan p;
  gk_status rc = scan(led, app, &p, err);
  if (rc)
    return rc;
  if (s == GK_APP_CORRECTION_REQUESTED) { /* a request from before the period
                                             was required */
    if (p.correction_until)
      *out = p.correction_until;
    else
      rc = gk__wd_add(led, p.open_from, CORRECT_PERIOD, out, err);
    return rc;
  }
  if (s == GK_APP_CONSULTING) {
    *out = p.open_until;
    return GK_OK;
  }
  if (s == GK_APP_FEE_PENDING)
    return gk__wd_add(led, p.fee_from, FEE_DAYS, out, err);
  rc = gk__deadline(led, app->period_from, REPLY_DAYS + app->extended, p.p, p.n,
                    out, err);
  if (!rc && p.later > *out)
    *out = p.later;
  return rc;
}

/* The reply period's end (20 working days plus the extension, without
 * the finished pauses, at least a later deadline) whatever the state:
 * what an extension letter announces. */
gk_status gk__app_reply_due(gk_ledger *led, const gk_app *app, int32_t *out,
                            gk_error *err) {
  pause_scan p;
  gk_status rc = scan(led, app, &p, err);
  if (rc)
    return rc;
  rc = gk__deadline(led, app->period_from, REPLY_DAYS + app->extended, p.p, p.n,
                    out, err);
  if (!rc && p.later > *out)
    *out = p.later;
  return rc;
}

gk_status gk__app_derive(gk_ledger *led, gk_app *app, bool detail,
                         gk_error *err) {
  app->due_provisional =
      gk__due_provisional(led, app->period_from, app->due_on);
  app->late = gk__app_state_index(app->state) == GK_APP_ANSWERED &&
              app->due_on && app->closed_on > app->due_on;
  app->excluded_days = 0;
  if (!detail)
    return GK_OK;
  pause_scan p;
  gk_status rc = scan(led, app, &p, err);
  for (size_t i = 0; !rc && i < p.n; i++) {
    int64_t n = 0;
    /* working days from p[i].from to p[i].to, both included */
    rc = gk_calendar_count_workdays(led->cal, gk_date_add_days(p.p[i].from, -1),
                                    p.p[i].to, &n, err);
    app->excluded_days += (int)n;
  }
  return rc;
}

/* === The applicant's identity (按件 counts per applicant) === */

#define KEY_MAX GK__KEY_MAX

size_t gk_app_applicant_key(const char *key, char *out, size_t outsz) {
  size_t n = 0;
  const unsigned char *p = (const unsigned char *)(key ? key : "");
#define PUT(ch)                                                                \
  do {                                                                         \
    if (n + 1 < outsz)                                                         \
      out[n] = (char)(ch);                                                     \
    n++;                                                                       \
  } while (0)
  while (*p) {
    unsigned c = *p;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
        c == '\f') {
      p++;
      continue;
    }
    if (c == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 */
      p += 3;
      continue;
    }
    /* U+FF01..U+FF5E, full-width ASCII: EF BC 81..BF, EF BD 80..9E */
    if (c == 0xEF && ((p[1] == 0xBC && p[2] >= 0x81 && p[2] <= 0xBF) ||
                      (p[1] == 0xBD && p[2] >= 0x80 && p[2] <= 0x9E))) {
      c = (p[1] == 0xBC ? p[2] - 0x80 : p[2] - 0x40) + 0x20;
      p += 3;
    } else
      p++;
    PUT(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
#undef PUT
  if (outsz)
    out[n < outsz ? n : outsz - 1] = '\0';
  return n;
}

gk_status gk__app_applicant_key(const char *key, char out[GK__KEY_MAX + 1],
                                gk_error *err) {
  out[0] = '\0';
  if (!key)
    return GK_OK;
  if (!gk__utf8_valid(key, strlen(key)))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "申请人证件号码不是 UTF-8 文本",
                    "the applicant key is not UTF-8 text");
  if (gk_app_applicant_key(key, out, KEY_MAX + 1) > KEY_MAX)
    return gk__fail(
        err, GK_E_ARG, 0, 0, -1, "申请人证件号码过长（最多 %d 字节）",
        "the applicant key is too long (at most %d bytes)", KEY_MAX);
  /* A masked number (a default export) is no identity: storing it would
   * make strangers one applicant. */
  if (strchr(out, '*')) {
    out[0] = '\0';
    return gk__fail_param(err, GK_E_ARG, "clear_ids",
                          "申请人证件号码是遮盖过的（含 *）：请用导出时显示的"
                          "原号码",
                          "the applicant key is masked (has '*'): use the "
                          "clear number of an export that shows it");
  }
  return GK_OK;
}

/* === Adding === */

static gk_status validate_input(const gk_app_input *in, int32_t today,
                                gk_error *err) {
  if (!in->ref || !*in->ref)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "缺少申请编号",
                    "the reference number is missing");
  if (!gk__app_applicant_type_valid(in->applicant_type))
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "未知的申请人类型 '%s'（可选：自然人 natural、商业企业 "
                    "business、科研机构 research、社会公益组织 nonprofit、"
                    "法律服务机构 legal、其他 other）",
                    "unknown applicant type '%s' (natural, business, "
                    "research, nonprofit, legal, other)",
                    in->applicant_type ? in->applicant_type : "");
  int32_t rec;
  gk_status rc = gk_app_receipt_day(in, &rec, err);
  if (rc)
    return rc;
  if (today && rec > today)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "收到申请之日在将来",
                    "the day of receipt is in the future");
  return GK_OK;
}

gk_status gk_ledger_app_add(gk_ledger *led, const gk_app_input *in,
                            gk_app **out, gk_error *err) {
  if (out)
    *out = NULL;
  if (!led || !in)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  gk_status rc = validate_input(in, gk__today(led), err);
  if (rc)
    return rc;
  char key[KEY_MAX + 1];
  rc = gk__app_applicant_key(in->applicant_key, key, err);
  if (rc)
    return rc;
  gk_app app;
  memset(&app, 0, sizeof(app));
  app.applicant_key = key[0] ? key : NULL;
  app.ref = (char *)in->ref;
  /* Labels in, ids stored (validate_input found both). */
  app.applicant_type =
      (char *)gk_vocab_find(GK_VOCAB_APPLICANT_TYPE, in->applicant_type);
  app.applicant_name = (char *)in->applicant_name;
  app.contact = (char *)in->contact;
  app.channel = (char *)gk_vocab_find(GK_VOCAB_CHANNEL, in->channel);
  app.description = (char *)in->description;
  app.state = (char *)gk_app_state_name(GK_APP_REGISTERED);
  app.arrived_on = in->arrived_on;
  gk_app_receipt_day(in, &app.received_on, NULL);
  app.period_from = app.received_on;
  rc = gk__wd_add(led, app.received_on, REPLY_DAYS, &app.due_on, err);
  if (rc)
    return rc;
  rc = gk__store_begin(led->store, err);
  if (rc)
    return rc;
  rc = gk__store_app_insert(led->store, led->actor, &app, err);
  if (!rc) {
    json_t *d = json_pack("{ss}", "channel", app.channel);
    if (d && in->confirmed_on) { /* kept for the record (第三十一条) */
      char c[12];
      gk__iso_format(in->confirmed_on, c);
      if (json_object_set_new(d, "confirmed_on", json_string(c))) {
        json_decref(d);
        d = NULL;
      }
    }
    rc = d ? gk__store_event_add(led->store, led->actor, app.id, "register",
                                 app.received_on, d, err)
           : gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    json_decref(d);
  }
  if (!rc)
    rc = gk__store_commit(led->store, err);
  if (rc) {
    gk__store_rollback(led->store);
    return rc;
  }
  /* As stored: the number masked, its hash (never the clear number). */
  if (out) {
    rc = gk__store_app_get(led->store, app.ref, out, err);
    if (rc)
      return rc;
    gk__app_derive(led, *out, false, NULL);
  }
  return GK_OK;
}

gk_status gk_ledger_app_get(gk_ledger *led, const char *ref, gk_app **out,
                            gk_error *err) {
  *out = NULL;
  if (!led || !ref)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  gk_status rc = gk__store_app_get(led->store, ref, out, err);
  if (!rc)
    rc = gk__app_derive(led, *out, true, err);
  if (rc) {
    gk_app_free(led, *out);
    *out = NULL;
  }
  return rc;
}

/* === Actions === */

size_t gk_app_action_count(void) { return NACTIONS; }
const char *gk_app_action_name(gk_app_action_kind a) {
  return (int)a >= 0 && (int)a < NACTIONS ? actions[a].id : NULL;
}
const char *gk_app_action_label(gk_app_action_kind a) {
  return (int)a >= 0 && (int)a < NACTIONS ? actions[a].label : NULL;
}
int gk_app_action_from_name(const char *name) {
  for (int i = 0; name && i < NACTIONS; i++)
    if (strcmp(actions[i].id, name) == 0 || strcmp(actions[i].label, name) == 0)
      return i;
  return -1;
}


static int action_index(const char *name) {
  for (int i = 0; name && i < NACTIONS; i++)
    if (strcmp(actions[i].id, name) == 0)
      return i;
  return -1;
}

static gk_status refuse(gk_error *err, const gk_app *app, int a,
                        const char *why_zh, const char *why_en) {
  return gk__fail(err, GK_E_STATE, 0, 0, -1, "申请 %s（%s）不能执行 %s：%s",
                  "application %s (%s): %s is not allowed: %.0s%s", app->ref,
                  app->state, actions[a].id, why_zh, why_en);
}

/* Finds an earlier consultation of the same party (its --reason, or none
 * named): 第三十二条 gives each third party one period. */
typedef struct party_scan {
  const char *party; /* "" when none is named */
  bool found;
} party_scan;

static int party_event(const char *kind, int32_t on, const char *detail,
                       void *ud) {
  (void)on;
  party_scan *ps = ud;
  if (strcmp(kind, actions[GK_ACTION_CONSULT].id) != 0)
    return 0;
  json_t *j = detail ? json_loads(detail, 0, NULL) : NULL;
  const char *r = json_string_value(json_object_get(j, "reason"));
  ps->found = strcmp(r ? r : "", ps->party) == 0;
  json_decref(j);
  return ps->found;
}

/* The fee notices of an application that still stand (not replaced by a
 * corrected notice nor revoked): how many, and whether one by pages that
 * did not lapse is among them. */
typedef struct fee_scan {
  int standing; /* notices standing */
  int pages;    /* of them by pages and not lapsed */
} fee_scan;

static int scan_fee(const gk_app_fee *f, void *ud) {
  fee_scan *fs = ud;
  if (f->replaced_on)
    return 0;
  fs->standing++;
  fs->pages += f->method == GK_FEE_BY_PAGES && !f->lapsed_on;
  return 0;
}

static gk_status standing_fees(gk_ledger *led, const gk_app *app, fee_scan *fs,
                               gk_error *err) {
  memset(fs, 0, sizeof(*fs));
  return gk__store_fee_each(led->store, app->id, scan_fee, fs, err);
}

/* Outcomes whose answer provides information (the ones a by-volume fee
 * can stand on, 109号 第五条). */
static bool provides_information(const char *outcome) {
  return strcmp(outcome, "granted") == 0 || strcmp(outcome, "partial") == 0;
}

/* The answer's outcome and basis (law.md): an outcome row of table 三 that
 * no termination gives, unable.unclear only after a 补正 request, a basis
 * cited. '*field' (may be NULL) gets GK__F_OUTCOME or GK__F_BASIS. */
static gk_status check_answer(const char *outcome, const char *basis,
                              int corrections, int *field, gk_error *err) {
  int dummy;
  if (!field)
    field = &dummy;
  *field = GK__F_OUTCOME;
  if (!outcome || !gk__app_outcome_valid(outcome))
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "答复结果 '%s' 不是年度报告表三的处理结果行",
                    "outcome '%s' is not an outcome row of the report's "
                    "table 3",
                    outcome ? outcome : "");
  for (int k = 0; k < NACTIONS; k++)
    if (actions[k].outcome && k != GK_ACTION_WITHDRAW &&
        strcmp(actions[k].outcome, outcome) == 0)
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "结果 %s 由动作 %s 产生，不能直接答复",
                      "outcome %s comes from the action %s, not from an "
                      "answer",
                      outcome, actions[k].id);
  if (strcmp(outcome, "unable.unclear") == 0 && !corrections)
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "“补正后申请内容仍不明确”须先要求补正（条例第三十条）",
                    "unable.unclear needs a correction request first "
                    "(Article 30)");
  *field = GK__F_BASIS;
  if (!basis || !*basis) {
    const char *def = gk_app_default_basis(outcome);
    if (def)
      return gk__fail_param(err, GK_E_ARG, "basis", "答复须写明依据，建议：%s",
                            "an answer must cite its basis; suggested: %s",
                            def);
    return gk__fail_param(err, GK_E_ARG, "basis", "答复须写明依据",
                          "an answer must cite its basis");
  }
  return GK_OK;
}

/* Checks what the state alone does not: once-only actions, periods and
 * the answer's outcome and basis (law.md). 'last' is the latest event. */
static gk_status check_action(gk_ledger *led, const gk_app *app, int a,
                              const gk_app_action *act, int32_t on,
                              gk_error *err) {
  gk_status rc;
  int32_t limit;
  char d[12];
  switch (a) {
  case GK_ACTION_REQUEST_CORRECTION:
    if (app->corrections)
      return refuse(err, app, a, "补正只能要求一次（条例第三十条）",
                    "a correction may be asked for once (Article 30)");
    rc = gk__wd_add(led, app->received_on, CORRECTION_DAYS, &limit, err);
    if (rc)
      return rc;
    if (on > limit) {
      gk__iso_format(limit, d);
      return gk__fail(err, GK_E_STATE, 0, 0, -1,
                      "申请 %s：补正须在收到申请之日起 7 个工作日内一次性"
                      "告知（条例第三十条），期限是 %s",
                      "application %s: a correction must be asked for within "
                      "7 working days of receipt (Article 30), by %s",
                      app->ref, d);
    }
    if (act->until && act->days)
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "补正期限给日期或工作日数之一，不能都给",
                      "give the correction period as a date or as working "
                      "days, not both");
    if (act->days < 0 || act->days > CORRECT_PERIOD_MAX)
      return gk__fail(err, GK_E_ARG, 0, 0, -1, "补正期限应为 1 到 %d 个工作日",
                      "the correction period is 1 to %d working days",
                      CORRECT_PERIOD_MAX);
    if (act->until && act->until <= on)
      return gk__fail(err, GK_E_ARG, 0, 0, -1, "补正期限必须晚于告知之日",
                      "the correction period must end after the request");
    if (act->until) {
      rc = gk__wd_add(led, on, CORRECT_PERIOD_MAX, &limit, err);
      if (rc)
        return rc;
      if (act->until > limit)
        return gk__fail(err, GK_E_ARG, 0, 0, -1,
                        "补正期限过长：至多 %d 个工作日（到 %s）",
                        "the correction period is too long: at most %d "
                        "working days (to %s)",
                        CORRECT_PERIOD_MAX, (gk__iso_format(limit, d), d));
    }
    return GK_OK;
  case GK_ACTION_LAPSE:
    rc = gk__app_due(led, app, err, &limit);
    if (rc)
      return rc;
    if (on <= limit) {
      gk__iso_format(limit, d);
      return gk__fail(
          err, GK_E_STATE, 0, 0, -1,
          "申请 %s：补正期限至 %s，届满后才能视为放弃（条例第三十条）",
          "application %s: the period to correct ends on %s; "
          "only after it is the application abandoned "
          "(Article 30)",
          app->ref, d);
    }
    return GK_OK;
  case GK_ACTION_CONSULT: {
    if (act->served_on &&
        (act->served_on < on || act->served_on > gk__today(led)))
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "第三方收到征求意见之日须在征求之日与今天之间",
                      "the day the party received the request must be "
                      "between the request and today");
    party_scan ps = {act->reason ? act->reason : "", false};
    rc =
        gk__store_event_each_detail(led->store, app->id, party_event, &ps, err);
    if (rc)
      return rc;
    if (ps.found)
      return refuse(err, app, a,
                    "已就同一第三方（或机关）征求过意见：每一方只有一次 15 "
                    "个工作日的期限（条例第三十二条、第三十四条）",
                    "this party (or agency) was consulted already: each "
                    "has one period of 15 working days (Articles 32, 34)");
    return GK_OK;
  }
  case GK_ACTION_LATER_DEADLINE: {
    pause_scan p;
    rc = scan(led, app, &p, err);
    if (rc)
      return rc;
    if (p.later)
      return refuse(err, app, a, "延迟答复的期限只能确定一次（条例第三十五条）",
                    "a later deadline is set once (Article 35)");
    if (!act->reason || !*act->reason)
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "须记录申请人说明的理由（条例第三十五条）",
                      "record the reasons the applicant gave (Article 35)");
    if (!act->until || act->until <= app->due_on) {
      gk__iso_format(app->due_on, d);
      return gk__fail(
          err, GK_E_ARG, 0, 0, -1,
          "延迟答复的合理期限须晚于现在的到期日 %s（条例第三十五条）",
          "the later deadline must be after the current due "
          "date %s (Article 35)",
          d);
    }
    if (on > app->due_on)
      return refuse(err, app, a, "答复期限已过，不能再确定延迟答复的期限",
                    "the reply period has already ended");
    return GK_OK;
  }
  case GK_ACTION_EXTEND:
    if (app->extended)
      return refuse(err, app, a, "只能延长一次（条例第三十三条）",
                    "the period may be extended once (Article 33)");
    if (!act->reason || !*act->reason)
      return gk__fail_param(err, GK_E_ARG, "reason", "延长答复期限须说明理由",
                            "an extension needs a reason");
    if (act->days < 0 || act->days > EXTEND_MAX)
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "延长期限最长不超过 20 个工作日（条例第三十三条）",
                      "an extension is at most 20 working days (Article 33)");
    if (on > app->due_on)
      return refuse(err, app, a, "答复期限已过，不能再延长",
                    "the reply period has already ended");
    return GK_OK;
  case GK_ACTION_FEE_NOTICE: {
    fee_scan fs;
    if (gk__app_state_index(app->state) == GK_APP_FEE_PENDING)
      return GK_OK; /* a corrected notice: it replaces the pending one */
    /* a first notice cannot pause a period that has ended */
    if (on > app->due_on) {
      gk__iso_format(app->due_on, d);
      return gk__fail(err, GK_E_STATE, 0, 0, -1,
                      "申请 %s 不能执行 fee-notice：答复期限已于 %s 届满，"
                      "缴费通知不能再暂停期限",
                      "application %s: fee-notice is not allowed: the reply "
                      "period ended on %s, a fee notice cannot pause it any "
                      "more",
                      app->ref, d);
    }
    rc = standing_fees(led, app, &fs, err);
    if (rc)
      return rc;
    if (fs.standing)
      return refuse(err, app, a,
                    "一件申请只发一次缴费通知（国办函〔2020〕109号第三条）："
                    "通知有误时在缴费期间发更正通知，或先撤销（revoke）原通知",
                    "one fee notice per application (109号 Article 3): "
                    "correct a wrong notice while it is pending, or revoke it "
                    "first");
    return GK_OK;
  }
  case GK_ACTION_FEE_PAID:
    if (on > app->due_on)
      return refuse(err, app, a,
                    "缴费期限已过，应按逾期未缴费处理（fee-lapse）",
                    "the payment period has ended: use fee-lapse");
    return GK_OK;
  case GK_ACTION_FEE_LAPSE:
    if (on <= app->due_on)
      return refuse(err, app, a, "缴费期限（20 个工作日）尚未届满",
                    "the payment period (20 working days) has not ended");
    return GK_OK;
  case GK_ACTION_ANSWER: {
    rc = check_answer(act->outcome, act->basis, app->corrections, NULL, err);
    if (rc)
      return rc;
    if (!provides_information(act->outcome)) {
      fee_scan fs;
      rc = standing_fees(led, app, &fs, err);
      if (rc)
        return rc;
      if (fs.pages)
        return refuse(err, app, a,
                      "按量收费以提供信息为前提（国办函〔2020〕109号第五条）："
                      "不提供信息的答复不予登记；先撤销（revoke）缴费通知"
                      "或缴费，退还费用后再答复",
                      "a fee by volume stands only when information is "
                      "provided (109号 Article 5): an answer that provides "
                      "none is refused; revoke the fee notice or payment "
                      "(refund it) first");
    }
    return GK_OK;
  }
  default:
    return GK_OK;
  }
}

/* Moves 'next' (a copy of the application) through action 'a'. */
static gk_status apply_action(gk_ledger *led, gk_app *next, int a,
                              const gk_app_action *act, int32_t on,
                              gk_error *err) {
  const gk_alloc *al = &led->alloc;
  gk_status rc = set_str(al, &next->state, gk_app_state_name(actions[a].to), err);
  if (rc)
    return rc;
  switch (a) {
  case GK_ACTION_REQUEST_CORRECTION:
    next->corrections = 1;
    next->due_on = act->until; /* the period given (always set by act) */
    break;
  case GK_ACTION_LATER_DEADLINE:
    next->due_on = act->until;
    break;
  case GK_ACTION_CORRECT:
    next->period_from = on; /* 第三十条: the period runs from the correction */
    break;
  case GK_ACTION_EXTEND:
    next->extended = act->days ? act->days : EXTEND_MAX;
    break;
  case GK_ACTION_ANSWER:
    rc = set_str(al, &next->outcome, act->outcome, err);
    if (!rc)
      rc = set_str(al, &next->basis, act->basis, err);
    next->closed_on = on;
    break;
  default:
    break;
  }
  if (!rc && actions[a].outcome) {
    rc = set_str(al, &next->outcome, actions[a].outcome, err);
    if (!rc)
      rc = set_str(al, &next->basis,
                   a == GK_ACTION_WITHDRAW && act->reason ? act->reason
                                                          : actions[a].basis,
                   err);
    next->closed_on = on;
  }
  return rc;
}

/* === Fees (国办函〔2020〕109号) === */

/* The fee of 'app' by 'method': by pages, or by its rank in its
 * applicant's month. One way per application, never both. */
static gk_status quote(gk_ledger *led, const gk_app *app, int method,
                       int64_t pages, int64_t *units, int64_t *yuan,
                       gk_error *err) {
  *units = 0;
  *yuan = 0;
  if (method == GK_FEE_BY_PAGES) {
    *units = pages;
    return gk_fee_by_pages(pages, yuan, err);
  }
  if (method != GK_FEE_BY_PIECE)
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "缴费通知须选定一种计费方式：按量（页数）或按件",
                    "a fee notice needs one method: by pages or by piece");
  if (pages)
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "一件申请只能按件或按量一种方式计费（国办函〔2020〕109号）",
                    "one application is charged by piece or by pages, never "
                    "both (109号)");
  if (!app->applicant_key)
    return gk__fail_param(err, GK_E_ARG, "applicant_key",
                          "申请 %s 没有申请人证件号码，无法按件计算同一申请人"
                          "当月的申请件数（登记时给出，或补录）",
                          "application %s has no applicant key: its "
                          "applicant's applications in the month cannot be "
                          "counted (give it at registration, or add it)",
                          app->ref);
  gk_status rc = gk__store_app_month_rank(led->store, app, units, err);
  return rc ? rc : gk_fee_of_nth_application(*units, yuan, err);
}

gk_status gk_ledger_fee_quote(gk_ledger *led, const char *ref,
                              gk_fee_method method, int64_t pages,
                              int64_t *units, int64_t *yuan, gk_error *err) {
  int64_t u = 0, y = 0;
  if (units)
    *units = 0;
  if (yuan)
    *yuan = 0;
  if (!led || !ref)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  gk_app *app = NULL;
  gk_status rc = gk__store_app_get(led->store, ref, &app, err);
  if (!rc)
    rc = quote(led, app, (int)method, pages, &u, &y, err);
  gk_app_free(led, app);
  if (!rc && units)
    *units = u;
  if (!rc && yuan)
    *yuan = y;
  return rc;
}

gk_status gk_ledger_app_fees(gk_ledger *led, const char *ref, gk_app_fee_fn fn,
                             void *ud, gk_error *err) {
  if (!led || !ref || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  gk_app *app = NULL;
  gk_status rc = gk__store_begin_read(led->store, err);
  if (rc)
    return rc;
  rc = gk__store_app_get(led->store, ref, &app, err);
  if (!rc)
    rc = gk__store_fee_each(led->store, app->id, fn, ud, err);
  gk__store_rollback(led->store);
  gk_app_free(led, app);
  return rc;
}

/* The fee fields belong to their actions only. */
static gk_status check_fee_fields(int a, const gk_app_action *act,
                                  gk_error *err) {
  if (a != GK_ACTION_FEE_NOTICE && (act->fee_by || act->pages))
    return gk__fail(
        err, GK_E_ARG, 0, 0, -1, "计费方式和页数只用于 fee-notice，不用于 %s",
        "a fee method and pages belong to fee-notice, not %s", actions[a].id);
  if (a != GK_ACTION_CONSULT && act->served_on)
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "第三方收到之日只用于 consult，不用于 %s",
                    "the day the party received the request belongs to "
                    "consult, not %s",
                    actions[a].id);
  if (act->until && a != GK_ACTION_REQUEST_CORRECTION &&
      a != GK_ACTION_LATER_DEADLINE)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "期限日期不用于 %s",
                    "a period's end date does not belong to %s", actions[a].id);
  if (a != GK_ACTION_FEE_PAID && act->receipt)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "票据号只用于 fee-paid，不用于 %s",
                    "a receipt number belongs to fee-paid, not %s",
                    actions[a].id);
  if (act->receipt && (!*act->receipt || strlen(act->receipt) > KEY_MAX ||
                       !gk__utf8_valid(act->receipt, strlen(act->receipt))))
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "票据号应为 1 到 %d 字节的 UTF-8 文本",
                    "a receipt number is 1 to %d bytes of UTF-8 text", KEY_MAX);
  return GK_OK;
}

/* Stores what a fee action does to the fee rows: fee-notice adds 'fee'
 * (computed already), fee-paid pays the open notice, fee-lapse marks it
 * lapsed. A fee_pending application from before schema 4 has no open
 * notice: its payment is recorded as the event alone. */
static gk_status store_fee(gk_ledger *led, const gk_app *app, int a,
                           const gk_app_action *act, int32_t on,
                           gk_app_fee *fee, gk_error *err) {
  if (a == GK_ACTION_FEE_NOTICE)
    return gk__store_fee_add(led->store, led->actor, app->id, fee, err);
  if (a != GK_ACTION_FEE_PAID && a != GK_ACTION_FEE_LAPSE)
    return GK_OK;
  gk_status rc = gk__store_fee_open(led->store, app->id, fee, err);
  if (rc || !fee->id)
    return rc;
  gk_app_fee after = *fee;
  if (a == GK_ACTION_FEE_PAID) {
    after.paid_on = on;
    after.paid_yuan = fee->yuan;
    after.receipt = act->receipt;
  } else
    after.lapsed_on = on;
  rc = gk__store_fee_close(led->store, led->actor, app->id, fee, &after, err);
  if (!rc)
    *fee = after;
  return rc;
}

static json_t *action_detail(int a, const gk_app_action *act,
                             const gk_app_fee *fee) {
  json_t *d = json_object();
  if (!d)
    return NULL;
  int bad = 0;
  if (fee->id && a == GK_ACTION_FEE_NOTICE) {
    bad |= json_object_set_new(
        d, "method",
        json_string(fee->method == GK_FEE_BY_PIECE ? "piece" : "pages"));
    bad |= json_object_set_new(d, "units", json_integer(fee->units));
  }
  if (fee->id)
    bad |= json_object_set_new(d, "yuan", json_integer(fee->yuan));
  if (act->receipt)
    bad |= json_object_set_new(d, "receipt", json_string(act->receipt));
  if (act->reason)
    bad |= json_object_set_new(d, "reason", json_string(act->reason));
  if (a == GK_ACTION_ANSWER) {
    bad |= json_object_set_new(d, "outcome", json_string(act->outcome));
    bad |= json_object_set_new(d, "basis", json_string(act->basis));
  }
  if (a == GK_ACTION_EXTEND)
    bad |= json_object_set_new(
        d, "days", json_integer(act->days ? act->days : EXTEND_MAX));
  if (act->until) {
    char u[12];
    gk__iso_format(act->until, u);
    bad |= json_object_set_new(d, "until", json_string(u));
  }
  if (act->served_on) {
    char u[12];
    gk__iso_format(act->served_on, u);
    bad |= json_object_set_new(d, "served_on", json_string(u));
  }
  if (bad) {
    json_decref(d);
    return NULL;
  }
  return d;
}

gk_status gk_ledger_app_act(gk_ledger *led, const char *ref,
                            const gk_app_action *act, gk_app **out,
                            gk_error *err) {
  if (out)
    *out = NULL;
  if (!led || !ref || !act)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  gk_status bad = gk__opts_version(act->version, GK_APP_ACTION_VERSION,
                                   "gk_app_action", "act", err);
  if (bad)
    return bad;
  /* The outcome may be given by its row label: the id is what is kept. */
  gk_app_action by_id = *act;
  if (act->outcome && gk_vocab_find(GK_VOCAB_OUTCOME, act->outcome))
    by_id.outcome = gk_vocab_find(GK_VOCAB_OUTCOME, act->outcome);
  act = &by_id;
  int a = action_index(act->action);
  if (a < 0)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "未知动作 '%s'",
                    "unknown action '%s'", act->action ? act->action : "");
  gk_status rc = check_fee_fields(a, act, err);
  if (rc)
    return rc;
  if (!date_ok(act->on) || !date_ok(act->until) || !date_ok(act->served_on))
    return bad_date(err, "动作日期",
                    !date_ok(act->on)      ? act->on
                    : !date_ok(act->until) ? act->until
                                           : act->served_on);
  gk_app_action given;
  int32_t today = gk__today(led);
  int32_t on = act->on ? act->on : today;
  gk_app *app = NULL, *next = NULL;
  json_t *detail = NULL;
  gk_app_fee fee;
  memset(&fee, 0, sizeof(fee));
  rc = gk__store_begin(led->store, err);
  if (rc)
    return rc;
  rc = gk__store_app_get(led->store, ref, &app, err);
  if (rc)
    goto done;
  int s = gk__app_state_index(app->state);
  if (app->voided_on) {
    rc = refuse(err, app, a, "登记已作废", "the registration is void");
    goto done;
  }
  if (s < 0 || !(actions[a].from & BIT(s))) {
    rc = refuse(err, app, a,
                gk_app_state_is_open(s < 0 ? 0 : s) ? "当前状态下不允许此动作"
                                           : "申请已办结",
                gk_app_state_is_open(s < 0 ? 0 : s) ? "not lawful in this state"
                                           : "the application is closed");
    goto done;
  }
  int32_t last = 0;
  rc = gk__store_event_last(led->store, app->id, &last, err);
  if (rc)
    goto done;
  if (last < app->received_on)
    last = app->received_on;
  if (on < last || on > today) {
    char d[12];
    gk__iso_format(last, d);
    rc = gk__fail(err, GK_E_ARG, 0, 0, -1,
                  "动作日期须在 %s（上一次办理）与今天之间",
                  "the action's date must be between %s (the last step) "
                  "and today",
                  d);
    goto done;
  }
  rc = check_action(led, app, a, act, on, err);
  if (rc)
    goto done;
  given = *act; /* with the correction period made explicit */
  if (a == GK_ACTION_REQUEST_CORRECTION && !given.until) {
    rc = gk__wd_add(led, on, act->days ? act->days : CORRECT_PERIOD,
                    &given.until, err);
    if (rc)
      goto done;
    given.days = 0;
  }
  act = &given;
  if (a == GK_ACTION_FEE_NOTICE) {
    rc = quote(led, app, act->fee_by, act->pages, &fee.units, &fee.yuan, err);
    if (!rc && !fee.yuan)
      rc = act->fee_by == GK_FEE_BY_PIECE
               ? refuse(err, app, a,
                        "按件计费为 0 元：同一申请人一个自然月内的前 10 件申请"
                        "不收费（国办函〔2020〕109号），无须缴费通知",
                        "the fee by piece is 0 yuan: an applicant's first 10 "
                        "applications in a calendar month are free (109号), "
                        "so there is nothing to notice")
               : refuse(err, app, a,
                        "按量计费为 0 元：30 页以内不收费（国办函〔2020〕"
                        "109号），无须缴费通知",
                        "the fee by pages is 0 yuan: up to 30 pages are free "
                        "(109号), so there is nothing to notice");
    if (rc)
      goto done;
    fee.method = (gk_fee_method)act->fee_by;
    fee.noticed_on = on;
  }
  gk_app_fee replaced;
  memset(&replaced, 0, sizeof(replaced));
  if (a == GK_ACTION_FEE_NOTICE && s == GK_APP_FEE_PENDING) {
    /* a corrected notice replaces the pending one (audited) */
    rc = gk__store_fee_open(led->store, app->id, &replaced, err);
    if (!rc && replaced.id) {
      gk_app_fee after = replaced;
      after.replaced_on = on;
      rc = gk__store_fee_close(led->store, led->actor, app->id, &replaced,
                               &after, err);
    }
    if (rc)
      goto done;
  }
  rc = store_fee(led, app, a, act, on, &fee, err);
  if (rc)
    goto done;
  next = gk__app_dup(&led->alloc, app);
  detail = action_detail(a, act, &fee);
  if (detail && replaced.id &&
      json_object_set_new(detail, "replaces", json_integer(replaced.id))) {
    json_decref(detail);
    detail = NULL;
  }
  if (!next || !detail) {
    rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    goto done;
  }
  rc = apply_action(led, next, a, act, on, err);
  if (!rc)
    rc = gk__store_event_add(led->store, led->actor, app->id, actions[a].id, on,
                             detail, err);
  if (!rc)
    rc = gk__app_due(led, next, err, &next->due_on);
  if (!rc)
    rc = gk__store_app_update(led->store, led->actor, app, next, err);
  if (!rc)
    rc = gk__store_commit(led->store, err);
done:
  if (rc)
    gk__store_rollback(led->store);
  json_decref(detail);
  gk_app_free(led, app);
  if (!rc && out) /* committed: a failure here only leaves a field 0 */
    gk__app_derive(led, next, true, NULL);
  if (!rc && out)
    *out = next;
  else
    gk_app_free(led, next);
  return rc;
}

/* === Corrections === */

/* Replaces '*field' (owned, may be NULL) by a copy of 'text': NULL keeps
 * it, "" clears it. Returns false when out of memory. */
static bool amend_field(const gk_alloc *a, char **field, const char *text) {
  if (!text)
    return true;
  char *copy = NULL;
  if (*text && !(copy = gk__strdup(a, text)))
    return false;
  gk__free(a, *field);
  *field = copy;
  return true;
}

/* The earliest step after registration that counts (0 if none): a
 * receipt day moved by an amendment must not come after it. */
static int first_step(const char *kind, int32_t on, void *ud) {
  int32_t *first = ud;
  if (action_index(kind) >= 0 && (!*first || on < *first))
    *first = on;
  return 0;
}

/* Moves the receipt of 'next' (a copy of the application) to what 'am'
 * gives: the channel, the dates of 第三十一条 and the applicant type.
 * Fills 'd' (the event's detail) with each changed field's before and
 * after. */
static gk_status amend_receipt(gk_ledger *led, gk_app *next,
                               const gk_app_amendment *am, json_t *d,
                               gk_error *err) {
  const gk_alloc *al = &led->alloc;
  int old_ch = gk__app_channel_index(next->channel);
  gk_app_input in;
  memset(&in, 0, sizeof(in));
  in.channel = am->channel ? am->channel : next->channel;
  in.arrived_on = am->arrived_on ? am->arrived_on : next->arrived_on;
  in.confirmed_on = am->confirmed_on;
  int ch = gk__app_channel_index(in.channel);
  if (!in.confirmed_on && ch >= 0 && gk__channel_receipt(ch) != GK__BY_ARRIVAL &&
      old_ch >= 0 && gk__channel_receipt(old_ch) != GK__BY_ARRIVAL)
    in.confirmed_on = next->received_on; /* kept */
  if (am->applicant_type && !gk__app_applicant_type_valid(am->applicant_type))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "未知的申请人类型 '%s'",
                    "unknown applicant type '%s'", am->applicant_type);
  int32_t rec = 0;
  gk_status rc = gk_app_receipt_day(&in, &rec, err);
  if (rc)
    return rc;
  if (rec > gk__today(led))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "收到申请之日在将来",
                    "the day of receipt is in the future");
  int32_t first = 0;
  rc = gk__store_event_each(led->store, next->id, first_step, &first, err);
  if (rc)
    return rc;
  if (first && rec > first)
    return gk__fail(err, GK_E_STATE, 0, 0, -1,
                    "申请 %s：收到申请之日不能晚于已办理的第一步",
                    "application %s: the day of receipt cannot be after its "
                    "first step",
                    next->ref);
  char b[12], a[12];
  int bad = 0;
#define PAIR(k, x, y)                                                          \
  bad |= json_object_set_new(d, k, json_pack("[s?s?]", x, y)) != 0
  if (rec != next->received_on) {
    gk__iso_format(next->received_on, b);
    gk__iso_format(rec, a);
    PAIR("received_on", b, a);
    if (next->period_from == next->received_on) /* no 补正 restart yet */
      next->period_from = rec;
    next->received_on = rec;
  }
  if (in.arrived_on != next->arrived_on) {
    if (next->arrived_on)
      gk__iso_format(next->arrived_on, b);
    gk__iso_format(in.arrived_on, a);
    PAIR("arrived_on", next->arrived_on ? b : NULL, in.arrived_on ? a : NULL);
    next->arrived_on = in.arrived_on;
  }
  if (strcmp(in.channel, next->channel) != 0) {
    PAIR("channel", next->channel, in.channel);
    rc = set_str(al, &next->channel, gk_channel_name((gk_channel)ch), err);
  }
  if (!rc && am->applicant_type &&
      strcmp(am->applicant_type, next->applicant_type) != 0) {
    PAIR("applicant_type", next->applicant_type, am->applicant_type);
    rc = set_str(al, &next->applicant_type, am->applicant_type, err);
  }
#undef PAIR
  if (!rc && bad)
    rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  return rc;
}

gk_status gk_ledger_app_amend(gk_ledger *led, const char *ref,
                              const gk_app_amendment *am, gk_app **out,
                              gk_error *err) {
  if (out)
    *out = NULL;
  if (!led || !ref || !am)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  gk_status bad = gk__opts_version(am->version, GK_APP_AMENDMENT_VERSION,
                                   "gk_app_amendment", "am", err);
  if (bad)
    return bad;
  const char *texts[] = {am->applicant_name, am->contact, am->description,
                         am->applicant_key};
  bool receipt =
      am->channel || am->applicant_type || am->arrived_on || am->confirmed_on;
  bool any = receipt;
  for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
    if (!texts[i])
      continue;
    any = true;
    if (!gk__utf8_valid(texts[i], strlen(texts[i])))
      return gk__fail(err, GK_E_ARG, 0, 0, -1, "更正内容不是 UTF-8 文本",
                      "a correction is not UTF-8 text");
  }
  if (!any)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "没有要更正的内容",
                    "nothing to correct");
  if (!date_ok(am->arrived_on) || !date_ok(am->confirmed_on))
    return bad_date(err, "日期",
                    date_ok(am->arrived_on) ? am->confirmed_on
                                            : am->arrived_on);
  char key[GK__KEY_MAX + 1];
  gk_status rc = gk__app_applicant_key(am->applicant_key, key, err);
  if (rc)
    return rc;
  gk_app *app = NULL, *next = NULL;
  json_t *d = NULL;
  rc = gk__store_begin(led->store, err);
  if (rc)
    return rc;
  rc = gk__store_app_get(led->store, ref, &app, err);
  if (rc)
    goto done;
  if (app->voided_on) {
    rc = gk__fail(err, GK_E_STATE, 0, 0, -1, "申请 %s 的登记已作废",
                  "application %s: the registration is void", app->ref);
    goto done;
  }
  next = gk__app_dup(&led->alloc, app);
  char hash[65] = "";
  if (next && am->applicant_key) /* sealed; the update audits its hash */
    rc = gk__store_app_set_key(led->store, app->id, key, hash, err);
  if (rc)
    goto done;
  if (!next ||
      !amend_field(&led->alloc, &next->applicant_name, am->applicant_name) ||
      !amend_field(&led->alloc, &next->contact, am->contact) ||
      !amend_field(&led->alloc, &next->description, am->description) ||
      !amend_field(&led->alloc, &next->applicant_key_hash,
                   am->applicant_key ? hash : NULL)) {
    rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    goto done;
  }
  if (receipt) {
    /* The receipt decides the due date and the report: it moves only
     * through an 'amend' event, and the due date follows. */
    d = json_object();
    rc = d ? amend_receipt(led, next, am, d, err)
           : gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    if (!rc && json_object_size(d))
      rc = gk__store_event_add(led->store, led->actor, app->id, "amend",
                               gk__today(led), d, err);
    if (!rc && gk__app_state_open(next->state))
      rc = gk__app_due(led, next, err, &next->due_on);
  }
  if (!rc)
    rc = gk__store_app_update(led->store, led->actor, app, next, err);
  if (!rc)
    rc = gk__store_commit(led->store, err);
done:
  if (rc)
    gk__store_rollback(led->store);
  json_decref(d);
  gk_app_free(led, app);
  gk_app_free(led, next);
  if (!rc && out)
    rc = gk__store_app_get(led->store, ref, out, err);
  return rc;
}

/* === Void and revoke (docs/ledger.md "Void and revoke") ===
 * Nothing is deleted: a void is a mark on the application with its day
 * and reason, plus a 'void' event; a revoke is a 'revoke' event naming the
 * event it supersedes, after which the application is replayed from its
 * events that still count, so its state and due date follow. */

static gk_status need_reason(const char *reason, gk_error *err) {
  if (!reason || !*reason || !gk__utf8_valid(reason, strlen(reason)))
    return gk__fail_param(err, GK_E_ARG, "reason", "须说明理由",
                          "a reason is needed");
  return GK_OK;
}

/* Opens the transaction, reads 'ref' and checks 'on' (0: today) is not in
 * the future. */
static gk_status start_change(gk_ledger *led, const char *ref, int32_t *on,
                              gk_app **app, gk_error *err) {
  if (!date_ok(*on))
    return bad_date(err, "日期", *on);
  int32_t today = gk__today(led);
  if (!*on)
    *on = today;
  if (*on > today)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "日期在将来",
                    "the date is in the future");
  gk_status rc = gk__store_begin(led->store, err);
  if (rc)
    return rc;
  rc = gk__store_app_get(led->store, ref, app, err);
  if (!rc && (*app)->voided_on)
    rc = gk__fail(err, GK_E_STATE, 0, 0, -1, "申请 %s 的登记已作废",
                  "application %s: the registration is void", ref);
  if (!rc && *on < (*app)->received_on)
    rc = gk__fail(err, GK_E_ARG, 0, 0, -1, "日期早于收到申请之日",
                  "the date is before the day of receipt");
  return rc;
}

static gk_status finish_change(gk_ledger *led, gk_status rc, gk_app *app,
                               gk_app *next, gk_app **out) {
  if (rc)
    gk__store_rollback(led->store);
  gk_app_free(led, app);
  if (!rc && out) /* committed: a failure here only leaves a field 0 */
    gk__app_derive(led, next, true, NULL);
  if (!rc && out)
    *out = next;
  else
    gk_app_free(led, next);
  return rc;
}

gk_status gk_ledger_app_void(gk_ledger *led, const char *ref,
                             const char *reason, int32_t on, gk_app **out,
                             gk_error *err) {
  if (out)
    *out = NULL;
  if (!led || !ref)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  gk_status rc = need_reason(reason, err);
  if (rc)
    return rc;
  gk_app *app = NULL, *next = NULL;
  rc = start_change(led, ref, &on, &app, err);
  if (!rc && !(next = gk__app_dup(&led->alloc, app)))
    rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  if (!rc) {
    next->voided_on = on;
    rc = set_str(&led->alloc, &next->void_reason, reason, err);
  }
  if (!rc) {
    json_t *d = json_pack("{ss}", "reason", reason);
    rc = d ? gk__store_event_add(led->store, led->actor, app->id, "void", on, d,
                                 err)
           : gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    json_decref(d);
  }
  if (!rc)
    rc = gk__store_app_update(led->store, led->actor, app, next, err);
  if (!rc)
    rc = gk__store_commit(led->store, err);
  return finish_change(led, rc, app, next, out);
}

/* The events that count, as the replay needs them. */
#define MAX_EVENTS 256
typedef struct replay {
  struct {
    int64_t id;
    int action; /* index in actions[] */
    int32_t on;
    json_t *detail; /* owned */
  } ev[MAX_EVENTS];
  size_t n;
  bool overflow;
  bool nomem;
} replay;

static int collect_event(int64_t id, const char *kind, int32_t on,
                         const char *detail, void *ud) {
  replay *r = ud;
  int a = action_index(kind);
  if (a < 0)
    return 0; /* register, amend, void */
  if (r->n == MAX_EVENTS) {
    r->overflow = true;
    return 1;
  }
  json_t *d = detail ? json_loads(detail, 0, NULL) : json_object();
  if (!d) {
    r->nomem = true;
    return 1;
  }
  r->ev[r->n].id = id;
  r->ev[r->n].action = a;
  r->ev[r->n].on = on;
  r->ev[r->n++].detail = d;
  return 0;
}

static void replay_free(replay *r) {
  for (size_t i = 0; i < r->n; i++)
    json_decref(r->ev[i].detail);
}

/* The action an event recorded, rebuilt from its detail (borrowed). */
static void event_action(const json_t *d, gk_app_action *act) {
  memset(act, 0, sizeof(*act));
  act->reason = json_string_value(json_object_get(d, "reason"));
  act->outcome = json_string_value(json_object_get(d, "outcome"));
  act->basis = json_string_value(json_object_get(d, "basis"));
  act->days = (int)json_integer_value(json_object_get(d, "days"));
  const char *u = json_string_value(json_object_get(d, "until"));
  if (u)
    gk__iso_parse(u, strlen(u), &act->until);
}

/* The fee row a revoked fee event wrote: the latest standing notice,
 * with a copy of its receipt (the callback's is borrowed). */
typedef struct standing_fee {
  gk_app_fee fee;
  char receipt[KEY_MAX + 1];
} standing_fee;

static int last_standing(const gk_app_fee *f, void *ud) {
  standing_fee *last = ud;
  if (!f->replaced_on) {
    last->fee = *f;
    last->fee.receipt = NULL;
    if (f->receipt) {
      snprintf(last->receipt, sizeof(last->receipt), "%s", f->receipt);
      last->fee.receipt = last->receipt;
    }
  }
  return 0;
}

/* Undoes on the fee rows what a revoked fee event did (audited). */
static gk_status revoke_fee(gk_ledger *led, const gk_app *app, int a,
                            int32_t on, const replay *r, gk_error *err) {
  if (a != GK_ACTION_FEE_NOTICE && a != GK_ACTION_FEE_PAID &&
      a != GK_ACTION_FEE_LAPSE)
    return GK_OK;
  if (a == GK_ACTION_FEE_NOTICE)
    for (size_t i = 0; i + 1 < r->n; i++)
      if (r->ev[i].action == GK_ACTION_FEE_NOTICE)
        return gk__fail(err, GK_E_STATE, 0, 0, -1,
                        "申请 %s：这份缴费通知更正了前一份，请再发更正通知，"
                        "不能撤销",
                        "application %s: this fee notice corrected an "
                        "earlier one; issue another corrected notice instead",
                        app->ref);
  standing_fee last;
  memset(&last, 0, sizeof(last));
  gk_status rc =
      gk__store_fee_each(led->store, app->id, last_standing, &last, err);
  if (rc || !last.fee.id)
    return rc; /* a notice from before schema 4: the event alone */
  gk_app_fee before = last.fee, after = last.fee;
  if (a == GK_ACTION_FEE_NOTICE)
    after.replaced_on = on;
  else if (a == GK_ACTION_FEE_PAID) {
    after.paid_on = 0;
    after.paid_yuan = 0;
    after.receipt = NULL;
  } else
    after.lapsed_on = 0;
  return gk__store_fee_close(led->store, led->actor, app->id, &before, &after,
                             err);
}

gk_status gk_ledger_app_revoke(gk_ledger *led, const char *ref,
                               const char *reason, int32_t on, gk_app **out,
                               gk_error *err) {
  if (out)
    *out = NULL;
  if (!led || !ref)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  gk_status rc = need_reason(reason, err);
  if (rc)
    return rc;
  gk_app *app = NULL, *next = NULL;
  replay *r = gk__calloc(&led->alloc, 1, sizeof(*r));
  if (!r)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  rc = start_change(led, ref, &on, &app, err);
  if (!rc)
    rc = gk__store_event_each_full(led->store, app->id, collect_event, r, err);
  if (!rc && (r->nomem || r->overflow))
    rc = r->nomem
             ? gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory")
             : gk__fail(err, GK_E_ARG, 0, 0, -1, "申请 %s 的办理步骤超过 %d 个",
                        "application %s has more than %d steps", ref,
                        MAX_EVENTS);
  if (!rc && !r->n)
    rc = gk__fail(err, GK_E_STATE, 0, 0, -1,
                  "申请 %s 没有可撤销的办理步骤（登记本身有误时用 void）",
                  "application %s has no step to revoke (void a wrong "
                  "registration)",
                  ref);
  if (rc)
    goto done;
  int a = r->ev[r->n - 1].action;
  if (on < r->ev[r->n - 1].on) {
    rc = gk__fail(err, GK_E_ARG, 0, 0, -1, "撤销日期早于被撤销的步骤",
                  "the revocation is dated before the step it revokes");
    goto done;
  }
  rc = revoke_fee(led, app, a, on, r, err);
  if (rc)
    goto done;
  json_t *d = json_pack("{sIssss}", "event", (json_int_t)r->ev[r->n - 1].id,
                        "kind", actions[a].id, "reason", reason);
  rc = d ? gk__store_event_add(led->store, led->actor, app->id, "revoke", on, d,
                               err)
         : gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  json_decref(d);
  if (rc)
    goto done;
  /* Replay: the application as registered, then every step that counts
   * (all but the revoked one, the last). */
  size_t steps = r->n - 1;
  next = gk__app_dup(&led->alloc, app);
  if (!next) {
    rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    goto done;
  }
  gk__free(&led->alloc, next->outcome);
  gk__free(&led->alloc, next->basis);
  next->outcome = next->basis = NULL;
  next->closed_on = 0;
  next->extended = 0;
  next->corrections = 0;
  next->period_from = next->received_on;
  rc = set_str(&led->alloc, &next->state, gk_app_state_name(GK_APP_REGISTERED), err);
  for (size_t i = 0; !rc && i < steps; i++) {
    gk_app_action act;
    event_action(r->ev[i].detail, &act);
    rc = apply_action(led, next, r->ev[i].action, &act, r->ev[i].on, err);
  }
  if (!rc && gk__app_state_open(next->state))
    rc = gk__app_due(led, next, err, &next->due_on);
  if (!rc)
    rc = gk__store_app_update(led->store, led->actor, app, next, err);
  if (!rc)
    rc = gk__store_commit(led->store, err);
done:
  replay_free(r);
  gk__free(&led->alloc, r);
  return finish_change(led, rc, app, next, out);
}

/* === Listing === */

typedef struct list_ctx {
  gk_ledger *led;
  const gk_app_filter *f;
  int32_t today;
  int32_t horizon; /* due_within: due on or before it */
  char hash[65];   /* applicant_key: its keyed hash, "" for any */
  gk_app_fn fn;
  void *ud;
} list_ctx;

static int list_one(const gk_app *app, void *ud) {
  list_ctx *c = ud;
  if (c->hash[0] && !(app->applicant_key_hash &&
                      strcmp(app->applicant_key_hash, c->hash) == 0))
    return 0;
  /* a voided registration has no deadline to keep */
  if ((c->f->overdue || c->f->due_within) && app->voided_on)
    return 0;
  if (c->f->overdue && !(app->due_on && app->due_on < c->today))
    return 0;
  if (c->f->due_within && !(app->due_on && app->due_on <= c->horizon))
    return 0;
  gk_app shown = *app; /* with its derived fields */
  gk__app_derive(c->led, &shown, false, NULL);
  if (c->f->late && !shown.late)
    return 0;
  return c->fn(&shown, c->ud);
}

gk_status gk_ledger_app_list(gk_ledger *led, const gk_app_filter *filter,
                             gk_app_fn fn, void *ud, gk_error *err) {
  gk_app_filter none;
  memset(&none, 0, sizeof(none));
  if (!led || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  if (!filter)
    filter = &none;
  gk_status bad = gk__opts_version(filter->version, GK_APP_FILTER_VERSION,
                                   "gk_app_filter", "filter", err);
  if (bad)
    return bad;
  gk_app_filter by_id = *filter; /* labels in, ids compared */
  if (filter->state && gk_vocab_find(GK_VOCAB_STATE, filter->state))
    by_id.state = gk_vocab_find(GK_VOCAB_STATE, filter->state);
  if (filter->applicant_type &&
      gk_vocab_find(GK_VOCAB_APPLICANT_TYPE, filter->applicant_type))
    by_id.applicant_type =
        gk_vocab_find(GK_VOCAB_APPLICANT_TYPE, filter->applicant_type);
  filter = &by_id;
  if (filter->state && gk__app_state_index(filter->state) < 0)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "未知状态 '%s'",
                    "unknown state '%s'", filter->state);
  if (filter->applicant_type &&
      !gk__app_applicant_type_valid(filter->applicant_type))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "未知的申请人类型 '%s'",
                    "unknown applicant type '%s'", filter->applicant_type);
  if (!date_ok(filter->today))
    return bad_date(err, "今天", filter->today);
  if (filter->due_within < 0)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "工作日数不能为负",
                    "the number of working days cannot be negative");
  list_ctx c = {led, filter, filter->today ? filter->today : gk__today(led),
                0,   "",     fn,
                ud};
  gk_status rc = GK_OK;
  if (filter->applicant_key) {
    char key[KEY_MAX + 1];
    rc = gk__app_applicant_key(filter->applicant_key, key, err);
    if (!rc && key[0])
      rc = gk__keys_need(led->keys, led->key_path, err);
    if (rc)
      return rc;
    if (key[0])
      gk__keys_hash(led->keys, key, c.hash);
    else
      memcpy(c.hash, "-", 2); /* a key of blanks matches nobody */
  }
  if (filter->due_within) {
    rc = gk__wd_add(led, c.today, filter->due_within, &c.horizon, err);
    if (rc)
      return rc;
  }
  bool open_only = filter->overdue || filter->due_within;
  return gk__store_app_each(led->store, filter->state, filter->applicant_type,
                            open_only, 0, list_one, &c, err);
}

/* === An application as it stands (CSV import) ===
 * A history-less row is held to the rules of the same tables the actions
 * use: it must be a state some transition reaches without a pause still
 * running (registered, or closed), with the outcome that transition gives
 * (a termination's fixed outcome, or an answer's outcome checked as
 * gk_ledger_app_act checks it), the 补正 that lapse and unable.unclear
 * need, and the due date the rules derive. */
gk_status gk__app_check_standing(gk_ledger *led, gk_app *a, int *field,
                                 gk_error *err) {
  int s = gk__app_state_index(a->state);
  *field = GK__F_STATE;
  if (s < 0)
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "状态应为 registered、answered、abandoned 或 withdrawn",
                    "the state must be registered, answered, abandoned or "
                    "withdrawn");
  if (gk_app_state_is_open(s) && s != GK_APP_REGISTERED)
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "%s 的期限取决于暂停开始之日，CSV 不记载：请按 "
                    "registered 导入，再把暂停作为办理步骤记录；完整的副本"
                    "用台账备份",
                    "%s: its deadline depends on the day the pause began, "
                    "which CSV does not carry: import it as registered and "
                    "record the pause as a step; for a full copy back up "
                    "the ledger",
                    a->state);
  if (a->corrections < 0 || a->corrections > 1) {
    *field = GK__F_CORRECTIONS;
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "补正次数应为 0 或 1",
                    "corrections must be 0 or 1");
  }
  if (a->period_from < a->received_on ||
      (a->period_from != a->received_on && !a->corrections) ||
      a->period_from > gk__today(led)) {
    *field = GK__F_PERIOD;
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "期限起算日应为收到申请之日，补正后为收到补正之日"
                    "（条例第三十条）",
                    "the period runs from the day of receipt, or after a "
                    "补正 from the day the correction arrived (Article 30)");
  }
  if (a->extended < 0 || a->extended > EXTEND_MAX) {
    *field = GK__F_EXTENDED;
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "延长的工作日数应为 0 到 20",
                    "the extension must be 0 to 20 working days");
  }
  if (gk_app_state_is_open(s)) {
    *field = GK__F_OUTCOME;
    if (a->outcome)
      return gk__fail(err, GK_E_ARG, 0, 0, -1, "未办结的申请不能有办理结果",
                      "an open application has no outcome");
    *field = GK__F_CLOSED;
    if (a->closed_on)
      return gk__fail(err, GK_E_ARG, 0, 0, -1, "未办结的申请不能有办结日期",
                      "an open application has no closing date");
    int32_t due = 0;
    *field = GK__F_DUE;
    gk_status rc = gk__deadline(led, a->period_from, REPLY_DAYS + a->extended,
                                NULL, 0, &due, err);
    if (rc)
      return rc;
    if (a->due_on && a->due_on != due) {
      char d[12];
      gk__iso_format(due, d);
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "到期日由台账按规则计算，应为 %s（暂停的申请请导入后"
                      "用 application act 记录）",
                      "the due date is derived by the rules: %s (record a "
                      "pause with application act after the import)",
                      d);
    }
    a->due_on = due;
    return GK_OK;
  }
  /* closed: the transitions into this state say which outcomes it has */
  *field = GK__F_OUTCOME;
  for (int k = 0; k < NACTIONS; k++) {
    if (actions[k].to != s)
      continue;
    if (!actions[k].outcome) /* answer */
      return check_answer(a->outcome, a->basis, a->corrections, field, err);
    if (a->outcome && strcmp(actions[k].outcome, a->outcome) == 0) {
      if (actions[k].from == BIT(GK_APP_CORRECTION_REQUESTED) &&
          !a->corrections) {
        *field = GK__F_CORRECTIONS;
        return gk__fail(err, GK_E_ARG, 0, 0, -1,
                        "结果 %s 须先要求补正（条例第三十条）：corrections "
                        "应为 1",
                        "outcome %s needs a correction request first "
                        "(Article 30): corrections must be 1",
                        a->outcome);
      }
      return GK_OK;
    }
  }
  gk__buf b;
  gk__buf_init(&b, &led->alloc, 256);
  for (int k = 0; k < NACTIONS; k++)
    if (actions[k].to == s && actions[k].outcome)
      gk__buf_printf(&b, "%s%s", b.len ? ", " : "", actions[k].outcome);
  gk_status rc =
      gk__fail(err, GK_E_ARG, 0, 0, -1, "%s 的办理结果只能是 %s",
               "%s: the outcome must be %s", a->state, b.data ? b.data : "");
  gk__buf_free(&b);
  return rc;
}

/* === serve (issue 12): what the web console asks of the state machine === */

int gk_app_action_allowed(gk_app_action_kind action, gk_app_state state) {
  int a = (int)action, s = (int)state;
  if (a < 0 || a >= NACTIONS || s < 0 || s >= GK__APP_NSTATES)
    return 0;
  return (actions[a].from & BIT(s)) != 0;
}

typedef struct events_ctx {
  gk_app_event_fn fn;
  void *ud;
} events_ctx;

static int event_one(const char *kind, int32_t on, void *ud) {
  events_ctx *c = ud;
  return c->fn(kind, on, c->ud);
}

gk_status gk_ledger_app_events(gk_ledger *led, const char *ref,
                               gk_app_event_fn fn, void *ud, gk_error *err) {
  if (!led || !ref || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  gk_app *app = NULL;
  gk_status rc = gk__store_app_get(led->store, ref, &app, err);
  if (rc)
    return rc;
  events_ctx c = {fn, ud};
  rc = gk__store_event_each(led->store, app->id, event_one, &c, err);
  gk_app_free(led, app);
  return rc;
}

/* === A holiday notice added to the ledger ===
 * Here with the rules, not in due.c: adding a notice recomputes the due
 * dates of the open applications (gk__app_due), and due.c stays below the
 * rules that call it. */

/* Collects the references of the open applications (the update must not
 * run inside the SELECT that finds them). */
typedef struct refs {
  const gk_alloc *alloc;
  char **v;
  size_t n, cap;
  bool oom;
} refs;

static int collect(const gk_app *app, void *ud) {
  refs *r = ud;
  if (gk__grow(r->alloc, &r->v, &r->cap, r->n + 1, sizeof(*r->v))) {
    r->oom = true;
    return 1;
  }
  if (!(r->v[r->n] = gk__strdup(r->alloc, app->ref))) {
    r->oom = true;
    return 1;
  }
  r->n++;
  return 0;
}

gk_status gk_ledger_calendar_add(gk_ledger *led, const char *text, size_t len,
                                 int64_t *changed, gk_error *err) {
  if (changed)
    *changed = 0;
  if (!led || (!text && len))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  size_t before = gk_calendar_notice_count(led->cal);
  gk_status rc = gk_calendar_add_notice(led->cal, text, len, err);
  if (rc)
    return rc; /* the calendar is unchanged */
  size_t after = gk_calendar_notice_count(led->cal);
  if (after == before)
    return GK_OK; /* every notice was already held */
  refs r = {&led->alloc, NULL, 0, 0, false};
  rc = gk__store_begin(led->store, err);
  if (rc)
    goto reload;
  for (size_t i = before; !rc && i < after; i++) {
    const gk_notice *n = gk_calendar_notice_at(led->cal, i);
    size_t tl;
    const char *t = gk_notice_text(n, &tl);
    rc = gk__store_notice_add(led->store, led->actor, gk_notice_year(n),
                              gk_notice_number(n), t, err);
  }
  if (!rc)
    rc = gk__store_app_each(led->store, NULL, NULL, true, 0, collect, &r, err);
  if (!rc && r.oom)
    rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  for (size_t i = 0; !rc && i < r.n; i++) {
    gk_app *app = NULL, *next = NULL;
    rc = gk__store_app_get(led->store, r.v[i], &app, err);
    if (!rc && !(next = gk__app_dup(&led->alloc, app)))
      rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    if (!rc)
      rc = gk__app_due(led, next, err, &next->due_on);
    if (!rc && next->due_on != app->due_on) {
      rc = gk__store_app_update(led->store, led->actor, app, next, err);
      if (changed)
        (*changed)++;
    }
    gk_app_free(led, app);
    gk_app_free(led, next);
  }
  if (!rc)
    rc = gk__store_commit(led->store, err);
reload:
  for (size_t i = 0; i < r.n; i++)
    gk__free(&led->alloc, r.v[i]);
  gk__free(&led->alloc, r.v);
  if (rc) {
    gk__store_rollback(led->store);
    if (changed)
      *changed = 0;
    /* back to what the ledger holds; its error is not the first one */
    gk__calendar_load(led, NULL);
  }
  return rc;
}
