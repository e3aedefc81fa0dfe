package sgd

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// lossFunc is a per-sample loss L(p, y) of the prediction p = w·x + b and the
// target y (±1 for classification), with its derivative dL/dp. The formulas,
// including the cut-offs of the logistic loss, are those of scikit-learn's
// _sgd_fast.pyx, so that fits agree to rounding.
type lossFunc interface {
	loss(p, y float64) float64
	dloss(p, y float64) float64
}

// hinge is max(0, threshold − p·y): the SVM loss for threshold 1, the
// perceptron loss for threshold 0.
type hinge struct{ threshold float64 }

func (h hinge) loss(p, y float64) float64 {
	if z := p * y; z <= h.threshold {
		return h.threshold - z
	}
	return 0
}

func (h hinge) dloss(p, y float64) float64 {
	if z := p * y; z <= h.threshold {
		return -y
	}
	return 0
}

// squaredHinge is max(0, threshold − p·y)².
type squaredHinge struct{ threshold float64 }

func (h squaredHinge) loss(p, y float64) float64 {
	if z := h.threshold - p*y; z > 0 {
		return z * z
	}
	return 0
}

func (h squaredHinge) dloss(p, y float64) float64 {
	if z := h.threshold - p*y; z > 0 {
		return -2 * y * z
	}
	return 0
}

// logLoss is log(1 + exp(−p·y)), the logistic regression loss.
type logLoss struct{}

func (logLoss) loss(p, y float64) float64 {
	z := p * y
	// approximations beyond ±18, as scikit-learn (they save a log)
	if z > 18 {
		return math.Exp(-z)
	}
	if z < -18 {
		return -z
	}
	return math.Log(1 + math.Exp(-z))
}

func (logLoss) dloss(p, y float64) float64 {
	z := p * y
	if z > 18 {
		return math.Exp(-z) * -y
	}
	if z < -18 {
		return -y
	}
	return -y / (math.Exp(z) + 1)
}

// modifiedHuber is the quadratically smoothed hinge loss (Zhang 2004):
// (1 − z)² for −1 ≤ z < 1, −4z for z < −1, 0 otherwise, with z = p·y.
type modifiedHuber struct{}

func (modifiedHuber) loss(p, y float64) float64 {
	z := p * y
	switch {
	case z >= 1:
		return 0
	case z >= -1:
		return (1 - z) * (1 - z)
	default:
		return -4 * z
	}
}

func (modifiedHuber) dloss(p, y float64) float64 {
	z := p * y
	switch {
	case z >= 1:
		return 0
	case z >= -1:
		return 2 * (1 - z) * -y
	default:
		return -4 * y
	}
}

// squaredLoss is ½(p − y)².
type squaredLoss struct{}

func (squaredLoss) loss(p, y float64) float64  { return 0.5 * (p - y) * (p - y) }
func (squaredLoss) dloss(p, y float64) float64 { return p - y }

// huber is ½r² for |r| ≤ c and c|r| − ½c² beyond, with r = p − y.
type huber struct{ c float64 }

func (h huber) loss(p, y float64) float64 {
	r := p - y
	if a := math.Abs(r); a > h.c {
		return h.c*a - 0.5*h.c*h.c
	}
	return 0.5 * r * r
}

func (h huber) dloss(p, y float64) float64 {
	r := p - y
	switch {
	case math.Abs(r) <= h.c:
		return r
	case r > 0:
		return h.c
	default:
		return -h.c
	}
}

// epsInsensitive is max(0, |y − p| − ε), the SVR loss.
type epsInsensitive struct{ eps float64 }

func (e epsInsensitive) loss(p, y float64) float64 {
	if r := math.Abs(y-p) - e.eps; r > 0 {
		return r
	}
	return 0
}

func (e epsInsensitive) dloss(p, y float64) float64 {
	switch {
	case y-p > e.eps:
		return -1
	case p-y > e.eps:
		return 1
	default:
		return 0
	}
}

// squaredEpsInsensitive is max(0, |y − p| − ε)².
type squaredEpsInsensitive struct{ eps float64 }

func (e squaredEpsInsensitive) loss(p, y float64) float64 {
	if r := math.Abs(y-p) - e.eps; r > 0 {
		return r * r
	}
	return 0
}

func (e squaredEpsInsensitive) dloss(p, y float64) float64 {
	z := y - p
	switch {
	case z > e.eps:
		return -2 * (z - e.eps)
	case z < -e.eps:
		return 2 * (-z - e.eps)
	default:
		return 0
	}
}

// Loss names.
const (
	lossHinge                     = "hinge"
	lossLogLoss                   = "log_loss"
	lossSquaredHinge              = "squared_hinge"
	lossModifiedHuber             = "modified_huber"
	lossPerceptron                = "perceptron"
	lossSquaredError              = "squared_error"
	lossHuber                     = "huber"
	lossEpsilonInsensitive        = "epsilon_insensitive"
	lossSquaredEpsilonInsensitive = "squared_epsilon_insensitive"
)

// classifierLosses and regressorLosses list the valid loss names in the
// order error messages show them. A classifier also accepts the regression
// losses (applied to targets ±1), as scikit-learn does.
var (
	classifierLosses = []string{lossHinge, lossLogLoss, lossModifiedHuber, lossSquaredHinge, lossPerceptron,
		lossSquaredError, lossHuber, lossEpsilonInsensitive, lossSquaredEpsilonInsensitive}
	regressorLosses = []string{lossSquaredError, lossHuber, lossEpsilonInsensitive, lossSquaredEpsilonInsensitive}
)

// newLoss returns the loss named name, if it is one of valid; epsilon is
// the width used by the huber and epsilon-insensitive losses.
func newLoss(name string, valid []string, epsilon float64) (lossFunc, error) {
	if !slices.Contains(valid, name) {
		return nil, fmt.Errorf("unknown Config.Loss %q: valid losses are %s", name, quoteList(valid))
	}
	switch name {
	case lossHinge:
		return hinge{threshold: 1}, nil
	case lossPerceptron:
		return hinge{threshold: 0}, nil
	case lossSquaredHinge:
		return squaredHinge{threshold: 1}, nil
	case lossLogLoss:
		return logLoss{}, nil
	case lossModifiedHuber:
		return modifiedHuber{}, nil
	case lossSquaredError:
		return squaredLoss{}, nil
	case lossHuber:
		return huber{c: epsilon}, nil
	case lossEpsilonInsensitive:
		return epsInsensitive{eps: epsilon}, nil
	default: // lossSquaredEpsilonInsensitive
		return squaredEpsInsensitive{eps: epsilon}, nil
	}
}

// quoteList renders names as "a", "b" or "c".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
