/* fuzz_html.c: libFuzzer target for gk_reader_read_html (the HTML reader:
 * charset sniffing and iconv, libxml2's HTML parser, the tree walk with
 * its table grid, the page trimming) and everything that runs on what it
 * reads, including the HTML and Markdown writers (style.md §10).
 *
 * The leading byte picks options: low bits (masked with GK_READ_ALL) are
 * the reader flags, 0x80 a source name, 0x40 English messages, 0x20 a
 * sink that fails after a few hundred bytes, 0x10 a reused reader. Limits
 * are small so one input stays fast. Replayed in ctest over
 * fuzz/corpus/html (replay.c). */
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
  opts.source_name = (sel & 0x80) ? "fuzz.html" : NULL;
  opts.limits.max_input_bytes = (size_t)1 << 20;
  opts.limits.max_line_bytes = 1 << 16;
  opts.limits.max_cells = 20000;
  opts.limits.max_findings = 200;
  gk_lang lang = (sel & 0x40) ? GK_LANG_EN : GK_LANG_ZH;
  gk_reader *reader = NULL;
  if ((sel & 0x10) && gk_reader_new(&reader, NULL))
    return 0;
  gk_error err;
  gk_error_clear(&err);
  gk_report *rep = NULL;
  gk_status st = gk_reader_read_html(reader, &rep, (const char *)data + 1,
                                     size - 1, &opts, &err);
  if (st == GK_OK) {
    sink s = {0, (sel & 0x20) ? 300 : 0};
    gk_check_run(rep, GK_CHECK_ALL, &err);
    gk_write_json(rep, lang, sink_write, &s, &err);
    s.bytes = 0;
    gk_write_html(rep, lang, sink_write, &s, &err);
    s.bytes = 0;
    gk_write_md(rep, lang, sink_write, &s, &err);
    s.bytes = 0;
    gk_write_findings_text(rep, lang, sink_write, &s, &err);
  }
  gk_report_free(rep);
  gk_reader_free(reader);
  return 0;
}
