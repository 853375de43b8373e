/* test_flow.c: the layout-free core (src/lib/read/flow.c) on real pages
 * saved as one line (tests/data/corpus, copied from the shared corpus),
 * edited the ways people type and print labels and tables (issue 10
 * items 1-3): typos, Traditional characters, stray spaces, a group printed
 * as one row, blank marks, signed changes, the review table as one run of
 * digits, page breaks, the old format in a newer year. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gongkai.h"
#include "model/rules.h"

#define S GK_SCALE

static char *slurp(const char *rel, size_t *len) {
  const char *dir = getenv("GK_SOURCE_DIR");
  char path[1024];
  snprintf(path, sizeof(path), "%s/%s", dir ? dir : ".", rel);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  assert_non_null(buf);
  assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  buf[n] = '\0';
  *len = (size_t)n;
  return buf;
}

/* Replaces the first 'from' in '*s' by 'to' (reallocating); the text
 * must hold it. */
static void edit(char **s, const char *from, const char *to) {
  char *p = strstr(*s, from);
  assert_non_null(p);
  size_t a = (size_t)(p - *s), fl = strlen(from), tl = strlen(to);
  size_t n = strlen(*s);
  char *o = malloc(n - fl + tl + 1);
  assert_non_null(o);
  memcpy(o, *s, a);
  memcpy(o + a, to, tl);
  memcpy(o + a + tl, *s + a + fl, n - a - fl + 1);
  free(*s);
  *s = o;
}

static gk_report *read_ok(const char *s) {
  gk_report *rep = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_report_read_text(&rep, s, strlen(s), NULL, &err);
  if (st)
    fprintf(stderr, "read failed: %s\n", err.message_en);
  assert_int_equal(st, GK_OK);
  return rep;
}

static int64_t get(const gk_report *rep, const char *t, const char *r,
                   const char *c) {
  int64_t v = -1;
  assert_int_equal(gk_report_get(rep, t, r, c, &v), GK_OK);
  return v;
}

static size_t count_rule(const gk_report *rep, const char *rule) {
  size_t n = 0;
  for (size_t i = 0; i < gk_report_finding_count(rep); i++)
    n += strcmp(gk_finding_rule(gk_report_finding(rep, i)), rule) == 0;
  return n;
}

static const gk_finding *find_rule(const gk_report *rep, const char *rule) {
  for (size_t i = 0; i < gk_report_finding_count(rep); i++)
    if (!strcmp(gk_finding_rule(gk_report_finding(rep, i)), rule))
      return gk_report_finding(rep, i);
  return NULL;
}

static char *page2021(void) {
  size_t n;
  return slurp("tests/data/corpus/pingtan_2021.txt", &n);
}

/* The page as crawled: one line, cells run together; table apply's rows
 * as the arithmetic gives them, the review run split by its row sums. */
static void test_one_line_page_reads_by_arithmetic(void **st) {
  (void)st;
  char *s = page2021();
  gk_report *rep = read_ok(s);
  assert_string_equal(gk_template_name(gk_report_template(rep)), "2021");
  assert_int_equal(get(rep, "apply", "new", "natural"), 64 * S);
  assert_int_equal(get(rep, "apply", "new", "nonprofit"), 2 * S);
  assert_int_equal(get(rep, "apply", "new", "other"), 4 * S);
  assert_int_equal(get(rep, "apply", "new", "total"), 70 * S);
  /* 270020130 and 220000325 split two ways each by their row sums;
   * the column sums decide both together */
  assert_int_equal(get(rep, "apply", "granted", "natural"), 27 * S);
  assert_int_equal(get(rep, "apply", "unable.not_held", "natural"), 22 * S);
  assert_int_equal(get(rep, "apply", "total", "total"), 69 * S);
  assert_int_equal(get(rep, "review", "reconsideration", "total"), 3 * S);
  assert_int_equal(get(rep, "review", "litigation_direct", "upheld"),
                   12 * S);
  /* section 二's 693665 has several readings: named, not guessed */
  const gk_finding *f = find_rule(rep, GK_RULE_AMBIGUOUS_CELLS);
  assert_non_null(f);
  assert_string_equal(gk_finding_row(f), "normative");
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_EN), "[69,3,665]"));
  assert_int_equal(count_rule(rep, GK_RULE_AMBIGUOUS_CELLS), 1);
  for (int s6 = 1; s6 <= 6; s6++) {
    size_t len = 0;
    assert_non_null(gk_report_section(rep, s6, &len));
    if (s6 == 1 || s6 >= 5) /* 二 to 四 hold only their tables here */
      assert_true(len > 0);
  }
  gk_report_free(rep);
  free(s);
}

