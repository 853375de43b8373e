/* cmd_check.c: gongkai check FILE...|DIR|- [options]
 * Reads annual reports, runs every check (gk_check_run, GK_CHECK_ALL)
 * and prints the findings like a compiler (FILE:LINE: error[RULE]: ...)
 * or, with --format json, each report with its findings as JSON Lines.
 * The option table below is the single source of --help and
 * docs/cli.md. */
#include "cli_common.h"

static const cli_option options[] = {
    {"format", required_argument, 'f', "text|json",
     "输出格式：text（默认，编译器风格的问题列表）或 "
     "json（报告及问题，每个文件一行）",
     "output format: text (default, findings like a compiler's) or json "
     "(report and findings, one line per file)"},
    CLI_READING_OPTIONS("并行检查的线程数（默认：在线 CPU 核数）"),
};
#define NOPTS (sizeof(options) / sizeof(options[0]))

static const cli_format_name formats[] = {
    {"text", CLI_FORMAT_TEXT},
    {"json", CLI_FORMAT_JSON},
};

static const cli_command_def command = {
    "check",
    1,
    formats,
    sizeof(formats) / sizeof(formats[0]),
    options,
    NOPTS,
    "检查政府信息公开工作年度报告：表格勾稽关系、数值、格式与日期。"
    "目录按文件名顺序递归读取，- 表示标准输入。",
    "Check annual reports on government information disclosure: "
    "table arithmetic, values, format and dates. Directories are "
    "read recursively in name order; - is standard input."};

int cli_cmd_check(int argc, char **argv) {
  return cli_command_main(&command, argc, argv);
}
