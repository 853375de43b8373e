/* cmd_application.c: gongkai application add|show|list|act: the staff's
 * view of the ledger (条例 第二十七条–第四十五条; docs/ledger.md has the
 * states and transitions). Output on stdout: text, or JSON Lines with
 * --format json. The option tables are the source of --help and
 * docs/cli.md. */
#include "cli_ledger.h"

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void date_str(int32_t d, char *out) {
  if (!d) {
    out[0] = '\0';
    return;
  }
  gk_date_format(d, out);
}

static const char *method_name(gk_fee_method m) {
  return m == GK_FEE_BY_PIECE ? "piece" : "pages";
}

static json_t *fee_json(const gk_app_fee *f) {
  char d[4][16];
  date_str(f->noticed_on, d[0]);
  date_str(f->paid_on, d[1]);
  date_str(f->lapsed_on, d[2]);
  date_str(f->replaced_on, d[3]);
  return json_pack("{ss sI sI ss s:s? s:o s:s? s:s? s:s?}", "method",
                   method_name(f->method), "units", (json_int_t)f->units,
                   "yuan", (json_int_t)f->yuan, "noticed_on", d[0], "paid_on",
                   d[1][0] ? d[1] : NULL, "paid_yuan",
                   f->paid_on ? json_integer(f->paid_yuan) : json_null(),
                   "receipt", f->receipt, "lapsed_on", d[2][0] ? d[2] : NULL,
                   "replaced_on", d[3][0] ? d[3] : NULL);
}

/* Fees of one application: a JSON array, or lines of text. */
typedef struct fees_out {
  json_t *arr; /* JSON mode */
  int failed;
} fees_out;

static int fee_one(const gk_app_fee *f, void *ud) {
  fees_out *o = ud;
  if (o->arr) {
    json_t *j = fee_json(f);
    if (!j || json_array_append_new(o->arr, j)) {
      o->failed = 1;
      return 1;
    }
    return 0;
  }
  char d[16];
  date_str(f->noticed_on, d);
  if (f->method == GK_FEE_BY_PIECE)
    printf(cli_tr("缴费通知: %s 按件（申请人当月第 %lld 件）%lld 元\n",
                  "fee noticed: %s by piece (the applicant's application "
                  "%lld of the month) %lld yuan\n"),
           d, (long long)f->units, (long long)f->yuan);
  else
    printf(cli_tr("缴费通知: %s 按量（%lld 页）%lld 元\n",
                  "fee noticed: %s by pages (%lld pages) %lld yuan\n"),
           d, (long long)f->units, (long long)f->yuan);
  if (f->replaced_on) {
    date_str(f->replaced_on, d);
    printf(cli_tr("已被更正或撤销: %s\n", "replaced or revoked: %s\n"), d);
  } else if (f->paid_on) {
    date_str(f->paid_on, d);
    printf(cli_tr("已缴费: %s %lld 元，票据号 ", "fee paid: %s %lld yuan, receipt "),
           d, (long long)f->paid_yuan);
    cli_put_text(stdout, f->receipt ? f->receipt : "-");
    putchar('\n');
  } else if (f->lapsed_on) {
    date_str(f->lapsed_on, d);
    printf(cli_tr("逾期未缴费: %s\n", "fee unpaid, lapsed: %s\n"), d);
  } else
    printf("%s\n", cli_tr("尚未缴费", "fee not yet paid"));
  return 0;
}

static json_t *app_json(const gk_app *a) {
  char d[6][16];
  date_str(a->arrived_on, d[0]);
  date_str(a->received_on, d[1]);
  date_str(a->closed_on, d[2]);
  date_str(a->due_on, d[3]);
  date_str(a->period_from, d[4]);
  date_str(a->voided_on, d[5]);
  return json_pack(
      "{ss ss s:s? s:s? ss s:s? ss s:s? ss s:s? s:s? s:s? s:s? s:s? sI si si "
      "s:s? s:s? s:s?}",
      "ref", a->ref, "applicant_type", a->applicant_type, "applicant_name",
      a->applicant_name, "contact", a->contact, "channel", a->channel,
      "arrived_on", d[0][0] ? d[0] : NULL, "received_on", d[1], "description",
      a->description, "state", a->state, "outcome", a->outcome, "basis",
      a->basis, "closed_on", d[2][0] ? d[2] : NULL, "due_on",
      d[3][0] ? d[3] : NULL, "period_from", d[4][0] ? d[4] : NULL, "id",
      (json_int_t)a->id, "extended", a->extended, "corrections", a->corrections,
      "applicant_key", a->applicant_key, "voided_on", d[5][0] ? d[5] : NULL,
      "void_reason", a->void_reason);
}

/* The derived flags (branch ledgerlaw): a provisional due date, a late
 * answer, the excluded working days (detail only). */
static int app_json_flags(json_t *j, const gk_app *a, int detail) {
  int bad = json_object_set_new(j, "due_provisional",
                                json_boolean(a->due_provisional));
  bad |= json_object_set_new(j, "late", json_boolean(a->late));
  if (detail)
    bad |= json_object_set_new(j, "excluded_days",
                               json_integer(a->excluded_days));
  return bad;
}

