/* srv_reports.c: the annual reports (政府信息公开工作年度报告, 条例 第四十九条
 * and 第五十条) of every year the 2019 条例 applies to, generated from the
 * ledger (gk_ledger_report): an HTML page with the six sections and the
 * three tables, and .docx / .xlsx downloads from the library's writers.
 * Only finished years are public: up to last year.
 *
 * A year the agency published before it kept its ledger in gongkai (or
 * published otherwise) comes from --reports DIR instead: the file as
 * published, read once at start, shown and converted the same way, and
 * downloadable as it is (/reports/{year}/original). A ledger started in
 * 2025 would otherwise publish empty reports for 2019–2024. */
#include "cli_common.h"
#include "srv_core.h"

#include <microhttpd.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

enum { FIRST_YEAR = 2019 }; /* the revised 条例 (国务院令第711号) */

/* The year in China now (the ledger's clock, not the machine's zone). */
static int this_year(void) { return (int)(gk_ledger_today(NULL) / 10000); }

/* === --reports DIR === */

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

void srv_published_free(srv_server *s) {
  for (size_t i = 0; i < s->npublished; i++) {
    free(s->published[i].name);
    free(s->published[i].data);
    gk_report_free(s->published[i].rep);
    pthread_mutex_destroy(&s->published[i].mu);
  }
  free(s->published);
  s->published = NULL;
  s->npublished = 0;
}

/* Reads DIR/name as a report of 2019 or later; 0, or 2 after a message. */
static int load_one(srv_server *s, const char *dir, const char *name) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  struct stat sb;
  if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
    return 0; /* subdirectories and the like are not reports */
  gk_error err;
  gk_error_clear(&err);
  char *buf = NULL;
  size_t len = 0;
  gk_report *rep = NULL;
  gk_status st = cli_read_path(path, 64u << 20, &buf, &len, &err);
  if (!st) {
    gk_read_opts ro;
    memset(&ro, 0, sizeof(ro));
    ro.source_name = name;
    st = gk_report_read_buffer(&rep, buf, len, &ro, &err);
  }
  if (st) {
    fprintf(stderr, "gongkai: --reports: %s: %s\n", path,
            err.message[0] ? err.message : gk_strerror(st, GK_LANG_ZH));
    free(buf);
    return 2;
  }
  int year = gk_report_year(rep);
  if (year < FIRST_YEAR || year >= this_year()) {
    fprintf(stderr,
            "gongkai: --reports: %s：%d 年度不在 2019 年至上一年度之间，"
            "不能作为已公开的年度报告\n",
            path, year);
    gk_report_free(rep);
    free(buf);
    return 2;
  }
  for (size_t i = 0; i < s->npublished; i++)
    if (s->published[i].year == year) {
      fprintf(stderr, "gongkai: --reports: %s 与 %s 都是 %d 年度的报告\n",
              s->published[i].name, name, year);
      gk_report_free(rep);
      free(buf);
      return 2;
    }
  struct srv_published *v =
      realloc(s->published, (s->npublished + 1) * sizeof(*v));
  if (v)
    s->published = v;
  char *copy = v ? strdup(name) : NULL;
  if (!copy) {
    gk_report_free(rep);
    free(buf);
    fprintf(stderr, "gongkai: 内存不足\n");
    return 3;
  }
  s->published = v;
  struct srv_published *p = &v[s->npublished++];
  p->year = year;
  p->name = copy;
  p->data = buf;
  p->len = len;
  p->rep = rep;
  pthread_mutex_init(&p->mu, NULL);
  return 0;
}

int srv_published_load(srv_server *s, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    /* a mistyped DIR would silently publish the ledger's drafts */
    fprintf(stderr, "gongkai: --reports %s：不是可读的目录\n", dir);
    return 2;
  }
  char **names = NULL;
  size_t n = 0;
  int rc = 0;
  for (struct dirent *e; !rc && (e = readdir(d));) {
    if (e->d_name[0] == '.')
      continue;
    char **v = realloc(names, (n + 1) * sizeof(*v));
    char *copy = v ? strdup(e->d_name) : NULL;
    if (v)
      names = v;
    if (!copy)
      rc = 3;
    else
      names[n++] = copy;
  }
  closedir(d);
  /* name order: the same files give the same messages */
  if (n)
    qsort(names, n, sizeof(*names), by_name);
  for (size_t i = 0; !rc && i < n; i++)
    rc = load_one(s, dir, names[i]);
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  if (rc)
    srv_published_free(s);
  return rc;
}

