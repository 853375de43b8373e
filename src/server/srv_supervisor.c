/* srv_supervisor.c: the supervisor desk (issue 12 item 4; docs/server.md
 * "Supervisor desk"): a 上级主管部门 uploads its subordinate agencies'
 * annual reports (.docx, PDF, HTML, text; many at once), sees each one's
 * findings with the wrong cell marked in the rendered tables, and deletes
 * or replaces an upload (both in srv_audit). Reading is the library's
 * (gk_report_read_buffer: the format from the bytes, PDFs in a child
 * under gk_limits' memory and time bounds); the validator is
 * gk_check_run. Merge, compare, similar and charts: srv_supmany.c. */
#include "srv_supdesk.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* === Reading an upload === */

const char *const sup_fig_labels[SUP_NFIG] = {
    "收到申请", "予以公开", "部分公开", "不予公开",
    "无法提供", "不予处理", "其他处理"};

/* Outcome groups by the row ids of table apply (report-fields.md): a row
 * "denied.x" belongs to group "denied"; 2019's single "other" row and
 * 2021's "other.*" rows are both 其他处理. */
static const char *const fig_rows[SUP_NFIG] = {
    "new", "granted", "partial", "denied", "unable", "refused", "other"};

static void figures(const gk_report *rep, int64_t fig[SUP_NFIG]) {
  const gk_template *tpl = gk_report_template(rep);
  size_t t, c;
  memset(fig, 0, SUP_NFIG * sizeof(fig[0]));
  if (gk_template_find(tpl, "apply", NULL, NULL, &t, NULL, NULL))
    return;
  for (size_t i = 0; i < gk_template_row_count(tpl, t); i++) {
    const char *rid = gk_template_row_id(tpl, t, i);
    size_t n = strcspn(rid, ".");
    if (gk_template_find(tpl, "apply", rid, "total", &t, NULL, &c))
      continue;
    for (size_t g = 0; g < SUP_NFIG; g++)
      if (strlen(fig_rows[g]) == n && strncmp(fig_rows[g], rid, n) == 0)
        fig[g] += gk_report_cell(rep, t, i, c) / GK_SCALE;
  }
}

static gk_status read_bytes(srv_server *s, const char *name, const char *data,
                            size_t len, gk_report **out, gk_error *err) {
  gk_read_opts ro;
  memset(&ro, 0, sizeof(ro));
  ro.source_name = name;
  ro.limits.max_input_bytes = s->max_upload;
  gk_status st = gk_report_read_buffer(out, data, len, &ro, err);
  if (!st)
    st = gk_check_run(*out, GK_CHECK_ALL, err);
  if (st) {
    gk_report_free(*out);
    *out = NULL;
  }
  return st;
}

/* "NAME:LINE:COL: 无法读取：<status>：<detail>", the place when known. */
static void read_message(const char *name, gk_status st, const gk_error *err,
                         char *out, size_t n) {
  int k = snprintf(out, n, "%s", name);
  if (err->line > 0 && k >= 0 && (size_t)k < n)
    k += snprintf(out + k, n - (size_t)k, ":%lld", (long long)err->line);
  if (err->line > 0 && err->column > 0 && k >= 0 && (size_t)k < n)
    k += snprintf(out + k, n - (size_t)k, ":%lld", (long long)err->column);
  /* the reader's message when it has one (it usually opens with the
   * status's text: not said twice), else the status's text */
  const char *what = gk_strerror(st, GK_LANG_ZH);
  const char *detail = err->message[0] ? err->message : what;
  if (k >= 0 && (size_t)k < n)
    k += snprintf(out + k, n - (size_t)k, "：无法读取：%s", detail);
  if (detail != what && strncmp(detail, what, strlen(what)) != 0 && k >= 0 &&
      (size_t)k < n)
    snprintf(out + k, n - (size_t)k, "（%s）", what);
}

