/* pdf.c: gk_reader_read_pdf, a report from a PDF with a text layer.
 *
 * Source of truth: the text reader (text.c) and its line forms: like
 * html.c this file only rebuilds the tab-separated line form from the
 * page and hands it to gk_reader_read_text(). poppler-glib gives the
 * page's text with one rectangle per character; the table is rebuilt from
 * those positions:
 *   1. characters are sorted by their vertical centre and clustered into
 *      visual lines, each line sorted left to right;
 *   2. a line is cut into fragments where the gap between two characters
 *      is wider than ~0.4 of the line height (cell padding, column gaps);
 *   3. a "value line" holds numbers after a label or several numbers: a
 *      table row. A label broken over several lines of its cell (values
 *      are centred vertically in the row) is joined: fragments left of the
 *      row's first number on nearby lines go to the nearest value line,
 *      and are stacked per column (same left edge), top to bottom; the
 *      last lines of a label printed below its numbers, too far from
 *      them, continue the fragment above them in their column;
 *   4. runs of lines of several fragments (a table header whose cells wrap)
 *      are stacked per column the same way into one line;
 *   5. a paragraph wrapped at the right margin is joined again.
 * A PDF without characters is a scan (needs OCR); an encrypted or damaged
 * one fails with a message that says so, and so does one whose xref table
 * is broken (pdf_xref.c), which poppler would otherwise rebuild by guess.
 * poppler runs in a child process under memory and time limits
 * (pdf_poppler.c), which hands over each page's text and character
 * boxes; glib types stay there. */
#include "doc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CUT_GAP 0.40 /* gap / line height that cuts a line into cells */
/* line heights a label fragment may be from its row's numbers (a label of
 * five lines, numbers on the middle one, spans 3.4) */
#define ATTACH_DIST 4.5
#define STACK_GAP 1.7  /* line heights between stacked header lines */
#define WINDOW 48      /* lines around a row searched for its parts */
#define HEADER_REACH 8 /* lines (and line heights) from a header to its rows   \
                        */

typedef struct glyph {
  double x1, y1, x2, y2; /* rectangle on the page (points, y down) */
  uint32_t cp;           /* code point */
} glyph;

typedef struct frag {
  size_t a, b;   /* glyphs [a, b) of the page, in x order */
  double x1, x2; /* horizontal extent */
  double y1, y2; /* vertical extent */
  size_t line;   /* visual line index */
  bool num;      /* a number (or a blank mark) */
  bool sentence; /* holds 。 or ；: narrative, never a cell */
  int owner;     /* value line it is attached to, -1 none */
} frag;

typedef struct vline {
  size_t f0, nf; /* its fragments [f0, f0 + nf) */
  double y1, y2; /* vertical extent */
  double h;      /* line height */
  bool value;    /* a table row with numbers */
  double lz;     /* value line: left edge of its first number */
  bool labelled; /* value line: text comes before its numbers */
  bool used;     /* emitted as part of a stacked block */
} vline;

typedef struct pdfread {
  const gk_alloc *alloc; /* every buffer here */
  gk_error *err;         /* where failures go */
  gk__buf out;           /* the tab-line text */
  glyph *g;              /* glyphs of the page */
  size_t ng, gcap;
  frag *f; /* fragments of the page */
  size_t nf, fcap;
  vline *l; /* visual lines of the page */
  size_t nl, lcap;
  size_t chars;      /* characters in the whole document */
  size_t max_glyphs; /* bound on characters read */
  double bottom;     /* lowest text of the pages so far (stitched) */
} pdfread;

static gk_status nomem(pdfread *p) {
  return gk__fail(p->err, GK_E_NOMEM, 0, 0, -1, "读取 PDF 时内存不足",
                  "out of memory while reading a PDF");
}

/* Grows '*arr' (element size 'sz') to hold 'want' elements. */
static bool grow(pdfread *p, void **arr, size_t *cap, size_t want, size_t sz) {
  return gk__grow(p->alloc, arr, cap, want, sz) == GK_OK;
}

/* === Glyphs and lines === */

static int by_centre(const void *a, const void *b) {
  const glyph *x = a, *y = b;
  double cx = (x->y1 + x->y2) / 2, cy = (y->y1 + y->y2) / 2;
  if (cx != cy)
    return cx < cy ? -1 : 1;
  return x->x1 < y->x1 ? -1 : x->x1 > y->x1;
}

static int by_x(const void *a, const void *b) {
  const glyph *x = a, *y = b;
  return x->x1 < y->x1 ? -1 : x->x1 > y->x1;
}

static bool is_space(uint32_t cp) {
  return cp == ' ' || cp == 0xa0 || cp == 0x3000 || cp == '\t';
}

/* Characters of a page number (- 3 -, 第3页, 3/12, Page 3). */
static bool page_number_char(uint32_t c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '/' || c == 0x2014 ||
         c == 0x2013 || c == 0x7b2c || c == 0x9875 || c == 0x5171 || c == 'P' ||
         c == 'a' || c == 'g' || c == 'e' || c == 'o' || c == 'f';
}

/* True if the line at 'edge' starts where a fragment of another line of
 * the page starts: a table's column (the rest of a row the page break cut),
 * never a page number, which lines up with nothing on its page. Glyphs
 * come in reading order, so a fragment starts after a glyph of another
 * line or a gap. */
static bool aligned_below(const pdfread *p, size_t start, double edge,
                          double h) {
  double x = INFINITY;
  for (size_t i = start; i < p->ng; i++)
    if (fabs((p->g[i].y1 + p->g[i].y2) / 2 - edge) < 0.4 * h)
      x = fmin(x, p->g[i].x1);
  for (size_t i = start; i < p->ng; i++) {
    const glyph *g = &p->g[i];
    double c = (g->y1 + g->y2) / 2;
    if (fabs(c - edge) < 0.4 * h || fabs(g->x1 - x) > 0.5)
      continue;
    const glyph *q = i > start ? &p->g[i - 1] : NULL;
    if (!q || fabs((q->y1 + q->y2) / 2 - c) >= 0.4 * h ||
        g->x1 - q->x2 > CUT_GAP * h)
      return true;
  }
  return false;
}

