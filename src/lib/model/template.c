/* template.c: the two official formats of the annual report, as data.
 *
 * Source of truth: spec/report-fields.md (ids, labels),
 * 国办公开办函〔2019〕60号 and 国办公开办函〔2021〕30号 (layouts). Label
 * variants are those real reports use (tests/data/seeds): the reader normalises
 * spacing, full-width forms, quotes and 只记/只计 itself, so variants list only
 * different wording. */
#include "template.h"

#include <string.h>

#define V(...) ((const char *const[]){__VA_ARGS__, NULL})

/* === Columns === */

static const gk_col_def cols_2019_doc[] = {
    {"made", "本年新制作数量", GK_COL_COUNT, NULL},
    {"published", "本年新公开数量", GK_COL_COUNT, NULL},
    {"total", "对外公开总数量", GK_COL_COUNT, NULL},
};
static const gk_col_def cols_2019_item[] = {
    {"prior", "上一年项目数量", GK_COL_COUNT, NULL},
    {"change", "本年增/减", GK_COL_SIGNED, V("本年增减")},
    {"decisions", "处理决定数量", GK_COL_COUNT, NULL},
};
static const gk_col_def cols_2019_fee[] = {
    {"prior", "上一年项目数量", GK_COL_COUNT, NULL},
    {"change", "本年增/减", GK_COL_SIGNED, V("本年增减")},
};
static const gk_col_def cols_2019_procurement[] = {
    {"projects", "采购项目数量", GK_COL_COUNT, NULL},
    {"amount", "采购总金额", GK_COL_AMOUNT, V("采购总金额(万元)")},
};
static const gk_col_def cols_2021_doc[] = {
    {"issued", "本年制发件数", GK_COL_COUNT, NULL},
    {"repealed", "本年废止件数", GK_COL_COUNT, NULL},
    {"in_force", "现行有效件数", GK_COL_COUNT, NULL},
};
static const gk_col_def cols_2021_decisions[] = {
    {"decisions", "本年处理决定数量", GK_COL_COUNT, NULL},
};
static const gk_col_def cols_2021_fee[] = {
    {"amount", "本年收费金额（单位：万元）", GK_COL_AMOUNT,
     V("本年收费金额(万元)", "本年收费金额")},
};
static const gk_col_def cols_apply[] = {
    {"natural", "自然人", GK_COL_COUNT, NULL},
    {"business", "商业企业", GK_COL_COUNT, NULL},
    {"research", "科研机构", GK_COL_COUNT, NULL},
    {"nonprofit", "社会公益组织", GK_COL_COUNT, NULL},
    {"legal", "法律服务机构", GK_COL_COUNT, NULL},
    {"other", "其他", GK_COL_COUNT, NULL},
    {"total", "总计", GK_COL_COUNT, NULL},
};
static const gk_col_def cols_review[] = {
    {"upheld", "结果维持", GK_COL_COUNT, NULL},
    {"corrected", "结果纠正", GK_COL_COUNT, NULL},
    {"other", "其他结果", GK_COL_COUNT, NULL},
    {"pending", "尚未审结", GK_COL_COUNT, NULL},
    {"total", "总计", GK_COL_COUNT, NULL},
};

#define COLSET(name, arr, sum)                                                 \
  static const gk_colset name = {sizeof(arr) / sizeof(arr[0]), arr, sum}
COLSET(cs_2019_doc, cols_2019_doc, -1);
COLSET(cs_2019_item, cols_2019_item, -1);
COLSET(cs_2019_fee, cols_2019_fee, -1);
COLSET(cs_2019_procurement, cols_2019_procurement, -1);
COLSET(cs_2021_doc, cols_2021_doc, -1);
COLSET(cs_2021_decisions, cols_2021_decisions, -1);
COLSET(cs_2021_fee, cols_2021_fee, -1);
COLSET(cs_apply, cols_apply, 6);
COLSET(cs_review, cols_review, 4);

/* === Table disclose (section 二) === */

#define B1 "第二十条第（一）项"
#define B5 "第二十条第（五）项"
#define B6 "第二十条第（六）项"
#define B8 "第二十条第（八）项"
#define B9 "第二十条第（九）项"

