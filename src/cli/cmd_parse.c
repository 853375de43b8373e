/* cmd_parse.c: gongkai parse FILE...|DIR|- [options]
 * Reads annual reports and prints them as JSON Lines (one object per
 * readable input, in input order; spec/report.schema.json) or as the CSV
 * long form (one header line, then the cells of every input). The option
 * table below is the single source of --help and docs/cli.md. */
#include "cli_common.h"

#include <string.h>

static const cli_option options[] = {
    {"format", required_argument, 'f', "json|csv",
     "输出格式：json（默认，每个文件一行 JSON）或 csv（每个数字一行）",
     "output format: json (default, one JSON line per file) or csv (one "
     "number a line)"},
    {"jobs", required_argument, 'j', "N",
     "并行读取的线程数（默认：在线 CPU 核数）",
     "number of worker threads (default: online CPU cores)"},
    {"lang", required_argument, 'l', "zh|en",
     "消息语言：zh（默认，中文）或 en（英文）",
     "language of messages: zh (default, Chinese) or en (English)"},
    {"quiet", no_argument, 'q', NULL,
     "不显示进度、汇总、警告和提示（错误照常显示）",
     "no progress, summary, warnings or notes (errors still show)"},
    {"help", no_argument, 'h', NULL, "显示本帮助并退出",
     "show this help and exit"},
};
#define NOPTS (sizeof(options) / sizeof(options[0]))

static void help(void) {
  printf("%s\n", cli_tr("用法：gongkai parse [选项] 文件…|目录|-",
                        "usage: gongkai parse [options] FILE...|DIR|-"));
  printf("%s\n\n",
         cli_tr("读取政府信息公开工作年度报告，输出 JSON Lines 或 CSV。"
                "目录按文件名顺序递归读取，- 表示标准输入。",
                "Read annual reports on government information disclosure "
                "and print them as JSON Lines or CSV. Directories are read "
                "recursively in name order; - is standard input."));
  printf("%s\n", cli_tr("选项：", "options:"));
  cli_options_help(stdout, options, NOPTS);
  printf("\n%s\n",
         cli_tr("退出码：0 全部读取且无错误；1 有报告含错误；"
                "2 输入缺失或无法读取，或用法错误；3 内部错误",
                "exit codes: 0 all read, no errors; 1 some report has "
                "errors; 2 input missing or unreadable, or bad usage; "
                "3 internal failure"));
}

int cli_cmd_parse(int argc, char **argv) {
  struct option longopts[NOPTS + 1];
  char shortopts[3 * NOPTS + 2];
  cli_run_opts ro = {0, CLI_FORMAT_JSON, cli_default_jobs()};
  int want_help = 0, quiet = 0;
  cli_prescan_lang(argc, argv);
  gk_lang lang = cli_lang();
  cli_options_prepare(options, NOPTS, longopts, shortopts);
  opterr = 0;
  for (;;) {
    int c = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (c == -1)
      break;
    switch (c) {
    case 'f':
      if (strcmp(optarg, "json") == 0)
        ro.format = CLI_FORMAT_JSON;
      else if (strcmp(optarg, "csv") == 0)
        ro.format = CLI_FORMAT_CSV;
      else
        return cli_usage_error(
            "parse",
            cli_tr("--format 只能是 json 或 csv，而不是 '%s'",
                   "--format must be json or csv, not '%s'"),
            optarg);
      break;
    case 'j':
      if (cli_parse_jobs(optarg, &ro.jobs))
        return cli_usage_error("parse",
                               cli_tr("-j 需要 1 到 %d 之间的整数，而不是 '%s'",
                                      "-j needs a whole number from 1 to %d, "
                                      "not '%s'"),
                               CLI_MAX_JOBS, optarg);
      break;
    case 'l':
      if (cli_parse_lang(optarg, &lang))
        return cli_usage_error("parse",
                               cli_tr("--lang 只能是 zh 或 en，而不是 '%s'",
                                      "--lang must be zh or en, not '%s'"),
                               optarg);
      break;
    case 'q':
      quiet = 1;
      break;
    case 'h':
      want_help = 1;
      break;
    default:
      return cli_options_error("parse", c, options, NOPTS, argv);
    }
  }
  cli_set_lang(lang);
  cli_set_quiet(quiet);
  if (want_help) {
    help();
    return CLI_EXIT_OK;
  }
  if (optind >= argc)
    return cli_usage_error("parse", "%s",
                           cli_tr("没有输入文件", "no input files"));
  return cli_run(&ro, argc - optind, argv + optind);
}
