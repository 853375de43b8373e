/* gen_docx.c: writes N generated annual reports as .docx into a
 * directory, with gongkai's own writer, for bench/docx.sh.
 *
 *   gen_docx DIR N SEED
 *
 * Report i is generated from seed SEED + i (tests/support/gen.h, every
 * option random, one in ten with a wrong cell), read with the text reader
 * and written with gk_write_docx to DIR/NNNNNN.docx (DIR must exist).
 * Prints the count and bytes written. */
#include "gen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_u64(const char *s, unsigned long long *out) {
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || !end || end == s || *end)
    return -1;
  *out = v;
  return 0;
}

static int file_sink(const char *data, size_t len, void *ud) {
  return fwrite(data, 1, len, ud) == len ? 0 : -1;
}

int main(int argc, char **argv) {
  unsigned long long n = 0, seed = 0;
  if (argc != 4 || parse_u64(argv[2], &n) || parse_u64(argv[3], &seed)) {
    fprintf(stderr, "usage: gen_docx DIR N SEED\n");
    return 2;
  }
  gk_gen *g = NULL;
  gk_reader *rd = NULL;
  if (gk_gen_new(&g, seed) || gk_reader_new(&rd, NULL)) {
    fprintf(stderr, "gen_docx: out of memory\n");
    return 3;
  }
  unsigned long long bytes = 0;
  int rc = 0;
  for (unsigned long long i = 0; i < n && !rc; i++) {
    gk_gen_reseed(g, seed + i);
    gk_gen_opts o = {0};
    o.random_flags = 1;
    o.corrupt = gk_gen_below(g, 10) == 0;
    const char *text = NULL;
    size_t len = 0;
    gk_report *rep = NULL;
    gk_error err;
    gk_error_clear(&err);
    gk_status st = gk_gen_report(g, &o, &text, &len, NULL);
    if (!st)
      st = gk_reader_read_text(rd, &rep, text, len, NULL, &err);
    char path[4096];
    snprintf(path, sizeof(path), "%s/%06llu.docx", argv[1], i);
    FILE *f = st ? NULL : fopen(path, "wb");
    if (!st && !f) {
      fprintf(stderr, "gen_docx: %s: %s\n", path, strerror(errno));
      rc = 3;
    }
    if (f) {
      st = gk_write_docx(rep, GK_LANG_ZH, file_sink, f, &err);
      bytes += (unsigned long long)ftell(f);
      if (fclose(f))
        st = GK_E_IO;
    }
    if (st && !rc) {
      fprintf(stderr, "gen_docx: report %llu: %s %s\n", i,
              gk_strerror(st, GK_LANG_EN), err.message_en);
      rc = 3;
    }
    gk_report_free(rep);
  }
  gk_reader_free(rd);
  gk_gen_free(g);
  printf("%llu reports, %llu bytes\n", n, bytes);
  return rc;
}
