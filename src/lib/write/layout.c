/* layout.c: the official printed layout of the tables (see layout.h). */
#include "layout.h"

#include <string.h>

static const char *const numerals[] = {"一", "二", "三", "四", "五", "六"};

const char *gk__section_numeral(int n) {
  return n >= 1 && n <= 6 ? numerals[n - 1] : "";
}

int gk__label_level(const char *s) {
  if (!s)
    return 0;
  if (strncmp(s, "（", 3) == 0 || s[0] == '(')
    return 2;
  if (s[0] >= '0' && s[0] <= '9')
    return 3;
  /* 一、 … 十、: one numeral then the 、 mark */
  static const char *const cn[] = {"一", "二", "三", "四", "五",
                                   "六", "七", "八", "九", "十"};
  for (size_t i = 0; i < sizeof(cn) / sizeof(cn[0]); i++)
    if (strncmp(s, cn[i], 3) == 0 && strncmp(s + 3, "、", 3) == 0)
      return 1;
  return 0;
}

bool gk__row_present(const gk_report *rep, size_t t, size_t r) {
  for (size_t c = 0; c < gk__ncols(rep->tpl, t, r); c++)
    if (gk__ccell(rep, t, r, c)->flags & GK_CELL_PRESENT)
      return true;
  return false;
}

bool gk__table_present(const gk_report *rep, size_t t) {
  if (rep->table_found[t])
    return true;
  for (size_t r = 0; r < rep->tpl->tables[t].nrows; r++)
    if (gk__row_present(rep, t, r))
      return true;
  return false;
}

bool gk__period_to_write(const gk_report *rep) {
  if (!rep->period_from || !rep->period_to)
    return false;
  if (rep->period_stated || !rep->year)
    return true;
  return rep->period_from != rep->year * 10000 + 101 ||
         rep->period_to != rep->year * 10000 + 1231;
}

/* === Building the grid === */

typedef struct builder {
  gk__layout *l;
  bool full; /* an array ran out */
} builder;

static void row_open(builder *b, int r, bool header) {
  gk__layout *l = b->l;
  if (l->nrows >= GK__LAYOUT_ROWS) {
    b->full = true;
    return;
  }
  gk__lrow *row = &l->rows[l->nrows++];
  row->first = (uint16_t)l->ncells;
  row->n = 0;
  row->r = (int16_t)r;
  row->header = header ? 1 : 0;
}

static void cell_add(builder *b, int kind, const char *text, size_t r, size_t c,
                     size_t rowspan, size_t colspan) {
  gk__layout *l = b->l;
  if (b->full || !l->nrows || l->ncells >= GK__LAYOUT_CELLS) {
    b->full = true;
    return;
  }
  gk__lcell *cell = &l->cells[l->ncells++];
  cell->kind = (uint8_t)kind;
  cell->text = text;
  cell->r = (uint8_t)r;
  cell->c = (uint8_t)c;
  cell->rowspan = (uint16_t)(rowspan ? rowspan : 1);
  cell->colspan = (uint16_t)(colspan ? colspan : 1);
  l->rows[l->nrows - 1].n++;
}

/* Values of row r: one cell per column, the last one spanning what the
 * row lacks of the table's width. */
static void values(builder *b, const gk_template *tpl, size_t t, size_t r,
                   size_t width) {
  size_t n = gk__ncols(tpl, t, r);
  for (size_t c = 0; c < n; c++)
    cell_add(b, GK__L_VALUE, NULL, r, c, 1,
             c + 1 == n && width > n ? width - n + 1 : 1);
}

/* Column labels of row r (the header printed above its block). */
static void col_labels(builder *b, const gk_template *tpl, size_t t, size_t r,
                       size_t width) {
  const gk_colset *cs = gk__row(tpl, t, r)->colset;
  for (size_t c = 0; c < cs->ncols; c++)
    cell_add(b, GK__L_HEAD, cs->cols[c].label, r, c, 1,
             c + 1 == cs->ncols && width > cs->ncols ? width - cs->ncols + 1
                                                     : 1);
}

/* Table disclose: blocks, each with its block header and column header. */
static void layout_blocks(builder *b, const gk_template *tpl, size_t t) {
  const gk_table_def *td = &tpl->tables[t];
  size_t width = 0;
  for (size_t r = 0; r < td->nrows; r++)
    if (gk__ncols(tpl, t, r) > width)
      width = gk__ncols(tpl, t, r);
  b->l->label_cols = 1;
  b->l->width = width + 1;
  const char *corner = td->header_labels ? td->header_labels[0] : NULL;
  for (size_t r = 0; r < td->nrows; r++) {
    const gk_row_def *row = &td->rows[r];
    bool new_block = r == 0 || row->block != td->rows[r - 1].block ||
                     row->colset != td->rows[r - 1].colset;
    if (new_block) {
      if (row->block && (r == 0 || row->block != td->rows[r - 1].block)) {
        row_open(b, -1, true);
        cell_add(b, GK__L_HEAD, row->block, r, 0, 1, width + 1);
      }
      row_open(b, -1, true);
      cell_add(b, GK__L_HEAD, corner ? corner : "", r, 0, 1, 1);
      col_labels(b, tpl, t, r, width);
    }
    row_open(b, (int)r, false);
    cell_add(b, GK__L_LABEL, row->label, r, 0, 1, 1);
    values(b, tpl, t, r, width);
  }
}

