/* srv_templates.c: the notice letters' templates edited in the browser by
 * the office head or the admin (issue 12 item 3: "from templates the
 * office can edit"; docs/server.md "Notice letters").
 *
 * A template is checked whole by the library's checker before it is saved
 * (gk_letter_template_check: an unknown placeholder, a {{ without }}, a
 * control character, not UTF-8, empty, over 64 KiB), and a bad one is
 * refused with its line and column while the one in use stays. Every save
 * and every reset is a new row of srv_letter_templates (append-only: the
 * previous versions are kept, with who and when) and a line of srv_audit.
 * The letters read the latest row on each request, so a saved template is
 * used at once. A reset row (body NULL) brings back what the server was
 * started with: the --letters DIR file of the kind, else the built-in. */
#include "srv_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* === Store === */

int srv_template_get(srv_server *s, int kind, char **out, size_t *len, char *by,
                     size_t byn, char *at, size_t atn) {
  *out = NULL;
  *len = 0;
  if (by && byn)
    by[0] = '\0';
  if (at && atn)
    at[0] = '\0';
  gk_db_stmt *st = srv_sql(s,
                           "SELECT body, saved_by, saved_at FROM "
                           "srv_letter_templates WHERE kind = ? ORDER BY id "
                           "DESC LIMIT 1",
                           NULL);
  if (!st)
    return -1;
  gk_db_bind_text(st, 1, gk_letter_kind_name((gk_letter_kind)kind));
  int rc = srv_step(st, NULL);
  if (rc == 1 && !gk_db_col_is_null(st, 0)) {
    const char *body = gk_db_col_text(st, 0);
    size_t n = strlen(body);
    char *p = malloc(n + 1);
    if (!p) {
      srv_sql_done(s, st);
      return -1;
    }
    memcpy(p, body, n);
    p[n] = '\0';
    *out = p;
    *len = n;
    if (by && byn)
      snprintf(by, byn, "%s", gk_db_col_text(st, 1));
    if (at && atn)
      snprintf(at, atn, "%s", gk_db_col_text(st, 2));
  }
  srv_sql_done(s, st);
  return rc >= 0 ? 0 : -1;
}

/* Appends a version ('body' NULL: the reset) and its audit line. */
static int template_put(srv_server *s, int kind, const char *body, size_t len,
                        const char *actor) {
  char now[32];
  srv_now_text(now);
  /* the driver binds NUL-ended text: a body with a NUL inside is refused
   * (srv_post_template accepts none: srv_text_ok) */
  if (body && strlen(body) != len)
    return -1;
  gk_db_stmt *st = srv_sql(s,
                           "INSERT INTO srv_letter_templates (kind, body, "
                           "saved_at, saved_by) VALUES (?, ?, ?, ?)",
                           NULL);
  if (!st)
    return -1;
  const char *kname = gk_letter_kind_name((gk_letter_kind)kind);
  gk_db_bind_text(st, 1, kname);
  if (body)
    gk_db_bind_text(st, 2, body);
  else
    gk_db_bind_null(st, 2);
  gk_db_bind_text(st, 3, now);
  gk_db_bind_text(st, 4, actor);
  int rc = srv_step(st, NULL);
  srv_sql_done(s, st);
  if (rc != 0)
    return -1;
  srv_audit(s, actor, body ? "letter-template" : "letter-template-reset",
            kname);
  return 0;
}

/* The template a letter of 'kind' is written with now, as text: the
 * latest saved version, else the --letters file, else the built-in. */
static const char *in_use(srv_server *s, int kind, char **saved, size_t *len,
                          char *by, size_t byn, char *at, size_t atn,
                          const char **source) {
  if (srv_template_get(s, kind, saved, len, by, byn, at, atn) == 0 && *saved) {
    *source = "saved";
    return *saved;
  }
  if (s->letter_tpl[kind]) {
    *source = "dir";
    *len = s->letter_len[kind];
    return s->letter_tpl[kind];
  }
  *source = "builtin";
  const char *d = gk_letter_template_default((gk_letter_kind)kind);
  *len = strlen(d);
  return d;
}

