/* check_report.c: the smallest program that embeds libgongkai. It reads
 * one annual report (text, .docx, HTML or PDF, told from the bytes), runs
 * every check and prints the findings, then exits 0 (no error), 1 (errors
 * found) or 2 (unreadable). Build it against an installed gongkai:
 *
 *   cc check_report.c $(pkg-config --cflags --libs gongkai) -o check_report
 */
#include <gongkai.h>

#include <stdio.h>
#include <stdlib.h>

/* Reads the whole file into a malloc'd buffer; NULL on failure. */
static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap)
      break;
    char *grown = realloc(buf, cap * 2);
    if (!grown) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = grown;
    cap *= 2;
  }
  if (ferror(f)) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = n;
  return buf;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s REPORT\n", argv[0]);
    return 2;
  }
  size_t len = 0;
  char *buf = slurp(argv[1], &len);
  if (!buf) {
    perror(argv[1]);
    return 2;
  }
  gk_read_opts opts = GK_READ_OPTS_INIT;
  opts.source_name = argv[1];
  gk_error err;
  gk_error_clear(&err);
  gk_report *rep = NULL;
  gk_status st = gk_report_read_buffer(&rep, buf, len, &opts, &err);
  free(buf);
  if (st == GK_OK)
    st = gk_check_run(rep, GK_CHECK_ALL, &err);
  if (st != GK_OK) {
    fprintf(stderr, "%s: %s: %s\n", argv[1], gk_strerror(st, GK_LANG_EN),
            err.message_en);
    gk_report_free(rep);
    return 2;
  }
  printf("%s: %s %d, gongkai %s\n", argv[1], gk_report_agency(rep),
         gk_report_year(rep), gk_version());
  for (size_t i = 0; i < gk_report_finding_count(rep); i++) {
    const gk_finding *f = gk_report_finding(rep, i);
    printf("%s[%s] %s\n",
           gk_finding_severity(f) == GK_SEV_ERROR ? "error" : "warning",
           gk_finding_rule(f), gk_finding_message(f, GK_LANG_EN));
  }
  int errors = (int)gk_report_count(rep, GK_SEV_ERROR);
  gk_report_free(rep);
  return errors ? 1 : 0;
}
