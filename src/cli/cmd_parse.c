/* cmd_parse.c: gongkai parse FILE...|DIR|- [options]
 * Reads annual reports and prints them as JSON Lines (one object per
 * readable input, in input order; spec/report.schema.json) or as the CSV
 * long form (one header line, then the cells of every input). The option
 * table below is the single source of --help and docs/cli.md. */
#include "cli_common.h"

static const cli_option options[] = {
    {"format", CLI_ARG_FORMAT, 'f', NULL,
     "输出格式：json（默认，每个文件一行 JSON）、csv（每个数字一行）或 "
     "provenance（每个数字在 .docx 中的表、行、格）",
     "output format: json (default, one JSON line per file), csv (one "
     "number a line) or provenance (the .docx table, row and cell of each "
     "number)"},
    CLI_READING_OPTIONS("并行读取的线程数（默认：在线 CPU 核数）"),
};

static const cli_format_name formats[] = {
    {"json", CLI_FORMAT_JSON},
    {"csv", CLI_FORMAT_CSV},
    {"provenance", CLI_FORMAT_PROVENANCE},
};

static const cli_cmd command = {
    .name = "parse",
    .options = options,
    .noptions = CLI_COUNT(options),
    .formats = formats,
    .nformats = CLI_COUNT(formats),
    .usage_zh = "gongkai parse [选项] 文件…|目录|-",
    .usage_en = "gongkai parse [options] FILE...|DIR|-",
    .about_zh = "读取政府信息公开工作年度报告，输出 JSON Lines 或 CSV。"
    "目录按文件名顺序递归读取，- 表示标准输入。",
    .about_en = "Read annual reports on government information disclosure "
    "and print them as JSON Lines or CSV. Directories are read "
    "recursively in name order; - is standard input.",
    .exit_zh = CLI_READING_EXIT_ZH,
    .exit_en = CLI_READING_EXIT_EN,
    .min_args = 1,
    .max_args = -1,
};

int cli_cmd_parse(int argc, char **argv) {
  return cli_reading_main(&command, 0, argc, argv);
}
