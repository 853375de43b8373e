/* calendar.c: the working-day calendar as data (law.md "Working days").
 * Reads holiday notices (国务院办公厅关于XXXX年部分节假日安排的通知) in the
 * line format of docs/calendar.md; data/calendar.txt is compiled in. A day
 * is a working day when a notice says so (调休上班日), or when it is a
 * Monday–Friday no notice gives off (放假日). A year without its annual
 * notice is an error, never a guess. */
#include "deadline.h"

#include <stdlib.h>
#include <string.h>

#define MIN_YEAR 1901 /* a notice may name days of December before */
#define MAX_YEAR 2999
#define MAX_RANGE_DAYS 31 /* longest run of days off one line may give */
#define MAX_FIELD 120     /* bytes of a document number or a name */

struct gk_notice {
  int year;                 /* year arranged */
  int amend;                /* "amend": changes an earlier notice */
  int builtin;              /* compiled in */
  int64_t line;             /* line of its header in the text read */
  char *number;             /* document number, NULL when unknown */
  int32_t issued;           /* 成文日期 YYYYMMDD, 0 when unknown */
  gk_notice_entry *entries; /* in the order written; names owned */
  size_t nentries;          /* used */
  size_t cap;               /* allocated */
  char *text;               /* the notice in canonical line format */
  size_t textlen;           /* its length */
};

/* What one day is, according to the latest notice naming it. */
typedef struct day_mark {
  int32_t day;    /* day number */
  uint32_t order; /* position of the entry among all entries: later wins */
  int work;       /* 1 worked, 0 off */
} day_mark;

struct gk_calendar {
  gk_alloc alloc;      /* copied at creation */
  gk_notice **notices; /* in the order added */
  size_t nnotices;     /* used */
  size_t cap;          /* allocated */
  day_mark *marks;     /* sorted by day, one per day named */
  size_t nmarks;       /* used */
  unsigned char covered[(MAX_YEAR + 1 + 7) / 8]; /* years with a notice */
  int first;       /* first covered year, 0 if none */
  int last;        /* last covered year, 0 if none */
  int provisional; /* count a year without notice by the statutory
                      holidays (statutory.c) instead of failing */
};

/* === Notices === */

static void notice_free(const gk_alloc *a, gk_notice *n) {
  if (!n)
    return;
  for (size_t i = 0; i < n->nentries; i++)
    gk__free(a, (char *)n->entries[i].name);
  gk__free(a, n->entries);
  gk__free(a, n->number);
  gk__free(a, n->text);
  gk__free(a, n);
}

static int year_covered(const gk_calendar *cal, int y) {
  if (y < MIN_YEAR || y > MAX_YEAR)
    return 0;
  return (cal->covered[y / 8] >> (y % 8)) & 1;
}

/* The notice in canonical form: what gk_notice_text gives back. */
static gk_status notice_render(const gk_alloc *a, gk_notice *n) {
  gk__buf b;
  char d1[11], d2[11];
  gk_status st;
  gk__buf_init(&b, a, 0);
  gk_date_format(n->issued, d1);
  st = gk__buf_printf(&b, "%s %d %s %s\n", n->amend ? "amend" : "notice",
                      n->year, n->number ? n->number : "?",
                      n->issued ? d1 : "?");
  for (size_t i = 0; !st && i < n->nentries; i++) {
    const gk_notice_entry *e = &n->entries[i];
    gk_date_format(e->from, d1);
    gk_date_format(e->to, d2);
    st =
        gk__buf_printf(&b, "%s %s%s%s%s%s\n", e->work ? "work" : "off", d1,
                       e->to != e->from ? ".." : "", e->to != e->from ? d2 : "",
                       e->name[0] ? " " : "", e->name);
  }
  if (st) {
    gk__buf_free(&b);
    return st;
  }
  n->text = gk__buf_detach(&b, &n->textlen);
  return GK_OK;
}

/* === Parsing the line format === */

typedef struct parser {
  const gk_alloc *a; /* the calendar's allocator */
  const char *s;     /* text */
  size_t len;        /* its length */
  size_t lstart;     /* offset of the current line */
  int64_t line;      /* 1-based number of the current line */
  int builtin;       /* notices read are built-in */
  gk_notice **out;   /* notices read, in order */
  size_t nout;       /* used */
  size_t cap;        /* allocated */
  gk_error *err;     /* where failures go */
} parser;

