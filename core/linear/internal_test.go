package linear

import (
	"math"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/model"
)

// synthetic returns n×p Gaussian features shifted by offset, an exact linear
// target 1.5·x₀ − 2·x₁ + … + 7 plus noise·N(0,1), and binary labels.
func synthetic(n, p int, offset, noise float64, seed uint64) (X *mat.Dense, y, yc, w []float64) {
	r := model.NewRand(seed)
	X = mat.NewDense(n, p, nil)
	w = make([]float64, p)
	for j := range w {
		w[j] = float64(j%5) - 1.5
	}
	y = make([]float64, n)
	yc = make([]float64, n)
	for i := 0; i < n; i++ {
		row := X.RawRowView(i)
		var s, c float64
		for j := range row {
			v := r.NormFloat64()
			row[j] = offset + v
			s += w[j] * row[j]
			c += w[j] * v
		}
		y[i] = s + 7 + noise*r.NormFloat64()
		if c+r.NormFloat64() > 0 {
			yc[i] = 1
		}
	}
	return X, y, yc, w
}

// denseLstsq solves min ‖y − [1 X] θ‖ with gonum's QR of the whole matrix.
func denseLstsq(t *testing.T, X *mat.Dense, y []float64) (w []float64, b float64) {
	t.Helper()
	n, p := X.Dims()
	A := mat.NewDense(n, p+1, nil)
	for i := 0; i < n; i++ {
		A.Set(i, 0, 1)
		copy(A.RawRowView(i)[1:], X.RawRowView(i))
	}
	var theta mat.VecDense
	if err := theta.SolveVec(A, mat.NewVecDense(n, append([]float64(nil), y...))); err != nil {
		t.Fatal(err)
	}
	return theta.RawVector().Data[1:], theta.AtVec(0)
}

func TestParallelQRMatchesDenseQR(t *testing.T) {
	// Several chunks and blocks, a ragged last block and a mean far from 0.
	for _, offset := range []float64{0, 1e4} {
		X, y, _, _ := synthetic(3*chunkRows+777, 7, offset, 0.3, 1)
		wantW, wantB := denseLstsq(t, X, y)
		var m LinearRegression
		if err := m.Fit(X, y); err != nil {
			t.Fatal(err)
		}
		if e := relErr(m.Coef(), wantW); e > 1e-9 {
			t.Errorf("offset %g: coef %v, dense QR %v", offset, m.Coef(), wantW)
		}
		if e := relDiff(m.Intercept(), wantB); e > 1e-9 {
			t.Errorf("offset %g: intercept %v, dense QR %v", offset, m.Intercept(), wantB)
		}
	}
}

func TestExactFitWithLargeOffset(t *testing.T) {
	// y is an exact linear function of features that vary by about 1 around
	// 1e6: the normal equations of the uncentered data would lose about 12
	// digits; blockwise centering keeps the fit exact.
	X, y, _, w := synthetic(2*chunkRows+5, 4, 1e6, 0, 2)
	for _, solver := range []string{"qr", "svd"} {
		m := LinearRegression{Config: LinearRegressionConfig{Solver: solver}}
		if err := m.Fit(X, y); err != nil {
			t.Fatal(err)
		}
		if e := relErr(m.Coef(), w); e > 1e-8 {
			t.Errorf("%s: coef %v, want %v", solver, m.Coef(), w)
		}
	}
	r := Ridge{Config: RidgeConfig{Alpha: 1e-9}}
	if err := r.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	if e := relErr(r.Coef(), w); e > 1e-8 {
		t.Errorf("ridge: coef %v, want %v", r.Coef(), w)
	}
}

func TestGramMatchesQR(t *testing.T) {
	X, y, _, _ := synthetic(2*chunkRows+100, 6, 3, 1, 3)
	for _, center := range []bool{true, false} {
		f := factorXY(X, y, center)
		g := gramXY(X, y, center)
		q := f.p + 1
		for a := 0; a < q; a++ {
			for c := a; c < q; c++ {
				var rr float64
				for i := 0; i <= a; i++ {
					rr += f.r[i*q+a] * f.r[i*q+c]
				}
				if math.Abs(rr-g.g[a*q+c]) > 1e-9*math.Abs(g.g[a*q+c])+1e-9 {
					t.Errorf("center %v: (RᵀR)[%d][%d] = %v, gram %v", center, a, c, rr, g.g[a*q+c])
				}
			}
		}
		wq := f.solveRidge(2.5)
		wg, ok := g.solveRidge(2.5)
		if !ok || relErr(wg, wq) > 1e-10 {
			t.Errorf("center %v: ridge by Cholesky %v (ok %v), by QR %v", center, wg, ok, wq)
		}
	}
}