gk_report *sup_load(srv_server *s, int64_t id, gk_error *err) {
  gk_report *rep = NULL;
  gk_error_clear(err);
  gk_db_stmt *st =
      srv_sql(s, "SELECT name, bytes FROM srv_sup_uploads WHERE id = ?", NULL);
  if (!st)
    return NULL;
  gk_db_bind_int(st, 1, id);
  /* copied out, so the reading runs without the connection's lock */
  char *name = NULL, *data = NULL;
  size_t len = 0;
  bool found = srv_step(st, NULL) == 1;
  if (found) {
    const char *n = gk_db_col_text(st, 0);
    const void *d = gk_db_col_blob(st, 1, &len);
    name = strdup(n ? n : "");
    data = malloc(len ? len : 1);
    if (data && len)
      memcpy(data, d, len);
  }
  srv_sql_done(s, st);
  if (found && name && data)
    read_bytes(s, name, data, len, &rep, err);
  free(name);
  free(data);
  return rep;
}

/* === Listing === */

int sup_each(srv_server *s, bool only_readable,
             int (*fn)(const sup_row *row, void *ud), void *ud) {
  gk_db_stmt *st = srv_sql(
      s,
      "SELECT id, name, format, readable, agency, agency_key, year, "
      "template, errors, warnings, received, granted, partial, denied, "
      "unable, refused, other FROM srv_sup_uploads WHERE readable >= ? "
      "ORDER BY agency_key IS NULL, agency_key, year, id",
      NULL);
  if (!st)
    return -1;
  gk_db_bind_int(st, 1, only_readable ? 1 : 0);
  int rc = 0;
  while (!rc && srv_step(st, NULL) == 1) {
    sup_row row;
    memset(&row, 0, sizeof(row));
    row.id = gk_db_col_int(st, 0);
#define TXT(i, dst)                                                            \
  snprintf(dst, sizeof(dst), "%s",                                             \
           gk_db_col_text(st, i) ? gk_db_col_text(st, i) : "")
    TXT(1, row.name);
    TXT(2, row.format);
    TXT(4, row.agency);
    TXT(5, row.agency_key);
    TXT(7, row.tpl);
#undef TXT
    row.readable = gk_db_col_int(st, 3) != 0;
    row.year = (int)gk_db_col_int(st, 6);
    row.errors = gk_db_col_int(st, 8);
    row.warnings = gk_db_col_int(st, 9);
    for (int g = 0; g < SUP_NFIG; g++)
      row.fig[g] = gk_db_col_int(st, 10 + g);
    rc = fn(&row, ud);
  }
  srv_sql_done(s, st);
  return rc < 0 ? -1 : 0;
}

void sup_nav(srv_req *r) {
  srv_html(&r->out,
           "<nav class=\"pages\"><a href=\"/supervisor\">上传的报告</a>"
           "<a href=\"/supervisor/merge\">汇总</a>"
           "<a href=\"/supervisor/compare\">年度衔接</a>"
           "<a href=\"/supervisor/similar\">雷同比对</a>"
           "<a href=\"/supervisor/charts\">图表</a></nav>");
}

static void upload_form(srv_req *r) {
  srv_html(&r->out, "<form method=\"post\" action=\"/supervisor/upload\" "
                    "enctype=\"multipart/form-data\">");
  srv_csrf_input(r);
  srv_html(&r->out,
           "<label for=\"files\">下级机关的年度报告（.docx、PDF、HTML、文本；"
           "可多选，单个文件不超过 %lld 字节）</label>"
           "<input type=\"file\" id=\"files\" name=\"files\" multiple>"
           "<button type=\"submit\">上传并检查</button></form>",
           (long long)r->srv->max_upload);
}

