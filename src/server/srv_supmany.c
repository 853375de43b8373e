/* srv_supmany.c: the supervisor desk across its uploads (issue 12 item 4;
 * docs/server.md "Supervisor desk"): the regional merge of a year
 * (gk_merge, downloads through gk_write_docx / gk_write_xlsx), year-on-year
 * continuity per agency (gk_compare_years, agencies grouped by
 * gk_agency_key), near-copy pairs (gk_similar, verified by
 * gk_similarity_compare), and the charts of applications and outcomes:
 * ECharts (npm, web/) served by gongkai itself with a small static script;
 * the figures are in a data attribute (the CSP forbids inline script) and
 * the same figures are tables, which is all a browser without JavaScript
 * shows. */
#include "srv_supdesk.h"

#include <jansson.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_REPORTS = 2000 }; /* reports one page reads at once */

/* === Years and the merge === */

/* The years of the readable uploads, latest first; returns the count. */
static size_t years(srv_server *s, int *out, size_t max) {
  size_t n = 0;
  gk_db_stmt *st = srv_sql(s,
                           "SELECT DISTINCT year FROM srv_sup_uploads WHERE "
                           "readable <> 0 AND year IS NOT NULL ORDER BY year "
                           "DESC",
                           NULL);
  if (!st)
    return 0;
  while (n < max && srv_step(st, NULL) == 1)
    out[n++] = (int)gk_db_col_int(st, 0);
  srv_sql_done(s, st);
  return n;
}

typedef struct merge_ctx {
  srv_server *s;
  gk_merge *m;
  int year;
  gk_status st;
} merge_ctx;

static int merge_one(const sup_row *row, void *ud) {
  merge_ctx *c = ud;
  if (row->year != c->year)
    return 0;
  gk_error err;
  gk_report *rep = sup_load(c->s, row->id, &err);
  if (!rep) {
    c->st = gk_merge_add_unreadable(c->m, row->name, "无法重新读取",
                                    "cannot be read again");
    return c->st ? -1 : 0;
  }
  gk_error_clear(&err);
  c->st = gk_merge_add(c->m, rep, row->name, &err);
  gk_report_free(rep);
  return c->st ? -1 : 0;
}

/* The merged report of 'year' ('*m' says what was left out). */
static gk_status build_merge(srv_req *r, int year, gk_merge **m,
                             gk_report **out) {
  char agency[256];
  if (!srv_setting(r->srv, "agency", agency, sizeof(agency)))
    agency[0] = '\0';
  *out = NULL;
  gk_status st = gk_merge_new(m, agency, year, NULL);
  if (st)
    return st;
  merge_ctx c = {r->srv, *m, year, GK_OK};
  if (sup_each(r->srv, true, merge_one, &c) < 0)
    return c.st ? c.st : GK_E_DB;
  gk_error err;
  gk_error_clear(&err);
  return gk_merge_finish(*m, out, &err);
}

/* A year from the query (?year=) or the latest; 0 when none. */
static int chosen_year(srv_req *r, const int *ys, size_t ny, bool *bad) {
  const char *y =
      MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "year");
  *bad = false;
  if (!y)
    return ny ? ys[0] : 0;
  char *end = NULL;
  long v = strtol(y, &end, 10);
  if (end == y || *end || v < 1990 || v > 9999) {
    *bad = true;
    return 0;
  }
  return (int)v;
}