/* Drops glyphs [start, ng) of a page's top or bottom line when that line
 * is a page number in the margin band (so pages can be stitched). */
static void drop_page_number(pdfread *p, size_t start, double height) {
  for (int pass = 0; pass < 2; pass++) {
    double edge = pass ? -INFINITY : INFINITY, h = 0;
    for (size_t i = start; i < p->ng; i++) {
      double c = (p->g[i].y1 + p->g[i].y2) / 2;
      if (pass ? c > edge : c < edge) {
        edge = c;
        h = p->g[i].y2 - p->g[i].y1;
      }
    }
    if (p->ng == start || (pass ? edge < 0.88 * height : edge > 0.12 * height))
      continue;
    size_t n = 0;
    bool num = true;
    for (size_t i = start; i < p->ng; i++) {
      double c = (p->g[i].y1 + p->g[i].y2) / 2;
      if (fabs(c - edge) < 0.4 * h) {
        n++;
        num &= page_number_char(p->g[i].cp);
      } else if (fabs(c - edge) < 1.5 * h) {
        /* text a line's pitch away: the body's own first or last line
         * (a table row cut by the page break), not a page number, which
         * stands apart in the margin */
        num = false;
      }
    }
    if (!num || n > 12 || aligned_below(p, start, edge, h))
      continue;
    size_t k = start;
    for (size_t i = start; i < p->ng; i++) {
      double c = (p->g[i].y1 + p->g[i].y2) / 2;
      if (fabs(c - edge) >= 0.4 * h)
        p->g[k++] = p->g[i];
    }
    p->ng = k;
  }
}

/* Appends the page's glyphs (white space and line breaks left out: the
 * gaps they leave decide the cuts), moved down so that the page's text
 * follows the previous page's: a table row cut by a page break is whole
 * again. */
static gk_status page_glyphs(const gk__pdf_page *pg, void *ud) {
  pdfread *p = ud;
  const char *text = pg->text;
  const gk__pdf_rect *rects = pg->rects;
  size_t nr = pg->nrects;
  double height = pg->height;
  const char *end = text + pg->text_len;
  size_t start = p->ng;
  const char *s = text;
  gk_status st = GK_OK;
  for (size_t i = 0; i < nr && s < end; i++) {
    size_t n;
    uint32_t cp = gk__utf8_decode(s, (size_t)(end - s), &n);
    s += n;
    if (cp == '\n' || cp == '\r' || is_space(cp) || cp < 0x20)
      continue;
    if (p->ng >= p->max_glyphs) {
      st = gk__fail(p->err, GK_E_TOO_LARGE, 0, 0, -1,
                    "PDF 文字过多（超过 %zu 个字符）",
                    "the PDF holds too much text (more than %zu characters)",
                    p->max_glyphs);
      break;
    }
    if (!grow(p, (void **)&p->g, &p->gcap, p->ng + 1, sizeof(*p->g))) {
      st = nomem(p);
      break;
    }
    glyph *gl = &p->g[p->ng++];
    gl->x1 = rects[i].x1;
    gl->x2 = rects[i].x2;
    gl->y1 = rects[i].y1;
    gl->y2 = rects[i].y2;
    gl->cp = cp;
  }
  if (st)
    return st;
  drop_page_number(p, start, height);
  p->chars += p->ng - start;
  if (p->ng == start)
    return GK_OK;
  double top = INFINITY, bottom = -INFINITY, h = 0;
  for (size_t i = start; i < p->ng; i++) {
    top = fmin(top, p->g[i].y1);
    bottom = fmax(bottom, p->g[i].y2);
    h = fmax(h, p->g[i].y2 - p->g[i].y1);
  }
  /* a line's worth of gap between the pages' texts */
  double shift = start ? p->bottom + 0.3 * h - top : 0;
  for (size_t i = start; i < p->ng; i++) {
    p->g[i].y1 += shift;
    p->g[i].y2 += shift;
  }
  p->bottom = bottom + shift;
  return GK_OK;
}

static bool numeric(const pdfread *p, size_t a, size_t b) {
  for (size_t i = a; i < b; i++) {
    uint32_t c = p->g[i].cp;
    if (!((c >= '0' && c <= '9') || c == '.' || c == ',' || c == '-' ||
          c == '+' || c == '%' || c == '/' || c == 0x2014 || c == 0x2013 ||
          c == 0xff0d || (c >= 0xff10 && c <= 0xff19)))
      return false;
  }
  return b > a;
}

static bool sentence(const pdfread *p, size_t a, size_t b) {
  for (size_t i = a; i < b; i++)
    if (p->g[i].cp == 0x3002 || p->g[i].cp == 0xff1b)
      return true;
  return false;
}

/* The height that scales a line's cuts: its glyphs' height, or 1.35 times
 * the width of its Chinese characters (one em each) when the boxes are
 * taller than that. A browser's print gives boxes 2.6 em tall (the font's
 * ascent and descent), where LibreOffice's are 1.3 em and WPS's 1.0: cut
 * by the tall boxes, the characters of a header printed one a line in
 * narrow columns, 0.6 em apart, ran together across the columns. */
static double cut_height(const pdfread *p, size_t i, size_t j, double h) {
  double w = 0;
  size_t n = 0;
  for (size_t k = i; k < j; k++)
    if (p->g[k].cp >= 0x4e00 && p->g[k].cp <= 0x9fff &&
        p->g[k].x2 > p->g[k].x1) {
      w += p->g[k].x2 - p->g[k].x1;
      n++;
    }
  return n && 1.35 * w / (double)n < h ? 1.35 * w / (double)n : h;
}

