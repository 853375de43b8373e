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

/* Collects the references of the open applications (the update must not
 * run inside the SELECT that finds them). */
typedef struct refs {
  const gk_alloc *alloc;
  char **v;
  size_t n, cap;
  bool oom;
} refs;

static int collect(const gk_app *app, void *ud) {
  refs *r = ud;
  if (gk__grow(r->alloc, &r->v, &r->cap, r->n + 1, sizeof(*r->v))) {
    r->oom = true;
    return 1;
  }
  if (!(r->v[r->n] = gk__strdup(r->alloc, app->ref))) {
    r->oom = true;
    return 1;
  }
  r->n++;
  return 0;
}

gk_status gk_ledger_calendar_add(gk_ledger *led, const char *text, size_t len,
                                 int64_t *changed, gk_error *err) {
  if (changed)
    *changed = 0;
  if (!led || (!text && len))
    return gk__fail(err, GK_E_ARG, 0, 0, -1, "参数为空", "NULL argument");
  size_t before = gk_calendar_notice_count(led->cal);
  gk_status rc = gk_calendar_add_notice(led->cal, text, len, err);
  if (rc)
    return rc; /* the calendar is unchanged */
  size_t after = gk_calendar_notice_count(led->cal);
  if (after == before)
    return GK_OK; /* every notice was already held */
  refs r = {&led->alloc, NULL, 0, 0, false};
  rc = gk__store_begin(led->store, err);
  if (rc)
    goto reload;
  for (size_t i = before; !rc && i < after; i++) {
    const gk_notice *n = gk_calendar_notice_at(led->cal, i);
    size_t tl;
    const char *t = gk_notice_text(n, &tl);
    rc = gk__store_notice_add(led->store, led->actor, gk_notice_year(n),
                              gk_notice_number(n), t, err);
  }
  if (!rc)
    rc = gk__store_app_each(led->store, NULL, NULL, true, 0, collect, &r, err);
  if (!rc && r.oom)
    rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
  for (size_t i = 0; !rc && i < r.n; i++) {
    gk_app *app = NULL, *next = NULL;
    rc = gk__store_app_get(led->store, r.v[i], &app, err);
    if (!rc && !(next = gk__app_dup(&led->alloc, app)))
      rc = gk__fail(err, GK_E_NOMEM, 0, 0, -1, "内存不足", "out of memory");
    if (!rc)
      rc = gk__app_due(led, next, err, &next->due_on);
    if (!rc && next->due_on != app->due_on) {
      rc = gk__store_app_update(led->store, led->actor, app, next, err);
      if (changed)
        (*changed)++;
    }
    gk_app_free(led, app);
    gk_app_free(led, next);
  }
  if (!rc)
    rc = gk__store_commit(led->store, err);
reload:
  for (size_t i = 0; i < r.n; i++)
    gk__free(&led->alloc, r.v[i]);
  gk__free(&led->alloc, r.v);
  if (rc) {
    gk__store_rollback(led->store);
    if (changed)
      *changed = 0;
    /* back to what the ledger holds; its error is not the first one */
    gk__calendar_load(led, NULL);
  }
  return rc;
}
