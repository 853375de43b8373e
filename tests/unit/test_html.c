/* test_html.c: the HTML and Markdown writers and the HTML reader.
 *
 * Round trips: read(write(report)) == report for HTML (gk_write_html ->
 * gk_reader_read_html) and Markdown (gk_write_md -> gk_report_read_text)
 * on the five seeds and on 1000 generated reports (tests/support/gen.h):
 * template, agency, year, dates, period, every section's text, every
 * cell's value and flags, and the reader's findings (rule and place).
 * Then the reader on pages as web sites publish them (navigation, merged
 * cells, GBK), and hostile pages: deep nesting, huge attributes, bytes
 * that are not the declared charset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "gongkai.h"
#include "model/rules.h"
#include "testio.h"

/* === Helpers === */

typedef struct sink {
  char *data;
  size_t len;
  int calls;
  int fail_after; /* >= 0: refuse after that many calls */
} sink;

static int sink_fn(const char *data, size_t len, void *ud) {
  sink *s = ud;
  if (s->fail_after >= 0 && s->calls >= s->fail_after)
    return -1;
  s->calls++;
  char *d = realloc(s->data, s->len + len + 1);
  assert_non_null(d);
  memcpy(d + s->len, data, len);
  s->data = d;
  s->len += len;
  s->data[s->len] = '\0';
  return 0;
}

static sink sink_make(void) {
  sink s = {NULL, 0, 0, -1};
  return s;
}

static char *read_seed(size_t i, size_t *len) {
  char *buf = gk_test_seed_text(i, len);
  if (!buf)
    fail_msg("cannot read seed %s", gk_test_seeds[i]);
  return buf;
}

static bool streq(const char *a, const char *b) {
  if (!a || !b)
    return a == b;
  return strcmp(a, b) == 0;
}

/* How the source's lost separators were resolved (RECOVERED, AMBIGUOUS
 * and their findings) describes the source document, not the report: a
 * writer prints the values it holds, each in its own cell. */
#define SOURCE_FLAGS (GK_CELL_RECOVERED | GK_CELL_AMBIGUOUS)

static bool source_finding(const gk_finding *f) {
  return streq(gk_finding_rule(f), GK_RULE_RECOVERED_CELLS) ||
         streq(gk_finding_rule(f), GK_RULE_AMBIGUOUS_CELLS);
}

/* Findings of 'r' but those about the source's separators. */
static size_t kept_findings(const gk_report *r, const gk_finding **out,
                            size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < gk_report_finding_count(r) && n < max; i++)
    if (!source_finding(gk_report_finding(r, i)))
      out[n++] = gk_report_finding(r, i);
  return n;
}

/* Describes the first difference between two reports into 'why'; returns
 * true if they are the same report. */
