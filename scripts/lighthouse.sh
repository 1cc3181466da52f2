#!/usr/bin/env bash
# Lighthouse's mobile profile (throttled 4G, slow CPU) on the practice form and the roster, on
# the release build with fresh demo data, signed in as the people who use them. Run it on a
# quiet machine: a busy one scores worse than a phone would.
#   scripts/lighthouse.sh            (installs lighthouse@12.2.3 into .tools/ once)
set -euo pipefail
cd "$(dirname "$0")/.."
lh=.tools/node_modules/.bin/lighthouse
[ -x "$lh" ] || npm install --prefix .tools --no-audit --no-fund lighthouse@12.2.3 >/dev/null
# Every phone has a Chinese font; a server image often has none, and then Chromium searches
# every font for each character, which Lighthouse reports as hundreds of ms of "style and
# layout" a phone never spends. Measure with one (WenQuanYi Micro Hei, 4 MB) when we can.
if [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y fonts-wqy-microhei >/dev/null 2>&1 || echo "could not install a Chinese font: layout times are inflated" >&2
  else
    echo "no Chinese font installed (fonts-wqy-microhei): layout times are inflated" >&2
  fi
fi
. scripts/demo-server.sh
start_demo_server 3198
report=$(mktemp --suffix=.json)
printf '%-16s %12s %8s %10s\n' page performance "LCP ms" "TBT ms"
for entry in trainee.santang:/practice/new coord.santang:/volunteers; do
  user=${entry%%:*}; page=${entry#*:}
  cookie=$(sign_in "$user")
  CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} "$lh" "$base$page" --quiet --output=json \
    --output-path="$report" --only-categories=performance \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --extra-headers="{\"Cookie\":\"$cookie\"}" >/dev/null 2>&1
  node -e '
    const r = require(process.argv[1]), a = r.audits;
    console.log(process.argv[2].padEnd(16), String(r.categories.performance.score).padStart(12),
      String(Math.round(a["largest-contentful-paint"].numericValue)).padStart(8),
      String(Math.round(a["total-blocking-time"].numericValue)).padStart(10));' "$report" "$page"
done
rm -f "$report"
