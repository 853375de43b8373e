/* layout.h: the official printed layout of the three tables, as a grid of
 * merged cells, for the writers of documents (html.c, md.c).
 *
 * Source of truth: the template tables (model/template.c), which stand for
 * 国办公开办函〔2019〕60号 and 〔2021〕30号: table disclose prints each block
 * under its block header (第二十条第（一）项) with a 信息内容 header row;
 * table apply prints a three-row header (申请人情况 over 自然人, 法人或其他
 * 组织 over its five columns, 总计) and nests its row labels by their
 * numbering (一、 > （一） > 1.) with the group labels merged down the rows
 * they cover; table review prints its rows as column groups over one line
 * of numbers. Nothing here names a row or a column: it walks the tables. */
#ifndef GK_WRITE_LAYOUT_H
#define GK_WRITE_LAYOUT_H

#include "write.h"

enum {
  GK__L_HEAD = 0, /* a header label (column, caption, block header) */
  GK__L_GROUP,    /* a group label merged down its rows */
  GK__L_LABEL,    /* a row label */
  GK__L_VALUE     /* a number: template row 'r', column 'c' */
};

typedef struct gk__lcell {
  const char *text; /* label (static template text); NULL for values */
  uint8_t kind;     /* GK__L_* */
  uint8_t r;        /* template row (values, labels) */
  uint8_t c;        /* template column (values) */
  uint16_t rowspan; /* rows the cell covers (>= 1) */
  uint16_t colspan; /* columns the cell covers (>= 1) */
} gk__lcell;

typedef struct gk__lrow {
  uint16_t first; /* index of its first cell in 'cells' */
  uint16_t n;     /* cells that start in this row */
  int16_t r;      /* template row it prints, -1 for a header row */
  uint8_t header; /* 1 for a header row */
} gk__lrow;

#define GK__LAYOUT_CELLS 640
#define GK__LAYOUT_ROWS 80

typedef struct gk__layout {
  gk__lcell cells[GK__LAYOUT_CELLS]; /* cells, row by row */
  size_t ncells;                     /* used */
  gk__lrow rows[GK__LAYOUT_ROWS];    /* printed rows */
  size_t nrows;                      /* used */
  size_t width;                      /* grid columns */
  size_t label_cols;                 /* columns taken by the row labels */
} gk__layout;

/* Builds the printed layout of table 't' of 'tpl'. Returns GK_E_ARG if
 * the template outgrows the fixed arrays (a test keeps both templates in). */
gk_status gk__layout_table(const gk_template *tpl, size_t t, gk__layout *out);

/* Nesting level of a row label by its numbering: 1 for 一、, 2 for （一）,
 * 3 for 1., 0 for none. */
int gk__label_level(const char *label);

/* True if row r of table t has a value the writers should print (the
 * document had it, or it was set). A row with none is left out, so that
 * reading the output again finds the same missing rows. */
bool gk__row_present(const gk_report *rep, size_t t, size_t r);
/* True if table t should be printed: found by the reader or holding a
 * present cell. */
bool gk__table_present(const gk_report *rep, size_t t);

/* True if the statistics period must be written: the document stated
 * it, or it is not the calendar year the report's year implies. */
bool gk__period_to_write(const gk_report *rep);

/* Chinese numeral of a section number 1..6 (一 … 六). */
const char *gk__section_numeral(int n);

#endif /* GK_WRITE_LAYOUT_H */
