/* srv_letters.c: the console's notice letters, void and revoke, and the
 * reminders' page (issue 12 item 3; docs/server.md "Notice letters, void
 * and revoke, reminders").
 *
 * Letters are the library's (gk_ledger_letter, gk_letter_write): printable
 * HTML that links /static/letter.css (the CSP allows no inline style) or
 * a .docx, through the office's templates (--letters DIR) when it has
 * them. A letter exists only for a step the application's history has.
 * Voiding a registration and revoking a wrong step are the head's
 * (机构负责人): they change what the annual report counts and undo what
 * a clerk recorded, so a second person decides, as for an extension
 * (第三十三条). The ledger's audit log names the user. */
#include "cli_common.h"
#include "srv_core.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* === Templates (--letters DIR) === */

int srv_letters_load(srv_server *s, const char *dir) {
  struct stat sb;
  if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
    /* a mistyped DIR would silently serve the built-in letters */
    fprintf(stderr, "gongkai: --letters %s：不是目录\n", dir);
    return 2;
  }
  for (int k = 0; k < GK_LETTER_KIND_LAST; k++) {
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s.txt", dir,
             gk_letter_kind_name((gk_letter_kind)k));
    if (access(path, F_OK) != 0)
      continue; /* the built-in template */
    gk_error err;
    gk_error_clear(&err);
    char *buf = NULL;
    size_t len = 0;
    gk_status st = cli_read_path(path, 64 * 1024 + 1, &buf, &len, &err);
    if (!st)
      st = gk_letter_template_check((gk_letter_kind)k, buf, len, path, &err);
    if (st) {
      fprintf(stderr, "gongkai: %s%s%s\n", st == GK_E_IO ? path : "",
              st == GK_E_IO ? ": " : "",
              err.message[0] ? err.message : gk_strerror(st, GK_LANG_ZH));
      free(buf);
      srv_letters_free(s);
      return 2;
    }
    s->letter_tpl[k] = buf;
    s->letter_len[k] = len;
  }
  return 0;
}

void srv_letters_free(srv_server *s) {
  for (int k = 0; k < GK_LETTER_KIND_LAST; k++) {
    free(s->letter_tpl[k]);
    s->letter_tpl[k] = NULL;
  }
}

/* === Paths === */

/* 's' %-encoded for a path segment (by byte) into 'out'. */
static void path_escape(const char *s, char *out, size_t n) {
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p && o + 4 < n; p++)
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
        (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_')
      out[o++] = (char)*p;
    else
      o += (size_t)snprintf(out + o, n - o, "%%%02X", *p);
  out[o] = '\0';
}

static void back_to_app(srv_req *r) {
  char ref[400], loc[512];
  path_escape(r->param, ref, sizeof(ref));
  snprintf(loc, sizeof(loc), "/office/app/%s", ref);
  srv_redirect(r, loc);
}

/* === Letters === */

/* The letter of each step that has one (gk_ledger_letter's steps). */
static const struct {
  const char *action;
  gk_letter_kind kind;
} step_letters[] = {
    {"register", GK_LETTER_RECEIPT},
    {"request-correction", GK_LETTER_CORRECTION},
    {"extend", GK_LETTER_EXTENSION},
    {"consult", GK_LETTER_CONSULTATION},
    {"fee-notice", GK_LETTER_FEE},
    {"answer", GK_LETTER_ANSWER},
};

void srv_letter_link(srv_req *r, const char *ref, const char *action, int n) {
  for (size_t i = 0; i < sizeof(step_letters) / sizeof(step_letters[0]); i++)
    if (strcmp(step_letters[i].action, action) == 0) {
      char e[400];
      path_escape(ref, e, sizeof(e));
      const char *kind = gk_letter_kind_name(step_letters[i].kind);
      /* the nth step's own letter: a second consultation has its own */
      srv_html(&r->out,
               "<a class=\"letter\" href=\"/office/app/%s/letter/%s?n=%d\">"
               "%s</a>（<a href=\"/office/app/%s/letter/%s?n=%d&amp;"
               "format=docx\">Word</a>）",
               e, kind, n, gk_letter_kind_label(step_letters[i].kind), e, kind,
               n);
    }
}

static int sink(const char *data, size_t len, void *ud) {
  srv_buf *b = ud;
  srv_buf_add(b, data, len);
  return b->failed ? -1 : 0;
}

/* GET /static/letter.css: the letters' print stylesheet */
void srv_get_letter_css(srv_req *r) {
  r->ctype = "text/css; charset=utf-8";
  r->cacheable = true;
  srv_buf_str(&r->out, gk_letter_css());
}

int srv_letter_kind(srv_req *r, const char *name) {
  int k = gk_letter_kind_from_name(name);
  if (k < 0)
    srv_fail(r, 404,
             "没有这种告知书（receipt、correction、extension、consultation、"
             "fee、answer）");
  return k;
}

