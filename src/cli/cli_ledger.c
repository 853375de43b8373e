/* cli_ledger.c: the machinery gongkai ledger and gongkai application
 * share (cli_ledger.h). */
#include "cli_ledger.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void all_help(const char *cmd, const cli_sub *subs, size_t n,
                     const char *about_zh, const char *about_en) {
  printf("%sgongkai %s <%s> [%s]\n", cli_tr("用法：", "usage: "), cmd,
         cli_tr("子命令", "command"), cli_tr("选项", "options"));
  printf("%s\n\n%s\n", cli_tr(about_zh, about_en),
         cli_tr("子命令：", "commands:"));
  for (size_t i = 0; i < n; i++)
    printf("  %-10s %s\n", subs[i].name,
           cli_tr(subs[i].about_zh, subs[i].about_en));
  printf("\n%s\n", cli_tr("选项：", "options:"));
  printf("  %-24s %s\n", "-h, --help", cli_tr("显示本帮助", "show this help"));
  printf("  %-24s %s\n", "-l, --lang zh|en",
         cli_tr("消息语言", "language of messages"));
  printf("\n");
  printf(cli_tr("“gongkai %s <子命令> --help” 显示子命令的选项。\n",
                "'gongkai %s <command> --help' shows a command's options.\n"),
         cmd);
}

/* Stores getopt's value for option letter 'c' into 'o'. */
static void store(cli_lopts *o, int c, const char *v) {
  switch (c) {
  case 'd': o->db = v; break;
  case 'u': o->actor = v; break;
  case 'g': o->agency = v; break;
  case 'v': o->level = v; break;
  case 'o': o->output = v; break;
  case 'f': o->format = v; break;
  case 'r': o->ref = v; break;
  case 't': o->type = v; break;
  case 'n': o->name = v; break;
  case 'c': o->contact = v; break;
  case 'm': o->channel = v; break;
  case 'a': o->arrived = v; break;
  case 'k': o->confirmed = v; break;
  case 'e': o->description = v; break;
  case 'O': o->on = v; break;
  case 'R': o->reason = v; break;
  case 'X': o->outcome = v; break;
  case 'B': o->basis = v; break;
  case 'N': o->days = v; break;
  case 'U': o->until = v; break;
  case 's': o->state = v; break;
  case 'W': o->due_within = v; break;
  case 'T': o->today = v; break;
  case 'V': o->overdue = 1; break;
  case 'K': o->applicant_key = v; break; /* fees (branch fee) */
  case 'P': o->pages = v; break;
  case 'Y': o->by_piece = 1; break;
  case 'C': o->receipt = v; break;
  case 'S': o->served = v; break; /* branch ledgerlaw */
  case 'L': o->late = 1; break;
  case 'q': o->quiet = 1; break;
  case 'F': o->key_file = v; break; /* ledgersec */
  case 'I': o->reveal_ids = v; break;
  case 'J': o->letters = v; break; /* letters */
  case 'H': o->nth = v; break;     /* application letter --nth */
  default: break;
  }
}

/* 'actor', or when none is given $USER, else $LOGNAME. */
static const char *default_actor(const char *actor) {
  if (!actor || !*actor)
    actor = getenv("USER");
  if (!actor || !*actor)
    actor = getenv("LOGNAME");
  return actor;
}

/* cli_parse's callback: the subcommand's own options. */
static int take(int c, const cli_value *v, void *ctx) {
  store(ctx, c, v->text);
  return 0;
}

int cli_subcommands_main(const char *cmd, const cli_sub *subs, size_t n,
                         const char *about_zh, const char *about_en, int argc,
                         char **argv) {
  cli_prescan_lang(argc, argv);
  if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
      strcmp(argv[1], "-h") == 0) {
    if (argc < 2)
      return cli_usage_error(cmd, "%s", cli_tr("缺少子命令", "no command given"));
    all_help(cmd, subs, n, about_zh, about_en);
    return CLI_EXIT_OK;
  }
  const cli_sub *s = NULL;
  for (size_t i = 0; i < n && !s; i++)
    if (strcmp(subs[i].name, argv[1]) == 0)
      s = &subs[i];
  if (!s && argv[1][0] == '-')
    return cli_usage_error(cmd, cli_tr("未知选项 '%s'", "unknown option '%s'"),
                           argv[1]);
  if (!s)
    return cli_usage_error(cmd, cli_tr("未知子命令 '%s'", "unknown command '%s'"),
                           argv[1]);
  char full[64], usage[512];
  snprintf(full, sizeof(full), "%s %s", cmd, s->name);
  snprintf(usage, sizeof(usage), "gongkai %s %s", full, s->usage);
  const cli_cmd c = {.name = full,
                     .options = s->options,
                     .noptions = s->noptions,
                     .usage_zh = usage,
                     .usage_en = usage,
                     .about_zh = s->about_zh,
                     .about_en = s->about_en,
                     .max_args = -1,
                     .option = take};
  cli_lopts o;
  memset(&o, 0, sizeof(o));
  cli_args a;
  int rc = cli_parse(&c, argc - 1, argv + 1, &o, &a);
  if (rc != CLI_PARSED)
    return rc;
  o.quiet = a.quiet;
  o.actor = default_actor(o.actor);
  return s->fn(&o, a.argc, a.argv);
}