/* Sorts glyphs into visual lines and cuts the lines into fragments. */
static gk_status doc_lines(pdfread *p) {
  p->nl = p->nf = 0;
  if (!p->ng)
    return GK_OK;
  qsort(p->g, p->ng, sizeof(*p->g), by_centre);
  size_t i = 0;
  while (i < p->ng) {
    double c0 = (p->g[i].y1 + p->g[i].y2) / 2;
    /* scaled as the cuts are: a browser's tall boxes would take in the
     * next line of a table cell (15 points below, 12.4 allowed) */
    double h0 = cut_height(p, i, i + 1, p->g[i].y2 - p->g[i].y1);
    size_t j = i + 1;
    while (j < p->ng && (p->g[j].y1 + p->g[j].y2) / 2 - c0 < 0.4 * h0)
      j++;
    qsort(p->g + i, j - i, sizeof(*p->g), by_x);
    if (!grow(p, (void **)&p->l, &p->lcap, p->nl + 1, sizeof(*p->l)))
      return nomem(p);
    vline *ln = &p->l[p->nl];
    memset(ln, 0, sizeof(*ln));
    ln->f0 = p->nf;
    ln->y1 = INFINITY;
    ln->y2 = -INFINITY;
    double hmax = 0;
    for (size_t k = i; k < j; k++) {
      ln->y1 = fmin(ln->y1, p->g[k].y1);
      ln->y2 = fmax(ln->y2, p->g[k].y2);
      hmax = fmax(hmax, p->g[k].y2 - p->g[k].y1);
    }
    ln->h = hmax > 0 ? hmax : 1;
    double cut = CUT_GAP * cut_height(p, i, j, ln->h);
    size_t a = i;
    for (size_t k = i + 1; k <= j; k++) {
      if (k < j && p->g[k].x1 - p->g[k - 1].x2 <= cut)
        continue;
      if (!grow(p, (void **)&p->f, &p->fcap, p->nf + 1, sizeof(*p->f)))
        return nomem(p);
      frag *f = &p->f[p->nf++];
      f->a = a;
      f->b = k;
      f->x1 = p->g[a].x1;
      f->x2 = p->g[k - 1].x2;
      f->y1 = ln->y1;
      f->y2 = ln->y2;
      f->line = p->nl;
      f->num = numeric(p, a, k);
      f->sentence = sentence(p, a, k);
      f->owner = -1;
      a = k;
    }
    ln->nf = p->nf - ln->f0;
    p->nl++;
    i = j;
  }
  return GK_OK;
}

/* A table row: numbers after a label, or several numbers. */
static void find_value_lines(pdfread *p) {
  for (size_t li = 0; li < p->nl; li++) {
    vline *ln = &p->l[li];
    size_t nums = 0, first = SIZE_MAX;
    bool narrative = false;
    for (size_t k = 0; k < ln->nf; k++) {
      const frag *f = &p->f[ln->f0 + k];
      narrative |= f->sentence;
      if (f->num) {
        nums++;
        if (first == SIZE_MAX)
          first = k;
      }
    }
    /* after its first number a row holds only numbers: 共 3 件 is text */
    bool trailing_text = false;
    for (size_t k = first == SIZE_MAX ? ln->nf : first; k < ln->nf; k++)
      trailing_text |= !p->f[ln->f0 + k].num;
    ln->value =
        !narrative && !trailing_text && nums && (first > 0 || nums >= 3);
    if (ln->value || (nums && !first && !trailing_text))
      ln->lz = p->f[ln->f0 + first].x1;
    ln->labelled = ln->value && first > 0;
  }
  /* a line of only numbers is a row whose label wrapped onto the lines
   * around it (the numbers are centred in the row): two numbers or more,
   * or one standing where the numbers of the table's rows start */
  for (size_t li = 0; li < p->nl; li++) {
    vline *ln = &p->l[li];
    if (ln->value || !ln->nf || !p->f[ln->f0].num)
      continue;
    bool only = true;
    for (size_t k = 0; k < ln->nf; k++)
      only &= p->f[ln->f0 + k].num;
    if (!only)
      continue;
    bool aligned = ln->nf >= 2;
    size_t lo = li > WINDOW ? li - WINDOW : 0;
    size_t hi = li + WINDOW < p->nl ? li + WINDOW : p->nl;
    for (size_t v = lo; v < hi && !aligned; v++)
      aligned = v != li && p->l[v].value && fabs(p->l[v].lz - ln->lz) <= 1.5;
    ln->value = aligned;
  }
}

static bool is_digit(uint32_t c) {
  return (c >= '0' && c <= '9') || (c >= 0xff10 && c <= 0xff19);
}

static gk_status split_frag(pdfread *p, size_t k, size_t at, bool num);

static int by_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* A cell's text glued to the next cell's (a group label centred in a
 * narrow column, then the row's label): cut where a column starts, that
 * is at a left edge shared by three fragments of rows or more, when the
 * glyphs there do not touch (glyphs of one run do). */
static gk_status split_at_column_starts(pdfread *p) {
  double *xs = NULL;
  size_t n = 0;
  for (size_t k = 0; k < p->nf; k++)
    if (p->l[p->f[k].line].value && !p->f[k].num) {
      double *nx = gk__realloc(p->alloc, xs, (n + 1) * sizeof(*xs));
      if (!nx) {
        gk__free(p->alloc, xs);
        return nomem(p);
      }
      xs = nx;
      xs[n++] = p->f[k].x1;
    }
  if (n)
    qsort(xs, n, sizeof(*xs), by_double);
  gk_status st = GK_OK;
  for (size_t k = 0; k < p->nf && !st; k++) {
    frag *f = &p->f[k];
    if (f->num)
      continue;
    for (size_t i = f->a + 1; i < f->b; i++) {
      if (p->g[i].x1 - p->g[i - 1].x2 < 0.5)
        continue;
      /* starts within 0.8 pt of x, counted over the sorted edges */
      double x = p->g[i].x1;
      size_t lo = 0, hi = n;
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (xs[mid] < x - 0.8)
          lo = mid + 1;
        else
          hi = mid;
      }
      size_t c = 0;
      while (lo + c < n && xs[lo + c] <= x + 0.8)
        c++;
      if (c < 3)
        continue;
      st = split_frag(p, k, i, false);
      break;
    }
  }
  gk__free(p->alloc, xs);
  return st;
}

