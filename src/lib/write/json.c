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

/* Most appends fit the room already there: copy without a call. */
static void add(out *o, const char *p, size_t n) {
  gk__buf *b = &o->b;
  if (n < b->cap - b->len) {
    memcpy(b->data + b->len, p, n);
    b->len += n;
  } else if (!o->st) {
    o->st = gk__buf_add(b, p, n);
  }
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

/* Length of the UTF-8 sequence at s (lead byte >= 0x80), 0 when
 * gk__utf8_decode would call it invalid (the same tests, inline: this runs
 * on every character of every section). */
static size_t seq_len(const unsigned char *s, size_t rem) {
  unsigned char c = s[0];
  if (c >= 0xe0 && c <= 0xef) {
    if (rem < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
      return 0;
    if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0))
      return 0; /* overlong; a surrogate */
    return 3;
  }
  if (c >= 0xc2 && c <= 0xdf)
    return rem >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
  if (c >= 0xf0 && c <= 0xf4) {
    if (rem < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
        (s[3] & 0xc0) != 0x80)
      return 0;
    if ((c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90))
      return 0; /* overlong; beyond U+10FFFF */
    return 4;
  }
  return 0;
}

/* Writes s[0..len) as a JSON string at the end of the buffer, which has
 * room for the worst case; false (nothing kept) at the first byte that is
 * not UTF-8. */
static bool string_fast(out *o, const char *s, size_t len) {
  static const char hex[] = "0123456789ABCDEF";
  const unsigned char *u = (const unsigned char *)s;
  char *w = o->b.data + o->b.len;
  *w++ = '"';
  for (size_t i = 0; i < len;) {
    unsigned char c = u[i];
    if (c >= 0x80) {
      size_t n = seq_len(u + i, len - i);
      if (!n)
        return false;
      for (size_t k = 0; k < n; k++) /* 2 to 4 bytes: no call */
        w[k] = s[i + k];
      w += n;
      i += n;
      continue;
    }
    i++;
    if (c >= 0x20 && c != '"' && c != '\\') {
      *w++ = (char)c;
      continue;
    }
    *w++ = '\\';
    switch (c) {
    case '"':
    case '\\':
      *w++ = (char)c;
      break;
    case '\b':
      *w++ = 'b';
      break;
    case '\f':
      *w++ = 'f';
      break;
    case '\n':
      *w++ = 'n';
      break;
    case '\r':
      *w++ = 'r';
      break;
    case '\t':
      *w++ = 't';
      break;
    default:
      memcpy(w, "u00", 3);
      w[3] = hex[c >> 4];
      w[4] = hex[c & 15];
      w += 5;
    }
  }
  *w++ = '"';
  o->b.len = (size_t)(w - o->b.data);
  return true;
}

/* Room for s[0..len) as a JSON string: 6 bytes a byte at worst (\u00XX;
 * a bad byte's U+FFFD takes 3), and the quotes. */
static bool room(out *o, size_t len) {
  if (o->st)
    return false;
  if (len > (SIZE_MAX / 2 - 2) / 6) {
    o->st = GK_E_TOO_LARGE;
    return false;
  }
  o->st = gk__buf_reserve(&o->b, len * 6 + 2);
  return !o->st;
}

/* A JSON string of s[0..len); bytes that are not UTF-8 become U+FFFD so
 * the line stays valid JSON whatever a setter stored. */
static void string_n(out *o, const gk_report *rep, const char *s, size_t len) {
  if (!room(o, len) || string_fast(o, s, len))
    return;
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
    o->st = st;
  else if (room(o, b.len))
    string_fast(o, b.data ? b.data : "", b.len); /* valid now */
  gk__buf_free(&b);
}

static void string_or_null(out *o, const gk_report *rep, const char *s) {
  if (s)
    string_n(o, rep, s, strlen(s));
  else
    adds(o, "null");
}

/* '"key":' for a key the library wrote (ids: ASCII, nothing to escape;
 * string_fast would copy them unchanged). */
static void key(out *o, const char *k) {
  add(o, "\"", 1);
  adds(o, k);
  add(o, "\":", 2);
}

/* YYYYMMDD as "YYYY-MM-DD", or null when unknown or not a calendar-ish
 * date (the pattern of the schema must hold). */
static void date(out *o, int32_t ymd) {
  if (!gk_date_valid(ymd)) {
    adds(o, "null");
    return;
  }
  char s[11];
  gk_date_format(ymd, s);
  add(o, "\"", 1);
  add(o, s, 10);
  add(o, "\"", 1);
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
  o.st = gk__buf_reserve(&o.b, 8192); /* a report's line, most of the time */
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
  o.b.data[o.b.len] = '\0'; /* the buffer's invariant, after raw writes */
  st = gk__write_out(fn, ud, o.b.data, o.b.len, err);
  gk__buf_free(&o.b);
  return st;
}
