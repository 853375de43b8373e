/* cli_files.c: turns the command line's FILE|DIR|- arguments into the
 * ordered list of inputs. Directories are walked depth first, entries in
 * byte order of their names (strcmp: stable whatever the locale or the
 * file system's order), hidden entries (".name") skipped, only regular
 * files kept (symbolic links to regular files count; links to
 * directories are not followed, so a cycle cannot loop). A path that
 * cannot be listed is kept as an input carrying its errno, so it is
 * reported in its place and the run goes on.
 *
 * Memory: the benchmark hands one directory of 20,000 files to a single
 * call, so names are packed into one buffer per list (no allocation per
 * file), both for the inputs and for a directory's entries while they
 * are sorted. */
/* d_type of directory entries (a BSD/GNU field): saves one lstat per
 * file where the file system fills it in. */
#define _DEFAULT_SOURCE
#include "cli_common.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Deeper trees are reported, not walked: a bound on the recursion. */
#define MAX_DEPTH 64

/* Grows '*p' (of '*cap' elements of 'size' bytes) to hold 'need'. */
static int grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap)
    return 0;
  size_t ncap = *cap ? *cap : 64;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2 / size)
      return -1;
    ncap *= 2;
  }
  void *np = realloc(*p, ncap * size);
  if (!np)
    return -1;
  *p = np;
  *cap = ncap;
  return 0;
}

const char *cli_input_name(const cli_inputs *in, size_t i) {
  return in->text + in->v[i].name;
}

const char *cli_input_path(const cli_inputs *in, size_t i) {
  return in->v[i].is_stdin ? NULL : in->text + in->v[i].name;
}

/* Appends an input named 'name'. -1 on OOM. */
static int add(cli_inputs *in, const char *name, int errnum, int is_stdin) {
  size_t n = strlen(name) + 1;
  if (grow((void **)&in->v, &in->cap, in->n + 1, sizeof(*in->v)) ||
      n > SIZE_MAX / 2 - in->len ||
      grow((void **)&in->text, &in->tcap, in->len + n, 1))
    return -1;
  memcpy(in->text + in->len, name, n);
  in->v[in->n].name = in->len;
  in->v[in->n].errnum = errnum;
  in->v[in->n].is_stdin = is_stdin;
  in->len += n;
  in->n++;
  return 0;
}

/* A directory's visible entry names, packed, and pointers to them in
 * sorted order. */
typedef struct listing {
  char *text;    /* names, each NUL-terminated after a byte ENT_* */
  size_t len;    /* bytes used */
  size_t tcap;   /* bytes allocated */
  size_t *off;   /* offset of each name, then... */
  char **sorted; /* ...pointers to them, sorted */
  size_t n;      /* names */
  size_t cap;    /* offsets allocated */
} listing;

static void listing_free(listing *l) {
  free(l->text);
  free(l->off);
  free(l->sorted);
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What readdir says an entry is, without a stat. */
enum { ENT_UNKNOWN = 0, ENT_REG, ENT_DIR, ENT_OTHER };

static int entry_type(const struct dirent *de) {
#ifdef _DIRENT_HAVE_D_TYPE
  switch (de->d_type) {
  case DT_REG:
    return ENT_REG;
  case DT_DIR:
    return ENT_DIR;
  case DT_FIFO:
  case DT_SOCK:
  case DT_CHR:
  case DT_BLK:
    return ENT_OTHER;
  default: /* DT_UNKNOWN; DT_LNK: stat says where it points */
    return ENT_UNKNOWN;
  }
#else
  (void)de;
  return ENT_UNKNOWN;
#endif
}

/* Lists 'dir'. -1 with errno set (ENOMEM for out of memory). */
static int list_dir(const char *dir, listing *l) {
  memset(l, 0, sizeof(*l));
  DIR *d = opendir(dir);
  if (!d)
    return -1;
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
    size_t n = strlen(de->d_name) + 1;
    if (grow((void **)&l->off, &l->cap, l->n + 1, sizeof(*l->off)) ||
        grow((void **)&l->text, &l->tcap, l->len + 1 + n, 1)) {
      errno = ENOMEM;
      rc = -1;
      break;
    }
    l->text[l->len] = (char)entry_type(de);
    memcpy(l->text + l->len + 1, de->d_name, n);
    l->off[l->n++] = l->len + 1;
    l->len += 1 + n;
  }
  int saved = errno;
  closedir(d);
  if (!rc && l->n) {
    l->sorted = malloc(l->n * sizeof(*l->sorted));
    if (!l->sorted) {
      saved = ENOMEM;
      rc = -1;
    }
  }
  if (rc) {
    listing_free(l);
    errno = saved;
    return -1;
  }
  for (size_t i = 0; i < l->n; i++)
    l->sorted[i] = l->text + l->off[i];
  free(l->off);
  l->off = NULL;
  if (l->n)
    qsort(l->sorted, l->n, sizeof(*l->sorted), cmp_names);
  return 0;
}

