// Package optim is the gradient-descent family: batch gradient descent,
// mini-batch SGD, momentum, Nesterov, AdaGrad, RMSProp and Adam, over any
// differentiable objective, with an optional per-step Trace for plots and the
// browser demos.
package optim

// Objective is a differentiable function of a parameter vector.
type Objective interface {
	// Eval returns f(x) and writes ∇f(x) into grad (len(grad) == len(x)).
	Eval(x, grad []float64) float64
}

// BatchObjective is an objective that is a mean over n examples, so that a
// mini-batch of them gives an unbiased estimate of the gradient.
type BatchObjective interface {
	Objective
	// Len returns the number of examples n.
	Len() int
	// EvalBatch returns the objective estimated on the examples idx and
	// writes its gradient into grad.
	EvalBatch(x, grad []float64, idx []int) float64
}

// Func adapts a plain function to Objective.
type Func func(x, grad []float64) float64

// Eval calls f.
func (f Func) Eval(x, grad []float64) float64 { return f(x, grad) }
