/* cmd_record.c: gongkai record add|approve|repeal|list --db FILE [options]
 * Records of proactive disclosure and the report's other inputs
 * (docs/ledger.md "Records and cases"). A record counts in the report once
 * a second person approved it: approving one's own record is refused.
 * Also the helpers the report, record and case commands share
 * (cmd_ledgerreport.h). The option table is the source of --help and
 * docs/cli.md. */
#include "cmd_ledgerreport.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* === Shared helpers === */

int cli_lr_fail(gk_status st, const gk_error *err) {
  const char *m = err && err->code ? (cli_lang() == GK_LANG_EN ? err->message_en
                                                               : err->message)
                                   : "";
  cli_error("%s%s%s", gk_strerror(st, cli_lang()), *m ? ": " : "", m);
  return st == GK_E_NOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
}

int cli_lr_open(const char *cmd, const char *db, const char *actor,
                gk_ledger **out) {
  *out = NULL;
  if (!db)
    return cli_usage_error(
        cmd, "%s", cli_tr("缺少 --db 台账文件", "--db FILE is missing"));
  if (!actor)
    actor = getenv("USER");
  gk_ledger_opts opts;
  memset(&opts, 0, sizeof(opts));
  opts.actor = actor;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_open(out, db, &opts, &err);
  return st ? cli_lr_fail(st, &err) : CLI_EXIT_OK;
}

int cli_lr_date(const char *s, int32_t *out) {
  int y, m, d;
  char tail;
  if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      s[4] != '-' || s[7] != '-' || y < 1000 || m < 1 || m > 12 || d < 1 ||
      d > 31)
    return -1;
  *out = y * 10000 + m * 100 + d;
  return 0;
}

int cli_lr_count(const char *s, int64_t *out) {
  char *end = NULL;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s || *end || v < 0 || s[0] == '-' || s[0] == '+')
    return -1;
  *out = v;
  return 0;
}

int cli_lr_amount(const char *s, int64_t *out) {
  int64_t whole = 0, frac = 0, scale = GK_SCALE;
  const char *p = s;
  if (*p < '0' || *p > '9')
    return -1;
  for (; *p >= '0' && *p <= '9'; p++) {
    if (whole > (INT64_MAX / GK_SCALE - 9) / 10)
      return -1;
    whole = whole * 10 + (*p - '0');
  }
  if (*p == '.') {
    p++;
    if (*p < '0' || *p > '9')
      return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
      scale /= 10;
      if (!scale)
        return -1; /* more than 4 decimals: below 1 元 */
      frac += (*p - '0') * scale;
    }
  }
  if (*p)
    return -1;
  *out = whole * GK_SCALE + frac;
  return 0;
}

int cli_lr_write(const char *path, const char *data, size_t len) {
  if (!path || strcmp(path, "-") == 0) {
    if (len && fwrite(data, 1, len, stdout) != len)
      goto stdout_fail;
    return CLI_EXIT_OK;
  }
  /* A temporary file beside OUT, renamed over it when complete: an
   * interrupted run never leaves half a report (style.md §7). */
  size_t n = strlen(path) + 16;
  char *tmp = malloc(n);
  if (!tmp) {
    cli_error("%s", gk_strerror(GK_E_NOMEM, cli_lang()));
    return CLI_EXIT_INTERNAL;
  }
  snprintf(tmp, n, "%s.tmpXXXXXX", path);
  int fd = mkstemp(tmp);
  FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
  int ok = f && (!len || fwrite(data, 1, len, f) == len);
  if (f && fclose(f) != 0)
    ok = 0;
  else if (!f && fd >= 0)
    close(fd);
  if (ok && rename(tmp, path) != 0)
    ok = 0;
  if (!ok) {
    int e = errno;
    if (fd >= 0)
      unlink(tmp);
    cli_error(cli_tr("无法写入 %s：%s", "cannot write %s: %s"), path,
              strerror(e));
  }
  free(tmp);
  return ok ? CLI_EXIT_OK : CLI_EXIT_INTERNAL;
stdout_fail:
  cli_error(cli_tr("无法写出到标准输出：%s", "cannot write to stdout: %s"),
            strerror(errno));
  return CLI_EXIT_INTERNAL;
}

/* === gongkai record === */

