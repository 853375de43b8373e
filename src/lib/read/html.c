/* html.c: gk_reader_read_html, a report saved from a web page.
 *
 * Source of truth: the text reader (text.c) and its line forms
 * (text_internal.h): this file only turns the page into the tab-separated
 * line form the text reader parses (one line per table row, cells joined
 * by tabs; one line per paragraph), so that label matching stays in one
 * place. Steps:
 *   1. charset: BOM, else <meta charset> / <meta http-equiv content=
 *      "…charset=…"> in the first 4 KiB, else UTF-8 if valid, else
 *      GB18030 (GB2312 and GBK are read as GB18030, their superset);
 *      converted to UTF-8 with iconv, strictly (a bad byte is an error
 *      naming its line);
 *   2. libxml2's HTML parser, no network, no error output;
 *   3. one walk over the tree, iterative (the depth is the input's: an
 *      explicit bound, no recursion), skipping script, style, nav,
 *      header, footer and elements whose class or id says nav, menu,
 *      footer, breadcrumb…; tables holding tables are page layout and
 *      are read as blocks; a data table is laid out as a grid (rowspan,
 *      colspan) and each row becomes one tab line;
 *   4. lines before the report's title and page chrome after its last
 *      table (打印本页, 关闭窗口, 版权所有…) are dropped;
 *   5. gk_reader_read_text() on the lines; the report's lines are mapped
 *      back to lines of the HTML source. */
#include "doc.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#define MAX_DEPTH 256      /* element nesting accepted */
#define SNIFF_BYTES 4096   /* where a <meta charset> may be */
#define MAX_SPAN 1000      /* colspan cap (HTML: 1000) */
#define MAX_ROWSPAN 65534  /* rowspan cap (HTML: 65534) */
#define MAX_GRID_COLS 4096 /* columns of one table's grid */

/* === Charset === */

