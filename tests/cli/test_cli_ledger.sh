#!/usr/bin/env bash
# test_cli_ledger.sh: gongkai ledger and gongkai application through the
# binary: init, add, act, list, show, import/export, messages in both
# languages, exit codes (docs/cli.md), and that docs/cli.md names every
# option their --help prints.
source "$(dirname "$0")/lib.sh"
db=$(ledger_target l.db)
bdb=$(ledger_target b.db)
export USER=clerk

run "$G" ledger init --db "$db" --agency "某县人民政府办公室" --level county_gov_or_above
expect_rc "init" 0
run "$G" ledger init --db "$db" --agency x --level department
expect_rc "init over an existing file" 2
expect_err "init over an existing file" "已存在"
run "$G" ledger init --db "$(ledger_target x.db)" --agency x --level ministry --lang en
expect_rc "init with a bad level" 2
expect_err "init with a bad level" "--level: 'ministry' is not a valid value; one of: 县级以上人民政府（county_gov_or_above）"
run "$G" application list --db "$(ledger_target none.db)"
expect_rc "missing ledger" 2

# Article 31: online receipt is the day both sides confirm.
run "$G" application add --db "$db" --ref 2025-001 --type natural --channel online \
  --arrived 2025-06-07 --confirmed 2025-06-09 --name 张三 --format json
expect_rc "add online" 0
expect_out "add online" '"received_on":"2025-06-09"'
expect_out "add online" '"due_on":"2025-07-07"'
# Ordinary mail: the day it arrived (the office confirms that day).
run "$G" application add --db "$db" --ref 2025-002 --type business --channel ordinary_mail \
  --confirmed 2025-06-09 --lang en
expect_rc "ordinary mail without its arrival" 2
expect_err "ordinary mail without its arrival" "Article 31"
run "$G" application add --db "$db" --ref 2025-002 --type robot --channel in_person --arrived 2025-06-09
expect_rc "bad applicant type" 2
run "$G" application add --db "$db" --ref 2025-002 --type legal --channel in_person --arrived 2025-06-31
expect_rc "bad date" 2
run "$G" application add --db "$db" --ref 2025-002 --type legal --channel in_person --arrived 2025-06-10
expect_rc "add in person" 0
run "$G" application add --db "$db" --ref 2025-002 --type legal --channel in_person --arrived 2025-06-10
expect_rc "duplicate ref" 2
expect_err "duplicate ref" "2025-002"

# Steps: a lawful one, an unlawful one (nothing changes), an answer.
run "$G" application act --db "$db" 2025-001 consult --on 2025-06-11 --reason 第三方
expect_rc "consult" 0
expect_out "consult" "状态: 征求意见中"
run "$G" application act --db "$db" 2025-001 answer --on 2025-06-12 --outcome granted --basis x --lang en
expect_rc "answer while consulting" 2
expect_err "answer while consulting" "answer is not allowed"
run "$G" application show --db "$db" 2025-001 --format json
expect_out "unchanged after a refused step" '"state":"consulting"'
run "$G" application act --db "$db" 2025-001 consult-end --on 2025-06-17
expect_rc "consult-end" 0
run "$G" application act --db "$db" 2025-001 answer --on 2025-06-18 --outcome denied.third_party
expect_rc "answer without basis" 2
expect_err "answer without basis" "第十五条"
run "$G" application act --db "$db" 2025-001 answer --on 2025-06-18 --outcome denied.third_party \
  --basis "《政府信息公开条例》第十五条" --format json
expect_rc "answer" 0
expect_out "answer" '"outcome":"denied.third_party"'
expect_out "answer" '"closed_on":"2025-06-18"'
run "$G" application act --db "$db" 2025-001 frobnicate
expect_rc "unknown action" 2
run "$G" application act --db "$db" 2025-999 answer
expect_rc "unknown ref" 2
run "$G" application act --db "$db" 2025-002 extend --on 2025-06-11
expect_rc "extend without reason" 2

# Lists: filters and formats.
run "$G" application list --db "$db" --state answered
expect_rc "list answered" 0
if [ "$(cut -f1 "$tmp/out")" = "2025-001" ]; then ok; else bad "list --state answered: $(cat "$tmp/out")"; fi
run "$G" application list --db "$db" --overdue --today 2025-07-09
if [ "$(cut -f1 "$tmp/out")" = "2025-002" ]; then ok; else bad "list --overdue: $(cat "$tmp/out")"; fi
run "$G" application list --db "$db" --due-within 3 --today 2025-07-01
expect_out_empty "nothing due within 3 days of 07-01"
run "$G" application list --db "$db" --due-within 5 --today 2025-07-01 --format json
expect_out "due within 5 days" '"ref":"2025-002"'
run "$G" application list --db "$db" --due-within x
expect_rc "bad --due-within" 2
run "$G" application list --db "$db" --applicant-type legal
if [ "$(wc -l < "$tmp/out")" -eq 1 ]; then ok; else bad "list --applicant-type"; fi