/* A typo label (characters missing), a Traditional one, stray spaces
 * inside labels and numbering, 只记: read by place, loose ones reported. */
static void test_labels_as_people_type_them(void **st) {
  (void)st;
  char *s = page2021();
  edit(&s, "2.其他法律行政法规禁止公开", "2.其他法律行政止公开");
  edit(&s, "1.本机关不掌握相关政府信息", "1.本機關不掌握相關政府信息");
  edit(&s, "三、本年度办理结果", "三 、本 年 度办 理 结果");
  edit(&s, "只计这一情形", "只记这一情 形");
  edit(&s, "6.属于四类过程性信息", "属于四类过程信息");
  gk_report *rep = read_ok(s);
  assert_int_equal(get(rep, "apply", "unable.not_held", "total"), 25 * S);
  assert_int_equal(get(rep, "apply", "denied.prohibited", "total"), 0);
  assert_int_equal(get(rep, "apply", "partial", "natural"), 5 * S);
  assert_int_equal(get(rep, "apply", "denied.enforcement", "total"), 6 * S);
  assert_int_equal(count_rule(rep, GK_RULE_MISSING_ROW), 0);
  /* the typo and the label without numbering and a character are loose */
  size_t loose = count_rule(rep, GK_RULE_LABEL_LOOSE);
  assert_int_equal(loose, 2);
  const gk_finding *f = find_rule(rep, GK_RULE_LABEL_LOOSE);
  assert_string_equal(gk_finding_row(f), "denied.prohibited");
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_ZH), "行政止公开"));
  gk_report_free(rep);
  free(s);
}

static char *seed2019(void) {
  size_t n;
  return slurp("tests/data/seeds/004_3bfaa367c900be67.txt", &n);
}

/* A one-character typo in a short label (4-7 characters, one edit is a
 * quarter of it or more) is read where the template's order pins the row
 * down: the rows before and after it read exactly on the runs around it. */
static void test_short_label_typo_pinned_by_order(void **st) {
  (void)st;
  char *s = seed2019();
  gk_report *ref = read_ok(s);
  edit(&s, "\t行政许可\n", "\t行政某可\n");
  edit(&s, "\t行政处罚\n", "\t行政罚\n");
  edit(&s, "\t行政事业性收费\n", "\t行政事某性收费\n");
  gk_report *rep = read_ok(s);
  static const char *const rows[] = {"license", "penalty", "fee"};
  static const char *const cols[] = {"prior", "change", "decisions"};
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < (r < 2 ? 3 : 2); c++) {
      assert_int_equal(get(rep, "disclose", rows[r], cols[c]),
                       get(ref, "disclose", rows[r], cols[c]));
      assert_true(get(ref, "disclose", rows[r], cols[0]) > 0);
    }
  assert_int_equal(count_rule(rep, GK_RULE_MISSING_ROW), 0);
  assert_int_equal(count_rule(rep, GK_RULE_LABEL_LOOSE), 3);
  for (size_t i = 0; i < gk_report_finding_count(rep); i++) {
    const gk_finding *f = gk_report_finding(rep, i);
    if (strcmp(gk_finding_rule(f), GK_RULE_LABEL_LOOSE))
      continue;
    const char *row = gk_finding_row(f);
    assert_true(!strcmp(row, "license") || !strcmp(row, "penalty") ||
                !strcmp(row, "fee"));
  }
  gk_report_free(rep);
  gk_report_free(ref);
  free(s);
}

