package optim_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/model"
	"github.com/descentml/descent/core/optim"
	"github.com/descentml/descent/core/optim/surface"
)

func dist(a, b []float64) float64 { return floats.Distance(a, b, 2) }

// TestConvergence runs every method on a well-conditioned quadratic and on
// Rosenbrock's valley and checks that it ends within tol of the minimum.
func TestConvergence(t *testing.T) {
	decay := optim.StepDecay{Every: 500, Factor: 0.5}
	tests := []struct {
		name    string
		surf    surface.Surface
		method  optim.Method
		sched   optim.Schedule
		maxIter int
		tol     float64 // on ‖x − x*‖
	}{
		{"GD/quadratic", surface.Quadratic{Condition: 2}, optim.GD{LearningRate: 0.1}, nil, 1000, 1e-5},
		{"Momentum/quadratic", surface.Quadratic{Condition: 2}, optim.Momentum{LearningRate: 0.1}, nil, 1000, 1e-5},
		{"Nesterov/quadratic", surface.Quadratic{Condition: 2}, optim.Nesterov{LearningRate: 0.1}, nil, 1000, 1e-5},
		{"AdaGrad/quadratic", surface.Quadratic{Condition: 2}, optim.AdaGrad{LearningRate: 1}, nil, 1000, 1e-5},
		{"RMSProp/quadratic", surface.Quadratic{Condition: 2}, optim.RMSProp{LearningRate: 0.01}, decay, 5000, 1e-5},
		{"Adam/quadratic", surface.Quadratic{Condition: 2}, optim.Adam{LearningRate: 0.1}, nil, 2000, 1e-5},
		{"GD/quadratic-5d", surface.Quadratic{Condition: 5, Dim: 5}, optim.GD{LearningRate: 0.2}, nil, 1000, 1e-5},
		{"GD/rosenbrock", surface.Rosenbrock{}, optim.GD{LearningRate: 0.001}, nil, 50000, 1e-5},
		{"Momentum/rosenbrock", surface.Rosenbrock{}, optim.Momentum{LearningRate: 0.001}, nil, 10000, 1e-5},
		{"Nesterov/rosenbrock", surface.Rosenbrock{}, optim.Nesterov{LearningRate: 0.001}, nil, 10000, 1e-5},
		{"AdaGrad/rosenbrock", surface.Rosenbrock{}, optim.AdaGrad{LearningRate: 0.5}, nil, 30000, 1e-5},
		{"RMSProp/rosenbrock", surface.Rosenbrock{}, optim.RMSProp{LearningRate: 0.01}, decay, 30000, 1e-4},
		{"Adam/rosenbrock", surface.Rosenbrock{}, optim.Adam{LearningRate: 0.1}, nil, 5000, 1e-5},
		{"Adam/rosenbrock-a2", surface.Rosenbrock{A: 2}, optim.Adam{LearningRate: 0.01}, nil, 50000, 1e-3},
		{"Adam/beale", surface.Beale{}, optim.Adam{LearningRate: 0.01}, nil, 20000, 1e-5},
		{"Momentum/himmelblau", surface.Himmelblau{}, optim.Momentum{LearningRate: 0.001}, nil, 10000, 1e-5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x0 := tc.surf.Start()
			orig := append([]float64(nil), x0...)
			res, err := optim.Minimize(tc.surf, x0, tc.method, optim.Settings{MaxIter: tc.maxIter, Schedule: tc.sched})
			if err != nil {
				t.Fatal(err)
			}
			if d := dist(res.X, tc.surf.Minimum()); d > tc.tol {
				t.Errorf("ended at %v after %d iterations (converged %v): %.3g from the minimum %v, want ≤ %g",
					res.X, res.Iterations, res.Converged, d, tc.surf.Minimum(), tc.tol)
			}
			if want := tc.surf.Eval(res.X, nil); res.Loss != want {
				t.Errorf("Result.Loss = %g, want f(X) = %g", res.Loss, want)
			}
			if !reflect.DeepEqual(x0, orig) {
				t.Errorf("x0 modified: %v, was %v", x0, orig)
			}
		})
	}
}

