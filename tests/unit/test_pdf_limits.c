/* test_pdf_limits.c: poppler runs in a child process under memory and
 * time limits (issue 15 point 1, src/lib/read/pdf_poppler.c).
 *
 * The PDFs come from tests/cli/make_pdf.py (python3 + zlib): an 80 KB
 * page whose content stream inflates to 20 million characters (poppler
 * alone took 1.4 GB and more before the limits), a file of pages sharing
 * a stream of 8 million "q Q" (seconds of parsing in little memory), and
 * a plain one-page PDF whose text must still come through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gongkai.h"
#include "testio.h"

static char tmpdir[256];

/* Makes tmpdir/NAME.pdf with make_pdf.py KIND; returns its bytes. */
static char *make(const char *kind, const char *name, size_t *len) {
  const char *src = getenv("GK_SOURCE_DIR");
  char cmd[1024], path[512];
  snprintf(path, sizeof(path), "%s/%s.pdf", tmpdir, name);
  snprintf(cmd, sizeof(cmd), "python3 %s/tests/cli/make_pdf.py %s %s",
           src ? src : ".", kind, path);
  if (system(cmd) != 0)
    return NULL;
  return gk_test_slurp(path, len);
}

static int setup(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof(tmpdir), "%s/gk_pdflim_XXXXXX",
           getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char cmd[512];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

static size_t open_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  size_t n = 0;
  if (!d)
    return 0;
  while (readdir(d))
    n++;
  closedir(d);
  return n;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The bomb stops at the memory limit: GK_E_TOO_LARGE saying so, and no
 * child of this process grew much past it. */
static void test_pdf_bomb_stops_at_memory_limit(void **state) {
  (void)state;
  size_t len;
  char *buf = make("bomb", "bomb", &len);
  assert_non_null(buf);
  assert_true(len < 200 * 1024);
  struct rusage self;
  getrusage(RUSAGE_SELF, &self);
  gk_read_opts o;
  memset(&o, 0, sizeof(o));
  o.limits.max_pdf_memory = (size_t)128 << 20;
  gk_report *rep = NULL;
  gk_error e;
  gk_error_clear(&e);
  gk_status st = gk_reader_read_pdf(NULL, &rep, buf, len, &o, &e);
  assert_int_equal(st, GK_E_TOO_LARGE);
  assert_null(rep);
  assert_non_null(strstr(e.message_en, "memory limit (128 MiB)"));
  assert_non_null(strstr(e.message, "内存上限"));
  struct rusage kids;
  getrusage(RUSAGE_CHILDREN, &kids);
  /* KB: the child starts as a copy of this process, then may grow 128 MiB
   * plus what the watch lets through before it is scheduled, at most the
   * RLIMIT_AS slack (256 MiB); unbounded, poppler takes 1.3 GB */
  assert_true(kids.ru_maxrss < self.ru_maxrss + (128 + 384) * 1024);
  free(buf);
}

/* Pages of "q Q" use little memory but many seconds: the time limit. */
static void test_pdf_parsing_stops_at_time_limit(void **state) {
  (void)state;
  size_t len;
  char *buf = make("cpu", "cpu", &len);
  assert_non_null(buf);
  gk_read_opts o;
  memset(&o, 0, sizeof(o));
  o.limits.max_pdf_seconds = 1;
  gk_report *rep = NULL;
  gk_error e;
  gk_error_clear(&e);
  double t0 = now_s();
  gk_status st = gk_reader_read_pdf(NULL, &rep, buf, len, &o, &e);
  double took = now_s() - t0;
  assert_int_equal(st, GK_E_TOO_LARGE);
  assert_non_null(strstr(e.message_en, "time limit (1 s)"));
  assert_true(took < 10);
  free(buf);
}

/* A plain PDF's text still comes through the child (not a report: the
 * reader quotes what it found), and the read leaves no descriptor open
 * and no child unreaped. */
static void test_pdf_plain_text_comes_through_child(void **state) {
  (void)state;
  size_t len;
  char *buf = make("text", "text", &len);
  assert_non_null(buf);
  size_t fds = open_fds();
  for (int i = 0; i < 3; i++) {
    gk_report *rep = NULL;
    gk_error e;
    gk_error_clear(&e);
    gk_status st = gk_reader_read_pdf(NULL, &rep, buf, len, NULL, &e);
    assert_int_equal(st, GK_E_NOT_REPORT);
    assert_non_null(strstr(e.message_en, "Hellogongkai"));
  }
  assert_int_equal(open_fds(), fds);
  errno = 0;
  assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
  assert_int_equal(errno, ECHILD);
  free(buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pdf_plain_text_comes_through_child),
      cmocka_unit_test(test_pdf_bomb_stops_at_memory_limit),
      cmocka_unit_test(test_pdf_parsing_stops_at_time_limit),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
