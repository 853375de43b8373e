/* app.c: the rules of an application (条例 第二十七条–第四十五条, spec/law.md):
 * the day of receipt by channel (第三十一条), the states and the lawful
 * transitions between them (docs/ledger.md has the table), the legal basis
 * of each outcome and the due dates. Data tables first; the store is
 * reached only through store.h. */
#include "store.h"

#include "../model/template.h"

#include <string.h>

/* === Data === */

/* Channels of 第二十九条/第三十一条; 'confirm': the day of receipt is the day
 * of confirmation (ordinary mail: the office confirms with the applicant;
 * online and fax: both sides confirm), else the day it is submitted or
 * signed for. */
static const struct {
  const char *id;
  bool confirm;
} channels[] = {
    {"in_person", false}, {"registered_mail", false}, {"ordinary_mail", true},
    {"online", true},     {"fax", true},
};
#define NCHANNELS (sizeof(channels) / sizeof(channels[0]))

/* States. 'open': no outcome yet; 'paused': the reply period does not run
 * (第三十条 补正, 第三十二条/第三十四条 consultation, 109号 fee). */
enum {
  ST_REGISTERED = 0,
  ST_CORRECTION,
  ST_CONSULTING,
  ST_FEE,
  ST_ANSWERED,
  ST_ABANDONED,
  ST_WITHDRAWN,
  NSTATES
};
static const struct {
  const char *id;
  bool open;
} states[NSTATES] = {
    [ST_REGISTERED] = {"registered", true},
    [ST_CORRECTION] = {"correction_requested", true},
    [ST_CONSULTING] = {"consulting", true},
    [ST_FEE] = {"fee_pending", true},
    [ST_ANSWERED] = {"answered", false},
    [ST_ABANDONED] = {"abandoned", false},
    [ST_WITHDRAWN] = {"withdrawn", false},
};
#define BIT(s) (1u << (s))
#define OPEN_STATES                                                            \
  (BIT(ST_REGISTERED) | BIT(ST_CORRECTION) | BIT(ST_CONSULTING) | BIT(ST_FEE))

/* Actions: the only transitions there are. 'outcome' is fixed for the
 * terminations; 'answer' takes the caller's. */
enum {
  A_REQUEST_CORRECTION = 0,
  A_CORRECT,
  A_LAPSE,
  A_CONSULT,
  A_CONSULT_END,
  A_EXTEND,
  A_FEE_NOTICE,
  A_FEE_PAID,
  A_FEE_LAPSE,
  A_ANSWER,
  A_WITHDRAW,
  NACTIONS
};
static const struct {
  const char *id;       /* as typed */
  unsigned from;        /* states it is lawful in (bits) */
  int to;               /* state after it */
  const char *outcome;  /* fixed outcome (terminations), else NULL */
  const char *basis;    /* basis recorded with a fixed outcome */
  const char *article;  /* source, for messages */
} actions[NACTIONS] = {
    [A_REQUEST_CORRECTION] = {"request-correction", BIT(ST_REGISTERED),
                              ST_CORRECTION, NULL, NULL, "第三十条"},
    [A_CORRECT] = {"correct", BIT(ST_CORRECTION), ST_REGISTERED, NULL, NULL,
                   "第三十条"},
    [A_LAPSE] = {"lapse", BIT(ST_CORRECTION), ST_ABANDONED,
                 "other.no_correction", "《政府信息公开条例》第三十条",
                 "第三十条"},
    [A_CONSULT] = {"consult", BIT(ST_REGISTERED), ST_CONSULTING, NULL, NULL,
                   "第三十二条、第三十四条"},
    [A_CONSULT_END] = {"consult-end", BIT(ST_CONSULTING), ST_REGISTERED, NULL,
                       NULL, "第三十二条、第三十四条"},
    [A_EXTEND] = {"extend", BIT(ST_REGISTERED), ST_REGISTERED, NULL, NULL,
                  "第三十三条"},
    [A_FEE_NOTICE] = {"fee-notice", BIT(ST_REGISTERED), ST_FEE, NULL, NULL,
                      "第四十二条"},
    [A_FEE_PAID] = {"fee-paid", BIT(ST_FEE), ST_REGISTERED, NULL, NULL,
                    "国办函〔2020〕109号"},
    [A_FEE_LAPSE] = {"fee-lapse", BIT(ST_FEE), ST_ABANDONED, "other.no_fee",
                     "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
                     "国办函〔2020〕109号"},
    [A_ANSWER] = {"answer", BIT(ST_REGISTERED), ST_ANSWERED, NULL, NULL,
                  "第三十三条、第三十六条"},
    [A_WITHDRAW] = {"withdraw", OPEN_STATES, ST_WITHDRAWN, "other.other",
                    "申请人撤回申请", "第三十六条"},
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
  FEE_DAYS = GK_DAYS_FEE
};

