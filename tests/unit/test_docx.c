/* test_docx.c: the .docx reader and writer, the .xlsx writer, format
 * detection and provenance.
 *
 * Round trip: read(write_docx(report)) == report (every cell's value and
 * presence, agency, year, template, date, period, the six sections) for
 * the five real seeds and GK_DOCX_N generated reports (default 1000,
 * tests/support/gen.h: every layout, both templates). Provenance: every
 * value read from a .docx names a document cell whose text, looked up
 * independently with XPath over word/document.xml, is that value.
 * Allocation failure: failing each allocation of a .docx read in turn
 * gives GK_E_NOMEM and no leak. Limits: a tight max_zip_bytes or ratio is
 * GK_E_TOO_LARGE. Detection: signatures of every format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zip.h>

#include "gen.h"
#include "gongkai.h"
#include "testio.h"

/* === Helpers === */

/* A seed's text; the test fails if it cannot be read. */
static char *seed_text(size_t i, size_t *len) {
  char *t = gk_test_seed_text(i, len);
  assert_non_null(t);
  return t;
}

static int str_eq(const char *a, const char *b) {
  if (!a || !b)
    return a == b;
  return strcmp(a, b) == 0;
}

/* Compares b with a; returns NULL or what differs (static text). */
static const char *diff_reports(const gk_report *a, const gk_report *b,
                                char *why, size_t whysz) {
  const gk_template *tpl = gk_report_template(a);
  if (tpl != gk_report_template(b))
    return "template";
  if (!str_eq(gk_report_agency(a), gk_report_agency(b))) {
    snprintf(why, whysz, "agency '%s' vs '%s'", gk_report_agency(a),
             gk_report_agency(b));
    return why;
  }
  if (gk_report_year(a) != gk_report_year(b))
    return "year";
  if (gk_report_date(a) != gk_report_date(b)) {
    snprintf(why, whysz, "date %d vs %d", gk_report_date(a),
             gk_report_date(b));
    return why;
  }
  if (gk_report_period_from(a) != gk_report_period_from(b) ||
      gk_report_period_to(a) != gk_report_period_to(b))
    return "period";
  for (int s = 1; s <= 6; s++) {
    size_t na = 0, nb = 0;
    const char *ta = gk_report_section(a, s, &na);
    const char *tb = gk_report_section(b, s, &nb);
    if (!ta != !tb || na != nb || (ta && memcmp(ta, tb, na) != 0)) {
      snprintf(why, whysz, "section %d: '%.80s' vs '%.80s'", s,
               ta ? ta : "(null)", tb ? tb : "(null)");
      return why;
    }
  }
  const unsigned mask = GK_CELL_PRESENT | GK_CELL_BLANK;
  for (size_t t = 0; t < gk_template_table_count(tpl); t++)
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
      for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++) {
        if (gk_report_cell(a, t, r, c) != gk_report_cell(b, t, r, c) ||
            (gk_report_cell_flags(a, t, r, c) & mask) !=
                (gk_report_cell_flags(b, t, r, c) & mask)) {
          snprintf(why, whysz, "cell %s.%s.%s: %lld/%x vs %lld/%x",
                   gk_template_table_id(tpl, t), gk_template_row_id(tpl, t, r),
                   gk_template_col_id(tpl, t, r, c),
                   (long long)gk_report_cell(a, t, r, c),
                   gk_report_cell_flags(a, t, r, c),
                   (long long)gk_report_cell(b, t, r, c),
                   gk_report_cell_flags(b, t, r, c));
          return why;
        }
      }
  return NULL;
}

static gk_report *docx_of(const gk_report *rep, gk_test_mem *out) {
  gk_error err;
  gk_error_clear(&err);
  out->len = 0;
  assert_int_equal(gk_write_docx(rep, GK_LANG_ZH, gk_test_mem_sink, out, &err),
                   GK_OK);
  assert_int_equal(gk_detect_format(out->data, out->len), GK_FORMAT_DOCX);
  gk_report *back = NULL;
  gk_status st = gk_report_read_buffer(&back, out->data, out->len, NULL, &err);
  if (st)
    fail_msg("reading the written .docx: %s", err.message_en);
  return back;
}