/* GET /supervisor/merge?year=Y */
void srv_get_sup_merge(srv_req *r) {
  int ys[64];
  size_t ny = years(r->srv, ys, 64);
  bool bad;
  int year = chosen_year(r, ys, ny, &bad);
  if (bad) {
    srv_fail(r, 400, "年度须为四位数字的年份");
    return;
  }
  srv_page_begin(r, "本地区年度报告汇总");
  sup_nav(r);
  if (!ny) {
    srv_html(&r->out, "<p>还没有可以汇总的报告：请先上传。</p>");
    srv_page_end(r);
    return;
  }
  srv_html(&r->out, "<form method=\"get\" action=\"/supervisor/merge\">"
                    "<label for=\"year\">年度</label><select id=\"year\" "
                    "name=\"year\">");
  for (size_t i = 0; i < ny; i++) {
    if (ys[i] == year)
      srv_html(&r->out, "<option selected>%d</option>", ys[i]);
    else
      srv_html(&r->out, "<option>%d</option>", ys[i]);
  }
  srv_html(&r->out, "</select><button type=\"submit\">汇总</button></form>");
  gk_merge *m = NULL;
  gk_report *rep = NULL;
  gk_status st = build_merge(r, year, &m, &rep);
  if (st && st != GK_E_EMPTY) {
    gk_merge_free(m);
    srv_fail(r, 500, "汇总失败");
    return;
  }
  srv_html(&r->out, "<h2>%d 年度：汇总 %d 份报告</h2>", year,
           (int)gk_merge_count(m));
  if (gk_merge_count(m)) {
    srv_html(&r->out, "<ul>");
    for (size_t i = 0; i < gk_merge_count(m); i++)
      srv_html(&r->out, "<li>%s</li>", gk_merge_name(m, i));
    srv_html(&r->out, "</ul>");
  }
  if (gk_merge_left_out_count(m)) {
    srv_html(&r->out, "<h2>未汇总的报告</h2><table><thead><tr><th>文件</th>"
                      "<th>原因</th></tr></thead><tbody>");
    for (size_t i = 0; i < gk_merge_left_out_count(m); i++)
      srv_html(&r->out, "<tr><td>%s</td><td>%s</td></tr>",
               gk_merge_left_out_name(m, i),
               gk_merge_left_out_message(m, i, GK_LANG_ZH));
    srv_html(&r->out, "</tbody></table>");
  }
  if (rep) {
    srv_html(
        &r->out,
        "<p><a href=\"/supervisor/merge/%d.docx\">下载汇总 Word（.docx）"
        "</a> <a href=\"/supervisor/merge/%d.xlsx\">下载汇总 Excel（.xlsx）"
        "</a></p>",
        year, year);
    const gk_template *tpl = gk_report_template(rep);
    for (size_t t = 0; t < gk_template_table_count(tpl); t++)
      srv_report_table(r, rep, t, NULL);
  } else {
    srv_html(&r->out, "<p>该年度没有可以汇总的报告（有错误的报告不汇总）。"
                      "</p>");
  }
  gk_report_free(rep);
  gk_merge_free(m);
  srv_page_end(r);
}

static int sink(const char *data, size_t len, void *ud) {
  srv_buf *b = ud;
  srv_buf_add(b, data, len);
  return b->failed ? -1 : 0;
}

/* GET /supervisor/merge/{YEAR.docx|YEAR.xlsx} */
void srv_get_sup_merge_file(srv_req *r) {
  char *end = NULL;
  long year = strtol(r->param, &end, 10);
  if (end == r->param || year < 1990 || year > 9999 ||
      (strcmp(end, ".docx") != 0 && strcmp(end, ".xlsx") != 0)) {
    srv_fail(r, 400, "汇总下载的地址应为 /supervisor/merge/年份.docx 或 .xlsx");
    return;
  }
  bool docx = strcmp(end, ".docx") == 0;
  gk_merge *m = NULL;
  gk_report *rep = NULL;
  gk_status st = build_merge(r, (int)year, &m, &rep);
  gk_merge_free(m);
  if (st == GK_E_EMPTY) {
    srv_fail(r, 404, "该年度没有可以汇总的报告");
    return;
  }
  gk_error err;
  gk_error_clear(&err);
  if (!st)
    st = docx ? gk_write_docx(rep, GK_LANG_ZH, sink, &r->out, &err)
              : gk_write_xlsx(rep, GK_LANG_ZH, sink, &r->out, &err);
  gk_report_free(rep);
  if (st) {
    srv_fail(r, 500, "生成汇总文件失败");
    return;
  }
  r->ctype = docx ? "application/vnd.openxmlformats-officedocument."
                    "wordprocessingml.document"
                  : "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet";
  snprintf(r->disposition, sizeof(r->disposition),
           "attachment; filename=\"gongkai-merge-%ld%s\"", year, end);
}

/* === Year on year === */

typedef struct rows {
  sup_row *v;
  size_t n;
  bool failed;
} rows;

static int collect(const sup_row *row, void *ud) {
  rows *rs = ud;
  if (rs->n == MAX_REPORTS)
    return 0;
  sup_row *v = realloc(rs->v, (rs->n + 1) * sizeof(*v));
  if (!v) {
    rs->failed = true;
    return -1;
  }
  rs->v = v;
  rs->v[rs->n++] = *row;
  return 0;
}