/* Cuts fragment k before glyph 'at'; the second part is a number if
 * 'num'. Later fragments and lines move up by one. */
static gk_status split_frag(pdfread *p, size_t k, size_t at, bool num) {
  if (!grow(p, (void **)&p->f, &p->fcap, p->nf + 1, sizeof(*p->f)))
    return nomem(p);
  frag *f = &p->f[k];
  memmove(f + 2, f + 1, (p->nf - k - 1) * sizeof(*f));
  p->nf++;
  frag *n = f + 1;
  *n = *f;
  n->a = at;
  n->x1 = p->g[at].x1;
  n->num = num || numeric(p, at, n->b);
  n->sentence = sentence(p, at, n->b);
  f->b = at;
  f->x2 = p->g[at - 1].x2;
  f->num = numeric(p, f->a, at);
  f->sentence = sentence(p, f->a, at);
  p->l[f->line].nf++;
  for (size_t li = f->line + 1; li < p->nl; li++)
    p->l[li].f0++;
  return GK_OK;
}

/* A number that stands close to its label (the label fills its cell) is
 * cut off where the table's value columns are: the first number of the
 * other rows, aligned left, right or centred. */
static gk_status split_at_columns(pdfread *p) {
  for (size_t k = 0; k < p->nf; k++) {
    frag *f = &p->f[k];
    if (f->num || f->sentence || !is_digit(p->g[f->b - 1].cp))
      continue;
    size_t d = f->b;
    while (d > f->a && numeric(p, d - 1, d))
      d--;
    if (d == f->a || is_digit(p->g[d - 1].cp))
      continue;
    double x1 = p->g[d].x1, x2 = p->g[f->b - 1].x2;
    bool hit = false;
    size_t l0 = f->line > WINDOW ? f->line - WINDOW : 0;
    size_t l1 = f->line + WINDOW < p->nl ? f->line + WINDOW : p->nl;
    for (size_t li = l0; li < l1 && !hit; li++) {
      const vline *v = &p->l[li];
      if (!v->value || li == f->line)
        continue;
      for (size_t q = 0; q < v->nf && !hit; q++) {
        const frag *n = &p->f[v->f0 + q];
        if (!n->num || n->x1 < v->lz - 0.5)
          continue;
        hit = fabs(n->x1 - x1) <= 1.5 || fabs(n->x2 - x2) <= 1.5 ||
              fabs((n->x1 + n->x2) - (x1 + x2)) <= 3.0;
      }
    }
    if (!hit)
      continue;
    gk_status st = split_frag(p, k, d, true);
    if (st)
      return st;
    k++;
  }
  return GK_OK;
}

/* True if the fragment starts with a row number (1. （一） 一、): the
 * first line of a new label, never the rest of the one above. */
static bool numbered(const pdfread *p, const frag *f) {
  uint32_t c = p->g[f->a].cp;
  if (is_digit(c) || c == 0xff08 || c == '(')
    return true;
  return f->b - f->a >= 2 && p->g[f->a + 1].cp == 0x3001; /* 一、 */
}

static double centre(const vline *l) { return (l->y1 + l->y2) / 2; }

/* True if f stands in a label column of row v's table: it overlaps a
 * label on a row whose numbers start where v's do. A block header centred
 * over the table (第二十条第（五）项) overlaps none. */
static bool in_label_column(const pdfread *p, const frag *f, size_t v) {
  size_t lo = v > WINDOW ? v - WINDOW : 0;
  size_t hi = v + WINDOW < p->nl ? v + WINDOW : p->nl;
  for (size_t li = lo; li < hi; li++) {
    const vline *r = &p->l[li];
    if (!r->labelled || fabs(r->lz - p->l[v].lz) > 1.5)
      continue;
    for (size_t k = 0; k < r->nf; k++) {
      const frag *g = &p->f[r->f0 + k];
      if (!g->num && g->x2 <= r->lz + 1 &&
          fmin(g->x2, f->x2) - fmax(g->x1, f->x1) > 0.5)
        return true;
    }
  }
  return false;
}

/* True if a label starts (a numbered fragment) in f's column between f's
 * line li and row v: after li up to v when v is below (f is the end of
 * the label above it, never part of v's: a row's numbers may stand on its
 * label's first line), after v and before li when v is above (f goes on a
 * label that started after v's). */
static bool label_starts(const pdfread *p, const frag *f, size_t li, size_t v) {
  /* the lines after li up to v when v is below, between v and li when
   * above: a label starting in between is the one f continues */
  size_t k = v > li ? p->l[li].f0 + p->l[li].nf : p->l[v].f0 + p->l[v].nf;
  size_t end = v > li ? p->l[v].f0 + p->l[v].nf : p->l[li].f0;
  for (; k < end; k++) {
    const frag *g = &p->f[k];
    if (!g->num && g->x2 <= p->l[v].lz + 1 && numbered(p, g) &&
        fmin(g->x2, f->x2) - fmax(g->x1, f->x1) > 0.5)
      return true;
  }
  return false;
}

/* True if a line between li and row v has text where v's numbers stand
 * (a table header, another row's numbers): a label's lines are never
 * split by one. */
