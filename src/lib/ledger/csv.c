/* csv.c: applications to and from CSV (RFC 4180), for agencies moving from
 * spreadsheets (docs/ledger.md "CSV"). The import is history-less: each row
 * is an application as it stands (registered or closed, with its dates and
 * outcome), held to the state machine's rules (gk__app_check_standing); it
 * is all or nothing: rows go into the ledger in bounded batches, hidden
 * from every read until one small transaction marks the import done
 * (store.c "Bulk import"), so a bad row or a crash leaves the
 * ledger as it was, and other clerks write between the batches. Every bad
 * row is reported by file, line and column. The input is
 * streamed: bounded per record and per file, never read whole; UTF-8 (a
 * BOM skipped) or, when its first MiB is not UTF-8, GB18030 (what Excel
 * saves as "CSV" on a Chinese Windows), converted with iconv. */
#include "store.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

/* The columns, in export order; the import takes them by name, in any
 * order. 'need': the header must have it. */
enum {
  C_REF = 0,
  C_TYPE,
  C_NAME,
  C_CONTACT,
  C_CHANNEL,
  C_ARRIVED,
  C_RECEIVED,
  C_DESC,
  C_STATE,
  C_OUTCOME,
  C_BASIS,
  C_CLOSED,
  C_DUE,
  C_EXTENDED,
  C_KEY,         /* migration 4 (fee): optional, so older files still import */
  C_CORRECTIONS, /* 补正 asked (0/1): lapse and unable.unclear need it */
  C_VOIDED,      /* migration 6: a voided registration, with its reason */
  C_VOID_REASON,
  C_PERIOD, /* the reply period runs from (a 补正 restarts it) */
  NCOLS
};
static const struct {
  const char *name;
  bool need;
} cols[NCOLS] = {
    [C_REF] = {"ref", true},
    [C_TYPE] = {"applicant_type", true},
    [C_NAME] = {"applicant_name", false},
    [C_CONTACT] = {"contact", false},
    [C_CHANNEL] = {"channel", true},
    [C_ARRIVED] = {"arrived_on", false},
    [C_RECEIVED] = {"received_on", true},
    [C_DESC] = {"description", false},
    [C_STATE] = {"state", true},
    [C_OUTCOME] = {"outcome", false},
    [C_BASIS] = {"basis", false},
    [C_CLOSED] = {"closed_on", false},
    [C_DUE] = {"due_on", false},
    [C_EXTENDED] = {"extended", false},
    [C_KEY] = {"applicant_key", false},
    [C_CORRECTIONS] = {"corrections", false},
    [C_VOIDED] = {"voided_on", false},
    [C_VOID_REASON] = {"void_reason", false},
    [C_PERIOD] = {"period_from", false},
};

#define MAX_FIELDS 64 /* fields of one record; more is an error */
#define CHUNK                                                                  \
  ((size_t)1 << 20) /* bytes read at a time; the first decides                 \
                       the encoding */
#define DEFAULT_MAX_INPUT ((int64_t)4 << 30) /* 4 GiB */
#define MAX_REPORTED 100 /* bad rows reported one by one; then counted */

/* One record: fields point into 'buf' (unquoted copies). */
typedef struct record {
  gk__buf buf;            /* field bytes, each NUL-terminated (capped) */
  size_t off[MAX_FIELDS]; /* offset of field i in buf */
  size_t len[MAX_FIELDS]; /* length of field i */
  size_t n;               /* fields */
  int64_t line;           /* line the record starts on */
} record;

/* The input as a stream of UTF-8 windows. */
typedef struct reader {
  const char *p, *end; /* the window left to parse */
  gk_read_fn read;     /* the source */
  void *ud;
  char *raw;     /* CHUNK bytes as read */
  size_t rawlen; /* GB18030: bytes of an incomplete sequence kept */
  char *conv;    /* GB18030: the window, converted */
  iconv_t cd;    /* (iconv_t)-1 when the input is UTF-8 */
  bool started, eof;
  int64_t total, max_total; /* bytes read, and the bound */
  int64_t line;             /* current line, 1-based */
  const char *name;         /* for messages */
  gk_error *err;            /* where a read failure is reported */
  gk_status fail;           /* set when a refill failed */
  const gk_alloc *alloc;
} reader;

