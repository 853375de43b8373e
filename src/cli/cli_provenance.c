/* cli_provenance.c: parse --format provenance, where each number of a
 * report stood in its source document (gk_report_cell_source), one line
 * a number, walking the template through the public accessors:
 *   FILE: TABLE.ROW.COLUMN = VALUE @ table T, row R, cell C
 * T, R, C are 1-based, in document order (nested tables counted where
 * they open). Numbers without a document cell (text input, recovered
 * digits) say "@ -". */
#include "cli_common.h"

#include <inttypes.h>

static int value_text(char *out, size_t outsz, int64_t v) {
  uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  uint64_t whole = mag / GK_SCALE, frac = mag % GK_SCALE;
  if (!frac)
    return snprintf(out, outsz, "%s%" PRIu64, v < 0 ? "-" : "", whole);
  char f[8];
  snprintf(f, sizeof(f), "%04" PRIu64, frac);
  for (int i = 3; i > 0 && f[i] == '0'; i--)
    f[i] = '\0';
  return snprintf(out, outsz, "%s%" PRIu64 ".%s", v < 0 ? "-" : "", whole, f);
}

int cli_render_provenance(const gk_report *rep, const char *name,
                          cli_buf *out) {
  const gk_template *tpl = gk_report_template(rep);
  for (size_t t = 0; t < gk_template_table_count(tpl); t++)
    for (size_t r = 0; r < gk_template_row_count(tpl, t); r++)
      for (size_t c = 0; c < gk_template_col_count(tpl, t, r); c++) {
        if (!(gk_report_cell_flags(rep, t, r, c) & GK_CELL_PRESENT))
          continue;
        char v[48];
        value_text(v, sizeof(v), gk_report_cell(rep, t, r, c));
        gk_cell_source s;
        int rc = cli_buf_printf(out, "%s: %s.%s.%s = %s @ ", name,
                                gk_template_table_id(tpl, t),
                                gk_template_row_id(tpl, t, r),
                                gk_template_col_id(tpl, t, r, c), v);
        if (!rc && gk_report_cell_source(rep, t, r, c, &s))
          rc = cli_buf_printf(out, "table %d, row %d, cell %d\n",
                              (int)s.table + 1, (int)s.row + 1,
                              (int)s.cell + 1);
        else if (!rc)
          rc = cli_buf_printf(out, "-\n");
        if (rc)
          return -1;
      }
  return 0;
}
