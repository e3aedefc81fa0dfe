package linear_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/linear"
)

func ExampleLinearRegression() {
	// Study hours and exam scores: score = 50 + 5·hours, exactly.
	X := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	y := []float64{55, 60, 65, 70}

	var m linear.LinearRegression
	if err := m.Fit(X, y); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("score = %.1f + %.1f·hours\n", m.Intercept(), m.Coef()[0])
	pred, _ := m.Predict(mat.NewDense(1, 1, []float64{6}))
	fmt.Printf("6 hours: %.1f\n", pred[0])
	// Output:
	// score = 50.0 + 5.0·hours
	// 6 hours: 80.0
}

func ExampleLinearRegression_gradientDescent() {
	// The same least-squares problem, solved in closed form and by batch
	// gradient descent on the mean squared error.
	ds := data.Diabetes()
	X := standardized(ds.X)

	var exact linear.LinearRegression
	if err := exact.Fit(X, ds.Y); err != nil {
		fmt.Println(err)
		return
	}
	gd := linear.LinearRegression{Config: linear.LinearRegressionConfig{
		Solver: "gd", LearningRate: 0.2, MaxIter: 100, Record: true,
	}}
	if err := gd.Fit(X, ds.Y); err != nil {
		fmt.Println(err)
		return
	}
	r2, _ := exact.Score(X, ds.Y)
	r2gd, _ := gd.Score(X, ds.Y)
	losses := gd.Trace().Losses()
	fmt.Printf("closed form R² = %.3f\n", r2)
	fmt.Printf("gradient descent, %d iterations: R² = %.3f\n", gd.Iterations(), r2gd)
	fmt.Printf("½MSE: %.0f at the start, %.0f after 10 steps, %.0f after 100\n", losses[0], losses[10], losses[100])
	// Output:
	// closed form R² = 0.518
	// gradient descent, 100 iterations: R² = 0.515
	// ½MSE: 14537 at the start, 1584 after 10 steps, 1438 after 100
}

func ExampleRidge() {
	ds := data.Diabetes()
	X := standardized(ds.X)
	for _, alpha := range []float64{0.1, 10, 1000} {
		m := linear.Ridge{Config: linear.RidgeConfig{Alpha: alpha}}
		if err := m.Fit(X, ds.Y); err != nil {
			fmt.Println(err)
			return
		}
		r2, _ := m.Score(X, ds.Y)
		fmt.Printf("alpha %6g: bmi coefficient %5.2f, R² %.3f\n", alpha, m.Coef()[2], r2)
	}
	// Output:
	// alpha    0.1: bmi coefficient 24.73, R² 0.518
	// alpha     10: bmi coefficient 24.60, R² 0.516
	// alpha   1000: bmi coefficient  9.93, R² 0.377
}

func ExampleLasso() {
	ds := data.Diabetes()
	X := standardized(ds.X)
	for _, alpha := range []float64{0.1, 1, 10} {
		m := linear.Lasso{Config: linear.LassoConfig{Alpha: alpha}}
		if err := m.Fit(X, ds.Y); err != nil {
			fmt.Println(err)
			return
		}
		var kept []string
		for j, c := range m.Coef() {
			if c != 0 {
				kept = append(kept, ds.FeatureNames[j])
			}
		}
		fmt.Printf("alpha %4g keeps %d features: %v\n", alpha, len(kept), kept)
	}
	// Output:
	// alpha  0.1 keeps 9 features: [age sex bmi bp s1 s2 s4 s5 s6]
	// alpha    1 keeps 7 features: [sex bmi bp s1 s3 s5 s6]
	// alpha   10 keeps 4 features: [bmi bp s3 s5]
}

func ExampleLogisticRegression() {
	ds := data.Iris()
	m := linear.LogisticRegression{Config: linear.LogisticRegressionConfig{MaxIter: 1000}}
	if err := m.Fit(ds.X, ds.Y); err != nil {
		fmt.Println(err)
		return
	}
	acc, _ := m.Score(ds.X, ds.Y)
	fmt.Printf("training accuracy %.3f\n", acc)

	flower := mat.NewDense(1, 4, []float64{6.0, 2.9, 4.5, 1.5})
	P, _ := m.PredictProba(flower)
	for k, c := range m.Classes() {
		fmt.Printf("P(%s) = %.3f\n", ds.TargetNames[int(c)], P.At(0, k))
	}
	// Output:
	// training accuracy 0.973
	// P(setosa) = 0.005
	// P(versicolor) = 0.813
	// P(virginica) = 0.181
}

// standardized returns X with each column scaled to mean 0, variance 1.
func standardized(X *mat.Dense) *mat.Dense {
	n, p := X.Dims()
	out := mat.DenseCopyOf(X)
	for j := 0; j < p; j++ {
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
		for i, v := range col {
			out.Set(i, j, (v-mean)/sd)
		}
	}
	return out
}
