/* test_deadline.c: the deadline engine: ISO dates, the built-in calendar
 * of holiday notices, adding notices (line format, all or nothing),
 * working-day periods with pauses, the fees of 国办函〔2020〕109号, and
 * allocation failure. Expected deadlines are worked out by hand in the
 * comments from the notices in data/calendar.txt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "deadline/deadline.h"
#include "gongkai.h"

static gk_calendar *builtin(void) {
  gk_calendar *cal = NULL;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(gk_calendar_new(&cal, NULL, &e), GK_OK);
  assert_non_null(cal);
  return cal;
}

static int32_t parse(const char *s) {
  int32_t d = 0;
  assert_int_equal(gk_date_parse(s, strlen(s), &d, NULL), GK_OK);
  return d;
}

/* === Dates === */

static void test_date_parse_accepts_iso_and_refuses_the_rest(void **state) {
  (void)state;
  static const struct {
    const char *s;
    int32_t want; /* 0: refused */
  } cases[] = {
      {"2024-09-27", 20240927}, {"2024-02-29", 20240229},
      {"2000-02-29", 20000229}, {"1900-01-01", 19000101},
      {"2999-12-31", 29991231}, {"2024-02-30", 0},
      {"2023-02-29", 0},        {"1900-02-29", 0},
      {"2024-13-01", 0},        {"2024-00-10", 0},
      {"2024-01-00", 0},        {"2024-1-01", 0},
      {"2024/01/01", 0},        {"20240101", 0},
      {"abcd-ef-gh", 0},        {"", 0},
      {"2024-01-01x", 0},       {"1899-12-31", 0},
      {"3000-01-01", 0},        {"-024-01-01", 0},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    int32_t d = -1;
    gk_error e;
    gk_error_clear(&e);
    gk_status st = gk_date_parse(cases[i].s, strlen(cases[i].s), &d, &e);
    if (cases[i].want) {
      assert_int_equal(st, GK_OK);
      assert_int_equal(d, cases[i].want);
      char out[11];
      gk_date_format(d, out);
      assert_string_equal(out, cases[i].s);
    } else {
      assert_int_equal(st, GK_E_ARG);
      assert_int_equal(d, 0);
      assert_true(strlen(e.message) > 0);
      assert_true(strlen(e.message_en) > 0);
    }
  }
}

static void test_date_weekday_and_day_arithmetic(void **state) {
  (void)state;
  assert_int_equal(gk_date_weekday(19700101), 4); /* Thursday */
  assert_int_equal(gk_date_weekday(20240927), 5); /* Friday */
  assert_int_equal(gk_date_weekday(20240929), 7); /* Sunday */
  assert_int_equal(gk_date_weekday(19000101), 1); /* Monday */
  assert_int_equal(gk_date_add_days(20231231, 1), 20240101);
  assert_int_equal(gk_date_add_days(20240228, 1), 20240229);
  assert_int_equal(gk_date_add_days(20230228, 1), 20230301);
  assert_int_equal(gk_date_add_days(20240301, -1), 20240229);
  assert_int_equal(gk_date_add_days(29991231, 1), 0);
  assert_int_equal(gk_date_add_days(20240230, 1), 0);
  /* day numbers round-trip over every day of 1900–2999 */
  int32_t d = 19000101, prev = gk__date_to_day(d);
  for (;;) {
    assert_int_equal(gk__day_to_date(gk__date_to_day(d)), d);
    int32_t next = gk_date_add_days(d, 1);
    if (!next)
      break;
    assert_int_equal(gk__date_to_day(next), prev + 1);
    assert_int_equal(gk_date_weekday(next) % 7, (gk_date_weekday(d) + 1) % 7);
    prev++;
    d = next;
  }
  assert_int_equal(d, 29991231);
}

/* === The built-in calendar === */

static void test_builtin_calendar_covers_2007_to_2026(void **state) {
  (void)state;
  gk_calendar *cal = builtin();
  int first, last;
  gk_calendar_years(cal, &first, &last);
  assert_int_equal(first, 2007);
  assert_true(last >= 2026);
  for (int y = first; y <= last; y++)
    assert_true(gk_calendar_covers(cal, y * 10000 + 601));
  assert_false(gk_calendar_covers(cal, 20060601));
  /* 20 annual notices and the three amendments: 2015 (抗战), 2019
   * (劳动节), 2020 (春节延长) */
  size_t annual = 0, amend = 0;
  for (size_t i = 0; i < gk_calendar_notice_count(cal); i++) {
    const gk_notice *n = gk_calendar_notice_at(cal, i);
    assert_true(gk_notice_is_builtin(n));
    assert_true(gk_notice_entry_count(n) > 0);
    if (gk_notice_is_amendment(n)) {
      amend++;
      assert_true(gk_notice_year(n) == 2015 || gk_notice_year(n) == 2019 ||
                  gk_notice_year(n) == 2020);
    } else {
      annual++;
    }
  }
  assert_int_equal(annual, (size_t)(last - first + 1));
  assert_int_equal(amend, 3);
  assert_null(gk_calendar_notice_at(cal, gk_calendar_notice_count(cal)));
  gk_calendar_free(cal);
}

