/* text.c: gk_report_read_text, the table and section parser.
 *
 * Source of truth: spec/report-fields.md (ids, columns, relations) and the
 * template tables in model/template.c (labels, variants, header labels,
 * column counts), which stand for 国办公开办函〔2019〕60号 and 〔2021〕30号.
 * The reader stores facts: values as written (a wrong 总计 stays wrong),
 * with flags and lines; it reports only what it could not read cleanly
 * (blank, ambiguous, recovered, missing rows, wrong cell counts, bad
 * numbers, amounts in 元). Judging the numbers is the checker's work.
 *
 * The loop reads like the format: cut lines into cells (cells.c), pick the
 * template from labels only one format has, then walk the cells once: a
 * label is matched through the template's hashed keys, then takes the
 * values that follow it until its row has its column count. */
#include "../model/rules.h"
#include "doc.h"
#include "text_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define MAX_HITS 24
#define STRIP_WINDOW 3 /* rows a numbering-less label may skip ahead */
#define SHORT_KEY 6    /* bytes: 其他, 总计 match only the next row */

/* === Matching labels === */

enum { M_NONE = 0, M_ROW, M_HEAD };

typedef struct match {
  int kind;      /* M_* */
  size_t t;      /* table */
  size_t r;      /* row (M_ROW) */
  size_t ncells; /* cells the label spans (joined labels) */
  uint32_t doff; /* glued digits after the label: key offset */
  uint32_t dlen; /* their count (0: none) */
} match;

static bool armed(const struct gk__reader *rd, size_t t) {
  return rd->armed[t] || rd->cur_section == rd->rep->tpl->tables[t].section;
}

/* Matches the key k[0..n) as a whole: a row label (in template order) or
 * a header label. */
static void match_key(struct gk__reader *rd, const char *k, size_t n,
                      match *m) {
  uint16_t hit[MAX_HITS];
  size_t nh = gk__read_lookup(rd, k, n, hit, MAX_HITS);
  size_t best = SIZE_MAX;
  m->kind = M_NONE;
  for (size_t i = 0; i < nh; i++) {
    const gk__rkey *e = &rd->kent[hit[i]];
    if (e->tpl != rd->tpl_index || e->kind == GK__K_SECTION)
      continue;
    size_t t = e->t, r = e->r;
    if (e->kind == GK__K_ROW || e->kind == GK__K_STRIP) {
      if (r < rd->exp[t])
        continue;
      size_t d = r - rd->exp[t];
      if (e->kind == GK__K_STRIP) {
        /* A label without its numbering is only trusted near the row the
         * table expects next; 其他 and 总计 are also column headers,
         * printed before the first row. */
        size_t w = n <= SHORT_KEY ? 0 : STRIP_WINDOW;
        if (!armed(rd, t) || d > w)
          continue;
      }
      /* prefer the table being read, then the nearest row */
      size_t score = d + (rd->armed[t] ? 0 : 1000);
      if (score < best) {
        best = score;
        m->kind = M_ROW;
        m->t = t;
        m->r = r;
      }
    } else if (m->kind == M_NONE ||
               (m->kind == M_HEAD && armed(rd, t) && !armed(rd, m->t))) {
      m->kind = M_HEAD;
      m->t = t;
    }
  }
}

/* Matches a key that may begin with its group label (（三）不予公开1.属于
 * 国家秘密, 三、本年度办理结果（一）予以公开). */
static void match_grouped(struct gk__reader *rd, const char *k, size_t n,
                          match *m) {
  match_key(rd, k, n, m);
  if (m->kind != M_NONE)
    return;
  for (size_t i = 0; i < rd->nkpre; i++) {
    const gk__rkey *e = &rd->kent[rd->kpre[i]];
    if (e->len >= n || rd->kstore[e->off] != k[0] ||
        memcmp(rd->kstore + e->off, k, e->len) != 0)
      continue;
    match_key(rd, k + e->len, n - e->len, m);
    if (m->kind == M_ROW)
      return;
  }
  m->kind = M_NONE;
}

/* Matches the label at cell i: whole, joined with the next one or two
 * text cells (a label broken over lines), or followed by glued digits. */
static void match_label(struct gk__reader *rd, size_t i, match *m) {
  const gk__rcell *c = &rd->cells[i];
  const char *k = rd->keys + c->key;
  size_t n = c->klen;
  m->ncells = 1;
  m->dlen = 0;
  match_grouped(rd, k, n, m);
  if (m->kind == M_ROW)
    return;
  if (m->kind == M_HEAD) {
    /* a header cell broken over lines may start with a shorter header
     * label (其他 / 结果): prefer the longer label when the next cell
     * completes one */
    const gk__rcell *x = i + 1 < rd->ncells ? &rd->cells[i + 1] : NULL;
    if (x && x->vkind == GK__V_TEXT && !(x->flags & (GK__C_SEC | GK__C_BRK)) &&
        n + x->klen <= sizeof(rd->tmp)) {
      match longer;
      memcpy(rd->tmp, k, n);
      memcpy(rd->tmp + n, rd->keys + x->key, x->klen);
      match_key(rd, rd->tmp, n + x->klen, &longer);
      if (longer.kind != M_NONE) {
        *m = longer;
        m->ncells = 2;
        m->dlen = 0;
      }
    }
    return;
  }
  /* digits glued to the label: 一、本年新收…数量640020470 */
  size_t d = n;
  while (d > 0 && k[d - 1] >= '0' && k[d - 1] <= '9')
    d--;
  if (d > 0 && d < n) {
    match_grouped(rd, k, d, m);
    if (m->kind == M_ROW) {
      m->doff = c->key + (uint32_t)d;
      m->dlen = (uint32_t)(n - d);
      return;
    }
    m->kind = M_NONE;
  }
  size_t len = n;
  if (len > sizeof(rd->tmp))
    return;
  memcpy(rd->tmp, k, len);
  for (size_t j = 1; j <= 2 && i + j < rd->ncells; j++) {
    const gk__rcell *x = &rd->cells[i + j];
    if (x->vkind != GK__V_TEXT || (x->flags & GK__C_SEC) ||
        len + x->klen > sizeof(rd->tmp))
      return;
    memcpy(rd->tmp + len, rd->keys + x->key, x->klen);
    len += x->klen;
    match_grouped(rd, rd->tmp, len, m);
    if (m->kind != M_NONE) {
      m->ncells = j + 1;
      return;
    }
  }
}

/* === Storing values === */

static gk_status nomem(struct gk__reader *rd) { return gk__read_nomem(rd); }

static void table_seen(struct gk__reader *rd, size_t t, const gk__rcell *c) {
  gk_report *rep = rd->rep;
  rd->armed[t] = true;
  if (!rep->table_found[t]) {
    rep->table_found[t] = true;
    rep->table_line[t] = (int64_t)c->line + 1;
  }
  if ((int64_t)c->line + 1 > rd->last_table_line)
    rd->last_table_line = (int64_t)c->line + 1;
}

static const char *row_label(const gk_report *rep, size_t t, size_t r) {
  return gk__row(rep->tpl, t, r)->label;
}