/* Reads up to CHUNK - off bytes after 'off' of raw; fills total. */
static int64_t read_some(reader *r, size_t off) {
  int64_t got = 0;
  while (off + (size_t)got < CHUNK) {
    int64_t n = r->read(r->raw + off + got, CHUNK - off - (size_t)got, r->ud);
    if (n < 0) {
      r->fail = gk__fail(r->err, GK_E_IO, r->line, 0, -1, "%s：读取失败：%s",
                         "%s: read failed: %s", r->name, strerror(errno));
      return -1;
    }
    if (n == 0)
      break;
    got += n;
    if (!r->started && off + (size_t)got < CHUNK)
      continue; /* the first window is filled: it decides the encoding */
    break;
  }
  r->total += got;
  if (r->total > r->max_total) {
    r->fail = gk__fail(r->err, GK_E_TOO_LARGE, r->line, 0, -1,
                       "%s:%lld：文件超过 %lld 字节的上限",
                       "%s:%lld: the file is larger than the limit of %lld "
                       "bytes",
                       r->name, (long long)r->line, (long long)r->max_total);
    return -1;
  }
  return got;
}

/* UTF-8, allowing a sequence cut at the end of the window. */
static bool utf8_window(const char *s, size_t n) {
  size_t cut = 0;
  for (size_t k = 1; k <= 3 && k <= n; k++) {
    unsigned char c = (unsigned char)s[n - k];
    if ((c & 0xC0) != 0x80) {
      size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      if (need > k)
        cut = k;
      break;
    }
  }
  return gk__utf8_valid(s, n - cut);
}

/* Makes the next window; false at the end or on failure (r->fail). */
static bool refill(reader *r) {
  if (r->eof || r->fail)
    return false;
  int64_t n = read_some(r, r->rawlen);
  if (n < 0)
    return false;
  if (!r->started) {
    r->started = true;
    bool bom = n >= 3 && memcmp(r->raw, "\xEF\xBB\xBF", 3) == 0;
    if (!bom && !utf8_window(r->raw, (size_t)n)) {
      r->cd = iconv_open("UTF-8", "GB18030");
      r->conv = gk__malloc(r->alloc, 2 * CHUNK);
      if (r->cd == (iconv_t)-1 || !r->conv) {
        r->fail = gk__fail(r->err, GK_E_NOMEM, 0, 0, -1,
                           "无法转换 GB18030 编码", "cannot convert GB18030");
        return false;
      }
    }
  }
  if (r->cd == (iconv_t)-1) {
    if (!n) {
      r->eof = true;
      return false;
    }
    r->p = r->raw;
    r->end = r->raw + n;
    return true;
  }
  size_t have = r->rawlen + (size_t)n;
  if (!have) {
    r->eof = true;
    return false;
  }
  char *in = r->raw, *out = r->conv;
  size_t inleft = have, outleft = 2 * CHUNK;
  size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);
  if (rc == (size_t)-1 && (errno == EILSEQ || (errno == EINVAL && !n))) {
    int64_t line = r->line;
    for (const char *c = r->conv; c < out; c++)
      line += *c == '\n';
    r->fail = gk__fail(r->err, GK_E_ARG, line, 0, -1,
                       "%s:%lld：既不是 UTF-8 也不是 GB18030 文本",
                       "%s:%lld: neither UTF-8 nor GB18030 text", r->name,
                       (long long)line);
    return false;
  }
  memmove(r->raw, in, inleft); /* an incomplete sequence waits */
  r->rawlen = inleft;
  r->p = r->conv;
  r->end = out;
  if (r->p == r->end)
    return refill(r); /* only a partial sequence so far: read on */
  return true;
}

