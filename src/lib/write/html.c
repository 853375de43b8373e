/* html.c: a report as one self-contained printable HTML page.
 *
 * UTF-8, lang="zh-CN", inline CSS (with @media print), no script and no
 * external asset. Order: title (报告主体 + 年份), the statistics period when
 * the document stated it, sections 一 to 六 with their text (one <p> per
 * line), each table after the text of its section in the official merged
 * layout (layout.c walks the template), the date when the report's text
 * does not carry it. Every piece of text is escaped; bytes that are not
 * UTF-8 become U+FFFD. gk_report_read_html() reads the page back to the
 * same report (tests/unit/test_html.c). */
#include "layout.h"

#include <stdio.h>
#include <string.h>

#define FLUSH_AT 16384

static const char css[] =
    "body{font-family:\"Noto Serif CJK SC\",\"Source Han Serif SC\",SimSun,"
    "serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.7;"
    "color:#000;background:#fff}"
    "h1{font-size:1.6em;text-align:center;margin:1em 0}"
    "h2{font-size:1.2em;margin:1.4em 0 .6em}"
    "p{text-indent:2em;margin:.3em 0}"
    "p.date{text-align:right;text-indent:0}"
    "table{border-collapse:collapse;width:100%;margin:1em 0;font-size:.9em;"
    "page-break-inside:auto}"
    "th,td{border:1px solid #000;padding:.25em .4em;vertical-align:middle}"
    "th{font-weight:normal;text-align:center}"
    "th.label{text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}"
    "tr{page-break-inside:avoid}"
    "@media print{body{margin:0;max-width:none;font-size:10.5pt}"
    "@page{size:A4;margin:2cm}h2{page-break-after:avoid}"
    "table{page-break-before:auto}}";

typedef struct out {
  gk__buf b;      /* pending output */
  gk_write_fn fn; /* the caller's sink */
  void *ud;       /* its user data */
  gk_error *err;  /* where failures go */
  gk_status st;   /* first failure (sticky) */
} out;

static void flush(out *o) {
  if (o->st || !o->b.len)
    return;
  o->st = gk__write_out(o->fn, o->ud, o->b.data, o->b.len, o->err);
  gk__buf_reset(&o->b);
}

static void put(out *o, const char *s) {
  if (!o->st && gk__buf_adds(&o->b, s))
    o->st = GK_E_NOMEM;
  if (o->b.len >= FLUSH_AT)
    flush(o);
}

/* Appends s[0..n) escaped for text and attribute values. */
static void esc_n(out *o, const char *s, size_t n) {
  size_t i = 0;
  while (!o->st && i < n) {
    size_t k;
    uint32_t cp = gk__utf8_decode(s + i, n - i, &k);
    const char *rep = NULL;
    switch (cp) {
    case '&':
      rep = "&amp;";
      break;
    case '<':
      rep = "&lt;";
      break;
    case '>':
      rep = "&gt;";
      break;
    case '"':
      rep = "&quot;";
      break;
    case '\'':
      rep = "&#39;";
      break;
    default:
      break;
    }
    gk_status st;
    if (rep) {
      st = gk__buf_adds(&o->b, rep);
    } else if (cp < 0x20 && cp != '\t') {
      st = gk__buf_addc(&o->b, ' '); /* control bytes: never in a page */
    } else {
      char enc[4];
      st = gk__buf_add(&o->b, enc, gk__utf8_encode(cp, enc));
    }
    if (st)
      o->st = GK_E_NOMEM;
    i += k;
  }
  if (o->b.len >= FLUSH_AT)
    flush(o);
}

static void esc(out *o, const char *s) { esc_n(o, s, s ? strlen(s) : 0); }

static void putf_span(out *o, const char *tag, const char *cls, size_t rowspan,
                      size_t colspan) {
  char tmp[96];
  put(o, "<");
  put(o, tag);
  if (cls) {
    put(o, " class=\"");
    put(o, cls);
    put(o, "\"");
  }
  if (rowspan > 1) {
    snprintf(tmp, sizeof(tmp), " rowspan=\"%zu\"", rowspan);
    put(o, tmp);
  }
  if (colspan > 1) {
    snprintf(tmp, sizeof(tmp), " colspan=\"%zu\"", colspan);
    put(o, tmp);
  }
  put(o, ">");
}

/* Text of a value cell: its number, or nothing for a blank or absent one
 * (a blank cell of the document stays blank). */
static void value_text(const gk_report *rep, size_t t, size_t r, size_t c,
                       char *num) {
  const gk_cell *cell = gk__ccell(rep, t, r, c);
  num[0] = '\0';
  if ((cell->flags & GK_CELL_PRESENT) && !(cell->flags & GK_CELL_BLANK))
    gk__format_scaled(num, GK__SCALED_MAX, cell->value);
}

