#!/usr/bin/env bash
# test_calendar_crosscheck.sh: every day of the built-in calendar against
# chinese-days@1.5.7 (MIT, an independent transcription of the same notices),
# vendored in tests/data/reference/chinese-days (tools/update-chinese-days.sh
# refreshes it), so the test needs no network and never skips. Its
# chinese-days.json lists "holidays" (days off, weekends inside a holiday
# included), "workdays" (make-up working days) and "inLieuDays" (days off
# given in lieu, a subset of holidays): a day is a working day if it is in
# workdays, or a Monday–Friday not in holidays. Any difference fails,
# listing the dates.
source "$(dirname "$0")/lib.sh"
export GONGKAI_CALENDAR="$tmp/no-such-calendar.txt"
json="${GK_SOURCE_DIR:?}/tests/data/reference/chinese-days/chinese-days.json"
[ -s "$json" ] || { echo "missing reference data: $json"; exit 1; }

# every covered year, one line per day: DATE<TAB>work|off
run "$G" calendar list
expect_rc "calendar list" 0
years=$(awk -F'\t' '$2 == "notice" {print $1}' "$tmp/out" | sort -un)
[ -n "$years" ] && ok || bad "no years in calendar list"
: >"$tmp/days"
for y in $years; do
  "$G" calendar days "$y" >>"$tmp/days" || bad "calendar days $y failed"
done

prc=0
python3 - "$json" "$tmp/days" >"$tmp/report" 2>&1 <<'PY' || prc=$?
import datetime, json, sys
data = json.load(open(sys.argv[1], encoding="utf-8"))
holidays, workdays = data["holidays"], data["workdays"]
assert set(data["inLieuDays"]) <= set(holidays), "inLieuDays not in holidays"
their_years = {int(d[:4]) for d in list(holidays) + list(workdays)}
ours = {}
for line in open(sys.argv[2], encoding="utf-8"):
    date, kind = line.rstrip("\n").split("\t")
    ours[date] = kind == "work"
our_years = {int(d[:4]) for d in ours}
both = sorted(our_years & their_years)
# 2010 to the package's last year must all be compared
need = set(range(2010, max(their_years) + 1))
missing = sorted(need - set(both))
diffs = []
compared = 0
for date in sorted(ours):
    if int(date[:4]) not in both:
        continue
    d = datetime.date.fromisoformat(date)
    theirs = date in workdays or (d.weekday() < 5 and date not in holidays)
    compared += 1
    if theirs != ours[date]:
        diffs.append("%s gongkai=%s chinese-days=%s" % (
            date, "work" if ours[date] else "off", "work" if theirs else "off"))
print("compared %d days of %d-%d" % (compared, both[0], both[-1]))
if missing:
    print("years not compared: %s" % missing)
for line in diffs:
    print("differs: " + line)
sys.exit(1 if diffs or missing or compared < 365 * len(need) else 0)
PY
cat "$tmp/report"
if [ "$prc" -eq 0 ]; then ok; else bad "the calendar differs from chinese-days@1.5.7 (dates above)"; fi
finish