/* === Lookups === */

static const gk_template *newest(void) {
  size_t i = 0;
  while (gk__templates[i + 1])
    i++;
  return gk__templates[i];
}

int gk__app_state_index(const char *s) {
  for (int i = 0; s && i < NSTATES; i++)
    if (strcmp(states[i].id, s) == 0)
      return i;
  return -1;
}

bool gk__app_state_open(const char *s) {
  int i = gk__app_state_index(s);
  return i >= 0 && states[i].open;
}

int gk__app_channel_index(const char *s) {
  for (size_t i = 0; s && i < NCHANNELS; i++)
    if (strcmp(channels[i].id, s) == 0)
      return (int)i;
  return -1;
}

/* Applicant types are the apply table's columns but its sum column. */
bool gk__app_applicant_type_valid(const char *s) {
  const gk_template *tpl = newest();
  const gk_colset *cs = tpl->tables[GK_T_APPLY].rows[0].colset;
  for (size_t c = 0; s && c < cs->ncols; c++)
    if ((int)c != cs->sum_col && strcmp(cs->cols[c].id, s) == 0)
      return true;
  return false;
}

bool gk__app_outcome_valid(const char *outcome) {
  const gk_template *tpl = newest();
  const gk_table_def *t = &tpl->tables[GK_T_APPLY];
  for (size_t r = 0; outcome && r < t->nrows; r++)
    if (t->rows[r].role == GK_ROLE_OUTCOME &&
        strcmp(t->rows[r].id, outcome) == 0)
      return true;
  return false;
}

const char *gk_app_default_basis(const char *outcome) {
  for (size_t i = 0; outcome && i < sizeof(bases) / sizeof(bases[0]); i++)
    if (strcmp(bases[i].outcome, outcome) == 0)
      return bases[i].basis;
  return NULL;
}

size_t gk_app_action_count(void) { return NACTIONS; }
const char *gk_app_action_name(size_t i) {
  return i < NACTIONS ? actions[i].id : NULL;
}
size_t gk_app_state_count(void) { return NSTATES; }
const char *gk_app_state_name(size_t i) {
  return i < NSTATES ? states[i].id : NULL;
}

char *gk__app_sql_check(const gk_alloc *a, int which, const char *column) {
  gk__buf b;
  gk__buf_init(&b, a, 0);
  gk_status rc = GK_OK;
  const gk_template *tpl = newest();
  const gk_table_def *t = &tpl->tables[GK_T_APPLY];
  const gk_colset *cs = t->rows[0].colset;
  size_t n = 0;
#define ADD(s)                                                                 \
  rc |= gk__buf_printf(&b, "%s%s = '%s'", n++ ? " OR " : "", column, s)
  switch (which) {
  case GK__LIST_APPLICANT:
    for (size_t c = 0; c < cs->ncols; c++)
      if ((int)c != cs->sum_col)
        ADD(cs->cols[c].id);
    break;
  case GK__LIST_CHANNEL:
    for (size_t c = 0; c < NCHANNELS; c++)
      ADD(channels[c].id);
    break;
  case GK__LIST_STATE:
    for (size_t s = 0; s < NSTATES; s++)
      ADD(states[s].id);
    break;
  default:
    for (size_t r = 0; r < t->nrows; r++)
      if (t->rows[r].role == GK_ROLE_OUTCOME)
        ADD(t->rows[r].id);
    break;
  }
#undef ADD
  if (rc) {
    gk__buf_free(&b);
    return NULL;
  }
  return gk__buf_detach(&b, NULL);
}

/* === Applications as values === */

void gk_app_free(const gk_ledger *led, gk_app *app) {
  if (!app)
    return;
  const gk_alloc *a = led ? &led->alloc : NULL;
  char **s[] = {&app->ref,     &app->applicant_type, &app->applicant_name,
                &app->contact, &app->channel,        &app->description,
                &app->state,   &app->outcome,        &app->basis,
                &app->applicant_key};
  for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
    gk__free(a, *s[i]);
  gk__free(a, app);
}

