/* docx.c: gk_reader_read_docx, a .docx into the report model.
 *
 * Source of truth: ECMA-376 Part 1 §17 (WordprocessingML: w:p, w:tbl,
 * w:tc, w:gridSpan, w:vMerge, w:fldSimple/w:fldChar, w:txbxContent,
 * w:ins/w:del/w:moveFrom, w:numPr), Part 3 (mc:AlternateContent). The tables
 * and labels are the text reader's business (text.c, template.c).
 *
 * Design: word/document.xml is streamed once through libxml2's
 * xmlTextReader (inflated by pkg.c as the parser asks, never whole in
 * memory) and turned into the line form the text reader parses: a body
 * paragraph is a line, a table row is a line of its cells separated by
 * tabs (a cell's paragraphs joined by a space; a vertically merged
 * continuation cell left out, as it holds nothing). For every emitted
 * cell the reader records where it stands in the text and in the document
 * (table, row, cell), then runs gk_reader_read_text on the text and maps
 * each value it filled back to its document cell (gk_report_cell_source).
 * Line numbers of findings are lines of that form: the n-th paragraph or
 * table row of the document.
 *
 * Automatic numbering (w:numPr, ECMA-376 §17.9): the 一、 （一） 1. that
 * Word shows but that live in word/numbering.xml, not in the text. When
 * the package has that part, docx_numbering.c reads it (and the paragraph
 * styles' numbering of word/styles.xml) before the body; each paragraph's
 * w:pStyle, w:numId and w:ilvl are taken from its w:pPr (not from a
 * tracked w:pPrChange), the paragraph is counted when its w:pPr ends, and
 * the label goes before its first text, in body paragraphs, cells and
 * text boxes alike. A package without numbering.xml pays one look-up.
 *
 * Hostile input: the archive is vetted by pkg.c (names, entry count,
 * sizes, ratio: a bomb stops while inflating); the XML is parsed without
 * entity substitution, DTD loading or network (no XML_PARSE_NOENT,
 * XML_PARSE_DTDLOAD, XML_PARSE_HUGE; XML_PARSE_NONET), a document type
 * declaration is refused outright (XXE, billion laughs), and nesting is
 * capped by gk_limits.max_xml_depth: gk__docx_walk_part does this for
 * every part read (document, numbering, styles). Every failure names the
 * file, the part and the line and column in it. */
#include "../model/report.h"
#include "docx_internal.h"

#include <stdio.h>
#include <string.h>

#define MAIN_PART "word/document.xml"
#define NUMBERING_PART "word/numbering.xml"
#define W_NS GK__W_NS
#define W_NS_STRICT GK__W_NS_STRICT
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define MAX_TABLE_NESTING 32 /* tables inside cells inside tables */

/* A cell written into a row line, before the row reaches the text. */
typedef struct dx_src {
  uint32_t off;  /* start in the text (in the row line until emitted) */
  uint32_t len;  /* bytes */
  int32_t table; /* document position */
  int32_t row;
  int32_t cell;
} dx_src;

/* An open table (nested tables stack up). */
typedef struct dx_table {
  int32_t index; /* document order of its w:tbl */
  int32_t row;   /* current row, -1 before the first */
  int32_t cell;  /* current w:tc of the row, -1 before the first */
  bool in_cell;  /* inside a w:tc */
  bool cont;     /* the cell continues a vertical merge */
  bool layout;   /* the cell holds a table: a layout cell, whose
                    paragraphs are lines of their own */
  size_t ncells; /* cells written into the row line */
  gk__buf cellb; /* text of the current cell */
  gk__buf line;  /* the row's line so far */
  gk__buf pend;  /* dx_src of the row's cells (bytes) */
} dx_table;

typedef struct dx {
  const gk_alloc *alloc; /* our allocator */
  gk_limits lim;         /* resolved limits */
  gk_error *err;         /* where failures go */
  xmlTextReaderPtr xr;   /* the XML stream */
  gk__buf text;          /* the line form, fed to the text reader */
  gk__buf para;          /* current body paragraph */
  int pdepth;            /* open body paragraphs (text boxes nest) */
  bool in_t;             /* inside w:t: its text nodes are content */
  dx_table tables[MAX_TABLE_NESTING]; /* open tables, innermost last */
  size_t ntables;                     /* open */
  int32_t tables_seen;                /* w:tbl elements so far */
  gk__buf srcs; /* dx_src of emitted cells, in text order */
  /* automatic numbering (NULL: the package has no numbering part) */
  gk__numbering *num;
  bool p_wait;       /* a paragraph opened, its w:pPr not yet seen */
  bool in_ppr;       /* inside that w:pPr */
  bool label_due;    /* label[] goes before the paragraph's text */
  int32_t p_num;     /* its w:numId, -1 if none */
  int32_t p_ilvl;    /* its w:ilvl, -1 if none */
  size_t label_len;  /* bytes of label */
  char p_style[256]; /* its w:pStyle ("" if none) */
  char label[GK__LABEL_MAX];
} dx;

