/* cmd_parse.c: gongkai parse FILE...|DIR|- [options]
 * Reads annual reports and prints them as JSON Lines (one object per
 * readable input, in input order; spec/report.schema.json) or as the CSV
 * long form (one header line, then the cells of every input). The option
 * table below is the single source of --help and docs/cli.md. */
#include "cli_common.h"

static const cli_option options[] = {
    {"format", required_argument, 'f', "json|csv",
     "输出格式：json（默认，每个文件一行 JSON）或 csv（每个数字一行）",
     "output format: json (default, one JSON line per file) or csv (one "
     "number a line)"},
    CLI_READING_OPTIONS("并行读取的线程数（默认：在线 CPU 核数）"),
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

static const cli_format_name formats[] = {
    {"json", CLI_FORMAT_JSON},
    {"csv", CLI_FORMAT_CSV},
};

static const cli_command_def command = {
    "parse", 0,     formats, sizeof(formats) / sizeof(formats[0]),
    options, NOPTS, help};

int cli_cmd_parse(int argc, char **argv) {
  return cli_command_main(&command, argc, argv);
}