/* Case-insensitive search of 'w' (lower case) in s[0..n). */
static const char *find_ci(const char *s, size_t n, const char *w) {
  size_t wl = strlen(w);
  for (size_t i = 0; i + wl <= n; i++) {
    size_t k = 0;
    while (k < wl) {
      char c = s[i + k];
      if (c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a');
      if (c != w[k])
        break;
      k++;
    }
    if (k == wl)
      return s + i;
  }
  return NULL;
}

/* The charset named by a <meta> in the first bytes, lower-cased into
 * 'out'; false if none. */
static bool meta_charset(const char *s, size_t n, char *out, size_t outsz) {
  if (n > SNIFF_BYTES)
    n = SNIFF_BYTES;
  const char *p = s, *end = s + n;
  while (p < end) {
    const char *m = find_ci(p, (size_t)(end - p), "<meta");
    if (!m)
      return false;
    const char *gt = memchr(m, '>', (size_t)(end - m));
    const char *te = gt ? gt : end;
    const char *cs = find_ci(m, (size_t)(te - m), "charset");
    if (cs) {
      cs += 7;
      while (cs < te && (*cs == ' ' || *cs == '='))
        cs++;
      while (cs < te && (*cs == '"' || *cs == '\''))
        cs++;
      size_t k = 0;
      while (cs < te && k + 1 < outsz &&
             ((*cs >= 'a' && *cs <= 'z') || (*cs >= 'A' && *cs <= 'Z') ||
              (*cs >= '0' && *cs <= '9') || *cs == '-' || *cs == '_' ||
              *cs == '.' || *cs == ':')) {
        char c = *cs++;
        out[k++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      }
      out[k] = '\0';
      if (k)
        return true;
    }
    p = te;
  }
  return false;
}

/* The iconv name for a declared charset: the GB family is read as
 * GB18030 (GB2312 pages carry GBK characters in practice). */
static const char *iconv_name(const char *cs) {
  static const char *const gb[] = {"gb2312", "gbk",        "gb18030",
                                   "x-gbk",  "cp936",      "euc-cn",
                                   "ms936",  "gb_2312-80", "csgb2312"};
  for (size_t i = 0; i < sizeof(gb) / sizeof(gb[0]); i++)
    if (strcmp(cs, gb[i]) == 0)
      return "GB18030";
  if (strcmp(cs, "utf8") == 0 || strcmp(cs, "utf-8") == 0)
    return "UTF-8";
  return cs;
}

static int64_t line_of(const char *s, size_t off) {
  int64_t l = 1;
  for (size_t i = 0; i < off; i++)
    if (s[i] == '\n')
      l++;
  return l;
}

typedef struct hread {
  const gk_alloc *alloc; /* for every buffer here */
  gk_error *err;         /* where failures go */
  const char *name;      /* source name for messages */
  gk__buf out;           /* the tab-line text */
  int64_t *lmap;         /* source line of each output line */
  size_t nlines;         /* output lines */
  size_t lcap;           /* lmap capacity */
  gk__buf line;          /* the paragraph being built */
  int64_t line_src;      /* its source line */
  bool space;            /* a space is pending in 'line' */
  int pre;               /* inside <pre> */
  /* the data table being read */
  int in_table;     /* depth of data tables (1 while in one) */
  int in_cell;      /* inside a td/th of a data table */
  gk__buf row;      /* the tab line of the row being read */
  size_t row_cells; /* cells in 'row' */
  int64_t row_src;  /* its source line */
  uint32_t *pend;   /* per grid column: rows still covered */
  size_t pend_cap;  /* its size */
  size_t col;       /* next grid column of the row */
  size_t cells;     /* cells read from the document */
  size_t max_cells; /* the limit */
  size_t cell_off;  /* where the cell's text starts in 'row' */
  void *mark;       /* _private of layout tables */
} hread;

static gk_status nomem(hread *h) {
  return gk__fail(h->err, GK_E_NOMEM, 0, 0, -1, "读取 HTML 时内存不足",
                  "out of memory while reading HTML");
}

/* Converts 'buf' to UTF-8 into '*out' (owned, to free with alloc). */
static gk_status to_utf8(hread *h, const char *buf, size_t len, char **out,
                         size_t *olen) {
  const unsigned char *u = (const unsigned char *)buf;
  const char *from = NULL;
  char cs[40];
  size_t skip = 0;
  if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
    from = "UTF-8";
    skip = 3;
  } else if (len >= 2 && u[0] == 0xff && u[1] == 0xfe) {
    from = "UTF-16LE";
    skip = 2;
  } else if (len >= 2 && u[0] == 0xfe && u[1] == 0xff) {
    from = "UTF-16BE";
    skip = 2;
  } else if (meta_charset(buf, len, cs, sizeof(cs))) {
    from = iconv_name(cs);
  } else {
    from = gk__utf8_valid(buf, len) ? "UTF-8" : "GB18030";
  }
  buf += skip;
  len -= skip;
  if (len > (SIZE_MAX - 8) / 3)
    return GK_E_TOO_LARGE;
  size_t cap = len * 3 + 8;
  char *o = gk__malloc(h->alloc, cap);
  if (!o)
    return nomem(h);
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) {
    gk__free(h->alloc, o);
    return gk__fail(
        h->err, GK_E_ENCODING, 0, 0, -1, "HTML 声明的字符集“%s”不受支持",
        "the HTML page declares an unsupported charset \"%s\"", from);
  }
  char *in = (char *)(uintptr_t)buf;
  size_t inleft = len, outleft = cap - 1;
  char *p = o;
  size_t r = iconv(cd, &in, &inleft, &p, &outleft);
  if (r != (size_t)-1)
    iconv(cd, NULL, NULL, &p, &outleft);
  iconv_close(cd);
  if (r == (size_t)-1 || inleft) {
    size_t bad = len - inleft;
    gk__free(h->alloc, o);
    int64_t line = line_of(buf, bad);
    return gk__fail(h->err, GK_E_ENCODING, line, 0, (int64_t)(bad + skip),
                    "HTML 第 %lld 行（字节 %zu）的内容不是所声明的 %s 编码",
                    "HTML line %lld (byte %zu) is not valid %s, the page's "
                    "charset",
                    (long long)line, bad + skip, from);
  }
  *p = '\0';
  *out = o;
  *olen = (size_t)(p - o);
  return GK_OK;
}

/* === Building the line text === */

/* Appends one output line and its source line. */
static gk_status emit_line(hread *h, const char *s, size_t n, int64_t src) {
  if (gk__grow(h->alloc, &h->lmap, &h->lcap, h->nlines + 1, sizeof(*h->lmap)))
    return nomem(h);
  if (gk__buf_add(&h->out, s, n) || gk__buf_addc(&h->out, '\n'))
    return nomem(h);
  h->lmap[h->nlines++] = src;
  return GK_OK;
}

/* Ends the paragraph being built. */
static gk_status end_line(hread *h) {
  h->space = false;
  if (!h->line.len)
    return GK_OK;
  gk_status st = emit_line(h, h->line.data, h->line.len, h->line_src);
  gk__buf_reset(&h->line);
  return st;
}

