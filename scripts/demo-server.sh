# Sourced by the measuring scripts: starts the release server on a throwaway demo database at
# $port (stopped and removed when the script exits) and signs demo accounts in.
#   . scripts/demo-server.sh; start_demo_server 3199; cookie=$(sign_in coord.santang)
base=""

start_demo_server() { # $1 = port
  base="http://127.0.0.1:$1"
  local dir
  dir=$(mktemp -d)
  SHEGONG_DEMO=1 SHEGONG_ADDR=127.0.0.1:$1 SHEGONG_DATABASE_URL="sqlite://$dir/demo.db" SHEGONG_LOG=warn \
    ./target/release/shegong serve >/dev/null 2>&1 &
  # shellcheck disable=SC2064 # the pid and folder are fixed now, on purpose
  trap "kill $! 2>/dev/null; rm -rf '$dir'" EXIT
  for _ in $(seq 100); do curl -fs "$base/login" >/dev/null && return 0; sleep 0.2; done
  echo "the server did not start" >&2
  return 1
}

sign_in() { # prints the session cookie of demo account $1
  curl -s -D - -o /dev/null -H "Origin: $base" --data-urlencode "username=$1" \
    --data-urlencode "password=shegong-demo" --data "next=/" "$base/api/auth/login" |
    tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(shegong_session=[^;]*\).*/\1/p' | head -1
}