/* === Pages === */

/* GET /office/letters: each kind's template and where it comes from */
void srv_get_templates(srv_req *r) {
  srv_page_begin(r, "告知书模板");
  srv_html(&r->out,
           "<p>告知书按模板生成。修改后的模板保存前先检查（占位符、格式），"
           "保存后立即用于新生成的告知书；每次修改都留存原有版本。</p>"
           "<table><thead><tr><th>告知书</th><th>当前模板</th><th>操作</th>"
           "</tr></thead><tbody>");
  for (int k = 0; k < GK_LETTER_KIND_LAST; k++) {
    char *saved = NULL, by[64], at[32];
    size_t len = 0;
    const char *source = NULL;
    in_use(r->srv, k, &saved, &len, by, sizeof(by), at, sizeof(at), &source);
    const char *name = gk_letter_kind_name((gk_letter_kind)k);
    srv_html(&r->out, "<tr><td>%s</td><td>",
             gk_letter_kind_label((gk_letter_kind)k));
    if (strcmp(source, "saved") == 0)
      srv_html(&r->out, "本机关修改（%s，%s）", by, at);
    else if (strcmp(source, "dir") == 0)
      srv_html(&r->out, "模板目录中的文件（启动时读入）");
    else
      srv_html(&r->out, "内置模板");
    srv_html(&r->out,
             "</td><td><a href=\"/office/letters/%s\">查看和修改</a></td>"
             "</tr>",
             name);
    free(saved);
  }
  srv_html(&r->out, "</tbody></table>");
  srv_page_end(r);
}

/* The edit page: the form (with 'text' and the error 'msg' of a refused
 * save, else the template in use), the placeholders, the reset form and
 * the versions kept. */
static void edit_page(srv_req *r, int kind, const char *text, size_t tlen,
                      const char *msg) {
  srv_server *s = r->srv;
  char *saved = NULL, by[64], at[32];
  size_t len = 0;
  const char *source = NULL;
  const char *cur =
      in_use(s, kind, &saved, &len, by, sizeof(by), at, sizeof(at), &source);
  const char *name = gk_letter_kind_name((gk_letter_kind)kind);
  char title[160];
  snprintf(title, sizeof(title), "%s模板",
           gk_letter_kind_label((gk_letter_kind)kind));
  srv_page_begin(r, title);
  if (msg)
    srv_html(&r->out,
             "<p class=\"err\" role=\"alert\">模板未保存，仍使用原模板。%s</p>",
             msg);
  srv_html(&r->out,
           "<p>一行一段：<code># </code>开头为标题，<code>&gt; </code>开头为"
           "右对齐（署名、日期），<code>&lt; </code>开头为顶格（称呼），空行为"
           "空段；<code>{{占位符}}</code>换成该项内容。可用的占位符：");
  for (size_t i = 0; i < gk_letter_field_count((gk_letter_kind)kind); i++)
    srv_html(&r->out, "%s<code>{{%s}}</code>", i ? "、" : "",
             gk_letter_field_name((gk_letter_kind)kind, i));
  srv_html(&r->out,
           "。</p><form method=\"post\" action=\"/office/letters/%s\">", name);
  srv_csrf_input(r);
  srv_html(&r->out,
           "<label for=\"template\">模板</label><textarea id=\"template\" "
           "name=\"template\" rows=\"24\" cols=\"80\" required>");
  if (text)
    srv_html_escape(&r->out, text, tlen);
  else
    srv_html_escape(&r->out, cur, len);
  srv_html(&r->out, "</textarea><button type=\"submit\">检查并保存</button>"
                    "</form>");
  if (strcmp(source, "saved") == 0) {
    srv_html(&r->out,
             "<form method=\"post\" action=\"/office/letters/%s/reset\">",
             name);
    srv_csrf_input(r);
    srv_html(&r->out,
             "<p>当前模板由 %s 于 %s 修改。<button type=\"submit\">恢复默认"
             "模板</button>（%s）</p></form>",
             by, at, s->letter_tpl[kind] ? "模板目录中的文件" : "内置模板");
  }
  free(saved);
  /* the versions kept, newest first */
  srv_html(&r->out, "<h2>修改记录</h2>");
  gk_db_stmt *st = srv_sql(s,
                           "SELECT body, saved_by, saved_at FROM "
                           "srv_letter_templates WHERE kind = ? ORDER BY id "
                           "DESC LIMIT 100",
                           NULL);
  if (!st) {
    srv_html(&r->out, "<p class=\"err\">修改记录查询失败</p>");
    srv_page_end(r);
    return;
  }
  gk_db_bind_text(st, 1, name);
  int n = 0;
  while (srv_step(st, NULL) == 1) {
    const char *body = gk_db_col_text(st, 0);
    const char *who = gk_db_col_text(st, 1);
    const char *when = gk_db_col_text(st, 2);
    if (!n++)
      srv_html(&r->out, "<ul class=\"versions\">");
    if (body)
      srv_html(&r->out,
               "<li><details><summary>%s %s 保存</summary><pre>%s</pre>"
               "</details></li>",
               when ? when : "", who ? who : "", body);
    else
      srv_html(&r->out, "<li>%s %s 恢复默认模板</li>", when ? when : "",
               who ? who : "");
  }
  srv_sql_done(s, st);
  if (n)
    srv_html(&r->out, "</ul>");
  else
    srv_html(&r->out, "<p>尚未修改过。</p>");
  srv_html(&r->out, "<p><a href=\"/office/letters\">全部告知书模板</a></p>");
  srv_page_end(r);
}

