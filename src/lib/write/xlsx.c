/* xlsx.c: a report as an .xlsx workbook, one sheet per table.
 *
 * Source of truth: the template tables (model/template.c) for every label
 * and column; SpreadsheetML: ECMA-376 Part 1, §18 (worksheets, inline
 * strings). The package is zipped by pkg.c.
 *
 * Each sheet is named after its table's section title and holds, per run
 * of rows sharing a column set, a header row (the block header or the
 * table's first header label, then the column labels) and then the rows:
 * column A the row id (spec/report-fields.md), column B its label with
 * its group, then the values as numeric cells (amounts keep their
 * decimals). A blank or absent cell stays empty. */
#include "../pkg/pkg.h"
#include "write.h"

#include <stdio.h>
#include <string.h>

typedef struct xw {
  gk__buf *b;   /* the sheet being written */
  gk_status st; /* first failure */
  int row;      /* current 1-based row number */
  int col;      /* next 0-based column in the row */
} xw;

static void add(xw *w, const char *s) {
  if (!w->st)
    w->st = gk__buf_adds(w->b, s);
}

/* Column letters of 0-based column c (A..Z, AA..): sheets stay narrow. */
static void ref(char *out, size_t outsz, int c, int row) {
  char letters[4];
  int n = 0;
  c++;
  while (c > 0 && n < 3) {
    letters[n++] = (char)('A' + (c - 1) % 26);
    c = (c - 1) / 26;
  }
  char rev[4];
  for (int i = 0; i < n; i++)
    rev[i] = letters[n - 1 - i];
  rev[n] = '\0';
  snprintf(out, outsz, "%s%d", rev, row);
}

static void row_begin(xw *w) {
  w->row++;
  w->col = 0;
  if (!w->st)
    w->st = gk__buf_printf(w->b, "<row r=\"%d\">", w->row);
}

static void row_end(xw *w) { add(w, "</row>"); }

static void str(xw *w, const char *s) {
  char r[16];
  ref(r, sizeof(r), w->col++, w->row);
  if (!s || !*s)
    return;
  if (!w->st)
    w->st = gk__buf_printf(w->b, "<c r=\"%s\" t=\"inlineStr\"><is><t>", r);
  if (!w->st)
    w->st = gk__xml_escape(w->b, s, strlen(s));
  add(w, "</t></is></c>");
}

static void num(xw *w, const gk_cell *x) {
  char r[16], v[GK__SCALED_MAX];
  ref(r, sizeof(r), w->col++, w->row);
  if (!(x->flags & GK_CELL_PRESENT) || (x->flags & GK_CELL_BLANK))
    return;
  gk__format_scaled(v, sizeof(v), x->value);
  if (!w->st)
    w->st = gk__buf_printf(w->b, "<c r=\"%s\"><v>%s</v></c>", r, v);
}

static gk_status sheet(gk__buf *b, const gk_report *rep, size_t t) {
  const gk_table_def *td = &rep->tpl->tables[t];
  xw w = {b, GK_OK, 0, 0};
  add(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
          "<worksheet xmlns=\"http://schemas.openxmlformats.org/"
          "spreadsheetml/2006/main\"><cols>"
          "<col min=\"1\" max=\"1\" width=\"24\" customWidth=\"1\"/>"
          "<col min=\"2\" max=\"2\" width=\"48\" customWidth=\"1\"/>"
          "</cols><sheetData>");
  const gk_colset *cs = NULL;
  const char *block = NULL;
  const char *first = td->header_labels ? td->header_labels[0] : NULL;
  for (size_t r = 0; r < td->nrows && !w.st; r++) {
    const gk_row_def *row = &td->rows[r];
    bool new_block = row->block && (!block || strcmp(row->block, block) != 0);
    if (new_block || row->colset != cs) {
      block = row->block ? row->block : block;
      cs = row->colset;
      row_begin(&w);
      str(&w, "id");
      str(&w, row->block ? row->block : first);
      for (size_t c = 0; c < cs->ncols; c++)
        str(&w, cs->cols[c].label);
      row_end(&w);
    }
    row_begin(&w);
    str(&w, row->id);
    char lab[512];
    snprintf(lab, sizeof(lab), "%s%s", row->group ? row->group : "",
             row->label);
    str(&w, lab);
    for (size_t c = 0; c < cs->ncols; c++)
      num(&w, gk__ccell(rep, t, r, c));
    row_end(&w);
  }
  add(&w, "</sheetData></worksheet>");
  return w.st;
}

