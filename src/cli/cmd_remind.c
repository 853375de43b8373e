/* cmd_remind.c: gongkai remind --db FILE [--within N] [--format
 * text|email]: the daily digest of applications that need the office
 * (gk_ledger_remind): overdue, due within N working days, awaiting 补正,
 * payment or a third party past that step's own period. For cron: exit 0
 * whatever the digest holds; --format email prints a whole RFC 5322
 * message (MIME, UTF-8, base64 body) to pipe to sendmail -t; its lines
 * end in LF, as sendmail takes a message on its input (the MTA sends
 * CRLF on the wire).
 *
 * Personal data (PIPL): a digest is mailed and kept in mailboxes, so it
 * names applications by ref, state and dates only: no applicant's name,
 * contact, ID number or request. The console page (/office/remind) is the
 * same digest. */
#include "cli_ledger.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct remind_opts {
  const char *db, *key, *to, *from;
  int within;    /* working days; default 5 */
  int email;     /* --format email */
  int32_t today; /* --today, 0: the ledger's */
} remind_opts;

static const cli_option options[] = {
    {"db", required_argument, 'd', "FILE", "台账文件（SQLite）",
     "the ledger file (SQLite)"},
    {"key", required_argument, 'F', "FILE",
     "台账密钥文件（默认：台账文件名加 .key，或环境变量 GONGKAI_KEY_FILE）",
     "the ledger's key file (default: the ledger's name + .key, or "
     "GONGKAI_KEY_FILE)"},
    {"within", CLI_ARG_COUNT, 'w', "N",
     "提醒 N 个工作日内到期的申请（默认 5，至多 60）",
     "remind of applications due within N working days (default 5, at "
     "most 60)"},
    {"format", required_argument, 'f', "text|email",
     "输出格式：text（默认）或 email（完整的电子邮件，可交给 sendmail -t）",
     "output format: text (default) or email (a whole message for "
     "sendmail -t)"},
    {"to", required_argument, 't', "ADDR", "email：收件人（默认 root）",
     "email: the recipient (default root)"},
    {"from", required_argument, 'r', "ADDR",
     "email：发件人（默认 gongkai@主机名）",
     "email: the sender (default gongkai@hostname)"},
    {"today", CLI_ARG_DATE, 'T', "DATE", "以 DATE 为今天（默认：今天）",
     "take DATE as today (default: today)"},
    CLI_OPT_LANG,
    CLI_OPT_NOTES_QUIET,
    CLI_OPT_HELP,
};

static int option(int c, const cli_value *v, void *ctx) {
  remind_opts *o = ctx;
  switch (c) {
  case 'd':
    o->db = v->text;
    break;
  case 'F':
    o->key = v->text;
    break;
  case 't':
    o->to = v->text;
    break;
  case 'r':
    o->from = v->text;
    break;
  case 'T':
    o->today = v->date;
    break;
  case 'w':
    if (v->num > 60)
      return cli_usage_error("remind", "%s",
                             cli_tr("--within 至多 60 个工作日",
                                    "--within is at most 60 working days"));
    o->within = (int)v->num;
    break;
  case 'f':
    if (strcmp(v->text, "email") == 0)
      o->email = 1;
    else if (strcmp(v->text, "text") != 0)
      return cli_usage_error(
          "remind",
          cli_tr("--format 只能是 text 或 email，而不是 '%s'",
                 "--format must be text or email, not '%s'"),
          v->text);
    break;
  default:
    break;
  }
  return 0;
}

static const cli_cmd command = {
    .name = "remind",
    .options = options,
    .noptions = CLI_COUNT(options),
    .usage_zh = "gongkai remind --db FILE [--within N] [--format text|email]",
    .usage_en = "gongkai remind --db FILE [--within N] [--format text|email]",
    .about_zh = "每日提醒：已逾期、N 个工作日内到期、补正/缴费/征求意见期限已过"
                "的申请（只列受理编号、状态和日期，不含申请人的个人信息）。",
    .about_en = "The daily digest: applications overdue, due within N "
                "working days, or awaiting 补正, payment or a third party "
                "past that period (refs, states and dates only, no "
                "applicant's personal data).",
    .exit_zh = "退出码：0 成功（无论有无提醒）；2 用法错误或台账无法打开；"
               "3 内部错误",
    .exit_en = "exit codes: 0 success (reminders or not); 2 bad usage or "
               "the ledger cannot be opened; 3 internal failure",
    .max_args = 0,
    .option = option,
};

/* A cli_buf that remembers a failed append (tested once at the end). */
typedef struct obuf {
  cli_buf b;
  int failed;
} obuf;
#define P(o, ...) ((o)->failed |= cli_buf_printf(&(o)->b, __VA_ARGS__) < 0)

