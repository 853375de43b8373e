/* narrative.c: numbers the text of sections 一 to 三 and 六 states about
 * the tables, against the tables (条例 第五十条: the report's content must
 * be accurate; official guidance criticises texts that contradict their
 * own tables).
 *
 * Claims come from two tables. Fixed patterns: "收到/受理/新收…申请N件"
 * (table 三 一、本年新收), "办结N件" / "答复N件" (（七）总计), "结转N件" /
 * "N件结转下年度" (四、结转), "上年结转N件" (二、上年结转), "行政复议N件/起"
 * and "行政诉讼N件/起" (table 四 by the template's labels), "主动公开…N条" (the
 * local 发布总数量 line). Outcome claims are built from the template itself:
 * every outcome row of table 三 is named by its printed group or label without
 * its numbering and aside (予以公开, 部分公开, 不予公开, 无法提供, 不予处理,
 * 其他处理), and a name claims the 总计 of every row it names;
 * "予以公开及部分公开N件" claims both. A claim may carry "，占Y%", checked
 * against the cells over 办结 (（七）总计) or 本年新收 (with or without
 * 上年结转).
 *
 * A claim counts only when unambiguous: the number follows the keyword
 * (or its noun) within a few characters of filler ("共", "计", "："), its
 * unit follows the number, the clause names no other year and no
 * comparison (上年, 同比), and every claim about the same cells agrees. A
 * clause that scopes the claim to part of the agency ("区政府办代表区政府受理")
 * is still compared (the report has no other table) and the finding says
 * so. The values compared are those the arithmetic sees (a blank total a
 * relation fixes counts with its value, gk__check_seen). When in doubt the
 * rule stays silent: a warning must be worth reading. */
#include "check.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* What a fixed pattern's number is about. */
enum target {
  TGT_APPLY_NEW = 0,   /* applications received: new (or new + carried_in) */
  TGT_DONE,            /* applications answered: the total row */
  TGT_CARRIED_OUT,     /* carried to next year; 上年结转: carried_in */
  TGT_RECONSIDERATION, /* review rows named like the keyword */
  TGT_LITIGATION,      /* review rows whose group is the keyword */
  TGT_PROACTIVE,       /* items published: the local 发布总数量 line */
  TGT_OUTCOME          /* outcome rows named like the keyword (template) */
};

typedef struct pattern {
  const char *keyword; /* opens the statement */
  const char *noun;    /* must follow within NOUN_GAP characters, or NULL */
  size_t free_gap;     /* other non-digit characters allowed before the
                          number, besides filler */
  const char *unit;    /* right after the number ("件" also allows "起") */
  bool negatable;      /* 未/没有 before the keyword states 0 */
  enum target target;  /* what the number is */
} pattern;

/* The review keywords are the template's own row and group labels: the
 * rows they stand for are found by those labels (see review_rows()). */
static const pattern patterns[] = {
    {"收到", "申请", 0, "件", true, TGT_APPLY_NEW},
    {"受理", "申请", 0, "件", true, TGT_APPLY_NEW},
    {"新收", "申请", 0, "件", true, TGT_APPLY_NEW},
    {"接收", "申请", 0, "件", true, TGT_APPLY_NEW},
    {"办结", NULL, 6, "件", false, TGT_DONE},
    {"答复", NULL, 6, "件", false, TGT_DONE},
    {"结转", NULL, 8, "件", false, TGT_CARRIED_OUT},
    {"行政复议", NULL, 0, "件", false, TGT_RECONSIDERATION},
    {"行政诉讼", NULL, 0, "件", false, TGT_LITIGATION},
    {"主动公开", NULL, 8, "条", false, TGT_PROACTIVE},
};

#define NOUN_GAP 20    /* characters between keyword and noun */
#define FILLER_MAX 4   /* filler characters before the number */
#define DIGITS_MAX 12  /* longer numbers are not counts */
#define OUTCOMES_MAX 8 /* outcome names of a template (six in both) */
#define CLAIMS_MAX 64  /* claims kept per report; more are ignored */
#define APPLY_SEEN_MAX (48 * GK_MAX_COLS) /* cells of a table compared */
#define NAME_MAX 48                       /* bytes of an outcome name */

/* Characters that may stand between a noun and its number: words, colons
 * and blanks (U+3000 is the ideographic space). */
static const char *const filler_words[] = {"共", "计", "合", "总", "为",
                                           "数", "量", "是", "达", "了"};
static const char *const colons[] = {"：", ":"};
static const char *const blanks[] = {" ", "\t", "\xe3\x80\x80"};
/* A keyword after one of these is one item of a list ("行政复议、行政诉讼
 * 2件" may count both): its number is not its own, unless the item before
 * ended with its own number and unit ("行政复议2件、行政诉讼7件"). */
static const char *const list_marks[] = {"、", "和", "及", "与", "或"};
/* Joins two outcome names into one claim ("予以公开及部分公开"). */
static const char *const joins[] = {"及", "和", "与", "、"};
/* Units that end a list item of its own. */
static const char *const item_units[] = {"件", "起", "条", "%", "％"};
/* Negations before a negatable keyword. */
static const char *const negations[] = {"未", "没有"};
/* Before a keyword these turn it into another outcome ("不予受理的申请3件"
 * counts refusals, not applications received). */
static const char *const refusals[] = {"不予", "不"};
/* A clause with one of these compares or looks back: skip it ("上年结转" is
 * a row of table 三, not a comparison: see compares()). */
static const char *const comparisons[] = {"上年", "去年", "同比", "上一年",
                                          "较"};
/* Before a review keyword in a clause without a number, these deny any
 * case ("未发生…行政复议", "没有…行政诉讼"). */
static const char *const review_negations[] = {
    "未发生", "未产生", "未出现", "未收到", "未涉及", "未被", "未有", "没有"};
/* Between such a negation and the keyword these narrow the cases denied. */
static const char *const review_kinds[] = {"纠",   "败诉", "撤销", "违法",
                                           "维持", "驳回", "审结"};