/* Two typos in a row: neither pins the other, and a label one edit from
 * the template's is one edit from many words: no guess for either. */
static void test_adjacent_short_typos_are_missing(void **st) {
  (void)st;
  char *s = seed2019();
  edit(&s, "\t行政许可\n", "\t行政某可\n");
  edit(&s, "\t规范性文件\n", "\t规范某文件\n");
  gk_report *rep = read_ok(s);
  assert_int_equal(count_rule(rep, GK_RULE_LABEL_LOOSE), 0);
  assert_int_equal(count_rule(rep, GK_RULE_MISSING_ROW), 2);
  gk_report_free(rep);
  free(s);
}

/* The same typo where the order does not pin it (the next row is
 * unreadable too): no guess, missing-row names it. */
static void test_short_label_typo_unpinned_is_missing(void **st) {
  (void)st;
  char *s = seed2019();
  edit(&s, "\t行政许可\n", "\t行政某可\n");
  edit(&s, "\t其他对外管理服务事项\n", "\t某某某某某某某某某某\n");
  gk_report *rep = read_ok(s);
  assert_int_equal(count_rule(rep, GK_RULE_LABEL_LOOSE), 0);
  assert_int_equal(get(rep, "disclose", "license", "prior"), 0);
  bool named = false;
  for (size_t i = 0; i < gk_report_finding_count(rep); i++) {
    const gk_finding *f = gk_report_finding(rep, i);
    if (!strcmp(gk_finding_rule(f), GK_RULE_MISSING_ROW) &&
        !strcmp(gk_finding_row(f), "license"))
      named = true;
  }
  assert_true(named);
  gk_report_free(rep);
  free(s);
}

/* A laid-out report cut before table 三, and an excerpt of its title and
 * section 一: read, with one finding naming every table and section not
 * reached, and what was read kept. */
static void test_cut_before_table_three_is_read(void **st) {
  (void)st;
  char *s = seed2019();
  gk_report *ref = read_ok(s);
  static const char *const cuts[] = {"三、收到和处理", "二、主动公开"};
  static const char *const lacks[2][3] = {{"表三", "表四", "第三部分"},
                                          {"表二", "第二部分", "第六部分"}};
  for (int k = 0; k < 2; k++) {
    char *c = strdup(s);
    assert_non_null(c);
    char *at = strstr(c, cuts[k]);
    assert_non_null(at);
    *at = '\0';
    gk_report *rep = read_ok(c);
    assert_int_equal(count_rule(rep, GK_RULE_TRUNCATED), 1);
    const gk_finding *f = find_rule(rep, GK_RULE_TRUNCATED);
    for (int x = 0; x < 3; x++)
      assert_non_null(strstr(gk_finding_message(f, GK_LANG_ZH), lacks[k][x]));
    assert_non_null(strstr(gk_finding_message(f, GK_LANG_EN), "table 3"));
    assert_string_equal(gk_report_agency(rep), gk_report_agency(ref));
    assert_int_equal(gk_report_year(rep), gk_report_year(ref));
    size_t l1 = 0, l0 = 0;
    const char *s1 = gk_report_section(rep, 1, &l1);
    const char *s0 = gk_report_section(ref, 1, &l0);
    assert_int_equal(l1, l0);
    assert_memory_equal(s1, s0, l0);
    if (k == 0)
      assert_int_equal(get(rep, "disclose", "normative", "total"), 22 * S);
    gk_report_free(rep);
    free(c);
  }
  gk_report_free(ref);
  free(s);
}

/* A text that is no report (no title naming one, a single heading) is
 * still refused. */
static void test_no_report_is_refused(void **st) {
  (void)st;
  static const char t[] =
      "某某公司2020年度财务报告\n一、总体情况\n收入增长。\n";
  gk_report *rep = NULL;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_report_read_text(&rep, t, strlen(t), NULL, &err),
                   GK_E_NOT_REPORT);
  assert_null(rep);
}

