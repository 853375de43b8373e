#!/usr/bin/env bash
# test_cli_ledger_clerk.sh: the clerk's corrections (issue 11 points 2 and
# 8, docs/ledger.md "Fees" and "Void and revoke"): one fee notice per
# application (a corrected notice replaces it, the clock paused once), no
# by-volume fee under an answer that provides nothing (109号 第五条); a
# wrong registration voided and a wrong step revoked as new audited
# events, never deleted; the receipt amended only through an event.
source "$(dirname "$0")/lib.sh"
db=$(ledger_target c.db)
export USER=clerk
q() { ledger_sql "$db" "$1"; }
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))$1)" "$tmp/out"; }
add() { "$G" application add --db "$db" --ref "$1" --type natural --channel in_person --arrived "${2:-2024-03-04}" >/dev/null; }

run "$G" ledger init --db "$db" --agency "某局" --level department
expect_rc "init" 0

# --- Point 2: one fee notice per application (109号 第三条) ---
add F-1
run "$G" application act --db "$db" F-1 fee-notice --on 2024-03-05 --pages 250
expect_rc "first notice" 0
run "$G" application act --db "$db" F-1 fee-paid --on 2024-03-08
expect_rc "paid" 0
run "$G" application act --db "$db" F-1 fee-notice --on 2024-03-11 --by-piece --lang en
expect_rc "second notice after payment" 2
expect_err "second notice: says why" "one fee notice per application"
[ "$(q "SELECT count(*) FROM fees f JOIN applications a ON a.id = f.application_id WHERE a.ref = 'F-1'")" = 1 ] && ok || bad "a second fee row was stored"

# A corrected notice replaces the pending one (audited); the pause runs
# once, from the first notice; the payment is of the corrected amount.
add F-2
add F-3
run "$G" application act --db "$db" F-2 fee-notice --on 2024-03-05 --pages 250
run "$G" application act --db "$db" F-2 fee-notice --on 2024-03-07 --pages 100 --format json
expect_rc "corrected notice" 0
expect_out "corrected notice: the first is marked" '"replaced_on":"2024-03-07"'
expect_out "corrected notice: 700 yuan" '"yuan":700'
[ "$(q "SELECT count(*) FROM audit_log WHERE table_name = 'fees' AND action = 'update' AND after_json LIKE '%\"replaced_on\":\"2024-03-07\"%'")" = 1 ] && ok || bad "replacement not audited"
run "$G" application act --db "$db" F-2 fee-paid --on 2024-03-12 --format json
expect_rc "pay the corrected notice" 0
expect_out "paid the corrected amount" '"paid_yuan":700'
due2=$(field '["due_on"]')
run "$G" application act --db "$db" F-3 fee-notice --on 2024-03-05 --pages 100
run "$G" application act --db "$db" F-3 fee-paid --on 2024-03-12 --format json
due3=$(field '["due_on"]')
[ "$due2" = "$due3" ] && ok || bad "corrected notice paused the clock twice: $due2 vs $due3"

# 109号 第五条: a by-volume fee does not stand under an answer that
# provides no information: the answer is refused, saying so.
run "$G" application act --db "$db" F-3 answer --on 2024-03-13 --outcome unable.not_held --basis "第三十六条" --lang en
expect_rc "no-information answer with a by-volume fee" 2
expect_err "no-information answer: which is refused" "an answer that provides none is refused"
run "$G" application act --db "$db" F-3 answer --on 2024-03-13 --outcome granted --basis "第三十六条"
expect_rc "granted answer with the fee" 0

# --- Point 8: revoke a wrong step ---
add R-1
run "$G" application show --db "$db" R-1 --format json
due_r=$(field '["due_on"]')
run "$G" application act --db "$db" R-1 answer --on 2024-03-06 --outcome denied.internal --basis "第十六条"
ev=$(q "SELECT count(*) FROM application_events")
run "$G" application revoke --db "$db" R-1 --reason "答复结果录错" --format json
expect_rc "revoke the answer" 0
expect_out "revoke: back to registered" '"state":"registered"'
expect_out "revoke: outcome gone" '"outcome":null'
expect_out "revoke: due date follows" "\"due_on\":\"$due_r\""
[ "$(q "SELECT count(*) FROM application_events")" = $((ev + 1)) ] && ok || bad "revoke is not one new event"
[ "$(q "SELECT count(*) FROM application_events WHERE kind = 'answer'")" -ge 1 ] && ok || bad "the revoked event was deleted"
[ "$(q "SELECT count(*) FROM audit_log WHERE table_name = 'application_events' AND after_json LIKE '%答复结果录错%'")" = 1 ] && ok || bad "revoke not audited"
run "$G" application act --db "$db" R-1 answer --on 2024-03-06 --outcome granted --basis "第三十六条" --format json
expect_rc "the right answer, dated back" 0
expect_out "the right answer" '"outcome":"granted"'
# a revoked consultation no longer pauses the clock
add R-2
run "$G" application show --db "$db" R-2 --format json
due_r2=$(field '["due_on"]')
run "$G" application act --db "$db" R-2 consult --on 2024-03-05 --reason 第三方
run "$G" application act --db "$db" R-2 consult-end --on 2024-03-20 --format json
[ "$(field '["due_on"]')" != "$due_r2" ] && ok || bad "consultation did not pause"
run "$G" application revoke --db "$db" R-2 --reason "未征求" --format json
expect_out "revoke consult-end: consulting again" '"state":"consulting"'
run "$G" application revoke --db "$db" R-2 --reason "未征求" --format json
expect_out "revoke consult: registered, original due" "\"due_on\":\"$due_r2\""
run "$G" application revoke --db "$db" R-2 --reason x --lang en
expect_rc "nothing left to revoke" 2
expect_err "nothing left to revoke" "no step to revoke"
# a revoked fee notice frees the application for a right one
add R-3
run "$G" application act --db "$db" R-3 fee-notice --on 2024-03-05 --pages 250
run "$G" application revoke --db "$db" R-3 --reason "不应收费" --format json
expect_out "revoke fee-notice: registered" '"state":"registered"'
expect_out "revoke fee-notice: the notice marked" '"replaced_on":'
run "$G" application act --db "$db" R-3 answer --on 2024-03-06 --outcome unable.not_held --basis "第三十六条"
expect_rc "no-information answer once the fee is revoked" 0

