/* cmd_merge.c: gongkai merge FILE...|DIR --agency NAME [--year N] -o OUT
 * The regional summary a supervising office publishes: every report is
 * read and checked; those without error findings, of the chosen template
 * and year, are summed cell by cell (gk_merge_*). OUT gets the merged
 * report, validated like any report, in any format of the writer table
 * (--to: the official .docx a supervising office publishes, xlsx, html,
 * md, json, csv, text); standard output gets the record of what was merged
 * and what was left out, and why (--format json, csv or text).
 * The option table is the single source of --help and docs/cli.md. */
#include "cli_common.h"

#include <stdlib.h>
#include <string.h>

static const cli_option options[] = {
    {"agency", required_argument, 'a', "NAME",
     "汇总报告的报告主体（必填），如“某某市人民政府办公室”",
     "agency named in the summary (required)"},
    {"year", CLI_ARG_YEAR, 'y', "N",
     "只汇总该年度的报告（默认：报告最多的年度）",
     "sum only reports of year N (default: the year most reports have)"},
    {"output", CLI_ARG_OUTPUT, 'o', "OUT",
     "汇总报告写入的文件（必填；- 为标准输出）",
     "file the merged report is written to (required; - for stdout)"},
    {"to", CLI_ARG_WRITER, 't', NULL,
     "汇总报告的格式：docx（官方版式，可直接发布）、xlsx、html、md、json、csv "
     "或 text（纯文本全文）；默认与 --format 相同",
     "format of the merged report: docx (official layout, ready to "
     "publish), xlsx, html, md, json, csv or text (the whole report as "
     "plain text); default: as --format"},
    {"format", CLI_ARG_FORMAT, 'f', NULL,
     "记录（以及未给 --to 时汇总报告）的格式：json（默认）、csv 或 text",
     "format of the record (and of the merged report without --to): json "
     "(default), csv or text"},
    CLI_READING_OPTIONS("并行读取的线程数（默认：在线 CPU 核数）"),
};

typedef struct merge_run {
  gk_merge *m;  /* the summary */
  int code;     /* highest exit code so far */
  gk_error err; /* first failure of gk_merge_* */
} merge_run;


/* The run and its inputs (emit names each input). */
typedef struct named {
  merge_run *r;             /* the run */
  const cli_inputs *inputs; /* its inputs */
} named;

static int emit_named(size_t i, gk_report *rep, gk_status st,
                      const gk_error *err, void *payload, void *ctx) {
  named *n = ctx;
  merge_run *r = n->r;
  const char *name = cli_input_name(n->inputs, i);
  (void)payload;
  if (st) {
    int code = cli_many_read_error(name, st, err);
    cli_raise(&r->code, code);
    if (code == CLI_EXIT_INTERNAL)
      return 0;
    char zh[512], en[512];
    snprintf(zh, sizeof(zh), "%s：%s", gk_strerror(st, GK_LANG_ZH),
             err->message);
    snprintf(en, sizeof(en), "%s: %s", gk_strerror(st, GK_LANG_EN),
             err->message_en);
    if (gk_merge_add_unreadable(r->m, name, zh, en)) {
      cli_raise(&r->code, CLI_EXIT_INTERNAL);
      return -1;
    }
    return 0;
  }
  gk_status s = gk_merge_add(r->m, rep, name, &r->err);
  gk_report_free(rep);
  if (s == GK_E_TOO_LARGE) {
    /* its numbers cannot be summed: as good as unreadable, and recorded */
    cli_error("%s",
              cli_lang() == GK_LANG_EN ? r->err.message_en : r->err.message);
    cli_raise(&r->code, CLI_EXIT_INPUT);
    s = gk_merge_add_unreadable(r->m, name, r->err.message,
                                r->err.message_en);
    gk_error_clear(&r->err);
    if (s) {
      cli_raise(&r->code, CLI_EXIT_INTERNAL);
      return -1;
    }
    return 0;
  }
  if (s) {
    cli_raise(&r->code, CLI_EXIT_INTERNAL);
    return -1;
  }
  return 0;
}

/* The merged report in 'w', or without --to in the record's format: the
 * writer of the same name. */