static int list_row(const sup_row *row, void *ud) {
  srv_req *r = ud;
  srv_html(&r->out, "<tr><td><a href=\"/supervisor/report/%lld\">%s</a></td>",
           (long long)row->id, row->name);
  if (!row->readable) {
    srv_html(&r->out,
             "<td colspan=\"3\">—</td><td>%s</td><td colspan=\"2\" "
             "class=\"err\">无法读取</td></tr>",
             row->format);
    return 0;
  }
  char year[16] = "（不明）";
  if (row->year)
    snprintf(year, sizeof(year), "%d", row->year);
  srv_html(&r->out,
           "<td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%lld</td>"
           "<td>%lld</td></tr>",
           row->agency[0] ? row->agency : "（不明）", year, row->tpl,
           row->format, (long long)row->errors, (long long)row->warnings);
  return 0;
}

/* GET /supervisor: the uploads and the upload form */
void srv_get_sup_home(srv_req *r) {
  srv_page_begin(r, "上级主管部门工作台");
  sup_nav(r);
  upload_form(r);
  srv_html(&r->out,
           "<h2>已上传的年度报告</h2><table><thead><tr>"
           "<th>文件</th><th>报告主体</th><th>年度</th><th>格式版本</th>"
           "<th>文件格式</th><th>错误</th><th>警告</th></tr></thead>"
           "<tbody>");
  if (sup_each(r->srv, false, list_row, r) < 0) {
    srv_fail(r, 500, "无法读取上传记录");
    return;
  }
  srv_html(&r->out, "</tbody></table>");
  srv_page_end(r);
}

/* === Storing an upload === */

typedef struct stored {
  int64_t id;     /* its row (the earlier one for a duplicate) */
  bool duplicate; /* same bytes as upload 'id' */
  char dup_name[256];
  bool readable;
  char message[600]; /* the read error */
  int64_t errors, warnings;
  char agency[256];
  int year;
} stored;

static void sha256_hex(const char *data, size_t len, char out[65]) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, (const unsigned char *)data, len);
  sodium_bin2hex(out, 65, h, sizeof(h));
}

static int json_sink(const char *data, size_t len, void *ud) {
  srv_buf *b = ud;
  srv_buf_add(b, data, len);
  return b->failed ? -1 : 0;
}

/* Reads one file and stores it, or finds its twin. 'replace' > 0 updates
 * that row instead of adding one. Returns 0, or -1 on a database
 * failure. */