/* "依申请公开" and what may follow it name applications. */
static const char *const by_request_lead[] = {"依"};
static const char *const request_items[] = {"事项", "信息", "件数"};
/* Words between a review keyword and its number ("行政复议案件2件"). */
static const char *const review_nouns[] = {"案件", "申请", "案"};
/* A clause naming one of these before its keyword speaks for part of the
 * agency ("区政府办代表区政府受理…"). */
static const char *const scopes[] = {"代表"};
/* Before 办结/答复 these count part of the answers ("延期答复2件"). */
static const char *const partial_answers[] = {
    "延期", "逾期", "超期", "按期", "按时", "当场", "当日",
    "网上", "线上", "书面", "电话", "延长", "及时"};
/* Clause boundaries. */
static const char *const stops[] = {"。", "；", "，", "！", "？", ";",
                                    ",",  "!",  "?",  "\n", "\r"};
/* The local line some reports print under table 二 (seed 003):
 * "…政府信息公开发布总数量（非新闻类、消息类）：15". */
static const char local_total[] = "发布总数量";

#define COUNT(a) (sizeof(a) / sizeof(a[0]))

/* One statement of the text about table cells. */
typedef struct claim {
  size_t t;       /* table (GK_T_APPLY, GK_T_REVIEW) or GK_TABLES */
  uint64_t rows;  /* rows of 't' whose 总计 the claim sums */
  uint64_t alt;   /* another reading of the same words, or 0 */
  int64_t value;  /* the number, scaled by GK_SCALE */
  int section;    /* 1-based section */
  int64_t line;   /* its line, 0 if unknown */
  bool conflict;  /* another claim on the same rows disagrees */
  bool has_pct;   /* "占Y%" follows */
  int64_t pct;    /* Y scaled by 10^pct_dec */
  int pct_dec;    /* decimals of Y */
  char what[96];  /* the words that name the cells, for messages */
  char scope[96]; /* the scoping words before the keyword, or "" */
} claim;

/* An outcome name of the template and the rows it names. */
typedef struct outcome {
  char name[NAME_MAX]; /* "不予公开" */
  size_t len;          /* its bytes */
  uint64_t rows;       /* apply rows */
} outcome;

typedef struct scan {
  const gk_report *rep;
  size_t nclaims;                  /* claims[0..nclaims) are set */
  bool local_seen, local_conflict; /* the 发布总数量 line */
  int64_t local;                   /* its number */
  bool proactive_seen, proactive_conflict;
  int64_t proactive;              /* the 主动公开 statement */
  int proactive_section;          /* its section */
  int64_t proactive_line;         /* its line */
  outcome outcomes[OUTCOMES_MAX]; /* from the template */
  size_t noutcomes;
  size_t row_new, row_in, row_total, row_out; /* apply rows by role */
  bool roles;                                 /* all four found */
  bool stop_lead[256];            /* bytes a clause boundary may start with */
  size_t stop_len[COUNT(stops)];  /* strlen of each stop */
  size_t kw_len[COUNT(patterns)]; /* strlen of each pattern's keyword */
  const char *soonest; /* the first keyword occurrence left in the section */
  claim claims[CLAIMS_MAX]; /* in text order; last: not cleared */
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
 * self-synchronising, so a match always starts on a character. memchr
 * runs on the third byte, the first character's last (a continuation
 * byte, 64 values): the lead bytes E4..E9 would stop it at almost every
 * character, and the last byte of words ending in 公开 — 开, everywhere in
 * these reports — at every 公开. */
static const char *find_lit_n(const char *p, const char *end, const char *lit,
                              size_t n) {
  if ((size_t)(end - p) < n)
    return NULL;
  size_t k = n >= 3 ? 2 : n - 1;    /* the byte memchr looks for */
  const char *q = p + k;            /* where that byte of a match may be */
  const char *last = end - (n - k); /* ... at the latest */
  while (q <= last) {
    q = memchr(q, lit[k], (size_t)(last - q) + 1);
    if (!q)
      return NULL;
    if (memcmp(q - k, lit, n) == 0)
      return q - k;
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

/* The rest of the clause after a year "至2026年" / "到2026年度" (carried to
 * next year): where it ends, or 'p' if none. */
static const char *skip_to_year(const char *p, const char *end) {
  static const char *const to[] = {"至", "到"};
  size_t n = any_at(p, end, to, COUNT(to));
  if (!n)
    return p;
  const char *q = p + n;
  while (q < end && blank_at(q, end, &n))
    q += n;
  size_t nd = 0;
  while (q < end && nd < 5 && digit_at(q, end, &n) >= 0) {
    nd++;
    q += n;
  }
  while (q < end && blank_at(q, end, &n))
    q += n;
  if (nd != 4 || !lit_at(q, end, "年"))
    return p;
  q += strlen("年");
  if (lit_at(q, end, "度"))
    q += strlen("度");
  return q;
}

/* True if the clause names a year (four digits, spaces, 年) other than the
 * report's: its numbers are about that year. The next year after 至/到 is
 * where applications are carried to ("结转至2026年6件"), not another year's
 * story. */
static bool other_year(const scan *sc, const char *p, const char *end) {
  static const char *const to[] = {"至", "到"};
  const char *start = p;
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
      const char *digits = p;
      while (q < end && blank_at(q, end, &n))
        q += n;
      bool next =
          y == sc->rep->year + 1 && any_before(start, digits, to, COUNT(to));
      if (lit_at(q, end, "年") && y != sc->rep->year && !next)
        return true;
    }
    p = nd ? q : p + char_len(p, end);
  }
  return false;
}

/* True if the clause compares or looks back; "上年结转" names a row. */
static bool compares(const char *p, const char *end) {
  for (size_t i = 0; i < COUNT(comparisons); i++) {
    size_t n = strlen(comparisons[i]);
    for (const char *q = find_lit(p, end, comparisons[i]); q;
         q = find_lit(q + n, end, comparisons[i]))
      if (i != 0 || !lit_at(q + n, end, "结转"))
        return true;
  }
  return false;
}