/* === Provenance, checked against an independent XPath lookup === */

static char *entry(const gk_test_mem *docx, const char *name, size_t *len) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(docx->data, docx->len, 0, &ze);
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
  assert_non_null(za);
  zip_stat_t zs;
  assert_int_equal(zip_stat(za, name, 0, &zs), 0);
  char *b = malloc(zs.size + 1);
  zip_file_t *zf = zip_fopen(za, name, 0);
  assert_int_equal(zip_fread(zf, b, zs.size), (zip_int64_t)zs.size);
  zip_fclose(zf);
  zip_discard(za);
  zip_error_fini(&ze);
  b[zs.size] = '\0';
  *len = zs.size;
  return b;
}

/* Text of (table, row, cell) of the document, by XPath. */
static char *cell_text(xmlXPathContextPtr ctx, const gk_cell_source *s) {
  char q[256];
  snprintf(q, sizeof(q), "string((//w:tbl)[%d]/w:tr[%d]/w:tc[%d])",
           s->table + 1, s->row + 1, s->cell + 1);
  xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST q, ctx);
  assert_non_null(o);
  char *v = strdup((const char *)(o->stringval ? o->stringval : BAD_CAST ""));
  xmlXPathFreeObject(o);
  return v;
}

/* Every value of 'rep' (read from 'docx') has a source, and the source
 * cell's text is the value as written (blank: empty). */
static size_t check_sources(const gk_report *rep, const gk_test_mem *docx) {
  size_t n = 0, checked = 0;
  char *xml = entry(docx, "word/document.xml", &n);
  xmlDocPtr doc = xmlReadMemory(xml, (int)n, "document.xml", NULL, XML_PARSE_NONET);
  assert_non_null(doc);
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathRegisterNs(
      ctx, BAD_CAST "w",
      BAD_CAST "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
  const gk_template *tpl = gk_report_template(rep);
  for (size_t t = 0; t < gk_template_table_count(tpl); t++)
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
      for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++) {
        unsigned fl = gk_report_cell_flags(rep, t, r, c);
        gk_cell_source s;
        int has = gk_report_cell_source(rep, t, r, c, &s);
        if (!(fl & GK_CELL_PRESENT)) {
          assert_int_equal(has, 0);
          continue;
        }
        assert_int_equal(has, 1);
        /* the writer puts table t of the template at document table t */
        assert_int_equal(s.table, (int32_t)t);
        char *txt = cell_text(ctx, &s);
        int64_t v = 0;
        if (fl & GK_CELL_BLANK) {
          assert_string_equal(txt, "");
        } else {
          /* the cell holds the number as the writer printed it */
          char *end = NULL;
          double d = strtod(txt, &end);
          assert_true(end && end != txt && *end == '\0');
          v = (int64_t)(d * GK_SCALE + (d < 0 ? -0.5 : 0.5));
          assert_int_equal(v, gk_report_cell(rep, t, r, c));
        }
        free(txt);
        checked++;
      }
  xmlXPathFreeContext(ctx);
  xmlFreeDoc(doc);
  free(xml);
  return checked;
}

/* === Tests === */

static void test_seeds_round_trip_through_docx(void **state) {
  (void)state;
  gk_test_mem m = {0};
  for (size_t i = 0; i < GK_TEST_NSEEDS; i++) {
    size_t len;
    char *text = seed_text(i, &len);
    gk_report *a = NULL, *b = NULL;
    gk_error err;
    gk_error_clear(&err);
    assert_int_equal(gk_report_read_text(&a, text, len, NULL, &err), GK_OK);
    b = docx_of(a, &m);
    char why[512];
    const char *d = diff_reports(a, b, why, sizeof(why));
    if (d)
      fail_msg("seed %s: %s", gk_test_seeds[i], d);
    /* every number stood in a table cell of the document */
    assert_true(check_sources(b, &m) >= 150);
    /* text input has no document cells */
    gk_cell_source s;
    assert_int_equal(gk_report_cell_source(a, 1, 0, 0, &s), 0);
    gk_report_free(a);
    gk_report_free(b);
    free(text);
  }
  free(m.data);
}