static int store_file(srv_server *srv, const char *actor, const srv_file *f,
                      int64_t replace, stored *out) {
  char sha[65];
  sha256_hex(f->data ? f->data : "", f->len, sha);
  memset(out, 0, sizeof(*out));
  gk_db_stmt *st = srv_sql(srv,
                           "SELECT id, name FROM srv_sup_uploads WHERE sha256 "
                           "= ? AND id <> ?",
                           NULL);
  if (!st)
    return -1;
  gk_db_bind_text(st, 1, sha);
  gk_db_bind_int(st, 2, replace);
  if (srv_step(st, NULL) == 1) {
    out->duplicate = true;
    out->id = gk_db_col_int(st, 0);
    snprintf(out->dup_name, sizeof(out->dup_name), "%s",
             gk_db_col_text(st, 1));
  }
  srv_sql_done(srv, st);
  if (out->duplicate)
    return 0;

  gk_error err;
  gk_error_clear(&err);
  gk_report *rep = NULL;
  gk_format fmt = gk_detect_format(f->data ? f->data : "", f->len);
  gk_status rs =
      read_bytes(srv, f->name, f->data ? f->data : "", f->len, &rep, &err);
  srv_buf json;
  srv_buf_init(&json, 16u << 20);
  int64_t fig[SUP_NFIG] = {0};
  char key[256] = "";
  if (!rs) {
    out->readable = true;
    out->errors = (int64_t)gk_report_count(rep, GK_SEV_ERROR);
    out->warnings = (int64_t)gk_report_count(rep, GK_SEV_WARNING);
    snprintf(out->agency, sizeof(out->agency), "%s",
             gk_report_agency(rep) ? gk_report_agency(rep) : "");
    if (out->agency[0])
      gk_agency_key(out->agency, key, sizeof(key));
    out->year = gk_report_year(rep);
    figures(rep, fig);
    if (gk_write_json(rep, GK_LANG_ZH, json_sink, &json, &err))
      json.failed = true;
  } else {
    read_message(f->name, rs, &err, out->message, sizeof(out->message));
  }
  char now[32];
  srv_now_text(now);
  /* the JSON as NUL-ended text, as the driver binds text */
  if (rep && !json.failed && json.p)
    srv_buf_add(&json, "", 1);
  const char *sql =
      replace > 0
          ? "UPDATE srv_sup_uploads SET sha256 = ?1, name = ?2, format = ?3, "
            "size = ?4, bytes = ?5, readable = ?6, message = ?7, agency = ?8, "
            "agency_key = ?9, year = ?10, template = ?11, errors = ?12, "
            "warnings = ?13, report_json = ?14, received = ?15, granted = "
            "?16, partial = ?17, denied = ?18, unable = ?19, refused = ?20, "
            "other = ?21, uploaded_at = ?22, uploaded_by = ?23 WHERE id = ?24"
          : "INSERT INTO srv_sup_uploads (sha256, name, format, size, bytes, "
            "readable, message, agency, agency_key, year, template, errors, "
            "warnings, report_json, received, granted, partial, denied, "
            "unable, refused, other, uploaded_at, uploaded_by) VALUES (?1, "
            "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
            "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23) RETURNING id";
  int rc = -1;
  st = srv_sql(srv, sql, NULL);
  if (st) {
    /* every parameter bound, NULL where SQLite left it unbound: PostgreSQL
     * types each one from its use */
    gk_db_bind_text(st, 1, sha);
    gk_db_bind_text(st, 2, f->name);
    gk_db_bind_text(st, 3, gk_format_name(fmt));
    gk_db_bind_int(st, 4, (int64_t)f->len);
    gk_db_bind_blob(st, 5, f->data ? f->data : "", f->len);
    gk_db_bind_int(st, 6, out->readable);
    gk_db_bind_text(st, 7, out->readable ? NULL : out->message);
    gk_db_bind_text(st, 8, out->agency[0] ? out->agency : NULL);
    gk_db_bind_text(st, 9, out->agency[0] ? key : NULL);
    if (out->year)
      gk_db_bind_int(st, 10, out->year);
    else
      gk_db_bind_null(st, 10);
    gk_db_bind_text(st, 11,
                    rep ? gk_template_name(gk_report_template(rep)) : NULL);
    gk_db_bind_int(st, 12, out->errors);
    gk_db_bind_int(st, 13, out->warnings);
    gk_db_bind_text(st, 14, rep && !json.failed && json.p ? json.p : NULL);
    for (int g = 0; g < SUP_NFIG; g++) {
      if (rep)
        gk_db_bind_int(st, 15 + g, fig[g]);
      else
        gk_db_bind_null(st, 15 + g);
    }
    gk_db_bind_text(st, 22, now);
    gk_db_bind_text(st, 23, actor);
    if (replace > 0)
      gk_db_bind_int(st, 24, replace);
    int got = srv_step(st, NULL);
    if (got >= 0 && (replace > 0 || got == 1)) {
      rc = 0;
      out->id = replace > 0 ? replace : gk_db_col_int(st, 0);
    }
    srv_sql_done(srv, st);
  }
  srv_buf_free(&json);
  gk_report_free(rep);
  return rc;
}

bool srv_sup_is_supervisor(srv_server *s, const char *name) {
  bool yes = false;
  gk_db_stmt *st =
      srv_sql(s, "SELECT role FROM srv_users WHERE name = ?", NULL);
  if (!st)
    return false;
  gk_db_bind_text(st, 1, name);
  if (srv_step(st, NULL) == 1)
    yes = srv_role_from_id(gk_db_col_text(st, 0)) == SRV_ROLE_SUPERVISOR;
  srv_sql_done(s, st);
  return yes;
}

