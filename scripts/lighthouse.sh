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
runs=${LIGHTHOUSE_RUNS:-3}
# One line per page: the median of $runs runs (a single run swings by 100 ms on 2 cores).
printf '%-16s %12s %8s %10s   (median of %s runs)\n' page performance "LCP ms" "TBT ms" "$runs"
for entry in trainee.santang:/practice/new coord.santang:/volunteers; do
  user=${entry%%:*}; page=${entry#*:}
  cookie=$(sign_in "$user")
  results=()
  for _ in $(seq "$runs"); do
    CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} "$lh" "$base$page" --quiet --output=json \
      --output-path="$report" --only-categories=performance \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
      --extra-headers="{\"Cookie\":\"$cookie\"}" >/dev/null 2>&1
    results+=("$(node -e '
      const r = require(process.argv[1]), a = r.audits;
      console.log([r.categories.performance.score, a["largest-contentful-paint"].numericValue,
        a["total-blocking-time"].numericValue].join(","));' "$report")")
  done
  node -e '
    const rows = process.argv.slice(2).map((l) => l.split(",").map(Number));
    const median = (i) => { const v = rows.map((r) => r[i]).sort((a, b) => a - b); return v[(v.length - 1) >> 1]; };
    console.log(process.argv[1].padEnd(16), String(median(0)).padStart(12),
      String(Math.round(median(1))).padStart(8), String(Math.round(median(2))).padStart(10));' \
    "$page" "${results[@]}"
done
rm -f "$report"
