/* fuzz_text.c: libFuzzer target for gk_report_read_text, the reader of
 * plain-text reports, and everything that runs on what it reads (style.md
 * §10, after cmark's fuzz/cmark-fuzz.c).
 *
 * The leading byte picks options: its low bits (masked with GK_READ_ALL)
 * are the reader flags; bit 0x80 sets a source name, 0x40 the English
 * messages, 0x20 a sink that fails after a few hundred bytes (the writers'
 * abort path). The rest is the document. Limits are small so one input
 * stays fast. If the read succeeds, every check and every writer runs on
 * the report; all is freed (leaks are findings). The same entry point
 * replays the corpus in ctest without libFuzzer (replay.c). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  unsigned sel = data[0];
  gk_read_opts opts;
  fuzz_read_opts(&opts, sel, "fuzz.txt", 4096);
  gk_lang lang = fuzz_lang(sel);

  gk_error err;
  gk_error_clear(&err);
  gk_report *rep = NULL;
  gk_status st =
      gk_report_read_text(&rep, (const char *)data + 1, size - 1, &opts, &err);
  if (st == GK_OK) {
    fuzz_sink s = fuzz_sink_for(sel);
    gk_check_run(rep, GK_CHECK_ALL, &err);
    gk_write_json(rep, lang, fuzz_sink_write, &s, &err);
    s.bytes = 0;
    gk_write_csv(rep, (sel & 0x10) != 0, fuzz_sink_write, &s, &err);
    s.bytes = 0;
    gk_write_findings_text(rep, lang, fuzz_sink_write, &s, &err);
    fuzz_touch_findings(rep, lang);
  }
  gk_report_free(rep);
  return 0;
}
