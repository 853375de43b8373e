/* json.c: a report as one line of JSON (JSON Lines).
 *
 * Shape: spec/report-fields.md "Outputs", machine-checked by
 * spec/report.schema.json (both templates): agency, year, template,
 * period, date, sections, tables (every row and column of the template,
 * dotted row ids as one key), findings, in that order.
 *
 * The line is written straight into one buffer and handed to the sink in
 * one call. It is byte for byte what jansson's json_dump_callback made of
 * the same tree with JSON_COMPACT | JSON_REAL_PRECISION(15) (this file
 * built that tree until building it cost twice the reading and checking):
 * strings escape '"', '\\' and control characters only (\b \f \n \r \t,
 * else \u00XX in upper-case hex), UTF-8 passes through, and a string that
 * is not valid UTF-8 gets U+FFFD for each bad byte so the line stays valid.
 * tests/unit/test_write.c re-dumps every line through jansson and wants
 * the same bytes.
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

#include <stdio.h>
#include <string.h>

#define REAL_DIGITS 15

/* The line under construction; 'st' keeps the first failure so the
 * builders below need not test every append. */
typedef struct out {
  gk__buf b;    /* the line */
  gk_status st; /* GK_OK until an append fails */
} out;

static void add(out *o, const char *p, size_t n) {
  if (!o->st)
    o->st = gk__buf_add(&o->b, p, n);
}

static void adds(out *o, const char *s) { add(o, s, strlen(s)); }

/* A real as jansson prints it: "%.15g", then ".0" when that reads as an
 * integer, and the exponent without '+' or leading zeros. */
static void real(out *o, double d) {
  char s[64];
  int n = snprintf(s, sizeof(s), "%.*g", REAL_DIGITS, d);
  if (n < 0 || (size_t)n >= sizeof(s) - 3) {
    o->st = o->st ? o->st : GK_E_NOMEM;
    return;
  }
  size_t len = (size_t)n;
  if (!strchr(s, '.') && !strchr(s, 'e')) {
    memcpy(s + len, ".0", 3);
    len += 2;
  }
  char *e = strchr(s, 'e');
  if (e) {
    char *from = e + 1, *to = e + 1;
    if (*from == '-')
      from = to = from + 1;
    else if (*from == '+')
      from++;
    while (*from == '0' && from[1])
      from++;
    size_t tail = len - (size_t)(from - s);
    memmove(to, from, tail + 1);
    len = (size_t)(to - s) + tail;
  }
  add(o, s, len);
}

/* A scaled number: an integer when whole, else a real. */
static void number(out *o, int64_t v) {
  if (v % GK_SCALE == 0) {
    char s[24];
    add(o, s, gk__fmt_i64(s, v / GK_SCALE));
    return;
  }
  real(o, (double)v / (double)GK_SCALE);
}

static void integer(out *o, int64_t v) {
  char s[24];
  add(o, s, gk__fmt_i64(s, v));
}

/* s[0..len) as a JSON string, valid UTF-8 (callers make sure). Runs of
 * bytes that need no escape are copied at once. */
static void string_valid(out *o, const char *s, size_t len) {
  static const char hex[] = "0123456789ABCDEF";
  add(o, "\"", 1);
  size_t from = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\')
      continue;
    add(o, s + from, i - from);
    from = i + 1;
    char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
    switch (c) {
    case '"':
    case '\\':
      e[1] = (char)c;
      add(o, e, 2);
      break;
    case '\b':
      add(o, "\\b", 2);
      break;
    case '\f':
      add(o, "\\f", 2);
      break;
    case '\n':
      add(o, "\\n", 2);
      break;
    case '\r':
      add(o, "\\r", 2);
      break;
    case '\t':
      add(o, "\\t", 2);
      break;
    default:
      add(o, e, 6);
    }
  }
  add(o, s + from, len - from);
  add(o, "\"", 1);
}

/* A JSON string of s[0..len); bytes that are not UTF-8 become U+FFFD so
 * the line stays valid JSON whatever a setter stored. */
static void string_n(out *o, const gk_report *rep, const char *s,
                     size_t len) {
  if (gk__utf8_valid(s, len)) {
    string_valid(o, s, len);
    return;
  }
  gk__buf b;
  gk__buf_init(&b, &rep->alloc, 0);
  gk_status st = GK_OK;
  for (size_t i = 0; i < len && !st;) {
    size_t n;
    uint32_t cp = gk__utf8_decode(s + i, len - i, &n);
    char enc[4];
    st = gk__buf_add(&b, enc, gk__utf8_encode(cp, enc));
    i += n;
  }
  if (st)
    o->st = o->st ? o->st : st;
  else
    string_valid(o, b.data ? b.data : "", b.len);
  gk__buf_free(&b);
}

static void string_or_null(out *o, const gk_report *rep, const char *s) {
  if (s)
    string_n(o, rep, s, strlen(s));
  else
    adds(o, "null");
}

/* '"key":' for a key the library wrote (ids: ASCII, nothing to escape;
 * string_valid would copy them unchanged). */
static void key(out *o, const char *k) {
  add(o, "\"", 1);
  adds(o, k);
  add(o, "\":", 2);
}

