package optim_test

import (
	"fmt"

	"github.com/descentml/descent/core/optim"
	"github.com/descentml/descent/core/optim/surface"
)

// Adam finds the bottom of Rosenbrock's banana-shaped valley.
func ExampleMinimize() {
	valley := surface.Rosenbrock{} // f(x, y) = (1 − x)² + 100 (y − x²)², minimum at (1, 1)
	res, err := optim.Minimize(valley, []float64{-1.2, 1}, optim.Adam{LearningRate: 0.1},
		optim.Settings{MaxIter: 5000, Record: true, RecordEvery: 500})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("x = (%.3f, %.3f), f = %.6f, converged = %v\n", res.X[0], res.X[1], res.Loss, res.Converged)
	for _, st := range res.Trace.Steps[:4] {
		fmt.Printf("iter %4d: loss %8.4f  at (%.3f, %.3f)\n", st.Iter, st.Loss, st.Params[0], st.Params[1])
	}
	// Output:
	// x = (1.000, 1.000), f = 0.000000, converged = true
	// iter    0: loss  24.2000  at (-1.200, 1.000)
	// iter  500: loss   0.0155  at (0.875, 0.766)
	// iter 1000: loss   0.0000  at (0.996, 0.993)
	// iter 1500: loss   0.0000  at (1.000, 1.000)
}

// A Runner goes one step at a time, as the browser demos do: here plain
// gradient descent on a narrow bowl, printing where each step lands.
func ExampleRunner() {
	bowl := surface.Quadratic{Condition: 10} // f = ½ (x² + 10 y²)
	r, err := optim.NewRunner(bowl, []float64{-4, 3}, optim.GD{LearningRate: 0.15}, optim.Settings{})
	if err != nil {
		fmt.Println(err)
		return
	}
	st := r.Last()
	fmt.Printf("start: (%6.3f, %6.3f) loss %7.3f\n", st.Params[0], st.Params[1], st.Loss)
	for range 5 {
		st, err := r.Step()
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("step %d: (%6.3f, %6.3f) loss %7.3f |grad| %6.3f\n", st.Iter, st.Params[0], st.Params[1], st.Loss, st.GradNorm)
	}
	// Output:
	// start: (-4.000,  3.000) loss  53.000
	// step 1: (-3.400, -1.500) loss  17.030 |grad| 15.381
	// step 2: (-2.890,  0.750) loss   6.989 |grad|  8.038
	// step 3: (-2.456, -0.375) loss   3.720 |grad|  4.483
	// step 4: (-2.088,  0.188) loss   2.356 |grad|  2.806
	// step 5: (-1.775, -0.094) loss   1.619 |grad|  2.007
}

// CheckGradient catches a wrong hand-written gradient.
func ExampleCheckGradient() {
	right := optim.Func(func(x, g []float64) float64 {
		g[0], g[1] = 2*x[0], 6*x[1]
		return x[0]*x[0] + 3*x[1]*x[1]
	})
	wrong := optim.Func(func(x, g []float64) float64 {
		g[0], g[1] = 2*x[0], 3*x[1] // forgot the factor 2 in ∂/∂y
		return x[0]*x[0] + 3*x[1]*x[1]
	})
	x := []float64{1, 2}
	fmt.Println("right gradient passes:", optim.CheckGradient(right, x, 0) < 1e-6)
	fmt.Printf("wrong gradient: max relative error %.2f\n", optim.CheckGradient(wrong, x, 0))
	// Output:
	// right gradient passes: true
	// wrong gradient: max relative error 0.50
}

// counts is a BatchObjective: the mean of ½(x − cᵢ)² over the counts cᵢ,
// smallest at their mean (4).
type counts []float64

func (c counts) Len() int { return len(c) }

func (c counts) EvalBatch(x, grad []float64, idx []int) float64 {
	var f, g float64
	for _, i := range idx {
		d := x[0] - c[i]
		f += d * d / 2
		g += d
	}
	grad[0] = g / float64(len(idx))
	return f / float64(len(idx))
}

func (c counts) Eval(x, grad []float64) float64 {
	idx := make([]int, len(c))
	for i := range idx {
		idx[i] = i
	}
	return c.EvalBatch(x, grad, idx)
}

// MinimizeBatch runs mini-batch SGD on a BatchObjective; unlike Minimize it
// also works when the objective's type is declared in a notebook cell.
func ExampleMinimizeBatch() {
	obj := counts{1, 2, 3, 4, 5, 6, 7}
	res, err := optim.MinimizeBatch(obj, []float64{0}, optim.GD{LearningRate: 0.1},
		optim.Settings{BatchSize: 3, MaxIter: 500, Seed: 1, Tol: -1, Schedule: optim.InvScaling{Power: 0.5}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("x = %.1f after %d epochs\n", res.X[0], res.Iterations)
	// Output:
	// x = 4.0 after 500 epochs
}