/* Length of the unit at p: 'unit' itself, or 起 where 件 is asked (cases
 * are counted in 起 as often as in 件). */
static size_t unit_at(const char *p, const char *end, const char *unit) {
  size_t n = lit_at(p, end, unit);
  if (!n && strcmp(unit, "件") == 0)
    n = lit_at(p, end, "起");
  return n;
}

/* Reads "Y%" or "Y.YY％" at *p: Y scaled by 10^dec. */
static bool read_pct(const char **p, const char *end, int64_t *pct, int *dec) {
  const char *q = *p;
  int64_t v = 0;
  size_t nd = 0, n;
  int d;
  *dec = 0;
  while (q < end && (d = digit_at(q, end, &n)) >= 0 && nd < 6) {
    v = v * 10 + d;
    nd++;
    q += n;
  }
  if (!nd)
    return false;
  if (q < end && (*q == '.' || lit_at(q, end, "．"))) {
    q += *q == '.' ? 1 : strlen("．");
    while (q < end && (d = digit_at(q, end, &n)) >= 0 && *dec < 4) {
      v = v * 10 + d;
      (*dec)++;
      q += n;
    }
  }
  static const char *const percents[] = {"%", "％"};
  n = any_at(q, end, percents, COUNT(percents));
  if (!n)
    return false;
  *p = q + n;
  *pct = v;
  return true;
}

/* "，占Y%" after a claim's unit (it may cross one clause boundary). */
static void read_share(claim *c, const char *p, const char *limit) {
  size_t n;
  while (p < limit && blank_at(p, limit, &n))
    p += n;
  static const char *const commas[] = {"，", ","};
  p += any_at(p, limit, commas, COUNT(commas));
  while (p < limit && blank_at(p, limit, &n))
    p += n;
  if (!lit_at(p, limit, "占"))
    return;
  p += strlen("占");
  if (lit_at(p, limit, "比"))
    p += strlen("比");
  while (p < limit && (n = filler_at(p, limit)) > 0)
    p += n;
  c->has_pct = read_pct(&p, limit, &c->pct, &c->pct_dec);
}

/* True if "，占Y%" starts at p: a number it follows is a count even
 * without its unit ("部分公开67，占4.61%", a unit dropped in typing). */
static bool share_at(const char *p, const char *end) {
  claim c;
  memset(&c, 0, sizeof(c));
  read_share(&c, p, end);
  return c.has_pct;
}

/* The number of a claim at or after p: filler, at most 'free_gap' other
 * characters, digits, blanks, the unit, or with 'share_limit' a share
 * right after the number (before share_limit). Stores the value and
 * returns the end of the unit (or of the number), or NULL. */
static const char *number_then_unit(const char *p, const char *end,
                                    size_t free_gap, const char *unit,
                                    const char *share_limit, int64_t *value) {
  size_t filler = 0, other = 0, n;
  while (p < end && digit_at(p, end, &n) < 0) {
    size_t f = filler_at(p, end);
    if (f) {
      if (++filler > FILLER_MAX)
        return NULL;
      p += f;
    } else {
      if (++other > free_gap)
        return NULL;
      p += n;
    }
  }
  if (!read_number(&p, end, value))
    return NULL;
  const char *number_end = p;
  while (p < end && blank_at(p, end, &n))
    p += n;
  n = unit_at(p, end, unit);
  if (n)
    return p + n;
  return share_limit && share_at(number_end, share_limit) ? number_end : NULL;
}

/* A number and its unit ending right before 'kw' ("1件结转下年度"). */
static bool number_before(const char *start, const char *kw, const char *unit,
                          int64_t *value) {
  const char *p = kw;
  while (p > start && (p[-1] == ' ' || p[-1] == '\t'))
    p--;
  size_t ul = strlen(unit);
  if ((size_t)(p - start) < ul || memcmp(p - ul, unit, ul) != 0)
    return false;
  p -= ul;
  while (p > start && (p[-1] == ' ' || p[-1] == '\t'))
    p--;
  const char *digits = p;
  while (digits > start && digits[-1] >= '0' && digits[-1] <= '9' &&
         (size_t)(p - digits) <= DIGITS_MAX) /* bounded: linear scans */
    digits--;
  if (digits == p || (size_t)(p - digits) > DIGITS_MAX)
    return false;
  return read_number(&digits, p, value);
}

/* True if the keyword at 'kw' is one item of a list whose number is not
 * its own ("行政复议、行政诉讼2件"); an item after one that ended with its
 * own number and unit ("行政复议2件、行政诉讼7件") is its own claim. */
static bool list_item(const char *start, const char *kw) {
  for (size_t i = 0; i < COUNT(list_marks); i++) {
    size_t n = strlen(list_marks[i]);
    if ((size_t)(kw - start) < n || memcmp(kw - n, list_marks[i], n) != 0)
      continue;
    return !any_before(start, kw - n, item_units, COUNT(item_units));
  }
  return false;
}

static bool is_review(const pattern *pt) {
  return pt->target == TGT_RECONSIDERATION || pt->target == TGT_LITIGATION;
}

/* A clause without a number that denies review cases
 * ("本年度未发生政府信息公开行政复议、行政诉讼") states 0 for each review
 * keyword after its negation; words that narrow the cases ("未发生被纠错的
 * 行政复议") end what it denies. Found once per clause: the scan stays
 * linear. */
typedef struct denial {
  bool found;           /* computed for this clause */
  const char *neg;      /* the negation, or NULL */
  const char *narrowed; /* the first narrowing word after it, or NULL */
} denial;

