#!/usr/bin/env bash
# update-chinese-days.sh VERSION: replace the vendored reference data of the
# calendar cross-check (tests/data/reference/chinese-days) with the npm
# package chinese-days@VERSION's dist/chinese-days.json and LICENSE.
set -euo pipefail
version=${1:?usage: tools/update-chinese-days.sh VERSION}
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/tests/data/reference/chinese-days"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "chinese-days@$version" --silent >/dev/null &&
  tar xzf "chinese-days-$version.tgz")
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert {"holidays","workdays","inLieuDays"} <= d.keys()' \
  "$work/package/dist/chinese-days.json"
cp "$work/package/dist/chinese-days.json" "$work/package/LICENSE" "$dest/"
sed -i "s/chinese-days [0-9.]* (/chinese-days $version (/; s/version [0-9.]*,/version $version,/" "$dest/README.md"
echo "updated $dest to chinese-days@$version; now run: ctest -R calendar_crosscheck"
