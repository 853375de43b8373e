/* cli_run.c: what parse and check do with each input, and the order
 * outputs come out in.
 *
 * A worker reads one input fully into memory (refusing more than
 * CLI_MAX_INPUT bytes before reading them), reads the report with
 * gk_report_read_text, checks it with gk_check_run for 'check', renders
 * the output into a buffer and frees the report. The main thread prints
 * the buffers in input order: data on stdout, the compiler-style read
 * errors on stderr, then a summary. Exit code: the highest of every
 * input's code (docs/cli.md). */
#include "cli_common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What one input came to. */
typedef enum outcome {
  OUT_READ = 0,       /* read (and checked); 'out' holds its output */
  OUT_UNREADABLE = 1, /* missing, unreadable, not a report: exit 2 */
  OUT_INTERNAL = 2    /* out of memory and the like: exit 3 */
} outcome;

typedef struct result {
  cli_buf out;   /* bytes for stdout */
  cli_buf diag;  /* lines for stderr */
  outcome what;  /* see above */
  size_t errors; /* error findings of the report */
} result;

typedef struct run {
  const cli_run_opts *opts;             /* the command's choices */
  const cli_inputs *inputs;             /* what to read */
  gk_lang lang;                         /* message language (read by workers) */
  int code;                             /* highest exit code so far */
  size_t read, with_errors, unreadable; /* summary counts */
  int progress;                         /* show the progress line */
  int stdout_tty;                       /* stdout shares the terminal with it */
} run;

/* === Reading an input === */

/* Fills 'err' the way the library does, for failures the CLI meets. */
static gk_status cli_fail(gk_error *err, gk_status st, const char *zh,
                          const char *en) {
  gk_error_clear(err);
  err->code = st;
  snprintf(err->message, sizeof(err->message), "%s", zh);
  snprintf(err->message_en, sizeof(err->message_en), "%s", en);
  return st;
}

/* Workers call this: strerror_r (the XSI one), not strerror's buffer. */
static gk_status io_fail(gk_error *err, int errnum) {
  char s[160];
  if (strerror_r(errnum, s, sizeof(s)) != 0)
    snprintf(s, sizeof(s), "errno %d", errnum);
  return cli_fail(err, errnum == ENOMEM ? GK_E_NOMEM : GK_E_IO, s, s);
}

static gk_status too_large(gk_error *err, size_t max) {
  char zh[128], en[128];
  snprintf(zh, sizeof(zh), "超过 %zu MiB 的上限", max >> 20);
  snprintf(en, sizeof(en), "larger than the limit of %zu MiB", max >> 20);
  return cli_fail(err, GK_E_TOO_LARGE, zh, en);
}

/* Reads all of fd into '*buf' (malloc'd), refusing more than 'max' bytes:
 * a regular file by its size before reading, a pipe once it passes. */
static gk_status slurp(int fd, size_t max, char **buf, size_t *len,
                       gk_error *err) {
  struct stat st;
  size_t cap = 65536;
  *buf = NULL;
  *len = 0;
  if (fstat(fd, &st))
    return io_fail(err, errno);
  if (S_ISDIR(st.st_mode))
    return io_fail(err, EISDIR);
  if (S_ISREG(st.st_mode)) {
    if ((uintmax_t)st.st_size > max)
      return too_large(err, max);
    cap = (size_t)st.st_size + 1; /* +1 sees growth and end of file */
  }
  char *b = malloc(cap);
  if (!b)
    return io_fail(err, ENOMEM);
  size_t n = 0;
  for (;;) {
    if (n == cap) {
      if (cap > max) {
        free(b);
        return too_large(err, max);
      }
      size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
      char *nb = realloc(b, ncap);
      if (!nb) {
        free(b);
        return io_fail(err, ENOMEM);
      }
      b = nb;
      cap = ncap;
    }
    ssize_t r = read(fd, b + n, cap - n);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0) {
      int e = errno;
      free(b);
      return io_fail(err, e);
    }
    if (r == 0)
      break;
    n += (size_t)r;
  }
  if (n > max) {
    free(b);
    return too_large(err, max);
  }
  *buf = b;
  *len = n;
  return GK_OK;
}