static const gk_row_def disclose_2019[] = {
    {"regulation", "规章", NULL, B1, &cs_2019_doc, GK_ROLE_NONE, NULL},
    {"normative", "规范性文件", NULL, B1, &cs_2019_doc, GK_ROLE_NONE,
     V("行政规范性文件")},
    {"license", "行政许可", NULL, B5, &cs_2019_item, GK_ROLE_NONE, NULL},
    {"other_service", "其他对外管理服务事项", NULL, B5, &cs_2019_item,
     GK_ROLE_NONE, V("其他对外管理服务")},
    {"penalty", "行政处罚", NULL, B6, &cs_2019_item, GK_ROLE_NONE, NULL},
    {"coercion", "行政强制", NULL, B6, &cs_2019_item, GK_ROLE_NONE, NULL},
    {"fee", "行政事业性收费", NULL, B8, &cs_2019_fee, GK_ROLE_NONE, NULL},
    {"procurement", "政府集中采购", NULL, B9, &cs_2019_procurement,
     GK_ROLE_NONE, NULL},
};

static const gk_row_def disclose_2021[] = {
    {"regulation", "规章", NULL, B1, &cs_2021_doc, GK_ROLE_NONE, NULL},
    {"normative", "行政规范性文件", NULL, B1, &cs_2021_doc, GK_ROLE_NONE,
     V("规范性文件")},
    {"license", "行政许可", NULL, B5, &cs_2021_decisions, GK_ROLE_NONE, NULL},
    {"penalty", "行政处罚", NULL, B6, &cs_2021_decisions, GK_ROLE_NONE, NULL},
    {"coercion", "行政强制", NULL, B6, &cs_2021_decisions, GK_ROLE_NONE, NULL},
    {"fee", "行政事业性收费", NULL, B8, &cs_2021_fee, GK_ROLE_NONE, NULL},
};

/* === Table apply (section 三) === */

#define G3 "三、本年度办理结果"
#define GD "（三）不予公开"
#define GU "（四）无法提供"
#define GR "（五）不予处理"
#define GO "（六）其他处理"
#define OUT GK_ROLE_OUTCOME

