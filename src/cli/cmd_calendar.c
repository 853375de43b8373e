/* cmd_calendar.c: gongkai calendar show YEAR | days YEAR | list | add FILE
 * The working-day calendar (docs/calendar.md): the State Council's
 * holiday notices compiled into the library, plus a user calendar file
 * of notices added later ("calendar add"), which every command using the
 * calendar loads too (cli_calendar_load). The option table below is the
 * single source of --help and docs/cli.md. */
#include "cli_common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const cli_option options[] = {
    {"calendar-file", required_argument, 'c', "PATH",
     "用户日历文件（默认：$GONGKAI_CALENDAR 或 "
     "~/.config/gongkai/calendar.txt）",
     "user calendar file (default: $GONGKAI_CALENDAR or "
     "~/.config/gongkai/calendar.txt)"},
    CLI_OPT_LANG,
    CLI_OPT_HELP,
};

/* Largest user calendar file read. */
#define MAX_CALENDAR_FILE ((size_t)1024 * 1024)

/* === Shared with cmd_deadline.c (cli_common.h) === */

/* Reads a calendar or notice file as every input is read (cli_read_path),
 * at most MAX_CALENDAR_FILE bytes. On failure prints "PATH:
 * error[calendar]: why" and returns the exit code. */
static int read_file(const char *path, char **buf, size_t *len) {
  gk_error e;
  gk_error_clear(&e);
  gk_status st = cli_read_path(path, MAX_CALENDAR_FILE, buf, len, &e);
  if (!st)
    return CLI_EXIT_OK;
  cli_error("%s: error[calendar]: %s", path, cli_tr(e.message, e.message_en));
  return st == GK_E_NOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
}

/* A user calendar that does not exist yet. */
static int missing(const char *path) {
  struct stat sb;
  return stat(path, &sb) != 0 && errno == ENOENT;
}

const char *cli_calendar_default_path(char *buf, size_t size) {
  const char *env = getenv("GONGKAI_CALENDAR");
  if (env && *env)
    return env;
  const char *xdg = getenv("XDG_CONFIG_HOME");
  const char *home = getenv("HOME");
  int n;
  if (xdg && *xdg)
    n = snprintf(buf, size, "%s/gongkai/calendar.txt", xdg);
  else if (home && *home)
    n = snprintf(buf, size, "%s/.config/gongkai/calendar.txt", home);
  else
    return NULL;
  return n > 0 && (size_t)n < size ? buf : NULL;
}

/* Reports a library failure, about file 'name' (compiler style) or, with
 * NULL, about the command's arguments. */
static int report(const char *name, const gk_error *e) {
  char where[64] = "";
  if (!name) {
    cli_error("%s", cli_tr(e->message, e->message_en));
    return e->code == GK_E_NOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
  }
  if (e->line > 0 && e->column > 0)
    snprintf(where, sizeof(where), ":%lld:%lld", (long long)e->line,
             (long long)e->column);
  else if (e->line > 0)
    snprintf(where, sizeof(where), ":%lld", (long long)e->line);
  cli_error("%s%s: error[calendar]: %s", name, where,
            cli_tr(e->message, e->message_en));
  return e->code == GK_E_NOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
}

/* The built-in notices plus those of 'path' (NULL: none); a missing file
 * is an error unless 'missing_ok'. */
static int load(const char *path, int missing_ok, gk_calendar **out) {
  gk_error e;
  gk_calendar *cal = NULL;
  gk_error_clear(&e);
  *out = NULL;
  if (gk_calendar_new(&cal, NULL, &e))
    return report(NULL, &e);
  if (path && missing_ok && missing(path))
    path = NULL; /* no user calendar yet: the built-in notices */
  if (path) {
    char *text = NULL;
    size_t len = 0;
    int rc = read_file(path, &text, &len);
    if (rc) {
      gk_calendar_free(cal);
      return rc;
    }
    if (len && gk_calendar_add_notice(cal, text, len, &e))
      rc = report(path, &e);
    free(text);
    if (rc) {
      gk_calendar_free(cal);
      return rc;
    }
  }
  *out = cal;
  return CLI_EXIT_OK;
}

int cli_calendar_load(const char *path, gk_calendar **out) {
  char defbuf[4096];
  if (path)
    return load(path, 0, out);
  return load(cli_calendar_default_path(defbuf, sizeof(defbuf)), 1, out);
}

int cli_calendar_error(const gk_error *e) { return report(NULL, e); }

int cli_calendar_user_text(char **text, size_t *len, const char **path,
                           char *pathbuf, size_t pathsize) {
  *text = NULL;
  *len = 0;
  *path = cli_calendar_default_path(pathbuf, pathsize);
  if (!*path || missing(*path))
    return CLI_EXIT_OK;
  return read_file(*path, text, len);
}

/* === gongkai calendar === */

/* A year given on the command line that the calendar covers; 0 after
 * printing why not. */