/* Stores the value of cell 'ci' into (t, r, col), with its findings. */
static gk_status store_cell(struct gk__reader *rd, size_t t, size_t r,
                            size_t col, size_t ci) {
  gk_report *rep = rd->rep;
  const gk__rcell *c = &rd->cells[ci];
  const gk_col_def *cd = &gk__row(rep->tpl, t, r)->colset->cols[col];
  gk_cell *cell = gk__cell(rep, t, r, col);
  int64_t line = (int64_t)c->line + 1, v;
  bool yuan;
  int kind = gk__read_value(rd->keys + c->key, c->klen, &v, &yuan);
  cell->line = line;
  cell->off = c->off; /* for the .docx reader's provenance */
  if (kind == GK__V_BLANK) {
    cell->value = 0;
    cell->flags = GK_CELL_PRESENT | GK_CELL_BLANK;
    return gk__finding_addf(rep, GK_RULE_BLANK_CELL, GK_SEV_WARNING, t, (int)r,
                            (int)col, NULL, NULL, line,
                            "“%s”行“%s”列为空，按0计",
                            "row %s, column %s is blank; read as 0",
                            row_label(rep, t, r), cd->label);
  }
  if (kind == GK__V_TEXT) {
    char ex[64];
    gk__excerpt(ex, sizeof(ex), rd->text + c->off, c->len, 60);
    cell->value = 0;
    cell->flags = 0;
    return gk__finding_addf(rep, GK_RULE_BAD_NUMBER, GK_SEV_ERROR, t, (int)r,
                            (int)col, NULL, NULL, line,
                            "“%s”行“%s”列不是数字：%s",
                            "row %s, column %s is not a number: %s",
                            row_label(rep, t, r), cd->label, ex);
  }
  cell->flags = GK_CELL_PRESENT;
  if (yuan && cd->kind == GK_COL_AMOUNT) {
    /* 元 where 万元 is asked: convert, rounding half away from zero */
    int64_t conv = (v + (v < 0 ? -5000 : 5000)) / 10000;
    cell->value = conv;
    return gk__finding_addf(
        rep, GK_RULE_AMOUNT_UNIT, GK_SEV_WARNING, t, (int)r, (int)col, &v,
        &conv, line, "“%s”行“%s”以元填写，已换算为万元",
        "row %s, column %s is written in 元; converted to 万元",
        row_label(rep, t, r), cd->label);
  }
  cell->value = v;
  return GK_OK;
}

static gk_status row_count_finding(struct gk__reader *rd, size_t t, size_t r,
                                   size_t got, int64_t line) {
  size_t want = gk__ncols(rd->rep->tpl, t, r);
  return gk__finding_addf(rd->rep, GK_RULE_ROW_CELLS, GK_SEV_ERROR, t, (int)r,
                          -1, NULL, NULL, line,
                          "“%s”行有 %zu 个数值，模板为 %zu 个",
                          "row %s has %zu values; the template has %zu",
                          row_label(rd->rep, t, r), got, want);
}

/* Digits only, or digits with '_' where the stream reader (flow.c) saw
 * them cut: glued values, for recover.c. */
static bool all_digits(const char *k, size_t n) {
  if (!n || k[0] == '_' || k[n - 1] == '_')
    return false;
  for (size_t i = 0; i < n; i++)
    if ((k[i] < '0' || k[i] > '9') && k[i] != '_')
      return false;
  return true;
}

/* all_digits, or digits glued to an amount's decimals and unit
 * (13575394432.52元: projects and amount run together). */
static bool glued_digits(const char *k, size_t n) {
  if (n >= 3 && memcmp(k + n - 3, "\xe5\x85\x83", 3) == 0) /* 元 */
    n -= 3;
  if (n >= 3 && memcmp(k + n - 3, "\xe4\xb8\x87", 3) == 0) /* 万 */
    n -= 3;
  const char *dot = memchr(k, '.', n);
  if (!dot)
    return all_digits(k, n);
  size_t a = (size_t)(dot - k);
  return a >= 2 && n - a >= 2 && all_digits(k, a) &&
         all_digits(dot + 1, n - a - 1) && !memchr(k, '_', n);
}

static gk_status add_glued(struct gk__reader *rd, size_t t, size_t r,
                           size_t cell, uint32_t doff, uint32_t dlen) {
  if (rd->nglued < GK__MAX_GLUED) {
    rd->glued[rd->nglued].blanks = false;
    rd->glued[rd->nglued].nsep = 0;
  }
  if (rd->nglued >= GK__MAX_GLUED)
    return row_count_finding(rd, t, r, 1, (int64_t)rd->cells[cell].line + 1);
  gk__glued *g = &rd->glued[rd->nglued++];
  g->t = (uint8_t)t;
  g->r = (uint8_t)r;
  g->cell = (uint32_t)cell;
  g->doff = doff;
  g->dlen = dlen;
  return GK_OK;
}

/* True if k[0..n) is two or more header or column labels of one table
 * run together (a header row whose separators were lost); the table in
 * *t. Greedy longest match over the template's keys. */
static bool header_run(const struct gk__reader *rd, const char *k, size_t n,
                       size_t *t) {
  size_t pos = 0, parts = 0;
  int table = -1;
  while (pos < n) {
    size_t best = 0;
    int bt = -1;
    for (size_t i = 0; i < rd->nkhdr; i++) {
      const gk__rkey *e = &rd->kent[rd->khdr[i]];
      if (e->len <= best || e->len > n - pos || (table >= 0 && e->t != table) ||
          rd->kstore[e->off] != k[pos] ||
          memcmp(rd->kstore + e->off, k + pos, e->len) != 0)
        continue;
      best = e->len;
      bt = e->t;
    }
    if (!best)
      return false;
    table = bt;
    pos += best;
    parts++;
  }
  if (parts < 2)
    return false;
  *t = (size_t)table;
  return true;
}

/* True if every character of key k is one of table t's header labels'
 * characters: a header wrapped inside narrow columns comes one piece of
 * each label a line ("结果 结果 其他 尚未 总" over "维持 纠正 结果 审结 计",
 * a single space apart, so one cell). Only asked before the table's
 * values, where anything else ends the table. */
static bool header_piece(const struct gk__reader *rd, const char *k, size_t n,
                         size_t t) {
  if (!n)
    return false;
  for (size_t at = 0; at < n;) {
    size_t cl = 0;
    gk__utf8_decode(k + at, n - at, &cl);
    if (!cl)
      return false;
    bool found = false;
    for (size_t i = 0; i < rd->nkhdr && !found; i++) {
      const gk__rkey *e = &rd->kent[rd->khdr[i]];
      const char *h = rd->kstore + e->off;
      for (size_t x = 0; e->t == t && x + cl <= e->len && !found; x++)
        found = memcmp(h + x, k + at, cl) == 0;
    }
    if (!found)
      return false;
    at += cl;
  }
  return true;
}

static bool is_label(struct gk__reader *rd, size_t i) {
  match m;
  match_label(rd, i, &m);
  return m.kind != M_NONE;
}

/* True if cell j is a run of blanks that ends in a number of the same
 * row: blanks between values, not the empty cells after a row. */
static bool blank_then_number(const struct gk__reader *rd, size_t j) {
  for (; j < rd->ncells; j++) {
    const gk__rcell *c = &rd->cells[j];
    if (j && (c->flags & (GK__C_BRK | GK__C_SEC)))
      return false;
    if (c->vkind != GK__V_BLANK)
      return c->vkind == GK__V_NUM;
  }
  return false;
}

/* True if the text ends at cell j or its next cell but blanks (a group's
 * empty cell) is text: what follows a row is no more of its numbers. */
