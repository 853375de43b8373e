/* srv_records.c: records of proactive disclosure in the console (issue 12
 * item 3, "records review"): a clerk drafts a record (gk_ledger_record_add), a
 * second person approves it (gk_ledger_record_approve; the drafter cannot
 * approve their own: the library's four-eyes rule, GK_E_DENIED), and an
 * approved document reaches the public catalogue at the next refresh. Kinds are
 * the rows of table 二 (disclose) of the 2021 form, shown by their labels. */
#include "srv_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LIST_MAX = 300 };

static const char *kind_label(const char *kind) {
  const gk_template *tpl = gk_template_by_name("2021");
  size_t t, r;
  if (!kind || gk_template_find(tpl, "disclose", kind, NULL, &t, &r, NULL))
    return "未知";
  return gk_template_row_label(tpl, t, r);
}

typedef struct list_ctx {
  srv_req *r;
  int64_t shown;
  bool can_approve;
} list_ctx;

static int record_row(const gk_record *rec, void *ud) {
  list_ctx *c = ud;
  srv_req *r = c->r;
  if (++c->shown > LIST_MAX)
    return 1;
  char d[3][11];
  srv_date(rec->date, d[0]);
  srv_date(rec->published_on, d[1]);
  srv_date(rec->repealed_on, d[2]);
  srv_html(&r->out,
           "<tr><td>%lld</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
           "<td>%lld</td><td>%s</td>",
           (long long)rec->id, kind_label(rec->kind), rec->doc_no,
           rec->title ? rec->title : "", d[0], (long long)(rec->count),
           rec->drafted_by ? rec->drafted_by : "");
  if (rec->published_on)
    srv_html(&r->out, "<td>%s 由 %s 审核发布%s%s</td></tr>", d[1],
             rec->approved_by ? rec->approved_by : "",
             rec->repealed_on ? "，废止于 " : "", d[2]);
  else if (c->can_approve) {
    srv_html(&r->out,
             "<td>待审核<form method=\"post\" "
             "action=\"/office/records/%lld/approve\">",
             (long long)rec->id);
    srv_csrf_input(r);
    srv_html(&r->out, "<button type=\"submit\">审核发布</button></form></td>"
                      "</tr>");
  } else
    srv_html(&r->out, "<td>待审核</td></tr>");
  return 0;
}

/* GET /office/records */
void srv_get_records(srv_req *r) {
  gk_ledger *led = srv_ledger(r);
  if (!led)
    return;
  srv_page_begin(r, "主动公开记录");
  bool can_draft =
      r->user.role == SRV_ROLE_CLERK || r->user.role == SRV_ROLE_HEAD;
  bool can_approve =
      r->user.role == SRV_ROLE_REVIEWER || r->user.role == SRV_ROLE_HEAD;
  srv_html(&r->out, "<p>记录经起草人以外的另一人审核后发布，计入年度报告；"
                    "有标题的文件进入政府信息公开目录。</p>");
  if (can_draft) {
    const gk_template *tpl = gk_template_by_name("2021");
    size_t t;
    srv_html(&r->out, "<form class=\"act\" method=\"post\" "
                      "action=\"/office/records\"><h3>起草记录</h3>");
    srv_csrf_input(r);
    srv_html(&r->out, "<label>类别<select name=\"kind\">");
    if (gk_template_find(tpl, "disclose", NULL, NULL, &t, NULL, NULL) == GK_OK)
      for (size_t i = 0; i < gk_template_row_count(tpl, t); i++)
        srv_html(&r->out, "<option value=\"%s\">%s</option>",
                 gk_template_row_id(tpl, t, i),
                 gk_template_row_label(tpl, t, i));
    srv_html(&r->out,
             "</select></label><label>文号（必填）<input type=\"text\" "
             "name=\"doc_no\" maxlength=\"100\" required></label><label>标题"
             "<input type=\"text\" name=\"title\" maxlength=\"300\"></label>"
             "<label>成文（决定、收费、采购）日期<input type=\"date\" "
             "name=\"date\" required></label><label>件数（决定数、项目数；"
             "默认 1）<input type=\"text\" name=\"count\" maxlength=\"9\">"
             "</label><label>金额（万元，收费与采购）<input type=\"text\" "
             "name=\"amount\" maxlength=\"16\"></label><button "
             "type=\"submit\">起草</button></form>");
  }
  srv_html(&r->out, "<table><thead><tr><th>编号</th><th>类别</th><th>文号</th>"
                    "<th>标题</th><th>日期</th><th>件数</th><th>起草人</th>"
                    "<th>状态</th></tr></thead><tbody>");
  list_ctx c = {r, 0, can_approve};
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_record_list(led, record_row, &c, &err);
  srv_html(&r->out, "</tbody></table>");
  if (st)
    srv_html(&r->out, "<p class=\"err\">%s</p>", err.message);
  if (c.shown > LIST_MAX)
    srv_html(&r->out, "<p>只列出前 %d 条。</p>", LIST_MAX);
  srv_page_end(r);
  gk_ledger_free(led);
}