/* Rows from r on that stay under an open level-1 group: until the next
 * level-1 row. */
static size_t level1_span(const gk_table_def *td, size_t r) {
  size_t n = 0;
  for (size_t i = r; i < td->nrows; i++) {
    if (i > r && gk__label_level(td->rows[i].label) == 1)
      break;
    n++;
  }
  return n;
}

static size_t group_span(const gk_table_def *td, size_t r) {
  size_t n = 0;
  for (size_t i = r; i < td->nrows && td->rows[i].group == td->rows[r].group;
       i++)
    n++;
  return n;
}

/* Table apply: a three-row header, then rows nested by their numbering. */
static void layout_nested(builder *b, const gk_template *tpl, size_t t) {
  const gk_table_def *td = &tpl->tables[t];
  const gk_colset *cs = td->rows[0].colset;
  const gk_col_group *g = td->col_group;
  size_t depth = 1;
  for (size_t r = 0; r < td->nrows; r++) {
    int lv = gk__label_level(td->rows[r].label);
    if ((size_t)lv > depth)
      depth = (size_t)lv;
  }
  b->l->label_cols = depth;
  b->l->width = depth + cs->ncols;
  size_t hrows = g ? 3 : 2;
  const char *corner = td->header_labels ? td->header_labels[0] : "";
  const char *top = td->header_labels && corner ? td->header_labels[1] : NULL;
  row_open(b, -1, true);
  cell_add(b, GK__L_HEAD, corner, 0, 0, hrows, depth);
  cell_add(b, GK__L_HEAD, top ? top : "", 0, 0, 1, cs->ncols);
  row_open(b, -1, true);
  for (size_t c = 0; c < cs->ncols; c++) {
    if (g && c == g->first) {
      cell_add(b, GK__L_HEAD, g->label, 0, c, 1, g->count);
      c += g->count - 1;
    } else {
      cell_add(b, GK__L_HEAD, cs->cols[c].label, 0, c, hrows - 1, 1);
    }
  }
  if (g) {
    row_open(b, -1, true);
    for (size_t c = g->first; c < g->first + g->count && c < cs->ncols; c++)
      cell_add(b, GK__L_HEAD, cs->cols[c].label, 0, c, 1, 1);
  }
  bool in_level1 = false; /* a level-1 group label is open */
  for (size_t r = 0; r < td->nrows; r++) {
    const gk_row_def *row = &td->rows[r];
    int lv = gk__label_level(row->label);
    int glv = gk__label_level(row->group);
    if (lv == 1)
      in_level1 = false;
    row_open(b, (int)r, false);
    if (row->group && glv == 1 &&
        (r == 0 || td->rows[r - 1].group != row->group)) {
      cell_add(b, GK__L_GROUP, row->group, r, 0, level1_span(td, r), 1);
      in_level1 = true;
    }
    if (row->group && glv == 2 &&
        (r == 0 || td->rows[r - 1].group != row->group))
      cell_add(b, GK__L_GROUP, row->group, r, 0, group_span(td, r), 1);
    size_t used = (in_level1 ? 1 : 0) + (row->group && glv == 2 ? 1 : 0);
    cell_add(b, GK__L_LABEL, row->label, r, 0, 1, depth - used);
    values(b, tpl, t, r, cs->ncols);
  }
}

/* Table review: its rows printed as column groups over one line. */
static void layout_transposed(builder *b, const gk_template *tpl, size_t t) {
  const gk_table_def *td = &tpl->tables[t];
  size_t per = gk__ncols(tpl, t, 0);
  b->l->label_cols = 0;
  b->l->width = per * td->nrows;
  row_open(b, -1, true);
  for (size_t r = 0; r < td->nrows; r++) {
    const gk_row_def *row = &td->rows[r];
    if (!row->group)
      cell_add(b, GK__L_HEAD, row->label, r, 0, 2, per);
    else if (r == 0 || td->rows[r - 1].group != row->group)
      cell_add(b, GK__L_GROUP, row->group, r, 0, 1, per * group_span(td, r));
  }
  row_open(b, -1, true);
  for (size_t r = 0; r < td->nrows; r++)
    if (td->rows[r].group)
      cell_add(b, GK__L_LABEL, td->rows[r].label, r, 0, 1, per);
  row_open(b, -1, true);
  for (size_t r = 0; r < td->nrows; r++)
    col_labels(b, tpl, t, r, per);
  row_open(b, 0, false);
  for (size_t r = 0; r < td->nrows; r++)
    values(b, tpl, t, r, per);
}

gk_status gk__layout_table(const gk_template *tpl, size_t t, gk__layout *out) {
  builder b = {out, false};
  out->ncells = out->nrows = out->width = out->label_cols = 0;
  const gk_table_def *td = &tpl->tables[t];
  if (t == GK_T_REVIEW)
    layout_transposed(&b, tpl, t);
  else if (td->nrows && td->rows[0].block)
    layout_blocks(&b, tpl, t);
  else
    layout_nested(&b, tpl, t);
  return b.full ? GK_E_ARG : GK_OK;
}