static uint64_t env_u64(const char *name, uint64_t dflt) {
  const char *s = getenv(name);
  if (!s || !*s)
    return dflt;
  char *end = NULL;
  unsigned long long v = strtoull(s, &end, 10);
  return (end && !*end) ? (uint64_t)v : dflt;
}

static void test_generated_reports_round_trip_through_docx(void **state) {
  (void)state;
  uint64_t n = env_u64("GK_DOCX_N", 1000);
  gk_gen *g = NULL;
  assert_int_equal(gk_gen_new(&g, 1), GK_OK);
  gk_reader *rd = NULL;
  assert_int_equal(gk_reader_new(&rd, NULL), GK_OK);
  gk_test_mem m = {0};
  size_t failures = 0, sourced = 0;
  for (uint64_t i = 0; i < n; i++) {
    gk_gen_reseed(g, 7000 + i);
    gk_gen_opts o = {0};
    o.random_flags = 1;
    o.corrupt = -1;
    const char *text;
    size_t len;
    gk_gen_truth tr;
    assert_int_equal(gk_gen_report(g, &o, &text, &len, &tr), GK_OK);
    gk_report *a = NULL, *b = NULL;
    gk_error err;
    gk_error_clear(&err);
    if (gk_reader_read_text(rd, &a, text, len, NULL, &err) != GK_OK)
      fail_msg("seed %llu: the generated text does not read: %s",
               (unsigned long long)(7000 + i), err.message_en);
    gk_error_clear(&err);
    assert_int_equal(gk_write_docx(a, GK_LANG_ZH, gk_test_mem_sink, &m, &err),
                     GK_OK);
    /* the reusable reader reads .docx and text alike */
    gk_status st = gk_reader_read_buffer(rd, &b, m.data, m.len, NULL, &err);
    m.len = 0;
    if (st)
      fail_msg("seed %llu: %s", (unsigned long long)(7000 + i),
               err.message_en);
    char why[512];
    const char *d = diff_reports(a, b, why, sizeof(why));
    if (d && failures++ < 10)
      print_error("seed %llu (%s): %s\n", (unsigned long long)(7000 + i),
                  gk_gen_layout_name(tr.layout), d);
    gk_cell_source s;
    if (gk_report_cell_source(b, 1, 0, 0, &s))
      sourced++;
    gk_report_free(a);
    gk_report_free(b);
  }
  free(m.data);
  gk_reader_free(rd);
  gk_gen_free(g);
  assert_int_equal(failures, 0);
  assert_int_equal(sourced, n);
}

/* Allocation failure: each allocation of one .docx read fails in turn. */
typedef struct failing {
  int64_t countdown; /* allocations left before failing; <0: never */
  int64_t live;      /* not yet freed */
} failing;

static void *f_malloc(size_t n, void *ud) {
  failing *f = ud;
  if (f->countdown == 0)
    return NULL;
  if (f->countdown > 0)
    f->countdown--;
  void *p = malloc(n);
  if (p)
    f->live++;
  return p;
}
static void *f_realloc(void *p, size_t n, void *ud) {
  failing *f = ud;
  if (f->countdown == 0)
    return NULL;
  if (f->countdown > 0)
    f->countdown--;
  void *q = realloc(p, n);
  if (q && !p)
    f->live++;
  return q;
}
static void f_free(void *p, void *ud) {
  failing *f = ud;
  if (p)
    f->live--;
  free(p);
}