static bool same_report(const gk_report *a, const gk_report *b, char *why,
                        size_t wsz) {
  const gk_template *tpl = gk_report_template(a);
  if (tpl != gk_report_template(b)) {
    snprintf(why, wsz, "template %s vs %s", gk_template_name(tpl),
             gk_template_name(gk_report_template(b)));
    return false;
  }
  if (!streq(gk_report_agency(a), gk_report_agency(b))) {
    snprintf(why, wsz, "agency '%s' vs '%s'", gk_report_agency(a),
             gk_report_agency(b));
    return false;
  }
  if (gk_report_year(a) != gk_report_year(b) ||
      gk_report_date(a) != gk_report_date(b) ||
      gk_report_period_from(a) != gk_report_period_from(b) ||
      gk_report_period_to(a) != gk_report_period_to(b)) {
    snprintf(why, wsz, "year/date/period %d %d %d %d vs %d %d %d %d",
             gk_report_year(a), gk_report_date(a), gk_report_period_from(a),
             gk_report_period_to(a), gk_report_year(b), gk_report_date(b),
             gk_report_period_from(b), gk_report_period_to(b));
    return false;
  }
  for (int s = 1; s <= 6; s++) {
    size_t la = 0, lb = 0;
    const char *x = gk_report_section(a, s, &la);
    const char *y = gk_report_section(b, s, &lb);
    if (!x != !y || la != lb || (x && memcmp(x, y, la) != 0)) {
      snprintf(why, wsz, "section %d: '%.*s' vs '%.*s'", s,
               (int)(la > 300 ? 300 : la), x ? x : "",
               (int)(lb > 300 ? 300 : lb), y ? y : "");
      return false;
    }
  }
  for (size_t t = 0; t < gk_template_table_count(tpl); t++)
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
      for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++) {
        unsigned fa = gk_report_cell_flags(a, t, r, c) & ~SOURCE_FLAGS;
        unsigned fb = gk_report_cell_flags(b, t, r, c) & ~SOURCE_FLAGS;
        if (gk_report_cell(a, t, r, c) != gk_report_cell(b, t, r, c) ||
            fa != fb) {
          snprintf(why, wsz, "cell %s.%s.%s: %lld/%x vs %lld/%x",
                   gk_template_table_id(tpl, t), gk_template_row_id(tpl, t, r),
                   gk_template_col_id(tpl, t, r, c),
                   (long long)gk_report_cell(a, t, r, c), fa,
                   (long long)gk_report_cell(b, t, r, c), fb);
          return false;
        }
      }
  const gk_finding *fa[512], *fb[512];
  size_t na = kept_findings(a, fa, 512), nb = kept_findings(b, fb, 512);
  if (na != nb) {
    snprintf(why, wsz, "%zu vs %zu findings", na, nb);
    return false;
  }
  for (size_t i = 0; i < na; i++) {
    const gk_finding *x = fa[i];
    const gk_finding *y = fb[i];
    if (!streq(gk_finding_rule(x), gk_finding_rule(y)) ||
        !streq(gk_finding_row(x), gk_finding_row(y)) ||
        !streq(gk_finding_col(x), gk_finding_col(y))) {
      snprintf(why, wsz, "finding %zu: %s %s vs %s %s", i, gk_finding_rule(x),
               gk_finding_message(x, GK_LANG_EN), gk_finding_rule(y),
               gk_finding_message(y, GK_LANG_EN));
      return false;
    }
  }
  return true;
}

enum { VIA_HTML, VIA_MD };

/* Writes 'rep' in the format, reads it back; NULL on a read failure
 * (with 'e' filled). The written bytes go to '*doc' (caller frees). */
static gk_report *round_trip(const gk_report *rep, int via, char **doc,
                             gk_error *e) {
  sink s = sink_make();
  gk_error_clear(e);
  gk_status st = via == VIA_HTML
                     ? gk_write_html(rep, GK_LANG_ZH, sink_fn, &s, e)
                     : gk_write_md(rep, GK_LANG_ZH, sink_fn, &s, e);
  assert_int_equal(st, GK_OK);
  gk_report *back = NULL;
  st = via == VIA_HTML
           ? gk_reader_read_html(NULL, &back, s.data, s.len, NULL, e)
           : gk_report_read_text(&back, s.data, s.len, NULL, e);
  *doc = s.data;
  return st ? NULL : back;
}

static void check_round_trip(const gk_report *rep, int via, const char *what) {
  char *doc = NULL, why[1024];
  gk_error e;
  gk_report *back = round_trip(rep, via, &doc, &e);
  if (!back)
    fail_msg("%s (%s): reading it back failed: %s", what,
             via == VIA_HTML ? "html" : "md", e.message_en);
  if (!same_report(rep, back, why, sizeof(why))) {
    FILE *f = fopen("/tmp/gk_html_roundtrip.out", "wb");
    if (f) {
      fputs(doc, f);
      fclose(f);
    }
    fail_msg("%s (%s) differs after the round trip: %s (document in "
             "/tmp/gk_html_roundtrip.out)",
             what, via == VIA_HTML ? "html" : "md", why);
  }
  gk_report_free(back);
  free(doc);
}

/* === Round trips === */

static void test_seeds_round_trip_through_html_and_markdown(void **state) {
  (void)state;
  for (size_t i = 0; i < GK_TEST_NSEEDS; i++) {
    size_t len;
    char *buf = read_seed(i, &len);
    gk_report *rep = NULL;
    gk_error e;
    gk_error_clear(&e);
    assert_int_equal(gk_report_read_text(&rep, buf, len, NULL, &e), GK_OK);
    check_round_trip(rep, VIA_HTML, gk_test_seeds[i]);
    check_round_trip(rep, VIA_MD, gk_test_seeds[i]);
    gk_report_free(rep);
    free(buf);
  }
}

