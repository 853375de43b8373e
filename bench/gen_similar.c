/* gen_similar.c: a corpus for bench/similar.sh: N generated reports with
 * varied narratives (gk_gen_opts.narrative), of which PAIRS are planted
 * near-copies of an earlier one (same narrative seed, another report's
 * numbers and agency, EDIT percent of sentences rewritten).
 *
 *   gen_similar DIR N SEED PAIRS [EDIT]
 *
 * Files are DIR/NNNNNN.txt; the planted pairs go to standard output, one
 * "ORIGINAL<TAB>COPY" (file names) a line. */
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
  unsigned long long n = 0, seed = 0, pairs = 0, edit = 5;
  if (argc < 5 || parse_u64(argv[2], &n) || parse_u64(argv[3], &seed) ||
      parse_u64(argv[4], &pairs) || pairs >= n ||
      (argc > 5 && (parse_u64(argv[5], &edit) || edit > 100))) {
    fprintf(stderr, "usage: gen_similar DIR N SEED PAIRS [EDIT]\n");
    return 2;
  }
  gk_gen *g = NULL;
  if (gk_gen_new(&g, seed)) {
    fprintf(stderr, "gen_similar: out of memory\n");
    return 3;
  }
  unsigned long long originals = n - pairs;
  int rc = 0;
  for (unsigned long long i = 0; i < n && !rc; i++) {
    gk_gen_reseed(g, seed + i);
    gk_gen_opts o = {0};
    o.random_flags = 1;
    /* copies take the narrative of an original spread over the corpus */
    unsigned long long of =
        i < originals ? i : (i - originals) * 7919 % originals;
    o.narrative = seed * 1000003ull + of + 1;
    o.narrative_edit = i < originals ? 0 : (int)edit;
    const char *text = NULL;
    size_t len = 0;
    gk_status st = gk_gen_report(g, &o, &text, &len, NULL);
    if (st) {
      fprintf(stderr, "gen_similar: %s\n", gk_strerror(st, GK_LANG_EN));
      rc = 3;
      break;
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/%06llu.txt", argv[1], i);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f)) {
      fprintf(stderr, "gen_similar: %s: %s\n", path, strerror(errno));
      rc = 2;
      break;
    }
    if (i >= originals)
      printf("%s/%06llu.txt\t%s/%06llu.txt\n", argv[1], of, argv[1], i);
  }
  gk_gen_free(g);
  return rc;
}
