/* test_layout.c: layout invariance of the reader (issue 10), a property
 * test over generated reports (tests/support/gen.h): each report, in
 * UTF-8, both formats, every layout and variant, is re-laid six ways
 * (lines joined into one, hard-wrapped at 20-40 characters, framed by page
 * navigation and a footer, the table header repeated after a page break,
 * spaces and tabs removed, tabs as spaces) and must read to the cells and
 * error verdicts of its original reading, or, where the transformation
 * destroys what told cells apart, carry a finding that says so.
 *
 * GK_PROPERTY_LAYOUT_N reports (default 1000), report i from seed
 * GK_PROPERTY_SEED + i (default 1); a failure prints its seed and dumps
 * the transformed and the original text to $TMPDIR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gen.h"
#include "gongkai.h"
#include "model/rules.h"
#include "property.h"

/* === Layout invariance (issue 10): the same report re-laid === */

enum {
  X_JOIN = 0, /* every line joined into one */
  X_WRAP,     /* hard-wrapped at 20-40 characters */
  X_FRAME,    /* page navigation before, a footer after */
  X_HEADER,   /* a page break: page number and table header repeated */
  X_NOSPACE,  /* every tab and space removed */
  X_TAB2SP,   /* tabs as runs of four spaces */
  X_COUNT
};

static const char *const x_name[X_COUNT] = {"join",   "wrap",    "frame",
                                            "header", "nospace", "tab2sp"};

/* Writes transformation x of text[0..len) into out (room for 2 * len +
 * 1024); returns the new length. 'w' is the wrap width. */
static size_t transform(int x, const char *text, size_t len, char *out,
                        size_t w) {
  static const char nav[] = "首页 > 政务公开 > 政府信息公开年报\n当前位置："
                            "首页 > 年报\n打印本页 关闭窗口\n";
  static const char foot[] = "\n主办单位：人民政府办公室 版权所有 "
                             "网站标识码3500000000\n";
  static const char head[] = "\n- 3 -\n申请人情况\t自然人\t法人或其他组织\t"
                             "\t\t\t\t总计\n\t商业企业\t科研机构\t社会公益组织"
                             "\t法律服务机构\t其他\n";
  size_t o = 0, col = 0;
  if (x == X_FRAME) {
    memcpy(out, nav, sizeof(nav) - 1);
    o = sizeof(nav) - 1;
  }
  const char *brk = x == X_HEADER ? strstr(text, "（四）无法提供") : NULL;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    if (brk && text + i == brk) {
      memcpy(out + o, head, sizeof(head) - 1);
      o += sizeof(head) - 1;
    }
    if ((x == X_JOIN) && (c == '\n' || c == '\r'))
      continue;
    if (x == X_NOSPACE && (c == ' ' || c == '\t'))
      continue;
    if (x == X_NOSPACE && i + 3 <= len &&
        !memcmp(text + i, "\xe3\x80\x80", 3)) {
      i += 2;
      continue;
    }
    if (x == X_TAB2SP && c == '\t') {
      memcpy(out + o, "    ", 4);
      o += 4;
      continue;
    }
    if (x == X_WRAP) {
      if (c == '\n')
        col = 0;
      else if (((unsigned char)c & 0xc0) != 0x80 && col++ == w) {
        out[o++] = '\n';
        col = 1;
      }
    }
    out[o++] = c;
  }
  if (x == X_FRAME) {
    memcpy(out + o, foot, sizeof(foot) - 1);
    o += sizeof(foot) - 1;
  }
  return o;
}

/* The untransformed text of a failing report, beside the transformed one
 * report_failure wrote. */
static void dump_original(uint64_t seed, const char *text, size_t len) {
  char path[512];
  const char *tmp = getenv("TMPDIR");
  snprintf(path, sizeof(path), "%s/gk_property_%llu_orig.txt",
           tmp && *tmp ? tmp : "/tmp", (unsigned long long)seed);
  FILE *f = fopen(path, "wb");
  if (f) {
    fwrite(text, 1, len, f);
    fclose(f);
  }
}

/* Error rules of a report, sorted, as one string (to compare verdicts). */
static void error_rules(const gk_report *rep, char *out, size_t outsz) {
  const char *r[64];
  size_t n = 0;
  for (size_t i = 0; i < gk_report_finding_count(rep) && n < 64; i++) {
    const gk_finding *f = gk_report_finding(rep, i);
    if (gk_finding_severity(f) == GK_SEV_ERROR)
      r[n++] = gk_finding_rule(f);
  }
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && strcmp(r[j], r[j - 1]) < 0; j--) {
      const char *t = r[j];
      r[j] = r[j - 1];
      r[j - 1] = t;
    }
  size_t o = 0;
  out[0] = 0;
  for (size_t i = 0; i < n && o + 1 < outsz; i++) {
    int k = snprintf(out + o, outsz - o, "%s ", r[i]);
    if (k < 0)
      break;
    o += (size_t)k;
  }
}

