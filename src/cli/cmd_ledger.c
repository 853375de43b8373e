/* cmd_ledger.c: gongkai ledger init|import|export: one agency's ledger of
 * applications (docs/ledger.md). The option tables below are the single
 * source of --help and docs/cli.md. */
#include "cli_ledger.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* gongkai ledger init --db FILE --agency NAME --level LEVEL */
static int ledger_init(const cli_lopts *o, int argc, char **argv) {
  (void)argv;
  if (argc > 0)
    return cli_usage_error("ledger init", "%s",
                           cli_tr("多余的参数", "unexpected arguments"));
  if (!o->db || !o->agency || !o->level)
    return cli_usage_error("ledger init", "%s",
                           cli_tr("需要 --db、--agency 和 --level",
                                  "--db, --agency and --level are needed"));
  const char *level = NULL;
  int rc = cli_vocab("ledger init", "--level", GK_VOCAB_LEVEL, o->level,
                     &level);
  if (rc)
    return rc;
  gk_ledger_opts lo;
  memset(&lo, 0, sizeof(lo));
  lo.actor = o->actor;
  lo.key_file = cli_key_file(o->key_file);
  gk_ledger *led = NULL;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_create(&led, o->db, o->agency, level, &lo, &err);
  if (st)
    return cli_ledger_fail(st, &err);
  cli_note(cli_tr("已建立台账 %s：%s（%s），结构版本 %d",
                  "created ledger %s: %s (%s), schema version %d"),
           gk_ledger_target(led), gk_ledger_agency(led),
           cli_vocab_shown(GK_VOCAB_LEVEL, gk_ledger_level(led)),
           gk_ledger_schema_version(led));
  cli_note(cli_tr("密钥文件 %s（仅本人可读；请与台账分开备份，丢失后无法再修改"
                  "台账或处理证件号码）",
                  "key file %s (owner-only; back it up apart from the "
                  "ledger: without it the ledger cannot be changed nor its "
                  "ID numbers used)"),
           gk_ledger_key_file(led));
  gk_ledger_free(led);
  return CLI_EXIT_OK;
}

/* Reads a whole file: mapped when it is a regular file (a million rows
 * need not be copied), read into memory from a pipe. */
typedef struct input {
  char *data;
  size_t len;
  int mapped;
} input;

static int read_input(const char *path, input *in) {
  memset(in, 0, sizeof(*in));
  int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  struct stat sb;
  if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
    void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      in->data = p;
      in->len = (size_t)sb.st_size;
      in->mapped = 1;
      if (fd != STDIN_FILENO)
        close(fd);
      return 0;
    }
  }
  cli_buf b = {NULL, 0, 0};
  char chunk[65536];
  ssize_t n;
  while ((n = read(fd, chunk, sizeof(chunk))) > 0)
    if (cli_buf_add(&b, chunk, (size_t)n)) {
      n = -1;
      errno = ENOMEM;
      break;
    }
  int saved = errno;
  if (fd != STDIN_FILENO)
    close(fd);
  if (n < 0) {
    cli_buf_free(&b);
    errno = saved;
    return -1;
  }
  in->data = b.data;
  in->len = b.len;
  return 0;
}

static void free_input(input *in) {
  if (in->mapped)
    munmap(in->data, in->len);
  else
    free(in->data);
}

/* Opens the ledger of --db and reads the one file (or -) of 'cmd', which
 * takes nothing else ('need_zh'/'need_en' say what it needs). 0, or the
 * exit code (the message printed). */
static int open_with_file(const char *cmd, const cli_lopts *o, int argc,
                          char **argv, const char *need_zh,
                          const char *need_en, gk_ledger **led, input *in) {
  *led = NULL;
  if (argc != 1)
    return cli_usage_error(cmd, "%s", cli_tr(need_zh, need_en));
  int rc = cli_ledger_open(cmd, o, led);
  if (rc)
    return rc;
  if (read_input(argv[0], in)) {
    cli_error("%s: %s", argv[0], strerror(errno));
    gk_ledger_free(*led);
    *led = NULL;
    return CLI_EXIT_INPUT;
  }
  return 0;
}

