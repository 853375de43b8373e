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
#include "gongkai.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sink {
  size_t bytes;      /* written so far */
  size_t fail_after; /* 0: never fail */
} sink;

static int sink_write(const char *data, size_t len, void *ud) {
  sink *s = ud;
  /* touch the bytes so a writer's overread shows under ASan */
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
  opts.source_name = (sel & 0x80) ? "fuzz.txt" : NULL;
  opts.limits.max_input_bytes = (size_t)1 << 20;
  opts.limits.max_line_bytes = 4096;
  opts.limits.max_cells = 20000;
  opts.limits.max_findings = 200;
  gk_lang lang = (sel & 0x40) ? GK_LANG_EN : GK_LANG_ZH;

  gk_error err;
  gk_error_clear(&err);
  gk_report *rep = NULL;
  gk_status st =
      gk_report_read_text(&rep, (const char *)data + 1, size - 1, &opts, &err);
  if (st == GK_OK) {
    sink s = {0, (sel & 0x20) ? 300 : 0};
    gk_check_run(rep, GK_CHECK_ALL, &err);
    gk_write_json(rep, lang, sink_write, &s, &err);
    s.bytes = 0;
    gk_write_csv(rep, (sel & 0x10) != 0, sink_write, &s, &err);
    s.bytes = 0;
    gk_write_findings_text(rep, lang, sink_write, &s, &err);
    /* the accessors on everything that was read */
    for (size_t i = 0; i < gk_report_finding_count(rep); i++) {
      const gk_finding *f = gk_report_finding(rep, i);
      int64_t v;
      (void)gk_finding_reported(f, &v);
      (void)gk_finding_expected(f, &v);
      (void)gk_finding_message(f, lang);
    }
  }
  gk_report_free(rep);
  return 0;
}
