#!/usr/bin/env bash
# test_deb.sh (issue 14 item 3): `make deb`'s script builds gongkai,
# libgongkai0 and libgongkai-dev with debhelper, lintian-clean (no error or
# warning); the packages' dependencies are met on this machine (dpkg
# --dry-run against its own database), they install and configure into a
# private dpkg root, and what they install runs: the command, and
# examples/check_report.c built against the packaged gongkai.pc.
source "$(dirname "$0")/lib.sh"
out="${GK_BUILD_DIR:?}/deb"
run env JOBS=2 "$SRC/tools/make-deb.sh" "$out"
expect_rc "tools/make-deb.sh (build + lintian)" 0
[ "$rc" -eq 0 ] || { cat "$tmp/out"; finish; }
for p in gongkai libgongkai0 libgongkai-dev; do
  ls "$out/${p}_"*.deb >/dev/null 2>&1 && ok || bad "no $p .deb"
done
if grep -qE '^[EW]: ' "$out/lintian.txt"; then bad "lintian: $(grep -E '^[EW]: ' "$out/lintian.txt" | head -3)"; else ok; fi
debs=("$out"/gongkai_*.deb "$out"/libgongkai0_*.deb "$out"/libgongkai-dev_*.deb)

# this machine's own dpkg database: every dependency is there
run dpkg --dry-run -i "${debs[@]}"
expect_rc "dpkg --dry-run -i on this machine" 0

# install into a private root (the machine itself is left as it was)
root="$tmp/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
run dpkg --root="$root" --force-depends --force-script-chrootless -i "${debs[@]}"
expect_rc "dpkg -i into a private root" 0
run dpkg --root="$root" -s gongkai libgongkai0 libgongkai-dev
expect_rc "dpkg -s" 0
[ "$(grep -c '^Status: install ok installed' "$tmp/out")" -eq 3 ] && ok ||
  bad "not all three packages installed: $(grep '^Status' "$tmp/out" | tr '\n' ' ')"
multi=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
libdir="$root/usr/lib/$multi"
run "$root/usr/bin/gongkai" check "$SRC/tests/data/seeds/000_7a7af06b78520d01.txt"
expect_rc "packaged gongkai check seed 000" 1
expect_out "packaged gongkai finds the wrong cell" "error[apply-cell]"
[ -f "$root/usr/share/man/man1/gongkai.1.gz" ] && ok || bad "no gongkai.1.gz"
[ -f "$root/usr/share/bash-completion/completions/gongkai" ] && ok || bad "no completion"
[ -f "$root/usr/share/doc/gongkai/copyright" ] && ok || bad "no copyright"
# the systemd unit for gongkai serve: installed, valid, not enabled
unit="$root/lib/systemd/system/gongkai-serve.service"
[ -f "$unit" ] && ok || bad "no gongkai-serve.service"
if [ -d /lib/systemd/system ] && command -v systemd-analyze >/dev/null; then
  # systemd-analyze resolves the unit's dependencies inside --root
  cp -L /lib/systemd/system/*.target /lib/systemd/system/*.slice \
    "$root/lib/systemd/system/" 2>/dev/null || true
  run systemd-analyze verify --man=no --root="$root" gongkai-serve.service
  expect_rc "systemd-analyze verify gongkai-serve.service" 0
  [ ! -s "$tmp/err" ] && ok || bad "systemd-analyze: $(head -3 "$tmp/err")"
else
  bad "systemd-analyze is missing (package systemd)"
fi
if ls "$root"/etc/systemd/system/*/gongkai-serve.service >/dev/null 2>&1; then
  bad "the unit was enabled by the package"
else ok; fi
# ECharts ships with the server (issue 12 item 2): the installed server
# finds it by default (no GONGKAI_ECHARTS_JS) and serves those very bytes
js="$root/usr/share/gongkai/echarts.min.js"
cmp -s "$js" "$SRC/web/node_modules/echarts/dist/echarts.min.js" && ok ||
  bad "the package lacks web/node_modules' echarts.min.js at $js"
grep -q '^License: Apache-2.0$' "$root/usr/share/doc/gongkai/copyright" &&
  grep -q '/usr/share/common-licenses/Apache-2.0' "$root/usr/share/doc/gongkai/copyright" &&
  ok || bad "the copyright file lacks ECharts' Apache-2.0 licence"
run "$root/usr/bin/gongkai" ledger init --db "$tmp/deb.db" --agency 测试县人民政府 \
  --level department
expect_rc "packaged gongkai ledger init" 0
env -u GONGKAI_ECHARTS_JS "$root/usr/bin/gongkai" serve --db "$tmp/deb.db" \
  --listen 127.0.0.1:0 2>"$tmp/serve.err" >/dev/null &
spid=$!
port=""
for _ in $(seq 1 200); do
  port=$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$tmp/serve.err" |
    grep -o '[0-9]*$' || true)
  [ -n "$port" ] && break
  sleep 0.05
done
if [ -n "$port" ]; then
  code=$(curl -s -o "$tmp/echarts.js" -w '%{http_code}' \
    "http://127.0.0.1:$port/static/echarts.min.js" || true)
  [ "$code" = 200 ] && cmp -s "$tmp/echarts.js" "$js" && ok ||
    bad "the installed server does not serve echarts.min.js (HTTP $code)"
else
  bad "the packaged gongkai serve did not start: $(head -3 "$tmp/serve.err")"
fi
kill "$spid" 2>/dev/null || true
wait "$spid" 2>/dev/null || true
# shellcheck disable=SC2046
run cc -std=c11 -Wall -Wextra -Werror "$SRC/examples/check_report.c" \
  $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs gongkai) \
  -o "$tmp/example"
expect_rc "example against the packaged libgongkai-dev" 0
run env LD_LIBRARY_PATH="$libdir" "$tmp/example" "$SRC/tests/data/seeds/001_"*.txt
expect_rc "example (packaged libgongkai.so.0) on seed 001" 0
finish
