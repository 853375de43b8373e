/* srv_html.c: the one template mechanism of the server (issue 12 item 1):
 * capped buffers, srv_html() whose %s arguments are always escaped, and
 * srv_html_raw(), the only way to write markup that is not a literal
 * template. The stylesheet is the server's own (no inline style or script:
 * the CSP forbids both). */
#include "srv_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* === Buffers === */

void srv_buf_init(srv_buf *b, size_t max) {
  memset(b, 0, sizeof(*b));
  b->max = max;
}

void srv_buf_free(srv_buf *b) {
  free(b->p);
  memset(b, 0, sizeof(*b));
}

void srv_buf_add(srv_buf *b, const char *s, size_t n) {
  if (b->failed)
    return;
  if (n > b->max || b->len > b->max - n) {
    b->failed = true;
    return;
  }
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      b->failed = true;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

void srv_buf_str(srv_buf *b, const char *s) { srv_buf_add(b, s, strlen(s)); }

void srv_buf_printf(srv_buf *b, const char *fmt, ...) {
  char tmp[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof(tmp)) {
    b->failed = true;
    return;
  }
  srv_buf_add(b, tmp, (size_t)n);
}

/* === Escaping === */

/* Text into HTML text or a quoted attribute: the five specials as
 * entities; C0 controls other than tab and newline, and DEL, dropped (they
 * have no business in a page and some browsers mangle them). */
void srv_html_escape(srv_buf *b, const char *s, size_t n) {
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *ent = NULL;
    switch (c) {
    case '&':
      ent = "&amp;";
      break;
    case '<':
      ent = "&lt;";
      break;
    case '>':
      ent = "&gt;";
      break;
    case '"':
      ent = "&quot;";
      break;
    case '\'':
      ent = "&#39;";
      break;
    default:
      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
        ent = "";
    }
    if (!ent)
      continue;
    srv_buf_add(b, s + run, i - run);
    srv_buf_str(b, ent);
    run = i + 1;
  }
  srv_buf_add(b, s + run, n - run);
}

void srv_html(srv_buf *b, const char *tpl, ...) {
  va_list ap;
  va_start(ap, tpl);
  const char *p = tpl;
  while (*p) {
    const char *pct = strchr(p, '%');
    if (!pct) {
      srv_buf_str(b, p);
      break;
    }
    srv_buf_add(b, p, (size_t)(pct - p));
    p = pct + 1;
    if (*p == 's') {
      const char *s = va_arg(ap, const char *);
      if (s)
        srv_html_escape(b, s, strlen(s));
      p++;
    } else if (*p == 'd') {
      srv_buf_printf(b, "%d", va_arg(ap, int));
      p++;
    } else if (strncmp(p, "lld", 3) == 0) {
      srv_buf_printf(b, "%lld", va_arg(ap, long long));
      p += 3;
    } else if (*p == '%') {
      srv_buf_add(b, "%", 1);
      p++;
    } else {
      b->failed = true;
      break;
    }
  }
  va_end(ap);
}

/* The one raw write: 'trusted' is markup the server made itself. */
void srv_html_raw(srv_buf *b, const char *trusted) { srv_buf_str(b, trusted); }

void srv_date(int32_t d, char out[11]) {
  if (!d) {
    out[0] = '\0';
    return;
  }
  gk_date_format(d, out);
}

void srv_due(int32_t d, int provisional, char out[SRV_DUE_LEN]) {
  srv_date(d, out);
  if (d && provisional)
    memcpy(out + 10, "（暂定）", sizeof("（暂定）"));
}

/* === The stylesheet (GET /static/style.css) === */

