/* replay.c: runs a fuzz entry point over files without libFuzzer, so
 * every build (GCC, ASan) replays the corpus in ctest (style.md §10).
 *
 *   replay FILE_OR_DIR...
 *
 * Each regular file (directories are read one level deep, in name order)
 * is passed whole to LLVMFuzzerTestOneInput. A crash or a sanitizer report
 * fails the test; the last file is named on stderr before it runs. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path, size_t *count) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    return -1;
  }
  size_t cap = 1 << 16, len = 0;
  uint8_t *buf = malloc(cap);
  if (!buf) {
    fclose(f);
    fprintf(stderr, "replay: out of memory\n");
    return -1;
  }
  for (;;) {
    if (len == cap) {
      if (cap > SIZE_MAX / 2) {
        free(buf);
        fclose(f);
        return -1;
      }
      uint8_t *p = realloc(buf, cap * 2);
      if (!p) {
        free(buf);
        fclose(f);
        fprintf(stderr, "replay: out of memory\n");
        return -1;
      }
      buf = p;
      cap *= 2;
    }
    size_t n = fread(buf + len, 1, cap - len, f);
    len += n;
    if (n == 0)
      break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(buf);
    fprintf(stderr, "replay: %s: read error\n", path);
    return -1;
  }
  fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
  /* an exact-size copy, so ASan sees reads past the input's end */
  uint8_t *exact = malloc(len ? len : 1);
  if (!exact) {
    free(buf);
    return -1;
  }
  memcpy(exact, buf, len);
  free(buf);
  LLVMFuzzerTestOneInput(exact, len);
  free(exact);
  (*count)++;
  return 0;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, size_t *count) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    if (n == cap) {
      size_t nc = cap ? cap * 2 : 64;
      char **p = realloc(names, nc * sizeof(*p));
      if (!p) {
        rc = -1;
        break;
      }
      names = p;
      cap = nc;
    }
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    names[n] = malloc(len);
    if (!names[n]) {
      rc = -1;
      break;
    }
    snprintf(names[n], len, "%s/%s", dir, e->d_name);
    n++;
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof(*names), cmp_names);
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (!rc && stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
      rc = run_file(names[i], count);
    free(names[i]);
  }
  free(names);
  return rc;
}

int main(int argc, char **argv) {
  size_t count = 0;
  if (argc < 2) {
    fprintf(stderr, "usage: replay FILE_OR_DIR...\n");
    return 2;
  }
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
      return 1;
    }
    int rc = S_ISDIR(st.st_mode) ? run_dir(argv[i], &count)
                                 : run_file(argv[i], &count);
    if (rc)
      return 1;
  }
  if (count == 0) {
    fprintf(stderr, "replay: no input files\n");
    return 1;
  }
  printf("replay: %zu inputs ran\n", count);
  return 0;
}