/* === Errors === */

static gk_status nomem(dx *d) {
  return gk__fail(d->err, GK_E_NOMEM, 0, 0, -1, "读取 .docx 时内存不足",
                  "out of memory reading the .docx");
}

static gk_status xml_fail(dx *d, gk_status st, const char *zh, const char *en) {
  return gk__docx_xml_fail(d->xr, MAIN_PART, d->err, st, zh, en);
}

/* === Building the line form === */

/* Appends s[0..n) to 'b' with tabs and line breaks as spaces: they would
 * cut cells and lines the document does not cut. */
static gk_status add_text(gk__buf *b, const char *s, size_t n) {
  size_t i = 0;
  gk_status st = GK_OK;
  while (i < n && !st) {
    size_t j = i;
    while (j < n && s[j] != '\t' && s[j] != '\n' && s[j] != '\r')
      j++;
    st = gk__buf_add(b, s + i, j - i);
    if (!st && j < n)
      st = gk__buf_addc(b, ' ');
    i = j + 1;
  }
  return st;
}

static gk_status add_space(gk__buf *b) {
  if (b->len && b->data[b->len - 1] != ' ')
    return gk__buf_addc(b, ' ');
  return GK_OK;
}

/* Where run text goes: the innermost open cell, else the paragraph. */
static gk__buf *sink(dx *d) {
  if (d->ntables && d->tables[d->ntables - 1].in_cell)
    return &d->tables[d->ntables - 1].cellb;
  return &d->para;
}

/* Writes each paragraph of b ('\n'-separated), trimmed, as a line. */
static gk_status emit_lines(dx *d, gk__buf *b) {
  const char *s = b->data ? b->data : "";
  size_t n = b->len, i = 0;
  gk_status st = GK_OK;
  while (i < n && !st) {
    const char *nl = memchr(s + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - s) : n, a = i, z = e;
    while (a < z && s[a] == ' ')
      a++;
    while (z > a && s[z - 1] == ' ')
      z--;
    if (z > a) {
      st = gk__buf_add(&d->text, s + a, z - a);
      if (!st)
        st = gk__buf_addc(&d->text, '\n');
    }
    i = e + 1;
  }
  gk__buf_reset(b);
  return st;
}

/* Ends the body paragraph's line (if it has text). */
static gk_status flush_para(dx *d) {
  size_t n = d->para.len;
  const char *s = d->para.data;
  while (n && s[n - 1] == ' ')
    n--;
  size_t i = 0;
  while (i < n && s[i] == ' ')
    i++;
  gk_status st = GK_OK;
  if (n > i) {
    st = gk__buf_add(&d->text, s + i, n - i);
    if (!st)
      st = gk__buf_addc(&d->text, '\n');
  }
  gk__buf_reset(&d->para);
  return st;
}

static gk_status table_open(dx *d) {
  if (d->ntables == MAX_TABLE_NESTING)
    return xml_fail(d, GK_E_CORRUPT, "表格嵌套过深", "tables nested too deep");
  if (!d->ntables && d->pdepth == 0) {
    gk_status st = flush_para(d);
    if (st)
      return st;
  }
  if (d->ntables && d->tables[d->ntables - 1].in_cell) {
    /* a table in a cell: the outer table is layout; what the cell said
     * so far comes before the inner table's rows */
    dx_table *o = &d->tables[d->ntables - 1];
    o->layout = true;
    gk_status st = emit_lines(d, &o->cellb);
    if (st)
      return st;
  }
  dx_table *t = &d->tables[d->ntables++];
  t->index = d->tables_seen++;
  t->row = -1;
  t->cell = -1;
  t->in_cell = false;
  t->cont = false;
  t->ncells = 0;
  gk__buf_reset(&t->cellb);
  gk__buf_reset(&t->line);
  gk__buf_reset(&t->pend);
  return GK_OK;
}

