/* test_write.c: the writers (src/lib/write): JSON read back with jansson
 * field by field and validated against spec/report.schema.json, exact
 * decimals, CSV quoting and line counts, compiler-style findings text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include <jansson.h>

#include "gongkai.h"
#include "testio.h"

/* === Helpers === */

/* A sink collecting everything written; 'fail_after' >= 0 makes the
 * sink refuse once that many calls have succeeded. */
typedef struct sink {
  char *data;
  size_t len;
  int calls;
  int fail_after;
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

static size_t count_lines(const char *s) {
  size_t n = 0;
  for (; s && *s; s++)
    if (*s == '\n')
      n++;
  return n;
}

/* Value given to cell (t, r, c) by fill_all: distinct for every cell. */
static int64_t cell_value(size_t t, size_t r, size_t c) {
  return (int64_t)(t * 1000 + r * 10 + c + 1) * GK_SCALE;
}

/* Sets every cell of every table to cell_value(). */
static void fill_all(gk_report *rep) {
  const gk_template *tpl = gk_report_template(rep);
  for (size_t t = 0; t < gk_template_table_count(tpl); t++)
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
      for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++)
        assert_int_equal(gk_report_set(rep, gk_template_table_id(tpl, t),
                                       gk_template_row_id(tpl, t, r),
                                       gk_template_col_id(tpl, t, r, c),
                                       cell_value(t, r, c)),
                         GK_OK);
}

static size_t cell_count(const gk_template *tpl) {
  size_t n = 0;
  for (size_t t = 0; t < gk_template_table_count(tpl); t++)
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
      n += gk_template_col_count(tpl, t, r);
  return n;
}

static gk_report *new_report(const char *tpl_name) {
  gk_report *rep = NULL;
  assert_int_equal(gk_report_new(&rep, gk_template_by_name(tpl_name), NULL),
                   GK_OK);
  return rep;
}

/* A report of 'tpl_name' with everything set: agency with a comma and
 * quotes, dates, two sections, every cell, three findings. */
static gk_report *full_report(const char *tpl_name) {
  gk_report *rep = new_report(tpl_name);
  assert_int_equal(gk_report_set_agency(rep, "满洲里市\"人民\",政府办公室"),
                   GK_OK);
  assert_int_equal(gk_report_set_source_name(rep, "dir/000.txt"), GK_OK);
  gk_report_set_year(rep, strcmp(tpl_name, "2019") == 0 ? 2020 : 2022);
  gk_report_set_date(rep, 20210114);
  gk_report_set_period(rep, 20200101, 20201231);
  const char s1[] = "总体情况：\"引号\"\n第二行\t制表";
  assert_int_equal(gk_report_set_section(rep, 1, s1, strlen(s1)), GK_OK);
  assert_int_equal(gk_report_set_section(rep, 3, "申请", strlen("申请")),
                   GK_OK);
  fill_all(rep);
  int64_t reported = 0, expected = 3 * GK_SCALE;
  assert_int_equal(gk_report_add_finding(rep, "apply-cell", GK_SEV_ERROR,
                                         "apply", "total", "total", &reported,
                                         &expected, 57, "总计错误",
                                         "bad total"),
                   GK_OK);
  assert_int_equal(gk_report_add_finding(rep, "blank-cell", GK_SEV_WARNING,
                                         "apply", "denied.state_secret",
                                         "natural", NULL, NULL, 0, "空白",
                                         "blank"),
                   GK_OK);
  assert_int_equal(gk_report_add_finding(rep, "missing-date", GK_SEV_WARNING,
                                         NULL, NULL, NULL, NULL, NULL, 0,
                                         "无日期", "no date"),
                   GK_OK);
  return rep;
}

/* Writes 'rep' as JSON and parses it back; asserts one line. */
static json_t *json_of(const gk_report *rep, gk_lang lang, sink *out) {
  *out = sink_make();
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_write_json(rep, lang, sink_fn, out, &err), GK_OK);
  assert_int_equal(err.code, GK_OK);
  assert_non_null(out->data);
  assert_int_equal(count_lines(out->data), 1);
  assert_int_equal(out->data[out->len - 1], '\n');
  json_error_t jerr;
  json_t *j = json_loads(out->data, JSON_ALLOW_NUL, &jerr);
  if (!j)
    fail_msg("not JSON: %s: %s", jerr.text, out->data);
  return j;
}

