/* rules.c: every rule a finding may name, with severity, titles and the
 * legal or arithmetic basis (spec/law.md, spec/report-fields.md). The
 * table is the single list docs/rules.md is checked against. */
#include "rules.h"
#include "../gk_internal.h"

#define E GK_SEV_ERROR
#define W GK_SEV_WARNING
#define F2019 "国办公开办函〔2019〕60号"
#define F2021 "国办公开办函〔2021〕30号"

static const gk_rule_info rules[] = {
    {GK_RULE_BLANK_CELL, W, "表格单元格为空，按0计", "blank cell, read as 0",
     "spec/report-fields.md: a blank reads as 0 and is reported"},
    {GK_RULE_AMBIGUOUS_CELLS, E, "数字粘连，存在多种读法",
     "cell separators lost; several readings fit",
     "table arithmetic (row and column sums) does not single out one reading"},
    {GK_RULE_RECOVERED_CELLS, W, "数字粘连，已按表内勾稽关系恢复",
     "cell separators lost; recovered from the table's sums",
     "table arithmetic singles out one reading"},
    {GK_RULE_MISSING_ROW, E, "表格缺少一行", "a table row is missing",
     F2019 " / " F2021 " (fixed table layout)"},
    {GK_RULE_MISSING_TABLE, E, "缺少统计表格", "a statistics table is missing",
     "条例 第五十条; " F2021},
    {GK_RULE_ROW_CELLS, E, "一行的数值个数与模板不符",
     "a row has a different number of values than the template",
     F2019 " / " F2021},
    {GK_RULE_BAD_NUMBER, E, "单元格内容不是数字", "a cell is not a number",
     F2019 " / " F2021},
    {GK_RULE_AMOUNT_UNIT, W, "金额以元填写，模板要求万元",
     "amount written in 元 where 万元 is asked",
     F2021 ": 本年收费金额（单位：万元）"},
    {GK_RULE_LABEL_LOOSE, W, "行标签与模板不完全一致，按位置读取",
     "a row label differs from the template; read by its place",
     F2019 " / " F2021 " (fixed row order)"},
    {GK_RULE_ROW_VARIANT, W, "分组印成一行、没有分项",
     "a group is printed as one row without its sub-rows",
     F2021 ": （六）其他处理 has three sub-rows; the numbers go to 3.其他"},
    {GK_RULE_TRUNCATED, E, "文本在报告中途结束", "the text ends inside the report",
     "条例 第五十条 (six sections, three tables); what was read is kept"},
    {GK_RULE_GLUED, W, "文本中接着另一份报告，只读取了第一份",
     "another report follows the first; only the first was read",
     "条例 第五十条 (one report per agency and year)"},
    {GK_RULE_APPLY_BALANCE, E, "第一项加第二项之和不等于第三项加第四项之和",
     "new + carried in differs from total + carried out",
     F2021
     ": 本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"},
    {GK_RULE_APPLY_ROW_SUM, E, "各类申请人之和不等于总计",
     "the applicant columns do not add up to the total",
     "table structure: 总计 = 自然人 + 法人或其他组织 (six columns)"},
    {GK_RULE_APPLY_COLUMN_SUM, E, "各办理结果之和不等于（七）总计",
     "the outcome rows do not add up to row (七) total",
     "table structure; 条例 第三十七条 (each application counts in one "
     "outcome row)"},
    {GK_RULE_APPLY_CELL, E, "单元格数值错误（已定位）",
     "a cell is wrong (localised from the broken relations)",
     "the relations above; one cell explains every broken one"},
    {GK_RULE_BLANK_DETERMINED, W, "空白单元格的数值由勾稽关系确定",
     "a blank cell's value follows from a relation",
     "the relations above; a blank that is a relation's only unknown"},
    {GK_RULE_REVIEW_ROW_SUM, E, "行政复议、行政诉讼各结果之和不等于总计",
     "review results do not add up to the total",
     "table structure: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"},
    {GK_RULE_NEGATIVE_COUNT, E, "件数为负数", "a count is negative",
     "counts of documents, applications and cases cannot be negative"},
    {GK_RULE_FRACTIONAL_COUNT, E, "件数含小数", "a count has a fraction",
     "counts are whole numbers"},
    {GK_RULE_TEMPLATE_YEAR, E, "报告格式与报告年度不符",
     "report format does not match the report year",
     F2021 " serves report years from 2021; " F2019 " years up to 2020 "
           "(the old format for a newer year is an error, the new one for an "
           "older year a warning)"},
    {GK_RULE_MISSING_YEAR, W, "未能确定报告年度",
     "the report year could not be found", "条例 第四十九条 (annual report)"},
    {GK_RULE_MISSING_SECTION, E, "缺少规定的部分",
     "a required section is missing",
     "条例 第五十条; " F2021 " (six sections)"},
    {GK_RULE_SECTION_HEADING, W, "部分标题缺少序号或与规定不符",
     "a section heading lacks its numbering or differs from the format",
     F2021 " (一、总体情况 … 六、其他需要报告的事项)"},
    {GK_RULE_MISSING_DATE, W, "未能确定报告日期",
     "the report date could not be found", "条例 第四十九条"},
    {GK_RULE_DATE_BEFORE_END, E, "报告日期早于统计期结束",
     "the report is dated before its own period ends",
     "条例 第四十九条: the report covers the previous year"},
    {GK_RULE_DATE_LATE, W, "报告日期晚于法定公布期限",
     "the report is dated after the statutory deadline",
     "条例 第四十九条: 31 January; county-level and higher governments "
     "31 March"},
    {GK_RULE_NARRATIVE, W, "正文所述数字与表格不一致",
     "a number stated in the text contradicts the tables",
     "条例 第五十条 (accurate content)"},
    /* Across years (gk_compare_years) */
    {GK_RULE_CARRIED_OVER, E, "上年结转数与上一年度报告的结转下年度数不符",
     "carried in differs from the previous year's carried out",
     "spec/report-fields.md, Relations: apply.carried_in (N) = "
     "apply.carried_out (N-1), per column"},
    {GK_RULE_IN_FORCE, E, "现行有效件数与上一年度及本年制发、废止数不符",
     "in force differs from last year's in force + issued - repealed",
     "spec/report-fields.md, Relations: disclose.X.in_force (N) = in_force "
     "(N-1) + issued (N) - repealed (N), " F2021},
    {GK_RULE_YEAR_GAP, W, "缺少中间年度的报告", "a year's report is missing",
     "条例 第四十九条 (a report every year)"},
};

size_t gk_rule_count(void) { return sizeof(rules) / sizeof(rules[0]); }

const gk_rule_info *gk_rule_at(size_t i) {
  return i < gk_rule_count() ? &rules[i] : NULL;
}