static long covered_year(const gk_calendar *cal, const char *arg) {
  char *end;
  errno = 0;
  long y = strtol(arg, &end, 10);
  if (errno || end == arg || *end || y < 0 || y > 9999 ||
      !gk_date_valid((int32_t)(y * 10000 + 101))) {
    cli_usage_error("calendar", cli_tr("年份“%s”无效", "invalid year '%s'"),
                    arg);
    return 0;
  }
  if (!gk_calendar_covers(cal, (int32_t)(y * 10000 + 101))) {
    int first, last;
    gk_calendar_years(cal, &first, &last);
    cli_error(cli_tr("日历缺少 %ld 年的放假安排（已有 %d–%d 年）",
                     "the calendar lacks the holiday arrangement of %ld "
                     "(it has %d–%d)"),
              y, first, last);
    return 0;
  }
  return y;
}

/* Every day of the year: DATE<TAB>work|off. */
static int days(const gk_calendar *cal, const char *arg) {
  long y = covered_year(cal, arg);
  if (!y)
    return CLI_EXIT_INPUT;
  gk_error e;
  gk_error_clear(&e);
  for (int32_t d = (int32_t)(y * 10000 + 101); d / 10000 == y;
       d = gk_date_add_days(d, 1)) {
    int yes;
    char s[11];
    if (gk_calendar_is_workday(cal, d, &yes, &e))
      return cli_calendar_error(&e);
    gk_date_format(d, s);
    printf("%s\t%s\n", s, yes ? "work" : "off");
  }
  return CLI_EXIT_OK;
}

static int show(const gk_calendar *cal, const char *arg) {
  long y = covered_year(cal, arg);
  if (!y)
    return CLI_EXIT_INPUT;
  for (size_t i = 0; i < gk_calendar_notice_count(cal); i++) {
    const gk_notice *n = gk_calendar_notice_at(cal, i);
    if (gk_notice_year(n) != y)
      continue;
    size_t len;
    const char *t = gk_notice_text(n, &len);
    fwrite(t, 1, len, stdout);
  }
  return CLI_EXIT_OK;
}

static int list(const gk_calendar *cal) {
  for (size_t i = 0; i < gk_calendar_notice_count(cal); i++) {
    const gk_notice *n = gk_calendar_notice_at(cal, i);
    char d[11] = "?";
    if (gk_notice_issued(n))
      gk_date_format(gk_notice_issued(n), d);
    printf("%d\t%s\t%s\t%s\t%s\n", gk_notice_year(n),
           gk_notice_is_amendment(n) ? "amend" : "notice",
           gk_notice_number(n) ? gk_notice_number(n) : "?", d,
           gk_notice_is_builtin(n) ? "builtin" : "user");
  }
  return CLI_EXIT_OK;
}

/* Writes 'a' then 'b' to 'path' as every output file is written
 * (cli_output.c), so an interrupted add never leaves half a calendar.
 * The message is printed; 0 or -1. */
static int write_calendar(const char *path, const char *a, size_t alen,
                          const char *b, size_t blen) {
  cli_out o;
  if (cli_out_open(&o, path))
    return -1;
  if (cli_out_sink(a, alen, &o) || cli_out_sink(b, blen, &o)) {
    cli_error(cli_tr("无法写出 %s：%s", "cannot write %s: %s"), path,
              strerror(errno));
    cli_out_abort(&o);
    return -1;
  }
  return cli_out_commit(&o) ? -1 : 0;
}

