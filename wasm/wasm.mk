# wasm/wasm.mk: the browser demos (issue 6), included by the top Makefile.
#
#   make wasm-deps   Debian's chromium and playwright-core (npm) for the e2e tests
#   make wasm-site   build demos.wasm and notebook.wasm and assemble the static
#                    site in $(WASM_SITE), with the course notebooks (notebooks/)
#   make wasm-test   Go bridge tests under Node, then the Chromium end-to-end tests
#   make wasm-size   check the size budgets (demo wasm ≤ 1.5 MB gzip, notebook
#                    interpreter wasm ≤ 6 MB gzip)
#   make wasm-serve  serve the site on 127.0.0.1 (WASM_ADDR)
#   make wasm-bench  the browser notebook's speed budget: a cell fitting
#                    logistic regression on 1,000×10 in Chromium against the
#                    same fit in native Go (part of make bench)
#
# Needs GO, BIN and deps-go from the top Makefile.

WASM_SITE    ?= $(BIN)/site
WASM_ADDR    ?= 127.0.0.1:8080
WASM_E2E     := wasm/e2e
WASM_SERVE   := $(BIN)/descent
CHROMIUM     ?= /usr/lib/chromium/chromium
WASM_BUDGET_GZ := 1500000
NOTEBOOK_BUDGET_GZ := 6000000
# The notebook wasm is built in a Go workspace with trimmed copies of the plot
# fonts (wasm/cmd/notebook/trim.sh); its standard library is the subset in
# kernel/symbols/webstd.
NOTEBOOK_WORK := $(abspath $(BIN))/notebook-build
WASM_GOROOT   = $(shell $(GO) env GOROOT)

.PHONY: wasm-bench wasm-deps wasm-site wasm-test wasm-test-go wasm-test-e2e wasm-size wasm-serve wasm-serve-bin

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

## wasm-site: demos.wasm and notebook.wasm (stripped) + wasm_exec.js of the
## same Go + static files + the course notebooks and their list.
wasm-site: deps-go
	@rm -rf $(WASM_SITE) && mkdir -p $(WASM_SITE)/notebooks
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $(WASM_SITE)/demos.wasm ./wasm/cmd/demos
	GO=$(GO) wasm/cmd/notebook/trim.sh $(NOTEBOOK_WORK)
	GOWORK=$(NOTEBOOK_WORK)/go.work GOOS=js GOARCH=wasm $(GO) build -tags minimal -trimpath -ldflags='-s -w' -o $(NOTEBOOK_WORK)/notebook.wasm ./wasm/cmd/notebook
	gzip -9 -n -c $(NOTEBOOK_WORK)/notebook.wasm > $(WASM_SITE)/notebook.wasm.gz
	cp $(WASM_GOROOT)/lib/wasm/wasm_exec.js $(WASM_SITE)/
	cp -R wasm/site/static/* $(WASM_SITE)/
	@set -- notebooks/*.ipynb; list=""; \
	for f in "$$@"; do [ -f "$$f" ] || continue; cp "$$f" $(WASM_SITE)/notebooks/; \
		list="$$list$${list:+,}\"$$(basename "$$f")\""; done; \
	echo "[$$list]" > $(WASM_SITE)/notebooks.json; \
	echo "wasm-site: $(WASM_SITE) ($$(du -k $(WASM_SITE)/demos.wasm | cut -f1) KiB demos wasm, $$(du -k $(WASM_SITE)/notebook.wasm.gz | cut -f1) KiB notebook wasm.gz, notebooks.json: [$$list])"

## wasm-size: the demo wasm must be at most 1.5 MB gzip-compressed, the
## notebook's interpreter wasm at most 6 MB.
wasm-size: wasm-site
	@raw=$$(stat -c %s $(WASM_SITE)/demos.wasm); gz=$$(gzip -9 -c $(WASM_SITE)/demos.wasm | wc -c); \
	echo "wasm-size: demos.wasm $$raw bytes, $$gz bytes gzip -9 (budget $(WASM_BUDGET_GZ))"; \
	if [ $$gz -gt $(WASM_BUDGET_GZ) ]; then echo "wasm-size: demos.wasm over budget" >&2; exit 1; fi
	@raw=$$(stat -c %s $(NOTEBOOK_WORK)/notebook.wasm); gz=$$(stat -c %s $(WASM_SITE)/notebook.wasm.gz); \
	echo "wasm-size: notebook.wasm $$raw bytes, $$gz bytes gzip -9 (notebook.wasm.gz; budget $(NOTEBOOK_BUDGET_GZ))"; \
	if [ $$gz -gt $(NOTEBOOK_BUDGET_GZ) ]; then echo "wasm-size: notebook.wasm over budget" >&2; exit 1; fi

## wasm-bench: one fresh notebook page fits 301 times in a cell; the first
## fit runs before V8 optimizes the wasm, fits 202-301 after (medians). And
## the time from opening the page to the first cell's result.
wasm-bench: wasm-deps wasm-site wasm-serve-bin
	@native=$$($(GO) test -run '^$$$$' -bench 'LogisticFit1000x10$$$$' -count 5 ./core/linear/ | awk '/^Benchmark/ {print $$3/1000}' | sort -n | sed -n 3p); \
	out=$$(cd $(WASM_E2E) && DESCENT_SITE=$(abspath $(WASM_SITE)) DESCENT_SERVE=$(abspath $(WASM_SERVE)) CHROMIUM=$(CHROMIUM) \
		node --test --test-name-pattern='logistic-regression fit|first cell' notebook.test.js 2>&1); \
	line=$$(echo "$$out" | grep -o 'first fit.*'); first=$$(echo "$$out" | grep -o 'first result [0-9]* ms' | grep -o '[0-9]*'); \
	[ -n "$$line" ] && [ -n "$$first" ] || { echo "wasm-bench: the browser measurement failed" >&2; echo "$$out" | tail -20 >&2; exit 1; }; \
	echo "$$line" | awk -v n="$$native" '{ f=$$3; w=$$7; s=$$11; \
		printf "wasm-bench: logistic regression 1,000×10: native %.0f µs (median of 5); Chromium first fit %d µs (%.1fx), fits 2-41 %d µs (%.1fx), fits 202-301 %d µs (%.1fx; budget 3x)\n", n, f, f/n, w, w/n, s, s/n }'; \
	echo "wasm-bench: first cell result $$first ms after opening the notebook page (budget 3000 ms): $$( [ $$first -le 3000 ] && echo met || echo NOT met)"

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
