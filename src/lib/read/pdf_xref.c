/* pdf_xref.c: checks a PDF's cross-reference sections before poppler
 * opens it.
 *
 * A PDF's xref table gives the byte offset of every object (ISO 32000-1
 * 7.5.4, 7.5.5: the file ends with "startxref", the offset of the last
 * xref section, and "%%EOF"; a section's trailer may point to the previous
 * one with /Prev). When the offsets are wrong, poppler does not fail: it
 * scans the whole file for "N G obj" and rebuilds a table from what it
 * finds. On a file that was truncated, edited by hand, or damaged in
 * transit, that guess can pick up stale or half-written objects, and a
 * report read from it could carry numbers nobody published. gongkai reads
 * reports as evidence, so a broken xref is refused with the place it
 * breaks, and the user asked to export the PDF again.
 *
 * What is checked: "startxref" near the end, with an offset; at that
 * offset either a classic table ("xref", subsections of 20-byte entries,
 * "trailer") whose in-use entries each point at "N G obj", or an xref
 * stream object (/Type /XRef); the same for every /Prev section. The
 * entries of xref streams are compressed and left to poppler. Offsets are
 * taken from the start of the file; a file with bytes before "%PDF-" is
 * also accepted when its offsets count from the header, as readers do. */
#include "../gk_internal.h"

#include <string.h>

/* The spec puts startxref in the last 1024 bytes; some producers append
 * padding or a signature, so look a little further. */
#define TAIL_WINDOW 4096
/* How many /Prev sections (incremental updates) are followed. */
#define MAX_SECTIONS 256
/* How far into an xref stream object its /XRef type is looked for. */
#define STREAM_DICT_WINDOW 4096
/* How far after "trailer" its /Prev is looked for. */
#define TRAILER_WINDOW 4096

typedef struct xref_scan {
  const char *buf;
  size_t len;
  size_t base;         /* where "%PDF-" starts: offsets may count from there */
  size_t entries_left; /* entries all sections may still list: bounds the
                          work of a /Prev chain at one pass over the file */
  gk_error *err;
} xref_scan;

