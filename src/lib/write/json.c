/* json.c: a report as one line of JSON (JSON Lines), built with jansson.
 *
 * Shape: spec/report-fields.md "Outputs", machine-checked by
 * spec/report.schema.json (both templates): agency, year, template,
 * period, date, sections, tables (every row and column of the template,
 * dotted row ids as one key), findings. Keys come in that order (jansson
 * keeps insertion order).
 *
 * Numbers: a cell is an int64 scaled by GK_SCALE. Whole values are JSON
 * integers, exact for every int64. Other values are JSON reals printed
 * with 15 significant digits: a decimal of at most 15 significant digits
 * survives the trip to the nearest double and back through "%.15g", so
 * 838200 prints as 83.82, never 83.819999999999993. Scaled values carry
 * at most 4 decimals, hence every non-whole value below 10^11 in
 * magnitude is exact; beyond that (10^15 元 of fees) the last decimals are
 * rounded. tests/unit/test_write.c pins both. */
#include "write.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define REAL_DIGITS 15

/* Value of a scaled number as a JSON number. NULL on OOM. */
static json_t *number(int64_t v) {
  if (v % GK_SCALE == 0)
    return json_integer((json_int_t)(v / GK_SCALE));
  return json_real((double)v / (double)GK_SCALE);
}

/* A JSON string of s[0..len); bytes that are not UTF-8 become U+FFFD so
 * the line stays valid JSON whatever a setter stored. NULL on OOM. */
static json_t *string_n(const gk_report *rep, const char *s, size_t len) {
  if (gk__utf8_valid(s, len))
    return json_stringn(s, len);
  gk__buf b;
  gk__buf_init(&b, &rep->alloc, 0);
  size_t i = 0;
  while (i < len) {
    size_t n;
    uint32_t cp = gk__utf8_decode(s + i, len - i, &n);
    char enc[4];
    size_t m = gk__utf8_encode(cp, enc);
    if (gk__buf_add(&b, enc, m)) {
      gk__buf_free(&b);
      return NULL;
    }
    i += n;
  }
  json_t *j = json_stringn(b.data ? b.data : "", b.len);
  gk__buf_free(&b);
  return j;
}

static json_t *string_or_null(const gk_report *rep, const char *s) {
  return s ? string_n(rep, s, strlen(s)) : json_null();
}

/* YYYYMMDD as "YYYY-MM-DD", or null when unknown or not a calendar-ish
 * date (the pattern of the schema must hold). */