static void test_every_allocation_failure_of_a_docx_read_is_nomem(
    void **state) {
  (void)state;
  size_t len;
  char *text = seed_text(1, &len);
  gk_report *a = NULL;
  assert_int_equal(gk_report_read_text(&a, text, len, NULL, NULL), GK_OK);
  gk_test_mem m = {0};
  assert_int_equal(gk_write_docx(a, GK_LANG_ZH, gk_test_mem_sink, &m, NULL),
                   GK_OK);
  failing f = {-1, 0};
  gk_alloc al = {f_malloc, f_realloc, f_free, &f};
  for (int64_t n = 0;; n++) {
    f.countdown = n;
    f.live = 0;
    gk_read_opts o = {0};
    o.alloc = &al;
    gk_report *b = NULL;
    gk_error err;
    gk_error_clear(&err);
    gk_status st = gk_report_read_buffer(&b, m.data, m.len, &o, &err);
    if (st == GK_OK) {
      gk_report_free(b);
      assert_int_equal(f.live, 0);
      break;
    }
    assert_int_equal(st, GK_E_NOMEM);
    assert_int_equal(err.code, GK_E_NOMEM);
    assert_null(b);
    assert_int_equal(f.live, 0);
    assert_true(n < 100000);
  }
  /* also the writers */
  for (int64_t n = 0;; n++) {
    gk_report *c = NULL;
    f.countdown = -1;
    assert_int_equal(gk_report_new(&c, gk_report_template(a), &al), GK_OK);
    gk_report_set_year(c, 2021);
    f.countdown = n;
    gk_test_mem o = {0};
    gk_status s1 = gk_write_docx(c, GK_LANG_ZH, gk_test_mem_sink, &o, NULL);
    gk_status s2 =
        s1 ? s1 : gk_write_xlsx(c, GK_LANG_ZH, gk_test_mem_sink, &o, NULL);
    f.countdown = -1;
    gk_report_free(c);
    free(o.data);
    assert_int_equal(f.live, 0);
    if (s2 == GK_OK)
      break;
    assert_int_equal(s2, GK_E_NOMEM);
    assert_true(n < 100000);
  }
  free(m.data);
  gk_report_free(a);
  free(text);
}

static void test_zip_limits_refuse_with_too_large(void **state) {
  (void)state;
  size_t len;
  char *text = seed_text(2, &len);
  gk_report *a = NULL, *b = NULL;
  assert_int_equal(gk_report_read_text(&a, text, len, NULL, NULL), GK_OK);
  gk_test_mem m = {0};
  assert_int_equal(gk_write_docx(a, GK_LANG_ZH, gk_test_mem_sink, &m, NULL),
                   GK_OK);
  gk_read_opts o = {0};
  gk_error err;
  o.source_name = "small.docx";
  o.limits.max_zip_bytes = 1000; /* document.xml is far larger */
  gk_error_clear(&err);
  assert_int_equal(gk_report_read_buffer(&b, m.data, m.len, &o, &err),
                   GK_E_TOO_LARGE);
  assert_null(b);
  assert_non_null(strstr(err.message_en, "word/document.xml"));
  assert_non_null(strstr(err.message_en, "zip bomb"));
  o.limits.max_zip_bytes = 0;
  o.limits.max_zip_entries = 2; /* the writer makes five parts */
  gk_error_clear(&err);
  assert_int_equal(gk_report_read_buffer(&b, m.data, m.len, &o, &err),
                   GK_E_TOO_LARGE);
  o.limits.max_zip_entries = 0;
  o.limits.max_xml_depth = 3; /* body/tbl/tr/tc/p/r/t is deeper */
  gk_error_clear(&err);
  assert_int_equal(gk_report_read_buffer(&b, m.data, m.len, &o, &err),
                   GK_E_CORRUPT);
  assert_true(err.line > 0);
  if (!strstr(err.message_en, "nested too deep"))
    fail_msg("%s", err.message_en);
  o.limits.max_xml_depth = 0;
  gk_error_clear(&err);
  assert_int_equal(gk_report_read_buffer(&b, m.data, m.len, &o, &err), GK_OK);
  gk_report_free(b);
  /* a .docx cut short: the ZIP is damaged */
  gk_error_clear(&err);
  assert_int_equal(gk_report_read_buffer(&b, m.data, m.len / 2, &o, &err),
                   GK_E_CORRUPT);
  assert_non_null(strstr(err.message, "ZIP"));
  free(m.data);
  gk_report_free(a);
  free(text);
}

