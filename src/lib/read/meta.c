/* meta.c: agency, year, period and date of a report, from its text.
 *
 * Source of truth: 条例 第四十九条 (spec/law.md: a report covers the previous
 * calendar year and carries its date) and the seeds' shapes: the title
 * "满洲里市统计局2020年政府信息\n\n公开工作年度报告" (over 1–3 lines),
 * also "2020年XX局政府信息公开工作年度报告" and "XX关于2020年…"; the
 * period "统计期限为2020 年1月1日至2020年12月31日"; the date, last in the
 * tail, as 2021年1月14日 or 二〇二一年一月十四日. */
#include "../model/rules.h"
#include "text_internal.h"

#include <string.h>

/* === Digits: ASCII, full-width, Chinese numerals === */

/* Value of an Arabic digit at s (ASCII or full-width), its length in *n. */
static int arabic(const char *s, size_t len, size_t *n) {
  unsigned char c = (unsigned char)s[0];
  if (c >= '0' && c <= '9') {
    *n = 1;
    return c - '0';
  }
  if (len >= 3 && c == 0xef && (unsigned char)s[1] == 0xbc &&
      (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x99) {
    *n = 3;
    return (unsigned char)s[2] - 0x90;
  }
  return -1;
}

static size_t skip_spaces(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    if (s[i] == ' ' || s[i] == '\t') {
      i++;
    } else if (len - i >= 3 && memcmp(s + i, "\xe3\x80\x80", 3) == 0) {
      i += 3;
    } else if (len - i >= 2 && memcmp(s + i, "\xc2\xa0", 2) == 0) {
      i += 2;
    } else {
      break;
    }
  }
  return i;
}

/* Reads a number of at most 'maxd' digits, Arabic or (if 'cn') Chinese;
 * Chinese month/day numbers use 十 (十四, 二十, 三十一). */
static size_t number(const char *s, size_t len, size_t maxd, bool cn,
                     int *value) {
  size_t i = 0, nd = 0, n;
  int v = 0;
  int d;
  while (i < len && nd < maxd && (d = arabic(s + i, len - i, &n)) >= 0) {
    v = v * 10 + d;
    i += n;
    nd++;
  }
  if (nd || !cn) {
    *value = v;
    return nd ? i : 0;
  }
  int cur = -1;
  while (i < len && nd < maxd + 1 &&
         (d = gk__read_cn_digit(s + i, len - i, &n)) >= 0) {
    if (d == 10) {
      v += (cur < 0 ? 1 : cur) * 10;
      cur = -1;
    } else if (maxd == 4) {
      v = v * 10 + d; /* years are written digit by digit: 二〇二一 */
    } else {
      if (cur >= 0)
        break;
      cur = d;
    }
    i += n;
    nd++;
  }
  if (!nd)
    return 0;
  *value = v + (cur < 0 ? 0 : cur);
  return i;
}

static bool word(const char *s, size_t len, const char *w, size_t *n) {
  size_t l = strlen(w);
  if (len < l || memcmp(s, w, l) != 0)
    return false;
  *n = l;
  return true;
}

/* Reads Y年M月D日 at s (spaces allowed between parts); returns its
 * length and the date as YYYYMMDD, 0 if there is none. */
static size_t date_at(const char *s, size_t len, int32_t *ymd) {
  /* year, month, day: at most 4, 2, 2 digits, each followed by its unit
   * (the day's may be 号) */
  static const struct {
    size_t digits;
    const char *unit, *alt;
  } parts[3] = {{4, "年", NULL}, {2, "月", NULL}, {2, "日", "号"}};
  int v[3];
  size_t i = 0, n;
  bool cn = arabic(s, len, &n) < 0;
  for (size_t p = 0; p < 3; p++) {
    if (p)
      i += skip_spaces(s + i, len - i);
    size_t k = number(s + i, len - i, parts[p].digits, cn, &v[p]);
    if (!k || (p == 0 && (v[0] < 1990 || v[0] > 2100)))
      return 0;
    i += k;
    i += skip_spaces(s + i, len - i);
    if (!word(s + i, len - i, parts[p].unit, &n) &&
        !(parts[p].alt && word(s + i, len - i, parts[p].alt, &n)))
      return 0;
    i += n;
  }
  if (!gk__date_valid(v[0], v[1], v[2]))
    return 0;
  *ymd = v[0] * 10000 + v[1] * 100 + v[2];
  return i;
}