static void assert_json_str(const json_t *o, const char *key,
                            const char *want) {
  const json_t *v = json_object_get(o, key);
  assert_non_null(v);
  if (!want) {
    assert_true(json_is_null(v));
    return;
  }
  assert_true(json_is_string(v));
  assert_string_equal(json_string_value(v), want);
}

/* Every table, row and column of the template, no more, with values. */
static void assert_tables(const json_t *tables, const gk_template *tpl,
                          bool filled) {
  assert_int_equal(json_object_size(tables), gk_template_table_count(tpl));
  for (size_t t = 0; t < gk_template_table_count(tpl); t++) {
    const json_t *rows = json_object_get(tables, gk_template_table_id(tpl, t));
    assert_non_null(rows);
    assert_int_equal(json_object_size(rows), gk_template_row_count(tpl, t));
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++) {
      const json_t *cols = json_object_get(rows, gk_template_row_id(tpl, t, r));
      assert_non_null(cols);
      assert_int_equal(json_object_size(cols),
                       gk_template_col_count(tpl, t, r));
      for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++) {
        const json_t *v =
            json_object_get(cols, gk_template_col_id(tpl, t, r, c));
        assert_non_null(v);
        assert_true(json_is_integer(v));
        assert_int_equal(json_integer_value(v),
                         filled ? cell_value(t, r, c) / GK_SCALE : 0);
      }
    }
  }
}

/* === JSON === */

static void test_json_2019_every_field_read_back(void **state) {
  (void)state;
  gk_report *rep = full_report("2019");
  sink out;
  json_t *j = json_of(rep, GK_LANG_ZH, &out);
  assert_int_equal(json_object_size(j), 8);
  assert_json_str(j, "agency", "满洲里市\"人民\",政府办公室");
  assert_int_equal(json_integer_value(json_object_get(j, "year")), 2020);
  assert_json_str(j, "template", "2019");
  assert_json_str(json_object_get(j, "period"), "from", "2020-01-01");
  assert_json_str(json_object_get(j, "period"), "to", "2020-12-31");
  assert_json_str(j, "date", "2021-01-14");
  const json_t *sec = json_object_get(j, "sections");
  assert_int_equal(json_object_size(sec), 2);
  assert_json_str(sec, "1", "总体情况：\"引号\"\n第二行\t制表");
  assert_json_str(sec, "3", "申请");
  assert_null(json_object_get(sec, "2"));
  assert_tables(json_object_get(j, "tables"), gk_report_template(rep), true);
  /* 2019 has the single （六）其他处理 row, not the 2021 split */
  const json_t *apply = json_object_get(json_object_get(j, "tables"), "apply");
  assert_non_null(json_object_get(apply, "other"));
  assert_null(json_object_get(apply, "other.other"));
  assert_non_null(json_object_get(apply, "denied.state_secret"));
  /* keys in the order of the spec */
  const char *order[] = {"\"agency\"", "\"year\"",    "\"template\"",
                         "\"period\"", "\"date\"",    "\"sections\"",
                         "\"tables\"", "\"findings\""};
  const char *prev = out.data;
  for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
    const char *at = strstr(out.data, order[i]);
    assert_non_null(at);
    assert_true(at >= prev);
    prev = at;
  }
  json_decref(j);
  free(out.data);
  gk_report_free(rep);
}

static void test_json_findings_fields_nulls_and_language(void **state) {
  (void)state;
  gk_report *rep = full_report("2021");
  sink out;
  json_t *j = json_of(rep, GK_LANG_ZH, &out);
  const json_t *fs = json_object_get(j, "findings");
  assert_int_equal(json_array_size(fs), 3);
  const json_t *f = json_array_get(fs, 0);
  assert_int_equal(json_object_size(f), 8);
  assert_json_str(f, "rule", "apply-cell");
  assert_json_str(f, "severity", "error");
  assert_json_str(f, "table", "apply");
  assert_json_str(f, "row", "total");
  assert_json_str(f, "column", "total");
  assert_true(json_is_integer(json_object_get(f, "reported")));
  assert_int_equal(json_integer_value(json_object_get(f, "reported")), 0);
  assert_int_equal(json_integer_value(json_object_get(f, "expected")), 3);
  assert_json_str(f, "message", "总计错误");
  f = json_array_get(fs, 1);
  assert_json_str(f, "severity", "warning");
  assert_json_str(f, "row", "denied.state_secret");
  assert_true(json_is_null(json_object_get(f, "reported")));
  assert_true(json_is_null(json_object_get(f, "expected")));
  f = json_array_get(fs, 2);
  assert_json_str(f, "rule", "missing-date");
  assert_json_str(f, "table", NULL);
  assert_json_str(f, "row", NULL);
  assert_json_str(f, "column", NULL);
  json_decref(j);
  free(out.data);

  j = json_of(rep, GK_LANG_EN, &out);
  fs = json_object_get(j, "findings");
  assert_json_str(json_array_get(fs, 0), "message", "bad total");
  assert_json_str(json_array_get(fs, 2), "message", "no date");
  json_decref(j);
  free(out.data);
  gk_report_free(rep);
}

