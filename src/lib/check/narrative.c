/* narrative.c: numbers the text of sections 一 to 三 states, against the
 * tables (条例 第五十条: the report's content must be accurate; official
 * guidance criticises texts that contradict their own tables).
 *
 * A small table of patterns finds statements such as "收到政府信息公开申请3件"
 * or "未收到依申请公开事件". A statement counts only when it is unambiguous:
 * the number follows the keyword (or its noun) within a few characters of
 * filler ("共", "计", "："), its unit follows the number, the clause names no
 * other year and no comparison (上年, 同比), and every statement of one
 * target agrees. When in doubt the rule stays silent: a warning must be
 * worth reading. */
#include "check.h"

#include <stdio.h>
#include <string.h>

/* What a statement is about. */
enum target {
  TGT_APPLY_NEW = 0,   /* applications received: apply new.total */
  TGT_RECONSIDERATION, /* review rows named like the keyword */
  TGT_LITIGATION,      /* review rows whose group is the keyword */
  TGT_PROACTIVE,       /* items published: the local 发布总数量 line */
  TGT_COUNT
};

typedef struct pattern {
  const char *keyword; /* opens the statement */
  const char *noun;    /* must follow within NOUN_GAP characters, or NULL */
  size_t free_gap;     /* other non-digit characters allowed before the
                          number, besides filler */
  const char *unit;    /* right after the number */
  bool negatable;      /* 未/没有 before the keyword states 0 */
  enum target target;  /* what the number is */
} pattern;

/* The review keywords are the template's own row and group labels: the
 * rows they stand for are found by those labels (see review_rows()). */
static const pattern patterns[] = {
    {"收到", "申请", 0, "件", true, TGT_APPLY_NEW},
    {"受理", "申请", 0, "件", true, TGT_APPLY_NEW},
    {"行政复议", NULL, 0, "件", false, TGT_RECONSIDERATION},
    {"行政诉讼", NULL, 0, "件", false, TGT_LITIGATION},
    {"主动公开", NULL, 8, "条", false, TGT_PROACTIVE},
};

#define NOUN_GAP 10   /* characters between keyword and noun */
#define FILLER_MAX 4  /* filler characters before the number */
#define DIGITS_MAX 12 /* longer numbers are not counts */

/* Characters that may stand between a noun and its number: words, colons
 * and blanks (U+3000 is the ideographic space). */
static const char *const filler_words[] = {"共", "计", "合", "总", "为",
                                           "数", "量", "是", "达", "了"};
static const char *const colons[] = {"：", ":"};
static const char *const blanks[] = {" ", "\t", "\xe3\x80\x80"};
/* A keyword after one of these is one item of a list ("行政复议、行政诉讼
 * 2件" may count both): its number is not its own. */
static const char *const list_marks[] = {"、", "和", "及", "与", "或"};
/* Negations before a negatable keyword. */
static const char *const negations[] = {"未", "没有"};
/* Before a keyword these turn it into another outcome ("不予受理的申请3件"
 * counts refusals, not applications received). */
static const char *const refusals[] = {"不予", "不"};
/* A clause with one of these compares or looks back: skip it. */
static const char *const comparisons[] = {"上年", "去年", "同比", "上一年",
                                          "较"};
/* Clause boundaries. */
static const char *const stops[] = {"。", "；", "，", "！", "？", ";",
                                    ",",  "!",  "?",  "\n", "\r"};
/* The local line some reports print under table 二 (seed 003):
 * "…政府信息公开发布总数量（非新闻类、消息类）：15". */
static const char local_total[] = "发布总数量";

#define COUNT(a) (sizeof(a) / sizeof(a[0]))

/* What the text states about one target. */
typedef struct stated {
  bool seen;     /* at least one statement */
  bool conflict; /* statements disagree: say nothing */
  int64_t value; /* the number, scaled by GK_SCALE */
  int section;   /* 1-based section of the first statement */
  int64_t line;  /* its line, 0 if unknown */
} stated;

typedef struct scan {
  const gk_report *rep;
  stated st[TGT_COUNT];
  stated local;           /* the 发布总数量 line */
  bool stop_lead[256];    /* bytes a clause boundary may start with */
  size_t stop_len[COUNT(stops)];   /* strlen of each stop */
  size_t kw_len[COUNT(patterns)];  /* strlen of each pattern's keyword */
} scan;

static size_t lit_at(const char *p, const char *end, const char *lit) {
  size_t n = strlen(lit);
  return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0 ? n : 0;
}

