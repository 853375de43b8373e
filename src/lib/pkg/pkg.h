/* pkg.h: Office Open XML packages (ZIP archives of XML parts), shared by
 * the .docx reader and the .docx/.xlsx writers.
 *
 * Source of truth: ECMA-376 Part 2 (Open Packaging Conventions) for the
 * package, APPNOTE.TXT (PKWARE) for ZIP. libzip does the ZIP work; this
 * module adds what a hostile archive needs: entry names checked, entry
 * count, total size and compression ratio bounded by gk_limits before
 * and while inflating. libzip and libxml2 allocate with malloc (like
 * jansson for the JSON writer); everything of ours goes through gk_alloc. */
#ifndef GK_PKG_H
#define GK_PKG_H

#include "../gk_internal.h"

/* === Writing a package === */

#define GK__PKG_MAX_PARTS 16 /* parts one writer adds (docx: 5, xlsx: 7) */

typedef struct gk__pkgw {
  const gk_alloc *alloc;                /* allocator of the part buffers */
  gk__buf parts[GK__PKG_MAX_PARTS];     /* XML of each part (owned) */
  const char *names[GK__PKG_MAX_PARTS]; /* static part names */
  size_t nparts;                        /* used */
} gk__pkgw;

void gk__pkgw_init(gk__pkgw *w, const gk_alloc *a);
void gk__pkgw_free(gk__pkgw *w);
/* Starts a part named 'name' (static storage) and returns its buffer, to
 * fill with XML; NULL when GK__PKG_MAX_PARTS are used. */
gk__buf *gk__pkgw_part(gk__pkgw *w, const char *name);
/* Zips the parts in the order added (deflate, fixed 1980 dates so equal
 * input gives equal bytes) and hands the archive to 'fn'. */
gk_status gk__pkgw_finish(gk__pkgw *w, gk_write_fn fn, void *ud,
                          gk_error *err);

/* Appends s[0..n) escaped for XML text and attribute values: & < > "
 * escaped, control bytes XML 1.0 forbids dropped, invalid UTF-8 as
 * U+FFFD. */
gk_status gk__xml_escape(gk__buf *b, const char *s, size_t n);

/* === Reading a package === */

typedef struct gk__pkgr gk__pkgr;

/* Opens the ZIP archive in buf[0..len) (borrowed until gk__pkgr_close)
 * after checking every entry: count, names (no absolute path, no ".."
 * component, no backslash, no drive), sizes against 'lim'. Messages
 * name the entry; the caller knows the file. */
gk_status gk__pkgr_open(gk__pkgr **out, const gk_alloc *a, const char *buf,
                        size_t len, const gk_limits *lim, gk_error *err);
void gk__pkgr_close(gk__pkgr *p);
/* True if the archive holds an entry named 'part'. */
bool gk__pkgr_has(const gk__pkgr *p, const char *part);

/* A stream over one entry's inflated bytes, bounded: reading past the
 * entry's declared size, its ratio or the archive's total budget fails. */
typedef struct gk__pkg_stream gk__pkg_stream;
gk_status gk__pkgr_stream_open(gk__pkgr *p, const char *part,
                               gk__pkg_stream **out, gk_error *err);
/* Reads up to 'n' bytes; returns the count, 0 at the end, -1 on failure
 * (then gk__pkgr_stream_status says why, with 'err' filled). */
int gk__pkgr_stream_read(gk__pkg_stream *s, char *dst, int n);
gk_status gk__pkgr_stream_status(const gk__pkg_stream *s);
void gk__pkgr_stream_close(gk__pkg_stream *s);

#endif /* GK_PKG_H */
