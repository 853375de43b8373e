/* cli_many.c: what merge, compare and similar share: reading a report
 * (one function, cli_many_read: the same bytes path as parse and check),
 * reading many on the worker pool with results in input order, read
 * errors in check's format, and writing an output file atomically. */
#include "cli_common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

gk_status cli_many_read(gk_reader **reader, const cli_inputs *inputs, size_t i,
                        gk_report **out, gk_error *err) {
  const char *name = cli_input_name(inputs, i);
  char *buf = NULL;
  size_t len = 0;
  *out = NULL;
  gk_status st = cli_read_input(inputs, i, &buf, &len, err);
  if (st)
    return st;
  gk_read_opts ro;
  memset(&ro, 0, sizeof(ro));
  ro.source_name = name;
  ro.limits.max_input_bytes = CLI_MAX_INPUT;
  if (!*reader && gk_reader_new(reader, NULL))
    *reader = NULL;
  st = *reader ? gk_reader_read_buffer(*reader, out, buf, len, &ro, err)
               : gk_report_read_buffer(out, buf, len, &ro, err);
  free(buf);
  if (!st && !*out)
    st = GK_E_ARG; /* the reader broke its contract */
  if (!st && !gk_report_source_name(*out))
    st = gk_report_set_source_name(*out, name);
  if (st) {
    gk_report_free(*out);
    *out = NULL;
  }
  return st;
}

void cli_many_read_error(const char *name, gk_status st, const gk_error *err) {
  gk_lang lang = cli_lang();
  const char *what = gk_strerror(st, lang);
  const char *detail = lang == GK_LANG_EN ? err->message_en : err->message;
  const char *kind = st == GK_E_NOMEM || st == GK_E_ARG ? "internal" : "read";
  cli_progress_clear();
  fflush(stdout);
  fprintf(stderr, "%s", name);
  if (err->line > 0)
    fprintf(stderr, ":%lld", (long long)err->line);
  fprintf(stderr, ": error[%s]: %s", kind, what);
  if (detail[0] && strcmp(detail, what) != 0)
    fprintf(stderr, ": %s", detail);
  fputc('\n', stderr);
}

/* One input's result on the pool: the header, then the payload. */
typedef struct item {
  gk_report *rep; /* read report, or NULL */
  gk_status st;   /* read status */
  gk_error err;   /* details when st != GK_OK */
} item;
#define ITEM_SIZE ((sizeof(item) + 15) / 16 * 16) /* payload alignment */

typedef struct each {
  const cli_inputs *inputs; /* what to read */
  cli_many_work_fn work;    /* worker side, or NULL */
  cli_many_emit_fn emit;    /* main thread side */
  void *ctx;                /* the command's */
} each;

static void each_job(size_t i, void *res, void *ctx, void **local) {
  const each *e = ctx;
  item *it = res;
  gk_error_clear(&it->err);
  it->st = cli_many_read((gk_reader **)local, e->inputs, i, &it->rep, &it->err);
  if (!it->st && e->work)
    e->work(&it->rep, (unsigned char *)res + ITEM_SIZE, e->ctx);
}

static int each_emit(size_t i, void *res, void *ctx) {
  const each *e = ctx;
  item *it = res;
  gk_report *rep = it->rep;
  it->rep = NULL; /* the command's now */
  return e->emit(i, rep, it->st, &it->err, (unsigned char *)res + ITEM_SIZE,
                 e->ctx);
}

static void each_discard(void *res, void *ctx) {
  (void)ctx;
  item *it = res;
  gk_report_free(it->rep);
  it->rep = NULL;
}

static void free_reader(void *local) { gk_reader_free(local); }

int cli_many_each(const cli_inputs *inputs, unsigned jobs, size_t payload,
                  cli_many_work_fn work, cli_many_emit_fn emit, void *ctx) {
  each e = {inputs, work, emit, ctx};
  return cli_pool_run(inputs->n, jobs, ITEM_SIZE + payload, each_job, each_emit,
                      each_discard, free_reader, &e);
}

int cli_write_file(const char *path, const char *data, size_t len) {
  if (strcmp(path, "-") == 0) {
    if (len && fwrite(data, 1, len, stdout) != len)
      return -1;
    return fflush(stdout) ? -1 : 0;
  }
  size_t n = strlen(path);
  char *tmp = malloc(n + 16);
  if (!tmp) {
    errno = ENOMEM;
    return -1;
  }
  snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    free(tmp);
    return -1;
  }
  (void)fchmod(fd, 0644); /* mkstemp makes 0600: a report is for reading */
  FILE *f = fdopen(fd, "wb");
  int rc = f ? 0 : -1;
  if (!f)
    close(fd);
  if (!rc && len && fwrite(data, 1, len, f) != len)
    rc = -1;
  if (f && fclose(f))
    rc = -1;
  if (!rc && rename(tmp, path))
    rc = -1;
  if (rc) {
    int e = errno;
    unlink(tmp);
    errno = e;
  }
  free(tmp);
  return rc;
}

void cli_many_help(const char *usage, const char *about_zh,
                   const char *about_en, const cli_option *o, size_t n,
                   const char *exit_zh, const char *exit_en) {
  printf("%s%s\n", cli_tr("用法：", "usage: "), usage);
  printf("%s\n\n", cli_tr(about_zh, about_en));
  printf("%s\n", cli_tr("选项：", "options:"));
  cli_options_help(stdout, o, n);
  printf("\n%s\n", cli_tr(exit_zh, exit_en));
}

int cli_many_common_option(const char *cmd, int c, unsigned *jobs,
                           gk_lang *lang, int *quiet, int *help) {
  switch (c) {
  case 'j':
    if (cli_parse_jobs(optarg, jobs))
      return cli_usage_error(cmd,
                             cli_tr("-j 需要 1 到 %d 之间的整数，而不是 '%s'",
                                    "-j needs a whole number from 1 to %d, "
                                    "not '%s'"),
                             CLI_MAX_JOBS, optarg);
    return 0;
  case 'l':
    if (cli_parse_lang(optarg, lang))
      return cli_lang_error(cmd, optarg);
    return 0;
  case 'q':
    *quiet = 1;
    return 0;
  case 'h':
    *help = 1;
    return 0;
  }
  return -1;
}
