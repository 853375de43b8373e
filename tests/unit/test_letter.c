/* test_letter.c: notice letters (src/lib/write/letter.c, ledger/letter.c)
 * and the reminders' digest: every kind filled from a ledger, the step a
 * letter needs, hostile text in every field of every kind (HTML and
 * .docx), broken templates refused with their place, and the digest's
 * kinds, order and counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "gongkai.h"

#include <libxml/parser.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#define TODAY 20261207

typedef struct fixture {
  char dir[64];
  char path[96];
  gk_ledger *led;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof(*f));
  if (!f)
    return -1;
  snprintf(f->dir, sizeof(f->dir), "/tmp/gk_letter_XXXXXX");
  if (!mkdtemp(f->dir))
    return -1;
  snprintf(f->path, sizeof(f->path), "%s/l.db", f->dir);
  gk_ledger_opts o = {.actor = "tester", .today = TODAY};
  if (gk_ledger_create(&f->led, f->path, "某县人民政府办公室",
                       "county_gov_or_above", &o, NULL))
    return -1;
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  gk_ledger_free(f->led);
  char cmd[160];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
  if (system(cmd) != 0)
    return -1;
  free(f);
  return 0;
}

/* A sink into a growing buffer. */
typedef struct sink {
  char *p;
  size_t len, calls;
} sink;

static int to_sink(const char *data, size_t len, void *ud) {
  sink *s = ud;
  char *n = realloc(s->p, s->len + len + 1);
  if (!n)
    return -1;
  memcpy(n + s->len, data, len);
  s->p = n;
  s->len += len;
  s->p[s->len] = '\0';
  s->calls++;
  return 0;
}

static gk_status add(gk_ledger *led, const char *ref, const char *name,
                     int32_t arrived, const char *key) {
  gk_app_input in = {.ref = ref,
                     .applicant_type = "natural",
                     .applicant_name = name,
                     .channel = "in_person",
                     .arrived_on = arrived,
                     .description = "2025年度财政预算执行情况",
                     .applicant_key = key};
  return gk_ledger_app_add(led, &in, NULL, NULL);
}

static void act(gk_ledger *led, const char *ref, gk_app_action a) {
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_app_act(led, ref, &a, NULL, &err);
  if (st)
    fail_msg("%s %s: %s", ref, a.action, err.message);
}

/* The letter of 'kind' for 'ref' as HTML (must succeed). */
static char *letter_html(gk_ledger *led, const char *ref, gk_letter_kind kind) {
  gk_letter *l = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_letter(led, ref, kind, &l, &err);
  if (st)
    fail_msg("%s %s: %s", ref, gk_letter_kind_name(kind), err.message);
  sink s = {0};
  assert_int_equal(gk_letter_write(l, NULL, to_sink, &s, &err), GK_OK);
  gk_letter_free(l);
  return s.p;
}

static void has(const char *doc, const char *what) {
  if (!strstr(doc, what))
    fail_msg("missing \"%s\" in:\n%s", what, doc);
}

/* === Every kind from the ledger === */