/* Rows common to both formats up to （五）. */
#define APPLY_HEAD                                                               \
  {"new",                                                                        \
   "一、本年新收政府信息公开申请数量",                                           \
   NULL,                                                                         \
   NULL,                                                                         \
   &cs_apply,                                                                    \
   GK_ROLE_NEW,                                                                  \
   V("本年新收政府信息公开申请数量", "本年新收申请数量")},                       \
      {"carried_in",                                                             \
       "二、上年结转政府信息公开申请数量",                                       \
       NULL,                                                                     \
       NULL,                                                                     \
       &cs_apply,                                                                \
       GK_ROLE_CARRIED_IN,                                                       \
       V("上年结转政府信息公开申请数量", "上年结转申请数量")},                   \
      {"granted", "（一）予以公开", G3, NULL, &cs_apply, OUT, NULL},             \
      {"partial",                                                                \
       "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",               \
       G3,                                                                       \
       NULL,                                                                     \
       &cs_apply,                                                                \
       OUT,                                                                      \
       V("（二）部分公开")},                                                     \
      {"denied.state_secret", "1.属于国家秘密", GD, NULL, &cs_apply, OUT, NULL}, \
      {"denied.prohibited",                                                      \
       "2.其他法律行政法规禁止公开",                                             \
       GD,                                                                       \
       NULL,                                                                     \
       &cs_apply,                                                                \
       OUT,                                                                      \
       NULL},                                                                    \
      {"denied.security",      "3.危及“三安全一稳定”", GD, NULL, &cs_apply, OUT, \
       V("3.危及三安全一稳定")},                                                 \
      {"denied.third_party",                                                     \
       "4.保护第三方合法权益",                                                   \
       GD,                                                                       \
       NULL,                                                                     \
       &cs_apply,                                                                \
       OUT,                                                                      \
       NULL},                                                                    \
      {"denied.internal",                                                        \
       "5.属于三类内部事务信息",                                                 \
       GD,                                                                       \
       NULL,                                                                     \
       &cs_apply,                                                                \
       OUT,                                                                      \
       NULL},                                                                    \
      {"denied.deliberative",                                                    \
       "6.属于四类过程性信息",                                                   \
       GD,                                                                       \
       NULL,                                                                     \
       &cs_apply,                                                                \
       OUT,                                                                      \
       NULL},                                                                    \
      {"denied.enforcement",                                                     \
       "7.属于行政执法案卷",                                                     \
       GD,                                                                       \
       NULL,                                                                     \
       &cs_apply,                                                                \
       OUT,                                                                      \
       NULL},                                                                    \
      {"denied.inquiry", "8.属于行政查询事项", GD, NULL, &cs_apply, OUT, NULL},  \
      {"unable.not_held",                                                        \
       "1.本机关不掌握相关政府信息",                                             \
       GU,                                                                       \
       NULL,                                                                     \
       &cs_apply,                                                                \
       OUT,                                                                      \
       NULL},                                                                    \
      {"unable.needs_creation",                                                  \
       "2.没有现成信息需要另行制作",                                             \
       GU,                                                                       \
       NULL,                                                                     \
       &cs_apply,                                                                \
       OUT,                                                                      \
       NULL},                                                                    \
      {"unable.unclear",                                                         \
       "3.补正后申请内容仍不明确",                                               \
       GU,                                                                       \
       NULL,                                                                     \
       &cs_apply,                                                                \
       OUT,                                                                      \
       NULL},                                                                    \
      {"refused.petition",                                                       \
       "1.信访举报投诉类申请",                                                   \
       GR,                                                                       \
       NULL,                                                                     \
       &cs_apply,                                                                \
       OUT,                                                                      \
       NULL},                                                                    \
      {"refused.repeat", "2.重复申请", GR, NULL, &cs_apply, OUT, NULL},          \
      {"refused.publication",                                                    \
       "3.要求提供公开出版物",                                                   \
       GR,                                                                       \
       NULL,                                                                     \
       &cs_apply,                                                                \
       OUT,                                                                      \
       NULL},                                                                    \
      {"refused.excessive",                                                      \
       "4.无正当理由大量反复申请",                                               \
       GR,                                                                       \
       NULL,                                                                     \
       &cs_apply,                                                                \
       OUT,                                                                      \
       NULL},                                                                    \
  {                                                                              \
    "refused.confirmation", "5.要求行政机关确认或重新出具已获取信息", GR,        \
        NULL, &cs_apply, OUT, NULL                                               \
  }

#define APPLY_TAIL                                                             \
  {"total", "（七）总计", NULL, NULL, &cs_apply, GK_ROLE_TOTAL, NULL}, {       \
    "carried_out", "四、结转下年度继续办理", NULL, NULL, &cs_apply,            \
        GK_ROLE_CARRIED_OUT, V("结转下年度继续办理")                           \
  }

static const gk_row_def apply_2019[] = {
    APPLY_HEAD,
    {"other", "（六）其他处理", NULL, NULL, &cs_apply, OUT, NULL},
    APPLY_TAIL,
};

static const gk_row_def apply_2021[] = {
    APPLY_HEAD,
    {"other.no_correction",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", GO,
     NULL, &cs_apply, OUT, NULL},
    {"other.no_fee",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
     GO, NULL, &cs_apply, OUT, NULL},
    {"other.other", "3.其他", GO, NULL, &cs_apply, OUT, NULL},
    APPLY_TAIL,
};

/* === Table review (section 四): one printed line of 15 numbers === */

static const gk_row_def review_rows[] = {
    {"reconsideration", "行政复议", NULL, NULL, &cs_review, GK_ROLE_NONE, NULL},
    {"litigation_direct", "未经复议直接起诉", "行政诉讼", NULL, &cs_review,
     GK_ROLE_NONE, NULL},
    {"litigation_after", "复议后起诉", "行政诉讼", NULL, &cs_review,
     GK_ROLE_NONE, NULL},
};

/* === Offsets (row r's first cell) === */