static bool label_next(const struct gk__reader *rd, size_t j) {
  while (j < rd->ncells && rd->cells[j].vkind == GK__V_BLANK)
    j++;
  return j >= rd->ncells || rd->cells[j].vkind == GK__V_TEXT;
}

/* True if cells v[0..n) are consecutive whole counts (digits only). */
static bool separate_values(const struct gk__reader *rd, const size_t *v,
                            size_t n) {
  for (size_t i = 0; i < n; i++) {
    const gk__rcell *c = &rd->cells[v[i]];
    if (v[i] != v[0] + i || c->vkind != GK__V_NUM || !c->klen || c->klen > 9 ||
        !all_digits(rd->keys + c->key, c->klen))
      return false;
  }
  return true;
}

/* Reads the values of row (t, r) from cell j on; returns the next cell.
 * A row may hold more cells than the template has columns: a table
 * with merged cells turned into text (markdown, a page dump) keeps the
 * merged columns as empty cells beside the label or after the last
 * value. Blanks at the row's edges beyond its column count are those
 * separators, not values; what is still too many is a finding. */
static gk_status read_row(struct gk__reader *rd, size_t t, size_t r,
                          size_t label, size_t j, size_t *next) {
  size_t ncols = gk__ncols(rd->rep->tpl, t, r);
  size_t vals[GK_MAX_COLS * 2], nv = 0;
  gk_status st = GK_OK;
  while (j < rd->ncells && nv < GK_MAX_COLS * 2) {
    gk__rcell *c = &rd->cells[j];
    if (c->flags & GK__C_SEC)
      break;
    bool brk = (c->flags & GK__C_BRK) != 0;
    if (c->vkind != GK__V_TEXT) {
      /* after a row break a blank is the merged group cell of the next
       * row, not a value of this one */
      if (brk && (nv > 0 || c->vkind == GK__V_BLANK))
        break;
      /* past the columns only numbers, or blanks before one, go on */
      if (nv >= ncols && c->vkind == GK__V_BLANK && !blank_then_number(rd, j))
        break;
    } else if (brk || is_label(rd, j)) {
      break;
    } else if (nv >= ncols) {
      break;
    } else if (nv == 0 && ncols > 1 &&
               glued_digits(rd->keys + c->key, c->klen)) {
      /* too many digits for one number: glued */
      c->flags |= GK__C_USED;
      *next = j + 1;
      return add_glued(rd, t, r, j, c->key, c->klen);
    }
    c->flags |= GK__C_USED;
    vals[nv++] = j++;
  }
  size_t lo = 0, hi = nv;
  while (hi - lo > ncols && rd->cells[vals[lo]].vkind == GK__V_BLANK)
    lo++;
  while (hi - lo > ncols && rd->cells[vals[hi - 1]].vkind == GK__V_BLANK)
    hi--;
  size_t extra = hi - lo > ncols ? hi - lo - ncols : 0;
  nv = hi - lo - extra;
  if (nv == 1 && ncols > 1) {
    const gk__rcell *c = &rd->cells[vals[lo]];
    if (c->klen >= ncols && glued_digits(rd->keys + c->key, c->klen)) {
      *next = j;
      return add_glued(rd, t, r, vals[lo], c->key, c->klen);
    }
    /* fewer digits than cells in table 三 (Tika text whose blank cells
     * vanished: 11 for 1, five blanks, 1): the row sums and the column
     * relations place them, blanks read 0 (recover.c) */
    if (t == GK_T_APPLY && c->klen >= 2 && c->klen < ncols &&
        all_digits(rd->keys + c->key, c->klen) &&
        !memchr(rd->keys + c->key, '_', c->klen)) {
      *next = j;
      gk_status sg = add_glued(rd, t, r, vals[0], c->key, c->klen);
      if (!sg && rd->nglued && rd->glued[rd->nglued - 1].cell == vals[0])
        rd->glued[rd->nglued - 1].blanks = true;
      return sg;
    }
  }
  if (t == GK_T_APPLY && nv >= 2 && nv < ncols && rd->nglued < GK__MAX_GLUED &&
      separate_values(rd, vals + lo, nv) && label_next(rd, j)) {
    /* separate values, fewer than the columns, then a label: blank cells
     * vanished (Tika's text, a page dump); the sums may place them
     * (recover.c). Numbers after a break are a row wrapped: not so. */
    *next = j;
    gk_status sg = add_glued(rd, t, r, vals[lo], 0, 0);
    if (!sg && rd->nglued && rd->glued[rd->nglued - 1].cell == vals[lo])
      rd->glued[rd->nglued - 1].nsep = (uint8_t)nv;
    return sg;
  }
  for (size_t k = 0; k < nv && !st; k++)
    st = store_cell(rd, t, r, k, vals[lo + k]);
  if (st)
    return st;
  int64_t line = (int64_t)rd->cells[label].line + 1;
  if (nv < ncols && j >= rd->ncells && t == GK_T_APPLY &&
      r + 1 == rd->rep->tpl->tables[t].nrows)
    rd->apply_cut = true; /* the text ends inside table 三's last row */
  if (nv < ncols)
    st = row_count_finding(rd, t, r, nv, line);
  else if (extra)
    /* values beyond the row's columns, before the next row */
    st = row_count_finding(rd, t, r, nv + extra, line);
  *next = j;
  return st;
}

#define REVIEW_PIECE 12 /* bytes of a wrapped header piece, at most */

/* Table review: a two-level header, then one line of 15 numbers read as
 * three rows of five. Header cells (and the blank cells of its merged
 * corner) are skipped; blanks after the last header label are values. */
static gk_status read_review(struct gk__reader *rd, size_t t, size_t j,
                             size_t *next) {
  const gk_template *tpl = rd->rep->tpl;
  size_t nrows = tpl->tables[t].nrows, per = gk__ncols(tpl, t, 0);
  size_t want = nrows * per;
  size_t vals[GK_MAX_COLS * 3], nv = 0, pend[GK_MAX_COLS * 3], np = 0;
  gk_status st = GK_OK;
  while (j < rd->ncells && nv < want) {
    gk__rcell *c = &rd->cells[j];
    if ((c->flags & GK__C_SEC) && j > 0)
      break;
    /* blanks that ended a header line were its merged cells, not values */
    if (!nv && (c->flags & GK__C_BRK))
      np = 0;
    if (c->vkind == GK__V_TEXT) {
      if (nv)
        break;
      if (all_digits(rd->keys + c->key, c->klen) && c->klen >= want) {
        c->flags |= GK__C_USED;
        *next = j + 1;
        return add_glued(rd, t, 0, j, c->key, c->klen);
      }
      match m;
      size_t ht;
      match_label(rd, j, &m);
      if (m.kind == M_NONE &&
          ((header_run(rd, rd->keys + c->key, c->klen, &ht) && ht == t) ||
           header_piece(rd, rd->keys + c->key, c->klen, t))) {
        m.kind = M_HEAD;
        m.t = t;
        m.ncells = 1;
      }
      if (m.kind == M_NONE && !nv && c->klen <= REVIEW_PIECE) {
        /* a piece of a header label wrapped down its column (结果 / 维持
         * in a page dump without borders) */
        c->flags |= GK__C_USED;
        j++;
        np = 0;
        continue;
      }
      if (m.kind == M_NONE || m.t != t)
        break;
      for (size_t x = 0; x < m.ncells; x++)
        rd->cells[j + x].flags |= GK__C_USED;
      j += m.ncells;
      np = 0;
      continue;
    }
    if (c->vkind == GK__V_BLANK && !nv) {
      if (np < want)
        pend[np++] = j;
      j++;
      continue;
    }
    if (!nv)
      for (size_t x = 0; x < np && nv < want; x++) {
        rd->cells[pend[x]].flags |= GK__C_USED;
        vals[nv++] = pend[x];
      }
    if (nv < want) {
      c->flags |= GK__C_USED;
      vals[nv++] = j;
    }
    j++;
  }
  *next = j;
  if (!nv)
    /* a line of blank cells: blanks after the last header label */
    for (size_t x = 0; x < np && nv < want; x++) {
      rd->cells[pend[x]].flags |= GK__C_USED;
      vals[nv++] = pend[x];
    }
  if (nv == 1) {
    const gk__rcell *c = &rd->cells[vals[0]];
    if (c->klen >= want && all_digits(rd->keys + c->key, c->klen))
      return add_glued(rd, t, 0, vals[0], c->key, c->klen);
  }
  for (size_t k = 0; k < nv && !st; k++) {
    st = store_cell(rd, t, k / per, k % per, vals[k]);
    rd->row_read[t][k / per] = true;
  }
  if (st || !nv)
    return st;
  int64_t line = (int64_t)rd->cells[vals[0]].line + 1;
  if (nv < want)
    st = row_count_finding(rd, t, nv / per, nv % per, line);
  return st;
}