/* The CSV of an import, streamed: a regular file, or - (standard input).
 * A device, a FIFO or a directory is refused: /dev/zero never ends. */
static int64_t fd_read(char *buf, size_t cap, void *ud) {
  int fd = *(int *)ud;
  for (;;) {
    ssize_t n = read(fd, buf, cap);
    if (n >= 0 || errno != EINTR)
      return n;
  }
}

/* Each bad row of an import, as it is found. */
static void import_bad_row(const gk_error *e, void *ud) {
  (*(int64_t *)ud)++;
  cli_error("%s", cli_tr(e->message, e->message_en));
}

/* gongkai ledger import --db FILE apps.csv */
static int ledger_import(const cli_lopts *o, int argc, char **argv) {
  if (argc != 1)
    return cli_usage_error("ledger import", "%s",
                           cli_tr("需要一个 CSV 文件（或 -）",
                                  "one CSV file (or -) is needed"));
  bool std_in = strcmp(argv[0], "-") == 0;
  int fd = std_in ? STDIN_FILENO : open(argv[0], O_RDONLY);
  struct stat sb;
  if (fd < 0 || fstat(fd, &sb) != 0) {
    cli_error("%s: %s", argv[0], strerror(errno));
    if (fd >= 0 && !std_in)
      close(fd);
    return CLI_EXIT_INPUT;
  }
  if (!std_in && !S_ISREG(sb.st_mode)) {
    cli_error(cli_tr("%s：不是普通文件（设备、管道或目录请用 - 从标准输入读）",
                     "%s: not a regular file (for a device, pipe or "
                     "directory, read standard input with -)"),
              argv[0]);
    close(fd);
    return CLI_EXIT_INPUT;
  }
  gk_ledger *led = NULL;
  int rc = cli_ledger_open("ledger import", o, &led);
  if (rc) {
    if (!std_in)
      close(fd);
    return rc;
  }
  gk_error err;
  gk_error_clear(&err);
  int64_t n = 0;
  gk_import_opts io;
  memset(&io, 0, sizeof(io));
  io.version = GK_IMPORT_OPTS_VERSION;
  io.on_error = import_bad_row;
  /* rows per write transaction (tests make it small: docs/cli.md) */
  const char *batch = getenv("GK_IMPORT_BATCH");
  if (batch && *batch)
    io.batch_rows = strtoll(batch, NULL, 10);
  int64_t nbad = 0;
  io.ud = &nbad;
  gk_status st =
      gk_ledger_import_csv_stream(led, fd_read, &fd, argv[0], &io, &n, &err);
  if (!std_in)
    close(fd);
  gk_ledger_free(led);
  if (st == GK_E_ARG && nbad) {
    /* the bad rows were printed one by one */
    cli_error("%s", cli_tr("未导入任何申请（全部回滚）",
                           "nothing was imported (all rolled back)"));
    return CLI_EXIT_INPUT;
  }
  if (st) {
    rc = cli_ledger_fail(st, &err);
    cli_error("%s", cli_tr("未导入任何申请（全部回滚）",
                           "nothing was imported (all rolled back)"));
    return rc;
  }
  cli_note(cli_tr("已导入 %lld 件申请", "imported %lld applications"),
           (long long)n);
  return CLI_EXIT_OK;
}

/* gongkai ledger backup --db FILE -o COPY: a consistent copy of the whole
 * ledger made online (SQLite's backup API), readable only by its owner. */
static int ledger_backup(const cli_lopts *o, int argc, char **argv) {
  (void)argv;
  const char *cmd = "ledger backup";
  if (argc > 0)
    return cli_usage_error(cmd, "%s",
                           cli_tr("多余的参数", "unexpected arguments"));
  if (!o->output)
    return cli_usage_error(cmd, "%s",
                           cli_tr("需要 -o 副本文件", "-o COPY is needed"));
  gk_ledger *led = NULL;
  int rc = cli_ledger_open(cmd, o, &led);
  if (rc)
    return rc;
  gk_error err;
  gk_error_clear(&err);
  gk_status st = gk_ledger_backup(led, o->output, &err);
  gk_ledger_free(led);
  if (st)
    return cli_ledger_fail(st, &err);
  cli_note(cli_tr("已备份到 %s", "backed up to %s"), o->output);
  return CLI_EXIT_OK;
}