static void row_open(dx_table *t) {
  t->row++;
  t->cell = -1;
  t->ncells = 0;
  gk__buf_reset(&t->line);
  gk__buf_reset(&t->pend);
}

static void cell_open(dx_table *t) {
  t->cell++;
  t->in_cell = true;
  t->cont = false;
  t->layout = false;
  gk__buf_reset(&t->cellb);
}

/* Writes the cell into the row line, trimmed, its paragraphs joined by
 * spaces, and remembers where; a layout cell's paragraphs are lines. */
static gk_status cell_close(dx *d, dx_table *t) {
  t->in_cell = false;
  if (t->layout)
    return emit_lines(d, &t->cellb);
  if (t->cont)
    return GK_OK;
  for (size_t k = 0; k < t->cellb.len; k++)
    if (t->cellb.data[k] == '\n')
      t->cellb.data[k] = ' ';
  const char *s = t->cellb.data ? t->cellb.data : "";
  size_t n = t->cellb.len, i = 0;
  while (n && s[n - 1] == ' ')
    n--;
  while (i < n && s[i] == ' ')
    i++;
  /* every cell follows a tab, as Tika writes cells: the text reader
   * then keeps empty cells (blanks) even at the end of the row */
  gk_status st = gk__buf_addc(&t->line, '\t');
  t->ncells++;
  dx_src src = {(uint32_t)t->line.len, (uint32_t)(n - i), t->index, t->row,
                t->cell};
  if (!st)
    st = gk__buf_add(&t->line, s + i, n - i);
  if (!st)
    st = gk__buf_add(&t->pend, &src, sizeof(src));
  return st;
}

/* Writes the row's line into the text and its cells' positions. */
static gk_status row_close(dx *d, dx_table *t) {
  if (t->in_cell) {
    gk_status st = cell_close(d, t);
    if (st)
      return st;
  }
  if (!t->ncells)
    return GK_OK;
  size_t base = d->text.len;
  if (base + t->line.len + 1 > UINT32_MAX)
    return gk__fail(d->err, GK_E_TOO_LARGE, 0, 0, -1, "文档文本超过 4 GiB",
                    "document text over 4 GiB");
  gk_status st =
      gk__buf_add(&d->text, t->line.data ? t->line.data : "", t->line.len);
  if (!st)
    st = gk__buf_addc(&d->text, '\n');
  size_t np = t->pend.len / sizeof(dx_src);
  for (size_t k = 0; k < np && !st; k++) {
    dx_src src;
    memcpy(&src, t->pend.data + k * sizeof(dx_src), sizeof(src));
    src.off += (uint32_t)base;
    st = gk__buf_add(&d->srcs, &src, sizeof(src));
  }
  gk__buf_reset(&t->line);
  gk__buf_reset(&t->pend);
  t->ncells = 0;
  return st;
}

/* === The walk over word/document.xml === */

enum {
  E_OTHER = 0,
  E_P,
  E_T,
  E_TAB,
  E_BR,
  E_TBL,
  E_TR,
  E_TC,
  E_VMERGE,
  E_SKIP, /* subtrees whose text is not the document's: deleted or moved
             text, field instructions, the fallback of alternate content,
             the former properties of a tracked change */
  E_HYPHEN,
  E_PPR, /* paragraph properties: where w:numPr and w:pStyle stand */
  E_PSTYLE,
  E_NUMID,
  E_ILVL
};