static void test_builtin_days_follow_the_notices(void **state) {
  (void)state;
  static const struct {
    int32_t date;
    int work;
  } cases[] = {
      {20240929, 1}, /* Sunday, make-up day of 国庆节 (〔2023〕7号) */
      {20241012, 1}, /* Saturday, make-up day */
      {20241001, 0},  {20241007, 0},
      {20241008, 1},  {20240928, 0}, /* an ordinary Saturday */
      {20240930, 1},                 /* an ordinary Monday */
      {20150903, 0}, /* 抗战胜利70周年 (国发明电〔2015〕1号) */
      {20150904, 0},  {20150906, 1},
      {20190502, 0}, /* 劳动节 extended by 国办发明电〔2019〕3号 */
      {20190505, 1},  {20190428, 1},
      {20200131, 0}, /* 春节 extended by 国办发明电〔2020〕1号 */
      {20200201, 0}, /* was a make-up day before the extension */
      {20200203, 1},  {20200119, 1},
      {20061230, -1}, /* named by the 2007 notice, but 2006 has none */
      {20070101, 0},  {20070217, 1},
      {20071229, 1},                 /* 2008 元旦 */
      {20181229, 1},  {20181231, 0}, /* 2019 元旦 */
      {20221231, 0},  {20260214, 1},
      {20260223, 0},  {20260224, 1},
      {20270104, -1}, /* no 2027 notice built in */
  };
  gk_calendar *cal = builtin();
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    int yes = -1;
    gk_error e;
    gk_error_clear(&e);
    gk_status st = gk_calendar_is_workday(cal, cases[i].date, &yes, &e);
    if (cases[i].work < 0 && cases[i].date / 10000 > 2026 &&
        gk_calendar_covers(cal, cases[i].date))
      continue; /* a later release may carry the 2027 notice */
    if (cases[i].work < 0) {
      char want[64];
      snprintf(want, sizeof(want), "日历缺少 %d 年的放假安排",
               (int)(cases[i].date / 10000));
      assert_int_equal(st, GK_E_ARG);
      assert_non_null(strstr(e.message, want));
      continue;
    }
    assert_int_equal(st, GK_OK);
    assert_int_equal(yes, cases[i].work);
  }
  int yes;
  assert_int_equal(gk_calendar_is_workday(cal, 20240230, &yes, NULL), GK_E_ARG);
  gk_calendar_free(cal);
}

/* The text of every notice, read back into an empty calendar, gives the
 * same notices and the same day of every covered year. */
static void test_notice_text_round_trips(void **state) {
  (void)state;
  gk_calendar *cal = builtin(), *copy = NULL;
  assert_int_equal(gk_calendar_new_empty(&copy, NULL), GK_OK);
  for (size_t i = 0; i < gk_calendar_notice_count(cal); i++) {
    size_t len;
    const char *t = gk_notice_text(gk_calendar_notice_at(cal, i), &len);
    assert_int_equal(strlen(t), len);
    assert_int_equal(gk_calendar_add_notice(copy, t, len, NULL), GK_OK);
  }
  assert_int_equal(gk_calendar_notice_count(copy),
                   gk_calendar_notice_count(cal));
  for (size_t i = 0; i < gk_calendar_notice_count(cal); i++) {
    const gk_notice *a = gk_calendar_notice_at(cal, i);
    const gk_notice *b = gk_calendar_notice_at(copy, i);
    assert_string_equal(gk_notice_text(a, NULL), gk_notice_text(b, NULL));
    assert_false(gk_notice_is_builtin(b));
  }
  int first, last;
  gk_calendar_years(cal, &first, &last);
  for (int32_t d = first * 10000 + 101; d && d / 10000 <= last;
       d = gk_date_add_days(d, 1)) {
    int x, y;
    assert_int_equal(gk_calendar_is_workday(cal, d, &x, NULL), GK_OK);
    assert_int_equal(gk_calendar_is_workday(copy, d, &y, NULL), GK_OK);
    assert_int_equal(x, y);
  }
  gk_calendar_free(copy);
  gk_calendar_free(cal);
}

/* === Adding notices === */

/* Made-up notices for a year without a real one (test data only). */
static const char notice_2031[] = "# test data\n"
                                  "notice 2031 测试〔2030〕1号 2030-11-01\r\n"
                                  "off  2031-01-01 元旦\n"
                                  "off  2031-01-22..2031-01-28 春节\n"
                                  "work 2031-01-19 春节\n"
                                  "work 2030-12-28\n";