/* True if a review row label followed by cell j is the table's header
 * (行政复议 over its columns, 行政诉讼 beside it), not a row: text comes
 * next, past the empty cells a merged header cell leaves in a markdown
 * or page-dump table, and it is no row label of its own. */
static bool review_header(struct gk__reader *rd, size_t j) {
  size_t k = j;
  while (k < rd->ncells && rd->cells[k].vkind == GK__V_BLANK &&
         !(rd->cells[k].flags & GK__C_SEC))
    k++;
  if (k >= rd->ncells || rd->cells[k].vkind != GK__V_TEXT)
    return false;
  if (k == j)
    return true;
  match m;
  match_label(rd, k, &m);
  return m.kind != M_ROW;
}

/* === The walk over all cells === */

static gk_status read_tables(struct gk__reader *rd) {
  size_t i = 0, li = 0;
  gk_status st = GK_OK;
  GK__DOING(rd, "读取表格", "reading the tables");
  while (i < rd->ncells && !st) {
    gk__rcell *c = &rd->cells[i];
    for (; li <= c->line; li++)
      if (rd->lines[li].kind == GK__LINE_HEADING)
        rd->cur_section = rd->lines[li].section;
    if (c->vkind != GK__V_TEXT || (c->flags & GK__C_USED)) {
      i++;
      continue;
    }
    match m;
    match_label(rd, i, &m);
    if (m.kind == M_NONE) {
      size_t ht;
      const char *k = rd->keys + c->key;
      if (header_run(rd, k, c->klen, &ht)) {
        m.kind = M_HEAD;
        m.t = ht;
        m.ncells = 1;
        m.dlen = 0;
      } else if (armed(rd, GK_T_REVIEW) && !rd->row_read[GK_T_REVIEW][0] &&
                 all_digits(k, c->klen) &&
                 c->klen >= gk__ncols(rd->rep->tpl, GK_T_REVIEW, 0) *
                                rd->rep->tpl->tables[GK_T_REVIEW].nrows) {
        /* the review line, its separators and header lost */
        c->flags |= GK__C_USED;
        table_seen(rd, GK_T_REVIEW, c);
        st = add_glued(rd, GK_T_REVIEW, 0, i, c->key, c->klen);
        i++;
        continue;
      } else {
        i++;
        continue;
      }
    }
    for (size_t x = 0; x < m.ncells; x++)
      rd->cells[i + x].flags |= GK__C_USED;
    table_seen(rd, m.t, c);
    size_t after = i + m.ncells;
    bool review = m.t == GK_T_REVIEW;
    if (m.kind == M_HEAD ||
        (review && m.kind == M_ROW && !m.dlen && review_header(rd, after))) {
      /* the review line is read once: a later 总计 or 其他 is a stray
       * header cell, not the start of table 四 again */
      if (review && !rd->row_read[m.t][0])
        st = read_review(rd, m.t, after, &i);
      else
        i = after;
      continue;
    }
    rd->row_read[m.t][m.r] = true;
    rd->exp[m.t] = m.r + 1;
    if (m.dlen) {
      st = add_glued(rd, m.t, m.r, i, m.doff, m.dlen);
      i = after;
    } else {
      st = read_row(rd, m.t, m.r, i, after, &i);
    }
  }
  return st;
}

/* Rows of found tables that were never read; truncation of table apply. */
static gk_status finish_tables(struct gk__reader *rd) {
  gk_report *rep = rd->rep;
  const gk_template *tpl = rep->tpl;
  const gk_table_def *apply = &tpl->tables[GK_T_APPLY];
  size_t last = apply->nrows - 1;
  if (rep->table_found[GK_T_APPLY] &&
      (!rd->row_read[GK_T_APPLY][last] || rd->apply_cut)) {
    /* The text ends inside table 三 if nothing follows it: no heading
     * after the table's last line and no table 四. */
    bool after = rep->table_found[GK_T_REVIEW];
    for (size_t li = (size_t)rep->table_line[GK_T_APPLY]; li < rd->nlines; li++)
      if (rd->lines[li].kind == GK__LINE_HEADING)
        after = true;
    if (!after) {
      int64_t line = (int64_t)rd->nlines;
      if (rd->keep_cut) /* lines of the rebuilt text: not named */
        gk__fail(&rd->cut_err, GK_E_TRUNCATED, line, 0, -1,
                 "文本在表三结束前中断，缺少“%s”行",
                 "text ends inside table 3: row %s missing",
                 apply->rows[last].label);
      else
        return gk__fail(rd->err, GK_E_TRUNCATED, line, 0, (int64_t)rd->tlen,
                        "文本在表三（第 %lld 行起）结束前中断，缺少“%s”行",
                        "text ends inside table 3 (from line %lld): row %s "
                        "missing",
                        (long long)rep->table_line[GK_T_APPLY],
                        apply->rows[last].label);
    }
  }
  for (size_t t = 0; t < GK_TABLES; t++) {
    if (!rep->table_found[t])
      continue;
    for (size_t r = 0; r < tpl->tables[t].nrows; r++) {
      if (rd->row_read[t][r])
        continue;
      gk_status st =
          gk__finding_addf(rep, GK_RULE_MISSING_ROW, GK_SEV_ERROR, t, (int)r,
                           -1, NULL, NULL, rep->table_line[t], "表格缺少“%s”行",
                           "table lacks row %s", tpl->tables[t].rows[r].label);
      if (st)
        return st;
    }
  }
  return GK_OK;
}

/* === Template from labels === */

/* Votes for the template whose own labels (rows, columns) appear: a key
 * one template knows and the other does not decides. */