/* Prints one application: a JSON line, or 'key: value' lines. 'led'
 * (detail only) adds its fee notices: "fees" in JSON, lines in text. */
static int print_app(gk_ledger *led, const gk_app *a, int json, int detail) {
  fees_out fo = {NULL, 0};
  gk_error err;
  gk_error_clear(&err);
  if (json) {
    json_t *j = app_json(a);
    if (!j || app_json_flags(j, a, detail)) {
      json_decref(j);
      return -1;
    }
    if (detail && led) {
      fo.arr = json_array();
      if (!fo.arr || json_object_set_new(j, "fees", fo.arr) ||
          gk_ledger_app_fees(led, a->ref, fee_one, &fo, &err) || fo.failed) {
        json_decref(j);
        return -1;
      }
    }
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (!s)
      return -1;
    printf("%s\n", s);
    free(s);
    return 0;
  }
  char rec[16], due[64], closed[16];
  date_str(a->received_on, rec);
  date_str(a->due_on, due);
  date_str(a->closed_on, closed);
  if (due[0] && a->due_provisional) /* no notice for its year yet */
    snprintf(due + 10, sizeof(due) - 10, "%s",
             cli_tr("（暂定）", " (provisional)"));
  if (!detail) {
    const char *outcome = cli_vocab_shown(GK_VOCAB_OUTCOME, a->outcome);
    cli_put_text(stdout, a->ref); /* the agency's text: escaped */
    printf("\t%s\t%s\t%s\t%s\t%s%s\n",
           cli_vocab_shown(GK_VOCAB_STATE, a->state), rec, due[0] ? due : "-",
           cli_vocab_shown(GK_VOCAB_APPLICANT_TYPE, a->applicant_type),
           outcome ? outcome : "-",
           a->late ? cli_tr("（逾期答复）", " (answered late)") : "");
    return 0;
  }
  char arr[16], pf[16];
  date_str(a->arrived_on, arr);
  date_str(a->period_from, pf);
  const struct {
    const char *zh, *en, *v;
  } f[] = {
      {"编号", "ref", a->ref},
      {"申请人类型", "applicant type",
       cli_vocab_shown(GK_VOCAB_APPLICANT_TYPE, a->applicant_type)},
      {"申请人", "applicant", a->applicant_name},
      {"联系方式", "contact", a->contact},
      {"渠道", "channel", cli_vocab_shown(GK_VOCAB_CHANNEL, a->channel)},
      {"到达日期", "arrived on", arr[0] ? arr : NULL},
      {"收到申请之日", "received on", rec},
      {"期限起算日", "period from", pf},
      {"内容", "description", a->description},
      {"状态", "state", cli_vocab_shown(GK_VOCAB_STATE, a->state)},
      {"到期日", "due on", due[0] ? due : NULL},
      {"办理结果", "outcome", cli_vocab_shown(GK_VOCAB_OUTCOME, a->outcome)},
      {"依据", "basis", a->basis},
      {"办结日期", "closed on", closed[0] ? closed : NULL},
  };
  /* applicant text may hold anything: control characters escaped, a
   * newline of a description shown as \n (issue 15 point 9) */
  for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
    printf("%s: ", cli_tr(f[i].zh, f[i].en));
    cli_put_text(stdout, f[i].v ? f[i].v : "-");
    putchar('\n');
  }
  printf("%s: %d\n", cli_tr("延长工作日", "extended (working days)"),
         a->extended);
  printf("%s: %d\n",
         cli_tr("不计入期限的工作日（征求意见、缴费）",
                "excluded working days (consultation, fee)"),
         a->excluded_days);
  if (a->late)
    printf("%s\n", cli_tr("逾期答复：办结日期晚于到期日",
                           "answered late: closed after the due date"));
  printf("%s: ", cli_tr("申请人证件号码", "applicant key"));
  cli_put_text(stdout, a->applicant_key ? a->applicant_key : "-");
  putchar('\n');
  if (a->voided_on) {
    char vd[16];
    date_str(a->voided_on, vd);
    printf("%s: %s ", cli_tr("登记作废（不计入年报）", "voided (not in the report)"),
           vd);
    cli_put_text(stdout, a->void_reason ? a->void_reason : "");
    putchar('\n');
  }
  if (led && gk_ledger_app_fees(led, a->ref, fee_one, &fo, &err))
    return -1;
  return 0;
}

static int want_json(const char *cmd, const cli_lopts *o, int *json) {
  *json = 0;
  if (!o->format || strcmp(o->format, "text") == 0)
    return 0;
  if (strcmp(o->format, "json") == 0) {
    *json = 1;
    return 0;
  }
  return cli_usage_error(cmd,
                         cli_tr("--format 只能是 text 或 json，而不是 '%s'",
                                "--format must be text or json, not '%s'"),
                         o->format);
}

/* What add, amend, show and act end with: the application printed, or
 * the failure; both the application and the ledger are freed. Returns
 * the exit code. */
static int print_result(gk_ledger *led, gk_status st, const gk_error *err,
                        gk_app *app, int json) {
  int rc = CLI_EXIT_OK;
  if (st)
    rc = cli_ledger_fail(st, err);
  else if (print_app(led, app, json, 1))
    rc = cli_ledger_fail(GK_E_NOMEM, NULL);
  gk_app_free(led, app);
  gk_ledger_free(led);
  return rc;
}

