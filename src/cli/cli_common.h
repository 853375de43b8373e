/* cli_common.h: what the gongkai command's files share (style.md §7). The CLI
 * uses the public API only: gongkai.h, never an internal header.
 *
 * main.c        the command table and dispatch, --version, --help
 * cmd_parse.c   gongkai parse: reports to JSON Lines or CSV
 * cmd_check.c   gongkai check: findings as text or JSON Lines
 * cli_run.c     read + check + render of each input, in order, summary
 * cli_pool.c    the worker threads, output kept in input order
 * cli_files.c   inputs: files, directories walked in sorted order, '-'
 * cli_common.c  messages (gongkai: ...), buffers, option tables */
#ifndef GK_CLI_H
#define GK_CLI_H

#include "gongkai.h"

#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define CLI_NAME "gongkai"

/* Largest input read into memory: the library's default limit, passed to
 * it explicitly so both agree (gk_limits.max_input_bytes). */
#define CLI_MAX_INPUT ((size_t)64 * 1024 * 1024)
#define CLI_MAX_JOBS 256

/* Exit codes (docs/cli.md); with several inputs the highest wins. */
enum {
  CLI_EXIT_OK = 0,       /* every input read, no error findings */
  CLI_EXIT_FINDINGS = 1, /* some report has error findings */
  CLI_EXIT_INPUT = 2,    /* input missing/unreadable/not a report; usage */
  CLI_EXIT_INTERNAL = 3  /* out of memory, output not writable */
};

/* === Messages (cli_common.c) ===
 * All go to stderr with the prefix "gongkai: ". Errors always print;
 * warnings and notes are silenced by -q. Only the main thread prints. */
void cli_set_quiet(int quiet);
int cli_quiet(void);
void cli_set_lang(gk_lang lang);
gk_lang cli_lang(void);
/* Chooses the Chinese or the English text by the current language. */
const char *cli_tr(const char *zh, const char *en);
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error of command 'cmd' (NULL: the top level); adds the line
 * "try 'gongkai [cmd] --help'". Returns CLI_EXIT_INPUT. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Clears a progress line on stderr before other text goes there. */
void cli_progress_clear(void);
/* Shows "\r<text>" as the progress line (only when stderr is a terminal
 * and not -q; the caller checks cli_progress_wanted()). */
int cli_progress_wanted(void);
void cli_progress_show(const char *text);

/* Sets the language from a "--lang"/"-l" option anywhere in argv before
 * getopt runs, so its own messages already speak it. */
void cli_prescan_lang(int argc, char **argv);
/* Parses a --lang value; 0 on success. */
int cli_parse_lang(const char *s, gk_lang *out);
/* The usage error (exit 2) of a bad --lang value 'arg' of command 'cmd'. */
int cli_lang_error(const char *cmd, const char *arg);
/* Parses a -j value (1..CLI_MAX_JOBS); 0 on success. */
int cli_parse_jobs(const char *s, unsigned *out);
/* Online cores, 1..CLI_MAX_JOBS. */
unsigned cli_default_jobs(void);