/* Appends text with HTML white space collapsed ('pre' keeps line breaks
 * and tabs). Tabs would cut a paragraph into cells: they become spaces. */
static gk_status add_text(hread *h, gk__buf *b, const char *s, size_t n,
                          int64_t src) {
  if (b == &h->line && !b->len)
    h->line_src = src;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (h->pre && b == &h->line && (c == '\n' || c == '\r')) {
      gk_status st = end_line(h);
      if (st)
        return st;
      h->line_src = ++src;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      if (h->pre && (c == '\t' || c == ' ') && b == &h->line) {
        if (h->space && gk__buf_addc(b, ' '))
          return nomem(h);
        h->space = false;
        if (gk__buf_addc(b, c))
          return nomem(h);
        continue;
      }
      h->space = b->len > (b == &h->row ? h->cell_off : 0);
      continue;
    }
    if (h->space && gk__buf_addc(b, ' '))
      return nomem(h);
    h->space = false;
    if (gk__buf_addc(b, c))
      return nomem(h);
  }
  return GK_OK;
}

/* === Elements === */

static bool is_tag(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE &&
         strcmp((const char *)n->name, name) == 0;
}

/* Elements that are page chrome or not text at all. */
static bool skipped_tag(const char *name) {
  static const char *const tags[] = {
      "script", "style",  "noscript", "template", "nav",    "header",
      "footer", "head",   "title",    "iframe",   "object", "embed",
      "select", "button", "textarea", "svg",      "canvas", "map",
      "aside",  "input",  "option",   "audio",    "video"};
  for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
    if (strcmp(name, tags[i]) == 0)
      return true;
  return false;
}

/* True if a class or id token starts with a chrome word (nav, menu,
 * footer, breadcrumb…). */
static bool chrome_attr(const char *v) {
  static const char *const words[] = {
      "nav",    "menu",  "footer",    "breadcrumb", "crumb", "sidebar",
      "banner", "share", "copyright", "toolbar",    "topbar"};
  if (!v)
    return false;
  const char *p = v;
  while (*p) {
    while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
      p++;
    const char *s = p;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
           (*p >= '0' && *p <= '9'))
      p++;
    size_t n = (size_t)(p - s);
    for (size_t i = 0; n && i < sizeof(words) / sizeof(words[0]); i++) {
      size_t wl = strlen(words[i]);
      if (n >= wl && strncasecmp(s, words[i], wl) == 0)
        return true;
    }
  }
  return false;
}

static bool skipped(const xmlNode *n) {
  if (n->type != XML_ELEMENT_NODE)
    return n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE;
  if (skipped_tag((const char *)n->name))
    return true;
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    const char *an = (const char *)a->name;
    if ((strcmp(an, "class") == 0 || strcmp(an, "id") == 0) && a->children &&
        a->children->type == XML_TEXT_NODE &&
        chrome_attr((const char *)a->children->content))
      return true;
    if (strcmp(an, "hidden") == 0)
      return true;
  }
  return false;
}

/* <pre>, or an element styled white-space:pre / pre-wrap: its spaces and
 * line breaks are kept (the HTML writer marks lines with runs of spaces
 * so). */
static bool pre_elem(const xmlNode *n) {
  if (is_tag(n, "pre"))
    return true;
  xmlChar *v = xmlGetProp(n, (const xmlChar *)"style");
  if (!v)
    return false;
  const char *ws =
      find_ci((const char *)v, strlen((const char *)v), "white-space");
  bool pre = false;
  if (ws) {
    ws += 11;
    while (*ws == ' ' || *ws == ':')
      ws++;
    pre = strncmp(ws, "pre", 3) == 0;
  }
  xmlFree(v);
  return pre;
}

static bool block_tag(const char *name) {
  static const char *const tags[] = {
      "p",      "div",     "h1",      "h2",       "h3",         "h4",
      "h5",     "h6",      "li",      "ul",       "ol",         "dl",
      "dt",     "dd",      "table",   "tr",       "td",         "th",
      "tbody",  "thead",   "tfoot",   "caption",  "blockquote", "pre",
      "center", "section", "article", "main",     "address",    "hr",
      "body",   "html",    "form",    "fieldset", "figure",     "figcaption"};
  for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
    if (strcmp(name, tags[i]) == 0)
      return true;
  return false;
}

/* A table is page layout when it holds another table: its cells are read
 * as blocks. Marked through _private (the tree is ours) with 'mark'. */
