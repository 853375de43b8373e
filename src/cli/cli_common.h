/* cli_common.h: what the gongkai command's files share (style.md §7). The CLI
 * uses the public API only: gongkai.h, never an internal header.
 *
 * main.c        the command table and dispatch, --version, --help
 * cmd_parse.c   gongkai parse: reports to JSON Lines or CSV
 * cmd_check.c   gongkai check: findings as text or JSON Lines
 * cli_run.c     read + check + render of each input, in order, summary
 * cli_pool.c    the worker threads, output kept in input order
 * cli_files.c   inputs: files, directories walked in sorted order, '-'
 * cli_common.c  messages (gongkai: ...), option values, buffers
 * cli_opts.c    the one option driver: getopt, --help, usage errors
 * cli_output.c  -o OUT: a temporary file renamed over OUT when complete
 * cli_writers.c the writer table (export --to, report --format)
 * cmd_*.c       one command each: its option table, cli_cmd and action */
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
/* Prints 's' (NULL: nothing) with control characters escaped as git
 * quotes names (gk_write_text_escaped): every file name and applicant text
 * the CLI prints goes through this or cli_buf_add_text. */
void cli_put_text(FILE *f, const char *s);
/* Raises the exit code '*code' of a run to 'c' when 'c' is higher (with
 * several inputs the highest code wins). */
void cli_raise(int *code, int c);
/* Prints "out of memory" and returns CLI_EXIT_INTERNAL. */
int cli_nomem(void);
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
/* Parses a -j value (1..CLI_MAX_JOBS); 0 on success. */
int cli_parse_jobs(const char *s, unsigned *out);
/* Parses a whole number >= 0 (digits only); 0 on success. */
int cli_parse_count(const char *s, int64_t *out);
/* Parses YYYY-MM-DD into YYYYMMDD (NULL/empty: 0); -1 when not a date
 * (the library checks the day of the month). */
int cli_parse_date(const char *s, int32_t *out);
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
/* Appends 's' escaped as cli_put_text does; -1 on OOM. */
int cli_buf_add_text(cli_buf *b, const char *s);
/* A gk_write_fn appending to the cli_buf 'ud'. */
int cli_buf_sink(const char *data, size_t len, void *ud);

/* === Writers (cli_writers.c) === */
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
/* The writers, in the order --help lists them; '*n' gets how many. */
const cli_writer *cli_writers(size_t *n);

/* === Options (cli_opts.c) ===
 * Each command owns one static option table and one cli_cmd; the driver
 * (cli_parse) builds getopt's tables and --help from them, parses the
 * arguments of every kind below, reports every usage error the same way
 * (exit 2, "try 'gongkai CMD --help'") and hands the command only what is
 * its own. docs/cli.md is checked against --help. */

/* What an option's argument is. The first two are getopt's has_arg
 * values, so a table written with no_argument/required_argument reads as
 * switches and text. The driver parses the others: a bad value is a usage
 * error naming the option. */
typedef enum cli_arg {
  CLI_ARG_FLAG = no_argument,       /* a switch, passed to the command */
  CLI_ARG_TEXT = required_argument, /* text, passed as given */
  CLI_ARG_LANG,   /* zh|en: cli_args.lang */
  CLI_ARG_QUIET,  /* switch: cli_args.quiet, cli_set_quiet */
  CLI_ARG_HELP,   /* switch: prints --help, exit 0 */
  CLI_ARG_JOBS,   /* 1..CLI_MAX_JOBS: cli_args.jobs */
  CLI_ARG_FORMAT, /* one of cli_cmd.formats: cli_args.format */
  CLI_ARG_WRITER, /* a writer of cli_writers.c: cli_args.writer */
  CLI_ARG_OUTPUT, /* a file, - for stdout: cli_args.output */
  CLI_ARG_DATE,   /* YYYY-MM-DD: cli_value.date, to the command */
  CLI_ARG_YEAR,   /* a four-digit year: cli_value.num, to the command */
  CLI_ARG_COUNT   /* a whole number >= 0: cli_value.num, to the command */
} cli_arg;