/* True if a digit (either kind) or Chinese numeral starts at s. The
 * first byte filters: this runs over every byte of the tail. */
static bool digit_start(const char *s, size_t len) {
  unsigned char c = (unsigned char)s[0];
  size_t n;
  if (c >= '0' && c <= '9')
    return true;
  if (c != 0xef && c != 0xe3 && c != 0xe4 && c != 0xe5 && c != 0xe9 &&
      c != 0xe2)
    return false;
  return arabic(s, len, &n) >= 0 || gk__read_cn_digit(s, len, &n) >= 0;
}

/* === Title, agency, year === */

/* The length of the title at the start of a long line s[0..n): up to the
 * first 年度报告 in its first 600 bytes, if 政府信息公开 comes before it
 * (a title, not a sentence about the report); 0 if none. */
static size_t long_line_title(const char *s, size_t n) {
  static const char end[] = "年度报告", what[] = "政府信息公开";
  size_t look = n < 600 ? n : 600;
  for (size_t i = 0; i + sizeof(end) - 1 <= look; i++) {
    if (memcmp(s + i, end, sizeof(end) - 1) != 0)
      continue;
    for (size_t j = 0; j + sizeof(what) - 1 <= i; j++)
      if (memcmp(s + j, what, sizeof(what) - 1) == 0)
        return i + sizeof(end) - 1;
    return 0;
  }
  return 0;
}

static void title_text(struct gk__reader *rd, char *out, size_t outsz) {
  size_t o = 0, taken = 0;
  out[0] = '\0';
  for (size_t li = 0; li < rd->nlines && taken < 3; li++) {
    const gk__rline *ln = &rd->lines[li];
    if (ln->kind == GK__LINE_BLANK)
      continue;
    size_t n = ln->len;
    const char *s = gk__read_trim(rd->text + ln->off, &n);
    /* white space only (a page's indentation, tabs a crawler kept) */
    if (!n)
      continue;
    /* a title may hold tabs where a crawler cut its runs (南区街道办事处
     * \t2021\t年度…报告): they go, the line is still the title */
    if (ln->kind != GK__LINE_PLAIN && ln->kind != GK__LINE_TAB)
      break;
    if (ln->len > 200) {
      /* a page saved as one line: its title runs on into the text */
      if (taken || !(n = long_line_title(s, n)))
        break;
      taken = 2;
    }
    /* drop [bookmark: …] markers and markdown marks (# title, **title**) */
    while (n > 10 && memcmp(s, "[bookmark:", 10) == 0) {
      const char *e = memchr(s, ']', n);
      if (!e)
        break;
      n -= (size_t)(e + 1 - s);
      s = e + 1;
    }
    while (n && (s[0] == '#' || s[0] == '*' || s[0] == ' ')) {
      s++;
      n--;
    }
    while (n && s[n - 1] == '*')
      n--;
    if (o + n + 1 > outsz)
      break;
    for (size_t i = 0; i < n; i++)
      if (s[i] != '\t')
        out[o++] = s[i];
    out[o] = '\0';
    taken++;
    if (strstr(out, "报告"))
      break;
  }
}

/* Finds "YYYY年" in s: position of its first digit, year in *y. */
static const char *find_year(const char *s, size_t len, int *y) {
  for (size_t i = 0; i < len; i++) {
    size_t n;
    if (arabic(s + i, len - i, &n) < 0)
      continue;
    int v;
    size_t k = number(s + i, len - i, 4, false, &v);
    if (k && v >= 1990 && v <= 2100) {
      size_t j = i + k + skip_spaces(s + i + k, len - i - k);
      if (word(s + j, len - j, "年", &n) &&
          (i == 0 || arabic(s + i - 1, 1, &n) < 0)) {
        *y = v;
        return s + i;
      }
    }
    i += k ? k - 1 : 0;
  }
  return NULL;
}

