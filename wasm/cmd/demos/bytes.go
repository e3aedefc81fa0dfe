//go:build js && wasm

package main

import "unsafe"

// float32Bytes views v as its bytes (little-endian on wasm and amd64),
// without copying.
func float32Bytes(v []float32) []byte {
	if len(v) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 4*len(v))
}