static json_t *date(int32_t ymd) {
  int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
  if (ymd <= 0 || y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
    return json_null();
  char s[16];
  snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
  return json_string(s);
}

/* Sets obj[key] = val, taking 'val' (jansson frees it on failure, and a
 * NULL 'val' from a failed constructor fails here). */
static bool set(json_t *obj, const char *key, json_t *val) {
  return json_object_set_new(obj, key, val) == 0;
}

static json_t *build_period(const gk_report *rep) {
  json_t *p = json_object();
  if (!p)
    return NULL;
  if (!set(p, "from", date(rep->period_from)) ||
      !set(p, "to", date(rep->period_to))) {
    json_decref(p);
    return NULL;
  }
  return p;
}

static json_t *build_sections(const gk_report *rep) {
  json_t *s = json_object();
  if (!s)
    return NULL;
  for (int n = 1; n <= GK_SECTIONS; n++) {
    size_t len;
    const char *text = gk_report_section(rep, n, &len);
    if (!text)
      continue;
    char key[2] = {(char)('0' + n), '\0'};
    if (!set(s, key, string_n(rep, text, len))) {
      json_decref(s);
      return NULL;
    }
  }
  return s;
}

/* tables: {table: {row: {column: value}}}, every cell of the template. */
static json_t *build_tables(const gk_report *rep) {
  const gk_template *tpl = rep->tpl;
  json_t *tables = json_object();
  if (!tables)
    return NULL;
  for (size_t t = 0; t < GK_TABLES; t++) {
    const gk_table_def *td = &tpl->tables[t];
    json_t *rows = json_object();
    if (!set(tables, td->id, rows))
      goto fail;
    for (size_t r = 0; r < td->nrows; r++) {
      const gk_row_def *rd = &td->rows[r];
      json_t *cols = json_object();
      if (!set(rows, rd->id, cols))
        goto fail;
      for (size_t c = 0; c < rd->colset->ncols; c++)
        if (!set(cols, rd->colset->cols[c].id,
                 number(gk__ccell(rep, t, r, c)->value)))
          goto fail;
    }
  }
  return tables;
fail:
  json_decref(tables);
  return NULL;
}

/* The schema wants a string: a finding without text gets "". */
static json_t *message(const gk_report *rep, const gk_finding *f,
                       gk_lang lang) {
  const char *m = gk_finding_message(f, lang);
  return m ? string_n(rep, m, strlen(m)) : json_string("");
}

static json_t *build_finding(const gk_report *rep, const gk_finding *f,
                             gk_lang lang) {
  int64_t v;
  json_t *o = json_object();
  if (!o)
    return NULL;
  bool ok = set(o, "rule", json_string(f->rule)) &&
            set(o, "severity",
                json_string(f->sev == GK_SEV_ERROR ? "error" : "warning")) &&
            set(o, "table", string_or_null(rep, f->table)) &&
            set(o, "row", string_or_null(rep, f->row)) &&
            set(o, "column", string_or_null(rep, f->col)) &&
            set(o, "reported",
                gk_finding_reported(f, &v) ? number(v) : json_null()) &&
            set(o, "expected",
                gk_finding_expected(f, &v) ? number(v) : json_null()) &&
            set(o, "message", message(rep, f, lang));
  if (!ok) {
    json_decref(o);
    return NULL;
  }
  return o;
}

static json_t *build_findings(const gk_report *rep, gk_lang lang) {
  json_t *a = json_array();
  if (!a)
    return NULL;
  for (size_t i = 0; i < rep->nfindings; i++)
    if (json_array_append_new(a, build_finding(rep, &rep->findings[i], lang))) {
      json_decref(a);
      return NULL;
    }
  return a;
}

static json_t *build_report(const gk_report *rep, gk_lang lang) {
  json_t *o = json_object();
  if (!o)
    return NULL;
  bool ok = set(o, "agency", string_or_null(rep, rep->agency)) &&
            set(o, "year", rep->year ? json_integer(rep->year) : json_null()) &&
            set(o, "template", json_string(rep->tpl->name)) &&
            set(o, "period", build_period(rep)) &&
            set(o, "date", date(rep->date)) &&
            set(o, "sections", build_sections(rep)) &&
            set(o, "tables", build_tables(rep)) &&
            set(o, "findings", build_findings(rep, lang));
  if (!ok) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* jansson's dump callback: forwards to the caller's sink and remembers a
 * refusal so it is told apart from jansson's own failure (OOM). */
struct sink {
  gk_write_fn fn; /* caller's output */
  void *ud;       /* its user data */
  bool refused;   /* fn returned non-zero */
};

static int dump_cb(const char *buffer, size_t size, void *data) {
  struct sink *s = data;
  if (s->fn(buffer, size, s->ud) != 0) {
    s->refused = true;
    return -1;
  }
  return 0;
}

gk_status gk_write_json(const gk_report *rep, gk_lang lang, gk_write_fn fn,
                        void *ud, gk_error *err) {
  gk_status st = gk__write_args(rep, fn, err);
  if (st)
    return st;
  json_t *root = build_report(rep, lang);
  if (!root)
    return gk__write_nomem(err);
  struct sink s = {fn, ud, false};
  int rc = json_dump_callback(root, dump_cb, &s,
                              JSON_COMPACT | JSON_REAL_PRECISION(REAL_DIGITS));
  json_decref(root);
  if (rc != 0 && s.refused)
    return gk__write_refused(err);
  if (rc != 0)
    return gk__write_nomem(err);
  return gk__write_out(fn, ud, "\n", 1, err);
}
