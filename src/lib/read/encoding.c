/* encoding.c: bytes in, UTF-8 text out (the reader's edge).
 *
 * Order of detection (gongkai.h, gk_report_read_text): size limit; UTF-16
 * by its BOM (LE or BE, converted with iconv); NUL bytes mean a binary
 * file; a UTF-8 BOM is skipped; valid UTF-8 is borrowed as it is (no copy:
 * most input is UTF-8 and speed matters); anything else is tried as
 * GB18030 (a superset of GBK and GB2312) and fails with the offset of the
 * first byte that is not UTF-8. Empty or white-space-only input fails. */
#include "text_internal.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

/* Line (1-based) and column of byte 'off' of s, for messages. */
static void position(const char *s, size_t off, int64_t *line, int64_t *col) {
  int64_t l = 1;
  size_t start = 0;
  for (size_t i = 0; i < off; i++)
    if (s[i] == '\n') {
      l++;
      start = i + 1;
    }
  *line = l;
  *col = (int64_t)(off - start) + 1;
}

/* Offset of the first byte that breaks UTF-8. Runs over every input: the
 * common 3-byte sequences of CJK text are checked inline. */
static size_t first_invalid(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    unsigned char c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xe1 && c <= 0xec && len - i >= 3 && (s[i + 1] & 0xc0) == 0x80 &&
        (s[i + 2] & 0xc0) == 0x80) {
      i += 3; /* no overlong or surrogate forms start with E1..EC */
      continue;
    }
    size_t n;
    uint32_t cp = gk__utf8_decode(str + i, len - i, &n);
    if (cp == 0xfffd && n == 1)
      return i;
    i += n;
  }
  return len;
}

/* Converts with iconv into a new buffer owned by rd; the output of a
 * conversion to UTF-8 is at most 2x (GB18030) or 1.5x (UTF-16) the input,
 * plus room for a 4-byte sequence. Returns GK_E_ENCODING on bad input. */
static gk_status convert(struct gk__reader *rd, const char *from,
                         const char *buf, size_t len, size_t *bad) {
  if (len > (SIZE_MAX - 8) / 2)
    return GK_E_TOO_LARGE;
  size_t cap = len * 2 + 8;
  char *out = gk__malloc(rd->alloc, cap);
  if (!out)
    return GK_E_NOMEM;
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) {
    gk__free(rd->alloc, out);
    return GK_E_ENCODING;
  }
  char *in = (char *)(uintptr_t)buf; /* iconv's prototype is not const */
  size_t inleft = len, outleft = cap - 1;
  char *o = out;
  size_t r = iconv(cd, &in, &inleft, &o, &outleft);
  gk_status st = GK_OK;
  if (r == (size_t)-1 || inleft) {
    st = errno == E2BIG ? GK_E_TOO_LARGE : GK_E_ENCODING;
    *bad = len - inleft;
  } else {
    /* Flush a stateful encoder (UTF-16 has none, but be correct). */
    iconv(cd, NULL, NULL, &o, &outleft);
  }
  iconv_close(cd);
  if (st) {
    gk__free(rd->alloc, out);
    return st;
  }
  *o = '\0';
  rd->owned = out;
  rd->text = out;
  rd->tlen = (size_t)(o - out);
  return GK_OK;
}

/* True if s holds only white space (ASCII, NBSP, U+3000, BOM). */
static bool only_space(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      i++;
      continue;
    }
    size_t n;
    uint32_t cp = gk__utf8_decode(s + i, len - i, &n);
    if (cp != 0xa0 && cp != 0x3000 && cp != 0xfeff)
      return false;
    i += n;
  }
  return true;
}

gk_status gk__read_decode(struct gk__reader *rd, const char *buf, size_t len) {
  const unsigned char *u = (const unsigned char *)buf;
  size_t bad = 0;
  GK__DOING(rd, "检测编码", "detecting the encoding");
  if (len > rd->limits.max_input_bytes || len >= UINT32_MAX)
    return gk__fail(rd->err, GK_E_TOO_LARGE, 0, 0, -1,
                    "输入过大：%zu 字节，上限 %zu 字节",
                    "input too large: %zu bytes, limit %zu", len,
                    rd->limits.max_input_bytes);
  if (len >= 2 &&
      ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff))) {
    const char *from = u[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
    gk_status st = convert(rd, from, buf + 2, len - 2, &bad);
    if (st == GK_E_NOMEM)
      return gk__read_nomem(rd);
    if (st)
      return gk__fail(rd->err, GK_E_ENCODING, 0, 0, (int64_t)(bad + 2),
                      "UTF-16 文本在第 %zu 字节处无效",
                      "invalid UTF-16 at byte offset %zu", bad + 2);
  } else {
    const void *nul = memchr(buf, '\0', len);
    if (nul) {
      size_t off = (size_t)((const char *)nul - buf);
      int64_t line, col;
      position(buf, off, &line, &col);
      return gk__fail(rd->err, GK_E_BINARY, line, col, (int64_t)off,
                      "输入含有 NUL 字节（第 %zu 字节），是二进制文件",
                      "input has a NUL byte at offset %zu: a binary file", off);
    }
    if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
      buf += 3;
      len -= 3;
    }
    size_t inv = first_invalid(buf, len);
    if (inv == len) {
      rd->text = buf;
      rd->tlen = len;
    } else {
      gk_status st = convert(rd, "GB18030", buf, len, &bad);
      if (st == GK_E_NOMEM)
        return gk__read_nomem(rd);
      if (st) {
        int64_t line, col;
        char ex[64];
        position(buf, inv, &line, &col);
        gk__excerpt(ex, sizeof(ex), buf + inv, len - inv, 60);
        return gk__fail(rd->err, GK_E_ENCODING, line, col, (int64_t)inv,
                        "第 %zu 字节起既不是 UTF-8 也不是 GB18030：%s",
                        "not UTF-8 nor GB18030 from byte offset %zu: %s", inv,
                        ex);
      }
    }
  }
  if (only_space(rd->text, rd->tlen))
    return gk__fail(rd->err, GK_E_EMPTY, 0, 0, -1, "输入为空或只有空白",
                    "input is empty or only white space");
  return GK_OK;
}
