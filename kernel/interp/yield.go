package interp

import (
	"go/ast"
	"sync/atomic"
	"time"
)

// Loop pauses (Options.YieldEvery).
//
// Under js/wasm a goroutine is never preempted: while a cell loops, no
// other goroutine runs and the JavaScript event loop never gets control,
// so an interrupt request posted to the Web Worker would wait forever and
// the page could only kill the worker, losing the session. With YieldEvery
// set, the kernel inserts a call at the start of every loop and function
// body of a cell,
//
//	for cond { _descentHooks.Yield(); ... }
//
// on the same line (error columns are mapped back like the other
// rewrites). The call is cheap until YieldEvery has passed since the last
// pause; then it sleeps for a millisecond, which under js/wasm hands
// control to the event loop: the interrupt request is delivered, the
// dispatcher cancels the cell, and yaegi stops the loop at its next step.
// Streamed output gets through at the same time. Function bodies get the
// call too, so that compiled code calling a cell's functions (sort.Slice's
// less, an optimizer's objective) pauses as well, and so does recursion.
// Code that stays inside one compiled call (a long Fit) cannot pause: the
// page then restarts the worker and replays the cells that had run.

// hooksPath is the yaegi symbol key of the private package holding Yield.
const hooksPath = "descent.internal/hooks/hooks"

// hooksAlias is the private name under which cells see it.
const hooksAlias = "_descentHooks"

// yieldCall is the statement inserted at the start of loop and function
// bodies.
const yieldCall = hooksAlias + ".Yield();"

// yieldPause is how long a pause sleeps: long enough that the Go scheduler
// finds nothing to run and returns to the JavaScript event loop (a timer
// that is already due by the time the scheduler looks would just run).
const yieldPause = time.Millisecond

// yieldCheck is how many loop steps pass between looks at the clock.
const yieldCheck = 16

// yielder counts loop steps and pauses at most every every.
type yielder struct {
	every  time.Duration
	steps  atomic.Uint64
	last   atomic.Int64 // time of the last pause, ns since start
	start  time.Time
	pauses atomic.Uint64
}

// tick is Yield for cells: called at every loop step and function call.
func (y *yielder) tick() {
	if y.steps.Add(1)%yieldCheck != 0 {
		return
	}
	now := int64(time.Since(y.start))
	if now-y.last.Load() < int64(y.every) {
		return
	}
	time.Sleep(yieldPause)
	y.pauses.Add(1)
	y.last.Store(int64(time.Since(y.start)))
}

// yieldEdits adds to rw the edits that insert yieldCall at the start of
// every loop body and function body in f. In a statement chunk f is the
// wrapper function of the parse, whose own body is skipped.
func (rw *rewriter) yieldEdits(f *ast.File, decl bool) {
	var root ast.Node = f
	if !decl {
		root = f.Decls[0].(*ast.FuncDecl).Body
	}
	ast.Inspect(root, func(n ast.Node) bool {
		if n == root {
			return true
		}
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.ForStmt:
			body = n.Body
		case *ast.RangeStmt:
			body = n.Body
		case *ast.FuncDecl:
			body = n.Body // nil for a declaration without body
		case *ast.FuncLit:
			body = n.Body
		}
		if body != nil {
			e := edit{off: rw.off(body.Lbrace) + 1, ins: " " + yieldCall, order: -2}
			if len(body.List) > 0 {
				// A panic in the function is placed at its first step:
				// name the first statement, as without the pause.
				e.stand = rw.off(body.List[0].Pos())
			}
			rw.edits = append(rw.edits, e)
		}
		return true
	})
}