/* The library names what to supply by its API name (gk_error.param) and
 * never a command-line word; here it becomes the option or command that
 * supplies it. A tampered audit chain points at the command listing it. */
static const struct {
  const char *param, *zh, *en;
} hints[] = {
    {"basis", "（--basis）", " (--basis)"},
    {"reason", "（--reason）", " (--reason)"},
    {"actor", "（--actor）", " (--actor)"},
    {"key_file", "（--key FILE 或 GONGKAI_KEY_FILE）",
     " (--key FILE or GONGKAI_KEY_FILE)"},
    {"applicant_key", "（application amend --applicant-key）",
     " (application amend --applicant-key)"},
    {"clear_ids", "（ledger export --reveal-ids 显示原号码）",
     " (ledger export --reveal-ids shows them)"},
    {"ledger", "：先用 gongkai ledger init 建立", ": make it with gongkai ledger init"},
};

const char *cli_error_hint(const gk_error *err) {
  if (!err)
    return "";
  for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++)
    if (strcmp(err->param, hints[i].param) == 0)
      return cli_tr(hints[i].zh, hints[i].en);
  if (err->code == GK_E_TAMPERED)
    return cli_tr("；gongkai ledger verify 列出全部",
                  "; gongkai ledger verify lists them all");
  return "";
}

int cli_ledger_fail(gk_status st, const gk_error *err) {
  if (err && err->code)
    cli_error("%s%s", cli_tr(err->message, err->message_en),
              cli_error_hint(err));
  else
    cli_error("%s", gk_strerror(st, cli_lang()));
  return st == GK_E_NOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
}

/* "today" for the ledger: $GK_TODAY (YYYY-MM-DD) when set, for tests and
 * for working as of a given day; else 0, the library's clock (the date in
 * China). */
static int cli_today(int32_t *out) {
  *out = 0;
  const char *v = getenv("GK_TODAY");
  if (!v || !*v)
    return 0;
  if (cli_parse_date(v, out))
    return cli_usage_error(NULL,
                           cli_tr("GK_TODAY 需要日期 YYYY-MM-DD，而不是 '%s'",
                                  "GK_TODAY needs a date YYYY-MM-DD, not '%s'"),
                           v);
  return 0;
}

/* GK_BUSY_TIMEOUT_MS: how long a command waits for a ledger another program
 * is writing (default 5000; docs/cli.md). */
static int cli_busy_timeout(int *out) {
  *out = 0;
  const char *v = getenv("GK_BUSY_TIMEOUT_MS");
  if (!v || !*v)
    return 0;
  char *end = NULL;
  errno = 0;
  long ms = strtol(v, &end, 10);
  if (errno || *end || ms < 1 || ms > 3600000)
    return cli_usage_error(
        NULL,
        cli_tr("GK_BUSY_TIMEOUT_MS 需要 1 至 3600000 之间的毫秒数，而不是 '%s'",
               "GK_BUSY_TIMEOUT_MS needs milliseconds from 1 to 3600000, not "
               "'%s'"),
        v);
  *out = (int)ms;
  return 0;
}

/* The notices added with gongkai calendar add (the user calendar file)
 * join the ledger's calendar: stored in it (so the file alone gives the
 * same dates elsewhere) and its open applications recomputed. A notice
 * the ledger already holds is skipped, so this is a no-op once merged. */
static void merge_user_calendar(gk_ledger *led) {
  char buf[4096], *text = NULL;
  size_t len = 0;
  const char *path = NULL;
  if (cli_calendar_user_text(&text, &len, &path, buf, sizeof(buf)) || !text)
    return;
  gk_error err;
  gk_error_clear(&err);
  int64_t changed = 0;
  if (len && gk_ledger_calendar_add(led, text, len, &changed, &err))
    cli_warn(cli_tr("[calendar-merge] 用户日历 %s 未能并入台账：%s",
                    "[calendar-merge] the user calendar %s was not merged "
                    "into the ledger: %s"),
             path, cli_tr(err.message, err.message_en));
  else if (changed)
    cli_note(cli_tr("用户日历 %s 的放假通知已并入台账；%lld 件未办结申请的到期日"
                    "已重算",
                    "the notices of the user calendar %s joined the ledger; "
                    "%lld open applications got a new due date"),
             path, (long long)changed);
  free(text);
}

const char *cli_key_file(const char *key) {
  if (key && *key)
    return key;
  key = getenv("GONGKAI_KEY_FILE");
  return key && *key ? key : NULL;
}

int cli_ledger_open_db(const char *cmd, const char *db, const char *actor,
                       gk_ledger **out) {
  return cli_ledger_open_key(cmd, db, actor, NULL, 0, out);
}

