/* srv_labels.c: the official Chinese label of every id the pages show
 * (applicant types and outcomes as printed in table 三 of
 * 国办公开办函〔2021〕30号; channels and steps as in 条例
 * 第二十九条–第四十二条, docs/ledger.md). TODO(issue 12): use the library's
 * gk_*_name() labels when branch ledgersec lands, and drop the tables here. */
#include "srv_core.h"

#include <string.h>

typedef struct label {
  const char *id, *zh;
} label;

static const char *find(const label *t, const char *id) {
  if (!id)
    return "";
  for (size_t i = 0; t[i].id; i++)
    if (strcmp(t[i].id, id) == 0)
      return t[i].zh;
  return "未知";
}

static const label applicant_types[] = {{"natural", "自然人"},
                                        {"business", "商业企业"},
                                        {"research", "科研机构"},
                                        {"nonprofit", "社会公益组织"},
                                        {"legal", "法律服务机构"},
                                        {"other", "其他"},
                                        {NULL, NULL}};
const char *const srv_applicant_types[] = {
    "natural", "business", "research", "nonprofit", "legal", "other", NULL};

static const label channels[] = {{"in_person", "当面提交"},
                                 {"registered_mail", "邮寄（挂号信）"},
                                 {"ordinary_mail", "邮寄（平信）"},
                                 {"online", "互联网渠道"},
                                 {"fax", "传真"},
                                 {NULL, NULL}};

static const label states[] = {
    {"registered", "办理中"},     {"correction_requested", "待补正"},
    {"consulting", "征求意见中"}, {"fee_pending", "待缴费"},
    {"answered", "已答复"},       {"abandoned", "已终止"},
    {"withdrawn", "已撤回"},      {NULL, NULL}};

static const label actions[] = {{"register", "登记受理"},
                                {"request-correction", "要求补正"},
                                {"correct", "收到补正"},
                                {"lapse", "逾期未补正"},
                                {"consult", "征求意见"},
                                {"consult-end", "征求意见结束"},
                                {"extend", "延长答复期限"},
                                {"fee-notice", "收费通知"},
                                {"fee-paid", "已缴费"},
                                {"fee-lapse", "逾期未缴费"},
                                {"answer", "答复"},
                                {"withdraw", "申请人撤回"},
                                {NULL, NULL}};

static const label outcomes[] = {
    {"granted", "予以公开"},
    {"partial", "部分公开"},
    {"denied.state_secret", "不予公开：属于国家秘密"},
    {"denied.prohibited", "不予公开：其他法律行政法规禁止公开"},
    {"denied.security", "不予公开：危及“三安全一稳定”"},
    {"denied.third_party", "不予公开：保护第三方合法权益"},
    {"denied.internal", "不予公开：属于三类内部事务信息"},
    {"denied.deliberative", "不予公开：属于四类过程性信息"},
    {"denied.enforcement", "不予公开：属于行政执法案卷"},
    {"denied.inquiry", "不予公开：属于行政查询事项"},
    {"unable.not_held", "无法提供：本机关不掌握相关政府信息"},
    {"unable.needs_creation", "无法提供：没有现成信息需要另行制作"},
    {"unable.unclear", "无法提供：补正后申请内容仍不明确"},
    {"refused.petition", "不予处理：信访举报投诉类申请"},
    {"refused.repeat", "不予处理：重复申请"},
    {"refused.publication", "不予处理：要求提供公开出版物"},
    {"refused.excessive", "不予处理：无正当理由大量反复申请"},
    {"refused.confirmation", "不予处理：要求行政机关确认或重新出具已获取信息"},
    {"other.no_correction", "其他处理：申请人无正当理由逾期不补正"},
    {"other.no_fee", "其他处理：申请人逾期未按收费通知要求缴纳费用"},
    {"other.other", "其他处理：其他"},
    {NULL, NULL}};
/* What an answer may give (the terminations give the other.* rows). */
const char *const srv_outcomes[] = {"granted",
                                    "partial",
                                    "denied.state_secret",
                                    "denied.prohibited",
                                    "denied.security",
                                    "denied.third_party",
                                    "denied.internal",
                                    "denied.deliberative",
                                    "denied.enforcement",
                                    "denied.inquiry",
                                    "unable.not_held",
                                    "unable.needs_creation",
                                    "unable.unclear",
                                    "refused.petition",
                                    "refused.repeat",
                                    "refused.publication",
                                    "refused.excessive",
                                    "refused.confirmation",
                                    "other.other",
                                    NULL};

/* 第二十九条: the applicant's identity document; form and delivery. */
static const label id_types[] = {{"resident_id", "居民身份证"},
                                 {"passport", "护照"},
                                 {"hk_macao", "港澳居民来往内地通行证"},
                                 {"taiwan", "台湾居民来往大陆通行证"},
                                 {"credit_code", "统一社会信用代码"},
                                 {"other", "其他有效身份证件"},
                                 {NULL, NULL}};
const char *const srv_id_types[] = {"resident_id", "passport",    "hk_macao",
                                    "taiwan",      "credit_code", "other",
                                    NULL};

static const label forms[] = {{"paper", "纸质"},
                              {"electronic", "电子数据"},
                              {"disc", "光盘"},
                              {NULL, NULL}};
const char *const srv_forms[] = {"paper", "electronic", "disc", NULL};

static const label deliveries[] = {{"mail", "邮寄"},
                                   {"email", "电子邮件"},
                                   {"pickup", "当面领取"},
                                   {"online", "网上获取"},
                                   {NULL, NULL}};
const char *const srv_deliveries[] = {"mail", "email", "pickup", "online",
                                      NULL};

static const label roles[] = {{"public", "公众"},
                              {"clerk", "经办人"},
                              {"reviewer", "审核人"},
                              {"head", "机构负责人"},
                              {"supervisor", "上级主管部门"},
                              {"admin", "系统管理员"},
                              {NULL, NULL}};

const char *srv_label_applicant_type(const char *id) {
  return find(applicant_types, id);
}
const char *srv_label_channel(const char *id) { return find(channels, id); }
const char *srv_label_state(const char *id) { return find(states, id); }
const char *srv_label_action(const char *id) { return find(actions, id); }
const char *srv_label_outcome(const char *id) { return find(outcomes, id); }
const char *srv_label_id_type(const char *id) { return find(id_types, id); }
const char *srv_label_form(const char *id) { return find(forms, id); }
const char *srv_label_delivery(const char *id) { return find(deliveries, id); }

const char *srv_role_id(srv_role r) {
  return (unsigned)r < SRV_NROLES ? roles[r].id : "";
}
const char *srv_role_label(srv_role r) {
  return (unsigned)r < SRV_NROLES ? roles[r].zh : "";
}
int srv_role_from_id(const char *id) {
  for (int i = 1; id && i < SRV_NROLES; i++)
    if (strcmp(roles[i].id, id) == 0)
      return i;
  return -1;
}