/* gongkai application add --db FILE --ref REF --type T --channel C ... */
static int app_add(const cli_lopts *o, int argc, char **argv) {
  (void)argv;
  const char *cmd = "application add";
  if (argc > 0)
    return cli_usage_error(cmd, "%s", cli_tr("多余的参数", "unexpected arguments"));
  int json;
  int rc = want_json(cmd, o, &json);
  if (rc)
    return rc;
  if (!o->ref || !o->type || !o->channel)
    return cli_usage_error(cmd, "%s",
                           cli_tr("需要 --ref、--type 和 --channel",
                                  "--ref, --type and --channel are needed"));
  gk_app_input in = {GK_APP_INPUT_VERSION, o->ref,     o->type, o->name,        o->contact,
                     o->channel, 0,       0,              o->description,
                     o->applicant_key};
  if ((rc = cli_vocab(cmd, "--type", GK_VOCAB_APPLICANT_TYPE, o->type,
                      &in.applicant_type)) ||
      (rc = cli_vocab(cmd, "--channel", GK_VOCAB_CHANNEL, o->channel,
                      &in.channel)))
    return rc;
  if (cli_parse_date(o->arrived, &in.arrived_on))
    return cli_bad_date(cmd, "--arrived", o->arrived);
  if (cli_parse_date(o->confirmed, &in.confirmed_on))
    return cli_bad_date(cmd, "--confirmed", o->confirmed);
  gk_ledger *led = NULL;
  rc = cli_ledger_open(cmd, o, &led);
  if (rc)
    return rc;
  gk_error err;
  gk_error_clear(&err);
  gk_app *app = NULL;
  gk_status st = gk_ledger_app_add(led, &in, &app, &err);
  if (!st && gk_app_confirmed_late(&in))
    cli_warn("%s", cli_tr("[receipt-confirmed-late] 平常信函应于到达当日与申请人"
                          "确认（条例第三十一条）；确认晚于到达，收到申请之日"
                          "仍为到达之日",
                          "[receipt-confirmed-late] ordinary mail is to be "
                          "confirmed with the applicant on the day it arrives "
                          "(Article 31); the confirmation came later, the day "
                          "of receipt stays the day it arrived"));
  return print_result(led, st, &err, app, json);
}

/* gongkai application amend --db FILE REF [--name] [--contact] ... */
static int app_amend(const cli_lopts *o, int argc, char **argv) {
  const char *cmd = "application amend";
  if (argc != 1)
    return cli_usage_error(cmd, "%s",
                           cli_tr("需要一个申请编号", "one reference is needed"));
  int json;
  int rc = want_json(cmd, o, &json);
  if (rc)
    return rc;
  gk_app_amendment am = {GK_APP_AMENDMENT_VERSION, o->name,          o->contact, o->description,
                         o->applicant_key, o->type,    o->channel,
                         0,                0};
  if (cli_parse_date(o->arrived, &am.arrived_on))
    return cli_bad_date(cmd, "--arrived", o->arrived);
  if (cli_parse_date(o->confirmed, &am.confirmed_on))
    return cli_bad_date(cmd, "--confirmed", o->confirmed);
  if (!am.applicant_name && !am.contact && !am.description &&
      !am.applicant_key && !am.applicant_type && !am.channel &&
      !am.arrived_on && !am.confirmed_on)
    return cli_usage_error(
        cmd, "%s",
        cli_tr("需要 --name、--contact、--description、--applicant-key、"
               "--type、--channel、--arrived 或 --confirmed 之一",
               "one of --name, --contact, --description, --applicant-key, "
               "--type, --channel, --arrived or --confirmed is needed"));
  gk_ledger *led = NULL;
  rc = cli_ledger_open(cmd, o, &led);
  if (rc)
    return rc;
  gk_error err;
  gk_error_clear(&err);
  gk_app *app = NULL;
  gk_status st = gk_ledger_app_amend(led, argv[0], &am, &app, &err);
  return print_result(led, st, &err, app, json);
}

/* gongkai application show --db FILE REF */
static int app_show(const cli_lopts *o, int argc, char **argv) {
  const char *cmd = "application show";
  if (argc != 1)
    return cli_usage_error(cmd, "%s", cli_tr("需要一个申请编号", "one reference is needed"));
  int json;
  int rc = want_json(cmd, o, &json);
  if (rc)
    return rc;
  gk_ledger *led = NULL;
  rc = cli_ledger_open(cmd, o, &led);
  if (rc)
    return rc;
  gk_error err;
  gk_error_clear(&err);
  gk_app *app = NULL;
  gk_status st = gk_ledger_app_get(led, argv[0], &app, &err);
  return print_result(led, st, &err, app, json);
}

typedef struct list_ctx {
  int json;
  int failed;
  long count;
} list_ctx;

static int list_one(const gk_app *app, void *ud) {
  list_ctx *c = ud;
  c->count++;
  if (print_app(NULL, app, c->json, 0)) {
    c->failed = 1;
    return 1;
  }
  return 0;
}

static int parse_count(const char *s, int max, int *out) {
  char *end;
  long v = strtol(s, &end, 10);
  if (end == s || *end || v < 0 || v > max)
    return -1;
  *out = (int)v;
  return 0;
}

