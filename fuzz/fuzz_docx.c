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
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  unsigned sel = data[0];
  gk_read_opts opts;
  fuzz_read_opts(&opts, sel, "fuzz.docx", 4096);
  opts.limits.max_zip_bytes = (size_t)4 << 20;
  if (sel & 0x10) {
    opts.limits.max_zip_bytes = (size_t)64 << 10;
    opts.limits.max_zip_ratio = 20;
    opts.limits.max_xml_depth = 32;
  }
  gk_lang lang = fuzz_lang(sel);

  gk_error err;
  gk_error_clear(&err);
  gk_report *rep = NULL;
  gk_status st = gk_report_read_buffer(&rep, (const char *)data + 1, size - 1,
                                       &opts, &err);
  if (st == GK_OK) {
    fuzz_sink s = fuzz_sink_for(sel);
    gk_check_run(rep, GK_CHECK_ALL, &err);
    gk_write_json(rep, lang, fuzz_sink_write, &s, &err);
    s.bytes = 0;
    gk_write_xlsx(rep, lang, fuzz_sink_write, &s, &err);
    /* the .docx written reads again */
    fuzz_sink d = {0, 0, 1, NULL, 0};
    if (gk_write_docx(rep, lang, fuzz_sink_write, &d, &err) == GK_OK) {
      gk_report *again = NULL;
      gk_report_read_buffer(&again, d.out, d.bytes, NULL, &err);
      gk_report_free(again);
    }
    free(d.out);
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
