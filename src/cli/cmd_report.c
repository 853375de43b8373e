/* cmd_report.c: gongkai report --db FILE --year N [options]
 * The annual report made from the ledger (gk_ledger_report): every table
 * counted from the applications, records and cases, draft texts of the
 * six sections, checked by gk_check_run before it is written (JSON, CSV or
 * the report as text, which `gongkai check` reads back). --explain
 * apply.ROW.COLUMN lists the applications counted in one cell instead.
 * The option table is the source of --help and docs/cli.md. */
#include "cmd_ledgerreport.h"

#include <stdlib.h>
#include <string.h>

static const cli_option options[] = {
    {"db", required_argument, 'd', "FILE", "台账数据库文件（必需）",
     "ledger database file (required)"},
    {"year", required_argument, 'y', "N", "报告年度（必需）",
     "report year (required)"},
    {"format", required_argument, 'f', "json|csv|text|docx|xlsx|html|md",
     "输出格式：json（默认，与 parse 相同的对象）、csv（长表）、text"
     "（报告全文，可由 gongkai check 读取），或 export 的 docx、xlsx、html、md",
     "output format: json (default, the object parse prints), csv (long "
     "form), text (the whole report, readable by gongkai check), or "
     "export's docx, xlsx, html, md"},
    {"output", required_argument, 'o', "OUT",
     "写入文件（先写临时文件再改名）；默认标准输出",
     "write to OUT (a temporary file, then renamed); default stdout"},
    {"date", required_argument, 'D', "YYYY-MM-DD", "报告日期（默认今天）",
     "the report's date (default today)"},
    {"explain", required_argument, 'e', "apply.ROW.COLUMN|fees",
     "列出计入表三某一单元格的申请（编号、收到日期、办结日期、办理结果）；"
     "fees：列出第六部分草稿所合计的本年缴费（编号、缴费日期、元、票据号）",
     "list the applications counted in one cell of table apply (ref, "
     "received, closed, outcome); fees: the year's payments section 6's "
     "draft sums (ref, paid on, yuan, receipt)"},
    {"lang", required_argument, 'l', "zh|en",
     "消息语言：zh（默认，中文）或 en（英文）",
     "language of messages: zh (default, Chinese) or en (English)"},
    {"quiet", no_argument, 'q', NULL, "不显示警告和提示（错误照常显示）",
     "no warnings or notes (errors still show)"},
    {"help", no_argument, 'h', NULL, "显示本帮助并退出",
     "show this help and exit"},
};
#define NOPTS (sizeof(options) / sizeof(options[0]))


static void help(void) {
  printf("%s\n", cli_tr("用法：gongkai report --db 文件 --year 年度 [选项]",
                        "usage: gongkai report --db FILE --year N [options]"));
  printf("%s\n\n",
         cli_tr("由台账生成政府信息公开工作年度报告：按年度选用格式，三张表全部"
                "由申请、记录和案件统计得出，六个部分附草稿正文；输出前用 "
                "gongkai check 的全部规则检查。",
                "Make the annual report from the ledger: the format of the "
                "year, every table counted from the applications, records "
                "and cases, draft texts of the six sections; checked with "
                "every rule of gongkai check before it is written."));
  printf("%s\n", cli_tr("选项：", "options:"));
  cli_options_help(stdout, options, NOPTS);
  printf("\n%s\n",
         cli_tr("退出码：0 报告无错误；1 报告有错误（台账数据有误）；2 用法"
                "错误或台账无法打开；3 内部错误或无法写出",
                "exit codes: 0 no errors; 1 the report has errors; 2 bad "
                "usage or the ledger cannot be opened; 3 internal failure "
                "or output not writable"));
}

/* === --explain === */

static int explain_one(const gk_explain_row *e, void *ud) {
  (void)ud;
  printf("%s\t%s\t%s\t%s\t%s\n", e->ref, e->received_on,
         e->closed_on ? e->closed_on : "-", e->outcome ? e->outcome : "-",
         e->applicant_type);
  return 0;
}

static int explain_fee(const char *ref, const gk_app_fee *f, void *ud) {
  (void)ud;
  printf("%s\t%04d-%02d-%02d\t%lld\t%s\t%s\t%lld\n", ref,
         (int)(f->paid_on / 10000), (int)(f->paid_on / 100 % 100),
         (int)(f->paid_on % 100), (long long)f->paid_yuan,
         f->receipt ? f->receipt : "-",
         f->method == GK_FEE_BY_PIECE ? "piece" : "pages", (long long)f->units);
  return 0;
}

/* === The command === */