/* gongkai application list --db FILE [filters] */
static int app_list(const cli_lopts *o, int argc, char **argv) {
  (void)argv;
  const char *cmd = "application list";
  if (argc > 0)
    return cli_usage_error(cmd, "%s", cli_tr("多余的参数", "unexpected arguments"));
  list_ctx c = {0, 0, 0};
  int rc = want_json(cmd, o, &c.json);
  if (rc)
    return rc;
  gk_app_filter f;
  memset(&f, 0, sizeof(f));
  f.overdue = o->overdue;
  f.late = o->late;
  f.applicant_key = o->applicant_key;
  if ((rc = cli_vocab(cmd, "--state", GK_VOCAB_STATE, o->state, &f.state)) ||
      (rc = cli_vocab(cmd, "--applicant-type", GK_VOCAB_APPLICANT_TYPE,
                      o->type, &f.applicant_type)))
    return rc;
  if (o->due_within &&
      (parse_count(o->due_within, 10000, &f.due_within) || !f.due_within))
    return cli_usage_error(cmd,
                           cli_tr("--due-within 需要 1 到 10000 的工作日数，"
                                  "而不是 '%s'",
                                  "--due-within needs 1 to 10000 working "
                                  "days, not '%s'"),
                           o->due_within);
  if (cli_parse_date(o->today, &f.today))
    return cli_bad_date(cmd, "--today", o->today);
  gk_ledger *led = NULL;
  rc = cli_ledger_open(cmd, o, &led);
  if (rc)
    return rc;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_app_list(led, &f, list_one, &c, &err);
  gk_ledger_free(led);
  if (st)
    return cli_ledger_fail(st, &err);
  if (c.failed)
    return cli_ledger_fail(GK_E_NOMEM, NULL);
  cli_note(cli_tr("%ld 件申请", "%ld applications"), c.count);
  return CLI_EXIT_OK;
}

/* The fee options of act: fee-notice takes exactly one of --pages N
 * (按量) and --by-piece (按件), never both (109号); fee-paid may take
 * --receipt; no other action takes them. */
static int fee_options(const char *cmd, const cli_lopts *o,
                       gk_app_action *act) {
  int notice = strcmp(act->action, "fee-notice") == 0;
  if (!notice && (o->pages || o->by_piece))
    return cli_usage_error(cmd, "%s",
                           cli_tr("--pages 和 --by-piece 只用于 fee-notice",
                                  "--pages and --by-piece go with fee-notice "
                                  "only"));
  if (o->receipt && strcmp(act->action, "fee-paid") != 0)
    return cli_usage_error(cmd, "%s",
                           cli_tr("--receipt 只用于 fee-paid",
                                  "--receipt goes with fee-paid only"));
  if (!notice)
    return 0;
  if (!!o->pages == !!o->by_piece)
    return cli_usage_error(
        cmd, "%s",
        cli_tr("fee-notice 需要 --pages N（按量）或 --by-piece（按件）其中之一"
               "：一件申请只按一种方式计费（国办函〔2020〕109号）",
               "fee-notice needs exactly one of --pages N (by volume) and "
               "--by-piece (by piece): one application is charged one way "
               "(109号)"));
  if (o->by_piece) {
    act->fee_by = GK_FEE_BY_PIECE;
    return 0;
  }
  char *end;
  errno = 0;
  long long v = strtoll(o->pages, &end, 10);
  if (end == o->pages || *end || v < 0 || errno)
    return cli_usage_error(cmd,
                           cli_tr("--pages 需要页数（非负整数），而不是 '%s'",
                                  "--pages needs a number of pages (a whole "
                                  "number >= 0), not '%s'"),
                           o->pages);
  act->fee_by = GK_FEE_BY_PAGES;
  act->pages = (int64_t)v;
  return 0;
}

/* gongkai application act --db FILE REF ACTION [--on DATE] ... */
static int app_act(const cli_lopts *o, int argc, char **argv) {
  const char *cmd = "application act";
  if (argc != 2)
    return cli_usage_error(cmd, "%s",
                           cli_tr("需要申请编号和动作", "a reference and an action are needed"));
  int json;
  int rc = want_json(cmd, o, &json);
  if (rc)
    return rc;
  gk_app_action act;
  memset(&act, 0, sizeof(act));
  act.action = argv[1];
  act.reason = o->reason;
  act.outcome = o->outcome;
  act.basis = o->basis;
  act.receipt = o->receipt;
  rc = fee_options(cmd, o, &act);
  if (!rc)
    rc = cli_vocab(cmd, "--outcome", GK_VOCAB_OUTCOME, o->outcome,
                   &act.outcome);
  if (rc)
    return rc;
  if (cli_parse_date(o->on, &act.on))
    return cli_bad_date(cmd, "--on", o->on);
  if (cli_parse_date(o->until, &act.until))
    return cli_bad_date(cmd, "--until", o->until);
  if (cli_parse_date(o->served, &act.served_on))
    return cli_bad_date(cmd, "--served", o->served);
  if (o->days && (parse_count(o->days, 1000, &act.days) || !act.days))
    return cli_usage_error(cmd,
                           cli_tr("--days 需要正整数，而不是 '%s'",
                                  "--days needs a positive whole number, not '%s'"),
                           o->days);
  gk_ledger *led = NULL;
  rc = cli_ledger_open(cmd, o, &led);
  if (rc)
    return rc;
  gk_error err;
  gk_error_clear(&err);
  gk_app *app = NULL;
  gk_status st = gk_ledger_app_act(led, argv[0], &act, &app, &err);
  return print_result(led, st, &err, app, json);
}