static bool is_ws(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' ||
         c == '\0';
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static size_t skip_ws(const xref_scan *x, size_t i) {
  while (i < x->len && is_ws(x->buf[i]))
    i++;
  return i;
}

/* Reads an unsigned decimal at i (at most 15 digits: no PDF offset or
 * object number is larger); returns the index after it, or 0 if there is
 * no number there. */
static size_t read_uint(const xref_scan *x, size_t i, uint64_t *v) {
  size_t start = i;
  *v = 0;
  while (i < x->len && is_digit(x->buf[i]) && i - start < 15)
    *v = *v * 10 + (uint64_t)(x->buf[i++] - '0');
  if (i == start || (i < x->len && is_digit(x->buf[i])))
    return 0;
  return i;
}

static bool starts_with(const xref_scan *x, size_t i, const char *word) {
  size_t n = strlen(word);
  return i <= x->len && x->len - i >= n && memcmp(x->buf + i, word, n) == 0;
}

/* "N G obj" at i (leading white space allowed). */
static bool object_header_at(const xref_scan *x, size_t i) {
  uint64_t num, gen;
  i = skip_ws(x, i);
  size_t j = read_uint(x, i, &num);
  if (!j || j >= x->len || !is_ws(x->buf[j]))
    return false;
  j = read_uint(x, skip_ws(x, j), &gen);
  if (!j)
    return false;
  j = skip_ws(x, j);
  return starts_with(x, j, "obj");
}

static gk_status broken(const xref_scan *x, size_t at, const char *why_zh,
                        const char *why_en) {
  return gk__fail(x->err, GK_E_CORRUPT, 0, 0, (int64_t)at,
                  "PDF 文件已损坏：%s%.0s（字节偏移 %zu）。"
                  "文件可能被截断或改动过，请从原文档重新导出 PDF",
                  "the PDF is damaged: %.0s%s "
                  "(byte offset %zu). The file may be truncated or edited: "
                  "export the PDF again from the original document",
                  why_zh, why_en, at);
}

/* Finds the number after the last "/Prev" in buf[from, to). */
static bool find_prev(const xref_scan *x, size_t from, size_t to,
                      uint64_t *prev) {
  bool found = false;
  for (size_t i = from; i + 5 <= to; i++) {
    if (memcmp(x->buf + i, "/Prev", 5) != 0 ||
        (i + 5 < x->len && !is_ws(x->buf[i + 5])))
      continue;
    uint64_t v;
    if (read_uint(x, skip_ws(x, i + 5), &v)) {
      *prev = v;
      found = true;
    }
  }
  return found;
}

/* A classic table at 'at' (on "xref"), whose entries' offsets are off by
 * 'delta' like the offset that led here; on success *prev is the
 * trailer's /Prev, or UINT64_MAX. */
static gk_status check_table(xref_scan *x, size_t at, size_t delta,
                             uint64_t *prev) {
  size_t i = skip_ws(x, at + 4);
  *prev = UINT64_MAX;
  for (;;) {
    if (starts_with(x, i, "trailer")) {
      /* the trailer dictionary is small: look for its /Prev up to the
       * next startxref, at most TRAILER_WINDOW bytes on */
      size_t end = x->len - i < TRAILER_WINDOW ? x->len : i + TRAILER_WINDOW;
      const char *sx = NULL;
      for (size_t k = i; k + 9 <= end && !sx; k++)
        if (memcmp(x->buf + k, "startxref", 9) == 0)
          sx = x->buf + k;
      if (sx)
        end = (size_t)(sx - x->buf);
      find_prev(x, i, end, prev);
      return GK_OK;
    }
    uint64_t first, count;
    size_t j = read_uint(x, i, &first);
    if (!j || j >= x->len || !is_ws(x->buf[j]))
      return broken(x, i, "交叉引用表（xref）的小节头不是“起始号 数量”",
                    "an xref subsection header is not \"first count\"");
    j = read_uint(x, skip_ws(x, j), &count);
    if (!j)
      return broken(x, i, "交叉引用表（xref）的小节头不是“起始号 数量”",
                    "an xref subsection header is not \"first count\"");
    /* every entry takes at least 18 bytes: a count the file cannot hold
     * is damage, and bounds the loop */
    if (count > (x->len - j) / 18 || count > x->entries_left)
      return broken(
          x, i, "交叉引用表（xref）的条目数超出文件长度",
          "an xref subsection lists more entries than the file holds");
    x->entries_left -= (size_t)count;
    i = skip_ws(x, j);
    for (uint64_t e = 0; e < count; e++) {
      uint64_t off, gen;
      size_t k = read_uint(x, i, &off);
      size_t g = k ? read_uint(x, skip_ws(x, k), &gen) : 0;
      size_t t = g ? skip_ws(x, g) : 0;
      if (!t || t >= x->len || (x->buf[t] != 'n' && x->buf[t] != 'f'))
        return broken(x, i, "交叉引用表（xref）有一个条目格式不对",
                      "an xref entry is malformed");
      if (x->buf[t] == 'n' && (first + e) != 0) {
        size_t target = (size_t)off + delta;
        if (off >= x->len || target >= x->len || !object_header_at(x, target))
          return broken(x, i, "交叉引用表（xref）有条目指向的位置没有对象",
                        "an xref entry points where there is no object");
      }
      i = skip_ws(x, t + 1);
    }
  }
}

/* An xref stream object at 'at'; *prev as above. */
static gk_status check_stream(const xref_scan *x, size_t at, uint64_t *prev) {
  size_t end =
      x->len - at < STREAM_DICT_WINDOW ? x->len : at + STREAM_DICT_WINDOW;
  size_t dict_end = end;
  for (size_t i = at; i + 6 <= end; i++)
    if (memcmp(x->buf + i, "stream", 6) == 0) {
      dict_end = i;
      break;
    }
  bool xref_type = false;
  for (size_t i = at; i + 5 <= dict_end && !xref_type; i++)
    xref_type = memcmp(x->buf + i, "/XRef", 5) == 0;
  if (!xref_type)
    return broken(x, at,
                  "startxref 或 /Prev 指向的对象不是交叉引用流（xref stream）",
                  "the object startxref or /Prev points to is not an xref "
                  "stream");
  *prev = UINT64_MAX;
  find_prev(x, at, dict_end, prev);
  return GK_OK;
}

/* Where a section offset lands: at the offset itself, or counted from
 * the header when bytes precede "%PDF-". Returns x->len when neither
 * holds an xref. */
static size_t locate(const xref_scan *x, uint64_t off) {
  size_t cands[2] = {(size_t)off, (size_t)off + x->base};
  for (int c = 0; c < (x->base ? 2 : 1); c++) {
    size_t at = cands[c];
    if (off >= x->len || at >= x->len)
      continue;
    if (starts_with(x, at, "xref") || object_header_at(x, at))
      return at;
  }
  return x->len;
}

gk_status gk__pdf_check_xref(const char *buf, size_t len, gk_error *err) {
  xref_scan x = {buf, len, 0, len / 18, err};
  for (size_t i = 0; i + 5 <= len && i < 1024; i++)
    if (memcmp(buf + i, "%PDF-", 5) == 0) {
      x.base = i;
      break;
    }
  size_t from = len > TAIL_WINDOW ? len - TAIL_WINDOW : 0;
  size_t sx = len;
  for (size_t i = len >= 9 ? len - 9 + 1 : 0; i-- > from;)
    if (memcmp(buf + i, "startxref", 9) == 0) {
      sx = i;
      break;
    }
  if (sx == len)
    return broken(&x, len, "文件末尾没有 startxref，找不到交叉引用表（xref）",
                  "no startxref at the end of the file: the cross-reference "
                  "table (xref) cannot be found");
  uint64_t off;
  if (!read_uint(&x, skip_ws(&x, sx + 9), &off))
    return broken(&x, sx, "startxref 后面没有偏移量，找不到交叉引用表（xref）",
                  "no offset after startxref: the cross-reference table "
                  "(xref) cannot be found");
  for (int n = 0; n < MAX_SECTIONS; n++) {
    if (off >= len)
      return broken(&x, sx, "startxref 或 /Prev 指向文件末尾之外",
                    "startxref or /Prev points past the end of the file");
    size_t at = locate(&x, off);
    if (at == x.len)
      return broken(&x, (size_t)off,
                    "startxref 或 /Prev 指向的位置没有交叉引用表（xref）",
                    "there is no cross-reference table (xref) where startxref "
                    "or /Prev points");
    uint64_t prev;
    gk_status st = starts_with(&x, at, "xref")
                       ? check_table(&x, at, at - (size_t)off, &prev)
                       : check_stream(&x, at, &prev);
    if (st || prev == UINT64_MAX)
      return st;
    if (prev == off)
      return broken(&x, at, "交叉引用表（xref）的 /Prev 指向自身",
                    "an xref section's /Prev points to itself");
    off = prev;
  }
  return broken(&x, sx, "交叉引用表（xref）的增量更新节过多",
                "the cross-reference table (xref) has too many incremental "
                "sections");
}