static const cli_option options[] = {
    {"db", required_argument, 'd', "FILE", "台账数据库文件（必需）",
     "ledger database file (required)"},
    {"actor", required_argument, 'u', "NAME",
     "操作人，记入审计日志（默认：$USER）；审核人须与起草人不同",
     "who acts, for the audit log (default: $USER); the approver must not "
     "be the drafter"},
    {"kind", required_argument, 'k', "KIND",
     "add：表二的行 id（regulation normative license other_service penalty "
     "coercion fee procurement）",
     "add: a row id of table disclose (regulation normative license "
     "other_service penalty coercion fee procurement)"},
    {"doc-no", required_argument, 'n', "文号", "add：来源文件的文号（必需）",
     "add: the source document number, 文号 (required)"},
    {"title", required_argument, 't', "TEXT", "add：标题", "add: title"},
    {"date", required_argument, 'D', "YYYY-MM-DD",
     "add：制发、决定、收费或采购日期；approve、repeal：审核或废止日期"
     "（默认今天）",
     "add: day issued, decided, collected or purchased; approve, repeal: "
     "the day (default today)"},
    {"count", required_argument, 'c', "N",
     "add：决定件数、项目数量或采购项目数（默认 1）",
     "add: decisions, items or procurement projects (default 1)"},
    {"amount", required_argument, 'm', "万元",
     "add：收费或采购金额，单位万元（最多 4 位小数）",
     "add: fee or procurement amount in 万元 (at most 4 decimals)"},
    {"items", no_argument, 'i', NULL,
     "add：记录的是项目数量（2019 年格式的上一年项目数量、本年增/减）",
     "add: the record is an item count (format 2019's prior and change)"},
    {"lang", required_argument, 'l', "zh|en",
     "消息语言：zh（默认，中文）或 en（英文）",
     "language of messages: zh (default, Chinese) or en (English)"},
    {"quiet", no_argument, 'q', NULL, "不显示提示（错误照常显示）",
     "no notes (errors still show)"},
    {"help", no_argument, 'h', NULL, "显示本帮助并退出",
     "show this help and exit"},
};
#define NOPTS (sizeof(options) / sizeof(options[0]))

static void help(void) {
  printf("%s\n", cli_tr("用法：gongkai record add|approve ID|repeal ID|list "
                        "--db 文件 [选项]",
                        "usage: gongkai record add|approve ID|repeal ID|list "
                        "--db FILE [options]"));
  printf("%s\n\n",
         cli_tr("主动公开等报告数据的记录：add 起草一条记录，approve 由另一人"
                "审核公开（起草人不能审核自己的记录），repeal 标记规章或规范性"
                "文件废止（记录不删除），list 列出全部记录。",
                "Records of proactive disclosure and other report inputs: add "
                "drafts one, approve publishes it as a second person (the "
                "drafter cannot approve their own), repeal marks a document "
                "repealed (records are never deleted), list prints them all."));
  printf("%s\n", cli_tr("选项：", "options:"));
  cli_options_help(stdout, options, NOPTS);
  printf("\n%s\n",
         cli_tr("退出码：0 成功；2 用法错误、输入无效或操作被拒绝；3 内部错误",
                "exit codes: 0 done; 2 bad usage, bad input or refused; "
                "3 internal failure"));
}

typedef struct args {
  const char *db, *actor;
  gk_record rec;
  int has_date;
} args;

static int list_one(const gk_record *r, void *ud) {
  (void)ud;
  char amount[32];
  snprintf(amount, sizeof(amount), "%lld.%04lld",
           (long long)(r->amount / GK_SCALE),
           (long long)(r->amount % GK_SCALE));
  printf("%lld\t%s\t%s\t%s\t%04d-%02d-%02d\t%lld\t%s\t", (long long)r->id,
         r->kind, r->items ? "items" : "-", r->doc_no, (int)(r->date / 10000),
         (int)(r->date / 100 % 100), (int)(r->date % 100), (long long)r->count,
         amount);
  if (r->published_on)
    printf("%04d-%02d-%02d\t%s\t", (int)(r->published_on / 10000),
           (int)(r->published_on / 100 % 100), (int)(r->published_on % 100),
           r->approved_by);
  else
    printf("-\t-\t");
  if (r->repealed_on)
    printf("%04d-%02d-%02d\t", (int)(r->repealed_on / 10000),
           (int)(r->repealed_on / 100 % 100), (int)(r->repealed_on % 100));
  else
    printf("-\t");
  printf("%s\t%s\n", r->drafted_by, r->title ? r->title : "");
  return 0;
}

static int parse_id(const char *s, int64_t *id) {
  return cli_lr_count(s, id) || *id <= 0
             ? cli_usage_error("record",
                               cli_tr("记录编号应为正整数，而不是 '%s'",
                                      "a record id is a positive whole "
                                      "number, not '%s'"),
                               s)
             : 0;
}

