/* due.c: working days for the ledger's deadlines (spec/law.md "Working
 * days"): the day of receipt is not counted, day 1 is the next working day.
 * Until the deadline calendar (src/lib/deadline, branch clock) is merged this
 * counts Monday to Friday only; the rules call nothing else, so switching to
 * the calendar of holidays and make-up days changes this file only. */
#include "ledger.h"

/* Days since 1970-01-01 of a YYYYMMDD date (Howard Hinnant's algorithm). */
static int64_t day_number(int32_t d) {
  int64_t y = d / 10000, m = d / 100 % 100, dd = d % 100;
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int32_t from_day_number(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
  return (int32_t)(y * 10000 + m * 100 + d);
}

/* 1970-01-01 was a Thursday: day numbers 2 and 3 (mod 7) are the weekend. */
static bool working(int64_t n) {
  int64_t w = ((n % 7) + 7) % 7;
  return w != 2 && w != 3;
}

gk_status gk__wd_add(gk_ledger *led, int32_t from, int n, int32_t *out,
                     gk_error *err) {
  (void)led;
  (void)err;
  int64_t day = day_number(from);
  while (n > 0) {
    day++;
    if (working(day))
      n--;
  }
  *out = from_day_number(day);
  return GK_OK;
}

gk_status gk__wd_between(gk_ledger *led, int32_t from, int32_t to, int *out,
                         gk_error *err) {
  (void)led;
  (void)err;
  int n = 0;
  for (int64_t d = day_number(from) + 1, e = day_number(to); d <= e; d++)
    n += working(d);
  *out = n;
  return GK_OK;
}