static bool crosses(const pdfread *p, size_t li, size_t v) {
  size_t a = li < v ? li + 1 : v + 1, b = li < v ? v : li;
  for (size_t x = a; x < b; x++)
    for (size_t k = 0; k < p->l[x].nf; k++)
      if (p->f[p->l[x].f0 + k].x2 > p->l[v].lz + 1)
        return true;
  return false;
}

/* Label fragments on lines without numbers belong to a row's label cells
 * (a label wrapped in its cell). Rows print their numbers centred in the
 * row, so a fragment goes to the row whose numbers are nearest to it
 * vertically, left of its first number and at most ATTACH_DIST lines
 * away, in a label column of the row's table and with no header or other
 * row's numbers in between; a numbered fragment (1. （一） 一、) starts a
 * label, so it never goes to a row above it, and nothing goes past a label
 * that starts between it and a row (a label's second line, after its
 * numbered first, is not the row above's). Only rows within WINDOW lines
 * are looked at. */
static void attach_labels(pdfread *p) {
  for (size_t li = 0; li < p->nl; li++) {
    const vline *ln = &p->l[li];
    if (ln->value)
      continue;
    size_t lo = li > WINDOW ? li - WINDOW : 0;
    size_t hi = li + WINDOW < p->nl ? li + WINDOW : p->nl;
    /* a line with text where rows have numbers is a table header (信息内容
     * and the column labels): none of it is a row's label */
    double lz = INFINITY;
    for (size_t v = li + 1; v < hi; v++)
      if (p->l[v].value && p->l[v].labelled) {
        lz = p->l[v].lz;
        break;
      }
    for (size_t v = li; v-- > lo;)
      if (p->l[v].value && p->l[v].labelled) {
        lz = fmin(lz, p->l[v].lz);
        break;
      }
    bool header = false;
    for (size_t k = 0; k < ln->nf; k++)
      header |= p->f[ln->f0 + k].x2 > lz + 1;
    if (header)
      continue;
    for (size_t k = 0; k < ln->nf; k++) {
      frag *f = &p->f[ln->f0 + k];
      if (f->num || f->sentence)
        continue;
      bool starts = numbered(p, f);
      double best = INFINITY;
      int owner = -1;
      for (size_t v = lo; v < hi; v++) {
        const vline *vl = &p->l[v];
        if (!vl->value || f->x2 > vl->lz + 1 || (starts && v < li))
          continue;
        double d = fabs(centre(vl) - centre(ln));
        /* the scans last: only for the few rows near enough */
        if (d < best && d <= ATTACH_DIST * ln->h && !crosses(p, li, v) &&
            in_label_column(p, f, v) && !label_starts(p, f, li, v)) {
          best = d;
          owner = (int)v;
        }
      }
      if (owner >= 0 && best <= ATTACH_DIST * ln->h)
        f->owner = owner;
    }
  }
}

/* The row whose label g is part of: its owner, or the value line it
 * stands on left of the numbers; -1 if none. */
static int label_row(const pdfread *p, const frag *g) {
  if (g->owner >= 0)
    return g->owner;
  const vline *l = &p->l[g->line];
  return l->value && !g->num && g->x2 <= l->lz + 1 ? (int)g->line : -1;
}

/* A long label whose numbers stand on its first line ends more than
 * ATTACH_DIST lines below them, and a label starting under it bars the
 * row below: its last lines are left without a row. Such a fragment
 * continues the label just above it in its column (the next line of the
 * same cell, at most STACK_GAP lines up), unless it starts a label of
 * its own. Lines are taken top down, so a label of many lines chains. */
static void chain_labels(pdfread *p) {
  for (size_t k = 0; k < p->nf; k++) {
    frag *f = &p->f[k];
    if (f->owner >= 0 || f->num || f->sentence || p->l[f->line].value ||
        numbered(p, f))
      continue;
    double h = p->l[f->line].h;
    const frag *above = NULL;
    for (size_t j = k; j-- > 0;) {
      const frag *g = &p->f[j];
      if (g->line == f->line)
        continue;
      if (f->y1 - g->y2 > STACK_GAP * h)
        break;
      if (fmin(g->x2, f->x2) - fmax(g->x1, f->x1) > 0.5 && !g->num) {
        above = g;
        break;
      }
    }
    int v = above ? label_row(p, above) : -1;
    if (v >= 0 && (size_t)v < f->line && !crosses(p, f->line, (size_t)v) &&
        in_label_column(p, f, (size_t)v))
      f->owner = v;
  }
}

/* Mean vertical centre of row v's label fragments in the column of f
 * (overlapping it), with 'with' added and 'without' left out; NAN if
 * none. */
static double label_centre(const pdfread *p, size_t v, const frag *f,
                           const frag *with, const frag *without) {
  double sum = 0;
  size_t n = 0;
  size_t lo = v > WINDOW ? v - WINDOW : 0;
  size_t hi = v + WINDOW < p->nl ? v + WINDOW : p->nl;
  for (size_t k = p->l[lo].f0; k < p->nf && p->f[k].line < hi; k++) {
    const frag *g = &p->f[k];
    bool mine = g->line == v && !g->num && g->x2 <= p->l[v].lz + 1;
    if (g == without || (!mine && g->owner != (int)v) ||
        fmin(g->x2, f->x2) - fmax(g->x1, f->x1) <= 0.5)
      continue;
    sum += (g->y1 + g->y2) / 2;
    n++;
  }
  if (with) {
    sum += (with->y1 + with->y2) / 2;
    n++;
  }
  return n ? sum / (double)n : NAN;
}

static double imbalance(const pdfread *p, size_t v, double c) {
  return isnan(c) ? 0 : fabs(c - centre(&p->l[v]));
}

/* A long label's last lines can be nearer to the next row's numbers than
 * to its own: move a fragment to the row above when that centres both
 * rows' labels on their numbers better. */
