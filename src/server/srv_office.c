/* srv_office.c: login and the office console (issue 12 items 3 and 5):
 * the queue (due soon, overdue, awaiting 补正 / payment / a third party),
 * an application's page with its history and, as forms, only the actions
 * the ledger's state machine allows in its state (gk_app_action_allowed),
 * performed with gk_ledger_app_act as the logged-in user (the ledger's
 * audit log names them). An extension needs the head of the office
 * (条例 第三十三条: 经政府信息公开工作机构负责人同意). */
#include "srv_core.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* === Login === */

static void login_form(srv_req *r, const char *error) {
  srv_page_begin(r, "工作人员登录");
  if (error)
    srv_html(&r->out, "<p class=\"err\">%s</p>", error);
  srv_html(&r->out, "<form method=\"post\" action=\"/login\">");
  srv_csrf_input(r);
  srv_html(&r->out,
           "<label for=\"name\">用户名</label><input type=\"text\" id=\"name\" "
           "name=\"name\" maxlength=\"60\" required autocomplete=\"username\">"
           "<label for=\"password\">密码</label><input type=\"password\" "
           "id=\"password\" name=\"password\" maxlength=\"200\" required "
           "autocomplete=\"current-password\"><button "
           "type=\"submit\">登录</button></form>");
  srv_page_end(r);
}

/* GET /login */
void srv_get_login(srv_req *r) { login_form(r, NULL); }

/* POST /login */
void srv_post_login(srv_req *r) {
  const char *name = srv_field_text(r, "name");
  const char *pw = srv_field_get(r, "password");
  if (!name || !pw || !*pw || strlen(name) > 60 || strlen(pw) > 200) {
    r->status = 400;
    login_form(r, "请填写用户名和密码");
    return;
  }
  /* failed logins per address: 20 in 15 minutes */
  if (srv_rate_over(&r->srv->login_rate, r->client, 20, 900)) {
    srv_fail(r, 429, "登录失败次数过多，请 15 分钟后再试");
    return;
  }
  char sid[65];
  srv_role role;
  int rc = srv_login(r->srv, name, pw, sid, &role);
  if (rc == 0) {
    srv_set_cookie(r, "gk_session", sid, 0);
    srv_set_cookie(r, "gk_csrf", "", -1);
    /* each role to its first page */
    srv_redirect(r, role == SRV_ROLE_ADMIN        ? "/admin/users"
                    : role == SRV_ROLE_SUPERVISOR ? "/supervisor"
                    : (SRV_STAFF & SRV_R(role))   ? "/office"
                                                  : "/");
    return;
  }
  if (rc < 0) {
    srv_fail(r, 500, "登录失败：服务器内部错误");
    return;
  }
  srv_rate_hit(&r->srv->login_rate, r->client, 20, 900);
  if (rc == 2) {
    char msg[128];
    snprintf(msg, sizeof(msg), "账户因多次登录失败已锁定，请 %u 分钟后再试",
             r->srv->cfg.lock_minutes);
    r->status = 403;
    login_form(r, msg);
    return;
  }
  r->status = 400;
  login_form(r, "用户名或密码错误");
}

/* POST /logout */
void srv_post_logout(srv_req *r) {
  srv_logout(r->srv, r->sid);
  srv_audit(r->srv, r->user.name, "logout", NULL);
  srv_set_cookie(r, "gk_session", "", -1);
  srv_redirect(r, "/");
}

/* GET /admin/users */
void srv_get_users(srv_req *r) {
  gk_db_stmt *st = srv_sql(r->srv,
                           "SELECT name, role, locked_until FROM srv_users "
                           "ORDER BY name",
                           NULL);
  if (!st) {
    srv_fail(r, 500, "账户查询失败");
    return;
  }
  int64_t now = (int64_t)time(NULL);
  srv_page_begin(r, "账户");
  srv_html(&r->out, "<p>账户由命令 <code>gongkai serve user add</code> 建立。"
                    "</p><table><thead><tr><th>用户名</th><th>角色</th>"
                    "<th>状态</th></tr></thead><tbody>");
  while (srv_step(st, NULL) == 1) {
    int role = srv_role_from_id(gk_db_col_text(st, 1));
    srv_html(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>",
             gk_db_col_text(st, 0),
             srv_role_label(role < 0 ? SRV_ROLE_PUBLIC : (srv_role)role),
             gk_db_col_int(st, 2) > now ? "已锁定" : "正常");
  }
  srv_sql_done(r->srv, st);
  srv_html(&r->out, "</tbody></table>");
  srv_page_end(r);
}