static void test_json_2021_empty_report_has_nulls_and_every_cell(void **s) {
  (void)s;
  gk_report *rep = new_report("2021");
  sink out;
  json_t *j = json_of(rep, GK_LANG_ZH, &out);
  assert_json_str(j, "agency", NULL);
  assert_true(json_is_null(json_object_get(j, "year")));
  assert_json_str(j, "template", "2021");
  assert_json_str(j, "date", NULL);
  assert_json_str(json_object_get(j, "period"), "from", NULL);
  assert_json_str(json_object_get(j, "period"), "to", NULL);
  assert_int_equal(json_object_size(json_object_get(j, "sections")), 0);
  assert_int_equal(json_array_size(json_object_get(j, "findings")), 0);
  assert_tables(json_object_get(j, "tables"), gk_report_template(rep), false);
  const json_t *apply = json_object_get(json_object_get(j, "tables"), "apply");
  assert_non_null(json_object_get(apply, "other.no_correction"));
  assert_non_null(json_object_get(apply, "other.no_fee"));
  assert_non_null(json_object_get(apply, "other.other"));
  assert_null(json_object_get(apply, "other"));
  json_decref(j);
  free(out.data);
  gk_report_free(rep);
}

/* Scaled values and the exact JSON text they must print as. */
static const struct {
  int64_t scaled;
  const char *text;
} decimals[] = {
    {838200, "83.82"},
    {1, "0.0001"},
    {-5000, "-0.5"},
    {30000, "3"},
    {-2330000, "-233"},
    {0, "0"},
    {12345, "1.2345"},
    {101, "0.0101"},
    {INT64_C(123456789012345), "12345678901.2345"},
    {INT64_C(999999999999999), "99999999999.9999"},
    {INT64_C(-999999999999999), "-99999999999.9999"},
    /* whole values stay exact integers at any size */
    {INT64_C(9223372036854770000), "922337203685477"},
    /* beyond 10^11 non-whole values round to 15 digits (json.c) */
    {INT64_C(1000000000000001), "100000000000.0"},
};

static void test_json_decimals_print_exactly(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof(decimals) / sizeof(decimals[0]); i++) {
    gk_report *rep = new_report("2021");
    assert_int_equal(
        gk_report_set(rep, "disclose", "fee", "amount", decimals[i].scaled),
        GK_OK);
    int64_t rep_v = decimals[i].scaled;
    assert_int_equal(gk_report_add_finding(rep, "amount-unit", GK_SEV_WARNING,
                                           "disclose", "fee", "amount", &rep_v,
                                           &rep_v, 0, "m", "m"),
                     GK_OK);
    sink out;
    json_t *j = json_of(rep, GK_LANG_ZH, &out);
    char want[128];
    snprintf(want, sizeof(want), "\"fee\":{\"amount\":%s}", decimals[i].text);
    if (!strstr(out.data, want))
      fail_msg("case %zu: want %s in %s", i, want, out.data);
    snprintf(want, sizeof(want), "\"reported\":%s,\"expected\":%s,",
             decimals[i].text, decimals[i].text);
    if (!strstr(out.data, want))
      fail_msg("case %zu: want %s in finding", i, want);
    json_decref(j);
    free(out.data);
    gk_report_free(rep);
  }
}

