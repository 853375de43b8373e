/* test_reader_reuse.c: a gk_reader reused over many reports (as each CLI
 * worker does) reads every one exactly as a fresh gk_report_read_text
 * does: nothing of one read leaks into the next. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "gongkai.h"

static int collect(const char *data, size_t len, void *ud) {
  char **acc = ud;
  size_t old = *acc ? strlen(*acc) : 0;
  char *nb = realloc(*acc, old + len + 1);
  if (!nb)
    return 1;
  memcpy(nb + old, data, len);
  nb[old + len] = '\0';
  *acc = nb;
  return 0;
}

/* JSON of a read report (with its checks), or the error message. */
static char *render(gk_status st, gk_report *rep, const gk_error *err) {
  char *out = NULL;
  if (st) {
    out = strdup(err->message);
    assert_non_null(out);
    return out;
  }
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(gk_check_run(rep, GK_CHECK_ALL, &e), GK_OK);
  assert_int_equal(gk_write_json(rep, GK_LANG_EN, collect, &out, &e), GK_OK);
  return out;
}

static void test_reused_reader_reads_like_a_fresh_one(void **state) {
  (void)state;
  gk_gen *g = NULL;
  gk_reader *reader = NULL;
  assert_int_equal(gk_gen_new(&g, 20261123), GK_OK);
  assert_int_equal(gk_reader_new(&reader, NULL), GK_OK);
  for (int i = 0; i < 400; i++) {
    gk_gen_opts o;
    memset(&o, 0, sizeof(o));
    o.random_flags = 1;
    o.corrupt = i % 3 == 0 ? 1 : 0;
    const char *text;
    size_t len;
    assert_int_equal(gk_gen_report(g, &o, &text, &len, NULL), GK_OK);
    /* every fifth input is cut short or emptied, so failed reads are
     * followed by good ones on the same reader */
    if (i % 5 == 4)
      len = i % 10 == 4 ? 0 : len / 3;
    gk_read_opts ro;
    memset(&ro, 0, sizeof(ro));
    ro.source_name = "gen.txt";
    gk_error e1, e2;
    gk_error_clear(&e1);
    gk_error_clear(&e2);
    gk_report *fresh = NULL, *reused = NULL;
    gk_status s1 = gk_report_read_text(&fresh, text, len, &ro, &e1);
    gk_status s2 = gk_reader_read_text(reader, &reused, text, len, &ro, &e2);
    assert_int_equal(s1, s2);
    char *a = render(s1, fresh, &e1);
    char *b = render(s2, reused, &e2);
    if (strcmp(a, b) != 0)
      fail_msg("report %d differs when the reader is reused", i);
    free(a);
    free(b);
    gk_report_free(fresh);
    gk_report_free(reused);
  }
  gk_reader_free(reader);
  gk_gen_free(g);
}

static void test_reader_refuses_a_different_allocator(void **state) {
  (void)state;
  gk_reader *reader = NULL;
  assert_int_equal(gk_reader_new(&reader, NULL), GK_OK);
  gk_alloc other = *gk_alloc_default();
  gk_read_opts ro;
  memset(&ro, 0, sizeof(ro));
  ro.alloc = &other;
  gk_report *rep = (gk_report *)&ro; /* must be reset to NULL */
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(gk_reader_read_text(reader, &rep, "x", 1, &ro, &e),
                   GK_E_ARG);
  assert_null(rep);
  assert_int_equal(e.code, GK_E_ARG);
  gk_reader_free(reader);
  gk_reader_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reused_reader_reads_like_a_fresh_one),
      cmocka_unit_test(test_reader_refuses_a_different_allocator),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
