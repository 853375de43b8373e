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
     "不计入期限的期间（征求意见、待缴费），可重复；补正则以补正后申请的"
     "收到日为 --received 重新起算",
     "a period that does not count (consultation, unpaid fee); repeatable; "
     "after 补正 the period restarts: give the corrected application's "
     "receipt as --received"},
    {"kind", required_argument, 'k', "KIND",
     "期限种类：reply 答复（20，默认）、correction 补正告知（7）、"
     "third-party 第三方意见（15）、fee 缴费（20）",
     "period: reply (20, default), correction (ask for 补正, 7), "
     "third-party (opinion, 15), fee (payment, 20)"},
    {"calendar-file", required_argument, 'c', "PATH",
     "另加的用户日历文件（见 gongkai calendar）",
     "extra user calendar file (see gongkai calendar)"},
    CLI_OPT_LANG,
    CLI_OPT_HELP,
};
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

/* What the options ask for. */
typedef struct deadline_opts {
  gk_pause pauses[MAX_PAUSES]; /* --pause, in order */
  size_t npauses;              /* how many */
  const char *received;        /* --received */
  const char *calpath;         /* --calendar-file, or NULL */
  int extension, have_ext;     /* --extended / --extension */
  int days, reply;             /* --kind: length; is it the reply period */
} deadline_opts;

static int option(int c, const cli_value *v, void *ctx) {
  deadline_opts *d = ctx;
  const char *arg = v->text;
  long ext = GK_DAYS_EXTENSION_MAX;
  size_t k = 0;
  switch (c) {
  case 'r':
    d->received = arg;
    return 0;
  case 'x':
  case 'e':
    if (c == 'x') {
      char *end;
      errno = 0;
      ext = strtol(arg, &end, 10);
      if (errno || end == arg || *end || ext < 0 ||
          ext > GK_DAYS_EXTENSION_MAX)
        return cli_usage_error(
            "deadline",
            cli_tr("--extension 需要 0 到 %d 之间的整数（第三十三条），而不是"
                   "“%s”",
                   "--extension needs a whole number from 0 to %d (article "
                   "33), not '%s'"),
            GK_DAYS_EXTENSION_MAX, arg);
    }
    if (d->have_ext && ext != d->extension)
      return cli_usage_error("deadline", "%s",
                             cli_tr("--extended 与 --extension 只能给一次",
                                    "give --extended or --extension once"));
    d->extension = (int)ext;
    d->have_ext = 1;
    return 0;
  case 'p':
    if (d->npauses == MAX_PAUSES)
      return cli_usage_error(
          "deadline", cli_tr("--pause 最多 %d 个", "at most %d --pause options"),
          MAX_PAUSES);
    return parse_pause(arg, &d->pauses[d->npauses++]);
  case 'k':
    while (k < NKINDS && strcmp(arg, kinds[k].name) != 0)
      k++;
    if (k == NKINDS)
      return cli_usage_error(
          "deadline",
          cli_tr("--kind 只能是 reply、correction、third-party 或 fee，而不是"
                 "“%s”",
                 "--kind must be reply, correction, third-party or fee, "
                 "not '%s'"),
          arg);
    d->days = kinds[k].days;
    d->reply = k == 0;
    return 0;
  case 'c':
    d->calpath = arg;
    return 0;
  }
  return 0;
}

static const cli_cmd command = {
    .name = "deadline",
    .options = options,
    .noptions = CLI_COUNT(options),
    .usage_zh = "gongkai deadline --received 日期 [选项]",
    .usage_en = "gongkai deadline --received DATE [options]",
    .about_zh = "输出期限的最后一天（YYYY-MM-DD）。收到当日不计，次一工作日为"
                "第 1 日；工作日依国务院办公厅的放假安排；暂停期间不计，期满"
                "后次一工作日起继续计算。",
    .about_en = "Prints the last day of the period (YYYY-MM-DD). The day of "
                "receipt does not count; day 1 is the next working day; "
                "working days follow the State Council's holiday notices; "
                "paused days do not count and the clock resumes the next "
                "working day after a pause.",
    .exit_zh = "退出码：0 成功；2 日期、参数无效或日历缺少所需年份；"
               "3 内部错误",
    .exit_en = "exit codes: 0 success; 2 invalid date or argument, "
               "or the calendar lacks a year; 3 internal failure",
    .option = option,
};

int cli_cmd_deadline(int argc, char **argv) {
  deadline_opts d;
  memset(&d, 0, sizeof(d));
  d.days = GK_DAYS_REPLY;
  d.reply = 1;
  cli_args a;
  int rc = cli_parse(&command, argc, argv, &d, &a);
  if (rc != CLI_PARSED)
    return rc;
  if (!d.received)
    return cli_usage_error("deadline", "%s",
                           cli_tr("缺少 --received", "--received is missing"));
  int32_t start;
  if (gk_date_parse(d.received, strlen(d.received), &start, NULL))
    return bad_date("--received", d.received);
  if (d.have_ext && !d.reply)
    return cli_usage_error("deadline", "%s",
                           cli_tr("只有答复期限（--kind reply）可以延长",
                                  "only the reply period (--kind reply) can "
                                  "be extended"));
  gk_calendar *cal;
  if ((rc = cli_calendar_load(d.calpath, &cal)))
    return rc;
  gk_error e;
  gk_error_clear(&e);
  int32_t due;
  gk_status st = gk_deadline_after(cal, start, d.days + d.extension, d.pauses,
                                   d.npauses, &due, &e);
  gk_calendar_free(cal);
  if (st)
    return cli_calendar_error(&e);
  char out[11];
  gk_date_format(due, out);
  printf("%s\n", out);
  return CLI_EXIT_OK;
}