/* GET /supervisor/compare: per agency (gk_agency_key), each year against
 * the one before (rows come sorted by key and year) */
void srv_get_sup_compare(srv_req *r) {
  rows rs = {NULL, 0, false};
  if (sup_each(r->srv, true, collect, &rs) < 0 || rs.failed) {
    free(rs.v);
    srv_fail(r, 500, "无法读取上传记录");
    return;
  }
  srv_page_begin(r, "年度衔接（上年结转与本年）");
  sup_nav(r);
  srv_html(&r->out,
           "<p>同一机关相邻年度的报告：本年“上年结转”应等于上年“结转下年度"
           "继续办理”；2021 格式的规章、规范性文件现行有效件数应相衔接。</p>");
  size_t i = 0;
  while (i < rs.n) {
    size_t j = i;
    while (j < rs.n && strcmp(rs.v[j].agency_key, rs.v[i].agency_key) == 0)
      j++;
    if (!rs.v[i].agency_key[0] || !rs.v[i].year) {
      i = j; /* agency or year unknown: not compared (the list says so) */
      continue;
    }
    srv_html(&r->out, "<h2>%s</h2>", rs.v[i].agency);
    if (j - i < 2) {
      srv_html(&r->out, "<p>只有 %d 年度一份报告，无从比较。</p>",
               rs.v[i].year);
      i = j;
      continue;
    }
    gk_error err;
    gk_report *older = NULL;
    size_t prev = 0;
    srv_html(&r->out, "<ul>");
    for (size_t k = i; k < j; k++) {
      if (older && rs.v[prev].year == rs.v[k].year) {
        srv_html(&r->out, "<li>%s 与 %s 同为 %d 年度，后者不参与比较</li>",
                 rs.v[prev].name, rs.v[k].name, rs.v[k].year);
        continue;
      }
      gk_report *newer = sup_load(r->srv, rs.v[k].id, &err);
      if (!newer)
        continue;
      if (older) {
        size_t from = gk_report_finding_count(newer);
        gk_error_clear(&err);
        if (gk_compare_years(older, newer, &err) == GK_OK) {
          size_t n = gk_report_finding_count(newer) - from;
          srv_html(&r->out, "<li>%d → %d 年度：", rs.v[prev].year,
                   rs.v[k].year);
          if (!n)
            srv_html(&r->out, "衔接一致");
          else
            srv_html(&r->out, "<ul>");
          for (size_t q = from; q < gk_report_finding_count(newer); q++) {
            const gk_finding *f = gk_report_finding(newer, q);
            srv_html(&r->out, "<li class=\"%s\">%s[%s] %s</li>",
                     gk_finding_severity(f) == GK_SEV_ERROR ? "err" : "",
                     gk_finding_severity(f) == GK_SEV_ERROR ? "错误" : "警告",
                     gk_finding_rule(f), gk_finding_message(f, GK_LANG_ZH));
          }
          if (n)
            srv_html(&r->out, "</ul>");
          srv_html(&r->out, "</li>");
        }
      }
      gk_report_free(older);
      older = newer;
      prev = k;
    }
    gk_report_free(older);
    srv_html(&r->out, "</ul>");
    i = j;
  }
  if (!rs.n)
    srv_html(&r->out, "<p>还没有可以比较的报告：请先上传。</p>");
  free(rs.v);
  srv_page_end(r);
}

/* === Near-copies === */

