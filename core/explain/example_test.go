package explain_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/explain"
	"github.com/descentml/descent/core/model"
)

// house is a hand-written linear model of a house price (k€):
// 50 + 2.5·area(m²) + 10·rooms − 1.2·age(years).
type house struct{}

func (house) Coef() []float64    { return []float64{2.5, 10, -1.2} }
func (house) Intercept() float64 { return 50 }

func (h house) Predict(X mat.Matrix) ([]float64, error) {
	n, _ := X.Dims()
	out := make([]float64, n)
	for i := range out {
		out[i] = h.Intercept()
		for j, w := range h.Coef() {
			out[i] += w * X.At(i, j)
		}
	}
	return out, nil
}

var names = []string{"area", "rooms", "age"}

func ExampleCoefficients() {
	m := house{}
	// Standard deviations of the features in the data: per standard
	// deviation, area matters most although rooms has the larger coefficient.
	stds := []float64{30, 1.2, 15}
	table, err := explain.Coefficients(names, m.Coef(), m.Intercept(), stds)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(table)
	// Output:
	// feature           coef        std   coef×std
	// area               2.5         30         75
	// age               -1.2         15        -18
	// rooms               10        1.2         12
	// (intercept)         50
}

func ExampleContributions() {
	m := house{}
	x := []float64{120, 4, 30} // 120 m², 4 rooms, 30 years old
	c, err := explain.ContributionsOf(m, names, x)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(c)
	// Output:
	// feature          value       coef contribution
	// area               120        2.5         +300
	// rooms                4         10          +40
	// age                 30       -1.2          -36
	// (intercept)                                +50
	// total                                      354
}

func ExamplePermutationImportance() {
	// Data: y = 3·x0 + 0.5·x1; x2 is noise the model ignores.
	rng := model.NewRand(1)
	X := mat.NewDense(300, 3, nil)
	y := make([]float64, 300)
	for i := range y {
		for j := 0; j < 3; j++ {
			X.Set(i, j, rng.NormFloat64())
		}
		y[i] = 3*X.At(i, 0) + 0.5*X.At(i, 1)
	}
	m := explain.PredictorFunc(func(X mat.Matrix) ([]float64, error) {
		n, _ := X.Dims()
		out := make([]float64, n)
		for i := range out {
			out[i] = 3*X.At(i, 0) + 0.5*X.At(i, 1)
		}
		return out, nil
	})
	negMSE := func(yTrue, yPred []float64) (float64, error) {
		s := 0.0
		for i := range yTrue {
			s += (yTrue[i] - yPred[i]) * (yTrue[i] - yPred[i])
		}
		return -s / float64(len(yTrue)), nil
	}
	im, err := explain.PermutationImportance(m, X, y, explain.PermutationConfig{
		Scoring:      negMSE,
		Seed:         1,
		FeatureNames: []string{"strong", "weak", "noise"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, j := range im.Ranking() {
		fmt.Printf("%-6s %.1f\n", im.Names[j], im.Mean[j])
	}
	// Output:
	// strong 16.3
	// weak   0.5
	// noise  0.0
}

func ExamplePartialDependence() {
	X := mat.NewDense(4, 3, []float64{
		80, 3, 10,
		120, 4, 30,
		60, 2, 50,
		150, 5, 5,
	})
	// Few distinct values: the grid is the feature's own values.
	grid, avg, err := explain.PartialDependence(house{}, X, 1, explain.PDConfig{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for g := range grid {
		fmt.Printf("rooms = %.0f: average price %.2f\n", grid[g], avg[g])
	}
	// Output:
	// rooms = 2: average price 297.75
	// rooms = 3: average price 307.75
	// rooms = 4: average price 317.75
	// rooms = 5: average price 327.75
}