static int classify(const xmlChar *ns, const xmlChar *local) {
  const char *u = (const char *)ns, *l = (const char *)local;
  if (!u || !l)
    return E_OTHER;
  if (strcmp(u, W_NS) == 0 || strcmp(u, W_NS_STRICT) == 0) {
    switch (l[0]) {
    case 'p':
      if (l[1] == '\0')
        return E_P;
      if (l[1] == 'P' && l[2] == 'r') /* w:pPr on every paragraph */
        return l[3] == '\0'                   ? E_PPR
               : strcmp(l + 3, "Change") == 0 ? E_SKIP
                                              : E_OTHER;
      return l[1] == 'S' && strcmp(l, "pStyle") == 0 ? E_PSTYLE : E_OTHER;
    case 't':
      if (l[1] == '\0')
        return E_T;
      if (strcmp(l, "tab") == 0)
        return E_TAB;
      if (strcmp(l, "tbl") == 0)
        return E_TBL;
      if (strcmp(l, "tr") == 0)
        return E_TR;
      if (strcmp(l, "tc") == 0)
        return E_TC;
      return E_OTHER;
    case 'b':
      return strcmp(l, "br") == 0 ? E_BR : E_OTHER;
    case 'c':
      return strcmp(l, "cr") == 0 ? E_BR : E_OTHER;
    case 'v':
      return strcmp(l, "vMerge") == 0 ? E_VMERGE : E_OTHER;
    case 'd':
      return strcmp(l, "del") == 0 || strcmp(l, "delText") == 0 ||
                     strcmp(l, "delInstrText") == 0
                 ? E_SKIP
                 : E_OTHER;
    case 'm':
      return strcmp(l, "moveFrom") == 0 ? E_SKIP : E_OTHER;
    case 'i':
      if (l[1] == 'l')
        return strcmp(l, "ilvl") == 0 ? E_ILVL : E_OTHER;
      return strcmp(l, "instrText") == 0 ? E_SKIP : E_OTHER;
    case 'n':
      if (l[1] == 'u')
        return strcmp(l, "numId") == 0 ? E_NUMID : E_OTHER;
      return strcmp(l, "noBreakHyphen") == 0 ? E_HYPHEN : E_OTHER;
    default:
      return E_OTHER;
    }
  }
  if (strcmp(u, MC_NS) == 0 && strcmp(l, "Fallback") == 0)
    return E_SKIP;
  return E_OTHER;
}

/* === Automatic numbering === */

/* The element's w:val as a count (numId, ilvl), or -1 if it is none. */
static int32_t val_count(dx *d) {
  xmlChar *v = gk__docx_attr(d->xr, "val");
  const char *s = (const char *)v;
  int64_t n = -1;
  if (s && *s >= '0' && *s <= '9') {
    n = 0;
    for (; *s >= '0' && *s <= '9'; s++)
      n = n < INT32_MAX ? n * 10 + (*s - '0') : n;
    n = n > INT32_MAX ? INT32_MAX : n;
  }
  xmlFree(v);
  return (int32_t)n;
}

/* Counts the paragraph (its w:pPr read, or none) and keeps its label. */
static void number_para(dx *d) {
  d->p_wait = false;
  d->in_ppr = false;
  d->label_len =
      gk__numbering_label(d->num, d->p_style, d->p_num, d->p_ilvl, d->label);
  d->label_due = d->label_len > 0;
}

/* Puts the paragraph's label before its first text, as Word shows it. */
static gk_status put_label(dx *d) {
  if (d->p_wait)
    number_para(d); /* no w:pPr: the default paragraph style */
  if (!d->label_due)
    return GK_OK;
  d->label_due = false;
  return gk__buf_add(sink(d), d->label, d->label_len);
}

static void on_ppr_child(dx *d, int kind) {
  if (kind == E_NUMID) {
    d->p_num = val_count(d);
  } else if (kind == E_ILVL) {
    d->p_ilvl = val_count(d);
  } else {
    xmlChar *v = gk__docx_attr(d->xr, "val");
    size_t n = v ? strlen((const char *)v) : 0;
    if (n < sizeof(d->p_style)) {
      memcpy(d->p_style, v ? (const char *)v : "", n);
      d->p_style[n] = '\0';
    } else {
      d->p_style[0] = '\x01'; /* no style has so long a name here */
      d->p_style[1] = '\0';
    }
    xmlFree(v);
  }
}

