/* pkg.c: ZIP packages in and out (pkg.h), through libzip.
 *
 * Writing: every part is built in a gk__buf, then zipped in memory and
 * handed to the caller's sink. Reading: the archive is opened from the
 * caller's bytes with ZIP_CHECKCONS (libzip compares the central directory
 * with the local headers), every entry is vetted before one byte is
 * inflated, and each inflated stream counts its bytes against its declared
 * size, the ratio limit and the archive's budget (a zip bomb may lie in
 * its headers: the count is what we trust). */
#include "pkg.h"

#include <string.h>
#include <zip.h>

/* === XML escaping === */

gk_status gk__xml_escape(gk__buf *b, const char *s, size_t n) {
  gk_status st = GK_OK;
  size_t i = 0, run = 0; /* bytes copied verbatim start at i - run */
  while (i < n && !st) {
    unsigned char ch = (unsigned char)s[i];
    const char *rep = NULL;
    size_t adv = 1;
    if (ch == '&')
      rep = "&amp;";
    else if (ch == '<')
      rep = "&lt;";
    else if (ch == '>')
      rep = "&gt;";
    else if (ch == '"')
      rep = "&quot;";
    else if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
      rep = "";
    else if (ch >= 0x80) {
      uint32_t cp = gk__utf8_decode(s + i, n - i, &adv);
      if (cp == 0xFFFD && adv == 1)
        rep = "\xEF\xBF\xBD";
      else if (cp == 0xFFFE || cp == 0xFFFF)
        rep = "";
    }
    if (rep) {
      st = gk__buf_add(b, s + i - run, run);
      if (!st)
        st = gk__buf_adds(b, rep);
      run = 0;
      i += adv;
      continue;
    }
    run += adv;
    i += adv;
  }
  if (!st && run)
    st = gk__buf_add(b, s + i - run, run);
  return st;
}

/* === Writing === */

void gk__pkgw_init(gk__pkgw *w, const gk_alloc *a) {
  memset(w, 0, sizeof(*w));
  w->alloc = a;
}

void gk__pkgw_free(gk__pkgw *w) {
  for (size_t i = 0; i < w->nparts; i++)
    gk__buf_free(&w->parts[i]);
  w->nparts = 0;
}

gk__buf *gk__pkgw_part(gk__pkgw *w, const char *name) {
  if (w->nparts == GK__PKG_MAX_PARTS)
    return NULL;
  gk__buf *b = &w->parts[w->nparts];
  gk__buf_init(b, w->alloc, 0);
  w->names[w->nparts++] = name;
  return b;
}

static gk_status zip_failed(gk_error *err, const char *what, zip_error_t *ze) {
  if (zip_error_code_zip(ze) == ZIP_ER_MEMORY)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "打包时内存不足（%s）",
                    "out of memory while zipping (%s)", what);
  return gk__fail(err, GK_E_IO, 0, 0, -1, "无法打包（%s）：%s",
                  "cannot build the archive (%s): %s", what,
                  zip_error_strerror(ze));
}

gk_status gk__pkgw_finish(gk__pkgw *w, gk_write_fn fn, void *ud,
                          gk_error *err) {
  zip_error_t ze;
  zip_error_init(&ze);
  gk_status st = GK_OK;
  zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
  zip_t *za = NULL;
  if (!mem) {
    st = zip_failed(err, "zip_source_buffer_create", &ze);
    goto done;
  }
  za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
  if (!za) {
    st = zip_failed(err, "zip_open_from_source", &ze);
    goto done;
  }
  zip_source_keep(mem); /* we read the archive back after zip_close */
  for (size_t i = 0; i < w->nparts; i++) {
    const gk__buf *b = &w->parts[i];
    /* the buffers outlive zip_close: libzip borrows them */
    zip_source_t *src =
        zip_source_buffer(za, b->data ? b->data : "", b->len, 0);
    zip_int64_t idx =
        src ? zip_file_add(za, w->names[i], src, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0)
      zip_source_free(src);
    /* a fixed mtime keeps the output byte-identical from run to run */
    if (idx < 0 || zip_file_set_mtime(za, (zip_uint64_t)idx, 0, 0) < 0 ||
        zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 6) <
            0) {
      st = zip_failed(err, w->names[i], zip_get_error(za));
      zip_discard(za);
      za = NULL;
      goto done;
    }
  }
  if (zip_close(za) < 0) {
    st = zip_failed(err, "zip_close", zip_get_error(za));
    zip_discard(za);
    za = NULL;
    goto done;
  }
  za = NULL;
  if (zip_source_open(mem) < 0) {
    st = zip_failed(err, "zip_source_open", zip_source_error(mem));
    goto done;
  }
  char chunk[16384];
  for (;;) {
    zip_int64_t got = zip_source_read(mem, chunk, sizeof(chunk));
    if (got < 0) {
      st = zip_failed(err, "zip_source_read", zip_source_error(mem));
      break;
    }
    if (got == 0)
      break;
    if (fn(chunk, (size_t)got, ud)) {
      st = gk__fail(err, GK_E_IO, 0, 0, -1, "写出报告：输出被拒绝",
                    "writing a report: the output refused the data");
      break;
    }
  }
  /* only a read source's close can fail, and every byte is out by now */
  (void)zip_source_close(mem);
