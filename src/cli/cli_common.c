/* cli_common.c: messages on stderr (curl's tool_msgs.c: fixed prefix,
 * -q honoured, usage errors point at --help), the progress line, option
 * values and small buffers. */
#include "cli_common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Set once by the command before any worker starts; read by the main
 * thread only (workers never print). */
static struct {
  int quiet;       /* -q */
  gk_lang lang;    /* --lang */
  int progress_on; /* a progress line is on screen */
} msg = {0, GK_LANG_ZH, 0};

void cli_set_quiet(int quiet) { msg.quiet = quiet; }
int cli_quiet(void) { return msg.quiet; }
void cli_set_lang(gk_lang lang) { msg.lang = lang; }
gk_lang cli_lang(void) { return msg.lang; }

const char *cli_tr(const char *zh, const char *en) {
  return msg.lang == GK_LANG_EN ? en : zh;
}

static int file_sink(const char *data, size_t len, void *ud) {
  return fwrite(data, 1, len, ud) == len ? 0 : -1;
}

void cli_put_text(FILE *f, const char *s) {
  gk_write_text_escaped(s, file_sink, f, NULL);
}

int cli_buf_add_text(cli_buf *b, const char *s) {
  return gk_write_text_escaped(s, cli_buf_sink, b, NULL) ? -1 : 0;
}

/* The message is formatted, then printed with its control characters
 * escaped (issue 15 point 9): file names and applicant text in messages
 * never send ESC, OSC or BEL to the terminal, nor start a line. */
static void vmessage(const char *kind, const char *fmt, va_list ap) {
  char small[1024];
  char *text = small;
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(small, sizeof(small), fmt, ap);
  if (n >= (int)sizeof(small)) {
    text = malloc((size_t)n + 1);
    if (text)
      vsnprintf(text, (size_t)n + 1, fmt, again);
    else
      text = small; /* cut short rather than lost */
  }
  va_end(again);
  cli_progress_clear();
  fputs(CLI_NAME ": ", stderr);
  if (kind)
    fputs(kind, stderr);
  if (n >= 0)
    cli_put_text(stderr, text);
  fputc('\n', stderr);
  if (text != small)
    free(text);
}

void cli_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vmessage(NULL, fmt, ap);
  va_end(ap);
}

void cli_warn(const char *fmt, ...) {
  if (msg.quiet)
    return;
  va_list ap;
  va_start(ap, fmt);
  vmessage(cli_tr("警告：", "warning: "), fmt, ap);
  va_end(ap);
}

void cli_note(const char *fmt, ...) {
  if (msg.quiet)
    return;
  va_list ap;
  va_start(ap, fmt);
  vmessage(NULL, fmt, ap);
  va_end(ap);
}

void cli_raise(int *code, int c) {
  if (c > *code)
    *code = c;
}

int cli_nomem(void) {
  cli_error("%s", gk_strerror(GK_E_NOMEM, msg.lang));
  return CLI_EXIT_INTERNAL;
}

int cli_usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vmessage(NULL, fmt, ap);
  va_end(ap);
  fprintf(stderr, "%s '" CLI_NAME "%s%s --help'\n", cli_tr("请尝试", "try"),
          cmd ? " " : "", cmd ? cmd : "");
  return CLI_EXIT_INPUT;
}

int cli_progress_wanted(void) { return !msg.quiet && isatty(STDERR_FILENO); }

void cli_progress_show(const char *text) {
  fprintf(stderr, "\r%s\033[K", text);
  fflush(stderr);
  msg.progress_on = 1;
}

void cli_progress_clear(void) {
  if (!msg.progress_on)
    return;
  fputs("\r\033[K", stderr);
  msg.progress_on = 0;
}

/* === Option values === */

int cli_parse_lang(const char *s, gk_lang *out) {
  if (strcmp(s, "zh") == 0)
    *out = GK_LANG_ZH;
  else if (strcmp(s, "en") == 0)
    *out = GK_LANG_EN;
  else
    return -1;
  return 0;
}

void cli_prescan_lang(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    if (strcmp(a, "--") == 0)
      break;
    if ((strcmp(a, "--lang") == 0 || strcmp(a, "-l") == 0) && i + 1 < argc)
      v = argv[i + 1];
    else if (strncmp(a, "--lang=", 7) == 0)
      v = a + 7;
    else if (strncmp(a, "-l", 2) == 0 && a[2])
      v = a + 2;
    gk_lang lang;
    if (v && cli_parse_lang(v, &lang) == 0)
      msg.lang = lang;
  }
}

int cli_parse_jobs(const char *s, unsigned *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < 1 || v > CLI_MAX_JOBS)
    return -1;
  *out = (unsigned)v;
  return 0;
}

int cli_parse_count(const char *s, int64_t *out) {
  char *end = NULL;
  if (*s < '0' || *s > '9')
    return -1;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || *end)
    return -1;
  *out = v;
  return 0;
}

int cli_parse_date(const char *s, int32_t *out) {
  *out = 0;
  if (!s || !*s)
    return 0;
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return -1;
  int32_t v = 0;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7)
      continue;
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  int m = v / 100 % 100, d = v % 100;
  if (m < 1 || m > 12 || d < 1 || d > 31)
    return -1; /* the library checks the day of the month */
  *out = v;
  return 0;
}

unsigned cli_default_jobs(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1)
    return 1;
  return n > CLI_MAX_JOBS ? CLI_MAX_JOBS : (unsigned)n;
}

/* === Buffers === */

int cli_buf_add(cli_buf *b, const char *p, size_t n) {
  if (n > SIZE_MAX / 2 - b->len)
    return -1;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d)
      return -1;
    b->data = d;
    b->cap = cap;
  }
  if (n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int cli_buf_printf(cli_buf *b, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof(small), fmt, ap);
  va_end(ap);
  if (n < 0)
    return -1;
  if ((size_t)n < sizeof(small))
    return cli_buf_add(b, small, (size_t)n);
  char *big = malloc((size_t)n + 1);
  if (!big)
    return -1;
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  int rc = cli_buf_add(b, big, (size_t)n);
  free(big);
  return rc;
}

void cli_buf_free(cli_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

int cli_buf_sink(const char *data, size_t len, void *ud) {
  return cli_buf_add(ud, data, len);
}
