/* docx.c: placeholder until the .docx reader lands. */
#include "../gk_internal.h"

gk_status gk_reader_read_docx(gk_reader *reader, gk_report **out,
                              const char *buf, size_t len,
                              const gk_read_opts *opts, gk_error *err) {
  (void)reader;
  (void)buf;
  (void)len;
  (void)opts;
  if (out)
    *out = NULL;
  return gk__fail(err, GK_E_UNSUPPORTED, 0, 0, -1, ".docx 读取尚未完成",
                  ".docx reading is not there yet");
}

int gk_report_cell_source(const gk_report *rep, size_t t, size_t r, size_t c,
                          gk_cell_source *src) {
  (void)rep;
  (void)t;
  (void)r;
  (void)c;
  (void)src;
  return 0;
}
