# kernel/kernel.mk: the Go notebook kernel's targets, included by the top
# Makefile (which sets SHELL, PATH, GO, PYTHON and BIN).
#
#   kernel-deps     install Debian's Jupyter clients when missing
#   kernel-build    build bin/descent-kernel
#   kernel-install  install the kernelspec for the current user (make run)
#   kernel-wasm     protocol, interpreter and display layers build for js/wasm
#   kernel-test     the kernel with real clients: jupyter_kernel_test, extra
#                   protocol checks and every notebook through nbclient
#   kernel-bench    descent vs Debian's ipykernel through jupyter_client
#   kernel-generate regenerate the yaegi symbol tables and docs (go generate)

GO ?= go
PYTHON ?= /usr/bin/python3
BIN ?= bin
KERNEL_BIN := $(BIN)/descent-kernel
KERNEL_INSTALL_FLAGS ?= --user
KERNEL_APT := jupyter-client python3-jupyter-client python3-jupyter-kernel-test \
	python3-nbclient python3-nbformat jupyter-nbconvert jupyter-console

.PHONY: kernel-deps kernel-bench-deps kernel-build kernel-install kernel-wasm kernel-test kernel-bench kernel-generate

kernel-deps:
	@if ! $(PYTHON) -c 'import jupyter_kernel_test, nbclient, nbformat, jupyter_client' 2>/dev/null; then \
		echo "kernel-deps: installing $(KERNEL_APT)"; \
		if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(KERNEL_APT); }; then \
			echo "kernel-deps: FAILED to install the Jupyter clients ($(KERNEL_APT)); run as root on Debian 12 or install them yourself" >&2; \
			exit 1; \
		fi; \
		$(PYTHON) -c 'import jupyter_kernel_test, nbclient, nbformat, jupyter_client' || { \
			echo "kernel-deps: FAILED: the packages are installed but do not import under $(PYTHON)" >&2; exit 1; }; \
	fi

kernel-bench-deps: kernel-deps
	@$(PYTHON) -c 'import ipykernel' 2>/dev/null || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-ipykernel; } || { \
		echo "kernel-bench-deps: FAILED to install python3-ipykernel" >&2; exit 1; }

kernel-build:
	$(GO) build -o $(KERNEL_BIN) ./cmd/descent-kernel

kernel-install: kernel-build
	$(KERNEL_BIN) install $(KERNEL_INSTALL_FLAGS)

kernel-wasm:
	GOOS=js GOARCH=wasm $(GO) build ./kernel/protocol/... ./kernel/interp/... ./kernel/display/... ./kernel/symbols
	@echo "kernel protocol, interpreter and display layers build for js/wasm"

# Everything runs against a kernelspec in a temporary prefix and a temporary
# Jupyter data dir (history file), never the user's own.
kernel-test: kernel-deps kernel-build kernel-wasm
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(KERNEL_BIN) install --prefix "$$tmp/prefix" >/dev/null; \
	export JUPYTER_PATH="$$tmp/prefix/share/jupyter" JUPYTER_DATA_DIR="$$tmp/data" JUPYTER_RUNTIME_DIR="$$tmp/runtime" JUPYTER_CONFIG_DIR="$$tmp/config" PYDEVD_DISABLE_FILE_VALIDATION=1; \
	jupyter kernelspec list 2>/dev/null | grep -q '^ *descent ' || { echo "kernel-test: FAILED: jupyter kernelspec list does not show descent" >&2; exit 1; }; \
	echo "kernel-test: jupyter_kernel_test suite and protocol checks with jupyter_client"; \
	(cd kernel/testdata/jupyter && timeout 150 $(PYTHON) -m unittest -v test_descent_kernel) || { echo "kernel-test: FAILED: kernel tests with real clients" >&2; exit 1; }; \
	echo "kernel-test: notebooks through nbclient"; \
	timeout 300 $(PYTHON) kernel/testdata/run_notebooks.py kernel/testdata/notebooks/*.ipynb $$(ls notebooks/*.ipynb 2>/dev/null) || { echo "kernel-test: FAILED: a notebook did not run" >&2; exit 1; }

kernel-bench: kernel-bench-deps kernel-build
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(KERNEL_BIN) install --prefix "$$tmp/prefix" >/dev/null; \
	JUPYTER_PATH="$$tmp/prefix/share/jupyter:/usr/share/jupyter" JUPYTER_DATA_DIR="$$tmp/data" JUPYTER_RUNTIME_DIR="$$tmp/runtime" \
		$(PYTHON) kernel/testdata/bench.py
	@echo "kernel-bench: a cell fitting logistic regression on 1,000×10 against the same fit in compiled Go, alternated in one loop (medians of 10 runs of 100 pairs)"
	@$(GO) test -run '^$$' -bench 'LogisticFitPaired|TrivialCell' -benchtime 100x -count 10 ./kernel/interp/ | awk ' \
		function med(s,   a, n, i, j, t) { n=split(s, a, " "); for (i=1;i<=n;i++) for (j=i+1;j<=n;j++) if (a[j]+0 < a[i]+0) { t=a[i]; a[i]=a[j]; a[j]=t }; return n%2 ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2 } \
		/^BenchmarkLogisticFitPaired\// { m = $$1 ~ /rerun/ ? "rerun" : "edited"; for (i=4; i<NF; i++) v[m, $$(i+1)] = v[m, $$(i+1)] " " $$i } \
		/^BenchmarkTrivialCell/ { t=t " " $$3 } \
		function pair(m, what) { printf "%s %.2f ms, compiled %.2f ms: %.2fx%s\n", what, med(v[m, "cell-µs/op"])/1e3, med(v[m, "compiled-µs/op"])/1e3, med(v[m, "cell/compiled"]), m == "rerun" ? " (target <= 1.2x)" : "" } \
		END { pair("rerun", "cell run again"); pair("edited", "cell changed every run (compiles)"); \
		      printf "a trivial cell run again costs %.0f µs\n", med(t)/1e3 }'

kernel-generate:
	$(GO) generate ./kernel/...