/* === The queue === */

typedef struct queue_view {
  const char *id, *label;
  const char *state; /* filter */
  int overdue, due_within;
} queue_view;

static const queue_view views[] = {
    {"due", "5个工作日内到期", NULL, 0, 5},
    {"overdue", "已逾期", NULL, 1, 0},
    {"correction", "待补正", "correction_requested", 0, 0},
    {"fee", "待缴费", "fee_pending", 0, 0},
    {"consulting", "征求意见中", "consulting", 0, 0},
    {"registered", "办理中", "registered", 0, 0},
    {"all", "全部", NULL, 0, 0},
};

typedef struct queue_ctx {
  srv_req *r;
  const char *q;
  int32_t today;
  int64_t shown, limit;
} queue_ctx;

static int queue_row(const gk_app *a, void *ud) {
  queue_ctx *c = ud;
  if (c->q && !strstr(a->ref, c->q) &&
      !(a->applicant_name && strstr(a->applicant_name, c->q)) &&
      !(a->description && strstr(a->description, c->q)))
    return 0;
  if (++c->shown > c->limit)
    return 1;
  char rec[11], due[SRV_DUE_LEN];
  srv_date(a->received_on, rec);
  srv_due(a->due_on, a->due_provisional, due);
  bool open = !a->outcome;
  bool late = open && a->due_on && a->due_on < c->today;
  srv_html(&c->r->out,
           "<tr><td><a href=\"/office/app/%s\">%s</a></td><td>%s</td>"
           "<td>%s</td><td>%s</td><td>%s</td><td>%s</td>",
           a->ref, a->ref, a->applicant_name ? a->applicant_name : "",
           srv_label_applicant_type(a->applicant_type),
           srv_label_channel(a->channel), rec, srv_label_state(a->state));
  if (late)
    srv_html(&c->r->out, "<td class=\"overdue\">%s（已逾期）</td></tr>", due);
  else
    srv_html(&c->r->out, "<td>%s</td></tr>", open ? due : "");
  return 0;
}

/* GET /office?view=due|overdue|correction|fee|consulting|registered|all&q= */
void srv_get_queue(srv_req *r) {
  const char *v =
      MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "view");
  const char *q =
      MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "q");
  const queue_view *view = &views[0];
  if (v) {
    view = NULL;
    for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
      if (strcmp(views[i].id, v) == 0)
        view = &views[i];
    if (!view) {
      srv_fail(r, 400, "未知的队列视图");
      return;
    }
  }
  if (q && (strlen(q) > 120)) {
    srv_fail(r, 400, "检索词过长");
    return;
  }
  if (q && !*q)
    q = NULL;
  gk_ledger *led = srv_ledger(r);
  if (!led)
    return;
  srv_page_begin(r, "办理台：申请队列");
  srv_html(&r->out, "<nav class=\"pages\">");
  for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
    srv_html(&r->out, "<a href=\"/office?view=%s\">%s%s</a>", views[i].id,
             views[i].label, views + i == view ? "（当前）" : "");
  srv_html(&r->out, "<a href=\"/office/remind\">每日提醒</a>"); /* letters */
  srv_html(&r->out,
           "</nav><form method=\"get\" action=\"/office\"><input "
           "type=\"hidden\" name=\"view\" value=\"%s\"><label "
           "for=\"q\">按受理编号、申请人或内容检索</label><input type=\"text\" "
           "id=\"q\" name=\"q\" value=\"%s\" maxlength=\"40\"><button "
           "type=\"submit\">检索</button></form>",
           view->id, q ? q : "");
  srv_html(&r->out,
           "<h2>%s</h2><table><thead><tr><th>受理编号</th>"
           "<th>申请人</th><th>申请人类型</th><th>提交方式</th>"
           "<th>收到申请日期</th><th>状态</th><th>期限</th></tr>"
           "</thead><tbody>",
           view->label);
  gk_app_filter f;
  memset(&f, 0, sizeof(f));
  f.state = view->state;
  f.overdue = view->overdue;
  f.due_within = view->due_within;
  queue_ctx c = {r, q, 0, 0, 500};
  c.today = gk_ledger_today(led); /* the date in China */
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_app_list(led, &f, queue_row, &c, &err);
  srv_html(&r->out, "</tbody></table>");
  if (st)
    srv_html(&r->out, "<p class=\"err\">%s</p>", err.message);
  if (c.shown > c.limit)
    srv_html(&r->out, "<p>只列出前 %lld 件，请用检索缩小范围。</p>",
             (long long)c.limit);
  srv_page_end(r);
  gk_ledger_free(led);
}

