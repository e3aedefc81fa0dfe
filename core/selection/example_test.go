package selection_test

import (
	"fmt"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/model"
	"github.com/descentml/descent/core/selection"
	"gonum.org/v1/gonum/mat"
)

// ridge1 is ridge regression on a single feature (column Col of X), with an
// unpenalised intercept: small enough to define in an example.
type ridge1 struct {
	Alpha           float64
	Col             int
	coef, intercept float64
}

func (r *ridge1) Fit(X mat.Matrix, y []float64) error {
	n, _ := X.Dims()
	var xm, ym float64
	for i := range n {
		xm += X.At(i, r.Col) / float64(n)
		ym += y[i] / float64(n)
	}
	var sxy, sxx float64
	for i := range n {
		dx := X.At(i, r.Col) - xm
		sxy += dx * (y[i] - ym)
		sxx += dx * dx
	}
	r.coef = sxy / (sxx + r.Alpha)
	r.intercept = ym - r.coef*xm
	return nil
}

func (r *ridge1) Predict(X mat.Matrix) ([]float64, error) {
	n, _ := X.Dims()
	out := make([]float64, n)
	for i := range out {
		out[i] = r.intercept + r.coef*X.At(i, r.Col)
	}
	return out, nil
}

func (r *ridge1) Score(X mat.Matrix, y []float64) (float64, error) {
	return selection.ScoreR2(r, X, y)
}

// newRidge1 is the model.Factory of ridge1: it knows "alpha" and "col".
func newRidge1(p model.Params) (model.Estimator, error) {
	r := &ridge1{Col: 2} // bmi
	for name, v := range p {
		switch name {
		case "alpha":
			a, ok := v.(float64)
			if !ok || a < 0 {
				return nil, fmt.Errorf("alpha = %v: want a float64 ≥ 0", v)
			}
			r.Alpha = a
		case "col":
			c, ok := v.(int)
			if !ok {
				return nil, fmt.Errorf("col = %v: want an int", v)
			}
			r.Col = c
		default:
			return nil, fmt.Errorf("unknown parameter %q", name)
		}
	}
	return r, nil
}

func ExampleCrossValidate() {
	ds := data.Diabetes()
	r, err := selection.CrossValidate(newRidge1, model.Params{"alpha": 0.0}, ds.X, ds.Y, selection.CVConfig{
		Splitter: data.KFold{K: 5, Shuffle: true, Seed: 1},
		Scoring:  selection.ScoreNegMSE,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for k, s := range r.Scores {
		fmt.Printf("fold %d: MSE %.1f\n", k, -s)
	}
	fmt.Printf("mean MSE %.1f ± %.1f\n", -r.Mean, r.Std)
	// Output:
	// fold 0: MSE 3823.4
	// fold 1: MSE 3590.2
	// fold 2: MSE 3845.7
	// fold 3: MSE 4265.3
	// fold 4: MSE 4701.5
	// mean MSE 4045.2 ± 393.7
}

// A grid search over the feature and the ridge penalty on the diabetes data,
// with the default 5 folds in order (scikit-learn's GridSearchCV(cv=5) gives
// the same means and standard deviations).
func ExampleGridSearch() {
	ds := data.Diabetes()
	grid := selection.Grid{
		"col":   {2, 3}, // bmi, blood pressure
		"alpha": {0.0, 1e3, 1e4},
	}
	r, err := selection.GridSearch(newRidge1, grid, ds.X, ds.Y, selection.GridConfig{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(r.Table())
	fmt.Printf("best: %v, mean R² %.3f\n", r.Best, r.BestScore)
	// Output:
	// rank  alpha  col  mean score  std score
	//    1  0      2        0.3244     0.0672
	//    5  0      3        0.1723     0.0511
	//    2  1000   2        0.3185     0.0630
	//    4  1000   3        0.1723     0.0506
	//    3  10000  2        0.2001     0.0456
	//    6  10000  3        0.1693     0.0465
	// best: map[alpha:0 col:2], mean R² 0.324
}

func ExampleGrid_Expand() {
	combos, err := selection.Grid{"kernel": {"linear", "rbf"}, "C": {0.1, 1.0}}.Expand()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range combos {
		fmt.Println(p["C"], p["kernel"])
	}
	// Output:
	// 0.1 linear
	// 0.1 rbf
	// 1 linear
	// 1 rbf
}

func ExampleScorerByName() {
	if _, err := selection.ScorerByName("mse"); err != nil {
		fmt.Println(err)
	}
	// Output:
	// selection: unknown scorer "mse": valid names are accuracy, f1_macro, neg_log_loss, neg_mean_squared_error, r2, roc_auc
}
