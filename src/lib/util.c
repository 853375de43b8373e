/* util.c: allocation, capped buffers, errors, UTF-8 and dates shared by
 * every module of the library (see gk_internal.h). */
#include "gk_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *gk_version(void) { return GK_VERSION_STRING; }

static void *default_malloc(size_t n, void *ud) {
  (void)ud;
  return malloc(n);
}
static void *default_realloc(void *p, size_t n, void *ud) {
  (void)ud;
  return realloc(p, n);
}
static void default_free(void *p, void *ud) {
  (void)ud;
  free(p);
}
static const gk_alloc default_alloc = {default_malloc, default_realloc,
                                       default_free, NULL};

const gk_alloc *gk_alloc_default(void) { return &default_alloc; }

void gk__limits_resolve(gk_limits *out, const gk_limits *in) {
  gk_limits z = {0};
  if (!in)
    in = &z;
  out->max_input_bytes =
      in->max_input_bytes ? in->max_input_bytes : GK_DEFAULT_MAX_INPUT;
  out->max_line_bytes =
      in->max_line_bytes ? in->max_line_bytes : GK_DEFAULT_MAX_LINE;
  out->max_cells = in->max_cells ? in->max_cells : GK_DEFAULT_MAX_CELLS;
  out->max_findings =
      in->max_findings ? in->max_findings : GK_DEFAULT_MAX_FINDINGS;
  out->max_zip_bytes =
      in->max_zip_bytes ? in->max_zip_bytes : GK_DEFAULT_MAX_ZIP_BYTES;
  out->max_zip_ratio =
      in->max_zip_ratio ? in->max_zip_ratio : GK_DEFAULT_MAX_ZIP_RATIO;
  out->max_zip_entries =
      in->max_zip_entries ? in->max_zip_entries : GK_DEFAULT_MAX_ZIP_ENTRIES;
  out->max_xml_depth =
      in->max_xml_depth ? in->max_xml_depth : GK_DEFAULT_MAX_XML_DEPTH;
  out->max_pdf_memory =
      in->max_pdf_memory ? in->max_pdf_memory : GK_DEFAULT_MAX_PDF_MEMORY;
  out->max_pdf_seconds =
      in->max_pdf_seconds ? in->max_pdf_seconds : GK_DEFAULT_MAX_PDF_SECONDS;
}

/* === Allocation === */

void *gk__malloc(const gk_alloc *a, size_t n) {
  if (!a)
    a = &default_alloc;
  return a->malloc(n ? n : 1, a->ud);
}

void *gk__calloc(const gk_alloc *a, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size)
    return NULL;
  size_t n = count * size;
  void *p = gk__malloc(a, n);
  if (p)
    memset(p, 0, n > 0 ? n : 1);
  return p;
}

void *gk__realloc(const gk_alloc *a, void *p, size_t n) {
  if (!a)
    a = &default_alloc;
  return a->realloc(p, n ? n : 1, a->ud);
}

void gk__free(const gk_alloc *a, void *p) {
  if (!p)
    return;
  if (!a)
    a = &default_alloc;
  a->free(p, a->ud);
}

