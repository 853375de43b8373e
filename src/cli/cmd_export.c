/* cmd_export.c: gongkai export FILE --to FORMAT [-o OUT]
 * Reads one report (any format gk_reader_read_buffer knows) and writes it
 * in another, through the writer table of cli_writers.c (shared with
 * report), to OUT as every command writes a file (cli_output.c): a
 * temporary file renamed over it when complete. Without -o, or with -o -,
 * the bytes go to standard output. */
#include "cli_common.h"

#include <stdlib.h>
#include <string.h>


static const cli_option options[] = {
    {"to", CLI_ARG_WRITER, 't', NULL,
     "输出格式（必需）：docx（官方版式）、xlsx（每表一个工作表）、json、csv、"
     "html（可打印的单个网页，官方版式）、md（Markdown）或 text（纯文本全文）",
     "output format (required): docx (official layout), xlsx (a sheet per "
     "table), json, csv, html (one printable page, official layout), md "
     "(Markdown) or text (the whole report as plain text)"},
    {"output", CLI_ARG_OUTPUT, 'o', "OUT",
     "输出文件（默认或 - 为标准输出）；先写临时文件，完成后改名",
     "output file (default or -: standard output); written to a temporary "
     "file, renamed when complete"},
    CLI_OPT_LANG,
    CLI_OPT_QUIET("不显示警告和提示（错误照常显示）",
                  "no warnings or notes (errors still show)"),
    CLI_OPT_HELP,
};

static void read_error(const char *name, gk_status st, const gk_error *err) {
  const char *what = gk_strerror(st, cli_lang());
  const char *detail =
      cli_lang() == GK_LANG_EN ? err->message_en : err->message;
  char where[64] = "";
  if (err->line > 0)
    snprintf(where, sizeof(where), ":%lld", (long long)err->line);
  cli_progress_clear();
  fprintf(stderr, "%s%s: error[read]: %s%s%s\n", name, where, what,
          detail[0] && strcmp(detail, what) ? ": " : "", detail);
}

/* Writes 'rep' with 'w' to 'out' (NULL or "-": stdout). Returns the
 * exit code. */
static int write_out(const gk_report *rep, const cli_writer *w,
                     const char *out) {
  gk_error err;
  gk_error_clear(&err);
  cli_out o;
  int rc = cli_out_open(&o, out);
  if (rc)
    return rc;
  gk_status st = w->fn(rep, cli_lang(), cli_out_sink, &o, &err);
  if (st) {
    cli_out_abort(&o);
    cli_error("%s: %s: %s", out ? out : "-", gk_strerror(st, cli_lang()),
              cli_tr(err.message, err.message_en));
    return CLI_EXIT_INTERNAL;
  }
  return cli_out_commit(&o);
}

static const cli_cmd command = {
    .name = "export",
    .options = options,
    .noptions = CLI_COUNT(options),
    .usage_zh = "gongkai export [选项] 文件|- --to 格式 [-o 输出]",
    .usage_en = "gongkai export [options] FILE|- --to FORMAT [-o OUT]",
    .about_zh = "读取一份年度报告（文本、.docx、HTML 或 PDF，自动识别），"
                "转换为另一种格式。",
    .about_en = "Read one annual report (text, .docx, HTML or PDF, detected) "
                "and write it in another format.",
    .exit_zh = "退出码：0 已转换；2 输入无法读取或用法错误；3 内部错误或无法写出",
    .exit_en = "exit codes: 0 converted; 2 input unreadable or bad usage; 3 "
               "internal failure or output not writable",
    .min_args = 1,
    .max_args = 1,
};

int cli_cmd_export(int argc, char **argv) {
  cli_args a;
  int rc = cli_parse(&command, argc, argv, NULL, &a);
  if (rc != CLI_PARSED)
    return rc;
  if (!a.writer)
    return cli_usage_error("export", "%s",
                           cli_tr("缺少 --to 格式", "no --to format given"));
  const char *name = a.argv[0];
  const char *path = strcmp(name, "-") == 0 ? NULL : name;
  char *buf = NULL;
  size_t len = 0;
  gk_error err;
  gk_error_clear(&err);
  gk_report *rep = NULL;
  gk_status st = cli_read_path(path, CLI_MAX_INPUT, &buf, &len, &err);
  if (!st) {
    gk_read_opts ro;
    memset(&ro, 0, sizeof(ro));
    ro.source_name = name;
    ro.limits.max_input_bytes = CLI_MAX_INPUT;
    st = gk_report_read_buffer(&rep, buf, len, &ro, &err);
  }
  free(buf);
  if (st) {
    read_error(name, st, &err);
    return st == GK_E_NOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
  }
  int code = write_out(rep, a.writer, a.output);
  gk_report_free(rep);
  return code;
}
