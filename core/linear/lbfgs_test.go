package linear

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/optimize"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/optim"
)

// TestMinimizeLBFGSMatchesGonum runs minimizeLBFGS and optimize.Minimize
// with the same settings on logistic objectives, including runs stopped by
// each limit, and wants the same iterates bit for bit: the same best point,
// objective, status, error and recorded path.
func TestMinimizeLBFGSMatchesGonum(t *testing.T) {
	blobs, err := data.Blobs(data.BlobsConfig{N: 300, P: 4, K: 3, Std: 3, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	Xb, _, yb, _ := synthetic(500, 6, 0.5, 0, 3)
	Xs, ys := logisticData("breast_cancer")
	sep, err := data.Blobs(data.BlobsConfig{N: 100, P: 2, K: 2, Std: 0.1, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		status    optimize.Status // gonum's, to check the case tests what it says
		name      string
		set       string // "synthetic" (binary), "breast cancer", "blobs" (3 classes) or "separable"
		l2        float64
		intercept bool
		maxIter   int
		maxEval   int
		gtol      float64 // 0 means 1e-4
		ftol      float64 // 0 means scipy's; < 0 turns the test off
	}{
		{status: optimize.FunctionConvergence, name: "binary", set: "synthetic", l2: 1, intercept: true, maxIter: 101, maxEval: lbfgsMaxEval},
		{status: optimize.FunctionConvergence, name: "binary/no intercept/no penalty", set: "synthetic", l2: 0, maxIter: 101, maxEval: lbfgsMaxEval},
		{status: optimize.IterationLimit, name: "binary/iteration limit", set: "synthetic", l2: 1, intercept: true, maxIter: 4, maxEval: lbfgsMaxEval},
		{status: optimize.FunctionEvaluationLimit, name: "binary/evaluation limit", set: "synthetic", l2: 1, intercept: true, maxIter: 101, maxEval: 5},
		{status: optimize.GradientThreshold, name: "breast cancer/to the optimum", set: "breast cancer", l2: 0.01, intercept: true, maxIter: 10001, maxEval: lbfgsMaxEval, ftol: 1e-15},
		{status: optimize.FunctionConvergence, name: "multinomial", set: "blobs", l2: 0.1, intercept: true, maxIter: 101, maxEval: lbfgsMaxEval},
		{status: optimize.GradientThreshold, name: "separable/no penalty", set: "separable", l2: 0, intercept: true, maxIter: 1001, maxEval: lbfgsMaxEval, ftol: 1e-15},
		// Without the monitor's tests: a line search that can make no
		// progress, and gonum's own gradient test (‖g‖∞ < 1e-12).
		{status: optimize.Failure, name: "breast cancer/to a line-search failure", set: "breast cancer", l2: 1, intercept: true, maxIter: 1001, maxEval: lbfgsMaxEval, gtol: 1e-300, ftol: -1},
		{status: optimize.GradientThreshold, name: "separable/to gonum's gradient test", set: "separable", l2: 0, intercept: true, maxIter: 100001, maxEval: lbfgsMaxEval, gtol: 1e-300, ftol: -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw, y, k := Xb.RawMatrix(), yb, 1
			switch c.set {
			case "breast cancer":
				raw, y = Xs.RawMatrix(), ys
			case "blobs":
				raw, y, k = blobs.X.RawMatrix(), blobs.Y, 3
			case "separable":
				raw, y = sep.X.RawMatrix(), sep.Y
			}
			loss := pointwise(binomialLoss)
			if k > 1 {
				loss = multinomialLoss
			}
			// setup returns a fresh objective, monitor and start.
			setup := func() (*sumObjective, *lbfgsMonitor, []float64, []float64, float64) {
				pass := newGLMPass(raw, y, k, c.intercept, loss)
				d := pass.dim()
				obj := &sumObjective{pass: pass, l2: c.l2, nw: raw.Cols * k, x: make([]float64, d), g: make([]float64, d)}
				x0, g0 := make([]float64, d), make([]float64, d)
				f0 := obj.eval(x0, g0)
				mon := &lbfgsMonitor{gtol: c.gtol, ftol: c.ftol, n: float64(raw.Rows), trace: &optim.Trace{}}
				if mon.gtol == 0 {
					mon.gtol = 1e-4
				}
				if mon.ftol == 0 {
					mon.ftol = scipyFtol
				}
				return obj, mon, x0, g0, f0
			}

			obj, mon, x0, g0, f0 := setup()
			got, gotErr := minimizeLBFGS(lbfgsProblem{fn: obj.fn, grad: obj.grad, x0: x0, f0: f0, g0: g0,
				conv: mon, maxIter: c.maxIter, maxEval: c.maxEval, method: newLBFGS()})

			wobj, wmon, wx0, wg0, wf0 := setup()
			want, wantErr := optimize.Minimize(optimize.Problem{Func: wobj.fn, Grad: wobj.grad}, wx0, &optimize.Settings{
				InitValues:      &optimize.Location{F: wf0, Gradient: wg0},
				Converger:       wmon,
				MajorIterations: c.maxIter,
				FuncEvaluations: c.maxEval,
			}, newLBFGS())
			if want == nil {
				t.Fatalf("gonum: %v", wantErr)
			}

			if got.status != want.Status || !errors.Is(gotErr, wantErr) {
				t.Errorf("status %v, error %v; gonum %v, %v", got.status, gotErr, want.Status, wantErr)
			}
			if !sameBits(got.x, want.X) || !sameBits([]float64{got.f}, []float64{want.F}) {
				t.Errorf("x %v f %v\ngonum x %v f %v", got.x, got.f, want.X, want.F)
			}
			if len(mon.trace.Steps) != len(wmon.trace.Steps) {
				t.Fatalf("%d iterations, gonum %d", len(mon.trace.Steps), len(wmon.trace.Steps))
			}
			for i, s := range mon.trace.Steps {
				w := wmon.trace.Steps[i]
				if !sameBits(s.Params, w.Params) || !sameBits([]float64{s.Loss, s.GradNorm}, []float64{w.Loss, w.GradNorm}) {
					t.Fatalf("iteration %d differs: %+v, gonum %+v", i, s, w)
				}
			}
			if want.Status != c.status {
				t.Errorf("gonum stopped with %v (%v), the case wants %v", want.Status, wantErr, c.status)
			}
			t.Logf("%d iterations, %d evaluations, status %v, error %v", len(mon.trace.Steps)-1, want.FuncEvaluations, want.Status, wantErr)
		})
	}
}

// sameBits reports whether a and b hold the same float64 values bit for bit.
func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i, v := range a {
		if math.Float64bits(v) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}