/* True if the report says its layout could not be read for sure. */
static bool says_ambiguous(const gk_report *rep) {
  for (size_t i = 0; i < gk_report_finding_count(rep); i++) {
    const char *r = gk_finding_rule(gk_report_finding(rep, i));
    if (!strcmp(r, GK_RULE_AMBIGUOUS_CELLS) || !strcmp(r, GK_RULE_ROW_CELLS) ||
        !strcmp(r, GK_RULE_MISSING_ROW))
      return true;
  }
  return false;
}

/* Every generated report (UTF-8), re-laid six ways, reads as the original:
 * the same cells and the same error verdicts. Removing white space (or
 * joining a one-cell-a-line text) can make blank cells and separators
 * genuinely ambiguous: then the values may differ only with a finding
 * that says so (ambiguous-cells, row-cell-count, missing-row), never
 * silently. */
static void test_generated_reports_read_the_same_however_laid(void **state) {
  (void)state;
  uint64_t n = gk_prop_env_u64("GK_PROPERTY_LAYOUT_N", 1000);
  uint64_t base = gk_prop_env_u64("GK_PROPERTY_SEED", 1);
  gk_prop_stats s;
  memset(&s, 0, sizeof(s));
  s.rerun = "GK_PROPERTY_LAYOUT_N=1 test_layout";
  size_t runs[X_COUNT] = {0}, exact[X_COUNT] = {0}, flagged[X_COUNT] = {0};
  gk_gen *g = NULL;
  assert_int_equal(gk_gen_new(&g, base), GK_OK);
  char *buf = NULL;
  size_t cap = 0;
  for (uint64_t i = 0; i < n; i++) {
    uint64_t seed = base + i;
    gk_gen_reseed(g, seed);
    gk_gen_opts o = {0};
    o.random_flags = 1;
    o.corrupt = -1;
    o.encoding = GK_GEN_UTF8;
    const char *text = NULL;
    size_t len = 0;
    gk_gen_truth tr;
    assert_int_equal(gk_gen_report(g, &o, &text, &len, &tr), GK_OK);
    if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
      text += 3;
      len -= 3;
    }
    if (tr.ambiguous)
      continue; /* the original itself is ambiguous */
    gk_report *orig = NULL;
    if (gk_report_read_text(&orig, text, len, NULL, NULL) ||
        gk_check_run(orig, GK_CHECK_ALL, NULL)) {
      gk_report_free(orig);
      continue; /* the plain property test reports it */
    }
    char want[512];
    error_rules(orig, want, sizeof(want));
    /* the property is invariance: the original's reading is the truth
     * the transformations are held to */
    gk_gen_truth as_read = tr;
    const gk_template *tpl = tr.tpl;
    for (size_t t = 0; t < gk_template_table_count(tpl); t++)
      for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
        for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++)
          as_read.value[t][r][c] = gk_report_cell(orig, t, r, c);
    as_read.corrupted = 0;
    gk_report_free(orig);
    if (2 * len + 1024 > cap) {
      cap = 2 * len + 1024;
      free(buf);
      buf = malloc(cap);
      assert_non_null(buf);
    }
    for (int x = 0; x < X_COUNT; x++) {
      size_t n2 = transform(x, text, len, buf, 20 + (size_t)(seed % 21));
      runs[x]++;
      gk_report *rep = NULL;
      gk_error err;
      gk_error_clear(&err);
      gk_status st = gk_report_read_text(&rep, buf, n2, NULL, &err);
      if (st) {
        gk_prop_report_failure(&s, seed, &tr, buf, n2, "%s: read failed: %s",
                               x_name[x], err.message_en);
        continue;
      }
      assert_int_equal(gk_check_run(rep, GK_CHECK_ALL, NULL), GK_OK);
      char why[512] = "", got[512];
      error_rules(rep, got, sizeof(got));
      bool same = !gk_prop_cells_match(rep, &as_read, why, sizeof(why)) &&
                  !strcmp(got, want);
      /* where the transformation destroys what told cells apart, a
       * finding must say so: white space removed; one cell a line joined;
       * Tika's blank cells joined to the heading after them (the tab of
       * an empty cell and the tab that leads a cell look alike); a
       * markdown row wrapped right after a pipe (an empty cell or the
       * row's end) */
      bool lossy =
          x == X_NOSPACE || x == X_TAB2SP ||
          (x == X_JOIN &&
           (tr.layout == GK_GEN_LINES ||
            (tr.layout == GK_GEN_TIKA && (tr.flags & GK_GEN_BLANK_ZEROS)))) ||
          (x == X_WRAP && tr.layout == GK_GEN_MARKDOWN);
      if (same)
        exact[x]++;
      else if (lossy && says_ambiguous(rep))
        flagged[x]++;
      else {
        gk_prop_report_failure(&s, seed, &tr, buf, n2,
                               "%s: %s; errors '%s', were '%s'", x_name[x],
                               same ? "" : why, got, want);
        dump_original(seed, text, len);
      }
      gk_report_free(rep);
    }
  }
  for (int x = 0; x < X_COUNT; x++)
    printf("layout: %-8s %5zu reports, %5zu read the same, %5zu flagged "
           "ambiguous\n",
           x_name[x], runs[x], exact[x], flagged[x]);
  free(buf);
  gk_gen_free(g);
  assert_int_equal(s.failures, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_generated_reports_read_the_same_however_laid),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