/* The next byte without taking it, -1 at the end (or on failure). */
static inline int peek(reader *r) {
  if (r->p == r->end && !refill(r))
    return -1;
  return (unsigned char)*r->p;
}

static int record_fail(reader *r, const record *rec, gk_status st,
                       gk_error *err) {
  if (st == GK_E_TOO_LARGE)
    gk__fail(err, GK_E_TOO_LARGE, rec->line, 0, -1,
             "%s:%lld：一条记录超过 %zu 字节的上限",
             "%s:%lld: a record longer than the limit of %zu bytes", r->name,
             (long long)rec->line, rec->buf.max);
  else
    gk__fail(err, GK_E_NOMEM, rec->line, 0, -1, "内存不足", "out of memory");
  return -1;
}

/* Reads one record; returns 1 on a record, 0 at the end, <0 on error
 * (status in err). Linear: every byte is looked at once. */
static int read_record(reader *r, record *rec, gk_error *err) {
  if (peek(r) < 0)
    return r->fail ? -1 : 0;
  gk__buf_reset(&rec->buf);
  rec->n = 0;
  rec->line = r->line;
  for (;;) {
    if (rec->n == MAX_FIELDS) {
      gk__fail(err, GK_E_ARG, r->line, 0, -1, "%s:%lld：字段超过 %d 个",
               "%s:%lld: more than %d fields", r->name, (long long)r->line,
               MAX_FIELDS);
      return -1;
    }
    size_t start = rec->buf.len;
    gk_status st = GK_OK;
    if (peek(r) == '"') {
      r->p++;
      for (;;) {
        if (r->p == r->end && !refill(r)) {
          if (r->fail)
            return -1;
          gk__fail(err, GK_E_ARG, rec->line, (int64_t)rec->n + 1, -1,
                   "%s:%lld:%zu：引号没有结束",
                   "%s:%lld:%zu: unterminated quote", r->name,
                   (long long)rec->line, rec->n + 1);
          return -1;
        }
        const char *q = memchr(r->p, '"', (size_t)(r->end - r->p));
        const char *stop = q ? q : r->end;
        for (const char *c = r->p; c < stop; c++)
          r->line += *c == '\n';
        st = gk__buf_add(&rec->buf, r->p, (size_t)(stop - r->p));
        if (st)
          return record_fail(r, rec, st, err);
        r->p = stop;
        if (!q)
          continue;
        r->p++; /* the quote */
        if (peek(r) == '"') {
          st = gk__buf_addc(&rec->buf, '"');
          if (st)
            return record_fail(r, rec, st, err);
          r->p++;
          continue;
        }
        break;
      }
      int c = peek(r);
      if (c >= 0 && c != ',' && c != '\n' && c != '\r') {
        gk__fail(err, GK_E_ARG, r->line, (int64_t)rec->n + 1, -1,
                 "%s:%lld:%zu：第 %zu 列引号后有多余字符",
                 "%s:%lld:%zu: column %zu: text after the closing quote",
                 r->name, (long long)r->line, rec->n + 1, rec->n + 1);
        return -1;
      }
    } else {
      while (peek(r) >= 0) {
        const char *c = r->p;
        while (c < r->end && *c != ',' && *c != '\n' && *c != '\r' && *c != '"')
          c++;
        st = gk__buf_add(&rec->buf, r->p, (size_t)(c - r->p));
        if (st)
          return record_fail(r, rec, st, err);
        r->p = c;
        if (c == r->end)
          continue;
        if (*c == '"') {
          gk__fail(err, GK_E_ARG, r->line, (int64_t)rec->n + 1, -1,
                   "%s:%lld:%zu：第 %zu 列有未加引号的双引号",
                   "%s:%lld:%zu: column %zu: a quote in an unquoted field",
                   r->name, (long long)r->line, rec->n + 1, rec->n + 1);
          return -1;
        }
        break;
      }
      if (r->fail)
        return -1;
    }
    st = gk__buf_addc(&rec->buf, '\0');
    if (st)
      return record_fail(r, rec, st, err);
    rec->off[rec->n] = start;
    rec->len[rec->n] = rec->buf.len - start - 1;
    rec->n++;
    int c = peek(r);
    if (c == ',') {
      r->p++;
      continue;
    }
    if (c == '\r') {
      r->p++;
      c = peek(r);
    }
    if (c == '\n')
      r->p++;
    if (r->fail)
      return -1;
    r->line++;
    return 1;
  }
}

