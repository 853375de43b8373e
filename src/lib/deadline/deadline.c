/* deadline.c: working-day periods (law.md "Working days"; 条例 第三十条,
 * 第三十二条, 第三十三条; 国办函〔2020〕109号). The day the period starts
 * from is not counted; day 1 is the next working day; paused days
 * (consultation, unpaid fee) do not count, so the clock resumes the next
 * working day after a pause ends. 补正 is no pause: it restarts the period
 * (第三十条), which the caller starts from the corrected application. */
#include "deadline.h"

static int paused(int32_t day, const gk_pause *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (day >= gk__date_to_day(p[i].from) && day <= gk__date_to_day(p[i].to))
      return 1;
  return 0;
}

static gk_status check_pauses(int32_t start, const gk_pause *p, size_t n,
                              gk_error *err) {
  char a[11], b[11];
  for (size_t i = 0; i < n; i++) {
    if (!gk_date_valid(p[i].from) || !gk_date_valid(p[i].to))
      return gk__fail(err, GK_E_ARG, 0, 0, -1, "第 %zu 个暂停期的日期无效",
                      "pause %zu has an invalid date", i + 1);
    gk_date_format(p[i].from, a);
    gk_date_format(p[i].to, b);
    if (p[i].to < p[i].from)
      return gk__fail(err, GK_E_ARG, 0, 0, -1, "暂停期 %s:%s 起止颠倒",
                      "pause %s:%s ends before it starts", a, b);
    if (p[i].from < start)
      return gk__fail(err, GK_E_ARG, 0, 0, -1, "暂停期 %s:%s 早于期限起算日",
                      "pause %s:%s starts before the period", a, b);
  }
  return GK_OK;
}

gk_status gk_deadline_after(const gk_calendar *cal, int32_t start, int days,
                            const gk_pause *pauses, size_t npauses,
                            int32_t *due, gk_error *err) {
  gk_status st;
  *due = 0;
  if (!cal || (!pauses && npauses))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  if (!gk_date_valid(start))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "日期 %ld 无效",
                    "invalid date %ld", (long)start);
  if (days < 0)
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "工作日数 %d 为负数",
                    "negative number of working days %d", days);
  if ((st = check_pauses(start, pauses, npauses, err)))
    return st;
  int32_t d = gk__date_to_day(start);
  /* the loop ends: every year on the way must have its notice, and each
   * has working days */
  for (int count = 0; count < days;) {
    int yes;
    d++;
    if (paused(d, pauses, npauses))
      continue;
    if ((st = gk__calendar_workday(cal, d, &yes, err)))
      return st;
    count += yes;
  }
  *due = gk__day_to_date(d);
  return GK_OK;
}

gk_status gk_deadline_compute(const gk_calendar *cal, int32_t received,
                              int extension_days, const gk_pause *pauses,
                              size_t npauses, int32_t *due, gk_error *err) {
  *due = 0;
  if (extension_days < 0 || extension_days > GK_DAYS_EXTENSION_MAX)
    return gk__fail(err, GK_E_ARG, 0, 0, -1,
                    "延长期限 %d 个工作日无效（第三十三条：至多 %d 个）",
                    "extension of %d working days invalid (article 33: at "
                    "most %d)",
                    extension_days, GK_DAYS_EXTENSION_MAX);
  return gk_deadline_after(cal, received, GK_DAYS_REPLY + extension_days,
                           pauses, npauses, due, err);
}

/* Adding working days is a deadline with no pause; it lives here, not in
 * calendar.c, so the calendar stays below the deadline engine (calendar.c
 * answers "is this a working day", deadline.c counts them). */
gk_status gk_calendar_add_workdays(const gk_calendar *cal, int32_t date, int n,
                                   int32_t *out, gk_error *err) {
  return gk_deadline_after(cal, date, n, NULL, 0, out, err);
}
