/* fuzz_common.h: what the report readers' fuzz targets share: the output
 * sink the writers run into, the options the leading byte selects, and
 * the accessors run over every finding. One copy, so a limit or a new
 * accessor reaches every target at once. Header-only: each target is its
 * own executable (libFuzzer wants one LLVMFuzzerTestOneInput each). */
#ifndef GK_FUZZ_COMMON_H
#define GK_FUZZ_COMMON_H

#include "gongkai.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct fuzz_sink {
  size_t bytes;      /* written so far */
  size_t fail_after; /* 0: never fail */
  int keep;          /* nonzero: keep a copy of the output in 'out' */
  char *out;         /* the copy (for re-reading), or NULL */
  size_t cap;        /* allocated for 'out' */
} fuzz_sink;

/* Touches every byte, so a writer's overread shows under ASan; fails after
 * 'fail_after' bytes to reach the writers' abort paths. */
static inline int fuzz_sink_write(const char *data, size_t len, void *ud) {
  fuzz_sink *s = ud;
  volatile char x = 0;
  for (size_t i = 0; i < len; i++)
    x ^= data[i];
  (void)x;
  if (s->keep) {
    if (s->bytes + len > s->cap) {
      size_t cap = (s->bytes + len) * 2;
      char *p = realloc(s->out, cap);
      if (!p)
        return -1;
      s->out = p;
      s->cap = cap;
    }
    memcpy(s->out + s->bytes, data, len);
  }
  s->bytes += len;
  return s->fail_after && s->bytes > s->fail_after;
}

/* The leading byte 'sel': its low bits (masked with GK_READ_ALL) are the
 * reader flags, 0x80 sets a source name, 0x20 a sink that fails after a
 * few hundred bytes. Limits small enough that one input stays fast. */
static inline void fuzz_read_opts(gk_read_opts *opts, unsigned sel,
                                  const char *source_name,
                                  size_t max_line_bytes) {
  memset(opts, 0, sizeof *opts);
  opts->flags = sel & GK_READ_ALL;
  opts->source_name = (sel & 0x80) ? source_name : NULL;
  opts->limits.max_input_bytes = (size_t)1 << 20;
  opts->limits.max_line_bytes = max_line_bytes;
  opts->limits.max_cells = 20000;
  opts->limits.max_findings = 200;
}

/* 0x40 selects the English messages. */
static inline gk_lang fuzz_lang(unsigned sel) {
  return (sel & 0x40) ? GK_LANG_EN : GK_LANG_ZH;
}

static inline fuzz_sink fuzz_sink_for(unsigned sel) {
  fuzz_sink s = {0, (sel & 0x20) ? 300 : 0, 0, NULL, 0};
  return s;
}

/* The accessors on every finding that was read. */
static inline void fuzz_touch_findings(const gk_report *rep, gk_lang lang) {
  for (size_t i = 0; i < gk_report_finding_count(rep); i++) {
    const gk_finding *f = gk_report_finding(rep, i);
    int64_t v;
    (void)gk_finding_reported(f, &v);
    (void)gk_finding_expected(f, &v);
    (void)gk_finding_message(f, lang);
  }
}

#endif
