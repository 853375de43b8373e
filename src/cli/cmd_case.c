/* cmd_case.c: gongkai case add|close|list --db FILE [options]
 * Reconsideration (行政复议) and litigation (行政诉讼) cases about the
 * ledger's applications (docs/ledger.md "Records and cases"); they fill
 * table review of the report. The option table is the source of --help and
 * docs/cli.md. */
#include "cmd_ledgerreport.h"

#include <string.h>

static const cli_option options[] = {
    CLI_ITEM_DB_OPTION,
    CLI_ITEM_ACTOR_OPTION,
    {"kind", required_argument, 'k', "KIND",
     "add：表四的行 id：reconsideration（行政复议）、litigation_direct"
     "（未经复议直接起诉）、litigation_after（复议后起诉）",
     "add: a row id of table review: reconsideration, litigation_direct, "
     "litigation_after"},
    {"application", required_argument, 'A', "REF",
     "add：案件所涉申请的编号（必需）",
     "add: reference of the application it concerns (required)"},
    {"case-no", required_argument, 'n', "TEXT", "add：案号",
     "add: case number"},
    {"outcome", required_argument, 'O', "RESULT",
     "close：表四的列 id：upheld（结果维持）、corrected（结果纠正）、other"
     "（其他结果）",
     "close: a column id of table review: upheld, corrected, other"},
    {"date", CLI_ARG_DATE, 'D', "YYYY-MM-DD",
     "add：立案（申请复议或起诉）日期；close：审结日期（默认今天）",
     "add: day filed; close: day decided (default today)"},
    CLI_OPT_LANG,
    CLI_OPT_NOTES_QUIET,
    CLI_OPT_HELP,
};

static void print_date(int32_t d) {
  char s[11];
  if (d) {
    gk_date_format(d, s);
    fputs(s, stdout);
  } else
    fputs("-", stdout);
}

static int list_one(const gk_case *c, void *ud) {
  (void)ud;
  /* the agency's text, control characters escaped (cli_put_text) */
  printf("%lld\t%s\t", (long long)c->id, c->kind);
  cli_put_text(stdout, c->application_ref);
  putchar('\t');
  cli_put_text(stdout, c->case_no && *c->case_no ? c->case_no : "-");
  putchar('\t');
  print_date(c->filed_on);
  printf("\t%s\t", c->outcome ? c->outcome : "pending");
  print_date(c->decided_on);
  putchar('\t');
  cli_put_text(stdout, c->created_by);
  putchar('\n');
  return 0;
}

/* What the options say. */
typedef struct case_opts {
  cli_item_opts item;  /* --db, --actor, --date */
  const char *outcome; /* --outcome */
  gk_case cs;          /* add: the case */
} case_opts;

static int option(int c, const cli_value *v, void *ctx) {
  case_opts *o = ctx;
  if (cli_item_option(&o->item, c, v))
    return 0;
  switch (c) {
  case 'k':
    o->cs.kind = v->text;
    break;
  case 'A':
    o->cs.application_ref = v->text;
    break;
  case 'n':
    o->cs.case_no = v->text;
    break;
  case 'O':
    o->outcome = v->text;
    break;
  }
  return 0;
}

static const char *const verbs[] = {"add", "close", "list", NULL};
static const cli_actions actions = {verbs, 1u << 1, "案件", "case"};

static const cli_cmd command = {
    .name = "case",
    .options = options,
    .noptions = CLI_COUNT(options),
    .usage_zh = "gongkai case add|close ID|list --db 文件 [选项]",
    .usage_en = "gongkai case add|close ID|list --db FILE [options]",
    .about_zh =
        "政府信息公开行政复议、行政诉讼案件：add 登记一件（关联所涉申请），"
        "close 记录审结结果，list 列出全部案件。",
    .about_en = "Reconsideration and litigation cases: add registers one "
                "(linked to its application), close records the decision, "
                "list prints them all.",
    .exit_zh = "退出码：0 成功；2 用法错误或输入无效；3 内部错误",
    .exit_en = "exit codes: 0 done; 2 bad usage or bad input; 3 internal "
               "failure",
    .max_args = -1,
    .option = option,
};

int cli_cmd_case(int argc, char **argv) {
  case_opts o;
  memset(&o, 0, sizeof(o));
  cli_args a;
  int rc = cli_parse(&command, argc, argv, &o, &a);
  if (rc != CLI_PARSED)
    return rc;
  int64_t id;
  int verb = cli_ledger_action("case", &actions, a.argc, a.argv, &id);
  if (verb < 0)
    return CLI_EXIT_INPUT;
  gk_ledger *led = NULL;
  rc = cli_ledger_open_db("case", o.item.db, o.item.actor, &led);
  if (rc)
    return rc;
  gk_error err;
  gk_error_clear(&err);
  gk_status st;
  if (verb == 0) {
    o.cs.filed_on = o.item.date;
    st = gk_ledger_case_add(led, &o.cs, &id, &err);
    if (!st)
      printf("%lld\n", (long long)id);
  } else if (verb == 1) {
    st = gk_ledger_case_close(led, id, o.outcome, o.item.date, &err);
  } else {
    printf("id\tkind\tapplication\tcase_no\tfiled_on\toutcome\tdecided_on\t"
           "created_by\n");
    st = gk_ledger_case_list(led, list_one, NULL, &err);
  }
  gk_ledger_free(led);
  return st ? cli_ledger_fail(st, &err) : CLI_EXIT_OK;
}