done:
  zip_source_free(mem);
  zip_error_fini(&ze);
  return st;
}

/* === Reading ===
 * zip_error_strerror() frees the text of its previous call: each message
 * below calls it once (gk__fail formats both languages from one list). */

struct gk__pkgr {
  const gk_alloc *alloc; /* our allocator */
  zip_t *za;             /* the open archive */
  gk_limits lim;         /* resolved limits */
  gk_error *err;         /* where stream failures go */
  uint64_t inflated;     /* bytes inflated so far, all entries */
};

struct gk__pkg_stream {
  gk__pkgr *p;          /* the archive */
  zip_file_t *zf;       /* the open entry */
  const char *part;     /* its name (borrowed) */
  uint64_t size;        /* declared uncompressed size */
  uint64_t cap;         /* most bytes we accept from it */
  uint64_t got;         /* bytes read */
  gk_status st;         /* GK_OK or why reading stopped */
};

/* A ZIP entry name we accept: relative, no "..", no backslash (a Windows
 * separator that some tools honour), no drive letter. Nothing is ever
 * extracted, but such an archive is crafted, so it is refused whole. */
static bool safe_name(const char *s) {
  if (!s[0] || s[0] == '/' || strchr(s, '\\') || strchr(s, ':'))
    return false;
  for (const char *c = s; *c;) {
    const char *e = strchr(c, '/');
    size_t n = e ? (size_t)(e - c) : strlen(c);
    if (n == 2 && c[0] == '.' && c[1] == '.')
      return false;
    c += n + (e ? 1 : 0);
  }
  return true;
}

static gk_status open_failed(gk_error *err, int code) {
  zip_error_t ze;
  zip_error_init_with_code(&ze, code);
  gk_status st;
  if (code == ZIP_ER_MEMORY)
    st = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "打开 ZIP 时内存不足",
                  "out of memory opening the ZIP archive");
  else
    st = gk__fail(err, GK_E_CORRUPT, 0, 0, -1, "ZIP 压缩包已损坏：%s",
                  "damaged ZIP archive: %s", zip_error_strerror(&ze));
  zip_error_fini(&ze);
  return st;
}

gk_status gk__pkgr_open(gk__pkgr **out, const gk_alloc *a, const char *buf,
                        size_t len, const gk_limits *lim, gk_error *err) {
  *out = NULL;
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
  if (!src) {
    zip_error_fini(&ze);
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "打开 ZIP 时内存不足",
                    "out of memory opening the ZIP archive");
  }
  int code = 0;
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
  if (!za) {
    code = zip_error_code_zip(&ze);
    zip_source_free(src);
    zip_error_fini(&ze);
    return open_failed(err, code);
  }
  zip_error_fini(&ze);
  gk__pkgr *p = gk__calloc(a, 1, sizeof(*p));
  if (!p) {
    zip_discard(za);
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "打开 ZIP 时内存不足",
                    "out of memory opening the ZIP archive");
  }
  p->alloc = a;
  p->za = za;
  p->lim = *lim;
  gk_status st = GK_OK;
  zip_int64_t n = zip_get_num_entries(za, 0);
  if (n < 0 || (uint64_t)n > lim->max_zip_entries) {
    st = gk__fail(err, GK_E_TOO_LARGE, 0, 0, -1,
                  "ZIP 压缩包有 %lld 个条目，超过上限 %zu",
                  "ZIP archive has %lld entries, more than the limit %zu",
                  (long long)n, lim->max_zip_entries);
    goto fail;
  }
  /* only the parts we read count against max_zip_bytes (while they
   * inflate): the others are never inflated */
  for (zip_int64_t i = 0; i < n; i++) {
    zip_stat_t zs;
    if (zip_stat_index(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &zs) < 0 ||
        !(zs.valid & ZIP_STAT_NAME)) {
      st = gk__fail(err, GK_E_CORRUPT, 0, 0, -1,
                    "ZIP 压缩包第 %lld 个条目无法读取",
                    "ZIP archive entry %lld cannot be read",
                    (long long)i + 1, (long long)i + 1);
      goto fail;
    }
    if (!safe_name(zs.name)) {
      char ex[64];
      gk__excerpt(ex, sizeof(ex), zs.name, strlen(zs.name), 48);
      st = gk__fail(err, GK_E_CORRUPT, 0, 0, -1,
                    "ZIP 条目名“%s”是绝对路径或含“..”，拒绝读取",
                    "ZIP entry name '%s' is absolute or climbs out with "
                    "'..': refused",
                    ex, ex);
      goto fail;
    }
  }
  *out = p;
  return GK_OK;