static void mark_layout_tables(xmlNode *root, void *mark) {
  xmlNode *n = root;
  while (n) {
    if (is_tag(n, "table"))
      for (xmlNode *p = n->parent; p; p = p->parent)
        if (is_tag(p, "table")) {
          if (p->_private == mark)
            break;
          p->_private = mark;
        }
    if (n->children && n->type == XML_ELEMENT_NODE) {
      n = n->children;
      continue;
    }
    while (n && !n->next)
      n = n->parent;
    if (n)
      n = n->next;
  }
}

static long span_attr(const xmlNode *n, const char *name, long cap) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  if (!v)
    return 1;
  long x = 0;
  const xmlChar *p = v;
  while (*p == ' ')
    p++;
  while (*p >= '0' && *p <= '9' && x <= cap)
    x = x * 10 + (*p++ - '0');
  xmlFree(v);
  if (x < 1)
    return 1;
  return x > cap ? cap : x;
}

static gk_status too_many_cells(hread *h, int64_t src) {
  return gk__fail(h->err, GK_E_TOO_LARGE, src, 0, -1,
                  "HTML 表格单元格超过上限 %zu（第 %lld 行）",
                  "HTML tables hold more than %zu cells (line %lld)",
                  h->max_cells, (long long)src);
}

/* Grid column of the next cell: the first one no rowspan covers. */
static size_t next_free(hread *h, size_t c) {
  while (c < h->pend_cap && h->pend[c])
    c++;
  return c;
}

static gk_status row_start(hread *h, int64_t src) {
  gk__buf_reset(&h->row);
  h->row_cells = 0;
  h->row_src = src;
  h->col = 0;
  return GK_OK;
}

static gk_status row_end(hread *h) {
  /* rows still covered by a rowspan from above lose one row */
  for (size_t c = 0; c < h->pend_cap; c++)
    if (h->pend[c])
      h->pend[c]--;
  if (!h->row_cells)
    return GK_OK;
  gk_status st = emit_line(h, h->row.data, h->row.len, h->row_src);
  if (!st)
    st = emit_line(h, "", 0, h->row_src); /* a row break */
  gk__buf_reset(&h->row);
  return st;
}

static gk_status cell_start(hread *h, const xmlNode *n, int64_t src) {
  long colspan = span_attr(n, "colspan", MAX_SPAN);
  long rowspan = span_attr(n, "rowspan", MAX_ROWSPAN);
  if (++h->cells > h->max_cells)
    return too_many_cells(h, src);
  size_t c = next_free(h, h->col);
  if (c + (size_t)colspan > MAX_GRID_COLS)
    return too_many_cells(h, src);
  if (c + (size_t)colspan > h->pend_cap) {
    size_t nc = c + (size_t)colspan + 16;
    uint32_t *p = gk__realloc(h->alloc, h->pend, nc * sizeof(*p));
    if (!p)
      return nomem(h);
    memset(p + h->pend_cap, 0, (nc - h->pend_cap) * sizeof(*p));
    h->pend = p;
    h->pend_cap = nc;
  }
  /* rowspan covers the next rows: row_end subtracts this row's one */
  for (size_t k = 0; k < (size_t)colspan; k++)
    h->pend[c + k] = (uint32_t)rowspan;
  h->col = c + (size_t)colspan;
  if (gk__buf_addc(&h->row, '\t'))
    return nomem(h);
  h->row_cells++;
  h->cell_off = h->row.len;
  h->space = false;
  h->in_cell = 1;
  return GK_OK;
}

/* Lines of page chrome: dropped, and after the last table they end the
 * report. */
static bool chrome_line(const char *s, size_t n) {
  static const char *const words[] = {
      "打印本页",   "关闭窗口", "【打印】", "【关闭】", "扫一扫",      "分享到",
      "上一篇",     "下一篇",   "网站地图", "版权所有", "主办单位",    "ICP备",
      "网站标识码", "【字体",   "字号：",   "当前位置", "您现在的位置"};
  if (n > 300)
    return false;
  for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
    size_t wl = strlen(words[i]);
    for (size_t k = 0; k + wl <= n; k++)
      if (memcmp(s + k, words[i], wl) == 0)
        return true;
  }
  return false;
}

static bool title_line(const char *s, size_t n) {
  if (n > 300 || memchr(s, '\t', n))
    return false;
  bool report = false, year = false;
  for (size_t k = 0; k + 6 <= n; k++) {
    if (memcmp(s + k, "报告", 6) == 0)
      report = true;
    if (memcmp(s + k, "年", 3) == 0 && k >= 4 && s[k - 1] >= '0' &&
        s[k - 1] <= '9')
      year = true;
  }
  return report && year;
}