/* gongkai ledger export --db FILE [-o apps.csv]: written as every output
 * file is (cli_output.c), so an interrupted export leaves no half file. */
static int ledger_export(const cli_lopts *o, int argc, char **argv) {
  (void)argv;
  if (argc > 0)
    return cli_usage_error("ledger export", "%s",
                           cli_tr("多余的参数", "unexpected arguments"));
  gk_ledger *led = NULL;
  int rc = cli_ledger_open("ledger export", o, &led);
  if (rc)
    return rc;
  cli_out out;
  rc = cli_out_open(&out, o->output);
  if (rc) {
    gk_ledger_free(led);
    return rc;
  }
  /* Names and contacts (PIPL): the file is the owner's only. */
  if (out.tmp)
    fchmod(fileno(out.f), 0600);
  gk_error err;
  gk_error_clear(&err);
  gk_status st =
      o->reveal_ids
          ? gk_ledger_export_csv_reveal(led, o->reveal_ids, cli_out_sink, &out,
                                        &err)
          : gk_ledger_export_csv(led, cli_out_sink, &out, &err);
  gk_ledger_free(led);
  if (st) {
    cli_out_abort(&out);
    return cli_ledger_fail(st, &err);
  }
  return cli_out_commit(&out);
}

/* gongkai ledger calendar-add --db FILE NOTICE.txt: a holiday notice the
 * built-in calendar lacks (a new year's, an amendment); due dates of open
 * applications are recomputed. */
static int ledger_calendar_add(const cli_lopts *o, int argc, char **argv) {
  gk_ledger *led;
  input in;
  int rc = open_with_file("ledger calendar-add", o, argc, argv,
                          "需要一个通知文件（或 -）",
                          "one notice file (or -) is needed", &led, &in);
  if (rc)
    return rc;
  gk_error err;
  gk_error_clear(&err);
  int64_t changed = 0;
  gk_status st = gk_ledger_calendar_add(led, in.data, in.len, &changed, &err);
  free_input(&in);
  gk_ledger_free(led);
  if (st) {
    if (err.line)
      cli_error("%s:%lld: %s", argv[0], (long long)err.line,
                cli_tr(err.message, err.message_en));
    else
      cli_ledger_fail(st, &err);
    return st == GK_E_NOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
  }
  cli_note(cli_tr("已加入日历；%lld 件未办结申请的到期日已重算",
                  "added to the calendar; %lld open applications got a new "
                  "due date"),
           (long long)changed);
  return CLI_EXIT_OK;
}

/* The first break, then each, for ledger verify. */
static int print_break(const gk_audit_break *b, void *ud) {
  (void)ud;
  cli_error("%s", cli_tr(b->message, b->message_en));
  return 0;
}

/* gongkai ledger verify --db FILE: the audit log's guards and chain. */
static int ledger_verify(const cli_lopts *o, int argc, char **argv) {
  (void)argv;
  if (argc > 0)
    return cli_usage_error("ledger verify", "%s",
                           cli_tr("多余的参数", "unexpected arguments"));
  gk_ledger *led = NULL;
  int rc = cli_ledger_open_key("ledger verify", o->db, o->actor, o->key_file,
                               GK_LEDGER_OPEN_TAMPERED, &led);
  if (rc)
    return rc;
  gk_error err;
  gk_error_clear(&err);
  int64_t breaks = 0, rows = 0;
  char head[65] = "";
  gk_status st =
      gk_ledger_verify(led, print_break, NULL, &breaks, &rows, head, &err);
  gk_ledger_free(led);
  if (st)
    return cli_ledger_fail(st, &err);
  if (breaks) {
    cli_error(cli_tr("审计日志有 %lld 处被篡改（共 %lld 行）",
                     "the audit log was tampered with in %lld places (%lld "
                     "rows)"),
              (long long)breaks, (long long)rows);
    return CLI_EXIT_FINDINGS;
  }
  printf("%s\n", head);
  cli_note(cli_tr("审计日志完整：%lld 行，保护触发器齐全；最后一行的链值见标准"
                  "输出（可另行记下，以便发现末尾被删）",
                  "the audit log is whole: %lld rows, guard triggers in "
                  "place; the last row's link is on stdout (note it "
                  "elsewhere to notice rows cut off the end)"),
           (long long)rows);
  return CLI_EXIT_OK;
}

