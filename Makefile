# descent: make run (the main job), make test (everything that tests the
# project), make bench (descent side by side with scikit-learn).
#
# Both set-up commands work on a fresh Debian machine of this project's kind
# (Go 1.26 at /usr/local/go) as root: they install what they need.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)
export GOFLAGS := -buildvcs=false

GO ?= go
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(HOME)/go/bin/staticcheck
PYTHON := /usr/bin/python3
BIN := bin

.PHONY: reference run test check gofmt vet staticcheck wasm-build gotest gorace bench bench-go bench-sklearn deps-go deps-sklearn build clean

## run: build the command-line tool, install the Jupyter kernel ("Go (descent)")
## for this user, take the tour, then build the browser demos and serve them
## on 127.0.0.1 (the address is printed; Ctrl-C stops).
run: build kernel-deps kernel-install
	$(BIN)/descent tour
	$(MAKE) --no-print-directory wasm-site
	@echo
	@echo "The Jupyter kernel is installed: pick \"Go (descent)\" in Jupyter, or try"
	@echo "  jupyter console --kernel descent"
	@echo "The course is in notebooks/. Now serving the browser demos (Ctrl-C stops):"
	$(BIN)/descent serve -dir $(WASM_SITE) -addr $(WASM_ADDR)

build: deps-go
	$(GO) build -o $(BIN)/descent ./cmd/descent

## test: format, vet, staticcheck, the js/wasm build, every Go test (the
## kernel's also under the race detector), the kernel with real Jupyter
## clients (and every notebook through it), then the browser demos (Go
## under Node, end to end in Chromium, size budget).
test: check gotest gorace kernel-test wasm-test wasm-size

check: gofmt vet staticcheck wasm-build

deps-go:
	@command -v $(GO) >/dev/null || { echo "make: Go 1.26 is required (expected at /usr/local/go/bin/go)" >&2; exit 1; }
	@$(GO) mod download

gofmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt: these files need formatting:"; echo "$$out"; exit 1; fi
	@echo "gofmt: clean"

vet: deps-go
	$(GO) vet ./...

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

staticcheck: $(STATICCHECK) deps-go
	$(STATICCHECK) ./...

## wasm-build: the core must build for the browser.
wasm-build: deps-go
	GOOS=js GOARCH=wasm $(GO) build ./core/...
	@echo "core/... builds for js/wasm"

gotest: deps-go
	$(GO) test -count=1 ./...

## gorace: the kernel's packages again under the race detector: cells start
## goroutines that outlive them, and the kernel serves several channels at
## once. The race detector needs cgo, so a C compiler.
gorace: deps-go
	@command -v gcc >/dev/null || { echo "gorace: installing gcc for the race detector"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev \
		|| { echo "gorace: cannot install gcc (need root and apt)" >&2; exit 1; }; }
	CGO_ENABLED=1 $(GO) test -race -count=1 ./kernel/...

## bench: Go benchmarks, then descent against scikit-learn in one run, the
## kernel against ipykernel, and the browser notebook's fit budget.
bench: bench-go bench-sklearn kernel-bench wasm-bench

bench-go: deps-go
	$(GO) test -run '^$$' -bench . -benchtime 3x ./core/...

deps-sklearn:
	@$(PYTHON) -c 'import sklearn, numpy' 2>/dev/null || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-sklearn python3-numpy python3-scipy python3-threadpoolctl; }

bench-sklearn: deps-go deps-sklearn
	$(GO) run ./core/internal/benchcmp -runs 5

clean:
	rm -rf $(BIN)

include kernel/kernel.mk
include wasm/wasm.mk

## reference: regenerate every scikit-learn reference file under core/*/testdata
## (git diff afterwards shows whether the committed numbers still hold).
reference: deps-sklearn
	@for f in core/*/testdata/gen_reference.py; do echo "$$f"; $(PYTHON) "$$f" >/dev/null; done