static size_t any_at(const char *p, const char *end, const char *const *set,
                     size_t nset) {
  for (size_t i = 0; i < nset; i++) {
    size_t n = lit_at(p, end, set[i]);
    if (n)
      return n;
  }
  return 0;
}

/* True if one of 'set' ends right before 'p' (not before 'start'). */
static bool any_before(const char *start, const char *p, const char *const *set,
                       size_t nset) {
  for (size_t i = 0; i < nset; i++) {
    size_t n = strlen(set[i]);
    if ((size_t)(p - start) >= n && memcmp(p - n, set[i], n) == 0)
      return true;
  }
  return false;
}

/* Length of the character at p from its lead byte: section texts are
 * valid UTF-8 (the reader's contract), so no full decode is needed on
 * this hot path; the length is clamped to the text. */
static size_t char_len(const char *p, const char *end) {
  unsigned char c = (unsigned char)*p;
  size_t n = c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
  return n <= (size_t)(end - p) ? n : (size_t)(end - p);
}

/* Digit value of the character at p (ASCII or full-width U+FF10..FF19,
 * encoded EF BC 90..99), or -1; '*n' is the character's length. */
static int digit_at(const char *p, const char *end, size_t *n) {
  const unsigned char *u = (const unsigned char *)p;
  *n = char_len(p, end);
  if (u[0] >= '0' && u[0] <= '9')
    return u[0] - '0';
  if (*n == 3 && u[0] == 0xef && u[1] == 0xbc && u[2] >= 0x90 && u[2] <= 0x99)
    return u[2] - 0x90;
  return -1;
}


/* True if the n bytes of 'lit' are at p (within end): a loop, as the
 * literals are a few bytes and this runs on every stop character. */