/* Adds the regular files under 'dir'. -1 only on OOM. */
static int walk(cli_inputs *in, const char *dir, int depth) {
  if (depth > MAX_DEPTH)
    return add(in, dir, ELOOP, 0);
  listing l;
  if (list_dir(dir, &l)) {
    if (errno == ENOMEM)
      return -1;
    return add(in, dir, errno, 0);
  }
  size_t dlen = strlen(dir);
  const char *sep = dlen && dir[dlen - 1] == '/' ? "" : "/";
  char *path = NULL; /* reused for every entry */
  size_t pcap = 0;
  int rc = 0;
  for (size_t i = 0; !rc && i < l.n; i++) {
    size_t plen = dlen + strlen(sep) + strlen(l.sorted[i]) + 1;
    if (grow((void **)&path, &pcap, plen, 1)) {
      rc = -1;
      break;
    }
    snprintf(path, plen, "%s%s%s", dir, sep, l.sorted[i]);
    int type = l.sorted[i][-1]; /* from readdir: no lstat needed */
    struct stat st;
    if (type == ENT_REG)
      rc = add(in, path, 0, 0);
    else if (type == ENT_OTHER)
      continue; /* fifo, socket, device: no report */
    else if (type != ENT_DIR && lstat(path, &st))
      rc = add(in, path, errno, 0);
    else if (type == ENT_DIR || S_ISDIR(st.st_mode)) {
      /* the recursion reuses no buffer of ours: give it its own path */
      char *sub = malloc(plen);
      if (!sub) {
        rc = -1;
        break;
      }
      memcpy(sub, path, plen);
      rc = walk(in, sub, depth + 1);
      free(sub);
    } else if (S_ISREG(st.st_mode))
      rc = add(in, path, 0, 0);
    else if (S_ISLNK(st.st_mode) && stat(path, &st) == 0 && S_ISREG(st.st_mode))
      rc = add(in, path, 0, 0);
    /* anything else (fifo, socket, device, dangling link) is no report */
  }
  free(path);
  listing_free(&l);
  return rc;
}

int cli_inputs_collect(cli_inputs *out, int argc, char **argv) {
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    struct stat st;
    int rc;
    if (strcmp(a, "-") == 0)
      rc = add(out, "-", 0, 1);
    else if (stat(a, &st))
      rc = add(out, a, errno, 0);
    else if (S_ISDIR(st.st_mode)) {
      size_t before = out->n;
      rc = walk(out, a, 0);
      if (!rc && out->n == before)
        cli_warn(cli_tr("目录 %s 中没有文件", "no files in directory %s"), a);
    } else
      rc = add(out, a, 0, 0); /* named explicitly: read whatever it is */
    if (rc)
      return -1;
  }
  return 0;
}

void cli_inputs_free(cli_inputs *in) {
  free(in->v);
  free(in->text);
  memset(in, 0, sizeof(*in));
}