static void test_every_kind_is_filled_from_the_ledger(void **state) {
  fixture *f = *state;
  gk_ledger *led = f->led;
  /* A: 补正 (with its period), corrected, extended, consulted, answered
   * partially; B: a fee by pages */
  assert_int_equal(add(led, "A-1", "李四", 20261102, "110101199003070012"),
                   GK_OK);
  act(led, "A-1",
      (gk_app_action){
          .action = "request-correction", .on = 20261104, .until = 20261120});
  act(led, "A-1", (gk_app_action){.action = "correct", .on = 20261106});
  act(led, "A-1",
      (gk_app_action){
          .action = "consult", .on = 20261109, .reason = "某某科技有限公司"});
  act(led, "A-1", (gk_app_action){.action = "consult-end", .on = 20261113});
  act(led, "A-1",
      (gk_app_action){.action = "extend",
                      .on = 20261201,
                      .reason = "需要调取档案",
                      .days = 10});
  act(led, "A-1",
      (gk_app_action){.action = "answer",
                      .on = 20261204,
                      .outcome = "partial",
                      .basis = "《中华人民共和国政府信息公开条例》"
                               "第三十七条"});
  assert_int_equal(add(led, "B-2", "王五", 20261201, NULL), GK_OK);
  act(led, "B-2",
      (gk_app_action){.action = "fee-notice",
                      .on = 20261203,
                      .fee_by = GK_FEE_BY_PAGES,
                      .pages = 250});

  char *d = letter_html(led, "A-1", GK_LETTER_RECEIPT);
  has(d, "受理回执");
  has(d, "某县人民政府办公室");
  has(d, "李四");
  has(d, "110***********0012"); /* masked */
  assert_null(strstr(d, "110101199003070012"));
  has(d, "2026年11月2日");
  has(d, "2025年度财政预算执行情况");
  has(d, "第三十一条");
  /* 20 working days after 2 November 2026 */
  has(d, "2026年11月30日");
  has(d, "<style>@page");
  assert_null(strstr(d, "<script"));
  free(d);

  d = letter_html(led, "A-1", GK_LETTER_CORRECTION);
  has(d, "第三十条");
  has(d, "2026年11月20日"); /* the period given */
  has(d, "2026年11月4日");  /* dated the day of the request */
  free(d);

  d = letter_html(led, "A-1", GK_LETTER_EXTENSION);
  has(d, "第三十三条第二款");
  has(d, "需要调取档案");
  has(d, "延长10个工作日");
  /* 30 working days from 6 Nov (corrected) less the consultation's 5 */
  gk_app *a = NULL;
  assert_int_equal(gk_ledger_app_get(led, "A-1", &a, NULL), GK_OK);
  char due[64];
  snprintf(due, sizeof(due), "于%d年%d月%d日前作出答复", a->due_on / 10000,
           a->due_on / 100 % 100, a->due_on % 100);
  has(d, due);
  gk_app_free(led, a);
  free(d);

  d = letter_html(led, "A-1", GK_LETTER_CONSULTATION);
  has(d, "第三十二条");
  has(d, "某某科技有限公司");
  /* the third party learns nothing of the applicant (PIPL) */
  assert_null(strstr(d, "李四"));
  assert_null(strstr(d, "0012"));
  free(d);

  d = letter_html(led, "A-1", GK_LETTER_ANSWER);
  has(d, "答复书");
  has(d, "第三十七条");
  has(d, "区分处理");
  has(d, "行政复议");
  has(d, "2026年12月4日");
  free(d);

  d = letter_html(led, "B-2", GK_LETTER_FEE);
  has(d, "第四十二条");
  has(d, "109号");
  has(d, "4700元");
  has(d, "按量");
  has(d, "共250页");
  free(d);
}

/* Each consultation its own letter (issue 12 item 3): the nth step of a
 * kind, 0 the latest; past the last one the message says how many. */
static void test_each_consultation_has_its_letter(void **state) {
  fixture *f = *state;
  gk_ledger *led = f->led;
  assert_int_equal(add(led, "D-4", "钱七", 20261102, NULL), GK_OK);
  act(led, "D-4",
      (gk_app_action){.action = "consult", .on = 20261104, .reason = "甲公司"});
  act(led, "D-4", (gk_app_action){.action = "consult-end", .on = 20261106});
  act(led, "D-4",
      (gk_app_action){.action = "consult", .on = 20261110, .reason = "乙公司"});
  const char *party[] = {NULL, "甲公司", "乙公司"};
  for (int n = 0; n <= 2; n++) {
    gk_letter *l = NULL;
    gk_error err;
    gk_error_clear(&err);
    assert_int_equal(
        gk_ledger_letter_nth(led, "D-4", GK_LETTER_CONSULTATION, n, &l, &err),
        GK_OK);
    sink s = {0};
    assert_int_equal(gk_letter_write(l, NULL, to_sink, &s, &err), GK_OK);
    gk_letter_free(l);
    /* 0 is the latest: the second */
    has(s.p, party[n ? n : 2]);
    assert_null(strstr(s.p, party[n == 1 ? 2 : 1]));
    has(s.p, n == 1 ? "2026年11月4日" : "2026年11月10日");
    free(s.p);
  }
  gk_letter *l = (gk_letter *)1;
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(
      gk_ledger_letter_nth(led, "D-4", GK_LETTER_CONSULTATION, 3, &l, &err),
      GK_E_STATE);
  assert_null(l);
  assert_non_null(strstr(err.message, "只有 2 次"));
  gk_error_clear(&err);
  assert_int_equal(
      gk_ledger_letter_nth(led, "D-4", GK_LETTER_CONSULTATION, -1, &l, &err),
      GK_E_ARG);
  /* one receipt: the first is it, a second there is not */
  assert_int_equal(
      gk_ledger_letter_nth(led, "D-4", GK_LETTER_RECEIPT, 1, &l, NULL), GK_OK);
  gk_letter_free(l);
  assert_int_equal(
      gk_ledger_letter_nth(led, "D-4", GK_LETTER_RECEIPT, 2, &l, NULL),
      GK_E_STATE);
}

