/* gk_internal.h: helpers shared inside the library (never installed).
 * Allocation through the object's gk_alloc, capped growable buffers (as
 * curl's dynbuf), error filling (first error wins), small UTF-8 tools. */
#ifndef GK_INTERNAL_H
#define GK_INTERNAL_H

#include "gongkai.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* === Defaults of gk_limits === */
#define GK_DEFAULT_MAX_INPUT ((size_t)64 * 1024 * 1024)
#define GK_DEFAULT_MAX_LINE ((size_t)1024 * 1024)
#define GK_DEFAULT_MAX_CELLS ((size_t)1000 * 1000)
#define GK_DEFAULT_MAX_FINDINGS ((size_t)10000)
#define GK_DEFAULT_MAX_ZIP_BYTES ((size_t)256 * 1024 * 1024)
#define GK_DEFAULT_MAX_ZIP_RATIO ((size_t)200)
#define GK_DEFAULT_MAX_ZIP_ENTRIES ((size_t)10000)
#define GK_DEFAULT_MAX_XML_DEPTH ((size_t)256)
#define GK_DEFAULT_MAX_PDF_MEMORY ((size_t)512 * 1024 * 1024)
#define GK_DEFAULT_MAX_PDF_SECONDS 30u

/* Fills zero fields of 'in' with defaults into 'out'. */
void gk__limits_resolve(gk_limits *out, const gk_limits *in);

/* === Allocation === */
void *gk__malloc(const gk_alloc *a, size_t n);
void *gk__calloc(const gk_alloc *a, size_t count, size_t size);
void *gk__realloc(const gk_alloc *a, void *p, size_t n);
void gk__free(const gk_alloc *a, void *p);
/* Copies 'len' bytes and a NUL; NULL on OOM. */
char *gk__strndup(const gk_alloc *a, const char *s, size_t len);
char *gk__strdup(const gk_alloc *a, const char *s);

/* Grows the array '*pptr' (of elements 'size' bytes, 'pptr' is the address
 * of any object pointer) to hold at least 'need' elements, doubling from
 * 16; '*cap' is its capacity in elements. GK_E_NOMEM when the byte count
 * would overflow size_t or the allocator fails; the array is then as it
 * was. The one way arrays grow in the library. */
gk_status gk__grow(const gk_alloc *a, void *pptr, size_t *cap, size_t need,
                   size_t size);

/* === Growable byte buffer with a hard cap ===
 * Always NUL-terminated when data != NULL. On failure (OOM or cap) the
 * buffer keeps what it had and the call returns the status. */
typedef struct gk__buf {
  const gk_alloc *alloc; /* allocator used for 'data' */
  char *data;            /* bytes, NUL-terminated; NULL while empty */
  size_t len;            /* bytes used, without the NUL */
  size_t cap;            /* bytes allocated */
  size_t max;            /* hard cap on len; 0 = SIZE_MAX/2 */
} gk__buf;

void gk__buf_init(gk__buf *b, const gk_alloc *a, size_t max);
void gk__buf_free(gk__buf *b);
void gk__buf_reset(gk__buf *b); /* len = 0, keeps memory */
gk_status gk__buf_add(gk__buf *b, const void *p, size_t n);
/* Makes room for 'n' more bytes and the NUL (a writer that fills
 * data + len itself, then raises len and writes the NUL). */