static void test_json_invalid_utf8_in_section_becomes_replacement(void **s) {
  (void)s;
  gk_report *rep = new_report("2019");
  const char bad[] = "ab\xff\xfe"
                     "c\xe4\xb8"; /* stray bytes, cut char */
  assert_int_equal(gk_report_set_section(rep, 2, bad, sizeof(bad) - 1), GK_OK);
  assert_int_equal(gk_report_set_agency(rep, "机关\x80"), GK_OK);
  sink out;
  json_t *j = json_of(rep, GK_LANG_ZH, &out);
  assert_json_str(json_object_get(j, "sections"), "2",
                  "ab\xef\xbf\xbd\xef\xbf\xbd"
                  "c\xef\xbf\xbd\xef\xbf\xbd");
  assert_json_str(j, "agency", "机关\xef\xbf\xbd");
  json_decref(j);
  free(out.data);
  gk_report_free(rep);
}

static void test_json_section_with_nul_byte_is_escaped(void **state) {
  (void)state;
  gk_report *rep = new_report("2019");
  assert_int_equal(gk_report_set_section(rep, 6, "a\0b", 3), GK_OK);
  sink out;
  json_t *j = json_of(rep, GK_LANG_ZH, &out);
  assert_non_null(strstr(out.data, "\"6\":\"a\\u0000b\""));
  assert_int_equal(
      json_string_length(json_object_get(json_object_get(j, "sections"), "6")),
      3);
  json_decref(j);
  free(out.data);
  gk_report_free(rep);
}

static void test_writers_report_sink_refusal_as_io(void **state) {
  (void)state;
  gk_report *rep = full_report("2019");
  /* refuse at each call the writer makes, however few it makes */
  sink all = sink_make();
  assert_int_equal(gk_write_json(rep, GK_LANG_ZH, sink_fn, &all, NULL), GK_OK);
  assert_true(all.calls >= 1);
  free(all.data);
  for (int after = 0; after < all.calls; after++) {
    sink out = sink_make();
    out.fail_after = after;
    gk_error err;
    gk_error_clear(&err);
    assert_int_equal(gk_write_json(rep, GK_LANG_ZH, sink_fn, &out, &err),
                     GK_E_IO);
    assert_int_equal(err.code, GK_E_IO);
    assert_true(strlen(err.message_en) > 0);
    free(out.data);
  }
  sink out = sink_make();
  out.fail_after = 0;
  assert_int_equal(gk_write_csv(rep, 1, sink_fn, &out, NULL), GK_E_IO);
  assert_int_equal(gk_write_findings_text(rep, GK_LANG_ZH, sink_fn, &out, NULL),
                   GK_E_IO);
  free(out.data);
  gk_report_free(rep);
}

static void test_writers_reject_null_arguments(void **state) {
  (void)state;
  gk_report *rep = new_report("2019");
  sink out = sink_make();
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_write_json(NULL, GK_LANG_ZH, sink_fn, &out, &err),
                   GK_E_ARG);
  assert_int_equal(err.code, GK_E_ARG);
  assert_int_equal(gk_write_csv(rep, 1, NULL, &out, NULL), GK_E_ARG);
  assert_int_equal(
      gk_write_findings_text(NULL, GK_LANG_EN, sink_fn, &out, NULL), GK_E_ARG);
  assert_null(out.data);
  gk_report_free(rep);
}

