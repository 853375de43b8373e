/* test_read_text.c: gk_report_read_text on the five seeds (every number
 * checked against the files by eye), on variants built from them (other
 * cell layouts, encodings, typography) and on every failure status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "model/report.h"
#include "model/rules.h"
#include "read/text_internal.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S GK_SCALE

/* === Helpers === */

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

static const char *seed_path[] = {
    "tests/data/seeds/000_7a7af06b78520d01.txt",
    "tests/data/seeds/001_eb4955ec489c8a4e.txt",
    "tests/data/seeds/002_1940b8663137bb43.txt",
    "tests/data/seeds/003_f5d5ef7bb5443bb4.txt",
    "tests/data/seeds/004_3bfaa367c900be67.txt",
};

static gk_report *read_ok(const char *buf, size_t len) {
  gk_report *rep = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_report_read_text(&rep, buf, len, NULL, &err);
  if (st)
    fprintf(stderr, "read failed: %d line %lld: %s\n", (int)st,
            (long long)err.line, err.message_en);
  assert_int_equal(st, GK_OK);
  assert_non_null(rep);
  return rep;
}

static gk_report *read_seed(int i) {
  size_t len;
  char *buf = slurp(seed_path[i], &len);
  gk_report *rep = read_ok(buf, len);
  free(buf);
  return rep;
}

static int64_t get(const gk_report *rep, const char *t, const char *r,
                   const char *c) {
  int64_t v = -1;
  assert_int_equal(gk_report_get(rep, t, r, c, &v), GK_OK);
  return v;
}

static unsigned flags(const gk_report *rep, const char *t, const char *r,
                      const char *c) {
  size_t ti, ri, ci;
  assert_int_equal(
      gk_template_find(gk_report_template(rep), t, r, c, &ti, &ri, &ci), GK_OK);
  return gk_report_cell_flags(rep, ti, ri, ci);
}

static size_t count_rule(const gk_report *rep, const char *rule) {
  size_t n = 0;
  for (size_t i = 0; i < gk_report_finding_count(rep); i++)
    if (strcmp(gk_finding_rule(gk_report_finding(rep, i)), rule) == 0)
      n++;
  return n;
}

/* One expected non-zero or blank cell; every other cell must read 0 and
 * be present. */
typedef struct want {
  const char *t, *r, *c;
  int64_t v;     /* scaled */
  unsigned flag; /* GK_CELL_BLANK or 0 */
} want;

static void assert_cells(const gk_report *rep, const want *w, size_t nw) {
  const gk_template *tpl = gk_report_template(rep);
  for (size_t t = 0; t < gk_template_table_count(tpl); t++)
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
      for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++) {
        const char *ti = gk_template_table_id(tpl, t);
        const char *ri = gk_template_row_id(tpl, t, r);
        const char *ci = gk_template_col_id(tpl, t, r, c);
        int64_t v = 0;
        unsigned f = 0;
        for (size_t i = 0; i < nw; i++)
          if (!strcmp(w[i].t, ti) && !strcmp(w[i].r, ri) &&
              !strcmp(w[i].c, ci)) {
            v = w[i].v;
            f = w[i].flag;
          }
        unsigned got = gk_report_cell_flags(rep, t, r, c);
        if (gk_report_cell(rep, t, r, c) != v || !(got & GK_CELL_PRESENT) ||
            (got & GK_CELL_BLANK) != f)
          fprintf(stderr, "cell %s.%s.%s: %lld flags %x, want %lld\n", ti, ri,
                  ci, (long long)gk_report_cell(rep, t, r, c), got,
                  (long long)v);
        assert_int_equal(gk_report_cell(rep, t, r, c), v);
        assert_true(got & GK_CELL_PRESENT);
        assert_int_equal(got & GK_CELL_BLANK, f);
        assert_true(gk_report_cell_line(rep, t, r, c) > 0);
      }
}

static bool section_has(const gk_report *rep, int n, const char *needle) {
  size_t len;
  const char *s = gk_report_section(rep, n, &len);
  return s && strstr(s, needle);
}

/* === The label keys === */

static void test_key_table_holds_every_label_of_both_templates(void **st) {
  (void)st;
  struct gk__reader *rd = calloc(1, sizeof(*rd));
  assert_non_null(rd);
  gk__read_build_keys(rd);
  /* room to spare: add_key silently skips labels that do not fit */
  assert_true(rd->nkent + 64 < GK__KEY_MAX);
  assert_true(rd->kstore_len + 1024 < GK__KEY_STORE);
  char k[512];
  uint16_t hit[32];
  for (int ti = 0; ti < GK__NTPL; ti++) {
    const gk_template *tpl = gk__templates[ti];
    size_t rows = 0;
    for (size_t t = 0; t < GK_TABLES; t++) {
      rows += tpl->tables[t].nrows;
      for (size_t r = 0; r < tpl->tables[t].nrows; r++) {
        const char *label = tpl->tables[t].rows[r].label;
        size_t n = gk__read_key(label, strlen(label), k);
        size_t m = gk__read_lookup(rd, k, n, hit, 32);
        bool found = false;
        for (size_t i = 0; i < m; i++)
          found |= rd->kent[hit[i]].tpl == ti &&
                   rd->kent[hit[i]].kind == GK__K_ROW &&
                   rd->kent[hit[i]].t == t && rd->kent[hit[i]].r == r;
        assert_true(found);
      }
    }
    /* the reader keeps one flag per row in a fixed array */
    assert_true(rows <= sizeof(rd->row_read_store));
  }
  free(rd);
}