static void test_generated_reports_round_trip(void **state) {
  (void)state;
  const char *ns = getenv("GK_ROUNDTRIP_N");
  int n = ns && *ns ? (int)strtol(ns, NULL, 10) : 1000;
  gk_gen *g = NULL;
  assert_int_equal(gk_gen_new(&g, 4242), GK_OK);
  for (int i = 0; i < n; i++) {
    gk_gen_opts o;
    memset(&o, 0, sizeof(o));
    o.random_flags = 1;
    o.corrupt = -1;
    const char *text;
    size_t len;
    gk_gen_truth tr;
    assert_int_equal(gk_gen_report(g, &o, &text, &len, &tr), GK_OK);
    gk_report *rep = NULL;
    gk_error e;
    gk_error_clear(&e);
    if (gk_report_read_text(&rep, text, len, NULL, &e))
      continue; /* the text reader's own property test covers these */
    char what[64];
    snprintf(what, sizeof(what), "generated report %d (%s)", i,
             gk_gen_layout_name(tr.layout));
    check_round_trip(rep, VIA_HTML, what);
    check_round_trip(rep, VIA_MD, what);
    gk_report_free(rep);
  }
  gk_gen_free(g);
}

/* === The reader on web pages === */

/* A page as a government site serves it: navigation, breadcrumb, script,
 * a layout table around the content, the report's tables with rowspan and
 * colspan, a footer. Built from the HTML writer's output of seed 001 so
 * the numbers are known. */
static char *web_page(const char *report_html, const char *charset_meta) {
  const char *body = strstr(report_html, "<body>");
  const char *end = strstr(report_html, "</body>");
  assert_non_null(body);
  assert_non_null(end);
  body += 6;
  const char *head =
      "<!DOCTYPE html><html><head>%s<title>年报</title>"
      "<script>var s='一、总体情况 "
      "<table><tr><td>9</td></tr></table>';</script>"
      "<style>td{color:red}</style></head><body>"
      "<div class=\"top-nav\"><a href=\"/\">首页</a> 政务公开 "
      "2021年报告专栏</div>"
      "<header>某某市人民政府网站 2020年政府信息公开工作年度报告汇总</header>"
      "<div id=\"breadcrumb\">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>"
      "<table width=\"100%%\"><tr><td class=\"left\"><ul class=\"menu\">"
      "<li>机构概况</li><li>政策文件 1 2 3</li></ul></td><td>"
      "<div class=\"article\">";
  const char *tail =
      "</div><div>【打印本页】【关闭窗口】</div></td></tr></table>"
      "<footer>版权所有 某某市人民政府 2021年1月1日</footer>"
      "<div class=\"footer-links\">网站地图 2019年12月31日</div>"
      "</body></html>";
  size_t n = strlen(head) + strlen(charset_meta) + (size_t)(end - body) +
             strlen(tail) + 1;
  char *page = malloc(n);
  assert_non_null(page);
  int k = snprintf(page, n, head, charset_meta);
  memcpy(page + k, body, (size_t)(end - body));
  memcpy(page + k + (end - body), tail, strlen(tail) + 1);
  return page;
}

static gk_report *seed_report(size_t i) {
  size_t len;
  char *buf = read_seed(i, &len);
  gk_report *rep = NULL;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(gk_report_read_text(&rep, buf, len, NULL, &e), GK_OK);
  free(buf);
  return rep;
}

static char *html_of(const gk_report *rep) {
  sink s = sink_make();
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(gk_write_html(rep, GK_LANG_ZH, sink_fn, &s, &e), GK_OK);
  return s.data;
}

static void assert_same(const gk_report *a, const gk_report *b) {
  char why[1024];
  if (!same_report(a, b, why, sizeof(why)))
    fail_msg("reports differ: %s", why);
}

static void test_page_chrome_is_left_out(void **state) {
  (void)state;
  gk_report *rep = seed_report(1);
  char *html = html_of(rep);
  char *page = web_page(html, "<meta charset=\"utf-8\">");
  gk_report *back = NULL;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(
      gk_reader_read_html(NULL, &back, page, strlen(page), NULL, &e), GK_OK);
  assert_same(rep, back);
  gk_report_free(back);
  free(page);
  free(html);
  gk_report_free(rep);
}

/* The same page in GBK, declared as gb2312 (sites do), in a http-equiv
 * meta, and as UTF-16 with a BOM. */