/* Pipes 'text' to tests/cli/validate_schema.py; returns its exit code. */
static int validate(const char *text) {
  const char *src = getenv("GK_SOURCE_DIR");
  if (!src)
    src = ".";
  char cmd[4096];
  snprintf(cmd, sizeof(cmd),
           "python3 '%s/tests/cli/validate_schema.py' "
           "'%s/spec/report.schema.json' 2>/dev/null",
           src, src);
  FILE *p = popen(cmd, "w");
  assert_non_null(p);
  fputs(text, p);
  int rc = pclose(p);
  return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static void test_json_of_both_templates_validates_against_schema(void **s) {
  (void)s;
  const char *names[] = {"2019", "2021"};
  for (size_t i = 0; i < 2; i++) {
    gk_report *full = full_report(names[i]);
    gk_report *empty = new_report(names[i]);
    assert_int_equal(gk_report_set(full, "apply", "new", "natural", 5000),
                     GK_OK); /* a non-whole count */
    sink out = sink_make();
    assert_int_equal(gk_write_json(full, GK_LANG_ZH, sink_fn, &out, NULL),
                     GK_OK);
    assert_int_equal(gk_write_json(empty, GK_LANG_EN, sink_fn, &out, NULL),
                     GK_OK);
    assert_int_equal(count_lines(out.data), 2);
    assert_int_equal(validate(out.data), 0);
    /* the validator is not vacuous: the other template's name fails */
    char *wrong = strstr(out.data, names[i]);
    assert_non_null(wrong);
    memcpy(wrong, names[1 - i], 4);
    assert_int_equal(validate(out.data), 1);
    free(out.data);
    gk_report_free(full);
    gk_report_free(empty);
  }
}

/* === CSV === */

static void test_csv_one_line_per_cell_with_rfc4180_quoting(void **state) {
  (void)state;
  const char *names[] = {"2019", "2021"};
  for (size_t i = 0; i < 2; i++) {
    gk_report *rep = full_report(names[i]);
    sink out = sink_make();
    assert_int_equal(gk_write_csv(rep, 1, sink_fn, &out, NULL), GK_OK);
    size_t cells = cell_count(gk_report_template(rep));
    assert_int_equal(cells, i == 0 ? 22 + 161 + 15 : 10 + 175 + 15);
    assert_int_equal(count_lines(out.data), 1 + cells);
    const char *header = "file,agency,year,template,table,row,column,value\n";
    assert_memory_equal(out.data, header, strlen(header));
    char want[256];
    snprintf(want, sizeof(want),
             "\ndir/000.txt,\"满洲里市\"\"人民\"\",政府办公室\",%s,%s,"
             "disclose,regulation,%s,1\n",
             i == 0 ? "2020" : "2022", names[i], i == 0 ? "made" : "issued");
    if (!strstr(out.data, want))
      fail_msg("want %s", want);
    /* the dotted row id stays one field; apply is table 1, row 4 */
    assert_non_null(
        strstr(out.data, ",apply,denied.state_secret,natural,1041\n"));
    free(out.data);
    gk_report_free(rep);
  }
}

/* The header alone is exactly the first line gk_write_csv writes. */
static void test_csv_header_alone_matches_the_written_header(void **state) {
  (void)state;
  gk_report *rep = full_report("2021");
  sink whole = sink_make(), head = sink_make(), refuse = sink_make();
  assert_int_equal(gk_write_csv(rep, 1, sink_fn, &whole, NULL), GK_OK);
  assert_int_equal(gk_write_csv_header(sink_fn, &head, NULL), GK_OK);
  assert_non_null(head.data);
  assert_int_equal(count_lines(head.data), 1);
  assert_memory_equal(whole.data, head.data, head.len);
  refuse.fail_after = 0;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_write_csv_header(sink_fn, &refuse, &err), GK_E_IO);
  assert_int_equal(err.code, GK_E_IO);
  assert_int_equal(gk_write_csv_header(NULL, NULL, NULL), GK_E_ARG);
  free(whole.data);
  free(head.data);
  gk_report_free(rep);
}

static void test_csv_without_header_empty_fields_and_decimals(void **s) {
  (void)s;
  gk_report *rep = new_report("2021");
  assert_int_equal(gk_report_set(rep, "disclose", "fee", "amount", 838200),
                   GK_OK);
  assert_int_equal(
      gk_report_set(rep, "disclose", "regulation", "issued", -3 * GK_SCALE),
      GK_OK);
  sink out = sink_make();
  assert_int_equal(gk_write_csv(rep, 0, sink_fn, &out, NULL), GK_OK);
  assert_int_equal(count_lines(out.data), 200);
  const char first[] = ",,,2021,disclose,regulation,issued,-3\n";
  assert_memory_equal(out.data, first, strlen(first));
  assert_non_null(strstr(out.data, "\n,,,2021,disclose,fee,amount,83.82\n"));
  assert_non_null(
      strstr(out.data, "\n,,,2021,review,litigation_after,total,0\n"));
  free(out.data);
  gk_report_free(rep);
}

static void test_csv_quotes_newlines_and_leaves_plain_fields(void **s) {
  (void)s;
  gk_report *rep = new_report("2019");
  assert_int_equal(gk_report_set_agency(rep, "甲\n乙"), GK_OK);
  assert_int_equal(gk_report_set_source_name(rep, "a b.txt"), GK_OK);
  gk_report_set_year(rep, 2019);
  sink out = sink_make();
  assert_int_equal(gk_write_csv(rep, 0, sink_fn, &out, NULL), GK_OK);
  const char first[] =
      "a b.txt,\"甲\n乙\",2019,2019,disclose,regulation,made,0\n";
  assert_memory_equal(out.data, first, strlen(first));
  free(out.data);
  gk_report_free(rep);
}