static gk_status render(const gk_report *rep, const cli_writer *w,
                        cli_format f, cli_buf *b, gk_error *err) {
  if (!w)
    w = cli_writer_find(f == CLI_FORMAT_CSV    ? "csv"
                        : f == CLI_FORMAT_TEXT ? "text"
                                               : "json");
  return w->fn(rep, cli_lang(), cli_buf_sink, b, err);
}

/* A CSV field as the library writes every CSV field: quoted when it must
 * be (RFC 4180), a formula-like cell guarded (docs/cli.md "CSV"). */
static int csv_field(cli_buf *b, const char *s, int last) {
  if (gk_write_csv_field(s, cli_buf_sink, b, NULL))
    return -1;
  return cli_buf_add(b, last ? "\n" : ",", 1);
}

/* The record: which inputs were merged, which left out and why. */
static gk_status record(const gk_merge *m, cli_format f, cli_buf *b,
                        gk_error *err) {
  gk_lang lang = cli_lang();
  int rc = 0;
  if (f == CLI_FORMAT_JSON)
    return gk_write_merge_json(m, lang, cli_buf_sink, b, err);
  if (f == CLI_FORMAT_CSV) {
    rc = cli_buf_printf(b, "file,status,rules,message\n");
    for (size_t i = 0; !rc && i < gk_merge_count(m); i++)
      rc = csv_field(b, gk_merge_name(m, i), 0) || csv_field(b, "merged", 0) ||
           csv_field(b, "", 0) || csv_field(b, "", 1);
  }
  for (size_t i = 0; !rc && i < gk_merge_left_out_count(m); i++) {
    const char *name = gk_merge_left_out_name(m, i);
    const char *why = gk_merge_reason_id(gk_merge_left_out_reason(m, i));
    const char *msg = gk_merge_left_out_message(m, i, lang);
    if (f == CLI_FORMAT_CSV)
      rc = csv_field(b, name, 0) || csv_field(b, why, 0) ||
           csv_field(b, gk_merge_left_out_rules(m, i), 0) ||
           csv_field(b, msg, 1);
    else
      rc = cli_buf_add_text(b, name) ||
           cli_buf_printf(b, ": left-out[%s]: ", why) ||
           cli_buf_add_text(b, msg) || cli_buf_add(b, "\n", 1);
  }
  return rc ? GK_E_NOMEM : GK_OK;
}

/* Summary, writing and the exit code, once every input was offered. */
static int finish(merge_run *r, const char *out, const cli_writer *w,
                  cli_format f) {
  gk_report *rep = NULL;
  gk_error err;
  gk_error_clear(&err);
  cli_buf data = {NULL, 0, 0}, rec = {NULL, 0, 0};
  gk_status st = gk_merge_finish(r->m, &rep, &err);
  if (st == GK_E_EMPTY) {
    cli_error("%s", cli_lang() == GK_LANG_EN ? err.message_en : err.message);
    cli_raise(&r->code, CLI_EXIT_INPUT);
    st = GK_OK;
  } else {
    if (!st)
      st = gk_report_set_source_name(rep, out);
    /* the summary is a report like any: validate it */
    if (!st)
      st = gk_check_run(rep, GK_CHECK_ALL, &err);
    if (!st && gk_report_count(rep, GK_SEV_ERROR)) {
      cli_warn("%s", cli_tr("汇总报告未通过检查", "the summary fails a check"));
      cli_raise(&r->code, CLI_EXIT_FINDINGS);
    }
    if (!st)
      st = render(rep, w, f, &data, &err);
    int wrc = st ? 0 : cli_out_write(out, data.data ? data.data : "",
                                     data.len);
    if (wrc) /* 2: OUT refused (a link, a directory), 3: not written */
      cli_raise(&r->code, wrc);
  }
  if (!st)
    st = record(r->m, f, &rec, &err);
  if (!st && rec.len) {
    /* with -o - the report has stdout: the record goes to stderr */
    FILE *to = strcmp(out, "-") == 0 ? stderr : stdout;
    fflush(stdout);
    if (fwrite(rec.data, 1, rec.len, to) != rec.len)
      cli_raise(&r->code, CLI_EXIT_INTERNAL);
  }
  if (st) {
    cli_error("%s", cli_lang() == GK_LANG_EN ? err.message_en : err.message);
    cli_raise(&r->code, CLI_EXIT_INTERNAL);
  }
  size_t left = gk_merge_left_out_count(r->m);
  for (size_t i = 0; i < left; i++)
    if (gk_merge_left_out_reason(r->m, i) != GK_MERGE_UNREADABLE)
      cli_raise(&r->code, CLI_EXIT_FINDINGS);
  if (!cli_quiet())
    cli_note(cli_tr("汇总 %zu 份报告，略去 %zu 份",
                    "%zu reports merged, %zu left out"),
             gk_merge_count(r->m), left);
  gk_report_free(rep);
  cli_buf_free(&data);
  cli_buf_free(&rec);
  return r->code;
}

