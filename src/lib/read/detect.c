/* detect.c: which reader a document needs, from its bytes; the one
 * reading entry point every command uses (gk_reader_read_buffer).
 *
 * Signatures: ZIP local header "PK\3\4" (APPNOTE.TXT 4.3.7) holding
 * word/document.xml (ECMA-376 Part 1, §11.3.10: the main document part's
 * conventional which every producer uses); OLE2 compound file
 * D0 CF 11 E0 A1 B1 1A E1 ([MS-CFB] 2.2: legacy .doc); "%PDF-" (ISO 32000
 * 7.5.2, within the first 1024 bytes as readers allow); HTML by its
 * doctype or <html> tag after a BOM and white space (WHATWG HTML 13.1),
 * or a page saved without them: a tag first and <head>, <meta>, <body>,
 * <table>, <div> or <p> in the first KiB (a text report never starts
 * with '<').
 * Anything else is text for the text reader, which sorts out encodings. */
#include "../gk_internal.h"

#include <string.h>

static bool has_prefix(const char *buf, size_t len, const char *sig, size_t n) {
  return len >= n && memcmp(buf, sig, n) == 0;
}

static bool contains(const char *buf, size_t len, const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; i + n <= len; i++) {
    const char *p = memchr(buf + i, s[0], len - n + 1 - i);
    if (!p)
      return false;
    i = (size_t)(p - buf);
    if (memcmp(p, s, n) == 0)
      return true;
  }
  return false;
}

/* Case-insensitive ASCII prefix. */
static bool iprefix(const char *buf, size_t len, const char *s) {
  size_t n = strlen(s);
  if (len < n)
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = buf[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if (c != s[i])
      return false;
  }
  return true;
}

/* Case-insensitive ASCII search in the first bytes. */
static bool icontains(const char *buf, size_t len, const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; i + n <= len; i++)
    if (iprefix(buf + i, len - i, s))
      return true;
  return false;
}

static bool looks_html(const char *buf, size_t len) {
  size_t i = 0;
  if (has_prefix(buf, len, "\xEF\xBB\xBF", 3))
    i = 3;
  /* UTF-16 with a BOM, its first character '<' (the HTML reader decodes) */
  if (len >= 4 && (has_prefix(buf, len, "\xFF\xFE<", 3) ||
                   has_prefix(buf, len, "\xFE\xFF\0<", 4)))
    return true;
  while (i < len &&
         (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
    i++;
  if (iprefix(buf + i, len - i, "<!doctype html") ||
      iprefix(buf + i, len - i, "<html"))
    return true;
  /* pages saved without <html>: a tag first (a comment such as "saved
   * from url", <meta>, <head>), and an HTML element soon after */
  size_t n = len - i < 1024 ? len - i : 1024;
  return i < len && buf[i] == '<' &&
         (icontains(buf + i, n, "<head") || icontains(buf + i, n, "<meta") ||
          icontains(buf + i, n, "<body") || icontains(buf + i, n, "<table") ||
          icontains(buf + i, n, "<div") || icontains(buf + i, n, "<p>"));
}

gk_format gk_detect_format(const char *buf, size_t len) {
  if (!buf)
    return GK_FORMAT_TEXT;
  if (has_prefix(buf, len, "PK\x03\x04", 4) ||
      has_prefix(buf, len, "PK\x05\x06", 4))
    /* entry names are stored uncompressed in the local and central
     * headers: the name is in the bytes if the part is in the archive */
    return contains(buf, len, "word/document.xml") ? GK_FORMAT_DOCX
                                                   : GK_FORMAT_ZIP;
  if (has_prefix(buf, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    return GK_FORMAT_DOC;
  if (contains(buf, len < 1024 ? len : 1024, "%PDF-"))
    return GK_FORMAT_PDF;
  if (looks_html(buf, len))
    return GK_FORMAT_HTML;
  return GK_FORMAT_TEXT;
}

const char *gk_format_name(gk_format f) {
  switch (f) {
  case GK_FORMAT_TEXT:
    return "text";
  case GK_FORMAT_DOCX:
    return "docx";
  case GK_FORMAT_DOC:
    return "doc";
  case GK_FORMAT_PDF:
    return "pdf";
  case GK_FORMAT_HTML:
    return "html";
  case GK_FORMAT_ZIP:
    return "zip";
  }
  return "unknown";
}

gk_status gk_reader_read_buffer(gk_reader *reader, gk_report **out,
                                const char *buf, size_t len,
                                const gk_read_opts *opts, gk_error *err) {
  if (!out)
    return GK_E_ARG;
  *out = NULL;
  /* before the document readers do any work */
  gk_status bad = gk__read_opts_check(opts, err);
  if (bad)
    return bad;
  switch (gk_detect_format(buf, len)) {
  case GK_FORMAT_DOCX:
    return gk_reader_read_docx(reader, out, buf, len, opts, err);
  case GK_FORMAT_DOC:
    return gk__fail(err, GK_E_UNSUPPORTED, 0, 0, 0,
                    "旧版 .doc 二进制格式，请另存为 .docx",
                    "legacy binary .doc format: save it as .docx");
  case GK_FORMAT_ZIP:
    return gk__fail(err, GK_E_UNSUPPORTED, 0, 0, 0,
                    "ZIP 压缩包，但不是 .docx（没有 word/document.xml）",
                    "a ZIP archive but not a .docx (no word/document.xml)");
  case GK_FORMAT_PDF:
    return gk_reader_read_pdf(reader, out, buf, len, opts, err);
  case GK_FORMAT_HTML:
    return gk_reader_read_html(reader, out, buf, len, opts, err);
  case GK_FORMAT_TEXT:
    break;
  }
  return gk_reader_read_text(reader, out, buf, len, opts, err);
}

gk_status gk_report_read_buffer(gk_report **out, const char *buf, size_t len,
                                const gk_read_opts *opts, gk_error *err) {
  if (!out)
    return GK_E_ARG;
  *out = NULL;
  gk_reader *reader = NULL;
  const gk_alloc *alloc = opts && opts->alloc ? opts->alloc : NULL;
  if (gk_reader_new(&reader, alloc))
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  gk_status st = gk_reader_read_buffer(reader, out, buf, len, opts, err);
  gk_reader_free(reader);
  return st;
}