static bool lit_is(const char *p, const char *end, const char *lit, size_t n) {
  if ((size_t)(end - p) < n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (p[i] != lit[i])
      return false;
  return true;
}

/* Length of the stop at p, 0 if none (any_at over stops, lengths known). */
static size_t stop_at(const scan *sc, const char *p, const char *end) {
  for (size_t i = 0; i < COUNT(stops); i++)
    if (lit_is(p, end, stops[i], sc->stop_len[i]))
      return sc->stop_len[i];
  return 0;
}

/* First occurrence of 'lit' in [p, end), or NULL. UTF-8 is
 * self-synchronising, so a match always starts on a character. The
 * search runs on the literal's last byte: for Chinese text that is a
 * continuation byte (64 values), where the lead bytes E4..E9 of almost
 * every character would stop memchr at each one. */
static const char *find_lit_n(const char *p, const char *end, const char *lit,
                              size_t n) {
  if ((size_t)(end - p) < n)
    return NULL;
  const char *q = p + n - 1; /* where the last byte of a match may be */
  while (q < end) {
    q = memchr(q, lit[n - 1], (size_t)(end - q));
    if (!q)
      return NULL;
    if (memcmp(q - (n - 1), lit, n) == 0)
      return q - (n - 1);
    q++;
  }
  return NULL;
}

static const char *find_lit(const char *p, const char *end, const char *lit) {
  return find_lit_n(p, end, lit, strlen(lit));
}

static bool blank_at(const char *p, const char *end, size_t *n) {
  *n = any_at(p, end, blanks, COUNT(blanks));
  return *n > 0;
}

static size_t filler_at(const char *p, const char *end) {
  size_t n = any_at(p, end, filler_words, COUNT(filler_words));
  if (!n)
    n = any_at(p, end, colons, COUNT(colons));
  if (!n)
    n = any_at(p, end, blanks, COUNT(blanks));
  return n;
}

/* Reads digits at *p into '*value' (scaled); false when none or too many. */
static bool read_number(const char **p, const char *end, int64_t *value) {
  int64_t v = 0;
  size_t nd = 0, n;
  int d;
  while (*p < end && (d = digit_at(*p, end, &n)) >= 0) {
    if (++nd > DIGITS_MAX)
      return false;
    v = v * 10 + d;
    *p += n;
  }
  *value = GK__UNITS(v);
  return nd > 0;
}

/* True if the clause names a year (four digits, spaces, 年) other than the
 * report's: its numbers are about that year. */
static bool other_year(const scan *sc, const char *p, const char *end) {
  while (p < end) {
    const char *q = p;
    int64_t y = 0;
    size_t nd = 0, n;
    int d;
    while (q < end && (d = digit_at(q, end, &n)) >= 0 && nd < 5) {
      y = y * 10 + d;
      nd++;
      q += n;
    }
    if (nd == 4) {
      while (q < end && blank_at(q, end, &n))
        q += n;
      if (lit_at(q, end, "年") && y != sc->rep->year)
        return true;
    }
    p = nd ? q : p + char_len(p, end);
  }
  return false;
}

/* Matches pattern 'pt' whose keyword starts at 'kw' in clause
 * [start, end); stores the stated number in '*value'. */
static bool match(const pattern *pt, const char *start, const char *kw,
                  const char *end, int64_t *value) {
  const char *p = kw + strlen(pt->keyword);
  size_t n;
  if (any_before(start, kw, list_marks, COUNT(list_marks)) ||
      any_before(start, kw, refusals, COUNT(refusals)))
    return false;
  if (pt->noun) {
    size_t gap = 0;
    while (p < end && !lit_at(p, end, pt->noun)) {
      if (digit_at(p, end, &n) >= 0 || ++gap > NOUN_GAP)
        return false;
      p += n;
    }
    if (p >= end)
      return false;
    p += strlen(pt->noun);
  }
  if (pt->negatable && any_before(start, kw, negations, COUNT(negations))) {
    /* "未收到…申请" states 0 only if the clause states no number:
     * "尚未受理的申请2件" counts something else. */
    for (; p < end; p += n)
      if (digit_at(p, end, &n) >= 0)
        return false;
    *value = 0;
    return true;
  }
  size_t filler = 0, other = 0;
  while (p < end && digit_at(p, end, &n) < 0) {
    size_t f = filler_at(p, end);
    if (f) {
      if (++filler > FILLER_MAX)
        return false;
      p += f;
    } else {
      if (++other > pt->free_gap)
        return false;
      p += n;
    }
  }
  if (!read_number(&p, end, value))
    return false;
  while (p < end && blank_at(p, end, &n))
    p += n;
  return lit_at(p, end, pt->unit) > 0;
}

static void record(stated *s, int64_t value, int section, int64_t line) {
  if (!s->seen) {
    s->seen = true;
    s->value = value;
    s->section = section;
    s->line = line;
  } else if (s->value != value) {
    s->conflict = true;
  }
}

static void scan_clause(scan *sc, const char *start, const char *end,
                        int section, int64_t line) {
  /* Most clauses name no keyword: say so before the costlier tests. */
  bool keyword = false;
  for (size_t i = 0; i < COUNT(patterns) && !keyword; i++)
    keyword = find_lit_n(start, end, patterns[i].keyword, sc->kw_len[i]) != NULL;
  if (!keyword)
    return;
  for (size_t i = 0; i < COUNT(comparisons); i++)
    if (find_lit(start, end, comparisons[i]))
      return;
  if (other_year(sc, start, end))
    return;
  for (size_t i = 0; i < COUNT(patterns); i++) {
    const pattern *pt = &patterns[i];
    size_t kwlen = strlen(pt->keyword);
    for (const char *p = find_lit(start, end, pt->keyword); p;
         p = find_lit(p + kwlen, end, pt->keyword)) {
      int64_t v;
      if (match(pt, start, p, end, &v))
        record(&sc->st[pt->target], v, section, line);
    }
  }
}

/* Line of a position in section 's': the section's text starts on the
 * line after its heading. */
static int64_t line_of(const gk_report *rep, int s, const char *text,
                       const char *p) {
  if (!rep->section_line[s])
    return 0;
  int64_t line = rep->section_line[s] + 1;
  for (const char *q = text; q < p; q++)
    line += *q == '\n';
  return line;
}

/* True if some keyword lies within the clause [start, cend) of the
 * section ending at 'end'. occ[i] is keyword i's first occurrence at or
 * after an earlier clause's start (NULL: none left): clauses move
 * forward, so each keyword is searched for once over the section instead
 * of once per clause. */
static bool clause_has_keyword(const scan *sc, const char **occ,
                               const char *start, const char *cend,
                               const char *end) {
  bool any = false;
  for (size_t i = 0; i < COUNT(patterns); i++) {
    if (occ[i] && occ[i] < start)
      occ[i] = find_lit_n(start, end, patterns[i].keyword, sc->kw_len[i]);
    if (occ[i] && (size_t)(cend - occ[i]) >= sc->kw_len[i] && occ[i] < cend)
      any = true;
  }
  return any;
}

static void scan_section(scan *sc, int s) {
  const char *text = sc->rep->sections[s];
  const char *end = text + sc->rep->section_len[s];
  const char *start = text;
  const char *occ[COUNT(patterns)];
  for (size_t i = 0; i < COUNT(patterns); i++)
    occ[i] = find_lit_n(text, end, patterns[i].keyword, sc->kw_len[i]);
  int64_t line = line_of(sc->rep, s, text, text);
  for (const char *p = text; p < end;) {
    size_t n = sc->stop_lead[(unsigned char)*p] ? stop_at(sc, p, end) : 0;
    if (!n) {
      p += char_len(p, end);
      continue;
    }
    if (clause_has_keyword(sc, occ, start, p, end))
      scan_clause(sc, start, p, s + 1, line);
    line += *p == '\n';
    p += n;
    start = p;
  }
  if (clause_has_keyword(sc, occ, start, end, end))
    scan_clause(sc, start, end, s + 1, line);
}

/* The local 发布总数量 line anywhere in the text: the number after the
 * last colon of the line. One pass over the lines keeps this linear. */
static void scan_local(scan *sc, int s) {
  const char *text = sc->rep->sections[s];
  const char *end = text + sc->rep->section_len[s];
  if (!find_lit(text, end, local_total))
    return; /* the common case: no such line */
  int64_t line = line_of(sc->rep, s, text, text);
  for (const char *p = text; p < end; line++) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
      eol = end;
    const char *colon = NULL;
    bool named = false;
    for (const char *q = p; q < eol;) {
      size_t n = any_at(q, eol, colons, COUNT(colons));
      if (n && named)
        colon = q + n;
      if (!n && lit_at(q, eol, local_total)) {
        named = true;
        n = strlen(local_total);
      }
      q += n ? n : char_len(q, eol);
    }
    if (colon) {
      size_t n;
      int64_t v;
      while (colon < eol && blank_at(colon, eol, &n))
        colon += n;
      if (read_number(&colon, eol, &v))
        record(&sc->local, v, s + 1, line);
    }
    p = eol + 1;
  }
}