char *gk__strndup(const gk_alloc *a, const char *s, size_t len) {
  if (len == SIZE_MAX)
    return NULL;
  char *p = gk__malloc(a, len + 1);
  if (!p)
    return NULL;
  if (len)
    memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *gk__strdup(const gk_alloc *a, const char *s) {
  return gk__strndup(a, s, strlen(s));
}

/* === Arrays === */

gk_status gk__grow(const gk_alloc *a, void *pptr, size_t *cap, size_t need,
                   size_t size) {
  if (need <= *cap)
    return GK_OK;
  if (!size || need > SIZE_MAX / size)
    return GK_E_NOMEM;
  size_t ncap = *cap ? *cap : 16;
  while (ncap < need)
    ncap = ncap > SIZE_MAX / 2 / size ? need : ncap * 2;
  /* the caller's pointer is read and written as bytes: it may be any
   * object pointer type (no void ** cast, no aliasing question) */
  void *old;
  memcpy(&old, pptr, sizeof(old));
  void *np = gk__realloc(a, old, ncap * size);
  if (!np)
    return GK_E_NOMEM;
  memcpy(pptr, &np, sizeof(np));
  *cap = ncap;
  return GK_OK;
}

/* === Buffers === */

void gk__buf_init(gk__buf *b, const gk_alloc *a, size_t max) {
  b->alloc = a ? a : &default_alloc;
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
  b->max = max ? max : SIZE_MAX / 2;
}

void gk__buf_free(gk__buf *b) {
  gk__free(b->alloc, b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

void gk__buf_reset(gk__buf *b) {
  b->len = 0;
  if (b->data)
    b->data[0] = '\0';
}

gk_status gk__buf_reserve(gk__buf *b, size_t n) {
  if (n > b->max - b->len)
    return GK_E_TOO_LARGE;
  size_t need = b->len + n + 1;
  if (need > b->cap) {
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
      cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *d = gk__realloc(b->alloc, b->data, cap);
    if (!d)
      return GK_E_NOMEM;
    b->data = d;
    b->cap = cap;
  }
  return GK_OK;
}

gk_status gk__buf_add(gk__buf *b, const void *p, size_t n) {
  gk_status st = gk__buf_reserve(b, n);
  if (st)
    return st;
  if (n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return GK_OK;
}

gk_status gk__buf_addc(gk__buf *b, char c) { return gk__buf_add(b, &c, 1); }

gk_status gk__buf_adds(gk__buf *b, const char *s) {
  return gk__buf_add(b, s, strlen(s));
}

gk_status gk__buf_printf(gk__buf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof(small), fmt, ap);
  va_end(ap);
  if (n < 0)
    return GK_E_ARG;
  if ((size_t)n < sizeof(small))
    return gk__buf_add(b, small, (size_t)n);
  char *big = gk__malloc(b->alloc, (size_t)n + 1);
  if (!big)
    return GK_E_NOMEM;
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  gk_status st = gk__buf_add(b, big, (size_t)n);
  gk__free(b->alloc, big);
  return st;
}

char *gk__buf_detach(gk__buf *b, size_t *len) {
  char *d = b->data;
  if (len)
    *len = b->len;
  b->data = NULL;
  b->len = b->cap = 0;
  return d;
}

/* === Formatting === */

size_t gk__fmt_u64(char *out, uint64_t v) {
  char tmp[20];
  size_t n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  for (size_t i = 0; i < n; i++)
    out[i] = tmp[n - 1 - i];
  return n;
}

size_t gk__fmt_i64(char *out, int64_t v) {
  if (v >= 0)
    return gk__fmt_u64(out, (uint64_t)v);
  out[0] = '-';
  return 1 + gk__fmt_u64(out + 1, (uint64_t)0 - (uint64_t)v);
}

/* The conversion at f (after '%') if gk__vformat handles it: its length,
 * else 0. */
static size_t simple_conv(const char *f) {
  if (f[0] == 's' || f[0] == 'd' || f[0] == 'u' || f[0] == '%')
    return 1;
  if ((f[0] == 'z' && f[1] == 'u'))
    return 2;
  if (f[0] == '.' && f[1] == '0' && f[2] == 's')
    return 3;
  if (f[0] == 'l' && f[1] == 'l' && (f[2] == 'd' || f[2] == 'u'))
    return 3;
  return 0;
}

/* Appends s[0..n) at out[*o], keeping the NUL's byte free. */
static void put(char *out, size_t outsz, size_t *o, const char *s, size_t n) {
  if (*o + 1 < outsz) {
    size_t room = outsz - 1 - *o;
    memcpy(out + *o, s, n < room ? n : room);
  }
  *o += n;
}

int gk__vformat(char *out, size_t outsz, const char *fmt, va_list ap) {
  for (const char *f = strchr(fmt, '%'); f; f = strchr(f, '%')) {
    size_t n = simple_conv(f + 1);
    if (!n)
      return vsnprintf(out, outsz, fmt, ap);
    f += 1 + n;
  }
  size_t o = 0;
  const char *f = fmt;
  for (;;) {
    const char *pct = strchr(f, '%');
    size_t lit = pct ? (size_t)(pct - f) : strlen(f);
    put(out, outsz, &o, f, lit);
    if (!pct)
      break;
    f = pct + 1;
    char num[24];
    size_t nl = 0;
    switch (*f) {
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (!s)
        s = "(null)";
      put(out, outsz, &o, s, strlen(s));
      f += 1;
      break;
    }
    case '.':
      (void)va_arg(ap, const char *);
      f += 3;
      break;
    case 'd':
      nl = gk__fmt_i64(num, va_arg(ap, int));
      f += 1;
      break;
    case 'u':
      nl = gk__fmt_u64(num, va_arg(ap, unsigned));
      f += 1;
      break;
    case 'z':
      nl = gk__fmt_u64(num, va_arg(ap, size_t));
      f += 2;
      break;
    case 'l':
      if (f[2] == 'd')
        nl = gk__fmt_i64(num, va_arg(ap, long long));
      else
        nl = gk__fmt_u64(num, va_arg(ap, unsigned long long));
      f += 3;
      break;
    default: /* '%' */
      num[0] = '%';
      nl = 1;
      f += 1;
      break;
    }
    put(out, outsz, &o, num, nl);
  }
  if (outsz)
    out[o < outsz ? o : outsz - 1] = '\0';
  return o > INT_MAX ? -1 : (int)o;
}

/* === Errors === */

void gk_error_clear(gk_error *err) {
  if (!err)
    return;
  memset(err, 0, sizeof(*err));
  err->offset = -1;
}

static void one_line(char *s) {
  for (; *s; s++)
    if (*s == '\n' || *s == '\r')
      *s = ' ';
}

/* vsnprintf cuts at a byte count: a long Chinese message could end in the
 * middle of a character and make the whole message invalid UTF-8. Drops an
 * incomplete last sequence (the bytes before it were written whole). */
static void cut_to_char(char *s, size_t len) {
  size_t i = len;
  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && len - i < 3)
    i--;
  if (i == 0)
    return;
  unsigned char lead = (unsigned char)s[i - 1];
  size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  if (lead >= 0xC0 && len - (i - 1) < need)
    s[i - 1] = '\0';
}

/* Formats into 'out' like vsnprintf and, when the text did not fit, cuts it
 * on a character boundary. */
static void format_message(char *out, size_t outsz, const char *fmt,
                           va_list ap) {
  int n = vsnprintf(out, outsz, fmt, ap);
  if (n >= 0 && (size_t)n >= outsz)
    cut_to_char(out, outsz - 1);
}

static void fill(gk_error *err, gk_status st, int64_t line, int64_t col,
                 int64_t offset, const char *param, const char *fmt_zh,
                 const char *fmt_en, va_list ap) {
  va_list again;
  err->code = st;
  err->line = line;
  err->column = col;
  err->offset = offset;
  snprintf(err->param, sizeof(err->param), "%s", param ? param : "");
  va_copy(again, ap);
  format_message(err->message, sizeof(err->message), fmt_zh, ap);
  format_message(err->message_en, sizeof(err->message_en), fmt_en, again);
  va_end(again);
  one_line(err->message);
  one_line(err->message_en);
}

gk_status gk__fail(gk_error *err, gk_status st, int64_t line, int64_t col,
                   int64_t offset, const char *fmt_zh, const char *fmt_en,
                   ...) {
  if (!err || err->code != GK_OK)
    return st;
  va_list ap;
  va_start(ap, fmt_en);
  fill(err, st, line, col, offset, NULL, fmt_zh, fmt_en, ap);
  va_end(ap);
  return st;
}

gk_status gk__fail_param(gk_error *err, gk_status st, const char *param,
                         const char *fmt_zh, const char *fmt_en, ...) {
  if (!err || err->code != GK_OK)
    return st;
  va_list ap;
  va_start(ap, fmt_en);
  fill(err, st, 0, 0, -1, param, fmt_zh, fmt_en, ap);
  va_end(ap);
  return st;
}

gk_status gk__opts_version(unsigned version, unsigned latest, const char *type,
                           const char *param, gk_error *err) {
  if (version <= latest)
    return GK_OK;
  return gk__fail_param(err, GK_E_ARG, param,
                        "%s 的版本 %u 比本库所知的 %u 新（程序与更新版本的 "
                        "gongkai 一起编译）",
                        "%s version %u is newer than this library's %u (the "
                        "program was built against a newer gongkai)",
                        type, version, latest);
}

void gk__excerpt(char *out, size_t outsz, const char *s, size_t len,
                 size_t max) {
  size_t o = 0, i = 0;
  if (!outsz)
    return;
  while (i < len && i < max) {
    size_t n;
    uint32_t cp = gk__utf8_decode(s + i, len - i, &n);
    if (i + n > max)
      break;
    if (o + n + 1 >= outsz)
      break;
    if (cp < 0x20 || cp == 0x7f || cp == 0xfffd) {
      out[o++] = '?';
    } else {
      memcpy(out + o, s + i, n);
      o += n;
    }
    i += n;
  }
  out[o] = '\0';
}

/* === UTF-8 === */

uint32_t gk__utf8_decode(const char *str, size_t len, size_t *n) {
  const unsigned char *s = (const unsigned char *)str;
  unsigned char c = s[0];
  *n = 1;
  if (c < 0x80)
    return c;
  size_t need;
  uint32_t cp, min;
  if (c >= 0xc2 && c <= 0xdf) {
    need = 2;
    cp = c & 0x1f;
    min = 0x80;
  } else if (c >= 0xe0 && c <= 0xef) {
    need = 3;
    cp = c & 0x0f;
    min = 0x800;
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 4;
    cp = c & 0x07;
    min = 0x10000;
  } else {
    return 0xfffd;
  }
  if (len < need)
    return 0xfffd;
  for (size_t i = 1; i < need; i++) {
    if ((s[i] & 0xc0) != 0x80)
      return 0xfffd;
    cp = (cp << 6) | (s[i] & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
    return 0xfffd;
  *n = need;
  return cp;
}

size_t gk__utf8_encode(uint32_t cp, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    o[0] = (unsigned char)(0xc0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3f));
    return 2;
  }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xe0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
    o[2] = (unsigned char)(0x80 | (cp & 0x3f));
    return 3;
  }
  o[0] = (unsigned char)(0xf0 | (cp >> 18));
  o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
  o[3] = (unsigned char)(0x80 | (cp & 0x3f));
  return 4;
}