fail:
  gk__pkgr_close(p);
  return st;
}

void gk__pkgr_close(gk__pkgr *p) {
  if (!p)
    return;
  zip_discard(p->za); /* frees the source too */
  gk__free(p->alloc, p);
}

bool gk__pkgr_has(const gk__pkgr *p, const char *part) {
  return zip_name_locate(p->za, part, 0) >= 0;
}

gk_status gk__pkgr_stream_open(gk__pkgr *p, const char *part,
                               gk__pkg_stream **out, gk_error *err) {
  *out = NULL;
  p->err = err;
  zip_stat_t zs;
  zip_int64_t idx = zip_name_locate(p->za, part, 0);
  if (idx < 0 || zip_stat_index(p->za, (zip_uint64_t)idx, 0, &zs) < 0)
    return gk__fail(err, GK_E_CORRUPT, 0, 0, -1, "缺少 %s",
                    "%s is missing", part, part);
  uint64_t size = (zs.valid & ZIP_STAT_SIZE) ? zs.size : 0;
  uint64_t comp = (zs.valid & ZIP_STAT_COMP_SIZE) ? zs.comp_size : 0;
  uint64_t budget = p->lim.max_zip_bytes > p->inflated
                        ? p->lim.max_zip_bytes - p->inflated
                        : 0;
  /* the ratio applies past 1 MiB: small XML parts compress very well */
  uint64_t by_ratio = comp * (uint64_t)p->lim.max_zip_ratio;
  if (by_ratio < (1u << 20))
    by_ratio = 1u << 20;
  if (size > budget || size > by_ratio)
    return gk__fail(
        err, GK_E_TOO_LARGE, 0, 0, -1,
        "%s 解压后 %llu 字节（压缩 %llu 字节），超过限制（总量 %zu "
        "字节，压缩比 %zu）：疑似 ZIP 炸弹",
        "%s inflates to %llu bytes from %llu, beyond the limits (%zu "
        "bytes in all, ratio %zu): a zip bomb?",
        part, (unsigned long long)size, (unsigned long long)comp,
        p->lim.max_zip_bytes, p->lim.max_zip_ratio);
  gk__pkg_stream *s = gk__calloc(p->alloc, 1, sizeof(*s));
  if (!s)
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "读取 %s 时内存不足",
                    "out of memory reading %s", part);
  s->zf = zip_fopen_index(p->za, (zip_uint64_t)idx, 0);
  if (!s->zf) {
    zip_error_t *ze = zip_get_error(p->za);
    gk__free(p->alloc, s);
    return gk__fail(err, GK_E_CORRUPT, 0, 0, -1, "无法解压 %s：%s",
                    "cannot inflate %s: %s", part,
                    zip_error_strerror(ze));
  }
  s->p = p;
  s->part = part;
  s->size = size;
  s->cap = size < budget ? size : budget;
  *out = s;
  return GK_OK;
}

int gk__pkgr_stream_read(gk__pkg_stream *s, char *dst, int n) {
  if (s->st)
    return -1;
  if (n <= 0)
    return 0;
  /* ask for one byte more than allowed: getting it proves the entry lies
   * about its size */
  uint64_t room = s->cap - s->got + 1;
  zip_uint64_t want = (uint64_t)n < room ? (zip_uint64_t)n : room;
  zip_int64_t got = zip_fread(s->zf, dst, want);
  gk__pkgr *p = s->p;
  if (got < 0) {
    zip_error_t *ze = zip_file_get_error(s->zf);
    s->st = gk__fail(p->err, GK_E_CORRUPT, 0, 0, (int64_t)s->got,
                     "%s 解压失败（第 %llu 字节处）：%s",
                     "%s fails to inflate (at byte %llu): %s",
                     s->part, (unsigned long long)s->got,
                     zip_error_strerror(ze));
    return -1;
  }
  s->got += (uint64_t)got;
  p->inflated += (uint64_t)got;
  if (s->got > s->cap) {
    s->st = gk__fail(p->err, GK_E_TOO_LARGE, 0, 0, (int64_t)s->cap,
                     "%s 解压超过声明的大小或总量限制：疑似 ZIP 炸弹",
                     "%s inflates past its declared size or the total "
                     "limit: a zip bomb?",
                     s->part);
    return -1;
  }
  return (int)got;
}

gk_status gk__pkgr_stream_status(const gk__pkg_stream *s) { return s->st; }

void gk__pkgr_stream_close(gk__pkg_stream *s) {
  if (!s)
    return;
  zip_fclose(s->zf);
  gk__free(s->p->alloc, s);
}
