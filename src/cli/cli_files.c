/* cli_files.c: turns the command line's FILE|DIR|- arguments into the
 * ordered list of inputs. Directories are walked depth first, entries in
 * byte order of their names (strcmp: stable whatever the locale or the
 * file system's order), hidden entries (".name") skipped, only regular
 * files kept (symbolic links to regular files count; links to
 * directories are not followed, so a cycle cannot loop). A path that
 * cannot be listed is kept as an input carrying its errno, so it is
 * reported in its place and the run goes on. */
#include "cli_common.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Deeper trees are reported, not walked: a bound on the recursion. */
#define MAX_DEPTH 64

static char *dup_str(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p)
    memcpy(p, s, n);
  return p;
}

/* Appends an input; 'path' NULL means standard input. */
static int add(cli_inputs *in, const char *path, const char *name, int errnum) {
  if (in->n == in->cap) {
    size_t cap = in->cap ? in->cap * 2 : 64;
    cli_input *v = realloc(in->v, cap * sizeof(*v));
    if (!v)
      return -1;
    in->v = v;
    in->cap = cap;
  }
  cli_input *e = &in->v[in->n];
  e->path = path ? dup_str(path) : NULL;
  e->name = dup_str(name);
  e->errnum = errnum;
  if ((path && !e->path) || !e->name) {
    free(e->path);
    free(e->name);
    return -1;
  }
  in->n++;
  return 0;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
}

/* Reads the visible entry names of 'dir', sorted. -1 with errno set. */
static int list_dir(const char *dir, char ***out, size_t *count) {
  DIR *d = opendir(dir);
  if (!d)
    return -1;
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  for (;;) {
    errno = 0;
    struct dirent *de = readdir(d);
    if (!de) {
      if (errno)
        rc = -1;
      break;
    }
    if (de->d_name[0] == '.')
      continue; /* hidden, and . and .. */
    if (n == cap) {
      size_t ncap = cap ? cap * 2 : 32;
      char **nn = realloc(names, ncap * sizeof(*nn));
      if (!nn) {
        errno = ENOMEM;
        rc = -1;
        break;
      }
      names = nn;
      cap = ncap;
    }
    names[n] = dup_str(de->d_name);
    if (!names[n]) {
      errno = ENOMEM;
      rc = -1;
      break;
    }
    n++;
  }
  int saved = errno;
  closedir(d);
  if (rc) {
    free_names(names, n);
    errno = saved;
    return -1;
  }
  if (n)
    qsort(names, n, sizeof(*names), cmp_names);
  *out = names;
  *count = n;
  return 0;
}

/* Adds the regular files under 'dir'. -1 only on OOM. */
static int walk(cli_inputs *in, const char *dir, int depth) {
  if (depth > MAX_DEPTH)
    return add(in, dir, dir, ELOOP);
  char **names = NULL;
  size_t n = 0;
  if (list_dir(dir, &names, &n)) {
    if (errno == ENOMEM)
      return -1;
    return add(in, dir, dir, errno);
  }
  size_t dlen = strlen(dir);
  const char *sep = dlen && dir[dlen - 1] == '/' ? "" : "/";
  int rc = 0;
  for (size_t i = 0; !rc && i < n; i++) {
    size_t plen = dlen + strlen(sep) + strlen(names[i]) + 1;
    char *path = malloc(plen);
    if (!path) {
      rc = -1;
      break;
    }
    snprintf(path, plen, "%s%s%s", dir, sep, names[i]);
    struct stat st;
    if (lstat(path, &st))
      rc = add(in, path, path, errno);
    else if (S_ISDIR(st.st_mode))
      rc = walk(in, path, depth + 1);
    else if (S_ISREG(st.st_mode))
      rc = add(in, path, path, 0);
    else if (S_ISLNK(st.st_mode) && stat(path, &st) == 0 && S_ISREG(st.st_mode))
      rc = add(in, path, path, 0);
    /* anything else (fifo, socket, device, dangling link) is no report */
    free(path);
  }
  free_names(names, n);
  return rc;
}

int cli_inputs_collect(cli_inputs *out, int argc, char **argv) {
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    struct stat st;
    int rc;
    if (strcmp(a, "-") == 0)
      rc = add(out, NULL, "-", 0);
    else if (stat(a, &st))
      rc = add(out, a, a, errno);
    else if (S_ISDIR(st.st_mode)) {
      size_t before = out->n;
      rc = walk(out, a, 0);
      if (!rc && out->n == before)
        cli_warn(cli_tr("目录 %s 中没有文件", "no files in directory %s"), a);
    } else
      rc = add(out, a, a, 0); /* named explicitly: read whatever it is */
    if (rc)
      return -1;
  }
  return 0;
}

void cli_inputs_free(cli_inputs *in) {
  for (size_t i = 0; i < in->n; i++) {
    free(in->v[i].path);
    free(in->v[i].name);
  }
  free(in->v);
  in->v = NULL;
  in->n = in->cap = 0;
}