static void test_add_notice_extends_the_calendar(void **state) {
  (void)state;
  gk_calendar *cal = builtin();
  size_t before = gk_calendar_notice_count(cal);
  int yes;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(gk_calendar_is_workday(cal, 20310120, &yes, NULL), GK_E_ARG);
  assert_int_equal(
      gk_calendar_add_notice(cal, notice_2031, strlen(notice_2031), &e), GK_OK);
  assert_int_equal(gk_calendar_notice_count(cal), before + 1);
  const gk_notice *n = gk_calendar_notice_at(cal, before);
  assert_int_equal(gk_notice_year(n), 2031);
  assert_string_equal(gk_notice_number(n), "测试〔2030〕1号");
  assert_int_equal(gk_notice_issued(n), 20301101);
  assert_int_equal(gk_notice_entry_count(n), 4);
  gk_notice_entry en;
  assert_int_equal(gk_notice_entry_at(n, 1, &en), GK_OK);
  assert_int_equal(en.from, 20310122);
  assert_int_equal(en.to, 20310128);
  assert_int_equal(en.work, 0);
  assert_string_equal(en.name, "春节");
  assert_int_equal(gk_notice_entry_at(n, 3, &en), GK_OK);
  assert_string_equal(en.name, "");
  assert_int_equal(gk_notice_entry_at(n, 4, &en), GK_E_ARG);
  assert_string_equal(gk_notice_text(n, NULL),
                      "notice 2031 测试〔2030〕1号 2030-11-01\n"
                      "off 2031-01-01 元旦\n"
                      "off 2031-01-22..2031-01-28 春节\n"
                      "work 2031-01-19 春节\n"
                      "work 2030-12-28\n");
  assert_int_equal(gk_calendar_is_workday(cal, 20310119, &yes, NULL), GK_OK);
  assert_int_equal(yes, 1);
  assert_int_equal(gk_calendar_is_workday(cal, 20310127, &yes, NULL), GK_OK);
  assert_int_equal(yes, 0);
  /* 2030 itself is still missing, although the notice names a day of it */
  assert_int_equal(gk_calendar_is_workday(cal, 20301228, &yes, NULL), GK_E_ARG);
  int first, last;
  gk_calendar_years(cal, &first, &last);
  assert_int_equal(last, 2031);
  /* the same notice again is skipped, not an error */
  assert_int_equal(
      gk_calendar_add_notice(cal, notice_2031, strlen(notice_2031), NULL),
      GK_OK);
  assert_int_equal(gk_calendar_notice_count(cal), before + 1);
  /* so is one giving the same days in another order, with another number,
   * date and names: the notice held first stays */
  static const char same_days[] =
      "notice 2031 国办发明电〔2030〕9号 2030-11-02\n"
      "work 2030-12-28 元旦\n"
      "off 2031-01-22..2031-01-28\n"
      "off 2031-01-01 New Year\n"
      "work 2031-01-19\n";
  assert_int_equal(
      gk_calendar_add_notice(cal, same_days, strlen(same_days), NULL), GK_OK);
  assert_int_equal(gk_calendar_notice_count(cal), before + 1);
  assert_string_equal(gk_notice_number(gk_calendar_notice_at(cal, before)),
                      "测试〔2030〕1号");
  /* a different annual notice for the same year is refused */
  static const char other[] = "notice 2031 测试〔2030〕2号 ?\n"
                              "off 2031-01-02 元旦\n";
  gk_error_clear(&e);
  assert_int_equal(gk_calendar_add_notice(cal, other, strlen(other), &e),
                   GK_E_ARG);
  assert_non_null(strstr(e.message, "日历已有 2031 年的放假安排"));
  assert_int_equal(e.line, 1);
  /* an amendment changes days of a covered year; the latest wins */
  static const char amend[] = "amend 2031 测试〔2031〕9号 ?\n"
                              "off 2031-01-19 春节（延长）\n";
  assert_int_equal(gk_calendar_add_notice(cal, amend, strlen(amend), NULL),
                   GK_OK);
  assert_int_equal(gk_calendar_is_workday(cal, 20310119, &yes, NULL), GK_OK);
  assert_int_equal(yes, 0);
  assert_int_equal(gk_notice_issued(gk_calendar_notice_at(cal, before + 1)), 0);
  assert_true(gk_notice_is_amendment(gk_calendar_notice_at(cal, before + 1)));
  gk_calendar_free(cal);
}

