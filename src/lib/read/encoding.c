/* encoding.c: bytes in, UTF-8 text out (the reader's edge).
 *
 * Order of detection (gongkai.h, gk_report_read_text): size limit; UTF-16
 * by its BOM (LE or BE, converted with iconv); NUL bytes mean a binary
 * file; a UTF-8 BOM is skipped; valid UTF-8 is borrowed as it is (no copy:
 * most input is UTF-8 and speed matters); anything else is tried as
 * GB18030 (a superset of GBK and GB2312) and fails with the offset of the
 * first byte that is not UTF-8. Empty or white-space-only input fails. */
#include "text_internal.h"

#include <assert.h>
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
      /* ASCII runs (numbers, spaces, layout) eight bytes at a time */
      uint64_t w;
      while (len - i >= 8) {
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080u)
          break;
        i += 8;
      }
      continue;
    }
    if (c >= 0xe1 && c != 0xed && c <= 0xef && len - i >= 3 &&
        (s[i + 1] & 0xc0) == 0x80 && (s[i + 2] & 0xc0) == 0x80) {
      i += 3; /* no overlong or surrogate forms start with E1..EC, EE, EF */
      /* the run of such characters (most of a Chinese text) in one loop */
      while (len - i >= 3) {
        unsigned char d = s[i];
        if ((unsigned char)(d - 0xe1) > 0xef - 0xe1 || d == 0xed ||
            ((s[i + 1] ^ 0x80) | (s[i + 2] ^ 0x80)) & 0xc0)
          break;
        i += 3;
      }
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

/* iconv names of the encodings, by GK__ENC_*. */
/* True if the bytes [inv, len) are the start of one UTF-8 character that
 * the end of the input cut off (a download or a copy cut at a byte): the
 * text before it is UTF-8, the broken character is dropped. */
static bool cut_utf8(const unsigned char *s, size_t inv, size_t len) {
  size_t want = s[inv] >= 0xf0 && s[inv] <= 0xf4   ? 4
                : s[inv] >= 0xe0 && s[inv] <= 0xef ? 3
                : s[inv] >= 0xc2 && s[inv] <= 0xdf ? 2
                                                   : 0;
  if (!inv || len - inv >= want)
    return false;
  for (size_t i = inv + 1; i < len; i++)
    if ((s[i] & 0xc0) != 0x80)
      return false;
  return true;
}

static const char *const encodings[GK__NENC] = {"GB18030", "UTF-16LE",
                                                "UTF-16BE"};

void gk__read_close_conv(struct gk__reader *rd) {
  for (size_t i = 0; i < GK__NENC; i++)
    if (rd->conv[i]) {
      iconv_close(rd->conv[i]);
      rd->conv[i] = NULL;
    }
}

#ifdef __STDC_ISO_10646__
/* Converts to wchar_t (UCS-4 where __STDC_ISO_10646__ holds: with glibc
 * one conversion step, where UTF-8 as the target is two) in chunks, and
 * encodes the code points as UTF-8 into out[0..cap - 1). Returns
 * GK_E_ENCODING if iconv has no such conversion, with *done false so the
 * caller converts the usual way. */
static gk_status convert_wide(struct gk__reader *rd, int enc,
                              const char *buf, size_t len, char *out,
                              size_t cap, size_t *olen, size_t *bad,
                              bool *done) {
  wchar_t wide[1024];
  *done = false;
  /* A reader keeps its descriptors: opening one loads (and closing the
   * last one unloads) the conversion module. */
  if (!rd->conv[enc]) {
    iconv_t cd = iconv_open("WCHAR_T", encodings[enc]);
    if (cd == (iconv_t)-1)
      return GK_E_ENCODING;
    rd->conv[enc] = cd;
  }
  iconv_t cd = rd->conv[enc];
  iconv(cd, NULL, NULL, NULL, NULL); /* initial state */
  *done = true;
  char *in = (char *)(uintptr_t)buf; /* iconv's prototype is not const */
  size_t inleft = len, o = 0;
  gk_status st = GK_OK;
  while (!st) {
    char *w = (char *)wide;
    size_t wleft = sizeof(wide);
    size_t r = iconv(cd, inleft ? &in : NULL, &inleft, &w, &wleft);
    int e = errno;
    size_t nw = (size_t)((wchar_t *)(void *)w - wide);
    for (size_t i = 0; i < nw && !st; i++) {
      uint32_t cp = (uint32_t)wide[i];
      unsigned char *u = (unsigned char *)out + o;
      if (cap - 1 - o < 4) {
        st = GK_E_TOO_LARGE;
      } else if (cp < 0x80) {
        u[0] = (unsigned char)cp;
        o += 1;
      } else if (cp < 0x800) {
        u[0] = (unsigned char)(0xc0 | (cp >> 6));
        u[1] = (unsigned char)(0x80 | (cp & 0x3f));
        o += 2;
      } else if (cp < 0x10000 && (cp < 0xd800 || cp > 0xdfff)) {
        u[0] = (unsigned char)(0xe0 | (cp >> 12));
        u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        u[2] = (unsigned char)(0x80 | (cp & 0x3f));
        o += 3;
      } else if (cp >= 0x10000 && cp <= 0x10ffff) {
        o += gk__utf8_encode(cp, out + o);
      } else {
        st = GK_E_ENCODING; /* a surrogate: not from a conforming decoder */
      }
    }
    if (st)
      *bad = len - inleft;
    else if (r == (size_t)-1 && e == EINVAL && inleft < 4)
      inleft = 0; /* a character the end of the input cut: dropped */
    else if (r == (size_t)-1 && e != E2BIG) {
      st = GK_E_ENCODING;
      *bad = len - inleft;
    } else if (r != (size_t)-1 && !inleft && !nw)
      break; /* all read and flushed */
  }
  *olen = o;
  return st;
}
#endif

/* Converts with iconv into a new buffer owned by rd; the output of a
 * conversion to UTF-8 is at most 2x (GB18030) or 1.5x (UTF-16) the input,
 * plus room for a 4-byte sequence. Returns GK_E_ENCODING on bad input. */
static gk_status convert(struct gk__reader *rd, int enc, const char *buf,
                         size_t len, size_t *bad) {
  const char *from = encodings[enc];
  if (len > (SIZE_MAX - 8) / 2)
    return GK_E_TOO_LARGE;
  size_t cap = len * 2 + 8;
  char *out = gk__malloc(rd->alloc, cap);
  if (!out)
    return GK_E_NOMEM;
  gk_status st = GK_OK;
  bool done = false;
  size_t olen = 0;
#ifdef __STDC_ISO_10646__
  st = convert_wide(rd, enc, buf, len, out, cap, &olen, bad, &done);
#endif
  if (!done) {
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) {
      gk__free(rd->alloc, out);
      return GK_E_ENCODING;
    }
    char *in = (char *)(uintptr_t)buf; /* iconv's prototype is not const */
    size_t inleft = len, outleft = cap - 1;
    char *o = out;
    size_t r = iconv(cd, &in, &inleft, &o, &outleft);
    st = GK_OK;
    if (r == (size_t)-1 && errno == EINVAL && inleft < 4)
      inleft = r = 0; /* a character the end of the input cut: dropped */
    if (r == (size_t)-1 || inleft) {
      st = errno == E2BIG ? GK_E_TOO_LARGE : GK_E_ENCODING;
      *bad = len - inleft;
    } else {
      /* Flush a stateful encoder (UTF-16 has none, but be correct). */
      iconv(cd, NULL, NULL, &o, &outleft);
    }
    iconv_close(cd);
    olen = (size_t)(o - out);
  }
  if (st) {
    gk__free(rd->alloc, out);
    return st;
  }
  out[olen] = '\0';
  rd->owned = out;
  rd->text = out;
  rd->tlen = olen;
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
    int enc = u[0] == 0xff ? GK__ENC_UTF16LE : GK__ENC_UTF16BE;
    gk_status st = convert(rd, enc, buf + 2, len - 2, &bad);
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
    /* the rebuilt text is not validated again (~10 instructions a byte) */
    size_t inv = rd->own_utf8 ? len : first_invalid(buf, len);
    assert(!rd->own_utf8 || first_invalid(buf, len) == len);
    if (inv == len || cut_utf8((const unsigned char *)buf, inv, len)) {
      rd->text = buf;
      rd->tlen = inv;
    } else {
      gk_status st = convert(rd, GK__ENC_GB18030, buf, len, &bad);
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
  size_t glued = gk__read_glued_at(rd->text, rd->tlen);
  if (glued) {
    int64_t line, col;
    position(rd->text, glued, &line, &col);
    rd->glued_line = line;
    rd->tlen = glued;
  }
  return GK_OK;
}
