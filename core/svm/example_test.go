package svm_test

import (
	"fmt"
	"math"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/svm"
	"gonum.org/v1/gonum/mat"
)

// An RBF-kernel SVC on the iris data: three classes, trained one-vs-one.
func ExampleSVC() {
	ds := data.Iris()
	m := &svm.SVC{Config: svm.SVCConfig{C: 1}} // kernel "rbf", γ = "scale"
	if err := m.Fit(ds.X, ds.Y); err != nil {
		fmt.Println(err)
		return
	}
	acc, _ := m.Score(ds.X, ds.Y)
	fmt.Printf("γ = %.4f, support vectors per class %v\n", m.Gamma(), m.NSupport())
	fmt.Printf("SMO iterations per pair of classes %v\n", m.Iterations())
	fmt.Printf("training accuracy %.3f\n", acc)
	dec, _ := m.DecisionFunction(ds.X.Slice(0, 1, 0, 4))
	fmt.Printf("first flower: one-vs-rest scores %.3f\n", mat.Row(nil, 0, dec))
	// Output:
	// γ = 0.0642, support vectors per class [7 29 24]
	// SMO iterations per pair of classes [8 17 37]
	// training accuracy 0.973
	// first flower: one-vs-rest scores [2.235 1.161 -0.257]
}

// Probability estimates by Platt scaling on an internal 5-fold
// cross-validation (seeded).
func ExampleSVC_PredictProba() {
	ds := data.Iris()
	m := &svm.SVC{Config: svm.SVCConfig{Probability: true, Seed: 1}}
	if err := m.Fit(ds.X, ds.Y); err != nil {
		fmt.Println(err)
		return
	}
	P, _ := m.PredictProba(ds.X.Slice(100, 101, 0, 4))
	fmt.Printf("P(setosa, versicolor, virginica) = %.2f\n", mat.Row(nil, 0, P))
	// Output:
	// P(setosa, versicolor, virginica) = [0.01 0.00 0.99]
}

// Stepping through SMO on a tiny separable problem: each step optimizes two
// dual variables analytically and the KKT violation shrinks until it is
// below Tol (1e-3). The answer is the maximum-margin line x₁ + x₂ = 2.5:
// w = (⅔, ⅔), b = −5/3, with support vectors (1, 0), (0, 1) and (2, 2).
func ExampleNewSMO() {
	X := mat.NewDense(6, 2, []float64{
		0, 0, 1, 0, 0, 1, // class 0
		2, 2, 3, 2, 2, 3, // class 1
	})
	y := []float64{0, 0, 0, 1, 1, 1}
	s, err := svm.NewSMO(X, y, svm.SVCConfig{Kernel: "linear", C: 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	for {
		st, ok := s.Step()
		if !ok {
			break
		}
		fmt.Printf("step %d: pair (%d, %d), violation %.3f, objective %.4f\n", st.Iter, st.I, st.J, st.Violation, st.Objective)
	}
	fmt.Printf("α = %.3f, b = %.3f\n", s.Alpha(), s.Intercept())
	f, _ := s.Decision(mat.NewDense(1, 2, []float64{1, 1}))
	fmt.Printf("f(1, 1) = %.3f\n", f[0])
	// Output:
	// step 1: pair (2, 3), violation 2.000, objective -0.4000
	// step 2: pair (1, 2), violation 0.400, objective -0.4400
	// step 3: pair (2, 3), violation 0.200, objective -0.4440
	// step 4: pair (1, 2), violation 0.040, objective -0.4444
	// step 5: pair (2, 3), violation 0.020, objective -0.4444
	// step 6: pair (1, 2), violation 0.004, objective -0.4444
	// step 7: pair (2, 3), violation 0.002, objective -0.4444
	// α = [0.000 0.222 0.222 0.444 0.000 0.000], b = -1.667
	// f(1, 1) = -0.333
}

// ε-SVR on the diabetes data (features standardized).
func ExampleSVR() {
	ds := data.Diabetes()
	X := standardized(ds.X)
	m := &svm.SVR{Config: svm.SVRConfig{C: 100, Epsilon: 5}}
	if err := m.Fit(X, ds.Y); err != nil {
		fmt.Println(err)
		return
	}
	r2, _ := m.Score(X, ds.Y)
	fmt.Printf("%d support vectors of %d samples, training R² %.3f\n", len(m.Support()), len(ds.Y), r2)
	// Output:
	// 408 support vectors of 442 samples, training R² 0.666
}

// standardized centres each column of X and scales it to unit variance.
func standardized(X *mat.Dense) *mat.Dense {
	n, p := X.Dims()
	out := mat.DenseCopyOf(X)
	for j := range p {
		col := mat.Col(nil, j, X)
		var mean, ss float64
		for _, v := range col {
			mean += v
		}
		mean /= float64(n)
		for _, v := range col {
			ss += (v - mean) * (v - mean)
		}
		sd := math.Sqrt(ss / float64(n))
		for i := range n {
			out.Set(i, j, (col[i]-mean)/sd)
		}
	}
	return out
}

// A linear SVM by dual coordinate descent (liblinear's algorithm) on the
// breast cancer data.
func ExampleLinearSVC() {
	ds := data.BreastCancer()
	X := standardized(ds.X)
	m := &svm.LinearSVC{Config: svm.LinearSVCConfig{C: 0.1}}
	if err := m.Fit(X, ds.Y); err != nil {
		fmt.Println(err)
		return
	}
	acc, _ := m.Score(X, ds.Y)
	w := m.Coef()
	fmt.Printf("training accuracy %.3f, converged %v\n", acc, m.Converged())
	fmt.Printf("weight of %q: %.2f\n", ds.FeatureNames[27], w.At(0, 27))
	fmt.Printf("intercept %.2f\n", m.Intercept()[0])
	// Output:
	// training accuracy 0.988, converged true
	// weight of "worst concave points": -0.25
	// intercept 0.03
}
