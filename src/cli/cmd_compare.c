/* cmd_compare.c: gongkai compare OLD NEW | gongkai compare DIR...
 * Year on year: the carried-over applications and, in format 2021, the
 * stock of regulations and normative documents must continue from one
 * year's report to the next (gk_compare_years). Two files are compared
 * as they are; otherwise every report is grouped by its normalised
 * agency name (gk_agency_key), sorted by year, and consecutive years are
 * compared; a missing year is a year-gap warning. Findings print like
 * check's (text) or as one JSON line per comparison. The option table is
 * the single source of --help and docs/cli.md. */
#include "cli_common.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const cli_option options[] = {
    {"format", CLI_ARG_FORMAT, 'f', NULL,
     "输出格式：text（默认，编译器风格的问题列表）或 json（每次比较一行）",
     "output format: text (default, findings like a compiler's) or json "
     "(one line per comparison)"},
    CLI_READING_OPTIONS("并行读取的线程数（默认：在线 CPU 核数）"),
};

typedef struct compare_run {
  const cli_inputs *inputs; /* what was read */
  gk_report **reps;         /* per input, NULL if unreadable */
  cli_format format;        /* output */
  int code;                 /* highest exit code so far */
  size_t compared;          /* comparisons made */
} compare_run;


/* Prints the findings 'newer' got from index 'from' on. */
static int output(compare_run *r, const gk_report *older,
                  const gk_report *newer, size_t from) {
  cli_buf b = {NULL, 0, 0};
  gk_error err;
  gk_error_clear(&err);
  gk_status st = GK_OK;
  gk_lang lang = cli_lang();
  if (r->format == CLI_FORMAT_JSON) {
    st =
        gk_write_compare_json(older, newer, from, lang, cli_buf_sink, &b, &err);
  } else {
    for (size_t i = from; !st && i < gk_report_finding_count(newer); i++) {
      const gk_finding *f = gk_report_finding(newer, i);
      int rc = cli_buf_add_text(&b, gk_report_source_name(newer));
      if (!rc && gk_finding_line(f) > 0)
        rc = cli_buf_printf(&b, ":%lld", (long long)gk_finding_line(f));
      if (!rc)
        rc = cli_buf_printf(&b, ": %s[%s]: ",
                            gk_finding_severity(f) == GK_SEV_ERROR ? "error"
                                                                   : "warning",
                            gk_finding_rule(f));
      if (!rc)
        rc = cli_buf_add_text(&b, gk_finding_message(f, lang));
      if (!rc)
        rc = cli_buf_add(&b, "\n", 1);
      st = rc ? GK_E_NOMEM : GK_OK;
    }
  }
  for (size_t i = from; i < gk_report_finding_count(newer); i++)
    if (gk_finding_severity(gk_report_finding(newer, i)) == GK_SEV_ERROR)
      cli_raise(&r->code, CLI_EXIT_FINDINGS);
  if (!st && b.len && fwrite(b.data, 1, b.len, stdout) != b.len)
    st = GK_E_IO;
  cli_buf_free(&b);
  if (st) {
    cli_error("%s", cli_tr("无法写出结果", "cannot write the output"));
    cli_raise(&r->code, CLI_EXIT_INTERNAL);
    return -1;
  }
  return 0;
}

static int compare_pair(compare_run *r, const gk_report *older,
                        gk_report *newer) {
  size_t from = gk_report_finding_count(newer);
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_compare_years(older, newer, &err);
  if (st) {
    cli_error("%s", cli_lang() == GK_LANG_EN ? err.message_en : err.message);
    cli_raise(&r->code, st == GK_E_ARG ? CLI_EXIT_INPUT : CLI_EXIT_INTERNAL);
    return st == GK_E_ARG ? 0 : -1;
  }
  r->compared++;
  return output(r, older, newer, from);
}

/* Worker: the narrative is not compared; drop it to hold less. */
static void drop_sections(gk_report **rep, void *payload, void *ctx) {
  (void)payload;
  (void)ctx;
  for (int s = 1; s <= 6; s++)
    (void)gk_report_set_section(*rep, s, NULL, 0);
}

static int keep(size_t i, gk_report *rep, gk_status st, const gk_error *err,
                void *payload, void *ctx) {
  (void)payload;
  compare_run *r = ctx;
  if (st) {
    cli_raise(&r->code,
              cli_many_read_error(cli_input_name(r->inputs, i), st, err));
    return 0;
  }
  r->reps[i] = rep;
  return 0;
}

/* A report placed in a series: its agency key, year and input index. */
typedef struct entry {
  char key[256]; /* gk_agency_key of its agency */
  int year;      /* report year */
  size_t i;      /* input index (order among equals) */
} entry;

static int cmp_entry(const void *x, const void *y) {
  const entry *a = x, *b = y;
  int c = strcmp(a->key, b->key);
  if (c)
    return c;
  if (a->year != b->year)
    return a->year < b->year ? -1 : 1;
  return a->i < b->i ? -1 : a->i > b->i;
}