/* Sum of the total column over review rows whose label or group is
 * 'name'; false if no row is. */
static bool review_rows(const gk_report *rep, const char *name, int64_t *sum,
                        int *first) {
  const gk_table_def *td = &rep->tpl->tables[GK_T_REVIEW];
  bool any = false;
  *sum = 0;
  for (size_t r = 0; r < td->nrows; r++) {
    const gk_row_def *row = &td->rows[r];
    if (row->colset->sum_col < 0 ||
        (strcmp(row->label, name) != 0 &&
         (!row->group || strcmp(row->group, name) != 0)))
      continue;
    if (!any)
      *first = (int)r;
    any = true;
    *sum += gk__ccell(rep, GK_T_REVIEW, r, (size_t)row->colset->sum_col)->value;
  }
  return any;
}

static bool table_usable(const gk_report *rep, size_t t) {
  if (!rep->table_found[t])
    return false;
  for (size_t i = 0; i < rep->tpl->tables[t].ncells; i++)
    if (rep->cells[t][i].flags & GK_CELL_AMBIGUOUS)
      return false;
  return true;
}

/* text vs apply: applications stated received = 一、本年新收·总计 (or that
 * plus 二、上年结转·总计, which some reports count as 受理) */
static gk_status compare_apply(gk_report *rep, const stated *s) {
  const gk_table_def *td = &rep->tpl->tables[GK_T_APPLY];
  int rn = -1, ri = -1;
  if (!s->seen || s->conflict || !table_usable(rep, GK_T_APPLY))
    return GK_OK;
  for (size_t r = 0; r < td->nrows; r++) {
    if (td->rows[r].role == GK_ROLE_NEW && rn < 0)
      rn = (int)r;
    if (td->rows[r].role == GK_ROLE_CARRIED_IN && ri < 0)
      ri = (int)r;
  }
  if (rn < 0 || ri < 0 || td->rows[rn].colset->sum_col < 0)
    return GK_OK;
  int c = td->rows[rn].colset->sum_col;
  int64_t fresh = gk__ccell(rep, GK_T_APPLY, (size_t)rn, (size_t)c)->value;
  int64_t carried = gk__ccell(rep, GK_T_APPLY, (size_t)ri, (size_t)c)->value;
  if (s->value == fresh || (s->value && s->value == fresh + carried))
    return GK_OK;
  char name_zh[256], name_en[128], vs[32], vt[32], zh[768], en[512];
  gk__check_cell_zh(name_zh, sizeof(name_zh), rep->tpl, GK_T_APPLY, (size_t)rn,
                    c);
  gk__check_cell_en(name_en, sizeof(name_en), rep->tpl, GK_T_APPLY, (size_t)rn,
                    c);
  gk__format_scaled(vs, sizeof(vs), s->value);
  gk__format_scaled(vt, sizeof(vt), fresh);
  snprintf(zh, sizeof(zh), "正文第%d部分称收到申请 %s 件，表中%s为 %s",
           s->section, vs, name_zh, vt);
  snprintf(en, sizeof(en),
           "section %d of the text states %s applications received but %s "
           "is %s",
           s->section, vs, name_en, vt);
  return gk__check_add(rep, GK_RULE_NARRATIVE, gk__check_sev(GK_RULE_NARRATIVE),
                       GK_T_APPLY, rn, c, &s->value, &fresh, s->line, zh, en);
}