static void balance_labels(pdfread *p) {
  for (int pass = 0; pass < 3; pass++)
    for (size_t k = 0; k < p->nf; k++) {
      frag *f = &p->f[k];
      if (f->owner < 0 || numbered(p, f))
        continue;
      size_t b = (size_t)f->owner, a = b;
      while (a > 0 && b - a < WINDOW) {
        a--;
        if (p->l[a].value && f->x2 <= p->l[a].lz + 1)
          break;
      }
      if (a == b || !p->l[a].value || f->x2 > p->l[a].lz + 1)
        continue;
      double fc = (f->y1 + f->y2) / 2;
      if (fc <= centre(&p->l[a]) || fc >= centre(&p->l[b]))
        continue;
      double now = imbalance(p, a, label_centre(p, a, f, NULL, NULL)) +
                   imbalance(p, b, label_centre(p, b, f, NULL, NULL));
      double moved = imbalance(p, a, label_centre(p, a, f, f, NULL)) +
                     imbalance(p, b, label_centre(p, b, f, NULL, f));
      if (moved + 0.5 < now)
        f->owner = (int)a;
    }
}

/* === Output === */

static gk_status put_frag(pdfread *p, const frag *f) {
  for (size_t i = f->a; i < f->b; i++) {
    char enc[4];
    if (gk__buf_add(&p->out, enc, gk__utf8_encode(p->g[i].cp, enc)))
      return nomem(p);
  }
  return GK_OK;
}

/* Emits the fragments in 'set' (indexes) as cells: fragments sharing a
 * column are one cell, top to bottom; cells left to right. */
static gk_status put_stacked(pdfread *p, size_t *set, size_t n) {
  /* order by left edge (insertion sort: n is a row's few fragments) */
  for (size_t i = 1; i < n; i++) {
    size_t v = set[i], j = i;
    while (j > 0 && p->f[set[j - 1]].x1 > p->f[v].x1) {
      set[j] = set[j - 1];
      j--;
    }
    set[j] = v;
  }
  /* a fragment over two or more fragments of one line is a merged header
   * (法人或其他组织, 未经复议直接起诉): a cell of its own, never a column */
  bool span[64];
  size_t m = 0;
  for (size_t i = 0; i < n && i < 64; i++) {
    const frag *a = &p->f[set[i]];
    span[i] = false;
    for (size_t j = 0; j < n && !span[i]; j++) {
      const frag *b = &p->f[set[j]];
      if (j == i || b->line == a->line ||
          fmin(a->x2, b->x2) - fmax(a->x1, b->x1) <= 0.5)
        continue;
      for (size_t k = j + 1; k < n && !span[i]; k++) {
        const frag *c = &p->f[set[k]];
        span[i] =
            c->line == b->line && fmin(a->x2, c->x2) - fmax(a->x1, c->x1) > 0.5;
      }
    }
  }
  /* spanning fragments first, each a cell */
  for (size_t i = 0; i < n && i < 64; i++) {
    if (!span[i])
      continue;
    if (gk__buf_addc(&p->out, '\t'))
      return nomem(p);
    gk_status st = put_frag(p, &p->f[set[i]]);
    if (st)
      return st;
  }
  for (size_t i = 0; i < n; i++)
    if (i >= 64 || !span[i])
      set[m++] = set[i];
  n = m;
  size_t i = 0;
  while (i < n) {
    /* the column: every later fragment overlapping one already in it */
    double x1 = p->f[set[i]].x1, x2 = p->f[set[i]].x2;
    size_t j = i + 1;
    while (j < n && p->f[set[j]].x1 < x2 - 0.5) {
      x2 = fmax(x2, p->f[set[j]].x2);
      j++;
    }
    (void)x1;
    /* top to bottom inside the column */
    for (size_t a = i + 1; a < j; a++) {
      size_t v = set[a], b = a;
      while (b > i && p->f[set[b - 1]].y1 > p->f[v].y1) {
        set[b] = set[b - 1];
        b--;
      }
      set[b] = v;
    }
    if (gk__buf_addc(&p->out, '\t'))
      return nomem(p);
    for (size_t a = i; a < j; a++) {
      gk_status st = put_frag(p, &p->f[set[a]]);
      if (st)
        return st;
    }
    i = j;
  }
  return GK_OK;
}

static gk_status end_row(pdfread *p) {
  if (gk__buf_adds(&p->out, "\n\n"))
    return nomem(p);
  return GK_OK;
}

/* Numbers of a value line (those from its first number on). */
static size_t numbers(const pdfread *p, size_t li) {
  size_t n = 0;
  for (size_t k = 0; k < p->l[li].nf; k++) {
    const frag *f = &p->f[p->l[li].f0 + k];
    n += f->num && f->x1 >= p->l[li].lz - 0.5;
  }
  return n;
}

/* True if line x is a table header over numbers starting at lz: text,
 * not a row, reaching into the numbers' columns. */
static bool header_over(const pdfread *p, size_t x, double lz) {
  if (p->l[x].value)
    return false;
  for (size_t k = 0; k < p->l[x].nf; k++) {
    const frag *f = &p->f[p->l[x].f0 + k];
    if (!f->num && f->x2 > lz + 1)
      return true;
  }
  return false;
}

/* The fullest row of the table line li belongs to: on this page, rows
 * whose numbers start at the same place, with no table header between
 * (2019's 行政事业性收费, two values under its own header, is not a row of
 * the three-value table above it). */
static size_t reference_row(const pdfread *p, size_t li) {
  size_t best = li, most = numbers(p, li);
  double lz = p->l[li].lz;
  for (int dir = -1; dir <= 1; dir += 2)
    for (size_t d = 1; d < WINDOW; d++) {
      if (dir < 0 ? d > li : li + d >= p->nl)
        break;
      size_t v = dir < 0 ? li - d : li + d;
      if (header_over(p, v, lz))
        break;
      if (!p->l[v].value || fabs(p->l[v].lz - lz) > 3.0)
        continue;
      size_t n = numbers(p, v);
      if (n > most) {
        most = n;
        best = v;
      }
    }
  return best;
}