/* Walks the tree once, iteratively, building the line text. */
static gk_status walk(hread *h, xmlNode *root) {
  xmlNode *n = root;
  size_t depth = 0;
  gk_status st = GK_OK;
  while (n && !st) {
    bool descend = false;
    int64_t src = (int64_t)xmlGetLineNo(n);
    if (src < 0)
      src = 0;
    if (!skipped(n)) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        const char *t = (const char *)n->content;
        size_t tl = t ? strlen(t) : 0;
        if (h->in_table && h->in_cell)
          st = add_text(h, &h->row, t, tl, src);
        else if (!h->in_table || !h->in_cell)
          st = add_text(h, &h->line, t, tl, src);
      } else {
        const char *name = (const char *)n->name;
        bool data_table =
            is_tag(n, "table") && n->_private != h->mark && !h->in_table;
        if (depth + 1 > MAX_DEPTH)
          return gk__fail(h->err, GK_E_TOO_LARGE, src, 0, -1,
                          "HTML 元素嵌套超过 %d 层（第 %lld 行）",
                          "HTML elements nest deeper than %d (line %lld)",
                          MAX_DEPTH, (long long)src);
        if (data_table) {
          st = end_line(h);
          h->in_table = 1;
          if (h->pend)
            memset(h->pend, 0, h->pend_cap * sizeof(*h->pend));
        } else if (h->in_table && strcmp(name, "tr") == 0) {
          st = row_start(h, src);
        } else if (h->in_table && !h->in_cell &&
                   (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)) {
          st = cell_start(h, n, src);
        } else if (h->in_table && h->in_cell) {
          if (strcmp(name, "br") == 0 || block_tag(name))
            h->space = h->row.len > h->cell_off;
        } else if (h->in_table && strcmp(name, "caption") == 0) {
          st = end_line(h);
        } else if (strcmp(name, "br") == 0) {
          st = end_line(h);
        } else if (pre_elem(n)) {
          st = end_line(h);
          h->pre++;
        } else if (block_tag(name)) {
          st = end_line(h);
        }
        descend = n->children != NULL;
      }
    }
    if (descend) {
      n = n->children;
      depth++;
      continue;
    }
    /* leave n, then every ancestor whose last child we just left */
    for (;;) {
      if (n->type == XML_ELEMENT_NODE && !skipped(n)) {
        const char *name = (const char *)n->name;
        if (h->in_table && is_tag(n, "table") && n->_private != h->mark) {
          if (h->row_cells)
            st = row_end(h);
          if (!st)
            st = end_line(h);
          h->in_table = 0;
          h->in_cell = 0;
        } else if (h->in_table && strcmp(name, "tr") == 0) {
          h->in_cell = 0;
          st = st ? st : row_end(h);
        } else if (h->in_table &&
                   (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)) {
          h->in_cell = 0;
          h->space = false;
        } else if (h->in_table && strcmp(name, "caption") == 0) {
          st = st ? st : end_line(h);
        } else if (!h->in_table && h->pre && pre_elem(n)) {
          h->pre--;
          st = st ? st : end_line(h);
        } else if (!h->in_table && block_tag(name)) {
          st = st ? st : end_line(h);
        }
      }
      if (n == root || st)
        return st ? st : end_line(h);
      if (n->next) {
        n = n->next;
        break;
      }
      n = n->parent;
      depth--;
      if (!n)
        return end_line(h);
    }
  }
  return st ? st : end_line(h);
}

/* === Cutting the page to the report === */

/* Builds the final text from the walked lines: from the title line on,
 * chrome lines dropped, and nothing after the first chrome line that
 * follows the last table row. '*map' gets the source line of each kept
 * line. */
