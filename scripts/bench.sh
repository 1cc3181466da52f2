#!/usr/bin/env bash
# `make bench`: grows a database to province scale with `shegong bench-data` (on the demo tree,
# so the province, a city, a county and a station account all exist), starts the release server
# on it and measures pages over HTTP with wrk: the median of one request at a time, requests per
# second under 8 connections, the ratio to the sign-in page measured in the same run, and the
# server's peak resident memory. Once for SQLite, once for PostgreSQL (when installed).
#   scripts/bench.sh [sqlite|postgres|both]          (default both)
#   BENCH_ARGS="--volunteers 20000 --records 500000"  smaller data (see `shegong bench-data --help`)
#   BENCH_SECONDS=3                                   seconds per measurement
#   BENCH_SQLITE=sqlite:///path/to.db                  measure a SQLite file grown before
#   BENCH_POSTGRES=postgres://…/db                     measure a PostgreSQL database grown before
#   BENCH_BIN=path/to/shegong                          measure another build (before and after)
#   BENCH_ONLY='^(home|overview)$'                     only the pages whose label matches
#   BENCH_PAGE_CACHE=0                                 render every page from the database (the
#                                                      first view after a write); default: kept
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-both}"
seconds="${BENCH_SECONDS:-3}"
port="${BENCH_PORT:-3201}"
base="http://127.0.0.1:$port"
bin="${BENCH_BIN:-./target/release/shegong}"
[ -x "$bin" ] || { echo "build first: make build-release" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install -y sqlite3" >&2; exit 1; }
work=$(mktemp -d)
pid=""
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

start() { # $1 = database URL, $2 = extra env
  env $2 SHEGONG_ADDR=127.0.0.1:$port SHEGONG_DATABASE_URL="$1" SHEGONG_LOG=warn \
    "$bin" serve >"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do curl -fs "$base/login" >/dev/null && return 0; sleep 0.2; done
  echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

sign_in() { # prints the session cookie of $1
  curl -s -D - -o /dev/null -H "Origin: $base" \
    --data-urlencode "username=$1" --data-urlencode "password=shegong-demo" --data "next=/" \
    "$base/api/auth/login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(shegong_session=[^;]*\).*/\1/p' | head -1
}

# wrk prints latencies as 950.00us, 12.34ms or 1.20s; this turns one into milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'; }

measure() { # $1 = label, $2 = account, $3 = path, $4 = cookie; prints a table row
  local code one load median rps
  code=$(curl -s -o /dev/null -w '%{http_code}' ${4:+-H "Cookie: $4"} "$base$3")
  one=$(wrk -t1 -c1 -d"${seconds}s" --timeout 60s --latency ${4:+-H "Cookie: $4"} "$base$3")
  load=$(wrk -t2 -c8 -d"${seconds}s" --timeout 60s ${4:+-H "Cookie: $4"} "$base$3")
  median=$(to_ms "$(echo "$one" | awk '$1 == "50%" { print $2 }')")
  rps=$(echo "$load" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
  [ -n "${login_rps:-}" ] || login_rps=$rps
  printf '| %s | %s | `%s` | %s | %s | %s | %s%% |\n' "$1" "$2" "$3" "$code" "$median" "$rps" \
    "$(awk -v a="$rps" -v b="$login_rps" 'BEGIN { printf "%.0f", 100 * a / b }')"
}

bench_project() { # $1 = database URL: the project bench-data made first (测站0001's, which
  # every bench account's area holds)
  local sql="SELECT MIN(id) FROM projects WHERE name LIKE '测项%'"
  case "$1" in
    sqlite:*) local file=${1#sqlite://}; sqlite3 "${file%%\?*}" "$sql" ;;
    *) psql "$1" -tAc "$sql" ;;
  esac
}

run() { # $1 = backend name, $2 = database URL, $3 = "reuse" for a database grown before
  echo ""
  echo "### $1"
  if [ "${3:-}" != reuse ]; then
    start "$2" "SHEGONG_DEMO=1"
    stop
    local grow_start=$SECONDS
    SHEGONG_DATABASE_URL="$2" SHEGONG_LOG=warn "$bin" bench-data ${BENCH_ARGS:-} | sed 's/^/    /'
    echo "    (bench-data: $((SECONDS - grow_start)) s)"
  else
    echo "    (reusing $2, grown before)"
  fi
  start "$2" "SHEGONG_PAGE_CACHE=${BENCH_PAGE_CACHE:-1}"
  login_rps=""
  echo ""
  if [ "${BENCH_PAGE_CACHE:-1}" = 0 ]; then
    echo "Page cache off: every page rendered from the database (the first view after a write)."
  else
    echo "Page cache on: repeat views of unchanged data (BENCH_PAGE_CACHE=0 measures first views)."
  fi
  echo ""
  echo "| page | account | path | status | median ms (1 at a time) | req/s (8 connections) | vs sign-in |"
  echo "| --- | --- | --- | ---: | ---: | ---: | ---: |"
  measure "sign-in page" "—" "/login" ""
  # Last calendar month (bench-data's activities are fortnightly up to today).
  local month_from month_to project
  month_from=$(date -d "$(date +%Y-%m-01) -1 month" +%F)
  month_to=$(date -d "$(date +%Y-%m-01) -1 day" +%F)
  project=$(bench_project "$2")
  # Last calendar quarter, sorted by hours (most first).
  local quarter quarter_from quarter_to
  quarter=$(date +%Y)-$(printf %02d $((($(date +%-m) - 1) / 3 * 3 + 1)))-01
  quarter_from=$(date -d "$quarter -3 month" +%F)
  quarter_to=$(date -d "$quarter -1 day" +%F)
  # Custom report ranges: the six whole months before this one (no calendar quarter or year),
  # and the 15th of two months ago to the 10th of last month (mid-month ends).
  local six_from mid_from mid_to
  six_from=$(date -d "$(date +%Y-%m-01) -6 month" +%F)
  mid_from=$(date -d "$(date +%Y-%m-15) -2 month" +%F)
  mid_to=$(date -d "$(date +%Y-%m-10) -1 month" +%F)
  for who in admin.hunan:province bench.city:city bench.county:county bench.station:station; do
    local user=${who%%:*} level=${who##*:} cookie
    cookie=$(sign_in "$user")
    [ -n "$cookie" ] || { echo "cannot sign in as $user" >&2; exit 1; }
    for page in "home:/" "overview:/overview?period=year" "roster:/volunteers" \
        "roster page 2,000:/volunteers?page=2000" "name search:/volunteers?q=%E6%B5%8B%E5%BF%97%E6%84%BF%E8%80%854242" \
        "served last month:/volunteers?from=$month_from&to=$month_to" \
        "one project's month:/volunteers?project_id=$project&from=$month_from&to=$month_to" \
        "last quarter by hours:/volunteers?from=$quarter_from&to=$quarter_to&sort=hours&desc=1" \
        "last quarter by last served:/volunteers?from=$quarter_from&to=$quarter_to&sort=last&desc=1" \
        "by last served:/volunteers?sort=last&desc=1" \
        "hours list:/hours" "reports:/volunteer-reports" \
        "reports, six months:/volunteer-reports?from=$six_from&to=$month_to" \
        "reports, mid-month ends:/volunteer-reports?from=$mid_from&to=$mid_to" \
        "overview, six months:/overview?period=custom&from=$six_from&to=$month_to" \
        "overview, mid-month ends:/overview?period=custom&from=$mid_from&to=$mid_to" \
        "stations:/stations"; do
      [[ -z "${BENCH_ONLY:-}" || "${page%%:*}" =~ $BENCH_ONLY ]] || continue
      measure "${page%%:*}" "$level" "${page#*:}" "$cookie"
    done
  done
  echo ""
  echo "Peak server memory (VmHWM): $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' /proc/$pid/status)"
  echo "Resident after the run (VmRSS): $(awk '/VmRSS/ { printf "%.0f MB", $2 / 1024 }' /proc/$pid/status)"
  stop
}

if [ "$which" = sqlite ] || [ "$which" = both ]; then
  run "SQLite" "${BENCH_SQLITE:-sqlite://$work/bench.db}" "${BENCH_SQLITE:+reuse}"
fi
if [ -n "${BENCH_POSTGRES:-}" ] && { [ "$which" = postgres ] || [ "$which" = both ]; }; then
  run "PostgreSQL" "$BENCH_POSTGRES" reuse
elif [ "$which" = postgres ] || [ "$which" = both ]; then
  if pg_url=$(scripts/postgres-test-server.sh start); then
    name="bench_$(date +%s)"
    psql "$pg_url" -qc "CREATE DATABASE $name" >/dev/null
    run "PostgreSQL" "${pg_url%/*}/$name"
    scripts/postgres-test-server.sh stop >/dev/null
  else
    echo "PostgreSQL is not installed: its half of the bench is SKIPPED."
  fi
fi
echo ""
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, release build."