static const cli_option init_options[] = {
    {"agency", required_argument, 'g', "NAME", "机关名称", "the agency's name"},
    {"level", required_argument, 'v', "LEVEL",
     "机关层级（名称或 id），决定年报公布期限（条例第四十九条）：县级以上人民"
     "政府 county_gov_or_above（3 月 31 日前）或 政府部门 department（含乡镇，"
     "1 月 31 日前）",
     "the agency's level: county_gov_or_above (people's government at county "
     "level or above, report by 31 March) or department (by 31 January)"},
    CLI_LEDGER_COMMON_OPTIONS,
};
static const cli_option import_options[] = {CLI_LEDGER_COMMON_OPTIONS};
static const cli_option calendar_options[] = {CLI_LEDGER_COMMON_OPTIONS};
static const cli_option backup_options[] = {
    {"output", required_argument, 'o', "FILE",
     "副本文件（必需；不得已存在；权限 0600）",
     "the copy (required; must not exist; mode 0600)"},
    CLI_LEDGER_COMMON_OPTIONS,
};
static const cli_option verify_options[] = {CLI_LEDGER_COMMON_OPTIONS};
static const cli_option export_options[] = {
    {"output", required_argument, 'o', "FILE",
     "写入 FILE（默认：标准输出）", "write to FILE (default: standard output)"},
    {"reveal-ids", required_argument, 'I', "REASON",
     "导出证件号码原文（默认只导出遮盖后的号码）；REASON 写明理由，连同操作人"
     "记入审计日志",
     "export the ID numbers in clear (by default they are masked); REASON "
     "says why, and goes to the audit log with the actor"},
    CLI_LEDGER_COMMON_OPTIONS,
};

static const cli_sub subs[] = {
    {"init", ledger_init, init_options, CLI_COUNT(init_options),
     "--db FILE --agency NAME --level LEVEL", "建立一个机关的台账",
     "create the ledger of one agency"},
    {"import", ledger_import, import_options, CLI_COUNT(import_options),
     "--db FILE apps.csv|-",
     "从 CSV 导入申请（UTF-8 或 GB18030；分批写入，全部或全不，完成前他人看不"
     "到；逐行报告错误）",
     "import applications from CSV (UTF-8 or GB18030; written in batches, all "
     "or nothing, seen by nobody until done; every bad row reported)"},
    {"backup", ledger_backup, backup_options, CLI_COUNT(backup_options),
     "--db FILE -o COPY",
     "在线备份整个台账（事件、费用、案件、审计日志全部在内）",
     "back up the whole ledger online (events, fees, cases and audit log "
     "included)"},
    {"export", ledger_export, export_options, CLI_COUNT(export_options),
     "--db FILE [-o apps.csv]", "把全部申请导出为 CSV",
     "export every application as CSV"},
    {"verify", ledger_verify, verify_options, CLI_COUNT(verify_options),
     "--db FILE",
     "检查审计日志：保护触发器是否齐全、每一行的链值是否与前一行相符",
     "check the audit log: its guard triggers, and each row's link against "
     "the row before"},
    {"calendar-add", ledger_calendar_add, calendar_options,
     CLI_COUNT(calendar_options), "--db FILE NOTICE.txt|-",
     "加入国务院放假通知（docs/calendar.md 格式），重算未办结申请的到期日",
     "add a State Council holiday notice (docs/calendar.md format) and "
     "recompute the due dates of open applications"},
};

int cli_cmd_ledger(int argc, char **argv) {
  return cli_subcommands_main(
      "ledger", subs, CLI_COUNT(subs), "政府信息公开申请台账：一个机关一个数据库文件。",
      "The ledger of disclosure applications: one database file per agency.",
      argc, argv);
}