static void set_agency(struct gk__reader *rd, const char *s, size_t n) {
  s = gk__read_trim(s, &n);
  size_t l;
  /* a crawler's or a page's field name before the title ("标题: ",
   * "文章标题："): no agency's name holds a colon */
  for (size_t i = 0; i < n; i++) {
    if (s[i] == ':' || (n - i >= 3 && word(s + i, n - i, "：", &l))) {
      size_t c = s[i] == ':' ? 1 : 3;
      n -= i + c;
      s += i + c;
      i = (size_t)-1;
    }
  }
  s = gk__read_trim(s, &n);
  if (n >= 6 && word(s + n - 6, 6, "关于", &l))
    n -= 6;
  s = gk__read_trim(s, &n);
  if (n >= sizeof(rd->agency))
    n = sizeof(rd->agency) - 1;
  memcpy(rd->agency, s, n);
  rd->agency[n] = '\0';
}

/* The period is stated before the tables (preamble or section 一). */
static void find_period(struct gk__reader *rd) {
  for (size_t li = 0; li < rd->nlines; li++) {
    const gk__rline *ln = &rd->lines[li];
    if (ln->kind == GK__LINE_TAB)
      return;
    if (ln->kind != GK__LINE_PLAIN && ln->kind != GK__LINE_HEADING)
      continue;
    const char *s = rd->text + ln->off;
    size_t len = ln->len;
    for (size_t i = 0; i < len; i++) {
      /* a Chinese character (E4..E9 and two continuation bytes: the
       * text is UTF-8) holds no digit: skipped whole */
      unsigned char c = (unsigned char)s[i];
      if (c >= 0xe4 && c <= 0xe9 && len - i >= 3) {
        i += 2;
        continue;
      }
      size_t n0;
      if (arabic(s + i, len - i, &n0) < 0)
        continue;
      int32_t a, b;
      size_t k = date_at(s + i, len - i, &a);
      if (!k)
        continue;
      size_t j = i + k + skip_spaces(s + i + k, len - i - k), n;
      if (!word(s + j, len - j, "至", &n) && !word(s + j, len - j, "到", &n) &&
          !word(s + j, len - j, "-", &n) && !word(s + j, len - j, "—", &n))
        continue;
      j += n;
      j += skip_spaces(s + j, len - j);
      if (date_at(s + j, len - j, &b) && b >= a) {
        rd->period_from = a;
        rd->period_to = b;
        rd->period_stated = true;
        return;
      }
    }
  }
}

void gk__read_title(struct gk__reader *rd) {
  char title[640];
  int y = 0;
  GK__DOING(rd, "读取标题", "reading the title");
  title_text(rd, title, sizeof(title));
  /* …政府信息公开工作年度报告, …政务公开年度报告: an excerpt of a report
   * is still one (a finding names what it lacks) */
  rd->titled = strstr(title, "年度报告") && strstr(title, "公开");
  size_t tl = strlen(title);
  const char *at = find_year(title, tl, &y);
  if (at) {
    rd->year = y;
    if (at > title) {
      set_agency(rd, title, (size_t)(at - title));
    } else {
      /* 2020年XX局政府信息公开工作年度报告 */
      const char *nian = strstr(at, "年");
      const char *p = nian ? nian + 3 : at;
      if (strncmp(p, "度", 3) == 0)
        p += 3;
      const char *e = strstr(p, "政府信息公开");
      if (!e)
        e = strstr(p, "政务公开");
      if (e && e > p)
        set_agency(rd, p, (size_t)(e - p));
    }
  }
  find_period(rd);
  if (!rd->year && rd->period_to)
    rd->year = rd->period_to / 10000;
  if (!rd->period_stated && rd->year) {
    rd->period_from = rd->year * 10000 + 101;
    rd->period_to = rd->year * 10000 + 1231;
  }
}

