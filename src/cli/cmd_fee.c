/* cmd_fee.c: gongkai fee --pages N | --monthly-count N | --nth N
 * Prints a 信息处理费 in 元 (国办函〔2020〕109号, docs/ledger.md "Deadline
 * rules"): by volume (按量) or by piece (按件). The option table below is
 * the single source of --help and docs/cli.md. */
#include "cli_common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const cli_option options[] = {
    {"pages", required_argument, 'p', "N",
     "按量：一件申请 N 页的费用（1–30 页免费，31–100 每页 10 元，101–200 "
     "每页 20 元，201 起每页 40 元）",
     "by volume: fee of N pages for one application (1-30 free, 31-100 10 "
     "yuan a page, 101-200 20, from 201 40)"},
    {"monthly-count", required_argument, 'm', "N",
     "按件：同一申请人一个自然月 N 件申请的费用合计",
     "by piece: total fee of N applications by one applicant in one "
     "calendar month"},
    {"nth", required_argument, 'n', "N",
     "按件：当月第 N 件申请的费用（1–10 免费，11–30 每件 100 元，其后每 10 件"
     "加 100 元）",
     "by piece: fee of the N-th application of the month (1-10 free, 11-30 "
     "100 yuan, then 100 more every 10)"},
    CLI_OPT_LANG,
    CLI_OPT_HELP,
};

/* --pages, --monthly-count or --nth: which, and its argument. */
typedef struct fee_opts {
  int which;       /* the option's letter, 0 when none */
  const char *arg; /* its argument */
} fee_opts;

static int option(int c, const cli_value *v, void *ctx) {
  fee_opts *f = ctx;
  if (f->which)
    return cli_usage_error("fee", "%s",
                           cli_tr("--pages、--monthly-count、--nth 只能给"
                                  "一个",
                                  "give one of --pages, --monthly-count, "
                                  "--nth"));
  f->which = c;
  f->arg = v->text;
  return 0;
}

static const cli_cmd command = {
    .name = "fee",
    .options = options,
    .noptions = CLI_COUNT(options),
    .usage_zh = "gongkai fee --pages N | --monthly-count N | --nth N",
    .usage_en = "gongkai fee --pages N | --monthly-count N | --nth N",
    .about_zh = "输出信息处理费（元，整数），依《政府信息公开信息处理费管理"
                "办法》（国办函〔2020〕109号），超额累进。",
    .about_en = "Prints the information processing fee in yuan (a whole "
                "number), progressive, under 国办函〔2020〕109号.",
    .exit_zh = "退出码：0 成功；2 数值无效或过大；3 内部错误",
    .exit_en = "exit codes: 0 success; 2 invalid or too large a "
               "number; 3 internal failure",
    .option = option,
};

int cli_cmd_fee(int argc, char **argv) {
  fee_opts f = {0, NULL};
  cli_args a;
  int rc = cli_parse(&command, argc, argv, &f, &a);
  if (rc != CLI_PARSED)
    return rc;
  const char *arg = f.arg;
  int which = f.which;
  if (!which)
    return cli_usage_error("fee", "%s",
                           cli_tr("需要 --pages、--monthly-count 或 --nth",
                                  "give --pages, --monthly-count or --nth"));
  char *end;
  errno = 0;
  long long n = strtoll(arg, &end, 10);
  if (end == arg || *end || (errno && errno != ERANGE))
    return cli_usage_error(
        "fee", cli_tr("“%s”不是整数", "'%s' is not a whole number"), arg);
  if (errno == ERANGE && n > 0)
    return cli_usage_error(
        "fee", cli_tr("数值“%s”过大", "number '%s' too large"), arg);
  gk_error e;
  gk_error_clear(&e);
  int64_t yuan;
  gk_status st = which == 'p'   ? gk_fee_by_pages(n, &yuan, &e)
                 : which == 'm' ? gk_fee_by_monthly_count(n, &yuan, &e)
                                : gk_fee_of_nth_application(n, &yuan, &e);
  if (st)
    return cli_usage_error("fee", "%s", cli_tr(e.message, e.message_en));
  printf("%lld\n", (long long)yuan);
  return CLI_EXIT_OK;
}
