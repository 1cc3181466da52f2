#!/usr/bin/env bash
# Measures the first-load weight of a page as a phone receives it: HTML + CSS + JS + WASM, with
# the brotli compression the server applies. Starts the release build on a throwaway database.
#   scripts/weight.sh [path]     (default /login)
set -euo pipefail
cd "$(dirname "$0")/.."
page="${1:-/login}"
port=3199
dir=$(mktemp -d)
SHEGONG_DEMO=1 SHEGONG_ADDR=127.0.0.1:$port SHEGONG_DATABASE_URL="sqlite://$dir/w.db" SHEGONG_LOG=warn \
  ./target/release/shegong serve >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/login" >/dev/null && break; sleep 0.2; done

size() { curl -fs -o /dev/null -H 'Accept-Encoding: br' -w '%{size_download}' "http://127.0.0.1:$port$1"; }
raw() { curl -fs -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port$1"; }

total=0
printf '%-28s %10s %12s\n' "resource" "raw bytes" "brotli bytes"
# The files the page names (under /pkg/<version>/ when the build wrote a version).
pkg=$(curl -fs "http://127.0.0.1:$port$page" | grep -o '/pkg/[^"]*shegong[^"]*\.\(css\|js\|wasm\)' | sort -u)
for res in "$page" $pkg; do
  b=$(size "$res"); r=$(raw "$res")
  total=$((total + b))
  printf '%-28s %10s %12s\n' "$res" "$r" "$b"
done
printf '%-28s %10s %12s  (%s KiB; budget 150 KiB)\n' "first load" "" "$total" "$((total / 1024))"
