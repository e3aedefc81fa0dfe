package interp

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	yaegi "github.com/descentml/descent/kernel/interp/internal/yaegi"
)

// Cancellation.
//
// yaegi's EvalWithContext stops a cancelled evaluation by bumping the
// interpreter's run id: every frame created under the old id stops at its
// next step. But closures made by earlier cells keep that old id too, so
// after one interrupt, compiled code calling them (sort.Slice with a less
// function, an optimizer with an objective) would silently get zero
// values. The kernel therefore cancels itself: it bumps the id to stop the
// cell, waits for the cell's goroutine to end, then puts the id back, so
// that older closures keep working. time.Sleep in cells is made
// interruptible, so that a sleeping cell ends at once.

// yaegiState gives access to the unexported fields of a yaegi interpreter
// that cancellation needs.
type yaegiState struct {
	id         *uint64
	done       *chan struct{}
	cancelChan *bool
	mutex      *sync.RWMutex
}

func fieldPtr(v reflect.Value, name string) unsafe.Pointer {
	f := v.FieldByName(name)
	if !f.IsValid() {
		panic("interp: yaegi has no field " + name + "; the yaegi version is not supported")
	}
	return unsafe.Pointer(f.UnsafeAddr())
}

func newYaegiState(i *yaegi.Interpreter) yaegiState {
	v := reflect.ValueOf(i).Elem()
	return yaegiState{
		id:         (*uint64)(fieldPtr(v, "id")),
		done:       (*chan struct{})(fieldPtr(v, "done")),
		cancelChan: (*bool)(fieldPtr(v, "cancelChan")),
		mutex:      (*sync.RWMutex)(fieldPtr(v, "mutex")),
	}
}

// arm prepares a run: a fresh done channel for cancellable channel
// operations.
func (s yaegiState) arm() {
	s.mutex.Lock()
	*s.done = make(chan struct{})
	*s.cancelChan = true
	s.mutex.Unlock()
}

// stop stops the running code and returns the previous run id.
func (s yaegiState) stop() uint64 {
	old := atomic.AddUint64(s.id, 1) - 1
	s.mutex.Lock()
	select {
	case <-*s.done:
	default:
		close(*s.done)
	}
	s.mutex.Unlock()
	return old
}

func (s yaegiState) restore(id uint64) { atomic.StoreUint64(s.id, id) }

// stopGrace is how long a stopped cell's goroutine may take to notice
// before the run id is put back.
const stopGrace = 2 * time.Second

// growStackSize is the stack frame growStack uses.
const growStackSize = 64 << 10

// runCancellable runs f (an Eval or Execute) so that cancelling ctx stops
// it. A panic in f becomes a yaegi.Panic error.
func (in *Interp) runCancellable(ctx context.Context, f func() (reflect.Value, error)) (reflect.Value, error) {
	in.state.arm()
	var (
		v    reflect.Value
		err  error
		done = make(chan struct{})
	)
	go func() {
		growStack(0)
		in.owners.register()
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				err = yaegi.Panic{Value: r}
			}
		}()
		v, err = f()
	}()
	select {
	case <-done:
		return v, err
	case <-ctx.Done():
	}
	old := in.state.stop()
	select {
	case <-done:
		// Goroutines the cell started stop at their next step too; give
		// them a moment before older closures are revived.
		time.Sleep(20 * time.Millisecond)
		in.state.restore(old)
	case <-time.After(stopGrace):
		// The cell is stuck in a compiled call; keeping the new id
		// stops it when the call returns.
		in.stale = true
	}
	return reflect.Value{}, ctx.Err()
}

// sleep is time.Sleep for cells: it returns early when the cell is
// interrupted.
func (in *Interp) sleep(d time.Duration) {
	in.mu.Lock()
	ctx := in.ctx
	in.mu.Unlock()
	t := time.NewTimer(d)
	defer t.Stop()
	var stop <-chan struct{}
	if ctx != nil {
		stop = ctx.Done()
	}
	select {
	case <-t.C:
	case <-stop:
	}
}

// growStack makes the calling goroutine's stack large at once, while it is
// still shallow and cheap to copy: yaegi's parser and compiler recurse
// deeply, and a fresh goroutine growing its stack step by step copies it
// several times per cell.
//
//go:noinline
func growStack(i int) byte {
	var buf [growStackSize]byte
	buf[i] = 1
	return buf[(i+1)%len(buf)]
}
