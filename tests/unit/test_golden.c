/* test_golden.c: every case under tests/golden/ through the library.
 *
 * A case is a directory holding 'expected.json' (the report with its
 * findings, as `gongkai check --format json` prints it), 'exit' (the CLI's
 * expected exit code) and either 'input.txt' or 'source' (one line: a path
 * relative to the source tree, e.g. a seed in tests/data/seeds). Here the
 * input goes through gk_report_read_text, gk_check_run and gk_write_json,
 * and the result must equal expected.json (jansson's json_equal). The same
 * cases run through the gongkai binary in tests/cli/test_golden.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gongkai.h"

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (n < cap)
      break;
    char *nb = realloc(buf, cap * 2);
    if (!nb) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = nb;
    cap *= 2;
  }
  fclose(f);
  if (buf)
    buf[n < cap ? n : cap - 1] = '\0';
  *len = n;
  return buf;
}

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

/* Resolves a case's input path and the name the CLI would print. */
static void input_path(const char *src, const char *casedir, char *path,
                       size_t pathsz, char *name, size_t namesz) {
  char p[4096];
  if (snprintf(p, sizeof(p), "%s/source", casedir) >= (int)sizeof(p))
    fail_msg("path too long: %s", casedir);
  size_t len = 0;
  char *rel = slurp(p, &len);
  if (rel) {
    rel[strcspn(rel, "\r\n")] = '\0';
    if (snprintf(path, pathsz, "%s/%s", src, rel) >= (int)pathsz ||
        snprintf(name, namesz, "%s", rel) >= (int)namesz)
      fail_msg("path too long: %s", rel);
    free(rel);
    return;
  }
  if (snprintf(path, pathsz, "%s/input.txt", casedir) >= (int)pathsz ||
      snprintf(name, namesz, "%s", path + strlen(src) + 1) >= (int)namesz)
    fail_msg("path too long: %s", casedir);
}

static void run_case(const char *src, const char *casename) {
  char casedir[4096], path[4096], name[4096], exp_path[4200];
  if (snprintf(casedir, sizeof(casedir), "%s/tests/golden/%s", src,
               casename) >= (int)sizeof(casedir))
    fail_msg("path too long: %s", casename);
  input_path(src, casedir, path, sizeof(path), name, sizeof(name));
  size_t len = 0;
  char *buf = slurp(path, &len);
  assert_non_null(buf);

  gk_read_opts opts = {GK_READ_OPTS_VERSION, 0, name, {0}, NULL};
  gk_error err;
  gk_error_clear(&err);
  gk_report *rep = NULL;
  gk_status st = gk_report_read_text(&rep, buf, len, &opts, &err);
  if (st)
    fail_msg("%s: read failed: %s", casename, err.message);
  assert_int_equal(gk_check_run(rep, GK_CHECK_ALL, &err), GK_OK);
  char *json = NULL;
  assert_int_equal(gk_write_json(rep, GK_LANG_ZH, collect, &json, &err),
                   GK_OK);
  gk_report_free(rep);
  free(buf);

  json_error_t jerr;
  json_t *got = json_loads(json, 0, &jerr);
  if (!got)
    fail_msg("%s: output is not JSON: %s", casename, jerr.text);
  if (snprintf(exp_path, sizeof(exp_path), "%s/expected.json", casedir) >=
      (int)sizeof(exp_path))
    fail_msg("path too long: %s", casedir);
  json_t *want = json_load_file(exp_path, 0, &jerr);
  if (!want)
    fail_msg("%s: %s: %s", casename, exp_path, jerr.text);
  if (!json_equal(got, want)) {
    char *g = json_dumps(got, JSON_INDENT(1) | JSON_SORT_KEYS);
    fprintf(stderr, "%s: output differs from expected.json; got:\n%s\n",
            casename, g);
    free(g);
    fail();
  }
  json_decref(got);
  json_decref(want);
  free(json);
}

static void test_golden_cases_match_through_library(void **state) {
  (void)state;
  const char *src = getenv("GK_SOURCE_DIR");
  assert_non_null(src);
  char dir[4096];
  snprintf(dir, sizeof(dir), "%s/tests/golden", src);
  DIR *d = opendir(dir);
  assert_non_null(d);
  struct dirent *e;
  int n = 0;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    run_case(src, e->d_name);
    n++;
  }
  closedir(d);
  assert_true(n >= 5); /* at least the five seeds */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_golden_cases_match_through_library),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