static void test_add_notice_refuses_bad_text_and_changes_nothing(void **state) {
  (void)state;
  static const struct {
    const char *text;
    gk_status st;
    int64_t line, col; /* 0: not checked */
    const char *msg;   /* in message_en */
  } cases[] = {
      {"off 2031-01-01\n", GK_E_ARG, 1, 1, "before any notice"},
      {"notice 2031 X ?\n", GK_E_ARG, 1, 1, "no off or work"},
      {"notice 2031 X ?\nfoo 2031-01-01\n", GK_E_ARG, 2, 1, "unknown line"},
      {"notice 2031 X ?\nwork 2031-01-06\n", GK_E_ARG, 2, 6,
       "not a Saturday or Sunday"},
      {"notice 2031 X ?\noff 2031-02-30\n", GK_E_ARG, 2, 5, "invalid date"},
      {"notice 2031 X ?\noff 2031-02-03..2031-02-01\n", GK_E_ARG, 2, 5,
       "invalid range"},
      {"notice 2031 X ?\noff 2031-01-01..2031-03-01\n", GK_E_ARG, 2, 5,
       "invalid range"},
      {"notice 2031 X ?\noff 2032-01-01\n", GK_E_ARG, 2, 5, "outside"},
      {"notice 2031 X ?\noff 2030-11-30\n", GK_E_ARG, 2, 5, "outside"},
      {"notice 2031 X ?\nwork 2031-01-04..2031-01-05\n", GK_E_ARG, 2, 6,
       "one day"},
      {"notice 2031 X ?\noff 2031-01-01..2031-01-05\nwork 2031-01-04\n",
       GK_E_ARG, 3, 6, "both off and worked"},
      {"notice 2031 X ?\nwork 2031-01-04\noff 2031-01-03..2031-01-05\n",
       GK_E_ARG, 3, 5, "both off and worked"},
      {"notice 31 X ?\noff 2031-01-01\n", GK_E_ARG, 1, 8, "invalid year"},
      {"notice 2031 X\noff 2031-01-01\n", GK_E_ARG, 1, 0, "a 'notice' line"},
      {"notice 2031 X ? extra\noff 2031-01-01\n", GK_E_ARG, 1, 17,
       "unexpected"},
      {"notice 2031 X 2030-13-01\noff 2031-01-01\n", GK_E_ARG, 1, 15,
       "invalid date"},
      {"amend 2031 X ?\noff 2031-01-01\n", GK_E_ARG, 1, 1,
       "without the annual notice"},
      {"# only a comment\n\n", GK_E_ARG, 0, 0, "no notice"},
      {"", GK_E_ARG, 0, 0, "no notice"},
      {"notice 2031 \xff ?\noff 2031-01-01\n", GK_E_ENCODING, 0, 0, "UTF-8"},
      {"notice 2031 X ?\noff 2031-01-01\nnotice 2031 Y ?\noff 2031-01-02\n",
       GK_E_ARG, 3, 1, "already has"},
      /* a good notice before a bad one: nothing of the text is added */
      {"notice 2031 X ?\noff 2031-01-01\nnotice 2032 Y ?\nwork 2032-01-01\n",
       GK_E_ARG, 4, 6, "not a Saturday or Sunday"},
  };
  gk_calendar *cal = builtin();
  size_t before = gk_calendar_notice_count(cal);
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    gk_error e;
    gk_error_clear(&e);
    gk_status st =
        gk_calendar_add_notice(cal, cases[i].text, strlen(cases[i].text), &e);
    if (st != cases[i].st || !strstr(e.message_en, cases[i].msg))
      fail_msg("case %zu: status %d, message '%s'", i, st, e.message_en);
    assert_int_equal(e.code, cases[i].st);
    assert_true(strlen(e.message) > 0);
    if (cases[i].line)
      assert_int_equal(e.line, cases[i].line);
    if (cases[i].col)
      assert_int_equal(e.column, cases[i].col);
    assert_int_equal(gk_calendar_notice_count(cal), before);
    assert_false(gk_calendar_covers(cal, 20310601));
  }
  /* NUL bytes and oversized text */
  static const char nul[] = "notice 2031 X ?\0off 2031-01-01\n";
  assert_int_equal(gk_calendar_add_notice(cal, nul, sizeof(nul) - 1, NULL),
                   GK_E_ENCODING);
  size_t big = GK__CALENDAR_MAX_TEXT + 1;
  char *huge = malloc(big);
  assert_non_null(huge);
  memset(huge, '#', big);
  assert_int_equal(gk_calendar_add_notice(cal, huge, big, NULL),
                   GK_E_TOO_LARGE);
  free(huge);
  assert_int_equal(gk_calendar_notice_count(cal), before);
  gk_calendar_free(cal);
}

/* === Deadlines === */