/* === One application === */

/* The history's rows, with how many steps of each kind came before, so
 * each step's letter link names its own step (a second consultation's
 * letter is not the first's). */
typedef struct history_ctx {
  srv_req *r;
  struct {
    char name[32]; /* the event's name */
    int seen;
  } kinds[24];
  size_t nkinds;
} history_ctx;

static int history_row(const char *action, int32_t on, void *ud) {
  history_ctx *h = ud;
  srv_req *r = h->r;
  int nth = 0;
  for (size_t i = 0; i < h->nkinds && !nth; i++)
    if (strcmp(h->kinds[i].name, action) == 0)
      nth = ++h->kinds[i].seen;
  if (!nth && h->nkinds < sizeof(h->kinds) / sizeof(h->kinds[0])) {
    snprintf(h->kinds[h->nkinds].name, sizeof(h->kinds[0].name), "%s",
             action);
    h->kinds[h->nkinds++].seen = nth = 1;
  }
  char d[11];
  srv_date(on, d);
  srv_html(&r->out, "<tr><td>%s</td><td>%s</td><td>", d,
           srv_label_action(action));
  if (nth) /* letters */
    srv_letter_link(r, r->param, action, nth);
  srv_html(&r->out, "</td></tr>");
  return 0;
}

/* One fee notice (国办函〔2020〕109号) as a row. */
static int fee_row(const gk_app_fee *f, void *ud) {
  srv_req *r = ud;
  char d[3][11];
  srv_date(f->noticed_on, d[0]);
  srv_date(f->paid_on, d[1]);
  srv_date(f->lapsed_on, d[2]);
  if (f->method == GK_FEE_BY_PIECE)
    srv_html(&r->out,
             "<tr><td>%s</td><td>按件收费（申请人当月第 %lld 件）</td>"
             "<td>%lld 元</td>",
             d[0], (long long)f->units, (long long)f->yuan);
  else
    srv_html(&r->out,
             "<tr><td>%s</td><td>按量收费（%lld 页）</td><td>%lld 元</td>",
             d[0], (long long)f->units, (long long)f->yuan);
  if (f->paid_on)
    srv_html(&r->out, "<td>%s 已缴 %lld 元，票据号 %s</td></tr>", d[1],
             (long long)f->paid_yuan, f->receipt ? f->receipt : "—");
  else if (f->lapsed_on)
    srv_html(&r->out, "<td>%s 逾期未缴</td></tr>", d[2]);
  else
    srv_html(&r->out, "<td>待缴费</td></tr>");
  return 0;
}

/* What each action's form asks, beyond the day (docs/ledger.md). */
enum {
  F_REASON = 1,
  F_UNTIL = 2,
  F_DAYS = 4,
  F_FEE = 8,
  F_RECEIPT = 16,
  F_ANSWER = 32,
  F_REASON_REQUIRED = 64
};
static const struct {
  const char *action;
  unsigned fields;
  unsigned roles;      /* beyond the route's: who may do it */
  const char *article; /* shown with the form */
} forms[] = {
    {"request-correction", F_UNTIL, 0,
     "第三十条：收到申请之日起7个工作日内一次性告知"},
    {"correct", 0, 0, "第三十条：答复期限自收到补正的申请之日起计算"},
    {"lapse", 0, 0, "第三十条：无正当理由逾期不补正的，视为放弃申请"},
    {"consult", F_REASON | F_REASON_REQUIRED, 0,
     "第三十二条、第三十四条：征求第三方或者其他机关意见"},
    {"consult-end", 0, 0, "第三十二条：第三方在15个工作日内提出意见"},
    {"extend", F_REASON | F_REASON_REQUIRED | F_DAYS, SRV_R(SRV_ROLE_HEAD),
     "第三十三条：经政府信息公开工作机构负责人同意，延长不超过20个工作日"},
    {"fee-notice", F_FEE, 0, "第四十二条，国办函〔2020〕109号"},
    {"fee-paid", F_RECEIPT, 0, "国办函〔2020〕109号"},
    {"fee-lapse", 0, 0, "国办函〔2020〕109号：逾期未缴费的，视为放弃申请"},
    {"answer", F_ANSWER, 0, "第三十三条、第三十六条至第三十九条"},
    {"withdraw", F_REASON, 0, "申请人撤回申请"},
};
#define NFORMS (sizeof(forms) / sizeof(forms[0]))

