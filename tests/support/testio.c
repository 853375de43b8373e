/* testio.c: see testio.h. */
#include "testio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const gk_test_seeds[GK_TEST_NSEEDS] = {
    "000_7a7af06b78520d01.txt", "001_eb4955ec489c8a4e.txt",
    "002_1940b8663137bb43.txt", "003_f5d5ef7bb5443bb4.txt",
    "004_3bfaa367c900be67.txt"};

char *gk_test_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = NULL;
  long n = -1;
  if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
      fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
      fread(buf, 1, (size_t)n, f) == (size_t)n) {
    buf[n] = '\0';
    *len = (size_t)n;
  } else {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  return buf;
}

char *gk_test_seed_text(size_t i, size_t *len) {
  if (i >= GK_TEST_NSEEDS)
    return NULL;
  const char *src = getenv("GK_SOURCE_DIR");
  char path[1024];
  snprintf(path, sizeof(path), "%s/tests/data/seeds/%s", src ? src : ".",
           gk_test_seeds[i]);
  return gk_test_slurp(path, len);
}

int gk_test_mem_sink(const char *data, size_t len, void *ud) {
  gk_test_mem *m = ud;
  if (m->len + len > m->cap) {
    size_t cap = (m->len + len) * 2;
    char *p = realloc(m->data, cap);
    if (!p)
      return -1;
    m->data = p;
    m->cap = cap;
  }
  memcpy(m->data + m->len, data, len);
  m->len += len;
  return 0;
}
