/* main.c: the gongkai command. Looks the subcommand up in a table and
 * returns what it returns (curl's thin tool_main.c); every exit code is
 * documented in docs/cli.md. No exit() anywhere else. */
#include "cli_common.h"
#include "cli_ledger.h" /* ledger, application (issue 5) */
#include "cmd_ledgerreport.h" /* report, record, case (ledgerreport) */
#include "srv_serve.h"      /* serve (issue 12, src/server) */

#include <errno.h>
#include <string.h>

typedef struct cli_command {
  const char *name;                 /* subcommand */
  int (*fn)(int argc, char **argv); /* argv[0] is the subcommand */
  const char *help_zh;              /* one line */
  const char *help_en;
} cli_command;

static int cmd_help(int argc, char **argv);

static const cli_command commands[] = {
    {"parse", cli_cmd_parse, "读取年度报告，输出 JSON Lines 或 CSV",
     "read annual reports, print JSON Lines or CSV"},
    {"check", cli_cmd_check, "检查年度报告，列出问题",
     "check annual reports, list the findings"},
    {"export", cli_cmd_export, "把报告转换为 docx、xlsx、json 或 csv",
     "convert a report to docx, xlsx, json or csv"},
    /* clock: working days, deadlines, fees */
    {"deadline", cli_cmd_deadline, "计算答复等期限（工作日）",
     "compute a reply or other deadline (working days)"},
    {"fee", cli_cmd_fee, "计算信息处理费（国办函〔2020〕109号）",
     "compute an information processing fee (国办函〔2020〕109号)"},
    {"calendar", cli_cmd_calendar, "工作日日历：放假安排通知",
     "the working-day calendar: holiday notices"},
    /* ledger (issue 5) */
    {"ledger", cli_cmd_ledger, "申请台账：建立、导入、导出",
     "the ledger of applications: init, import, export"},
    {"application", cli_cmd_application, "申请：登记、查看、列出、办理",
     "applications: add, show, list, act"},
    /* letters (issue 12 item 3): the daily digest */
    {"remind", cli_cmd_remind, "每日提醒：逾期、即将到期和期限已过的申请",
     "the daily digest: applications overdue, due soon, or past a period"},
    /* end ledger */
    /* ledgerreport: the report from the ledger, records, cases */
    {"report", cli_cmd_report, "由台账生成年度报告",
     "make the annual report from the ledger"},
    {"record", cli_cmd_record, "主动公开等报告数据的记录（起草、审核、废止）",
     "records of proactive disclosure (draft, approve, repeal)"},
    {"case", cli_cmd_case, "行政复议、行政诉讼案件",
     "reconsideration and litigation cases"},
    /* end ledgerreport */
    /* many reports at once (cli_many.c) */
    {"merge", cli_cmd_merge, "汇总多份年度报告为一份",
     "merge many reports into a regional summary"},
    {"compare", cli_cmd_compare, "比较同一单位相邻年度的报告",
     "compare an agency's reports of consecutive years"},
    {"similar", cli_cmd_similar, "查找正文雷同的报告",
     "find reports whose narratives are near-copies"},
    /* serve (issue 12) */
    {"serve", srv_cmd_serve, "运行政府信息公开网站和办理台（HTTP）",
     "run the disclosure website and office console (HTTP)"},
    {"help", cmd_help, "显示某个子命令的帮助", "show the help of a subcommand"},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const cli_command *find_command(const char *name) {
  for (size_t i = 0; i < NCOMMANDS; i++)
    if (strcmp(commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static void help(void) {
  printf("%s\n", cli_tr("用法：gongkai <子命令> [选项] 文件…|目录|-",
                        "usage: gongkai <command> [options] FILE...|DIR|-"));
  printf("%s\n\n",
         cli_tr("读取并检查政府信息公开工作年度报告。",
                "Read and check annual reports on government information "
                "disclosure."));
  printf("%s\n", cli_tr("子命令：", "commands:"));
  for (size_t i = 0; i < NCOMMANDS; i++)
    printf("  %-8s %s\n", commands[i].name,
           cli_tr(commands[i].help_zh, commands[i].help_en));
  printf("\n%s\n", cli_tr("选项：", "options:"));
  printf("  %-24s %s\n", "-h, --help", cli_tr("显示本帮助", "show this help"));
  printf("  %-24s %s\n", "-V, --version",
         cli_tr("显示版本", "show the version"));
  printf("  %-24s %s\n", "-l, --lang zh|en",
         cli_tr("消息语言", "language of messages"));
  printf("\n%s\n",
         cli_tr("“gongkai help <子命令>” 显示子命令的选项。",
                "'gongkai help <command>' shows a command's options."));
}

/* Number of argv entries a leading --lang option takes (0: none). */
static int lang_option(int argc, char **argv, int i) {
  const char *a = argv[i];
  if (strcmp(a, "--lang") == 0 || strcmp(a, "-l") == 0)
    return i + 1 < argc ? 2 : 0;
  if (strncmp(a, "--lang=", 7) == 0 || (strncmp(a, "-l", 2) == 0 && a[2]))
    return 1;
  return 0;
}

/* Index of the first argument from 'i' on that is not a --lang option. */
static int skip_lang(int argc, char **argv, int i) {
  while (i < argc) {
    int skip = lang_option(argc, argv, i);
    if (!skip)
      break;
    i += skip;
  }
  return i;
}

/* gongkai help [COMMAND] (--lang may come anywhere) */
static int cmd_help(int argc, char **argv) {
  int i = skip_lang(argc, argv, 1);
  if (i >= argc || strcmp(argv[i], "help") == 0) {
    help();
    return CLI_EXIT_OK;
  }
  const cli_command *c = find_command(argv[i]);
  if (!c)
    return cli_usage_error(
        NULL, cli_tr("未知子命令 '%s'", "unknown command '%s'"), argv[i]);
  char *sub[] = {argv[i], "--help", NULL};
  return c->fn(2, sub);
}

/* Output that cannot be written is a failure (exit 3), as for data. */
static int finish(int code) {
  if (fflush(stdout) != 0 || ferror(stdout)) {
    if (code < CLI_EXIT_INTERNAL)
      cli_error(cli_tr("无法写出到标准输出：%s", "cannot write to stdout: %s"),
                strerror(errno));
    return CLI_EXIT_INTERNAL;
  }
  return code;
}

int main(int argc, char **argv) {
  cli_prescan_lang(argc, argv);
  /* gongkai --lang en check ...: the language is already set */
  int i = skip_lang(argc, argv, 1);
  if (i >= argc)
    return cli_usage_error(NULL, "%s",
                           cli_tr("缺少子命令", "no command given"));
  argc -= i - 1;
  argv += i - 1;
  const char *a = argv[1];
  if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
    printf(CLI_NAME " %s\n", gk_version());
    return finish(CLI_EXIT_OK);
  }
  if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
    help();
    return finish(CLI_EXIT_OK);
  }
  if (a[0] == '-' && a[1])
    return cli_usage_error(NULL, cli_tr("未知选项 '%s'", "unknown option '%s'"),
                           a);
  const cli_command *c = find_command(a);
  if (!c)
    return cli_usage_error(
        NULL, cli_tr("未知子命令 '%s'", "unknown command '%s'"), a);
  return finish(c->fn(argc - 1, argv + 1));
}