/* YYYYMMDD as "YYYY-MM-DD", or null when unknown or not a calendar-ish
 * date (the pattern of the schema must hold). */
static void date(out *o, int32_t ymd) {
  int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
  if (ymd <= 0 || y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) {
    adds(o, "null");
    return;
  }
  char s[16];
  snprintf(s, sizeof(s), "\"%04d-%02d-%02d\"", y, m, d);
  adds(o, s);
}

static void period(out *o, const gk_report *rep) {
  key(o, "period");
  add(o, "{", 1);
  key(o, "from");
  date(o, rep->period_from);
  add(o, ",", 1);
  key(o, "to");
  date(o, rep->period_to);
  add(o, "}", 1);
}

static void sections(out *o, const gk_report *rep) {
  bool first = true;
  key(o, "sections");
  add(o, "{", 1);
  for (int n = 1; n <= GK_SECTIONS; n++) {
    size_t len;
    const char *text = gk_report_section(rep, n, &len);
    if (!text)
      continue;
    char k[2] = {(char)('0' + n), '\0'};
    if (!first)
      add(o, ",", 1);
    first = false;
    key(o, k);
    string_n(o, rep, text, len);
  }
  add(o, "}", 1);
}

/* tables: {table: {row: {column: value}}}, every cell of the template. */
static void tables(out *o, const gk_report *rep) {
  const gk_template *tpl = rep->tpl;
  key(o, "tables");
  add(o, "{", 1);
  for (size_t t = 0; t < GK_TABLES; t++) {
    const gk_table_def *td = &tpl->tables[t];
    if (t)
      add(o, ",", 1);
    key(o, td->id);
    add(o, "{", 1);
    for (size_t r = 0; r < td->nrows; r++) {
      const gk_row_def *rd = &td->rows[r];
      if (r)
        add(o, ",", 1);
      key(o, rd->id);
      add(o, "{", 1);
      for (size_t c = 0; c < rd->colset->ncols; c++) {
        if (c)
          add(o, ",", 1);
        key(o, rd->colset->cols[c].id);
        number(o, gk__ccell(rep, t, r, c)->value);
      }
      add(o, "}", 1);
    }
    add(o, "}", 1);
  }
  add(o, "}", 1);
}

static void finding(out *o, const gk_report *rep, const gk_finding *f,
                    gk_lang lang) {
  int64_t v;
  key(o, "rule");
  string_or_null(o, rep, f->rule);
  add(o, ",", 1);
  key(o, "severity");
  adds(o, f->sev == GK_SEV_ERROR ? "\"error\"" : "\"warning\"");
  add(o, ",", 1);
  key(o, "table");
  string_or_null(o, rep, f->table);
  add(o, ",", 1);
  key(o, "row");
  string_or_null(o, rep, f->row);
  add(o, ",", 1);
  key(o, "column");
  string_or_null(o, rep, f->col);
  add(o, ",", 1);
  key(o, "reported");
  if (gk_finding_reported(f, &v))
    number(o, v);
  else
    adds(o, "null");
  add(o, ",", 1);
  key(o, "expected");
  if (gk_finding_expected(f, &v))
    number(o, v);
  else
    adds(o, "null");
  add(o, ",", 1);
  /* the schema wants a string: a finding without text gets "" */
  key(o, "message");
  const char *m = gk_finding_message(f, lang);
  string_n(o, rep, m ? m : "", m ? strlen(m) : 0);
}

static void findings(out *o, const gk_report *rep, gk_lang lang) {
  key(o, "findings");
  add(o, "[", 1);
  for (size_t i = 0; i < rep->nfindings; i++) {
    add(o, i ? ",{" : "{", i ? 2 : 1);
    finding(o, rep, &rep->findings[i], lang);
    add(o, "}", 1);
  }
  add(o, "]", 1);
}

gk_status gk_write_json(const gk_report *rep, gk_lang lang, gk_write_fn fn,
                        void *ud, gk_error *err) {
  gk_status st = gk__write_args(rep, fn, err);
  if (st)
    return st;
  out o = {.st = GK_OK};
  gk__buf_init(&o.b, &rep->alloc, 0);
  add(&o, "{", 1);
  key(&o, "agency");
  string_or_null(&o, rep, rep->agency);
  add(&o, ",", 1);
  key(&o, "year");
  if (rep->year)
    integer(&o, rep->year);
  else
    adds(&o, "null");
  add(&o, ",", 1);
  key(&o, "template");
  string_or_null(&o, rep, rep->tpl->name);
  add(&o, ",", 1);
  period(&o, rep);
  add(&o, ",", 1);
  key(&o, "date");
  date(&o, rep->date);
  add(&o, ",", 1);
  sections(&o, rep);
  add(&o, ",", 1);
  tables(&o, rep);
  add(&o, ",", 1);
  findings(&o, rep, lang);
  add(&o, "}\n", 2);
  if (o.st) {
    gk__buf_free(&o.b);
    return gk__write_nomem(err);
  }
  st = gk__write_out(fn, ud, o.b.data, o.b.len, err);
  gk__buf_free(&o.b);
  return st;
}