static void test_key_normalises_what_reports_vary(void **st) {
  (void)st;
  static const struct {
    const char *in, *key;
  } cases[] = {
      {"（二）部分公开（区分处理的，只记这一情形）",
       "(二)部分公开(区分处理的,只计这一情形)"},
      {"3.危及“三安全一稳定”", "3.危及三安全一稳定"},
      {"3.危及\"三安全一稳定\"", "3.危及三安全一稳定"},
      {"[bookmark: _GoBack]第二十条第（一）项", "第二十条第(一)项"},
      {" 本年新\n制作　数量\xc2\xa0", "本年新制作数量"},
      {"１２３４", "1234"},
      {"－233", "-233"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char k[256];
    size_t n = gk__read_key(cases[i].in, strlen(cases[i].in), k);
    k[n] = '\0';
    assert_string_equal(k, cases[i].key);
  }
  int v = 0;
  assert_int_equal(gk__read_numbering("(三)不予公开", 16, &v), 5);
  assert_int_equal(v, 3);
  assert_int_equal(gk__read_numbering("十二、x", 10, &v), 9);
  assert_int_equal(v, 12);
  assert_int_equal(gk__read_numbering("1.5", 3, &v), 0);
}

/* === Seeds === */

#define BLANK(t, r, c)                                                         \
  { t, r, c, 0, GK_CELL_BLANK }

static const want seed0[] = {
    {"disclose", "normative", "made", 1 * S, 0},
    {"disclose", "normative", "published", 1 * S, 0},
    {"disclose", "normative", "total", 1 * S, 0},
    {"apply", "new", "natural", 3 * S, 0},
    {"apply", "new", "total", 3 * S, 0},
    {"apply", "granted", "natural", 1 * S, 0},
    BLANK("apply", "granted", "business"),
    BLANK("apply", "granted", "research"),
    BLANK("apply", "granted", "nonprofit"),
    BLANK("apply", "granted", "legal"),
    BLANK("apply", "granted", "other"),
    {"apply", "granted", "total", 1 * S, 0},
    {"apply", "unable.not_held", "natural", 2 * S, 0},
    BLANK("apply", "unable.not_held", "business"),
    BLANK("apply", "unable.not_held", "research"),
    BLANK("apply", "unable.not_held", "nonprofit"),
    BLANK("apply", "unable.not_held", "legal"),
    BLANK("apply", "unable.not_held", "other"),
    {"apply", "unable.not_held", "total", 2 * S, 0},
    /* the document's 总计 row says natural 3, total 0: read as written */
    {"apply", "total", "natural", 3 * S, 0},
};

static void test_seed0_cells_read_as_written_with_blanks_warned(void **st) {
  (void)st;
  gk_report *rep = read_seed(0);
  assert_string_equal(gk_template_name(gk_report_template(rep)), "2019");
  assert_cells(rep, seed0, sizeof(seed0) / sizeof(seed0[0]));
  assert_int_equal(get(rep, "apply", "total", "total"), 0);
  assert_int_equal(count_rule(rep, GK_RULE_BLANK_CELL), 10);
  assert_int_equal(gk_report_finding_count(rep), 10);
  const gk_finding *f = gk_report_finding(rep, 0);
  assert_string_equal(gk_finding_table(f), "apply");
  assert_string_equal(gk_finding_row(f), "granted");
  assert_string_equal(gk_finding_col(f), "business");
  assert_int_equal(gk_finding_severity(f), GK_SEV_WARNING);
  assert_int_equal(gk_finding_reported(f, NULL), 0);
  assert_int_equal(gk_finding_line(f), 134);
  assert_int_equal(gk_report_cell_line(rep, GK_T_APPLY, 0, 0), 114);
  gk_report_free(rep);
}

static void test_seed0_metadata_and_sections(void **st) {
  (void)st;
  gk_report *rep = read_seed(0);
  assert_string_equal(gk_report_agency(rep), "满洲里市人民政府办公室");
  assert_int_equal(gk_report_year(rep), 2020);
  assert_int_equal(gk_report_date(rep), 20210125);
  assert_int_equal(rep->date_line, 417);
  assert_int_equal(gk_report_period_from(rep), 20200101);
  assert_int_equal(gk_report_period_to(rep), 20201231);
  assert_true(rep->period_stated);
  static const int64_t lines[] = {5, 20, 95, 357, 403, 413};
  for (int s = 0; s < 6; s++) {
    assert_int_equal(rep->section_line[s], lines[s]);
    assert_int_equal(rep->section_flags[s], GK_SECTION_FOUND);
  }
  for (int t = 0; t < GK_TABLES; t++)
    assert_true(rep->table_found[t]);
  assert_int_equal(rep->table_line[GK_T_DISCLOSE], 21);
  assert_true(section_has(rep, 1, "（一）主动公开情况"));
  assert_true(section_has(rep, 6, "无。"));
  assert_false(section_has(rep, 2, "bookmark"));
  assert_false(section_has(rep, 3, "自然人"));
  gk_report_free(rep);
}

static const want seed1[] = {
    {"disclose", "penalty", "prior", 18 * S, 0},
    {"disclose", "coercion", "prior", 1 * S, 0},
};

static void test_seed1_title_over_three_lines_and_no_date(void **st) {
  (void)st;
  gk_report *rep = read_seed(1);
  assert_string_equal(gk_template_name(gk_report_template(rep)), "2019");
  assert_cells(rep, seed1, 2);
  assert_int_equal(gk_report_finding_count(rep), 0);
  assert_string_equal(gk_report_agency(rep), "满洲里市统计局");
  assert_int_equal(gk_report_year(rep), 2020);
  assert_int_equal(gk_report_date(rep), 0);
  assert_false(rep->period_stated);
  assert_int_equal(gk_report_period_from(rep), 20200101);
  assert_int_equal(gk_report_period_to(rep), 20201231);
  for (int s = 0; s < 6; s++)
    assert_int_equal(rep->section_flags[s], GK_SECTION_FOUND);
  /* 1、主动公开 inside section 一 is a sub-heading, not section 二 */
  assert_int_equal(rep->section_line[1], 34);
  assert_true(section_has(rep, 1, "1、主动公开"));
  gk_report_free(rep);
}

static void test_seed2_2021_format_and_unnumbered_heading(void **st) {
  (void)st;
  gk_report *rep = read_seed(2);
  assert_string_equal(gk_template_name(gk_report_template(rep)), "2021");
  assert_cells(rep, NULL, 0);
  assert_int_equal(gk_report_finding_count(rep), 0);
  assert_string_equal(gk_report_agency(rep), "南区街道办事处");
  assert_int_equal(gk_report_year(rep), 2021);
  assert_int_equal(gk_report_date(rep), 20210114);
  assert_int_equal(rep->date_line, 450);
  assert_true(rep->period_stated);
  assert_int_equal(gk_report_period_to(rep), 20211231);
  assert_int_equal(rep->section_flags[1],
                   GK_SECTION_FOUND | GK_SECTION_UNNUMBERED);
  assert_int_equal(rep->section_line[1], 30);
  assert_int_equal(rep->section_flags[0], GK_SECTION_FOUND);
  /* an unnumbered sub-heading that is no section title stays text */
  assert_true(section_has(rep, 1, "政府信息公开平台建设"));
  gk_report_free(rep);
}

static const want seed3[] = {
    {"disclose", "procurement", "projects", 1 * S, 0},
    {"disclose", "procurement", "amount", 838200, 0},
};

static void test_seed3_amount_in_wanyuan_and_kept_table_text(void **st) {
  (void)st;
  gk_report *rep = read_seed(3);
  assert_string_equal(gk_template_name(gk_report_template(rep)), "2019");
  assert_cells(rep, seed3, 2);
  assert_int_equal(gk_report_finding_count(rep), 0);
  assert_string_equal(gk_report_agency(rep), "德惠市机关事务管理局");
  assert_int_equal(gk_report_year(rep), 2020);
  assert_int_equal(gk_report_date(rep), 20210118);
  assert_int_equal(rep->section_line[0], 4);
  assert_int_equal(rep->section_flags[0], GK_SECTION_FOUND);
  assert_int_equal(rep->section_line[4], 394);
  assert_true(section_has(rep, 2,
                          "2020年本行政区域（或本部门）政府信息公开发布总数量（"
                          "非新闻类、消息类）：15"));
  /* the page number 1 at the end is not text of section 六 */
  size_t len;
  const char *s6 = gk_report_section(rep, 6, &len);
  assert_non_null(s6);
  assert_true(len > 0 && s6[len - 1] != '1');
  gk_report_free(rep);
}

static const want seed4[] = {
    {"disclose", "normative", "total", 22 * S, 0},
    {"disclose", "license", "prior", 467 * S, 0},
    {"disclose", "license", "change", -233 * S, 0},
    {"disclose", "license", "decisions", 4448 * S, 0},
    {"disclose", "other_service", "prior", 106 * S, 0},
    {"disclose", "other_service", "change", -10 * S, 0},
    {"disclose", "penalty", "prior", 1594 * S, 0},
    {"disclose", "penalty", "change", 794 * S, 0},
    {"disclose", "penalty", "decisions", 52 * S, 0},
    {"disclose", "coercion", "prior", 87 * S, 0},
    {"disclose", "coercion", "change", 88 * S, 0},
    {"disclose", "fee", "prior", 11 * S, 0},
    {"disclose", "fee", "change", -7 * S, 0},
    {"disclose", "procurement", "projects", 118 * S, 0},
    {"disclose", "procurement", "amount", 13619 * S, 0},
    {"apply", "new", "natural", 7 * S, 0},
    {"apply", "new", "total", 7 * S, 0},
    {"apply", "granted", "natural", 6 * S, 0},
    {"apply", "granted", "total", 6 * S, 0},
    {"apply", "other", "natural", 1 * S, 0},
    {"apply", "other", "total", 1 * S, 0},
    {"apply", "total", "natural", 7 * S, 0},
    {"apply", "total", "total", 7 * S, 0},
};
#define NSEED4 (sizeof(seed4) / sizeof(seed4[0]))

static void test_seed4_signed_changes_and_only_ji_row(void **st) {
  (void)st;
  gk_report *rep = read_seed(4);
  assert_string_equal(gk_template_name(gk_report_template(rep)), "2019");
  assert_cells(rep, seed4, NSEED4);
  assert_int_equal(gk_report_finding_count(rep), 0);
  assert_string_equal(gk_report_agency(rep), "抚远市人民政府");
  assert_int_equal(gk_report_year(rep), 2020);
  assert_int_equal(gk_report_date(rep), 20210129);
  /* （二）部分公开（…只记这一情形…) is the partial row, line 131 */
  assert_int_equal(gk_report_cell_line(rep, GK_T_APPLY, 3, 0), 132);
  gk_report_free(rep);
}

/* === Variants: the same report written differently === */

static char *replace_all(const char *s, size_t n, const char *from,
                         const char *to, size_t *outlen) {
  size_t fl = strlen(from), tl = strlen(to), cap = n * 2 + 64, o = 0;
  char *out = malloc(cap);
  assert_non_null(out);
  for (size_t i = 0; i < n;) {
    if (n - i >= fl && memcmp(s + i, from, fl) == 0) {
      if (o + tl + 1 > cap) {
        cap = cap * 2 + tl;
        out = realloc(out, cap);
        assert_non_null(out);
      }
      memcpy(out + o, to, tl);
      o += tl;
      i += fl;
    } else {
      if (o + 2 > cap) {
        cap *= 2;
        out = realloc(out, cap);
        assert_non_null(out);
      }
      out[o++] = s[i++];
    }
  }
  out[o] = '\0';
  *outlen = o;
  return out;
}

/* Applies several replacements to a seed. */
static char *seed_with(int seed, const char *const *pairs, size_t *len) {
  char *buf = slurp(seed_path[seed], len);
  for (size_t i = 0; pairs[i]; i += 2) {
    char *next = replace_all(buf, *len, pairs[i], pairs[i + 1], len);
    free(buf);
    buf = next;
  }
  return buf;
}

static void assert_same_report(const gk_report *a, const gk_report *b,
                               bool same_text) {
  const gk_template *tpl = gk_report_template(a);
  assert_ptr_equal(tpl, gk_report_template(b));
  assert_string_equal(gk_report_agency(a), gk_report_agency(b));
  assert_int_equal(gk_report_year(a), gk_report_year(b));
  assert_int_equal(gk_report_date(a), gk_report_date(b));
  assert_int_equal(gk_report_period_from(a), gk_report_period_from(b));
  assert_int_equal(gk_report_period_to(a), gk_report_period_to(b));
  for (size_t t = 0; t < GK_TABLES; t++) {
    assert_int_equal(a->table_found[t], b->table_found[t]);
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
      for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++) {
        if (gk_report_cell(a, t, r, c) != gk_report_cell(b, t, r, c) ||
            gk_report_cell_flags(a, t, r, c) !=
                gk_report_cell_flags(b, t, r, c))
          fprintf(stderr, "differs: %s.%s.%s %lld/%x vs %lld/%x\n",
                  gk_template_table_id(tpl, t), gk_template_row_id(tpl, t, r),
                  gk_template_col_id(tpl, t, r, c),
                  (long long)gk_report_cell(a, t, r, c),
                  gk_report_cell_flags(a, t, r, c),
                  (long long)gk_report_cell(b, t, r, c),
                  gk_report_cell_flags(b, t, r, c));
        assert_int_equal(gk_report_cell(a, t, r, c),
                         gk_report_cell(b, t, r, c));
        assert_int_equal(gk_report_cell_flags(a, t, r, c),
                         gk_report_cell_flags(b, t, r, c));
      }
  }
  for (int s = 0; s < GK_SECTIONS; s++) {
    assert_int_equal(a->section_flags[s], b->section_flags[s]);
    size_t la, lb;
    const char *sa = gk_report_section(a, s + 1, &la);
    const char *sb = gk_report_section(b, s + 1, &lb);
    if (!same_text)
      continue;
    if (la != lb || (la && memcmp(sa, sb, la)))
      fprintf(stderr, "section %d differs:\n[%s]\n---\n[%s]\n", s + 1, sa, sb);
    assert_int_equal(la, lb);
    if (la)
      assert_memory_equal(sa, sb, la);
  }
  assert_int_equal(gk_report_finding_count(a), gk_report_finding_count(b));
  for (size_t i = 0; i < gk_report_finding_count(a); i++)
    assert_string_equal(gk_finding_rule(gk_report_finding(a, i)),
                        gk_finding_rule(gk_report_finding(b, i)));
}