/* mkdir -p of the directory holding 'path'; 0 or -1 with errno. */
static int make_parents(const char *path) {
  char dir[4096];
  size_t n = strlen(path);
  if (n >= sizeof(dir)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(dir, path, n + 1);
  for (size_t i = 1; i < n; i++) {
    if (dir[i] != '/')
      continue;
    dir[i] = '\0';
    if (mkdir(dir, 0755) && errno != EEXIST)
      return -1;
    dir[i] = '/';
  }
  return 0;
}

static int add(const char *file, const char *calpath) {
  char defbuf[4096];
  char *text = NULL, *old = NULL;
  size_t len = 0, oldlen = 0;
  gk_calendar *cal = NULL;
  gk_error e;
  cli_buf out = {NULL, 0, 0};
  int rc;
  gk_error_clear(&e);
  const char *path =
      calpath ? calpath : cli_calendar_default_path(defbuf, sizeof(defbuf));
  if (!path) {
    cli_error("%s", cli_tr("无法确定用户日历文件：请用 --calendar-file",
                           "cannot tell where the user calendar is: use "
                           "--calendar-file"));
    return CLI_EXIT_INPUT;
  }
  if ((rc = read_file(file, &text, &len)))
    return rc;
  /* the current calendar (built-in + user file), which must accept it */
  if ((rc = load(path, 1, &cal)) != CLI_EXIT_OK) {
    free(text);
    return rc;
  }
  size_t before = gk_calendar_notice_count(cal);
  if (gk_calendar_add_notice(cal, text, len, &e)) {
    rc = report(file, &e);
    goto done;
  }
  size_t after = gk_calendar_notice_count(cal);
  if (after == before) {
    cli_note(cli_tr("%s：日历已有这些通知，未作修改",
                    "%s: the calendar already has these notices; nothing "
                    "changed"),
             file);
    rc = CLI_EXIT_OK;
    goto done;
  }
  for (size_t i = before; i < after; i++) {
    size_t n;
    const char *t = gk_notice_text(gk_calendar_notice_at(cal, i), &n);
    if (cli_buf_add(&out, "\n", 1) || cli_buf_add(&out, t, n)) {
      rc = CLI_EXIT_INTERNAL;
      goto done;
    }
  }
  if (!missing(path) && (rc = read_file(path, &old, &oldlen)))
    goto done;
  if (!old) {
    /* a new file starts with what it is; the parent directory may need
     * creating (~/.config/gongkai) */
    static const char head[] = "# gongkai user calendar: holiday notices "
                               "added with 'gongkai calendar add' "
                               "(docs/calendar.md)\n";
    old = strdup(head);
    oldlen = old ? strlen(old) : 0;
    if (make_parents(path)) {
      cli_error("%s: error[calendar]: %s", path, strerror(errno));
      rc = CLI_EXIT_INPUT;
      goto done;
    }
  }
  if (!old) {
    cli_error("%s", gk_strerror(GK_E_NOMEM, cli_lang()));
    rc = CLI_EXIT_INTERNAL;
    goto done;
  }
  /* the user calendar is an input of every later command: one that
   * cannot be written is bad input (exit 2), not an internal failure */
  if (write_calendar(path, old, oldlen, out.data, out.len)) {
    rc = CLI_EXIT_INPUT;
    goto done;
  }
  for (size_t i = before; i < after; i++) {
    const gk_notice *n = gk_calendar_notice_at(cal, i);
    cli_note(
        cli_tr("已添加 %d 年的%s（%s）到 %s", "added the %d %s (%s) to %s"),
        gk_notice_year(n),
        gk_notice_is_amendment(n) ? cli_tr("修改通知", "amendment")
                                  : cli_tr("放假安排", "notice"),
        gk_notice_number(n) ? gk_notice_number(n) : "?", path);
  }
  rc = CLI_EXIT_OK;
done:
  cli_buf_free(&out);
  free(old);
  free(text);
  gk_calendar_free(cal);
  return rc;
}

static int option(int c, const cli_value *v, void *ctx) {
  (void)c; /* --calendar-file, its only own option */
  *(const char **)ctx = v->text;
  return 0;
}

static const cli_cmd command = {
    .name = "calendar",
    .options = options,
    .noptions = CLI_COUNT(options),
    .usage_zh = "gongkai calendar show 年份 | days 年份 | list | add 文件 [选项]",
    .usage_en = "gongkai calendar show YEAR | days YEAR | list | add FILE "
                "[options]",
    .about_zh = "工作日日历：国务院办公厅每年的部分节假日安排通知（放假日、"
                "调休上班日、文号）。show 输出某年的通知（行格式，见 "
                "docs/calendar.md）；days 列出该年每一天是否工作日；list "
                "每个通知一行；add 检查一份新通知"
                "并追加到用户日历文件。",
    .about_en = "The working-day calendar: the State Council's yearly "
                "holiday notices (days off, make-up working days, document "
                "number). show prints a year's notices (line format, see "
                "docs/calendar.md); days prints whether each day of the year "
                "is a working day; list prints one line per notice; add "
                "checks a new notice and appends it to the user calendar "
                "file.",
    .exit_zh = "退出码：0 成功；2 输入或用法错误（如日历缺少该年）；"
               "3 内部错误",
    .exit_en = "exit codes: 0 success; 2 bad input or usage (e.g. "
               "no notice for the year); 3 internal failure",
    .max_args = -1,
    .option = option,
};

int cli_cmd_calendar(int argc, char **argv) {
  const char *calpath = NULL;
  cli_args a;
  int rc = cli_parse(&command, argc, argv, &calpath, &a);
  if (rc != CLI_PARSED)
    return rc;
  int nargs = a.argc;
  const char *sub = nargs > 0 ? a.argv[0] : NULL;
  if (sub && strcmp(sub, "add") == 0) {
    if (nargs != 2)
      return cli_usage_error(
          "calendar", "%s",
          cli_tr("用法：calendar add 文件", "usage: calendar add FILE"));
    return add(a.argv[1], calpath);
  }
  int want_show = sub && strcmp(sub, "show") == 0;
  int want_days = sub && strcmp(sub, "days") == 0;
  int want_list = sub && strcmp(sub, "list") == 0;
  if (!((want_show || want_days) && nargs == 2) && !(want_list && nargs == 1))
    return cli_usage_error("calendar", "%s",
                           cli_tr("用法：calendar show 年份 | days 年份 | list "
                                  "| add 文件",
                                  "usage: calendar show YEAR | days YEAR | "
                                  "list | add FILE"));
  gk_calendar *cal;
  rc = cli_calendar_load(calpath, &cal);
  if (rc)
    return rc;
  rc = want_show   ? show(cal, a.argv[1])
       : want_days ? days(cal, a.argv[1])
                   : list(cal);
  gk_calendar_free(cal);
  return rc;
}
