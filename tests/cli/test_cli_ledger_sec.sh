#!/usr/bin/env bash
# test_cli_ledger_sec.sh: issue 15 items 6, 7 and 8 through the binary.
# 8: four eyes compare normalised actors (trim, NFKC, case fold).
source "$(dirname "$0")/lib.sh"
export USER=clerk
db="$tmp/l.db"
run "$G" ledger init --db "$db" --agency "某县人民政府" --level county_gov_or_above
expect_rc "init" 0

# --- 8: "alice " cannot approve alice's draft ---
run "$G" record add --db "$db" --actor alice --kind normative --doc-no "某府规〔2025〕1号" --date 2025-02-01
expect_rc "draft" 0
for who in "alice " " Alice" "ALICE" "ａｌｉｃｅ" "ａｌｉｃｅ　"; do
  run "$G" record approve --db "$db" --actor "$who" 1 --date 2025-02-03
  expect_rc "approve as '$who'" 2
  expect_err "approve as '$who'" "不能审核自己起草的记录"
done
[ "$(sqlite3 "$db" "SELECT count(*) FROM records WHERE approved_by IS NOT NULL")" = 0 ] && ok || bad "a self-approval was stored"
run "$G" record approve --db "$db" --actor "Bob " 1 --date 2025-02-03
expect_rc "bob approves" 0
[ "$(sqlite3 "$db" "SELECT approved_by FROM records WHERE id = 1")" = bob ] && ok || bad "the approver is not stored normalised"

finish
