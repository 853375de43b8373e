/* deadline.h: internals of the deadline engine (calendar.c, date.c,
 * deadline.c, fee.c). Dates cross the API as YYYYMMDD; inside they become
 * day numbers (days since 1970-01-01) so that "the next day" is +1. */
#ifndef GK_DEADLINE_H
#define GK_DEADLINE_H

#include "gk_internal.h"

/* The built-in notices: data/calendar.txt, embedded by CMake
 * (data/embed.cmake) into gk_calendar_data.c. */
extern const unsigned char gk__calendar_data[];
extern const size_t gk__calendar_data_len;

/* Largest notice text gk_calendar_add_notice accepts. */
#define GK__CALENDAR_MAX_TEXT ((size_t)1024 * 1024)

/* Day number of a valid YYYYMMDD date, and back. */
int32_t gk__date_to_day(int32_t date);
int32_t gk__day_to_date(int32_t day);
/* Splits YYYYMMDD. */
#define GK__DATE_Y(d) ((int)((d) / 10000))
#define GK__DATE_M(d) ((int)((d) / 100 % 100))
#define GK__DATE_D(d) ((int)((d) % 100))

/* Working-day test on a day number; GK_E_ARG naming the year when it has
 * no notice. */
gk_status gk__calendar_workday(const gk_calendar *cal, int32_t day, int *yes,
                               gk_error *err);

/* The statutory holidays (statutory.c): whether the table has 'year', and
 * whether 'date' (YYYYMMDD) is one of them. */
int gk__statutory_known(int year);
int gk__statutory_off(int32_t date);

#endif /* GK_DEADLINE_H */
