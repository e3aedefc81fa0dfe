#!/bin/bash
# trim.sh OUT: a Go workspace in OUT (go.work) that builds the notebook wasm
# with trimmed copies of two dependencies, without touching go.mod (the
# standard-library symbol tables are trimmed without a copy: the notebook
# passes kernel/symbols/webstd to interp.New):
#   - the Liberation fonts of gonum/plot: core/plot draws with Liberation
#     Sans Regular only, so the other eleven faces share its bytes;
#   - the Go fonts that gonum/plot's LaTeX text handler loads (core/plot
#     uses plain text): they share Liberation Sans Regular's bytes.
#   - golang.org/x/image/tiff: a stub (gonum/plot's vgimg links its encoder).
# Build with -tags minimal as well: gonum/plot then leaves out its PDF, EPS
# and TeX back ends (core/plot renders SVG and PNG only).
# Use it as GOWORK=OUT/go.work go build ... (see wasm/wasm.mk).
set -euo pipefail
out=$1
go=${GO:-go}
root=$(pwd)
lib=$($go list -m -f '{{.Dir}}' codeberg.org/go-fonts/liberation)
lver=$($go list -m -f '{{.Version}}' codeberg.org/go-fonts/liberation)
rm -rf "$out" && mkdir -p "$out"
cp -r "$lib" "$out/liberation" && chmod -R u+w "$out/liberation"
for d in "$out"/liberation/liberation*/; do
	name=$(basename "$d")
	[ "$name" = liberationsansregular ] && continue
	rm -f "$d"/*.ttf
	cat > "$d/data.go" <<GO
// Trimmed for the browser notebook (wasm/cmd/notebook/trim.sh): the
// bytes of Liberation Sans Regular.
package $name

import "codeberg.org/go-fonts/liberation/liberationsansregular"

// TTF is Liberation Sans Regular's data.
var TTF = liberationsansregular.TTF
GO
done
ximg=$($go list -m -f '{{.Dir}}' golang.org/x/image)
xver=$($go list -m -f '{{.Version}}' golang.org/x/image)
cp -r "$ximg" "$out/ximage" && chmod -R u+w "$out/ximage"
for name in gobold gobolditalic goitalic goregular; do
	cat > "$out/ximage/font/gofont/$name/data.go" <<GO
// Trimmed for the browser notebook (wasm/cmd/notebook/trim.sh): the
// bytes of Liberation Sans Regular.
package $name

import "codeberg.org/go-fonts/liberation/liberationsansregular"

// TTF is Liberation Sans Regular's data.
var TTF = liberationsansregular.TTF
GO
done
# vgimg can write TIFF, which notebooks never ask for: a stub encoder.
rm -rf "$out/ximage/tiff" && mkdir -p "$out/ximage/tiff"
cat > "$out/ximage/tiff/tiff.go" <<'GO'
// Package tiff is a stub for the browser notebook (wasm/cmd/notebook/trim.sh):
// gonum/plot's vgimg links a TIFF encoder that notebooks never use.
package tiff

import (
	"errors"
	"image"
	"io"
)

// CompressionType is kept for API compatibility.
type CompressionType int

// Compression types, kept for API compatibility.
const (
	Uncompressed CompressionType = iota
	Deflate
	LZW
	CCITTGroup3
	CCITTGroup4
)

// Options is kept for API compatibility.
type Options struct {
	Compression CompressionType
	Predictor   bool
}

var errNo = errors.New("tiff: not available in the browser notebook")

// Encode fails: TIFF is not available in the browser notebook.
func Encode(w io.Writer, m image.Image, opt *Options) error { return errNo }

// Decode fails: TIFF is not available in the browser notebook.
func Decode(r io.Reader) (image.Image, error) { return nil, errNo }

// DecodeConfig fails: TIFF is not available in the browser notebook.
func DecodeConfig(r io.Reader) (image.Config, error) { return image.Config{}, errNo }
GO
cat > "$out/go.work" <<GO
go $($go mod edit -json | sed -n 's/.*"Go": "\(.*\)".*/\1/p')

use $root

replace codeberg.org/go-fonts/liberation $lver => ./liberation

replace golang.org/x/image $xver => ./ximage
GO
