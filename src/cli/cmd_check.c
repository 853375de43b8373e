/* cmd_check.c: gongkai check FILE...|DIR|- [options]
 * Reads annual reports, runs every check (gk_check_run, GK_CHECK_ALL)
 * and prints the findings like a compiler (FILE:LINE: error[RULE]: ...)
 * or, with --format json, each report with its findings as JSON Lines.
 * The option table below is the single source of --help and
 * docs/cli.md. */
#include "cli_common.h"

static const cli_option options[] = {
    {"format", CLI_ARG_FORMAT, 'f', NULL,
     "输出格式：text（默认，编译器风格的问题列表）或 "
     "json（报告及问题，每个文件一行）",
     "output format: text (default, findings like a compiler's) or json "
     "(report and findings, one line per file)"},
    CLI_READING_OPTIONS("并行检查的线程数（默认：在线 CPU 核数）"),
};

static const cli_format_name formats[] = {
    {"text", CLI_FORMAT_TEXT},
    {"json", CLI_FORMAT_JSON},
};

static const cli_cmd command = {
    .name = "check",
    .options = options,
    .noptions = CLI_COUNT(options),
    .formats = formats,
    .nformats = CLI_COUNT(formats),
    .usage_zh = "gongkai check [选项] 文件…|目录|-",
    .usage_en = "gongkai check [options] FILE...|DIR|-",
    .about_zh = "检查政府信息公开工作年度报告：表格勾稽关系、数值、格式与日期。"
    "目录按文件名顺序递归读取，- 表示标准输入。",
    .about_en = "Check annual reports on government information disclosure: "
    "table arithmetic, values, format and dates. Directories are "
    "read recursively in name order; - is standard input.",
    .exit_zh = CLI_READING_EXIT_ZH,
    .exit_en = CLI_READING_EXIT_EN,
    .min_args = 1,
    .max_args = -1,
};

int cli_cmd_check(int argc, char **argv) {
  return cli_reading_main(&command, 1, argc, argv);
}