/* A label wrapped around its numbers, as pdftotext -raw prints a row
 * whose label cell holds two lines: label start, numbers, label end.
 * Both parts together are the label: the row is read, loosely. */
static void test_label_wrapped_around_its_numbers(void **st) {
  (void)st;
  size_t n;
  char *s = slurp("tests/data/seeds/002_1940b8663137bb43.txt", &n);
  edit(&s,
       "\t5.要求行政机关确认或重新出具已获取信息\n\t0\n\t0\n\t0\n\t0\n"
       "\t0\n\t0\n\t0\n",
       "5.要求行政机关确认或重\n1 2 3 4 5 6 7\n新出具已获取信息\n");
  gk_report *rep = read_ok(s);
  static const char *const cols[] = {"natural",   "business", "research",
                                     "nonprofit", "legal",    "other",
                                     "total"};
  for (int c = 0; c < 7; c++)
    assert_int_equal(get(rep, "apply", "refused.confirmation", cols[c]),
                     (c + 1) * S);
  assert_int_equal(count_rule(rep, GK_RULE_MISSING_ROW), 0);
  const gk_finding *f = find_rule(rep, GK_RULE_LABEL_LOOSE);
  assert_non_null(f);
  assert_string_equal(gk_finding_row(f), "refused.confirmation");
  gk_report_free(rep);
  free(s);
}

/* Tika text whose blank cells vanished and whose numbers joined: （一）予以
 * 公开 then 11 for 1, five blanks, 1. The row sum and the column sums
 * place the digits: one finding with the values; where the table breaks
 * its sums (seed 0's 总计 column), the readings are named, never guessed. */
static void test_vanished_blank_cells_placed_by_the_sums(void **st) {
  (void)st;
  size_t n;
  static const char blanks[] = "\t\xc2\xa0"
                               "1\n\t\xc2\xa0\n\t\xc2\xa0\n"
                               "\t\xc2\xa0\n\t\xc2\xa0\n\t\xc2\xa0\n"
                               "\t\xc2\xa0"
                               "1\n";
  static const char *const cols[] = {"natural",   "business", "research",
                                     "nonprofit", "legal",    "other",
                                     "total"};
  for (int fixed = 0; fixed < 2; fixed++) {
    char *s = slurp("tests/data/seeds/000_7a7af06b78520d01.txt", &n);
    if (fixed) /* the seed's 总计·总计 reads 0 where its sums give 3 */
      edit(&s, "\t（七）总计\n\t3\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n",
           "\t（七）总计\n\t3\n\t0\n\t0\n\t0\n\t0\n\t0\n\t3\n");
    edit(&s, blanks, "\t11\n");
    gk_report *rep = read_ok(s);
    assert_int_equal(count_rule(rep, GK_RULE_ROW_CELLS), 0);
    if (fixed) {
      for (int c = 0; c < 7; c++)
        assert_int_equal(get(rep, "apply", "granted", cols[c]),
                         (c == 0 || c == 6) ? S : 0);
      const gk_finding *f = find_rule(rep, GK_RULE_RECOVERED_CELLS);
      assert_non_null(f);
      assert_string_equal(gk_finding_row(f), "granted");
      assert_non_null(
          strstr(gk_finding_message(f, GK_LANG_EN), "[1,0,0,0,0,0,1]"));
      assert_int_equal(count_rule(rep, GK_RULE_AMBIGUOUS_CELLS), 0);
    } else {
      const gk_finding *f = find_rule(rep, GK_RULE_AMBIGUOUS_CELLS);
      assert_non_null(f);
      assert_string_equal(gk_finding_row(f), "granted");
      assert_non_null(strstr(gk_finding_message(f, GK_LANG_EN), "6 readings"));
    }
    gk_report_free(rep);
    free(s);
  }
}

