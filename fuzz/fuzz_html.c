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
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  unsigned sel = data[0];
  gk_read_opts opts;
  fuzz_read_opts(&opts, sel, "fuzz.html", 1 << 16);
  gk_lang lang = fuzz_lang(sel);
  gk_reader *reader = NULL;
  if ((sel & 0x10) && gk_reader_new(&reader, NULL))
    return 0;
  gk_error err;
  gk_error_clear(&err);
  gk_report *rep = NULL;
  gk_status st = gk_reader_read_html(reader, &rep, (const char *)data + 1,
                                     size - 1, &opts, &err);
  if (st == GK_OK) {
    fuzz_sink s = fuzz_sink_for(sel);
    gk_check_run(rep, GK_CHECK_ALL, &err);
    gk_write_json(rep, lang, fuzz_sink_write, &s, &err);
    s.bytes = 0;
    gk_write_html(rep, lang, fuzz_sink_write, &s, &err);
    s.bytes = 0;
    gk_write_md(rep, lang, fuzz_sink_write, &s, &err);
    s.bytes = 0;
    gk_write_findings_text(rep, lang, fuzz_sink_write, &s, &err);
    fuzz_touch_findings(rep, lang);
  }
  gk_report_free(rep);
  gk_reader_free(reader);
  return 0;
}
