/* srv_multipart.c: multipart/form-data bodies (RFC 7578), the supervisor
 * desk's uploads (issue 12 item 4). The parsing is libmicrohttpd's own
 * post processor (MHD_create_post_processor), fed the body the connection
 * has already bounded (srv_http.c: --max-upload-batch for the upload
 * routes, --max-body for every other); this file only collects what it
 * hands over: text fields into r->fields (UTF-8 text, as a urlencoded
 * form's), files into r->files, each file bounded by 'max_file' (413). */
#include "srv_core.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
  MAX_FILES = 64,        /* files in one request */
  MAX_FIELD = 64 * 1024, /* one text field */
  MAX_NAME = 255,        /* a file name, bytes */
  PP_BUFFER = 64 * 1024  /* the post processor's buffer */
};

/* What the iterator builds; freed by srv_multipart_free. */
typedef struct srv_multipart {
  char *text[SRV_MAX_FIELDS]; /* names and values of r->fields (owned) */
  srv_file files[MAX_FILES];
  size_t nfiles;
  size_t max_file;
  int status;    /* 0, or the HTTP status of the first failure */
  char why[512]; /* its message */
  bool in_file;  /* the part being read is a file */
  srv_req *r;
} srv_multipart;

static void fail(srv_multipart *m, int status, const char *msg) {
  if (m->status)
    return;
  m->status = status;
  snprintf(m->why, sizeof(m->why), "%s", msg);
}

/* Appends to a malloc'd string, bounded; false on overflow or OOM. */
static bool append(char **p, size_t *len, const char *data, size_t n,
                   size_t max) {
  if (n > max || *len > max - n)
    return false;
  char *q = realloc(*p, *len + n + 1);
  if (!q)
    return false;
  memcpy(q + *len, data, n);
  *len += n;
  q[*len] = '\0';
  *p = q;
  return true;
}

/* A file name as browsers send it: the HTML standard has them write '"'
 * as %22 and CR, LF as %0D, %0A; the quote is given back, the line breaks
 * become spaces (a name is one line). Nothing else is decoded. */
static char *browser_name(const char *s) {
  char *out = malloc(strlen(s) + 1);
  if (!out)
    return NULL;
  size_t n = 0;
  for (const char *p = s; *p;) {
    if (strncmp(p, "%22", 3) == 0) {
      out[n++] = '"';
      p += 3;
    } else if (strncasecmp(p, "%0D", 3) == 0 || strncasecmp(p, "%0A", 3) == 0) {
      out[n++] = ' ';
      p += 3;
    } else {
      out[n++] = *p++;
    }
  }
  out[n] = '\0';
  return out;
}

static enum MHD_Result iterate(void *cls, enum MHD_ValueKind kind,
                               const char *key, const char *filename,
                               const char *content_type,
                               const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size) {
  srv_multipart *m = cls;
  srv_req *r = m->r;
  (void)kind;
  (void)content_type;
  (void)transfer_encoding;
  if (m->status || !key)
    return m->status ? MHD_NO : MHD_YES;
  if (filename) {
    /* a new part starts at offset 0 (a file part may be empty: MHD then
     * calls once with size 0) */
    if (off == 0) {
      if (m->nfiles == MAX_FILES) {
        fail(m, 400, "一次上传的文件过多（至多 64 个）");
        return MHD_NO;
      }
      srv_file *f = &m->files[m->nfiles++];
      size_t nl = strlen(filename);
      /* the browser's name is only shown (escaped): kept when it is
       * text, else replaced; never used as a path */
      if (nl <= MAX_NAME && srv_text_ok(filename, nl) &&
          !strpbrk(filename, "\r\n\t"))
        f->name = browser_name(filename);
      else
        f->name = strdup("（文件名无效）");
      if (!f->name) {
        fail(m, 500, "内存不足");
        return MHD_NO;
      }
    }
    srv_file *f = &m->files[m->nfiles - 1];
    if (!append(&f->data, &f->len, data, size, m->max_file)) {
      char msg[512];
      if (f->len + size > m->max_file)
        snprintf(msg, sizeof(msg),
                 "文件“%s”超过了单个文件 %zu 字节的上限，本批文件均未保存",
                 f->name, m->max_file);
      else
        snprintf(msg, sizeof(msg), "内存不足");
      fail(m, f->len + size > m->max_file ? 413 : 500, msg);
      return MHD_NO;
    }
    return MHD_YES;
  }
  /* a text field: a new one at offset 0, else the continuation of the
   * last one */
  if (off == 0) {
    if (r->nfields == SRV_MAX_FIELDS) {
      fail(m, 400, "表单字段过多");
      return MHD_NO;
    }
    size_t i = r->nfields;
    m->text[i] = strdup(key);
    char *v = calloc(1, 1);
    if (!m->text[i] || !v) {
      free(v);
      fail(m, 500, "内存不足");
      return MHD_NO;
    }
    r->fields[i].name = m->text[i];
    r->fields[i].value = v;
    r->nfields++;
  }
  srv_field *fl = &r->fields[r->nfields - 1];
  size_t len = strlen(fl->value);
  if (memchr(data, '\0', size) ||
      !append(&fl->value, &len, data, size, MAX_FIELD)) {
    fail(m, 400, "表单字段过长或含有空字符");
    return MHD_NO;
  }
  return MHD_YES;
}

int srv_multipart_parse(srv_req *r, size_t max_file) {
  srv_multipart *m = calloc(1, sizeof(*m));
  if (!m) {
    srv_fail(r, 500, "内存不足");
    return 500;
  }
  r->mp = m;
  m->r = r;
  m->max_file = max_file;
  struct MHD_PostProcessor *pp =
      MHD_create_post_processor(r->conn, PP_BUFFER, iterate, m);
  if (!pp) {
    srv_fail(r, 400, "表单格式有误：multipart/form-data 缺少 boundary");
    return 400;
  }
  enum MHD_Result ok = MHD_post_process(pp, r->body, r->body_len);
  enum MHD_Result done = MHD_destroy_post_processor(pp);
  if (!m->status && (ok != MHD_YES || done != MHD_YES))
    fail(m, 400, "表单格式有误：multipart/form-data 不完整或无法解析");
  /* every text field must be text, as in a urlencoded form */
  for (size_t i = 0; !m->status && i < r->nfields; i++)
    if (!srv_text_ok(r->fields[i].value, strlen(r->fields[i].value)))
      fail(m, 400, "表单内容不是有效的 UTF-8 文本");
  if (m->status) {
    srv_fail(r, m->status, m->why);
    return m->status;
  }
  r->files = m->files;
  r->nfiles = m->nfiles;
  return 0;
}

void srv_multipart_free(srv_req *r) {
  srv_multipart *m = r->mp;
  if (!m)
    return;
  for (size_t i = 0; i < r->nfields; i++) {
    if (m->text[i]) {
      free(m->text[i]);
      free(r->fields[i].value);
    }
  }
  for (size_t i = 0; i < m->nfiles; i++) {
    free(m->files[i].name);
    free(m->files[i].data);
  }
  free(m);
  r->mp = NULL;
  r->files = NULL;
  r->nfiles = 0;
}

bool srv_upload_route(const char *path) {
  if (strcmp(path, "/supervisor/upload") == 0)
    return true;
  /* /supervisor/report/{id}/replace */
  if (strncmp(path, "/supervisor/report/", 19) != 0)
    return false;
  const char *end = strrchr(path, '/');
  return end && strcmp(end, "/replace") == 0;
}
