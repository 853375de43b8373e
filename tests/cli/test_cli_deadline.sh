#!/usr/bin/env bash
# test_cli_deadline.sh: gongkai deadline, fee and calendar: results worked
# out by hand from the notices (data/calendar.txt), usage errors (exit 2),
# the user calendar file (calendar add), and docs/cli.md naming every
# option the three commands print in --help.
source "$(dirname "$0")/lib.sh"
# never read the user's own calendar file
export GONGKAI_CALENDAR="$tmp/no-such-calendar.txt"

# expect_line NAME TEXT: stdout is exactly one line TEXT
expect_line() {
  if [ "$(cat "$tmp/out")" = "$2" ] && [ "$(wc -l <"$tmp/out")" -eq 1 ]; then ok; else
    bad "$1: stdout '$(head -c 200 "$tmp/out")', expected '$2'"
  fi
}

# === deadline ===
# received, options, due date (worked out in tests/unit/test_deadline.c)
while IFS='|' read -r received opts due; do
  # shellcheck disable=SC2086
  run "$G" deadline --received "$received" $opts
  expect_rc "deadline $received $opts" 0
  expect_line "deadline $received $opts" "$due"
done <<'EOF'
2024-09-27||2024-10-30
2024-09-27|--extended|2024-11-27
2024-09-27|--extension 5|2024-11-06
2024-09-27|--pause 2024-10-08:2024-10-14|2024-11-07
2024-09-27|--pause 2024-10-08:2024-10-11 --pause 2024-10-10:2024-10-14|2024-11-07
2024-12-31||2025-02-05
2026-02-10||2026-03-16
2023-12-29|--kind correction|2024-01-10
2020-01-20|--kind third-party|2020-02-18
2018-12-28|--kind correction|2019-01-09
2024-09-27|--kind fee|2024-10-30
2024-09-27|--kind reply --extension 0|2024-10-30
EOF

# invalid dates and arguments: exit 2, a clear message, nothing on stdout
while IFS='|' read -r args msg; do
  # shellcheck disable=SC2086
  run "$G" deadline $args
  expect_rc "deadline $args" 2
  expect_err "deadline $args" "$msg"
  expect_out_empty "deadline $args"
done <<'EOF'
--received 2024-02-30|2024-02-30”不存在
--received 2023-02-29|2023-02-29”不存在
--received garbage|不是 YYYY-MM-DD 格式
--received 2024-9-27|不是 YYYY-MM-DD 格式
|缺少 --received
--received 2024-09-27 --extension 21|--extension 需要 0 到 20
--received 2024-09-27 --extension x|--extension 需要 0 到 20
--received 2024-09-27 --extended --extension 5|只能给一次
--received 2024-09-27 --kind bogus|--kind 只能是
--received 2024-09-27 --kind fee --extended|只有答复期限
--received 2024-09-27 --pause 2024-10-08|--pause 应为 FROM:TO
--received 2024-09-27 --pause 2024-10-08:2024-10-32|不存在
--received 2024-09-27 --pause 2024-10-08:2024-10-01|结束早于开始
--received 2024-09-27 --pause 2024-09-01:2024-10-01|早于期限起算日
--received 2024-09-27 extra|多余的参数
--received 2024-09-27 --bogus|gongkai deadline --help
--received 2030-03-01|日历缺少 2030 年的放假安排
--received 2006-12-20|日历缺少 2006 年的放假安排
--received 2024-09-27 --calendar-file /nonexistent/cal.txt|/nonexistent/cal.txt
EOF
run "$G" deadline --received 2030-03-01 --lang en
expect_err "deadline missing year (en)" "the calendar lacks the holiday arrangement of 2030"

# === fee ===
while IFS='|' read -r args want; do
  # shellcheck disable=SC2086
  run "$G" fee $args
  expect_rc "fee $args" 0
  expect_line "fee $args" "$want"
done <<'EOF'
--pages 0|0
--pages 30|0
--pages 31|10
--pages 100|700
--pages 101|720
--pages 200|2700
--pages 201|2740
--pages 250|4700
--monthly-count 0|0
--monthly-count 10|0
--monthly-count 11|100
--monthly-count 30|2000
--monthly-count 31|2200
--monthly-count 40|4000
--monthly-count 41|4300
--nth 10|0
--nth 11|100
--nth 31|200
--nth 41|300
--pages 230584300921369527|9223372036854775780
EOF
while IFS='|' read -r args msg; do
  # shellcheck disable=SC2086
  run "$G" fee $args
  expect_rc "fee $args" 2
  expect_err "fee $args" "$msg"
  expect_out_empty "fee $args"
done <<'EOF'
--pages -1|不能为负数
--pages abc|不是整数
--pages 12x|不是整数
--pages 99999999999999999999|过大
--pages 9223372036854775807|过大
--pages 230584300921369528|过大
--monthly-count 9223372036854775807|过大
--monthly-count -3|不能为负数
--nth 0|从 1 起
|需要 --pages
--pages 1 --nth 2|只能给一个
--pages 1 2|多余的参数
EOF

# === calendar ===
run "$G" calendar show 2024
expect_rc "calendar show 2024" 0
expect_out "show 2024: number" "notice 2024 国办发明电〔2023〕7号 2023-10-25"
expect_out "show 2024: make-up day" "work 2024-10-12 国庆节"
expect_out "show 2024: holiday" "off 2024-10-01..2024-10-07 国庆节"
run "$G" calendar show 2020
expect_out "show 2020: the extension" "amend 2020 国办发明电〔2020〕1号 2020-01-26"
run "$G" calendar days 2024
expect_rc "calendar days 2024" 0
if [ "$(wc -l <"$tmp/out")" -eq 366 ]; then ok; else bad "days 2024: 366 lines"; fi
expect_out "days: make-up Sunday" "2024-09-29	work"
expect_out "days: holiday" "2024-10-07	off"
if [ "$(grep -c '	work$' "$tmp/out")" -eq 251 ]; then ok; else bad "2024 has 251 working days"; fi
run "$G" calendar list
expect_rc "calendar list" 0
expect_out "list: 2015 amendment" "2015	amend	国发明电〔2015〕1号	2015-05-13	builtin"
expect_out "list: 2008 number unknown" "2008	notice	?	?	builtin"
for y in 2030 1800 abc; do
  run "$G" calendar show "$y"
  expect_rc "calendar show $y" 2
