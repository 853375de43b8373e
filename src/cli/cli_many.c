/* cli_many.c: what merge, compare and similar share: reading a report
 * (one function, cli_many_read: the same bytes path as parse and check),
 * reading many on the worker pool with results in input order, read
 * errors in check's format. */
#include "cli_common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

int cli_many_read_error(const char *name, gk_status st, const gk_error *err) {
  gk_lang lang = cli_lang();
  const char *what = gk_strerror(st, lang);
  const char *detail = lang == GK_LANG_EN ? err->message_en : err->message;
  int internal = st == GK_E_NOMEM || st == GK_E_ARG;
  const char *kind = internal ? "internal" : "read";
  cli_progress_clear();
  fflush(stdout);
  fprintf(stderr, "%s", name);
  if (err->line > 0)
    fprintf(stderr, ":%lld", (long long)err->line);
  fprintf(stderr, ": error[%s]: %s", kind, what);
  if (detail[0] && strcmp(detail, what) != 0)
    fprintf(stderr, ": %s", detail);
  fputc('\n', stderr);
  return internal ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
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
