/* docx.c: a report as a .docx in the official layout.
 *
 * Source of truth: the layouts of 国办公开办函〔2019〕60号 and 〔2021〕30号
 * as described by the template tables (model/template.c): the writer walks
 * them for every label, block header, group and column; nothing of a
 * format is listed here. WordprocessingML: ECMA-376 Part 1, §17 (w:tbl,
 * w:gridSpan, w:vMerge). The package is zipped by pkg.c.
 *
 * Layout: title (agency + year), the statistics period, sections 一 to 六
 * with their text, each table after its section's text, the date. Tables
 * carry the official merged headers: table 二 one block header row and
 * one column header row per block; table 三 the caption and 申请人情况 /
 * 法人或其他组织 header over three rows, 三、本年度办理结果 and its inner
 * groups merged down; table 四 行政复议 / 行政诉讼 over three header rows.
 * A row none of whose cells the report holds is left out, so reading the
 * document again reports it missing, as the source did (round trip). */
#include "../pkg/pkg.h"
#include "write.h"

#include <stdio.h>
#include <string.h>

/* Chinese numbering of sections 一 to 六 (条例 第五十条's order). */
static const char *const section_numeral[GK_SECTIONS] = {"一", "二", "三",
                                                         "四", "五", "六"};

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define TEXT_WIDTH 9000 /* twips between the A4 margins (9026) */

enum { VM_NONE = 0, VM_RESTART, VM_CONT };

/* Paragraph styles used here. */
enum { P_BODY = 0, P_TITLE, P_HEADING, P_RIGHT, P_CELL, P_CELL_BOLD };

typedef struct dw {
  gk__buf *b;             /* word/document.xml */
  const gk_report *rep;   /* the report */
  const gk_template *tpl; /* its template */
  gk_status st;           /* first failure; later calls do nothing */
} dw;

static void add(dw *w, const char *s) {
  if (!w->st)
    w->st = gk__buf_adds(w->b, s);
}

static void addf(dw *w, const char *fmt, int v) {
  if (!w->st)
    w->st = gk__buf_printf(w->b, fmt, v);
}

static void text(dw *w, const char *s, size_t n) {
  if (!w->st)
    w->st = gk__xml_escape(w->b, s, n);
}

/* One paragraph of s[0..n) in 'style'; tabs become w:tab. */
static void para(dw *w, int style, const char *s, size_t n) {
  add(w, "<w:p><w:pPr>");
  switch (style) {
  case P_TITLE:
    add(w, "<w:spacing w:after=\"240\"/><w:jc w:val=\"center\"/>"
           "<w:rPr><w:b/><w:sz w:val=\"36\"/></w:rPr>");
    break;
  case P_HEADING:
    add(w, "<w:spacing w:before=\"120\" w:after=\"120\"/>"
           "<w:ind w:firstLineChars=\"200\" w:firstLine=\"480\"/>"
           "<w:rPr><w:b/></w:rPr>");
    break;
  case P_RIGHT:
    add(w, "<w:jc w:val=\"right\"/>");
    break;
  case P_CELL:
  case P_CELL_BOLD:
    add(w, "<w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/>");
    break;
  default:
    add(w, "<w:ind w:firstLineChars=\"200\" w:firstLine=\"480\"/>");
    break;
  }
  add(w, "</w:pPr>");
  if (n) {
    const char *rpr = "";
    if (style == P_TITLE)
      rpr = "<w:rPr><w:b/><w:sz w:val=\"36\"/></w:rPr>";
    else if (style == P_HEADING || style == P_CELL_BOLD)
      rpr = "<w:rPr><w:b/></w:rPr>";
    else if (style == P_CELL)
      rpr = "<w:rPr><w:sz w:val=\"21\"/></w:rPr>";
    add(w, "<w:r>");
    add(w, rpr);
    size_t i = 0;
    while (i < n) {
      const char *tab = memchr(s + i, '\t', n - i);
      size_t e = tab ? (size_t)(tab - s) : n;
      if (e > i) {
        add(w, "<w:t xml:space=\"preserve\">");
        text(w, s + i, e - i);
        add(w, "</w:t>");
      }
      if (tab)
        add(w, "<w:tab/>");
      i = e + (tab ? 1 : 0);
    }
    add(w, "</w:r>");
  }
  add(w, "</w:p>");
}