/* gongkai application void|revoke --db FILE REF --reason TEXT [--on DATE]:
 * a wrong registration voided, the latest wrong step revoked (both new
 * audited events; nothing is deleted). */
static int void_or_revoke(const char *cmd, const cli_lopts *o, int argc,
                          char **argv, bool is_void) {
  if (argc != 1)
    return cli_usage_error(cmd, "%s",
                           cli_tr("需要一个申请编号", "one reference is needed"));
  int json;
  int rc = want_json(cmd, o, &json);
  if (rc)
    return rc;
  if (!o->reason || !*o->reason)
    return cli_usage_error(cmd, "%s",
                           cli_tr("需要 --reason", "--reason is needed"));
  int32_t on = 0;
  if (cli_parse_date(o->on, &on))
    return cli_bad_date(cmd, "--on", o->on);
  gk_ledger *led = NULL;
  rc = cli_ledger_open(cmd, o, &led);
  if (rc)
    return rc;
  gk_error err;
  gk_error_clear(&err);
  gk_app *app = NULL;
  gk_status st =
      is_void ? gk_ledger_app_void(led, argv[0], o->reason, on, &app, &err)
              : gk_ledger_app_revoke(led, argv[0], o->reason, on, &app, &err);
  return print_result(led, st, &err, app, json);
}

static int app_void(const cli_lopts *o, int argc, char **argv) {
  return void_or_revoke("application void", o, argc, argv, true);
}

static int app_revoke(const cli_lopts *o, int argc, char **argv) {
  return void_or_revoke("application revoke", o, argc, argv, false);
}

/* gongkai application letter --db FILE REF KIND [--format html|docx]
 * [--letters DIR] [-o FILE]: a notice letter of a step the application's
 * history has (gk_ledger_letter), through DIR/KIND.txt when the office
 * keeps its own template there, else the built-in one. The file holds the
 * applicant's name: made 0600 (PIPL). */
static int app_letter(const cli_lopts *o, int argc, char **argv) {
  const char *cmd = "application letter";
  if (argc != 2)
    return cli_usage_error(cmd, "%s",
                           cli_tr("需要申请编号和告知书种类（receipt、"
                                  "correction、extension、consultation、fee、"
                                  "answer）",
                                  "a reference and a kind of letter are "
                                  "needed (receipt, correction, extension, "
                                  "consultation, fee, answer)"));
  int kind = gk_letter_kind_from_name(argv[1]);
  if (kind < 0)
    return cli_usage_error(cmd,
                           cli_tr("未知的告知书种类 '%s'（receipt、correction、"
                                  "extension、consultation、fee、answer）",
                                  "unknown kind of letter '%s' (receipt, "
                                  "correction, extension, consultation, fee, "
                                  "answer)"),
                           argv[1]);
  gk_letter_opts lo;
  memset(&lo, 0, sizeof(lo));
  lo.version = GK_LETTER_OPTS_VERSION;
  if (!o->format || strcmp(o->format, "html") == 0)
    lo.format = GK_LETTER_HTML;
  else if (strcmp(o->format, "docx") == 0)
    lo.format = GK_LETTER_DOCX;
  else
    return cli_usage_error(cmd,
                           cli_tr("--format 只能是 html 或 docx，而不是 '%s'",
                                  "--format must be html or docx, not '%s'"),
                           o->format);
  int64_t nth = 0;
  if (o->nth && (cli_parse_count(o->nth, &nth) || nth < 1 || nth > 1000))
    return cli_usage_error(cmd,
                           cli_tr("--nth 应为 1 到 1000 之间的整数，而不是 '%s'",
                                  "--nth must be a whole number from 1 to "
                                  "1000, not '%s'"),
                           o->nth);
  char path[4096];
  char *tpl = NULL;
  gk_error err;
  gk_error_clear(&err);
  if (o->letters) {
    struct stat sb;
    if (stat(o->letters, &sb) != 0 || !S_ISDIR(sb.st_mode))
      return cli_usage_error(cmd,
                             cli_tr("--letters %s：不是目录",
                                    "--letters %s: not a directory"),
                             o->letters);
    snprintf(path, sizeof(path), "%s/%s.txt", o->letters, argv[1]);
    size_t len = 0;
    if (access(path, F_OK) == 0) {
      gk_status st = cli_read_path(path, 64 * 1024 + 1, &tpl, &len, &err);
      if (st) {
        cli_error("%s: %s", path, cli_tr(err.message, err.message_en));
        return CLI_EXIT_INPUT;
      }
      lo.template_text = tpl;
      lo.template_len = len;
      lo.template_name = path;
    }
  }
  gk_ledger *led = NULL;
  int rc = cli_ledger_open(cmd, o, &led);
  if (rc) {
    free(tpl);
    return rc;
  }
  gk_letter *l = NULL;
  gk_status st = gk_ledger_letter_nth(led, argv[0], (gk_letter_kind)kind,
                                      (int)nth, &l, &err);
  gk_ledger_free(led);
  if (st) {
    free(tpl);
    return cli_ledger_fail(st, &err);
  }
  /* a broken template is refused before any file is made */
  if (lo.template_text) {
    st = gk_letter_template_check((gk_letter_kind)kind, lo.template_text,
                                  lo.template_len, path, &err);
    if (st) {
      gk_letter_free(l);
      free(tpl);
      cli_error("%s", cli_tr(err.message, err.message_en));
      return CLI_EXIT_INPUT;
    }
  }
  cli_out out;
  rc = cli_out_open(&out, o->output);
  if (!rc) {
    if (out.tmp)
      fchmod(fileno(out.f), 0600);
    st = gk_letter_write(l, &lo, cli_out_sink, &out, &err);
    if (st) {
      cli_out_abort(&out);
      rc = cli_ledger_fail(st, &err);
    } else
      rc = cli_out_commit(&out);
  }
  gk_letter_free(l);
  free(tpl);
  return rc;
}

