/* srv_labels.c: the official Chinese label of every id the pages show.
 * Applicant types, channels, states and outcomes come from the library's
 * vocabularies (gk_vocab_label: table 三 of 国办公开办函〔2021〕30号 and
 * 条例 第三十一条), the steps from its actions (gk_app_action_label); the
 * identity documents, forms and ways of delivery of 第二十九条 and the
 * roles are the server's own (the ledger has no names for them). */
#include "srv_core.h"

#include <stdio.h>
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

/* Applicant types, channels, states and outcomes are the ledger's
 * vocabularies (gk_vocab_*): one table names them everywhere, the CLI,
 * the report and these pages alike. */
static const char *vocab(gk_vocab v, const char *id) {
  if (!id)
    return "";
  const char *l = gk_vocab_label(v, id);
  return l ? l : "未知";
}

/* The form's list of applicant types: the vocabulary's ids. */
const char *const srv_applicant_types[] = {
    "natural", "business", "research", "nonprofit", "legal", "other", NULL};

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

/* The events of an application's history that are not actions (the
 * actions are named by the library: gk_app_action_label). */
static const label events[] = {{"register", "登记受理"},
                               {"void", "登记作废"},
                               {"amend", "更正登记事项"},
                               {"revoke", "撤销错误步骤"},
                               {NULL, NULL}};

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
  return vocab(GK_VOCAB_APPLICANT_TYPE, id);
}
const char *srv_label_channel(const char *id) {
  return vocab(GK_VOCAB_CHANNEL, id);
}
const char *srv_label_state(const char *id) {
  return vocab(GK_VOCAB_STATE, id);
}
const char *srv_label_action(const char *id) {
  int a = gk_app_action_from_name(id);
  return a >= 0 ? gk_app_action_label((gk_app_action_kind)a) : find(events, id);
}
const char *srv_label_outcome(const char *id) {
  return vocab(GK_VOCAB_OUTCOME, id);
}

/* The outcome's group in table 三 without its numbering ("（三）不予公开"
 * → "不予公开"), "" for 予以公开 and 部分公开 (rows of their own). */
static const char *outcome_group(const char *id) {
  const gk_template *tpl = gk_template_by_name("2021");
  size_t t = 0, r = 0;
  if (!id || !tpl || gk_template_find(tpl, "apply", id, NULL, &t, &r, NULL))
    return "";
  const char *g = gk_template_row_group(tpl, t, r);
  const char *close = g ? strstr(g, "）") : NULL;
  return g && strncmp(g, "（", 3) == 0 && close ? close + 3 : "";
}
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

const char *srv_label_outcome_full(const char *id, char *buf, size_t n) {
  const char *g = outcome_group(id);
  snprintf(buf, n, "%s%s%s", g, *g ? "：" : "", srv_label_outcome(id));
  return buf;
}
