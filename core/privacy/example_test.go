package privacy_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/privacy"
)

// The privacy of training on MNIST (60 000 examples) with batches of 150,
// noise multiplier 1.3, for 15 epochs: TensorFlow Privacy's classic example.
func ExampleAccountant_Epsilon() {
	q := 150.0 / 60000
	steps := 15 * 60000 / 150
	eps, order, err := privacy.Accountant{}.Epsilon(q, 1.3, steps, 1e-5)
	if err != nil {
		fmt.Println(err)
		return
	}
	classic, _, _ := privacy.Accountant{}.ClassicEpsilon(q, 1.3, steps, 1e-5)
	fmt.Printf("ε = %.4f at Rényi order %v (classic conversion: ε = %.4f)\n", eps, order, classic)
	// Output:
	// ε = 0.7242 at Rényi order 19 (classic conversion: ε = 0.9419)
}

// How much noise does a budget of ε = 1 allow for 6000 steps at q = 1/400?
func ExampleNoiseForEpsilon() {
	sigma, err := privacy.NoiseForEpsilon(150.0/60000, 6000, 1, 1e-5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("σ = %.3f\n", sigma)
	// Output:
	// σ = 1.098
}

// standardize scales the columns of X to zero mean and unit variance in
// place (for the examples; descent's preprocessing package does this too).
func standardize(X *mat.Dense) {
	n, p := X.Dims()
	for j := 0; j < p; j++ {
		mu, sd := stat.PopMeanStdDev(mat.Col(nil, j, X), nil)
		for i := 0; i < n; i++ {
			X.Set(i, j, (X.At(i, j)-mu)/sd)
		}
	}
}

// Train a breast-cancer classifier whose coefficients are (1, 1e-5)
// differentially private.
func ExampleDPLogisticRegression() {
	ds := data.BreastCancer()
	X := mat.DenseCopyOf(ds.X)
	standardize(X)

	m := &privacy.DPLogisticRegression{Config: privacy.Config{
		TargetEpsilon: 1, // choose σ so that training spends ε = 1
		Seed:          1,
	}}
	if err := m.Fit(X, ds.Y); err != nil {
		fmt.Println(err)
		return
	}
	g := m.Privacy()
	acc, _ := m.Score(X, ds.Y)
	fmt.Printf("ε = %.2f, δ = %g, σ = %.2f, %d steps\n", g.Epsilon, g.Delta, g.NoiseMultiplier, g.Steps)
	fmt.Printf("training accuracy %.2f\n", acc)
	// Output:
	// ε = 1.00, δ = 1e-05, σ = 4.53, 89 steps
	// training accuracy 0.97
}

// The privacy/utility trade-off: more noise, smaller ε, lower accuracy.
func ExampleTradeoff() {
	ds := data.BreastCancer()
	X := mat.DenseCopyOf(ds.X)
	standardize(X)
	n, _ := X.Dims()
	train, test := mat.NewDense(n/2, 30, nil), mat.NewDense(n-n/2, 30, nil)
	var ytrain, ytest []float64
	for i := 0; i < n; i++ {
		if i%2 == 0 {
			test.SetRow(i/2, X.RawRowView(i))
			ytest = append(ytest, ds.Y[i])
		} else {
			train.SetRow(i/2, X.RawRowView(i))
			ytrain = append(ytrain, ds.Y[i])
		}
	}
	table, err := privacy.Tradeoff(privacy.TradeoffConfig{
		Sigmas:  []float64{0.5, 2, 20, 100},
		Repeats: 3,
	}, train, ytrain, test, ytest)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range table {
		fmt.Printf("σ = %5.1f  ε = %6.2f  accuracy %.2f\n", r.Sigma, r.Epsilon, r.TestScore)
	}
	// Output:
	// σ =   0.5  ε =  44.55  accuracy 0.98
	// σ =   2.0  ε =   4.15  accuracy 0.98
	// σ =  20.0  ε =   0.28  accuracy 0.93
	// σ = 100.0  ε =   0.05  accuracy 0.72
}
