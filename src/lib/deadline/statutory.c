/* statutory.c: the public holidays fixed by 《全国年节及纪念日放假办法》
 * (as amended by the State Council in November 2024, in force 2025-01-01), the
 * rule for a year whose State Council notice is not yet kept (law.md
 * "Working days": such a due date is provisional). Holidays for all
 * citizens: 元旦 1 day (1 January), 春节 4 days (除夕 to 正月初三), 清明节
 * 1 day (the day of the solar term 清明), 劳动节 2 days (1–2 May), 端午节
 * 1 day (五月初五), 中秋节 1 day (八月十五), 国庆节 3 days (1–3 October).
 * The notice's make-up days (调休) and the 补假 of a holiday falling on a
 * weekend are the notice's to decide: they are not guessed here.
 *
 * The lunar and solar-term dates are data, one row a year, for the years
 * 2025–2035 only; a year outside stays an error. Source: the lunar calendar
 * of GB/T 33661-2017 《农历的编算和颁行》 as computed by the npm package
 * chinese-days@1.5.7 (getSolarDateFromLunar, getSolarTermsInRange), checked
 * for 2025 and 2026 against those years' notices (国办发明电〔2024〕12号,
 * 〔2025〕7号). */
#include "deadline.h"

/* One year: month*100+day of 正月初一, 清明, 端午 and 中秋. */
static const struct {
  int year;
  int spring; /* 正月初一; 除夕 is the day before */
  int qingming;
  int duanwu;
  int zhongqiu;
} lunar[] = {
    {2025, 129, 404, 531, 1006}, {2026, 217, 405, 619, 925},
    {2027, 206, 405, 609, 915},  {2028, 126, 404, 528, 1003},
    {2029, 213, 404, 616, 922},  {2030, 203, 405, 605, 912},
    {2031, 123, 405, 624, 1001}, {2032, 211, 404, 612, 919},
    {2033, 131, 404, 601, 908},  {2034, 219, 405, 620, 927},
    {2035, 208, 405, 610, 916},
};
#define NLUNAR (sizeof(lunar) / sizeof(lunar[0]))

int gk__statutory_known(int year) {
  for (size_t i = 0; i < NLUNAR; i++)
    if (lunar[i].year == year)
      return 1;
  return 0;
}

int gk__statutory_off(int32_t date) {
  int y = GK__DATE_Y(date), md = (int)(date % 10000);
  for (size_t i = 0; i < NLUNAR; i++) {
    if (lunar[i].year != y)
      continue;
    if (md == 101 || md == 501 || md == 502 || (md >= 1001 && md <= 1003) ||
        md == lunar[i].qingming || md == lunar[i].duanwu ||
        md == lunar[i].zhongqiu)
      return 1;
    /* 春节: 除夕 to 初三, four days from the day before 初一 */
    int32_t first = gk__date_to_day(y * 10000 + lunar[i].spring) - 1;
    int32_t d = gk__date_to_day(date);
    return d >= first && d < first + 4;
  }
  return 0;
}