static void test_formats_are_told_by_their_bytes(void **state) {
  (void)state;
  static const struct {
    const char *bytes;
    size_t len;
    gk_format want;
  } cases[] = {
      {"PK\x03\x04....word/document.xml....", 31, GK_FORMAT_DOCX},
      {"PK\x03\x04....xl/workbook.xml....", 27, GK_FORMAT_ZIP},
      {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12, GK_FORMAT_DOC},
      {"%PDF-1.7\n", 9, GK_FORMAT_PDF},
      {"\xEF\xBB\xBF  \n<!DOCTYPE html><html>", 28, GK_FORMAT_HTML},
      {"<HTML><body>", 12, GK_FORMAT_HTML},
      {"满洲里市统计局2020年政府信息公开工作年度报告\n", 64, GK_FORMAT_TEXT},
      {"", 0, GK_FORMAT_TEXT},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    assert_int_equal(gk_detect_format(cases[i].bytes, cases[i].len),
                     cases[i].want);
  assert_string_equal(gk_format_name(GK_FORMAT_DOCX), "docx");
  assert_string_equal(gk_format_name(GK_FORMAT_DOC), "doc");
  /* a legacy .doc is refused with the advice to save it as .docx */
  gk_report *rep = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_read_opts o = {0};
  o.source_name = "old.doc";
  assert_int_equal(gk_report_read_buffer(&rep, cases[2].bytes, cases[2].len,
                                         &o, &err),
                   GK_E_UNSUPPORTED);
  assert_null(rep);
  assert_non_null(strstr(err.message, "旧版 .doc 二进制格式，请另存为 .docx"));
  assert_non_null(strstr(err.message_en, "save it as .docx"));
}

static void test_xlsx_holds_numbers_as_numeric_cells(void **state) {
  (void)state;
  gk_report *rep = NULL;
  assert_int_equal(gk_report_new(&rep, gk_template_by_name("2021"), NULL),
                   GK_OK);
  assert_int_equal(gk_report_set(rep, "disclose", "fee", "amount", 838200),
                   GK_OK);
  assert_int_equal(gk_report_set(rep, "apply", "new", "natural", 30000),
                   GK_OK);
  gk_test_mem m = {0};
  assert_int_equal(gk_write_xlsx(rep, GK_LANG_ZH, gk_test_mem_sink, &m, NULL),
                   GK_OK);
  size_t n;
  char *s1 = entry(&m, "xl/worksheets/sheet1.xml", &n);
  char *s2 = entry(&m, "xl/worksheets/sheet2.xml", &n);
  char *wb = entry(&m, "xl/workbook.xml", &n);
  /* the amount keeps its decimals; a count is a whole number */
  assert_non_null(strstr(s1, "<v>83.82</v>"));
  assert_non_null(strstr(s2, "<v>3</v>"));
  /* labels are strings; a cell the report lacks stays empty */
  assert_non_null(strstr(s2, "t=\"inlineStr\"><is><t>new</t>"));
  assert_null(strstr(s2, "<v>0</v>"));
  assert_non_null(strstr(wb, "收到和处理政府信息公开申请情况"));
  free(s1);
  free(s2);
  free(wb);
  free(m.data);
  gk_report_free(rep);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_seeds_round_trip_through_docx),
      cmocka_unit_test(test_generated_reports_round_trip_through_docx),
      cmocka_unit_test(test_every_allocation_failure_of_a_docx_read_is_nomem),
      cmocka_unit_test(test_zip_limits_refuse_with_too_large),
      cmocka_unit_test(test_formats_are_told_by_their_bytes),
      cmocka_unit_test(test_xlsx_holds_numbers_as_numeric_cells),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