static const char *denied_at(denial *d, const char *start, const char *kw,
                             const char *end) {
  if (!d->found) {
    d->found = true;
    size_t n;
    const char *p = start;
    for (; p < end; p += n)
      if (digit_at(p, end, &n) >= 0)
        break;
    for (size_t i = 0; i < COUNT(review_negations) && p == end; i++) {
      const char *q = find_lit_n(start, end, review_negations[i],
                                 strlen(review_negations[i]));
      if (q && (!d->neg || q < d->neg))
        d->neg = q;
    }
    for (size_t i = 0; i < COUNT(review_kinds) && d->neg; i++) {
      const char *q =
          find_lit_n(d->neg, end, review_kinds[i], strlen(review_kinds[i]));
      if (q && (!d->narrowed || q < d->narrowed))
        d->narrowed = q;
    }
  }
  if (!d->neg || d->neg >= kw || (d->narrowed && d->narrowed < kw))
    return NULL;
  return d->neg;
}

/* Matches pattern 'pt' whose keyword starts at 'kw' in clause
 * [start, end); stores the claim's number and its unit's end. */
static bool match(const pattern *pt, const char *start, const char *kw,
                  const char *end, denial *dn, int64_t *value,
                  const char **after) {
  const char *p = kw + strlen(pt->keyword);
  size_t n;
  if (is_review(pt) && denied_at(dn, start, kw, end)) {
    *value = 0;
    *after = p;
    return true;
  }
  if (list_item(start, kw) || any_before(start, kw, refusals, COUNT(refusals)))
    return false;
  if (pt->target == TGT_DONE &&
      any_before(start, kw, partial_answers, COUNT(partial_answers)))
    return false;
  if (pt->target == TGT_CARRIED_OUT &&
      number_before(start, kw, pt->unit, value)) {
    *after = p;
    return true;
  }
  if (pt->noun) {
    size_t gap = 0;
    while (p < end && !lit_at(p, end, pt->noun)) {
      if (digit_at(p, end, &n) >= 0) {
        /* "共收到70件申请": the number before the noun */
        const char *q = number_then_unit(p, end, 0, pt->unit, NULL, value);
        if (!q)
          return false;
        for (size_t g = 0; q < end && g <= NOUN_GAP; g++) {
          if (lit_at(q, end, pt->noun)) {
            *after = q + strlen(pt->noun);
            return true;
          }
          if (digit_at(q, end, &n) >= 0)
            return false;
          q += n;
        }
        return false;
      }
      if (++gap > NOUN_GAP)
        return false;
      p += n;
    }
    if (p >= end)
      return false;
    /* "依申请公开" is a noun too ("收到依申请公开事项71件") */
    bool by_request = any_before(start, p, by_request_lead, 1);
    p += strlen(pt->noun);
    if (by_request && lit_at(p, end, "公开")) {
      p += strlen("公开");
      p += any_at(p, end, request_items, COUNT(request_items));
    }
  }
  if (pt->negatable && any_before(start, kw, negations, COUNT(negations))) {
    /* "未收到…申请" states 0 only if the clause states no number:
     * "尚未受理的申请2件" counts something else. */
    for (; p < end; p += n)
      if (digit_at(p, end, &n) >= 0)
        return false;
    *value = 0;
    *after = end;
    return true;
  }
  if (is_review(pt))
    p += any_at(p, end, review_nouns, COUNT(review_nouns));
  if (pt->target == TGT_CARRIED_OUT)
    p = skip_to_year(p, end);
  const char *q = number_then_unit(p, end, pt->free_gap, pt->unit, NULL, value);
  /* cases are counted in 次 as well ("被申请行政复议4次") */
  if (!q && is_review(pt))
    q = number_then_unit(p, end, pt->free_gap, "次", NULL, value);
  if (!q)
    return false;
  *after = q;
  return true;
}

/* Adds a claim, or marks a conflict with an earlier one on the same cells
 * (a repeated claim that agrees is kept once). */
static void record(scan *sc, const claim *c) {
  for (size_t i = 0; i < sc->nclaims; i++) {
    claim *o = &sc->claims[i];
    if (o->t != c->t || o->rows != c->rows)
      continue;
    if (o->value != c->value)
      o->conflict = true;
    return;
  }
  if (sc->nclaims < CLAIMS_MAX)
    sc->claims[sc->nclaims++] = *c;
}

/* Copies up to 'max' bytes of [p, q) into 'out' as an excerpt. */
static void words(char *out, size_t outsz, const char *p, const char *q) {
  gk__excerpt(out, outsz, p, (size_t)(q - p), outsz - 1 > 60 ? 60 : outsz - 1);
}

/* Rows of table review whose label or group is 'name'. */
static uint64_t review_rows(const gk_report *rep, const char *name) {
  const gk_table_def *td = &rep->tpl->tables[GK_T_REVIEW];
  uint64_t rows = 0;
  for (size_t r = 0; r < td->nrows && r < 64; r++) {
    const gk_row_def *row = &td->rows[r];
    if (row->colset->sum_col >= 0 &&
        (strcmp(row->label, name) == 0 ||
         (row->group && strcmp(row->group, name) == 0)))
      rows |= (uint64_t)1 << r;
  }
  return rows;
}

static uint64_t bit(size_t r) { return (uint64_t)1 << r; }

/* The claim a pattern's match makes, or false when it names no cells. */
static bool pattern_claim(const scan *sc, const pattern *pt, const char *start,
                          const char *kw, claim *c) {
  switch (pt->target) {
  case TGT_APPLY_NEW:
    if (!sc->roles)
      return false;
    c->t = GK_T_APPLY;
    c->rows = bit(sc->row_new);
    c->alt = bit(sc->row_new) | bit(sc->row_in); /* some count 受理 so */
    return true;
  case TGT_DONE:
    if (!sc->roles)
      return false;
    c->t = GK_T_APPLY;
    c->rows = bit(sc->row_total);
    return true;
  case TGT_CARRIED_OUT:
    if (!sc->roles)
      return false;
    c->t = GK_T_APPLY;
    c->rows = any_before(start, kw, comparisons, 1) ? bit(sc->row_in)
                                                    : bit(sc->row_out);
    return true;
  case TGT_RECONSIDERATION:
  case TGT_LITIGATION:
    c->t = GK_T_REVIEW;
    c->rows = review_rows(sc->rep, pt->keyword);
    return c->rows != 0;
  case TGT_PROACTIVE:
  case TGT_OUTCOME:
    return false;
  }
  return false;
}

