/* fuzz_flow.c: libFuzzer target for the layout-free core (src/lib/read/
 * flow.c) behind gk_report_read_text: the document's line breaks are
 * removed (and, by selector bits, its tabs or spaces), so the line reading
 * fails or misses rows and the stream reading always runs, as it does on
 * a web page saved as one line.
 *
 * The leading byte: bit 0x01 removes tabs, 0x02 spaces, 0x04 turns tabs
 * into runs of spaces, 0x08 keeps the line breaks (the stream reading
 * then runs only where the line reading fails). The rest is the
 * document. Limits are small so one input stays fast. A report read is
 * checked and written; all is freed (leaks are findings). Replayed in
 * ctest without libFuzzer (replay.c). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > ((size_t)1 << 20))
    return 0;
  unsigned sel = data[0];
  char *buf = malloc(size * 4 + 1);
  if (!buf)
    return 0;
  size_t n = 0;
  for (size_t i = 1; i < size; i++) {
    char c = (char)data[i];
    if ((c == '\n' || c == '\r') && !(sel & 0x08))
      continue;
    if (c == '\t' && (sel & 0x01))
      continue;
    if (c == ' ' && (sel & 0x02))
      continue;
    if (c == '\t' && (sel & 0x04)) {
      for (int k = 0; k < 4; k++)
        buf[n++] = ' ';
      continue;
    }
    buf[n++] = c;
  }
  /* the leading byte picks the layout above, not the options */
  gk_read_opts opts;
  fuzz_read_opts(&opts, 0, NULL, 0);
  gk_error err;
  gk_error_clear(&err);
  gk_report *rep = NULL;
  if (gk_report_read_text(&rep, buf, n, &opts, &err) == GK_OK) {
    gk_check_run(rep, GK_CHECK_ALL, &err);
    fuzz_sink s = fuzz_sink_for(0);
    gk_write_json(rep, GK_LANG_ZH, fuzz_sink_write, &s, &err);
    fuzz_touch_findings(rep, GK_LANG_EN);
  }
  gk_report_free(rep);
  free(buf);
  return 0;
}