int srv_sup_add_file(srv_server *s, const char *actor, const char *name,
                     char *data, size_t len, char *msg, size_t n) {
  srv_file f = {(char *)name, data, len};
  stored st;
  if (store_file(s, actor, &f, 0, &st))
    return -1;
  if (st.duplicate) {
    snprintf(msg, n, "%s：与已上传的“%s”（编号 %lld）内容相同，未重复保存",
             name, st.dup_name, (long long)st.id);
    return 1;
  }
  char detail[400];
  snprintf(detail, sizeof(detail), "upload %lld %s", (long long)st.id, name);
  srv_audit(s, actor, "sup-upload", detail);
  if (!st.readable) {
    snprintf(msg, n, "%s", st.message);
    return 2;
  }
  snprintf(msg, n,
           "%s：已读取（编号 %lld）：%s %d 年度，错误 %lld 个，警告 %lld 个",
           name, (long long)st.id, st.agency[0] ? st.agency : "报告主体不明",
           st.year, (long long)st.errors, (long long)st.warnings);
  return 0;
}

/* One line of the upload's result page. */
static void result_row(srv_req *r, const srv_file *f, const stored *s) {
  if (s->duplicate) {
    srv_html(&r->out,
             "<tr><td>%s</td><td>重复上传：与已上传的<a "
             "href=\"/supervisor/report/%lld\">“%s”</a>内容相同（SHA-256 "
             "一致），未重复保存</td></tr>",
             f->name, (long long)s->id, s->dup_name);
  } else if (!s->readable) {
    srv_html(&r->out,
             "<tr><td><a href=\"/supervisor/report/%lld\">%s</a></td><td "
             "class=\"err\">%s</td></tr>",
             (long long)s->id, f->name, s->message);
  } else {
    char y[16] = "年度不明";
    if (s->year)
      snprintf(y, sizeof(y), "%d 年度", s->year);
    srv_html(&r->out,
             "<tr><td><a href=\"/supervisor/report/%lld\">%s</a></td><td>"
             "已读取：%s %s，错误 %lld 个，警告 %lld 个</td></tr>",
             (long long)s->id, f->name,
             s->agency[0] ? s->agency : "报告主体不明", y, (long long)s->errors,
             (long long)s->warnings);
  }
}

/* POST /supervisor/upload (multipart/form-data, field "files"): every
 * file is read and stored; one that cannot be read is stored with its
 * message and the others are still taken. */
void srv_post_sup_upload(srv_req *r) {
  size_t taken = 0;
  srv_page_begin(r, "上传结果");
  sup_nav(r);
  srv_html(&r->out, "<table><thead><tr><th>文件</th><th>结果</th></tr>"
                    "</thead><tbody>");
  for (size_t i = 0; i < r->nfiles; i++) {
    const srv_file *f = &r->files[i];
    if (f->len == 0 && !f->name[0])
      continue; /* an empty file input */
    stored s;
    if (store_file(r->srv, r->user.name, f, 0, &s)) {
      srv_fail(r, 500, "无法保存上传的文件（数据库错误）");
      return;
    }
    if (!s.duplicate) {
      char detail[400];
      snprintf(detail, sizeof(detail), "upload %lld %s", (long long)s.id,
               f->name);
      srv_audit(r->srv, r->user.name, "sup-upload", detail);
    }
    result_row(r, f, &s);
    taken++;
  }
  srv_html(&r->out, "</tbody></table>");
  if (!taken) {
    srv_fail(r, 400, "没有收到文件：请选择一个或多个年度报告文件");
    return;
  }
  srv_html(&r->out, "<p><a href=\"/supervisor\">返回上传的报告</a></p>");
  srv_page_end(r);
}

/* === One upload: findings and the marked tables === */

static int64_t param_id(srv_req *r) {
  char *end = NULL;
  long long id = strtoll(r->param, &end, 10);
  if (end == r->param || *end || id <= 0)
    return 0;
  return (int64_t)id;
}

/* The upload's stored facts (name, format, message, who and when). */
typedef struct meta {
  char name[256], format[16], sha[65], at[32], by[64];
  char message[700];
  bool readable;
} meta;