/* The variant reads to the same report as the seed, section texts
 * included unless the variant rewrites the narrative too. */
static void assert_variant_text(int seed, const char *buf, size_t len,
                                bool same_text) {
  gk_report *a = read_seed(seed);
  gk_report *b = read_ok(buf, len);
  assert_same_report(a, b, same_text);
  gk_report_free(a);
  gk_report_free(b);
}

static void assert_variant(int seed, const char *buf, size_t len) {
  assert_variant_text(seed, buf, len, true);
}

/* L_MD_WRAPPED: markdown rows wrapped right after the label's pipe, the
 * values on the next line without an opening pipe; L_MD_WRAPPED_BEFORE:
 * wrapped just before the row's md_cut-th pipe (the closing one when the
 * row has fewer), the rest opening a line of its own with that pipe */
enum layout {
  L_TABS,
  L_SPACES,
  L_MARKDOWN,
  L_CELL_LINES,
  L_MD_WRAPPED,
  L_MD_WRAPPED_BEFORE
};
static size_t md_cut = 2;

static void out_add(char **out, size_t *o, size_t *cap, const char *s,
                    size_t n) {
  if (*o + n + 1 > *cap) {
    *cap = (*o + n + 1) * 2;
    *out = realloc(*out, *cap);
    assert_non_null(*out);
  }
  memcpy(*out + *o, s, n);
  *o += n;
  (*out)[*o] = '\0';
}

/* Trims ASCII blanks, NBSP and U+3000 (as the cells a web page shows). */
static const char *trim(const char *s, size_t *n) {
  for (;;) {
    if (*n && (s[0] == ' ' || s[0] == '\t')) {
      s++, (*n)--;
    } else if (*n >= 2 && !memcmp(s, "\xc2\xa0", 2)) {
      s += 2, *n -= 2;
    } else if (*n >= 3 && !memcmp(s, "\xe3\x80\x80", 3)) {
      s += 3, *n -= 3;
    } else if (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t')) {
      (*n)--;
    } else if (*n >= 2 && !memcmp(s + *n - 2, "\xc2\xa0", 2)) {
      *n -= 2;
    } else if (*n >= 3 && !memcmp(s + *n - 3, "\xe3\x80\x80", 3)) {
      *n -= 3;
    } else {
      return s;
    }
  }
}

/* Rewrites Tika's one-cell-a-line tables in another layout: a row per
 * line (tabs, space runs, markdown pipes) or one cell a line without
 * tabs or blank lines (a cell's second line stays a line of its own). */
static char *relayout(const char *s, size_t n, enum layout lay,
                      size_t *outlen) {
  char *out = NULL;
  size_t o = 0, cap = 0;
  char row[8192];
  size_t rl = 0, ncells = 0;
  bool in_row = false, prev_tab = false, md_sep = false;
  bool md =
      lay == L_MARKDOWN || lay == L_MD_WRAPPED || lay == L_MD_WRAPPED_BEFORE;
  out_add(&out, &o, &cap, "", 0);
  for (size_t i = 0; i <= n;) {
    const char *e = memchr(s + i, '\n', n - i);
    size_t l = e ? (size_t)(e - (s + i)) : n - i;
    const char *line = s + i;
    bool tab = l && line[0] == '\t';
    bool blank = !l;
    if (tab) {
      size_t cl = l - 1;
      const char *c = trim(line + 1, &cl);
      bool keep = cl || lay == L_TABS || md;
      if (keep) {
        if (lay == L_CELL_LINES) {
          out_add(&out, &o, &cap, c, cl);
          out_add(&out, &o, &cap, "\n", 1);
        } else {
          const char *sep = lay == L_TABS     ? "\t"
                            : lay == L_SPACES ? "  "
                                              : " | ";
          if (ncells)
            memcpy(row + rl, sep, strlen(sep)), rl += strlen(sep);
          memcpy(row + rl, c, cl);
          rl += cl;
          ncells++;
        }
      }
      in_row = true;
    } else if (!blank && prev_tab) {
      /* Tika continuation: the cell's next paragraph */
      if (lay == L_CELL_LINES) {
        out_add(&out, &o, &cap, line, l);
        out_add(&out, &o, &cap, "\n", 1);
      } else {
        memcpy(row + rl, line, l);
        rl += l;
      }
      tab = true;
    } else {
      if (in_row) {
        if (md)
          out_add(&out, &o, &cap, "| ", 2);
        const char *cut =
            lay == L_MD_WRAPPED && md_sep ? memchr(row, '|', rl) : NULL;
        size_t at = cut ? (size_t)(cut - row) + 1 : 0;
        out_add(&out, &o, &cap, row, at);
        if (cut)
          out_add(&out, &o, &cap, "\n", 1);
        if (lay == L_MD_WRAPPED_BEFORE && md_sep) {
          /* the row's md_cut-th pipe, counting the opening one */
          size_t k = 1, b = rl;
          for (size_t j = 0; j < rl && k < md_cut; j++)
            if (row[j] == '|' && ++k == md_cut)
              b = j;
          out_add(&out, &o, &cap, row, b);
          out_add(&out, &o, &cap, "\n", 1);
          out_add(&out, &o, &cap, row + b, rl - b);
        } else {
          out_add(&out, &o, &cap, row + at, rl - at);
        }
        if (md)
          out_add(&out, &o, &cap, " |", 2);
        if (lay != L_CELL_LINES && (rl || md))
          out_add(&out, &o, &cap, "\n", 1);
        if (md && !md_sep) {
          out_add(&out, &o, &cap, "|---|---|\n", 10);
          md_sep = true;
        }
        rl = ncells = 0;
        in_row = false;
      }
      if (!blank || lay != L_CELL_LINES) {
        out_add(&out, &o, &cap, line, l);
        if (e)
          out_add(&out, &o, &cap, "\n", 1);
      }
      if (!blank)
        md_sep = false;
    }
    prev_tab = tab;
    if (!e)
      break;
    i += l + 1;
  }
  *outlen = o;
  return out;
}

static void check_layout(int seed, enum layout lay) {
  size_t len, vlen;
  char *buf = slurp(seed_path[seed], &len);
  char *v = relayout(buf, len, lay, &vlen);
  assert_variant(seed, v, vlen);
  free(v);
  free(buf);
}

static void test_markdown_headings_and_remarks_after_titles(void **st) {
  (void)st;
  static const char *const p[] = {"满洲里市人民政府办公室\n",
                                  "# 满洲里市人民政府办公室\n",
                                  "一、信息公开工作总体情况",
                                  "## 一、信息公开工作总体情况",
                                  "二、主动公开政府信息情况",
                                  "**二、主动公开政府信息情况**",
                                  "六、其他需要报告的事项",
                                  "六、其他需要报告的事项（无）",
                                  NULL};
  size_t len;
  char *buf = seed_with(0, p, &len);
  gk_report *rep = read_ok(buf, len);
  free(buf);
  assert_string_equal(gk_report_agency(rep), "满洲里市人民政府办公室");
  for (int s = 0; s < 6; s++)
    assert_int_equal(rep->section_flags[s], GK_SECTION_FOUND);
  assert_int_equal(rep->section_line[5], 413);
  gk_report_free(rep);
}

static void test_sentence_with_a_row_label_stays_text(void **st) {
  (void)st;
  static const char *const p[] = {"二、主动公开政府信息情况\n",
                                  "二、主动公开政府信息情况\n规章 0 件\n",
                                  NULL};
  size_t len;
  char *buf = seed_with(0, p, &len);
  gk_report *rep = read_ok(buf, len);
  free(buf);
  assert_int_equal(gk_report_finding_count(rep), 10); /* the blank cells */
  assert_true(section_has(rep, 2, "规章 0 件"));
  assert_int_equal(gk_report_cell_line(rep, GK_T_DISCLOSE, 0, 0), 32);
  gk_report_free(rep);
}

static void test_stray_header_word_after_table_four_reads_nothing(void **st) {
  (void)st;
  static const char *const p[] = {"（一）存在的主要问题\n",
                                  "（一）存在的主要问题\n总计\n5\n", NULL};
  size_t len;
  char *buf = seed_with(0, p, &len);
  gk_report *rep = read_ok(buf, len);
  free(buf);
  assert_cells(rep, seed0, sizeof(seed0) / sizeof(seed0[0]));
  assert_int_equal(gk_report_finding_count(rep), 10);
  gk_report_free(rep);
}

static void test_tabs_per_row_reads_like_tika(void **st) {
  (void)st;
  check_layout(0, L_TABS);
  check_layout(4, L_TABS);
}

static void test_space_runs_read_like_tika(void **st) {
  (void)st;
  check_layout(4, L_SPACES);
  check_layout(2, L_SPACES);
}

static void test_markdown_pipes_read_like_tika(void **st) {
  (void)st;
  check_layout(0, L_MARKDOWN);
  check_layout(4, L_MARKDOWN);
}