/* An outcome claim at 'kw' (outcome 'k' named there): names joined by
 * 及/和/与/、, then the number, with its unit or its share (which may lie
 * past the clause's end, before 'limit'). */
static bool match_outcome(const scan *sc, size_t k, const char *start,
                          const char *kw, const char *end, const char *limit,
                          claim *c, const char **after) {
  if (list_item(start, kw) || any_before(start, kw, refusals, COUNT(refusals)))
    return false;
  const char *p = kw + sc->outcomes[k].len;
  c->t = GK_T_APPLY;
  c->rows = sc->outcomes[k].rows;
  for (size_t joined = 0; joined < sc->noutcomes; joined++) {
    size_t n = any_at(p, end, joins, COUNT(joins)), j = 0;
    if (!n)
      break;
    for (; j < sc->noutcomes; j++)
      if (lit_is(p + n, end, sc->outcomes[j].name, sc->outcomes[j].len))
        break;
    if (j == sc->noutcomes)
      break;
    c->rows |= sc->outcomes[j].rows;
    p += n + sc->outcomes[j].len;
  }
  /* "予以公开N件" may mean with 部分公开 (both are disclosed) */
  if (k == 0 && c->rows == sc->outcomes[0].rows && sc->noutcomes > 1)
    c->alt = c->rows | sc->outcomes[1].rows;
  const char *q = number_then_unit(p, end, 3, "件", limit, &c->value);
  if (!q)
    return false;
  words(c->what, sizeof(c->what), kw, q);
  *after = q;
  return true;
}

/* True if a keyword other than pattern 'self' (or an outcome name) starts
 * in [p, q): "办结上年结转申请2件" is about 上年结转, not all answers. The
 * range is a claim's few characters. */
static bool names_another(const scan *sc, size_t self, const char *p,
                          const char *q) {
  for (size_t i = 0; i < COUNT(patterns); i++)
    if (i != self && strcmp(patterns[i].keyword, patterns[self].keyword) &&
        find_lit_n(p, q, patterns[i].keyword, sc->kw_len[i]))
      return true;
  for (size_t k = 0; k < sc->noutcomes; k++)
    if (find_lit_n(p, q, sc->outcomes[k].name, sc->outcomes[k].len))
      return true;
  return false;
}

/* True if an outcome's name ends at 'kw': "予以公开答复30件" counts that
 * outcome's answers (its own claim), not all of them. */
static bool outcome_before(const scan *sc, const char *start, const char *kw) {
  for (size_t k = 0; k < sc->noutcomes; k++)
    if ((size_t)(kw - start) >= sc->outcomes[k].len &&
        memcmp(kw - sc->outcomes[k].len, sc->outcomes[k].name,
               sc->outcomes[k].len) == 0)
      return true;
  return false;
}

/* Claims in the clause [start, end). occ[i] is keyword i's first
 * occurrence at or after 'start' in the section (clause_has_keyword keeps
 * it so), NULL if none: a keyword whose first occurrence does not end
 * inside the clause is not searched for in it. */
static void scan_clause(scan *sc, const char *const *occ, const char *start,
                        const char *end, const char *limit, int section,
                        int64_t line) {
  if (compares(start, end) || other_year(sc, start, end))
    return;
  const char *scope = NULL;
  for (size_t i = 0; i < COUNT(scopes) && !scope; i++)
    scope = find_lit(start, end, scopes[i]);
  claim c;
  denial dn = {false, NULL, NULL};
  for (size_t i = 0; i < COUNT(patterns); i++) {
    const pattern *pt = &patterns[i];
    size_t kwlen = sc->kw_len[i];
    if (!occ[i] || occ[i] >= end || (size_t)(end - occ[i]) < kwlen)
      continue;
    for (const char *p = occ[i]; p;
         p = find_lit_n(p + kwlen, end, pt->keyword, kwlen)) {
      const char *after;
      memset(&c, 0, sizeof(c));
      if ((pt->target == TGT_DONE && outcome_before(sc, start, p)) ||
          !match(pt, start, p, end, &dn, &c.value, &after))
        continue;
      if (pt->target == TGT_PROACTIVE) {
        if (!sc->proactive_seen) {
          sc->proactive_seen = true;
          sc->proactive = c.value;
          sc->proactive_section = section;
          sc->proactive_line = line;
        } else if (sc->proactive != c.value) {
          sc->proactive_conflict = true;
        }
        continue;
      }
      if (names_another(sc, i, p + kwlen, after) ||
          !pattern_claim(sc, pt, start, p, &c))
        continue;
      c.section = section;
      c.line = line;
      /* 上年结转 is quoted whole */
      bool last_year =
          pt->target == TGT_CARRIED_OUT && any_before(start, p, comparisons, 1);
      /* a denial is quoted from its negation */
      const char *denied = is_review(pt) ? denied_at(&dn, start, p, end) : NULL;
      words(c.what, sizeof(c.what),
            denied      ? denied
            : last_year ? p - strlen(comparisons[0])
                        : p,
            after);
      if (scope && scope < p)
        words(c.scope, sizeof(c.scope), start, p);
      read_share(&c, after, limit);
      record(sc, &c);
    }
  }
  for (size_t k = 0; k < sc->noutcomes; k++) {
    const outcome *o = &sc->outcomes[k];
    const char *first = occ[COUNT(patterns) + k];
    if (!first || first >= end || (size_t)(end - first) < o->len)
      continue;
    for (const char *p = first; p;
         p = find_lit_n(p + o->len, end, o->name, o->len)) {
      const char *after;
      memset(&c, 0, sizeof(c));
      if (!match_outcome(sc, k, start, p, end, limit, &c, &after))
        continue;
      c.section = section;
      c.line = line;
      if (scope && scope < p)
        words(c.scope, sizeof(c.scope), start, p);
      read_share(&c, after, limit);
      record(sc, &c);
    }
  }
}

/* Line of a position in section 's': the section's text starts on the
 * line after its heading. */