static bool may(const srv_req *r, size_t i) {
  return !forms[i].roles || (forms[i].roles & SRV_R(r->user.role));
}

static void action_form(srv_req *r, const gk_app *a, size_t i) {
  const char *act = forms[i].action;
  srv_html(&r->out,
           "<form class=\"act\" method=\"post\" action=\"/office/app/%s/act\">"
           "<h3>%s</h3><p>%s</p><input type=\"hidden\" name=\"action\" "
           "value=\"%s\">",
           a->ref, srv_label_action(act), forms[i].article, act);
  srv_csrf_input(r);
  srv_html(&r->out, "<label>日期（不填为今天）<input type=\"date\" "
                    "name=\"on\"></label>");
  unsigned f = forms[i].fields;
  if (f & F_UNTIL)
    srv_html(&r->out, "<label>补正期限<input type=\"date\" name=\"until\">"
                      "</label>");
  if (f & F_REASON)
    srv_html(&r->out,
             "<label>理由%s<input type=\"text\" name=\"reason\" "
             "maxlength=\"200\"%s></label>",
             f & F_REASON_REQUIRED ? "（必填）" : "",
             f & F_REASON_REQUIRED ? " required" : "");
  if (f & F_DAYS)
    srv_html(&r->out, "<label>延长工作日数（1–20）<input type=\"text\" "
                      "name=\"days\" value=\"20\" maxlength=\"2\"></label>");
  if (f & F_FEE)
    srv_html(&r->out,
             "<label>收费方式<select name=\"fee_by\"><option "
             "value=\"pages\">按量收费</option><option value=\"piece\">"
             "按件收费</option></select></label><label>页数（按量收费）"
             "<input type=\"text\" name=\"pages\" maxlength=\"9\"></label>");
  if (f & F_RECEIPT)
    srv_html(&r->out, "<label>财政票据号<input type=\"text\" "
                      "name=\"receipt\" maxlength=\"64\"></label>");
  if (f & F_ANSWER) {
    srv_html(&r->out, "<label>办理结果<select name=\"outcome\">");
    char ol[256];
    for (size_t k = 0; srv_outcomes[k]; k++)
      srv_html(&r->out, "<option value=\"%s\">%s</option>", srv_outcomes[k],
               srv_label_outcome_full(srv_outcomes[k], ol, sizeof(ol)));
    srv_html(&r->out, "</select></label><label>法律依据（不填则用该结果通常的"
                      "依据）<input type=\"text\" name=\"basis\" "
                      "maxlength=\"300\"></label><table><thead><tr><th>办理结果"
                      "</th><th>通常的依据</th></tr></thead><tbody>");
    for (size_t k = 0; srv_outcomes[k]; k++) {
      const char *b = gk_app_default_basis(srv_outcomes[k]);
      srv_html(&r->out, "<tr><td>%s</td><td>%s</td></tr>",
               srv_label_outcome_full(srv_outcomes[k], ol, sizeof(ol)),
               b ? b : "（须填写）");
    }
    srv_html(&r->out, "</tbody></table>");
  }
  srv_html(&r->out, "<button type=\"submit\">%s</button></form>",
           srv_label_action(act));
}

static void submission_rows(srv_req *r, const char *ref) {
  gk_db_stmt *st = srv_sql(r->srv,
                           "SELECT id_type, form, delivery FROM srv_submissions "
                           "WHERE ref = ?",
                           NULL);
  if (!st)
    return;
  gk_db_bind_text(st, 1, ref);
  if (srv_step(st, NULL) == 1)
    srv_html(&r->out,
             "<tr><th>身份证明类型</th><td>%s</td></tr><tr><th>提供形式</th>"
             "<td>%s</td></tr><tr><th>获取方式</th><td>%s</td></tr>",
             srv_label_id_type(gk_db_col_text(st, 0)),
             srv_label_form(gk_db_col_text(st, 1)),
             srv_label_delivery(gk_db_col_text(st, 2)));
  srv_sql_done(r->srv, st);
}

