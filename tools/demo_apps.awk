#!/usr/bin/awk -f
# demo_apps.awk: a year of made-up applications as ledger CSV (docs/ledger.md
# "CSV") for the demo ledger of `make run` (tools/serve_demo.sh). Never real
# people: names are 某, contacts 1380000xxxx, ID numbers absent.
#   awk -v year=2025 -v n=360 -v recent="2026-12-01 2026-12-02" -f demo_apps.awk
# 'n' applications received over 'year' (all closed within a few days: the
# public report page of that year has numbers in most cells), then one open
# application (registered) per day in 'recent' (the queue has work).
# Deterministic (fixed seed).
BEGIN {
  if (n == "") n = 360
  srand(20261207)
  split("natural natural natural natural natural business business research nonprofit legal other", types, " ")
  split("in_person registered_mail ordinary_mail online online online fax", chans, " ")
  split("granted granted granted granted partial partial denied.third_party denied.internal denied.deliberative unable.not_held unable.not_held unable.needs_creation refused.repeat refused.petition", outs, " ")
  basis["granted"] = "第三十六条第（二）项"; basis["partial"] = "第三十七条"
  basis["denied.third_party"] = "第十五条"; basis["denied.internal"] = "第十六条第一款"
  basis["denied.deliberative"] = "第十六条第二款"; basis["unable.not_held"] = "第三十六条第（四）项"
  basis["unable.needs_creation"] = "第三十八条"; basis["refused.repeat"] = "第三十六条第（六）项"
  basis["refused.petition"] = "第三十九条第一款"
  split("张 王 李 赵 刘 陈 杨 黄 周 吴", sur, " ")
  split("本县上一年度财政预算执行情况|某路段拆迁补偿标准及依据|本单位行政处罚决定书|某项目环境影响评价报告|征地批复文件及附图|政府采购合同及验收材料|义务教育阶段学校收费标准|城乡低保对象认定标准", what, "|")
  split("31 28 31 30 31 30 31 31 30 31 30 31", mdays, " ")
  print "ref,applicant_type,applicant_name,contact,channel,arrived_on,received_on,description,state,outcome,basis,closed_on,extended,corrections"
  for (i = 1; i <= n; i++) {
    m = 1 + int((i - 1) * 12 / n)
    d = 1 + int(rand() * 20)
    rec = sprintf("%04d-%02d-%02d", year, m, d)
    ch = chans[1 + int(rand() * 7)]
    t = types[1 + int(rand() * 11)]
    name = (t == "natural") ? sur[1 + int(rand() * 10)] "某" : "某某单位" (i % 37)
    r = rand()
    corr = 0
    cd = d + 2 + int(rand() * 6)
    if (cd > mdays[m]) cd = mdays[m]
    closed = sprintf("%04d-%02d-%02d", year, m, cd)
    if (r < 0.03) { state = "abandoned"; out = "other.no_correction"; b = "第三十条"; corr = 1 }
    else if (r < 0.04) { state = "withdrawn"; out = "other.other"; b = "申请人撤回申请" }
    else { state = "answered"; out = outs[1 + int(rand() * 14)]; b = "《政府信息公开条例》" basis[out] }
    printf "DEMO%d-%04d,%s,%s,1380000%04d,%s,%s,%s,%s,%s,%s,%s,%s,0,%d\n", year, i, t, name, i, ch, rec, rec, what[1 + int(rand() * 8)], state, out, b, closed, corr
  }
  k = split(recent, days, " ")
  for (j = 1; j <= k; j++)
    printf "DEMO-OPEN-%02d,natural,%s某,1380001%04d,online,%s,%s,%s,registered,,,,0,0\n", j, sur[1 + (j % 10)], j, days[j], days[j], what[1 + (j % 8)]
}
