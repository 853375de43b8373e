/* pending_stubs.c: TEMPORARY. DELETE THIS FILE AT INTEGRATION.
 *
 * Weak stand-ins for gk_report_read_text (the text reader, branch
 * 'reader') and gk_check_run (the checker, branch 'checker') so the CLI
 * on branch 'cli' links against the real library before they merge.
 * The strong definitions in src/lib/read/ and src/lib/check/ come first
 * in the archive (sorted glob) and override these at link time; once
 * both branches are merged this file has no purpose and must go. */
#include "../gk_internal.h"

__attribute__((weak)) gk_status gk_report_read_text(gk_report **out,
                                                    const char *buf, size_t len,
                                                    const gk_read_opts *opts,
                                                    gk_error *err) {
  (void)buf;
  (void)len;
  (void)opts;
  if (out)
    *out = NULL;
  return gk__fail(err, GK_E_NOT_REPORT, 0, 0, -1,
                  "文本读取器尚未合并（临时桩）",
                  "text reader not merged yet (temporary stub)");
}

__attribute__((weak)) gk_status gk_check_run(gk_report *rep, unsigned which,
                                             gk_error *err) {
  (void)rep;
  (void)which;
  (void)err;
  return GK_OK;
}
