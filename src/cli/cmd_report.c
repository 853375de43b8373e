/* cmd_report.c: gongkai report --db FILE --year N [options]
 * The annual report made from the ledger (gk_ledger_report): every table
 * counted from the applications, records and cases, draft texts of the
 * six sections, checked by gk_check_run before it is written (JSON, CSV or
 * the report as text, which `gongkai check` reads back). --explain
 * apply.ROW.COLUMN lists the applications counted in one cell instead.
 * The option table is the source of --help and docs/cli.md. */
#include "cmd_ledgerreport.h"

#include <stdbool.h>
#include <string.h>

static const cli_option options[] = {
    CLI_ITEM_DB_OPTION,
    {"year", CLI_ARG_YEAR, 'y', "N", "报告年度（必需）",
     "report year (required)"},
    {"format", CLI_ARG_WRITER, 'f', NULL,
     "输出格式：json（默认，与 parse 相同的对象）、csv（长表）、text"
     "（报告全文，可由 gongkai check 读取），或 export 的 docx、xlsx、html、md",
     "output format: json (default, the object parse prints), csv (long "
     "form), text (the whole report, readable by gongkai check), or "
     "export's docx, xlsx, html, md"},
    {"output", CLI_ARG_OUTPUT, 'o', "OUT",
     "写入文件（先写临时文件再改名）；默认标准输出",
     "write to OUT (a temporary file, then renamed); default stdout"},
    {"date", CLI_ARG_DATE, 'D', "YYYY-MM-DD", "报告日期（默认今天）",
     "the report's date (default today)"},
    {"explain", required_argument, 'e', "apply.ROW.COLUMN|fees|late",
     "列出计入表三某一单元格的申请（编号、收到日期、办结日期、办理结果）；"
     "fees：列出第六部分草稿所合计的本年缴费（编号、缴费日期、元、票据号）；"
     "late：本年逾期答复的申请（编号、到期日、办结日期、办理结果）及件数",
     "list the applications counted in one cell of table apply (ref, "
     "received, closed, outcome); fees: the year's payments section 6's "
     "draft sums (ref, paid on, yuan, receipt); late: the applications "
     "answered late in the year (ref, due, closed, outcome) and their "
     "count"},
    {"subtree", no_argument, 'S', NULL,
     "PostgreSQL 台账：统计本机关及其全部下级机关（区域汇总报告）；默认只统计"
     "本机关",
     "PostgreSQL ledger: count the agency and every agency below it (the "
     "regional report); by default the agency's own rows only"},
    CLI_OPT_LANG,
    CLI_OPT_QUIET("不显示警告和提示（错误照常显示）",
                  "no warnings or notes (errors still show)"),
    CLI_OPT_HELP,
};

/* === --explain === */

static int explain_one(const gk_explain_row *e, void *ud) {
  (void)ud;
  printf("%s\t%s\t%s\t%s\t%s\n", e->ref, e->received_on,
         e->closed_on ? e->closed_on : "-", e->outcome ? e->outcome : "-",
         e->applicant_type);
  return 0;
}

/* A voided application the cell would count: a note, not data. */
static int explain_void(const gk_explain_row *e, void *ud) {
  (void)ud;
  cli_note(cli_tr("登记已作废，不计入：%s（收到 %s）：%s",
                  "voided, not counted: %s (received %s): %s"),
           e->ref, e->received_on, e->void_reason ? e->void_reason : "");
  return 0;
}

static int explain_fee(const char *ref, const gk_app_fee *f, void *ud) {
  (void)ud;
  char paid[11];
  gk_date_format(f->paid_on, paid);
  printf("%s\t%s\t%lld\t%s\t%s\t%lld\n", ref, paid, (long long)f->paid_yuan,
         f->receipt ? f->receipt : "-",
         f->method == GK_FEE_BY_PIECE ? "piece" : "pages", (long long)f->units);
  return 0;
}

/* --explain late: the applications answered in 'year' after their due
 * date (gk_app.late), counted. */
typedef struct late_ctx {
  int year;
  int64_t n;
} late_ctx;

static int explain_late(const gk_app *a, void *ud) {
  late_ctx *c = ud;
  if (a->closed_on / 10000 != c->year)
    return 0;
  c->n++;
  char due[11], closed[11];
  gk_date_format(a->due_on, due);
  gk_date_format(a->closed_on, closed);
  printf("%s\t%s\t%s\t%s\t%s\n", a->ref, due, closed, a->outcome ? a->outcome : "-", a->applicant_type);
  return 0;
}

/* === The command === */

/* What the options say. */
typedef struct report_opts {
  cli_item_opts item;  /* --db, --date */
  const char *explain; /* --explain */
  int year;            /* --year, 0 when not given */
  bool subtree;        /* --subtree */
} report_opts;

static int option(int c, const cli_value *v, void *ctx) {
  report_opts *o = ctx;
  if (cli_item_option(&o->item, c, v))
    return 0;
  if (c == 'y')
    o->year = (int)v->num;
  else if (c == 'e')
    o->explain = v->text;
  else if (c == 'S')
    o->subtree = true;
  return 0;
}