static struct srv_published *published_of(srv_server *s, long year) {
  for (size_t i = 0; i < s->npublished; i++)
    if (s->published[i].year == year)
      return &s->published[i];
  return NULL;
}

/* GET /reports */
void srv_get_reports(srv_req *r) {
  srv_page_begin(r, "政府信息公开工作年度报告");
  srv_html(&r->out,
           "<p>依据《中华人民共和国政府信息公开条例》第四十九条、第五十条。"
           "标明“原件”的年度为本机关已公开的报告，其余由本机关政府信息公开"
           "台账生成。</p><table><thead><tr>"
           "<th>年度</th><th>网页</th><th>下载</th></tr></thead>"
           "<tbody>");
  for (int y = this_year() - 1; y >= FIRST_YEAR; y--) {
    srv_html(&r->out,
             "<tr><td>%d 年</td><td><a href=\"/reports/%d\">%d年度报告</a>"
             "</td><td><a href=\"/reports/%d.docx\">Word（.docx）</a> "
             "<a href=\"/reports/%d.xlsx\">Excel（.xlsx）</a>",
             y, y, y, y, y);
    if (published_of(r->srv, y))
      srv_html(&r->out, " <a href=\"/reports/%d/original\">原件</a>", y);
    srv_html(&r->out, "</td></tr>");
  }
  srv_html(&r->out, "</tbody></table>");
  srv_page_end(r);
}

/* A cell's value as text: counts whole, amounts in 万元 to the 元. */
static void cell_text(int64_t v, gk_col_kind kind, char *out, size_t n) {
  if (kind != GK_COL_AMOUNT || v % GK_SCALE == 0) {
    snprintf(out, n, "%lld", (long long)(v / GK_SCALE));
    return;
  }
  int64_t a = v < 0 ? -v : v;
  char frac[8];
  snprintf(frac, sizeof(frac), "%04lld", (long long)(a % GK_SCALE));
  for (size_t k = strlen(frac); k > 0 && frac[k - 1] == '0'; k--)
    frac[k - 1] = '\0';
  snprintf(out, n, "%s%lld.%s", v < 0 ? "-" : "", (long long)(a / GK_SCALE),
           frac);
}

/* True if rows r1 and r2 of table t have the same columns. */
static bool same_cols(const gk_template *tpl, size_t t, size_t r1, size_t r2) {
  size_t n = gk_template_col_count(tpl, t, r1);
  if (n != gk_template_col_count(tpl, t, r2))
    return false;
  for (size_t c = 0; c < n; c++)
    if (strcmp(gk_template_col_id(tpl, t, r1, c),
               gk_template_col_id(tpl, t, r2, c)) != 0)
      return false;
  return true;
}

/* One table: a header row whenever the columns change (table disclose's
 * rows differ; apply and review share theirs), the group and block labels
 * the official form prints. Each value cell has the id "c-TABLE-ROW-COL"
 * (report-fields.md's ids) so a finding can link to it; 'mark' (the
 * supervisor desk's findings) adds a class to a cell and notes to a row. */
void srv_report_table(srv_req *r, const gk_report *rep, size_t t,
                      const srv_table_mark *mark) {
  const gk_template *tpl = gk_report_template(rep);
  size_t rows = gk_template_row_count(tpl, t);
  const char *tid = gk_template_table_id(tpl, t);
  srv_html(&r->out, "<table>");
  const char *group = NULL;
  for (size_t i = 0; i < rows; i++) {
    const char *block = gk_template_row_block(tpl, t, i);
    size_t ncols = gk_template_col_count(tpl, t, i);
    if (block)
      srv_html(&r->out, "<tr><th colspan=\"%d\">%s</th></tr>", (int)ncols + 1,
               block);
    if (i == 0 || block || !same_cols(tpl, t, i - 1, i)) {
      /* the corner heads the row labels: a header without text is read
       * out as nothing (axe: empty-table-header) */
      srv_html(&r->out, "<tr><th scope=\"col\">项目</th>");
      for (size_t c = 0; c < ncols; c++)
        srv_html(&r->out, "<th>%s</th>", gk_template_col_label(tpl, t, i, c));
      srv_html(&r->out, "</tr>");
    }
    const char *g = gk_template_row_group(tpl, t, i);
    if (g && (!group || strcmp(g, group) != 0))
      srv_html(&r->out, "<tr><th colspan=\"%d\">%s</th></tr>", (int)ncols + 1,
               g);
    group = g;
    const char *rid = gk_template_row_id(tpl, t, i);
    srv_html(&r->out, "<tr><th>%s</th>", gk_template_row_label(tpl, t, i));
    for (size_t c = 0; c < ncols; c++) {
      char v[40];
      cell_text(gk_report_cell(rep, t, i, c),
                gk_template_col_kind(tpl, t, i, c), v, sizeof(v));
      const char *cls = mark && mark->cell ? mark->cell(mark->ud, t, i, c) : "";
      char link[256];
      const char *href = mark && mark->href
                             ? mark->href(mark->ud, t, i, c, link, sizeof(link))
                             : NULL;
      srv_html(&r->out, "<td id=\"c-%s-%s-%s\"", tid, rid,
               gk_template_col_id(tpl, t, i, c));
      if (cls && cls[0])
        srv_html(&r->out, " class=\"%s\"", cls);
      if (href)
        srv_html(&r->out, "><a href=\"%s\">%s</a></td>", href, v);
      else
        srv_html(&r->out, ">%s</td>", v);
    }
    srv_html(&r->out, "</tr>");
    if (mark && mark->row_end)
      mark->row_end(mark->ud, r, t, i);
  }
  srv_html(&r->out, "</table>");
}

