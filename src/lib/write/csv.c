/* csv.c: a report in the CSV long form of spec/report-fields.md, one
 * number a line: file,agency,year,template,table,row,column,value.
 *
 * Every cell of the template gets a line (so a report of template 2019
 * has 22 + 161 + 15 lines, 2021 has 10 + 175 + 15). Fields are quoted as
 * RFC 4180 says when they hold a comma, a double quote, CR or LF (agency
 * names do), and a file or agency name a spreadsheet would take for a
 * formula gets a leading apostrophe (gk__csv_field, issue 15 point 5);
 * lines end in LF, as every other gongkai output. Unknown file, agency
 * or year are empty fields. */
#include "write.h"

#include <string.h>

#define FLUSH_AT 16384 /* bytes buffered before calling the sink */

static const char header_line[] =
    "file,agency,year,template,table,row,column,value\n";

/* Appends one field (util.c: quoting and the formula guard). */
static gk_status add_field(gk__buf *b, const char *s) {
  return s ? gk__csv_field(b, s, strlen(s)) : GK_OK;
}

/* The four leading fields every line of this report shares, with the
 * trailing comma. */
static gk_status build_prefix(gk__buf *b, const gk_report *rep) {
  gk_status st = add_field(b, rep->source_name);
  if (!st)
    st = gk__buf_addc(b, ',');
  if (!st)
    st = add_field(b, rep->agency);
  if (!st)
    st = gk__buf_addc(b, ',');
  if (!st && rep->year)
    st = gk__buf_printf(b, "%d", rep->year);
  if (!st)
    st = gk__buf_printf(b, ",%s,", rep->tpl->name);
  return st;
}

static gk_status flush(gk__buf *out, gk_write_fn fn, void *ud, gk_error *err) {
  if (!out->len)
    return GK_OK;
  gk_status st = gk__write_out(fn, ud, out->data, out->len, err);
  gk__buf_reset(out);
  return st;
}

gk_status gk_write_csv_header(gk_write_fn fn, void *ud, gk_error *err) {
  if (!fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效：没有输出函数",
                    "invalid argument: no output function");
  if (fn(header_line, sizeof(header_line) - 1, ud))
    return gk__fail(err, GK_E_IO, 0, 0, -1, "无法写出 CSV 表头",
                    "cannot write the CSV header");
  return GK_OK;
}

gk_status gk_write_csv_field(const char *s, gk_write_fn fn, void *ud,
                             gk_error *err) {
  if (!fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效：没有输出函数",
                    "invalid argument: no output function");
  gk__buf b;
  gk__buf_init(&b, NULL, 0);
  gk_status st = add_field(&b, s);
  if (st)
    st = gk__write_nomem(err);
  else if (b.len)
    st = gk__write_out(fn, ud, b.data, b.len, err);
  gk__buf_free(&b);
  return st;
}

gk_status gk_write_csv(const gk_report *rep, int header, gk_write_fn fn,
                       void *ud, gk_error *err) {
  gk_status st = gk__write_args(rep, fn, err);
  if (st)
    return st;
  gk__buf prefix, out;
  gk__buf_init(&prefix, &rep->alloc, 0);
  gk__buf_init(&out, &rep->alloc, 0);
  if (header)
    st = gk__buf_adds(&out, header_line);
  if (!st)
    st = build_prefix(&prefix, rep);
  const gk_template *tpl = rep->tpl;
  for (size_t t = 0; !st && t < GK_TABLES; t++) {
    const gk_table_def *td = &tpl->tables[t];
    for (size_t r = 0; !st && r < td->nrows; r++) {
      const gk_row_def *rd = &td->rows[r];
      for (size_t c = 0; !st && c < rd->colset->ncols; c++) {
        char num[GK__SCALED_MAX];
        gk__format_scaled(num, sizeof(num), gk__ccell(rep, t, r, c)->value);
        /* ids are template constants: [a-z_.], never quoted */
        st = gk__buf_add(&out, prefix.data, prefix.len);
        if (!st)
          st = gk__buf_printf(&out, "%s,%s,%s,%s\n", td->id, rd->id,
                              rd->colset->cols[c].id, num);
        if (!st && out.len >= FLUSH_AT)
          st = flush(&out, fn, ud, err);
      }
    }
  }
  if (!st)
    st = flush(&out, fn, ud, err);
  if (st == GK_E_NOMEM || st == GK_E_TOO_LARGE)
    st = gk__write_nomem(err);
  gk__buf_free(&prefix);
  gk__buf_free(&out);
  return st;
}