#define FORMAT_OPTION                                                          \
  {"format", required_argument, 'f', "text|json",                              \
   "输出格式：text（默认）或 json（每件申请一行）",                            \
   "output format: text (default) or json (one line per application)"}

static const cli_option add_options[] = {
    {"ref", required_argument, 'r', "REF", "申请编号（本机关的编号，唯一）",
     "the application's number (the agency's, unique)"},
    {"type", required_argument, 't', "TYPE",
     "申请人类型（名称或 id）：自然人 natural、商业企业 business、科研机构 "
     "research、社会公益组织 nonprofit、法律服务机构 legal、其他 other",
     "applicant type (label or id): 自然人 natural, 商业企业 business, "
     "科研机构 research, 社会公益组织 nonprofit, 法律服务机构 legal, "
     "其他 other"},
    {"name", required_argument, 'n', "NAME", "申请人姓名或名称",
     "the applicant's name"},
    {"contact", required_argument, 'c', "TEXT", "联系方式", "contact"},
    {"channel", required_argument, 'm', "CHANNEL",
     "渠道（名称或 id）：当面提交（当面）in_person、挂号邮寄（挂号信）"
     "registered_mail、平常信函（平信）ordinary_mail、互联网（网络）online、"
     "传真 fax",
     "channel (label or id): 当面提交 (当面) in_person, 挂号邮寄 (挂号信) "
     "registered_mail, 平常信函 (平信) ordinary_mail, 互联网 (网络) online, "
     "传真 fax"},
    {"arrived", required_argument, 'a', "DATE",
     "当面提交、签收挂号信或平常信函到达之日（条例第三十一条）",
     "the day it was submitted in person, signed for or arrived by "
     "ordinary mail (Art. 31)"},
    {"confirmed", required_argument, 'k', "DATE",
     "网络、传真：双方确认之日；平常信函：与申请人确认之日（只记录，晚于到达"
     "则警告）",
     "online, fax: the day both sides confirmed; ordinary mail: the day it "
     "was confirmed with the applicant (recorded; later than the arrival "
     "warns)"},
    {"description", required_argument, 'e', "TEXT", "所需信息的描述",
     "what information is asked for"},
    {"applicant-key", required_argument, 'K', "ID",
     "申请人证件号码或统一社会信用代码（按件计费据此统计同一申请人当月申请件数）",
     "the applicant's identity document number or 统一社会信用代码 (by-piece "
     "fees count one applicant's applications of a month by it)"},
    FORMAT_OPTION,
    CLI_LEDGER_COMMON_OPTIONS,
};
static const cli_option amend_options[] = {
    {"name", required_argument, 'n', "NAME", "申请人姓名或名称（空串清除）",
     "the applicant's name (empty: clear)"},
    {"contact", required_argument, 'c', "TEXT", "联系方式（空串清除）",
     "contact (empty: clear)"},
    {"description", required_argument, 'e', "TEXT",
     "所需信息的描述（空串清除）", "what is asked for (empty: clear)"},
    {"applicant-key", required_argument, 'K', "ID",
     "申请人证件号码或统一社会信用代码（空串清除）",
     "the applicant's identity document number or 统一社会信用代码 (empty: "
     "clear)"},
    {"type", required_argument, 't', "TYPE",
     "更正申请人类型（记为 amend 事件，年报随之改变）",
     "correct the applicant type (an amend event; the report follows)"},
    {"channel", required_argument, 'm', "CHANNEL",
     "更正渠道（记为 amend 事件，收到日和到期日随之重算）",
     "correct the channel (an amend event; receipt and due date follow)"},
    {"arrived", required_argument, 'a', "DATE",
     "更正到达之日（记为 amend 事件）", "correct the arrival day (an amend event)"},
    {"confirmed", required_argument, 'k', "DATE",
     "更正确认收到之日（记为 amend 事件）",
     "correct the day receipt was confirmed (an amend event)"},
    FORMAT_OPTION,
    CLI_LEDGER_COMMON_OPTIONS,
};
static const cli_option void_options[] = {
    {"reason", required_argument, 'R', "TEXT", "理由（必填，记入事件和审计日志）",
     "reason (required; kept in the event and the audit log)"},
    {"on", required_argument, 'O', "DATE", "日期（默认：今天）",
     "the day (default: today)"},
    FORMAT_OPTION,
    CLI_LEDGER_COMMON_OPTIONS,
};
static const cli_option letter_options[] = {
    {"nth", required_argument, 'H', "N",
     "第 N 次这一步的告知书（1、2……；默认：最近一次）",
     "the letter of the Nth step of that kind (1, 2, ...; default: the "
     "latest)"},
    {"format", required_argument, 'f', "html|docx",
     "输出格式：html（可打印的网页，默认）或 docx",
     "output format: html (a printable page, default) or docx"},
    {"letters", required_argument, 'J', "DIR",
     "本机关的告知书模板目录：有 DIR/KIND.txt 时用它代替内置模板",
     "the office's letter templates: DIR/KIND.txt, when present, replaces "
     "the built-in template"},
    {"output", required_argument, 'o', "FILE",
     "写入 FILE（默认：标准输出；文件权限 0600）",
     "write to FILE (default: standard output; mode 0600)"},
    CLI_LEDGER_COMMON_OPTIONS,
};
static const cli_option show_options[] = {FORMAT_OPTION,
                                          CLI_LEDGER_COMMON_OPTIONS};
