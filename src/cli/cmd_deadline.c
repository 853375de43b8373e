/* cmd_deadline.c: gongkai deadline --received DATE [options]
 * Prints the last day of a working-day period (docs/ledger.md "Deadline
 * rules"): the reply deadline of 条例 第三十三条 by default, or the 补正,
 * third-party or fee periods, with paused periods left out. The option
 * table below is the single source of --help and docs/cli.md. */
#include "cli_common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const cli_option options[] = {
    {"received", required_argument, 'r', "DATE",
     "收到申请（或起算）的日期 YYYY-MM-DD，当日不计",
     "day the application was received, YYYY-MM-DD (the period starts the "
     "day after)"},
    {"extended", no_argument, 'e', NULL,
     "已延长答复期限 20 个工作日（第三十三条）",
     "the reply period was extended by 20 working days (article 33)"},
    {"extension", required_argument, 'x', "N",
     "延长 N 个工作日（0–20，第三十三条）",
     "extended by N working days (0-20, article 33)"},
    {"pause", required_argument, 'p', "FROM:TO",
     "不计入期限的期间（补正、征求意见、待缴费），可重复",
     "a period that does not count (补正, consultation, unpaid fee); "
     "repeatable"},
    {"kind", required_argument, 'k', "KIND",
     "期限种类：reply 答复（20，默认）、correction 补正告知（7）、"
     "third-party 第三方意见（15）、fee 缴费（20）",
     "period: reply (20, default), correction (ask for 补正, 7), "
     "third-party (opinion, 15), fee (payment, 20)"},
    {"calendar-file", required_argument, 'c', "PATH",
     "另加的用户日历文件（见 gongkai calendar）",
     "extra user calendar file (see gongkai calendar)"},
    {"lang", required_argument, 'l', "zh|en",
     "消息语言：zh（默认，中文）或 en（英文）",
     "language of messages: zh (default, Chinese) or en (English)"},
    {"help", no_argument, 'h', NULL, "显示本帮助并退出",
     "show this help and exit"},
};
#define NOPTS (sizeof(options) / sizeof(options[0]))
#define MAX_PAUSES 64