static const char *field(const record *rec, int idx, size_t *len) {
  if (idx < 0 || (size_t)idx >= rec->n) {
    *len = 0;
    return "";
  }
  *len = rec->len[idx];
  return rec->buf.data + rec->off[idx];
}

typedef struct import_ctx {
  gk_ledger *led;
  const char *name;
  int map[NCOLS];            /* field index of each column, -1 if absent */
  char key[GK__KEY_MAX + 1]; /* the row's normalised applicant_key */
} import_ctx;

/* A bad cell: "FILE:LINE:COL: column NAME: what ('value')". */
static gk_status bad(const import_ctx *c, const record *rec, int col,
                     const char *zh, const char *en, gk_error *err) {
  size_t len;
  const char *v = field(rec, c->map[col], &len);
  char ex[64];
  gk__excerpt(ex, sizeof(ex), v, len, 40);
  int64_t column = c->map[col] >= 0 ? c->map[col] + 1 : 0;
  return gk__fail(err, GK_E_ARG, rec->line, column, -1,
                  "%s:%lld:%lld：%s 列：%s%.0s（'%s'）",
                  "%s:%lld:%lld: column %s: %.0s%s ('%s')", c->name,
                  (long long)rec->line, (long long)column, cols[col].name, zh,
                  en, ex);
}

/* Maps the header's names onto the columns. */
static gk_status read_header(import_ctx *c, const record *rec, gk_error *err) {
  for (int k = 0; k < NCOLS; k++)
    c->map[k] = -1;
  for (size_t i = 0; i < rec->n; i++) {
    size_t len;
    const char *name = field(rec, (int)i, &len);
    if (i == 0 && len >= 3 && memcmp(name, "\xEF\xBB\xBF", 3) == 0) {
      name += 3; /* a BOM, as spreadsheets write it */
      len -= 3;
    }
    int k = 0;
    while (k < NCOLS && !(strlen(cols[k].name) == len &&
                          memcmp(cols[k].name, name, len) == 0))
      k++;
    char ex[64];
    gk__excerpt(ex, sizeof(ex), name, len, 40);
    if (k == NCOLS)
      return gk__fail(err, GK_E_ARG, rec->line, (int64_t)i + 1, -1,
                      "%s:%lld:%zu：列名 '%s' 未知（见 docs/ledger.md）",
                      "%s:%lld:%zu: unknown column name '%s' (see "
                      "docs/ledger.md)",
                      c->name, (long long)rec->line, i + 1, ex);
    if (c->map[k] >= 0)
      return gk__fail(err, GK_E_ARG, rec->line, (int64_t)i + 1, -1,
                      "%s:%lld:%zu：列 %s 出现两次",
                      "%s:%lld:%zu: column %s appears twice", c->name,
                      (long long)rec->line, i + 1, cols[k].name);
    c->map[k] = (int)i;
  }
  for (int k = 0; k < NCOLS; k++)
    if (cols[k].need && c->map[k] < 0)
      return gk__fail(err, GK_E_ARG, rec->line, 0, -1, "%s:%lld：表头缺少列 %s",
                      "%s:%lld: the header lacks column %s", c->name,
                      (long long)rec->line, cols[k].name);
  return GK_OK;
}