/* GET /office/app/{ref}/letter/{kind}[?format=html|docx] */
void srv_get_letter(srv_req *r) {
  int kind = srv_letter_kind(r, r->param2);
  if (kind < 0)
    return;
  const char *fmt =
      MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "format");
  bool docx = fmt && strcmp(fmt, "docx") == 0;
  if (fmt && !docx && strcmp(fmt, "html") != 0) {
    srv_fail(r, 400, "告知书的格式只能是 html 或 docx");
    return;
  }
  /* ?n=K: the Kth step of that kind (each step's link says which); none:
   * the latest */
  const char *ns =
      MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "n");
  int nth = 0;
  if (ns) {
    char *end = NULL;
    long v = strtol(ns, &end, 10);
    if (!*ns || *end || v < 1 || v > 1000) {
      srv_fail(r, 400, "n 应为 1 到 1000 之间的整数（第几次这一步）");
      return;
    }
    nth = (int)v;
  }
  gk_ledger *led = srv_ledger(r);
  if (!led)
    return;
  gk_letter *l = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_letter_nth(led, r->param, (gk_letter_kind)kind,
                                      nth, &l, &err);
  gk_ledger_free(led);
  if (st == GK_E_NOT_FOUND) {
    srv_fail(r, 404, "台账中没有该受理编号的申请");
    return;
  }
  if (st == GK_E_STATE) { /* the step did not happen (or was revoked) */
    srv_fail(r, 404, err.message);
    return;
  }
  if (st) {
    srv_fail(r, 500, "告知书生成失败：台账数据库错误");
    return;
  }
  /* the template saved in the browser, else --letters DIR's, else the
   * built-in (srv_templates.c) */
  char *saved = NULL;
  size_t saved_len = 0;
  if (srv_template_get(r->srv, kind, &saved, &saved_len, NULL, 0, NULL, 0)) {
    gk_letter_free(l);
    srv_fail(r, 500, "告知书生成失败：模板查询失败");
    return;
  }
  gk_letter_opts o = {.version = GK_LETTER_OPTS_VERSION,
                      .format = docx ? GK_LETTER_DOCX : GK_LETTER_HTML,
                      .template_text = saved ? saved : r->srv->letter_tpl[kind],
                      .template_len =
                          saved ? saved_len : r->srv->letter_len[kind],
                      .template_name = gk_letter_kind_name(kind),
                      .stylesheet = "/static/letter.css"};
  st = gk_letter_write(l, &o, sink, &r->out, &err);
  gk_letter_free(l);
  free(saved);
  if (st || r->out.failed) {
    r->out.len = 0;
    r->out.failed = false;
    srv_fail(r, 500, "告知书生成失败");
    return;
  }
  /* who made which letter (the letter holds the applicant's name) */
  char what[300];
  snprintf(what, sizeof(what), "%s %s", r->param, r->param2);
  srv_audit(r->srv, r->user.name, "letter", what);
  if (docx) {
    r->ctype = "application/vnd.openxmlformats-officedocument."
               "wordprocessingml.document";
    snprintf(r->disposition, sizeof(r->disposition),
             "attachment; filename=\"%s.docx\"", gk_letter_kind_name(kind));
  } else
    r->ctype = "text/html; charset=utf-8";
}

/* === Void and revoke === */

void srv_app_fix_forms(srv_req *r, const gk_app *a) {
  if (a->voided_on) {
    char d[11];
    srv_date(a->voided_on, d);
    srv_html(&r->out,
             "<h2>登记作废</h2><p class=\"voided\">本申请的登记已于 %s "
             "作废，不计入年度报告。理由：%s</p>",
             d, a->void_reason ? a->void_reason : "");
    return;
  }
  if (r->user.role != SRV_ROLE_HEAD)
    return;
  char e[400];
  path_escape(a->ref, e, sizeof(e));
  static const struct {
    const char *path, *title, *about;
  } fixes[] = {
      {"void", "作废登记",
       "错误的登记（重复登记、并非申请的来信）：保留记录和理由，不再计入年度"
       "报告，也不能再办理。"},
      {"revoke", "撤销最近一步办理",
       "错误的办理：最近一步仍有效的办理被撤销（留在办理过程中），状态和期限"
       "随之重算，然后再办理正确的一步。"},
  };
  srv_html(&r->out, "<h2>更正（机构负责人）</h2>");
  for (size_t i = 0; i < 2; i++) {
    srv_html(&r->out,
             "<form class=\"fix\" method=\"post\" "
             "action=\"/office/app/%s/%s\"><h3>%s</h3><p>%s</p>",
             e, fixes[i].path, fixes[i].title, fixes[i].about);
    srv_csrf_input(r);
    srv_html(&r->out,
             "<label>理由（必填）<input type=\"text\" name=\"reason\" "
             "maxlength=\"200\" required></label><label>日期（不填为今天）"
             "<input type=\"date\" name=\"on\"></label><button "
             "type=\"submit\">%s</button></form>",
             fixes[i].title);
  }
}