/* Table 二 has no sums: a value beside a blank cell, lines joined with
 * their tabs ("政府集中采购\t50\t" then the next heading), is 50 and a
 * blank as well as 5 and 0. Read as [5,0] with a warning that "the
 * table's sums" gave it, before; now the readings are named. */
static void test_table_two_piece_beside_a_vanished_blank(void **st) {
  (void)st;
  size_t n;
  char *s = slurp("tests/data/seeds/000_7a7af06b78520d01.txt", &n);
  edit(&s, "\t政府集中采购\n\t0\n\t0\n", "\t政府集中采购\n\t50\n\t\n");
  size_t o = 0;
  for (size_t i = 0; s[i]; i++)
    if (s[i] != '\n')
      s[o++] = s[i];
  s[o] = '\0';
  gk_report *rep = read_ok(s);
  free(s);
  const gk_finding *f = NULL;
  for (size_t i = 0; i < gk_report_finding_count(rep); i++) {
    const gk_finding *x = gk_report_finding(rep, i);
    if (gk_finding_row(x) && strcmp(gk_finding_row(x), "procurement") == 0)
      f = x;
  }
  assert_non_null(f);
  assert_string_equal(gk_finding_rule(f), GK_RULE_AMBIGUOUS_CELLS);
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_EN), "[50,0]"));
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_EN), "[5,0]"));
  gk_report_free(rep);
}

/* A row of one value where no placement sums (a total alone) stays as it
 * was read, one value short: row-cell-count names it. */
static void test_short_row_no_placement_is_row_cell_count(void **st) {
  (void)st;
  size_t n;
  char *s = slurp("tests/data/seeds/000_7a7af06b78520d01.txt", &n);
  edit(&s,
       "\t\xc2\xa0"
       "1\n\t\xc2\xa0\n\t\xc2\xa0\n\t\xc2\xa0\n"
       "\t\xc2\xa0\n\t\xc2\xa0\n\t\xc2\xa0"
       "1\n",
       "\t12\n");
  gk_report *rep = read_ok(s);
  const gk_finding *f = find_rule(rep, GK_RULE_ROW_CELLS);
  assert_non_null(f);
  assert_string_equal(gk_finding_row(f), "granted");
  assert_int_equal(count_rule(rep, GK_RULE_RECOVERED_CELLS), 0);
  gk_report_free(rep);
  free(s);
}

/* （六）其他处理 printed as one row in a format-2021 report: its numbers
 * go to 3.其他, the two absent sub-rows read 0, one warning. */
static void test_other_processing_as_one_row(void **st) {
  (void)st;
  char *s = page2021();
  edit(&s,
       "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信"
       "息公开申请00000002.申请人逾期未按收费通知要求缴纳费用、行政机关不再"
       "处理其政府信息公开申请00000003.其他1000001",
       "（六）其他处理1000001");
  gk_report *rep = read_ok(s);
  assert_int_equal(get(rep, "apply", "other.other", "natural"), 1 * S);
  assert_int_equal(get(rep, "apply", "other.other", "total"), 1 * S);
  assert_int_equal(get(rep, "apply", "other.no_correction", "total"), 0);
  assert_int_equal(get(rep, "apply", "other.no_fee", "total"), 0);
  assert_int_equal(count_rule(rep, GK_RULE_ROW_VARIANT), 1);
  assert_int_equal(count_rule(rep, GK_RULE_MISSING_ROW), 0);
  assert_int_equal(gk_check_run(rep, GK_CHECK_ALL, NULL), GK_OK);
  assert_int_equal(count_rule(rep, GK_RULE_APPLY_COLUMN_SUM), 0);
  gk_report_free(rep);
  free(s);
}