static int detect_template(struct gk__reader *rd) {
  size_t votes[GK__NTPL] = {0};
  uint16_t hit[MAX_HITS];
  for (size_t i = 0; i < rd->ncells; i++) {
    const gk__rcell *c = &rd->cells[i];
    if (c->vkind != GK__V_TEXT || c->klen > 255)
      continue;
    size_t nh = gk__read_lookup(rd, rd->keys + c->key, c->klen, hit, MAX_HITS);
    unsigned known = 0, own = 0;
    for (size_t h = 0; h < nh; h++) {
      const gk__rkey *e = &rd->kent[hit[h]];
      if (e->kind == GK__K_SECTION)
        continue;
      known |= 1u << e->tpl;
      if (e->kind == GK__K_ROW || e->kind == GK__K_COL)
        own |= 1u << e->tpl;
    }
    for (int tp = 0; tp < GK__NTPL; tp++)
      if (known == (1u << tp) && (own & known))
        votes[tp]++;
  }
  if (votes[0] != votes[1])
    return votes[0] > votes[1] ? 0 : 1;
  const gk_template *byyear = gk_template_for_year(rd->year);
  for (int tp = 0; tp < GK__NTPL; tp++)
    if (gk__templates[tp] == byyear)
      return tp;
  return GK__NTPL - 1;
}

/* === Sections === */

/* Appends s[0..n) trimmed, without [bookmark: …] markers, as one line. */
static gk_status append_clean(gk__buf *b, const char *s, size_t n) {
  s = gk__read_trim(s, &n);
  if (!n)
    return GK_OK;
  gk_status st = GK_OK;
  if (b->len && b->data[b->len - 1] != '\n')
    st = gk__buf_addc(b, '\n');
  while (n && !st) {
    const char *br = memchr(s, '[', n);
    size_t upto = br ? (size_t)(br - s) : n;
    if (br && n - upto >= 10 && memcmp(br, "[bookmark:", 10) == 0) {
      const char *e = memchr(br, ']', n - upto);
      if (e) {
        st = gk__buf_add(b, s, upto);
        n -= (size_t)(e + 1 - s);
        s = e + 1;
        continue;
      }
    }
    if (br)
      upto++;
    st = gk__buf_add(b, s, upto);
    s += upto;
    n -= upto;
  }
  return st;
}

/* A lone page number (1, 12, 123) at the end of a page. */
static bool page_number(const gk__rline *ln, const gk__rcell *cells) {
  if (ln->ncells != 1)
    return false;
  const gk__rcell *c = &cells[ln->first];
  return c->vkind == GK__V_NUM && c->klen <= 3 && c->len == c->klen;
}

static gk_status read_sections(struct gk__reader *rd) {
  gk_report *rep = rd->rep;
  gk__buf b;
  size_t start[GK_SECTIONS + 1], end[GK_SECTIONS + 1];
  int cur = 0;
  gk_status st = GK_OK;
  gk__buf_init(&b, rd->alloc, 0);
  /* reserve room up front: most reports' texts then need no regrowth */
  if (gk__buf_add(&b, rd->text, rd->tlen < 4096 ? rd->tlen : 4096))
    return nomem(rd);
  gk__buf_reset(&b);
  for (int s = 0; s <= GK_SECTIONS; s++)
    start[s] = end[s] = 0;
  GK__DOING(rd, "读取各部分正文", "reading the sections");
  for (size_t li = 0; li < rd->nlines && !st; li++) {
    const gk__rline *ln = &rd->lines[li];
    const char *s = rd->text + ln->off;
    if (ln->kind == GK__LINE_HEADING) {
      if (cur)
        end[cur] = b.len;
      cur = ln->section;
      if (b.len)
        st = gk__buf_addc(&b, '\n');
      start[cur] = b.len;
      end[cur] = b.len;
      rep->section_line[cur - 1] = (int64_t)li + 1;
      rep->section_flags[cur - 1] = ln->sflags;
      if (cur == GK_SECTIONS)
        rd->tail_line = li + 1;
      continue;
    }
    if (!cur || ln->kind == GK__LINE_BLANK || ln->kind == GK__LINE_MDSEP ||
        ln->kind == GK__LINE_CONT)
      continue;
    size_t used = 0;
    for (size_t k = 0; k < ln->ncells; k++)
      if (rd->cells[ln->first + k].flags & GK__C_USED)
        used++;
    if (ln->kind == GK__LINE_PLAIN && !used) {
      if (!page_number(ln, rd->cells))
        st = append_clean(&b, s, ln->len);
      continue;
    }
    /* a table line: keep what the parser did not recognise */
    for (size_t k = 0; k < ln->ncells && !st; k++) {
      const gk__rcell *c = &rd->cells[ln->first + k];
      if (!(c->flags & GK__C_USED) && c->klen && c->vkind == GK__V_TEXT)
        st = append_clean(&b, rd->text + c->off, c->len);
    }
  }
  if (cur)
    end[cur] = b.len;
  for (int n = 1; n <= GK_SECTIONS && !st; n++)
    if (rep->section_flags[n - 1] & GK_SECTION_FOUND) {
      const char *txt = b.data ? b.data + start[n] : "";
      unsigned flags = rep->section_flags[n - 1];
      st = gk_report_set_section(rep, n, txt, end[n] - start[n]);
      rep->section_flags[n - 1] = flags;
    }
  gk__buf_free(&b);
  if (st)
    return nomem(rd);
  return GK_OK;
}

/* === Entry point === */

static size_t sections_found(const gk_report *rep) {
  size_t n = 0;
  for (size_t s = 0; s < GK_SECTIONS; s++)
    if (rep->section_flags[s] & GK_SECTION_FOUND)
      n++;
  return n;
}

static gk_status truncated_finding(gk_report *rep, const gk_error *e1);

/* Reads the decoded text rd->text (gk__read_decode) into rd->rep. */
static gk_status read_decoded(struct gk__reader *rd, const gk_read_opts *opts) {
  if (!rd->keys_ready) {
    gk__read_build_keys(rd);
    rd->keys_ready = true;
  }
  gk_status st = gk__read_cut(rd);
  if (st)
    return st;
  gk__read_title(rd);
  rd->tpl_index = detect_template(rd);
  /* the keys label prefixes and header rows are made of, for this
   * template only: those loops run over them per unmatched cell */
  rd->nkpre = rd->nkhdr = 0;
  for (size_t i = 0; i < rd->nkent; i++) {
    const gk__rkey *e = &rd->kent[i];
    if (e->tpl != rd->tpl_index)
      continue;
    if (e->kind == GK__K_GROUP || e->kind == GK__K_HEAD)
      rd->kpre[rd->nkpre++] = (uint16_t)i;
    /* table review prints its row labels in its header */
    if (e->kind == GK__K_GROUP || e->kind == GK__K_HEAD ||
        e->kind == GK__K_COL || (e->kind == GK__K_ROW && e->t == GK_T_REVIEW))
      rd->khdr[rd->nkhdr++] = (uint16_t)i;
  }
  st = gk__report_new(&rd->rep, gk__templates[rd->tpl_index], rd->alloc,
                      &rd->limits);
  if (st)
    return nomem(rd);
  const gk_template *tpl = rd->rep->tpl;
  size_t used = 0;
  for (size_t t = 0; t < GK_TABLES; t++) {
    rd->row_read[t] = rd->row_read_store + used;
    used += tpl->tables[t].nrows;
  }
  if (used > sizeof(rd->row_read_store) ||
      tpl->tables[GK_T_APPLY].nrows > 32) /* recover.c's row map */
    return gk__fail(rd->err, GK_E_ARG, 0, 0, -1, "模板行数超出读取器上限",
                    "template has more rows than the reader holds");
  st = read_tables(rd);
  if (st)
    return st;
  st = gk__read_recover(rd);
  if (st)
    return st;
  st = finish_tables(rd);
  if (st)
    return st;
  st = read_sections(rd);
  if (st)
    return st;
  gk_report *rep = rd->rep;
  if (!rep->table_found[GK_T_APPLY] && sections_found(rep) < 2 && !rd->titled) {
    char ex[64];
    gk__excerpt(ex, sizeof(ex), rd->text, rd->tlen, 60);
    return gk__fail(
        rd->err, GK_E_NOT_REPORT, 1, 1, 0,
        "不是政府信息公开工作年度报告（未找到表三，找到 %zu 个部分标题）：%s",
        "not an annual report (no table 3, %zu section headings): %s",
        sections_found(rep), ex);
  }
  if (!rep->table_found[GK_T_APPLY]) {
    /* an excerpt, or a page cut before table 三: what was read is kept,
     * one finding names all it lacks */
    gk_error cut;
    gk_error_clear(&cut); /* gk__fail keeps a first error */
    gk__fail(&cut, GK_E_TRUNCATED, (int64_t)rd->nlines, 0, -1,
             "文本中没有表三（摘录，或在表三之前中断）",
             "the text holds no table 3 (an excerpt, or cut before it)");
    if (truncated_finding(rep, &cut))
      return nomem(rd);
  }
  if (!rd->tail_line)
    rd->tail_line = (size_t)rd->last_table_line;
  gk__read_date(rd);
  if (rd->agency[0] && gk_report_set_agency(rep, rd->agency))
    return nomem(rd);
  if (opts && opts->source_name &&
      gk_report_set_source_name(rep, opts->source_name))
    return nomem(rd);
  rep->year = rd->year;
  rep->period_from = rd->period_from;
  rep->period_to = rd->period_to;
  rep->period_stated = rd->period_stated;
  rep->date = rd->date;
  rep->date_line = rd->date_line;
  return GK_OK;
}

