/* cli_opts.c: the one option driver of every gongkai command (curl's
 * tool_getparam.c: one table per command, one parser). From a command's
 * table it builds getopt_long's tables and --help; it parses every
 * argument kind of cli_arg, so a bad value, an unknown option, a missing
 * argument or a wrong number of arguments is reported the same way by
 * every command: a message naming the option, "try 'gongkai CMD --help'",
 * exit 2. */
#include "cli_common.h"

#include <string.h>

/* An option that takes no argument. */
static int is_switch(int kind) {
  return kind == CLI_ARG_FLAG || kind == CLI_ARG_QUIET || kind == CLI_ARG_HELP;
}

/* Fills 'longopts' (n + 1 entries) and 'shortopts' (3n + 2 bytes, starts
 * with ':' so a missing argument is told apart from an unknown option). */
static void prepare(const cli_option *o, size_t n, struct option *longopts,
                    char *shortopts) {
  size_t k = 0;
  shortopts[k++] = ':';
  for (size_t i = 0; i < n; i++) {
    int has_arg = is_switch(o[i].kind) ? no_argument : required_argument;
    longopts[i].name = o[i].name;
    longopts[i].has_arg = has_arg;
    longopts[i].flag = NULL;
    longopts[i].val = o[i].letter;
    shortopts[k++] = (char)o[i].letter;
    if (has_arg == required_argument)
      shortopts[k++] = ':';
  }
  shortopts[k] = '\0';
  memset(&longopts[n], 0, sizeof(longopts[n]));
}

/* What option 'o' of 'cmd' takes, for help and errors: its 'arg', or for
 * --format and writer options their names joined ("a|b|c" with 'sep' and
 * 'last' "|", "a, b or c" with ", " and " or "). NULL for a switch. */
static const char *arg_names(const cli_cmd *cmd, const cli_option *o,
                             const char *sep, const char *last, char *out,
                             size_t size) {
  size_t n = cmd->nformats;
  const cli_writer *w = NULL;
  if (o->kind == CLI_ARG_WRITER)
    w = cli_writers(&n);
  else if (o->kind != CLI_ARG_FORMAT || o->arg)
    return o->arg;
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(out);
    snprintf(out + len, size - len, "%s%s",
             !i          ? ""
             : i + 1 < n ? sep
                         : last,
             w ? w[i].name : cmd->formats[i].name);
  }
  return out;
}

/* The options block of --help. */
static void options_help(const cli_cmd *cmd) {
  for (size_t i = 0; i < cmd->noptions; i++) {
    const cli_option *o = &cmd->options[i];
    char left[128], names[96];
    const char *arg = arg_names(cmd, o, "|", "|", names, sizeof(names));
    snprintf(left, sizeof(left), "-%c, --%s%s%s", o->letter, o->name,
             arg ? " " : "", arg ? arg : "");
    printf("  %-24s %s\n", left, cli_tr(o->help_zh, o->help_en));
  }
}

void cli_cmd_help(const cli_cmd *cmd) {
  printf("%s%s\n", cli_tr("用法：", "usage: "),
         cli_tr(cmd->usage_zh, cmd->usage_en));
  printf("%s\n\n", cli_tr(cmd->about_zh, cmd->about_en));
  printf("%s\n", cli_tr("选项：", "options:"));
  options_help(cmd);
  if (cmd->exit_zh)
    printf("\n%s\n", cli_tr(cmd->exit_zh, cmd->exit_en));
}

static const cli_option *find_letter(const cli_cmd *cmd, int c) {
  for (size_t i = 0; i < cmd->noptions; i++)
    if (cmd->options[i].letter == c)
      return &cmd->options[i];
  return NULL;
}

/* Reports getopt's '?' or ':' as a usage error. */
static int getopt_error(const cli_cmd *cmd, int c, char **argv) {
  const char *name = cmd->name;
  if (c == ':') {
    const cli_option *opt = find_letter(cmd, optopt);
    char names[96];
    if (opt)
      return cli_usage_error(
          name,
          cli_tr("选项 -%c/--%s 需要参数 %s",
                 "option -%c/--%s needs an argument %s"),
          opt->letter, opt->name,
          arg_names(cmd, opt, "|", "|", names, sizeof(names)));
    return cli_usage_error(name, "%s",
                           cli_tr("选项缺少参数", "option lacks its argument"));
  }
  const cli_option *known = optopt ? find_letter(cmd, optopt) : NULL;
  if (known) /* '?' for a known option: --quiet=1 gave it an argument */
    return cli_usage_error(
        name, cli_tr("选项 --%s 不接受参数", "option --%s takes no argument"),
        known->name);
  if (optopt)
    return cli_usage_error(
        name, cli_tr("未知选项 '-%c'", "unknown option '-%c'"), optopt);
  /* an unknown long option: getopt_long leaves it at argv[optind - 1] */
  const char *bad = argv[optind - 1];
  size_t len = strcspn(bad, "=");
  return cli_usage_error(
      name, cli_tr("未知选项 '%.*s'", "unknown option '%.*s'"), (int)len, bad);
}

/* A four-digit year. */
static int parse_year(const char *s, int64_t *out) {
  int64_t v;
  /* the library's one range of years (gk_date_valid) */
  if (strlen(s) != 4 || cli_parse_count(s, &v) ||
      !gk_date_valid((int32_t)(v * 10000 + 101)))
    return -1;
  *out = v;
  return 0;
}