/* === Growable byte buffer (cli_common.c) === */
typedef struct cli_buf {
  char *data; /* bytes, NUL-terminated when not NULL */
  size_t len; /* bytes used */
  size_t cap; /* bytes allocated */
} cli_buf;
int cli_buf_add(cli_buf *b, const char *p, size_t n); /* -1 on OOM */
int cli_buf_printf(cli_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cli_buf_free(cli_buf *b);
/* A gk_write_fn appending to the cli_buf 'ud'. */
int cli_buf_sink(const char *data, size_t len, void *ud);

/* === Option tables (cli_common.c) ===
 * Each command owns one static table; getopt's tables and the --help
 * text are made from it, and docs/cli.md is checked against --help. */
typedef struct cli_option {
  const char *name;    /* long name, e.g. "format" */
  int has_arg;         /* no_argument or required_argument */
  int letter;          /* short option, also what getopt_long returns */
  const char *arg;     /* name of the argument in help, or NULL */
  const char *help_zh; /* one line */
  const char *help_en;
} cli_option;

/* Fills 'longopts' (n + 1 entries) and 'shortopts' (3n + 2 bytes, starts
 * with ':' so a missing argument is told apart from an unknown option). */
void cli_options_prepare(const cli_option *o, size_t n, struct option *longopts,
                         char *shortopts);
/* Prints the options block of --help. */
void cli_options_help(FILE *f, const cli_option *o, size_t n);
/* Reports getopt's '?' or ':' for 'cmd' as a usage error. */
int cli_options_error(const char *cmd, int c, const cli_option *o, size_t n,
                      char **argv);

/* === Inputs (cli_files.c) === */
/* The inputs of a run. Names live one after another in one buffer
 * ('text'), so a list of 20,000 files costs its bytes and 16 more each,
 * not two allocations a file: memory barely grows with the file count. */
typedef struct cli_input {
  size_t name;  /* offset of the NUL-terminated name in 'text' */
  int errnum;   /* non-zero: listing failed (stat, opendir) with this errno */
  int is_stdin; /* '-': read standard input; the name is "-" */
} cli_input;

typedef struct cli_inputs {
  cli_input *v; /* inputs, in order */
  size_t n;     /* used */
  size_t cap;   /* allocated */
  char *text;   /* the names, each NUL-terminated */
  size_t len;   /* bytes used in 'text' */
  size_t tcap;  /* bytes allocated */
} cli_inputs;

/* Name of input 'i' for messages and output (its path, or "-"). */
const char *cli_input_name(const cli_inputs *in, size_t i);
/* Path to open, or NULL for standard input. */
const char *cli_input_path(const cli_inputs *in, size_t i);

/* Expands the arguments into inputs, in order: '-' is standard input, a
 * directory becomes its regular files, walked recursively in byte order
 * of names, hidden entries skipped. Paths that cannot be listed become
 * inputs with 'errnum' set, reported in their place. -1 on OOM. */
int cli_inputs_collect(cli_inputs *out, int argc, char **argv);
void cli_inputs_free(cli_inputs *in);

/* === Worker pool (cli_pool.c) ===
 * Runs job(i) for i in [0, n) on 'jobs' threads and calls emit(i) on the
 * calling thread strictly in order of i as results complete. At most
 * 4 x jobs results are held at once, so memory does not grow with n.
 * emit returning non-zero stops the run; results computed but not emitted
 * are then passed to 'discard'. Results are 'size' bytes, zeroed before
 * each job. Returns 0, or -1 when emit stopped the run or on OOM. */
/* 'local' points at one worker's own state, NULL at first: the job may
 * keep something there across its items (a gk_reader); 'local_free'
 * frees it when the worker ends. */
typedef void (*cli_job_fn)(size_t i, void *result, void *ctx, void **local);
typedef int (*cli_emit_fn)(size_t i, void *result, void *ctx);
typedef void (*cli_discard_fn)(void *result, void *ctx);
typedef void (*cli_local_free_fn)(void *local);
int cli_pool_run(size_t n, unsigned jobs, size_t size, cli_job_fn job,
                 cli_emit_fn emit, cli_discard_fn discard,
                 cli_local_free_fn local_free, void *ctx);

/* === Running a command over inputs (cli_run.c) === */
typedef enum cli_format {
  CLI_FORMAT_JSON = 0,
  CLI_FORMAT_CSV,
  CLI_FORMAT_TEXT,
  CLI_FORMAT_PROVENANCE /* parse: where each number stood (.docx cells) */
} cli_format;

typedef struct cli_run_opts {
  int check;         /* run gk_check_run after reading */
  cli_format format; /* what goes to stdout */
  unsigned jobs;     /* worker threads */
} cli_run_opts;

/* Reads (and checks) every input, prints outputs in input order, prints
 * the summary; returns the exit code. */
int cli_run(const cli_run_opts *opts, int argc, char **argv);

/* Most options a command's table may hold (getopt arrays are sized by it). */
#define CLI_MAX_OPTIONS 16

/* The options every reading command has after its --format (-j -l -q
 * -h), written once; 'jobs_zh' is -j's Chinese help, which names the verb. */
#define CLI_READING_OPTIONS(jobs_zh)                                           \
  {"jobs", required_argument, 'j', "N", jobs_zh,                               \
   "number of worker threads (default: online CPU cores)"},                    \
      {"lang", required_argument, 'l', "zh|en",                                \
       "消息语言：zh（默认，中文）或 en（英文）",                              \
       "language of messages: zh (default, Chinese) or en (English)"},         \
      {"quiet", no_argument, 'q', NULL,                                        \
       "不显示进度、汇总、警告和提示（错误照常显示）",                         \
       "no progress, summary, warnings or notes (errors still show)"},         \
      {"help", no_argument, 'h', NULL, "显示本帮助并退出",                     \
       "show this help and exit"}

/* One value of --format. */
typedef struct cli_format_name {
  const char *name;  /* as typed: "json" */
  cli_format format; /* what it selects */
} cli_format_name;

/* What distinguishes the commands that read inputs (parse, check): their
 * option table (the source of --help), formats and help text. */
typedef struct cli_command_def {
  const char *name;               /* "check" */
  int check;                      /* run gk_check_run after reading */
  const cli_format_name *formats; /* --format values; the first is the
                                     default */
  size_t nformats;                /* how many */
  const cli_option *options;      /* getopt table with help texts */
  size_t noptions;                /* how many */
  const char *about_zh;           /* what the command does, for --help */
  const char *about_en;           /* the same in English */
} cli_command_def;

/* Parses the options of a reading command (-f -j -l -q -h) and runs it. */
int cli_command_main(const cli_command_def *def, int argc, char **argv);

/* Reads the file at 'path' (NULL: standard input) into '*buf' (malloc'd,
 * at most CLI_MAX_INPUT bytes); 'err' says why not. */
gk_status cli_read_path(const char *path, char **buf, size_t *len,
                        gk_error *err);

/* Appends the provenance lines of 'rep' (cli_provenance.c); -1 on OOM. */
int cli_render_provenance(const gk_report *rep, const char *name,
                          cli_buf *out);

/* === Commands === */
int cli_cmd_parse(int argc, char **argv);
int cli_cmd_check(int argc, char **argv);
int cli_cmd_export(int argc, char **argv); /* cmd_export.c */

/* Output formats of the commands that write a report (cli_writers.c). */
typedef gk_status (*cli_write_report_fn)(const gk_report *rep, gk_lang lang,
                                         gk_write_fn fn, void *ud,
                                         gk_error *err);
typedef struct cli_writer {
  const char *name;       /* as typed after --to or --format */
  cli_write_report_fn fn; /* the library's writer */
} cli_writer;
/* The writer called 'name' (docx, xlsx, json, csv, html, md, text), or
 * NULL. */
const cli_writer *cli_writer_find(const char *name);

/* --- clock: deadline, fee, calendar (cmd_deadline.c, cmd_fee.c,
 * cmd_calendar.c) --- */
int cli_cmd_deadline(int argc, char **argv);
int cli_cmd_fee(int argc, char **argv);
int cli_cmd_calendar(int argc, char **argv);
/* The user calendar file: $GONGKAI_CALENDAR, else
 * $XDG_CONFIG_HOME/gongkai/calendar.txt or ~/.config/gongkai/calendar.txt;
 * NULL when none can be named. 'buf' holds the built path. */
const char *cli_calendar_default_path(char *buf, size_t size);
/* Loads the built-in notices plus the user calendar 'path' (NULL: the
 * default one, which may be missing). Returns an exit code; messages are
 * printed. Free '*out' with gk_calendar_free(). */
int cli_calendar_load(const char *path, gk_calendar **out);
/* Prints a calendar or deadline failure; returns its exit code. */
int cli_calendar_error(const gk_error *e);
/* --- end clock --- */

/* === Many reports at once: merge, compare, similar (cli_many.c) === */

/* Reads the bytes of input 'i' as parse and check do (cli_run.c: the
 * 64 MiB limit, errno texts). '*buf' is malloc'd. */
gk_status cli_read_input(const cli_inputs *inputs, size_t i, char **buf,
                         size_t *len, gk_error *err);
/* Reads input 'i' into a report named after it: the one place these
 * commands read a report. '*reader' is made on first use (free it with
 * gk_reader_free). */
gk_status cli_many_read(gk_reader **reader, const cli_inputs *inputs, size_t i,
                        gk_report **out, gk_error *err);
/* Prints "NAME: error[read]: <status>: <details>" on stderr (the line
 * check prints for an unreadable input); "internal" for GK_E_NOMEM. */
void cli_many_read_error(const char *name, gk_status st, const gk_error *err);

/* Worker side of cli_many_each: may use and free '*rep' (then NULL it);
 * 'payload' is this input's zeroed scratch of the size asked for. */
typedef void (*cli_many_work_fn)(gk_report **rep, void *payload, void *ctx);
/* Main thread, in input order: 'rep' (the caller's, may be NULL when the
 * worker freed it or reading failed: then 'st' says why). Non-zero
 * stops. */
typedef int (*cli_many_emit_fn)(size_t i, gk_report *rep, gk_status st,
                                const gk_error *err, void *payload, void *ctx);
/* Reads every input on 'jobs' threads, runs 'work' (may be NULL) there and
 * 'emit' here. Returns 0, or -1 when emit stopped or on OOM. */
int cli_many_each(const cli_inputs *inputs, unsigned jobs, size_t payload,
                  cli_many_work_fn work, cli_many_emit_fn emit, void *ctx);

/* Writes 'len' bytes of 'data' to 'path' through a temporary file renamed
 * into place ("-": stdout). 0, or -1 with errno set. */
int cli_write_file(const char *path, const char *data, size_t len);

/* --help of these commands: usage line, what it does, the options (from
 * the command's table), the exit codes. */
void cli_many_help(const char *usage, const char *about_zh,
                   const char *about_en, const cli_option *o, size_t n,
                   const char *exit_zh, const char *exit_en);
/* Handles -j -l -q -h of 'cmd': 0 done, -1 not one of them, else the exit
 * code of a usage error. */
int cli_many_common_option(const char *cmd, int c, unsigned *jobs,
                           gk_lang *lang, int *quiet, int *help);

int cli_cmd_merge(int argc, char **argv);
int cli_cmd_compare(int argc, char **argv);
int cli_cmd_similar(int argc, char **argv);

#endif /* GK_CLI_H */
