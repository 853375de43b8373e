/* cmd_export.c: gongkai export FILE --to FORMAT [-o OUT]
 * Reads one report (any format gk_reader_read_buffer knows) and writes it
 * in another, through the writer table of cli_writers.c (shared with
 * report). The output goes to a temporary file
 * beside OUT, renamed over it when complete (curl's Curl_altsvc_save): an
 * interrupted export never leaves half a file. Without -o, or with -o -,
 * the bytes go to standard output. */
#include "cli_common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static const cli_option options[] = {
    {"to", required_argument, 't', "docx|xlsx|json|csv|html|md|text",
     "输出格式（必需）：docx（官方版式）、xlsx（每表一个工作表）、json、csv、"
     "html（可打印的单个网页，官方版式）、md（Markdown）或 text（纯文本全文）",
     "output format (required): docx (official layout), xlsx (a sheet per "
     "table), json, csv, html (one printable page, official layout), md "
     "(Markdown) or text (the whole report as plain text)"},
    {"output", required_argument, 'o', "OUT",
     "输出文件（默认或 - 为标准输出）；先写临时文件，完成后改名",
     "output file (default or -: standard output); written to a temporary "
     "file, renamed when complete"},
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
  printf("%s\n", cli_tr("用法：gongkai export [选项] 文件|- --to 格式 [-o 输出]",
                        "usage: gongkai export [options] FILE|- --to FORMAT "
                        "[-o OUT]"));
  printf("%s\n\n",
         cli_tr("读取一份年度报告（文本、.docx、HTML 或 PDF，自动识别），"
                "转换为另一种格式。",
                "Read one annual report (text, .docx, HTML or PDF, detected) "
                "and write it in another format."));
  printf("%s\n", cli_tr("选项：", "options:"));
  cli_options_help(stdout, options, NOPTS);
  printf("\n%s\n",
         cli_tr("退出码：0 已转换；2 输入无法读取或用法错误；3 内部错误或无法写出",
                "exit codes: 0 converted; 2 input unreadable or bad usage; 3 "
                "internal failure or output not writable"));
}

/* A gk_write_fn over a FILE*. */
static int file_sink(const char *data, size_t len, void *ud) {
  return fwrite(data, 1, len, ud) == len ? 0 : -1;
}

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

/* Writes 'rep' with 'w' to 'out' (NULL or "-": stdout) through a
 * temporary file renamed over 'out'. Returns the exit code. */
static int write_out(const gk_report *rep, const cli_writer *w,
                     const char *out) {
  gk_error err;
  gk_error_clear(&err);
  if (!out || strcmp(out, "-") == 0) {
    gk_status st = w->fn(rep, cli_lang(), file_sink, stdout, &err);
    if (st) {
      cli_error("%s: %s", gk_strerror(st, cli_lang()),
                cli_lang() == GK_LANG_EN ? err.message_en : err.message);
      return CLI_EXIT_INTERNAL;
    }
    return CLI_EXIT_OK;
  }
  size_t n = strlen(out) + 16;
  char *tmp = malloc(n);
  if (!tmp) {
    cli_error("%s", cli_tr("内存不足", "out of memory"));
    return CLI_EXIT_INTERNAL;
  }
  snprintf(tmp, n, "%s.tmpXXXXXX", out);
  int fd = mkstemp(tmp);
  if (fd >= 0) { /* mkstemp makes 0600; an export is an ordinary file */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
  }
  FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
  if (!f) {
    cli_error(cli_tr("无法创建 %s：%s", "cannot create %s: %s"), tmp,
              strerror(errno));
    if (fd >= 0)
      close(fd);
    free(tmp);
    return CLI_EXIT_INTERNAL;
  }
  gk_status st = w->fn(rep, cli_lang(), file_sink, f, &err);
  int bad_close = fclose(f) != 0;
  int code = CLI_EXIT_OK;
  if (st || bad_close) {
    if (st)
      cli_error("%s: %s: %s", out, gk_strerror(st, cli_lang()),
                cli_lang() == GK_LANG_EN ? err.message_en : err.message);
    else
      cli_error(cli_tr("无法写出 %s：%s", "cannot write %s: %s"), out,
                strerror(errno));
    unlink(tmp);
    code = CLI_EXIT_INTERNAL;
  } else if (rename(tmp, out) != 0) {
    cli_error(cli_tr("无法写出 %s：%s", "cannot write %s: %s"), out,
              strerror(errno));
    unlink(tmp);
    code = CLI_EXIT_INTERNAL;
  }
  free(tmp);
  return code;
}

int cli_cmd_export(int argc, char **argv) {
  struct option longopts[NOPTS + 1];
  char shortopts[3 * NOPTS + 2];
  const cli_writer *w = NULL;
  const char *out = NULL;
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
    case 't':
      w = cli_writer_find(optarg);
      if (!w)
        return cli_usage_error(
            "export",
            cli_tr("--to 只能是 docx、xlsx、json、csv、html、md 或 text，而不是 "
                   "'%s'",
                   "--to must be docx, xlsx, json, csv, html, md or text, not "
                   "'%s'"),
            optarg);
      break;
    case 'o':
      out = optarg;
      break;
    case 'l':
      if (cli_parse_lang(optarg, &lang))
        return cli_lang_error("export", optarg);
      break;
    case 'q':
      quiet = 1;
      break;
    case 'h':
      want_help = 1;
      break;
    default:
      return cli_options_error("export", c, options, NOPTS, argv);
    }
  }
  cli_set_lang(lang);
  cli_set_quiet(quiet);
  if (want_help) {
    help();
    return CLI_EXIT_OK;
  }
  if (optind >= argc)
    return cli_usage_error("export", "%s",
                           cli_tr("没有输入文件", "no input file"));
  if (optind + 1 < argc)
    return cli_usage_error("export", "%s",
                           cli_tr("只能转换一个文件", "export takes one file"));
  if (!w)
    return cli_usage_error("export", "%s",
                           cli_tr("缺少 --to 格式", "no --to format given"));
  const char *name = argv[optind];
  const char *path = strcmp(name, "-") == 0 ? NULL : name;
  char *buf = NULL;
  size_t len = 0;
  gk_error err;
  gk_error_clear(&err);
  gk_report *rep = NULL;
  gk_status st = cli_read_path(path, &buf, &len, &err);
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
  int code = write_out(rep, w, out);
  gk_report_free(rep);
  return code;
}
