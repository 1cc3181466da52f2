#!/usr/bin/env bash
# Builds what `cargo leptos build --release` builds, without cargo-leptos (whose install alone
# costs a new machine over 20 minutes on 2 cores):
#   1. the server binary            target/release/shegong
#   2. the islands WASM             wasm32-unknown-unknown, profile wasm-release (small code)
#   3. wasm-bindgen                 target/site/pkg/shegong.js + shegong_bg.wasm
#   4. wasm-opt -Oz                 (binaryen from npm, in .tools/)
#   5. terser                       the JS glue minified (npm, in .tools/)
#   6. the stylesheet and assets    target/site/pkg/shegong.css, target/site/*
#   7. the offline script           target/site/pkg/offline.js (also served as /sw.js)
# The server names the files itself (`output_name("shegong")`; without LEPTOS_OUTPUT_NAME at
# compile time Leptos asks for `shegong_bg.wasm`) under /pkg/<hash of the files>/, the hash read
# from target/site/pkg/VERSION at startup (server/src/static_files.rs).
#
#   scripts/build-site.sh            server and site
#   scripts/build-site.sh site       only the WASM, CSS and assets
#   scripts/build-site.sh server     only the server
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
site=target/site
pkg=$site/pkg

build_server() {
  cargo build --release -p shegong
}

build_site() {
  cargo build --profile wasm-release -p frontend --lib --target wasm32-unknown-unknown \
    --no-default-features --features hydrate
  mkdir -p "$pkg"
  wasm-bindgen target/wasm32-unknown-unknown/wasm-release/frontend.wasm \
    --target web --no-typescript --out-dir "$pkg" --out-name shegong
  local opt=.tools/node_modules/.bin/wasm-opt
  command -v "$opt" >/dev/null || opt=wasm-opt
  "$opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$pkg/shegong_bg.wasm" -o "$pkg/shegong_bg.wasm.opt"
  mv "$pkg/shegong_bg.wasm.opt" "$pkg/shegong_bg.wasm"
  # The JS glue as a phone downloads it: minified (names of exports and wasm imports kept).
  local terser=.tools/node_modules/.bin/terser
  if [ -x "$terser" ]; then
    "$terser" "$pkg/shegong.js" --module --compress --mangle -o "$pkg/shegong.min.js"
    mv "$pkg/shegong.min.js" "$pkg/shegong.js"
  else
    echo "terser is not installed (make tools): the JS glue stays unminified" >&2
  fi
  # The outbox and service worker (plain JS, loaded only by the pages that work offline; also
  # served as /sw.js): minified like the glue.
  if [ -x "$terser" ]; then
    "$terser" frontend/offline.js --compress --mangle -o "$pkg/offline.js"
  else
    cp frontend/offline.js "$pkg/offline.js"
  fi
  # Comments and indentation are for people reading the source, not for phones.
  perl -0777 -pe 's#/\*.*?\*/##gs; s/^[ \t]+//mg; s/\n{2,}/\n/g' style/main.css > "$pkg/shegong.css"
  cp -r public/. "$site/"
  # A hash of the three files names them in pages (/pkg/<hash>/…), so phones keep them for a
  # year and a new build is fetched at once; each is compressed here once, at the strongest
  # settings, instead of on every request.
  (cd "$pkg" && rm -f ./*.br ./*.gz && cat shegong.js shegong_bg.wasm shegong.css offline.js | sha256sum | cut -c1-16 > VERSION)
  node -e '
    const fs = require("fs"), zlib = require("zlib"), dir = process.argv[1];
    for (const f of ["shegong.js", "shegong_bg.wasm", "shegong.css", "offline.js"]) {
      const data = fs.readFileSync(`${dir}/${f}`);
      fs.writeFileSync(`${dir}/${f}.br`, zlib.brotliCompressSync(data, { params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
      fs.writeFileSync(`${dir}/${f}.gz`, zlib.gzipSync(data, { level: 9 }));
    }' "$pkg"
}

timed() {
  local began=$SECONDS
  "$1"
  echo "build-site: $1 took $((SECONDS - began)) s" >&2
}

case "$what" in
  all) timed build_server; timed build_site ;;
  site) timed build_site ;;
  server) timed build_server ;;
  *) echo "usage: $0 [all|site|server]" >&2; exit 2 ;;
esac
