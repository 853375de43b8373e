/* gen_reports.c: writes N generated annual reports into a directory, for
 * the benchmark (bench/run.sh) and the fuzz corpus (fuzz/make_corpus.sh).
 *
 *   gen_reports DIR N SEED [LAYOUT] [--terse] [--prefix P]
 *
 * Report i is generated from seed SEED + i with every option random (mixed
 * templates, layouts, encodings and variants; one report in ten has one
 * wrong cell of table apply), so any file can be made again alone. LAYOUT
 * (tika, tabs, spaces, lines, markdown, glued) fixes the layout; --terse
 * keeps one sentence a section (small fuzz seeds). Files are
 * DIR/PNNNNNN.txt (P empty unless --prefix); DIR must exist. Prints the
 * count and bytes written. */
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

int main(int argc, char **argv) {
  unsigned long long n = 0, seed = 0;
  if (argc < 4 || parse_u64(argv[2], &n) || parse_u64(argv[3], &seed)) {
    fprintf(stderr,
            "usage: gen_reports DIR N SEED [LAYOUT] [--terse] [--prefix P]\n");
    return 2;
  }
  int layout = GK_GEN_LAYOUT_RANDOM, terse = 0;
  const char *prefix = "";
  for (int a = 4; a < argc; a++) {
    if (!strcmp(argv[a], "--terse")) {
      terse = 1;
      continue;
    }
    if (!strcmp(argv[a], "--prefix") && a + 1 < argc) {
      prefix = argv[++a];
      continue;
    }
    int found = 0;
    for (int l = 1; l < GK_GEN_LAYOUT_COUNT; l++)
      if (!strcmp(argv[a], gk_gen_layout_name((gk_gen_layout)l)))
        found = l;
    layout = found;
    if (!found) {
      fprintf(stderr, "gen_reports: unknown argument '%s'\n", argv[a]);
      return 2;
    }
  }
  gk_gen *g = NULL;
  if (gk_gen_new(&g, seed)) {
    fprintf(stderr, "gen_reports: out of memory\n");
    return 3;
  }
  unsigned long long bytes = 0;
  int rc = 0;
  for (unsigned long long i = 0; i < n; i++) {
    gk_gen_reseed(g, seed + i);
    gk_gen_opts o = {0};
    o.layout = layout;
    o.terse = terse;
    o.random_flags = 1;
    o.corrupt = gk_gen_below(g, 10) == 0;
    const char *text = NULL;
    size_t len = 0;
    gk_status st = gk_gen_report(g, &o, &text, &len, NULL);
    if (st) {
      fprintf(stderr, "gen_reports: %s\n", gk_strerror(st, GK_LANG_EN));
      rc = 3;
      break;
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s%06llu.txt", argv[1], prefix, i);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len) {
      fprintf(stderr, "gen_reports: %s: %s\n", path, strerror(errno));
      if (f)
        fclose(f);
      rc = 2;
      break;
    }
    if (fclose(f)) {
      fprintf(stderr, "gen_reports: %s: %s\n", path, strerror(errno));
      rc = 2;
      break;
    }
    bytes += len;
  }
  gk_gen_free(g);
  if (!rc)
    printf("%llu reports, %llu bytes\n", n, bytes);
  return rc;
}
