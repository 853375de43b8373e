/* cli_ledger.h: what gongkai ledger and gongkai application share
 * (cli_ledger.c): subcommand dispatch with one option table per
 * subcommand (the source of --help and docs/cli.md), opening the ledger
 * with the actor, dates, and turning a gk_error into a message and an exit
 * code. */
#ifndef GK_CLI_LEDGER_H
#define GK_CLI_LEDGER_H

#include "cli_common.h"

/* Every option value a ledger subcommand may take; NULL/0 when not given. */
typedef struct cli_lopts {
  const char *db, *actor, *agency, *level, *output, *format;
  const char *ref, *type, *name, *contact, *channel, *arrived, *confirmed,
      *description;
  const char *on, *reason, *outcome, *basis, *days, *until;
  const char *state, *due_within, *today;
  const char *applicant_key, *pages, *receipt; /* fees (branch fee) */
  int by_piece;
  int overdue;
  int quiet;
} cli_lopts;

/* One subcommand: 'fn' gets the parsed options and the positional
 * arguments (argv after the options). */
typedef struct cli_sub {
  const char *name;
  int (*fn)(const cli_lopts *o, int argc, char **argv);
  const cli_option *options; /* its table; --lang/--quiet/--help included */
  size_t noptions;
  const char *usage;    /* arguments after the name, for --help */
  const char *about_zh; /* one line */
  const char *about_en;
} cli_sub;

/* gongkai CMD SUB [options] ARGS: finds SUB, parses its options, runs it.
 * 'cmd' names the command in messages ("ledger"). */
int cli_subcommands_main(const char *cmd, const cli_sub *subs, size_t n,
                         const char *about_zh, const char *about_en, int argc,
                         char **argv);

/* Options every ledger subcommand has. */
#define CLI_LEDGER_COMMON_OPTIONS                                              \
  {"db", required_argument, 'd', "FILE", "台账文件（SQLite）",               \
   "the ledger file (SQLite)"},                                                \
      {"actor", required_argument, 'u', "NAME",                                \
       "操作人，记入审计日志（默认：$USER）",                                  \
       "who acts, for the audit log (default: $USER)"},                        \
      {"lang", required_argument, 'l', "zh|en",                                \
       "消息语言：zh（默认，中文）或 en（英文）",                              \
       "language of messages: zh (default, Chinese) or en (English)"},         \
      {"quiet", no_argument, 'q', NULL, "不显示提示（错误照常显示）",          \
       "no notes (errors still show)"},                                        \
      {"help", no_argument, 'h', NULL, "显示本帮助并退出",                     \
       "show this help and exit"}

/* Opens the ledger named by --db (usage error when missing). Returns 0 or
 * an exit code (the message is printed). */
int cli_ledger_open(const char *cmd, const cli_lopts *o, gk_ledger **out);
/* Prints 'err' (or st's text) and returns the exit code of 'st'. */
int cli_ledger_fail(gk_status st, const gk_error *err);
/* Parses YYYY-MM-DD (NULL/empty: 0); -1 when not a date. */
int cli_parse_date(const char *s, int32_t *out);
/* Prints a usage error for a bad date of option 'opt'. */
int cli_bad_date(const char *cmd, const char *opt, const char *value);

/* === Commands === */
int cli_cmd_ledger(int argc, char **argv);
int cli_cmd_application(int argc, char **argv);

#endif /* GK_CLI_LEDGER_H */