static char *convert(const char *from, const char *to, const char *s,
                     size_t *outlen) {
  char cmd[256];
  char in[] = "/tmp/gk_html_convXXXXXX";
  int fd = mkstemp(in);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "wb");
  fputs(s, f);
  fclose(f);
  snprintf(cmd, sizeof(cmd), "iconv -f %s -t %s %s", from, to, in);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  size_t cap = strlen(s) * 4 + 16, n = 0;
  char *out = malloc(cap);
  size_t k;
  while ((k = fread(out + n, 1, cap - n, p)) > 0)
    n += k;
  assert_int_equal(pclose(p), 0);
  remove(in);
  *outlen = n;
  return out;
}

static void test_charsets_gbk_gb2312_utf16(void **state) {
  (void)state;
  gk_report *rep = seed_report(0);
  char *html = html_of(rep);
  static const char *const metas[] = {
      "<meta charset=\"gb2312\">",
      "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GBK\">",
      "<META HTTP-EQUIV=content-type CONTENT='text/html;charset=gb18030'>"};
  for (size_t i = 0; i < 3; i++) {
    char *page = web_page(html, metas[i]);
    size_t n;
    char *gbk = convert("UTF-8", "GBK", page, &n);
    gk_report *back = NULL;
    gk_error e;
    gk_error_clear(&e);
    assert_int_equal(gk_reader_read_html(NULL, &back, gbk, n, NULL, &e), GK_OK);
    assert_same(rep, back);
    gk_report_free(back);
    free(gbk);
    free(page);
  }
  /* UTF-16LE with a BOM: the BOM wins over the meta */
  char *page = web_page(html, "<meta charset=\"gbk\">");
  size_t n;
  char *u16 = convert("UTF-8", "UTF-16", page, &n);
  gk_report *back = NULL;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(gk_reader_read_html(NULL, &back, u16, n, NULL, &e), GK_OK);
  assert_same(rep, back);
  gk_report_free(back);
  free(u16);
  free(page);
  free(html);
  gk_report_free(rep);
}

/* A GB2312 page with a character only GBK/GB18030 has (镕, 0xE946 in GBK)
 * still reads: GB2312 is decoded as GB18030. */
static void test_gb2312_page_with_gbk_characters(void **state) {
  (void)state;
  gk_report *rep = seed_report(3);
  assert_int_equal(gk_report_set_agency(rep, "朱镕基市德惠市机关事务管理局"),
                   GK_OK);
  char *html = html_of(rep);
  char *page = web_page(html, "<meta charset=\"gb2312\">");
  size_t n;
  char *gbk = convert("UTF-8", "GBK", page, &n);
  gk_report *back = NULL;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(gk_reader_read_html(NULL, &back, gbk, n, NULL, &e), GK_OK);
  assert_string_equal(gk_report_agency(back), "朱镕基市德惠市机关事务管理局");
  gk_report_free(back);
  free(gbk);
  free(page);
  free(html);
  gk_report_free(rep);
}

/* Findings point at lines of the HTML source, not of an internal text. */
static void test_findings_point_at_html_lines(void **state) {
  (void)state;
  gk_report *rep = seed_report(0); /* its （七）总计 row is wrong */
  char *html = html_of(rep);
  gk_report *back = NULL;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(
      gk_reader_read_html(NULL, &back, html, strlen(html), NULL, &e), GK_OK);
  assert_int_equal(gk_check_run(back, GK_CHECK_ALL, &e), GK_OK);
  size_t tt, tr, tc;
  assert_int_equal(gk_template_find(gk_report_template(back), "apply", "total",
                                    "total", &tt, &tr, &tc),
                   GK_OK);
  int64_t line = gk_report_cell_line(back, tt, tr, tc);
  assert_true(line > 0);
  /* that line of the page is the <tr> of （七）总计 */
  const char *p = html;
  for (int64_t l = 1; l < line && p; l++) {
    p = strchr(p, '\n');
    if (p)
      p++;
  }
  assert_non_null(p);
  const char *eol = strchr(p, '\n');
  assert_non_null(eol);
  assert_non_null(strstr(p, "（七）总计"));
  assert_true(strstr(p, "（七）总计") < eol);
  gk_report_free(back);
  free(html);
  gk_report_free(rep);
}

/* === Hostile pages === */