/* Markdown as a converter (pandoc) writes a table with merged cells: the
 * merged columns stay as empty cells, here two after each labelled row's
 * first cell and two at its end; emphasis around some cells. */
static char *md_merged_cells(const char *s, size_t n, size_t *outlen) {
  char *out = NULL;
  size_t o = 0, cap = 0;
  for (size_t i = 0; i < n;) {
    const char *e = memchr(s + i, '\n', n - i);
    size_t l = e ? (size_t)(e - (s + i)) : n - i;
    const char *line = s + i;
    const char *second =
        l && line[0] == '|' ? memchr(line + 1, '|', l - 1) : NULL;
    size_t lead = l ? strspn(line + 1, " ") + 1 : 0;
    bool values = lead < l && line[lead] >= '0' && line[lead] <= '9';
    /* a row of values only (table 四's) has no label cell to merge */
    if (second && line[l - 1] == '|' && !values) {
      bool sep = strspn(line, "|-: ") == l;
      const char *add = sep ? "---|---|" : "  |  |";
      size_t cut = (size_t)(second - line) + 1;
      out_add(&out, &o, &cap, line, cut);
      out_add(&out, &o, &cap, add, strlen(add));
      out_add(&out, &o, &cap, line + cut, l - cut);
      out_add(&out, &o, &cap, add, strlen(add));
    } else {
      out_add(&out, &o, &cap, line, l);
    }
    if (e)
      out_add(&out, &o, &cap, "\n", 1);
    i += l + 1;
  }
  char *bold = replace_all(out, o, "| 行政复议 |", "| **行政复议** |", outlen);
  free(out);
  return bold;
}

static void test_markdown_merged_cells_are_no_values(void **st) {
  (void)st;
  for (int seed = 0; seed < 5; seed += 4) {
    size_t len, mlen, vlen;
    char *buf = slurp(seed_path[seed], &len);
    char *md = relayout(buf, len, L_MARKDOWN, &mlen);
    char *v = md_merged_cells(md, mlen, &vlen);
    assert_non_null(strstr(v, "  |  |"));
    assert_variant(seed, v, vlen);
    free(v);
    free(md);
    free(buf);
  }
}

/* A crawler's text of a web page keeps the page source's indentation:
 * every cell on a line of its own, led by tabs, between lines of tabs
 * only. It reads as the same cells one a line. */
static void test_page_source_indentation_is_no_cells(void **st) {
  (void)st;
  size_t len, clen;
  char *buf = slurp(seed_path[4], &len);
  char *lines = relayout(buf, len, L_CELL_LINES, &clen);
  char *out = NULL;
  size_t o = 0, cap = 0;
  for (size_t i = 0; i < clen;) {
    const char *e = memchr(lines + i, '\n', clen - i);
    size_t l = e ? (size_t)(e - (lines + i)) : clen - i;
    out_add(&out, &o, &cap, "\t\t\t\t", 4);
    out_add(&out, &o, &cap, lines + i, l);
    out_add(&out, &o, &cap, "\n\t\t\t\n\t\t\n", 7);
    i += l + 1;
  }
  gk_report *a = read_ok(lines, clen);
  gk_report *b = read_ok(out, o);
  assert_same_report(a, b, false);
  assert_string_equal(gk_report_agency(b), "抚远市人民政府");
  gk_report_free(a);
  gk_report_free(b);
  free(out);
  free(lines);
  free(buf);
}

/* A crawler that puts every run of a page's text on a line of its own
 * splits the date into its parts, and cuts the title with tabs. */
static void test_date_in_runs_and_title_cut_by_tabs(void **st) {
  (void)st;
  static const char *const p[] = {
      "抚远市人民政府2020年政府信息\n公开工作年度报告",
      "抚远市人民政府\t2020\t年政府信息公开工作年度报告", "2021年1月29日",
      "2021\n年\n1\n月\n29\n日", NULL};
  size_t len;
  char *buf = seed_with(4, p, &len);
  assert_non_null(strstr(buf, "\t2020\t"));
  gk_report *rep = read_ok(buf, len);
  free(buf);
  assert_string_equal(gk_report_agency(rep), "抚远市人民政府");
  assert_int_equal(gk_report_year(rep), 2020);
  assert_int_equal(gk_report_date(rep), 20210129);
  gk_report_free(rep);
}

/* A markdown row wrapped right after a pipe (a narrow editor, a mail):
 * the values on the next line are the row's, never glued digits. */
/* Collects a writer's output. */
static int to_mem(const char *data, size_t len, void *ud) {
  char **acc = ud;
  size_t o = *acc ? strlen(*acc) : 0;
  char *n = realloc(*acc, o + len + 1);
  if (!n)
    return 1;
  memcpy(n + o, data, len);
  n[o + len] = '\0';
  *acc = n;
  return 0;
}

/* The markdown writer's tables (alignment marks |---:|, the review table
 * a header row, then its values) joined into one line (the stream
 * reading): the marks are layout, not text ending the review table. */
static void test_markdown_alignment_marks_on_one_line(void **st) {
  (void)st;
  for (int seed = 0; seed < 5; seed++) {
    gk_report *a = read_seed(seed);
    char *md = NULL;
    assert_int_equal(gk_write_md(a, GK_LANG_ZH, to_mem, &md, NULL), GK_OK);
    size_t len = strlen(md);
    for (size_t i = 0; i < len; i++)
      if (md[i] == '\n')
        md[i] = ' ';
    gk_report *b = read_ok(md, len);
    const gk_template *tpl = gk_report_template(a);
    assert_ptr_equal(tpl, gk_report_template(b));
    for (size_t t = 0; t < GK_TABLES; t++) {
      assert_int_equal(a->table_found[t], b->table_found[t]);
      for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
        for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++)
          assert_int_equal(gk_report_cell(a, t, r, c),
                           gk_report_cell(b, t, r, c));
    }
    gk_report_free(a);
    gk_report_free(b);
    free(md);
  }
}

static void test_markdown_row_wrapped_after_a_pipe(void **st) {
  (void)st;
  for (int seed = 0; seed < 5; seed++)
    check_layout(seed, L_MD_WRAPPED);
}

/* A markdown row wrapped just before a pipe (| 行政许可 | 467 then
 * | -233 | 4448 |): the rest opens a line as a row would, and had been
 * read as a row of its own, the first part as the whole row, silently. */
static void test_markdown_row_wrapped_before_a_pipe(void **st) {
  (void)st;
  for (md_cut = 2; md_cut <= 4; md_cut++)
    for (int seed = 0; seed < 5; seed++)
      check_layout(seed, L_MD_WRAPPED_BEFORE);
  md_cut = 2;
}

static void test_one_cell_per_line_joins_broken_labels(void **st) {
  (void)st;
  check_layout(4, L_CELL_LINES);
  check_layout(2, L_CELL_LINES);
}

static void test_single_spaces_between_numbers(void **st) {
  (void)st;
  static const char *const p[] = {"\t行政许可\n\t467\n\t-233\n\t4448\n",
                                  "行政许可 467 -233 4448\n",
                                  "\t政府集中采购\n\t118\n\t13619万元\n",
                                  "政府集中采购 118 13619万元\n", NULL};
  size_t len;
  char *buf = seed_with(4, p, &len);
  assert_variant(4, buf, len);
  free(buf);
}

static char *convert(const char *to, const char *s, size_t n, size_t *outlen,
                     const char *prefix, size_t plen) {
  iconv_t cd = iconv_open(to, "UTF-8");
  assert_true(cd != (iconv_t)-1);
  size_t cap = n * 4 + 16;
  char *out = malloc(cap);
  assert_non_null(out);
  memcpy(out, prefix, plen);
  char *in = (char *)(uintptr_t)s, *o = out + plen;
  size_t inleft = n, outleft = cap - plen;
  assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
  iconv_close(cd);
  *outlen = (size_t)(o - out);
  return out;
}

static void test_gb18030_is_detected_and_converted(void **st) {
  (void)st;
  for (int seed = 0; seed < 5; seed++) {
    size_t len, glen;
    char *buf = slurp(seed_path[seed], &len);
    char *g = convert("GB18030", buf, len, &glen, "", 0);
    assert_variant(seed, g, glen);
    free(g);
    free(buf);
  }
}

/* A grid table (rst, box drawing) whose last band ends in a lone \r and
 * no \n: the band's line loop advanced by the trimmed length and stood
 * still on the \r, pushing lines until memory ran out (fuzz_text). */
static void test_grid_band_ending_in_a_lone_cr_ends(void **st) {
  (void)st;
  static const char text[] = "+------+------+\n| 一   | 1    |\n"
                             "+------+------+\n| 二   | 2    |\r";
  gk_report *rep = NULL;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(gk_report_read_text(&rep, text, sizeof(text) - 1, NULL, &e),
                   GK_E_NOT_REPORT);
  assert_null(rep);
}

/* A file cut inside its last character (a download or a copy cut at a
 * byte) reads as far as it goes, in every encoding; never "not UTF-8 nor
 * GB18030". */
static void test_last_character_cut_reads_the_rest(void **st) {
  (void)st;
  static const struct {
    const char *enc, *bom;
    size_t bomlen;
  } encs[] = {{"UTF-8", "", 0},
              {"GB18030", "", 0},
              {"UTF-16LE", "\xff\xfe", 2},
              {"UTF-16BE", "\xfe\xff", 2}};
  for (int seed = 0; seed < 5; seed += 2) {
    size_t len, elen;
    char *buf = slurp(seed_path[seed], &len);
    char *more = malloc(len + 8);
    memcpy(more, buf, len);
    memcpy(more + len, "\n报告", 7); /* ends in a multi-byte character */
    for (size_t e = 0; e < sizeof(encs) / sizeof(encs[0]); e++) {
      char *t = convert(encs[e].enc, more, len + 7, &elen, encs[e].bom,
                        encs[e].bomlen);
      assert_variant_text(seed, t, elen - 1, false);
      free(t);
    }
    free(more);
    free(buf);
  }
}

