# wasm/wasm.mk: the browser demos (issue 6), included by the top Makefile.
#
#   make wasm-deps   Debian's chromium and playwright-core (npm) for the e2e tests
#   make wasm-site   build demos.wasm and assemble the static site in $(WASM_SITE)
#   make wasm-test   Go bridge tests under Node, then the Chromium end-to-end tests
#   make wasm-size   check the size budget (demo wasm ≤ 1.5 MB gzip)
#   make wasm-serve  serve the site on 127.0.0.1 (WASM_ADDR)
#
# Needs GO, BIN and deps-go from the top Makefile.

WASM_SITE    ?= $(BIN)/site
WASM_ADDR    ?= 127.0.0.1:8080
WASM_E2E     := wasm/e2e
WASM_SERVE   := $(BIN)/descent
CHROMIUM     ?= /usr/lib/chromium/chromium
WASM_BUDGET_GZ := 1500000
WASM_GOROOT   = $(shell $(GO) env GOROOT)

.PHONY: wasm-deps wasm-site wasm-test wasm-test-go wasm-test-e2e wasm-size wasm-serve wasm-serve-bin

## wasm-deps: headless Chromium (Debian package) and playwright-core (npm).
wasm-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "wasm-deps: installing Debian's chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium \
		|| { echo "wasm-deps: cannot install chromium (need root and apt)" >&2; exit 1; }; \
	fi
	@test -x $(CHROMIUM) || { echo "wasm-deps: $(CHROMIUM) is missing after installing chromium" >&2; exit 1; }
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
		echo "wasm-deps: installing node and npm"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm \
		|| { echo "wasm-deps: cannot install nodejs/npm" >&2; exit 1; }; \
	fi
	@node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)' \
		|| { echo "wasm-deps: node >= 18 is needed for node --test (have $$(node --version))" >&2; exit 1; }
	@if [ ! -f $(WASM_E2E)/node_modules/playwright-core/package.json ]; then \
		echo "wasm-deps: npm ci in $(WASM_E2E)"; \
		cd $(WASM_E2E) && npm ci --no-audit --no-fund --loglevel=error \
		|| { echo "wasm-deps: npm ci failed (is the npm registry reachable?)" >&2; exit 1; }; \
	fi
	@echo "wasm-deps: $$($(CHROMIUM) --version 2>/dev/null | head -1), node $$(node --version), playwright-core $$(node -p 'require("./$(WASM_E2E)/node_modules/playwright-core/package.json").version')"

## wasm-site: demos.wasm (stripped) + wasm_exec.js of the same Go + static files.
wasm-site: deps-go
	@rm -rf $(WASM_SITE) && mkdir -p $(WASM_SITE)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(WASM_SITE)/demos.wasm ./wasm/cmd/demos
	cp $(WASM_GOROOT)/lib/wasm/wasm_exec.js $(WASM_SITE)/
	cp wasm/site/static/* $(WASM_SITE)/
	@echo "wasm-site: $(WASM_SITE) ($$(du -k $(WASM_SITE)/demos.wasm | cut -f1) KiB wasm)"

## wasm-size: the demo wasm must be at most 1.5 MB gzip-compressed.
wasm-size: wasm-site
	@raw=$$(stat -c %s $(WASM_SITE)/demos.wasm); gz=$$(gzip -9 -c $(WASM_SITE)/demos.wasm | wc -c); \
	echo "wasm-size: demos.wasm $$raw bytes, $$gz bytes gzip -9 (budget $(WASM_BUDGET_GZ))"; \
	if [ $$gz -gt $(WASM_BUDGET_GZ) ]; then echo "wasm-size: over budget" >&2; exit 1; fi

wasm-serve-bin: deps-go
	$(GO) build -o $(WASM_SERVE) ./cmd/descent

## wasm-serve: serve the demos on 127.0.0.1 (prints the address).
wasm-serve: wasm-site wasm-serve-bin
	$(WASM_SERVE) serve -dir $(WASM_SITE) -addr $(WASM_ADDR)

## wasm-test: bridge tests under Node, then the end-to-end tests in Chromium.
wasm-test: wasm-test-go wasm-test-e2e

wasm-test-go: deps-go
	@command -v node >/dev/null || { echo "wasm-test-go: node is needed (make wasm-deps)" >&2; exit 1; }
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(WASM_GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm/...

wasm-test-e2e: wasm-deps wasm-site wasm-serve-bin
	cd $(WASM_E2E) && DESCENT_SITE=$(abspath $(WASM_SITE)) DESCENT_SERVE=$(abspath $(WASM_SERVE)) CHROMIUM=$(CHROMIUM) \
		node --test --test-concurrency=1 --test-reporter=spec