/* One whitespace-separated token of the line. */
typedef struct token {
  const char *p; /* start */
  size_t n;      /* length */
} token;

static gk_status fail_at(parser *ps, const char *at, const char *zh,
                         const char *en, const char *what) {
  size_t off = (size_t)(at - ps->s);
  char shown[80];
  gk__excerpt(shown, sizeof(shown), what, strlen(what), 60);
  return gk__fail(ps->err, GK_E_ARG, ps->line, (int64_t)(off - ps->lstart) + 1,
                  (int64_t)off, zh, en, shown);
}

static gk_status fail_tok(parser *ps, token t, const char *zh, const char *en) {
  char shown[80];
  gk__excerpt(shown, sizeof(shown), t.p, t.n, 60);
  return fail_at(ps, t.p, zh, en, shown);
}

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* Next token of [*p, end); n == 0 at the end of the line. */
static token next_token(const char **p, const char *end) {
  token t;
  while (*p < end && is_space(**p))
    (*p)++;
  t.p = *p;
  while (*p < end && !is_space(**p))
    (*p)++;
  t.n = (size_t)(*p - t.p);
  return t;
}

static gk_status parse_date(parser *ps, token t, int32_t *out) {
  gk_error e;
  gk_error_clear(&e);
  if (gk_date_parse(t.p, t.n, out, &e))
    return fail_tok(ps, t, "日期“%s”无效（应为存在的 YYYY-MM-DD）",
                    "invalid date '%s' (expected an existing YYYY-MM-DD)");
  return GK_OK;
}

static gk_status parse_header(parser *ps, int amend, const char *p,
                              const char *end) {
  token ty = next_token(&p, end), tn = next_token(&p, end);
  token ti = next_token(&p, end), extra = next_token(&p, end);
  int y = 0;
  if (!ty.n || !tn.n || !ti.n)
    return fail_at(ps, ty.p, "“%s”行应为：关键字 年份 文号 成文日期",
                   "a '%s' line is: KEYWORD YEAR NUMBER ISSUED",
                   amend ? "amend" : "notice");
  if (extra.n)
    return fail_tok(ps, extra, "多余的内容“%s”", "unexpected '%s'");
  for (size_t i = 0; i < ty.n; i++) {
    if (ty.p[i] < '0' || ty.p[i] > '9' || ty.n != 4) {
      y = -1;
      break;
    }
    y = y * 10 + (ty.p[i] - '0');
  }
  if (y < MIN_YEAR || y > MAX_YEAR)
    return fail_tok(ps, ty, "年份“%s”无效", "invalid year '%s'");
  if (tn.n > MAX_FIELD)
    return fail_tok(ps, tn, "文号“%s”过长", "document number '%s' too long");
  gk_notice *n = gk__calloc(ps->a, 1, sizeof(*n));
  if (!n)
    return GK_E_NOMEM;
  n->year = y;
  n->amend = amend;
  n->builtin = ps->builtin;
  n->line = ps->line;
  if (!(tn.n == 1 && tn.p[0] == '?')) {
    n->number = gk__strndup(ps->a, tn.p, tn.n);
    if (!n->number) {
      notice_free(ps->a, n);
      return GK_E_NOMEM;
    }
  }
  if (!(ti.n == 1 && ti.p[0] == '?')) {
    gk_status st = parse_date(ps, ti, &n->issued);
    if (st) {
      notice_free(ps->a, n);
      return st;
    }
  }
  if (gk__grow(ps->a, &ps->out, &ps->cap, ps->nout + 1, sizeof(*ps->out))) {
    notice_free(ps->a, n);
    return GK_E_NOMEM;
  }
  ps->out[ps->nout++] = n;
  return GK_OK;
}