static bool load_meta(srv_server *s, int64_t id, meta *m) {
  bool found = false;
  memset(m, 0, sizeof(*m));
  gk_db_stmt *st = srv_sql(s,
                           "SELECT name, format, sha256, uploaded_at, "
                           "uploaded_by, readable, message FROM "
                           "srv_sup_uploads WHERE id = ?",
                           NULL);
  if (!st)
    return false;
  gk_db_bind_int(st, 1, id);
  if (srv_step(st, NULL) == 1) {
    found = true;
#define TXT(i, dst)                                                            \
  snprintf(dst, sizeof(dst), "%s",                                             \
           gk_db_col_text(st, i) ? gk_db_col_text(st, i) : "")
    TXT(0, m->name);
    TXT(1, m->format);
    TXT(2, m->sha);
    TXT(3, m->at);
    TXT(4, m->by);
    TXT(6, m->message);
#undef TXT
    m->readable = gk_db_col_int(st, 5) != 0;
  }
  srv_sql_done(s, st);
  return found;
}

static void manage_forms(srv_req *r, int64_t id) {
  srv_html(&r->out,
           "<h2>替换或删除</h2><form method=\"post\" "
           "action=\"/supervisor/report/%lld/replace\" "
           "enctype=\"multipart/form-data\">",
           (long long)id);
  srv_csrf_input(r);
  srv_html(&r->out,
           "<label for=\"file\">用新文件替换</label><input type=\"file\" "
           "id=\"file\" name=\"file\"><button type=\"submit\">替换</button>"
           "</form><form method=\"post\" "
           "action=\"/supervisor/report/%lld/delete\">",
           (long long)id);
  srv_csrf_input(r);
  srv_html(&r->out, "<button type=\"submit\">删除此上传</button></form>");
}

/* GET /supervisor/report/{id} */
void srv_get_sup_report(srv_req *r) {
  int64_t id = param_id(r);
  meta m;
  if (!id || !load_meta(r->srv, id, &m)) {
    srv_fail(r, 404, "没有这个上传的报告");
    return;
  }
  gk_error err;
  gk_report *rep = m.readable ? sup_load(r->srv, id, &err) : NULL;
  srv_page_begin(r, m.name);
  sup_nav(r);
  srv_html(&r->out,
           "<p>文件格式：%s；SHA-256：<span class=\"code-s\">%s</span>；"
           "上传：%s（%s）</p>",
           m.format, m.sha, m.by, m.at);
  if (!rep) {
    srv_html(&r->out, "<p class=\"err\">%s</p>",
             m.readable ? "无法重新读取此文件" : m.message);
    manage_forms(r, id);
    srv_page_end(r);
    return;
  }
  const gk_template *tpl = gk_report_template(rep);
  char date[11];
  srv_date(gk_report_date(rep), date);
  srv_html(&r->out, "<p>报告主体：%s；年度：%d；格式版本：%s；报告日期：%s</p>",
           gk_report_agency(rep) ? gk_report_agency(rep) : "（不明）",
           gk_report_year(rep), gk_template_source(tpl), date);
  srv_html(&r->out, "<h2>检查结果：错误 %d 个，警告 %d 个</h2>",
           (int)gk_report_count(rep, GK_SEV_ERROR),
           (int)gk_report_count(rep, GK_SEV_WARNING));
  size_t nf = gk_report_finding_count(rep);
  if (nf) {
    srv_html(&r->out, "<table><thead><tr><th>级别</th><th>规则</th>"
                      "<th>位置</th><th>说明</th></tr></thead><tbody>");
    for (size_t i = 0; i < nf; i++) {
      const gk_finding *f = gk_report_finding(rep, i);
      srv_html(&r->out, "<tr><td>%s</td><td>%s</td><td>",
               gk_finding_severity(f) == GK_SEV_ERROR ? "错误" : "警告",
               gk_finding_rule(f));
      if (gk_finding_table(f) && gk_finding_row(f) && gk_finding_col(f))
        srv_html(&r->out, "<a href=\"#c-%s-%s-%s\">%s.%s.%s</a>",
                 gk_finding_table(f), gk_finding_row(f), gk_finding_col(f),
                 gk_finding_table(f), gk_finding_row(f), gk_finding_col(f));
      else if (gk_finding_line(f) > 0)
        srv_html(&r->out, "第 %lld 行", (long long)gk_finding_line(f));
      srv_html(&r->out, "</td><td>%s</td></tr>",
               gk_finding_message(f, GK_LANG_ZH));
    }
    srv_html(&r->out, "</tbody></table>");
  }
  srv_findings mk = {rep, 0};
  srv_table_mark mark = {srv_findings_cell, srv_findings_row_end, &mk, NULL};
  static const char *const tables[3][2] = {
      {"disclose", "二、主动公开政府信息情况"},
      {"apply", "三、收到和处理政府信息公开申请情况"},
      {"review", "四、政府信息公开行政复议、行政诉讼情况"}};
  for (size_t k = 0; k < 3; k++) {
    size_t t;
    if (gk_template_find(tpl, tables[k][0], NULL, NULL, &t, NULL, NULL))
      continue;
    srv_html(&r->out, "<h2>%s</h2>", tables[k][1]);
    srv_report_table(r, rep, t, &mark);
  }
  manage_forms(r, id);
  srv_page_end(r);
  gk_report_free(rep);
}