/* Table 四 as one run of digits with two-digit cells. */
static void test_review_as_one_run(void **st) {
  (void)st;
  char *s = page2021();
  edit(&s, "10203120001200000", "21317000001324019");
  gk_report *rep = read_ok(s);
  static const int64_t want[3][5] = {
      {2, 1, 3, 1, 7}, {0, 0, 0, 0, 0}, {13, 2, 4, 0, 19}};
  static const char *const rows[3] = {"reconsideration", "litigation_direct",
                                      "litigation_after"};
  static const char *const cols[5] = {"upheld", "corrected", "other",
                                      "pending", "total"};
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 5; c++)
      assert_int_equal(get(rep, "review", rows[r], cols[c]), want[r][c] * S);
  gk_report_free(rep);
  free(s);
}

/* Cells written as blank marks, with spaces: blanks read 0 and are
 * reported; separators decide where the glued digits cannot. */
static void test_blank_marks_and_separators(void **st) {
  (void)st;
  char *s = page2021();
  edit(&s, "（一）予以公开270020130", "（一）予以公开27 — / 2 无 1 30");
  gk_report *rep = read_ok(s);
  assert_int_equal(get(rep, "apply", "granted", "natural"), 27 * S);
  assert_int_equal(get(rep, "apply", "granted", "business"), 0);
  assert_int_equal(get(rep, "apply", "granted", "nonprofit"), 2 * S);
  assert_int_equal(get(rep, "apply", "granted", "other"), 1 * S);
  assert_int_equal(get(rep, "apply", "granted", "total"), 30 * S);
  assert_int_equal(count_rule(rep, GK_RULE_BLANK_CELL), 3);
  gk_report_free(rep);
  free(s);
}

/* A PDF's page break inside table 三: the page number and the header
 * repeated between two rows change nothing. */
static void test_page_break_with_header_repeated(void **st) {
  (void)st;
  char *s = page2021();
  gk_report *plain = read_ok(s);
  edit(&s, "（四）无法提供",
       "\n- 3 -\n申请人情况 自然人 法人或其他组织 总计\n商业企业 科研机构 "
       "社会公益组织 法律服务机构 其他\n（四）无法提供");
  gk_report *rep = read_ok(s);
  const gk_template *tpl = gk_report_template(rep);
  size_t t = 1; /* apply */
  for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
    for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++)
      assert_int_equal(gk_report_cell(rep, t, r, c),
                       gk_report_cell(plain, t, r, c));
  assert_int_equal(count_rule(rep, GK_RULE_MISSING_ROW), 0);
  gk_report_free(rep);
  gk_report_free(plain);
  free(s);
}

/* A PDF's text joined into one line keeps its page number where the
 * line break was, after a row's last value: -3- is no eighth value. */
static void test_page_number_after_a_row_on_one_line(void **st) {
  (void)st;
  size_t n;
  char *seed = slurp("tests/data/seeds/004_3bfaa367c900be67.txt", &n);
  /* every run of white space three spaces, as a PDF's columns are */
  char *s = malloc(n * 3 + 1);
  assert_non_null(s);
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    bool ws = seed[i] == ' ' || seed[i] == '\t' || seed[i] == '\n' ||
              seed[i] == '\r';
    if (!ws)
      s[o++] = seed[i];
    else if (!o || s[o - 1] != ' ')
      for (int k = 0; k < 3; k++)
        s[o++] = ' ';
  }
  s[o] = '\0';
  free(seed);
  gk_report *plain = read_ok(s);
  edit(&s, "2.没有现成信息", "-3-   2.没有现成信息");
  gk_report *rep = read_ok(s);
  const gk_template *tpl = gk_report_template(rep);
  size_t t = 1; /* apply */
  for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
    for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++)
      assert_int_equal(gk_report_cell(rep, t, r, c),
                       gk_report_cell(plain, t, r, c));
  assert_int_equal(count_rule(plain, GK_RULE_ROW_CELLS), 0);
  assert_int_equal(count_rule(rep, GK_RULE_ROW_CELLS), 0);
  gk_report_free(rep);
  gk_report_free(plain);
  free(s);
}

/* The 2019 format: signed changes (+19, -1, 减4) and an amount in 元 glued
 * to a count; the old tables in a report of 2022 are read, and the
 * checker says the format is wrong for the year. */