# Audit: who did it.
actors=$(ledger_sql "$db" "SELECT DISTINCT actor FROM audit_log WHERE table_name = 'applications'")
[ "$actors" = "clerk" ] && ok || bad "audit actor: $actors"
run "$G" application act --db "$db" 2025-002 withdraw --on 2025-06-12 --actor 李四
[ "$(ledger_sql "$db" "SELECT actor FROM application_events WHERE kind = 'withdraw'")" = "李四" ] && ok || bad "--actor"

# Export, import into a new ledger, export again: the same bytes.
run "$G" ledger export --db "$db" -o "$tmp/apps.csv"
expect_rc "export" 0
head -1 "$tmp/apps.csv" | grep -q '^ref,applicant_type,' && ok || bad "export header"
"$G" ledger init --db "$bdb" --agency b --level department 2>/dev/null
run "$G" ledger import --db "$bdb" "$tmp/apps.csv"
expect_rc "import" 0
run "$G" ledger export --db "$bdb"
cmp -s "$tmp/out" "$tmp/apps.csv" && ok || bad "export/import round trip differs"

# A bad row: line and column, nothing imported.
printf 'ref,applicant_type,channel,received_on,state\nN1,natural,fax,2025-06-09,registered\nN2,natural,fax,2025-13-01,registered\n' > "$tmp/bad.csv"
before=$(ledger_sql "$bdb" "SELECT count(*) FROM applications")
run "$G" ledger import --db "$bdb" "$tmp/bad.csv" --lang en
expect_rc "bad import" 2
expect_err "bad import" "bad.csv:3:4: column received_on"
after=$(ledger_sql "$bdb" "SELECT count(*) FROM applications")
[ "$before" = "$after" ] && ok || bad "a bad import changed the ledger ($before -> $after)"
run "$G" ledger import --db "$bdb" "$tmp/none.csv"
expect_rc "missing CSV" 2

# A notice changes open due dates: an amendment making 2025-06-20 a day off
# moves 2025-003 (received 2025-06-10, due 2025-07-08) by one working day.
printf 'amend 2025 测试〔2025〕1号 2025-06-01\noff 2025-06-20 测试\n' > "$tmp/notice.txt"
run "$G" application add --db "$bdb" --ref 2025-003 --type other --channel in_person --arrived 2025-06-10
expect_rc "add before the notice" 0
run "$G" ledger calendar-add --db "$bdb" "$tmp/notice.txt" --lang en
expect_rc "calendar-add" 0
expect_err "calendar-add" "1 open applications"
run "$G" application show --db "$bdb" 2025-003 --format json
expect_out "due date recomputed" '"due_on":"2025-07-09"'
[ "$(ledger_sql "$bdb" "SELECT count(*) FROM calendar_notices")" = 1 ] && ok || bad "notice not stored"
run "$G" ledger calendar-add --db "$bdb" "$tmp/notice.txt"
expect_rc "calendar-add twice" 0
[ "$(ledger_sql "$bdb" "SELECT count(*) FROM calendar_notices")" = 1 ] && ok || bad "notice stored twice"
printf 'notice 2025 x 2025-01-01\nof 2025-06-20\n' > "$tmp/bad-notice.txt"
run "$G" ledger calendar-add --db "$bdb" "$tmp/bad-notice.txt"
expect_rc "bad notice" 2
expect_err "bad notice" "bad-notice.txt:"

# A newer ledger is refused.
if is_pg; then # the version is the latest migration's there
  ledger_sql "$bdb" "INSERT INTO migrations VALUES (99, 'x', '2099-01-01', 'x')" >/dev/null
else
  sqlite3 "$bdb" "PRAGMA user_version = 99"
fi
run "$G" application list --db "$bdb" --lang en
expect_rc "newer ledger" 2
expect_err "newer ledger" "newer than this program"

# docs/cli.md names every option of every subcommand.
cli_md="$SRC/docs/cli.md"
for cmd in "ledger init" "ledger import" "ledger export" "ledger calendar-add" "application add" \
  "application show" "application list" "application act"; do
  for lang in zh en; do
    run "$G" $cmd --help --lang "$lang"
    expect_rc "gongkai $cmd --help" 0
    for o in $(grep -oE -- '--[a-z][a-z-]*' "$tmp/out" | sort -u); do
      if grep -qF -- "\`$o" "$cli_md"; then ok; else bad "docs/cli.md lacks $o (gongkai $cmd)"; fi
    done
  done
  if grep -qE "^### \`gongkai $cmd\`" "$cli_md"; then ok; else bad "docs/cli.md lacks a section for $cmd"; fi
done
run "$G" help application
expect_rc "help application" 0
expect_out "help application" "act"

finish