// TestAdamFirstSteps checks Adam against hand-computed steps on f(x) = ½x²
// from x = 1 with η = 0.1 (see the comments): the bias correction makes the
// first step exactly η·sign(g).
func TestAdamFirstSteps(t *testing.T) {
	// t=1: g=1, m=0.1, v=0.001, m̂=1, v̂=1 → x = 1 − 0.1·1/(1+1e-8) = 0.900000001
	// t=2: g=0.9, m=0.18, v=0.001809, m̂=0.18/0.19, v̂=0.001809/0.001999
	//      → x = 0.9 − 0.1·0.947368/0.951290 = 0.80041223
	// t=3: → 0.70158627
	// (Without bias correction the first step would be 0.1·0.1/√0.001 ≈ 0.316.)
	want := []float64{0.900000001, 0.8004122297123382, 0.701586274504415}
	half := optim.Func(func(x, g []float64) float64 { g[0] = x[0]; return 0.5 * x[0] * x[0] })
	r, err := optim.NewRunner(half, []float64{1}, optim.Adam{LearningRate: 0.1}, optim.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		st, err := r.Step()
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(st.Params[0]-w) > 1e-12 {
			t.Errorf("step %d: x = %.12f, want %.12f", i+1, st.Params[0], w)
		}
		if st.Iter != i+1 || st.LearningRate != 0.1 {
			t.Errorf("step %d: Iter %d, LearningRate %g", i+1, st.Iter, st.LearningRate)
		}
	}
}

// TestFirstStepsByHand checks the first two updates of each method on
// f(x) = ½x² from x = 1 with η = 0.1 against hand-computed values.
func TestFirstStepsByHand(t *testing.T) {
	tests := []struct {
		name   string
		method optim.Method
		want   [2]float64
	}{
		// x1 = 1 − 0.1 = 0.9; x2 = 0.9 − 0.09 = 0.81
		{"GD", optim.GD{LearningRate: 0.1}, [2]float64{0.9, 0.81}},
		// v1 = −0.1, x1 = 0.9; v2 = 0.9·(−0.1) − 0.09 = −0.18, x2 = 0.72
		{"Momentum", optim.Momentum{LearningRate: 0.1}, [2]float64{0.9, 0.72}},
		// v1 = −0.1, x1 = 1 + 0.9·(−0.1) − 0.1 = 0.81;
		// v2 = −0.09 − 0.081 = −0.171, x2 = 0.81 − 0.1539 − 0.081 = 0.5751
		{"Nesterov", optim.Nesterov{LearningRate: 0.1}, [2]float64{0.81, 0.5751}},
		// G1 = 1, x1 = 1 − 0.1·1/1 = 0.9; G2 = 1.81, x2 = 0.9 − 0.09/√1.81
		{"AdaGrad", optim.AdaGrad{LearningRate: 0.1}, [2]float64{0.9, 0.9 - 0.09/math.Sqrt(1.81)}},
		// E1 = 0.1, x1 = 1 − 0.1/√0.1; E2 = 0.09 + 0.1·x1², x2 = x1 − 0.1·x1/√E2
		{"RMSProp", optim.RMSProp{LearningRate: 0.1}, func() [2]float64 {
			x1 := 1 - 0.1/math.Sqrt(0.1)
			return [2]float64{x1, x1 - 0.1*x1/math.Sqrt(0.09+0.1*x1*x1)}
		}()},
	}
	half := optim.Func(func(x, g []float64) float64 { g[0] = x[0]; return 0.5 * x[0] * x[0] })
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := optim.NewRunner(half, []float64{1}, tc.method, optim.Settings{})
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tc.want {
				st, err := r.Step()
				if err != nil {
					t.Fatal(err)
				}
				if math.Abs(st.Params[0]-w) > 1e-7 {
					t.Errorf("step %d: x = %.10f, want %.10f", i+1, st.Params[0], w)
				}
			}
		})
	}
}

