package linear

import (
	"fmt"

	"github.com/descentml/descent/core/optim"
)

// sgdBatchSize is the mini-batch size of the "sgd" solver when
// Config.BatchSize is 0.
const sgdBatchSize = 32

// gradientSolvers lists the solvers that run a method of package optim.
const gradientSolvers = `"gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop" or "adam"`

// gradientMethod maps a gradient solver name to its optim.Method with the
// given learning rate (0 means the method's default) and returns the batch
// size to use (0 for full batch). ok is false for other names.
func gradientMethod(solver string, lr float64, batch int) (m optim.Method, batchSize int, ok bool) {
	switch solver {
	case "gd":
		m = optim.GD{LearningRate: lr}
	case "sgd":
		m = optim.GD{LearningRate: lr}
		if batch == 0 {
			batch = sgdBatchSize
		}
	case "momentum":
		m = optim.Momentum{LearningRate: lr}
	case "nesterov":
		m = optim.Nesterov{LearningRate: lr}
	case "adagrad":
		m = optim.AdaGrad{LearningRate: lr}
	case "rmsprop":
		m = optim.RMSProp{LearningRate: lr}
	case "adam":
		m = optim.Adam{LearningRate: lr}
	default:
		return nil, 0, false
	}
	return m, batch, true
}

// gradientConfig is the part of a model's configuration that drives a
// gradient solver.
type gradientConfig struct {
	solver       string
	learningRate float64
	batchSize    int
	maxIter      int
	tol          float64
	seed         uint64
	record       bool
}

func (c gradientConfig) check() error {
	if c.learningRate < 0 {
		return fmt.Errorf("invalid LearningRate = %g: must be ≥ 0 (0 means the solver's default)", c.learningRate)
	}
	if c.batchSize < 0 {
		return fmt.Errorf("invalid BatchSize = %d: must be ≥ 0 (0 means full batch, or %d for \"sgd\")", c.batchSize, sgdBatchSize)
	}
	if c.maxIter < 0 {
		return fmt.Errorf("invalid MaxIter = %d: must be ≥ 0 (0 means the default)", c.maxIter)
	}
	return nil
}

// run minimizes obj from zero parameters with the configured optim method.
func (c gradientConfig) run(obj optim.BatchObjective, dim int) (*optim.Result, error) {
	m, batch, ok := gradientMethod(c.solver, c.learningRate, c.batchSize)
	if !ok {
		return nil, fmt.Errorf("unknown solver %q", c.solver)
	}
	return optim.Minimize(obj, make([]float64, dim), m, optim.Settings{
		MaxIter:   c.maxIter,
		Tol:       c.tol,
		BatchSize: batch,
		Seed:      c.seed,
		Record:    c.record,
	})
}

// meanObjective adapts a glmPass (sums over examples) to optim's
// BatchObjective (means over examples), adding the penalty
// (l2/(2n))·‖W‖² on the weights (not on the intercepts).
type meanObjective struct {
	pass *glmPass
	l2   float64
}

// Len returns the number of examples.
func (o *meanObjective) Len() int { return o.pass.x.Rows }

// Eval returns the mean loss plus penalty over all examples and its gradient.
func (o *meanObjective) Eval(x, grad []float64) float64 {
	n := float64(o.pass.x.Rows)
	f := o.pass.eval(x, grad)
	return o.scale(f, 1/n, x, grad)
}

// EvalBatch returns the mean loss over the examples idx plus the penalty,
// and its gradient.
func (o *meanObjective) EvalBatch(x, grad []float64, idx []int) float64 {
	f := o.pass.evalIdx(x, grad, idx)
	return o.scale(f, 1/float64(len(idx)), x, grad)
}

func (o *meanObjective) scale(f, s float64, x, grad []float64) float64 {
	d := o.pass.dim()
	for j := range grad[:d] {
		grad[j] *= s
	}
	f *= s
	if o.l2 > 0 {
		c := o.l2 / float64(o.pass.x.Rows)
		nw := o.pass.x.Cols * o.pass.k
		var sq float64
		for j, v := range x[:nw] {
			sq += v * v
			grad[j] += c * v
		}
		f += 0.5 * c * sq
	}
	return f
}