static const cli_cmd command = {
    .name = "report",
    .options = options,
    .noptions = CLI_COUNT(options),
    .usage_zh = "gongkai report --db 文件 --year 年度 [选项]",
    .usage_en = "gongkai report --db FILE --year N [options]",
    .about_zh = "由台账生成政府信息公开工作年度报告：按年度选用格式，三张表全部"
                "由申请、记录和案件统计得出，六个部分附草稿正文；输出前用 "
                "gongkai check 的全部规则检查。",
    .about_en = "Make the annual report from the ledger: the format of the "
                "year, every table counted from the applications, records "
                "and cases, draft texts of the six sections; checked with "
                "every rule of gongkai check before it is written.",
    .exit_zh = "退出码：0 报告无错误；1 报告有错误（台账数据有误）；2 用法"
               "错误或台账无法打开；3 内部错误或无法写出",
    .exit_en = "exit codes: 0 no errors; 1 the report has errors; 2 bad "
               "usage or the ledger cannot be opened; 3 internal failure "
               "or output not writable",
    .option = option,
};

int cli_cmd_report(int argc, char **argv) {
  report_opts o;
  memset(&o, 0, sizeof(o));
  cli_args a;
  int rc = cli_parse(&command, argc, argv, &o, &a);
  if (rc != CLI_PARSED)
    return rc;
  const int year = o.year;
  const char *explain = o.explain, *out = a.output;
  const cli_writer *writer = a.writer ? a.writer : cli_writer_find("json");
  gk_lang lang = a.lang;
  if (!year)
    return cli_usage_error("report", "%s",
                           cli_tr("缺少 --year 报告年度", "--year is missing"));
  gk_ledger *led = NULL;
  /* an agency's annual report is of its own work (条例 第五十条); a
   * supervisor's session sees its subtree, which --subtree counts */
  rc = cli_ledger_open_key("report", o.item.db, NULL, NULL,
                           o.subtree ? 0 : GK_LEDGER_OWN_AGENCY, &led);
  if (rc)
    return rc;
  gk_error err;
  gk_error_clear(&err);
  gk_status st;
  if (explain && strcmp(explain, "fees") == 0) {
    int64_t apps = 0, yuan = 0;
    st = gk_ledger_fees_paid(led, year, explain_fee, NULL, &apps, &yuan, &err);
    gk_ledger_free(led);
    if (st)
      return cli_ledger_fail(st, &err);
    cli_note(cli_tr("%d 年缴费：%lld 件申请，共计 %lld 元",
                    "fees paid in %d: %lld applications, %lld yuan in all"),
             year, (long long)apps, (long long)yuan);
    return CLI_EXIT_OK;
  }
  if (explain && strcmp(explain, "late") == 0) {
    gk_app_filter f;
    memset(&f, 0, sizeof(f));
    f.late = 1;
    late_ctx c = {year, 0};
    st = gk_ledger_app_list(led, &f, explain_late, &c, &err);
    gk_ledger_free(led);
    if (st)
      return cli_ledger_fail(st, &err);
    cli_note(cli_tr("%d 年逾期答复：%lld 件申请",
                    "answered late in %d: %lld applications"),
             year, (long long)c.n);
    return CLI_EXIT_OK;
  }
  if (explain) {
    int64_t n = 0;
    st = gk_ledger_explain(led, year, explain, explain_one, NULL, &n, &err);
    if (!st)
      st = gk_ledger_explain_voided(led, year, explain, explain_void, NULL,
                                    NULL, &err);
    gk_ledger_free(led);
    if (st)
      return cli_ledger_fail(st, &err);
    cli_note(cli_tr("%s：%lld 件申请", "%s: %lld applications"), explain,
             (long long)n);
    return CLI_EXIT_OK;
  }
  gk_report *rep = NULL;
  st = gk_ledger_report(led, year, o.item.date, &rep, &err);
  gk_ledger_free(led);
  if (!st)
    st = gk_check_run(rep, GK_CHECK_ALL, &err);
  if (st) {
    gk_report_free(rep);
    return cli_ledger_fail(st, &err);
  }
  cli_buf data = {NULL, 0, 0}, diag = {NULL, 0, 0};
  gk_status ws = gk_report_set_source_name(rep, out ? out : "-");
  if (!ws)
    ws = writer->fn(rep, lang, cli_buf_sink, &data, &err);
  int failed = ws != GK_OK;
  failed = failed ||
           gk_write_findings_text(rep, lang, cli_buf_sink, &diag, &err) != 0;
  size_t errors = gk_report_count(rep, GK_SEV_ERROR);
  gk_report_free(rep);
  if (failed) {
    cli_buf_free(&data);
    cli_buf_free(&diag);
    cli_error("%s", gk_strerror(GK_E_NOMEM, lang));
    return CLI_EXIT_INTERNAL;
  }
  /* Findings go to stderr: errors always, warnings unless -q. */
  if (diag.len && (errors || !cli_quiet()))
    fwrite(diag.data, 1, diag.len, stderr);
  rc = cli_out_write(out, data.data, data.len);
  cli_buf_free(&data);
  cli_buf_free(&diag);
  if (rc)
    return rc;
  return errors ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
}