/* GET /office/app/{ref} */
void srv_get_app(srv_req *r) {
  gk_ledger *led = srv_ledger(r);
  if (!led)
    return;
  gk_app *a = NULL;
  if (gk_ledger_app_get(led, r->param, &a, NULL)) {
    gk_ledger_free(led);
    srv_fail(r, 404, "台账中没有该受理编号的申请");
    return;
  }
  char d[5][SRV_DUE_LEN], masked[80];
  srv_date(a->arrived_on, d[0]);
  srv_date(a->received_on, d[1]);
  srv_due(a->due_on, a->due_provisional, d[2]);
  srv_date(a->closed_on, d[3]);
  srv_date(a->period_from, d[4]);
  gk_id_mask(a->applicant_key, masked, sizeof(masked));
  char title[96];
  snprintf(title, sizeof(title), "申请 %s", a->ref);
  srv_page_begin(r, title);
  srv_html(&r->out,
           "<table><tr><th>受理编号</th><td>%s</td></tr>"
           "<tr><th>申请人</th><td>%s</td></tr>"
           "<tr><th>申请人类型</th><td>%s</td></tr>"
           "<tr><th>证件号码</th><td>%s</td></tr>"
           "<tr><th>联系方式</th><td>%s</td></tr>"
           "<tr><th>提交方式</th><td>%s</td></tr>"
           "<tr><th>到达日期</th><td>%s</td></tr>"
           "<tr><th>收到申请日期</th><td>%s</td></tr>"
           "<tr><th>申请内容</th><td>%s</td></tr>"
           "<tr><th>状态</th><td>%s</td></tr>"
           "<tr><th>期限</th><td>%s</td></tr>",
           a->ref, a->applicant_name ? a->applicant_name : "",
           srv_label_applicant_type(a->applicant_type), masked,
           a->contact ? a->contact : "", srv_label_channel(a->channel), d[0],
           d[1], a->description ? a->description : "",
           srv_label_state(a->state), d[2]);
  if (a->extended)
    srv_html(&r->out, "<tr><th>已延长</th><td>%d 个工作日</td></tr>",
             a->extended);
  char ol[256];
  if (a->outcome)
    srv_html(&r->out,
             "<tr><th>办理结果</th><td>%s</td></tr><tr><th>法律依据</th>"
             "<td>%s</td></tr><tr><th>办结日期</th><td>%s</td></tr>",
             srv_label_outcome_full(a->outcome, ol, sizeof(ol)),
             a->basis ? a->basis : "", d[3]);
  submission_rows(r, a->ref);
  srv_html(&r->out, "</table><h2>办理过程</h2><table><thead><tr><th>日期</th>"
                    "<th>事项</th><th>告知书</th></tr></thead><tbody>");
  history_ctx hist;
  memset(&hist, 0, sizeof(hist));
  hist.r = r;
  gk_ledger_app_events(led, a->ref, history_row, &hist, NULL);
  srv_html(&r->out, "</tbody></table><h2>收费</h2><table><thead><tr>"
                    "<th>通知日期</th><th>方式</th><th>金额</th><th>缴费"
                    "</th></tr></thead><tbody>");
  gk_ledger_app_fees(led, a->ref, fee_row, r, NULL);
  srv_html(&r->out, "</tbody></table><h2>可办理的事项</h2>");
  int shown = 0;
  bool can_act =
      (r->user.role == SRV_ROLE_CLERK || r->user.role == SRV_ROLE_HEAD) &&
      !a->voided_on; /* a voided registration takes no step (letters) */
  int state = gk_app_state_from_name(a->state);
  for (size_t i = 0; can_act && i < NFORMS; i++)
    if (gk_app_action_allowed(
            (gk_app_action_kind)gk_app_action_from_name(forms[i].action),
            (gk_app_state)state) &&
        may(r, i)) {
      action_form(r, a, i);
      shown++;
    }
  if (!shown)
    srv_html(&r->out, "<p>%s</p>",
             a->voided_on ? "该申请的登记已作废，没有可办理的事项。"
             : can_act    ? "该申请已办结，没有可办理的事项。"
                          : "您的角色只能查看。");
  srv_app_fix_forms(r, a); /* letters: void, revoke */
  srv_page_end(r);
  gk_app_free(led, a);
  gk_ledger_free(led);
}