static gk_status trim_page(hread *h, gk__buf *text, int64_t **map,
                           size_t *nmap) {
  const char *s = h->out.data ? h->out.data : "";
  size_t n = h->out.len;
  size_t nl = h->nlines, first = 0, last_row = 0, i = 0;
  /* line offsets: one pass */
  size_t *off = gk__malloc(h->alloc, (nl + 1) * sizeof(*off));
  if (!off)
    return nomem(h);
  for (size_t k = 0, pos = 0; k < nl; k++) {
    off[k] = pos;
    const char *e = memchr(s + pos, '\n', n - pos);
    pos = e ? (size_t)(e - s) + 1 : n;
  }
  off[nl] = n;
  bool found = false;
  for (i = 0; i < nl; i++) {
    const char *ls = s + off[i];
    size_t ll = off[i + 1] - off[i] - 1;
    if (!found && title_line(ls, ll)) {
      first = i;
      found = true;
    }
    if (ll && ls[0] == '\t')
      last_row = i;
  }
  int64_t *m = gk__malloc(h->alloc, (nl + 1) * sizeof(*m));
  if (!m) {
    gk__free(h->alloc, off);
    return nomem(h);
  }
  size_t k = 0;
  gk_status st = GK_OK;
  for (i = first; i < nl && !st; i++) {
    const char *ls = s + off[i];
    size_t ll = off[i + 1] - off[i] - 1;
    if (ls[0] != '\t' && chrome_line(ls, ll)) {
      if (i > last_row && last_row)
        break;
      continue;
    }
    if (gk__buf_add(text, ls, ll + 1))
      st = nomem(h);
    m[k++] = h->lmap[i];
  }
  gk__free(h->alloc, off);
  if (st) {
    gk__free(h->alloc, m);
    return st;
  }
  *map = m;
  *nmap = k;
  return GK_OK;
}

/* === Entry point === */

static gk_status parse_and_walk(hread *h, const char *utf8, size_t len) {
  if (len > INT32_MAX)
    return GK_E_TOO_LARGE;
  htmlDocPtr doc =
      htmlReadMemory(utf8, (int)len, NULL, "UTF-8",
                     HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                         HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT);
  if (!doc)
    return gk__fail(h->err, GK_E_EMPTY, 0, 0, -1, "HTML 页面没有内容",
                    "the HTML page has no content");
  xmlNode *root = xmlDocGetRootElement(doc);
  gk_status st = GK_OK;
  if (root) {
    h->mark = doc;
    mark_layout_tables(root, h->mark);
    st = walk(h, root);
  }
  xmlFreeDoc(doc);
  return st;
}

gk_status gk_reader_read_html(gk_reader *reader, gk_report **out,
                              const char *buf, size_t len,
                              const gk_read_opts *opts, gk_error *err) {
  if (!out)
    return GK_E_ARG;
  *out = NULL;
  if (!buf && len)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数无效：buf 为 NULL",
                    "invalid argument: buf is NULL");
  gk_limits lim;
  gk__limits_resolve(&lim, opts ? &opts->limits : NULL);
  if (len > lim.max_input_bytes)
    return gk__fail(
        err, GK_E_TOO_LARGE, 0, 0, -1, "输入过大：%zu 字节，上限 %zu 字节",
        "input too large: %zu bytes, limit %zu", len, lim.max_input_bytes);
  hread h;
  memset(&h, 0, sizeof(h));
  h.alloc = opts && opts->alloc ? opts->alloc : gk_alloc_default();
  h.err = err;
  h.max_cells = lim.max_cells;
  gk__buf_init(&h.out, h.alloc, 0);
  gk__buf_init(&h.line, h.alloc, lim.max_line_bytes);
  gk__buf_init(&h.row, h.alloc, lim.max_line_bytes);
  char *utf8 = NULL;
  size_t ulen = 0;
  int64_t *map = NULL;
  size_t nmap = 0;
  gk__buf text;
  gk__buf_init(&text, h.alloc, 0);
  gk_status st = to_utf8(&h, buf ? buf : "", len, &utf8, &ulen);
  if (!st)
    st = parse_and_walk(&h, utf8, ulen);
  if (!st)
    st = trim_page(&h, &text, &map, &nmap);
  if (!st) {
    gk_reader *tmp = NULL;
    if (!reader) {
      if (gk_reader_new(&tmp, h.alloc))
        st = nomem(&h);
      reader = tmp;
    }
    if (!st)
      st = gk_reader_read_text(reader, out, text.data ? text.data : "",
                               text.len, opts, err);
    gk_reader_free(tmp);
    if (!st)
      gk__report_map_lines(*out, map, nmap);
    else
      gk__error_map_line(err, map, nmap);
  }
  if (st == GK_E_TOO_LARGE && err && err->code == GK_OK)
    gk__fail(err, st, 0, 0, -1, "HTML 页面过大", "the HTML page is too large");
  gk__free(h.alloc, utf8);
  gk__free(h.alloc, map);
  gk__free(h.alloc, h.lmap);
  gk__free(h.alloc, h.pend);
  gk__buf_free(&h.out);
  gk__buf_free(&h.line);
  gk__buf_free(&h.row);
  gk__buf_free(&text);
  return st;
}