static int series(compare_run *r) {
  size_t n = 0;
  entry *e = calloc(r->inputs->n ? r->inputs->n : 1, sizeof(*e));
  if (!e) {
    cli_raise(&r->code, cli_nomem());
    return -1;
  }
  for (size_t i = 0; i < r->inputs->n; i++) {
    const gk_report *rep = r->reps[i];
    if (!rep)
      continue;
    if (!gk_report_agency(rep) || !gk_report_year(rep)) {
      cli_warn(cli_tr("%s：报告主体或年度不明，不参与比较",
                      "%s: agency or year unknown, not compared"),
               cli_input_name(r->inputs, i));
      continue;
    }
    gk_agency_key(gk_report_agency(rep), e[n].key, sizeof(e[n].key));
    e[n].year = gk_report_year(rep);
    e[n].i = i;
    n++;
  }
  qsort(e, n, sizeof(*e), cmp_entry);
  int stop = 0;
  size_t prev = SIZE_MAX; /* the report of the group's last year */
  for (size_t k = 0; k < n && !stop; k++) {
    if (prev != SIZE_MAX && strcmp(e[prev].key, e[k].key) == 0) {
      if (e[prev].year == e[k].year) {
        /* the first of two reports of one year stands for it */
        cli_warn(cli_tr("%s 与 %s 同为 %s %d 年度的报告，后者不参与比较",
                        "%s and %s are both reports of %s for %d; the "
                        "latter is not compared"),
                 cli_input_name(r->inputs, e[prev].i),
                 cli_input_name(r->inputs, e[k].i), e[k].key, e[k].year);
        continue;
      }
      stop = compare_pair(r, r->reps[e[prev].i], r->reps[e[k].i]);
    }
    prev = k;
  }
  free(e);
  return stop;
}

/* Two files named: compared whatever their agency names say. */
static int is_pair(int argc, char **argv) {
  struct stat st;
  if (argc != 2)
    return 0;
  for (int i = 0; i < 2; i++)
    if (strcmp(argv[i], "-") == 0 ||
        (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)))
      return 0;
  return 1;
}

static int pair(compare_run *r) {
  gk_report *a = r->reps[0], *b = r->reps[1];
  if (!a || !b)
    return 0;
  for (size_t i = 0; i < 2; i++)
    if (!gk_report_year(r->reps[i])) {
      cli_error(cli_tr("%s：未能确定报告年度，无法比较",
                       "%s: the report year is unknown; cannot compare"),
                cli_input_name(r->inputs, i));
      cli_raise(&r->code, CLI_EXIT_INPUT);
      return 0;
    }
  if (gk_report_year(a) > gk_report_year(b)) {
    gk_report *t = a;
    a = b;
    b = t;
  }
  return compare_pair(r, a, b);
}

static const cli_format_name formats[] = {{"text", CLI_FORMAT_TEXT},
                                          {"json", CLI_FORMAT_JSON}};

static const cli_cmd command = {
    .name = "compare",
    .options = options,
    .noptions = CLI_COUNT(options),
    .formats = formats,
    .nformats = CLI_COUNT(formats),
    .usage_zh = "gongkai compare [选项] 旧报告 新报告 | gongkai compare [选项] "
                "目录…",
    .usage_en = "gongkai compare [options] OLD NEW | gongkai compare "
                "[options] DIR...",
    .about_zh =
        "比较同一单位相邻年度的报告：本年“上年结转”应等于上年“结转下年度"
        "继续办理”（各列）；2021 年格式下规章、行政规范性文件的现行有效件数"
        "应等于上年现行有效件数加本年制发、减本年废止。目录中的报告按报告"
        "主体分组、按年度排序，缺少的年度给出警告。",
    .about_en =
        "Compare an agency's reports of consecutive years: carried in must "
        "equal the previous year's carried out (every column); in the 2021 "
        "template the regulations and normative documents in force must "
        "equal last year's plus issued less repealed. Reports in "
        "directories are grouped by agency and sorted by year; a missing "
        "year is a warning.",
    .exit_zh = "退出码：0 无错误（可有警告）；1 有不一致；2 输入无法读取、年度不明"
               "或相同，或用法错误；3 内部错误",
    .exit_en = "exit codes: 0 no errors (warnings allowed); 1 some relation "
               "broken; 2 input unreadable, year unknown or equal, or bad "
               "usage; 3 internal failure",
    .min_args = 1,
    .max_args = -1,
};

int cli_cmd_compare(int argc, char **argv) {
  compare_run r;
  memset(&r, 0, sizeof(r));
  cli_args a;
  int rc = cli_parse(&command, argc, argv, NULL, &a);
  if (rc != CLI_PARSED)
    return rc;
  r.format = (cli_format)a.format;
  cli_inputs inputs;
  memset(&inputs, 0, sizeof(inputs));
  int two = is_pair(a.argc, a.argv);
  if (cli_inputs_collect(&inputs, a.argc, a.argv)) {
    cli_inputs_free(&inputs);
    return cli_nomem();
  }
  r.inputs = &inputs;
  r.reps = calloc(inputs.n ? inputs.n : 1, sizeof(*r.reps));
  if (!r.reps || cli_many_each(&inputs, a.jobs, 0, drop_sections, keep, &r)) {
    cli_raise(&r.code, cli_nomem());
  } else if (two) {
    pair(&r);
  } else {
    series(&r);
  }
  if (fflush(stdout))
    cli_raise(&r.code, CLI_EXIT_INTERNAL);
  if (!cli_quiet())
    cli_note(cli_tr("%zu 个文件，比较 %zu 次", "%zu files, %zu comparisons"),
             inputs.n, r.compared);
  if (!inputs.n) {
    cli_error("%s", cli_tr("没有输入文件", "no input files"));
    cli_raise(&r.code, CLI_EXIT_INPUT);
  }
  for (size_t i = 0; r.reps && i < inputs.n; i++)
    gk_report_free(r.reps[i]);
  free(r.reps);
  cli_inputs_free(&inputs);
  return r.code;
}
