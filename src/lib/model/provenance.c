/* provenance.c: where a value stood in the source document (the .docx
 * reader records it per cell; text input has none). */
#include "report.h"

int gk_report_cell_source(const gk_report *rep, size_t t, size_t r, size_t c,
                          gk_cell_source *src) {
  if (!rep || !src || t >= GK_TABLES || r >= rep->tpl->tables[t].nrows ||
      c >= gk__ncols(rep->tpl, t, r))
    return 0;
  const gk_cell *x = gk__ccell(rep, t, r, c);
  if (!x->has_src)
    return 0;
  src->table = x->src_table;
  src->row = x->src_row;
  src->cell = x->src_cell;
  return 1;
}
