# Allybook: `make run` opens the app, `make test` runs every test. Both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := run
# A Node.js installed by .ci/setup (when the system one is too old) and cargo's bin come first.
export PATH := $(CURDIR)/.tools/node/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
XVFB := xvfb-run -a -s "-screen 0 1920x1080x24"
# WebKitGTK under Xvfb: software rendering, no DMA-BUF.
E2E_ENV := WEBKIT_DISABLE_DMABUF_RENDERER=1 WEBKIT_DISABLE_COMPOSITING_MODE=1

.PHONY: run test deps deps-run ui build release package lint test-core test-ui test-e2e test-package fuzz bindings clean

## Open the app (on the database in your data directory, or ALLYBOOK_DB / ARGS="--db FILE").
run: deps-run build
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "make run: no display. On a headless machine: xvfb-run -a make run" >&2; exit 1; fi
	./target/debug/allybook $(ARGS)

## Every test: lint, UI unit tests, core and integration tests, the crash test, end-to-end,
## fuzzing, and the packages tested as installed.
test: deps build lint test-ui test-core test-e2e fuzz test-package
	@echo "make test: all tests passed"

deps:
	@.ci/setup test

deps-run:
	@.ci/setup run

ui:
	npm --prefix ui run build

# ui/dist must exist before any cargo build of the app crate (it is embedded).
build: ui
	cargo build --locked

release: ui
	cargo build --locked --release

## .deb and .rpm with the Tauri bundler (release build) under target/release/bundle/. The fonts a
## distribution ships come from its font packages (the packages depend on them): system-fonts.
package: deps ui
	@mkdir -p target/package
	gzip -9n < assets/linux/changelog > target/package/changelog.gz
	cargo build --locked --lib --profile window
	ui/node_modules/.bin/tauri build --ci --bundles deb,rpm --features system-fonts -- --locked

lint:
	cargo fmt --all -- --check
	cargo clippy --locked --workspace --all-targets -- -D warnings
	npm --prefix ui run check

test-ui:
	npm --prefix ui test

test-core:
	cargo test --locked

# One scenario at a time: several windows and WebDriver sessions at once on 2 cores made a
# session miss its 20 s start-up.
test-e2e: build
	$(E2E_ENV) $(XVFB) cargo test --locked -p allybook-e2e -- --test-threads=1

## The packages as installed: unpacked, run headless and as a window, lintian, validators, size.
test-package: package
	tests/package/check.sh

## Coverage-guided fuzzing (libFuzzer through cargo-bolero, stable Rust), FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := import_parser terms_reader store_open_and_check team_documents
fuzz:
	@for t in $(FUZZ_TARGETS); do \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  cargo bolero test -p allybook-fuzz --sanitizer NONE -T $(FUZZ_SECONDS)s $$t || exit 1; \
	done

## Regenerate ui/src/lib/bindings.ts (from the Rust types) and the window's grants (from the declared commands).
bindings:
	UPDATE_BINDINGS=1 cargo test --locked --test app bindings:: -- --test-threads=1

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules .tools