int cli_cmd_report(int argc, char **argv) {
  struct option longopts[CLI_MAX_OPTIONS + 1];
  char shortopts[3 * CLI_MAX_OPTIONS + 2];
  const char *db = NULL, *out = NULL, *explain = NULL;
  int year = 0, want_help = 0;
  const cli_writer *writer = cli_writer_find("json");
  int32_t date = 0;
  gk_lang lang = cli_lang();
  cli_options_prepare(options, NOPTS, longopts, shortopts);
  opterr = 0;
  for (;;) {
    int c = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (c == -1)
      break;
    int64_t v = 0;
    switch (c) {
    case 'd':
      db = optarg;
      break;
    case 'y':
      if (cli_lr_count(optarg, &v) || v < 1001 || v > 9998)
        return cli_usage_error("report",
                               cli_tr("--year 应为四位年份，而不是 '%s'",
                                      "--year is a four-digit year, not '%s'"),
                               optarg);
      year = (int)v;
      break;
    case 'f':
      writer = cli_writer_find(optarg);
      if (!writer)
        return cli_usage_error(
            "report",
            cli_tr("--format 只能是 json、csv、text、docx、xlsx、html 或 md，"
                   "而不是 '%s'",
                   "--format must be json, csv, text, docx, xlsx, html or md, "
                   "not '%s'"),
            optarg);
      break;
    case 'o':
      out = optarg;
      break;
    case 'D':
      if (cli_lr_date(optarg, &date))
        return cli_usage_error("report",
                               cli_tr("日期应为 YYYY-MM-DD，而不是 '%s'",
                                      "a date is YYYY-MM-DD, not '%s'"),
                               optarg);
      break;
    case 'e':
      explain = optarg;
      break;
    case 'l':
      if (cli_parse_lang(optarg, &lang))
        return cli_lang_error("report", optarg);
      break;
    case 'q':
      cli_set_quiet(1);
      break;
    case 'h':
      want_help = 1;
      break;
    default:
      return cli_options_error("report", c, options, NOPTS, argv);
    }
  }
  cli_set_lang(lang);
  if (want_help) {
    help();
    return CLI_EXIT_OK;
  }
  if (optind < argc)
    return cli_usage_error("report",
                           cli_tr("多余的参数 '%s'", "extra argument '%s'"),
                           argv[optind]);
  if (!year)
    return cli_usage_error("report", "%s",
                           cli_tr("缺少 --year 报告年度", "--year is missing"));
  gk_ledger *led = NULL;
  int rc = cli_lr_open("report", db, NULL, &led);
  if (rc)
    return rc;
  gk_error err;
  gk_error_clear(&err);
  gk_status st;
  if (explain && strcmp(explain, "fees") == 0) {
    int64_t apps = 0, yuan = 0;
    st = gk_ledger_fees_paid(led, year, explain_fee, NULL, &apps, &yuan, &err);
    gk_ledger_free(led);
    if (st)
      return cli_lr_fail(st, &err);
    cli_note(cli_tr("%d 年缴费：%lld 件申请，共计 %lld 元",
                    "fees paid in %d: %lld applications, %lld yuan in all"),
             year, (long long)apps, (long long)yuan);
    return CLI_EXIT_OK;
  }
  if (explain) {
    int64_t n = 0;
    st = gk_ledger_explain(led, year, explain, explain_one, NULL, &n, &err);
    gk_ledger_free(led);
    if (st)
      return cli_lr_fail(st, &err);
    cli_note(cli_tr("%s：%lld 件申请", "%s: %lld applications"), explain,
             (long long)n);
    return CLI_EXIT_OK;
  }
  gk_report *rep = NULL;
  st = gk_ledger_report(led, year, date, &rep, &err);
  gk_ledger_free(led);
  if (!st)
    st = gk_check_run(rep, GK_CHECK_ALL, &err);
  if (st) {
    gk_report_free(rep);
    return cli_lr_fail(st, &err);
  }
  cli_buf data = {NULL, 0, 0}, diag = {NULL, 0, 0};
  gk_status ws = gk_report_set_source_name(rep, out ? out : "-");
  if (!ws)
    ws = writer->fn(rep, lang, cli_buf_sink, &data, &err);
  int failed = ws != GK_OK;
  failed = failed ||
           gk_write_findings_text(rep, lang, cli_buf_sink, &diag, &err) != 0;
  size_t errors = gk_report_count(rep, GK_SEV_ERROR);
  gk_report_free(rep);
  if (failed) {
    cli_buf_free(&data);
    cli_buf_free(&diag);
    cli_error("%s", gk_strerror(GK_E_NOMEM, lang));
    return CLI_EXIT_INTERNAL;
  }
  /* Findings go to stderr: errors always, warnings unless -q. */
  if (diag.len && (errors || !cli_quiet()))
    fwrite(diag.data, 1, diag.len, stderr);
  rc = cli_lr_write(out, data.data, data.len);
  cli_buf_free(&data);
  cli_buf_free(&diag);
  if (rc)
    return rc;
  return errors ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
}