static int64_t line_of(const gk_report *rep, int s) {
  return rep->section_line[s] ? rep->section_line[s] + 1 : 0;
}

/* True if some keyword lies within the clause [start, cend) of the
 * section ending at 'end'. occ[i] is keyword i's first occurrence at or
 * after an earlier clause's start (NULL: none left): clauses move
 * forward, so each keyword is searched for once over the section instead
 * of once per clause. Keywords: the patterns', then the outcome names. */
static bool clause_has_keyword(scan *sc, const char **occ, const char *start,
                               const char *cend, const char *end) {
  /* most clauses end before the next keyword: one comparison */
  if (!sc->soonest || (sc->soonest >= start && sc->soonest >= cend))
    return false;
  bool any = false;
  sc->soonest = NULL;
  for (size_t i = 0; i < COUNT(patterns) + sc->noutcomes; i++) {
    const char *kw = i < COUNT(patterns)
                         ? patterns[i].keyword
                         : sc->outcomes[i - COUNT(patterns)].name;
    size_t len = i < COUNT(patterns) ? sc->kw_len[i]
                                     : sc->outcomes[i - COUNT(patterns)].len;
    if (occ[i] && occ[i] < start)
      occ[i] = find_lit_n(start, end, kw, len);
    if (occ[i] && (size_t)(cend - occ[i]) >= len && occ[i] < cend)
      any = true;
    if (occ[i] && (!sc->soonest || occ[i] < sc->soonest))
      sc->soonest = occ[i];
  }
  return any;
}

static void scan_section(scan *sc, int s) {
  const char *text = sc->rep->sections[s];
  const char *end = text + sc->rep->section_len[s];
  const char *start = text;
  const char *occ[COUNT(patterns) + OUTCOMES_MAX];
  for (size_t i = 0; i < COUNT(patterns); i++)
    occ[i] = find_lit_n(text, end, patterns[i].keyword, sc->kw_len[i]);
  for (size_t k = 0; k < sc->noutcomes; k++)
    occ[COUNT(patterns) + k] =
        find_lit_n(text, end, sc->outcomes[k].name, sc->outcomes[k].len);
  sc->soonest = NULL;
  for (size_t i = 0; i < COUNT(patterns) + sc->noutcomes; i++)
    if (occ[i] && (!sc->soonest || occ[i] < sc->soonest))
      sc->soonest = occ[i];
  int64_t line = line_of(sc->rep, s);
  for (const char *p = text; p < end;) {
    if (!sc->soonest)
      return; /* no keyword left in the section: no claim either */
    size_t n = sc->stop_lead[(unsigned char)*p] ? stop_at(sc, p, end) : 0;
    if (!n) {
      p += char_len(p, end);
      continue;
    }
    if (clause_has_keyword(sc, occ, start, p, end))
      scan_clause(sc, occ, start, p, end, s + 1, line ? line : 0);
    if (line)
      line += *p == '\n';
    p += n;
    start = p;
  }
  if (clause_has_keyword(sc, occ, start, end, end))
    scan_clause(sc, occ, start, end, end, s + 1, line);
}

/* The local 发布总数量 line anywhere in the text: the number after the
 * last colon of the line. One pass over the lines keeps this linear. */
static void scan_local(scan *sc, int s) {
  const char *text = sc->rep->sections[s];
  const char *end = text + sc->rep->section_len[s];
  if (!find_lit(text, end, local_total))
    return; /* the common case: no such line */
  int64_t line = line_of(sc->rep, s);
  for (const char *p = text; p < end; line += line != 0) {
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
      if (read_number(&colon, eol, &v)) {
        if (!sc->local_seen) {
          sc->local_seen = true;
          sc->local = v;
        } else if (sc->local != v) {
          sc->local_conflict = true;
        }
      }
    }
    p = eol + 1;
  }
}

/* An outcome row's name: its numbered group ("（三）不予公开") or its own
 * label, without the numbering "（n）" and the aside "（…）". */
static void outcome_name(const gk_row_def *row, char *out, size_t outsz) {
  static const char open[] = "（", close[] = "）";
  const char *s = row->group && strncmp(row->group, open, strlen(open)) == 0
                      ? row->group
                      : row->label;
  if (strncmp(s, open, strlen(open)) == 0) {
    const char *c = strstr(s, close);
    if (c)
      s = c + strlen(close);
  }
  const char *aside = strstr(s, open);
  size_t n = aside ? (size_t)(aside - s) : strlen(s);
  if (n >= outsz)
    n = 0; /* too long to be a name: none */
  memcpy(out, s, n);
  out[n] = '\0';
}

/* The template's outcome names and the four roles' rows. Rows numbered
 * "1." under no numbered group (none in either format) name nothing. */
static void learn_template(scan *sc) {
  const gk_table_def *td = &sc->rep->tpl->tables[GK_T_APPLY];
  bool seen[GK_ROLE_CARRIED_OUT + 1] = {false};
  size_t at[GK_ROLE_CARRIED_OUT + 1] = {0};
  for (size_t r = 0; r < td->nrows && r < 64; r++) {
    const gk_row_def *row = &td->rows[r];
    if (row->colset->sum_col < 0)
      continue;
    if (row->role != GK_ROLE_OUTCOME) {
      if (!seen[row->role]) {
        seen[row->role] = true;
        at[row->role] = r;
      }
      continue;
    }
    char name[NAME_MAX];
    outcome_name(row, name, sizeof(name));
    if (!name[0] || (unsigned char)name[0] < 0x80)
      continue;
    size_t k = 0;
    while (k < sc->noutcomes && strcmp(sc->outcomes[k].name, name) != 0)
      k++;
    if (k == sc->noutcomes) {
      if (k == OUTCOMES_MAX)
        continue;
      memcpy(sc->outcomes[k].name, name, sizeof(name));
      sc->outcomes[k].len = strlen(name);
      sc->noutcomes++;
    }
    sc->outcomes[k].rows |= bit(r);
  }
  sc->roles = seen[GK_ROLE_NEW] && seen[GK_ROLE_CARRIED_IN] &&
              seen[GK_ROLE_TOTAL] && seen[GK_ROLE_CARRIED_OUT];
  sc->row_new = at[GK_ROLE_NEW];
  sc->row_in = at[GK_ROLE_CARRIED_IN];
  sc->row_total = at[GK_ROLE_TOTAL];
  sc->row_out = at[GK_ROLE_CARRIED_OUT];
}