static const char style_css[] =
    "body{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;"
    "margin:0;color:#222;background:#f7f7f5;line-height:1.6}\n"
    /* flow-root: the header holds its floated login box, which otherwise
     * hangs below it, white on the page, when the menu wraps (axe:
     * color-contrast, the head's longer menu at 1280 px) */
    "header{background:#a40000;color:#fff;padding:.6em 1.2em;"
    "display:flow-root}\n"
    "header a{color:#fff;margin-right:1.2em;text-decoration:none}\n"
    "header .who{float:right}\n"
    "header form{display:inline}\n"
    "main{max-width:60em;margin:1em auto;padding:0 1em;background:#fff}\n"
    "h1{font-size:1.5em;border-bottom:2px solid #a40000}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#eee}\n"
    "label{display:block;margin:.6em 0 .2em}\n"
    "input[type=text],input[type=password],input[type=date],select,"
    "textarea{width:100%;max-width:40em;padding:.3em;box-sizing:border-box}\n"
    "textarea{min-height:6em}\n"
    "button{margin:.6em 0;padding:.3em 1.2em}\n"
    ".err{color:#a40000;font-weight:bold}\n"
    ".overdue{color:#a40000;font-weight:bold}\n"
    ".code{font-family:monospace;font-size:1.4em;letter-spacing:.1em}\n"
    ".act{border:1px solid #ccc;margin:.6em 0;padding:.4em .8em}\n"
    "nav.pages a{margin-right:.8em}\n"
    "footer{text-align:center;color:#666;font-size:.9em;padding:1em}\n"
    /* supervisor desk: the cells findings name, their notes, the charts */
    "td.cell-err{background:#f8d0d0;outline:2px solid #a40000}\n"
    "td.cell-warn{background:#fff2c0}\n"
    "tr.note-err td{color:#a40000;font-size:.9em}\n"
    "tr.note-warn td{color:#7a5a00;font-size:.9em}\n"
    ".code-s{font-family:monospace;font-size:.85em;word-break:break-all}\n"
    ".chart{width:100%;height:420px;margin:1em 0}\n";

/* GET /static/style.css */
void srv_get_style(srv_req *r) {
  r->ctype = "text/css; charset=utf-8";
  r->cacheable = true;
  srv_buf_add(&r->out, style_css, sizeof(style_css) - 1);
}

/* === The page frame === */

void srv_page_begin(srv_req *r, const char *title) {
  const char *agency = r->srv->agency; /* the ledger's, read at start */
  srv_html(&r->out,
           "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta "
           "charset=\"utf-8\"><meta name=\"viewport\" "
           "content=\"width=device-width,initial-scale=1\"><title>%s — "
           "%s</title><link rel=\"stylesheet\" "
           "href=\"/static/style.css\"></head><body><header>",
           title, agency[0] ? agency : "政府信息公开");
  srv_html(
      &r->out,
      "<a href=\"/\">首页</a><a href=\"/guide\">政府信息公开指南</a>"
      "<a href=\"/catalogue\">政府信息公开目录</a>"
      "<a href=\"/reports\">年度报告</a>"
      "<a href=\"/apply\">在线申请</a><a href=\"/status\">办理进度查询</a>");
  if (r->user.id) {
    if (SRV_STAFF & SRV_R(r->user.role))
      srv_html(&r->out, "<a href=\"/office\">办理台</a>"
                        "<a href=\"/office/records\">主动公开记录</a>"
                        "<a href=\"/office/report\">年度报告与检查</a>");
    if (r->user.role == SRV_ROLE_SUPERVISOR)
      srv_html(&r->out, "<a href=\"/supervisor\">上级主管部门工作台</a>");
    if (r->user.role == SRV_ROLE_ADMIN)
      srv_html(&r->out, "<a href=\"/admin/users\">账户</a>");
    if (r->user.role == SRV_ROLE_HEAD || r->user.role == SRV_ROLE_ADMIN)
      srv_html(&r->out, "<a href=\"/office/letters\">告知书模板</a>");
    srv_html(&r->out,
             "<span class=\"who\">%s（%s）<form method=\"post\" "
             "action=\"/logout\">",
             r->user.name, srv_role_label(r->user.role));
    srv_csrf_input(r);
    srv_html(&r->out, "<button type=\"submit\">退出</button></form></span>");
  } else {
    srv_html(&r->out,
             "<span class=\"who\"><a href=\"/login\">工作人员登录</a></span>");
  }
  srv_html(&r->out, "</header><main><h1>%s</h1>\n", title);
}

void srv_page_end(srv_req *r) {
  srv_html(&r->out,
           "</main><footer>依据《中华人民共和国政府信息公开条例》"
           "（国务院令第711号）· gongkai %s</footer></body></html>\n",
           gk_version());
}