static const size_t off_disclose_2019[] = {0, 3, 6, 9, 12, 15, 18, 20};
static const size_t off_disclose_2021[] = {0, 3, 6, 7, 8, 9};
static const size_t off_apply_2019[] = {0,   7,   14,  21,  28,  35,  42, 49,
                                        56,  63,  70,  77,  84,  91,  98, 105,
                                        112, 119, 126, 133, 140, 147, 154};
static const size_t off_apply_2021[] = {
    0,  7,  14,  21,  28,  35,  42,  49,  56,  63,  70,  77, 84,
    91, 98, 105, 112, 119, 126, 133, 140, 147, 154, 161, 168};
static const size_t off_review[] = {0, 5, 10};

/* Header labels: cells of a table's printed header, never row labels. */
static const char *const header_disclose[] = {"信息内容", B1, B5,  B6,
                                              B8,         B9, NULL};
static const char *const header_apply[] = {
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况",
    "法人或其他组织",
    G3,
    GD,
    GU,
    GR,
    GO,
    NULL};
/* 法人或其他组织: the applicant columns between 自然人 and 总计. */
static const gk_col_group group_apply = {"法人或其他组织", 1, 5};
static const char *const header_review[] = {"行政复议", "行政诉讼", NULL};

#define NROWS(a) (sizeof(a) / sizeof(a[0]))

/* The six sections, the same in both formats (条例 第五十条). A macro, not
 * an array, so each template can embed it as a constant initialiser. */
#define SECTIONS_ALL                                                           \
  {                                                                            \
    {"总体情况", V("信息公开工作总体情况", "政府信息公开工作总体情况")},       \
        {"主动公开政府信息情况", V("主动公开情况", "主动公开政府信息")},       \
        {"收到和处理政府信息公开申请情况",                                     \
         V("依申请公开政府信息情况", "收到和处理政府信息公开申请")},           \
        {"政府信息公开行政复议、行政诉讼情况",                                 \
         V("政府信息公开行政复议行政诉讼情况", "行政复议、行政诉讼情况",       \
           "因政府信息公开申请行政复议、提起行政诉讼情况")},                   \
        {"存在的主要问题及改进情况",                                           \
         V("存在的主要问题及下一步工作举措", "存在的主要问题及改进措施",       \
           "存在的主要问题和改进情况", "存在的问题及改进情况",                 \
           "存在的主要问题及下一步工作")},                                     \
        {"其他需要报告的事项", V("其他需要说明的事项")},                       \
  }

static const gk_template template_2019 = {
    "2019",
    "国办公开办函〔2019〕60号",
    1,
    2020,
    {
        {"disclose", 2, NROWS(disclose_2019), disclose_2019, 22,
         off_disclose_2019, header_disclose, NULL},
        {"apply", 3, NROWS(apply_2019), apply_2019, 161, off_apply_2019,
         header_apply, &group_apply},
        {"review", 4, NROWS(review_rows), review_rows, 15, off_review,
         header_review, NULL},
    },
    SECTIONS_ALL,
};

static const gk_template template_2021 = {
    "2021",
    "国办公开办函〔2021〕30号",
    2021,
    9999,
    {
        {"disclose", 2, NROWS(disclose_2021), disclose_2021, 10,
         off_disclose_2021, header_disclose, NULL},
        {"apply", 3, NROWS(apply_2021), apply_2021, 175, off_apply_2021,
         header_apply, &group_apply},
        {"review", 4, NROWS(review_rows), review_rows, 15, off_review,
         header_review, NULL},
    },
    SECTIONS_ALL,
};

const gk_template *const gk__templates[] = {&template_2019, &template_2021,
                                            NULL};

/* === Public accessors === */

const gk_template *gk_template_by_name(const char *name) {
  if (!name)
    return NULL;
  for (size_t i = 0; gk__templates[i]; i++)
    if (strcmp(gk__templates[i]->name, name) == 0)
      return gk__templates[i];
  return NULL;
}

const gk_template *gk_template_for_year(int year) {
  for (size_t i = 0; gk__templates[i]; i++)
    if (year >= gk__templates[i]->first_year &&
        year <= gk__templates[i]->last_year)
      return gk__templates[i];
  return NULL;
}

