/* cmd_case.c: gongkai case add|close|list --db FILE [options]
 * Reconsideration (行政复议) and litigation (行政诉讼) cases about the
 * ledger's applications (docs/ledger.md "Records and cases"); they fill
 * table review of the report. The option table is the source of --help and
 * docs/cli.md. */
#include "cmd_ledgerreport.h"

#include <string.h>

static const cli_option options[] = {
    {"db", required_argument, 'd', "FILE", "台账数据库文件（必需）",
     "ledger database file (required)"},
    {"actor", required_argument, 'u', "NAME",
     "操作人，记入审计日志（默认：$USER）；审核人须与起草人不同",
     "who acts, for the audit log (default: $USER); the approver must not "
     "be the drafter"},
    {"kind", required_argument, 'k', "KIND",
     "add：表四的行 id：reconsideration（行政复议）、litigation_direct"
     "（未经复议直接起诉）、litigation_after（复议后起诉）",
     "add: a row id of table review: reconsideration, litigation_direct, "
     "litigation_after"},
    {"application", required_argument, 'A', "REF",
     "add：案件所涉申请的编号（必需）",
     "add: reference of the application it concerns (required)"},
    {"case-no", required_argument, 'n', "TEXT", "add：案号",
     "add: case number"},
    {"outcome", required_argument, 'O', "RESULT",
     "close：表四的列 id：upheld（结果维持）、corrected（结果纠正）、other"
     "（其他结果）",
     "close: a column id of table review: upheld, corrected, other"},
    {"date", required_argument, 'D', "YYYY-MM-DD",
     "add：立案（申请复议或起诉）日期；close：审结日期（默认今天）",
     "add: day filed; close: day decided (default today)"},
    {"lang", required_argument, 'l', "zh|en",
     "消息语言：zh（默认，中文）或 en（英文）",
     "language of messages: zh (default, Chinese) or en (English)"},
    {"quiet", no_argument, 'q', NULL, "不显示提示（错误照常显示）",
     "no notes (errors still show)"},
    {"help", no_argument, 'h', NULL, "显示本帮助并退出",
     "show this help and exit"},
};
#define NOPTS (sizeof(options) / sizeof(options[0]))

static void help(void) {
  printf("%s\n", cli_tr("用法：gongkai case add|close ID|list --db 文件 [选项]",
                        "usage: gongkai case add|close ID|list --db FILE "
                        "[options]"));
  printf(
      "%s\n\n",
      cli_tr(
          "政府信息公开行政复议、行政诉讼案件：add 登记一件（关联所涉申请），"
          "close 记录审结结果，list 列出全部案件。",
          "Reconsideration and litigation cases: add registers one "
          "(linked to its application), close records the decision, "
          "list prints them all."));
  printf("%s\n", cli_tr("选项：", "options:"));
  cli_options_help(stdout, options, NOPTS);
  printf("\n%s\n",
         cli_tr("退出码：0 成功；2 用法错误或输入无效；3 内部错误",
                "exit codes: 0 done; 2 bad usage or bad input; 3 internal "
                "failure"));
}

static void print_date(int32_t d) {
  if (d)
    printf("%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100),
           (int)(d % 100));
  else
    fputs("-", stdout);
}

static int list_one(const gk_case *c, void *ud) {
  (void)ud;
  printf("%lld\t%s\t%s\t%s\t", (long long)c->id, c->kind, c->application_ref,
         c->case_no && *c->case_no ? c->case_no : "-");
  print_date(c->filed_on);
  printf("\t%s\t", c->outcome ? c->outcome : "pending");
  print_date(c->decided_on);
  printf("\t%s\n", c->created_by);
  return 0;
}

int cli_cmd_case(int argc, char **argv) {
  struct option longopts[CLI_MAX_OPTIONS + 1];
  char shortopts[3 * CLI_MAX_OPTIONS + 2];
  const char *db = NULL, *actor = NULL, *outcome = NULL;
  gk_case cs;
  memset(&cs, 0, sizeof(cs));
  int32_t date = 0;
  gk_lang lang = cli_lang();
  int want_help = 0;
  cli_options_prepare(options, NOPTS, longopts, shortopts);
  opterr = 0;
  for (;;) {
    int c = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (c == -1)
      break;
    switch (c) {
    case 'd':
      db = optarg;
      break;
    case 'u':
      actor = optarg;
      break;
    case 'k':
      cs.kind = optarg;
      break;
    case 'A':
      cs.application_ref = optarg;
      break;
    case 'n':
      cs.case_no = optarg;
      break;
    case 'O':
      outcome = optarg;
      break;
    case 'D':
      if (cli_lr_date(optarg, &date))
        return cli_usage_error("case",
                               cli_tr("日期应为 YYYY-MM-DD，而不是 '%s'",
                                      "a date is YYYY-MM-DD, not '%s'"),
                               optarg);
      break;
    case 'l':
      if (cli_parse_lang(optarg, &lang))
        return cli_lang_error("case", optarg);
      break;
    case 'q':
      cli_set_quiet(1);
      break;
    case 'h':
      want_help = 1;
      break;
    default:
      return cli_options_error("case", c, options, NOPTS, argv);
    }
  }
  cli_set_lang(lang);
  if (want_help) {
    help();
    return CLI_EXIT_OK;
  }
  if (optind >= argc)
    return cli_usage_error("case", "%s",
                           cli_tr("缺少操作（add、close、list）",
                                  "no action given (add, close, list)"));
  const char *verb = argv[optind];
  int npos = argc - optind - 1;
  int want_id = strcmp(verb, "close") == 0;
  if (strcmp(verb, "add") && strcmp(verb, "list") && !want_id)
    return cli_usage_error("case",
                           cli_tr("未知操作 '%s'（add、close、list）",
                                  "unknown action '%s' (add, close, list)"),
                           verb);
  if (npos != want_id)
    return cli_usage_error("case", "%s",
                           want_id
                               ? cli_tr("需要一个案件编号", "needs one case id")
                               : cli_tr("多余的参数", "extra arguments"));
  int64_t id = 0;
  if (want_id && (cli_lr_count(argv[optind + 1], &id) || id <= 0))
    return cli_usage_error("case",
                           cli_tr("案件编号应为正整数，而不是 '%s'",
                                  "a case id is a positive whole number, not "
                                  "'%s'"),
                           argv[optind + 1]);
  gk_ledger *led = NULL;
  int rc = cli_lr_open("case", db, actor, &led);
  if (rc)
    return rc;
  gk_error err;
  gk_error_clear(&err);
  gk_status st;
  if (strcmp(verb, "add") == 0) {
    cs.filed_on = date;
    st = gk_case_add(led, &cs, &id, &err);
    if (!st)
      printf("%lld\n", (long long)id);
  } else if (want_id) {
    st = gk_case_close(led, id, outcome, date, &err);
  } else {
    printf("id\tkind\tapplication\tcase_no\tfiled_on\toutcome\tdecided_on\t"
           "created_by\n");
    st = gk_case_list(led, list_one, NULL, &err);
  }
  gk_ledger_free(led);
  return st ? cli_lr_fail(st, &err) : CLI_EXIT_OK;
}