static const cli_option list_options[] = {
    {"state", required_argument, 's', "STATE",
     "只列出该状态的申请（名称或 id）：办理中 registered、待补正 "
     "correction_requested、征求意见中 consulting、待缴费 fee_pending、已答复 "
     "answered、视为放弃 abandoned、已撤回 withdrawn",
     "only applications in this state (label or id): 办理中 registered, "
     "待补正 correction_requested, 征求意见中 consulting, 待缴费 fee_pending, "
     "已答复 answered, 视为放弃 abandoned, 已撤回 withdrawn"},
    {"applicant-type", required_argument, 't', "TYPE",
     "只列出该类申请人的申请（名称或 id，同 add 的 --type）",
     "only applications of this applicant type (label or id, as add's "
     "--type)"},
    {"due-within", required_argument, 'W', "N",
     "只列出 N 个工作日内到期（含已逾期）的未办结申请",
     "only open applications due within N working days (overdue included)"},
    {"overdue", no_argument, 'V', NULL, "只列出已逾期的未办结申请",
     "only open applications past their due date"},
    {"late", no_argument, 'L', NULL, "只列出逾期答复（办结晚于到期日）的申请",
     "only applications answered after their due date"},
    {"today", required_argument, 'T', "DATE", "以 DATE 为今天（默认：今天）",
     "take DATE as today (default: today)"},
    {"applicant-key", required_argument, 'K', "ID",
     "只列出该申请人（证件号码或统一社会信用代码，按其密钥散列查找）的申请",
     "only this applicant's applications (ID number or 统一社会信用代码, "
     "found by its keyed hash)"},
    FORMAT_OPTION,
    CLI_LEDGER_COMMON_OPTIONS,
};
static const cli_option act_options[] = {
    {"on", required_argument, 'O', "DATE", "办理之日（默认：今天）",
     "the day it happened (default: today)"},
    {"reason", required_argument, 'R', "TEXT",
     "理由（extend 必填；consult 写征求对象，每一方一次；later-deadline "
     "必填：申请人说明的理由；withdraw）",
     "reason (required by extend; consult: whom, once per party; "
     "later-deadline (required): the reasons the applicant gave; withdraw)"},
    {"served", required_argument, 'S', "DATE",
     "consult：第三方（或机关）收到征求意见之日，其 15 个工作日自此起算（默认："
     "征求之日）",
     "consult: the day the party received the request; its 15 working days "
     "run from it (default: the day of the request)"},
    {"outcome", required_argument, 'X', "ROW",
     "answer：办理结果，年度报告表三的行名或 id：予以公开 granted、部分公开 "
     "partial、属于国家秘密 denied.state_secret、其他法律行政法规禁止公开 "
     "denied.prohibited、危及“三安全一稳定” denied.security、保护第三方合法"
     "权益 denied.third_party、属于三类内部事务信息 denied.internal、属于四类"
     "过程性信息 denied.deliberative、属于行政执法案卷 denied.enforcement、"
     "属于行政查询事项 denied.inquiry、本机关不掌握相关政府信息 "
     "unable.not_held、没有现成信息需要另行制作 unable.needs_creation、补正后"
     "申请内容仍不明确 unable.unclear、信访举报投诉类申请 refused.petition、"
     "重复申请 refused.repeat、要求提供公开出版物 refused.publication、无正当"
     "理由大量反复申请 refused.excessive、要求行政机关确认或重新出具已获取信息 "
     "refused.confirmation、其他 other.other",
     "answer: the outcome, a row label or id of the report's table 3: "
     "予以公开 granted, 部分公开 partial, 属于国家秘密 denied.state_secret, "
     "其他法律行政法规禁止公开 denied.prohibited, 危及“三安全一稳定” "
     "denied.security, 保护第三方合法权益 denied.third_party, "
     "属于三类内部事务信息 denied.internal, 属于四类过程性信息 "
     "denied.deliberative, 属于行政执法案卷 denied.enforcement, "
     "属于行政查询事项 denied.inquiry, 本机关不掌握相关政府信息 "
     "unable.not_held, 没有现成信息需要另行制作 unable.needs_creation, "
     "补正后申请内容仍不明确 unable.unclear, 信访举报投诉类申请 "
     "refused.petition, 重复申请 refused.repeat, 要求提供公开出版物 "
     "refused.publication, 无正当理由大量反复申请 refused.excessive, "
     "要求行政机关确认或重新出具已获取信息 refused.confirmation, 其他 "
     "other.other"},
    {"basis", required_argument, 'B', "TEXT", "answer：所依据的法律条款",
     "answer: the legal basis cited"},
    {"days", required_argument, 'N', "N",
     "extend：延长的工作日数（默认 20）；request-correction：补正期限的工作日数"
     "（默认 15，至多 30）",
     "extend: working days (default 20); request-correction: the period to "
     "correct in working days (default 15, at most 30)"},
    {"until", required_argument, 'U', "DATE",
     "request-correction：补正期限的最后一天（代替 --days）；later-deadline："
     "延迟答复的合理期限（条例第三十五条）",
     "request-correction: the last day to correct (instead of --days); "
     "later-deadline: the reasonable later deadline (Article 35)"},
    {"pages", required_argument, 'P', "N",
     "fee-notice：按量计费，信息的页数（国办函〔2020〕109号）",
     "fee-notice: charge by volume, the pages of the information (109号)"},
    {"by-piece", no_argument, 'Y', NULL,
     "fee-notice：按件计费，按同一申请人当月第几件申请（国办函〔2020〕109号）",
     "fee-notice: charge by piece, by the applicant's count of applications "
     "in the month (109号)"},
    {"receipt", required_argument, 'C', "NO",
     "fee-paid：财政票据号", "fee-paid: the official receipt number"},
    FORMAT_OPTION,
    CLI_LEDGER_COMMON_OPTIONS,
};
#define N(a) (sizeof(a) / sizeof(a[0]))