static void test_deadlines_worked_out_by_hand(void **state) {
  (void)state;
  static const struct {
    const char *start;
    int days;
    const char *due;
  } cases[] = {
      /* 9-29 (Sun, worked) d1, 9-30 d2, 10-01..07 off, 10-08..11 d3-d6,
       * 10-12 (Sat, worked) d7, then 10-14..30 d8-d20 */
      {"2024-09-27", GK_DAYS_REPLY, "2024-10-30"},
      /* extended by 20: 10-31 d21 … 11-27 d40 */
      {"2024-09-27", GK_DAYS_REPLY + GK_DAYS_EXTENSION_MAX, "2024-11-27"},
      /* across the new year and 春节 2025 (01-28..02-04 off, 01-26 Sun
       * worked): 01-02 d1 … 01-24 d17, 01-26 d18, 01-27 d19, 02-05 d20 */
      {"2024-12-31", GK_DAYS_REPLY, "2025-02-05"},
      /* 春节 2026 (02-15..23 off; 02-14 and 02-28 Saturdays worked):
       * 02-11..13 d1-d3, 02-14 d4, 02-24..27 d5-d8, 02-28 d9, 03-02 d10 …
       * 03-16 d20 */
      {"2026-02-10", GK_DAYS_REPLY, "2026-03-16"},
      /* 补正 within 7: 2024-01-01 off; 01-02 d1 … 01-10 d7 */
      {"2023-12-29", GK_DAYS_CORRECTION, "2024-01-10"},
      /* third party, 15, over the 2020 春节 as extended to 02-02:
       * 01-21..23 d1-d3, 02-03 d4 … 02-18 d15 */
      {"2020-01-20", GK_DAYS_THIRD_PARTY, "2020-02-18"},
      /* 2018-12-29 (Sat) worked for 2019 元旦, 12-30..01-01 off */
      {"2018-12-28", GK_DAYS_CORRECTION, "2019-01-09"},
      /* 2015: 09-03..05 off for 抗战胜利纪念日, 09-06 (Sun) worked;
       * 09-01 d1, 09-02 d2, 09-06 d3, 09-07 d4 */
      {"2015-08-31", 4, "2015-09-07"},
      /* a period of 0 days ends where it starts */
      {"2024-10-01", 0, "2024-10-01"},
      /* received on a holiday: 10-08 is day 1 */
      {"2024-10-01", 1, "2024-10-08"},
  };
  gk_calendar *cal = builtin();
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    int32_t due = 0;
    gk_error e;
    gk_error_clear(&e);
    assert_int_equal(gk_deadline_after(cal, parse(cases[i].start),
                                       cases[i].days, NULL, 0, &due, &e),
                     GK_OK);
    char out[11];
    gk_date_format(due, out);
    if (strcmp(out, cases[i].due))
      fail_msg("%s + %d: %s, expected %s", cases[i].start, cases[i].days, out,
               cases[i].due);
    int32_t again = 0;
    assert_int_equal(gk_calendar_add_workdays(cal, parse(cases[i].start),
                                              cases[i].days, &again, NULL),
                     GK_OK);
    assert_int_equal(again, due);
    int64_t n = -1;
    assert_int_equal(
        gk_calendar_count_workdays(cal, parse(cases[i].start), due, &n, NULL),
        GK_OK);
    assert_int_equal(n, cases[i].days);
  }
  int32_t due;
  assert_int_equal(gk_deadline_compute(cal, 20240927, 0, NULL, 0, &due, NULL),
                   GK_OK);
  assert_int_equal(due, 20241030);
  assert_int_equal(gk_deadline_compute(cal, 20240927, 20, NULL, 0, &due, NULL),
                   GK_OK);
  assert_int_equal(due, 20241127);
  assert_int_equal(gk_deadline_compute(cal, 20240927, 5, NULL, 0, &due, NULL),
                   GK_OK);
  assert_int_equal(due, 20241106); /* d25: 11-04 d23, 11-05 d24, 11-06 */
  gk_calendar_free(cal);
}

static void test_pauses_do_not_count(void **state) {
  (void)state;
  gk_calendar *cal = builtin();
  int32_t due;
  gk_error e;
  /* 10-08..14 paused (6 working days, 10-12 included): 10-30 + 6 */
  gk_pause one[] = {{20241008, 20241014}};
  assert_int_equal(gk_deadline_compute(cal, 20240927, 0, one, 1, &due, NULL),
                   GK_OK);
  assert_int_equal(due, 20241107);
  /* overlapping pauses count once; a pause over holidays changes nothing
   * for the holidays */
  gk_pause two[] = {{20241008, 20241011}, {20241010, 20241014}};
  assert_int_equal(gk_deadline_compute(cal, 20240927, 0, two, 2, &due, NULL),
                   GK_OK);
  assert_int_equal(due, 20241107);
  gk_pause hol[] = {{20241001, 20241007}};
  assert_int_equal(gk_deadline_compute(cal, 20240927, 0, hol, 1, &due, NULL),
                   GK_OK);
  assert_int_equal(due, 20241030);
  /* a pause from the day of receipt: the clock starts after it ends */
  gk_pause first[] = {{20240927, 20241008}};
  assert_int_equal(gk_deadline_compute(cal, 20240927, 0, first, 1, &due, NULL),
                   GK_OK);
  /* 10-09 d1 … 10-11 d3, 10-12 d4, 10-14 d5 … 11-01 d19, 11-04 d20 */
  assert_int_equal(due, 20241104);
  /* refused: reversed, before the start, invalid, bad extension */
  gk_pause rev[] = {{20241010, 20241008}};
  gk_pause early[] = {{20240920, 20241008}};
  gk_pause inval[] = {{20240230, 20241008}};
  gk_error_clear(&e);
  assert_int_equal(gk_deadline_compute(cal, 20240927, 0, rev, 1, &due, &e),
                   GK_E_ARG);
  assert_non_null(strstr(e.message_en, "ends before it starts"));
  assert_int_equal(due, 0);
  assert_int_equal(gk_deadline_compute(cal, 20240927, 0, early, 1, &due, NULL),
                   GK_E_ARG);
  assert_int_equal(gk_deadline_compute(cal, 20240927, 0, inval, 1, &due, NULL),
                   GK_E_ARG);
  gk_error_clear(&e);
  assert_int_equal(gk_deadline_compute(cal, 20240927, 21, NULL, 0, &due, &e),
                   GK_E_ARG);
  assert_non_null(strstr(e.message, "第三十三条"));
  assert_int_equal(gk_deadline_compute(cal, 20240927, -1, NULL, 0, &due, NULL),
                   GK_E_ARG);
  assert_int_equal(gk_deadline_after(cal, 20240927, -1, NULL, 0, &due, NULL),
                   GK_E_ARG);
  assert_int_equal(gk_deadline_after(cal, 20240230, 1, NULL, 0, &due, NULL),
                   GK_E_ARG);
  assert_int_equal(gk_deadline_after(cal, 20240927, 1, NULL, 1, &due, NULL),
                   GK_E_ARG);
  gk_calendar_free(cal);
}