static gk_status parse_entry(parser *ps, int work, token kw, const char *p,
                             const char *end) {
  gk_notice *n = ps->nout ? ps->out[ps->nout - 1] : NULL;
  token td = next_token(&p, end);
  gk_notice_entry e;
  gk_status st;
  if (!n)
    return fail_tok(ps, kw, "“%s”行之前缺少 notice 行",
                    "'%s' line before any notice line");
  if (!td.n)
    return fail_tok(ps, kw, "“%s”行缺少日期", "'%s' line without a date");
  /* FROM or FROM..TO */
  token t1 = td, t2 = td;
  for (size_t i = 0; i + 1 < td.n; i++)
    if (td.p[i] == '.' && td.p[i + 1] == '.') {
      t1.n = i;
      t2.p = td.p + i + 2;
      t2.n = td.n - i - 2;
      break;
    }
  if (work && t1.n != td.n)
    return fail_tok(ps, td, "调休上班日“%s”只能是一天",
                    "a make-up working day '%s' is one day, not a range");
  if ((st = parse_date(ps, t1, &e.from)) || (st = parse_date(ps, t2, &e.to)))
    return st;
  int32_t lo = (n->year - 1) * 10000 + 1201, hi = n->year * 10000 + 1231;
  if (e.from < lo || e.to > hi)
    return fail_tok(ps, td, "日期“%s”不在通知所属年份内（可含上年 12 月）",
                    "date '%s' is outside the notice's year (or the December "
                    "before)");
  if (e.to < e.from ||
      gk__date_to_day(e.to) - gk__date_to_day(e.from) >= MAX_RANGE_DAYS)
    return fail_tok(ps, td, "日期范围“%s”无效（起止颠倒或超过 31 天）",
                    "invalid range '%s' (reversed or longer than 31 days)");
  if (work && gk_date_weekday(e.from) < 6)
    return fail_tok(ps, td, "调休上班日“%s”不是周六或周日",
                    "make-up working day '%s' is not a Saturday or Sunday");
  e.work = work;
  /* within one notice a day is either off or worked */
  for (size_t i = 0; i < n->nentries; i++) {
    const gk_notice_entry *o = &n->entries[i];
    if (o->work != work && e.from <= o->to && o->from <= e.to)
      return fail_tok(ps, td, "日期“%s”在同一通知中既是放假日又是上班日",
                      "date '%s' is both off and worked in the same notice");
  }
  while (p < end && is_space(*p))
    p++;
  size_t nl = (size_t)(end - p);
  while (nl && is_space(p[nl - 1]))
    nl--;
  if (nl > MAX_FIELD) {
    token tname = {p, nl};
    return fail_tok(ps, tname, "名称“%s”过长", "name '%s' too long");
  }
  if (gk__grow(ps->a, &n->entries, &n->cap, n->nentries + 1,
               sizeof(*n->entries)))
    return GK_E_NOMEM;
  e.name = gk__strndup(ps->a, p, nl);
  if (!e.name)
    return GK_E_NOMEM;
  n->entries[n->nentries++] = e;
  return GK_OK;
}

/* A notice is complete: it has entries. */
static gk_status finish_notice(parser *ps) {
  if (!ps->nout)
    return GK_OK;
  gk_notice *n = ps->out[ps->nout - 1];
  if (!n->nentries)
    return gk__fail(ps->err, GK_E_ARG, n->line, 1, -1,
                    "%d 年的通知没有任何 off 或 work 行",
                    "the notice of %d has no off or work line", n->year);
  return notice_render(ps->a, n);
}

static gk_status parse_line(parser *ps, const char *p, const char *end) {
  const char *q = p;
  token kw = next_token(&q, end);
  if (!kw.n || kw.p[0] == '#')
    return GK_OK;
  if (kw.n == 6 && memcmp(kw.p, "notice", 6) == 0) {
    gk_status st = finish_notice(ps);
    return st ? st : parse_header(ps, 0, q, end);
  }
  if (kw.n == 5 && memcmp(kw.p, "amend", 5) == 0) {
    gk_status st = finish_notice(ps);
    return st ? st : parse_header(ps, 1, q, end);
  }
  if (kw.n == 3 && memcmp(kw.p, "off", 3) == 0)
    return parse_entry(ps, 0, kw, q, end);
  if (kw.n == 4 && memcmp(kw.p, "work", 4) == 0)
    return parse_entry(ps, 1, kw, q, end);
  return fail_tok(ps, kw, "未知的行首“%s”（应为 notice、amend、off 或 work）",
                  "unknown line '%s' (expected notice, amend, off or work)");
}

