/* cmd_similar.c: gongkai similar FILE...|DIR [--threshold X]
 * Finds reports whose narratives (sections 一 to 六) are near-copies
 * (内容雷同). Workers read each report and sign its narrative (MinHash,
 * gk_similar_sign); the main thread indexes the signatures; LSH banding
 * gives the candidate pairs (gk_similar_run); each pair kept is read again
 * and compared exactly (gk_similarity_compare), and printed when its
 * Jaccard similarity reaches the threshold, with the passages the two
 * share. Memory: a signature (512 bytes) per report. The option table is
 * the single source of --help and docs/cli.md. */
#include "cli_common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SHOW_PASSAGES 3 /* passages printed per pair */
#define TEXT_CHARS 40   /* characters of a passage in text output */
#define JSON_CHARS 200  /* ... and in JSON */
#define DEFAULT_THRESHOLD 0.8

static const cli_option options[] = {
    {"threshold", CLI_ARG_TEXT, 't', "X",
     "相似度阈值，0 到 1 之间（默认 0.8）：正文 5 字片段集合的 Jaccard 相似度",
     "similarity threshold from 0 to 1 (default 0.8): Jaccard similarity of "
     "the narratives' 5-character shingles"},
    {"format", CLI_ARG_FORMAT, 'f', NULL,
     "输出格式：text（默认）或 json（每对一行）",
     "output format: text (default) or json (one line per pair)"},
    CLI_READING_OPTIONS("并行读取的线程数（默认：在线 CPU 核数）"),
};

typedef struct sign {
  uint32_t sig[GK_SIMILAR_HASHES]; /* MinHash signature */
  size_t nshingles;                /* shingles of the narrative */
  gk_status st;                    /* of gk_similar_sign */
} sign;

typedef struct found {
  size_t a, b;        /* input indexes */
  double estimate;    /* from the signatures */
  gk_similarity *sim; /* exact comparison */
} found;

typedef struct similar_run {
  const cli_inputs *inputs; /* what was read */
  gk_similar *index;        /* signatures */
  double threshold;         /* --threshold */
  cli_format format;        /* output */
  int code;                 /* highest exit code so far */
} similar_run;


/* Worker: sign the narrative, then the report is not needed. */
static void work(gk_report **rep, void *payload, void *ctx) {
  (void)ctx;
  sign *s = payload;
  s->st = gk_similar_sign(*rep, s->sig, &s->nshingles, NULL);
  gk_report_free(*rep);
  *rep = NULL;
}

static int emit(size_t i, gk_report *rep, gk_status st, const gk_error *err,
                void *payload, void *ctx) {
  similar_run *r = ctx;
  sign *s = payload;
  gk_report_free(rep);
  if (st) {
    cli_raise(&r->code,
              cli_many_read_error(cli_input_name(r->inputs, i), st, err));
    s->nshingles = 0; /* keeps its id, never paired */
  } else if (s->st) {
    cli_raise(&r->code, CLI_EXIT_INTERNAL);
    return -1;
  }
  if (gk_similar_add(r->index, s->sig, s->nshingles)) {
    cli_raise(&r->code, CLI_EXIT_INTERNAL);
    return -1;
  }
  return 0;
}

static int cmp_found(const void *x, const void *y) {
  const found *a = x, *b = y;
  double ja = gk_similarity_jaccard(a->sim), jb = gk_similarity_jaccard(b->sim);
  if (ja != jb)
    return ja > jb ? -1 : 1;
  if (a->a != b->a)
    return a->a < b->a ? -1 : 1;
  return a->b < b->b ? -1 : a->b > b->b;
}

static const char *const numerals[] = {"一", "二", "三", "四", "五", "六"};

