#!/bin/sh
# Runs yaegi's own interp test suite against this patched copy and against
# the unpatched upstream module, and compares the tests that pass: every
# test that passes upstream must pass with the patches (with Go 1.26,
# v0.16.1 already fails some of its own tests). Takes a few minutes;
# not part of make test. Usage: kernel/interp/internal/yaegi/upstream-tests.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
version=v0.16.1
src=$(go env GOMODCACHE)/github.com/traefik/yaegi@$version
[ -d "$src" ] || go mod download github.com/traefik/yaegi@$version
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$src" "$tmp/upstream"
chmod -R u+w "$tmp/upstream"
cp -r "$tmp/upstream" "$tmp/patched"
for f in "$tmp/patched/interp/"*.go; do
	case $f in *_test.go) ;; *) rm "$f" ;; esac
done
cp "$here"/*.go "$tmp/patched/interp/"
sed -i 's#"github.com/descentml/descent/kernel/interp/internal/yaegi/unsafe2"#"github.com/traefik/yaegi/internal/unsafe2"#' "$tmp/patched/interp/"*.go
# passing lists the tests (and subtests) that pass: a test that fails, or
# does not run because an earlier one hung, is missing from the list.
passing() {
	(cd "$1" && go test -v -timeout 30m -count 1 ./interp/ 2>&1 || true) | grep -E -- '--- PASS' | sed 's/ (.*//; s/^ *//' | sort
}
passing "$tmp/upstream" >"$tmp/upstream.txt" &
passing "$tmp/patched" >"$tmp/patched.txt"
wait
lost=$(comm -23 "$tmp/upstream.txt" "$tmp/patched.txt")
echo "upstream-tests: $(wc -l <"$tmp/upstream.txt") tests pass upstream, $(wc -l <"$tmp/patched.txt") with the patches"
if [ -n "$lost" ]; then
	echo "upstream-tests: FAILED: these pass upstream only:" >&2
	echo "$lost" >&2
	exit 1
fi
echo "upstream-tests: every upstream test that passes upstream passes with the patches"