/* Two reports glued into one file (saved pages appended, a crawl's
 * output): the first is read as it reads alone, and one finding says on
 * which line the second starts (its title's); never cells of both mixed. */
static void test_glued_reports_read_the_first_and_say_so(void **st) {
  (void)st;
  for (int seed = 0; seed < 5; seed++) {
    size_t la, lb;
    char *a = slurp(seed_path[seed], &la);
    char *b = slurp(seed_path[(seed + 1) % 5], &lb);
    {
      char *g = malloc(la + lb + 2);
      memcpy(g, a, la);
      size_t n = la;
      if (n && g[n - 1] != '\n')
        g[n++] = '\n';
      int64_t second = 1;
      for (size_t i = 0; i < n; i++)
        second += g[i] == '\n';
      memcpy(g + n, b, lb);
      n += lb;
      gk_report *ra = read_seed(seed), *rg = read_ok(g, n);
      const gk_template *tpl = gk_report_template(ra);
      assert_ptr_equal(tpl, gk_report_template(rg));
      assert_string_equal(gk_report_agency(ra), gk_report_agency(rg));
      assert_int_equal(gk_report_year(ra), gk_report_year(rg));
      for (size_t t = 0; t < GK_TABLES; t++)
        for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
          for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++)
            assert_int_equal(gk_report_cell(ra, t, r, c),
                             gk_report_cell(rg, t, r, c));
      assert_int_equal(count_rule(rg, GK_RULE_GLUED), 1);
      for (size_t i = 0; i < gk_report_finding_count(rg); i++) {
        const gk_finding *f = gk_report_finding(rg, i);
        if (strcmp(gk_finding_rule(f), GK_RULE_GLUED) == 0)
          assert_int_equal(gk_finding_line(f), second);
      }
      assert_int_equal(count_rule(ra, GK_RULE_GLUED), 0);
      gk_report_free(ra);
      gk_report_free(rg);
      free(g);
    }
    /* a table of contents lists the headings before the body: one report */
    static const char toc[] = "目录\n一、总体情况\n二、主动公开政府信息情况\n"
                              "三、收到和处理政府信息公开申请情况\n"
                              "四、政府信息公开行政复议、行政诉讼情况\n"
                              "五、存在的主要问题及改进情况\n"
                              "六、其他需要报告的事项\n";
    char *line_end = memchr(a, '\n', la);
    size_t head = line_end ? (size_t)(line_end - a) + 1 : 0;
    char *c = malloc(la + sizeof(toc));
    memcpy(c, a, head);
    memcpy(c + head, toc, sizeof(toc) - 1);
    memcpy(c + head + sizeof(toc) - 1, a + head, la - head);
    gk_report *rc = read_ok(c, la + sizeof(toc) - 1);
    assert_int_equal(count_rule(rc, GK_RULE_GLUED), 0);
    gk_report_free(rc);
    free(c);
    free(a);
    free(b);
  }
}

static void test_utf16_with_bom_le_and_be(void **st) {
  (void)st;
  size_t len, ulen;
  char *buf = slurp(seed_path[0], &len);
  char *u = convert("UTF-16LE", buf, len, &ulen, "\xff\xfe", 2);
  assert_variant(0, u, ulen);
  free(u);
  u = convert("UTF-16BE", buf, len, &ulen, "\xfe\xff", 2);
  assert_variant(0, u, ulen);
  free(u);
  free(buf);
}

static void test_utf8_bom_crlf_and_lone_cr(void **st) {
  (void)st;
  size_t len, vlen;
  char *buf = slurp(seed_path[0], &len);
  char *bom = malloc(len + 3);
  memcpy(bom, "\xef\xbb\xbf", 3);
  memcpy(bom + 3, buf, len);
  assert_variant(0, bom, len + 3);
  free(bom);
  char *crlf = replace_all(buf, len, "\n", "\r\n", &vlen);
  assert_variant(0, crlf, vlen);
  gk_report *rep = read_ok(crlf, vlen);
  assert_int_equal(rep->date_line, 417);
  gk_report_free(rep);
  free(crlf);
  char *cr = replace_all(buf, len, "\n", "\r", &vlen);
  assert_variant(0, cr, vlen);
  free(cr);
  free(buf);
}

static void test_full_width_digits_and_minus(void **st) {
  (void)st;
  static const char *const p[] = {
      "-233", "－２３３", "0", "０", "1", "１", "2", "２", "3", "３", "4", "４",
      "5",    "５",       "6", "６", "7", "７", "8", "８", "9", "９", NULL};
  size_t len;
  char *buf = seed_with(4, p, &len);
  assert_variant_text(4, buf, len, false); /* the narrative changed too */
  free(buf);
}

static void test_typography_quotes_zhiji_spaces_in_labels(void **st) {
  (void)st;
  static const char *const p[] = {"3.危及“三安全一稳定”",
                                  "3.危及\"三安全一稳定\"",
                                  "只计这一情形",
                                  "只\n记这一情形",
                                  "2.其他法律行政法规禁止公开",
                                  "2.其他法律 行政法规\n禁止公开",
                                  "4.保护第三方合法权益",
                                  "4. 保护第三方　合法权益",
                                  NULL};
  size_t len;
  char *buf = seed_with(0, p, &len);
  assert_variant(0, buf, len);
  free(buf);
}

static void test_numbering_missing_and_group_in_row_cell(void **st) {
  (void)st;
  static const char *const p[] = {"\t（七）总计\n",
                                  "\t总计\n",
                                  "\t8.属于行政查询事项\n",
                                  "\t属于行政查询事项\n",
                                  "\t（二）部分公开（区分处理的",
                                  "\t部分公开（区分处理的",
                                  "\t三、本年度办理结果\n\t（一）予以公开\n",
                                  "\t三、本年度办理结果（一）予以公开\n",
                                  "\t（三）不予公开\n\t1.属于国家秘密\n",
                                  "\t（三）不予公开 1.属于国家秘密\n",
                                  NULL};
  size_t len;
  char *buf = seed_with(0, p, &len);
  assert_variant(0, buf, len);
  free(buf);
}

static void test_review_line_of_blank_cells_reads_blank(void **st) {
  (void)st;
  size_t len;
  char *buf = slurp(seed_path[4], &len);
  /* table 四's fifteen zeros (lines 374-388) become blank cells */
  char *p = strstr(buf, "\t总计\n\n\t0\n");
  assert_non_null(p);
  p += strlen("\t总计\n\n");
  for (int i = 0; i < 15; i++) {
    assert_true(p[0] == '\t' && p[1] == '0' && p[2] == '\n');
    p[1] = ' ';
    p += 3;
  }
  gk_report *rep = read_ok(buf, len);
  free(buf);
  assert_int_equal(count_rule(rep, GK_RULE_BLANK_CELL), 15);
  assert_int_equal(count_rule(rep, GK_RULE_MISSING_ROW), 0);
  assert_int_equal(flags(rep, "review", "litigation_after", "total"),
                   GK_CELL_PRESENT | GK_CELL_BLANK);
  gk_report_free(rep);
}

/* Table 四's header wrapped in narrow columns, as pdftotext -layout gives a
 * browser's print: one piece of each column label a line, the pieces a
 * single space apart (so each line is one cell), before the 15 values. */
static void test_review_header_wrapped_in_its_columns(void **st) {
  (void)st;
  size_t len;
  char *buf = slurp(seed_path[4], &len);
  char *a = strstr(buf, "四、政府信息公开行政复议、行政诉讼情况");
  char *b = strstr(buf, "五、存在的主要问题及改进情况");
  assert_true(a && b && a < b);
  static const char table[] =
      "四、政府信息公开行政复议、行政诉讼情况\n"
      "                                行政诉讼\n"
      "      行政复议\n"
      "                 未经复议直接起诉         复议后起诉\n"
      "\f结果 结果 其他 尚未 总 结果 结果 其他 尚未 总 结果 结果 其他 尚未 总\n"
      "维持 纠正 结果 审结 计 维持 纠正 结果 审结 计 维持 纠正 结果 审结 计\n"
      "  1 0 2 0 3 4 0 0 1 5 0 0 0 0 0\n\n";
  size_t head = (size_t)(a - buf), tail = len - (size_t)(b - buf);
  char *text = malloc(head + sizeof(table) + tail);
  assert_non_null(text);
  memcpy(text, buf, head);
  memcpy(text + head, table, sizeof(table) - 1);
  memcpy(text + head + sizeof(table) - 1, b, tail);
  free(buf);
  gk_report *rep = read_ok(text, head + sizeof(table) - 1 + tail);
  free(text);
  assert_int_equal(count_rule(rep, GK_RULE_MISSING_ROW), 0);
  static const int64_t values[15] = {1, 0, 2, 0, 3, 4, 0, 0,
                                     1, 5, 0, 0, 0, 0, 0};
  for (size_t k = 0; k < 15; k++)
    assert_int_equal(gk_report_cell(rep, GK_T_REVIEW, k / 5, k % 5),
                     values[k] * S);
  gk_report_free(rep);
}

/* === Lost separators === */

