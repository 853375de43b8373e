/* cmd_record.c: gongkai record add|approve|repeal|list --db FILE [options]
 * Records of proactive disclosure and the report's other inputs
 * (docs/ledger.md "Records and cases"). A record counts in the report once
 * a second person approved it: approving one's own record is refused.
 * The option table is the source of --help and docs/cli.md. */
#include "cmd_ledgerreport.h"

#include <stdio.h>
#include <string.h>

/* An amount in 万元 with at most 4 decimals, in GK_SCALE units; 0 on
 * success. */
static int parse_amount(const char *s, int64_t *out) {
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

/* === gongkai record === */

static const cli_option options[] = {
    CLI_ITEM_DB_OPTION,
    CLI_ITEM_ACTOR_OPTION,
    {"kind", required_argument, 'k', "KIND",
     "add：表二的行 id（regulation normative license other_service penalty "
     "coercion fee procurement）",
     "add: a row id of table disclose (regulation normative license "
     "other_service penalty coercion fee procurement)"},
    {"doc-no", required_argument, 'n', "文号", "add：来源文件的文号（必需）",
     "add: the source document number, 文号 (required)"},
    {"title", required_argument, 't', "TEXT", "add：标题", "add: title"},
    {"date", CLI_ARG_DATE, 'D', "YYYY-MM-DD",
     "add：制发、决定、收费或采购日期；approve、repeal：审核或废止日期"
     "（默认今天）",
     "add: day issued, decided, collected or purchased; approve, repeal: "
     "the day (default today)"},
    {"count", CLI_ARG_COUNT, 'c', "N",
     "add：决定件数、项目数量或采购项目数（默认 1）",
     "add: decisions, items or procurement projects (default 1)"},
    {"amount", required_argument, 'm', "万元",
     "add：收费或采购金额，单位万元（最多 4 位小数）",
     "add: fee or procurement amount in 万元 (at most 4 decimals)"},
    {"items", no_argument, 'i', NULL,
     "add：记录的是项目数量（2019 年格式的上一年项目数量、本年增/减）",
     "add: the record is an item count (format 2019's prior and change)"},
    CLI_OPT_LANG,
    CLI_OPT_NOTES_QUIET,
    CLI_OPT_HELP,
};

typedef struct args {
  cli_item_opts item; /* --db, --actor, --date */
  gk_record rec;      /* add: the record */
} args;

static int list_one(const gk_record *r, void *ud) {
  (void)ud;
  char amount[32];
  snprintf(amount, sizeof(amount), "%lld.%04lld",
           (long long)(r->amount / GK_SCALE),
           (long long)(r->amount % GK_SCALE));
  /* the agency's text, control characters escaped (cli_put_text) */
  printf("%lld\t%s\t%s\t", (long long)r->id, r->kind,
         r->items ? "items" : "-");
  cli_put_text(stdout, r->doc_no);
  char day[11];
  gk_date_format(r->date, day);
  printf("\t%s\t%lld\t%s\t", day, (long long)r->count, amount);
  if (r->published_on) {
    gk_date_format(r->published_on, day);
    printf("%s\t", day);
    cli_put_text(stdout, r->approved_by);
    putchar('\t');
  } else
    printf("-\t-\t");
  if (r->repealed_on) {
    gk_date_format(r->repealed_on, day);
    printf("%s\t", day);
  }
  else
    printf("-\t");
  cli_put_text(stdout, r->drafted_by);
  putchar('\t');
  cli_put_text(stdout, r->title ? r->title : "");
  putchar('\n');
  return 0;
}

static const char *const verbs[] = {"add", "approve", "repeal", "list", NULL};
static const cli_actions actions = {verbs, 1u << 1 | 1u << 2, "记录", "record"};

/* Runs action 'verb' (an index of verbs) on item 'id'. */
static int run(int verb, const args *a, int64_t id) {
  gk_ledger *led = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = GK_OK;
  int rc = cli_ledger_open_db("record", a->item.db, a->item.actor, &led);
  if (rc)
    return rc;
  if (verb == 0) {
    gk_record rec = a->rec;
    rec.date = a->item.date;
    st = gk_ledger_record_add(led, &rec, &id, &err);
    if (!st)
      printf("%lld\n", (long long)id);
  } else if (verb == 1) {
    st = gk_ledger_record_approve(led, id, a->item.date, &err);
  } else if (verb == 2) {
    st = gk_ledger_record_repeal(led, id, a->item.date, &err);
  } else {
    printf("id\tkind\titems\tdoc_no\tdate\tcount\tamount\tpublished_on\t"
           "approved_by\trepealed_on\tdrafted_by\ttitle\n");
    st = gk_ledger_record_list(led, list_one, NULL, &err);
  }
  gk_ledger_free(led);
  return st ? cli_ledger_fail(st, &err) : CLI_EXIT_OK;
}

static int option(int c, const cli_value *v, void *ctx) {
  args *a = ctx;
  if (cli_item_option(&a->item, c, v))
    return 0;
  switch (c) {
  case 'k':
    a->rec.kind = v->text;
    break;
  case 'n':
    a->rec.doc_no = v->text;
    break;
  case 't':
    a->rec.title = v->text;
    break;
  case 'c':
    a->rec.count = v->num;
    break;
  case 'm':
    if (parse_amount(v->text, &a->rec.amount))
      return cli_usage_error("record",
                             cli_tr("--amount 应为万元数（最多 4 位小数），"
                                    "而不是 '%s'",
                                    "--amount is 万元 with at most 4 "
                                    "decimals, not '%s'"),
                             v->text);
    break;
  case 'i':
    a->rec.items = 1;
    break;
  }
  return 0;
}

static const cli_cmd command = {
    .name = "record",
    .options = options,
    .noptions = CLI_COUNT(options),
    .usage_zh = "gongkai record add|approve ID|repeal ID|list --db 文件 [选项]",
    .usage_en = "gongkai record add|approve ID|repeal ID|list --db FILE "
                "[options]",
    .about_zh = "主动公开等报告数据的记录：add 起草一条记录，approve 由另一人"
                "审核公开（起草人不能审核自己的记录），repeal 标记规章或规范性"
                "文件废止（记录不删除），list 列出全部记录。",
    .about_en = "Records of proactive disclosure and other report inputs: add "
                "drafts one, approve publishes it as a second person (the "
                "drafter cannot approve their own), repeal marks a document "
                "repealed (records are never deleted), list prints them all.",
    .exit_zh = "退出码：0 成功；2 用法错误、输入无效或操作被拒绝；3 内部错误",
    .exit_en = "exit codes: 0 done; 2 bad usage, bad input or refused; "
               "3 internal failure",
    .max_args = -1,
    .option = option,
};

int cli_cmd_record(int argc, char **argv) {
  args a;
  memset(&a, 0, sizeof(a));
  a.rec.count = 1;
  cli_args ca;
  int rc = cli_parse(&command, argc, argv, &a, &ca);
  if (rc != CLI_PARSED)
    return rc;
  int64_t id;
  int verb = cli_ledger_action("record", &actions, ca.argc, ca.argv, &id);
  return verb < 0 ? CLI_EXIT_INPUT : run(verb, &a, id);
}