static void test_old_format_signed_changes_and_glued_amount(void **st) {
  (void)st;
  size_t n;
  char *s = slurp("tests/data/corpus/pingtan_2019.txt", &n);
  edit(&s, "行政许可3960181", "行政许可396 +19 181");
  edit(&s, "其他对外管理服务事项100153", "其他对外管理服务事项10 -1 53");
  edit(&s, "行政强制126025", "行政强制12 减4 25");
  edit(&s, "平潭综合实验区2019年度政府信息公开工作年度报告",
       "平潭综合实验区2022年度政府信息公开工作年度报告");
  gk_report *rep = read_ok(s);
  assert_string_equal(gk_template_name(gk_report_template(rep)), "2019");
  assert_int_equal(get(rep, "disclose", "license", "change"), 19 * S);
  assert_int_equal(get(rep, "disclose", "other_service", "change"), -1 * S);
  assert_int_equal(get(rep, "disclose", "coercion", "change"), -4 * S);
  assert_int_equal(get(rep, "disclose", "coercion", "decisions"), 25 * S);
  /* 13575394432.52元: projects and amount run together, named */
  const gk_finding *f = NULL;
  for (size_t i = 0; i < gk_report_finding_count(rep); i++) {
    const gk_finding *x = gk_report_finding(rep, i);
    if (!strcmp(gk_finding_rule(x), GK_RULE_AMBIGUOUS_CELLS) &&
        gk_finding_row(x) && !strcmp(gk_finding_row(x), "procurement"))
      f = x;
  }
  assert_non_null(f);
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_EN), "[135,"));
  assert_int_equal(get(rep, "apply", "new", "total"), 23 * S);
  assert_int_equal(gk_check_run(rep, GK_CHECK_ALL, NULL), GK_OK);
  assert_int_equal(count_rule(rep, GK_RULE_TEMPLATE_YEAR), 1);
  gk_report_free(rep);
  free(s);
}

/* An excerpt that stops inside table 三: what was read is kept, one
 * finding names what is missing. */
static void test_excerpt_cut_inside_table_three(void **st) {
  (void)st;
  char *s = page2021();
  char *cut = strstr(s, "（四）无法提供");
  assert_non_null(cut);
  *cut = '\0';
  gk_report *rep = read_ok(s);
  assert_int_equal(get(rep, "apply", "new", "total"), 70 * S);
  assert_int_equal(count_rule(rep, GK_RULE_TRUNCATED), 1);
  const gk_finding *f = find_rule(rep, GK_RULE_TRUNCATED);
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_ZH), "表四"));
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_ZH), "第六部分"));
  gk_report_free(rep);
  free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_one_line_page_reads_by_arithmetic),
      cmocka_unit_test(test_labels_as_people_type_them),
      cmocka_unit_test(test_other_processing_as_one_row),
      cmocka_unit_test(test_review_as_one_run),
      cmocka_unit_test(test_blank_marks_and_separators),
      cmocka_unit_test(test_page_break_with_header_repeated),
      cmocka_unit_test(test_page_number_after_a_row_on_one_line),
      cmocka_unit_test(test_old_format_signed_changes_and_glued_amount),
      cmocka_unit_test(test_excerpt_cut_inside_table_three),
      cmocka_unit_test(test_short_label_typo_pinned_by_order),
      cmocka_unit_test(test_short_label_typo_unpinned_is_missing),
      cmocka_unit_test(test_adjacent_short_typos_are_missing),
      cmocka_unit_test(test_cut_before_table_three_is_read),
      cmocka_unit_test(test_no_report_is_refused),
      cmocka_unit_test(test_label_wrapped_around_its_numbers),
      cmocka_unit_test(test_vanished_blank_cells_placed_by_the_sums),
      cmocka_unit_test(test_short_row_no_placement_is_row_cell_count),
      cmocka_unit_test(test_table_two_piece_beside_a_vanished_blank),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