/* A date field: "" → 0 (today); else YYYY-MM-DD. */
static bool date_field(srv_req *r, const char *name, int32_t *out) {
  const char *v = srv_field_text(r, name);
  *out = 0;
  if (!v)
    return true;
  return gk_date_parse(v, strlen(v), out, NULL) == GK_OK;
}

/* POST /office/app/{ref}/act */
void srv_post_app_act(srv_req *r) {
  const char *act = srv_field_text(r, "action");
  size_t i;
  for (i = 0; act && i < NFORMS; i++)
    if (strcmp(forms[i].action, act) == 0)
      break;
  if (!act || i == NFORMS) {
    srv_fail(r, 400, "未知的办理事项");
    return;
  }
  if (!may(r, i)) {
    srv_fail(r, 403,
             "延长答复期限须经政府信息公开工作机构负责人同意"
             "（条例第三十三条），您的角色不能执行");
    return;
  }
  gk_app_action a;
  memset(&a, 0, sizeof(a));
  a.action = forms[i].action;
  if (!date_field(r, "on", &a.on) || !date_field(r, "until", &a.until)) {
    srv_fail(r, 400, "日期格式应为 YYYY-MM-DD");
    return;
  }
  a.reason = srv_field_text(r, "reason");
  if ((forms[i].fields & F_REASON_REQUIRED) && !a.reason) {
    srv_fail(r, 400, "请填写理由");
    return;
  }
  const char *days = srv_field_text(r, "days");
  if (days) {
    char *end = NULL;
    long n = strtol(days, &end, 10);
    if (*end || n < 1 || n > 20) {
      srv_fail(r, 400, "延长的工作日数须为 1 至 20");
      return;
    }
    a.days = (int)n;
  }
  if (forms[i].fields & F_FEE) {
    const char *by = srv_field_text(r, "fee_by");
    const char *pages = srv_field_text(r, "pages");
    if (by && strcmp(by, "piece") == 0)
      a.fee_by = GK_FEE_BY_PIECE;
    else if (by && strcmp(by, "pages") == 0) {
      char *end = NULL;
      long long n = pages ? strtoll(pages, &end, 10) : -1;
      if (!pages || *end || n < 0 || n > 100000000) {
        srv_fail(r, 400, "按量收费须填写页数（非负整数）");
        return;
      }
      a.fee_by = GK_FEE_BY_PAGES;
      a.pages = n;
    } else {
      srv_fail(r, 400, "请选择收费方式");
      return;
    }
  }
  a.receipt = srv_field_text(r, "receipt");
  if (forms[i].fields & F_ANSWER) {
    a.outcome = srv_field_text(r, "outcome");
    bool known = false;
    for (size_t k = 0; a.outcome && srv_outcomes[k]; k++)
      known = known || strcmp(srv_outcomes[k], a.outcome) == 0;
    if (!known) {
      srv_fail(r, 400, "请选择办理结果");
      return;
    }
    a.basis = srv_field_text(r, "basis");
    if (!a.basis)
      a.basis = gk_app_default_basis(a.outcome);
    if (!a.basis) {
      srv_fail(r, 400, "该办理结果没有通常的法律依据，请填写");
      return;
    }
  }
  gk_ledger *led = srv_ledger(r);
  if (!led)
    return;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_app_act(led, r->param, &a, NULL, &err);
  gk_ledger_free(led);
  if (st == GK_E_NOT_FOUND) {
    srv_fail(r, 404, "台账中没有该受理编号的申请");
    return;
  }
  if (st == GK_E_STATE || st == GK_E_ARG || st == GK_E_DENIED) {
    srv_fail(r, 400,
             err.message[0] ? err.message : gk_strerror(st, GK_LANG_ZH));
    return;
  }
  if (st) {
    srv_fail(r, 500, "办理失败：台账数据库错误");
    return;
  }
  char loc[256];
  /* back to the page; the ref is percent-encoded by byte */
  srv_buf e;
  srv_buf_init(&e, 200);
  for (const unsigned char *p = (const unsigned char *)r->param; *p; p++)
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
        (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_')
      srv_buf_add(&e, (const char *)p, 1);
    else
      srv_buf_printf(&e, "%%%02X", *p);
  snprintf(loc, sizeof(loc), "/office/app/%s", e.p ? e.p : "");
  srv_buf_free(&e);
  srv_redirect(r, loc);
}