/* A text field: NULL when empty; must be UTF-8. */
static gk_status text_col(const import_ctx *c, const record *rec, int col,
                          char **out, gk_error *err) {
  size_t len;
  const char *v = field(rec, c->map[col], &len);
  if (len && !gk__utf8_valid(v, len))
    return bad(c, rec, col, "不是 UTF-8 文本", "not UTF-8 text", err);
  /* a NUL would cut the field short, ESC and the like reach terminals
   * (issue 15 point 9) */
  if (gk__text_control(v, len) >= 0)
    return bad(c, rec, col, "含有控制字符", "holds a control character", err);
  gk__csv_unguard(&v, &len); /* the export's formula guard */
  *out = len ? (char *)v : NULL;
  return GK_OK;
}

static gk_status date_col(const import_ctx *c, const record *rec, int col,
                          bool need, int32_t *out, gk_error *err) {
  size_t len;
  const char *v = field(rec, c->map[col], &len);
  *out = 0;
  if (!len)
    return need ? bad(c, rec, col, "缺少日期", "the date is missing", err)
                : GK_OK;
  if (!gk__iso_parse(v, len, out))
    return bad(c, rec, col, "日期应为 YYYY-MM-DD", "a date must be YYYY-MM-DD",
               err);
  return GK_OK;
}

/* A small count (extended, corrections): digits, at most 2. */
static gk_status count_col(const import_ctx *c, const record *rec, int col,
                           int *out, gk_error *err) {
  size_t len;
  const char *v = field(rec, c->map[col], &len);
  *out = 0;
  for (size_t i = 0; i < len; i++)
    if (v[i] < '0' || v[i] > '9' || len > 2)
      return bad(c, rec, col, "应为 0 到 20 的整数",
                 "must be a whole number 0 to 20", err);
  for (size_t i = 0; i < len; i++)
    *out = *out * 10 + (v[i] - '0');
  return GK_OK;
}

/* Turns one record into an application: its fields, then the rules of
 * the state machine a history-less row can be held to. */
