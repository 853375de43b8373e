/* date.c: the ledger's dates. YYYYMMDD integers inside (as gk_report_date),
 * ISO 8601 'YYYY-MM-DD' text in the store, CSV and messages. */
#include "ledger.h"

#include <stdio.h>
#include <time.h>

/* The store's and the CSV's dates go through the library's one parser and
 * one formatter (gk_date_parse, gk_date_format in deadline/date.c); these
 * keep the ledger's yes/no shape where no message is wanted. */
bool gk__iso_parse(const char *s, size_t len, int32_t *out) {
  int32_t d;
  if (gk_date_parse(s, len, &d, NULL) != GK_OK)
    return false;
  *out = d;
  return true;
}

void gk__iso_format(int32_t d, char *out) { gk_date_format(d, out); }

bool gk__iso_date(char out[11], int32_t d) {
  if (!gk_date_valid(d))
    return false;
  gk__iso_format(d, out);
  return true;
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
