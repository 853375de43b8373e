/* csv.c: applications to and from CSV (RFC 4180), for agencies moving from
 * spreadsheets (docs/ledger.md "CSV"). The import is history-less: each row
 * is an application as it stands (open or closed, with its dates and
 * outcome); it runs in one transaction, so a bad row or a crash leaves the
 * ledger as it was. A bad row is reported by line and column. */
#include "store.h"

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
  C_KEY, /* migration 4 (fee): optional, so older files still import */
  NCOLS
};
static const struct {
  const char *name;
  bool need;
} cols[NCOLS] = {
    [C_REF] = {"ref", true},           [C_TYPE] = {"applicant_type", true},
    [C_NAME] = {"applicant_name", false}, [C_CONTACT] = {"contact", false},
    [C_CHANNEL] = {"channel", true},   [C_ARRIVED] = {"arrived_on", false},
    [C_RECEIVED] = {"received_on", true}, [C_DESC] = {"description", false},
    [C_STATE] = {"state", true},       [C_OUTCOME] = {"outcome", false},
    [C_BASIS] = {"basis", false},      [C_CLOSED] = {"closed_on", false},
    [C_DUE] = {"due_on", false},       [C_EXTENDED] = {"extended", false},
    [C_KEY] = {"applicant_key", false},
};

#define MAX_FIELDS 64 /* fields of one record; more is an error */

/* One record: fields point into 'buf' (unquoted copies). */
typedef struct record {
  gk__buf buf;              /* field bytes, each NUL-terminated */
  size_t off[MAX_FIELDS];   /* offset of field i in buf */
  size_t len[MAX_FIELDS];   /* length of field i */
  size_t n;                 /* fields */
  int64_t line;             /* line the record starts on */
} record;

typedef struct reader {
  const char *p, *end; /* input left */
  int64_t line;        /* current line, 1-based */
  const char *name;    /* for messages */
} reader;

/* Reads one record; returns 1 on a record, 0 at the end, <0 on error
 * (status in err). Linear: every byte is looked at once. */
static int read_record(reader *r, record *rec, gk_error *err) {
  if (r->p >= r->end)
    return 0;
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
    if (r->p < r->end && *r->p == '"') {
      r->p++;
      for (;;) {
        if (r->p >= r->end) {
          gk__fail(err, GK_E_ARG, rec->line, (int64_t)rec->n + 1, -1,
                   "%s:%lld：引号没有结束", "%s:%lld: unterminated quote",
                   r->name, (long long)rec->line);
          return -1;
        }
        const char *q = memchr(r->p, '"', (size_t)(r->end - r->p));
        const char *stop = q ? q : r->end;
        for (const char *c = r->p; c < stop; c++)
          r->line += *c == '\n';
        st |= gk__buf_add(&rec->buf, r->p, (size_t)(stop - r->p));
        r->p = stop;
        if (!q)
          continue;
        r->p++; /* the quote */
        if (r->p < r->end && *r->p == '"') {
          st |= gk__buf_addc(&rec->buf, '"');
          r->p++;
          continue;
        }
        break;
      }
      if (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
        gk__fail(err, GK_E_ARG, r->line, (int64_t)rec->n + 1, -1,
                 "%s:%lld：第 %zu 列引号后有多余字符",
                 "%s:%lld: column %zu: text after the closing quote",
                 r->name, (long long)r->line, rec->n + 1);
        return -1;
      }
    } else {
      const char *c = r->p;
      while (c < r->end && *c != ',' && *c != '\n' && *c != '\r')
        c++;
      if (memchr(r->p, '"', (size_t)(c - r->p))) {
        gk__fail(err, GK_E_ARG, r->line, (int64_t)rec->n + 1, -1,
                 "%s:%lld：第 %zu 列有未加引号的双引号",
                 "%s:%lld: column %zu: a quote in an unquoted field", r->name,
                 (long long)r->line, rec->n + 1);
        return -1;
      }
      st |= gk__buf_add(&rec->buf, r->p, (size_t)(c - r->p));
      r->p = c;
    }
    st |= gk__buf_addc(&rec->buf, '\0');
    if (st) {
      gk__fail(err, GK_E_NOMEM, r->line, 0, -1, "内存不足", "out of memory");
      return -1;
    }
    rec->off[rec->n] = start;
    rec->len[rec->n] = rec->buf.len - start - 1;
    rec->n++;
    if (r->p < r->end && *r->p == ',') {
      r->p++;
      continue;
    }
    if (r->p < r->end && *r->p == '\r')
      r->p++;
    if (r->p < r->end && *r->p == '\n')
      r->p++;
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
  int map[NCOLS]; /* field index of each column, -1 if absent */
  char key[GK__KEY_MAX + 1]; /* the row's normalised applicant_key */
} import_ctx;