static void test_deadline_into_a_year_without_notice_fails(void **state) {
  (void)state;
  gk_calendar *cal = builtin();
  int first, last;
  gk_calendar_years(cal, &first, &last);
  int32_t due = -1;
  gk_error e;
  gk_error_clear(&e);
  int32_t start = last * 10000 + 1220;
  assert_int_equal(gk_deadline_compute(cal, start, 0, NULL, 0, &due, &e),
                   GK_E_ARG);
  assert_int_equal(due, 0);
  char want[64];
  snprintf(want, sizeof(want), "日历缺少 %d 年的放假安排", last + 1);
  assert_non_null(strstr(e.message, want));
  /* a pause running into the missing year does not escape the check */
  gk_pause p[] = {{last * 10000 + 1201, (last + 1) * 10000 + 1231}};
  assert_int_equal(
      gk_deadline_compute(cal, last * 10000 + 1130, 0, p, 1, &due, NULL),
      GK_E_ARG);
  int64_t n;
  assert_int_equal(
      gk_calendar_count_workdays(cal, 20060101, 20070110, &n, NULL), GK_E_ARG);
  gk_calendar_free(cal);
}

/* Issue 11 point 1: a year without its notice, counted provisionally by
 * the weekends and the statutory holidays of 《全国年节及纪念日放假办法》
 * (2024 revision); 2027's lunar dates: 除夕 02-05, 清明 04-05, 端午 06-09,
 * 中秋 09-15. Without provisional counting the year is still an error. */
static void test_provisional_year_counts_the_statutory_holidays(void **state) {
  (void)state;
  gk_calendar *cal = builtin();
  int yes = -1;
  assert_int_equal(gk_calendar_is_workday(cal, 20270209, &yes, NULL), GK_E_ARG);
  assert_false(gk_calendar_is_provisional(cal, 20270209));
  gk_calendar_set_provisional(cal, 1);
  assert_true(gk_calendar_is_provisional(cal, 20270209));
  assert_false(gk_calendar_is_provisional(cal, 20261207)); /* has a notice */
  static const struct {
    int32_t day;
    int weekday; /* checked, so the table cannot drift */
    int work;
  } days[] = {
      {20270101, 5, 0}, /* 元旦 */
      {20270102, 6, 0}, {20270104, 1, 1},
      {20270204, 4, 1}, {20270205, 5, 0}, /* 除夕 */
      {20270208, 1, 0},                   /* 正月初三 */
      {20270209, 2, 1}, {20270405, 1, 0}, /* 清明 */
      {20270406, 2, 1}, {20270430, 5, 1},
      {20270503, 1, 1}, /* 5-1 and 5-2 fall on the weekend: no 补假 guessed */
      {20270609, 3, 0}, /* 端午 */
      {20270915, 3, 0}, /* 中秋 */
      {20271001, 5, 0}, {20271004, 1, 1}, /* 国庆 10-01..03 */
      {20350208, 4, 0}, /* 2035: 正月初一, the table's last year */
  };
  for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
    assert_int_equal(gk_date_weekday(days[i].day), days[i].weekday);
    assert_int_equal(gk_calendar_is_workday(cal, days[i].day, &yes, NULL),
                     GK_OK);
    if (yes != days[i].work)
      fail_msg("%ld: work %d, expected %d", (long)days[i].day, yes,
               days[i].work);
  }
  /* 20 working days from Monday 2026-12-07: 18 in December, 01-01 off,
   * 01-04 and 01-05 */
  int32_t due = 0;
  assert_int_equal(gk_deadline_compute(cal, 20261207, 0, NULL, 0, &due, NULL),
                   GK_OK);
  assert_int_equal(due, 20270105);
  /* a year past the lunar table stays an error */
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(gk_calendar_is_workday(cal, 20360102, &yes, &e), GK_E_ARG);
  assert_non_null(strstr(e.message, "日历缺少 2036 年"));
  /* the notice, once added, wins and the year is no longer provisional
   * (a test notice, not the State Council's) */
  const char *t = "notice 2027 ? ?\noff 2027-01-01..2027-01-04 测试\n";
  assert_int_equal(gk_calendar_add_notice(cal, t, strlen(t), NULL), GK_OK);
  assert_false(gk_calendar_is_provisional(cal, 20270209));
  assert_int_equal(gk_deadline_compute(cal, 20261207, 0, NULL, 0, &due, NULL),
                   GK_OK);
  assert_int_equal(due, 20270106);
  assert_int_equal(gk_calendar_is_workday(cal, 20270205, &yes, NULL), GK_OK);
  assert_int_equal(yes, 1); /* the notice names no 春节 in this test */
  gk_calendar_free(cal);
}