/* GET /supervisor/similar?threshold=0.8 */
void srv_get_sup_similar(srv_req *r) {
  const char *tq =
      MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "threshold");
  double threshold = 0.8;
  if (tq) {
    char *end = NULL;
    threshold = strtod(tq, &end);
    if (end == tq || *end || !(threshold > 0.0 && threshold <= 1.0)) {
      srv_fail(r, 400, "相似度阈值须为 0 到 1 之间的小数，例如 0.8");
      return;
    }
  }
  rows rs = {NULL, 0, false};
  if (sup_each(r->srv, true, collect, &rs) < 0 || rs.failed) {
    free(rs.v);
    srv_fail(r, 500, "无法读取上传记录");
    return;
  }
  gk_report **reps = calloc(rs.n ? rs.n : 1, sizeof(*reps));
  gk_similar *idx = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = reps ? gk_similar_new(&idx, threshold, NULL) : GK_E_NOMEM;
  for (size_t i = 0; !st && i < rs.n; i++) {
    uint32_t sig[GK_SIMILAR_HASHES];
    size_t nsh = 0;
    reps[i] = sup_load(r->srv, rs.v[i].id, &err);
    if (reps[i])
      st = gk_similar_sign(reps[i], sig, &nsh, &err);
    else
      memset(sig, 0, sizeof(sig)); /* takes an id, never paired */
    if (!st)
      st = gk_similar_add(idx, sig, reps[i] ? nsh : 0);
  }
  if (!st)
    st = gk_similar_run(idx, &err);
  if (st) {
    for (size_t i = 0; reps && i < rs.n; i++)
      gk_report_free(reps[i]);
    free(reps);
    free(rs.v);
    gk_similar_free(idx);
    srv_fail(r, st == GK_E_TOO_LARGE ? 400 : 500,
             st == GK_E_TOO_LARGE ? "相似的报告对过多：请提高阈值"
                                  : "雷同比对失败");
    return;
  }
  srv_page_begin(r, "雷同比对（叙述部分近似复制）");
  sup_nav(r);
  srv_html(&r->out,
           "<form method=\"get\" action=\"/supervisor/similar\"><label "
           "for=\"threshold\">相似度阈值（0–1）</label><input type=\"text\" "
           "id=\"threshold\" name=\"threshold\" value=\"%s\"><button "
           "type=\"submit\">比对</button></form>",
           tq ? tq : "0.8");
  srv_html(&r->out, "<table><thead><tr><th>报告甲</th><th>报告乙</th>"
                    "<th>相似度</th><th>相同的段落（节选）</th></tr></thead>"
                    "<tbody>");
  size_t shown = 0;
  for (size_t p = 0; p < gk_similar_pair_count(idx); p++) {
    size_t a, b;
    double est;
    gk_similar_pair(idx, p, &a, &b, &est);
    gk_similarity *sim = NULL;
    if (gk_similarity_compare(reps[a], reps[b], &sim, &err))
      continue;
    double j = gk_similarity_jaccard(sim);
    if (j >= threshold) {
      shown++;
      srv_html(&r->out,
               "<tr><td><a href=\"/supervisor/report/%lld\">%s</a>（%s %d）"
               "</td><td><a href=\"/supervisor/report/%lld\">%s</a>（%s %d）"
               "</td><td>%d%%</td><td>",
               (long long)rs.v[a].id, rs.v[a].name, rs.v[a].agency,
               rs.v[a].year, (long long)rs.v[b].id, rs.v[b].name,
               rs.v[b].agency, rs.v[b].year, (int)(j * 100.0 + 0.5));
      for (size_t k = 0; k < gk_similarity_passage_count(sim) && k < 3; k++) {
        int sec = 0;
        size_t chars = 0;
        char ex[400];
        gk_text_excerpt(gk_similarity_passage(sim, k, &sec, &chars), 80, ex,
                        sizeof(ex));
        srv_html(&r->out, "<p>第%d部分，%d 字：%s</p>", sec, (int)chars, ex);
      }
      srv_html(&r->out, "</td></tr>");
    }
    gk_similarity_free(sim);
  }
  srv_html(&r->out, "</tbody></table>");
  if (!shown)
    srv_html(&r->out, "<p>在 %d 份可读的报告中没有达到阈值的雷同报告。</p>",
             (int)rs.n);
  for (size_t i = 0; i < rs.n; i++)
    gk_report_free(reps[i]);
  free(reps);
  free(rs.v);
  gk_similar_free(idx);
  srv_page_end(r);
}

/* === Charts === */

/* One chart's figures as JSON: {"title", "categories": [...], "series":
 * [{"name", "data": [...]}]}, series 0 received, 1.. the outcomes. */
static json_t *chart_json(const char *title, json_t *cats,
                          json_t *const series[SUP_NFIG]) {
  json_t *o = json_object();
  json_t *ss = json_array();
  json_object_set_new(o, "title", json_string(title));
  json_object_set_new(o, "categories", cats);
  for (int g = 0; g < SUP_NFIG; g++) {
    json_t *s = json_object();
    json_object_set_new(s, "name", json_string(sup_fig_labels[g]));
    json_object_set_new(s, "data", series[g]);
    json_array_append_new(ss, s);
  }
  json_object_set_new(o, "series", ss);
  return o;
}