static void test_a_step_not_taken_has_no_letter(void **state) {
  fixture *f = *state;
  gk_ledger *led = f->led;
  assert_int_equal(add(led, "C-3", "赵六", 20261201, NULL), GK_OK);
  for (int k = GK_LETTER_CORRECTION; k < GK_LETTER_KIND_LAST; k++) {
    gk_letter *l = (gk_letter *)1;
    gk_error err;
    gk_error_clear(&err);
    assert_int_equal(gk_ledger_letter(led, "C-3", (gk_letter_kind)k, &l, &err),
                     GK_E_STATE);
    assert_null(l);
    assert_non_null(strstr(err.message, "没有这一步"));
  }
  gk_letter *l = NULL;
  assert_int_equal(gk_ledger_letter(led, "nope", GK_LETTER_RECEIPT, &l, NULL),
                   GK_E_NOT_FOUND);
  /* a revoked extension has no letter */
  act(led, "C-3",
      (gk_app_action){
          .action = "extend", .on = 20261203, .reason = "x", .days = 5});
  assert_int_equal(gk_ledger_letter(led, "C-3", GK_LETTER_EXTENSION, &l, NULL),
                   GK_OK);
  gk_letter_free(l);
  assert_int_equal(
      gk_ledger_app_revoke(led, "C-3", "误操作", 20261204, NULL, NULL), GK_OK);
  assert_int_equal(gk_ledger_letter(led, "C-3", GK_LETTER_EXTENSION, &l, NULL),
                   GK_E_STATE);
  /* a voided registration has none at all */
  assert_int_equal(
      gk_ledger_app_void(led, "C-3", "重复登记", 20261204, NULL, NULL), GK_OK);
  assert_int_equal(gk_ledger_letter(led, "C-3", GK_LETTER_RECEIPT, &l, NULL),
                   GK_E_STATE);
}

/* === Hostile text === */

static const char hostile[] =
    "<script>alert(\"x\")</script>&amp;'\"<w:p/>]]>{{ref}}\nsecond";

/* The bytes of 'part' of a .docx in s[0..len). */
static char *docx_part(const sink *s, const char *part) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(s->p, s->len, 0, &ze);
  zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
  assert_non_null(z);
  zip_stat_t st;
  assert_int_equal(zip_stat(z, part, 0, &st), 0);
  char *buf = calloc(1, st.size + 1);
  zip_file_t *zf = zip_fopen(z, part, 0);
  assert_non_null(zf);
  assert_int_equal(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
  zip_fclose(zf);
  zip_close(z);
  zip_error_fini(&ze);
  return buf;
}