static bool table_usable(const gk_report *rep, size_t t) {
  if (!rep->table_found[t])
    return false;
  for (size_t i = 0; i < rep->tpl->tables[t].ncells; i++)
    if (rep->cells[t][i].flags & GK_CELL_AMBIGUOUS)
      return false;
  return true;
}

/* The tables as the arithmetic sees them (blank totals a relation fixes
 * count with that value). */
typedef struct seen {
  bool usable[GK_TABLES];
  int64_t v[GK_TABLES][APPLY_SEEN_MAX];
} seen;

/* Sum of the 总计 cells of 'rows' in table t. */
static int64_t sum_rows(const gk_report *rep, const seen *sn, size_t t,
                        uint64_t rows) {
  const gk_table_def *td = &rep->tpl->tables[t];
  int64_t sum = 0;
  for (size_t r = 0; r < td->nrows && r < 64; r++) {
    if (!(rows & bit(r)) || td->rows[r].colset->sum_col < 0)
      continue;
    size_t i =
        gk__cell_index(rep->tpl, t, r, (size_t)td->rows[r].colset->sum_col);
    sum += sn->v[t][i];
  }
  return sum;
}

/* Names the cells of a claim: the one row's 总计 cell, or the rows' ids. */
static void cells_name(const gk_report *rep, size_t t, uint64_t rows, char *zh,
                       size_t zhsz, char *en, size_t ensz, int *one) {
  const gk_table_def *td = &rep->tpl->tables[t];
  size_t n = 0, first = 0;
  for (size_t r = 0; r < td->nrows && r < 64; r++)
    if (rows & bit(r)) {
      if (!n++)
        first = r;
    }
  int sc = td->rows[first].colset->sum_col;
  if (n == 1) {
    gk__check_cell_zh(zh, zhsz, rep->tpl, t, first, sc);
    gk__check_cell_en(en, ensz, rep->tpl, t, first, sc);
    *one = (int)first;
    return;
  }
  *one = -1;
  size_t zl =
      (size_t)snprintf(zh, zhsz, "%s", t == GK_T_APPLY ? "表三" : "表四");
  size_t el = (size_t)snprintf(en, ensz, "the sum of %s", td->id);
  for (size_t r = 0, k = 0; r < td->nrows && r < 64; r++) {
    if (!(rows & bit(r)))
      continue;
    if (zl < zhsz)
      zl += (size_t)snprintf(zh + zl, zhsz - zl, "%s%s", k ? "、" : "",
                             td->rows[r].id);
    if (el < ensz)
      el += (size_t)snprintf(en + el, ensz - el, "%s%s.%s", k ? " + " : " ",
                             td->rows[r].id, td->rows[r].colset->cols[sc].id);
    k++;
  }
  if (zl < zhsz)
    snprintf(zh + zl, zhsz - zl, "各行总计之和（%s.*.%s）", td->id,
             td->rows[first].colset->cols[sc].id);
}

/* The scope note of a claim ("" when none). */
static void scope_note(const claim *c, char *zh, size_t zhsz, char *en,
                       size_t ensz) {
  zh[0] = en[0] = '\0';
  if (!c->scope[0])
    return;
  snprintf(zh, zhsz, "（该句限于“%s”，报告未另列其表格，按全表比较）",
           c->scope);
  snprintf(en, ensz,
           " (the sentence speaks for \"%s\"; the report has no other "
           "table, so it is compared with the whole table)",
           c->scope);
}

/* text vs table: the claim's number = the sum of the cells it names */
static gk_status compare_claim(gk_report *rep, const seen *sn, const claim *c,
                               bool *agrees) {
  int64_t sum = sum_rows(rep, sn, c->t, c->rows);
  *agrees = c->value == sum ||
            (c->alt && c->value == sum_rows(rep, sn, c->t, c->alt));
  if (*agrees)
    return GK_OK;
  char name_zh[512], name_en[512], vs[32], vt[32], nz[256], ne[256];
  char zh[1024], en[1024];
  int one;
  cells_name(rep, c->t, c->rows, name_zh, sizeof(name_zh), name_en,
             sizeof(name_en), &one);
  scope_note(c, nz, sizeof(nz), ne, sizeof(ne));
  gk__format_scaled(vs, sizeof(vs), c->value);
  gk__format_scaled(vt, sizeof(vt), sum);
  snprintf(zh, sizeof(zh), "正文第%d部分称“%s”，表中%s为 %s%s", c->section,
           c->what, name_zh, vt, nz);
  snprintf(en, sizeof(en),
           "section %d of the text states \"%s\" (%s) but %s is %s%s",
           c->section, c->what, vs, name_en, vt, ne);
  const gk_table_def *td = &rep->tpl->tables[c->t];
  size_t first = one >= 0 ? (size_t)one : 0;
  while (one < 0 && !(c->rows & bit(first)))
    first++;
  return gk__check_add(rep, GK_RULE_NARRATIVE, gk__check_sev(GK_RULE_NARRATIVE),
                       c->t, one, td->rows[first].colset->sum_col, &c->value,
                       &sum, c->line, zh, en);
}

/* True if 100 * part / base, to 'dec' decimals (rounded or cut), is y. */
static bool share_fits(int64_t part, int64_t base, int64_t y, int dec) {
  if (base <= 0)
    return false;
  int64_t scale = 100;
  for (int i = 0; i < dec; i++)
    scale *= 10;
  /* part and base are counts (scaled): compare part * scale with y * base
   * without dividing; the difference within half a unit (rounded) or
   * within one unit below (cut) */
  int64_t p = part / GK_SCALE, b = base / GK_SCALE;
  if (b <= 0 || p < 0 || p > INT64_MAX / scale / 2 || y > INT64_MAX / b / 2)
    return false;
  int64_t diff = p * scale - y * b; /* b times the error in units of Y */
  return (2 * diff <= b && 2 * diff >= -b) || (diff >= 0 && diff < b);
}