gk_status gk__buf_reserve(gk__buf *b, size_t n);
gk_status gk__buf_addc(gk__buf *b, char c);
gk_status gk__buf_adds(gk__buf *b, const char *s);
gk_status gk__buf_printf(gk__buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Hands the bytes to the caller (to free with gk__free) and resets. */
char *gk__buf_detach(gk__buf *b, size_t *len);

/* === Formatting === */
/* vsnprintf's contract (the output cut at outsz - 1 bytes and
 * NUL-terminated, the untruncated length returned) for the conversions
 * messages use, %s %.0s %d %u %zu %lld %llu and %%, without stdio: findings
 * are formatted by the thousand. Any other format goes to vsnprintf. */
int gk__vformat(char *out, size_t outsz, const char *fmt, va_list ap);
/* Writes 'v' in decimal into 'out' (room for 20 bytes, no NUL added);
 * returns the length. */
size_t gk__fmt_u64(char *out, uint64_t v);
size_t gk__fmt_i64(char *out, int64_t v);

/* === Errors === */
/* GK_E_ARG for a gk_read_opts (may be NULL: fine) of a newer version
 * than this library's or whose flags hold bits outside GK_READ_ALL. */
gk_status gk__read_opts_check(const gk_read_opts *opts, gk_error *err);
/* GK_E_ARG naming 'param' when an options struct of type 'type' says a
 * 'version' newer than this library's 'latest' (gongkai.h: 0 is the
 * first layout, so zeroed structs stay valid). */
gk_status gk__opts_version(unsigned version, unsigned latest,
                           const char *type, const char *param,
                           gk_error *err);
/* gk__fail and names the API parameter the error is about (gk_error.param). */
gk_status gk__fail_param(gk_error *err, gk_status st, const char *param,
                         const char *fmt_zh, const char *fmt_en, ...);
/* Sets 'err' (if not NULL and still GK_OK) and returns 'st'. The message
 * is formatted in Chinese and English; newlines are replaced by spaces. */
gk_status gk__fail(gk_error *err, gk_status st, int64_t line, int64_t col,
                   int64_t offset, const char *fmt_zh, const char *fmt_en,
                   ...);

/* Writes a sanitised excerpt of at most 'max' bytes of 's' into 'out'
 * (size 'outsz'): control bytes become '?', cut on a UTF-8 boundary. */
void gk__excerpt(char *out, size_t outsz, const char *s, size_t len,
                 size_t max);

/* === UTF-8 === */
/* Decodes one code point at s[0..len); stores its byte length in '*n'.
 * Invalid sequences decode as U+FFFD with *n = 1. len must be > 0. */
uint32_t gk__utf8_decode(const char *s, size_t len, size_t *n);
/* Encodes 'cp' into out (>= 4 bytes); returns the byte count. */
size_t gk__utf8_encode(uint32_t cp, char *out);
/* True if s[0..len) is valid UTF-8. */
bool gk__utf8_valid(const char *s, size_t len);

/* Byte offset of the first control character in s[0..len) (C0 but tab,
 * LF and CR; DEL; C1 U+0080-U+009F, which terminals also obey), or -1.
 * NUL counts: a field holding one is refused, never cut short. */
int64_t gk__text_control(const char *s, size_t len);

/* Appends s[0..len) for a terminal, control characters escaped as git
 * quotes file names (issue 15 point 9): \t \n \r, others \xNN (C0, DEL,
 * C1 U+0080-U+009F and bytes that are not UTF-8), so ESC, OSC and BEL
 * never reach the terminal and a name holding a newline cannot forge a
 * line of its own. Everything else, Chinese included, is copied. */
gk_status gk__buf_add_escaped(gk__buf *b, const char *s, size_t len);

/* === CSV cells (util.c; issue 15 point 5) ===
 * Every CSV gongkai writes goes through gk__csv_field, so no cell a
 * spreadsheet opens starts a formula: a cell whose first byte is = + - @
 * tab or CR gets a leading apostrophe (OWASP's CSV injection rule), unless
 * it is a plain number (-1, -2.5 stay numbers) or a lone "-" (a
 * placeholder, and the name of standard input); so does one that starts
 * with an apostrophe before such a byte, which keeps the rule reversible:
 * gk__csv_unguard drops exactly the apostrophe gk__csv_field added. */
/* True if the field needs the apostrophe. */
bool gk__csv_guarded(const char *s, size_t len);
/* Appends s[0..len) as one field: the apostrophe when guarded, quoted
 * (RFC 4180) when it holds a comma, a double quote, CR or LF. */
gk_status gk__csv_field(gk__buf *b, const char *s, size_t len);
/* Drops the apostrophe of a guarded field read back ('s', 'len' in/out). */
void gk__csv_unguard(const char **s, size_t *len);

/* === Dates === */
/* True if y-m-d is a valid Gregorian date. */
bool gk__date_valid(int y, int m, int d);

/* === Readers === */
/* The allocator a gk_reader was made with (text.c): the .docx reader's
 * buffers use it as well. */
const gk_alloc *gk__reader_alloc(const gk_reader *reader);

/* Scaled helpers. */
#define GK__UNITS(n) ((int64_t)(n) * GK_SCALE)

#endif /* GK_INTERNAL_H */