static void test_hostile_text_in_every_field_is_escaped(void **state) {
  (void)state;
  for (int k = 0; k < GK_LETTER_KIND_LAST; k++) {
    gk_letter *l = NULL;
    assert_int_equal(gk_letter_new(&l, (gk_letter_kind)k, NULL, NULL), GK_OK);
    size_t n = gk_letter_field_count((gk_letter_kind)k);
    assert_true(n >= 5);
    for (size_t i = 0; i < n; i++)
      assert_int_equal(gk_letter_set(l,
                                     gk_letter_field_name((gk_letter_kind)k, i),
                                     hostile, NULL),
                       GK_OK);
    /* a template naming every field once */
    char tpl[2048] = "# 标题\n";
    for (size_t i = 0; i < n; i++) {
      strcat(tpl, "{{");
      strcat(tpl, gk_letter_field_name((gk_letter_kind)k, i));
      strcat(tpl, "}}\n");
    }
    gk_letter_opts o = {.version = GK_LETTER_OPTS_VERSION,
                        .template_text = tpl,
                        .template_len = strlen(tpl)};
    sink s = {0};
    assert_int_equal(gk_letter_write(l, &o, to_sink, &s, NULL), GK_OK);
    assert_null(strstr(s.p, "<script"));
    assert_null(strstr(s.p, "<w:p/>"));
    /* each field's value appears escaped, once per field, and the ref
     * once more in the page's <title> */
    size_t seen = 0;
    for (const char *p = s.p;
         (p = strstr(p, "&lt;script&gt;alert(&quot;x&quot;)")); p++)
      seen++;
    assert_int_equal(seen, n + 1);
    /* a value is never expanded again, its newline is a line break */
    assert_non_null(strstr(s.p, "{{ref}}<br>second"));
    assert_non_null(strstr(s.p, "&amp;amp;&#39;") || strstr(s.p, "&amp;amp;'"));
    free(s.p);

    /* .docx: well-formed XML (libxml2), the text escaped */
    o.format = GK_LETTER_DOCX;
    sink z = {0};
    assert_int_equal(gk_letter_write(l, &o, to_sink, &z, NULL), GK_OK);
    char *doc = docx_part(&z, "word/document.xml");
    xmlDocPtr x = xmlReadMemory(doc, (int)strlen(doc), "document.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING);
    assert_non_null(x);
    xmlFreeDoc(x);
    assert_null(strstr(doc, "<script"));
    assert_null(strstr(doc, "<w:p/>"));
    assert_non_null(strstr(doc, "&lt;script&gt;"));
    free(doc);
    free(z.p);
    gk_letter_free(l);
  }
}

static void test_default_templates_use_only_their_fields(void **state) {
  (void)state;
  for (int k = 0; k < GK_LETTER_KIND_LAST; k++) {
    const char *t = gk_letter_template_default((gk_letter_kind)k);
    assert_non_null(t);
    assert_int_equal(
        gk_letter_template_check((gk_letter_kind)k, t, strlen(t), NULL, NULL),
        GK_OK);
    assert_int_equal(
        gk_letter_kind_from_name(gk_letter_kind_name((gk_letter_kind)k)), k);
  }
  assert_int_equal(gk_letter_kind_from_name("memo"), -1);
  gk_letter *l = NULL;
  assert_int_equal(gk_letter_new(&l, GK_LETTER_CONSULTATION, NULL, NULL),
                   GK_OK);
  /* the party's letter has no field for the applicant (PIPL) */
  assert_int_equal(gk_letter_set(l, "applicant", "x", NULL), GK_E_ARG);
  assert_int_equal(gk_letter_set(l, "applicant_id", "x", NULL), GK_E_ARG);
  assert_int_equal(gk_letter_set(l, "party", "x", NULL), GK_OK);
  assert_string_equal(gk_letter_get(l, "party"), "x");
  gk_letter_free(l);
}

/* === Broken templates === */

static void
test_broken_templates_name_the_place_and_write_nothing(void **state) {
  (void)state;
  static const struct {
    gk_letter_kind kind;
    const char *tpl;
    gk_status st;
    int64_t line, col;
    const char *says;
  } cases[] = {
      {GK_LETTER_RECEIPT, "# 回执\n您好{{nobody}}。\n", GK_E_ARG, 2, 7,
       "{{nobody}}"},
      {GK_LETTER_RECEIPT, "# 回执\n\n> 落款 {{agency}\n", GK_E_ARG, 3, 10,
       "没有"},
      {GK_LETTER_FEE, "{{until}}", GK_E_ARG, 1, 1, "{{until}}"},
      {GK_LETTER_CONSULTATION, "# 意见书\n< {{applicant}}：\n", GK_E_ARG, 2, 3,
       "{{applicant}}"},
      {GK_LETTER_ANSWER, "一\n二\x01三\n", GK_E_ARG, 2, 4, "控制字符"},
      {GK_LETTER_ANSWER, "\xff\xfe答复", GK_E_ENCODING, 0, 0, "UTF-8"},
      {GK_LETTER_ANSWER, "", GK_E_EMPTY, 0, 0, "空"},
      {GK_LETTER_ANSWER, "\n\n\n", GK_E_EMPTY, 0, 0, "空"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    gk_letter *l = NULL;
    assert_int_equal(gk_letter_new(&l, cases[i].kind, NULL, NULL), GK_OK);
    gk_letter_opts o = {.version = GK_LETTER_OPTS_VERSION,
                        .template_text = cases[i].tpl,
                        .template_len = strlen(cases[i].tpl),
                        .template_name = "office/x.txt"};
    for (int fmt = 0; fmt < 2; fmt++) {
      o.format = (gk_letter_format)fmt;
      sink s = {0};
      gk_error err;
      gk_error_clear(&err);
      gk_status st = gk_letter_write(l, &o, to_sink, &s, &err);
      if (st != cases[i].st)
        fail_msg("case %zu: status %d, want %d (%s)", i, (int)st,
                 (int)cases[i].st, err.message);
      assert_int_equal(s.calls, 0); /* nothing written */
      free(s.p);
      assert_non_null(strstr(err.message, "office/x.txt"));
      if (!strstr(err.message, cases[i].says))
        fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.message,
                 cases[i].says);
      if (cases[i].line) {
        assert_int_equal(err.line, cases[i].line);
        assert_int_equal(err.column, cases[i].col);
      }
    }
    gk_letter_free(l);
  }
}

/* === Reminders === */

typedef struct seen {
  char line[16][96];
  size_t n;
} seen;

static int remember(const gk_remind_item *it, void *ud) {
  seen *s = ud;
  if (s->n < 16)
    snprintf(s->line[s->n++], 96, "%s %s %d %lld",
             gk_remind_kind_name(it->kind), it->ref, (int)it->due_on,
             (long long)it->days_left);
  return 0;
}

static void test_remind_lists_each_kind_in_order(void **state) {
  fixture *f = *state;
  gk_ledger *led = f->led;
  /* due 2026-11-30 (20 wd after 2 Nov): overdue on 7 Dec by 5 wd */
  assert_int_equal(add(led, "R-old", "甲", 20261102, NULL), GK_OK);
  /* due 2026-12-09: 2 working days left */
  assert_int_equal(add(led, "R-soon", "乙", 20261111, NULL), GK_OK);
  /* due later than 5 working days: not listed */
  assert_int_equal(add(led, "R-far", "丙", 20261201, NULL), GK_OK);
  /* 补正 asked with a period that has passed */
  assert_int_equal(add(led, "R-corr", "丁", 20261123, NULL), GK_OK);
  act(led, "R-corr",
      (gk_app_action){
          .action = "request-correction", .on = 20261124, .until = 20261127});
  /* answered: never listed, however old */
  assert_int_equal(add(led, "R-done", "戊", 20261012, NULL), GK_OK);
  act(led, "R-done",
      (gk_app_action){.action = "answer",
                      .on = 20261020,
                      .outcome = "granted",
                      .basis = "第三十六条"});
  /* voided: left out */
  assert_int_equal(add(led, "R-void", "己", 20261009, NULL), GK_OK);
  assert_int_equal(gk_ledger_app_void(led, "R-void", "重复", 0, NULL, NULL),
                   GK_OK);
  seen s = {0};
  int64_t counts[GK_REMIND_KIND_LAST];
  gk_error err;
  gk_error_clear(&err);
  assert_int_equal(gk_ledger_remind(led, 5, 0, remember, &s, counts, &err),
                   GK_OK);
  assert_int_equal(s.n, 3);
  assert_string_equal(s.line[0], "overdue R-old 20261130 -5");
  assert_string_equal(s.line[1], "due_soon R-soon 20261209 2");
  assert_string_equal(s.line[2], "correction R-corr 20261127 -6");
  assert_int_equal(counts[GK_REMIND_OVERDUE], 1);
  assert_int_equal(counts[GK_REMIND_DUE_SOON], 1);
  assert_int_equal(counts[GK_REMIND_CORRECTION], 1);
  assert_int_equal(counts[GK_REMIND_FEE], 0);
  /* within 0: nothing is "due soon"; a wider window takes R-far */
  assert_int_equal(gk_ledger_remind(led, 0, 0, NULL, NULL, counts, NULL),
                   GK_OK);
  assert_int_equal(counts[GK_REMIND_DUE_SOON], 0);
  assert_int_equal(gk_ledger_remind(led, 30, 0, NULL, NULL, counts, NULL),
                   GK_OK);
  assert_int_equal(counts[GK_REMIND_DUE_SOON], 2);
  assert_int_equal(gk_ledger_remind(led, 61, 0, NULL, NULL, counts, NULL),
                   GK_E_ARG);
}

/* Nothing to remind of: counts of 0 (an empty list was sorted through a
 * NULL base: UBSan's nonnull). */
static void test_remind_on_an_empty_ledger(void **state) {
  fixture *f = *state;
  int64_t counts[GK_REMIND_KIND_LAST];
  seen s = {0};
  assert_int_equal(gk_ledger_remind(f->led, 5, 0, remember, &s, counts, NULL),
                   GK_OK);
  assert_int_equal(s.n, 0);
  for (int k = 0; k < GK_REMIND_KIND_LAST; k++)
    assert_int_equal(counts[k], 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_every_kind_is_filled_from_the_ledger,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_each_consultation_has_its_letter, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_a_step_not_taken_has_no_letter,
                                      setup, teardown),
      cmocka_unit_test(test_hostile_text_in_every_field_is_escaped),
      cmocka_unit_test(test_default_templates_use_only_their_fields),
      cmocka_unit_test(test_broken_templates_name_the_place_and_write_nothing),
      cmocka_unit_test_setup_teardown(test_remind_lists_each_kind_in_order,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_remind_on_an_empty_ledger, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