bool gk__utf8_valid(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    size_t n;
    uint32_t cp = gk__utf8_decode(s + i, len - i, &n);
    if (cp == 0xfffd && n == 1)
      return false;
    i += n;
  }
  return true;
}

/* === Dates === */

bool gk__date_valid(int y, int m, int d) {
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
    return false;
  int md = mdays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    md = 29;
  return d <= md;
}

/* === Text hygiene === */

int64_t gk__text_control(const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = u[i];
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ||
        (c == 0xc2 && i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f))
      return (int64_t)i;
  }
  return -1;
}

gk_status gk__buf_add_escaped(gk__buf *b, const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  gk_status st = GK_OK;
  size_t a = 0, i = 0;
  while (i < len && !st) {
    size_t n;
    uint32_t cp = gk__utf8_decode(s + i, len - i, &n);
    bool bad = cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
               (cp == 0xfffd && n == 1);
    if (!bad) {
      i += n;
      continue;
    }
    st = gk__buf_add(b, s + a, i - a);
    for (size_t k = 0; k < n && !st; k++) {
      unsigned char c = (unsigned char)s[i + k];
      char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
      if (c == '\t' || c == '\n' || c == '\r') {
        e[1] = c == '\t' ? 't' : c == '\n' ? 'n' : 'r';
        st = gk__buf_add(b, e, 2);
      } else {
        st = gk__buf_add(b, e, 4);
      }
    }
    i += n;
    a = i;
  }
  return st ? st : gk__buf_add(b, s + a, len - a);
}