gk_app *gk__app_dup(const gk_alloc *a, const gk_app *src) {
  gk_app *d = gk__calloc(a, 1, sizeof(*d));
  if (!d)
    return NULL;
  *d = *src;
  char **s[] = {&d->ref,     &d->applicant_type, &d->applicant_name,
                &d->contact, &d->channel,        &d->description,
                &d->state,   &d->outcome,        &d->basis,
                &d->applicant_key};
  bool bad = false;
  for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
    if (*s[i] && !bad) {
      *s[i] = gk__strdup(a, *s[i]);
      bad = !*s[i];
    } else
      *s[i] = NULL;
  }
  if (bad) {
    for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
      gk__free(a, *s[i]);
    gk__free(a, d);
    return NULL;
  }
  return d;
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
  if (!date_ok(in->arrived_on))
    return bad_date(err, "到达日期", in->arrived_on);
  if (!date_ok(in->confirmed_on))
    return bad_date(err, "确认日期", in->confirmed_on);
  int ch = gk__app_channel_index(in->channel);
  if (ch < 0)
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "未知的申请渠道 '%s'（可选：in_person、registered_mail、"
                    "ordinary_mail、online、fax）",
                    "unknown channel '%s' (in_person, registered_mail, "
                    "ordinary_mail, online, fax)",
                    in->channel ? in->channel : "");
  if (channels[ch].confirm) {
    if (!in->confirmed_on)
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "渠道 %s 以确认之日为收到申请之日（条例第三十一条），"
                      "需要确认日期",
                      "channel %s: the day of receipt is the day of "
                      "confirmation (Article 31); give the confirmation date",
                      channels[ch].id);
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
                      channels[ch].id);
    if (in->confirmed_on)
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "渠道 %s 不需要确认日期（条例第三十一条）",
                      "channel %s takes no confirmation date (Article 31)",
                      channels[ch].id);
    *received_on = in->arrived_on;
  }
  return GK_OK;
}

/* === Due dates ===
 * registered: 20 working days (+ the extension) after period_from, the
 *   days of every finished pause that began on or after it not counted
 *   (a pause runs from the day of its start event to the day of its end
 *   event, both included: gk_deadline_after);
 * correction_requested: the period given for the correction, if any;
 * consulting: 15 working days after the request (the third party's or
 *   other agency's reply); fee_pending: 20 working days after the notice
 *   (payment); closed: the due date it had when it closed. */

#define MAX_PAUSES 64

typedef struct pause_scan {
  int32_t period_from;       /* pauses before it do not count */
  int32_t open_from;         /* start of the pause still running, 0 if none */
  gk_pause p[MAX_PAUSES];    /* finished pauses */
  size_t n;
  bool overflow;             /* more than MAX_PAUSES */
} pause_scan;

static int scan_event(const char *kind, int32_t on, void *ud) {
  pause_scan *p = ud;
  if (strcmp(kind, actions[A_CONSULT].id) == 0 ||
      strcmp(kind, actions[A_FEE_NOTICE].id) == 0 ||
      strcmp(kind, actions[A_REQUEST_CORRECTION].id) == 0) {
    p->open_from = on;
  } else if (strcmp(kind, actions[A_CONSULT_END].id) == 0 ||
             strcmp(kind, actions[A_FEE_PAID].id) == 0) {
    if (p->open_from && p->open_from >= p->period_from) {
      if (p->n == MAX_PAUSES)
        p->overflow = true;
      else {
        p->p[p->n].from = p->open_from;
        p->p[p->n++].to = on;
      }
    }
    p->open_from = 0;
  } else if (strcmp(kind, actions[A_CORRECT].id) == 0) {
    p->open_from = 0; /* the period restarts: earlier pauses are moot */
    p->n = 0;
    p->period_from = on;
  }
  return 0;
}

