/* cli_ledger.c: the machinery gongkai ledger and gongkai application
 * share (cli_ledger.h). */
#include "cli_ledger.h"

#include <stdlib.h>
#include <string.h>

static void sub_help(const char *cmd, const cli_sub *s) {
  printf("%s gongkai %s %s %s\n", cli_tr("用法：", "usage:"), cmd, s->name,
         s->usage);
  printf("%s\n\n%s\n", cli_tr(s->about_zh, s->about_en),
         cli_tr("选项：", "options:"));
  cli_options_help(stdout, s->options, s->noptions);
}

static void all_help(const char *cmd, const cli_sub *subs, size_t n,
                     const char *about_zh, const char *about_en) {
  printf("%s gongkai %s <%s> [%s]\n", cli_tr("用法：", "usage:"), cmd,
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
  case 'q': o->quiet = 1; break;
  default: break;
  }
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
  if (!s)
    return cli_usage_error(cmd, cli_tr("未知子命令 '%s'", "unknown command '%s'"),
                           argv[1]);
  char full[64];
  snprintf(full, sizeof(full), "%s %s", cmd, s->name);
  struct option longopts[32 + 1];
  char shortopts[3 * 32 + 2];
  if (s->noptions > 32)
    return CLI_EXIT_INTERNAL;
  cli_options_prepare(s->options, s->noptions, longopts, shortopts);
  cli_lopts o;
  memset(&o, 0, sizeof(o));
  int want_help = 0;
  gk_lang lang = cli_lang();
  argc--;
  argv++;
  optind = 1;
  opterr = 0;
  for (;;) {
    int c = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (c == -1)
      break;
    if (c == '?' || c == ':')
      return cli_options_error(full, c, s->options, s->noptions, argv);
    if (c == 'h')
      want_help = 1;
    else if (c == 'l') {
      if (cli_parse_lang(optarg, &lang))
        return cli_lang_error(full, optarg);
    } else
      store(&o, c, optarg);
  }
  cli_set_lang(lang);
  cli_set_quiet(o.quiet);
  if (want_help) {
    sub_help(cmd, s);
    return CLI_EXIT_OK;
  }
  if (!o.actor || !*o.actor)
    o.actor = getenv("USER");
  if (!o.actor || !*o.actor)
    o.actor = getenv("LOGNAME");
  return s->fn(&o, argc - optind, argv + optind);
}

int cli_ledger_fail(gk_status st, const gk_error *err) {
  const char *m = err && err->code ? cli_tr(err->message, err->message_en)
                                   : gk_strerror(st, cli_lang());
  cli_error("%s", m);
  return st == GK_E_NOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
}

int cli_ledger_open(const char *cmd, const cli_lopts *o, gk_ledger **out) {
  *out = NULL;
  if (!o->db)
    return cli_usage_error(cmd, "%s",
                           cli_tr("缺少 --db FILE", "--db FILE is missing"));
  gk_ledger_opts lo = {o->actor, NULL, 0};
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_open(out, o->db, &lo, &err);
  return st ? cli_ledger_fail(st, &err) : 0;
}

int cli_parse_date(const char *s, int32_t *out) {
  *out = 0;
  if (!s || !*s)
    return 0;
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return -1;
  int32_t v = 0;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7)
      continue;
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  int m = v / 100 % 100, d = v % 100;
  if (m < 1 || m > 12 || d < 1 || d > 31)
    return -1; /* the library checks the day of the month */
  *out = v;
  return 0;
}

int cli_bad_date(const char *cmd, const char *opt, const char *value) {
  return cli_usage_error(cmd,
                         cli_tr("%s 需要日期 YYYY-MM-DD，而不是 '%s'",
                                "%s needs a date YYYY-MM-DD, not '%s'"),
                         opt, value);
}
