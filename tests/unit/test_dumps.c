/* test_dumps.c: web pages dumped as text without table borders, and rows
 * whose blank cells vanished (issue 10).
 *
 * tests/data/dumps/NNN_w3m.txt is `w3m -dump -T text/html` of the web
 * page LibreOffice makes of gongkai's .docx of seed NNN (as
 * tests/cli/page_text.py makes it): a fixed-width layout whose labels wrap
 * inside their column beside a group cell's pieces, blank cells left as
 * spaces. Each must read as its seed does, cell for cell. The other tests
 * edit a seed: blank cells deleted from a row that keeps two values, and
 * every cell printed as a paragraph of its own (lynx's dump of a table it
 * cannot lay out), a one-line page cut before section 二. */
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

static char *slurp(const char *rel) {
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
  return buf;
}

/* Replaces the first 'from' in '*s' by 'to'; the text must hold it. */
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

/* b reads as a does: agency, year, every cell's value and blank flag, and
 * no finding that a row could not be read. */
static void assert_same_cells(const gk_report *a, const gk_report *b) {
  assert_string_equal(gk_report_agency(a), gk_report_agency(b));
  assert_int_equal(gk_report_year(a), gk_report_year(b));
  const gk_template *tpl = gk_report_template(a);
  assert_ptr_equal(tpl, gk_report_template(b));
  for (size_t t = 0; t < gk_template_table_count(tpl); t++)
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
      for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++) {
        int64_t va = gk_report_cell(a, t, r, c),
                vb = gk_report_cell(b, t, r, c);
        unsigned fa = gk_report_cell_flags(a, t, r, c);
        unsigned fb = gk_report_cell_flags(b, t, r, c);
        if (va != vb || (fa & GK_CELL_BLANK) != (fb & GK_CELL_BLANK))
          fprintf(stderr, "%s.%s.%s: %lld (flags %x), want %lld (%x)\n",
                  gk_template_table_id(tpl, t), gk_template_row_id(tpl, t, r),
                  gk_template_col_id(tpl, t, r, c), (long long)vb, fb,
                  (long long)va, fa);
        assert_int_equal(va, vb);
        assert_int_equal(fa & GK_CELL_BLANK, fb & GK_CELL_BLANK);
      }
  assert_int_equal(count_rule(b, GK_RULE_MISSING_ROW), 0);
  assert_int_equal(count_rule(b, GK_RULE_ROW_CELLS), 0);
  assert_int_equal(count_rule(b, GK_RULE_AMBIGUOUS_CELLS),
                   count_rule(a, GK_RULE_AMBIGUOUS_CELLS));
}

static void assert_dump_reads_as_seed(const char *seed, char *dump) {
  char *s = slurp(seed);
  gk_report *a = read_ok(s);
  gk_report *b = read_ok(dump);
  assert_same_cells(a, b);
  gk_report_free(a);
  gk_report_free(b);
  free(s);
}

/* Deletes the blank lines of table 三's body (from its first row to its
 * last): rows printed with no blank line between them. */
static void tighten(char *s) {
  char *a = strstr(s, "一、本年新收");
  char *b = a ? strstr(a, "四、结转下年度") : NULL;
  assert_non_null(b);
  char *o = a;
  for (char *p = a; *p;) {
    char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
    bool blank = true;
    for (size_t i = 0; i < n; i++)
      blank = blank && (p[i] == ' ' || p[i] == '\n');
    if (!(blank && p < b)) {
      memmove(o, p, n);
      o += n;
    }
    p += n;
  }
  *o = '\0';
}

/* A 2021 report's dump: 三、本年度办理结果 and （四）无法提供 wrap beside
 * 2.没有现成信息需要 / 另行制作; the review table's header wraps too (结果
 * / 维持). Read by lines, 2. and 3. of （四） were missing rows. */
static void test_w3m_dump_without_borders_reads_as_its_seed(void **st) {
  (void)st;
  char *d = slurp("tests/data/dumps/002_w3m.txt");
  assert_dump_reads_as_seed("tests/data/seeds/002_1940b8663137bb43.txt", d);
  free(d);
}

/* A 2019 report's dump whose row （一）予以公开 has blank cells: w3m
 * leaves spaces where they were, so the columns place the two values and
 * the five blanks. */
static void test_w3m_dump_blank_cells_kept_by_their_columns(void **st) {
  (void)st;
  char *d = slurp("tests/data/dumps/000_w3m.txt");
  assert_dump_reads_as_seed("tests/data/seeds/000_7a7af06b78520d01.txt", d);
  free(d);
}

/* The same dumps with no blank line between rows: a wrapped label's
 * pieces go to the row whose columns they share; a piece opening with a
 * numbering (5.要求行政机关确认 above its numbers) starts the row below. */
static void test_w3m_dump_rows_without_blank_lines(void **st) {
  (void)st;
  char *d = slurp("tests/data/dumps/002_w3m.txt");
  tighten(d);
  assert_dump_reads_as_seed("tests/data/seeds/002_1940b8663137bb43.txt", d);
  free(d);
  d = slurp("tests/data/dumps/000_w3m.txt");
  tighten(d);
  assert_dump_reads_as_seed("tests/data/seeds/000_7a7af06b78520d01.txt", d);
  free(d);
}

