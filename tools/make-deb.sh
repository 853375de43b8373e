#!/usr/bin/env bash
# make-deb.sh OUTDIR: builds the Debian packages gongkai, libgongkai0 and
# libgongkai-dev from this tree (debian/, debhelper + CMake) in a copy under
# OUTDIR, so the source tree gets no build products, then runs lintian.
# Leaves OUTDIR/*.deb and OUTDIR/lintian.txt; exits non-zero when the build
# fails or lintian reports an error or a warning.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:?usage: tools/make-deb.sh OUTDIR}" && cd "$1" && pwd)
version=$(sed -n '1s/^gongkai (\([^)]*\)).*/\1/p' "$root/debian/changelog")
src="$out/gongkai-$version"
rm -rf "$src" "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
mkdir -p "$src"
# the files git knows (committed or not), else everything but build trees
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$root" && git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf -) | tar -C "$src" -xf -
else
  (cd "$root" && tar --exclude='./build*' --exclude=./.git -cf - .) | tar -C "$src" -xf -
fi
# ECharts from npm (`make web`; node_modules is not in git): the server's
# charts script, shipped in the package (debian/copyright has its licences)
echarts=web/node_modules/echarts/dist/echarts.min.js
[ -f "$root/$echarts" ] || {
  echo "make-deb: $root/$echarts missing (run make web)" >&2
  exit 1
}
mkdir -p "$src/$(dirname "$echarts")"
cp "$root/$echarts" "$src/$echarts"
(cd "$src" && DEB_BUILD_OPTIONS="nocheck parallel=${JOBS:-2}" \
  dpkg-buildpackage -b -us -uc >"$out/build.log" 2>&1) || {
  tail -40 "$out/build.log"
  exit 1
}
rm -rf "$src"
changes=$(ls "$out"/gongkai_*.changes)
lintian --fail-on error,warning --tag-display-limit 0 "$changes" >"$out/lintian.txt" 2>&1 || {
  cat "$out/lintian.txt"
  exit 1
}
ls "$out"/*.deb