gk_status gk__app_due(gk_ledger *led, const gk_app *app, gk_error *err,
                      int32_t *out) {
  int s = gk__app_state_index(app->state);
  *out = app->due_on;
  if (s < 0 || !states[s].open || s == ST_CORRECTION)
    return GK_OK;
  pause_scan p;
  memset(&p, 0, sizeof(p));
  p.period_from = app->period_from;
  gk_status rc = gk__store_event_each(led->store, app->id, scan_event, &p, err);
  if (rc)
    return rc;
  if (p.overflow)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "申请 %s 的暂停次数超过 %d 次",
                    "application %s has more than %d pauses", app->ref,
                    MAX_PAUSES);
  if (s == ST_CONSULTING)
    return gk__wd_add(led, p.open_from, CONSULT_DAYS, out, err);
  if (s == ST_FEE)
    return gk__wd_add(led, p.open_from, FEE_DAYS, out, err);
  return gk__deadline(led, app->period_from, REPLY_DAYS + app->extended, p.p,
                      p.n, out, err);
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
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "申请人证件号码过长（最多 %d 字节）",
                    "the applicant key is too long (at most %d bytes)",
                    KEY_MAX);
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
                    "未知的申请人类型 '%s'（可选：natural、business、research、"
                    "nonprofit、legal、other）",
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
  gk_status rc = validate_input(in, gk__today(), err);
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
  app.applicant_type = (char *)in->applicant_type;
  app.applicant_name = (char *)in->applicant_name;
  app.contact = (char *)in->contact;
  app.channel = (char *)in->channel;
  app.description = (char *)in->description;
  app.state = (char *)states[ST_REGISTERED].id;
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
  if (out) {
    *out = gk__app_dup(&led->alloc, &app);
    if (!*out)
      return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  }
  return GK_OK;
}

gk_status gk_ledger_app_get(gk_ledger *led, const char *ref, gk_app **out,
                            gk_error *err) {
  *out = NULL;
  if (!led || !ref)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  return gk__store_app_get(led->store, ref, out, err);
}

/* === Actions === */

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

/* Checks what the state alone does not: once-only actions, periods and
 * the answer's outcome and basis (law.md). 'last' is the latest event. */