// TestNesterovIsLookAhead checks the documented equivalence: our iterates are
// the look-ahead points θ + μv of the textbook form
// v ← μv − η∇f(θ + μv), θ ← θ + v.
func TestNesterovIsLookAhead(t *testing.T) {
	q := surface.Quadratic{Condition: 20}
	const lr, mu = 0.04, 0.8
	r, err := optim.NewRunner(q, q.Start(), optim.Nesterov{LearningRate: lr, Momentum: mu}, optim.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	theta := q.Start()
	v := make([]float64, 2)
	la := make([]float64, 2)
	g := make([]float64, 2)
	for k := 1; k <= 50; k++ {
		for i := range la {
			la[i] = theta[i] + mu*v[i]
		}
		q.Eval(la, g)
		for i := range v {
			v[i] = mu*v[i] - lr*g[i]
			theta[i] += v[i]
			la[i] = theta[i] + mu*v[i]
		}
		st, err := r.Step()
		if err != nil {
			t.Fatal(err)
		}
		if d := dist(st.Params, la); d > 1e-12 {
			t.Fatalf("step %d: runner at %v, look-ahead point %v", k, st.Params, la)
		}
	}
}

// TestMomentumBeatsGD compares iterations on ill-conditioned bowls: with the
// same learning rate 1/L (L the largest curvature) momentum (μ = 0.9) needs
// at most half the iterations of GD, and it still needs fewer than GD at its
// near-best rate 1.9/L.
func TestMomentumBeatsGD(t *testing.T) {
	for _, cond := range []float64{50, 100} {
		q := surface.Quadratic{Condition: cond}
		s := optim.Settings{MaxIter: 100000}
		run := func(m optim.Method) *optim.Result {
			res, err := optim.Minimize(q, q.Start(), m, s)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Converged {
				t.Fatalf("condition %g: %T did not converge", cond, m)
			}
			return res
		}
		gd, gdBest := run(optim.GD{LearningRate: 1 / cond}), run(optim.GD{LearningRate: 1.9 / cond})
		for _, m := range []optim.Method{optim.Momentum{LearningRate: 1 / cond}, optim.Nesterov{LearningRate: 1 / cond}} {
			mo := run(m)
			if 2*mo.Iterations > gd.Iterations || mo.Iterations >= gdBest.Iterations {
				t.Errorf("condition %g: %T took %d iterations, GD %d (same rate) and %d (rate 1.9/L)",
					cond, m, mo.Iterations, gd.Iterations, gdBest.Iterations)
			}
		}
	}
}

// leastSquares is the BatchObjective ½·mean((Xw − y)²).
type leastSquares struct {
	X *mat.Dense
	y []float64
}

func newLeastSquares(n int, w []float64, noise float64, seed uint64) *leastSquares {
	rng := model.NewRand(seed)
	p := len(w)
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		for j := range p {
			X.Set(i, j, rng.NormFloat64())
		}
		y[i] = floats.Dot(X.RawRowView(i), w) + noise*rng.NormFloat64()
	}
	return &leastSquares{X: X, y: y}
}

func (ls *leastSquares) Len() int { return len(ls.y) }

func (ls *leastSquares) EvalBatch(w, grad []float64, idx []int) float64 {
	for j := range grad {
		grad[j] = 0
	}
	var f float64
	for _, i := range idx {
		row := ls.X.RawRowView(i)
		r := floats.Dot(row, w) - ls.y[i]
		f += 0.5 * r * r
		floats.AddScaled(grad, r, row)
	}
	inv := 1 / float64(len(idx))
	floats.Scale(inv, grad)
	return f * inv
}

func (ls *leastSquares) Eval(w, grad []float64) float64 {
	for j := range grad {
		grad[j] = 0
	}
	var f float64
	n, _ := ls.X.Dims()
	for i := range n {
		row := ls.X.RawRowView(i)
		r := floats.Dot(row, w) - ls.y[i]
		f += 0.5 * r * r
		floats.AddScaled(grad, r, row)
	}
	floats.Scale(1/float64(n), grad)
	return f / float64(n)
}