/* The digest's text, built before anything is printed. */
typedef struct digest {
  obuf o;
  int kind; /* the group being written, -1 before the first */
  const int64_t *counts;
} digest;

/* A ref as stored may hold anything the ledger took: controls become '?'
 * (a mail header or a terminal must not see them). */
static void put_clean(obuf *b, const char *s) {
  for (; *s; s++)
    P(b, "%c", ((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s);
}

static void group_head(digest *d, int k) {
  P(&d->o, "\n%s%s%lld%s\n",
    cli_tr(gk_remind_kind_label((gk_remind_kind)k),
           gk_remind_kind_name((gk_remind_kind)k)),
    cli_tr("（", " ("), (long long)d->counts[k], cli_tr(" 件）", ")"));
}

static int item(const gk_remind_item *it, void *ud) {
  digest *d = ud;
  while (d->kind < (int)it->kind)
    group_head(d, ++d->kind);
  char due[11];
  gk_date_format(it->due_on, due);
  P(&d->o, "  ");
  put_clean(&d->o, it->ref);
  const char *state = cli_vocab_shown(GK_VOCAB_STATE, it->state);
  if (it->days_left < 0)
    P(&d->o,
      cli_tr("  期限 %s  已过 %lld 个工作日  %s%s\n",
             "  due %s  %lld working days past  %s%s\n"),
      due, (long long)-it->days_left, state ? state : "",
      it->due_provisional ? cli_tr("（期限暂定）", " (provisional)") : "");
  else
    P(&d->o,
      cli_tr("  期限 %s  剩 %lld 个工作日  %s%s\n",
             "  due %s  %lld working days left  %s%s\n"),
      due, (long long)it->days_left, state ? state : "",
      it->due_provisional ? cli_tr("（期限暂定）", " (provisional)") : "");
  return 0;
}

/* RFC 2047 encoded-words of UTF-8 text (a Subject), base64: each word
 * of whole characters of at most 39 bytes (64 characters encoded), so
 * that "Subject: " and the first word stay within 78 characters; words
 * on folded lines. */
static void encoded_words(obuf *b, const char *s) {
  size_t n = strlen(s), i = 0;
  while (i < n) {
    size_t k = i + 39 < n ? i + 39 : n;
    while (k > i && k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
      k--; /* not inside a character */
    char e[sodium_base64_ENCODED_LEN(39, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(e, sizeof(e), (const unsigned char *)s + i, k - i,
                      sodium_base64_VARIANT_ORIGINAL);
    P(b, "%s=?UTF-8?B?%s?=", i ? "\n " : "", e);
    i = k;
  }
}

/* An address given on the command line goes into a header: no line
 * break, no control character (header injection). */
static int header_ok(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7f)
      return 0;
  return 1;
}

static int print_email(const remind_opts *o, int32_t today,
                       const int64_t *counts, const cli_buf *body) {
  char host[256] = "localhost";
  if (gethostname(host, sizeof(host) - 1) != 0 || !header_ok(host))
    snprintf(host, sizeof(host), "localhost");
  host[sizeof(host) - 1] = '\0';
  char from[512];
  if (o->from)
    snprintf(from, sizeof(from), "%s", o->from);
  else
    snprintf(from, sizeof(from), "gongkai@%s", host);
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  char date[64];
  /* RFC 5322 §3.3 with English names whatever the locale */
  static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed",
                                   "Thu", "Fri", "Sat"};
  static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  snprintf(date, sizeof(date), "%s, %02d %s %04d %02d:%02d:%02d +0000",
           wd[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900,
           tm.tm_hour, tm.tm_min, tm.tm_sec);
  char today_s[11];
  gk_date_format(today, today_s);
  obuf subj, msg;
  memset(&subj, 0, sizeof(subj));
  memset(&msg, 0, sizeof(msg));
  int64_t all = 0, past = 0;
  for (int k = 0; k < GK_REMIND_KIND_LAST; k++) {
    all += counts[k];
    if (k >= GK_REMIND_CORRECTION)
      past += counts[k];
  }
  P(&subj,
    "政府信息公开申请提醒 %s：已逾期 %lld 件，即将到期 %lld 件，"
    "补正/缴费/征求意见期限已过 %lld 件",
    today_s, (long long)counts[GK_REMIND_OVERDUE],
    (long long)counts[GK_REMIND_DUE_SOON], (long long)past);
  unsigned char rnd[12];
  randombytes_buf(rnd, sizeof(rnd));
  char rhex[25];
  sodium_bin2hex(rhex, sizeof(rhex), rnd, sizeof(rnd));
  P(&msg, "From: %s\nTo: %s\nSubject: ", from, o->to ? o->to : "root");
  encoded_words(&msg, subj.b.data ? subj.b.data : "");
  P(&msg,
    "\nDate: %s\nMessage-ID: <%s.%s@%s>\n"
    "Auto-Submitted: auto-generated\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: base64\n"
    "X-Gongkai-Reminders: %lld\n\n",
    date, today_s, rhex, host, (long long)all);
  /* the body in base64, lines of 76 (RFC 2045 §6.8) */
  size_t n = body->len;
  size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
  char *e = malloc(cap);
  if (!e || subj.failed || msg.failed) {
    free(e);
    cli_buf_free(&subj.b);
    cli_buf_free(&msg.b);
    return cli_nomem();
  }
  sodium_bin2base64(e, cap,
                    (const unsigned char *)(body->data ? body->data : ""), n,
                    sodium_base64_VARIANT_ORIGINAL);
  size_t el = strlen(e);
  for (size_t i = 0; i < el; i += 76) {
    msg.failed |= cli_buf_add(&msg.b, e + i, el - i < 76 ? el - i : 76) < 0;
    P(&msg, "\n");
  }
  free(e);
  int rc = CLI_EXIT_OK;
  if (msg.failed)
    rc = cli_nomem();
  else if (fwrite(msg.b.data, 1, msg.b.len, stdout) != msg.b.len ||
           fflush(stdout) != 0)
    rc = CLI_EXIT_INTERNAL;
  cli_buf_free(&subj.b);
  cli_buf_free(&msg.b);
  return rc;
}

int cli_cmd_remind(int argc, char **argv) {
  remind_opts o;
  memset(&o, 0, sizeof(o));
  o.within = 5;
  cli_args a;
  int rc = cli_parse(&command, argc, argv, &o, &a);
  if (rc != CLI_PARSED)
    return rc;
  if (!o.db)
    return cli_usage_error("remind", "%s",
                           cli_tr("需要 --db", "--db is needed"));
  if ((o.to && !header_ok(o.to)) || (o.from && !header_ok(o.from)))
    return cli_usage_error("remind", "%s",
                           cli_tr("--to、--from 不能含换行或控制字符",
                                  "--to and --from cannot hold line breaks "
                                  "or control characters"));
  gk_ledger *led = NULL;
  rc = cli_ledger_open_key("remind", o.db, NULL, o.key, 0, &led);
  if (rc)
    return rc;
  int32_t today = o.today ? o.today : gk_ledger_today(led);
  int64_t counts[GK_REMIND_KIND_LAST];
  /* counted first: each group's heading carries its count */
  gk_error err;
  gk_error_clear(&err);
  gk_status st =
      gk_ledger_remind(led, o.within, today, NULL, NULL, counts, &err);
  digest d;
  memset(&d, 0, sizeof(d));
  d.kind = -1;
  d.counts = counts;
  char today_s[11];
  gk_date_format(today, today_s);
  if (!st) {
    P(&d.o,
      cli_tr("政府信息公开申请提醒（%s，%d 个工作日内到期）\n",
             "Disclosure applications digest (%s, due within %d "
             "working days)\n"),
      today_s, o.within);
    put_clean(&d.o, gk_ledger_agency(led) ? gk_ledger_agency(led) : "");
    P(&d.o, "\n");
    st = gk_ledger_remind(led, o.within, today, item, &d, counts, &err);
  }
  if (!st) {
    while (d.kind < GK_REMIND_KIND_LAST - 1)
      group_head(&d, ++d.kind);
    int64_t all = 0;
    for (int k = 0; k < GK_REMIND_KIND_LAST; k++)
      all += counts[k];
    if (!all)
      P(&d.o, "\n%s\n",
        cli_tr("今日没有需要提醒的申请。", "Nothing to remind of today."));
    P(&d.o, "\n%s\n",
      cli_tr("（本提醒只列受理编号、状态和期限，不含申请人的个人"
             "信息。）",
             "(Refs, states and due dates only: no applicant's "
             "personal data.)"));
  }
  if (st) {
    rc = cli_ledger_fail(st, &err);
  } else if (d.o.failed) {
    rc = cli_nomem();
  } else if (o.email) {
    rc = print_email(&o, today, counts, &d.o.b);
  } else if (fwrite(d.o.b.data, 1, d.o.b.len, stdout) != d.o.b.len ||
             fflush(stdout) != 0) {
    rc = CLI_EXIT_INTERNAL;
  }
  cli_buf_free(&d.o.b);
  gk_ledger_free(led);
  return rc;
}
