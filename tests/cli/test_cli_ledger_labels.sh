#!/usr/bin/env bash
# test_cli_ledger_labels.sh: issue 11 items 10 and 11.
# 10: the level chosen at `ledger init` decides the report's deadline
#     (条例 第四十九条), not the agency's name.
# 11: Chinese in, Chinese out: the official labels are accepted wherever
#     an id is (--type 自然人, --channel 当面, --outcome 予以公开, --state,
#     --level), Chinese output shows labels, help and the error for a wrong
#     value list the valid ones.
source "$(dirname "$0")/lib.sh"
export USER=clerk

# --- 10: the level decides the deadline ---
# A county government whose name does not end in 人民政府: due 31 March,
# so a report dated 15 March is in time (it was guessed a department: late).
run "$G" ledger init --db "$(ledger_target c.db)" --agency "北京市海淀区政府" --level county_gov_or_above
expect_rc "init county" 0
run "$G" report --db "$(ledger_target c.db)" --year 2025 --date 2026-03-15
expect_rc "county report in time" 0
grep -qF "date-late" "$tmp/err" && bad "county level: 15 March reported late" || ok
# A department whose name ends in 人民政府 (it was guessed a county
# government: in time): due 31 January, 15 March is late.
run "$G" ledger init --db "$(ledger_target d.db)" --agency "某县人民政府" --level department
run "$G" report --db "$(ledger_target d.db)" --year 2025 --date 2026-03-15
expect_err "department report late" "warning[date-late]"
expect_err "department report late" "2026-01-31"
# The level by its label.
run "$G" ledger init --db "$(ledger_target e.db)" --agency "某市交通运输局" --level 政府部门
expect_rc "level by label" 0
expect_err "level shown as a label" "（政府部门）"
run "$G" ledger init --db "$(ledger_target f.db)" --agency "某局" --level 省级
expect_rc "bad level" 2
expect_err "bad level lists the values" "县级以上人民政府（county_gov_or_above）、政府部门（department）"

# --- 11: labels in, labels out ---
db=$(ledger_target l.db)
run "$G" ledger init --db "$db" --agency "某县人民政府" --level 县级以上人民政府
expect_rc "init by label" 0
run "$G" application add --db "$db" --ref A-1 --type 自然人 --channel 当面 --arrived 2025-06-09
expect_rc "add by labels" 0
expect_out "show type label" "申请人类型: 自然人"
expect_out "show channel label" "渠道: 当面提交"
expect_out "show state label" "状态: 办理中"
run "$G" application add --db "$db" --ref A-2 --type 商业企业 --channel 当面提交 --arrived 2025-06-09 --format json
expect_out "stored as ids" '"applicant_type":"business","applicant_name":null,"contact":null,"channel":"in_person"'
run "$G" application add --db "$db" --ref A-3 --type legal --channel 互联网 --arrived 2025-06-09 --confirmed 2025-06-10 --lang en
expect_rc "ids still work" 0
expect_out "English shows ids" "applicant type: legal"
expect_out "English shows ids" "channel: online"
run "$G" application act --db "$db" A-1 answer --outcome 予以公开 --basis "《政府信息公开条例》第三十六条" --on 2025-06-10
expect_rc "outcome by its row label" 0
expect_out "outcome shown as its label" "办理结果: 予以公开"
run "$G" application act --db "$db" A-2 answer --outcome "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" --basis "第三十七条" --on 2025-06-10 --format json
expect_out "full numbered label" '"outcome":"partial"'
run "$G" application list --db "$db" --state 已答复
expect_out "list by state label, labels shown" "A-1	已答复	2025-06-09	2025-07-07	自然人	予以公开"
expect_out "list by state label, labels shown" "A-2	已答复	2025-06-09	2025-07-07	商业企业	部分公开"
run "$G" application list --db "$db" --applicant-type 法律服务机构 --lang en
expect_out "list by type label" "A-3	registered"

# A wrong value: the error lists the valid ones, label and id.
run "$G" application add --db "$db" --ref A-4 --type 公司 --channel 当面 --arrived 2025-06-09
expect_rc "bad type" 2
expect_err "bad type lists values" "自然人（natural）、商业企业（business）、科研机构（research）、社会公益组织（nonprofit）、法律服务机构（legal）、其他（other）"
run "$G" application add --db "$db" --ref A-4 --type 自然人 --channel 飞鸽 --arrived 2025-06-09
expect_rc "bad channel" 2
expect_err "bad channel lists values" "当面提交（in_person）、挂号邮寄（registered_mail）、平常信函（ordinary_mail）、互联网（online）、传真（fax）"
run "$G" application act --db "$db" A-3 answer --outcome 同意 --basis x --on 2025-06-11
expect_rc "bad outcome" 2
expect_err "bad outcome lists values" "予以公开（granted）、部分公开（partial）、属于国家秘密（denied.state_secret）"
run "$G" application list --db "$db" --state 完成
expect_rc "bad state" 2
expect_err "bad state lists values" "办理中（registered）"

# Help lists every value, label and id.
run "$G" application add --help
for v in 自然人 natural 商业企业 business 科研机构 research 社会公益组织 nonprofit 法律服务机构 legal 当面提交 in_person 挂号邮寄 registered_mail 平常信函 ordinary_mail 互联网 online 传真 fax; do
  expect_out "add --help lists $v" "$v"
done
run "$G" application act --help
for v in 予以公开 granted 部分公开 partial 属于国家秘密 denied.state_secret 保护第三方合法权益 denied.third_party 本机关不掌握相关政府信息 unable.not_held 重复申请 refused.repeat 其他 other.other; do
  expect_out "act --help lists $v" "$v"
done
run "$G" application list --help
for v in 办理中 registered 待补正 correction_requested 征求意见中 consulting 待缴费 fee_pending 已答复 answered 视为放弃 abandoned 已撤回 withdrawn; do
  expect_out "list --help lists $v" "$v"
done
run "$G" ledger init --help
expect_out "init --help lists levels" "县级以上人民政府 county_gov_or_above"
expect_out "init --help lists levels" "政府部门 department"

finish