static const cli_sub subs[] = {
    {"add", app_add, add_options, N(add_options),
     "--db FILE --ref REF --type TYPE --channel CHANNEL --arrived DATE "
     "[--confirmed DATE] [...]",
     "登记一件新申请", "register a new application"},
    {"amend", app_amend, amend_options, N(amend_options),
     "--db FILE REF [--name NAME] [--contact TEXT] [--description TEXT] "
     "[--applicant-key ID] [--type TYPE] [--channel CHANNEL] [--arrived DATE] "
     "[--confirmed DATE]",
     "更正登记信息；收到日、渠道、申请人类型只以 amend 事件更正，到期日和年报随之",
     "correct registration details; the receipt day, channel and applicant "
     "type only through an amend event, which the due date and report "
     "follow"},
    {"void", app_void, void_options, N(void_options),
     "--db FILE REF --reason TEXT [--on DATE]",
     "作废错误的登记（保留记录和理由，不计入年报）",
     "void a wrong registration (kept with its reason, out of the report)"},
    {"revoke", app_revoke, void_options, N(void_options),
     "--db FILE REF --reason TEXT [--on DATE]",
     "撤销最近一步错误的办理（新事件取代它，状态和到期日随之）",
     "revoke the latest wrong step (a new event supersedes it; state and "
     "due date follow)"},
    {"letter", app_letter, letter_options, N(letter_options),
     "--db FILE REF KIND [--format html|docx] [--letters DIR] [-o FILE]",
     "出具告知书：receipt 受理回执、correction 补正告知书、extension "
     "延期答复告知书、consultation 征求第三方意见书、fee 缴费通知书、answer "
     "答复书",
     "make a notice letter: receipt, correction, extension, consultation, "
     "fee, answer"},
    {"show", app_show, show_options, N(show_options), "--db FILE REF",
     "显示一件申请", "show one application"},
    {"list", app_list, list_options, N(list_options), "--db FILE [filters]",
     "列出申请（编号、状态、收到日、到期日、申请人类型、结果）",
     "list applications (ref, state, received, due, applicant type, "
     "outcome)"},
    {"act", app_act, act_options, N(act_options),
     "--db FILE REF ACTION [--on DATE] [--reason TEXT] [--outcome ROW "
     "--basis TEXT] [--days N] [--until DATE] [--served DATE] [--pages N | "
     "--by-piece] [--receipt NO]",
     "办理一步：request-correction、correct、lapse、consult、consult-end、"
     "extend、fee-notice、fee-paid、fee-lapse、answer、withdraw、"
     "later-deadline",
     "take one step: request-correction, correct, lapse, consult, "
     "consult-end, extend, fee-notice, fee-paid, fee-lapse, answer, "
     "withdraw, later-deadline"},
};

int cli_cmd_application(int argc, char **argv) {
  return cli_subcommands_main(
      "application", subs, N(subs),
      "政府信息公开申请：登记、更正、查看、列出、办理（条例第二十七条至第四十五条）。",
      "Disclosure applications: register, amend, show, list, act "
      "(Regulations Articles 27-45).",
      argc, argv);
}
