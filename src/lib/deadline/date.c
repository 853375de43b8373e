/* date.c: ISO dates (YYYY-MM-DD) and day numbers for the deadline engine.
 * Day numbers use the proleptic Gregorian calendar (H. Hinnant's
 * days_from_civil), so a period crossing months and years is plain
 * arithmetic. */
#include "deadline.h"

int gk_date_valid(int32_t date) {
  if (date <= 0)
    return 0;
  return gk__date_valid(GK__DATE_Y(date), GK__DATE_M(date), GK__DATE_D(date));
}

int32_t gk__date_to_day(int32_t date) {
  int y = GK__DATE_Y(date), m = GK__DATE_M(date), d = GK__DATE_D(date);
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (int32_t)(era * 146097 + doe - 719468);
}

int32_t gk__day_to_date(int32_t day) {
  int32_t z = day + 719468;
  int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  int32_t doe = z - era * 146097;
  int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int32_t y = yoe + era * 400;
  int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int32_t mp = (5 * doy + 2) / 153;
  int32_t d = doy - (153 * mp + 2) / 5 + 1;
  int32_t m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
  return y * 10000 + m * 100 + d;
}

int gk_date_weekday(int32_t date) {
  /* 1970-01-01 was a Thursday (4) */
  int32_t day = gk__date_to_day(date);
  int32_t w = (day + 3) % 7;
  if (w < 0)
    w += 7;
  return (int)w + 1;
}

int32_t gk_date_add_days(int32_t date, int32_t days) {
  if (!gk_date_valid(date) || days > 1100 * 366 || days < -1100 * 366)
    return 0;
  int32_t out = gk__day_to_date(gk__date_to_day(date) + days);
  return gk_date_valid(out) ? out : 0;
}

static int digits(const char *s, size_t n, int *out) {
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 0;
}

gk_status gk_date_parse(const char *s, size_t len, int32_t *out,
                        gk_error *err) {
  int y, m, d;
  char shown[48];
  *out = 0;
  gk__excerpt(shown, sizeof(shown), s ? s : "", s ? len : 0, 40);
  if (!s || len != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
      digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "日期“%s”不是 YYYY-MM-DD 格式",
                    "date '%s' is not in the form YYYY-MM-DD", shown);
  if (!gk__date_valid(y, m, d))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "日期“%s”不存在",
                    "date '%s' does not exist", shown);
  *out = y * 10000 + m * 100 + d;
  return GK_OK;
}

void gk_date_format(int32_t date, char out[11]) {
  /* written by hand: a date is always 10 bytes, whatever the value */
  uint32_t v = date > 0 ? (uint32_t)date : 0;
  int pos[8] = {0, 1, 2, 3, 5, 6, 8, 9};
  for (int i = 7; i >= 0; i--) {
    out[pos[i]] = (char)('0' + v % 10);
    v /= 10;
  }
  out[4] = out[7] = '-';
  out[10] = '\0';
}