/* "12.5" → 125000 (万元 × GK_SCALE); false when not a non-negative amount
 * with at most four decimals. */
static bool parse_amount(const char *s, int64_t *out) {
  int64_t whole = 0, frac = 0;
  int decimals = -1;
  if (!*s)
    return false;
  for (const char *p = s; *p; p++) {
    if (*p == '.' && decimals < 0) {
      decimals = 0;
      continue;
    }
    if (*p < '0' || *p > '9' || decimals >= 4 || whole > 100000000000LL)
      return false;
    if (decimals < 0)
      whole = whole * 10 + (*p - '0');
    else {
      frac = frac * 10 + (*p - '0');
      decimals++;
    }
  }
  while (decimals > 0 && decimals < 4) {
    frac *= 10;
    decimals++;
  }
  *out = whole * GK_SCALE + frac;
  return true;
}

/* POST /office/records */
void srv_post_record(srv_req *r) {
  gk_record rec;
  memset(&rec, 0, sizeof(rec));
  rec.kind = srv_field_text(r, "kind");
  rec.doc_no = srv_field_text(r, "doc_no");
  rec.title = srv_field_text(r, "title");
  const char *date = srv_field_text(r, "date");
  const char *count = srv_field_text(r, "count");
  const char *amount = srv_field_text(r, "amount");
  const gk_template *tpl = gk_template_by_name("2021");
  size_t t, row;
  if (!rec.kind ||
      gk_template_find(tpl, "disclose", rec.kind, NULL, &t, &row, NULL)) {
    srv_fail(r, 400, "请选择记录的类别");
    return;
  }
  if (!rec.doc_no || strlen(rec.doc_no) > 300) {
    srv_fail(r, 400, "请填写文号");
    return;
  }
  if ((rec.title && strlen(rec.title) > 900) || !date ||
      gk_date_parse(date, strlen(date), &rec.date, NULL)) {
    srv_fail(r, 400,
             rec.title && strlen(rec.title) > 900 ? "标题过长"
                                                  : "日期格式应为 YYYY-MM-DD");
    return;
  }
  rec.count = 1;
  if (count) {
    char *end = NULL;
    long long n = strtoll(count, &end, 10);
    if (*end || n < 1 || n > 100000000) {
      srv_fail(r, 400, "件数须为正整数");
      return;
    }
    rec.count = n;
  }
  if (amount && !parse_amount(amount, &rec.amount)) {
    srv_fail(r, 400, "金额须为非负数，最多四位小数（万元）");
    return;
  }
  gk_ledger *led = srv_ledger(r);
  if (!led)
    return;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_record_add(led, &rec, NULL, &err);
  gk_ledger_free(led);
  if (st == GK_E_ARG) {
    srv_fail(r, 400, err.message[0] ? err.message : "记录无效");
    return;
  }
  if (st) {
    srv_fail(r, 500, "保存记录失败");
    return;
  }
  srv_redirect(r, "/office/records");
}

/* POST /office/records/{id}/approve */
void srv_post_record_approve(srv_req *r) {
  char *end = NULL;
  long long id = strtoll(r->param, &end, 10);
  if (*end || id < 1) {
    srv_fail(r, 400, "记录编号须为正整数");
    return;
  }
  gk_ledger *led = srv_ledger(r);
  if (!led)
    return;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_record_approve(led, id, 0, &err);
  gk_ledger_free(led);
  if (st == GK_E_DENIED) {
    srv_fail(r, 403, "起草人不能审核自己起草的记录（须由另一人审核）");
    return;
  }
  if (st == GK_E_NOT_FOUND) {
    srv_fail(r, 404, "没有该编号的记录");
    return;
  }
  if (st == GK_E_STATE || st == GK_E_ARG) {
    srv_fail(r, 400, err.message[0] ? err.message : "不能审核该记录");
    return;
  }
  if (st) {
    srv_fail(r, 500, "审核失败：台账数据库错误");
    return;
  }
  srv_redirect(r, "/office/records");
}
