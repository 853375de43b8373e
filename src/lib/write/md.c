/* md.c: a report as Markdown (CommonMark + GFM pipe tables).
 *
 * "# title", the statistics period when the document stated it, "## 一、…"
 * headings, one paragraph per line of a section's text, and the tables as
 * pipe tables after the text of their section. Pipe tables cannot merge
 * cells, so the official layout (layout.c) is flattened: a header column's
 * label is the labels above it joined (申请人情况 法人或其他组织 商业企业;
 * a header across the whole table goes to the first column only), a row's
 * label is its nearest group label and its own (（三）不予公开 1.属于国家
 * 秘密), and table disclose is one pipe table per block. Text is never
 * markup: < > & are written as entities (add_text). The text reader
 * reads this back to the same report (tests/unit/test_html.c). */
#include "layout.h"

#include <string.h>

#define MAX_HDR 8 /* header rows of one pipe table */

/* Appends text with the characters that would start raw HTML or an
 * entity escaped: a report's text is never markup (issue 15 point 10: an
 * agency "<script>…" came out as a script in every renderer that allows
 * HTML). */
static gk_status add_text(gk__buf *b, const char *s, size_t n) {
  gk_status st = GK_OK;
  size_t a = 0;
  for (size_t i = 0; i < n && !st; i++) {
    const char *ent = s[i] == '<'   ? "&lt;"
                      : s[i] == '>' ? "&gt;"
                      : s[i] == '&' ? "&amp;"
                                    : NULL;
    if (!ent)
      continue;
    st = gk__buf_add(b, s + a, i - a);
    if (!st)
      st = gk__buf_adds(b, ent);
    a = i + 1;
  }
  return st ? st : gk__buf_add(b, s + a, n - a);
}

/* Text in a table cell or the title: on one line, pipes escaped. */
static gk_status add_cell_text(gk__buf *b, const char *s, size_t n) {
  gk_status st = GK_OK;
  for (size_t i = 0; i < n && !st; i++) {
    char ch = s[i];
    if (ch == '|')
      st = gk__buf_adds(b, "\\|");
    else if (ch == '\n' || ch == '\r' || ch == '\t')
      st = gk__buf_addc(b, ' ');
    else
      st = add_text(b, &ch, 1);
  }
  return st;
}

/* Joins 'add' to the label in 'b' with a space, unless it is already the
 * last part. */
static gk_status join(gk__buf *b, const char **last, const char *add) {
  if (!add || !*add || add == *last)
    return GK_OK;
  gk_status st = GK_OK;
  if (b->len)
    st = gk__buf_addc(b, ' ');
  *last = add;
  return st ? st : add_cell_text(b, add, strlen(add));
}

typedef struct mdtab {
  const char *grid[MAX_HDR][GK_MAX_COLS * 3 + 4]; /* header texts by slot */
  size_t nh;                                      /* header rows */
} mdtab;

