#!/usr/bin/env bash
# test_cli_letters.sh: gongkai application letter (every kind it has a step
# for, html and docx, the office's templates, a broken one, a step not
# taken) and gongkai remind (text and an RFC 5322 message), through the
# binary.
source "$(dirname "$0")/lib.sh"
db=$(ledger_target l.db)
export USER=clerk GK_TODAY=2026-12-07

run "$G" ledger init --db "$db" --agency "某县人民政府办公室" --level county_gov_or_above
expect_rc "init" 0
run "$G" application add --db "$db" --ref 2026-001 --type natural --channel in_person \
  --arrived 2026-11-02 --name '张三<b>' --applicant-key 110101199003070012 \
  --description '关于"X&Y"的文件'
expect_rc "add" 0
run "$G" application act --db "$db" 2026-001 extend --on 2026-11-20 --reason 需要调取档案 --days 10
expect_rc "extend" 0
run "$G" application add --db "$db" --ref 2026-002 --type natural --channel in_person \
  --arrived 2026-10-09 --name 李四
expect_rc "add an overdue one" 0
run "$G" application add --db "$db" --ref 2026-003 --type natural --channel in_person \
  --arrived 2026-11-12 --name 王五
expect_rc "add one due soon" 0

# Letters: html (escaped, masked), docx (a zip with well-formed XML), 0600.
run "$G" application letter --db "$db" 2026-001 receipt -o "$tmp/r.html"
expect_rc "receipt" 0
grep -qF '张三&lt;b&gt;' "$tmp/r.html" && ok || bad "receipt: the name escaped"
grep -qF '关于&quot;X&amp;Y&quot;的文件' "$tmp/r.html" && ok || bad "receipt: the request escaped"
grep -qF '110***********0012' "$tmp/r.html" && ok || bad "receipt: the ID number masked"
grep -qF '110101199003070012' "$tmp/r.html" && bad "receipt: the ID number in clear" || ok
grep -qiF '<script' "$tmp/r.html" && bad "receipt: a script" || ok
[ "$(stat -c %a "$tmp/r.html")" = 600 ] && ok || bad "receipt: mode $(stat -c %a "$tmp/r.html")"
# a period within a year that has its notice: a plain date; one reaching a
# year without its notice (2027 here): the letter says the date is provisional
grep -qF '暂定' "$tmp/r.html" && bad "receipt in November: marked provisional" || ok
run "$G" application add --db "$db" --ref 2026-004 --type natural --channel in_person \
  --arrived 2026-12-04 --name 赵六
expect_rc "add one whose period reaches 2027" 0
run "$G" application letter --db "$db" 2026-004 receipt -o "$tmp/r4.html"
expect_rc "receipt reaching 2027" 0
grep -qF '2027年1月4日（暂定，以国务院办公厅当年放假通知为准）' "$tmp/r4.html" && ok ||
  bad "receipt reaching 2027: the due date not marked provisional"
run "$G" application letter --db "$db" 2026-001 extension --format docx -o "$tmp/e.docx"
expect_rc "extension as docx" 0
python3 - "$tmp/e.docx" <<'EOF' && ok || bad "extension.docx: not a docx with the letter"
import sys, zipfile, xml.dom.minidom
z = zipfile.ZipFile(sys.argv[1])
doc = z.read("word/document.xml").decode()
dom = xml.dom.minidom.parseString(doc)  # well-formed
text = "".join(t.firstChild.data for t in dom.getElementsByTagName("w:t")
               if t.firstChild)
assert "第三十三条第二款" in text and "需要调取档案" in text, text
assert "延长10个工作日" in text, text
EOF
run "$G" application letter --db "$db" 2026-001 answer -o "$tmp/a.html"
expect_rc "answer before the answer" 2
expect_err "answer before the answer" "没有这一步"
[ -e "$tmp/a.html" ] && bad "a refused letter left a file" || ok
run "$G" application letter --db "$db" 2026-001 memo
expect_rc "unknown kind" 2
expect_err "unknown kind" "memo"
run "$G" application letter --db "$db" 2026-001 receipt --format pdf
expect_rc "unknown format" 2