static void test_deep_nesting_is_refused(void **state) {
  (void)state;
  size_t depth = 100000;
  size_t n = depth * 11 + 64;
  char *page = malloc(n);
  size_t k = 0;
  for (size_t i = 0; i < depth; i++) {
    memcpy(page + k, "<div><span>", 11);
    k += 11;
  }
  memcpy(page + k, "x", 2);
  gk_report *back = NULL;
  gk_error e;
  gk_error_clear(&e);
  gk_status st = gk_reader_read_html(NULL, &back, page, k + 1, NULL, &e);
  assert_int_equal(st, GK_E_TOO_LARGE);
  assert_null(back);
  assert_non_null(strstr(e.message_en, "nest"));
  free(page);
}

static void test_huge_attributes_are_bounded(void **state) {
  (void)state;
  gk_report *rep = seed_report(2);
  char *html = html_of(rep);
  /* a giant rowspan/colspan on a cell of the first table, and a 4 MB
   * class attribute: the read stays bounded and gives the same numbers
   * where the spans do not matter */
  size_t big = 4 * 1024 * 1024;
  const char *at = strstr(html, "<table>");
  assert_non_null(at);
  const char *ins = "<table><tr><th rowspan=\"99999999999999\" "
                    "colspan=\"4294967297\">x</th></tr></table><p class=\"";
  size_t n = strlen(html) + strlen(ins) + big + 16;
  char *page = malloc(n);
  size_t k = (size_t)(at - html);
  memcpy(page, html, k);
  memcpy(page + k, ins, strlen(ins));
  k += strlen(ins);
  memset(page + k, 'a', big);
  k += big;
  memcpy(page + k, "\">y</p>", 7);
  k += 7;
  memcpy(page + k, at, strlen(at) + 1);
  k += strlen(at);
  gk_report *back = NULL;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(gk_reader_read_html(NULL, &back, page, k, NULL, &e), GK_OK);
  const gk_template *tpl = gk_report_template(rep);
  for (size_t t = 0; t < 3; t++)
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
      for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++)
        assert_int_equal(gk_report_cell(rep, t, r, c),
                         gk_report_cell(back, t, r, c));
  gk_report_free(back);
  free(page);
  free(html);
  gk_report_free(rep);
}

static void test_bytes_not_in_the_declared_charset(void **state) {
  (void)state;
  /* declared UTF-8, line 3 holds a lone 0xff */
  const char page[] = "<html><head><meta charset=\"utf-8\"></head>\n<body>\n"
                      "<p>2020年\xff报告</p></body></html>";
  gk_report *back = NULL;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(
      gk_reader_read_html(NULL, &back, page, sizeof(page) - 1, NULL, &e),
      GK_E_ENCODING);
  assert_int_equal(e.line, 3);
  assert_non_null(strstr(e.message_en, "UTF-8"));
  /* declared GBK, an invalid GBK sequence (0x81 0x20) */
  const char gbk[] = "<meta charset=gbk><p>\x81\x20</p>";
  gk_error_clear(&e);
  assert_int_equal(
      gk_reader_read_html(NULL, &back, gbk, sizeof(gbk) - 1, NULL, &e),
      GK_E_ENCODING);
  /* an unknown charset name */
  const char odd[] = "<meta charset=\"x-no-such-charset\"><p>a</p>";
  gk_error_clear(&e);
  assert_int_equal(
      gk_reader_read_html(NULL, &back, odd, sizeof(odd) - 1, NULL, &e),
      GK_E_ENCODING);
  assert_non_null(strstr(e.message_en, "x-no-such-charset"));
}

static void test_not_a_report_and_empty(void **state) {
  (void)state;
  gk_report *back = NULL;
  gk_error e;
  gk_error_clear(&e);
  const char page[] = "<html><body><p>hello</p></body></html>";
  assert_int_equal(
      gk_reader_read_html(NULL, &back, page, sizeof(page) - 1, NULL, &e),
      GK_E_NOT_REPORT);
  gk_error_clear(&e);
  assert_int_equal(gk_reader_read_html(NULL, &back, "", 0, NULL, &e),
                   GK_E_EMPTY);
  assert_null(back);
}

/* === The writers === */

static void test_html_is_self_contained_and_escaped(void **state) {
  (void)state;
  gk_report *rep = seed_report(4);
  assert_int_equal(
      gk_report_set_agency(rep, "<script>alert(1)</script>&\"某局'"), GK_OK);
  char *html = html_of(rep);
  assert_null(strstr(html, "<script"));
  assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;"
                               "&quot;某局&#39;"));
  assert_non_null(strstr(html, "<html lang=\"zh-CN\">"));
  assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
  assert_non_null(strstr(html, "@media print"));
  assert_null(strstr(html, "http://"));
  assert_null(strstr(html, "https://"));
  assert_null(strstr(html, "<link"));
  assert_null(strstr(html, " src="));
  /* merged headers of the official layout */
  assert_non_null(strstr(html, "colspan=\"5\">法人或其他组织</th>"));
  assert_non_null(strstr(html, "rowspan=\"8\">（三）不予公开</th>"));
  assert_non_null(strstr(html, "<td class=\"n\">"));
  free(html);
  gk_report_free(rep);
}