static gk_status row_app(import_ctx *c, const record *rec, gk_app *a,
                         int32_t today, gk_error *err) {
  memset(a, 0, sizeof(*a));
  gk_status rc;
  if ((rc = text_col(c, rec, C_REF, &a->ref, err)))
    return rc;
  if (!a->ref)
    return bad(c, rec, C_REF, "缺少申请编号", "the reference is missing", err);
  if ((rc = text_col(c, rec, C_TYPE, &a->applicant_type, err)))
    return rc;
  if (!gk__app_applicant_type_valid(a->applicant_type))
    return bad(c, rec, C_TYPE,
               "申请人类型应为 natural、business、research、nonprofit、legal "
               "或 other",
               "the applicant type must be natural, business, research, "
               "nonprofit, legal or other",
               err);
  if ((rc = text_col(c, rec, C_NAME, &a->applicant_name, err)) ||
      (rc = text_col(c, rec, C_CONTACT, &a->contact, err)) ||
      (rc = text_col(c, rec, C_DESC, &a->description, err)) ||
      (rc = text_col(c, rec, C_BASIS, &a->basis, err)) ||
      (rc = text_col(c, rec, C_CHANNEL, &a->channel, err)) ||
      (rc = text_col(c, rec, C_STATE, &a->state, err)) ||
      (rc = text_col(c, rec, C_OUTCOME, &a->outcome, err)) ||
      (rc = text_col(c, rec, C_VOID_REASON, &a->void_reason, err)))
    return rc;
  char *key = NULL;
  if ((rc = text_col(c, rec, C_KEY, &key, err)))
    return rc;
  gk_error ke;
  ke.code = GK_OK; /* per row: gk__fail fills the rest (a whole clear is
                      half a KiB of memset a row) */
  if (gk__app_applicant_key(key, c->key, &ke))
    return bad(c, rec, C_KEY, ke.message, ke.message_en, err);
  a->applicant_key = c->key[0] ? c->key : NULL;
  if (gk__app_channel_index(a->channel) < 0)
    return bad(c, rec, C_CHANNEL,
               "渠道应为 in_person、registered_mail、ordinary_mail、online "
               "或 fax",
               "the channel must be in_person, registered_mail, "
               "ordinary_mail, online or fax",
               err);
  if ((rc = date_col(c, rec, C_ARRIVED, false, &a->arrived_on, err)) ||
      (rc = date_col(c, rec, C_RECEIVED, true, &a->received_on, err)) ||
      (rc = date_col(c, rec, C_CLOSED, false, &a->closed_on, err)) ||
      (rc = date_col(c, rec, C_DUE, false, &a->due_on, err)) ||
      (rc = date_col(c, rec, C_VOIDED, false, &a->voided_on, err)) ||
      (rc = date_col(c, rec, C_PERIOD, false, &a->period_from, err)) ||
      (rc = count_col(c, rec, C_EXTENDED, &a->extended, err)) ||
      (rc = count_col(c, rec, C_CORRECTIONS, &a->corrections, err)))
    return rc;
  if (a->arrived_on && a->received_on < a->arrived_on)
    return bad(c, rec, C_RECEIVED, "收到申请之日早于到达之日",
               "the day of receipt is before the arrival", err);
  if (a->received_on > today)
    return bad(c, rec, C_RECEIVED, "收到申请之日在将来",
               "the day of receipt is in the future", err);
  if (!a->voided_on != !a->void_reason)
    return bad(c, rec, a->voided_on ? C_VOID_REASON : C_VOIDED,
               "作废日期和理由须同时给出", "a void needs its day and reason",
               err);
  if (a->voided_on && (a->voided_on < a->received_on || a->voided_on > today))
    return bad(c, rec, C_VOIDED, "作废日期应在收到之日与今天之间",
               "the void must be between receipt and today", err);
  if (a->closed_on && (a->closed_on < a->received_on || a->closed_on > today))
    return bad(c, rec, C_CLOSED, "办结日期应在收到之日与今天之间",
               "the closing date must be between receipt and today", err);
  if (!a->period_from)
    a->period_from = a->received_on;
  /* the state machine's rules (app.c), column by column */
  static const int col_of[] = {
      [GK__F_STATE] = C_STATE,       [GK__F_OUTCOME] = C_OUTCOME,
      [GK__F_CLOSED] = C_CLOSED,     [GK__F_BASIS] = C_BASIS,
      [GK__F_DUE] = C_DUE,           [GK__F_CORRECTIONS] = C_CORRECTIONS,
      [GK__F_EXTENDED] = C_EXTENDED, [GK__F_PERIOD] = C_PERIOD};
  int f = GK__F_STATE;
  gk_error e2;
  e2.code = GK_OK;
  rc = gk__app_check_standing(c->led, a, &f, &e2);
  bool no_close = !a->closed_on && gk__app_state_index(a->state) >= 0 &&
                  !gk__app_state_open(a->state);
  if ((rc == GK_E_ARG && f == GK__F_BASIS && no_close) || (!rc && no_close))
    return bad(c, rec, C_CLOSED, "已办结的申请须有办结日期",
               "a closed application needs its closing date", err);
  if (rc == GK_E_ARG)
    return bad(c, rec, col_of[f], e2.message, e2.message_en, err);
  if (rc)
    *err = e2;
  return rc;
}

/* A read_fn over a buffer in memory. */
typedef struct mem_src {
  const char *p, *end;
} mem_src;

static int64_t mem_read(char *buf, size_t cap, void *ud) {
  mem_src *m = ud;
  size_t n = (size_t)(m->end - m->p);
  if (n > cap)
    n = cap;
  if (n)
    memcpy(buf, m->p, n);
  m->p += n;
  return (int64_t)n;
}

gk_status gk_ledger_import_csv(gk_ledger *led, const char *csv, size_t len,
                               const char *name, int64_t *count,
                               gk_error *err) {
  if (count)
    *count = 0;
  if (!led || (!csv && len))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  mem_src m = {csv, csv + len};
  return gk_ledger_import_csv_stream(led, mem_read, &m, name, NULL, count, err);
}