/* POST /office/app/{ref}/void and /office/app/{ref}/revoke */
static void fix(srv_req *r, bool is_void) {
  const char *reason = srv_field_text(r, "reason");
  if (!reason) {
    srv_fail(r, 400, "请填写理由");
    return;
  }
  if (strlen(reason) > 600) {
    srv_fail(r, 400, "理由过长");
    return;
  }
  int32_t on = 0;
  const char *d = srv_field_text(r, "on");
  if (d && gk_date_parse(d, strlen(d), &on, NULL)) {
    srv_fail(r, 400, "日期格式应为 YYYY-MM-DD");
    return;
  }
  gk_ledger *led = srv_ledger(r);
  if (!led)
    return;
  gk_error err;
  gk_error_clear(&err);
  gk_status st =
      is_void ? gk_ledger_app_void(led, r->param, reason, on, NULL, &err)
              : gk_ledger_app_revoke(led, r->param, reason, on, NULL, &err);
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
    srv_fail(r, 500, "更正失败：台账数据库错误");
    return;
  }
  back_to_app(r);
}

void srv_post_app_void(srv_req *r) { fix(r, true); }
void srv_post_app_revoke(srv_req *r) { fix(r, false); }

/* === Reminders === */

typedef struct remind_page {
  srv_req *r;
  int kind; /* the group open, -1 before the first */
  const int64_t *counts;
} remind_page;

static void group(remind_page *p, int k) {
  if (p->kind >= 0)
    srv_html(&p->r->out, "</tbody></table>");
  p->kind = k;
  srv_html(&p->r->out,
           "<h2>%s（%lld 件）</h2><table><thead><tr><th>受理编号</th>"
           "<th>期限</th><th>剩余工作日</th><th>状态</th></tr></thead><tbody>",
           gk_remind_kind_label((gk_remind_kind)k), (long long)p->counts[k]);
}

static int remind_row(const gk_remind_item *it, void *ud) {
  remind_page *p = ud;
  while (p->kind < (int)it->kind)
    group(p, p->kind + 1);
  char e[400], due[11];
  path_escape(it->ref, e, sizeof(e));
  srv_date(it->due_on, due);
  const char *st = gk_vocab_label(GK_VOCAB_STATE, it->state);
  srv_html(&p->r->out,
           "<tr><td><a href=\"/office/app/%s\">%s</a></td><td>%s%s</td>", e,
           it->ref, due, it->due_provisional ? "（暂定）" : "");
  if (it->days_left < 0)
    srv_html(&p->r->out, "<td class=\"overdue\">已过 %lld 个工作日</td>",
             (long long)-it->days_left);
  else
    srv_html(&p->r->out, "<td>%lld</td>", (long long)it->days_left);
  srv_html(&p->r->out, "<td>%s</td></tr>", st ? st : "");
  return 0;
}

/* GET /office/remind?within=N */
void srv_get_remind(srv_req *r) {
  const char *w =
      MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "within");
  int within = 5;
  if (w) {
    char *end = NULL;
    long n = strtol(w, &end, 10);
    if (!*w || *end || n < 0 || n > 60) {
      srv_fail(r, 400, "提醒的工作日数须为 0 至 60");
      return;
    }
    within = (int)n;
  }
  gk_ledger *led = srv_ledger(r);
  if (!led)
    return;
  int64_t counts[GK_REMIND_KIND_LAST];
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_remind(led, within, 0, NULL, NULL, counts, &err);
  if (st) {
    gk_ledger_free(led);
    srv_fail(r, 500, "提醒查询失败");
    return;
  }
  char today[11];
  srv_date(gk_ledger_today(led), today);
  srv_page_begin(r, "每日提醒");
  srv_html(&r->out,
           "<p>%s：已逾期、%d 个工作日内到期，以及补正、缴费、征求意见期限已过"
           "的申请（与 <code>gongkai remind</code> 的邮件相同）。</p>"
           "<form method=\"get\" action=\"/office/remind\"><label "
           "for=\"within\">到期提醒的工作日数</label><input type=\"text\" "
           "id=\"within\" name=\"within\" value=\"%d\" maxlength=\"2\">"
           "<button type=\"submit\">查看</button></form>",
           today, within, within);
  remind_page p = {r, -1, counts};
  st = gk_ledger_remind(led, within, 0, remind_row, &p, counts, &err);
  while (!st && p.kind < GK_REMIND_KIND_LAST - 1)
    group(&p, p.kind + 1);
  srv_html(&r->out, "</tbody></table>");
  if (st)
    srv_html(&r->out, "<p class=\"err\">%s</p>", err.message);
  srv_page_end(r);
  gk_ledger_free(led);
}