/* text vs table: a claim's share "占Y%" = its cells over 办结 or 本年新收 */
static gk_status compare_share(gk_report *rep, const seen *sn, const scan *sc,
                               const claim *c) {
  if (!c->has_pct || c->t != GK_T_APPLY || !sc->roles)
    return GK_OK;
  int64_t part = sum_rows(rep, sn, c->t, c->rows);
  int64_t bases[3] = {
      sum_rows(rep, sn, GK_T_APPLY, bit(sc->row_total)),
      sum_rows(rep, sn, GK_T_APPLY, bit(sc->row_new)),
      sum_rows(rep, sn, GK_T_APPLY, bit(sc->row_new) | bit(sc->row_in))};
  for (size_t i = 0; i < 3; i++)
    if (share_fits(part, bases[i], c->pct, c->pct_dec))
      return GK_OK;
  if (bases[0] <= 0)
    return GK_OK; /* nothing answered: no share to check */
  char vp[32], vt[32], vb[32], vz[32], zh[768], en[768];
  /* the stated and the table's share, scaled like every value */
  int64_t ys = c->pct, want = 0;
  for (int i = c->pct_dec; i < 4; i++)
    ys *= 10;
  if (part / GK_SCALE <= INT64_MAX / (100 * GK_SCALE))
    want = part / GK_SCALE * 100 * GK_SCALE / (bases[0] / GK_SCALE);
  gk__format_scaled(vp, sizeof(vp), ys);
  gk__format_scaled(vt, sizeof(vt), part);
  gk__format_scaled(vb, sizeof(vb), bases[0]);
  gk__format_scaled(vz, sizeof(vz), want);
  snprintf(zh, sizeof(zh),
           "正文第%d部分称“%s”占 %s%%，表中为 %s / %s（（七）总计），即 %s%%",
           c->section, c->what, vp, vt, vb, vz);
  snprintf(en, sizeof(en),
           "section %d of the text states %s%% for \"%s\" but the table "
           "gives %s of %s answered (apply.total.total), %s%%",
           c->section, vp, c->what, vt, vb, vz);
  return gk__check_add(rep, GK_RULE_NARRATIVE, gk__check_sev(GK_RULE_NARRATIVE),
                       GK_T_APPLY, -1, -1, &ys, &want, c->line, zh, en);
}

/* text vs the local line: items stated published = 发布总数量 */
static gk_status compare_proactive(gk_report *rep, const scan *sc) {
  if (!sc->proactive_seen || sc->proactive_conflict || !sc->local_seen ||
      sc->local_conflict || sc->proactive == sc->local)
    return GK_OK;
  char vs[32], vt[32], zh[512], en[512];
  gk__format_scaled(vs, sizeof(vs), sc->proactive);
  gk__format_scaled(vt, sizeof(vt), sc->local);
  snprintf(zh, sizeof(zh),
           "正文第%d部分称主动公开 %s 条，报告所列发布总数量为 %s",
           sc->proactive_section, vs, vt);
  snprintf(en, sizeof(en),
           "section %d of the text states %s items published proactively but "
           "the report's 发布总数量 line says %s",
           sc->proactive_section, vs, vt);
  return gk__check_add(rep, GK_RULE_NARRATIVE, gk__check_sev(GK_RULE_NARRATIVE),
                       GK_TABLES, -1, -1, &sc->proactive, &sc->local,
                       sc->proactive_line, zh, en);
}

gk_status gk__check_narrative(gk_report *rep) {
  /* the scan holds 64 claims and the seen tables: too big for the stack
   * of a worker thread's caller to waste, small for the heap */
  scan *sc = gk__malloc(&rep->alloc, sizeof(*sc));
  seen *sn = gk__malloc(&rep->alloc, sizeof(*sn));
  gk_status st = GK_OK;
  if (!sc || !sn) {
    st = GK_E_NOMEM;
    goto done;
  }
  memset(sc, 0, offsetof(scan, claims)); /* the claims are set as made */
  sc->rep = rep;
  /* a cheap filter before any_at() on every character */
  for (size_t i = 0; i < COUNT(stops); i++) {
    sc->stop_lead[(unsigned char)stops[i][0]] = true;
    sc->stop_len[i] = strlen(stops[i]);
  }
  for (size_t i = 0; i < COUNT(patterns); i++)
    sc->kw_len[i] = strlen(patterns[i].keyword);
  learn_template(sc);
  /* Sections 一 to 三 tell the year's story; 六 states fees and the like;
   * 四 and 五 rarely restate numbers. */
  for (int s = 0; s < GK_SECTIONS; s++)
    if (rep->sections[s] && (s < 3 || s == 5))
      scan_section(sc, s);
  for (int s = 0; s < GK_SECTIONS; s++)
    if (rep->sections[s])
      scan_local(sc, s);
  if (sc->nclaims) {
    for (size_t t = 0; t < GK_TABLES; t++) {
      sn->usable[t] = (t == GK_T_APPLY || t == GK_T_REVIEW) &&
                      table_usable(rep, t) &&
                      rep->tpl->tables[t].ncells <= APPLY_SEEN_MAX;
      if (sn->usable[t])
        gk__check_seen(rep, t, sn->v[t]);
    }
  }
  for (size_t i = 0; i < sc->nclaims && !st; i++) {
    const claim *c = &sc->claims[i];
    bool agrees = false;
    if (c->conflict || c->t >= GK_TABLES || !sn->usable[c->t])
      continue;
    st = compare_claim(rep, sn, c, &agrees);
    if (!st && agrees)
      st = compare_share(rep, sn, sc, c);
  }
  if (!st)
    st = compare_proactive(rep, sc);
done:
  gk__free(&rep->alloc, sn);
  gk__free(&rep->alloc, sc);
  return st;
}