gk_status gk_ledger_import_csv_stream(gk_ledger *led, gk_read_fn read,
                                      void *read_ud, const char *name,
                                      const gk_import_opts *opts,
                                      int64_t *count, gk_error *err) {
  if (count)
    *count = 0;
  if (!led || !read)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  if (opts) {
    gk_status bad = gk__opts_version(opts->version, GK_IMPORT_OPTS_VERSION,
                                     "gk_import_opts", "opts", err);
    if (bad)
      return bad;
  }
  gk_error local; /* the reader reports its status through an error */
  if (!err) {
    gk_error_clear(&local);
    err = &local;
  }
  import_ctx c;
  c.led = led;
  c.name = name ? name : "-";
  reader r;
  memset(&r, 0, sizeof(r));
  r.read = read;
  r.ud = read_ud;
  r.cd = (iconv_t)-1;
  r.line = 1;
  r.name = c.name;
  r.err = err;
  r.alloc = &led->alloc;
  r.max_total = opts && opts->max_input_bytes > 0 ? opts->max_input_bytes
                                                  : DEFAULT_MAX_INPUT;
  r.raw = gk__malloc(&led->alloc, CHUNK);
  record rec;
  memset(&rec, 0, sizeof(rec));
  gk__buf_init(&rec.buf, &led->alloc,
               opts && opts->max_record_bytes ? opts->max_record_bytes
                                              : GK_DEFAULT_MAX_LINE);
  if (!r.raw) {
    gk__buf_free(&rec.buf);
    return gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  }
  int32_t today = gk__today(led);
  int64_t n = 0, nbad = 0;
  bool importing = false;
  int got = read_record(&r, &rec, err);
  gk_status rc = GK_OK;
  if (got <= 0) {
    rc = got < 0 ? err->code
                 : gk__fail(err, GK_E_EMPTY, 0, 0, -1, "%s：没有表头",
                            "%s: no header", c.name);
    goto out;
  }
  rc = read_header(&c, &rec, err);
  if (rc)
    goto out;
  rc = gk__store_import_begin(led->store, led->actor,
                              opts && opts->version >= 2 ? opts->batch_rows : 0,
                              err);
  importing = true;
  /* Every bad row is reported (to opts->on_error; 'err' keeps the first),
   * and the rows after it are still checked and inserted (hidden), so a
   * duplicate reference further down is found too; they are removed at
   * the end. A failure that is not a row's (I/O, memory, the
   * database, a record too long to read) stops at once. */
  while (!rc && (got = read_record(&r, &rec, err)) > 0) {
    if (rec.n == 1 && rec.len[0] == 0)
      continue; /* a blank line */
    gk_app a;
    gk_error e1;
    e1.code = GK_OK;
    gk_status row = row_app(&c, &rec, &a, today, &e1);
    if (!row) {
      row = gk__store_import_row(led->store, &a, &e1);
      if (row == GK_E_ARG) {
        e1.code = GK_OK;
        row = bad(&c, &rec, C_REF, "编号重复", "duplicate reference", &e1);
      }
    }
    if (row == GK_E_ARG) {
      if (!nbad)
        *err = e1;
      if (opts && opts->on_error && nbad < MAX_REPORTED)
        opts->on_error(&e1, opts->ud);
      nbad++;
    } else if (row) {
      *err = e1;
      rc = row;
    }
    n++;
  }
  if (!rc && got < 0)
    rc = err->code;
  if (!rc && nbad) {
    if (opts && opts->on_error && nbad > MAX_REPORTED) {
      gk_error more;
      gk_error_clear(&more);
      gk__fail(&more, GK_E_ARG, 0, 0, -1, "%s：另有 %lld 行有误，未逐一列出",
               "%s: %lld more bad rows not listed", c.name,
               (long long)(nbad - MAX_REPORTED));
      opts->on_error(&more, opts->ud);
    }
    rc = GK_E_ARG;
  }
  if (!rc)
    rc = gk__store_import_end(led->store, n, err);
  if (!rc) {
    json_t *d = json_pack("{sssI}", "file", c.name, "rows", (json_int_t)n);
    rc = d ? gk__store_audit(led->store, led->actor, "applications", 0,
                             "import", NULL, d, err)
           : gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    json_decref(d);
  }
  if (!rc)
    rc = gk__store_commit(led->store, err);
out:
  if (importing)
    gk__store_import_finish(led->store);
  if (r.cd != (iconv_t)-1)
    iconv_close(r.cd);
  gk__free(&led->alloc, r.conv);
  gk__free(&led->alloc, r.raw);
  gk__buf_free(&rec.buf);
  if (!rc && count)
    *count = n;
  return rc;
}