static gk_status parse_text(parser *ps) {
  size_t i = 0;
  if (ps->len >= 3 && memcmp(ps->s, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < ps->len) {
    const char *nl = memchr(ps->s + i, '\n', ps->len - i);
    size_t e = nl ? (size_t)(nl - ps->s) : ps->len;
    size_t le = e;
    if (le > i && ps->s[le - 1] == '\r')
      le--;
    ps->line++;
    ps->lstart = i;
    gk_status st = parse_line(ps, ps->s + i, ps->s + le);
    if (st)
      return st;
    i = e + 1;
  }
  gk_status st = finish_notice(ps);
  if (st)
    return st;
  if (!ps->nout)
    return gk__fail(ps->err, GK_E_ARG, 0, 0, -1, "没有任何通知（notice 行）",
                    "no notice (notice line)");
  return GK_OK;
}

/* === The day table === */

static int mark_cmp(const void *x, const void *y) {
  const day_mark *a = x, *b = y;
  if (a->day != b->day)
    return a->day < b->day ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

/* Rebuilds marks, coverage and the year span from all notices. */
static gk_status rebuild(gk_calendar *cal) {
  size_t total = 0;
  for (size_t i = 0; i < cal->nnotices; i++)
    for (size_t j = 0; j < cal->notices[i]->nentries; j++) {
      const gk_notice_entry *e = &cal->notices[i]->entries[j];
      total += (size_t)(gk__date_to_day(e->to) - gk__date_to_day(e->from)) + 1;
    }
  day_mark *m = gk__calloc(&cal->alloc, total ? total : 1, sizeof(*m));
  if (!m)
    return GK_E_NOMEM;
  size_t k = 0;
  uint32_t order = 0;
  memset(cal->covered, 0, sizeof(cal->covered));
  cal->first = cal->last = 0;
  for (size_t i = 0; i < cal->nnotices; i++) {
    const gk_notice *n = cal->notices[i];
    if (!n->amend) {
      cal->covered[n->year / 8] |= (unsigned char)(1u << (n->year % 8));
      if (!cal->first || n->year < cal->first)
        cal->first = n->year;
      if (n->year > cal->last)
        cal->last = n->year;
    }
    for (size_t j = 0; j < n->nentries; j++, order++) {
      const gk_notice_entry *e = &n->entries[j];
      for (int32_t d = gk__date_to_day(e->from); d <= gk__date_to_day(e->to);
           d++) {
        m[k].day = d;
        m[k].order = order;
        m[k].work = e->work;
        k++;
      }
    }
  }
  qsort(m, k, sizeof(*m), mark_cmp);
  /* keep the last mark of each day: the latest notice wins */
  size_t w = 0;
  for (size_t r = 0; r < k; r++) {
    if (w && m[w - 1].day == m[r].day)
      m[w - 1] = m[r];
    else
      m[w++] = m[r];
  }
  gk__free(&cal->alloc, cal->marks);
  cal->marks = m;
  cal->nmarks = w;
  return GK_OK;
}

/* === Public API === */

gk_status gk_calendar_new_empty(gk_calendar **out, const gk_alloc *alloc) {
  if (!alloc)
    alloc = gk_alloc_default();
  *out = NULL;
  gk_calendar *cal = gk__calloc(alloc, 1, sizeof(*cal));
  if (!cal)
    return GK_E_NOMEM;
  cal->alloc = *alloc;
  *out = cal;
  return GK_OK;
}

void gk_calendar_free(gk_calendar *cal) {
  if (!cal)
    return;
  gk_alloc a = cal->alloc;
  for (size_t i = 0; i < cal->nnotices; i++)
    notice_free(&a, cal->notices[i]);
  gk__free(&a, cal->notices);
  gk__free(&a, cal->marks);
  gk__free(&a, cal);
}

/* Same days: every (from, to, work) of 'a' is in 'b' and the other way
 * round; names, number and date may differ (a notice added by hand before
 * a release carried it, with the number typed differently). */
static int contains_days(const gk_notice *a, const gk_notice *b) {
  for (size_t i = 0; i < a->nentries; i++) {
    const gk_notice_entry *x = &a->entries[i];
    size_t j = 0;
    while (j < b->nentries &&
           (b->entries[j].from != x->from || b->entries[j].to != x->to ||
            b->entries[j].work != x->work))
      j++;
    if (j == b->nentries)
      return 0;
  }
  return 1;
}

static int same_days(const gk_notice *a, const gk_notice *b) {
  return a->year == b->year && a->amend == b->amend && contains_days(a, b) &&
         contains_days(b, a);
}

/* A notice of the same year held by the calendar or kept from the batch:
 * an annual one ('annual') or one giving the same days. */
static const gk_notice *find_same(const gk_calendar *cal, gk_notice **kept,
                                  size_t nkept, const gk_notice *n,
                                  int annual) {
  for (size_t i = 0; i < cal->nnotices + nkept; i++) {
    const gk_notice *o =
        i < cal->nnotices ? cal->notices[i] : kept[i - cal->nnotices];
    if (o->year != n->year)
      continue;
    if (annual ? !o->amend : same_days(o, n))
      return o;
  }
  return NULL;
}

static gk_status add_text(gk_calendar *cal, const char *text, size_t len,
                          int builtin, gk_error *err) {
  parser ps;
  gk_status st;
  memset(&ps, 0, sizeof(ps));
  if (len > GK__CALENDAR_MAX_TEXT)
    return gk__fail(err, GK_E_TOO_LARGE, 0, 0, -1, "放假安排文本超过 1 MiB",
                    "notice text larger than 1 MiB");
  if (memchr(text, '\0', len) || !gk__utf8_valid(text, len))
    return gk__fail(err, GK_E_ENCODING, 0, 0, -1, "放假安排文本不是 UTF-8 文本",
                    "notice text is not UTF-8 text");
  ps.a = &cal->alloc;
  ps.s = text;
  ps.len = len;
  ps.builtin = builtin;
  ps.err = err;
  st = parse_text(&ps);
  /* against what the calendar holds: duplicates are skipped, an annual
   * notice twice is refused, an amendment needs its year. Kept notices
   * move to the front of ps.out; a moved or dropped slot becomes NULL. */
  size_t keep = 0;
  for (size_t i = 0; !st && i < ps.nout; i++) {
    gk_notice *n = ps.out[i];
    ps.out[i] = NULL;
    if (find_same(cal, ps.out, keep, n, 0)) {
      notice_free(ps.a, n);
      continue;
    }
    const gk_notice *o = find_same(cal, ps.out, keep, n, 1);
    if (!n->amend && o)
      st = gk__fail(err, GK_E_ARG, n->line, 1, -1,
                    "日历已有 %d 年的放假安排（%s），与新通知不同",
                    "the calendar already has a different notice for %d (%s)",
                    n->year, o->number ? o->number : "?");
    else if (n->amend && !o)
      st = gk__fail(err, GK_E_ARG, n->line, 1, -1,
                    "修改通知之前缺少 %d 年的放假安排",
                    "amendment without the annual notice of %d", n->year);
    if (st)
      notice_free(ps.a, n);
    else
      ps.out[keep++] = n;
  }
  if (!st && keep)
    st = gk__grow(&cal->alloc, &cal->notices, &cal->cap, cal->nnotices + keep,
                  sizeof(*cal->notices));
  if (!st && keep) {
    memcpy(cal->notices + cal->nnotices, ps.out, keep * sizeof(*ps.out));
    cal->nnotices += keep;
    st = rebuild(cal);
    if (st) /* all or nothing: the old table is still in place */
      cal->nnotices -= keep;
  }
  if (st) {
    for (size_t i = 0; i < ps.nout; i++)
      notice_free(ps.a, ps.out[i]);
  }
  gk__free(ps.a, ps.out);
  if (st == GK_E_NOMEM)
    gk__fail(err, st, 0, 0, -1, "内存不足", "out of memory");
  return st;
}

gk_status gk_calendar_add_notice(gk_calendar *cal, const char *text, size_t len,
                                 gk_error *err) {
  if (!cal || (!text && len))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  return add_text(cal, text ? text : "", len, 0, err);
}

gk_status gk_calendar_new(gk_calendar **out, const gk_alloc *alloc,
                          gk_error *err) {
  gk_calendar *cal;
  *out = NULL;
  gk_status st = gk_calendar_new_empty(&cal, alloc);
  if (st)
    return gk__fail(err, st, 0, 0, -1, "内存不足", "out of memory");
  st = add_text(cal, (const char *)gk__calendar_data, gk__calendar_data_len, 1,
                err);
  if (st) {
    gk_calendar_free(cal);
    return st;
  }
  *out = cal;
  return GK_OK;
}

void gk_calendar_years(const gk_calendar *cal, int *first, int *last) {
  if (first)
    *first = cal ? cal->first : 0;
  if (last)
    *last = cal ? cal->last : 0;
}

int gk_calendar_covers(const gk_calendar *cal, int32_t date) {
  return cal && gk_date_valid(date) && year_covered(cal, GK__DATE_Y(date));
}

void gk_calendar_set_provisional(gk_calendar *cal, int on) {
  if (cal)
    cal->provisional = !!on;
}

int gk_calendar_is_provisional(const gk_calendar *cal, int32_t date) {
  return cal && cal->provisional && gk_date_valid(date) &&
         !year_covered(cal, GK__DATE_Y(date)) &&
         gk__statutory_known(GK__DATE_Y(date));
}

gk_status gk__calendar_workday(const gk_calendar *cal, int32_t day, int *yes,
                               gk_error *err) {
  int32_t date = gk__day_to_date(day);
  int y = GK__DATE_Y(date);
  if (!year_covered(cal, y) && cal->provisional && gk__statutory_known(y)) {
    *yes = gk_date_weekday(date) <= 5 && !gk__statutory_off(date);
    return GK_OK;
  }
  if (!year_covered(cal, y))
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "日历缺少 %d 年的放假安排（国务院办公厅的通知）",
                    "the calendar lacks the holiday arrangement of %d (the "
                    "State Council's notice)",
                    y);
  size_t lo = 0, hi = cal->nmarks;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cal->marks[mid].day < day)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < cal->nmarks && cal->marks[lo].day == day)
    *yes = cal->marks[lo].work;
  else
    *yes = gk_date_weekday(date) <= 5;
  return GK_OK;
}