static int print_found(const similar_run *r, const found *f, cli_buf *b) {
  const char *na = cli_input_name(r->inputs, f->a);
  const char *nb = cli_input_name(r->inputs, f->b);
  if (r->format == CLI_FORMAT_JSON)
    return gk_write_similarity_json(f->sim, na, nb, f->estimate, SHOW_PASSAGES,
                                    JSON_CHARS, cli_buf_sink, b, NULL)
               ? -1
               : 0;
  int rc = cli_buf_printf(b, "%.3f\t", gk_similarity_jaccard(f->sim));
  if (!rc)
    rc = cli_buf_add_text(b, na) || cli_buf_add(b, "\t", 1) ||
         cli_buf_add_text(b, nb) || cli_buf_add(b, "\n", 1);
  for (size_t i = 0;
       !rc && i < gk_similarity_passage_count(f->sim) && i < SHOW_PASSAGES;
       i++) {
    int sec = 1;
    size_t chars = 0;
    const char *text = gk_similarity_passage(f->sim, i, &sec, &chars);
    char ex[TEXT_CHARS * 4 + 8];
    gk_text_excerpt(text, TEXT_CHARS, ex, sizeof(ex));
    /* a passage may span lines: one line each in the output */
    for (char *p = ex; *p; p++)
      if (*p == '\n' || *p == '\r' || *p == '\t')
        *p = ' ';
    rc = cli_buf_printf(
        b, cli_tr("  %s、 %s（%zu 字）\n", "  %s: %s (%zu chars)\n"),
        numerals[(sec - 1) % 6], ex, chars);
  }
  return rc;
}

/* Verification of pair i on the pool: read both again, compare exactly. */
typedef struct check_ctx {
  similar_run *r; /* the run */
  found *f;       /* kept pairs */
  size_t m;       /* those at the threshold, packed in pair order */
} check_ctx;

typedef struct checked {
  gk_similarity *sim; /* exact comparison, or NULL */
  gk_status st;       /* of reading or comparing */
  size_t which;       /* input that failed */
  gk_error err;       /* why */
} checked;

static void check_job(size_t i, void *res, void *ctx, void **local) {
  check_ctx *c = ctx;
  checked *k = res;
  const found *f = &c->f[i];
  gk_report *a = NULL, *b = NULL;
  gk_error_clear(&k->err);
  k->which = f->a;
  k->st = cli_many_read((gk_reader **)local, c->r->inputs, f->a, &a, &k->err);
  if (!k->st) {
    k->which = f->b;
    k->st = cli_many_read((gk_reader **)local, c->r->inputs, f->b, &b, &k->err);
  }
  if (!k->st)
    k->st = gk_similarity_compare(a, b, &k->sim, &k->err);
  gk_report_free(a);
  gk_report_free(b);
}

static int check_emit(size_t i, void *res, void *ctx) {
  check_ctx *c = ctx;
  checked *k = res;
  if (k->st) {
    /* it was read a moment ago: changed or vanished since */
    cli_raise(&c->r->code, cli_many_read_error(
                               cli_input_name(c->r->inputs, k->which), k->st,
                               &k->err));
    return 0;
  }
  if (gk_similarity_jaccard(k->sim) >= c->r->threshold) {
    c->f[c->m] = c->f[i]; /* c->m <= i: packs in place */
    c->f[c->m++].sim = k->sim;
  } else {
    gk_similarity_free(k->sim);
  }
  k->sim = NULL;
  return 0;
}

static void check_discard(void *res, void *ctx) {
  (void)ctx;
  checked *k = res;
  gk_similarity_free(k->sim);
  k->sim = NULL;
}

static void free_reader(void *local) { gk_reader_free(local); }

static void pairs(similar_run *r, unsigned jobs) {
  size_t n = gk_similar_pair_count(r->index);
  found *f = calloc(n ? n : 1, sizeof(*f));
  if (!f) {
    cli_raise(&r->code, cli_nomem());
    return;
  }
  for (size_t i = 0; i < n; i++)
    gk_similar_pair(r->index, i, &f[i].a, &f[i].b, &f[i].estimate);
  check_ctx c = {r, f, 0};
  if (cli_pool_run(n, jobs, sizeof(checked), check_job, check_emit,
                   check_discard, free_reader, &c)) {
    cli_raise(&r->code, cli_nomem());
  }
  size_t m = c.m;
  qsort(f, m, sizeof(*f), cmp_found);
  cli_buf b = {NULL, 0, 0};
  for (size_t i = 0; i < m; i++) {
    if (print_found(r, &f[i], &b) ||
        (b.len && fwrite(b.data, 1, b.len, stdout) != b.len)) {
      cli_error("%s", cli_tr("无法写出结果", "cannot write the output"));
      cli_raise(&r->code, CLI_EXIT_INTERNAL);
      break;
    }
    b.len = 0;
  }
  cli_buf_free(&b);
  if (m)
    cli_raise(&r->code, CLI_EXIT_FINDINGS);
  size_t bands = 0, rows = 0;
  gk_similar_banding(r->index, &bands, &rows);
  if (!cli_quiet())
    cli_note(cli_tr("%zu 个文件；LSH %zu 段×%zu 行，候选 %zu 对，估计相近 %zu "
                    "对，相似度不低于 %.2f 的 %zu 对",
                    "%zu files; LSH %zu bands x %zu rows, %zu candidate pairs, "
                    "%zu estimated close; at similarity %.2f or more: %zu"),
             r->inputs->n, bands, rows, gk_similar_candidates(r->index), n,
             r->threshold, m);
  for (size_t i = 0; i < m; i++)
    gk_similarity_free(f[i].sim);
  free(f);
}

