/* meta.c: the report as a document: its format against its year, its
 * tables and six sections, its date against its period and the statutory
 * deadline. Sources: 条例 第四十九条 (deadlines) and 第五十条 (content),
 * 国办公开办函〔2019〕60号 / 〔2021〕30号 (formats, six sections); spec/law.md.
 */
#include "check.h"

#include <stdio.h>
#include <string.h>

/* Section numbering as printed, 一 to 六. */
static const char *const numerals[GK_SECTIONS] = {"一", "二", "三",
                                                  "四", "五", "六"};

/* Formats YYYYMMDD as YYYY-MM-DD. */
static void format_date(char *out, size_t outsz, int32_t d) {
  char s[11];
  gk_date_format(d, s);
  snprintf(out, outsz, "%s", s);
}

static gk_status add(gk_report *rep, const char *rule, gk_severity sev,
                     size_t t, int64_t line, const char *zh, const char *en) {
  return gk__check_add(rep, rule, sev, t, -1, -1, NULL, NULL, line, zh, en);
}

/* format vs year: the format the law prescribes for the report's year
 * (2019 format for years up to 2020, 国办公开办函〔2021〕30号 of 2021-09-26
 * from 2021); an old format for a newer year is an error, the new format
 * for an older year (possible for late reports) a warning */
static gk_status check_template_year(gk_report *rep) {
  const gk_template *want = gk_template_for_year(rep->year);
  const gk_template *have = rep->tpl;
  if (!rep->year || !want || want == have)
    return GK_OK;
  char zh[512], en[512];
  /* The formats differ in table apply's rows: point there. */
  bool old_for_new = rep->year > have->last_year;
  snprintf(zh, sizeof(zh),
           "报告年度 %d 应使用 %s 的格式，报告使用的是 %s 的格式%s", rep->year,
           want->source, have->source,
           old_for_new ? "" : "（新格式早于其适用年度）");
  snprintf(en, sizeof(en),
           "report year %d calls for the %s format (%s); the report uses the "
           "%s format (%s)",
           rep->year, want->name, want->source, have->name, have->source);
  return add(rep, GK_RULE_TEMPLATE_YEAR,
             old_for_new ? gk__check_sev(GK_RULE_TEMPLATE_YEAR)
                         : GK_SEV_WARNING,
             GK_TABLES, rep->table_line[GK_T_APPLY], zh, en);
}

/* year known (条例 第四十九条: a report covers one calendar year) */
static gk_status check_year(gk_report *rep) {
  if (rep->year)
    return GK_OK;
  return add(rep, GK_RULE_MISSING_YEAR, gk__check_sev(GK_RULE_MISSING_YEAR),
             GK_TABLES, 0, "未能确定报告年度",
             "the report year could not be found");
}

/* every table present (条例 第五十条; the formats' tables in sections 二,
 * 三, 四) */
static gk_status check_tables(gk_report *rep) {
  for (size_t t = 0; t < GK_TABLES; t++) {
    if (rep->table_found[t])
      continue;
    const gk_table_def *td = &rep->tpl->tables[t];
    int s = td->section - 1;
    char zh[512], en[256];
    snprintf(zh, sizeof(zh), "缺少%s、%s中的统计表（%s）", numerals[s],
             rep->tpl->sections[s].title, td->id);
    snprintf(en, sizeof(en), "table %s of section %d was not found", td->id,
             td->section);
    gk_status st = gk__check_add(rep, GK_RULE_MISSING_TABLE,
                                 gk__check_sev(GK_RULE_MISSING_TABLE), t, -1,
                                 -1, NULL, NULL, rep->section_line[s], zh, en);
    if (st)
      return st;
  }
  return GK_OK;
}

/* six sections, each under its numbered heading (条例 第五十条; 国办公开办函
 * 〔2021〕30号: 一、总体情况 … 六、其他需要报告的事项) */
static gk_status check_sections(gk_report *rep) {
  for (size_t s = 0; s < GK_SECTIONS; s++) {
    unsigned fl = rep->section_flags[s];
    const char *title = rep->tpl->sections[s].title;
    char zh[512], en[256];
    gk_status st = GK_OK;
    if (!(fl & GK_SECTION_FOUND)) {
      snprintf(zh, sizeof(zh), "缺少第%s部分「%s、%s」", numerals[s],
               numerals[s], title);
      snprintf(en, sizeof(en), "section %zu (%s) is missing", s + 1, title);
      st = add(rep, GK_RULE_MISSING_SECTION,
               gk__check_sev(GK_RULE_MISSING_SECTION), GK_TABLES, 0, zh, en);
    } else if (fl & GK_SECTION_UNNUMBERED) {
      snprintf(zh, sizeof(zh), "第%s部分标题缺少序号“%s、”（%s）", numerals[s],
               numerals[s], title);
      snprintf(en, sizeof(en),
               "the heading of section %zu (%s) lacks its "
               "numbering",
               s + 1, title);
      st = add(rep, GK_RULE_SECTION_HEADING,
               gk__check_sev(GK_RULE_SECTION_HEADING), GK_TABLES,
               rep->section_line[s], zh, en);
    }
    if (st)
      return st;
  }
  return GK_OK;
}