/* === Findings text === */

static void test_text_compiler_style_lines(void **state) {
  (void)state;
  gk_report *rep = full_report("2019");
  sink out = sink_make();
  assert_int_equal(gk_write_findings_text(rep, GK_LANG_ZH, sink_fn, &out, NULL),
                   GK_OK);
  assert_string_equal(out.data, "dir/000.txt:57: error[apply-cell]: 总计错误\n"
                                "dir/000.txt: warning[blank-cell]: 空白\n"
                                "dir/000.txt: warning[missing-date]: 无日期\n");
  free(out.data);
  out = sink_make();
  assert_int_equal(gk_write_findings_text(rep, GK_LANG_EN, sink_fn, &out, NULL),
                   GK_OK);
  assert_string_equal(out.data,
                      "dir/000.txt:57: error[apply-cell]: bad total\n"
                      "dir/000.txt: warning[blank-cell]: blank\n"
                      "dir/000.txt: warning[missing-date]: no date\n");
  free(out.data);
  gk_report_free(rep);
}

static void test_text_without_source_name_or_findings(void **state) {
  (void)state;
  gk_report *rep = new_report("2021");
  sink out = sink_make();
  assert_int_equal(gk_write_findings_text(rep, GK_LANG_ZH, sink_fn, &out, NULL),
                   GK_OK);
  assert_null(out.data); /* nothing to say, nothing written */
  assert_int_equal(gk_report_add_finding(rep, "template-year", GK_SEV_ERROR,
                                         NULL, NULL, NULL, NULL, NULL, 3,
                                         "格式不符", "wrong format"),
                   GK_OK);
  assert_int_equal(gk_write_findings_text(rep, GK_LANG_ZH, sink_fn, &out, NULL),
                   GK_OK);
  assert_string_equal(out.data, "-:3: error[template-year]: 格式不符\n");
  free(out.data);
  gk_report_free(rep);
}

/* === Allocation failure === */

/* An allocator that fails every call after 'budget' successful ones. */
typedef struct budget {
  long left; /* calls still allowed; < 0: unlimited */
} budget;

static void *b_malloc(size_t n, void *ud) {
  budget *b = ud;
  if (b->left == 0)
    return NULL;
  if (b->left > 0)
    b->left--;
  return malloc(n);
}
static void *b_realloc(void *p, size_t n, void *ud) {
  budget *b = ud;
  if (b->left == 0)
    return NULL;
  if (b->left > 0)
    b->left--;
  return realloc(p, n);
}
static void b_free(void *p, void *ud) {
  (void)ud;
  free(p);
}

/* Every writer, with the report's allocator failing at each call in
 * turn: the result is GK_OK or GK_E_NOMEM, never partial success, and
 * nothing leaks (ASan's leak check runs this under ctest). */
static void test_writers_fail_cleanly_at_every_allocation(void **state) {
  (void)state;
  budget b = {-1};
  const gk_alloc alloc = {b_malloc, b_realloc, b_free, &b};
  gk_report *rep = NULL;
  assert_int_equal(gk_report_new(&rep, gk_template_by_name("2019"), &alloc),
                   GK_OK);
  assert_int_equal(gk_report_set_agency(rep, "a,\"b\""), GK_OK);
  assert_int_equal(gk_report_set_section(rep, 1, "x\xff", 2), GK_OK);
  assert_int_equal(gk_report_add_finding(rep, "missing-date", GK_SEV_WARNING,
                                         NULL, NULL, NULL, NULL, NULL, 0, "m",
                                         "m"),
                   GK_OK);
  for (int w = 0; w < 3; w++) {
    gk_status st = GK_E_NOMEM;
    int failures = 0;
    for (long n = 0; st == GK_E_NOMEM && n < 10000; n++) {
      sink out = sink_make();
      gk_error err;
      gk_error_clear(&err);
      b.left = n;
      if (w == 0)
        st = gk_write_csv(rep, 1, sink_fn, &out, &err);
      else if (w == 1)
        st = gk_write_findings_text(rep, GK_LANG_ZH, sink_fn, &out, &err);
      else
        st = gk_write_json(rep, GK_LANG_ZH, sink_fn, &out, &err);
      b.left = -1;
      if (st == GK_E_NOMEM) {
        assert_int_equal(err.code, GK_E_NOMEM);
        failures++;
      } else
        assert_int_equal(st, GK_OK);
      free(out.data);
    }
    assert_int_equal(st, GK_OK);
    assert_true(failures > 0); /* the loop did fail allocations */
  }
  gk_report_free(rep);
}