/* True if two numbers stand in one column: same left or right edge or
 * centre (the alignment of a column is the same in every row). */
static bool same_slot(const frag *a, const frag *b) {
  return fabs(a->x1 - b->x1) <= 1.5 || fabs(a->x2 - b->x2) <= 1.5 ||
         fabs((a->x1 + a->x2) - (b->x1 + b->x2)) <= 3.0;
}

/* True if every number of line li stands in a column of row 'ref' (so
 * the missing ones are blank cells, not a row with merged cells). */
static bool fits_columns(const pdfread *p, size_t li, size_t ref) {
  const vline *ln = &p->l[li], *r = &p->l[ref];
  for (size_t k = 0; k < ln->nf; k++) {
    const frag *f = &p->f[ln->f0 + k];
    if (!f->num || f->x1 < ln->lz - 0.5)
      continue;
    bool hit = false;
    for (size_t q = 0; q < r->nf && !hit; q++) {
      const frag *g = &p->f[r->f0 + q];
      hit = g->num && g->x1 >= r->lz - 0.5 && same_slot(f, g);
    }
    if (!hit)
      return false;
  }
  return true;
}

static gk_status put_value_line(pdfread *p, size_t li, size_t **scratch,
                                size_t *scap) {
  const vline *ln = &p->l[li];
  size_t n = 0;
  for (size_t k = 0; k < p->nf; k++) {
    const frag *f = &p->f[k];
    bool mine = f->line == li && f->x2 <= ln->lz + 1 && !f->num;
    if (!mine && f->owner != (int)li)
      continue;
    if (!grow(p, (void **)scratch, scap, n + 1, sizeof(**scratch)))
      return nomem(p);
    (*scratch)[n++] = k;
  }
  gk_status st = put_stacked(p, *scratch, n);
  size_t ref = reference_row(p, li);
  size_t ri = p->l[ref].f0, rend = ri + p->l[ref].nf;
  bool fill = ref != li && fits_columns(p, li, ref);
  for (size_t k = 0; k < ln->nf && !st; k++) {
    const frag *f = &p->f[ln->f0 + k];
    if (!f->num && f->x2 <= ln->lz + 1)
      continue;
    /* a blank cell prints nothing: its column, seen in the fullest row
     * of the table, gets an empty cell */
    while (fill && ri < rend && !same_slot(&p->f[ri], f)) {
      if (p->f[ri].num && p->f[ri].x1 >= p->l[ref].lz - 0.5 &&
          gk__buf_addc(&p->out, '\t'))
        return nomem(p);
      ri++;
    }
    if (fill && ri < rend)
      ri++;
    if (gk__buf_addc(&p->out, '\t'))
      return nomem(p);
    st = put_frag(p, f);
  }
  for (; fill && ri < rend && !st; ri++)
    if (p->f[ri].num && gk__buf_addc(&p->out, '\t'))
      return nomem(p);
  return st ? st : end_row(p);
}

/* Right edge of the page's text column (paragraph lines end there). */
static double right_margin(const pdfread *p) {
  double m = 0;
  for (size_t li = 0; li < p->nl; li++) {
    const vline *ln = &p->l[li];
    if (ln->nf)
      m = fmax(m, p->f[ln->f0 + ln->nf - 1].x2);
  }
  return m;
}

static double left_margin(const pdfread *p) {
  double m = INFINITY;
  for (size_t li = 0; li < p->nl; li++)
    if (p->l[li].nf)
      m = fmin(m, p->f[p->l[li].f0].x1);
  return m;
}

/* Free fragments of line li (not attached to a row). */
static size_t free_frags(const pdfread *p, size_t li) {
  size_t n = 0;
  for (size_t k = 0; k < p->l[li].nf; k++)
    if (p->f[p->l[li].f0 + k].owner < 0)
      n++;
  return n;
}

/* True if a table row follows line li closely, before any narrative: a
 * line of several cells is a table's header only there; elsewhere it is
 * text (a crawler's "标题: …" and "发布时间: …" fields stacked as one
 * header lost the title line). */
static bool table_follows(const pdfread *p, size_t li) {
  const vline *ln = &p->l[li];
  for (size_t lj = li + 1; lj < p->nl && lj <= li + HEADER_REACH; lj++) {
    const vline *x = &p->l[lj];
    if (x->y1 - ln->y2 > HEADER_REACH * ln->h)
      return false;
    if (x->value)
      return true;
    for (size_t k = 0; k < x->nf; k++)
      if (p->f[x->f0 + k].sentence)
        return false;
  }
  return false;
}

/* A line holding one number and nothing else. */
static bool lone_number(const pdfread *p, size_t li) {
  return p->l[li].nf == 1 && p->f[p->l[li].f0].num &&
         p->f[p->l[li].f0].owner < 0;
}

/* A table printed one cell a line (a text export printed as it is) shows
 * a blank cell as an empty line: between two lines of one number each,
 * a gap of k line pitches stands for k - 1 blank cells, written as the
 * empty cells ("\t" lines) the text reader counts. The pitch is the
 * distance between the last two lone numbers one line apart, so only a
 * regular run of such lines is read so. */
static gk_status put_skipped_cells(pdfread *p, size_t li, size_t *last,
                                   double *pitch) {
  double d = *last == SIZE_MAX ? 0 : centre(&p->l[li]) - centre(&p->l[*last]);
  if (*last != SIZE_MAX && lone_number(p, li) && lone_number(p, *last) &&
      *pitch > 0.5 * p->l[li].h && d > 1.5 * *pitch) {
    double k = floor(d / *pitch + 0.5);
    if (k <= 16 && fabs(d - k * *pitch) < 0.2 * *pitch)
      for (int i = 1; i < (int)k; i++)
        if (gk__buf_adds(&p->out, "\t\n"))
          return nomem(p);
  }
  if (*last != SIZE_MAX && lone_number(p, li) && lone_number(p, *last) &&
      (*pitch == 0 || d <= 1.5 * *pitch))
    *pitch = d;
  *last = li;
  return GK_OK;
}

