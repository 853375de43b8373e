/* doc.c: line maps of the document readers (doc.h). */
#include "doc.h"

/* Maps a line of the generated text (1-based) to the HTML source line. */
static int64_t map_line(const int64_t *map, size_t n, int64_t line) {
  if (line <= 0 || !n)
    return 0;
  if ((size_t)line > n)
    line = (int64_t)n;
  return map[line - 1];
}

/* Points the report's lines (cells, findings, sections, tables, date) at
 * the HTML source. */
void gk__report_map_lines(gk_report *rep, const int64_t *map, size_t n) {
  for (size_t t = 0; t < GK_TABLES; t++) {
    for (size_t i = 0; i < rep->tpl->tables[t].ncells; i++)
      rep->cells[t][i].line = map_line(map, n, rep->cells[t][i].line);
    rep->table_line[t] = map_line(map, n, rep->table_line[t]);
  }
  for (size_t i = 0; i < rep->nfindings; i++)
    rep->findings[i].line = map_line(map, n, rep->findings[i].line);
  for (size_t s = 0; s < GK_SECTIONS; s++)
    rep->section_line[s] = map_line(map, n, rep->section_line[s]);
  rep->date_line = map_line(map, n, rep->date_line);
}

void gk__error_map_line(gk_error *err, const int64_t *map, size_t n) {
  if (!err || err->code == GK_OK || err->line <= 0)
    return;
  err->line = map_line(map, n, err->line);
  err->column = 0;
  err->offset = -1;
}