static int option(int c, const cli_value *v, void *ctx) {
  similar_run *r = ctx;
  char *end = NULL;
  (void)c; /* --threshold, its only own option */
  errno = 0;
  r->threshold = strtod(v->text, &end);
  if (errno || end == v->text || *end ||
      !(r->threshold > 0.0 && r->threshold <= 1.0))
    return cli_usage_error(
        "similar",
        cli_tr("--threshold 需要大于 0、不大于 1 的数，而不是 '%s'",
               "--threshold needs a number above 0 and at most 1, not '%s'"),
        v->text);
  return 0;
}

static const cli_format_name formats[] = {{"text", CLI_FORMAT_TEXT},
                                          {"json", CLI_FORMAT_JSON}};

static const cli_cmd command = {
    .name = "similar",
    .options = options,
    .noptions = CLI_COUNT(options),
    .formats = formats,
    .nformats = CLI_COUNT(formats),
    .usage_zh = "gongkai similar [选项] 文件…|目录",
    .usage_en = "gongkai similar [options] FILE...|DIR",
    .about_zh =
        "查找正文（一至六部分）几乎相同的报告（内容雷同）：正文规范化（数字"
        "不计）后取 5 字片段，MinHash 签名与 LSH 分段找出候选对，再逐对计算"
        "Jaccard 相似度，列出不低于阈值的报告对及其相同段落。",
    .about_en =
        "Find reports whose narratives (sections 一 to 六) are near-copies: "
        "normalised text (numbers ignored) cut into 5-character shingles, "
        "MinHash signatures and LSH banding for candidate pairs, then the "
        "exact Jaccard similarity of each; prints the pairs at or above "
        "the threshold with the passages they share.",
    .exit_zh = "退出码：0 没有相似的报告对；1 有；2 输入无法读取或用法错误；"
               "3 内部错误",
    .exit_en = "exit codes: 0 no similar pair; 1 some similar pair; 2 input "
               "unreadable or bad usage; 3 internal failure",
    .min_args = 1,
    .max_args = -1,
    .option = option,
};

int cli_cmd_similar(int argc, char **argv) {
  similar_run r;
  memset(&r, 0, sizeof(r));
  r.threshold = DEFAULT_THRESHOLD;
  cli_args a;
  int rc = cli_parse(&command, argc, argv, &r, &a);
  if (rc != CLI_PARSED)
    return rc;
  r.format = (cli_format)a.format;
  cli_inputs inputs;
  memset(&inputs, 0, sizeof(inputs));
  r.inputs = &inputs;
  if (cli_inputs_collect(&inputs, a.argc, a.argv) ||
      gk_similar_new(&r.index, r.threshold, NULL)) {
    cli_inputs_free(&inputs);
    return cli_nomem();
  }
  gk_error err;
  gk_error_clear(&err);
  if (cli_many_each(&inputs, a.jobs, sizeof(sign), work, emit, &r)) {
    cli_raise(&r.code, cli_nomem());
  } else if (gk_similar_run(r.index, &err)) {
    cli_error("%s", cli_lang() == GK_LANG_EN ? err.message_en : err.message);
    cli_raise(&r.code, err.code == GK_E_TOO_LARGE ? CLI_EXIT_INPUT : CLI_EXIT_INTERNAL);
  } else {
    pairs(&r, a.jobs);
  }
  if (fflush(stdout))
    cli_raise(&r.code, CLI_EXIT_INTERNAL);
  if (!inputs.n) {
    cli_error("%s", cli_tr("没有输入文件", "no input files"));
    cli_raise(&r.code, CLI_EXIT_INPUT);
  }
  gk_similar_free(r.index);
  cli_inputs_free(&inputs);
  return r.code;
}
