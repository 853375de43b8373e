#!/usr/bin/env bash
# test_cli_letters_lo.sh: LibreOffice opens every kind of notice letter the
# .docx writer makes (labelled libreoffice: one headless conversion).
source "$(dirname "$0")/lib.sh"
db="$tmp/l.db"
export USER=clerk GK_TODAY=2026-12-07

run "$G" ledger init --db "$db" --agency "某县人民政府办公室" --level county_gov_or_above
expect_rc "init" 0
add() { run "$G" application add --db "$db" --ref "$1" --type natural --channel in_person \
  --arrived "$2" --name '张三&<李四>' --description '关于"X"的文件'; expect_rc "add $1" 0; }
act() { run "$G" application act --db "$db" "$@"; expect_rc "act $*" 0; }
add A 2026-11-02
act A request-correction --on 2026-11-04
act A correct --on 2026-11-06
act A consult --on 2026-11-09 --reason 某某公司
act A consult-end --on 2026-11-13
act A extend --on 2026-11-20 --reason 需要检索 --days 10
act A answer --on 2026-12-04 --outcome denied.third_party --basis '《条例》第十五条'
add B 2026-12-01
act B fee-notice --on 2026-12-02 --pages 250
mkdir "$tmp/docx"
for k in receipt correction extension consultation answer; do
  run "$G" application letter --db "$db" A "$k" --format docx -o "$tmp/docx/$k.docx"
  expect_rc "letter $k" 0
done
run "$G" application letter --db "$db" B fee --format docx -o "$tmp/docx/fee.docx"
expect_rc "letter fee" 0

if command -v soffice >/dev/null; then
  lo="-env:UserInstallation=file://$tmp/lo"
  run soffice "$lo" --headless --convert-to txt:Text --outdir "$tmp/lo-out" "$tmp"/docx/*.docx
  expect_rc "soffice converts the letters" 0
  check() { # KIND TEXT...
    local k=$1 t="$tmp/lo-out/$1.txt"; shift
    [ -s "$t" ] && ok || bad "soffice made no text of $k.docx"
    for w in "$@"; do grep -qF -- "$w" "$t" && ok || bad "$k.docx: LibreOffice's text lacks '$w'"; done
  }
  check receipt 政府信息公开申请受理回执 '张三&<李四>' '关于"X"的文件' 某县人民政府办公室
  check correction 补正申请告知书 第三十条
  check extension 延期答复告知书 需要检索 延长10个工作日
  check consultation 征求第三方意见书 某某公司 第三十二条
  check answer 政府信息公开申请答复书 保护第三方合法权益 第十五条 行政复议
  check fee 信息处理费缴费通知书 4700元 109号
else
  bad "soffice not installed (libreoffice-writer-nogui is in the Makefile's PACKAGES)"
fi
finish