/* Reads a date that starts in the last bytes of line li and goes on at
 * the start of the next non-blank lines ("2021 年 1" / "月 14 日": a
 * signature line wrapped by a PDF or a narrow page; "2021" / "年" / "1" /
 * "月" / "14" / "日": a crawler that puts every run of a page's text on a
 * line of its own). Lines after the first join only while they are short,
 * as a date's parts are. */
static bool wrapped_date(struct gk__reader *rd, size_t li, int32_t *ymd) {
  enum { PART = 24, MORE = 5 }; /* bytes of a part; lines after li */
  const gk__rline *ln = &rd->lines[li];
  size_t a = ln->len;
  const char *sa = gk__read_trim(rd->text + ln->off, &a);
  char buf[PART * (MORE + 1)];
  size_t ta = a < PART ? a : PART, tb = 0;
  memcpy(buf, sa + a - ta, ta);
  size_t nx = li + 1;
  for (int m = 0; m < MORE && nx < rd->nlines; m++, nx++) {
    while (nx < rd->nlines && rd->lines[nx].kind == GK__LINE_BLANK)
      nx++;
    if (nx >= rd->nlines)
      break;
    size_t b = rd->lines[nx].len;
    const char *sb = gk__read_trim(rd->text + rd->lines[nx].off, &b);
    if (m && b > PART)
      break;
    size_t take = b < PART ? b : PART;
    memcpy(buf + ta + tb, sb, take);
    tb += take;
    if (b > PART)
      break;
  }
  if (!tb)
    return false;
  /* a date starting in this line's part and ending in the next ones */
  for (size_t i = 0; i < ta; i++) {
    if (!digit_start(buf + i, ta + tb - i))
      continue;
    size_t k = date_at(buf + i, ta + tb - i, ymd);
    if (k && i + k > ta)
      return true;
  }
  return false;
}

void gk__read_date(struct gk__reader *rd) {
  GK__DOING(rd, "读取报告日期", "reading the date");
  for (size_t li = rd->tail_line; li < rd->nlines; li++) {
    const gk__rline *ln = &rd->lines[li];
    const char *s = rd->text + ln->off;
    size_t len = ln->len;
    for (size_t i = 0; i < len; i++) {
      if (!digit_start(s + i, len - i))
        continue;
      int32_t d;
      size_t k = date_at(s + i, len - i, &d);
      if (k) {
        rd->date = d;
        rd->date_line = (int64_t)li + 1;
        i += k - 1;
      }
    }
    int32_t d;
    if (wrapped_date(rd, li, &d)) {
      rd->date = d;
      rd->date_line = (int64_t)li + 1;
    }
  }
}

/* === Two reports in one file === */

/* First occurrence of k[0..kl) in h[0..hl), NULL if none. */
static const char *find(const char *h, size_t hl, const char *k, size_t kl) {
  /* memchr for the key's last byte: a Chinese key's first byte (E4..E9)
   * starts a third of a Chinese text's characters, its last byte (one of
   * 64 continuation bytes) far fewer; candidates still come in order */
  size_t at = kl - 1;
  while (kl && at < hl) {
    const char *p = memchr(h + at, k[kl - 1], hl - at);
    if (!p)
      return NULL;
    const char *c = p - (kl - 1);
    if (memcmp(c, k, kl) == 0)
      return c;
    at = (size_t)(p - h) + 1;
  }
  return kl ? NULL : h;
}

/* True if the heading numeral 'cn' or 'ar' (二 or 2) and 、 . or ．
 * (spaces around them allowed), or a line's start, come right before
 * s[at]: a section's
 * heading, not its title quoted in the preamble (本报告包括总体情况、主动
 * 公开政府信息情况…). */