static gk_status check_action(gk_ledger *led, const gk_app *app, int a,
                              const gk_app_action *act, int32_t on,
                              gk_error *err) {
  gk_status rc;
  int32_t limit;
  char d[12];
  switch (a) {
  case A_REQUEST_CORRECTION:
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
    if (act->until && act->until <= on)
      return gk__fail(err, GK_E_ARG, 0, 0, -1, "补正期限必须晚于告知之日",
                      "the correction period must end after the request");
    return GK_OK;
  case A_LAPSE:
    if (app->due_on && on <= app->due_on)
      return refuse(err, app, a, "补正期限尚未届满",
                    "the period to correct has not ended");
    return GK_OK;
  case A_EXTEND:
    if (app->extended)
      return refuse(err, app, a, "只能延长一次（条例第三十三条）",
                    "the period may be extended once (Article 33)");
    if (!act->reason || !*act->reason)
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "延长答复期限须说明理由（--reason）",
                      "an extension needs a reason (--reason)");
    if (act->days < 0 || act->days > EXTEND_MAX)
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "延长期限最长不超过 20 个工作日（条例第三十三条）",
                      "an extension is at most 20 working days (Article 33)");
    if (on > app->due_on)
      return refuse(err, app, a, "答复期限已过，不能再延长",
                    "the reply period has already ended");
    return GK_OK;
  case A_FEE_PAID:
    if (on > app->due_on)
      return refuse(err, app, a,
                    "缴费期限已过，应按逾期未缴费处理（fee-lapse）",
                    "the payment period has ended: use fee-lapse");
    return GK_OK;
  case A_FEE_LAPSE:
    if (on <= app->due_on)
      return refuse(err, app, a, "缴费期限（20 个工作日）尚未届满",
                    "the payment period (20 working days) has not ended");
    return GK_OK;
  case A_ANSWER: {
    if (!act->outcome || !gk__app_outcome_valid(act->outcome))
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "答复结果 '%s' 不是年度报告表三的处理结果行",
                      "outcome '%s' is not an outcome row of the report's "
                      "table 3",
                      act->outcome ? act->outcome : "");
    for (int k = 0; k < NACTIONS; k++)
      if (actions[k].outcome && k != A_WITHDRAW &&
          strcmp(actions[k].outcome, act->outcome) == 0)
        return gk__fail(err, GK_E_ARG, 0, 0, -1,
                        "结果 %s 由动作 %s 产生，不能直接答复",
                        "outcome %s comes from the action %s, not from an "
                        "answer",
                        act->outcome, actions[k].id);
    if (strcmp(act->outcome, "unable.unclear") == 0 && !app->corrections)
      return gk__fail(err, GK_E_ARG, 0, 0, -1,
                      "“补正后申请内容仍不明确”须先要求补正（条例第三十条）",
                      "unable.unclear needs a correction request first "
                      "(Article 30)");
    if (!act->basis || !*act->basis) {
      const char *def = gk_app_default_basis(act->outcome);
      if (def)
        return gk__fail(err, GK_E_ARG, 0, 0, -1,
                        "答复须写明依据（--basis），建议：%s",
                        "an answer must cite its basis (--basis); "
                        "suggested: %s",
                        def);
      return gk__fail(err, GK_E_ARG, 0, 0, -1, "答复须写明依据（--basis）",
                      "an answer must cite its basis (--basis)");
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
  gk_status rc = set_str(al, &next->state, states[actions[a].to].id, err);
  if (rc)
    return rc;
  switch (a) {
  case A_REQUEST_CORRECTION:
    next->corrections = 1;
    next->due_on = act->until; /* the period the staff gave, if any */
    break;
  case A_CORRECT:
    next->period_from = on; /* 第三十条: the period runs from the correction */
    break;
  case A_EXTEND:
    next->extended = act->days ? act->days : EXTEND_MAX;
    break;
  case A_ANSWER:
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
                   a == A_WITHDRAW && act->reason ? act->reason
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
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "申请 %s 没有申请人证件号码，无法按件计算同一申请人当月的"
                    "申请件数（登记时给出，或用 application amend "
                    "--applicant-key 补录）",
                    "application %s has no applicant key: its applicant's "
                    "applications in the month cannot be counted (give it at "
                    "registration, or add it with application amend "
                    "--applicant-key)",
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

gk_status gk_ledger_app_fees(gk_ledger *led, const char *ref,
                             gk_app_fee_fn fn, void *ud, gk_error *err) {
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
  if (a != A_FEE_NOTICE && (act->fee_by || act->pages))
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "计费方式和页数只用于 fee-notice，不用于 %s",
                    "a fee method and pages belong to fee-notice, not %s",
                    actions[a].id);
  if (a != A_FEE_PAID && act->receipt)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "票据号只用于 fee-paid，不用于 %s",
                    "a receipt number belongs to fee-paid, not %s",
                    actions[a].id);
  if (act->receipt &&
      (!*act->receipt || strlen(act->receipt) > KEY_MAX ||
       !gk__utf8_valid(act->receipt, strlen(act->receipt))))
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "票据号应为 1 到 %d 字节的 UTF-8 文本",
                    "a receipt number is 1 to %d bytes of UTF-8 text",
                    KEY_MAX);
  return GK_OK;
}

/* Stores what a fee action does to the fee rows: fee-notice adds 'fee'
 * (computed already), fee-paid pays the open notice, fee-lapse marks it
 * lapsed. A fee_pending application from before schema 4 has no open
 * notice: its payment is recorded as the event alone. */
