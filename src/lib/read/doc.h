/* doc.h: what the document readers (html.c, pdf.c) share. Both turn a
 * document into the text reader's tab-line form and read that with
 * gk_reader_read_text(); the report's lines then point at the generated
 * text, and are mapped back to the document. */
#ifndef GK_READ_DOC_H
#define GK_READ_DOC_H

#include "../model/report.h"

/* Rewrites every line of 'rep' (cells, findings, sections, tables, date):
 * line L of the generated text becomes map[L - 1] (0 when unknown). */
void gk__report_map_lines(gk_report *rep, const int64_t *map, size_t n);

/* The same for the line of a failed read's error. */
void gk__error_map_line(gk_error *err, const int64_t *map, size_t n);

/* GK_OK when the PDF's xref sections are where startxref and /Prev say
 * and their entries point at objects; else GK_E_CORRUPT naming the byte
 * offset (pdf_xref.c: poppler would silently rebuild them). */
gk_status gk__pdf_check_xref(const char *buf, size_t len, gk_error *err);

#endif /* GK_READ_DOC_H */
