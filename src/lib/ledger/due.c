/* due.c: the ledger's working days and deadlines, on the deadline
 * calendar (src/lib/deadline: Monday–Friday, minus the State Council's
 * holidays, plus its make-up working days, one notice a year; law.md
 * "Working days"). The ledger's calendar is the built-in notices plus those
 * added to this ledger (table calendar_notices); the rules call only these
 * functions. A receipt is never refused for want of a notice: a year
 * without one is counted provisionally (weekends and the statutory
 * holidays, gk_calendar_set_provisional) and its due dates are marked
 * provisional until the notice is added (law.md "Working days"). */
#include "store.h"

#include <string.h>

gk_status gk__wd_add(gk_ledger *led, int32_t from, int n, int32_t *out,
                     gk_error *err) {
  return gk_calendar_add_workdays(led->cal, from, n, out, err);
}

gk_status gk__deadline(gk_ledger *led, int32_t start, int days,
                       const gk_pause *pauses, size_t npauses, int32_t *due,
                       gk_error *err) {
  return gk_deadline_after(led->cal, start, days, pauses, npauses, due, err);
}

static int load_one(const char *body, void *ud) {
  struct {
    gk_calendar *cal;
    gk_error *err;
    gk_status rc;
  } *c = ud;
  c->rc = gk_calendar_add_notice(c->cal, body, strlen(body), c->err);
  return c->rc != GK_OK;
}

gk_status gk__calendar_load(gk_ledger *led, gk_error *err) {
  gk_calendar *cal = NULL;
  gk_status rc = gk_calendar_new(&cal, &led->alloc, err);
  if (rc)
    return rc;
  gk_calendar_set_provisional(cal, 1);
  struct {
    gk_calendar *cal;
    gk_error *err;
    gk_status rc;
  } c = {cal, err, GK_OK};
  rc = gk__store_notice_each(led->store, load_one, &c, err);
  if (!rc)
    rc = c.rc;
  if (rc) {
    gk_calendar_free(cal);
    return rc;
  }
  gk_calendar_free(led->cal);
  led->cal = cal;
  return GK_OK;
}

bool gk__due_provisional(const gk_ledger *led, int32_t from, int32_t due) {
  if (!from || !due)
    return false;
  for (int y = from / 10000; y <= due / 10000; y++)
    if (gk_calendar_is_provisional(led->cal, y * 10000 + 101))
      return true;
  return false;
}

int gk_ledger_notice_missing(gk_ledger *led, int32_t today) {
  if (!led)
    return 0;
  if (!gk_date_valid(today))
    today = gk__today(led);
  int y = today / 10000;
  if (!gk_calendar_covers(led->cal, y * 10000 + 101))
    return y;
  if (today % 10000 >= 1101 &&
      !gk_calendar_covers(led->cal, (y + 1) * 10000 + 101))
    return y + 1;
  return 0;
}