static gk_status store_fee(gk_ledger *led, const gk_app *app, int a,
                           const gk_app_action *act, int32_t on,
                           gk_app_fee *fee, gk_error *err) {
  if (a == A_FEE_NOTICE)
    return gk__store_fee_add(led->store, led->actor, app->id, fee, err);
  if (a != A_FEE_PAID && a != A_FEE_LAPSE)
    return GK_OK;
  gk_status rc = gk__store_fee_open(led->store, app->id, fee, err);
  if (rc || !fee->id)
    return rc;
  gk_app_fee after = *fee;
  if (a == A_FEE_PAID) {
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
  if (fee->id && a == A_FEE_NOTICE) {
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
  if (a == A_ANSWER) {
    bad |= json_object_set_new(d, "outcome", json_string(act->outcome));
    bad |= json_object_set_new(d, "basis", json_string(act->basis));
  }
  if (a == A_EXTEND)
    bad |= json_object_set_new(d, "days",
                               json_integer(act->days ? act->days : EXTEND_MAX));
  if (act->until) {
    char u[12];
    gk__iso_format(act->until, u);
    bad |= json_object_set_new(d, "until", json_string(u));
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
  int a = action_index(act->action);
  if (a < 0)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "未知动作 '%s'",
                    "unknown action '%s'", act->action ? act->action : "");
  gk_status rc = check_fee_fields(a, act, err);
  if (rc)
    return rc;
  if (!date_ok(act->on) || !date_ok(act->until))
    return bad_date(err, "动作日期", date_ok(act->on) ? act->until : act->on);
  int32_t today = gk__today();
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
  if (s < 0 || !(actions[a].from & BIT(s))) {
    rc = refuse(err, app, a,
                states[s < 0 ? 0 : s].open ? "当前状态下不允许此动作"
                                           : "申请已办结",
                states[s < 0 ? 0 : s].open ? "not lawful in this state"
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
  if (a == A_FEE_NOTICE) {
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
  rc = store_fee(led, app, a, act, on, &fee, err);
  if (rc)
    goto done;
  next = gk__app_dup(&led->alloc, app);
  detail = action_detail(a, act, &fee);
  if (!next || !detail) {
    rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    goto done;
  }
  rc = apply_action(led, next, a, act, on, err);
  if (!rc)
    rc = gk__store_event_add(led->store, led->actor, app->id, actions[a].id,
                             on, detail, err);
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

gk_status gk_ledger_app_amend(gk_ledger *led, const char *ref,
                              const gk_app_amendment *am, gk_app **out,
                              gk_error *err) {
  if (out)
    *out = NULL;
  if (!led || !ref || !am)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  const char *texts[] = {am->applicant_name, am->contact, am->description,
                         am->applicant_key};
  bool any = false;
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
  char key[GK__KEY_MAX + 1];
  gk_status rc = gk__app_applicant_key(am->applicant_key, key, err);
  if (rc)
    return rc;
  gk_app *app = NULL, *next = NULL;
  rc = gk__store_begin(led->store, err);
  if (rc)
    return rc;
  rc = gk__store_app_get(led->store, ref, &app, err);
  if (rc)
    goto done;
  next = gk__app_dup(&led->alloc, app);
  if (!next ||
      !amend_field(&led->alloc, &next->applicant_name, am->applicant_name) ||
      !amend_field(&led->alloc, &next->contact, am->contact) ||
      !amend_field(&led->alloc, &next->description, am->description) ||
      !amend_field(&led->alloc, &next->applicant_key,
                   am->applicant_key ? key : NULL)) {
    rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    goto done;
  }
  rc = gk__store_app_update(led->store, led->actor, app, next, err);
  if (!rc)
    rc = gk__store_commit(led->store, err);
done:
  if (rc)
    gk__store_rollback(led->store);
  gk_app_free(led, app);
  if (!rc && out)
    *out = next;
  else
    gk_app_free(led, next);
  return rc;
}

/* === Listing === */

typedef struct list_ctx {
  gk_ledger *led;
  const gk_app_filter *f;
  int32_t today;
  int32_t horizon; /* due_within: due on or before it */
  gk_app_fn fn;
  void *ud;
} list_ctx;

static int list_one(const gk_app *app, void *ud) {
  list_ctx *c = ud;
  if (c->f->overdue && !(app->due_on && app->due_on < c->today))
    return 0;
  if (c->f->due_within && !(app->due_on && app->due_on <= c->horizon))
    return 0;
  return c->fn(app, c->ud);
}

gk_status gk_ledger_app_list(gk_ledger *led, const gk_app_filter *filter,
                             gk_app_fn fn, void *ud, gk_error *err) {
  gk_app_filter none;
  memset(&none, 0, sizeof(none));
  if (!led || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  if (!filter)
    filter = &none;
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
  list_ctx c = {led, filter, filter->today ? filter->today : gk__today(), 0,
                fn, ud};
  gk_status rc = GK_OK;
  if (filter->due_within) {
    rc = gk__wd_add(led, c.today, filter->due_within, &c.horizon, err);
    if (rc)
      return rc;
  }
  bool open_only = filter->overdue || filter->due_within;
  return gk__store_app_each(led->store, filter->state, filter->applicant_type,
                            open_only, 0, list_one, &c, err);
}

/* === serve (issue 12): what the web console asks of the state machine === */

int gk_app_action_allowed(const char *action, const char *state) {
  int a = action_index(action);
  int s = gk__app_state_index(state);
  if (a < 0 || s < 0)
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
