//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "notebook: build with GOOS=js GOARCH=wasm (make wasm-site), then serve the site (make run or descent serve)")
	os.Exit(2)
}