static gk_status read_all(struct gk__reader *rd, const gk_read_opts *opts,
                          const char *buf, size_t len) {
  gk_status st = gk__read_decode(rd, buf, len);
  return st ? st : read_decoded(rd, opts);
}

struct gk_reader {
  struct gk__reader rd; /* state; buffers and label keys survive reads */
};

gk_status gk_reader_new(gk_reader **out, const gk_alloc *alloc) {
  if (!out)
    return GK_E_ARG;
  if (!alloc)
    alloc = gk_alloc_default();
  *out = gk__calloc(alloc, 1, sizeof(**out));
  if (!*out)
    return GK_E_NOMEM;
  (*out)->rd.alloc = alloc;
  return GK_OK;
}

void gk_reader_free(gk_reader *reader) {
  if (!reader)
    return;
  const gk_alloc *alloc = reader->rd.alloc;
  gk__read_close_conv(&reader->rd);
  gk__free(alloc, reader->rd.lines);
  gk__free(alloc, reader->rd.cells);
  gk__free(alloc, reader->rd.keys);
  gk__free(alloc, reader->rd.owned);
  gk__free(alloc, reader);
}

struct gk__reader *gk__reader_state(gk_reader *reader) {
  return &reader->rd;
}

const gk_alloc *gk__reader_alloc(const gk_reader *reader) {
  return reader->rd.alloc; /* the .docx reader allocates with it too */
}

/* Clears the per-read state; keeps the allocator, the buffers (pointer
 * and capacity) and the label keys, which are the same for every read. */
static void reader_reset(struct gk__reader *rd) {
  const gk_alloc *alloc = rd->alloc;
  gk__rline *lines = rd->lines;
  gk__rcell *cells = rd->cells;
  char *keys = rd->keys;
  size_t lines_cap = rd->lines_cap, cells_cap = rd->cells_cap;
  size_t kcap = rd->kcap;
  gk__free(alloc, rd->owned);
  /* only the fields the phases rely on start zeroed: the key store and
   * scratch arrays are written before they are read */
  memset(rd, 0, offsetof(struct gk__reader, kstore));
  memset(&rd->rep, 0, sizeof(*rd) - offsetof(struct gk__reader, rep));
  rd->alloc = alloc;
  rd->lines = lines;
  rd->lines_cap = lines_cap;
  rd->cells = cells;
  rd->cells_cap = cells_cap;
  rd->keys = keys;
  rd->kcap = kcap;
}

gk_status gk__read_opts_check(const gk_read_opts *opts, gk_error *err) {
  if (!opts)
    return GK_OK;
  gk_status st = gk__opts_version(opts->version, GK_READ_OPTS_VERSION,
                                  "gk_read_opts", "opts", err);
  if (st)
    return st;
  if (opts->flags & ~GK_READ_ALL)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效：未知的读取标志 0x%x",
                    "invalid argument: unknown read flags 0x%x",
                    opts->flags & ~GK_READ_ALL);
  return GK_OK;
}

/* Errors a reader reports when it could not place every value. */
static size_t count_rule(const gk_report *rep, const char *rule) {
  size_t n = 0;
  for (size_t i = 0; rep && i < rep->nfindings; i++)
    n += strcmp(rep->findings[i].rule, rule) == 0;
  return n;
}

/* True if two rows of table disclose or apply were read from one line:
 * the text lost its line breaks (a page saved as one line), and the
 * line reading's row-cell-count or bad-number errors are the layout's. */
static bool rows_share_lines(const gk_report *rep) {
  for (size_t t = 0; t < GK_T_REVIEW; t++) {
    int64_t prev = 0;
    for (size_t r = 0; r < rep->tpl->tables[t].nrows; r++) {
      const gk_cell *c = gk__ccell(rep, t, r, 0);
      if (!c->line)
        continue;
      if (c->line == prev)
        return true;
      prev = c->line;
    }
  }
  return false;
}

/* Sections and tables found: a heading wrapped over two lines is lost to
 * the line reading, not to the stream. */
static size_t found_parts(const gk_report *rep) {
  size_t n = 0;
  for (size_t t = 0; rep && t < GK_TABLES; t++)
    n += rep->table_found[t];
  for (int s = 0; rep && s < GK_SECTIONS; s++)
    n += (rep->section_flags[s] & GK_SECTION_FOUND) != 0;
  return n;
}

static size_t reader_errors(const gk_report *rep) {
  size_t n = 0;
  if (!rep)
    return 0;
  for (size_t i = 0; i < rep->nfindings; i++) {
    const char *r = rep->findings[i].rule;
    if (rep->findings[i].sev == GK_SEV_ERROR &&
        (!strcmp(r, GK_RULE_MISSING_ROW) || !strcmp(r, GK_RULE_ROW_CELLS) ||
         !strcmp(r, GK_RULE_BAD_NUMBER) || !strcmp(r, GK_RULE_AMBIGUOUS_CELLS)))
      n++;
  }
  return n;
}