# The office's templates: DIR/KIND.txt replaces the built-in one.
mkdir "$tmp/tpl"
printf '# 本局回执\n< {{applicant}}：\n已收到，编号 {{ref}}。\n> {{agency}}\n' >"$tmp/tpl/receipt.txt"
run "$G" application letter --db "$db" 2026-001 receipt --letters "$tmp/tpl"
expect_rc "office template" 0
expect_out "office template" '<h1>本局回执</h1>'
expect_out "office template" '已收到，编号 2026-001。'
printf '# 本局回执\n您好 {{applicant_phone}}\n' >"$tmp/tpl/receipt.txt"
run "$G" application letter --db "$db" 2026-001 receipt --letters "$tmp/tpl" -o "$tmp/bad.html"
expect_rc "broken template" 2
expect_err "broken template" "$tmp/tpl/receipt.txt"
expect_err "broken template" "第 2 行第 8 列"
expect_err "broken template" "{{applicant_phone}}"
[ -e "$tmp/bad.html" ] && bad "a broken template left a file" || ok
run "$G" application letter --db "$db" 2026-001 receipt --letters "$tmp/no-such-dir"
expect_rc "a mistyped --letters" 2
expect_err "a mistyped --letters" "no-such-dir"
# other kinds keep the built-in template
run "$G" application letter --db "$db" 2026-001 extension --letters "$tmp/tpl"
expect_rc "built-in beside an office template" 0
expect_out "built-in beside an office template" "延期答复告知书"

# Reminders: overdue and due soon, refs only.
run "$G" remind --db "$db" -q
expect_rc "remind" 0
expect_out "remind" "已逾期（1 件）"
expect_out "remind" "2026-002"
expect_out "remind" "即将到期（1 件）"
expect_out "remind" "2026-003"
grep -qE '张三|李四|王五|0012' "$tmp/out" && bad "remind: personal data in the digest" || ok
run "$G" remind --db "$db" --within 0 -q
expect_rc "remind within 0" 0
expect_out "remind within 0" "即将到期（0 件）"
run "$G" remind --db "$db" --format email --to 'office@example.org' -q
expect_rc "remind as email" 0
python3 - "$tmp/out" <<'EOF' && ok || bad "remind email: not a proper message"
import sys, email
from email import policy
raw = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(raw, policy=policy.default)
assert not m.defects, m.defects
assert m["To"] == "office@example.org"
for h in ("From", "Date", "Message-ID", "Subject", "MIME-Version"):
    assert m[h], h
assert m.get_content_type() == "text/plain"
assert m.get_content_charset() == "utf-8"
assert "已逾期 1 件" in str(m["Subject"]), m["Subject"]
body = m.get_content()
assert "2026-002" in body and "2026-003" in body, body
assert "李四" not in body and "王五" not in body
head = raw.split(b"\n\n", 1)[0]
assert all(len(l) <= 78 for l in head.split(b"\n")), head
assert all(b < 128 for b in head)  # headers are ASCII (RFC 2047)
EOF
# a step taken twice has a letter each: --nth N, past the last exit 2
run "$G" application add --db "$db" --ref 2026-009 --type business --channel in_person --arrived 2026-11-02
expect_rc "add for two consultations" 0
run "$G" application act --db "$db" 2026-009 consult --on 2026-11-03 --reason 甲公司
run "$G" application act --db "$db" 2026-009 consult-end --on 2026-11-05
run "$G" application act --db "$db" 2026-009 consult --on 2026-11-06 --reason 乙公司
expect_rc "second consultation" 0
run "$G" application letter --db "$db" 2026-009 consultation --nth 1
expect_rc "first consultation's letter" 0
expect_out "it names the first party" "甲公司"
if grep -q 乙公司 "$tmp/out"; then bad "the first letter names the second party"; else ok; fi
run "$G" application letter --db "$db" 2026-009 consultation
expect_out "the latest by default" "乙公司"
run "$G" application letter --db "$db" 2026-009 consultation --nth 3
expect_rc "no third consultation" 2
expect_err "says how many" "只有 2 次"
run "$G" application letter --db "$db" 2026-009 consultation --nth 0
expect_rc "--nth 0" 2

run "$G" remind --db "$db" --format email --to $'a@b\nBcc: x@y'
expect_rc "header injection" 2
run "$G" remind --db "$db" --within 61
expect_rc "remind within 61" 2
run "$G" remind --db "$(ledger_target none.db)"
expect_rc "remind without a ledger" 2

finish