static const char *const section_titles[6] = {
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项"};

/* === Findings next to the cells, --explain links === */

const char *srv_findings_cell(void *ud, size_t t, size_t row, size_t col) {
  const srv_findings *m = ud;
  const gk_template *tpl = gk_report_template(m->rep);
  const char *tid = gk_template_table_id(tpl, t);
  const char *rid = gk_template_row_id(tpl, t, row);
  const char *cid = gk_template_col_id(tpl, t, row, col);
  const char *cls = "";
  for (size_t i = 0; i < gk_report_finding_count(m->rep); i++) {
    const gk_finding *f = gk_report_finding(m->rep, i);
    if (!gk_finding_table(f) || !gk_finding_row(f) || !gk_finding_col(f) ||
        strcmp(gk_finding_table(f), tid) || strcmp(gk_finding_row(f), rid) ||
        strcmp(gk_finding_col(f), cid))
      continue;
    if (gk_finding_severity(f) == GK_SEV_ERROR)
      return "cell-err";
    cls = "cell-warn";
  }
  return cls;
}

void srv_findings_row_end(void *ud, srv_req *r, size_t t, size_t row) {
  const srv_findings *m = ud;
  const gk_template *tpl = gk_report_template(m->rep);
  const char *tid = gk_template_table_id(tpl, t);
  const char *rid = gk_template_row_id(tpl, t, row);
  for (size_t i = 0; i < gk_report_finding_count(m->rep); i++) {
    const gk_finding *f = gk_report_finding(m->rep, i);
    if (!gk_finding_table(f) || !gk_finding_row(f) ||
        strcmp(gk_finding_table(f), tid) || strcmp(gk_finding_row(f), rid))
      continue;
    bool err = gk_finding_severity(f) == GK_SEV_ERROR;
    srv_html(&r->out, "<tr class=\"%s\"><td colspan=\"%d\">%s[%s] %s</td></tr>",
             err ? "note-err" : "note-warn",
             (int)gk_template_col_count(tpl, t, row) + 1, err ? "错误" : "警告",
             gk_finding_rule(f), gk_finding_message(f, GK_LANG_ZH));
  }
}

/* Table 三's cells are counts of applications: each links to the list of
 * the applications it counts (gk_ledger_explain, the CLI's --explain). */
const char *srv_findings_href(void *ud, size_t t, size_t row, size_t col,
                              char *buf, size_t n) {
  const srv_findings *m = ud;
  const gk_template *tpl = gk_report_template(m->rep);
  if (m->explain_year <= 0 || strcmp(gk_template_table_id(tpl, t), "apply"))
    return NULL;
  /* template ids are [a-z0-9_]: safe in a URL; srv_html escapes the & */
  snprintf(buf, n, "/office/report/explain?year=%d&cell=apply.%s.%s",
           m->explain_year, gk_template_row_id(tpl, t, row),
           gk_template_col_id(tpl, t, row, col));
  return buf;
}

typedef struct explain_ctx {
  srv_req *r;
} explain_ctx;

static int explain_row(const gk_explain_row *e, void *ud) {
  explain_ctx *c = ud;
  char ol[256];
  srv_html(&c->r->out,
           "<tr><td><a href=\"/office/app/%s\">%s</a></td><td>%s</td>"
           "<td>%s</td><td>%s</td><td>%s</td></tr>",
           e->ref, e->ref, e->received_on ? e->received_on : "",
           e->closed_on ? e->closed_on : "",
           e->outcome ? srv_label_outcome_full(e->outcome, ol, sizeof(ol)) : "",
           srv_label_applicant_type(e->applicant_type));
  return 0;
}

static int voided_row(const gk_explain_row *e, void *ud) {
  explain_ctx *c = ud;
  srv_html(&c->r->out,
           "<tr><td><a href=\"/office/app/%s\">%s</a></td><td>%s</td>"
           "<td>%s</td></tr>",
           e->ref, e->ref, e->received_on ? e->received_on : "",
           e->void_reason ? e->void_reason : "");
  return 0;
}

/* GET /office/report/explain?year=Y&cell=apply.ROW.COL */
void srv_get_office_explain(srv_req *r) {
  const char *y =
      MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "year");
  const char *cell =
      MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "cell");
  char *end = NULL;
  long year = y ? strtol(y, &end, 10) : 0;
  if (!y || end == y || *end || year < FIRST_YEAR || year > this_year() ||
      !cell || strncmp(cell, "apply.", 6) != 0 || strlen(cell) > 96) {
    srv_fail(r, 400, "需要年度（2019 年至今年）和表三的单元格（apply.行.列）");
    return;
  }
  gk_ledger *led = srv_ledger(r);
  if (!led)
    return;
  char title[160];
  snprintf(title, sizeof(title), "%ld年度报告 表三 单元格的申请", year);
  srv_page_begin(r, title);
  srv_html(&r->out,
           "<p>单元格 <code>%s</code>（%d 年度）计入的申请：</p>"
           "<table><thead><tr><th>编号</th><th>收到申请日期</th>"
           "<th>办结日期</th><th>办理结果</th><th>申请人类型</th>"
           "</tr></thead><tbody>",
           cell, (int)year);
  explain_ctx c = {r};
  int64_t n = 0, nv = 0;
  gk_error err;
  gk_error_clear(&err);
  gk_status st =
      gk_ledger_explain(led, (int)year, cell, explain_row, &c, &n, &err);
  srv_html(&r->out, "</tbody></table>");
  if (!st) {
    srv_html(&r->out, "<p>共 %lld 件。</p>", (long long)n);
    srv_html(&r->out, "<h2>已作废、不计入的登记</h2><table><thead><tr>"
                      "<th>编号</th><th>收到申请日期</th><th>作废理由</th>"
                      "</tr></thead><tbody>");
    st = gk_ledger_explain_voided(led, (int)year, cell, voided_row, &c, &nv,
                                  &err);
    srv_html(&r->out, "</tbody></table>");
  }
  gk_ledger_free(led);
  if (st) {
    srv_fail(r, 400, err.message[0] ? err.message : "无法列出该单元格的申请");
    return;
  }
  srv_html(&r->out,
           "<p><a href=\"/office/report?year=%d\">返回年度报告</a></p>",
           (int)year);
  srv_page_end(r);
}