/* The JSON line is what jansson makes of it: parsed and dumped again with
 * the flags the writer always used, every byte is the same (escapes,
 * reals, key order, compact separators), for the seeds read and checked,
 * a report with every cell and odd strings, and both languages. */
static void assert_jansson_canonical(const gk_report *rep) {
  for (int l = 0; l < 2; l++) {
    sink out = sink_make();
    assert_int_equal(
        gk_write_json(rep, l ? GK_LANG_EN : GK_LANG_ZH, sink_fn, &out, NULL),
        GK_OK);
    assert_true(out.len > 1 && out.data[out.len - 1] == '\n');
    json_error_t jerr;
    json_t *j = json_loadb(out.data, out.len - 1, JSON_ALLOW_NUL, &jerr);
    if (!j)
      fail_msg("not JSON: %s", jerr.text);
    char *again = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
    assert_non_null(again);
    assert_int_equal(strlen(again), out.len - 1);
    assert_memory_equal(again, out.data, out.len - 1);
    free(again);
    json_decref(j);
    free(out.data);
  }
}

static void test_json_is_byte_for_byte_what_jansson_dumps(void **state) {
  (void)state;
  for (size_t i = 0; i < GK_TEST_NSEEDS; i++) {
    size_t len;
    char *text = gk_test_seed_text(i, &len);
    assert_non_null(text);
    gk_report *rep = NULL;
    assert_int_equal(gk_report_read_text(&rep, text, len, NULL, NULL), GK_OK);
    assert_int_equal(gk_check_run(rep, GK_CHECK_ALL, NULL), GK_OK);
    assert_jansson_canonical(rep);
    gk_report_free(rep);
    free(text);
  }
  gk_report *rep = full_report("2021");
  const char odd[] = "ctl\x01\x1f\x7f \"q\" \\ / \b\f\r\n\t 中文 \xe2\x80\xa8 "
                     "\xf0\x9f\x98\x80 bad\xff\xc3";
  assert_int_equal(gk_report_set_section(rep, 6, odd, sizeof(odd) - 1), GK_OK);
  assert_int_equal(gk_report_set(rep, "disclose", "fee", "amount", 838201),
                   GK_OK);
  int64_t big = INT64_MAX / 10 * 10 + 7, tiny = -1;
  assert_int_equal(gk_report_add_finding(rep, "amount-unit", GK_SEV_WARNING,
                                         "disclose", "fee", "amount", &big,
                                         &tiny, 0, odd,
                                         "\x02"
                                         "en"),
                   GK_OK);
  assert_jansson_canonical(rep);
  gk_report_free(rep);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_json_2019_every_field_read_back),
      cmocka_unit_test(test_json_findings_fields_nulls_and_language),
      cmocka_unit_test(test_json_2021_empty_report_has_nulls_and_every_cell),
      cmocka_unit_test(test_json_decimals_print_exactly),
      cmocka_unit_test(test_json_is_byte_for_byte_what_jansson_dumps),
      cmocka_unit_test(test_json_invalid_utf8_in_section_becomes_replacement),
      cmocka_unit_test(test_json_section_with_nul_byte_is_escaped),
      cmocka_unit_test(test_writers_report_sink_refusal_as_io),
      cmocka_unit_test(test_writers_reject_null_arguments),
      cmocka_unit_test(test_json_of_both_templates_validates_against_schema),
      cmocka_unit_test(test_csv_one_line_per_cell_with_rfc4180_quoting),
      cmocka_unit_test(test_csv_header_alone_matches_the_written_header),
      cmocka_unit_test(test_csv_without_header_empty_fields_and_decimals),
      cmocka_unit_test(test_csv_quotes_newlines_and_leaves_plain_fields),
      cmocka_unit_test(test_text_compiler_style_lines),
      cmocka_unit_test(test_text_without_source_name_or_findings),
      cmocka_unit_test(test_writers_fail_cleanly_at_every_allocation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