static gk_status read_input(const cli_inputs *inputs, size_t i, char **buf,
                            size_t *len, gk_error *err) {
  if (inputs->v[i].errnum)
    return io_fail(err, inputs->v[i].errnum);
  return cli_read_path(cli_input_path(inputs, i), CLI_MAX_INPUT, buf, len,
                       err);
}

/* "FILE[:LINE[:COL]]: error[KIND]: <status text>[: <details>]" */
static void diag_line(result *r, const char *name, const char *kind,
                      gk_status st, const gk_error *err, gk_lang lang) {
  const char *what = gk_strerror(st, lang);
  const char *detail = lang == GK_LANG_EN ? err->message_en : err->message;
  int rc = cli_buf_add_text(&r->diag, name);
  if (!rc && err->line > 0)
    rc = cli_buf_printf(&r->diag, ":%lld", (long long)err->line);
  if (!rc && err->line > 0 && err->column > 0)
    rc = cli_buf_printf(&r->diag, ":%lld", (long long)err->column);
  if (!rc)
    rc = cli_buf_printf(&r->diag, ": error[%s]: %s", kind, what);
  if (!rc && detail[0] && strcmp(detail, what) != 0)
    rc = cli_buf_add(&r->diag, ": ", 2) || cli_buf_add_text(&r->diag, detail);
  if (!rc)
    rc = cli_buf_add(&r->diag, "\n", 1);
  if (rc) { /* no memory even for the message: emit() says it short */
    cli_buf_free(&r->diag);
    r->what = OUT_INTERNAL;
  }
}

/* === The job of one input (a worker thread) === */

static gk_status render(const run *ru, const gk_report *rep, result *r,
                        gk_error *err) {
  switch (ru->opts->format) {
  case CLI_FORMAT_JSON:
    return gk_write_json(rep, ru->lang, cli_buf_sink, &r->out, err);
  case CLI_FORMAT_CSV:
    return gk_write_csv(rep, 0, cli_buf_sink, &r->out, err);
  case CLI_FORMAT_TEXT:
    return gk_write_findings_text(rep, ru->lang, cli_buf_sink, &r->out, err);
  case CLI_FORMAT_PROVENANCE:
    return cli_render_provenance(rep, gk_report_source_name(rep), &r->out)
               ? GK_E_NOMEM
               : GK_OK;
  }
  return GK_E_ARG;
}

static void free_reader(void *local) { gk_reader_free(local); }

static void job(size_t i, void *res, void *ctx, void **local) {
  const run *ru = ctx;
  const char *name = cli_input_name(ru->inputs, i);
  result *r = res;
  gk_error err;
  gk_error_clear(&err);
  char *buf = NULL;
  size_t len = 0;
  gk_report *rep = NULL;
  gk_status st = read_input(ru->inputs, i, &buf, &len, &err);
  if (!st) {
    gk_read_opts ro;
    memset(&ro, 0, sizeof(ro));
    ro.source_name = name;
    ro.limits.max_input_bytes = CLI_MAX_INPUT;
    /* one reader per worker, reused: its buffers and label keys are made
     * once, not per file */
    if (!*local && gk_reader_new((gk_reader **)local, NULL))
      *local = NULL;
    st = *local ? gk_reader_read_buffer(*local, &rep, buf, len, &ro, &err)
                : gk_report_read_buffer(&rep, buf, len, &ro, &err);
    if (!st && !rep)
      st = GK_E_ARG; /* the reader broke its contract */
  }
  free(buf);
  if (st) {
    /* out of memory, or a bad argument (a bug of ours), is no fault of
       the input */
    int internal = st == GK_E_NOMEM || st == GK_E_ARG;
    r->what = internal ? OUT_INTERNAL : OUT_UNREADABLE;
    diag_line(r, name, internal ? "internal" : "read", st, &err, ru->lang);
    return;
  }
  /* the library names the report after what we passed; make sure */
  if (!gk_report_source_name(rep))
    st = gk_report_set_source_name(rep, name);
  if (!st && ru->opts->check)
    st = gk_check_run(rep, GK_CHECK_ALL, &err);
  if (!st)
    st = render(ru, rep, r, &err);
  if (st) {
    cli_buf_free(&r->out);
    r->what = OUT_INTERNAL;
    diag_line(r, name, "internal", st, &err, ru->lang);
  } else {
    r->what = OUT_READ;
    r->errors = gk_report_count(rep, GK_SEV_ERROR);
  }
  gk_report_free(rep);
}