/* Sheet names: at most 31 characters, none of []:*?/\ (section titles
 * have none). */
static gk_status workbook(gk__buf *b, const gk_report *rep) {
  gk_status st = gk__buf_adds(
      b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
         "2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/"
         "officeDocument/2006/relationships\"><sheets>");
  for (size_t t = 0; t < GK_TABLES && !st; t++) {
    const char *title = rep->tpl->sections[rep->tpl->tables[t].section - 1].title;
    st = gk__buf_adds(b, "<sheet name=\"");
    if (!st)
      st = gk__xml_escape(b, title, strlen(title));
    if (!st)
      st = gk__buf_printf(b, "\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", t + 1,
                          t + 1);
  }
  if (!st)
    st = gk__buf_adds(b, "</sheets></workbook>");
  return st;
}

static const char *const sheet_names[GK_TABLES] = {
    "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
    "xl/worksheets/sheet3.xml"};

static gk_status workbook_rels(gk__buf *b) {
  gk_status st = gk__buf_adds(
      b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
         "2006/relationships\">");
  for (size_t t = 0; t < GK_TABLES && !st; t++)
    st = gk__buf_printf(
        b,
        "<Relationship Id=\"rId%zu\" Type=\"http://schemas.openxmlformats.org/"
        "officeDocument/2006/relationships/worksheet\" "
        "Target=\"worksheets/sheet%zu.xml\"/>",
        t + 1, t + 1);
  if (!st)
    st = gk__buf_adds(b, "</Relationships>");
  return st;
}

static gk_status content_types(gk__buf *b) {
  gk_status st = gk__buf_adds(
      b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
         "content-types\">"
         "<Default Extension=\"rels\" ContentType=\"application/"
         "vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
         "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
         "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>");
  for (size_t t = 0; t < GK_TABLES && !st; t++)
    st = gk__buf_printf(
        b,
        "<Override PartName=\"/xl/worksheets/sheet%zu.xml\" "
        "ContentType=\"application/"
        "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>",
        t + 1);
  if (!st)
    st = gk__buf_adds(b, "</Types>");
  return st;
}

static const char package_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument\" "
    "Target=\"xl/workbook.xml\"/></Relationships>";

gk_status gk_write_xlsx(const gk_report *rep, gk_lang lang, gk_write_fn fn,
                        void *ud, gk_error *err) {
  (void)lang; /* labels are the official (Chinese) ones */
  gk_status st = gk__write_args(rep, fn, err);
  if (st)
    return st;
  gk__pkgw w;
  gk__pkgw_init(&w, &rep->alloc);
  st = content_types(gk__pkgw_part(&w, "[Content_Types].xml"));
  if (!st)
    st = gk__buf_adds(gk__pkgw_part(&w, "_rels/.rels"), package_rels);
  if (!st)
    st = workbook(gk__pkgw_part(&w, "xl/workbook.xml"), rep);
  if (!st)
    st = workbook_rels(gk__pkgw_part(&w, "xl/_rels/workbook.xml.rels"));
  for (size_t t = 0; t < GK_TABLES && !st; t++)
    st = sheet(gk__pkgw_part(&w, sheet_names[t]), rep, t);
  if (st)
    st = gk__write_nomem(err);
  else
    st = gk__pkgw_finish(&w, fn, ud, err);
  gk__pkgw_free(&w);
  return st;
}