/* Writes one pipe table: layout rows [a, b) (header rows then body). */
static gk_status pipe_table(gk__buf *o, const gk_report *rep, size_t t,
                            const gk__layout *l, size_t a, size_t b) {
  mdtab m;
  size_t w = l->width, lc = l->label_cols;
  gk_status st = GK_OK;
  if (w > sizeof(m.grid[0]) / sizeof(m.grid[0][0]))
    return GK_E_ARG;
  memset(&m, 0, sizeof(m));
  /* expand the header rows' spans into the slot grid */
  size_t i = a;
  for (; i < b && l->rows[i].header && m.nh < MAX_HDR; i++, m.nh++) {
    size_t x = 0;
    for (size_t k = 0; k < l->rows[i].n; k++) {
      const gk__lcell *c = &l->cells[l->rows[i].first + k];
      while (x < w && m.grid[m.nh][x])
        x++;
      for (size_t dy = 0; dy < c->rowspan && m.nh + dy < MAX_HDR; dy++)
        for (size_t dx = 0; dx < c->colspan && x + dx < w; dx++)
          m.grid[m.nh + dy][x + dx] =
              c->colspan >= w && dx > 0 ? "" : (c->text ? c->text : "");
      x += c->colspan;
    }
  }
  size_t body = i;
  if (body >= b)
    return GK_OK;
  /* the value columns are those of the first body row's value cells */
  const gk__lrow *first = &l->rows[body];
  size_t slots[GK_MAX_COLS * 3 + 4], nv = 0, x = 0;
  for (size_t k = 0; k < first->n; k++) {
    const gk__lcell *c = &l->cells[first->first + k];
    if (c->kind == GK__L_VALUE && nv < sizeof(slots) / sizeof(slots[0]))
      slots[nv++] = x;
    x += c->colspan;
  }
  /* the header line: the label column, then the value columns */
  gk__buf cell;
  gk__buf_init(&cell, &rep->alloc, 0);
  if (lc) {
    const char *last = NULL;
    for (size_t y = 0; y < m.nh && !st; y++)
      for (size_t s = 0; s < lc && !st; s++)
        st = join(&cell, &last, m.grid[y][s]);
    if (!st)
      st = gk__buf_adds(o, "| ");
    if (!st)
      st = gk__buf_add(o, cell.data ? cell.data : "", cell.len);
    if (!st)
      st = gk__buf_adds(o, " ");
  }
  for (size_t v = 0; v < nv && !st; v++) {
    const char *last = NULL;
    gk__buf_reset(&cell);
    for (size_t y = 0; y < m.nh && !st; y++)
      st = join(&cell, &last, m.grid[y][slots[v]]);
    if (!st)
      st = gk__buf_adds(o, "| ");
    if (!st)
      st = gk__buf_add(o, cell.data ? cell.data : "", cell.len);
    if (!st)
      st = gk__buf_adds(o, " ");
  }
  if (!st)
    st = gk__buf_adds(o, "|\n");
  for (size_t v = 0; v < (lc ? 1 : 0) + nv && !st; v++)
    st = gk__buf_adds(o, v < (lc ? 1 : 0) ? "|---" : "|---:");
  if (!st)
    st = gk__buf_adds(o, "|\n");
  /* body rows: label = nearest open group + the row's label */
  const char *group[4] = {NULL, NULL, NULL, NULL};
  size_t left[4] = {0, 0, 0, 0};
  for (size_t y = body; y < b && !st; y++) {
    const gk__lrow *row = &l->rows[y];
    for (size_t g = 0; g < 4; g++)
      if (left[g] && --left[g] == 0)
        group[g] = NULL;
    const char *label = NULL;
    size_t gx = 0;
    for (size_t k = 0; k < row->n; k++) {
      const gk__lcell *c = &l->cells[row->first + k];
      if (c->kind == GK__L_GROUP) {
        while (gx < 4 && group[gx])
          gx++;
        if (gx < 4) {
          group[gx] = c->text;
          left[gx] = c->rowspan;
        }
      } else if (c->kind == GK__L_LABEL) {
        label = c->text;
      }
    }
    bool print = t == GK_T_REVIEW || gk__row_present(rep, t, (size_t)row->r);
    if (!print)
      continue;
    gk__buf_reset(&cell);
    const char *inner = NULL, *last = NULL;
    for (size_t g = 0; g < 4; g++)
      if (group[g])
        inner = group[g];
    if (lc) {
      st = join(&cell, &last, inner);
      if (!st)
        st = join(&cell, &last, label);
      if (!st)
        st = gk__buf_adds(o, "| ");
      if (!st)
        st = gk__buf_add(o, cell.data ? cell.data : "", cell.len);
      if (!st)
        st = gk__buf_adds(o, " ");
    }
    for (size_t k = 0; k < row->n && !st; k++) {
      const gk__lcell *c = &l->cells[row->first + k];
      if (c->kind != GK__L_VALUE)
        continue;
      const gk_cell *v = gk__ccell(rep, t, c->r, c->c);
      char num[GK__SCALED_MAX] = "";
      if ((v->flags & GK_CELL_PRESENT) && !(v->flags & GK_CELL_BLANK))
        gk__format_scaled(num, sizeof(num), v->value);
      st = gk__buf_printf(o, "| %s ", num);
    }
    if (!st)
      st = gk__buf_adds(o, "|\n");
  }
  if (!st)
    st = gk__buf_addc(o, '\n');
  gk__buf_free(&cell);
  return st;
}