/* Findings of the stream reading that its tab-line form cannot carry. */
static gk_status flow_findings(gk_report *rep,
                               const struct gk__flow_notes *nt) {
  gk_status st = GK_OK;
  /* The notes name rows of the template the stream reading aligned to;
   * when the rebuilt text reads as another one (a 2019 table in a 2021
   * report, say), their row numbers mean nothing there (found by
   * fuzz_text: a row past the end of apply_2019). */
  if (gk__templates[nt->tpl] != rep->tpl)
    return GK_OK;
  for (size_t i = 0; i < nt->nloose && !st; i++) {
    const struct gk__flow_loose *l = &nt->loose[i];
    if (l->t >= GK_TABLES || l->r >= rep->tpl->tables[l->t].nrows)
      continue;
    st = gk__finding_addf(rep, GK_RULE_LABEL_LOOSE, GK_SEV_WARNING, l->t, l->r,
                          -1, NULL, NULL, l->line,
                          "标签“%s”与模板不完全一致，按位置读为“%s”行",
                          "label %s differs from the template; read by its "
                          "place as row %s",
                          l->text, row_label(rep, l->t, l->r));
  }
  for (size_t i = 0; i < nt->ngroup && !st; i++) {
    size_t g = nt->group_first[i], r = nt->group_row[i];
    if (g >= rep->tpl->tables[GK_T_APPLY].nrows ||
        r >= rep->tpl->tables[GK_T_APPLY].nrows)
      continue;
    st = gk__finding_addf(
        rep, GK_RULE_ROW_VARIANT, GK_SEV_WARNING, GK_T_APPLY, (int)r, -1, NULL,
        NULL, nt->group_line[i],
        "“%s”印成一行、没有分项：数值计入“%s”，其余分项按0计",
        "%s is printed as one row without its sub-rows: its numbers go to "
        "%s, the other sub-rows read 0",
        gk__row(rep->tpl, GK_T_APPLY, g)->group, row_label(rep, GK_T_APPLY, r));
  }
  return st;
}

/* True if every table and section was found: the stream reading went
 * past where the line reading stopped. */
static bool complete(const gk_report *rep) {
  for (size_t t = 0; t < GK_TABLES; t++)
    if (!rep->table_found[t])
      return false;
  for (int s = 0; s < GK_SECTIONS; s++)
    if (!(rep->section_flags[s] & GK_SECTION_FOUND))
      return false;
  return true;
}

/* The text ends inside table 三 (the line reading failed with
 * GK_E_TRUNCATED, 'e1'): one finding says so and names the tables and
 * sections never reached; the rows read are kept. */
static gk_status truncated_finding(gk_report *rep, const gk_error *e1) {
  char zh[200], en[200];
  size_t oz = 0, oe = 0;
  zh[0] = en[0] = '\0';
  for (size_t t = 0; t < GK_TABLES; t++)
    if (!rep->table_found[t]) {
      oz += (size_t)snprintf(zh + oz, sizeof(zh) - oz, "%s表%s", oz ? "、" : "",
                             t == 0   ? "二"
                             : t == 1 ? "三"
                                      : "四");
      oe += (size_t)snprintf(en + oe, sizeof(en) - oe, "%stable %zu",
                             oe ? ", " : "", t + 2);
      if (oz >= sizeof(zh) || oe >= sizeof(en))
        break;
    }
  for (int s = 0; s < GK_SECTIONS && oz < sizeof(zh) && oe < sizeof(en); s++)
    if (!(rep->section_flags[s] & GK_SECTION_FOUND)) {
      static const char *const cn[] = {"一", "二", "三", "四", "五", "六"};
      oz += (size_t)snprintf(zh + oz, sizeof(zh) - oz, "%s第%s部分",
                             oz ? "、" : "", cn[s]);
      oe += (size_t)snprintf(en + oe, sizeof(en) - oe, "%ssection %d",
                             oe ? ", " : "", s + 1);
    }
  return gk__finding_addf(
      rep, GK_RULE_TRUNCATED, GK_SEV_ERROR, GK_T_APPLY, -1, -1, NULL, NULL,
      e1->line, "%s；未读到：%s；已读取的部分照常输出%.0s%.0s",
      "%.0s%.0s%s; not reached: %s; what was read is kept", e1->message,
      zh[0] ? zh : "无", e1->message_en, en[0] ? en : "none");
}

/* The stream reading of a text (flow.c), kept apart from the line
 * reading so that either may run first. */
typedef struct flow_read {
  gk_status st;     /* its status */
  gk_report *rep;   /* its report (st == GK_OK), or NULL */
  int64_t *map;     /* rebuilt line → source line */
  size_t nmap;      /* entries of map */
  gk_error err;     /* its error */
  gk_error cut_err; /* where the rebuilt text ends inside table 三 */
} flow_read;

/* The decoded text rd->text through the layout-free core: rebuilt as tab
 * lines from the labels found anywhere in the character stream, then read
 * as before, into '*fr'. rd->rep, rd->text and rd->owned are as they were
 * on return; the reader's other per-read state is the rebuilt text's. */
static void flow_run(struct gk__reader *rd, const gk_read_opts *opts,
                     flow_read *fr) {
  gk__buf canon;
  struct gk__flow_notes notes;
  memset(fr, 0, sizeof(*fr));
  memset(&notes, 0, sizeof(notes));
  gk_error_clear(&fr->err);
  gk_error_clear(&fr->cut_err);
  gk_report *rep1 = rd->rep;
  gk_error *e1 = rd->err;
  const char *text = rd->text;
  size_t tlen = rd->tlen;
  char *owned = rd->owned; /* the decoded text outlives the second read */
  rd->owned = NULL;
  rd->rep = NULL;
  gk__buf_init(&canon, rd->alloc, 0);
  gk_status st = gk__read_flow(rd, &canon, &fr->map, &fr->nmap, &notes);
  if (!st) {
    gk_limits lim = rd->limits;
    reader_reset(rd);
    rd->limits = lim;
    rd->err = &fr->err;
    rd->keep_cut = true;
    rd->own_utf8 = true;
    st = read_all(rd, opts, canon.data ? canon.data : "", canon.len);
    if (!st)
      st = flow_findings(rd->rep, &notes);
    if (st == GK_E_NOMEM)
      gk__read_nomem(rd);
    fr->cut_err = rd->cut_err;
  }
  fr->st = st;
  fr->rep = rd->rep;
  rd->rep = rep1;
  gk__buf_free(&canon);
  gk__free(rd->alloc, rd->owned);
  rd->owned = owned;
  rd->text = text;
  rd->tlen = tlen;
  rd->err = e1;
}

/* Frees what a stream reading holds. */
static void flow_drop(struct gk__reader *rd, flow_read *fr) {
  gk_report_free(fr->rep);
  fr->rep = NULL;
  gk__free(rd->alloc, fr->map);
  fr->map = NULL;
}

/* Chooses between the line reading (rd->rep; 'first' its status, '*e1'
 * its error) and the stream reading '*fr' (consumed). The stream reading
 * is kept when it reads where the line reading failed, or places more
 * values. */
