#!/usr/bin/awk -f
# gen_ledger_csv.awk: N applications as ledger CSV (docs/ledger.md "CSV"),
# made at bench/test time, never committed. Deterministic for a seed.
#   awk -v n=1000000 -v seed=1 -v prefix=A -f bench/gen_ledger_csv.awk > apps.csv
# -v keys=1 adds an applicant_key column (an 18-character ID number, one of
# 200,000 applicants): the import seals each (docs/ledger.md "Personal
# data"). The other columns are the same with or without it.
# Mix: received over 2024-2025 by every channel and applicant type; about
# 85% closed (answered with an outcome of table 三, some abandoned or
# withdrawn) with their closing day (a lapsed 补正 with its request,
# corrections 1), 15% still open (registered; the
# import computes their due dates on the calendar).
BEGIN {
  if (n == "") n = 1000
  if (seed == "") seed = 1
  if (prefix == "") prefix = "A"
  srand(seed)
  split("natural natural natural natural business business research nonprofit legal other", types, " ")
  split("in_person registered_mail ordinary_mail online online online fax", chans, " ")
  split("granted granted granted partial partial denied.third_party denied.internal denied.deliberative unable.not_held unable.not_held unable.needs_creation refused.repeat refused.petition", outs, " ")
  split("第三十六条第（二）项|第三十七条|第十五条|第十六条第一款|第十六条第二款|第三十六条第（四）项|第三十八条|第三十六条第（六）项|第三十九条第一款", bases, "|")
  basis["granted"] = 1; basis["partial"] = 2; basis["denied.third_party"] = 3
  basis["denied.internal"] = 4; basis["denied.deliberative"] = 5
  basis["unable.not_held"] = 6; basis["unable.needs_creation"] = 7
  basis["refused.repeat"] = 8; basis["refused.petition"] = 9
  split("张 王 李 赵 刘 陈 杨 黄 周 吴", sur, " ")
  split("关于2024年度财政预算执行情况的信息|某路段拆迁补偿标准及依据|本单位行政处罚决定书|某项目环境影响评价报告|征地批复文件及附图|政府采购合同及验收材料", what, "|")
  split("31 28 31 30 31 30 31 31 30 31 30 31", mdays, " ")
  printf "ref,applicant_type,applicant_name,contact,channel,arrived_on,received_on,description,state,outcome,basis,closed_on,due_on,extended,corrections%s\n", keys ? ",applicant_key" : ""
  for (i = 1; i <= n; i++) {
    y = 2024 + int(rand() * 2)
    m = 1 + int(rand() * 12)
    d = 1 + int(rand() * 25)
    rec = sprintf("%04d-%02d-%02d", y, m, d)
    arr = rec
    ch = chans[1 + int(rand() * 7)]
    if (ch == "ordinary_mail" && d > 1) arr = sprintf("%04d-%02d-%02d", y, m, d - 1)
    t = types[1 + int(rand() * 10)]
    name = (t == "natural") ? sur[1 + int(rand() * 10)] "某" i % 97 : "某某有限公司" i % 89
    desc = what[1 + int(rand() * 6)]
    r = rand()
    ext = 0
    corr = 0
    if (r < 0.15 && y == 2025 && m >= 11) {
      state = "registered"; out = ""; b = ""; closed = ""
    } else {
      cd = d + 1 + int(rand() * 3)
      if (cd > mdays[m]) cd = mdays[m]
      closed = sprintf("%04d-%02d-%02d", y, m, cd)
      if (r < 0.03) { state = "abandoned"; out = "other.no_correction"; b = "第三十条"; corr = 1 }
      else if (r < 0.04) { state = "abandoned"; out = "other.no_fee"; b = "109号" }
      else if (r < 0.05) { state = "withdrawn"; out = "other.other"; b = "申请人撤回申请" }
      else { state = "answered"; out = outs[1 + int(rand() * 13)]; b = "《政府信息公开条例》" bases[basis[out]] }
      if (rand() < 0.05) ext = 10
    }
    printf "%s-%07d,%s,%s,13%09d,%s,%s,%s,%s,%s,%s,%s,%s,,%d,%d", prefix, i, t, name, i, ch, arr, rec, desc, state, out, b, closed, ext, corr
    if (keys) printf ",11010119%06d%04d", i % 200000, i % 9973
    printf "\n"
  }
}
