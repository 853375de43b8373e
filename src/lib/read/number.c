/* number.c: what a table cell's key reads as: a number, a blank, or text.
 *
 * Source of truth: spec/report-fields.md (values are scaled by GK_SCALE;
 * amounts in 万元 may have decimals; 本年增/减 is signed, written +794 or
 * -233). Keys come from gk__read_key, so full-width digits, signs and
 * commas are ASCII already and white space is gone. Real reports write
 * a blank as nothing, "—", "-", "/" or "无"; the reader treats those alike. */
#include "text_internal.h"

#include <string.h>

/* "—" (U+2014), "–" (U+2013), "/" and "-" only, or exactly "无". */
static bool is_blank_mark(const char *k, size_t n) {
  static const char wu[] = "\xe6\x97\xa0"; /* 无 */
  if (n == 3 && memcmp(k, wu, 3) == 0)
    return true;
  size_t i = 0;
  while (i < n) {
    if (k[i] == '-' || k[i] == '/' || k[i] == '\\') {
      i++;
      continue;
    }
    if (i + 3 <= n && (unsigned char)k[i] == 0xe2 &&
        (unsigned char)k[i + 1] == 0x80 &&
        ((unsigned char)k[i + 2] == 0x94 || (unsigned char)k[i + 2] == 0x93)) {
      i += 3;
      continue;
    }
    return false;
  }
  return true;
}

/* Unit words a value may end with; 元 alone is converted by the caller. */
static size_t unit_suffix(const char *k, size_t n, bool *yuan) {
  static const char *const units[] = {
      "\xe4\xb8\x87\xe5\x85\x83", /* 万元 */
      "\xe5\x85\x83",             /* 元 */
      "\xe4\xb8\x87",             /* 万 (of 元, in an amount column) */
      "\xe4\xbb\xb6",             /* 件 */
      "\xe4\xb8\xaa",             /* 个 */
      "\xe9\xa1\xb9",             /* 项 */
      "\xe6\x9d\xa1",             /* 条 */
      "\xe6\xac\xa1",             /* 次 */
  };
  for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
    size_t u = strlen(units[i]);
    if (n > u && memcmp(k + n - u, units[i], u) == 0) {
      *yuan = (i == 1);
      return u;
    }
  }
  return 0;
}

/* What unit_suffix says of '*yuan' for key k[0..n). */
static bool ends_in_yuan(const char *k, size_t n) {
  bool yuan = false;
  unit_suffix(k, n, &yuan);
  return yuan;
}

int gk__read_value_any(const char *k, size_t n, int64_t *v, bool *yuan) {
  *yuan = false;
  *v = 0;
  if (n == 0)
    return GK__V_BLANK;
  unsigned char c0 = (unsigned char)k[0];
  /* a blank mark starts with - / \ — – (E2) or is 无 (E6) */
  if ((c0 == '-' || c0 == '/' || c0 == '\\' || c0 == 0xe2 || c0 == 0xe6) &&
      is_blank_mark(k, n))
    return GK__V_BLANK;
  /* Most keys are labels: a number starts with a digit, after its sign
   * (a unit suffix is never a digit). */
  size_t i0 = c0 == '+' || c0 == '-';
  if (i0 >= n || k[i0] < '0' || k[i0] > '9') {
    *yuan = n > 3 && (unsigned char)k[n - 1] == 0x83 && ends_in_yuan(k, n);
    return GK__V_TEXT;
  }
  if ((unsigned char)k[n - 1] >= 0x80) /* units are Chinese words */
    n -= unit_suffix(k, n, yuan);
  size_t i = 0;
  bool neg = false;
  if (k[i] == '+' || k[i] == '-') {
    neg = k[i] == '-';
    i++;
  }
  uint64_t whole = 0;
  size_t digits = 0, group = 0;
  bool commas = false;
  for (; i < n; i++) {
    char c = k[i];
    if (c >= '0' && c <= '9') {
      if (digits >= 14)
        return GK__V_TEXT; /* beyond any count: glued digits or an id */
      whole = whole * 10 + (uint64_t)(c - '0');
      digits++;
      group++;
    } else if (c == ',' && digits > 0 && i + 1 < n) {
      /* thousands separator: 1,234 or 1，234 (full-width is ',' here) */
      if (commas && group != 3)
        return GK__V_TEXT;
      commas = true;
      group = 0;
    } else {
      break;
    }
  }
  if (!digits || (commas && group != 3))
    return GK__V_TEXT;
  uint64_t frac = 0;
  if (i < n && k[i] == '.') {
    size_t fd = 0;
    i++;
    if (i >= n)
      return GK__V_TEXT;
    for (; i < n && k[i] >= '0' && k[i] <= '9'; i++, fd++) {
      if (fd < 4)
        frac = frac * 10 + (uint64_t)(k[i] - '0');
      else if (fd == 4 && k[i] >= '5')
        frac++; /* round the fifth decimal half up */
    }
    if (!fd)
      return GK__V_TEXT;
    for (; fd < 4; fd++)
      frac *= 10;
  }
  if (i != n)
    return GK__V_TEXT;
  int64_t val = (int64_t)whole * GK_SCALE + (int64_t)frac;
  *v = neg ? -val : val;
  return GK__V_NUM;
}

/* Value of a Chinese numeral at s (〇 零 ○ 一 … 十), length in *n; -1 for
 * anything else. Shared by dates (meta.c) and heading numbers (cells.c);
 * runs on every CJK character of the tail: a switch, no string compares. */
int gk__read_cn_digit(const char *s, size_t len, size_t *n) {
  unsigned char c = (unsigned char)s[0];
  if (len < 3 || c < 0xe2 || c > 0xe9)
    return -1;
  size_t m;
  switch (gk__utf8_decode(s, len, &m)) {
  case 0x3007: /* 〇 */
  case 0x96f6: /* 零 */
  case 0x25cb: /* ○ */
    *n = m;
    return 0;
  case 0x4e00:
    *n = m;
    return 1;
  case 0x4e8c:
    *n = m;
    return 2;
  case 0x4e09:
    *n = m;
    return 3;
  case 0x56db:
    *n = m;
    return 4;
  case 0x4e94:
    *n = m;
    return 5;
  case 0x516d:
    *n = m;
    return 6;
  case 0x4e03:
    *n = m;
    return 7;
  case 0x516b:
    *n = m;
    return 8;
  case 0x4e5d:
    *n = m;
    return 9;
  case 0x5341: /* 十 */
    *n = m;
    return 10;
  default:
    return -1;
  }
}