const char *gk_template_name(const gk_template *tpl) { return tpl->name; }
const char *gk_template_source(const gk_template *tpl) { return tpl->source; }
size_t gk_template_table_count(const gk_template *tpl) {
  (void)tpl;
  return GK_TABLES;
}

const char *gk_template_table_id(const gk_template *tpl, size_t t) {
  return t < GK_TABLES ? tpl->tables[t].id : NULL;
}

size_t gk_template_row_count(const gk_template *tpl, size_t t) {
  return t < GK_TABLES ? tpl->tables[t].nrows : 0;
}

static const gk_row_def *row_at(const gk_template *tpl, size_t t, size_t r) {
  if (t >= GK_TABLES || r >= tpl->tables[t].nrows)
    return NULL;
  return &tpl->tables[t].rows[r];
}

const char *gk_template_row_id(const gk_template *tpl, size_t t, size_t r) {
  const gk_row_def *row = row_at(tpl, t, r);
  return row ? row->id : NULL;
}
const char *gk_template_row_label(const gk_template *tpl, size_t t, size_t r) {
  const gk_row_def *row = row_at(tpl, t, r);
  return row ? row->label : NULL;
}
const char *gk_template_row_group(const gk_template *tpl, size_t t, size_t r) {
  const gk_row_def *row = row_at(tpl, t, r);
  return row ? row->group : NULL;
}
const char *gk_template_row_block(const gk_template *tpl, size_t t, size_t r) {
  const gk_row_def *row = row_at(tpl, t, r);
  return row ? row->block : NULL;
}
size_t gk_template_col_count(const gk_template *tpl, size_t t, size_t r) {
  const gk_row_def *row = row_at(tpl, t, r);
  return row ? row->colset->ncols : 0;
}

static const gk_col_def *col_at(const gk_template *tpl, size_t t, size_t r,
                                size_t c) {
  const gk_row_def *row = row_at(tpl, t, r);
  if (!row || c >= row->colset->ncols)
    return NULL;
  return &row->colset->cols[c];
}

const char *gk_template_col_id(const gk_template *tpl, size_t t, size_t r,
                               size_t c) {
  const gk_col_def *col = col_at(tpl, t, r, c);
  return col ? col->id : NULL;
}
const char *gk_template_col_label(const gk_template *tpl, size_t t, size_t r,
                                  size_t c) {
  const gk_col_def *col = col_at(tpl, t, r, c);
  return col ? col->label : NULL;
}
gk_col_kind gk_template_col_kind(const gk_template *tpl, size_t t, size_t r,
                                 size_t c) {
  const gk_col_def *col = col_at(tpl, t, r, c);
  return col ? col->kind : GK_COL_COUNT;
}

int gk__row_find(const gk_template *tpl, size_t t, const char *id) {
  for (size_t r = 0; r < tpl->tables[t].nrows; r++)
    if (strcmp(tpl->tables[t].rows[r].id, id) == 0)
      return (int)r;
  return -1;
}

gk_status gk_template_find(const gk_template *tpl, const char *table,
                           const char *row, const char *col, size_t *t,
                           size_t *r, size_t *c) {
  if (!tpl || !table)
    return GK_E_ARG;
  for (size_t ti = 0; ti < GK_TABLES; ti++) {
    if (strcmp(tpl->tables[ti].id, table) != 0)
      continue;
    if (t)
      *t = ti;
    if (!row)
      return GK_OK;
    int ri = gk__row_find(tpl, ti, row);
    if (ri < 0)
      return GK_E_ARG;
    if (r)
      *r = (size_t)ri;
    if (!col)
      return GK_OK;
    const gk_colset *cs = tpl->tables[ti].rows[ri].colset;
    for (size_t ci = 0; ci < cs->ncols; ci++) {
      if (strcmp(cs->cols[ci].id, col) == 0) {
        if (c)
          *c = ci;
        return GK_OK;
      }
    }
    return GK_E_ARG;
  }
  return GK_E_ARG;
}