/* A bad cell: "FILE:LINE: column NAME: what ('value')". */
static gk_status bad(const import_ctx *c, const record *rec, int col,
                     const char *zh, const char *en, gk_error *err) {
  size_t len;
  const char *v = field(rec, c->map[col], &len);
  char ex[64];
  gk__excerpt(ex, sizeof(ex), v, len, 40);
  int64_t column = c->map[col] >= 0 ? c->map[col] + 1 : 0;
  return gk__fail(err, GK_E_ARG, rec->line, column, -1,
                  "%s:%lld：%s 列：%s%.0s（'%s'）",
                  "%s:%lld: column %s: %.0s%s ('%s')", c->name,
                  (long long)rec->line, cols[col].name, zh, en, ex);
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
                      "%s:%lld：第 %zu 列的列名 '%s' 未知（见 docs/ledger.md）",
                      "%s:%lld: column %zu: unknown column name '%s' (see "
                      "docs/ledger.md)",
                      c->name, (long long)rec->line, i + 1, ex);
    if (c->map[k] >= 0)
      return gk__fail(err, GK_E_ARG, rec->line, (int64_t)i + 1, -1,
                      "%s:%lld：列 %s 出现两次",
                      "%s:%lld: column %s appears twice", c->name,
                      (long long)rec->line, cols[k].name);
    c->map[k] = (int)i;
  }
  for (int k = 0; k < NCOLS; k++)
    if (cols[k].need && c->map[k] < 0)
      return gk__fail(err, GK_E_ARG, rec->line, 0, -1,
                      "%s:%lld：表头缺少列 %s",
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

/* Turns one record into an application: every check of the rules that a
 * history-less row can be held to. */
static gk_status row_app(import_ctx *c, const record *rec, gk_app *a,
                         int32_t today, gk_error *err) {
  memset(a, 0, sizeof(*a));
  gk_status rc;
  size_t len;
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
      (rc = text_col(c, rec, C_OUTCOME, &a->outcome, err)))
    return rc;
  char *key = NULL;
  if ((rc = text_col(c, rec, C_KEY, &key, err)))
    return rc;
  gk_error ke;
  gk_error_clear(&ke);
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
      (rc = date_col(c, rec, C_DUE, false, &a->due_on, err)))
    return rc;
  if (a->arrived_on && a->received_on < a->arrived_on)
    return bad(c, rec, C_RECEIVED, "收到申请之日早于到达之日",
               "the day of receipt is before the arrival", err);
  if (a->received_on > today)
    return bad(c, rec, C_RECEIVED, "收到申请之日在将来",
               "the day of receipt is in the future", err);
  const char *ext = field(rec, c->map[C_EXTENDED], &len);
  for (size_t i = 0; i < len; i++)
    if (ext[i] < '0' || ext[i] > '9' || len > 2)
      return bad(c, rec, C_EXTENDED, "延长的工作日数应为 0 到 20",
                 "the extension must be 0 to 20 working days", err);
  for (size_t i = 0; i < len; i++)
    a->extended = a->extended * 10 + (ext[i] - '0');
  if (a->extended > 20)
    return bad(c, rec, C_EXTENDED, "延长的工作日数应为 0 到 20",
               "the extension must be 0 to 20 working days", err);
  int s = gk__app_state_index(a->state);
  if (s < 0)
    return bad(c, rec, C_STATE,
               "状态应为 registered、answered、abandoned 或 withdrawn",
               "the state must be registered, answered, abandoned or "
               "withdrawn",
               err);
  bool open = gk__app_state_open(a->state);
  if (open && strcmp(a->state, gk_app_state_name(0)) != 0)
    return bad(c, rec, C_STATE,
               "暂停中的申请请按 registered 导入，再用 gongkai application "
               "act 记录暂停",
               "import a paused application as registered, then record the "
               "pause with gongkai application act",
               err);
  a->period_from = a->received_on;
  if (open) {
    if (a->outcome)
      return bad(c, rec, C_OUTCOME, "未办结的申请不能有办理结果",
                 "an open application has no outcome", err);
    if (a->closed_on)
      return bad(c, rec, C_CLOSED, "未办结的申请不能有办结日期",
                 "an open application has no closing date", err);
    if (a->due_on)
      return GK_OK;
    gk_error e2;
    gk_error_clear(&e2);
    if (gk__wd_add(c->led, a->received_on, GK_DAYS_REPLY + a->extended,
                   &a->due_on, &e2))
      return bad(c, rec, C_RECEIVED, e2.message, e2.message_en, err);
    return GK_OK;
  }
  if (!a->outcome || !gk__app_outcome_valid(a->outcome))
    return bad(c, rec, C_OUTCOME,
               "已办结的申请须有办理结果：年度报告表三（2021 格式）的行 id",
               "a closed application needs an outcome: a row id of the "
               "report's table 3 (2021 format)",
               err);
  if (!a->closed_on)
    return bad(c, rec, C_CLOSED, "已办结的申请须有办结日期",
               "a closed application needs its closing date", err);
  if (a->closed_on < a->received_on || a->closed_on > today)
    return bad(c, rec, C_CLOSED, "办结日期应在收到之日与今天之间",
               "the closing date must be between receipt and today", err);
  /* abandoned ↔ the two terminations, withdrawn ↔ other.other */
  bool termination = strcmp(a->outcome, "other.no_correction") == 0 ||
                strcmp(a->outcome, "other.no_fee") == 0;
  if (strcmp(a->state, "abandoned") == 0 && !termination)
    return bad(c, rec, C_OUTCOME,
               "abandoned 的结果只能是 other.no_correction 或 other.no_fee",
               "an abandoned application's outcome is other.no_correction "
               "or other.no_fee",
               err);
  if (strcmp(a->state, "answered") == 0 && termination)
    return bad(c, rec, C_STATE,
               "结果 other.no_correction/other.no_fee 的状态应为 abandoned",
               "outcome other.no_correction/other.no_fee means state "
               "abandoned",
               err);
  if (strcmp(a->state, "withdrawn") == 0 &&
      strcmp(a->outcome, "other.other") != 0)
    return bad(c, rec, C_OUTCOME, "withdrawn 的结果只能是 other.other",
               "a withdrawn application's outcome is other.other", err);
  return GK_OK;
}