static void chart_div(srv_req *r, const char *id, json_t *chart) {
  char *text = json_dumps(chart, JSON_COMPACT);
  /* the JSON is text in an attribute: escaped like any other */
  srv_html(&r->out, "<div class=\"chart\" id=\"%s\" data-chart=\"%s\"></div>",
           id, text ? text : "{}");
  free(text);
}

static void fig_header(srv_req *r, const char *first) {
  srv_html(&r->out, "<table><thead><tr><th>%s</th>", first);
  for (int g = 0; g < SUP_NFIG; g++)
    srv_html(&r->out, "<th>%s</th>", sup_fig_labels[g]);
  srv_html(&r->out, "</tr></thead><tbody>");
}

/* GET /supervisor/charts */
void srv_get_sup_charts(srv_req *r) {
  rows rs = {NULL, 0, false};
  if (sup_each(r->srv, true, collect, &rs) < 0 || rs.failed) {
    free(rs.v);
    srv_fail(r, 500, "无法读取上传记录");
    return;
  }
  r->scripts = r->srv->echarts != NULL;
  srv_page_begin(r, "申请数量与办理结果（按机关、年度）");
  sup_nav(r);
  if (!r->srv->echarts)
    srv_html(&r->out, "<p>图表脚本（ECharts）未随本服务器安装，以下只有表格"
                      "（make web 安装）。</p>");
  /* by agency and year: one category per report (of a known year) */
  json_t *cats = json_array(), *series[SUP_NFIG];
  for (int g = 0; g < SUP_NFIG; g++)
    series[g] = json_array();
  srv_html(&r->out, "<h2>按机关、年度</h2>");
  fig_header(r, "机关（年度）");
  int ys[256];
  int64_t ysum[256][SUP_NFIG];
  size_t ny = 0;
  memset(ysum, 0, sizeof(ysum));
  for (size_t i = 0; i < rs.n; i++) {
    const sup_row *w = &rs.v[i];
    if (!w->year)
      continue;
    char cat[300];
    snprintf(cat, sizeof(cat), "%s（%d）",
             w->agency[0] ? w->agency : "（不明）", w->year);
    json_array_append_new(cats, json_string(cat));
    srv_html(&r->out, "<tr><th>%s</th>", cat);
    size_t y = 0;
    while (y < ny && ys[y] != w->year)
      y++;
    if (y == ny && ny < 256)
      ys[ny++] = w->year;
    for (int g = 0; g < SUP_NFIG; g++) {
      json_array_append_new(series[g], json_integer(w->fig[g]));
      srv_html(&r->out, "<td>%lld</td>", (long long)w->fig[g]);
      if (y < ny)
        ysum[y][g] += w->fig[g];
    }
    srv_html(&r->out, "</tr>");
  }
  srv_html(&r->out, "</tbody></table>");
  json_t *by_agency = chart_json("按机关、年度", cats, series);
  chart_div(r, "chart-agency", by_agency);
  json_decref(by_agency);

  /* by year, ascending */
  for (size_t a = 1; a < ny; a++)
    for (size_t b = a; b > 0 && ys[b - 1] > ys[b]; b--) {
      int t = ys[b];
      ys[b] = ys[b - 1];
      ys[b - 1] = t;
      int64_t tmp[SUP_NFIG];
      memcpy(tmp, ysum[b], sizeof(tmp));
      memcpy(ysum[b], ysum[b - 1], sizeof(tmp));
      memcpy(ysum[b - 1], tmp, sizeof(tmp));
    }
  cats = json_array();
  for (int g = 0; g < SUP_NFIG; g++)
    series[g] = json_array();
  srv_html(&r->out, "<h2>按年度合计</h2>");
  fig_header(r, "年度");
  for (size_t y = 0; y < ny; y++) {
    char cat[16];
    snprintf(cat, sizeof(cat), "%d", ys[y]);
    json_array_append_new(cats, json_string(cat));
    srv_html(&r->out, "<tr><th>%s</th>", cat);
    for (int g = 0; g < SUP_NFIG; g++) {
      json_array_append_new(series[g], json_integer(ysum[y][g]));
      srv_html(&r->out, "<td>%lld</td>", (long long)ysum[y][g]);
    }
    srv_html(&r->out, "</tr>");
  }
  srv_html(&r->out, "</tbody></table>");
  json_t *by_year = chart_json("按年度合计", cats, series);
  chart_div(r, "chart-year", by_year);
  json_decref(by_year);
  if (r->srv->echarts)
    srv_html(&r->out, "<script src=\"/static/echarts.min.js\"></script>"
                      "<script src=\"/static/supervisor.js\"></script>");
  free(rs.v);
  srv_page_end(r);
}

