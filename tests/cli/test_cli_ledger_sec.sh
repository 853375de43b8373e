#!/usr/bin/env bash
# test_cli_ledger_sec.sh: issue 15 items 6, 7 and 8 through the binary.
# 6: ID numbers sealed at rest (libsodium), a keyed hash for lookups and
#    in the audit log, masked on display and in exports, clear only with
#    --reveal-ids (audited); ledger, key file and exports 0600; an older
#    ledger's numbers sealed and its audit rows redacted by migration 7.
# 7: the audit log chained; a dropped trigger, a deleted or changed row is
#    found on open and by `ledger verify`.
# 8: four eyes compare normalised actors (trim, NFKC, case fold).
source "$(dirname "$0")/lib.sh"
export USER=clerk
db=$(ledger_target l.db)
# the key file: beside the ledger file, or the one PostgreSQL ledgers name
key="$db.key"
if is_pg; then key=$GONGKAI_KEY_FILE; fi
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
[ "$(ledger_sql "$db" "SELECT count(*) FROM records WHERE approved_by IS NOT NULL")" = 0 ] && ok || bad "a self-approval was stored"
run "$G" record approve --db "$db" --actor "Bob " 1 --date 2025-02-03
expect_rc "bob approves" 0
[ "$(ledger_sql "$db" "SELECT approved_by FROM records WHERE id = 1")" = bob ] && ok || bad "the approver is not stored normalised"

mode() { stat -c %a "$1"; }
id1=11010119900101123X
id2=440301198512124567
# no_clear NAME FILE: the ledger file (and its -wal) holds neither number.
no_clear() {
  if is_pg; then # the schema's rows as pg_dump writes them
    pg_dump "$GK_TEST_PG_ADMIN" --data-only -n "${2##*%3D}" >"$tmp/dump.sql" &&
      grep -q "^COPY .*applications (" "$tmp/dump.sql" && ok || bad "$1: no dump"
    if grep -q -e "$id1" -e "$id2" -e 11010119900101 "$tmp/dump.sql"; then
      bad "$1: an ID number in clear in the dump"
    else ok; fi
    return
  fi
  sqlite3 "$2" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  if grep -qa -e "$id1" -e "$id2" -e 11010119900101 "$2" "$2-wal" 2>/dev/null; then
    bad "$1: an ID number in clear in $2"
  else ok; fi
  if sqlite3 "$2" .dump | grep -q -e "$id1" -e "$id2"; then
    bad "$1: an ID number in clear in the dump"
  else ok; fi
}

# --- 6: files 0600 ---
if sqlite_only "the ledger's file mode"; then
  [ "$(mode "$db")" = 600 ] && ok || bad "ledger file mode $(mode "$db")"
fi
[ "$(mode "$key")" = 600 ] && ok || bad "key file mode $(mode "$key")"

# --- 6: sealed, hashed, masked ---
run "$G" application add --db "$db" --ref P-1 --type 自然人 --channel 当面 --arrived 2025-06-09 --applicant-key "$id1"
expect_rc "add with an ID" 0
expect_out "add shows it masked" "申请人证件号码: 110***********123X"
run "$G" application add --db "$db" --ref P-2 --type natural --channel in_person --arrived 2025-06-09 --applicant-key "１１０１０１１９９００１０１１２３ｘ"
run "$G" application amend --db "$db" P-2 --applicant-key "$id2"
run "$G" application amend --db "$db" P-2 --applicant-key "$id1"
run "$G" application show --db "$db" P-2 --format json
expect_out "show json masked" '"applicant_key":"110***********123X"'
no_clear "after add and two amendments" "$db"
[ "$(ledger_sql "$db" "SELECT count(DISTINCT applicant_key) FROM applications")" = 1 ] && ok || bad "one applicant, one hash"
ledger_sql "$db" "SELECT after_json FROM audit_log WHERE table_name = 'applications'" | grep -q '"applicant_key_hash":"[0-9a-f]\{32\}"' && ok || bad "the audit log lacks the hash"
run "$G" application list --db "$db" --applicant-key "$id1" --lang en
expect_out "lookup by the keyed hash" "P-1	registered"
expect_out "lookup by the keyed hash" "P-2	registered"