/* === Fees === */

static void test_fee_by_pages_at_every_band_edge(void **state) {
  (void)state;
  static const int64_t cases[][2] = {
      {0, 0},      {1, 0},      {30, 0},       {31, 10},
      {32, 20},    {100, 700},  {101, 720},    {200, 2700},
      {201, 2740}, {250, 4700}, {1000, 34700},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    int64_t y = -1;
    assert_int_equal(gk_fee_by_pages(cases[i][0], &y, NULL), GK_OK);
    assert_int_equal(y, cases[i][1]);
  }
  int64_t y = -1;
  gk_error e;
  gk_error_clear(&e);
  assert_int_equal(gk_fee_by_pages(-1, &y, &e), GK_E_ARG);
  assert_non_null(strstr(e.message_en, "negative"));
  /* the largest count whose fee fits, and one more */
  int64_t top = 200 + (INT64_MAX - 2700) / 40;
  assert_int_equal(gk_fee_by_pages(top, &y, NULL), GK_OK);
  assert_int_equal(y, 2700 + 40 * (top - 200));
  gk_error_clear(&e);
  assert_int_equal(gk_fee_by_pages(top + 1, &y, &e), GK_E_TOO_LARGE);
  assert_int_equal(y, 0);
  assert_int_equal(gk_fee_by_pages(INT64_MAX, &y, NULL), GK_E_TOO_LARGE);
}

static void test_fee_by_piece_at_every_band_edge(void **state) {
  (void)state;
  static const int64_t nth[][2] = {
      {1, 0},    {10, 0},   {11, 100}, {30, 100}, {31, 200},
      {40, 200}, {41, 300}, {50, 300}, {51, 400}, {131, 1200},
  };
  for (size_t i = 0; i < sizeof(nth) / sizeof(nth[0]); i++) {
    int64_t y = -1;
    assert_int_equal(gk_fee_of_nth_application(nth[i][0], &y, NULL), GK_OK);
    assert_int_equal(y, nth[i][1]);
  }
  static const int64_t month[][2] = {
      {0, 0},     {1, 0},     {10, 0},    {11, 100},  {30, 2000},
      {31, 2200}, {40, 4000}, {41, 4300}, {50, 7000}, {51, 7400},
  };
  for (size_t i = 0; i < sizeof(month) / sizeof(month[0]); i++) {
    int64_t y = -1;
    assert_int_equal(gk_fee_by_monthly_count(month[i][0], &y, NULL), GK_OK);
    assert_int_equal(y, month[i][1]);
  }
  /* the month's total is the sum of each application's fee */
  int64_t sum = 0;
  for (int64_t n = 1; n <= 2000; n++) {
    int64_t one, total;
    assert_int_equal(gk_fee_of_nth_application(n, &one, NULL), GK_OK);
    sum += one;
    assert_int_equal(gk_fee_by_monthly_count(n, &total, NULL), GK_OK);
    assert_int_equal(total, sum);
  }
  int64_t y;
  assert_int_equal(gk_fee_of_nth_application(0, &y, NULL), GK_E_ARG);
  assert_int_equal(gk_fee_by_monthly_count(-5, &y, NULL), GK_E_ARG);
  assert_int_equal(gk_fee_by_monthly_count(INT64_MAX, &y, NULL),
                   GK_E_TOO_LARGE);
  /* the last application whose fee fits, and one band later */
  int64_t bands = (INT64_MAX - 200) / 100;
  assert_int_equal(gk_fee_of_nth_application(31 + 10 * bands, &y, NULL), GK_OK);
  assert_int_equal(y, 200 + 100 * bands);
  assert_int_equal(gk_fee_of_nth_application(31 + 10 * (bands + 1), &y, NULL),
                   GK_E_TOO_LARGE);
  assert_int_equal(gk_fee_of_nth_application(INT64_MAX, &y, NULL),
                   GK_E_TOO_LARGE);
}

