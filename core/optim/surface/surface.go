// Package surface holds classic test functions for optimizers — a quadratic
// bowl, Rosenbrock's banana valley, Beale and Himmelblau — each an
// optim.Objective with an analytic gradient, its known minimum, a plotting
// box and a classic starting point, for tests, teaching and the browser demos.
//
// Every Eval also accepts an empty grad, in which case it only returns the
// value (handy for drawing contour plots).
package surface

import (
	"math"

	"github.com/descentml/descent/core/optim"
)

// Surface is a test function with a known minimum, for optimizer races.
type Surface interface {
	optim.Objective
	// Minimum returns a point where the function reaches its global
	// minimum value 0 (a fresh slice).
	Minimum() []float64
	// Start returns a classic starting point (a fresh slice).
	Start() []float64
	// Bounds returns a box [xmin, xmax] × [ymin, ymax] that frames the
	// interesting part of the first two coordinates, for plots.
	Bounds() (xmin, xmax, ymin, ymax float64)
}

// Quadratic is the bowl f(x) = ½ Σᵢ λᵢ xᵢ², whose eigenvalues λᵢ are spaced
// geometrically from 1 to Condition, so that Condition is the condition
// number of the Hessian. Eval accepts x of any length n; for n = 1, λ = 1.
type Quadratic struct {
	// Condition is the ratio of the largest to the smallest curvature;
	// default 10. 1 gives a round bowl; large values a long, narrow valley
	// where plain gradient descent zig-zags.
	Condition float64
	// Dim is the length of the vectors returned by Minimum and Start;
	// default 2.
	Dim int
}

func (q Quadratic) cond() float64 {
	if q.Condition == 0 {
		return 10
	}
	return q.Condition
}

func (q Quadratic) dim() int {
	if q.Dim <= 0 {
		return 2
	}
	return q.Dim
}

// Eigenvalues returns the curvatures λᵢ for n coordinates.
func (q Quadratic) Eigenvalues(n int) []float64 {
	lam := make([]float64, n)
	for i := range lam {
		lam[i] = q.lambda(i, n)
	}
	return lam
}

func (q Quadratic) lambda(i, n int) float64 {
	if n <= 1 {
		return 1
	}
	return math.Pow(q.cond(), float64(i)/float64(n-1))
}

// Eval returns f(x) and writes ∇f(x) = (λᵢ xᵢ) into grad unless it is empty.
func (q Quadratic) Eval(x, grad []float64) float64 {
	var f float64
	n := len(x)
	for i, v := range x {
		l := q.lambda(i, n)
		f += 0.5 * l * v * v
		if len(grad) > 0 {
			grad[i] = l * v
		}
	}
	return f
}

// Minimum returns the origin.
func (q Quadratic) Minimum() []float64 { return make([]float64, q.dim()) }

// Start returns (−4, 3, −4, 3, …).
func (q Quadratic) Start() []float64 {
	x := make([]float64, q.dim())
	for i := range x {
		if i%2 == 0 {
			x[i] = -4
		} else {
			x[i] = 3
		}
	}
	return x
}

// Bounds returns [−5, 5] × [−5, 5].
func (q Quadratic) Bounds() (xmin, xmax, ymin, ymax float64) { return -5, 5, -5, 5 }

// Rosenbrock is the two-dimensional banana valley
// f(x, y) = (A − x)² + B (y − x²)², with its minimum 0 at (A, A²).
// Eval needs len(x) == 2.
type Rosenbrock struct {
	// A sets the minimum (A, A²); default 1.
	A float64
	// B sets the steepness of the valley walls; default 100.
	B float64
}

func (r Rosenbrock) ab() (a, b float64) {
	a, b = r.A, r.B
	if a == 0 {
		a = 1
	}
	if b == 0 {
		b = 100
	}
	return a, b
}

// Eval returns f(x) and writes ∇f(x) into grad unless it is empty.
func (r Rosenbrock) Eval(x, grad []float64) float64 {
	a, b := r.ab()
	u, v := a-x[0], x[1]-x[0]*x[0]
	if len(grad) > 0 {
		grad[0] = -2*u - 4*b*x[0]*v
		grad[1] = 2 * b * v
	}
	return u*u + b*v*v
}

// Minimum returns (A, A²).
func (r Rosenbrock) Minimum() []float64 {
	a, _ := r.ab()
	return []float64{a, a * a}
}

// Start returns the classic (−1.2, 1).
func (r Rosenbrock) Start() []float64 { return []float64{-1.2, 1} }

// Bounds returns [−2s, 2s] × [−s², 3s²] with s = |A|: [−2, 2] × [−1, 3] by
// default.
func (r Rosenbrock) Bounds() (xmin, xmax, ymin, ymax float64) {
	a, _ := r.ab()
	s := math.Abs(a)
	return -2 * s, 2 * s, -s * s, 3 * s * s
}

// Beale is f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²,
// with flat plateaus and sharp ridges and its minimum 0 at (3, 0.5).
// Eval needs len(x) == 2.
type Beale struct{}

// Eval returns f(x) and writes ∇f(x) into grad unless it is empty.
func (Beale) Eval(x, grad []float64) float64 {
	p, q := x[0], x[1]
	q2 := q * q
	q3 := q2 * q
	t1 := 1.5 - p + p*q
	t2 := 2.25 - p + p*q2
	t3 := 2.625 - p + p*q3
	if len(grad) > 0 {
		grad[0] = 2*t1*(q-1) + 2*t2*(q2-1) + 2*t3*(q3-1)
		grad[1] = 2*t1*p + 4*t2*p*q + 6*t3*p*q2
	}
	return t1*t1 + t2*t2 + t3*t3
}

// Minimum returns (3, 0.5).
func (Beale) Minimum() []float64 { return []float64{3, 0.5} }

// Start returns (1, 1).
func (Beale) Start() []float64 { return []float64{1, 1} }

// Bounds returns [−4.5, 4.5] × [−4.5, 4.5].
func (Beale) Bounds() (xmin, xmax, ymin, ymax float64) { return -4.5, 4.5, -4.5, 4.5 }

// Himmelblau is f(x, y) = (x² + y − 11)² + (x + y² − 7)², which has four
// global minima with value 0: (3, 2), (−2.805118, 3.131312),
// (−3.779310, −3.283186) and (3.584428, −1.848126). Which one a method
// reaches depends on where it starts. Eval needs len(x) == 2.
type Himmelblau struct{}

// Eval returns f(x) and writes ∇f(x) into grad unless it is empty.
func (Himmelblau) Eval(x, grad []float64) float64 {
	p, q := x[0], x[1]
	a := p*p + q - 11
	b := p + q*q - 7
	if len(grad) > 0 {
		grad[0] = 4*p*a + 2*b
		grad[1] = 2*a + 4*q*b
	}
	return a*a + b*b
}

// Minimum returns (3, 2), the minimum with integer coordinates.
func (Himmelblau) Minimum() []float64 { return []float64{3, 2} }

// Start returns (0, 0).
func (Himmelblau) Start() []float64 { return []float64{0, 0} }

// Bounds returns [−5, 5] × [−5, 5].
func (Himmelblau) Bounds() (xmin, xmax, ymin, ymax float64) { return -5, 5, -5, 5 }

// Minima returns all four global minima of Himmelblau's function (to six
// decimals, except the exact (3, 2)).
func (Himmelblau) Minima() [][]float64 {
	return [][]float64{{3, 2}, {-2.805118, 3.131312}, {-3.779310, -3.283186}, {3.584428, -1.848126}}
}