/* What the options say. */
typedef struct merge_opts {
  const char *agency; /* --agency */
  int year;           /* --year, 0: the commonest */
} merge_opts;

static int option(int c, const cli_value *v, void *ctx) {
  merge_opts *o = ctx;
  if (c == 'a')
    o->agency = v->text;
  else if (c == 'y')
    o->year = (int)v->num;
  return 0;
}

static const cli_format_name formats[] = {{"json", CLI_FORMAT_JSON},
                                          {"csv", CLI_FORMAT_CSV},
                                          {"text", CLI_FORMAT_TEXT}};

static const cli_cmd command = {
    .name = "merge",
    .options = options,
    .noptions = CLI_COUNT(options),
    .formats = formats,
    .nformats = CLI_COUNT(formats),
    .usage_zh = "gongkai merge [选项] 文件…|目录 --agency 名称 -o 输出",
    .usage_en = "gongkai merge [options] FILE...|DIR --agency NAME -o OUT",
    .about_zh = "汇总下级单位的年度报告：各表各项数据相加，得到一份同格式、"
                "同年度的汇总报告；未通过检查、无法读取或年度、格式不同的"
                "报告略去并说明原因。",
    .about_en = "Merge the annual reports of subordinate agencies into one "
                "regional summary of the same template and year: every "
                "number summed. Reports that fail a check, cannot be read, "
                "or are of another year or template are left out, with "
                "the reason.",
    .exit_zh = "退出码：0 全部汇总；1 有报告因检查错误或年度、格式不同"
               "而略去；2 有输入无法读取、没有可汇总的报告或用法错误；"
               "3 内部错误或无法写出",
    .exit_en = "exit codes: 0 all merged; 1 some report left out for "
               "errors or another year/template; 2 some input unreadable, "
               "nothing to merge, or bad usage; 3 internal failure or "
               "output not writable",
    .max_args = -1,
    .option = option,
};

int cli_cmd_merge(int argc, char **argv) {
  merge_opts o = {NULL, 0};
  cli_args a;
  int rc = cli_parse(&command, argc, argv, &o, &a);
  if (rc != CLI_PARSED)
    return rc;
  const char *agency = o.agency, *out = a.output;
  if (!agency || !*agency)
    return cli_usage_error("merge", "%s",
                           cli_tr("缺少 --agency", "--agency is required"));
  if (!out || !*out)
    return cli_usage_error("merge", "%s",
                           cli_tr("缺少 -o 输出文件", "-o OUT is required"));
  if (!a.argc)
    return cli_usage_error("merge", "%s",
                           cli_tr("没有输入文件", "no input files"));
  cli_inputs inputs;
  memset(&inputs, 0, sizeof(inputs));
  merge_run r;
  memset(&r, 0, sizeof(r));
  gk_error_clear(&r.err);
  if (cli_inputs_collect(&inputs, a.argc, a.argv) ||
      gk_merge_new(&r.m, agency, o.year, NULL)) {
    cli_inputs_free(&inputs);
    return cli_nomem();
  }
  named n = {&r, &inputs};
  if (cli_many_each(&inputs, a.jobs, 0, NULL, emit_named, &n)) {
    if (r.err.code)
      cli_error("%s",
                cli_lang() == GK_LANG_EN ? r.err.message_en : r.err.message);
    else
      cli_nomem();
    cli_raise(&r.code, CLI_EXIT_INTERNAL);
  } else {
    finish(&r, out, a.writer, (cli_format)a.format);
  }
  gk_merge_free(r.m);
  cli_inputs_free(&inputs);
  return r.code;
}