// ols returns the exact least-squares solution.
func (ls *leastSquares) ols(t *testing.T) []float64 {
	var w mat.VecDense
	if err := w.SolveVec(ls.X, mat.NewVecDense(len(ls.y), ls.y)); err != nil {
		t.Fatal(err)
	}
	return w.RawVector().Data
}

func TestMiniBatchLeastSquares(t *testing.T) {
	ls := newLeastSquares(300, []float64{1, -2, 0.5}, 0.1, 7)
	want := ls.ols(t)
	tests := []struct {
		name   string
		method optim.Method
		s      optim.Settings
		tol    float64
	}{
		{"GD/batch20", optim.GD{LearningRate: 0.05}, optim.Settings{BatchSize: 20, MaxIter: 200, Seed: 1}, 1e-2},
		{"GD/batch1-invscaling", optim.GD{LearningRate: 0.05}, optim.Settings{BatchSize: 1, MaxIter: 100, Seed: 2, Schedule: optim.InvScaling{Power: 0.5}}, 1e-2},
		{"Momentum/batch32", optim.Momentum{LearningRate: 0.005}, optim.Settings{BatchSize: 32, MaxIter: 200, Seed: 3}, 1e-2},
		{"Adam/batch50", optim.Adam{LearningRate: 0.01}, optim.Settings{BatchSize: 50, MaxIter: 500, Seed: 4, Tol: -1}, 1e-2},
		{"GD/batch-larger-than-n", optim.GD{LearningRate: 0.5}, optim.Settings{BatchSize: 1000, MaxIter: 3000, Tol: 1e-14}, 1e-6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := optim.Minimize(ls, []float64{0, 0, 0}, tc.method, tc.s)
			if err != nil {
				t.Fatal(err)
			}
			if d := dist(res.X, want); d > tc.tol {
				t.Errorf("ended at %v after %d epochs (converged %v), %.3g from the least-squares solution %v; want ≤ %g",
					res.X, res.Iterations, res.Converged, d, want, tc.tol)
			}
			if full := ls.Eval(res.X, make([]float64, 3)); res.Loss != full {
				t.Errorf("Result.Loss = %g, want full objective %g", res.Loss, full)
			}
			if tc.s.Tol < 0 && res.Iterations != tc.s.MaxIter {
				t.Errorf("Tol < 0: Iterations = %d, want MaxIter = %d", res.Iterations, tc.s.MaxIter)
			}
		})
	}
}

func TestMiniBatchEpochs(t *testing.T) {
	ls := newLeastSquares(25, []float64{1, 2}, 0.1, 1)
	r, err := optim.NewRunner(ls, []float64{0, 0}, optim.GD{LearningRate: 0.01}, optim.Settings{BatchSize: 10, MaxIter: 3, Tol: -1})
	if err != nil {
		t.Fatal(err)
	}
	// 25 examples in batches of 10 → 3 steps (10, 10, 5) per epoch.
	for k := 1; k <= 9; k++ {
		st, err := r.Step()
		if err != nil {
			t.Fatal(err)
		}
		if st.Iter != k || st.Epoch != (k+2)/3 {
			t.Errorf("step %d: Iter %d Epoch %d, want %d %d", k, st.Iter, st.Epoch, k, (k+2)/3)
		}
		if r.Epoch() != k/3 {
			t.Errorf("step %d: Runner.Epoch() = %d, want %d", k, r.Epoch(), k/3)
		}
	}
	if !r.Done() || r.Converged() {
		t.Errorf("after 3 epochs: Done %v Converged %v, want true false", r.Done(), r.Converged())
	}
	if _, err := r.Step(); !errors.Is(err, optim.ErrDone) {
		t.Errorf("Step after Done: err = %v, want ErrDone", err)
	}
}

