#!/usr/bin/env bash
# Lighthouse's mobile profile (throttled 4G, slow CPU) on the practice form and the roster, on
# the release build with fresh demo data, signed in as the people who use them. Run it on a
# quiet machine: a busy one scores worse than a phone would.
#   scripts/lighthouse.sh            (installs lighthouse@12.2.3 into .tools/ once)
set -euo pipefail
cd "$(dirname "$0")/.."
port=3198
base="http://127.0.0.1:$port"
lh=.tools/node_modules/.bin/lighthouse
[ -x "$lh" ] || npm install --prefix .tools --no-audit --no-fund lighthouse@12.2.3 >/dev/null
dir=$(mktemp -d)
SHEGONG_DEMO=1 SHEGONG_ADDR=127.0.0.1:$port SHEGONG_DATABASE_URL="sqlite://$dir/l.db" SHEGONG_LOG=warn \
  ./target/release/shegong serve >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -fs "$base/login" >/dev/null && break; sleep 0.2; done
sign_in() {
  curl -s -D - -o /dev/null -H "Origin: $base" --data-urlencode "username=$1" \
    --data-urlencode "password=shegong-demo" --data "next=/" "$base/api/auth/login" |
    tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(shegong_session=[^;]*\).*/\1/p' | head -1
}
printf '%-16s %12s %8s %10s\n' page performance "LCP ms" "TBT ms"
for entry in trainee.santang:/practice/new coord.santang:/volunteers; do
  user=${entry%%:*}; page=${entry#*:}
  cookie=$(sign_in "$user")
  CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} "$lh" "$base$page" --quiet --output=json \
    --output-path="$dir/report.json" --only-categories=performance \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --extra-headers="{\"Cookie\":\"$cookie\"}" >/dev/null 2>&1
  node -e '
    const r = require(process.argv[1]), a = r.audits;
    console.log(process.argv[2].padEnd(16), String(r.categories.performance.score).padStart(12),
      String(Math.round(a["largest-contentful-paint"].numericValue)).padStart(8),
      String(Math.round(a["total-blocking-time"].numericValue)).padStart(10));' "$dir/report.json" "$page"
done