func TestRidgeFallsBackToQR(t *testing.T) {
	// Duplicated columns make XᵀX + αI singular to working precision for a
	// small α: Ridge must take the QR path and approach the minimum-norm
	// least-squares solution (as α → 0).
	ref := loadReference(t)
	X, y := diabetes("rankdef")
	g := gramXY(X, y, true)
	if _, ok := g.solveRidge(1e-6); ok {
		t.Fatal("Cholesky accepted an ill-conditioned system")
	}
	m := Ridge{Config: RidgeConfig{Alpha: 1e-6}}
	if err := m.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	want := ref.OLS[len(ref.OLS)-1]
	if want.Data != "rankdef" {
		t.Fatal("reference order changed")
	}
	if e := relErr(m.Coef(), want.Coef); e > 1e-6 {
		t.Errorf("coef %v, minimum-norm %v", m.Coef(), want.Coef)
	}
}

func TestGLMPassMatchesNaive(t *testing.T) {
	// Odd sizes: ragged chunks, quarters and sub-blocks.
	X, _, yc, _ := synthetic(2*chunkRows+1234+3, 5, 0.5, 0, 4)
	n, p := X.Dims()
	for _, intercept := range []bool{true, false} {
		pass := newGLMPass(X.RawMatrix(), yc, 1, intercept, binomialLoss)
		params := []float64{0.3, -0.2, 0.1, 0.05, -0.4, 0.7}[:pass.dim()]
		grad := make([]float64, pass.dim())
		f := pass.eval(params, grad)
		var wf float64
		wg := make([]float64, pass.dim())
		for i := 0; i < n; i++ {
			z := floats.Dot(X.RawRowView(i), params[:p])
			if intercept {
				z += params[p]
			}
			wf += math.Log1p(math.Exp(z)) - yc[i]*z
			r := 1/(1+math.Exp(-z)) - yc[i]
			floats.AddScaled(wg[:p], r, X.RawRowView(i))
			if intercept {
				wg[p] += r
			}
		}
		if relDiff(f, wf) > 1e-12 {
			t.Errorf("intercept %v: loss %v, naive %v", intercept, f, wf)
		}
		if relErr(grad, wg) > 1e-12 {
			t.Errorf("intercept %v: gradient %v, naive %v", intercept, grad, wg)
		}
		// Mini-batch evaluation on all rows agrees too.
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		g2 := make([]float64, pass.dim())
		if f2 := pass.evalIdx(params, g2, idx); relDiff(f2, wf) > 1e-12 || relErr(g2, wg) > 1e-12 {
			t.Errorf("intercept %v: evalIdx loss %v gradient %v, naive %v %v", intercept, f2, g2, wf, wg)
		}
	}
}

func TestResultsDoNotDependOnCPUCount(t *testing.T) {
	X, y, yc, _ := synthetic(5*chunkRows+17, 6, 1, 1, 5)
	fit := func() (ols, ridge, logit []float64) {
		var a LinearRegression
		var b Ridge
		var c LogisticRegression
		if err := a.Fit(X, y); err != nil {
			t.Fatal(err)
		}
		if err := b.Fit(X, y); err != nil {
			t.Fatal(err)
		}
		if err := c.Fit(X, yc); err != nil {
			t.Fatal(err)
		}
		return append(a.Coef(), a.Intercept()), append(b.Coef(), b.Intercept()), append(c.Coef().RawMatrix().Data, c.Intercept()...)
	}
	prev := runtime.GOMAXPROCS(1)
	a1, b1, c1 := fit()
	runtime.GOMAXPROCS(4)
	a4, b4, c4 := fit()
	runtime.GOMAXPROCS(prev)
	if !floats.Equal(a1, a4) || !floats.Equal(b1, b4) || !floats.Equal(c1, c4) {
		t.Errorf("GOMAXPROCS 1 vs 4:\nOLS %v\n    %v\nridge %v\n      %v\nlogistic %v\n         %v", a1, a4, b1, b4, c1, c4)
	}
}