static gk_status on_start(dx *d, int kind, bool empty) {
  dx_table *t = d->ntables ? &d->tables[d->ntables - 1] : NULL;
  gk_status st = GK_OK;
  switch (kind) {
  case E_P:
    if (t && t->in_cell) {
      /* paragraphs of a cell: '\n' between them, a space or a line
       * when the cell closes */
      if (!empty && t->layout)
        st = emit_lines(d, &t->cellb);
      else if (!empty && t->cellb.len &&
               t->cellb.data[t->cellb.len - 1] != '\n')
        st = gk__buf_addc(&t->cellb, '\n');
    } else if (!empty) {
      /* a paragraph inside a paragraph (a text box): the outer text so
       * far is a line of its own */
      if (d->pdepth > 0)
        st = flush_para(d);
      d->pdepth++;
    }
    if (d->num) {
      d->p_wait = !empty;
      d->in_ppr = false;
      d->label_due = false;
      d->p_num = -1;
      d->p_ilvl = -1;
      d->p_style[0] = '\0';
    }
    break;
  case E_PPR:
    if (d->p_wait) {
      if (empty)
        number_para(d);
      else
        d->in_ppr = true;
    }
    break;
  case E_PSTYLE:
  case E_NUMID:
  case E_ILVL:
    if (d->in_ppr)
      on_ppr_child(d, kind);
    break;
  case E_T:
    d->in_t = !empty;
    break;
  case E_TAB:
    st = add_space(sink(d));
    break;
  case E_BR:
    if (t && t->in_cell)
      st = add_space(&t->cellb);
    else
      st = flush_para(d);
    break;
  case E_HYPHEN:
    st = gk__buf_addc(sink(d), '-');
    break;
  case E_TBL:
    if (!empty)
      st = table_open(d);
    break;
  case E_TR:
    if (t) {
      row_open(t);
      if (empty)
        st = row_close(d, t);
    }
    break;
  case E_TC:
    if (t && t->row >= 0) {
      cell_open(t);
      if (empty)
        st = cell_close(d, t);
    }
    break;
  case E_VMERGE:
    if (t && t->in_cell) {
      /* w:vMerge without w:val="restart" continues the cell above */
      xmlChar *v =
          xmlTextReaderGetAttributeNs(d->xr, BAD_CAST "val", BAD_CAST W_NS);
      if (!v)
        v = xmlTextReaderGetAttributeNs(d->xr, BAD_CAST "val",
                                        BAD_CAST W_NS_STRICT);
      t->cont = !v || strcmp((const char *)v, "restart") != 0;
      xmlFree(v);
    }
    break;
  default:
    break;
  }
  return st;
}

static gk_status on_end(dx *d, int kind) {
  dx_table *t = d->ntables ? &d->tables[d->ntables - 1] : NULL;
  gk_status st = GK_OK;
  switch (kind) {
  case E_P:
    if (!(t && t->in_cell) && d->pdepth > 0) {
      st = flush_para(d);
      d->pdepth--;
    }
    if (d->num) { /* a paragraph without text shows no label */
      d->p_wait = false;
      d->label_due = false;
      d->in_ppr = false;
    }
    break;
  case E_PPR:
    if (d->in_ppr)
      number_para(d);
    break;
  case E_T:
    d->in_t = false;
    break;
  case E_TC:
    if (t && t->in_cell)
      st = cell_close(d, t);
    break;
  case E_TR:
    if (t && t->row >= 0)
      st = row_close(d, t);
    break;
  case E_TBL:
    if (t) {
      if (t->in_cell)
        st = cell_close(d, t);
      if (!st && t->ncells)
        st = row_close(d, t);
      d->ntables--;
    }
    break;
  default:
    break;
  }
  return st;
}

/* Handles the node the reader stands on; '*skip' asks to step over its
 * subtree. */
static gk_status on_node(void *ud, xmlTextReaderPtr xr, int type, bool *skip) {
  dx *d = ud;
  d->xr = xr;
  switch (type) {
  case XML_READER_TYPE_ELEMENT: {
    int kind = classify(xmlTextReaderConstNamespaceUri(xr),
                        xmlTextReaderConstLocalName(xr));
    bool empty = xmlTextReaderIsEmptyElement(xr) == 1;
    if (kind == E_SKIP) {
      *skip = !empty;
      return GK_OK;
    }
    return on_start(d, kind, empty);
  }
  case XML_READER_TYPE_END_ELEMENT:
    return on_end(d, classify(xmlTextReaderConstNamespaceUri(xr),
                              xmlTextReaderConstLocalName(xr)));
  case XML_READER_TYPE_TEXT:
  case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
  case XML_READER_TYPE_CDATA:
    if (d->in_t) {
      const xmlChar *v = xmlTextReaderConstValue(xr);
      gk_status st = GK_OK;
      if (d->label_due || d->p_wait)
        st = put_label(d);
      if (v && !st)
        st = add_text(sink(d), (const char *)v, strlen((const char *)v));
      return st;
    }
    return GK_OK;
  default:
    return GK_OK;
  }
}

/* === Provenance === */

/* Maps every value the text reader took from a cell of the line form
 * back to the document cell it came from. Values rebuilt from glued
 * digits (recovered, ambiguous) stood in no single cell. */