static void test_writers_fail_cleanly(void **state) {
  (void)state;
  gk_report *rep = seed_report(1);
  for (int via = 0; via < 2; via++) {
    sink s = sink_make();
    s.fail_after = 0;
    gk_error e;
    gk_error_clear(&e);
    gk_status st = via ? gk_write_md(rep, GK_LANG_ZH, sink_fn, &s, &e)
                       : gk_write_html(rep, GK_LANG_ZH, sink_fn, &s, &e);
    assert_int_equal(st, GK_E_IO);
    free(s.data);
    gk_error_clear(&e);
    st = via ? gk_write_md(NULL, GK_LANG_ZH, sink_fn, &s, &e)
             : gk_write_html(NULL, GK_LANG_ZH, sink_fn, &s, &e);
    assert_int_equal(st, GK_E_ARG);
  }
  gk_report_free(rep);
}

/* An allocator failing its Nth call: every failure is GK_E_NOMEM without
 * a leak (ASan checks), for the writers and the reader. */
typedef struct failing {
  long left;
} failing;
static void *f_malloc(size_t n, void *ud) {
  failing *f = ud;
  return f->left-- > 0 ? malloc(n) : NULL;
}
static void *f_realloc(void *p, size_t n, void *ud) {
  failing *f = ud;
  return f->left-- > 0 ? realloc(p, n) : NULL;
}
static void f_free(void *p, void *ud) {
  (void)ud;
  free(p);
}

static void test_allocation_failures_are_nomem(void **state) {
  (void)state;
  size_t len;
  char *buf = read_seed(2, &len);
  gk_report *rep = seed_report(2);
  char *html = html_of(rep);
  gk_report_free(rep);
  for (long n = 0;; n++) {
    failing f = {n};
    gk_alloc a = {f_malloc, f_realloc, f_free, &f};
    gk_read_opts o;
    memset(&o, 0, sizeof(o));
    o.alloc = &a;
    gk_report *r = NULL;
    gk_error e;
    gk_error_clear(&e);
    gk_status st = gk_reader_read_html(NULL, &r, html, strlen(html), &o, &e);
    if (st == GK_OK) {
      /* now the writers with the same failing allocator */
      for (long m = 0;; m++) {
        f.left = m;
        sink s = sink_make();
        gk_error_clear(&e);
        gk_status w1 = gk_write_html(r, GK_LANG_ZH, sink_fn, &s, &e);
        free(s.data);
        s = sink_make();
        f.left = m;
        gk_status w2 = gk_write_md(r, GK_LANG_ZH, sink_fn, &s, &e);
        free(s.data);
        assert_true(w1 == GK_OK || w1 == GK_E_NOMEM);
        assert_true(w2 == GK_OK || w2 == GK_E_NOMEM);
        if (w1 == GK_OK && w2 == GK_OK)
          break;
      }
      gk_report_free(r);
      break;
    }
    assert_int_equal(st, GK_E_NOMEM);
    assert_null(r);
  }
  free(html);
  free(buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_seeds_round_trip_through_html_and_markdown),
      cmocka_unit_test(test_generated_reports_round_trip),
      cmocka_unit_test(test_page_chrome_is_left_out),
      cmocka_unit_test(test_charsets_gbk_gb2312_utf16),
      cmocka_unit_test(test_gb2312_page_with_gbk_characters),
      cmocka_unit_test(test_findings_point_at_html_lines),
      cmocka_unit_test(test_deep_nesting_is_refused),
      cmocka_unit_test(test_huge_attributes_are_bounded),
      cmocka_unit_test(test_bytes_not_in_the_declared_charset),
      cmocka_unit_test(test_not_a_report_and_empty),
      cmocka_unit_test(test_html_is_self_contained_and_escaped),
      cmocka_unit_test(test_writers_fail_cleanly),
      cmocka_unit_test(test_allocation_failures_are_nomem),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