/* === CSV cells === */

/* The first bytes OWASP lists: a spreadsheet starts a formula there. */
static bool formula_start(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* -12 or -12.5: a number a spreadsheet reads as one, no formula. */
static bool negative_number(const char *s, size_t len) {
  size_t i = 1, digits = 0;
  if (len < 2 || s[0] != '-')
    return false;
  while (i < len && s[i] >= '0' && s[i] <= '9') {
    i++;
    digits++;
  }
  if (!digits)
    return false;
  if (i < len && s[i] == '.') {
    size_t frac = 0;
    for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
      frac++;
    if (!frac)
      return false;
  }
  return i == len;
}

bool gk__csv_guarded(const char *s, size_t len) {
  if (!len)
    return false;
  if (formula_start(s[0])) /* a lone "-" is a placeholder, no formula */
    return !negative_number(s, len) && !(len == 1 && s[0] == '-');
  return s[0] == '\'' && len > 1 && (formula_start(s[1]) || s[1] == '\'');
}

gk_status gk__csv_field(gk__buf *b, const char *s, size_t len) {
  bool guard = gk__csv_guarded(s, len);
  bool quote = false;
  for (size_t i = 0; i < len && !quote; i++)
    quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
  gk_status st = quote ? gk__buf_addc(b, '"') : GK_OK;
  if (!st && guard)
    st = gk__buf_addc(b, '\'');
  size_t a = 0;
  for (size_t i = 0; i < len && !st && quote; i++) {
    if (s[i] != '"')
      continue;
    st = gk__buf_add(b, s + a, i + 1 - a); /* through the quote, */
    a = i;                                 /* which goes out twice */
  }
  if (!st)
    st = gk__buf_add(b, s + a, len - a);
  if (!st && quote)
    st = gk__buf_addc(b, '"');
  return st;
}

void gk__csv_unguard(const char **s, size_t *len) {
  if (*len > 1 && (*s)[0] == '\'' &&
      (formula_start((*s)[1]) || (*s)[1] == '\'')) {
    (*s)++;
    (*len)--;
  }
}