gk_status gk_ledger_import_csv(gk_ledger *led, const char *csv, size_t len,
                               const char *name, int64_t *count,
                               gk_error *err) {
  if (count)
    *count = 0;
  if (!led || (!csv && len))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  gk_error local; /* the reader reports its status through an error */
  if (!err) {
    gk_error_clear(&local);
    err = &local;
  }
  import_ctx c;
  c.led = led;
  c.name = name ? name : "-";
  reader r = {csv, csv + len, 1, c.name};
  record rec;
  memset(&rec, 0, sizeof(rec));
  gk__buf_init(&rec.buf, &led->alloc, GK_DEFAULT_MAX_LINE);
  int32_t today = gk__today();
  int64_t n = 0;
  int got = read_record(&r, &rec, err);
  gk_status rc = GK_OK;
  if (got <= 0) {
    gk__buf_free(&rec.buf);
    return got < 0 ? err->code
                   : gk__fail(err, GK_E_EMPTY, 0, 0, -1, "%s：没有表头",
                              "%s: no header", c.name);
  }
  rc = read_header(&c, &rec, err);
  if (rc)
    goto out;
  rc = gk__store_import_begin(led->store, err);
  while (!rc && (got = read_record(&r, &rec, err)) > 0) {
    if (rec.n == 1 && rec.len[0] == 0)
      continue; /* a blank line */
    gk_app a;
    rc = row_app(&c, &rec, &a, today, err);
    if (!rc) {
      gk_error e2;
      gk_error_clear(&e2);
      rc = gk__store_import_row(led->store, &a, &e2);
      if (rc == GK_E_ARG)
        rc = bad(&c, &rec, C_REF, "编号重复", "duplicate reference", err);
      else if (rc && !err->code)
        *err = e2;
    }
    n++;
  }
  if (!rc && got < 0)
    rc = err->code;
  if (!rc)
    rc = gk__store_import_end(led->store, err);
  if (!rc) {
    json_t *d = json_pack("{sssI}", "file", c.name, "rows", (json_int_t)n);
    rc = d ? gk__store_audit(led->store, led->actor, "applications", 0,
                             "import", NULL, d, err)
           : gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    json_decref(d);
  }
  if (!rc)
    rc = gk__store_commit(led->store, err);
  gk__store_import_finish(led->store);
out:
  gk__buf_free(&rec.buf);
  if (!rc && count)
    *count = n;
  return rc;
}

/* === Export === */

typedef struct export_ctx {
  gk__buf line;   /* one record */
  gk_write_fn fn;
  void *ud;
  gk_status rc;   /* first failure */
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
