/* common.c: argument checks and sink calls shared by the writers. */
#include "write.h"

gk_status gk__write_args(const gk_report *rep, gk_write_fn fn, gk_error *err) {
  if (!rep || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "写出报告：缺少报告或输出函数",
                    "writing a report: no report or no output function");
  gk__report_check_invariants(rep);
  return GK_OK;
}

gk_status gk__write_refused(gk_error *err) {
  return gk__fail(err, GK_E_IO, 0, 0, -1, "写出报告：输出被拒绝",
                  "writing a report: the output refused the data");
}

gk_status gk__write_out(gk_write_fn fn, void *ud, const char *data, size_t len,
                        gk_error *err) {
  if (fn(data, len, ud) != 0)
    return gk__write_refused(err);
  return GK_OK;
}

gk_status gk__write_nomem(gk_error *err) {
  return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "写出报告时内存不足",
                  "out of memory while writing a report");
}