func TestSameSeedSameTrace(t *testing.T) {
	ls := newLeastSquares(100, []float64{1, -1}, 0.5, 3)
	run := func(seed uint64) *optim.Result {
		res, err := optim.Minimize(ls, []float64{0, 0}, optim.Adam{LearningRate: 0.05},
			optim.Settings{BatchSize: 8, MaxIter: 20, Seed: seed, Record: true, Tol: -1})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b, c := run(42), run(42), run(43)
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs with the same seed differ")
	}
	if reflect.DeepEqual(a.Trace, c.Trace) {
		t.Error("runs with seeds 42 and 43 have identical traces")
	}
	if n := len(a.Trace.Steps); n != 1+20*13 { // 100/8 → 13 batches per epoch
		t.Errorf("trace has %d steps, want %d", n, 1+20*13)
	}
}

func TestDivergence(t *testing.T) {
	tests := []struct {
		name   string
		obj    optim.Objective
		x0     []float64
		method optim.Method
		s      optim.Settings
	}{
		{"GD/quadratic", surface.Quadratic{Condition: 10}, []float64{1, 1}, optim.GD{LearningRate: 1.5}, optim.Settings{MaxIter: 100000}},
		{"Momentum/rosenbrock", surface.Rosenbrock{}, []float64{-1.2, 1}, optim.Momentum{LearningRate: 0.1}, optim.Settings{}},
		{"GD/minibatch", newLeastSquares(50, []float64{3, 4}, 0.1, 1), []float64{0, 0}, optim.GD{LearningRate: 10}, optim.Settings{BatchSize: 5, Tol: -1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := optim.Minimize(tc.obj, tc.x0, tc.method, tc.s)
			if !errors.Is(err, optim.ErrDiverged) {
				t.Fatalf("err = %v, want ErrDiverged", err)
			}
			for _, want := range []string{"iteration", "smaller learning rate"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
		})
	}
	// The runner stays failed.
	r, err := optim.NewRunner(surface.Quadratic{}, []float64{1, 1}, optim.GD{LearningRate: 5}, optim.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	for !r.Done() {
		r.Step()
	}
	if _, err := r.Step(); !errors.Is(err, optim.ErrDiverged) {
		t.Errorf("Step after divergence: %v, want ErrDiverged", err)
	}
	if _, err := r.Result(); !errors.Is(err, optim.ErrDiverged) {
		t.Errorf("Result after divergence: %v, want ErrDiverged", err)
	}
}

type negSchedule struct{}

func (negSchedule) Rate(eta0 float64, t int) float64 { return -eta0 }

func TestInvalid(t *testing.T) {
	q := surface.Quadratic{}
	x0 := []float64{1, 1}
	tests := []struct {
		name   string
		obj    optim.Objective
		x0     []float64
		method optim.Method
		s      optim.Settings
		want   string
	}{
		{"GD negative rate", q, x0, optim.GD{LearningRate: -0.1}, optim.Settings{}, "LearningRate = -0.1"},
		{"Momentum NaN rate", q, x0, optim.Momentum{LearningRate: math.NaN()}, optim.Settings{}, "LearningRate = NaN"},
		{"Momentum 1", q, x0, optim.Momentum{Momentum: 1}, optim.Settings{}, "Momentum = 1"},
		{"Nesterov negative", q, x0, optim.Nesterov{Momentum: -0.5}, optim.Settings{}, "Momentum = -0.5"},
		{"AdaGrad eps", q, x0, optim.AdaGrad{Epsilon: -1}, optim.Settings{}, "Epsilon = -1"},
		{"RMSProp decay", q, x0, optim.RMSProp{Decay: 1.5}, optim.Settings{}, "Decay = 1.5"},
		{"Adam beta1", q, x0, optim.Adam{Beta1: 1}, optim.Settings{}, "Beta1 = 1"},
		{"Adam beta2", q, x0, optim.Adam{Beta2: -0.1}, optim.Settings{}, "Beta2 = -0.1"},
		{"Adam rate", q, x0, optim.Adam{LearningRate: math.Inf(1)}, optim.Settings{}, "LearningRate = +Inf"},
		{"MaxIter", q, x0, optim.GD{}, optim.Settings{MaxIter: -1}, "MaxIter = -1"},
		{"Tol", q, x0, optim.GD{}, optim.Settings{Tol: math.NaN()}, "Tol = NaN"},
		{"BatchSize", q, x0, optim.GD{}, optim.Settings{BatchSize: -2}, "BatchSize = -2"},
		{"Patience", q, x0, optim.GD{}, optim.Settings{Patience: -1}, "Patience = -1"},
		{"RecordEvery", q, x0, optim.GD{}, optim.Settings{RecordEvery: -1}, "RecordEvery = -1"},
		{"batch needs BatchObjective", q, x0, optim.GD{}, optim.Settings{BatchSize: 10}, "needs a BatchObjective"},
		{"empty BatchObjective", &leastSquares{X: &mat.Dense{}}, x0, optim.GD{}, optim.Settings{BatchSize: 10}, "Len() = 0"},
		{"empty x0", q, nil, optim.GD{}, optim.Settings{}, "x0 is empty"},
		{"NaN x0", q, []float64{1, math.NaN()}, optim.GD{}, optim.Settings{}, "x0[1] = NaN"},
		{"nil objective", nil, x0, optim.GD{}, optim.Settings{}, "objective is nil"},
		{"nil method", q, x0, nil, optim.Settings{}, "method is nil"},
		{"infinite at x0", optim.Func(func(x, g []float64) float64 { return math.Inf(1) }), x0, optim.GD{}, optim.Settings{}, "not finite"},
		{"bad schedule", q, x0, optim.GD{}, optim.Settings{Schedule: negSchedule{}}, "learning rate -0.01 at iteration 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := optim.Minimize(tc.obj, tc.x0, tc.method, tc.s)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
			if errors.Is(err, optim.ErrDiverged) {
				t.Errorf("invalid input reported as divergence: %v", err)
			}
		})
	}
}

func TestSchedules(t *testing.T) {
	tests := []struct {
		name  string
		sched optim.Schedule
		t     int
		want  float64
	}{
		{"constant", optim.Constant{}, 1000, 0.1},
		{"invscaling default t=1", optim.InvScaling{}, 1, 0.1},
		{"invscaling default t=4", optim.InvScaling{}, 4, 0.05},
		{"invscaling 0.25 t=16", optim.InvScaling{Power: 0.25}, 16, 0.05},
		{"stepdecay default t=100", optim.StepDecay{}, 100, 0.1},
		{"stepdecay default t=101", optim.StepDecay{}, 101, 0.05},
		{"stepdecay 10×0.1 t=25", optim.StepDecay{Every: 10, Factor: 0.1}, 25, 0.001},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.sched.Rate(0.1, tc.t); math.Abs(got-tc.want) > 1e-15 {
				t.Errorf("Rate(0.1, %d) = %g, want %g", tc.t, got, tc.want)
			}
		})
	}
	// The runner reports the scheduled rate of each step.
	r, err := optim.NewRunner(surface.Quadratic{}, []float64{1, 1}, optim.GD{LearningRate: 0.1},
		optim.Settings{Schedule: optim.StepDecay{Every: 2, Factor: 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range []float64{0.1, 0.1, 0.05, 0.05, 0.025} {
		st, _ := r.Step()
		if st.LearningRate != want {
			t.Errorf("step %d: LearningRate %g, want %g", k+1, st.LearningRate, want)
		}
	}
}

func TestRunnerMatchesMinimize(t *testing.T) {
	s := surface.Rosenbrock{}
	set := optim.Settings{MaxIter: 300, Record: true, RecordEvery: 7}
	res, err := optim.Minimize(s, s.Start(), optim.Adam{LearningRate: 0.05}, set)
	if err != nil {
		t.Fatal(err)
	}
	r, err := optim.NewRunner(s, s.Start(), optim.Adam{LearningRate: 0.05}, set)
	if err != nil {
		t.Fatal(err)
	}
	if st := r.Last(); st.Iter != 0 || st.Loss != s.Eval(s.Start(), nil) || st.LearningRate != 0 {
		t.Errorf("starting step = %+v", st)
	}
	n := 0
	for !r.Done() {
		if _, err := r.Step(); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 300 || r.Iter() != 300 || r.Converged() {
		t.Errorf("runner did %d steps (Iter %d, converged %v), want 300 without convergence", n, r.Iter(), r.Converged())
	}
	if !reflect.DeepEqual(r.X(), res.X) {
		t.Errorf("runner X %v != Minimize X %v", r.X(), res.X)
	}
	// Trace: 0, 7, 14, …, 294, then the final 300.
	steps := res.Trace.Steps
	if len(steps) != 1+42+1 || steps[0].Iter != 0 || steps[1].Iter != 7 || steps[len(steps)-1].Iter != 300 {
		t.Fatalf("trace has %d steps, iters %d %d … %d", len(steps), steps[0].Iter, steps[1].Iter, steps[len(steps)-1].Iter)
	}
	if !reflect.DeepEqual(steps[len(steps)-1].Params, res.X) || steps[len(steps)-1].Loss != res.Loss {
		t.Error("last trace step is not the result")
	}
	if &steps[1].Params[0] == &steps[2].Params[0] {
		t.Error("trace steps share their Params")
	}
	if got := res.Trace.Losses(); len(got) != len(steps) || got[1] != steps[1].Loss {
		t.Error("Trace.Losses does not match the steps")
	}
	for _, st := range steps[1:] {
		g := make([]float64, 2)
		s.Eval(st.Params, g)
		if math.Abs(st.GradNorm-floats.Norm(g, 2)) > 1e-9*st.GradNorm {
			t.Errorf("step %d: GradNorm %g, want %g", st.Iter, st.GradNorm, floats.Norm(g, 2))
		}
	}
}

func TestConvergedAtStart(t *testing.T) {
	q := surface.Quadratic{}
	res, err := optim.Minimize(q, q.Minimum(), optim.GD{}, optim.Settings{Record: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged || res.Iterations != 0 || len(res.Trace.Steps) != 1 {
		t.Errorf("from the minimum: converged %v, %d iterations, %d trace steps", res.Converged, res.Iterations, len(res.Trace.Steps))
	}
}

func TestTolNegativeRunsMaxIter(t *testing.T) {
	q := surface.Quadratic{}
	res, err := optim.Minimize(q, q.Start(), optim.GD{LearningRate: 0.05}, optim.Settings{MaxIter: 2000, Tol: -1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Iterations != 2000 || res.Converged {
		t.Errorf("Iterations %d, Converged %v; want 2000, false", res.Iterations, res.Converged)
	}
}

// signDescent is a user-defined method: x ← x − η·sign(∇f), with a counter
// to check that state is per run.
type signDescent struct{ lr float64 }

func (m signDescent) BaseRate() float64 { return m.lr }
func (m signDescent) Init(n int) (optim.Updater, error) {
	return &signState{}, nil
}

type signState struct{ steps int }

func (s *signState) Update(x, grad []float64, lr float64, t int) {
	s.steps++
	if s.steps != t {
		panic("step count out of sync")
	}
	for i, g := range grad {
		switch {
		case g > 0:
			x[i] -= lr
		case g < 0:
			x[i] += lr
		}
	}
}

func TestCustomMethod(t *testing.T) {
	q := surface.Quadratic{}
	m := signDescent{lr: 0.5}
	for range 2 { // twice with the same Method value: fresh state each run
		res, err := optim.Minimize(q, []float64{-4, 3}, m, optim.Settings{MaxIter: 14})
		if err != nil {
			t.Fatal(err)
		}
		// 8 steps reach x₁ = 0, 6 reach x₂ = 0; then it stays put (sign 0).
		if !res.Converged || res.Iterations != 8 || !reflect.DeepEqual(res.X, []float64{0, 0}) {
			t.Errorf("sign descent: %+v", res)
		}
	}
}

// TestStepAllocs checks that Step does not allocate in steady state, for
// the browser demos.
func TestStepAllocs(t *testing.T) {
	ls := newLeastSquares(64, []float64{1, 2, 3}, 0.1, 1)
	methods := []optim.Method{optim.GD{}, optim.Momentum{}, optim.Nesterov{}, optim.AdaGrad{}, optim.RMSProp{}, optim.Adam{}}
	for _, m := range methods {
		for _, bs := range []int{0, 10} {
			r, err := optim.NewRunner(ls, []float64{0, 0, 0}, m,
				optim.Settings{BatchSize: bs, MaxIter: 1 << 30, Tol: -1, Schedule: optim.InvScaling{}})
			if err != nil {
				t.Fatal(err)
			}
			if a := testing.AllocsPerRun(200, func() { r.Step() }); a != 0 {
				t.Errorf("%T, BatchSize %d: %g allocations per Step, want 0", m, bs, a)
			}
		}
	}
}

func TestCheckGradient(t *testing.T) {
	surfs := []surface.Surface{
		surface.Quadratic{Condition: 30, Dim: 4}, surface.Rosenbrock{}, surface.Rosenbrock{A: 0.5, B: 10},
		surface.Beale{}, surface.Himmelblau{},
	}
	points := [][]float64{{-1.2, 1}, {0.3, -0.7}, {2, 2}, {1, 1}}
	for _, s := range surfs {
		for _, p := range points {
			x := p
			if q, ok := s.(surface.Quadratic); ok {
				x = q.Start()
			}
			if e := optim.CheckGradient(s, x, 0); e > 1e-6 {
				t.Errorf("%T at %v: max relative error %g", s, x, e)
			}
		}
	}
	ls := newLeastSquares(20, []float64{1, -1, 2}, 0.3, 2)
	if e := optim.CheckGradient(ls, []float64{0.5, 0.1, -0.3}, 0); e > 1e-6 {
		t.Errorf("least squares: max relative error %g", e)
	}
	// A wrong gradient (factor 2 missing in ∂/∂y) is caught.
	bad := optim.Func(func(x, g []float64) float64 {
		g[0], g[1] = 2*x[0], x[1]
		return x[0]*x[0] + x[1]*x[1]
	})
	if e := optim.CheckGradient(bad, []float64{1, 3}, 0); e < 0.1 {
		t.Errorf("wrong gradient: max relative error %g, want ≥ 0.1", e)
	}
}

func TestSurfaces(t *testing.T) {
	for _, s := range []surface.Surface{surface.Quadratic{}, surface.Quadratic{Condition: 1, Dim: 3}, surface.Rosenbrock{}, surface.Rosenbrock{A: -2}, surface.Beale{}, surface.Himmelblau{}} {
		min := s.Minimum()
		g := make([]float64, len(min))
		if f := s.Eval(min, g); f > 1e-12 || floats.Norm(g, 2) > 1e-12 {
			t.Errorf("%T%+v at its Minimum %v: f = %g, ‖g‖ = %g", s, s, min, f, floats.Norm(g, 2))
		}
		if s.Eval(s.Start(), nil) <= 0 {
			t.Errorf("%T: start is a minimum", s)
		}
		x0, x1, y0, y1 := s.Bounds()
		if min[0] < x0 || min[0] > x1 || min[1] < y0 || min[1] > y1 {
			t.Errorf("%T: minimum %v outside the bounds", s, min)
		}
	}
	h := surface.Himmelblau{}
	for _, m := range h.Minima() {
		if f := h.Eval(m, nil); f > 1e-9 {
			t.Errorf("Himmelblau at %v: f = %g", m, f)
		}
	}
	if lam := (surface.Quadratic{Condition: 100}).Eigenvalues(3); math.Abs(lam[0]-1) > 1e-15 || math.Abs(lam[1]-10) > 1e-12 || math.Abs(lam[2]-100) > 1e-12 {
		t.Errorf("eigenvalues %v, want [1 10 100]", lam)
	}
}