static int run(const char *verb, args *a, int npos, char **pos) {
  gk_ledger *led = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = GK_OK;
  int64_t id = 0;
  int want_id = strcmp(verb, "approve") == 0 || strcmp(verb, "repeal") == 0;
  if (strcmp(verb, "add") && strcmp(verb, "list") && !want_id)
    return cli_usage_error("record",
                           cli_tr("未知操作 '%s'（add、approve、repeal、list）",
                                  "unknown action '%s' (add, approve, "
                                  "repeal, list)"),
                           verb);
  if (npos != want_id)
    return cli_usage_error("record", "%s",
                           want_id ? cli_tr("需要一个记录编号", "needs one "
                                                                "record id")
                                   : cli_tr("多余的参数", "extra arguments"));
  if (want_id && parse_id(pos[0], &id))
    return CLI_EXIT_INPUT;
  int rc = cli_lr_open("record", a->db, a->actor, &led);
  if (rc)
    return rc;
  if (strcmp(verb, "add") == 0) {
    st = gk_record_add(led, &a->rec, &id, &err);
    if (!st)
      printf("%lld\n", (long long)id);
  } else if (strcmp(verb, "approve") == 0) {
    st = gk_record_approve(led, id, a->rec.date, &err);
  } else if (strcmp(verb, "repeal") == 0) {
    st = gk_record_repeal(led, id, a->rec.date, &err);
  } else {
    printf("id\tkind\titems\tdoc_no\tdate\tcount\tamount\tpublished_on\t"
           "approved_by\trepealed_on\tdrafted_by\ttitle\n");
    st = gk_record_list(led, list_one, NULL, &err);
  }
  gk_ledger_free(led);
  if (st)
    return cli_lr_fail(st, &err);
  return CLI_EXIT_OK;
}

int cli_cmd_record(int argc, char **argv) {
  struct option longopts[CLI_MAX_OPTIONS + 1];
  char shortopts[3 * CLI_MAX_OPTIONS + 2];
  args a;
  memset(&a, 0, sizeof(a));
  a.rec.count = 1;
  gk_lang lang = cli_lang();
  int want_help = 0;
  cli_options_prepare(options, NOPTS, longopts, shortopts);
  opterr = 0;
  for (;;) {
    int c = getopt_long(argc, argv, shortopts, longopts, NULL);
    if (c == -1)
      break;
    switch (c) {
    case 'd':
      a.db = optarg;
      break;
    case 'u':
      a.actor = optarg;
      break;
    case 'k':
      a.rec.kind = optarg;
      break;
    case 'n':
      a.rec.doc_no = optarg;
      break;
    case 't':
      a.rec.title = optarg;
      break;
    case 'D':
      if (cli_lr_date(optarg, &a.rec.date))
        return cli_usage_error("record",
                               cli_tr("日期应为 YYYY-MM-DD，而不是 '%s'",
                                      "a date is YYYY-MM-DD, not '%s'"),
                               optarg);
      break;
    case 'c':
      if (cli_lr_count(optarg, &a.rec.count))
        return cli_usage_error("record",
                               cli_tr("--count 应为非负整数，而不是 '%s'",
                                      "--count is a whole number >= 0, not "
                                      "'%s'"),
                               optarg);
      break;
    case 'm':
      if (cli_lr_amount(optarg, &a.rec.amount))
        return cli_usage_error("record",
                               cli_tr("--amount 应为万元数（最多 4 位小数），"
                                      "而不是 '%s'",
                                      "--amount is 万元 with at most 4 "
                                      "decimals, not '%s'"),
                               optarg);
      break;
    case 'i':
      a.rec.items = 1;
      break;
    case 'l':
      if (cli_parse_lang(optarg, &lang))
        return cli_lang_error("record", optarg);
      break;
    case 'q':
      cli_set_quiet(1);
      break;
    case 'h':
      want_help = 1;
      break;
    default:
      return cli_options_error("record", c, options, NOPTS, argv);
    }
  }
  cli_set_lang(lang);
  if (want_help) {
    help();
    return CLI_EXIT_OK;
  }
  if (optind >= argc)
    return cli_usage_error("record", "%s",
                           cli_tr("缺少操作（add、approve、repeal、list）",
                                  "no action given (add, approve, repeal, "
                                  "list)"));
  return run(argv[optind], &a, argc - optind - 1, argv + optind + 1);
}
