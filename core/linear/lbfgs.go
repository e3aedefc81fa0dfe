package linear

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/optimize"
)

// gonumGradientAbsTol is the gradient threshold that gonum's local methods
// apply at every major iteration when their GradStopThreshold is zero
// (optimize's unexported defaultGradientAbsTol).
const gonumGradientAbsTol = 1e-12

// lbfgsProblem is what minimizeLBFGS needs: the objective and its gradient
// (in gonum's two calls), the start x0 with its value f0 and gradient g0
// (g0 is then overwritten with later gradients), the stopping tests and
// limits, and the method.
type lbfgsProblem struct {
	fn      func(x []float64) float64
	grad    func(grad, x []float64)
	x0, g0  []float64
	f0      float64
	conv    optimize.Converger
	maxIter int // major iterations, counting the start as gonum does
	maxEval int // function evaluations
	method  *optimize.LBFGS
}

// lbfgsResult is the best point of a run, its objective value and why the
// run stopped.
type lbfgsResult struct {
	x      []float64
	f      float64
	status optimize.Status
}

// minimizeLBFGS is optimize.Minimize for problem pr with Settings
// {InitValues: {F: f0, Gradient: g0}, Converger: conv, MajorIterations:
// maxIter, FuncEvaluations: maxEval} and one task, run in the caller's
// goroutine: it drives gonum's own LinesearchMethod, LBFGS and line
// searcher, and calls them, the converger and the objective in exactly the
// order Minimize does, so the iterates, the status and the error are the
// same, bit for bit.
//
// It exists because Minimize passes every evaluation through four
// goroutines and their channels (the method, a distributor, a worker and
// the statistics loop of the caller). On a small problem that costs as much
// as the objective: some 40% of a 1,000×10 logistic fit natively, spent
// waking threads, and a goroutine switch per message under WebAssembly.
func minimizeLBFGS(pr lbfgsProblem) (*lbfgsResult, error) {
	dim := len(pr.x0)
	pr.conv.Init(dim)
	opt := &optimize.Location{X: make([]float64, dim), F: math.Inf(1)}
	loc := &optimize.Location{X: slices.Clone(pr.x0), F: pr.f0, Gradient: pr.g0}
	var major, evals int
	done := func(s optimize.Status, err error) (*lbfgsResult, error) {
		return &lbfgsResult{x: opt.X, f: opt.F, status: s}, err
	}
	// majorIteration is Minimize's performMajorIteration: the best point
	// becomes a copy of loc, which the converger then judges.
	majorIteration := func() optimize.Status {
		opt.F = loc.F
		copy(opt.X, loc.X)
		if opt.Gradient == nil {
			opt.Gradient = make([]float64, dim)
		}
		copy(opt.Gradient, loc.Gradient)
		major++
		if math.IsInf(opt.F, -1) {
			return optimize.FunctionNegativeInfinity
		}
		if s := pr.conv.Converged(opt); s != optimize.NotTerminated {
			return s
		}
		if pr.maxIter > 0 && major >= pr.maxIter {
			return optimize.IterationLimit
		}
		return optimize.NotTerminated
	}

	// The local optimizer's check of the starting location.
	if math.IsInf(pr.f0, 1) || math.IsNaN(pr.f0) {
		return done(optimize.Failure, optimize.ErrFunc(pr.f0))
	}
	for i, v := range pr.g0 {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return done(optimize.Failure, optimize.ErrGrad{Grad: v, Index: i})
		}
	}
	if s := majorIteration(); s != optimize.NotTerminated {
		return done(s, nil)
	}
	ls := &optimize.LinesearchMethod{NextDirectioner: pr.method, Linesearcher: pr.method.Linesearcher}
	op, err := ls.Init(loc)
	x := make([]float64, dim)
	const evaluation = optimize.FuncEvaluation | optimize.GradEvaluation
	for err == nil {
		switch {
		case op == optimize.MajorIteration:
			if s := majorIteration(); s != optimize.NotTerminated {
				return done(s, nil)
			}
			if floats.Norm(loc.Gradient, math.Inf(1)) < gonumGradientAbsTol {
				return done(optimize.GradientThreshold, nil)
			}
		case op != optimize.NoOperation && op&^evaluation == 0:
			copy(x, loc.X)
			if op&optimize.FuncEvaluation != 0 {
				loc.F = pr.fn(x)
				evals++
			}
			if op&optimize.GradEvaluation != 0 {
				pr.grad(loc.Gradient, x)
			}
			if pr.maxEval > 0 && evals >= pr.maxEval {
				return done(optimize.FunctionEvaluationLimit, nil)
			}
		default:
			panic(fmt.Sprintf("linear: unexpected line-search operation %v", op))
		}
		op, err = ls.Iterate(loc)
	}
	return done(optimize.Failure, err)
}