static gk_status put_doc(pdfread *p) {
  size_t *set = NULL, scap = 0;
  gk_status st = GK_OK;
  double rm = right_margin(p), lm = left_margin(p);
  bool joining = false;        /* the previous paragraph line wraps */
  size_t last_text = SIZE_MAX; /* the previous line of text */
  double pitch = 0;            /* its distance to the one before */
  for (size_t li = 0; li < p->nl && !st; li++) {
    vline *ln = &p->l[li];
    if (ln->used)
      continue;
    if (ln->value) {
      if (joining && end_row(p))
        st = nomem(p);
      joining = false;
      st = st ? st : put_value_line(p, li, &set, &scap);
      continue;
    }
    size_t nfree = free_frags(p, li);
    if (!nfree)
      continue;
    if (nfree >= 2 && !p->f[ln->f0].sentence && table_follows(p, li)) {
      /* a header: stack the following lines of several cells with it */
      size_t n = 0, last = li;
      for (size_t lj = li; lj < p->nl; lj++) {
        const vline *x = &p->l[lj];
        if (x->value || (lj > li && (free_frags(p, lj) < 2 ||
                                     x->y1 - p->l[last].y2 > STACK_GAP * x->h)))
          break;
        bool narrative = false;
        for (size_t k = 0; k < x->nf; k++)
          narrative |= p->f[x->f0 + k].sentence;
        if (narrative && lj > li)
          break;
        for (size_t k = 0; k < x->nf; k++) {
          if (p->f[x->f0 + k].owner >= 0)
            continue;
          if (!grow(p, (void **)&set, &scap, n + 1, sizeof(*set))) {
            st = nomem(p);
            break;
          }
          set[n++] = x->f0 + k;
        }
        p->l[lj].used = true;
        last = lj;
      }
      if (joining && !st && end_row(p))
        st = nomem(p);
      joining = false;
      if (!st)
        st = put_stacked(p, set, n);
      if (!st)
        st = end_row(p);
      continue;
    }
    /* a line of text: joined to the previous one if that one wrapped at
     * the right margin and this one is not indented; its fragments (a
     * crawler's "标题: …" field, words a wide gap apart) in reading order,
     * a space between them */
    const frag *f = NULL, *f1 = NULL;
    if (!joining && !st)
      st = put_skipped_cells(p, li, &last_text, &pitch);
    for (size_t k = 0; k < ln->nf && !st; k++) {
      if (p->f[ln->f0 + k].owner >= 0)
        continue;
      if (!f1) {
        f1 = &p->f[ln->f0 + k];
        if (joining && f1->x1 > lm + ln->h * 0.6 && gk__buf_addc(&p->out, '\n'))
          st = nomem(p);
      } else if (gk__buf_addc(&p->out, ' ')) {
        st = nomem(p);
      }
      f = &p->f[ln->f0 + k];
      st = st ? st : put_frag(p, f);
    }
    joining = f->x2 >= rm - 1.2 * ln->h && f1->x1 <= lm + 2.5 * ln->h;
    if (!joining && !st && gk__buf_addc(&p->out, '\n'))
      st = nomem(p);
  }
  if (joining && !st && gk__buf_addc(&p->out, '\n'))
    st = nomem(p);
  gk__free(p->alloc, set);
  return st;
}

/* === Entry point === */

gk_status gk_reader_read_pdf(gk_reader *reader, gk_report **out,
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
  if (!len)
    return gk__fail(err, GK_E_EMPTY, 0, 0, -1, "PDF 文件为空",
                    "the PDF file is empty");
  gk_status st = gk__pdf_check_xref(buf, len, err);
  if (st)
    return st;
  pdfread p;
  memset(&p, 0, sizeof(p));
  p.alloc = opts && opts->alloc ? opts->alloc : gk_alloc_default();
  p.err = err;
  p.max_glyphs = lim.max_cells * 16;
  gk__buf_init(&p.out, p.alloc, lim.max_input_bytes * 4 + 4096);
  int np = 0;
  st = gk__pdf_pages(buf, len, &lim, p.alloc, page_glyphs, &p, &np, err);
  if (!st)
    st = doc_lines(&p);
  if (!st) {
    find_value_lines(&p);
    st = split_at_columns(&p);
  }
  if (!st) {
    find_value_lines(&p);
    st = split_at_column_starts(&p);
  }
  if (!st) {
    find_value_lines(&p);
    attach_labels(&p);
    chain_labels(&p);
    balance_labels(&p);
    st = put_doc(&p);
  }
  if (!st && !p.chars)
    st = gk__fail(err, GK_E_UNSUPPORTED, 0, 0, -1,
                  "PDF 没有文字层（扫描件，共 %d 页），需要先做文字识别（OCR）",
                  "the PDF has no text layer (a scan, %d pages): it needs "
                  "OCR first",
                  np);
  if (!st) {
    gk_reader *tmp = NULL;
    if (!reader) {
      if (gk_reader_new(&tmp, p.alloc))
        st = nomem(&p);
      reader = tmp;
    }
    if (!st)
      st = gk_reader_read_text(reader, out, p.out.data ? p.out.data : "",
                               p.out.len, opts, err);
    gk_reader_free(tmp);
    /* lines of the rebuilt text mean nothing to the user */
    if (!st)
      gk__report_map_lines(*out, NULL, 0);
    else
      gk__error_map_line(err, NULL, 0);
  }
  gk__free(p.alloc, p.g);
  gk__free(p.alloc, p.f);
  gk__free(p.alloc, p.l);
  gk__buf_free(&p.out);
  return st;
}