/* text vs review: cases stated = the 总计 of the rows the keyword names */
static gk_status compare_review(gk_report *rep, const stated *s,
                                const char *keyword) {
  int64_t sum;
  int first = 0;
  if (!s->seen || s->conflict || !table_usable(rep, GK_T_REVIEW) ||
      !review_rows(rep, keyword, &sum, &first) || s->value == sum)
    return GK_OK;
  const gk_row_def *row = gk__row(rep->tpl, GK_T_REVIEW, (size_t)first);
  char vs[32], vt[32], zh[512], en[512];
  gk__format_scaled(vs, sizeof(vs), s->value);
  gk__format_scaled(vt, sizeof(vt), sum);
  snprintf(zh, sizeof(zh), "正文第%d部分称%s %s 件，表四中%s总计为 %s",
           s->section, keyword, vs, keyword, vt);
  snprintf(en, sizeof(en),
           "section %d of the text states %s cases of %s but table review "
           "(%s) totals %s",
           s->section, vs, keyword, row->id, vt);
  /* One row: name it; several (行政诉讼's two): the table's total column. */
  bool one = strcmp(row->label, keyword) == 0;
  return gk__check_add(rep, GK_RULE_NARRATIVE, gk__check_sev(GK_RULE_NARRATIVE),
                       GK_T_REVIEW, one ? first : -1, row->colset->sum_col,
                       &s->value, &sum, s->line, zh, en);
}

/* text vs the local line: items stated published = 发布总数量 */
static gk_status compare_proactive(gk_report *rep, const stated *s,
                                   const stated *local) {
  if (!s->seen || s->conflict || !local->seen || local->conflict ||
      s->value == local->value)
    return GK_OK;
  char vs[32], vt[32], zh[512], en[512];
  gk__format_scaled(vs, sizeof(vs), s->value);
  gk__format_scaled(vt, sizeof(vt), local->value);
  snprintf(zh, sizeof(zh),
           "正文第%d部分称主动公开 %s 条，报告所列发布总数量为 %s", s->section,
           vs, vt);
  snprintf(en, sizeof(en),
           "section %d of the text states %s items published proactively but "
           "the report's 发布总数量 line says %s",
           s->section, vs, vt);
  return gk__check_add(rep, GK_RULE_NARRATIVE, gk__check_sev(GK_RULE_NARRATIVE),
                       GK_TABLES, -1, -1, &s->value, &local->value, s->line, zh,
                       en);
}

gk_status gk__check_narrative(gk_report *rep) {
  scan sc;
  memset(&sc, 0, sizeof(sc));
  sc.rep = rep;
  /* a cheap filter before any_at() on every character */
  for (size_t i = 0; i < COUNT(stops); i++) {
    sc.stop_lead[(unsigned char)stops[i][0]] = true;
    sc.stop_len[i] = strlen(stops[i]);
  }
  for (size_t i = 0; i < COUNT(patterns); i++)
    sc.kw_len[i] = strlen(patterns[i].keyword);
  /* Sections 一 to 三 tell the year's story; 四 to 六 rarely restate it. */
  for (int s = 0; s < 3; s++)
    if (rep->sections[s])
      scan_section(&sc, s);
  for (int s = 0; s < GK_SECTIONS; s++)
    if (rep->sections[s])
      scan_local(&sc, s);
  gk_status st = compare_apply(rep, &sc.st[TGT_APPLY_NEW]);
  for (size_t i = 0; i < COUNT(patterns) && !st; i++) {
    enum target tg = patterns[i].target;
    if (tg == TGT_RECONSIDERATION || tg == TGT_LITIGATION)
      st = compare_review(rep, &sc.st[tg], patterns[i].keyword);
  }
  if (!st)
    st = compare_proactive(rep, &sc.st[TGT_PROACTIVE], &sc.local);
  return st;
}
