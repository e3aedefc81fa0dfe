package selection_test

import (
	"fmt"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/core/model"
	"github.com/descentml/descent/core/selection"
)

// ridgeFactory builds a linear.Ridge from {"alpha": float64}.
func ridgeFactory(p model.Params) (model.Estimator, error) {
	m := &linear.Ridge{}
	for name, v := range p {
		switch name {
		case "alpha":
			a, ok := v.(float64)
			if !ok {
				return nil, fmt.Errorf("alpha = %v: want a float64", v)
			}
			m.Config.Alpha = a
		default:
			return nil, fmt.Errorf("unknown parameter %q", name)
		}
	}
	return m, nil
}

// Grid search of the ridge penalty on the diabetes data (raw features, 5
// folds in order). scikit-learn's GridSearchCV(Ridge(), {"alpha": ...},
// cv=5) gives the same table and picks the same alpha.
func ExampleGridSearch_ridge() {
	ds := data.Diabetes()
	grid := selection.Grid{"alpha": {0.01, 0.1, 1.0, 10.0, 100.0}}
	r, err := selection.GridSearch(ridgeFactory, grid, ds.X, ds.Y, selection.GridConfig{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(r.Table())
	best := r.BestEstimator.(*linear.Ridge)
	fmt.Printf("best alpha %v: R² %.3f, bmi coefficient %.2f\n", r.Best["alpha"], r.BestScore, best.Coef()[2])
	// Output:
	// rank  alpha  mean score  std score
	//    1  0.01       0.4823     0.0493
	//    2  0.1        0.4823     0.0492
	//    3  1          0.4821     0.0492
	//    4  10         0.4758     0.0520
	//    5  100        0.4565     0.0630
	// best alpha 0.01: R² 0.482, bmi coefficient 5.60
}