/* The six sections, each table after its section, the agency and date. */
static void report_body(srv_req *r, const gk_report *rep,
                        const srv_table_mark *mark) {
  char date[11];
  const char *agency = gk_report_agency(rep);
  srv_date(gk_report_date(rep), date);
  for (int n = 1; n <= 6; n++) {
    size_t len = 0;
    const char *text = gk_report_section(rep, n, &len);
    srv_html(&r->out, "<h2>%s</h2>", section_titles[n - 1]);
    if (text && len) {
      srv_html(&r->out, "<p>");
      srv_html_escape(&r->out, text, len);
      srv_html(&r->out, "</p>");
    }
    /* the tables follow their sections: 二 disclose, 三 apply, 四 review */
    static const char *const tables[7] = {NULL,     NULL, "disclose", "apply",
                                          "review", NULL, NULL};
    size_t t;
    if (tables[n] && gk_template_find(gk_report_template(rep), tables[n], NULL,
                                      NULL, &t, NULL, NULL) == GK_OK)
      srv_report_table(r, rep, t, mark);
  }
  srv_html(&r->out, "<p>%s<br>%s</p>", agency ? agency : "", date);
}

static int sink(const char *data, size_t len, void *ud) {
  srv_buf *b = ud;
  srv_buf_add(b, data, len);
  return b->failed ? -1 : 0;
}