/* The month's total near the int64 limit: exact where it fits (checked
 * in 128-bit arithmetic), an error just past it, never a wrapped value. */
static void test_fee_monthly_count_overflow_boundary(void **state) {
  (void)state;
  __extension__ typedef __int128 i128;
  /* closed form of the total for n >= 31, in 128 bits */
  int64_t lo = 31, hi = INT64_MAX;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2 + 1;
    i128 m = (i128)mid - 30, q = m / 10, r = m % 10;
    i128 t =
        2000 + 10 * (q * 200 + 100 * q * (q - 1) / 2) + r * (200 + 100 * q);
    if (t <= (i128)INT64_MAX)
      lo = mid;
    else
      hi = mid - 1;
  }
  i128 m = (i128)lo - 30, q = m / 10, r = m % 10;
  i128 want =
      2000 + 10 * (q * 200 + 100 * q * (q - 1) / 2) + r * (200 + 100 * q);
  int64_t y;
  assert_int_equal(gk_fee_by_monthly_count(lo, &y, NULL), GK_OK);
  assert_true((i128)y == want);
  assert_int_equal(gk_fee_by_monthly_count(lo + 1, &y, NULL), GK_E_TOO_LARGE);
}

/* === Allocation failure === */

typedef struct fail_alloc {
  long left;  /* allocations still allowed; -1 unlimited */
  long calls; /* allocations attempted */
} fail_alloc;

static void *f_malloc(size_t n, void *ud) {
  fail_alloc *f = ud;
  f->calls++;
  if (f->left == 0)
    return NULL;
  if (f->left > 0)
    f->left--;
  return malloc(n);
}
static void *f_realloc(void *p, size_t n, void *ud) {
  fail_alloc *f = ud;
  f->calls++;
  if (f->left == 0)
    return NULL;
  if (f->left > 0)
    f->left--;
  return realloc(p, n);
}
static void f_free(void *p, void *ud) {
  (void)ud;
  free(p);
}

static void test_calendar_survives_every_allocation_failure(void **state) {
  (void)state;
  fail_alloc f = {-1, 0};
  gk_alloc a = {f_malloc, f_realloc, f_free, &f};
  gk_calendar *cal = NULL;
  assert_int_equal(gk_calendar_new(&cal, &a, NULL), GK_OK);
  gk_calendar_free(cal);
  long total = f.calls;
  assert_true(total > 10);
  for (long n = 0; n < total; n++) {
    f.left = n;
    f.calls = 0;
    gk_error e;
    gk_error_clear(&e);
    cal = (gk_calendar *)&f; /* must be reset to NULL on failure */
    assert_int_equal(gk_calendar_new(&cal, &a, &e), GK_E_NOMEM);
    assert_null(cal);
    assert_int_equal(e.code, GK_E_NOMEM);
  }
  /* adding to a calendar: a failure leaves it as it was */
  f.left = -1;
  assert_int_equal(gk_calendar_new(&cal, &a, NULL), GK_OK);
  size_t before = gk_calendar_notice_count(cal);
  for (long n = 0;; n++) {
    f.left = n;
    gk_status st =
        gk_calendar_add_notice(cal, notice_2031, strlen(notice_2031), NULL);
    if (st == GK_OK)
      break;
    assert_int_equal(st, GK_E_NOMEM);
    assert_int_equal(gk_calendar_notice_count(cal), before);
    assert_false(gk_calendar_covers(cal, 20310601));
    int yes;
    f.left = -1;
    assert_int_equal(gk_calendar_is_workday(cal, 20241012, &yes, NULL), GK_OK);
    assert_int_equal(yes, 1);
  }
  f.left = -1;
  assert_int_equal(gk_calendar_notice_count(cal), before + 1);
  gk_calendar_free(cal);
  gk_calendar_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_date_parse_accepts_iso_and_refuses_the_rest),
      cmocka_unit_test(test_date_weekday_and_day_arithmetic),
      cmocka_unit_test(test_builtin_calendar_covers_2007_to_2026),
      cmocka_unit_test(test_builtin_days_follow_the_notices),
      cmocka_unit_test(test_notice_text_round_trips),
      cmocka_unit_test(test_add_notice_extends_the_calendar),
      cmocka_unit_test(test_add_notice_refuses_bad_text_and_changes_nothing),
      cmocka_unit_test(test_deadlines_worked_out_by_hand),
      cmocka_unit_test(test_pauses_do_not_count),
      cmocka_unit_test(test_deadline_into_a_year_without_notice_fails),
      cmocka_unit_test(test_provisional_year_counts_the_statutory_holidays),
      cmocka_unit_test(test_fee_by_pages_at_every_band_edge),
      cmocka_unit_test(test_fee_by_piece_at_every_band_edge),
      cmocka_unit_test(test_fee_monthly_count_overflow_boundary),
      cmocka_unit_test(test_calendar_survives_every_allocation_failure),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
