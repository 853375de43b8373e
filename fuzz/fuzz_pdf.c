/* fuzz_pdf.c: libFuzzer target for gk_reader_read_pdf (the PDF reader:
 * poppler-glib's parser, then the rebuilding of lines, cells and rows
 * from the characters' positions) and everything that runs on what it
 * reads (style.md §10). poppler's own parser is fuzzed upstream (OSS-Fuzz);
 * what is ours is the layout code, which any page with text reaches.
 *
 * The leading byte picks options as in fuzz_html.c: reader flags, 0x80 a
 * source name, 0x40 English, 0x20 a failing sink, 0x10 a reused reader.
 * Replayed in ctest over fuzz/corpus/pdf (replay.c).
 *
 * poppler runs in a child process under memory and time limits
 * (pdf_poppler.c), here as in production: the fork per input costs a
 * millisecond or two, the limits are set below libFuzzer's -timeout and
 * -rss_limit_mb, and the layout code (ours, instrumented) runs in this
 * process on what the child sends back, so its coverage guides the
 * fuzzer. poppler itself is not instrumented either way. */
#include "gongkai.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sink {
  size_t bytes;      /* written so far */
  size_t fail_after; /* 0: never fail */
} sink;

static int sink_write(const char *data, size_t len, void *ud) {
  sink *s = ud;
  volatile char x = 0;
  for (size_t i = 0; i < len; i++)
    x ^= data[i];
  (void)x;
  s->bytes += len;
  return s->fail_after && s->bytes > s->fail_after;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  unsigned sel = data[0];
  gk_read_opts opts = {0};
  opts.flags = sel & GK_READ_ALL;
  opts.source_name = (sel & 0x80) ? "fuzz.pdf" : NULL;
  opts.limits.max_input_bytes = (size_t)1 << 20;
  opts.limits.max_line_bytes = 1 << 16;
  opts.limits.max_cells = 20000;
  opts.limits.max_findings = 200;
  opts.limits.max_pdf_memory = (size_t)256 << 20;
  opts.limits.max_pdf_seconds = 5;
  gk_lang lang = (sel & 0x40) ? GK_LANG_EN : GK_LANG_ZH;
  gk_reader *reader = NULL;
  if ((sel & 0x10) && gk_reader_new(&reader, NULL))
    return 0;
  gk_error err;
  gk_error_clear(&err);
  gk_report *rep = NULL;
  gk_status st = gk_reader_read_pdf(reader, &rep, (const char *)data + 1,
                                    size - 1, &opts, &err);
  if (st == GK_OK) {
    sink s = {0, (sel & 0x20) ? 300 : 0};
    gk_check_run(rep, GK_CHECK_ALL, &err);
    gk_write_json(rep, lang, sink_write, &s, &err);
    s.bytes = 0;
    gk_write_md(rep, lang, sink_write, &s, &err);
  }
  gk_report_free(rep);
  gk_reader_free(reader);
  return 0;
}
