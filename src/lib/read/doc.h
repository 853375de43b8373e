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

/* One page as poppler gives it (pdf_poppler.c to pdf.c). */
typedef struct gk__pdf_rect {
  double x1, y1, x2, y2; /* a character's box (points, y down) */
} gk__pdf_rect;

typedef struct gk__pdf_page {
  const char *text;           /* the page's text, UTF-8, NUL-terminated */
  size_t text_len;            /* its bytes */
  const gk__pdf_rect *rects;  /* one box per character of 'text' */
  size_t nrects;              /* how many */
  double width, height;       /* page size (points) */
} gk__pdf_page;

/* Takes one page; a failure stops the read with its status. */
typedef gk_status (*gk__pdf_page_fn)(const gk__pdf_page *page, void *ud);

/* Runs poppler on the PDF in 'buf' in a child process bounded by
 * lim->max_pdf_memory and lim->max_pdf_seconds, calling 'fn' for each
 * page with text, in order; '*pages' gets the page count. A limit that
 * hits is GK_E_TOO_LARGE, poppler crashing GK_E_CORRUPT, an encrypted or
 * damaged file what the text says (pdf_poppler.c). */
gk_status gk__pdf_pages(const char *buf, size_t len, const gk_limits *lim,
                        const gk_alloc *alloc, gk__pdf_page_fn fn, void *ud,
                        int *pages, gk_error *err);

#endif /* GK_READ_DOC_H */
