/* check.c: gk_check_run(), the checker's driver. The groups run in a
 * fixed order (values, arithmetic, metadata, narrative) so findings come
 * out in the same order on every run; docs/rules.md describes every rule.
 * What the groups share is in findings.c, below them. */
#include "check.h"

#include <stdio.h>
#include <string.h>

gk_status gk_check_run(gk_report *rep, unsigned which, gk_error *err) {
  static gk_status (*const groups[])(gk_report *) = {
      gk__check_values, gk__check_arith, gk__check_meta, gk__check_narrative};
  static const unsigned bits[] = {GK_CHECK_VALUES, GK_CHECK_ARITH,
                                  GK_CHECK_META, GK_CHECK_NARRATIVE};
  if (!rep)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "未提供报告", "no report given");
  if (which & ~(unsigned)GK_CHECK_ALL)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "未知的检查项 0x%x",
                    "unknown check bits 0x%x", which);
  for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
    if (!(which & bits[i]))
      continue;
    gk_status st = groups[i](rep);
    if (st)
      return gk__fail(err, st, 0, 0, -1, "检查报告时内存不足",
                      "out of memory while checking the report");
  }
  return GK_OK;
}