/* The .docx or .xlsx of 'rep' into the response; false after a 500. */
static bool download(srv_req *r, const gk_report *rep, long year,
                     const char *ext) {
  gk_error err;
  gk_error_clear(&err);
  bool docx = strcmp(ext, ".docx") == 0;
  gk_status st = docx ? gk_write_docx(rep, GK_LANG_ZH, sink, &r->out, &err)
                      : gk_write_xlsx(rep, GK_LANG_ZH, sink, &r->out, &err);
  if (st) {
    srv_fail(r, 500, "生成年度报告文件失败");
    return false;
  }
  r->ctype = docx ? "application/vnd.openxmlformats-officedocument."
                    "wordprocessingml.document"
                  : "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet";
  snprintf(r->disposition, sizeof(r->disposition),
           "attachment; filename=\"gongkai-report-%ld%s\"", year, ext);
  return true;
}

/* A published year's page or download (its lock held). */
static void published_page(srv_req *r, struct srv_published *pub, long year,
                           const char *ext) {
  if (*ext) {
    download(r, pub->rep, year, ext);
    return;
  }
  char title[512];
  const char *agency = gk_report_agency(pub->rep);
  snprintf(title, sizeof(title), "%s%ld年政府信息公开工作年度报告",
           agency ? agency : "", year);
  srv_page_begin(r, title);
  srv_html(&r->out, "<p>本机关已公开的报告原件（");
  srv_html_escape(&r->out, pub->name, strlen(pub->name));
  srv_html(&r->out,
           "），格式：%s。<a href=\"/reports/%lld/original\">下载原件</a> "
           "<a href=\"/reports/%lld.docx\">下载 Word</a> "
           "<a href=\"/reports/%lld.xlsx\">下载 Excel</a></p>",
           gk_template_source(gk_report_template(pub->rep)), (long long)year,
           (long long)year, (long long)year);
  report_body(r, pub->rep, NULL);
  srv_page_end(r);
}

/* GET /reports/{YEAR}/original: the published file as it is. */
void srv_get_report_original(srv_req *r) {
  char *end = NULL;
  long year = strtol(r->param, &end, 10);
  struct srv_published *pub =
      end != r->param && !*end ? published_of(r->srv, year) : NULL;
  if (!pub) {
    srv_fail(r, 404, "该年度没有本机关已公开的报告原件");
    return;
  }
  /* read-only after start: no lock needed for the bytes */
  srv_buf_add(&r->out, pub->data, pub->len);
  const char *dot = strrchr(pub->name, '.');
  r->ctype = !dot                        ? "application/octet-stream"
             : strcmp(dot, ".pdf") == 0  ? "application/pdf"
             : strcmp(dot, ".docx") == 0 ? "application/vnd.openxmlformats-"
                                           "officedocument.wordprocessingml."
                                           "document"
             : strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0
                 ? "text/plain; charset=utf-8" /* never rendered as ours */
             : strcmp(dot, ".txt") == 0 ? "text/plain; charset=utf-8"
                                        : "application/octet-stream";
  snprintf(r->disposition, sizeof(r->disposition),
           "attachment; filename=\"gongkai-report-%ld-original%s\"", year,
           dot && strlen(dot) <= 6 ? dot : "");
}

/* GET /reports/{YEAR|YEAR.docx|YEAR.xlsx} */
void srv_get_report(srv_req *r) {
  char *end = NULL;
  long year = strtol(r->param, &end, 10);
  const char *ext = end;
  if (end == r->param ||
      (*ext && strcmp(ext, ".docx") != 0 && strcmp(ext, ".xlsx") != 0)) {
    srv_fail(r, 400, "年度报告的地址应为 /reports/年份，或加 .docx、.xlsx");
    return;
  }
  if (year < FIRST_YEAR || year >= this_year()) {
    srv_fail(r, 404, "没有该年度的年度报告（只发布 2019 年至上一年度）");
    return;
  }
  struct srv_published *pub = published_of(r->srv, year);
  if (pub) {
    /* the published report: rendered and converted under its lock */
    pthread_mutex_lock(&pub->mu);
    published_page(r, pub, year, ext);
    pthread_mutex_unlock(&pub->mu);
    return;
  }
  gk_ledger *led = srv_ledger(r);
  if (!led)
    return;
  /* dated 31 January of the next year: the earlier of the two deadlines of
   * 条例 第四十九条, lawful for departments and governments alike */
  int32_t due = (int32_t)((year + 1) * 10000 + 131);
  gk_report *rep = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_report(led, (int)year, due, &rep, &err);
  gk_ledger_free(led);
  if (st) {
    srv_fail(r, 500, "生成年度报告失败");
    return;
  }
  if (*ext) {
    download(r, rep, year, ext);
    gk_report_free(rep);
    return;
  }
  char title[512];
  const char *agency = gk_report_agency(rep);
  snprintf(title, sizeof(title), "%s%ld年政府信息公开工作年度报告",
           agency ? agency : "", year);
  srv_page_begin(r, title);
  srv_html(&r->out,
           "<p>格式：%s。<a href=\"/reports/%lld.docx\">下载 Word</a> "
           "<a href=\"/reports/%lld.xlsx\">下载 Excel</a></p>",
           gk_template_source(gk_report_template(rep)), (long long)year,
           (long long)year);
  report_body(r, rep, NULL);
  srv_page_end(r);
  gk_report_free(rep);
}