/* GET /office/letters/{kind} */
void srv_get_template(srv_req *r) {
  int k = srv_letter_kind(r, r->param);
  if (k >= 0)
    edit_page(r, k, NULL, 0, NULL);
}

static void back(srv_req *r, int kind) {
  char loc[128];
  snprintf(loc, sizeof(loc), "/office/letters/%s",
           gk_letter_kind_name((gk_letter_kind)kind));
  srv_redirect(r, loc);
}

/* POST /office/letters/{kind}: template=TEXT, checked whole, then saved */
void srv_post_template(srv_req *r) {
  int k = srv_letter_kind(r, r->param);
  if (k < 0)
    return;
  const char *t = srv_field_get(r, "template");
  if (!t) {
    srv_fail(r, 400, "请填写模板");
    return;
  }
  /* a browser sends a textarea's lines with CRLF: the template's lines
   * are LF (the checker refuses CR as a control character) */
  size_t n = strlen(t);
  char *text = malloc(n + 1);
  if (!text) {
    srv_fail(r, 500, "内存不足");
    return;
  }
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (t[i] == '\r' && t[i + 1] == '\n')
      continue;
    text[m++] = t[i] == '\r' ? '\n' : t[i];
  }
  text[m] = '\0';
  char fname[64];
  snprintf(fname, sizeof(fname), "%s.txt",
           gk_letter_kind_name((gk_letter_kind)k));
  gk_error err;
  gk_error_clear(&err);
  gk_status st =
      gk_letter_template_check((gk_letter_kind)k, text, m, fname, &err);
  if (st) {
    /* refused: the page again with the office's text and the place */
    r->status = 400;
    edit_page(r, k, text, m,
              err.message[0] ? err.message : gk_strerror(st, GK_LANG_ZH));
    free(text);
    return;
  }
  int rc = template_put(r->srv, k, text, m, r->user.name);
  free(text);
  if (rc) {
    srv_fail(r, 500, "模板保存失败：数据库错误");
    return;
  }
  back(r, k);
}

/* POST /office/letters/{kind}/reset: back to the template started with */
void srv_post_template_reset(srv_req *r) {
  int k = srv_letter_kind(r, r->param);
  if (k < 0)
    return;
  if (template_put(r->srv, k, NULL, 0, r->user.name)) {
    srv_fail(r, 500, "模板恢复失败：数据库错误");
    return;
  }
  back(r, k);
}
