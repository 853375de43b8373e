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
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  unsigned sel = data[0];
  gk_read_opts opts;
  fuzz_read_opts(&opts, sel, "fuzz.pdf", 1 << 16);
  opts.limits.max_pdf_memory = (size_t)256 << 20;
  opts.limits.max_pdf_seconds = 5;
  gk_lang lang = fuzz_lang(sel);
  gk_reader *reader = NULL;
  if ((sel & 0x10) && gk_reader_new(&reader, NULL))
    return 0;
  gk_error err;
  gk_error_clear(&err);
  gk_report *rep = NULL;
  gk_status st = gk_reader_read_pdf(reader, &rep, (const char *)data + 1,
                                    size - 1, &opts, &err);
  if (st == GK_OK) {
    fuzz_sink s = fuzz_sink_for(sel);
    gk_check_run(rep, GK_CHECK_ALL, &err);
    gk_write_json(rep, lang, fuzz_sink_write, &s, &err);
    s.bytes = 0;
    gk_write_md(rep, lang, fuzz_sink_write, &s, &err);
  }
  gk_report_free(rep);
  gk_reader_free(reader);
  return 0;
}