static void test_glued_digits_recovered_from_table_sums(void **st) {
  (void)st;
  size_t len;
  char *buf = slurp("tests/data/read/glued_unique.txt", &len);
  gk_report *rep = read_ok(buf, len);
  free(buf);
  /* new and total have three readings each by their own row sums; the
   * outcome rows fix total, then the balance fixes new */
  static const int64_t want_new[] = {1, 1, 0, 0, 0, 10, 12};
  static const char *const cols[] = {"natural",   "business", "research",
                                     "nonprofit", "legal",    "other",
                                     "total"};
  for (int c = 0; c < 7; c++) {
    assert_int_equal(get(rep, "apply", "new", cols[c]), want_new[c] * S);
    assert_int_equal(get(rep, "apply", "total", cols[c]), want_new[c] * S);
    assert_int_equal(flags(rep, "apply", "new", cols[c]),
                     GK_CELL_PRESENT | GK_CELL_RECOVERED);
  }
  assert_int_equal(get(rep, "apply", "granted", "other"), 4 * S);
  assert_int_equal(get(rep, "apply", "unable.not_held", "other"), 6 * S);
  assert_int_equal(count_rule(rep, GK_RULE_AMBIGUOUS_CELLS), 0);
  /* one warning per glued row: 8 disclose, 23 apply, 3 review rows on
   * one line */
  assert_int_equal(count_rule(rep, GK_RULE_RECOVERED_CELLS), 8 + 23 + 3);
  assert_int_equal(flags(rep, "review", "litigation_after", "total"),
                   GK_CELL_PRESENT | GK_CELL_RECOVERED);
  assert_string_equal(gk_report_agency(rep), "某某县统计局");
  gk_report_free(rep);
}

static void test_glued_digits_ambiguous_names_row_and_readings(void **st) {
  (void)st;
  size_t len;
  char *buf = slurp("tests/data/read/glued_ambiguous.txt", &len);
  gk_report *rep = read_ok(buf, len);
  free(buf);
  assert_int_equal(count_rule(rep, GK_RULE_AMBIGUOUS_CELLS), 3);
  bool granted = false;
  for (size_t i = 0; i < gk_report_finding_count(rep); i++) {
    const gk_finding *f = gk_report_finding(rep, i);
    if (strcmp(gk_finding_rule(f), GK_RULE_AMBIGUOUS_CELLS) ||
        strcmp(gk_finding_row(f), "granted"))
      continue;
    granted = true;
    assert_int_equal(gk_finding_severity(f), GK_SEV_ERROR);
    const char *m = gk_finding_message(f, GK_LANG_EN);
    assert_non_null(strstr(m, "（一）予以公开"));
    assert_non_null(strstr(m, "[1,1,0,0,0,10,12]"));
    assert_non_null(strstr(m, "[1,10,0,0,1,0,12]"));
    assert_non_null(strstr(m, "[11,0,0,0,1,0,12]"));
  }
  assert_true(granted);
  assert_true(flags(rep, "apply", "granted", "total") & GK_CELL_AMBIGUOUS);
  assert_int_equal(get(rep, "apply", "granted", "total"), 12 * S);
  gk_report_free(rep);
}

static void test_glued_digits_beyond_limit_are_not_guessed(void **st) {
  (void)st;
  static const char *const p[] = {
      "\t一、本年新收政府信息公开申请数量\n\t7\n\t0\n\t0\n\t0\n\t0\n\t0\n\t7\n",
      "\t一、本年新收政府信息公开申请数量\n\t"
      "123456789012345678901234567890123456789012345\n",
      "\t（七）总计\n\t7\n\t0\n\t0\n\t0\n\t0\n\t0\n\t7\n",
      "\t（七）总计\n\t1111111111111111111111111111111111111111\n", NULL};
  size_t len;
  char *buf = seed_with(4, p, &len);
  gk_report *rep = read_ok(buf, len);
  free(buf);
  assert_int_equal(count_rule(rep, GK_RULE_AMBIGUOUS_CELLS), 2);
  assert_false(flags(rep, "apply", "new", "natural") & GK_CELL_PRESENT);
  /* 40 ones: every split into 7 summing parts is tried within the step
   * budget or given up; never a silent single reading */
  assert_false(flags(rep, "apply", "total", "total") & GK_CELL_RECOVERED);
  gk_report_free(rep);
}

/* === Numbers === */

static void test_number_forms(void **st) {
  (void)st;
  static const struct {
    const char *key;
    int kind;
    int64_t v;
    bool yuan;
  } cases[] = {
      {"+794", GK__V_NUM, 794 * S, false},
      {"-233", GK__V_NUM, -233 * S, false},
      {"1,234", GK__V_NUM, 1234 * S, false},
      {"83.82万元", GK__V_NUM, 838200, false},
      {"0.5", GK__V_NUM, 5000, false},
      {"138000元", GK__V_NUM, 138000 * S, true},
      {"—", GK__V_BLANK, 0, false},
      {"-", GK__V_BLANK, 0, false},
      {"/", GK__V_BLANK, 0, false},
      {"无", GK__V_BLANK, 0, false},
      {"", GK__V_BLANK, 0, false},
      {"1.属于国家秘密", GK__V_TEXT, 0, false},
      {"12a", GK__V_TEXT, 0, false},
      {"1,23", GK__V_TEXT, 0, false},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    int64_t v;
    bool yuan;
    int kind = gk__read_value(cases[i].key, strlen(cases[i].key), &v, &yuan);
    assert_int_equal(kind, cases[i].kind);
    if (kind == GK__V_NUM) {
      assert_int_equal(v, cases[i].v);
      assert_int_equal(yuan, cases[i].yuan);
    }
  }
  char k[64];
  size_t n = gk__read_key("１，２３４", strlen("１，２３４"), k);
  int64_t v;
  bool yuan;
  assert_int_equal(gk__read_value(k, n, &v, &yuan), GK__V_NUM);
  assert_int_equal(v, 1234 * S);
}

/* The inline paths (a count of ASCII digits, white space compared as
 * bytes) say what the general ones say. */
static void test_value_of_digits_inline_as_in_general(void **st) {
  (void)st;
  static const char *const keys[] = {
      "0", "7", "12", "00", "9999", "12345678901234", "123456789012345",
      "99999999999999", "1234567890123456", "12a", "1.5", "",
  };
  for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
    int64_t v1 = -1, v2 = -1;
    bool y1 = true, y2 = true;
    size_t n = strlen(keys[i]);
    int k1 = gk__read_value(keys[i], n, &v1, &y1);
    int k2 = gk__read_value_any(keys[i], n, &v2, &y2);
    assert_int_equal(k1, k2);
    if (k1 == GK__V_NUM) {
      assert_int_equal(v1, v2);
      assert_int_equal(y1, y2);
    }
  }
}

/* The trim as it was written before the byte comparison: decode, then
 * the code points of white space. */
static bool wide_space_cp(uint32_t cp) {
  return cp == 0xa0 || cp == 0x3000 || cp == 0xfeff || cp == 0x202f ||
         cp == 0x205f || (cp >= 0x2000 && cp <= 0x200b);
}

static const char *trim_by_decode(const char *s, size_t *n) {
  size_t a = 0, b = *n;
  while (a < b) {
    unsigned char c = (unsigned char)s[a];
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      a++;
      continue;
    }
    size_t m;
    if (c >= 0x80 && wide_space_cp(gk__utf8_decode(s + a, b - a, &m))) {
      a += m;
      continue;
    }
    break;
  }
  while (b > a) {
    unsigned char c = (unsigned char)s[b - 1];
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      b--;
      continue;
    }
    if (c == 0xa0 && b - a >= 2 && (unsigned char)s[b - 2] == 0xc2) {
      b -= 2;
      continue;
    }
    if (c == 0x80 && b - a >= 3 && (unsigned char)s[b - 3] == 0xe3 &&
        (unsigned char)s[b - 2] == 0x80) {
      b -= 3;
      continue;
    }
    break;
  }
  *n = b - a;
  return s + a;
}

static void test_trim_compares_white_space_as_bytes(void **st) {
  (void)st;
  /* every two- and three-byte sequence with a lead byte white space can
   * start with, cut short or whole, before and after a letter */
  static const unsigned char leads[][2] = {
      {0xc2, 0}, {0xe2, 0x80}, {0xe2, 0x81}, {0xe3, 0x80}, {0xef, 0xbb},
      {0xe2, 0x82}, {0xe3, 0x81}, {0xef, 0xbc}};
  size_t trimmed = 0;
  for (size_t l = 0; l < sizeof(leads) / sizeof(leads[0]); l++) {
    for (unsigned x = 0x70; x <= 0xc0; x++) {
      char seq[3];
      size_t sn = 0;
      seq[sn++] = (char)leads[l][0];
      if (leads[l][1])
        seq[sn++] = (char)leads[l][1];
      seq[sn++] = (char)x;
      for (size_t cut = 1; cut <= sn; cut++) {
        char buf[16];
        size_t n = 0;
        memcpy(buf + n, seq, cut);
        n += cut;
        buf[n++] = ' ';
        buf[n++] = 'a';
        memcpy(buf + n, seq, cut);
        n += cut;
        size_t n1 = n, n2 = n;
        const char *t1 = gk__read_trim(buf, &n1);
        const char *t2 = trim_by_decode(buf, &n2);
        assert_ptr_equal(t1, t2);
        assert_int_equal(n1, n2);
        trimmed += n1 < n;
      }
    }
  }
  assert_true(trimmed > 10); /* the table holds white space at all */
}

static void test_amount_in_yuan_converted_and_warned(void **st) {
  (void)st;
  static const char *const p[] = {"\t13619万元\n", "\t136190000元\n", NULL};
  size_t len;
  char *buf = seed_with(4, p, &len);
  gk_report *rep = read_ok(buf, len);
  free(buf);
  assert_int_equal(get(rep, "disclose", "procurement", "amount"), 13619 * S);
  assert_int_equal(count_rule(rep, GK_RULE_AMOUNT_UNIT), 1);
  gk_report_free(rep);
}