static void map_sources(gk_report *rep, const dx_src *s, size_t n) {
  if (!n)
    return;
  for (size_t t = 0; t < GK_TABLES; t++) {
    for (size_t i = 0; i < rep->tpl->tables[t].ncells; i++) {
      gk_cell *c = &rep->cells[t][i];
      if (!c->line || !(c->flags & (GK_CELL_PRESENT | GK_CELL_BLANK)) ||
          (c->flags & (GK_CELL_RECOVERED | GK_CELL_AMBIGUOUS)))
        continue;
      size_t lo = 0, hi = n; /* last source starting at or before off */
      while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s[mid].off <= c->off)
          lo = mid;
        else
          hi = mid;
      }
      const dx_src *x = &s[lo];
      if (x->off > c->off || c->off > x->off + x->len || x->table > 0xffff ||
          x->row > 0xffff || x->cell > 0xffff)
        continue;
      c->src_table = (uint16_t)x->table;
      c->src_row = (uint16_t)x->row;
      c->src_cell = (uint16_t)x->cell;
      c->has_src = 1;
    }
  }
}

/* === Entry point === */

static void dx_free(dx *d) {
  gk__numbering_free(d->num);
  gk__buf_free(&d->text);
  gk__buf_free(&d->para);
  gk__buf_free(&d->srcs);
  for (size_t i = 0; i < MAX_TABLE_NESTING; i++) {
    gk__buf_free(&d->tables[i].cellb);
    gk__buf_free(&d->tables[i].line);
    gk__buf_free(&d->tables[i].pend);
  }
}

/* Streams word/document.xml into d->text and d->srcs. */
static gk_status read_part(dx *d, gk__pkgr *pkg) {
  gk_status st =
      gk__docx_walk_part(pkg, MAIN_PART, &d->lim, d->err, on_node, d);
  d->xr = NULL;
  if (!st) {
    st = flush_para(d);
    if (st)
      st = nomem(d);
  } else if (st == GK_E_TOO_LARGE) {
    st = gk__fail(d->err, GK_E_TOO_LARGE, 0, 0, -1,
                  "文档的文本超过 %zu 字节的上限",
                  "the document's text exceeds the limit of %zu bytes",
                  d->lim.max_input_bytes);
  }
  return st;
}

gk_status gk_reader_read_docx(gk_reader *reader, gk_report **out,
                              const char *buf, size_t len,
                              const gk_read_opts *opts, gk_error *err) {
  if (!out)
    return GK_E_ARG;
  *out = NULL;
  if (!reader || !buf)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效：reader 或 buf 为 NULL",
                    "invalid argument: reader or buf is NULL");
  dx d;
  memset(&d, 0, sizeof(d));
  d.alloc = gk__reader_alloc(reader);
  d.err = err;
  gk__limits_resolve(&d.lim, opts ? &opts->limits : NULL);
  if (len > d.lim.max_input_bytes)
    return gk__fail(
        err, GK_E_TOO_LARGE, 0, 0, -1, "%zu 字节，超过 %zu 字节的上限",
        "%zu bytes, over the limit of %zu", len, d.lim.max_input_bytes);
  gk__buf_init(&d.text, d.alloc, d.lim.max_input_bytes);
  gk__buf_init(&d.para, d.alloc, d.lim.max_line_bytes);
  gk__buf_init(&d.srcs, d.alloc, d.lim.max_cells * sizeof(dx_src));
  for (size_t i = 0; i < MAX_TABLE_NESTING; i++) {
    gk__buf_init(&d.tables[i].cellb, d.alloc, d.lim.max_line_bytes);
    gk__buf_init(&d.tables[i].line, d.alloc, d.lim.max_line_bytes);
    gk__buf_init(&d.tables[i].pend, d.alloc, d.lim.max_cells * sizeof(dx_src));
  }
  gk__pkgr *pkg = NULL;
  gk_status st = gk__pkgr_open(&pkg, d.alloc, buf, len, &d.lim, err);
  if (!st && !gk__pkgr_has(pkg, MAIN_PART))
    st = gk__fail(err, GK_E_UNSUPPORTED, 0, 0, -1,
                  "ZIP 压缩包，但不是 .docx（没有 %s）",
                  "a ZIP archive but not a .docx (no %s)", MAIN_PART);
  /* numbering lives in its own part, read before the body needs it; a
   * package without one (most) costs one look-up */
  if (!st && gk__pkgr_has(pkg, NUMBERING_PART))
    st = gk__numbering_read(&d.num, d.alloc, pkg, &d.lim, err);
  if (!st)
    st = read_part(&d, pkg);
  gk__pkgr_close(pkg);
  if (!st)
    st = gk_reader_read_text(reader, out, d.text.data ? d.text.data : "",
                             d.text.len, opts, err);
  if (!st)
    map_sources(*out, (const dx_src *)d.srcs.data, d.srcs.len / sizeof(dx_src));
  dx_free(&d);
  return st;
}