/* === Emitting results in order (the main thread) === */

static void discard(void *res, void *ctx) {
  (void)ctx;
  result *r = res;
  cli_buf_free(&r->out);
  cli_buf_free(&r->diag);
}


/* Writes to stdout; on failure says so once and stops the run. */
static int out_write(run *ru, const char *p, size_t n) {
  if (n && fwrite(p, 1, n, stdout) != n) {
    cli_error(cli_tr("无法写出到标准输出：%s", "cannot write to stdout: %s"),
              strerror(errno));
    cli_raise(&ru->code, CLI_EXIT_INTERNAL);
    return -1;
  }
  return 0;
}

static int emit(size_t i, void *res, void *ctx) {
  run *ru = ctx;
  result *r = res;
  int stop = 0;
  switch (r->what) {
  case OUT_READ:
    ru->read++;
    if (r->errors) {
      ru->with_errors++;
      cli_raise(&ru->code, CLI_EXIT_FINDINGS);
    }
    break;
  case OUT_UNREADABLE:
    ru->unreadable++;
    cli_raise(&ru->code, CLI_EXIT_INPUT);
    break;
  case OUT_INTERNAL:
    ru->unreadable++;
    cli_raise(&ru->code, CLI_EXIT_INTERNAL);
    break;
  }
  if (r->diag.len) {
    /* earlier data first, should both streams go to one file (2>&1) */
    fflush(stdout);
    cli_progress_clear();
    fwrite(r->diag.data, 1, r->diag.len, stderr);
  }
  if (r->what == OUT_READ && r->out.len) {
    /* on a shared terminal the data must not land on the progress line */
    if (ru->progress && ru->stdout_tty)
      cli_progress_clear();
    stop = out_write(ru, r->out.data, r->out.len);
    if (!stop && ru->progress && ru->stdout_tty)
      fflush(stdout);
  }
  if (r->what == OUT_INTERNAL && !r->diag.len)
    cli_error(cli_tr("%s：内存不足", "%s: out of memory"),
              cli_input_name(ru->inputs, i));
  discard(r, ctx);
  if (ru->progress && ((i + 1) % 32 == 0 || i + 1 == ru->inputs->n)) {
    char line[96];
    snprintf(line, sizeof(line), cli_tr("已检查 %zu/%zu", "checked %zu/%zu"),
             i + 1, ru->inputs->n);
    cli_progress_show(line);
  }
  return stop;
}

/* The CSV header comes from the library (the columns are written once,
 * in csv.c). */
static int csv_header(run *ru) {
  cli_buf b = {NULL, 0, 0};
  int rc = -1;
  if (gk_write_csv_header(cli_buf_sink, &b, NULL) == GK_OK)
    rc = out_write(ru, b.data, b.len);
  if (rc && ru->code < CLI_EXIT_INTERNAL) {
    cli_raise(&ru->code, cli_nomem());
  }
  cli_buf_free(&b);
  return rc;
}