/* Seed 0's row （一）予以公开 is 1, five blank cells, 1. Its blank cells
 * deleted leave two separate values: 1 and 1. */
static const char granted_blanks[] = "\t\xc2\xa0"
                                     "1\n\t\xc2\xa0\n\t\xc2\xa0\n"
                                     "\t\xc2\xa0\n\t\xc2\xa0\n\t\xc2\xa0\n"
                                     "\t\xc2\xa0"
                                     "1\n";
static const char *const cols[] = {
    "natural", "business", "research", "nonprofit", "legal", "other", "total"};

/* With the seed's sums whole (its 总计·总计 printed 0 where they give 3:
 * mended here), the row sum and the column sums place the values: one
 * recovered-cells finding giving them. Read before as row-cell-count. */
static void test_vanished_blanks_beside_separate_values_placed(void **st) {
  (void)st;
  char *s = slurp("tests/data/seeds/000_7a7af06b78520d01.txt");
  edit(&s, "\t（七）总计\n\t3\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n",
       "\t（七）总计\n\t3\n\t0\n\t0\n\t0\n\t0\n\t0\n\t3\n");
  edit(&s, granted_blanks, "\t1\n\t1\n");
  gk_report *rep = read_ok(s);
  assert_int_equal(count_rule(rep, GK_RULE_ROW_CELLS), 0);
  assert_int_equal(count_rule(rep, GK_RULE_AMBIGUOUS_CELLS), 0);
  for (int c = 0; c < 7; c++)
    assert_int_equal(get(rep, "apply", "granted", cols[c]),
                     (c == 0 || c == 6) ? S : 0);
  assert_int_equal(count_rule(rep, GK_RULE_RECOVERED_CELLS), 1);
  const gk_finding *f = find_rule(rep, GK_RULE_RECOVERED_CELLS);
  assert_string_equal(gk_finding_row(f), "granted");
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_EN), "blank cells"));
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_EN), "[1,0,0,0,0,0,1]"));
  gk_report_free(rep);
  free(s);
}

/* Where the table breaks the sums that would decide (the seed as it is:
 * 总计·总计 printed 0), several placements remain: an error names the row
 * and the placements, and the cells say they are a guess. */
static void test_vanished_blanks_several_placements_named(void **st) {
  (void)st;
  char *s = slurp("tests/data/seeds/000_7a7af06b78520d01.txt");
  edit(&s, granted_blanks, "\t1\n\t1\n");
  gk_report *rep = read_ok(s);
  const gk_finding *f = find_rule(rep, GK_RULE_AMBIGUOUS_CELLS);
  assert_non_null(f);
  assert_string_equal(gk_finding_row(f), "granted");
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_EN), "6 placements"));
  size_t ti, ri, ci;
  assert_int_equal(gk_template_find(gk_report_template(rep), "apply", "granted",
                                    "natural", &ti, &ri, &ci),
                   GK_OK);
  assert_true(gk_report_cell_flags(rep, ti, ri, ci) & GK_CELL_AMBIGUOUS);
  assert_int_equal(count_rule(rep, GK_RULE_RECOVERED_CELLS), 0);
  gk_report_free(rep);
  free(s);
}

/* Values no placement sums (1 and 2: the total is not the sum): the row
 * as it was, named by row-cell-count with its two values. */
static void test_vanished_blanks_no_placement_is_row_cell_count(void **st) {
  (void)st;
  char *s = slurp("tests/data/seeds/000_7a7af06b78520d01.txt");
  edit(&s, granted_blanks, "\t1\n\t2\n");
  gk_report *rep = read_ok(s);
  const gk_finding *f = find_rule(rep, GK_RULE_ROW_CELLS);
  assert_non_null(f);
  assert_string_equal(gk_finding_row(f), "granted");
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_EN), "has 2 values"));
  assert_int_equal(get(rep, "apply", "granted", "natural"), 1 * S);
  assert_int_equal(get(rep, "apply", "granted", "business"), 2 * S);
  assert_int_equal(count_rule(rep, GK_RULE_RECOVERED_CELLS), 0);
  gk_report_free(rep);
  free(s);
}

/* Seed 4's row （一）予以公开 is 6, five 0s, 6; one 0 gone leaves six
 * values for seven cells. The 0s placed in either of two cells read
 * alike: two readings, not six, and the column sums keep one. (Counted as
 * six, the row was ambiguous and a reading of the stream took the next
 * row's empty group cell as its total: 6 in 其他, silently.) */