/* --kind: the period's length in working days. */
static const struct {
  const char *name; /* as typed */
  int days;         /* working days */
} kinds[] = {
    {"reply", GK_DAYS_REPLY},
    {"correction", GK_DAYS_CORRECTION},
    {"third-party", GK_DAYS_THIRD_PARTY},
    {"fee", GK_DAYS_FEE},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static void help(void) {
  printf("%s\n", cli_tr("用法：gongkai deadline --received 日期 [选项]",
                        "usage: gongkai deadline --received DATE [options]"));
  printf("%s\n\n",
         cli_tr("输出期限的最后一天（YYYY-MM-DD）。收到当日不计，次一工作日为"
                "第 1 日；工作日依国务院办公厅的放假安排；暂停期间不计，期满"
                "后次一工作日起继续计算。",
                "Prints the last day of the period (YYYY-MM-DD). The day of "
                "receipt does not count; day 1 is the next working day; "
                "working days follow the State Council's holiday notices; "
                "paused days do not count and the clock resumes the next "
                "working day after a pause."));
  printf("%s\n", cli_tr("选项：", "options:"));
  cli_options_help(stdout, options, NOPTS);
  printf("\n%s\n", cli_tr("退出码：0 成功；2 日期、参数无效或日历缺少所需年份；"
                          "3 内部错误",
                          "exit codes: 0 success; 2 invalid date or argument, "
                          "or the calendar lacks a year; 3 internal failure"));
}

static int bad_date(const char *opt, const char *arg) {
  gk_error e;
  gk_error_clear(&e);
  int32_t d;
  gk_date_parse(arg, strlen(arg), &d, &e);
  return cli_usage_error("deadline", "%s: %s", opt,
                         cli_tr(e.message, e.message_en));
}

static int parse_pause(const char *arg, gk_pause *p) {
  const char *colon = strchr(arg, ':');
  gk_error e;
  gk_error_clear(&e);
  if (!colon)
    return cli_usage_error("deadline",
                           cli_tr("--pause 应为 FROM:TO，而不是“%s”",
                                  "--pause is FROM:TO, not '%s'"),
                           arg);
  if (gk_date_parse(arg, (size_t)(colon - arg), &p->from, &e) ||
      gk_date_parse(colon + 1, strlen(colon + 1), &p->to, &e))
    return cli_usage_error("deadline", "--pause %s: %s", arg,
                           cli_tr(e.message, e.message_en));
  if (p->to < p->from)
    return cli_usage_error(
        "deadline",
        cli_tr("--pause %s：结束早于开始", "--pause %s: ends before it starts"),
        arg);
  return CLI_EXIT_OK;
}

int cli_cmd_deadline(int argc, char **argv) {
  struct option longopts[NOPTS + 1];
  char shortopts[3 * NOPTS + 2];
  gk_pause pauses[MAX_PAUSES];
  size_t npauses = 0;
  const char *received = NULL, *calpath = NULL;
  int extension = 0, have_ext = 0, days = GK_DAYS_REPLY, reply = 1;
  int want_help = 0, rc;
  cli_prescan_lang(argc, argv);
  gk_lang lang = cli_lang();
  cli_options_prepare(options, NOPTS, longopts, shortopts);
  opterr = 0;
  for (;;) {
    int c = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (c == -1)
      break;
    switch (c) {
    case 'r':
      received = optarg;
      break;
    case 'e':
    case 'x': {
      long v = GK_DAYS_EXTENSION_MAX;
      if (c == 'x') {
        char *end;
        errno = 0;
        v = strtol(optarg, &end, 10);
        if (errno || end == optarg || *end || v < 0 ||
            v > GK_DAYS_EXTENSION_MAX)
          return cli_usage_error(
              "deadline",
              cli_tr("--extension 需要 0 到 %d 之间的整数（第三十三条），而不是"
                     "“%s”",
                     "--extension needs a whole number from 0 to %d (article "
                     "33), not '%s'"),
              GK_DAYS_EXTENSION_MAX, optarg);
      }
      if (have_ext && v != extension)
        return cli_usage_error("deadline", "%s",
                               cli_tr("--extended 与 --extension 只能给一次",
                                      "give --extended or --extension once"));
      extension = (int)v;
      have_ext = 1;
      break;
    }
    case 'p':
      if (npauses == MAX_PAUSES)
        return cli_usage_error(
            "deadline",
            cli_tr("--pause 最多 %d 个", "at most %d --pause options"),
            MAX_PAUSES);
      if ((rc = parse_pause(optarg, &pauses[npauses])))
        return rc;
      npauses++;
      break;
    case 'k': {
      size_t k = 0;
      while (k < NKINDS && strcmp(optarg, kinds[k].name) != 0)
        k++;
      if (k == NKINDS)
        return cli_usage_error(
            "deadline",
            cli_tr("--kind 只能是 reply、correction、third-party 或 fee，而不是"
                   "“%s”",
                   "--kind must be reply, correction, third-party or fee, "
                   "not '%s'"),
            optarg);
      days = kinds[k].days;
      reply = k == 0;
      break;
    }
    case 'c':
      calpath = optarg;
      break;
    case 'l':
      if (cli_parse_lang(optarg, &lang))
        return cli_lang_error("deadline", optarg);
      break;
    case 'h':
      want_help = 1;
      break;
    default:
      return cli_options_error("deadline", c, options, NOPTS, argv);
    }
  }
  cli_set_lang(lang);
  if (want_help) {
    help();
    return CLI_EXIT_OK;
  }
  if (optind < argc)
    return cli_usage_error("deadline",
                           cli_tr("多余的参数“%s”", "unexpected argument '%s'"),
                           argv[optind]);
  if (!received)
    return cli_usage_error("deadline", "%s",
                           cli_tr("缺少 --received", "--received is missing"));
  int32_t start;
  if (gk_date_parse(received, strlen(received), &start, NULL))
    return bad_date("--received", received);
  if (have_ext && !reply)
    return cli_usage_error("deadline", "%s",
                           cli_tr("只有答复期限（--kind reply）可以延长",
                                  "only the reply period (--kind reply) can "
                                  "be extended"));
  gk_calendar *cal;
  if ((rc = cli_calendar_load(calpath, &cal)))
    return rc;
  gk_error e;
  gk_error_clear(&e);
  int32_t due;
  gk_status st = gk_deadline_after(cal, start, days + extension, pauses,
                                   npauses, &due, &e);
  gk_calendar_free(cal);
  if (st)
    return cli_calendar_error(&e);
  char out[11];
  gk_date_format(due, out);
  printf("%s\n", out);
  return CLI_EXIT_OK;
}