/* POST /supervisor/report/{id}/delete (audited) */
void srv_post_sup_delete(srv_req *r) {
  int64_t id = param_id(r);
  meta m;
  if (!id || !load_meta(r->srv, id, &m)) {
    srv_fail(r, 404, "没有这个上传的报告");
    return;
  }
  gk_db_stmt *st =
      srv_sql(r->srv, "DELETE FROM srv_sup_uploads WHERE id = ?", NULL);
  int ok = st != NULL;
  if (ok) {
    gk_db_bind_int(st, 1, id);
    ok = srv_step(st, NULL) == 0;
  }
  srv_sql_done(r->srv, st);
  if (!ok) {
    srv_fail(r, 500, "删除失败（数据库错误）");
    return;
  }
  char detail[400];
  snprintf(detail, sizeof(detail), "delete %lld %s sha256=%s", (long long)id,
           m.name, m.sha);
  srv_audit(r->srv, r->user.name, "sup-delete", detail);
  srv_redirect(r, "/supervisor");
}

/* POST /supervisor/report/{id}/replace (multipart, one file; audited) */
void srv_post_sup_replace(srv_req *r) {
  int64_t id = param_id(r);
  meta m;
  if (!id || !load_meta(r->srv, id, &m)) {
    srv_fail(r, 404, "没有这个上传的报告");
    return;
  }
  const srv_file *f = NULL;
  for (size_t i = 0; i < r->nfiles; i++)
    if (r->files[i].len || r->files[i].name[0])
      f = f ? f : &r->files[i];
  if (!f) {
    srv_fail(r, 400, "没有收到文件：请选择用来替换的文件");
    return;
  }
  stored s;
  if (store_file(r->srv, r->user.name, f, id, &s)) {
    srv_fail(r, 500, "无法保存上传的文件（数据库错误）");
    return;
  }
  if (s.duplicate) {
    char msg[600];
    snprintf(msg, sizeof(msg),
             "“%s”与已上传的“%s”（编号 %lld）内容相同，未替换", f->name,
             s.dup_name, (long long)s.id);
    srv_fail(r, 409, msg);
    return;
  }
  char detail[700];
  snprintf(detail, sizeof(detail), "replace %lld %s sha256=%s -> %s",
           (long long)id, m.name, m.sha, f->name);
  srv_audit(r->srv, r->user.name, "sup-replace", detail);
  char loc[64];
  snprintf(loc, sizeof(loc), "/supervisor/report/%lld", (long long)id);
  srv_redirect(r, loc);
}
