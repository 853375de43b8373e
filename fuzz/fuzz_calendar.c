/* fuzz_calendar.c: libFuzzer target for gk_calendar_add_notice, the
 * reader of holiday notices in the line format of docs/calendar.md, and
 * for what runs on what it reads (style.md §10).
 *
 * The leading byte picks: bit 0x01 starts from the built-in calendar
 * instead of an empty one; the rest is the notice text. If the text is
 * accepted: every notice's canonical text must read back into an empty
 * calendar unchanged (abort otherwise), and the working-day test and a
 * deadline run over the days the notices name. All is freed (leaks are
 * findings). replay.c replays the corpus in ctest without libFuzzer. */
#include "gongkai.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  unsigned sel = data[0];
  gk_calendar *cal = NULL, *copy = NULL;
  gk_error err;
  gk_error_clear(&err);
  if (sel & 1 ? gk_calendar_new(&cal, NULL, &err)
              : gk_calendar_new_empty(&cal, NULL))
    return 0;
  size_t before = gk_calendar_notice_count(cal);
  if (gk_calendar_add_notice(cal, (const char *)data + 1, size - 1, &err)) {
    /* refused: all or nothing */
    if (gk_calendar_notice_count(cal) != before || err.code == GK_OK)
      abort();
    gk_calendar_free(cal);
    return 0;
  }
  if (gk_calendar_new_empty(&copy, NULL))
    abort();
  for (size_t i = before; i < gk_calendar_notice_count(cal); i++) {
    const gk_notice *n = gk_calendar_notice_at(cal, i);
    size_t len;
    const char *t = gk_notice_text(n, &len);
    if (gk_calendar_add_notice(copy, t, len, NULL) &&
        !gk_notice_is_amendment(n))
      abort(); /* an accepted notice's text must read back */
    for (size_t j = 0; j < gk_notice_entry_count(n); j++) {
      gk_notice_entry e;
      int yes;
      int32_t due;
      if (gk_notice_entry_at(n, j, &e))
        abort();
      gk_calendar_is_workday(cal, e.from, &yes, NULL);
      gk_calendar_is_workday(cal, e.to, &yes, NULL);
      gk_pause p = {e.from, e.to};
      gk_deadline_after(cal, gk_date_add_days(e.from, -1), 3, &p, 1, &due,
                        NULL);
    }
  }
  gk_calendar_free(copy);
  gk_calendar_free(cal);
  return 0;
}