# a revoked payment: back to fee_pending, the fee row unpaid (audited,
# the receipt kept in the audit's before)
add R-4
run "$G" application act --db "$db" R-4 fee-notice --on 2024-03-05 --pages 250
run "$G" application act --db "$db" R-4 fee-paid --on 2024-03-06 --receipt 川财0042
run "$G" application revoke --db "$db" R-4 --reason "缴费录错" --format json
expect_rc "revoke a payment" 0
expect_out "revoke a payment: fee_pending" '"state":"fee_pending"'
expect_out "revoke a payment: unpaid" '"paid_on":null'
[ "$(q "SELECT count(*) FROM audit_log WHERE table_name = 'fees' AND before_json LIKE '%川财0042%' AND after_json LIKE '%\"paid_on\":null%'")" = 1 ] && ok || bad "revoked payment not audited with its receipt"

# --- Point 8: void a wrong registration ---
add W-1 2024-05-06
add W-2 2024-05-06
run "$G" report --db "$db" --year 2024 --explain apply.new.total
before=$(grep -c . "$tmp/out")
run "$G" application void --db "$db" W-2 --reason "重复登记，与 W-1 相同" --format json
expect_rc "void" 0
expect_out "void: reason kept" '"void_reason":"重复登记，与 W-1 相同"'
run "$G" report --db "$db" --year 2024 --explain apply.new.total
[ "$(grep -c . "$tmp/out")" = $((before - 1)) ] && ok || bad "voided application still in the report"
grep -q "^W-2" "$tmp/out" && bad "W-2 listed in the report" || ok
expect_err "explain names the voided one and its reason" "重复登记，与 W-1 相同"
run "$G" application show --db "$db" W-2
expect_out "show: voided with its reason" "重复登记，与 W-1 相同"
[ "$(q "SELECT count(*) FROM applications WHERE ref = 'W-2'")" = 1 ] && ok || bad "voided row deleted"
run "$G" application act --db "$db" W-2 answer --outcome granted --basis x --lang en
expect_rc "no action on a voided application" 2
expect_err "no action on a voided application" "the registration is void"
run "$G" application list --db "$db" --overdue --today 2025-01-10
grep -q "^W-1" "$tmp/out" && ok || bad "W-1 not overdue"
grep -q "^W-2" "$tmp/out" && bad "a voided application is listed overdue" || ok
run "$G" application void --db "$db" W-1 --lang en
expect_rc "void needs a reason" 2
# the library says what is missing, the CLI names the option (gk_error.param)
run "$G" application act --db "$db" W-1 answer --outcome granted --lang en
expect_rc "answer without a basis" 2
expect_err "answer: the option that gives the basis" "an answer must cite its basis; suggested: "
expect_err "answer: the option named after the suggestion" "(--basis)"
run "$G" application act --db "$db" W-1 answer --outcome granted
expect_err "answer: the option, in Chinese" "项（--basis）"

# --- Point 8: the receipt amended only through an event ---
add M-1 2024-03-04
ev=$(q "SELECT count(*) FROM application_events WHERE kind = 'amend'")
run "$G" application amend --db "$db" M-1 --arrived 2024-03-01 --type business --format json
expect_rc "amend the receipt" 0
expect_out "amend: received_on follows" '"received_on":"2024-03-01"'
expect_out "amend: type" '"applicant_type":"business"'
expect_out "amend: due date follows" '"due_on":"2024-03-29"'
[ "$(q "SELECT count(*) FROM application_events WHERE kind = 'amend'")" = $((ev + 1)) ] && ok || bad "no amend event"
q "SELECT detail FROM application_events WHERE kind = 'amend'" | grep -qF '"received_on":["2024-03-04","2024-03-01"]' && ok || bad "amend event lacks before/after"
run "$G" report --db "$db" --year 2024 --explain apply.new.business
grep -q "^M-1" "$tmp/out" && ok || bad "report does not follow the amended type"
run "$G" application act --db "$db" M-1 consult --on 2024-03-05 --reason x
run "$G" application amend --db "$db" M-1 --arrived 2024-03-06 --lang en
expect_rc "receipt after the first step" 2
run "$G" application amend --db "$db" M-1 --channel online --confirmed 2024-03-04 --format json
expect_rc "amend the channel" 0
expect_out "amend channel" '"channel":"online"'
expect_out "amend channel: receipt is the confirmation" '"received_on":"2024-03-04"'

finish