static void write_table(out *o, const gk_report *rep, size_t t) {
  gk__layout l;
  if (gk__layout_table(rep->tpl, t, &l)) {
    if (!o->st)
      o->st = GK_E_ARG;
    return;
  }
  put(o, "<table>\n");
  for (size_t i = 0; i < l.nrows && !o->st; i++) {
    const gk__lrow *row = &l.rows[i];
    if (!row->header && t != GK_T_REVIEW &&
        !gk__row_present(rep, t, (size_t)row->r))
      continue;
    put(o, "<tr>");
    for (size_t k = 0; k < row->n; k++) {
      const gk__lcell *c = &l.cells[row->first + k];
      if (c->kind == GK__L_VALUE) {
        char num[GK__SCALED_MAX];
        value_text(rep, t, c->r, c->c, num);
        putf_span(o, "td", "n", c->rowspan, c->colspan);
        put(o, num);
        put(o, "</td>");
      } else {
        putf_span(o, "th", c->kind == GK__L_LABEL ? "label" : NULL, c->rowspan,
                  c->colspan);
        esc(o, c->text);
        put(o, "</th>");
      }
    }
    put(o, "</tr>\n");
  }
  put(o, "</table>\n");
}

/* One <p> per line of the section's text. */
static void write_text(out *o, const char *s, size_t n) {
  while (n && !o->st) {
    const char *nl = memchr(s, '\n', n);
    size_t k = nl ? (size_t)(nl - s) : n;
    if (k) {
      /* runs of spaces (agency and date on one line) survive only in
       * pre-wrap: HTML collapses white space */
      bool runs = false;
      for (size_t i = 0; i + 1 < k && !runs; i++)
        runs = s[i] == ' ' && s[i + 1] == ' ';
      put(o, runs ? "<p style=\"white-space:pre-wrap\">" : "<p>");
      esc_n(o, s, k);
      put(o, "</p>\n");
    }
    s += k + (nl ? 1 : 0);
    n -= k + (nl ? 1 : 0);
  }
}

static void date_text(char *buf, size_t sz, int32_t ymd) {
  snprintf(buf, sz, "%d年%d月%d日", (int)(ymd / 10000), (int)(ymd / 100 % 100),
           (int)(ymd % 100));
}

/* The title as the readers find it again: 报告主体 then YYYY年. */
static void title(out *o, const gk_report *rep) {
  char y[32] = "";
  if (rep->agency)
    esc(o, rep->agency);
  if (rep->year) {
    snprintf(y, sizeof(y), "%d年", rep->year);
    put(o, y);
  }
  put(o, "政府信息公开工作年度报告");
}

gk_status gk_write_html(const gk_report *rep, gk_lang lang, gk_write_fn fn,
                        void *ud, gk_error *err) {
  (void)lang; /* the page is the report: Chinese whatever the language */
  gk_status st = gk__write_args(rep, fn, err);
  if (st)
    return st;
  out o = {{0}, fn, ud, err, GK_OK};
  gk__buf_init(&o.b, &rep->alloc, 0);
  put(&o, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta "
          "charset=\"utf-8\">\n<meta name=\"generator\" "
          "content=\"gongkai " GK_VERSION_STRING "\">\n<title>");
  title(&o, rep);
  put(&o, "</title>\n<style>");
  put(&o, css);
  put(&o, "</style>\n</head>\n<body>\n<h1>");
  title(&o, rep);
  put(&o, "</h1>\n");
  if (gk__period_to_write(rep)) {
    char a[48], b[48];
    date_text(a, sizeof(a), rep->period_from);
    date_text(b, sizeof(b), rep->period_to);
    put(&o, "<p>本报告所列数据统计期限为");
    put(&o, a);
    put(&o, "至");
    put(&o, b);
    put(&o, "。</p>\n");
  }
  const gk_template *tpl = rep->tpl;
  for (int s = 1; s <= GK_SECTIONS && !o.st; s++) {
    if (rep->sections[s - 1]) {
      put(&o, "<h2>");
      put(&o, gk__section_numeral(s));
      put(&o, "、");
      esc(&o, tpl->sections[s - 1].title);
      put(&o, "</h2>\n");
      write_text(&o, rep->sections[s - 1], rep->section_len[s - 1]);
    }
    for (size_t t = 0; t < GK_TABLES; t++)
      if (tpl->tables[t].section == s && gk__table_present(rep, t))
        write_table(&o, rep, t);
  }
  if (rep->date && !rep->date_line) {
    char d[48];
    date_text(d, sizeof(d), rep->date);
    put(&o, "<p class=\"date\">");
    put(&o, d);
    put(&o, "</p>\n");
  }
  put(&o, "</body>\n</html>\n");
  flush(&o);
  st = o.st;
  if (st == GK_E_NOMEM || st == GK_E_TOO_LARGE)
    st = gk__write_nomem(err);
  else if (st == GK_E_ARG)
    st = gk__fail(err, GK_E_ARG, 0, 0, -1, "模板超出版式表的容量",
                  "the template outgrows the layout arrays");
  gk__buf_free(&o.b);
  return st;
}
