/* date.c: the ledger's dates. YYYYMMDD integers inside (as gk_report_date),
 * ISO 8601 'YYYY-MM-DD' text in the store, CSV and messages. */
#include "ledger.h"

#include <stdio.h>
#include <time.h>

bool gk__iso_parse(const char *s, size_t len, int32_t *out) {
  if (len != 10 || s[4] != '-' || s[7] != '-')
    return false;
  int v[3] = {0, 0, 0};
  static const int start[3] = {0, 5, 8}, width[3] = {4, 2, 2};
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < width[k]; i++) {
      char c = s[start[k] + i];
      if (c < '0' || c > '9')
        return false;
      v[k] = v[k] * 10 + (c - '0');
    }
  if (!gk__date_valid(v[0], v[1], v[2]))
    return false;
  *out = v[0] * 10000 + v[1] * 100 + v[2];
  return true;
}

void gk__iso_format(int32_t d, char *out) {
  unsigned y = (unsigned)(d / 10000) % 10000u, m = (unsigned)(d / 100 % 100),
           dd = (unsigned)(d % 100);
  out[0] = (char)('0' + y / 1000);
  out[1] = (char)('0' + y / 100 % 10);
  out[2] = (char)('0' + y / 10 % 10);
  out[3] = (char)('0' + y % 10);
  out[4] = '-';
  out[5] = (char)('0' + m / 10 % 10);
  out[6] = (char)('0' + m % 10);
  out[7] = '-';
  out[8] = (char)('0' + dd / 10 % 10);
  out[9] = (char)('0' + dd % 10);
  out[10] = '\0';
}

int32_t gk__today(const gk_ledger *led) {
  if (led && led->today)
    return led->today;
  /* Asia/Shanghai has had no daylight saving time since 1991: UTC+8 */
  time_t t = time(NULL) + 8 * 3600;
  struct tm tm;
  if (!gmtime_r(&t, &tm))
    return 0;
  return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

int32_t gk_ledger_today(const gk_ledger *led) { return gk__today(led); }

void gk__now_iso(char *out) {
  time_t t = time(NULL);
  struct tm tm;
  if (!gmtime_r(&t, &tm)) {
    snprintf(out, 21, "1970-01-01T00:00:00Z");
    return;
  }
  strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
