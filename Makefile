# Shegong: the two commands are `make run` and `make test`. Everything else is a step of theirs.
# Tools install once into ~/.cargo/bin and ./.tools; later runs only check versions.

SHELL := /bin/bash
.DEFAULT_GOAL := help

WASM_BINDGEN_VERSION := 0.2.130
BINARYEN_VERSION := 132.0.0
TERSER_VERSION := 5.51.4

TOOLS := $(CURDIR)/.tools
export PATH := $(HOME)/.cargo/bin:$(TOOLS)/node_modules/.bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help run test tools build build-release unit e2e lint fmt weight lighthouse browser-deps pdf-font clean-data clean-test-files bench

help:
	@echo "make run    build and start Shegong on SQLite with demo data (http://127.0.0.1:3000)"
	@echo "make test   install what is missing and run every test (unit, data layer on SQLite"
	@echo "            and PostgreSQL, browser tests with JavaScript on and off)"
	@echo "make lint   rustfmt and clippy, warnings as errors"
	@echo "make weight what a phone downloads for five pages, first and repeat visit (brotli)"
	@echo "make lighthouse Lighthouse's mobile profile on /practice/new and /volunteers (quiet machine)"
	@echo "make bench  every page over HTTP at province scale (2,000 stations, 5,000,000 records),"
	@echo "            SQLite and PostgreSQL: median ms, req/s against the sign-in page, memory"

## ---- tools ----------------------------------------------------------------------------------

tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" \
	  || { echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 6 minutes, once)…"; \
	       cargo install wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION); }
	@$(TOOLS)/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version 132" \
	  || { echo "Installing wasm-opt (npm binaryen $(BINARYEN_VERSION))…"; mkdir -p $(TOOLS); \
	       npm install --prefix $(TOOLS) --no-audit --no-fund binaryen@$(BINARYEN_VERSION) >/dev/null; }
	@$(TOOLS)/node_modules/.bin/terser --version 2>/dev/null | grep -q "$(TERSER_VERSION)" \
	  || { echo "Installing terser $(TERSER_VERSION) (minifies the JS glue)…"; mkdir -p $(TOOLS); \
	       npm install --prefix $(TOOLS) --no-audit --no-fund terser@$(TERSER_VERSION) >/dev/null; }

## ---- build and run --------------------------------------------------------------------------

# The steps cargo-leptos would run, run directly (see the script), so a new machine does not
# spend 20 minutes installing cargo-leptos. `cargo leptos watch` still works as a dev loop.
build-release: tools
	scripts/build-site.sh

# A Chinese font for the PDFs the server makes (portfolio, certificate); without one the PDF
# links answer "print this page instead". Debian's WenQuanYi Micro Hei (about 5 MB).
pdf-font:
	@ls /usr/share/fonts/truetype/wqy/wqy-microhei.ttc >/dev/null 2>&1 || [ -n "$$SHEGONG_PDF_FONT" ] || { \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing a Chinese font for PDFs (fonts-wqy-microhei)…"; \
	    (apt-get install -y fonts-wqy-microhei >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y fonts-wqy-microhei >/dev/null)); \
	  else echo "No Chinese font for PDFs: run 'sudo apt-get install -y fonts-wqy-microhei' (or set SHEGONG_PDF_FONT)"; fi; }

run: build-release pdf-font
	@mkdir -p data
	SHEGONG_DEMO=1 SHEGONG_DATABASE_URL=$${SHEGONG_DATABASE_URL:-sqlite://data/shegong.db} \
	  ./target/release/shegong serve

## ---- tests ----------------------------------------------------------------------------------

browser-deps:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing Debian's Chromium…"; \
	    (apt-get install -y chromium >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y chromium >/dev/null)); \
	  else echo "Chromium is missing: run 'sudo apt-get install -y chromium'"; exit 1; fi; }
	@command -v pdftotext >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing poppler-utils (the browser tests read the PDFs)…"; \
	    (apt-get install -y poppler-utils >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y poppler-utils >/dev/null)); \
	  else echo "pdftotext is missing: run 'sudo apt-get install -y poppler-utils'"; exit 1; fi; }
	@cd end2end && { [ -d node_modules/@playwright/test ] || npm ci --no-audit --no-fund >/dev/null; }

# Unit and data-layer tests. The PostgreSQL half runs against a throwaway server when
# PostgreSQL is installed; otherwise it says loudly that it was skipped.
unit:
	@pg_url=$$(scripts/postgres-test-server.sh start || true); \
	if [ -z "$$pg_url" ]; then \
	  echo ""; echo "!!! PostgreSQL is not installed: the PostgreSQL half of the data-layer tests is SKIPPED."; \
	  echo "!!! Install it with 'apt-get install -y postgresql' to run both backends."; echo ""; \
	else echo "Data-layer tests run on SQLite and on PostgreSQL ($$pg_url)"; fi; \
	SHEGONG_TEST_POSTGRES_URL=$$pg_url cargo test -p app --features ssr; status=$$?; \
	[ -z "$$pg_url" ] || scripts/postgres-test-server.sh stop; \
	[ $$status = 0 ] && cargo test -p shegong; status=$$?; \
	$(MAKE) --no-print-directory clean-test-files; exit $$status

# Each data-layer and HTTP test works on its own SQLite file in the temporary folder: remove
# them after a run, or a machine that runs the tests often (CI) fills its disk.
clean-test-files:
	@rm -f "$${TMPDIR:-/tmp}"/shegong_test_*.db* "$${TMPDIR:-/tmp}"/shegong_http_*.db*

# The browser tests drive the debug server by default: `make unit` has just built every
# dependency it needs, so it adds two crates (about 2 minutes on 2 cores) where the release
# build takes 15. The site (WASM, CSS) is always the release one phones get.
# `make e2e E2E_PROFILE=release` drives the release server.
E2E_PROFILE ?= dev
e2e: tools browser-deps pdf-font
	cargo build -p shegong --profile $(E2E_PROFILE)
	scripts/build-site.sh site
	@rm -f end2end/.data/e2e-*.db*
	cd end2end && SHEGONG_E2E_BIN=target/$(if $(filter dev,$(E2E_PROFILE)),debug,$(E2E_PROFILE))/shegong \
	  npx playwright test

test: tools browser-deps pdf-font
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory e2e
	@echo ""; echo "All tests passed: unit + data layer (see above for backends) + browser (JS on and off)."

## ---- checks ---------------------------------------------------------------------------------

lint:
	cargo fmt --all --check
	cargo clippy -p app --features ssr --all-targets -- -D warnings
	cargo clippy -p shegong --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

fmt:
	cargo fmt --all

# Every page over HTTP at province scale, on SQLite and, when PostgreSQL is installed, on
# PostgreSQL (see scripts/bench.sh). Grows its own databases (about 30 minutes for both); not
# part of `make test`.
bench: build-release
	scripts/bench.sh

# The data layer's roster and report queries alone, at county scale.
bench-db:
	@pg_url=$$(scripts/postgres-test-server.sh start || true); \
	SHEGONG_TEST_POSTGRES_URL=$$pg_url cargo test --release -p app --features ssr --lib roster_and_reports -- --ignored --nocapture; status=$$?; \
	[ -z "$$pg_url" ] || scripts/postgres-test-server.sh stop; \
	$(MAKE) --no-print-directory clean-test-files; exit $$status

weight: build-release
	scripts/weight.sh

lighthouse: build-release
	scripts/lighthouse.sh

clean-data:
	rm -rf data end2end/.data