int cli_ledger_open_key(const char *cmd, const char *db, const char *actor,
                        const char *key, unsigned flags, gk_ledger **out) {
  *out = NULL;
  if (!db)
    return cli_usage_error(cmd, "%s",
                           cli_tr("缺少 --db FILE", "--db FILE is missing"));
  gk_ledger_opts lo;
  memset(&lo, 0, sizeof(lo));
  lo.actor = default_actor(actor);
  lo.key_file = cli_key_file(key);
  lo.flags = flags;
  int rc = cli_today(&lo.today);
  if (!rc)
    rc = cli_busy_timeout(&lo.busy_timeout_ms);
  if (rc)
    return rc;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_open(out, db, &lo, &err);
  if (st)
    return cli_ledger_fail(st, &err);
  merge_user_calendar(*out);
  int year = gk_ledger_notice_missing(*out, 0);
  if (year)
    cli_warn(cli_tr("[calendar-missing] 日历缺少 %d 年的放假安排（国务院办公厅"
                    "关于%d年部分节假日安排的通知）：到期日跨入该年的申请暂按"
                    "周末和《全国年节及纪念日放假办法》的法定节假日计算，标为"
                    "“暂定”；通知发布后用 gongkai calendar add FILE 加入，"
                    "台账即重算",
                    "[calendar-missing] the calendar lacks the holiday "
                    "arrangement of %d (the State Council's notice on the "
                    "holidays of %d): due dates reaching that year are "
                    "provisional (weekends and the statutory holidays only); "
                    "add the notice with gongkai calendar add FILE when it is "
                    "published and the ledger recomputes them"),
             year, year);
  return 0;
}

int cli_ledger_open(const char *cmd, const cli_lopts *o, gk_ledger **out) {
  return cli_ledger_open_key(cmd, o->db, o->actor, o->key_file, 0, out);
}

int cli_vocab(const char *cmd, const char *opt, gk_vocab v,
              const char *value, const char **id) {
  *id = NULL;
  if (!value)
    return 0;
  *id = gk_vocab_find(v, value);
  if (*id)
    return 0;
  cli_buf list = {NULL, 0, 0};
  for (size_t i = 0; i < gk_vocab_count(v); i++) {
    const char *vid = gk_vocab_id(v, i);
    if (cli_buf_printf(&list, "%s%s（%s）", i ? "、" : "",
                       gk_vocab_label(v, vid), vid)) {
      cli_buf_free(&list);
      return cli_nomem();
    }
  }
  int rc = cli_usage_error(cmd,
                           cli_tr("%s 的值 '%s' 无效，可选：%s",
                                  "%s: '%s' is not a valid value; one of: %s"),
                           opt, value, list.data);
  cli_buf_free(&list);
  return rc;
}

const char *cli_vocab_shown(gk_vocab v, const char *id) {
  const char *label = id && cli_lang() == GK_LANG_ZH ? gk_vocab_label(v, id)
                                                     : NULL;
  return label ? label : id;
}

int cli_bad_date(const char *cmd, const char *opt, const char *value) {
  return cli_usage_error(cmd,
                         cli_tr("%s 需要日期 YYYY-MM-DD，而不是 '%s'",
                                "%s needs a date YYYY-MM-DD, not '%s'"),
                         opt, value);
}

int cli_ledger_action(const char *cmd, const cli_actions *acts, int argc,
                      char **argv, int64_t *id) {
  char zh[128] = "", en[128] = "";
  int n = 0;
  for (; acts->verbs[n]; n++) {
    size_t zl = strlen(zh), el = strlen(en);
    snprintf(zh + zl, sizeof(zh) - zl, "%s%s", n ? "、" : "", acts->verbs[n]);
    snprintf(en + el, sizeof(en) - el, "%s%s", n ? ", " : "", acts->verbs[n]);
  }
  if (argc < 1) {
    cli_usage_error(cmd, cli_tr("缺少操作（%s）", "no action given (%s)"),
                    cli_tr(zh, en));
    return -1;
  }
  int v = 0;
  while (v < n && strcmp(argv[0], acts->verbs[v]) != 0)
    v++;
  if (v == n) {
    cli_usage_error(cmd, cli_tr("未知操作 '%s'（%s）", "unknown action '%s' (%s)"),
                    argv[0], cli_tr(zh, en));
    return -1;
  }
  int want_id = (acts->takes_id >> v) & 1;
  *id = 0;
  if (argc - 1 != want_id) {
    if (want_id)
      cli_usage_error(cmd, cli_tr("需要一个%s编号", "needs one %s id"),
                      cli_tr(acts->item_zh, acts->item_en));
    else
      cli_usage_error(cmd, "%s", cli_tr("多余的参数", "extra arguments"));
    return -1;
  }
  if (want_id && (cli_parse_count(argv[1], id) || *id <= 0)) {
    cli_usage_error(cmd,
                    cli_tr("%s编号应为正整数，而不是 '%s'",
                           "a %s id is a positive whole number, not '%s'"),
                    cli_tr(acts->item_zh, acts->item_en), argv[1]);
    return -1;
  }
  return v;
}

int cli_item_option(cli_item_opts *o, int c, const cli_value *v) {
  if (c == 'd')
    o->db = v->text;
  else if (c == 'u')
    o->actor = v->text;
  else if (c == 'D')
    o->date = v->date;
  else
    return 0;
  return 1;
}