/* Agency kinds for the deadline of 条例 第四十九条, decided by the end of
 * the agency's name; the first matching suffix wins. A people's government
 * at county level or above publishes by 31 March; a township government
 * (乡, 镇, and 苏木 in Inner Mongolia) and every department or office
 * (…人民政府办公室, …局, …街道办事处: no rule matches) by 31 January. */
#define DEADLINE_GOVERNMENT 331 /* county-level and higher governments */
#define DEADLINE_DEPARTMENT 131 /* departments, offices, townships */
#define DEADLINE_UNKNOWN 331    /* no agency: only warn when surely late */
static const struct agency_rule {
  const char *suffix; /* end of the agency's name */
  int deadline_mmdd;  /* month and day in the year after the report year */
} agency_rules[] = {
    {"乡人民政府", DEADLINE_DEPARTMENT},
    {"镇人民政府", DEADLINE_DEPARTMENT},
    {"苏木人民政府", DEADLINE_DEPARTMENT},
    {"人民政府", DEADLINE_GOVERNMENT},
};

/* Returns the deadline's MMDD for 'agency' (may be NULL). */
static int agency_deadline(const char *agency) {
  if (!agency)
    return DEADLINE_UNKNOWN;
  size_t len = strlen(agency);
  /* Trailing spaces, tabs and U+3000 (ideographic space) are layout. */
  for (;;) {
    if (len && (agency[len - 1] == ' ' || agency[len - 1] == '\t' ||
                agency[len - 1] == '\r' || agency[len - 1] == '\n'))
      len--;
    else if (len >= 3 && memcmp(agency + len - 3, "\xe3\x80\x80", 3) == 0)
      len -= 3;
    else
      break;
  }
  for (size_t i = 0; i < sizeof(agency_rules) / sizeof(agency_rules[0]); i++) {
    size_t n = strlen(agency_rules[i].suffix);
    if (len >= n && memcmp(agency + len - n, agency_rules[i].suffix, n) == 0)
      return agency_rules[i].deadline_mmdd;
  }
  return DEADLINE_DEPARTMENT;
}

/* date known, not before the period's end (a report on a year cannot be
 * true before the year ends) and not after the deadline (条例 第四十九条) */
static gk_status check_date(gk_report *rep) {
  char zh[512], en[512], d[16], lim[16];
  if (!rep->date)
    return add(rep, GK_RULE_MISSING_DATE, gk__check_sev(GK_RULE_MISSING_DATE),
               GK_TABLES, 0, "未能确定报告日期（落款日期）",
               "the report date could not be found");
  format_date(d, sizeof(d), rep->date);
  int32_t end = rep->period_to;
  if (!end && rep->year)
    end = (int32_t)rep->year * 10000 + 1231;
  if (end && rep->date < end) {
    format_date(lim, sizeof(lim), end);
    snprintf(zh, sizeof(zh), "报告日期 %s 早于统计期结束日 %s", d, lim);
    snprintf(en, sizeof(en),
             "the report is dated %s, before its period ends "
             "on %s",
             d, lim);
    return add(rep, GK_RULE_DATE_BEFORE_END,
               gk__check_sev(GK_RULE_DATE_BEFORE_END), GK_TABLES,
               rep->date_line, zh, en);
  }
  int year = rep->year ? rep->year : (int)(rep->period_to / 10000);
  if (!year)
    return GK_OK;
  /* The level the ledger was made with decides (issue 11 item 10); a
   * report read from a document has only its agency's name. */
  int mmdd = rep->deadline_mmdd ? rep->deadline_mmdd
                                : agency_deadline(rep->agency);
  int32_t deadline = (int32_t)(year + 1) * 10000 + mmdd;
  if (rep->date <= deadline)
    return GK_OK;
  format_date(lim, sizeof(lim), deadline);
  snprintf(zh, sizeof(zh),
           "报告日期 %s 晚于法定公布期限 %s（条例 第四十九条：%s）", d, lim,
           mmdd == DEADLINE_GOVERNMENT ? "县级以上人民政府每年3月31日前"
                                       : "政府部门每年1月31日前");
  snprintf(en, sizeof(en),
           "the report is dated %s, after the statutory deadline %s (条例 "
           "第四十九条: %s)",
           d, lim,
           mmdd == DEADLINE_GOVERNMENT
               ? "governments at county level and above, 31 March"
               : "departments, 31 January");
  return add(rep, GK_RULE_DATE_LATE, gk__check_sev(GK_RULE_DATE_LATE),
             GK_TABLES, rep->date_line, zh, en);
}

gk_status gk__check_meta(gk_report *rep) {
  gk_status (*const steps[])(gk_report *) = {check_template_year, check_year,
                                             check_tables, check_sections,
                                             check_date};
  for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
    gk_status st = steps[i](rep);
    if (st)
      return st;
  }
  return GK_OK;
}