static void test_vanished_zero_placements_counted_once(void **st) {
  (void)st;
  char *s = slurp("tests/data/seeds/004_3bfaa367c900be67.txt");
  edit(&s, "\t（一）予以公开\n\t6\n\t0\n\t0\n\t0\n\t0\n\t0\n\t6\n",
       "\t（一）予以公开\n\t6\n\t0\n\t0\n\t0\n\t0\n\t6\n");
  gk_report *rep = read_ok(s);
  for (int c = 0; c < 7; c++)
    assert_int_equal(get(rep, "apply", "granted", cols[c]),
                     (c == 0 || c == 6) ? 6 * S : 0);
  assert_int_equal(count_rule(rep, GK_RULE_AMBIGUOUS_CELLS), 0);
  const gk_finding *f = find_rule(rep, GK_RULE_RECOVERED_CELLS);
  assert_non_null(f);
  assert_string_equal(gk_finding_row(f), "granted");
  gk_report_free(rep);
  free(s);
}

/* Every cell of seed 0 (its sums mended) a paragraph of its own, blank
 * lines between, blank cells printing nothing (lynx prints a table it
 * cannot lay out so): a value after a blank line still belongs to the row
 * above, and the rows left with two values are placed by the sums. Read
 * before as rows of one value each (row-cell-count on every row). */
static void test_every_cell_a_paragraph(void **st) {
  (void)st;
  char *s = slurp("tests/data/seeds/000_7a7af06b78520d01.txt");
  edit(&s, "\t（七）总计\n\t3\n\t0\n\t0\n\t0\n\t0\n\t0\n\t0\n",
       "\t（七）总计\n\t3\n\t0\n\t0\n\t0\n\t0\n\t0\n\t3\n");
  size_t n = strlen(s);
  char *d = malloc(2 * n + 1);
  assert_non_null(d);
  size_t o = 0;
  for (char *p = s; *p;) {
    char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    size_t a = 0;
    while (a < len && (p[a] == '\t' || p[a] == ' ' ||
                       (a + 1 < len && !memcmp(p + a, "\xc2\xa0", 2))))
      a += p[a] == '\t' || p[a] == ' ' ? 1 : 2;
    if (a < len) {
      memcpy(d + o, p + a, len - a);
      o += len - a;
      d[o++] = '\n';
      d[o++] = '\n';
    }
    p += len + (nl ? 1 : 0);
  }
  d[o] = '\0';
  gk_report *a = read_ok(s);
  gk_report *b = read_ok(d);
  const gk_template *tpl = gk_report_template(a);
  for (size_t t = 0; t < gk_template_table_count(tpl); t++)
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
      for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++)
        assert_int_equal(gk_report_cell(a, t, r, c),
                         gk_report_cell(b, t, r, c));
  assert_int_equal(count_rule(b, GK_RULE_ROW_CELLS), 0);
  assert_int_equal(count_rule(b, GK_RULE_MISSING_ROW), 0);
  assert_int_equal(count_rule(b, GK_RULE_AMBIGUOUS_CELLS), 0);
  assert_int_equal(count_rule(b, GK_RULE_RECOVERED_CELLS), 2);
  gk_report_free(a);
  gk_report_free(b);
  free(d);
  free(s);
}

/* A page on one line cut before section 二 (an excerpt): the narrative's
 * 共收到70件申请…1件结转下年度继续办理 holds labels of table 三 with numbers,
 * which were read as its rows (row-cell-count, 25 missing-row, then the
 * checker's sums on them). Outside its own section a table anchored by
 * fewer than half its rows is missing, and the truncation says so (the
 * checker then names the missing tables). */
static void test_excerpt_before_section_two_reads_no_table(void **st) {
  (void)st;
  static const char *const texts[] = {
      "tests/data/corpus/pingtan_2021.txt",
      "tests/data/seeds/001_eb4955ec489c8a4e.txt"};
  for (size_t i = 0; i < 2; i++) {
    char *s = slurp(texts[i]);
    char *o = s;
    for (char *p = s; *p; p++)
      if (*p != '\n' && *p != '\r')
        *o++ = *p;
    *o = '\0';
    char *cut = strstr(s, "二、主动公开");
    assert_non_null(cut);
    *cut = '\0';
    gk_report *rep = read_ok(s);
    assert_int_equal(count_rule(rep, GK_RULE_ROW_CELLS), 0);
    assert_int_equal(count_rule(rep, GK_RULE_MISSING_ROW), 0);
    assert_int_equal(count_rule(rep, GK_RULE_TRUNCATED), 1);
    const char *m =
        gk_finding_message(find_rule(rep, GK_RULE_TRUNCATED), GK_LANG_EN);
    assert_non_null(strstr(m, "no table 3"));
    assert_non_null(strstr(m, "table 2, table 3, table 4"));
    gk_report_free(rep);
    free(s);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_w3m_dump_without_borders_reads_as_its_seed),
      cmocka_unit_test(test_w3m_dump_blank_cells_kept_by_their_columns),
      cmocka_unit_test(test_w3m_dump_rows_without_blank_lines),
      cmocka_unit_test(test_vanished_blanks_beside_separate_values_placed),
      cmocka_unit_test(test_vanished_blanks_several_placements_named),
      cmocka_unit_test(test_vanished_blanks_no_placement_is_row_cell_count),
      cmocka_unit_test(test_vanished_zero_placements_counted_once),
      cmocka_unit_test(test_every_cell_a_paragraph),
      cmocka_unit_test(test_excerpt_before_section_two_reads_no_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