static void test_bad_number_and_row_cell_count(void **st) {
  (void)st;
  static const char *const p[] = {"\t行政许可\n\t467\n\t-233\n\t4448\n",
                                  "\t行政许可\n\t467\n\tabc\n\t4448\n",
                                  "\t87\n\t+88\n\t0\n", "\t87\n\t+88\n", NULL};
  size_t len;
  char *buf = seed_with(4, p, &len);
  gk_report *rep = read_ok(buf, len);
  free(buf);
  assert_int_equal(count_rule(rep, GK_RULE_BAD_NUMBER), 1);
  assert_int_equal(count_rule(rep, GK_RULE_ROW_CELLS), 1);
  assert_int_equal(get(rep, "disclose", "license", "decisions"), 4448 * S);
  assert_false(flags(rep, "disclose", "license", "change") & GK_CELL_PRESENT);
  assert_false(flags(rep, "disclose", "coercion", "decisions") &
               GK_CELL_PRESENT);
  gk_report_free(rep);
}

static void test_missing_row_reported(void **st) {
  (void)st;
  static const char *const p[] = {"\t2.重复申请\n", "\t2.多次申请\n", NULL};
  size_t len;
  char *buf = seed_with(0, p, &len);
  gk_report *rep = read_ok(buf, len);
  free(buf);
  assert_int_equal(count_rule(rep, GK_RULE_MISSING_ROW), 1);
  for (size_t i = 0; i < gk_report_finding_count(rep); i++) {
    const gk_finding *f = gk_report_finding(rep, i);
    if (!strcmp(gk_finding_rule(f), GK_RULE_MISSING_ROW))
      assert_string_equal(gk_finding_row(f), "refused.repeat");
  }
  gk_report_free(rep);
}

static void test_2019_format_of_2021_is_not_corrected(void **st) {
  (void)st;
  static const char *const p[] = {"抚远市人民政府2020年",
                                  "抚远市人民政府2021年", NULL};
  size_t len;
  char *buf = seed_with(4, p, &len);
  gk_report *rep = read_ok(buf, len);
  free(buf);
  assert_int_equal(gk_report_year(rep), 2021);
  assert_string_equal(gk_template_name(gk_report_template(rep)), "2019");
  gk_report_free(rep);
}

static void test_chinese_numeral_date_and_year_first_title(void **st) {
  (void)st;
  static const char *const p[] = {
      "2021年1月14日", "二〇二一年一月十四日",
      " 南区街道办事处2021年政府信息公开工作年度报告",
      "2021年南区街道办事处政府信息公开工作年度报告", NULL};
  size_t len;
  char *buf = seed_with(2, p, &len);
  gk_report *rep = read_ok(buf, len);
  free(buf);
  assert_int_equal(gk_report_date(rep), 20210114);
  assert_string_equal(gk_report_agency(rep), "南区街道办事处");
  assert_int_equal(gk_report_year(rep), 2021);
  gk_report_free(rep);
}

/* The date at the end of seed 002 written the ways reports write it; an
 * impossible date is no date. */
static void test_report_date_forms(void **st) {
  (void)st;
  static const struct {
    const char *text;
    int32_t want;
  } cases[] = {
      {"2021 年 1 月 14 号", 20210114},
      {"二〇二一年十二月三十一日", 20211231},
      {"二○二二年一月二十日", 20220120},
      {"2022年3月1日", 20220301},
      {"2021年2月30日", 0},
      {"2021年13月1日", 0},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    const char *p[] = {"2021年1月14日", cases[i].text, NULL};
    size_t len;
    char *buf = seed_with(2, p, &len);
    gk_report *rep = read_ok(buf, len);
    free(buf);
    if (gk_report_date(rep) != cases[i].want)
      fail_msg("%s: read %d, want %d", cases[i].text, (int)gk_report_date(rep),
               (int)cases[i].want);
    gk_report_free(rep);
  }
}

static void test_agency_before_guanyu_and_year_from_period(void **st) {
  (void)st;
  static const char *const p[] = {
      "抚远市人民政府2020年政府信息\n公开工作年度报告",
      "抚远市人民政府关于2020年政府信息公开工作年度报告的通知", NULL};
  size_t len;
  char *buf = seed_with(4, p, &len);
  gk_report *rep = read_ok(buf, len);
  free(buf);
  assert_string_equal(gk_report_agency(rep), "抚远市人民政府");
  assert_int_equal(gk_report_year(rep), 2020);
  gk_report_free(rep);
  /* no year in the title: the stated period gives it */
  static const char *const q[] = {
      " 南区街道办事处2021年政府信息公开工作年度报告",
      " 南区街道办事处政府信息公开工作年度报告", NULL};
  buf = seed_with(2, q, &len);
  rep = read_ok(buf, len);
  free(buf);
  assert_int_equal(gk_report_year(rep), 2021);
  assert_true(rep->period_stated);
  assert_int_equal(gk_report_period_from(rep), 20210101);
  gk_report_free(rep);
}

/* A crawler's field name before the title ("标题: …") is no part of the
 * agency; a signature date wrapped over two lines is still the date. */
static void test_title_field_name_and_wrapped_date(void **st) {
  (void)st;
  static const char *const forms[][2] = {
      {"标题: 抚远市人民政府2020年政府信息\n公开工作年度报告",
       "2021年1\n月29日"},
      {"文章标题：抚远市人民政府2020年政府信息\n公开工作年度报告",
       "2021 年 1 月\n\n29 日"},
  };
  for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
    const char *const p[] = {"抚远市人民政府2020年政府信息\n公开工作年度报告",
                             forms[i][0], "2021年1月29日", forms[i][1], NULL};
    size_t len;
    char *buf = seed_with(4, p, &len);
    gk_report *rep = read_ok(buf, len);
    free(buf);
    assert_string_equal(gk_report_agency(rep), "抚远市人民政府");
    assert_int_equal(gk_report_year(rep), 2020);
    assert_int_equal(gk_report_date(rep), 20210129);
    gk_report_free(rep);
  }
}

static void test_dash_and_wu_cells_read_blank_and_warn(void **st) {
  (void)st;
  static const char *const p[] = {"\t87\n\t+88\n\t0\n", "\t87\n\t+88\n\t—\n",
                                  "\t11\n\t-7\n", "\t11\n\t无\n", NULL};
  size_t len;
  char *buf = seed_with(4, p, &len);
  gk_report *rep = read_ok(buf, len);
  free(buf);
  assert_int_equal(count_rule(rep, GK_RULE_BLANK_CELL), 2);
  assert_int_equal(flags(rep, "disclose", "coercion", "decisions"),
                   GK_CELL_PRESENT | GK_CELL_BLANK);
  assert_int_equal(flags(rep, "disclose", "fee", "change"),
                   GK_CELL_PRESENT | GK_CELL_BLANK);
  assert_int_equal(get(rep, "disclose", "fee", "prior"), 11 * S);
  gk_report_free(rep);
}

static void test_group_label_without_numbering(void **st) {
  (void)st;
  static const char *const p[] = {"\t（三）不予公开\n", "\t不予公开\n",
                                  "\t（五）不予处理\n", "\t不予处理\n", NULL};
  size_t len;
  char *buf = seed_with(0, p, &len);
  assert_variant(0, buf, len);
  free(buf);
}

/* Endless repeats of one row: linear time, a clean read (the extra rows
 * are text, the table is read once). */
static void test_endless_repeated_label_is_linear(void **st) {
  (void)st;
  size_t len;
  char *seed = slurp(seed_path[4], &len);
  const char *unit = "\t规章\n\t0\n\t0\n\t0\n\n";
  size_t ul = strlen(unit), reps = 100000;
  char *buf = malloc(len + ul * reps);
  assert_non_null(buf);
  const char *at = strstr(seed, "\t第二十条第（五）项");
  assert_non_null(at);
  size_t head = (size_t)(at - seed), o = head;
  memcpy(buf, seed, head);
  for (size_t i = 0; i < reps; i++, o += ul)
    memcpy(buf + o, unit, ul);
  memcpy(buf + o, at, len - head);
  o += len - head;
  gk_report *rep = read_ok(buf, o);
  assert_cells(rep, seed4, NSEED4);
  size_t sl;
  assert_non_null(gk_report_section(rep, 2, &sl));
  gk_report_free(rep);
  free(buf);
  free(seed);
}

/* === Failures === */

static void expect_fail(const char *buf, size_t len, const gk_limits *lim,
                        gk_status expect, int64_t line) {
  gk_report *rep = (gk_report *)(uintptr_t)1;
  gk_error err;
  gk_read_opts opts;
  memset(&opts, 0, sizeof(opts));
  if (lim)
    opts.limits = *lim;
  gk_error_clear(&err);
  gk_status st = gk_report_read_text(&rep, buf, len, &opts, &err);
  assert_int_equal(st, expect);
  assert_null(rep);
  assert_int_equal(err.code, expect);
  assert_true(err.message[0] && err.message_en[0]);
  if (line >= 0)
    assert_int_equal(err.line, line);
}

static void test_empty_and_white_space_only_fail_empty(void **st) {
  (void)st;
  expect_fail("", 0, NULL, GK_E_EMPTY, -1);
  expect_fail(" \n\t\r\n\xe3\x80\x80\xc2\xa0\n", 10, NULL, GK_E_EMPTY, -1);
}

static void test_nul_bytes_fail_binary_with_offset(void **st) {
  (void)st;
  gk_report *rep = NULL;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_report_read_text(&rep, "ab\ncd\0ef", 8, NULL, &err),
                   GK_E_BINARY);
  assert_null(rep);
  assert_int_equal(err.line, 2);
  assert_int_equal(err.offset, 5);
}

