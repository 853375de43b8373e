/* fuzz_docx.c: libFuzzer target for the .docx reader (gk_reader_read_docx
 * through gk_report_read_buffer, so format detection runs too) and what
 * runs on what it reads, including the .docx and .xlsx writers.
 *
 * The leading byte picks options like fuzz_text.c: bit 0x80 a source
 * name, 0x40 English messages, 0x20 a sink that fails after a few hundred
 * bytes, 0x10 tight container limits (64 KiB inflated, ratio 20, XML depth
 * 32) so the refusal paths run. The rest is the document (a ZIP). If the
 * read succeeds every check and writer runs, the .docx written is read
 * again, and provenance is queried for every cell; all is freed. */
#include "gongkai.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct sink {
  size_t bytes;      /* written so far */
  size_t fail_after; /* 0: never fail */
  char *keep;        /* copy of the output (for re-reading), or NULL */
  size_t cap;        /* allocated for 'keep' */
} sink;

static int sink_write(const char *data, size_t len, void *ud) {
  sink *s = ud;
  volatile char x = 0;
  for (size_t i = 0; i < len; i++)
    x ^= data[i];
  (void)x;
  if (s->keep || s->cap) {
    if (s->bytes + len > s->cap) {
      size_t cap = (s->bytes + len) * 2;
      char *p = realloc(s->keep, cap);
      if (!p)
        return -1;
      s->keep = p;
      s->cap = cap;
    }
    memcpy(s->keep + s->bytes, data, len);
  }
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
  opts.source_name = (sel & 0x80) ? "fuzz.docx" : NULL;
  opts.limits.max_input_bytes = (size_t)1 << 20;
  opts.limits.max_line_bytes = 4096;
  opts.limits.max_cells = 20000;
  opts.limits.max_findings = 200;
  opts.limits.max_zip_bytes = (size_t)4 << 20;
  if (sel & 0x10) {
    opts.limits.max_zip_bytes = (size_t)64 << 10;
    opts.limits.max_zip_ratio = 20;
    opts.limits.max_xml_depth = 32;
  }
  gk_lang lang = (sel & 0x40) ? GK_LANG_EN : GK_LANG_ZH;

  gk_error err;
  gk_error_clear(&err);
  gk_report *rep = NULL;
  gk_status st = gk_report_read_buffer(&rep, (const char *)data + 1, size - 1,
                                       &opts, &err);
  if (st == GK_OK) {
    sink s = {0, (sel & 0x20) ? 300 : 0, NULL, 0};
    gk_check_run(rep, GK_CHECK_ALL, &err);
    gk_write_json(rep, lang, sink_write, &s, &err);
    s.bytes = 0;
    gk_write_xlsx(rep, lang, sink_write, &s, &err);
    /* the .docx written reads again */
    sink d = {0, 0, NULL, 1};
    if (gk_write_docx(rep, lang, sink_write, &d, &err) == GK_OK) {
      gk_report *again = NULL;
      gk_report_read_buffer(&again, d.keep, d.bytes, NULL, &err);
      gk_report_free(again);
    }
    free(d.keep);
    const gk_template *tpl = gk_report_template(rep);
    for (size_t t = 0; t < gk_template_table_count(tpl); t++)
      for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
        for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++) {
          gk_cell_source src;
          (void)gk_report_cell_source(rep, t, r, c, &src);
        }
  }
  gk_report_free(rep);
  return 0;
}