static bool numbered_at(const char *s, size_t at, const char *cn, char ar) {
  size_t i = at, l;
  while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
    i--;
  if (i == 0 || s[i - 1] == '\n')
    return true; /* a heading on a line of its own, unnumbered */
  if (i >= 3 && (word(s + i - 3, 3, "、", &l) || word(s + i - 3, 3, "．", &l)))
    i -= 3;
  else if (i >= 1 && s[i - 1] == '.')
    i--;
  else
    return false;
  while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
    i--;
  return (i >= 3 && word(s + i - 3, 3, cn, &l)) || (i >= 1 && s[i - 1] == ar);
}

/* The first heading 'title' numbered cn/ar in s[from, len), NULL if none. */
static const char *heading_at(const char *s, size_t from, size_t len,
                              const char *title, const char *cn, char ar) {
  size_t tl = strlen(title);
  while (from < len) {
    const char *p = find(s + from, len - from, title, tl);
    if (!p || numbered_at(s, (size_t)(p - s), cn, ar))
      return p;
    from = (size_t)(p - s) + tl;
  }
  return NULL;
}

/* Start of the line holding s[at], or of what follows the last 。 on it
 * (a page saved as one line). */
static size_t line_start(const char *s, size_t at) {
  size_t c = at;
  while (c > 0 && s[c - 1] != '\n' &&
         !(c >= 3 && memcmp(s + c - 3, "。", 3) == 0))
    c--;
  return c;
}

/* A second report: section 二's title (主动公开政府信息情况, the same in
 * both templates) again after section 六's (需要报告的事项): a report's
 * parts run 一 to 六 once. The second report starts at its title (the
 * first …工作年度报告 after section 六's heading: its line, the line before
 * too when the title wraps there) or else at section 二's heading. */
size_t gk__read_glued_at(const char *s, size_t len) {
  static const char two[] = "主动公开政府信息情况", six[] = "需要报告的事项",
                    title[] = "工作年度报告";
  const char *t2 = heading_at(s, 0, len, two, "二", '2');
  if (!t2)
    return 0;
  size_t from = (size_t)(t2 - s) + sizeof(two) - 1;
  const char *t6 = heading_at(s, from, len, six, "六", '6');
  if (!t6)
    t6 = heading_at(s, from, len, "其他需要报告的事项", "六", '6');
  /* sections 二 to 五 hold the tables: a table of contents listing the
   * headings (二 … 六, then the body's 一, 二 …) is no first report */
  if (!t6 || (size_t)(t6 - t2) < 1000)
    return 0;
  from = (size_t)(t6 - s) + sizeof(six) - 1;
  const char *again = heading_at(s, from, len, two, "二", '2');
  if (!again)
    return 0;
  size_t at = (size_t)(again - s);
  const char *tt = find(s + from, at - from, title, sizeof(title) - 1);
  size_t cut = line_start(s, tt ? (size_t)(tt - s) : at);
  if (tt && cut > from + 1 && s[cut - 1] == '\n') {
    /* the title's first half on the line before, blank lines between
     * (…2020年政府信息 / 公开工作年度报告): short, no sentence end */
    size_t e = cut - 1;
    while (e > from && (s[e - 1] == '\n' || s[e - 1] == ' ' ||
                        s[e - 1] == '\r' || s[e - 1] == '\t'))
      e--;
    size_t prev = e;
    while (prev > from && s[prev - 1] != '\n')
      prev--;
    /* not a signature's date (…日), nor when the title line is whole
     * (a field name before it: 标题: …) */
    size_t tl = (size_t)(tt - s) - cut;
    if (prev > from && e > prev && e - prev < 80 &&
        !find(s + prev, e - prev, "。", 3) &&
        !find(s + prev, e - prev, "日", 3) && !memchr(s + cut, ':', tl) &&
        !find(s + cut, tl, "：", 3))
      cut = prev;
  }
  return cut > from ? cut : at;
}

gk_status gk__read_glued_finding(gk_report *rep, int64_t line) {
  return gk__finding_addf(rep, GK_RULE_GLUED, GK_SEV_WARNING, GK_T_APPLY, -1,
                          -1, NULL, NULL, line,
                          "第 %lld 行起是另一份年度报告，只读取了前一份",
                          "another annual report starts at line %lld: only "
                          "the first one was read",
                          (long long)line);
}