# --- 6: exports ---
run "$G" ledger export --db "$db" -o "$tmp/out.csv"
expect_rc "export" 0
[ "$(mode "$tmp/out.csv")" = 600 ] && ok || bad "export mode $(mode "$tmp/out.csv")"
grep -q "110\*\*\*\*\*\*\*\*\*\*\*123X" "$tmp/out.csv" && ok || bad "export not masked"
grep -q "$id1" "$tmp/out.csv" && bad "export has the clear number" || ok
audits=$(ledger_sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'export_clear_ids'")
run "$G" ledger export --db "$db" --reveal-ids "移交某市台账（某府函〔2025〕1号）" -o "$tmp/clear.csv"
expect_rc "export --reveal-ids" 0
grep -q "$id1" "$tmp/clear.csv" && ok || bad "--reveal-ids lacks the clear number"
[ "$(ledger_sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'export_clear_ids' AND after_json LIKE '%某府函%' AND actor = 'clerk'")" = $((audits + 1)) ] && ok || bad "--reveal-ids not audited"
# the clear export imports into another ledger; the masked one is refused
mdb=$(ledger_target m.db)
run "$G" ledger init --db "$mdb" --key "$tmp/m.db.key" --agency 某县人民政府 --level 部门
run "$G" ledger import --db "$mdb" --key "$tmp/m.db.key" "$tmp/clear.csv"
expect_rc "import a clear export" 0
run "$G" ledger import --db "$mdb" --key "$tmp/m.db.key" "$tmp/out.csv"
expect_rc "import a masked export" 2
expect_err "import a masked export" "遮盖"

# --- 6: the key file ---
chmod 644 "$key"
run "$G" application list --db "$db"
expect_rc "key readable by others" 2
expect_err "key readable by others" "可被同组或其他用户读取"
chmod 600 "$key"
mv "$key" "$tmp/away.key"
run "$G" application list --db "$db" --lang en
expect_rc "no key: reads work" 0
run "$G" application add --db "$db" --ref P-3 --type natural --channel in_person --arrived 2025-06-09 --lang en
expect_rc "no key: changes refused" 2
expect_err "no key: changes refused" "key file $key is missing"
expect_err "no key: how to give it" "(--key FILE or GONGKAI_KEY_FILE)"
run "$G" application add --db "$db" --ref P-3 --type natural --channel in_person --arrived 2025-06-09 --key "$tmp/away.key"
expect_rc "--key FILE" 0
GONGKAI_KEY_FILE="$tmp/away.key" run "$G" application show --db "$db" P-3
expect_rc "GONGKAI_KEY_FILE" 0
run "$G" application list --db "$db" --key "$tmp/m.db.key" --lang en
expect_rc "another ledger's key" 2
expect_err "another ledger's key" "does not belong to the ledger"
mv "$tmp/away.key" "$key"

if sqlite_only "a ledger of schema 6 made by hand from a new one (SQLite DDL)"; then
# --- 6: an older ledger (schema 4) migrates: numbers sealed, audit rows
# redacted under the documented exception, then chained ---
old="$tmp/old.db"
"$G" ledger init -q --db "$old" --agency "某局" --level department
for i in 01 02 03 04 05 06 07 08 09 10 11; do
  "$G" application add -q --db "$old" --ref Q-$i --type natural --channel in_person --arrived 2024-05-06 >/dev/null
done
sqlite3 "$old" "DROP TABLE imports; DROP INDEX applications_report_received;
  DROP INDEX applications_report_closed; ALTER TABLE applications DROP COLUMN import_id;
  CREATE INDEX applications_report_received ON applications(received_on, applicant_type, voided_on);
  CREATE INDEX applications_report_closed ON applications(closed_on, received_on, applicant_type, outcome, voided_on);
  DROP TRIGGER audit_log_no_update; ALTER TABLE audit_log DROP COLUMN chain;
  ALTER TABLE applications DROP COLUMN applicant_key_masked; ALTER TABLE applications DROP COLUMN applicant_key_enc;
  UPDATE applications SET applicant_key = '$id1';
  UPDATE audit_log SET after_json = json_set(after_json, '\$.applicant_key', '$id1') WHERE table_name = 'applications';
  UPDATE audit_log SET after_json = json_remove(after_json, '\$.applicant_key_hash') WHERE table_name = 'applications';
  INSERT INTO audit_log (at, actor, table_name, row_id, action, before_json, after_json) VALUES
    ('2024-05-07T00:00:00Z', 'clerk', 'applications', 1, 'update', '{\"applicant_key\":\"$id2\"}', '{\"applicant_key\":\"$id1\"}');
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
  DELETE FROM meta WHERE key = 'key_check'; DELETE FROM migrations WHERE version >= 7;
  PRAGMA user_version = 6;"
rm -f "$old.key"
grep -qa "$id2" "$old" && ok || bad "the fixture lacks its clear numbers"
run "$G" application act --db "$old" Q-11 fee-notice --by-piece --on 2024-05-07 --format json
expect_rc "old ledger migrated, by piece through the hash" 0
expect_out "11th application of the month: 100 yuan" '"yuan":100'
[ "$(mode "$old.key")" = 600 ] && ok || bad "migration's key file mode $(mode "$old.key")"
no_clear "after migration 7" "$old"
[ "$(sqlite3 "$old" "SELECT json_extract(after_json, '\$.audit_rows_redacted') FROM audit_log WHERE action = 'redact'")" = 12 ] && ok || bad "the redaction is not audited with its count"
run "$G" ledger verify --db "$old"
expect_rc "migrated ledger verifies" 0
fi

# --- 7: the chain and the triggers ---
run "$G" ledger verify --db "$db"
expect_rc "verify a whole log" 0
expect_err "verify a whole log" "审计日志完整"
[ "$(wc -c < "$tmp/out")" = 65 ] && ok || bad "verify prints no head link"
if sqlite_only "tampering with copies of the ledger file (a trigger dropped, rows changed)"; then
rows=$(ledger_sql "$db" "SELECT count(*) FROM audit_log")
cp "$db" "$tmp/t1.db"; cp "$db.key" "$tmp/t1.db.key"
sqlite3 "$tmp/t1.db" "DROP TRIGGER audit_log_no_delete"
run "$G" application list --db "$tmp/t1.db"
expect_rc "dropped trigger: open refused" 2
expect_err "dropped trigger: open refused" "保护触发器 audit_log_no_delete 被删除或改动"
run "$G" ledger verify --db "$tmp/t1.db"
expect_rc "dropped trigger: verify" 1
cp "$db" "$tmp/t2.db"; cp "$db.key" "$tmp/t2.db.key"
sqlite3 "$tmp/t2.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 5;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;"
run "$G" ledger verify --db "$tmp/t2.db" --lang en
expect_rc "deleted row: verify" 1
expect_err "deleted row: verify" "audit rows are missing before row 6"
expect_err "deleted row: verify" "audit row 6 does not match the chain"
cp "$db" "$tmp/t3.db"; cp "$db.key" "$tmp/t3.db.key"
sqlite3 "$tmp/t3.db" "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE id = $rows;
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;"
run "$G" application list --db "$tmp/t3.db" --lang en
expect_rc "changed row: open refused" 2
expect_err "changed row: open refused" "audit row $rows does not match the chain"
run "$G" ledger verify --db "$tmp/t3.db"
expect_rc "changed row: verify" 1
expect_err "changed row: verify" "第 $rows 行与链不符"
fi

finish