/* GET /office/report?year=N: the report of any year from 2019 to this one
 * as the ledger makes it today, with the checker's findings (the live
 * checks of the office's annual report work). */
void srv_get_office_report(srv_req *r) {
  const char *y =
      MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "year");
  long year = this_year();
  if (y) {
    char *end = NULL;
    year = strtol(y, &end, 10);
    if (end == y || *end || year < FIRST_YEAR || year > this_year()) {
      srv_fail(r, 400, "年度须为 2019 年至今年之间的年份");
      return;
    }
  }
  gk_ledger *led = srv_ledger(r);
  if (!led)
    return;
  gk_report *rep = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_report(led, (int)year, 0, &rep, &err);
  gk_ledger_free(led);
  if (!st)
    st = gk_check_run(rep, GK_CHECK_ALL, &err);
  if (st) {
    gk_report_free(rep);
    srv_fail(r, 500, "生成年度报告失败");
    return;
  }
  /* export: the draft as .docx or .xlsx, findings and all as they stand */
  const char *fmt =
      MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "format");
  if (fmt) {
    if (strcmp(fmt, "docx") && strcmp(fmt, "xlsx"))
      srv_fail(r, 400, "导出格式应为 docx 或 xlsx");
    else
      download(r, rep, year, strcmp(fmt, "docx") == 0 ? ".docx" : ".xlsx");
    gk_report_free(rep);
    return;
  }
  char title[64];
  snprintf(title, sizeof(title), "%ld年度报告（草稿）与检查", year);
  srv_page_begin(r, title);
  srv_html(
      &r->out,
      "<p>导出草稿：<a href=\"/office/report?year=%d&amp;format=docx\">"
      "Word（.docx）</a> <a href=\"/office/report?year=%d&amp;format=xlsx\">"
      "Excel（.xlsx）</a></p>",
      (int)year, (int)year);
  srv_html(&r->out, "<form method=\"get\" action=\"/office/report\">"
                    "<label for=\"year\">年度</label><select id=\"year\" "
                    "name=\"year\">");
  for (int i = this_year(); i >= FIRST_YEAR; i--) {
    if (i == year)
      srv_html(&r->out, "<option selected>%d</option>", i);
    else
      srv_html(&r->out, "<option>%d</option>", i);
  }
  srv_html(&r->out, "</select><button type=\"submit\">查看</button></form>");
  size_t nerr = gk_report_count(rep, GK_SEV_ERROR);
  size_t nwarn = gk_report_count(rep, GK_SEV_WARNING);
  srv_html(&r->out, "<h2>检查结果：错误 %d 个，警告 %d 个</h2>", (int)nerr,
           (int)nwarn);
  size_t nf = gk_report_finding_count(rep);
  if (nf) {
    srv_html(&r->out, "<table><thead><tr><th>级别</th><th>规则</th>"
                      "<th>说明</th></tr></thead><tbody>");
    for (size_t i = 0; i < nf; i++) {
      const gk_finding *f = gk_report_finding(rep, i);
      srv_html(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>",
               gk_finding_severity(f) == GK_SEV_ERROR ? "错误" : "警告",
               gk_finding_rule(f), gk_finding_message(f, GK_LANG_ZH));
    }
    srv_html(&r->out, "</tbody></table>");
  }
  /* the findings next to their cells; table 三's counts link to the
   * applications they count */
  srv_findings mk = {rep, (int)year};
  srv_table_mark mark = {srv_findings_cell, srv_findings_row_end, &mk,
                         srv_findings_href};
  report_body(r, rep, &mark);
  srv_page_end(r);
  gk_report_free(rep);
}
