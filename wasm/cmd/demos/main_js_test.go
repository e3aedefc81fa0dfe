//go:build js && wasm

package main

import (
	"encoding/json"
	"math"
	"syscall/js"
	"testing"

	"github.com/descentml/descent/wasm/demo"
)

// TestCallBridge drives descentCall as JavaScript would: a JSON string in,
// a JSON string and a Uint8Array of float32 values out.
func TestCallBridge(t *testing.T) {
	var s demo.Session
	f := newCall(&s)
	defer f.Release()
	out := f.Invoke(`{"op":"init","demo":"logistic","params":{"ds":"blobs","n":60}}`)
	var resp struct {
		State struct {
			Iteration int     `json:"iteration"`
			Loss      float64 `json:"loss"`
		} `json:"state"`
		Bulk  map[string][2]int `json:"bulk"`
		Error string            `json:"error"`
	}
	if err := json.Unmarshal([]byte(out.Index(0).String()), &resp); err != nil {
		t.Fatal(err)
	}
	if resp.Error != "" {
		t.Fatal(resp.Error)
	}
	heat, ok := resp.Bulk["heat"]
	if !ok || heat[1] != demo.GridN*demo.GridN {
		t.Fatalf("heat index %v, want %d values", heat, demo.GridN*demo.GridN)
	}
	arr := out.Index(1)
	if got := arr.Get("length").Int(); got%4 != 0 || got/4 < heat[0]+heat[1] {
		t.Fatalf("bulk has %d bytes, too few for %v", got, resp.Bulk)
	}
	f32 := js.Global().Get("Float32Array").New(arr.Get("buffer"))
	// Before training every probability is ½.
	if p := f32.Index(heat[0]).Float(); math.Abs(p-0.5) > 1e-6 {
		t.Errorf("first heat value %v, want 0.5 before training", p)
	}
	first := resp.State.Loss
	out = f.Invoke(`{"op":"step","n":50}`)
	if err := json.Unmarshal([]byte(out.Index(0).String()), &resp); err != nil {
		t.Fatal(err)
	}
	if resp.State.Iteration != 50 || !(resp.State.Loss < first) {
		t.Errorf("after 50 steps: iteration %d loss %v (start %v)", resp.State.Iteration, resp.State.Loss, first)
	}
	bad := f.Invoke(42)
	if s := bad.Index(0).String(); s == "" || s[0] != '{' {
		t.Errorf("bad call returned %q", s)
	}
}