done
expect_err "show abc" "年份“abc”无效"
run "$G" calendar show 2030
expect_err "show 2030" "日历缺少 2030 年的放假安排"
for args in "" "bogus" "show" "add" "show 2024 2025" "list x"; do
  # shellcheck disable=SC2086
  run "$G" calendar $args
  expect_rc "calendar $args" 2
done

# calendar add: a made-up notice (test data) into a user calendar file
cal="$tmp/cfg/gongkai/calendar.txt"
cat >"$tmp/n2031.txt" <<'EOF'
# made-up test data
notice 2031 测试〔2030〕1号 2030-11-01
off  2031-01-01 元旦
off  2031-01-22..2031-01-28 春节
work 2031-02-01 春节
EOF
run "$G" deadline --received 2031-01-20 --calendar-file "$cal"
expect_rc "deadline with a missing explicit calendar file" 2
run "$G" calendar add "$tmp/n2031.txt" --calendar-file "$cal"
expect_rc "calendar add" 0
expect_err "calendar add says what" "已添加 2031 年的放假安排（测试〔2030〕1号）"
if grep -qF "off 2031-01-22..2031-01-28 春节" "$cal"; then ok; else bad "add wrote the notice"; fi
# 2031-01-21 d1; 01-22..28 off; 01-29..31 d2-d4; 02-01 (Sat, worked) d5;
# 02-03..07 d6-d10; 02-10..14 d11-d15; 02-17..21 d16-d20
run "$G" deadline --received 2031-01-20 --calendar-file "$cal"
expect_rc "deadline with the added notice" 0
expect_line "deadline with the added notice" "2031-02-21"
run "$G" calendar show 2031 --calendar-file "$cal"
expect_out "show the added notice" "notice 2031 测试〔2030〕1号 2030-11-01"
GONGKAI_CALENDAR="$cal" run "$G" calendar list
expect_out "GONGKAI_CALENDAR is read" "2031	notice	测试〔2030〕1号	2030-11-01	user"
# again: nothing changes
cp "$cal" "$tmp/before.txt"
run "$G" calendar add "$tmp/n2031.txt" --calendar-file "$cal"
expect_rc "calendar add twice" 0
expect_err "calendar add twice says so" "日历已有这些通知"
if cmp -s "$cal" "$tmp/before.txt"; then ok; else bad "second add changed the file"; fi
# refused notices name the file and line; the file is left alone
printf 'notice 2031 其他〔2030〕2号 ?\noff 2031-01-02\n' >"$tmp/conflict.txt"
run "$G" calendar add "$tmp/conflict.txt" --calendar-file "$cal"
expect_rc "conflicting notice" 2
expect_err "conflicting notice" "conflict.txt:1:1: error[calendar]: 日历已有 2031 年的放假安排"
printf 'notice 2032 X ?\nwork 2032-01-01\n' >"$tmp/weekday.txt"
run "$G" --lang en calendar add "$tmp/weekday.txt" --calendar-file "$cal"
expect_rc "make-up day on a weekday" 2
expect_err "make-up day on a weekday" "weekday.txt:2:6: error[calendar]: make-up working day '2032-01-01' is not a Saturday or Sunday"
printf 'notice 2032 X ?\noff 2032-01-01\xff\n' >"$tmp/binary.txt"
run "$G" calendar add "$tmp/binary.txt" --calendar-file "$cal"
expect_rc "not UTF-8" 2
run "$G" calendar add "$tmp/none.txt" --calendar-file "$cal"
expect_rc "missing notice file" 2
expect_err "missing notice file" "none.txt"
if cmp -s "$cal" "$tmp/before.txt"; then ok; else bad "refused adds changed the file"; fi
# a broken user calendar file is reported with its line
printf 'notice 2033 X ?\nfoo\n' >"$tmp/broken.txt"
run "$G" deadline --received 2024-09-27 --calendar-file "$tmp/broken.txt"
expect_rc "broken calendar file" 2
expect_err "broken calendar file" "broken.txt:2:1: error[calendar]"

# === help and docs ===
cli_md="$SRC/docs/cli.md"
for cmd in deadline fee calendar; do
  if grep -qE "^## .*gongkai $cmd" "$cli_md"; then ok; else bad "docs/cli.md lacks a section for $cmd"; fi
  for lang in zh en; do
    run "$G" $cmd --help --lang "$lang"
    expect_rc "$cmd --help --lang $lang" 0
    opts=$(grep -oE -- '--[a-z][a-z-]*' "$tmp/out" | sort -u)
    [ -n "$opts" ] && ok || bad "no options in gongkai $cmd --help"
    for o in $opts; do
      if grep -qF -- "\`$o" "$cli_md"; then ok; else bad "docs/cli.md lacks $o (gongkai $cmd)"; fi
    done
  done
  run "$G" help $cmd
  expect_rc "help $cmd" 0
  expect_out "help $cmd" "gongkai $cmd"
done
run "$G" --help
expect_out "--help lists deadline" "deadline"
expect_out "--help lists fee" "fee"
expect_out "--help lists calendar" "calendar"

finish