static void paras(dw *w, int style, const char *s) {
  para(w, style, s, strlen(s));
}

/* === Tables === */

static void table_begin(dw *w, const int *widths, size_t n) {
  int total = 0;
  for (size_t i = 0; i < n; i++)
    total += widths[i];
  /* an exact table width: with "auto" LibreOffice rounds merged cells
   * against the page and adds sliver columns */
  addf(w, "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/>", total);
  add(w, "<w:jc w:val=\"center\"/><w:tblBorders>");
  static const char *const sides[] = {"top",    "left",    "bottom",
                                      "right",  "insideH", "insideV"};
  for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
    add(w, "<w:");
    add(w, sides[i]);
    add(w, " w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>");
  }
  add(w, "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
         "<w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/>"
         "<w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar>"
         "</w:tblPr><w:tblGrid>");
  for (size_t i = 0; i < n; i++)
    addf(w, "<w:gridCol w:w=\"%d\"/>", widths[i]);
  add(w, "</w:tblGrid>");
}

/* One cell spanning 'span' grid columns from grid column 'col' (widths
 * sum the grid's), merged down as 'vm' says. */
static void cell(dw *w, const int *widths, size_t col, size_t span, int vm,
                 int style, const char *s, size_t n) {
  int width = 0;
  for (size_t i = 0; i < span; i++)
    width += widths[col + i];
  addf(w, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>", width);
  if (span > 1)
    addf(w, "<w:gridSpan w:val=\"%d\"/>", (int)span);
  if (vm == VM_RESTART)
    add(w, "<w:vMerge w:val=\"restart\"/>");
  else if (vm == VM_CONT)
    add(w, "<w:vMerge/>");
  add(w, "<w:vAlign w:val=\"center\"/></w:tcPr>");
  para(w, style, vm == VM_CONT ? "" : s, vm == VM_CONT ? 0 : n);
  add(w, "</w:tc>");
}

static void label(dw *w, const int *widths, size_t col, size_t span, int vm,
                  const char *s) {
  cell(w, widths, col, span, vm, P_CELL_BOLD, s, s ? strlen(s) : 0);
}

static void value(dw *w, const int *widths, size_t col, size_t span,
                  size_t t, size_t r, size_t c) {
  const gk_cell *x = gk__ccell(w->rep, t, r, c);
  char num[GK__SCALED_MAX] = "";
  if ((x->flags & GK_CELL_PRESENT) && !(x->flags & GK_CELL_BLANK))
    gk__format_scaled(num, sizeof(num), x->value);
  cell(w, widths, col, span, VM_NONE, P_CELL, num, strlen(num));
}

static bool row_held(const gk_report *rep, size_t t, size_t r) {
  for (size_t c = 0; c < gk__ncols(rep->tpl, t, r); c++)
    if (gk__ccell(rep, t, r, c)->flags & (GK_CELL_PRESENT | GK_CELL_BLANK))
      return true;
  return false;
}

static bool table_held(const gk_report *rep, size_t t) {
  for (size_t r = 0; r < rep->tpl->tables[t].nrows; r++)
    if (row_held(rep, t, r))
      return true;
  return rep->table_found[t];
}

/* The i-th header label of table t, or NULL: header_labels lists the
 * caption cells of the printed header in the order template.c gives. */
static const char *header_label(const gk_template *tpl, size_t t, size_t i) {
  const char *const *h = tpl->tables[t].header_labels;
  for (size_t k = 0; h && h[k]; k++)
    if (k == i)
      return h[k];
  return NULL;
}

/* Widths are multiples of 72 twips (1/20 inch = 1.27 mm exactly), so a
 * merged cell's width equals the sum of its columns in every unit an
 * office suite converts to, and no sliver column appears. */
static void widths_even(int *widths, size_t from, size_t n, int total) {
  int each = total / (int)n;
  for (size_t i = from; i < from + n; i++)
    widths[i] = each - each % 72;
}

/* Table 二: per block, the block header, then 信息内容 and the column
 * labels, then the block's rows; a narrower block's last column spans the
 * rest of the grid. */
static void write_disclose(dw *w, size_t t) {
  const gk_table_def *td = &w->tpl->tables[t];
  size_t grid = 0;
  for (size_t r = 0; r < td->nrows; r++)
    if (td->rows[r].colset->ncols > grid)
      grid = td->rows[r].colset->ncols;
  grid++; /* the label column */
  int widths[GK_MAX_COLS + 1];
  widths[0] = 2736;
  widths_even(widths, 1, grid - 1, TEXT_WIDTH - widths[0]);
  table_begin(w, widths, grid);
  const char *block = NULL;
  const gk_colset *cs = NULL;
  for (size_t r = 0; r < td->nrows && !w->st; r++) {
    const gk_row_def *row = &td->rows[r];
    if (!row_held(w->rep, t, r))
      continue;
    size_t nc = row->colset->ncols;
    bool new_block = row->block && (!block || strcmp(row->block, block) != 0);
    if (new_block) {
      block = row->block;
      add(w, "<w:tr>");
      label(w, widths, 0, grid, VM_NONE, block);
      add(w, "</w:tr>");
    }
    if (new_block || row->colset != cs) {
      cs = row->colset;
      add(w, "<w:tr>");
      label(w, widths, 0, 1, VM_NONE, header_label(w->tpl, t, 0));
      for (size_t c = 0; c < nc; c++)
        label(w, widths, 1 + c, c + 1 == nc ? grid - 1 - c : 1, VM_NONE,
              cs->cols[c].label);
      add(w, "</w:tr>");
    }
    add(w, "<w:tr>");
    label(w, widths, 0, 1, VM_NONE, row->label);
    for (size_t c = 0; c < nc; c++)
      value(w, widths, 1 + c, c + 1 == nc ? grid - 1 - c : 1, t, r, c);
    add(w, "</w:tr>");
  }
  add(w, "</w:tbl>");
}

static bool in_outcome_block(gk_row_role role) {
  return role == GK_ROLE_OUTCOME || role == GK_ROLE_TOTAL;
}

/* Table 三: three label columns, then the applicants. Header: caption
 * (3 columns, merged down 3 rows) | 申请人情况 over all; then the first
 * and the sum column merged down, 法人或其他组织 over the others. Rows:
 * the outcome block's group (三、本年度办理结果) merged down its rows, inner
 * groups ((三)不予公开 ...) merged down theirs. */
static void write_apply(dw *w, size_t t) {
  const gk_table_def *td = &w->tpl->tables[t];
  const gk_colset *cs = td->rows[0].colset;
  size_t nc = cs->ncols;
  int widths[3 + GK_MAX_COLS] = {720, 1008, 2088};
  widths_even(widths, 3, nc, TEXT_WIDTH - 3816);
  table_begin(w, widths, 3 + nc);
  const char *caption = header_label(w->tpl, t, 0);
  const char *applicants = header_label(w->tpl, t, 1);
  const char *orgs = header_label(w->tpl, t, 2);
  add(w, "<w:tr>");
  label(w, widths, 0, 3, VM_RESTART, caption);
  label(w, widths, 3, nc, VM_NONE, applicants);
  add(w, "</w:tr><w:tr>");
  label(w, widths, 0, 3, VM_CONT, NULL);
  label(w, widths, 3, 1, VM_RESTART, cs->cols[0].label);
  label(w, widths, 4, nc - 2, VM_NONE, orgs);
  label(w, widths, 3 + nc - 1, 1, VM_RESTART, cs->cols[nc - 1].label);
  add(w, "</w:tr><w:tr>");
  label(w, widths, 0, 3, VM_CONT, NULL);
  label(w, widths, 3, 1, VM_CONT, NULL);
  for (size_t c = 1; c + 1 < nc; c++)
    label(w, widths, 3 + c, 1, VM_NONE, cs->cols[c].label);
  label(w, widths, 3 + nc - 1, 1, VM_CONT, NULL);
  add(w, "</w:tr>");

  const char *outer = NULL; /* group of the first outcome row */
  for (size_t r = 0; r < td->nrows && !outer; r++)
    if (td->rows[r].role == GK_ROLE_OUTCOME)
      outer = td->rows[r].group;
  bool outer_open = false;
  const char *inner = NULL; /* inner group merged down so far */
  for (size_t r = 0; r < td->nrows && !w->st; r++) {
    const gk_row_def *row = &td->rows[r];
    if (!row_held(w->rep, t, r))
      continue;
    add(w, "<w:tr>");
    if (!in_outcome_block(row->role) || !outer) {
      label(w, widths, 0, 3, VM_NONE, row->label);
      inner = NULL;
    } else {
      label(w, widths, 0, 1, outer_open ? VM_CONT : VM_RESTART, outer);
      outer_open = true;
      if (row->group && strcmp(row->group, outer) != 0) {
        bool same = inner && strcmp(inner, row->group) == 0;
        label(w, widths, 1, 1, same ? VM_CONT : VM_RESTART, row->group);
        inner = row->group;
        label(w, widths, 2, 1, VM_NONE, row->label);
      } else {
        inner = NULL;
        label(w, widths, 1, 2, VM_NONE, row->label);
      }
    }
    for (size_t c = 0; c < nc; c++)
      value(w, widths, 3 + c, 1, t, r, c);
    add(w, "</w:tr>");
  }
  add(w, "</w:tbl>");
}

/* Table 四: every row's columns side by side. Header: the first row's
 * label over its columns, the group of the others (行政诉讼) over theirs;
 * then the first row's column labels merged down beside the other rows'
 * labels; then the other rows' column labels; then one line of values. */
static void write_review(dw *w, size_t t) {
  const gk_table_def *td = &w->tpl->tables[t];
  size_t nr = td->nrows, grid = 0;
  for (size_t r = 0; r < nr; r++)
    grid += td->rows[r].colset->ncols;
  if (grid > 3 * GK_MAX_COLS) {
    w->st = GK_E_ARG;
    return;
  }
  int widths[3 * GK_MAX_COLS];
  widths_even(widths, 0, grid, TEXT_WIDTH);
  table_begin(w, widths, grid);
  size_t nc0 = td->rows[0].colset->ncols;
  add(w, "<w:tr>");
  label(w, widths, 0, nc0, VM_NONE, td->rows[0].label);
  for (size_t r = 1, col = nc0; r < nr;) {
    size_t span = 0, k = r;
    const char *g = td->rows[r].group;
    for (; k < nr && ((!g && k == r) ||
                      (g && td->rows[k].group &&
                       strcmp(td->rows[k].group, g) == 0));
         k++)
      span += td->rows[k].colset->ncols;
    label(w, widths, col, span, VM_NONE, g ? g : td->rows[r].label);
    col += span;
    r = k;
  }
  add(w, "</w:tr><w:tr>");
  for (size_t c = 0; c < nc0; c++)
    label(w, widths, c, 1, VM_RESTART, td->rows[0].colset->cols[c].label);
  for (size_t r = 1, col = nc0; r < nr; r++) {
    size_t n = td->rows[r].colset->ncols;
    label(w, widths, col, n, VM_NONE, td->rows[r].label);
    col += n;
  }
  add(w, "</w:tr><w:tr>");
  for (size_t c = 0; c < nc0; c++)
    label(w, widths, c, 1, VM_CONT, NULL);
  for (size_t r = 1, col = nc0; r < nr; r++)
    for (size_t c = 0; c < td->rows[r].colset->ncols; c++)
      label(w, widths, col++, 1, VM_NONE, td->rows[r].colset->cols[c].label);
  add(w, "</w:tr><w:tr>");
  for (size_t r = 0, col = 0; r < nr; r++)
    for (size_t c = 0; c < td->rows[r].colset->ncols; c++)
      value(w, widths, col++, 1, t, r, c);
  add(w, "</w:tr></w:tbl>");
}

static void write_table(dw *w, size_t t) {
  /* the tables differ by shape, which the row roles and groups give */
  if (t == GK_T_APPLY)
    write_apply(w, t);
  else if (t == GK_T_REVIEW)
    write_review(w, t);
  else
    write_disclose(w, t);
  /* Word needs a paragraph between two tables */
  para(w, P_BODY, "", 0);
}

/* === The document === */

static void write_date_text(char *out, size_t outsz, int32_t ymd) {
  snprintf(out, outsz, "%d年%d月%d日", ymd / 10000, ymd / 100 % 100,
           ymd % 100);
}

/* 1..31 in Chinese numerals (十二, 二十一), appended at out[*o]. */
static void cn_number(char *out, size_t outsz, size_t *o, int n) {
  static const char *const d[] = {"〇", "一", "二", "三", "四",
                                  "五", "六", "七", "八", "九"};
  const char *parts[3] = {NULL, NULL, NULL};
  if (n >= 20)
    parts[0] = d[n / 10];
  if (n >= 10)
    parts[1] = "十";
  if (n % 10 || n < 10)
    parts[2] = d[n % 10];
  for (int i = 0; i < 3; i++)
    if (parts[i] && *o < outsz)
      *o += (size_t)snprintf(out + *o, outsz - *o, "%s", parts[i]);
}

/* The date in Chinese numerals, 二〇二一年一月十四日, as official
 * documents sign (GB/T 9704 before 2012). */
static void write_date_cn(char *out, size_t outsz, int32_t ymd) {
  static const char *const d[] = {"〇", "一", "二", "三", "四",
                                  "五", "六", "七", "八", "九"};
  char y[16];
  size_t o = 0;
  out[0] = '\0';
  snprintf(y, sizeof(y), "%d", ymd / 10000);
  for (size_t i = 0; y[i] && o < outsz; i++)
    o += (size_t)snprintf(out + o, outsz - o, "%s", d[y[i] - '0']);
  if (o < outsz)
    o += (size_t)snprintf(out + o, outsz - o, "年");
  cn_number(out, outsz, &o, ymd / 100 % 100);
  if (o < outsz)
    o += (size_t)snprintf(out + o, outsz - o, "月");
  cn_number(out, outsz, &o, ymd % 100);
  if (o < outsz)
    snprintf(out + o, outsz - o, "日");
}

static bool holds(const char *s, size_t n, const char *w) {
  size_t k = strlen(w);
  for (size_t i = 0; s && i + k <= n; i++)
    if (memcmp(s + i, w, k) == 0)
      return true;
  return false;
}

static void write_body(dw *w) {
  const gk_report *rep = w->rep;
  const gk_template *tpl = w->tpl;
  char line[512];
  /* title: agency, year, the report's name */
  if (rep->year)
    snprintf(line, sizeof(line), "%s%d年度政府信息公开工作年度报告",
             rep->agency ? rep->agency : "", rep->year);
  else
    snprintf(line, sizeof(line), "%s政府信息公开工作年度报告",
             rep->agency ? rep->agency : "");
  paras(w, P_TITLE, line);
  if (rep->period_from && rep->period_to) {
    char a[32], b[32];
    write_date_text(a, sizeof(a), rep->period_from);
    write_date_text(b, sizeof(b), rep->period_to);
    snprintf(line, sizeof(line), "本报告中所列数据的统计期限为%s至%s。", a,
             b);
    paras(w, P_BODY, line);
  }
  bool held[GK_TABLES];
  for (size_t t = 0; t < GK_TABLES; t++)
    held[t] = table_held(rep, t);
  for (int s = 1; s <= GK_SECTIONS && !w->st; s++) {
    size_t n = 0;
    const char *txt = gk_report_section(rep, s, &n);
    bool has_table = false;
    for (size_t t = 0; t < GK_TABLES; t++)
      if (held[t] && tpl->tables[t].section == s)
        has_table = true;
    if (!txt && !has_table)
      continue;
    snprintf(line, sizeof(line), "%s、%s", section_numeral[s - 1],
             tpl->sections[s - 1].title);
    paras(w, P_HEADING, line);
    for (size_t i = 0; txt && i < n;) {
      const char *nl = memchr(txt + i, '\n', n - i);
      size_t e = nl ? (size_t)(nl - txt) : n;
      if (e > i)
        para(w, P_BODY, txt + i, e - i);
      i = e + 1;
    }
    for (size_t t = 0; t < GK_TABLES; t++)
      if (held[t] && tpl->tables[t].section == s)
        write_table(w, t);
  }
  if (rep->date) {
    /* the date closes the report; sign it unless the last section's text
     * already states it (a second date would change that text) */
    char d[32], cn[96];
    size_t n = 0;
    const char *last = NULL;
    for (int s = GK_SECTIONS; s >= 1 && !last; s--)
      last = gk_report_section(rep, s, &n);
    write_date_text(d, sizeof(d), rep->date);
    write_date_cn(cn, sizeof(cn), rep->date);
    if (!holds(last, n, d) && !holds(last, n, cn))
      paras(w, P_RIGHT, d);
  }
}

static gk_status document_xml(gk__buf *b, const gk_report *rep) {
  dw w = {b, rep, rep->tpl, GK_OK};
  add(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
          "<w:document xmlns:w=\"" W_NS "\"><w:body>");
  write_body(&w);
  add(&w, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
          "<w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" "
          "w:left=\"1440\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>"
          "</w:sectPr></w:body></w:document>");
  return w.st;
}

/* 仿宋/宋体 as official documents use (GB/T 9704); LibreOffice substitutes
 * a CJK font it has. 12 pt body. */
static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles xmlns:w=\"" W_NS "\"><w:docDefaults><w:rPrDefault><w:rPr>"
    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
    "w:eastAsia=\"宋体\" w:cs=\"Times New Roman\"/>"
    "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"en-US\" "
    "w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    "<w:spacing w:after=\"60\" w:line=\"360\" w:lineRule=\"auto\"/>"
    "<w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
    "<w:name w:val=\"Normal\"/></w:style></w:styles>";

gk_status gk_write_docx(const gk_report *rep, gk_lang lang, gk_write_fn fn,
                        void *ud, gk_error *err) {
  (void)lang; /* the official layout is Chinese whatever the messages */
  gk_status st = gk__write_args(rep, fn, err);
  if (st)
    return st;
  gk__pkgw w;
  gk__pkgw_init(&w, &rep->alloc);
  gk__buf *doc = NULL;
  st = gk__docx_parts(&w, styles, &doc);
  if (!st)
    st = document_xml(doc, rep);
  if (st == GK_E_ARG)
    st = gk__fail(err, GK_E_ARG, 0, 0, -1, "模板的表四超出写出器的列数上限",
                  "table 4 of the template is wider than the writer holds");
  else if (st)
    st = gk__write_nomem(err);
  if (!st)
    st = gk__pkgw_finish(&w, fn, ud, err);
  gk__pkgw_free(&w);
  return st;
}