typedef struct cli_option {
  const char *name;    /* long name, e.g. "format" */
  int kind;            /* a cli_arg */
  int letter;          /* short option, also what getopt_long returns */
  const char *arg;     /* name of the argument in help, or NULL: none, or
                          for --format and writer options their names */
  const char *help_zh; /* one line */
  const char *help_en;
} cli_option;

/* The options most commands have, written once. */
#define CLI_OPT_LANG                                                           \
  {"lang", CLI_ARG_LANG, 'l', "zh|en", "消息语言：zh（默认，中文）或 en（英文）", \
   "language of messages: zh (default, Chinese) or en (English)"}
#define CLI_OPT_HELP                                                           \
  {"help", CLI_ARG_HELP, 'h', NULL, "显示本帮助并退出",                        \
   "show this help and exit"}
#define CLI_OPT_QUIET(zh, en) {"quiet", CLI_ARG_QUIET, 'q', NULL, zh, en}
#define CLI_OPT_NOTES_QUIET                                                    \
  CLI_OPT_QUIET("不显示提示（错误照常显示）", "no notes (errors still show)")
#define CLI_OPT_JOBS(zh)                                                       \
  {"jobs", CLI_ARG_JOBS, 'j', "N", zh,                                         \
   "number of worker threads (default: online CPU cores)"}

/* One value of --format. */
typedef struct cli_format_name {
  const char *name;  /* as typed: "json" */
  int format;        /* what it selects (a cli_format) */
} cli_format_name;

/* A parsed value of the command's own option. */
typedef struct cli_value {
  const char *text; /* the argument as given; NULL for a switch */
  int64_t num;      /* CLI_ARG_YEAR, CLI_ARG_COUNT */
  int32_t date;     /* CLI_ARG_DATE: YYYYMMDD */
} cli_value;

/* Takes the command's own option 'letter'; 0, or the exit code of a
 * usage error it printed. */
typedef int (*cli_option_fn)(int letter, const cli_value *v, void *ctx);

/* A command as the driver sees it. */
typedef struct cli_cmd {
  const char *name;                /* "report", "ledger init": messages */
  const cli_option *options;       /* its table: getopt and --help */
  size_t noptions;                 /* how many (at most CLI_MAX_OPTIONS) */
  const cli_format_name *formats;  /* CLI_ARG_FORMAT values, first default */
  size_t nformats;                 /* how many */
  const char *usage_zh, *usage_en; /* the usage line after "用法：" */
  const char *about_zh, *about_en; /* what it does, for --help */
  const char *exit_zh, *exit_en;   /* its exit codes for --help, or NULL */
  int min_args;                    /* fewer arguments: "no input files" */
  int max_args;                    /* more: "unexpected argument"; <0: any */
  cli_option_fn option;            /* its own options, or NULL */
} cli_cmd;

/* What the driver parsed of the options every command shares. */
typedef struct cli_args {
  gk_lang lang;             /* --lang (already set with cli_set_lang) */
  int quiet;                /* -q (already set with cli_set_quiet) */
  unsigned jobs;            /* -j, default: online cores */
  int format;               /* --format: a cli_format, default the first */
  const cli_writer *writer; /* writer option, or NULL */
  const char *output;       /* -o, or NULL */
  int argc;                 /* the arguments after the options */
  char **argv;
} cli_args;

/* Entries of a static table. */
#define CLI_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Most options a command's table may hold (getopt arrays are sized by it). */
#define CLI_MAX_OPTIONS 32
/* What cli_parse returns when the command is to run. */
#define CLI_PARSED (-1)

/* Parses argv (argv[0] is the command) by 'cmd', calling cmd->option with
 * 'ctx' for the command's own options. Returns CLI_PARSED with 'a'
 * filled, or an exit code: 0 after --help, 2 after a usage error. */
int cli_parse(const cli_cmd *cmd, int argc, char **argv, void *ctx,
              cli_args *a);
/* Prints the --help of 'cmd': usage, what it does, the options (from its
 * table), the exit codes. */