static gk_status check_date(int32_t date, gk_error *err) {
  if (gk_date_valid(date))
    return GK_OK;
  return gk__fail(err, GK_E_ARG, 0, 0, -1, "日期 %ld 无效", "invalid date %ld",
                  (long)date);
}

gk_status gk_calendar_is_workday(const gk_calendar *cal, int32_t date, int *yes,
                                 gk_error *err) {
  gk_status st = check_date(date, err);
  if (st)
    return st;
  return gk__calendar_workday(cal, gk__date_to_day(date), yes, err);
}

gk_status gk_calendar_count_workdays(const gk_calendar *cal, int32_t from,
                                     int32_t to, int64_t *n, gk_error *err) {
  gk_status st;
  *n = 0;
  if ((st = check_date(from, err)) || (st = check_date(to, err)))
    return st;
  int64_t count = 0;
  for (int32_t d = gk__date_to_day(from) + 1; d <= gk__date_to_day(to); d++) {
    int yes;
    if ((st = gk__calendar_workday(cal, d, &yes, err)))
      return st;
    count += yes;
  }
  *n = count;
  return GK_OK;
}

size_t gk_calendar_notice_count(const gk_calendar *cal) {
  return cal ? cal->nnotices : 0;
}

const gk_notice *gk_calendar_notice_at(const gk_calendar *cal, size_t i) {
  return cal && i < cal->nnotices ? cal->notices[i] : NULL;
}

int gk_notice_year(const gk_notice *n) { return n->year; }
int gk_notice_is_amendment(const gk_notice *n) { return n->amend; }
int gk_notice_is_builtin(const gk_notice *n) { return n->builtin; }
const char *gk_notice_number(const gk_notice *n) { return n->number; }
int32_t gk_notice_issued(const gk_notice *n) { return n->issued; }
size_t gk_notice_entry_count(const gk_notice *n) { return n->nentries; }

gk_status gk_notice_entry_at(const gk_notice *n, size_t j,
                             gk_notice_entry *out) {
  if (!n || j >= n->nentries)
    return GK_E_ARG;
  *out = n->entries[j];
  return GK_OK;
}

const char *gk_notice_text(const gk_notice *n, size_t *len) {
  if (len)
    *len = n->textlen;
  return n->text;
}
