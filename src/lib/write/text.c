/* text.c: findings as a compiler prints diagnostics (style.md §4):
 *   FILE:LINE: error[RULE]: message
 *   FILE: warning[RULE]: message          (no source line)
 * FILE is the report's source name, or "-" when it has none. Messages are
 * Chinese by default, English with GK_LANG_EN; the words error/warning
 * stay English in both, as rule ids do, so tools can grep them. When the
 * report dropped findings beyond gk_limits.max_findings, a last
 * "FILE: note: ..." line says how many. Control characters in FILE and
 * messages are escaped (gk__buf_add_escaped, issue 15 point 9): ESC
 * sequences never reach the terminal, and a file name holding a newline
 * cannot forge a "FILE:LINE: error" line. */
#include "write.h"

#include <string.h>

/* One line, put together piece by piece: a report has findings by the
 * dozen and printf would be most of the writer's time. */
static gk_status add_finding(gk__buf *b, const char *file, size_t flen,
                             const gk_finding *f, gk_lang lang) {
  char num[24];
  size_t nl = 0;
  if (f->line > 0) {
    num[0] = ':';
    nl = 1 + gk__fmt_i64(num + 1, f->line);
  }
  const char *sev = f->sev == GK_SEV_ERROR ? ": error[" : ": warning[";
  gk_status st = gk__buf_add(b, file, flen);
  if (!st)
    st = gk__buf_add(b, num, nl);
  if (!st)
    st = gk__buf_adds(b, sev);
  if (!st)
    st = gk__buf_adds(b, f->rule);
  if (!st)
    st = gk__buf_add(b, "]: ", 3);
  if (!st) {
    const char *m = gk_finding_message(f, lang);
    st = gk__buf_add_escaped(b, m, strlen(m));
  }
  if (!st)
    st = gk__buf_addc(b, '\n');
  return st;
}

gk_status gk_write_text_escaped(const char *s, gk_write_fn fn, void *ud,
                                gk_error *err) {
  if (!fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效：没有输出函数",
                    "invalid argument: no output function");
  if (!s)
    return GK_OK;
  gk__buf b;
  gk__buf_init(&b, NULL, 0);
  gk_status st = gk__buf_add_escaped(&b, s, strlen(s));
  if (st)
    st = gk__write_nomem(err);
  else if (b.len)
    st = gk__write_out(fn, ud, b.data, b.len, err);
  gk__buf_free(&b);
  return st;
}

gk_status gk_write_findings_text(const gk_report *rep, gk_lang lang,
                                 gk_write_fn fn, void *ud, gk_error *err) {
  gk_status st = gk__write_args(rep, fn, err);
  if (st)
    return st;
  const char *name = rep->source_name ? rep->source_name : "-";
  gk__buf b, esc;
  gk__buf_init(&b, &rep->alloc, 0);
  gk__buf_init(&esc, &rep->alloc, 0);
  st = gk__buf_add_escaped(&esc, name, strlen(name));
  const char *file = esc.data ? esc.data : "";
  size_t flen = esc.len;
  for (size_t i = 0; !st && i < rep->nfindings; i++)
    st = add_finding(&b, file, flen, &rep->findings[i], lang);
  if (!st && rep->findings_dropped)
    st = gk__buf_printf(&b,
                        lang == GK_LANG_EN
                            ? "%s: note: %zu more findings not kept (limit)\n"
                            : "%s: note: 另有 %zu 条问题超出上限，未保留\n",
                        file, rep->findings_dropped);
  if (st)
    st = gk__write_nomem(err);
  else if (b.len)
    st = gk__write_out(fn, ud, b.data, b.len, err);
  gk__buf_free(&b);
  gk__buf_free(&esc);
  return st;
}