/* === Export === */

typedef struct export_ctx {
  gk__buf line; /* one record */
  gk_write_fn fn;
  void *ud;
  gk_status rc; /* first failure */
} export_ctx;

/* Text goes through gk__csv_field: quoting, and the apostrophe before a
 * cell a spreadsheet would run as a formula (issue 15 point 5; the import
 * drops it again, text_col). */
static void put_field(export_ctx *e, const char *v, bool first) {
  if (!first)
    e->rc |= gk__buf_addc(&e->line, ',');
  if (v)
    e->rc |= gk__csv_field(&e->line, v, strlen(v));
}

static void put_date(export_ctx *e, int32_t d) {
  char s[12];
  if (d)
    gk__iso_format(d, s);
  put_field(e, d ? s : NULL, false);
}

static int export_one(const gk_app *a, void *ud) {
  export_ctx *e = ud;
  gk__buf_reset(&e->line);
  char ext[8];
  snprintf(ext, sizeof(ext), "%d", a->extended);
  /* the order of 'cols' */
  put_field(e, a->ref, true);
  put_field(e, a->applicant_type, false);
  put_field(e, a->applicant_name, false);
  put_field(e, a->contact, false);
  put_field(e, a->channel, false);
  put_date(e, a->arrived_on);
  put_date(e, a->received_on);
  put_field(e, a->description, false);
  put_field(e, a->state, false);
  put_field(e, a->outcome, false);
  put_field(e, a->basis, false);
  put_date(e, a->closed_on);
  put_date(e, a->due_on);
  put_field(e, ext, false);
  put_field(e, a->applicant_key, false);
  put_field(e, a->corrections ? "1" : "0", false);
  put_date(e, a->voided_on);
  put_field(e, a->void_reason, false);
  put_date(e, a->period_from);
  e->rc |= gk__buf_addc(&e->line, '\n');
  if (e->rc)
    return 1;
  if (e->fn(e->line.data, e->line.len, e->ud)) {
    e->rc = GK_E_IO;
    return 1;
  }
  return 0;
}

gk_status gk_ledger_export_csv(gk_ledger *led, gk_write_fn fn, void *ud,
                               gk_error *err) {
  if (!led || !fn)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  export_ctx e;
  memset(&e, 0, sizeof(e));
  gk__buf_init(&e.line, &led->alloc, 0);
  e.fn = fn;
  e.ud = ud;
  for (int k = 0; k < NCOLS; k++)
    put_field(&e, cols[k].name, k == 0);
  e.rc |= gk__buf_addc(&e.line, '\n');
  gk_status rc = GK_OK;
  if (e.rc)
    rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  else if (fn(e.line.data, e.line.len, ud))
    rc = gk__fail(err, GK_E_IO, 0, 0, -1, "无法写出", "cannot write");
  /* one read transaction: a consistent snapshot while others write */
  if (!rc)
    rc = gk__store_begin_read(led->store, err);
  if (!rc) {
    rc = gk__store_app_each(led->store, NULL, NULL, false, 0, export_one, &e,
                            err);
    gk__store_rollback(led->store);
  }
  if (!rc && e.rc == GK_E_IO)
    rc = gk__fail(err, GK_E_IO, 0, 0, -1, "无法写出", "cannot write");
  else if (!rc && e.rc)
    rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  gk__buf_free(&e.line);
  return rc;
}