/* The usage error of a bad value 'arg' of option 'o' ("--date needs a
 * date YYYY-MM-DD, not 'x'": the formats take the name, then the value). */
static int bad_value(const cli_cmd *cmd, const cli_option *o, const char *arg,
                     const char *zh, const char *en) {
  return cli_usage_error(cmd->name, cli_tr(zh, en), o->name, arg);
}

/* Takes option 'o' with argument 'arg' (NULL for a switch): the shared
 * kinds into 'a' or '*help', the command's own, parsed by kind, to
 * cmd->option. 0, or the exit code of a usage error. */
static int take(const cli_cmd *cmd, const cli_option *o, char *arg, cli_args *a,
                int *help, void *ctx) {
  const char *name = cmd->name;
  cli_value v = {arg, 0, 0};
  char zh[160], en[160];
  size_t f = 0;
  switch ((cli_arg)o->kind) {
  case CLI_ARG_HELP:
    *help = 1;
    return 0;
  case CLI_ARG_QUIET:
    a->quiet = 1;
    return 0;
  case CLI_ARG_OUTPUT:
    a->output = arg;
    return 0;
  case CLI_ARG_LANG:
    if (cli_parse_lang(arg, &a->lang))
      return cli_usage_error(name,
                             cli_tr("--lang 只能是 zh 或 en，而不是 '%s'",
                                    "--lang must be zh or en, not '%s'"),
                             arg);
    return 0;
  case CLI_ARG_JOBS:
    if (cli_parse_jobs(arg, &a->jobs))
      return cli_usage_error(name,
                             cli_tr("-j 需要 1 到 %d 之间的整数，而不是 '%s'",
                                    "-j needs a whole number from 1 to %d, "
                                    "not '%s'"),
                             CLI_MAX_JOBS, arg);
    return 0;
  case CLI_ARG_FORMAT:
    while (f < cmd->nformats && strcmp(arg, cmd->formats[f].name) != 0)
      f++;
    if (f < cmd->nformats) {
      a->format = cmd->formats[f].format;
      return 0;
    }
    break;
  case CLI_ARG_WRITER:
    a->writer = cli_writer_find(arg);
    if (a->writer)
      return 0;
    break;
  case CLI_ARG_FLAG:
  case CLI_ARG_TEXT:
    return cmd->option ? cmd->option(o->letter, &v, ctx) : 0;
  case CLI_ARG_DATE: /* the library checks the day of the month */
    if (cli_parse_date(arg, &v.date) || v.date < 10000101)
      return bad_value(cmd, o, arg, "--%s 需要日期 YYYY-MM-DD，而不是 '%s'",
                       "--%s needs a date YYYY-MM-DD, not '%s'");
    return cmd->option ? cmd->option(o->letter, &v, ctx) : 0;
  case CLI_ARG_YEAR:
    if (parse_year(arg, &v.num))
      return bad_value(cmd, o, arg, "--%s 需要四位数的年度，而不是 '%s'",
                       "--%s needs a four-digit year, not '%s'");
    return cmd->option ? cmd->option(o->letter, &v, ctx) : 0;
  case CLI_ARG_COUNT:
    if (cli_parse_count(arg, &v.num))
      return bad_value(cmd, o, arg, "--%s 应为非负整数，而不是 '%s'",
                       "--%s is a whole number >= 0, not '%s'");
    return cmd->option ? cmd->option(o->letter, &v, ctx) : 0;
  }
  /* a --format or writer value the command does not know */
  return cli_usage_error(
      name, cli_tr("--%s 只能是 %s，而不是 '%s'", "--%s must be %s, not '%s'"),
      o->name,
      cli_tr(arg_names(cmd, o, " 或 ", " 或 ", zh, sizeof(zh)),
             arg_names(cmd, o, ", ", " or ", en, sizeof(en))),
      arg);
}

int cli_parse(const cli_cmd *cmd, int argc, char **argv, void *ctx,
              cli_args *a) {
  struct option longopts[CLI_MAX_OPTIONS + 1];
  char shortopts[3 * CLI_MAX_OPTIONS + 2];
  int help = 0;
  if (cmd->noptions > CLI_MAX_OPTIONS)
    return CLI_EXIT_INTERNAL;
  memset(a, 0, sizeof(*a));
  cli_prescan_lang(argc, argv);
  a->lang = cli_lang();
  a->jobs = cli_default_jobs();
  a->format = cmd->nformats ? cmd->formats[0].format : 0;
  prepare(cmd->options, cmd->noptions, longopts, shortopts);
  optind = 1;
  opterr = 0;
  for (;;) {
    int c = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (c == -1)
      break;
    const cli_option *o = c == '?' || c == ':' ? NULL : find_letter(cmd, c);
    if (!o)
      return getopt_error(cmd, c, argv);
    int rc = take(cmd, o, optarg, a, &help, ctx);
    if (rc)
      return rc;
  }
  cli_set_lang(a->lang);
  cli_set_quiet(a->quiet);
  if (help) {
    cli_cmd_help(cmd);
    return CLI_EXIT_OK;
  }
  a->argc = argc - optind;
  a->argv = argv + optind;
  if (a->argc < cmd->min_args)
    return cli_usage_error(cmd->name, "%s",
                           cli_tr("没有输入文件", "no input files"));
  if (cmd->max_args >= 0 && a->argc > cmd->max_args)
    return cli_usage_error(
        cmd->name, cli_tr("多余的参数 '%s'", "unexpected argument '%s'"),
        a->argv[cmd->max_args]);
  return CLI_PARSED;
}