void cli_cmd_help(const cli_cmd *cmd);

/* === Output files (cli_output.c) ===
 * OUT is written to a temporary file beside it, renamed over it when
 * complete (style.md §7): an interrupted run never leaves half a file.
 * NULL or "-" is standard output. Failures print "cannot write OUT: why"
 * and give exit code 3. */
typedef struct cli_out {
  const char *path; /* OUT, or NULL for stdout */
  char *tmp;        /* the temporary file, or NULL */
  FILE *f;          /* where the bytes go */
} cli_out;
/* 0, or the exit code (message printed). */
int cli_out_open(cli_out *o, const char *path);
/* A gk_write_fn writing to the cli_out 'ud'. */
int cli_out_sink(const char *data, size_t len, void *ud);
/* Completes OUT (flush, sync, rename); 0 or the exit code. */
int cli_out_commit(cli_out *o);
/* Drops the temporary file (after a failed writer). */
void cli_out_abort(cli_out *o);
/* Writes 'len' bytes of 'data' to OUT; 0 or the exit code. */
int cli_out_write(const char *path, const char *data, size_t len);

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
 * Runs job(i) for i in [0, n) on 'jobs' threads and calls emit(i)
 * strictly in order of i as results complete, one call at a time: on the
 * calling thread with -j 1, else on the worker that finished the next
 * result (never two at once, so emit needs no lock of its own). At most
 * 32 x jobs results are held at once, so memory does not grow with n.
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

/* The options every reading command has after its --format (-j -l -q
 * -h), written once; 'jobs_zh' is -j's Chinese help, which names the verb. */
#define CLI_READING_OPTIONS(jobs_zh)                                           \
  CLI_OPT_JOBS(jobs_zh), CLI_OPT_LANG,                                         \
      CLI_OPT_QUIET("不显示进度、汇总、警告和提示（错误照常显示）",            \
                    "no progress, summary, warnings or notes (errors still "   \
                    "show)"),                                                  \
      CLI_OPT_HELP

/* Their exit codes, for --help. */
#define CLI_READING_EXIT_ZH                                                    \
  "退出码：0 全部读取且无错误；1 有报告含错误；"                               \
  "2 输入缺失或无法读取，或用法错误；3 内部错误"
#define CLI_READING_EXIT_EN                                                    \
  "exit codes: 0 all read, no errors; 1 some report has errors; 2 input "     \
  "missing or unreadable, or bad usage; 3 internal failure"

/* Runs a reading command (parse, check): options by 'cmd', then every
 * input read (and checked when 'check'). */
int cli_reading_main(const cli_cmd *cmd, int check, int argc, char **argv);

/* Reads the file at 'path' (NULL: standard input) into '*buf' (malloc'd,
 * at most 'max' bytes: CLI_MAX_INPUT for a report); 'err' says why not. */
gk_status cli_read_path(const char *path, size_t max, char **buf, size_t *len,
                        gk_error *err);

/* Appends the provenance lines of 'rep' (cli_provenance.c); -1 on OOM. */
int cli_render_provenance(const gk_report *rep, const char *name,
                          cli_buf *out);

/* === Commands === */
int cli_cmd_parse(int argc, char **argv);
int cli_cmd_check(int argc, char **argv);
int cli_cmd_export(int argc, char **argv); /* cmd_export.c */

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
/* The text of the user calendar file (cli_calendar_default_path) into
 * '*text' (free() it; NULL when there is no such file) and its '*path'.
 * Returns 0 or an exit code (the message is printed). */
int cli_calendar_user_text(char **text, size_t *len, const char **path,
                           char *pathbuf, size_t pathsize);
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
 * check prints for an unreadable input); "internal" for GK_E_NOMEM and
 * GK_E_ARG. Returns the exit code: 3 for those, else 2. */
int cli_many_read_error(const char *name, gk_status st, const gk_error *err);

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

int cli_cmd_merge(int argc, char **argv);
int cli_cmd_compare(int argc, char **argv);
int cli_cmd_similar(int argc, char **argv);

#endif /* GK_CLI_H */