/* The desk's own script: draws every [data-chart] element with ECharts
 * (tooltips drawn in the canvas: its HTML tooltips would need inline
 * styles, which the CSP refuses). */
static const char sup_js[] =
    "/* gongkai serve: the supervisor desk's charts (docs/server.md) */\n"
    "'use strict';\n"
    "document.querySelectorAll('[data-chart]').forEach(function (el) {\n"
    "  var d = JSON.parse(el.getAttribute('data-chart'));\n"
    "  if (!d.categories || !d.categories.length) return;\n"
    "  var c = echarts.init(el);\n"
    "  c.setOption({\n"
    "    title: {text: d.title},\n"
    "    tooltip: {trigger: 'axis', renderMode: 'richText'},\n"
    "    legend: {top: 28},\n"
    "    grid: {top: 80, bottom: 90, containLabel: true},\n"
    "    xAxis: {type: 'category', data: d.categories,\n"
    "            axisLabel: {rotate: 30, interval: 0}},\n"
    "    yAxis: {type: 'value', minInterval: 1},\n"
    "    series: d.series.map(function (s, i) {\n"
    "      return {name: s.name, type: 'bar', data: s.data,\n"
    "              stack: i ? 'outcome' : 'received'};\n"
    "    })\n"
    "  });\n"
    "  window.addEventListener('resize', function () { c.resize(); });\n"
    "});\n";

/* GET /static/supervisor.js */
void srv_get_sup_js(srv_req *r) {
  r->ctype = "text/javascript; charset=utf-8";
  r->cacheable = true;
  srv_buf_add(&r->out, sup_js, sizeof(sup_js) - 1);
}

/* GET /static/echarts.min.js: ECharts as npm installed it (web/) */
void srv_get_echarts(srv_req *r) {
  if (!r->srv->echarts) {
    srv_fail(r, 404, "图表脚本未安装");
    return;
  }
  r->ctype = "text/javascript; charset=utf-8";
  r->cacheable = true;
  srv_buf_add(&r->out, r->srv->echarts, r->srv->echarts_len);
}

#ifndef GK_ECHARTS_JS
#define GK_ECHARTS_JS ""
#endif
#ifndef GK_ECHARTS_REL
#define GK_ECHARTS_REL ""
#endif
#ifndef GK_ECHARTS_INSTALLED
#define GK_ECHARTS_INSTALLED ""
#endif

/* The installed copy beside the running binary: BINDIR/GK_ECHARTS_REL
 * (../share/gongkai/echarts.min.js), wherever the package was unpacked. */
static bool echarts_beside_exe(char *out, size_t n) {
  char exe[4096];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (len <= 0 || !GK_ECHARTS_REL[0])
    return false;
  exe[len] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash)
    return false;
  *slash = '\0';
  int w = snprintf(out, n, "%s/%s", exe, GK_ECHARTS_REL);
  return w > 0 && (size_t)w < n;
}

void srv_echarts_load(srv_server *s) {
  s->echarts = NULL;
  s->echarts_len = 0;
  /* GONGKAI_ECHARTS_JS overrides the rest; then the installed copy beside
   * the binary, the build tree's (a developer's build), the configured
   * prefix's. Without any the charts page shows its tables only. */
  char beside[4096 + 64];
  const char *path = getenv("GONGKAI_ECHARTS_JS");
  if (!path || !path[0]) {
    const char *cand[3] = {echarts_beside_exe(beside, sizeof(beside)) ? beside
                                                                      : "",
                           GK_ECHARTS_JS, GK_ECHARTS_INSTALLED};
    path = "";
    for (size_t i = 0; i < 3 && !path[0]; i++)
      if (cand[i][0] && access(cand[i], R_OK) == 0)
        path = cand[i];
  }
  if (!path[0])
    return;
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "gongkai serve: %s: 无法打开，图表只显示为表格\n", path);
    return;
  }
  srv_buf b;
  srv_buf_init(&b, 8u << 20);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
    srv_buf_add(&b, chunk, n);
  bool bad = ferror(f) || b.failed;
  fclose(f);
  if (bad) {
    srv_buf_free(&b);
    return;
  }
  s->echarts = b.p;
  s->echarts_len = b.len;
}
