#!/usr/bin/env bash
# Measures what a phone downloads for a page, with the brotli compression the server applies:
# the first load (HTML with its stylesheet inside + the JS and WASM the page loads) and a repeat visit (the HTML, plus
# any file not marked immutable, which a browser asks for again). Starts the release build on a
# throwaway demo database and signs in as the account that uses each page.
#   scripts/weight.sh                    the pages of the phone issue
#   scripts/weight.sh user:/path …       others (user "-" for signed out)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/demo-server.sh
start_demo_server 3199
# Bytes on the wire (brotli) of a URL, and whether it may be kept without asking again.
size() { curl -fs -o /dev/null -H 'Accept-Encoding: br' ${2:+-H "Cookie: $2"} -w '%{size_download}' "$base$1"; }
immutable() { curl -fsI -H 'Accept-Encoding: br' "$base$1" | tr -d '\r' | grep -qi '^cache-control:.*immutable'; }

pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(-:/login trainee.santang:/ trainee.santang:/practice/new coord.santang:/volunteers mentor.santang:/review)
printf '%-34s %12s %14s %8s\n' "page" "first (B)" "repeat (B)" "files"
for entry in "${pages[@]}"; do
  user=${entry%%:*}; page=${entry#*:}
  cookie=""; [ "$user" = "-" ] || cookie=$(sign_in "$user")
  html=$(size "$page" "$cookie")
  first=$html; repeat=$html; n=0
  body=$(curl -fs ${cookie:+-H "Cookie: $cookie"} "$base$page")
  # Files the page names, and the two the island loader fetches after it (island_loader.rs).
  files=$(grep -o '/pkg/[^"]*\.\(css\|js\|wasm\)' <<<"$body" || true)
  loader=$(grep -o 'const pkg = "/pkg/[0-9a-f]*"' <<<"$body" | grep -o '/pkg/[0-9a-f]*' || true)
  [ -z "$loader" ] || files="$files $loader/shegong.js $loader/shegong_bg.wasm"
  for f in $(tr ' ' '\n' <<<"$files" | sort -u); do
    b=$(size "$f"); first=$((first + b)); n=$((n + 1))
    immutable "$f" || repeat=$((repeat + b))
  done
  printf '%-34s %12s %14s %8s\n' "$page ($user)" "$first" "$repeat" "$n"
done