static void test_invalid_utf8_not_gb18030_fails_encoding(void **st) {
  (void)st;
  const char bad[] = "一、总体情况\n\xff\xfe\xff abc\n";
  gk_report *rep = NULL;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_report_read_text(&rep, bad, sizeof(bad) - 1, NULL, &err),
                   GK_E_ENCODING);
  assert_null(rep);
  assert_int_equal(err.line, 2);
  assert_int_equal(err.offset, 19);
}

static void test_text_without_tables_or_headings_is_not_a_report(void **st) {
  (void)st;
  const char *t = "会议纪要\n今天讨论了预算。\n一、总体情况\n无。\n";
  expect_fail(t, strlen(t), NULL, GK_E_NOT_REPORT, 1);
}

/* Issue 10 item 6: a text cut inside table 三 is read as far as it goes;
 * one finding says where it ends and what was never reached. */
static void expect_truncated(const char *buf, size_t n, size_t rows_read) {
  gk_report *rep = NULL;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_report_read_text(&rep, buf, n, NULL, &err), GK_OK);
  assert_int_equal(count_rule(rep, "truncated"), 1);
  const gk_finding *f = NULL;
  for (size_t i = 0; i < gk_report_finding_count(rep); i++)
    if (!strcmp(gk_finding_rule(gk_report_finding(rep, i)), "truncated"))
      f = gk_report_finding(rep, i);
  assert_int_equal(gk_finding_severity(f), GK_SEV_ERROR);
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_ZH), "表四"));
  assert_non_null(strstr(gk_finding_message(f, GK_LANG_ZH), "第六部分"));
  /* the rows before the cut keep their numbers */
  int64_t v;
  assert_int_equal(gk_report_get(rep, "apply", "new", "total", &v), GK_OK);
  assert_int_equal(v, 3 * S);
  assert_int_equal(count_rule(rep, "missing-row"), 23 - rows_read);
  gk_report_free(rep);
}

static void test_text_ending_inside_table_three_is_truncated(void **st) {
  (void)st;
  size_t len;
  char *buf = slurp(seed_path[0], &len);
  const char *cut = strstr(buf, "\t2.没有现成信息需要另行制作");
  assert_non_null(cut);
  /* 2019 format: 23 rows; 13 read before the cut */
  expect_truncated(buf, (size_t)(cut - buf), 13);
  free(buf);
}

static void test_limits_line_input_and_cells_fail_too_large(void **st) {
  (void)st;
  size_t len;
  char *buf = slurp(seed_path[0], &len);
  gk_limits lim = {.max_line_bytes = 200};
  expect_fail(buf, len, &lim, GK_E_TOO_LARGE, 4); /* line 4 is 700 bytes */
  gk_limits in = {.max_input_bytes = 1000};
  expect_fail(buf, len, &in, GK_E_TOO_LARGE, -1);
  gk_limits cells = {.max_cells = 50};
  expect_fail(buf, len, &cells, GK_E_TOO_LARGE, -1);
  free(buf);
}

/* The flags word is reserved: a bit this library does not know is
 * refused, never ignored, by the text reader and by the detecting entry
 * point (before any document reader runs). */
static void test_unknown_read_flags_are_refused(void **st) {
  (void)st;
  size_t len;
  char *buf = slurp(seed_path[0], &len);
  gk_read_opts opts = {.flags = 0x4u};
  gk_error e;
  gk_report *rep = (gk_report *)&e; /* must be reset to NULL */
  gk_error_clear(&e);
  assert_int_equal(gk_report_read_text(&rep, buf, len, &opts, &e), GK_E_ARG);
  assert_null(rep);
  assert_non_null(strstr(e.message_en, "unknown read flags 0x4"));
  gk_reader *reader = NULL;
  assert_int_equal(gk_reader_new(&reader, NULL), GK_OK);
  gk_error_clear(&e);
  assert_int_equal(gk_reader_read_buffer(reader, &rep, "PK\3\4", 4, &opts, &e),
                   GK_E_ARG);
  assert_null(rep);
  opts.flags = GK_READ_ALL;
  gk_error_clear(&e);
  assert_int_equal(gk_reader_read_buffer(reader, &rep, buf, len, &opts, &e),
                   GK_OK);
  gk_report_free(rep);
  gk_reader_free(reader);
  free(buf);
}

/* An allocator that fails the Nth call: every failure must be a clean
 * GK_E_NOMEM with nothing leaked (ASan checks the leaks). */
typedef struct failing {
  int left;
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

static void test_each_failed_allocation_is_nomem_without_leak(void **st) {
  (void)st;
  size_t len;
  char *buf = slurp(seed_path[0], &len);
  for (int n = 0;; n++) {
    failing f = {n};
    gk_alloc a = {f_malloc, f_realloc, f_free, &f};
    gk_read_opts opts;
    memset(&opts, 0, sizeof(opts));
    opts.alloc = &a;
    gk_report *rep = NULL;
    gk_error err;
    gk_error_clear(&err);
    gk_status s = gk_report_read_text(&rep, buf, len, &opts, &err);
    if (s == GK_OK) {
      assert_non_null(rep);
      gk_report_free(rep);
      assert_true(n > 3);
      break;
    }
    assert_int_equal(s, GK_E_NOMEM);
    assert_int_equal(err.code, GK_E_NOMEM);
    assert_non_null(strstr(err.message_en, "out of memory"));
    assert_null(rep);
  }
  free(buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_key_table_holds_every_label_of_both_templates),
      cmocka_unit_test(test_value_of_digits_inline_as_in_general),
      cmocka_unit_test(test_trim_compares_white_space_as_bytes),
      cmocka_unit_test(test_key_normalises_what_reports_vary),
      cmocka_unit_test(test_seed0_cells_read_as_written_with_blanks_warned),
      cmocka_unit_test(test_seed0_metadata_and_sections),
      cmocka_unit_test(test_seed1_title_over_three_lines_and_no_date),
      cmocka_unit_test(test_seed2_2021_format_and_unnumbered_heading),
      cmocka_unit_test(test_seed3_amount_in_wanyuan_and_kept_table_text),
      cmocka_unit_test(test_seed4_signed_changes_and_only_ji_row),
      cmocka_unit_test(test_markdown_headings_and_remarks_after_titles),
      cmocka_unit_test(test_sentence_with_a_row_label_stays_text),
      cmocka_unit_test(test_stray_header_word_after_table_four_reads_nothing),
      cmocka_unit_test(test_tabs_per_row_reads_like_tika),
      cmocka_unit_test(test_space_runs_read_like_tika),
      cmocka_unit_test(test_markdown_pipes_read_like_tika),
      cmocka_unit_test(test_markdown_merged_cells_are_no_values),
      cmocka_unit_test(test_page_source_indentation_is_no_cells),
      cmocka_unit_test(test_date_in_runs_and_title_cut_by_tabs),
      cmocka_unit_test(test_markdown_row_wrapped_after_a_pipe),
      cmocka_unit_test(test_markdown_row_wrapped_before_a_pipe),
      cmocka_unit_test(test_markdown_alignment_marks_on_one_line),
      cmocka_unit_test(test_one_cell_per_line_joins_broken_labels),
      cmocka_unit_test(test_single_spaces_between_numbers),
      cmocka_unit_test(test_gb18030_is_detected_and_converted),
      cmocka_unit_test(test_utf16_with_bom_le_and_be),
      cmocka_unit_test(test_last_character_cut_reads_the_rest),
      cmocka_unit_test(test_grid_band_ending_in_a_lone_cr_ends),
      cmocka_unit_test(test_glued_reports_read_the_first_and_say_so),
      cmocka_unit_test(test_utf8_bom_crlf_and_lone_cr),
      cmocka_unit_test(test_full_width_digits_and_minus),
      cmocka_unit_test(test_typography_quotes_zhiji_spaces_in_labels),
      cmocka_unit_test(test_numbering_missing_and_group_in_row_cell),
      cmocka_unit_test(test_review_line_of_blank_cells_reads_blank),
      cmocka_unit_test(test_review_header_wrapped_in_its_columns),
      cmocka_unit_test(test_glued_digits_recovered_from_table_sums),
      cmocka_unit_test(test_glued_digits_ambiguous_names_row_and_readings),
      cmocka_unit_test(test_glued_digits_beyond_limit_are_not_guessed),
      cmocka_unit_test(test_number_forms),
      cmocka_unit_test(test_amount_in_yuan_converted_and_warned),
      cmocka_unit_test(test_bad_number_and_row_cell_count),
      cmocka_unit_test(test_missing_row_reported),
      cmocka_unit_test(test_2019_format_of_2021_is_not_corrected),
      cmocka_unit_test(test_chinese_numeral_date_and_year_first_title),
      cmocka_unit_test(test_report_date_forms),
      cmocka_unit_test(test_agency_before_guanyu_and_year_from_period),
      cmocka_unit_test(test_title_field_name_and_wrapped_date),
      cmocka_unit_test(test_dash_and_wu_cells_read_blank_and_warn),
      cmocka_unit_test(test_group_label_without_numbering),
      cmocka_unit_test(test_endless_repeated_label_is_linear),
      cmocka_unit_test(test_empty_and_white_space_only_fail_empty),
      cmocka_unit_test(test_nul_bytes_fail_binary_with_offset),
      cmocka_unit_test(test_invalid_utf8_not_gb18030_fails_encoding),
      cmocka_unit_test(test_text_without_tables_or_headings_is_not_a_report),
      cmocka_unit_test(test_text_ending_inside_table_three_is_truncated),
      cmocka_unit_test(test_limits_line_input_and_cells_fail_too_large),
      cmocka_unit_test(test_unknown_read_flags_are_refused),
      cmocka_unit_test(test_each_failed_allocation_is_nomem_without_leak),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