static gk_status write_table(gk__buf *o, const gk_report *rep, size_t t) {
  gk__layout l;
  gk_status st = gk__layout_table(rep->tpl, t, &l);
  /* a header row after body rows starts the next pipe table */
  size_t a = 0;
  for (size_t i = 1; i <= l.nrows && !st; i++) {
    if (i == l.nrows || (l.rows[i].header && !l.rows[i - 1].header)) {
      st = pipe_table(o, rep, t, &l, a, i);
      a = i;
    }
  }
  return st;
}

static gk_status write_text(gk__buf *o, const char *s, size_t n) {
  gk_status st = GK_OK;
  while (n && !st) {
    const char *nl = memchr(s, '\n', n);
    size_t k = nl ? (size_t)(nl - s) : n;
    if (k) {
      st = add_text(o, s, k);
      if (!st)
        st = gk__buf_adds(o, "\n\n");
    }
    s += k + (nl ? 1 : 0);
    n -= k + (nl ? 1 : 0);
  }
  return st;
}

static gk_status date_text(gk__buf *o, int32_t ymd) {
  return gk__buf_printf(o, "%d年%d月%d日", (int)(ymd / 10000),
                        (int)(ymd / 100 % 100), (int)(ymd % 100));
}

gk_status gk_write_md(const gk_report *rep, gk_lang lang, gk_write_fn fn,
                      void *ud, gk_error *err) {
  (void)lang;
  gk_status st = gk__write_args(rep, fn, err);
  if (st)
    return st;
  gk__buf o;
  gk__buf_init(&o, &rep->alloc, 0);
  st = gk__buf_adds(&o, "# ");
  if (!st && rep->agency)
    st = add_cell_text(&o, rep->agency, strlen(rep->agency));
  if (!st && rep->year)
    st = gk__buf_printf(&o, "%d年", rep->year);
  if (!st)
    st = gk__buf_adds(&o, "政府信息公开工作年度报告\n\n");
  if (!st && gk__period_to_write(rep)) {
    st = gk__buf_adds(&o, "本报告所列数据统计期限为");
    if (!st)
      st = date_text(&o, rep->period_from);
    if (!st)
      st = gk__buf_adds(&o, "至");
    if (!st)
      st = date_text(&o, rep->period_to);
    if (!st)
      st = gk__buf_adds(&o, "。\n\n");
  }
  const gk_template *tpl = rep->tpl;
  for (int s = 1; s <= GK_SECTIONS && !st; s++) {
    if (rep->sections[s - 1]) {
      st = gk__buf_printf(&o, "## %s、%s\n\n", gk__section_numeral(s),
                          tpl->sections[s - 1].title);
      if (!st)
        st = write_text(&o, rep->sections[s - 1], rep->section_len[s - 1]);
    }
    for (size_t t = 0; t < GK_TABLES && !st; t++)
      if (tpl->tables[t].section == s && gk__table_present(rep, t))
        st = write_table(&o, rep, t);
  }
  if (!st && rep->date && !rep->date_line) {
    st = date_text(&o, rep->date);
    if (!st)
      st = gk__buf_adds(&o, "\n");
  }
  if (st == GK_E_ARG)
    st = gk__fail(err, GK_E_ARG, 0, 0, -1, "模板超出版式表的容量",
                  "the template outgrows the layout arrays");
  else if (st)
    st = gk__write_nomem(err);
  else
    st = gk__write_out(fn, ud, o.data ? o.data : "", o.len, err);
  gk__buf_free(&o);
  return st;
}