static gk_status flow_choose(struct gk__reader *rd, gk_status first,
                             gk_error *e1, flow_read *fr) {
  gk_report *rep1 = rd->rep;
  gk_status st = fr->st;
  /* the stream reading replaces a line reading that failed, or had
   * errors the stream reading has not; with errors on both sides, only
   * when the line reading lost rows and the stream reading has fewer (a
   * wrong number in a well-laid table stays the line reading's finding),
   * or when the stream reading found sections or tables the line reading
   * missed with no more errors (a page on one line whose cells are cut by
   * tabs: its cells read by lines, its headings not) */
  size_t e_flow = st ? SIZE_MAX : reader_errors(fr->rep);
  size_t e_line = reader_errors(rep1);
  bool more = !st && found_parts(fr->rep) > found_parts(rep1);
  /* a line reading with neither table 三 nor two sections is read only
   * for its title (an excerpt): as good as failed when the stream reading
   * finds what a report is made of (a page saved as one line) */
  bool bare =
      rep1 && !rep1->table_found[GK_T_APPLY] && sections_found(rep1) < 2 &&
      !st && (fr->rep->table_found[GK_T_APPLY] || sections_found(fr->rep) >= 2);
  bool take =
      !st &&
      (first || bare || (e_flow == 0 && (e_line > 0 || more)) ||
       (more && e_flow <= e_line) ||
       ((count_rule(rep1, GK_RULE_MISSING_ROW) || rows_share_lines(rep1)) &&
        e_flow < e_line));
  if (take && fr->cut_err.code && !complete(fr->rep) &&
      !count_rule(fr->rep, GK_RULE_TRUNCATED))
    st = truncated_finding(fr->rep, &fr->cut_err);
  take = take && !st;
  if (take) {
    gk__report_map_lines(fr->rep, fr->map, fr->nmap);
    gk_report_free(rep1);
    rd->rep = fr->rep;
    fr->rep = NULL;
  } else if (st == GK_E_NOMEM) {
    *e1 = fr->err;
    first = st;
  }
  flow_drop(rd, fr);
  return take ? GK_OK : first;
}

/* True if the line reading's outcome (status 'st', report rd->rep) leaves
 * room for the stream reading: it failed on what the stream may read, had
 * reader errors, or found fewer sections or tables. */
static bool flow_wanted(const struct gk__reader *rd, gk_status st) {
  return st != GK_E_NOMEM && st != GK_E_TOO_LARGE && st != GK_E_ARG &&
         st != GK_E_BINARY && st != GK_E_ENCODING && st != GK_E_EMPTY &&
         (st || reader_errors(rd->rep) ||
          found_parts(rd->rep) < GK_SECTIONS + GK_TABLES);
}

/* True if the line reading of the decoded text cannot find six section
 * headings (a heading is a line of its own, at most GK__HEADING_MAX bytes
 * trimmed: cells.c) and cannot fail on a limit while cutting (line
 * length; cells, at most one a byte plus one a line). Such a text (a page
 * saved as one line) always goes on to the stream reading. */
static bool few_heading_lines(const struct gk__reader *rd) {
  const char *text = rd->text;
  size_t len = rd->tlen, pos = 0, heads = 0;
  if (len >= (rd->limits.max_cells - 1) / 2)
    return false;
  while (pos < len) {
    /* lines as gk__read_cut cuts them: LF, CRLF or a lone CR */
    const char *s = text + pos;
    const char *nl = memchr(s, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - s) : len - pos;
    size_t next = pos + n + (nl ? 1 : 0);
    const char *cr = memchr(s, '\r', n);
    if (cr) {
      size_t at = (size_t)(cr - s);
      if (!(at + 1 == n && nl))
        next = pos + at + 1;
      n = at;
    }
    if (n > rd->limits.max_line_bytes)
      return false;
    size_t tn = n;
    gk__read_trim(s, &tn);
    if (tn && tn <= GK__HEADING_MAX && ++heads >= GK_SECTIONS)
      return false;
    pos = next;
  }
  return true;
}

/* Reads the text into rd->rep: by lines, then as a stream when the line
 * reading leaves room for it (flow_wanted), keeping the better reading.
 * A text few_heading_lines() accepts (a page saved as one line) is read
 * as a stream first: its line reading finds fewer than six sections, so a
 * stream reading that finds every section and table without a reader
 * error is kept whatever the line reading reads (flow_choose), and the
 * line reading is skipped; otherwise it runs and the stream reading
 * already made is used. Either order gives the same report. */
static gk_status read_text(struct gk__reader *rd, const gk_read_opts *opts,
                           const char *buf, size_t len, gk_error *e1,
                           int64_t *glued) {
  flow_read fr;
  bool have_flow = false;
  rd->line_reads = 0;
  gk_status st = gk__read_decode(rd, buf, len);
  /* where a second report starts, found by the decoding of the input
   * (the stream reading then reads the cut, rebuilt text) */
  *glued = rd->glued_line;
  if (!st) {
    if (!rd->keys_ready) {
      gk__read_build_keys(rd);
      rd->keys_ready = true;
    }
    if (!rd->line_first && few_heading_lines(rd)) {
      flow_run(rd, opts, &fr);
      have_flow = true;
      if (fr.st == GK_E_NOMEM ||
          (!fr.st && !reader_errors(fr.rep) &&
           found_parts(fr.rep) == GK_SECTIONS + GK_TABLES))
        return flow_choose(rd, GK_E_NOT_REPORT, e1, &fr);
    }
  }
  if (have_flow) {
    /* the line reading from the start, as if nothing had run */
    gk_limits lim = rd->limits;
    reader_reset(rd);
    rd->limits = lim;
    rd->err = e1;
    gk_error_clear(e1);
    st = read_all(rd, opts, buf, len);
  } else if (!st) {
    st = read_decoded(rd, opts); /* the text decoded above */
  }
  rd->line_reads++;
  if (st == GK_E_NOMEM)
    gk__read_nomem(rd); /* findings fail without a message; first wins */
  if (!flow_wanted(rd, st)) {
    if (have_flow)
      flow_drop(rd, &fr);
    return st;
  }
  if (!have_flow)
    flow_run(rd, opts, &fr);
  return flow_choose(rd, st, e1, &fr);
}

gk_status gk_reader_read_text(gk_reader *reader, gk_report **out,
                              const char *buf, size_t len,
                              const gk_read_opts *opts, gk_error *err) {
  if (!out)
    return GK_E_ARG;
  *out = NULL;
  if (!reader || (!buf && len))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效：reader 或 buf 为 NULL",
                    "invalid argument: reader or buf is NULL");
  struct gk__reader *rd = &reader->rd;
  gk_status bad = gk__read_opts_check(opts, err);
  if (bad)
    return bad;
  if (opts && opts->alloc && opts->alloc != rd->alloc)
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "参数无效：读取选项的分配器与读取器的不同",
                    "invalid argument: the options' allocator differs from "
                    "the reader's");
  reader_reset(rd);
  gk_error e1;
  gk_error_clear(&e1);
  rd->err = &e1;
  gk__limits_resolve(&rd->limits, opts ? &opts->limits : NULL);
  int64_t glued = 0;
  gk_status st = read_text(rd, opts, buf ? buf : "", len, &e1, &glued);
  if (!st && glued && gk__read_glued_finding(rd->rep, glued))
    st = gk__read_nomem(rd);
  if (err && st)
    *err = e1;
  if (st) {
    gk_report_free(rd->rep);
  } else {
#ifndef NDEBUG
    gk__report_check_invariants(rd->rep);
#endif
    *out = rd->rep;
  }
  rd->rep = NULL;
  gk__free(rd->alloc, rd->owned);
  rd->owned = NULL;
  rd->err = NULL;
  return st;
}

gk_status gk_report_read_text(gk_report **out, const char *buf, size_t len,
                              const gk_read_opts *opts, gk_error *err) {
  if (!out)
    return GK_E_ARG;
  *out = NULL;
  gk_reader *reader = NULL;
  const gk_alloc *alloc = opts && opts->alloc ? opts->alloc : NULL;
  if (gk_reader_new(&reader, alloc))
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  gk_status st = gk_reader_read_text(reader, out, buf, len, opts, err);
  gk_reader_free(reader);
  return st;
}