static void summary(const run *ru) {
  cli_progress_clear();
  if (cli_quiet() || !ru->inputs->n)
    return;
  size_t n = ru->inputs->n;
  if (cli_lang() == GK_LANG_EN)
    cli_note("%zu file%s: %zu read, %zu with errors, %zu unreadable", n,
             n == 1 ? "" : "s", ru->read, ru->with_errors, ru->unreadable);
  else
    cli_note("%zu 个文件：%zu 个已读取，%zu 个有错误，%zu 个无法读取", n,
             ru->read, ru->with_errors, ru->unreadable);
}

int cli_run(const cli_run_opts *opts, int argc, char **argv) {
  cli_inputs inputs;
  memset(&inputs, 0, sizeof(inputs));
  run ru;
  memset(&ru, 0, sizeof(ru));
  ru.opts = opts;
  ru.inputs = &inputs;
  ru.lang = cli_lang();
  ru.progress = cli_progress_wanted();
  ru.stdout_tty = isatty(STDOUT_FILENO);
  /* Output to a file or pipe: fewer, larger writes than stdio's 4 KiB
   * (nothing has been written to stdout yet). */
  static char stdout_buf[1 << 16]; /* glibc ignores the size without one */
  if (!ru.stdout_tty)
    setvbuf(stdout, stdout_buf, _IOFBF, sizeof(stdout_buf));
  if (cli_inputs_collect(&inputs, argc, argv)) {
    cli_inputs_free(&inputs);
    return cli_nomem();
  }
  if (opts->format == CLI_FORMAT_CSV && csv_header(&ru)) {
    cli_inputs_free(&inputs);
    return ru.code;
  }
  if (cli_pool_run(inputs.n, opts->jobs, sizeof(result), job, emit, discard,
                   free_reader, &ru) &&
      ru.code < CLI_EXIT_INTERNAL) {
    cli_raise(&ru.code, cli_nomem());
  }
  if (fflush(stdout) != 0) {
    if (ru.code < CLI_EXIT_INTERNAL)
      cli_error(cli_tr("无法写出到标准输出：%s", "cannot write to stdout: %s"),
                strerror(errno));
    cli_raise(&ru.code, CLI_EXIT_INTERNAL);
  }
  summary(&ru);
  if (!inputs.n) {
    cli_error("%s", cli_tr("没有输入文件", "no input files"));
    cli_raise(&ru.code, CLI_EXIT_INPUT);
  }
  cli_inputs_free(&inputs);
  return ru.code;
}

/* === The reading commands (parse, check) === */

int cli_reading_main(const cli_cmd *cmd, int check, int argc, char **argv) {
  cli_args a;
  int rc = cli_parse(cmd, argc, argv, NULL, &a);
  if (rc != CLI_PARSED)
    return rc;
  cli_run_opts ro = {check, (cli_format)a.format, a.jobs};
  return cli_run(&ro, a.argc, a.argv);
}

/* === Reading one file (export, the calendar files) === */

gk_status cli_read_path(const char *path, size_t max, char **buf, size_t *len,
                        gk_error *err) {
  if (!path)
    return slurp(STDIN_FILENO, max, buf, len, err);
  /* O_NONBLOCK: opening a FIFO without a writer blocked forever (issue 15
   * point 10); only a regular file is read by name, a pipe comes as '-' */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return io_fail(err, errno);
  struct stat sb;
  int e = fstat(fd, &sb) != 0 ? errno : 0;
  if (e || !S_ISREG(sb.st_mode)) {
    close(fd);
    if (e || S_ISDIR(sb.st_mode))
      return io_fail(err, e ? e : EISDIR);
    return cli_fail(err, GK_E_IO,
                        "不是普通文件（FIFO、设备或套接字）：请用 - 从标准输入读取",
                        "not a regular file (a FIFO, device or socket): use - "
                        "to read standard input");
  }
  gk_status st = slurp(fd, max, buf, len, err);
  close(fd);
  return st;
}

/* === Reading one input for merge, compare and similar (cli_many.c) === */

gk_status cli_read_input(const cli_inputs *inputs, size_t i, char **buf,
                         size_t *len, gk_error *err) {
  return read_input(inputs, i, buf, len, err);
}
