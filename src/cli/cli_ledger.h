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
  const char *key_file, *reveal_ids; /* ledgersec: --key, --reveal-ids */
  int by_piece;
  const char *served; /* consult: the party's receipt (branch ledgerlaw) */
  int late;           /* list: answered late (branch ledgerlaw) */
  int overdue;
  int quiet;
  const char *letters; /* application letter: --letters DIR (letters) */
  const char *nth;     /* application letter: --nth N */
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
      {"key", required_argument, 'F', "FILE",                                  \
       "台账密钥文件（默认：台账文件名加 .key，或环境变量 GONGKAI_KEY_FILE）",   \
       "the ledger's key file (default: the ledger's name + .key, or "         \
       "GONGKAI_KEY_FILE)"},                                                   \
      CLI_OPT_LANG, CLI_OPT_NOTES_QUIET, CLI_OPT_HELP

/* Opens the ledger 'db' as 'actor' (NULL or empty: $USER, else $LOGNAME);
 * a usage error of 'cmd' when 'db' is NULL. Returns 0 or an exit code
 * (the message is printed). */
int cli_ledger_open_db(const char *cmd, const char *db, const char *actor,
                       gk_ledger **out);
/* The same with the key file 'key' (NULL: $GONGKAI_KEY_FILE, else the
 * ledger's default) and 'flags' (GK_LEDGER_*). */
int cli_ledger_open_key(const char *cmd, const char *db, const char *actor,
                        const char *key, unsigned flags, gk_ledger **out);
/* The key file a command uses: 'key', else $GONGKAI_KEY_FILE, else NULL
 * (the library's default, the ledger's name + .key). */
const char *cli_key_file(const char *key);
/* The same with --db, --actor and --key of 'o'. */
int cli_ledger_open(const char *cmd, const cli_lopts *o, gk_ledger **out);
/* === Commands on the report's inputs and the report (record, case,
 * report) === */

/* --db and --actor as these commands describe them. */
#define CLI_ITEM_DB_OPTION                                                     \
  {"db", required_argument, 'd', "FILE", "台账数据库文件（必需）",             \
   "ledger database file (required)"}
#define CLI_ITEM_ACTOR_OPTION                                                  \
  {"actor", required_argument, 'u', "NAME",                                    \
   "操作人，记入审计日志（默认：$USER）；审核人须与起草人不同",                \
   "who acts, for the audit log (default: $USER); the approver must not "      \
   "be the drafter"}

/* The options they share. */
typedef struct cli_item_opts {
  const char *db;    /* -d --db */
  const char *actor; /* -u --actor, NULL: $USER */
  int32_t date;      /* -D --date (CLI_ARG_DATE), 0: today */
} cli_item_opts;
/* Takes option 'c' into 'o' when it is one of those; 1 if it was. */
int cli_item_option(cli_item_opts *o, int c, const cli_value *v);

/* The actions of a command on ledger items (record, case). */
typedef struct cli_actions {
  const char *const *verbs; /* "add", "close", ..., NULL-terminated */
  unsigned takes_id;        /* bit i: verbs[i] takes the item's id */
  const char *item_zh;      /* "记录": names the id in messages */
  const char *item_en;      /* "record" */
} cli_actions;
/* Finds the action argv[0] of 'cmd' among 'acts' and checks its
 * arguments: an id (a positive whole number, into '*id') for those that
 * take one, nothing else. Returns the index of the verb, or -1 after
 * printing a usage error. */
int cli_ledger_action(const char *cmd, const cli_actions *acts, int argc,
                      char **argv, int64_t *id);
/* Prints 'err' (or st's text) with its hint and returns the exit code of
 * 'st'. */
int cli_ledger_fail(gk_status st, const gk_error *err);
/* How to supply what 'err' says is missing, in the CLI's words (an option
 * or a command, from gk_error.param), or "". */
const char *cli_error_hint(const gk_error *err);
/* Prints a usage error for a bad date of option 'opt'. */
int cli_bad_date(const char *cmd, const char *opt, const char *value);

/* The id 'value' of option 'opt' of 'cmd' stands for in 'v' (an id, a
 * Chinese label or a short form) into '*id'; 0, or after a usage error
 * that lists every value (label and id) the exit code. NULL passes. */
int cli_vocab(const char *cmd, const char *opt, gk_vocab v,
              const char *value, const char **id);
/* How output shows 'id' of 'v': its label in Chinese, the id in English
 * (and JSON always has ids). NULL stays NULL. */
const char *cli_vocab_shown(gk_vocab v, const char *id);

/* === Commands === */
int cli_cmd_ledger(int argc, char **argv);
int cli_cmd_application(int argc, char **argv);
int cli_cmd_remind(int argc, char **argv); /* cmd_remind.c (letters) */

#endif /* GK_CLI_LEDGER_H */
