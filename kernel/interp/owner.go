package interp

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
)

// Output ownership.
//
// Every cell is an epoch. The goroutines that evaluate a cell register
// themselves with its epoch; a goroutine that the cell starts inherits the
// epoch of the goroutine that created it (read from the "created by ... in
// goroutine N" line of its own stack). Output from a goroutine of an earlier
// epoch (one a finished cell left running) is dropped instead of landing in
// the running cell's output. Goroutines whose origin cannot be traced count
// as the running cell's.

type owners struct {
	mu    sync.Mutex
	epoch int64
	of    map[int64]int64 // goroutine id → epoch
}

// next starts a new epoch and forgets goroutines of old ones that are no
// longer needed to trace ancestry (bounded memory).
func (o *owners) next() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.epoch++
	if o.of == nil || len(o.of) > 10000 {
		o.of = map[int64]int64{}
	}
}

// register marks the calling goroutine as working for the current epoch.
func (o *owners) register() {
	id, _ := goroutineIDs(false)
	o.mu.Lock()
	if o.of == nil {
		o.of = map[int64]int64{}
	}
	o.of[id] = o.epoch
	o.mu.Unlock()
}

// current reports whether the calling goroutine may write into the current
// cell's output.
func (o *owners) current() bool {
	id, _ := goroutineIDs(false)
	o.mu.Lock()
	e, ok := o.of[id]
	cur := o.epoch
	o.mu.Unlock()
	if ok {
		return e == cur
	}
	_, parent := goroutineIDs(true)
	o.mu.Lock()
	defer o.mu.Unlock()
	e, ok = o.of[parent]
	if !ok {
		return true
	}
	o.of[id] = e
	return e == cur
}

// goroutineIDs returns the calling goroutine's id and, when withParent is
// set, the id of the goroutine that created it (0 if unknown).
func goroutineIDs(withParent bool) (id, parent int64) {
	size := 64
	if withParent {
		size = 64 << 10
	}
	buf := make([]byte, size)
	buf = buf[:runtime.Stack(buf, false)]
	// "goroutine 123 [running]:"
	if rest, ok := bytes.CutPrefix(buf, []byte("goroutine ")); ok {
		if i := bytes.IndexByte(rest, ' '); i > 0 {
			id, _ = strconv.ParseInt(string(rest[:i]), 10, 64)
		}
	}
	if withParent {
		// "created by pkg.fn in goroutine 7"
		if i := bytes.LastIndex(buf, []byte(" in goroutine ")); i >= 0 {
			rest := buf[i+len(" in goroutine "):]
			j := 0
			for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
				j++
			}
			parent, _ = strconv.ParseInt(string(rest[:j]), 10, 64)
		}
	}
	return id, parent
}
