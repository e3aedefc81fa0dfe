package sgd_test

import (
	"fmt"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/preprocess"
	"github.com/descentml/descent/core/sgd"
)

// standardized splits ds into train and test parts and standardizes the
// features with the training mean and standard deviation: SGD needs
// features on comparable scales.
func standardized(ds *data.Dataset, stratify bool) (train, test *data.Dataset) {
	train, test, err := data.TrainTestSplit(ds, data.SplitConfig{Seed: 1, Stratify: stratify})
	if err != nil {
		panic(err)
	}
	var sc preprocess.StandardScaler
	if train.X, err = sc.FitTransform(train.X, nil); err != nil {
		panic(err)
	}
	if test.X, err = sc.Transform(test.X); err != nil {
		panic(err)
	}
	return train, test
}

func ExampleClassifier() {
	train, test := standardized(data.BreastCancer(), true)

	// logistic regression by SGD; the zero Config would be a linear SVM
	clf := &sgd.Classifier{Config: sgd.Config{Loss: "log_loss", Seed: 0}}
	if err := clf.Fit(train.X, train.Y); err != nil {
		panic(err)
	}
	acc, err := clf.Score(test.X, test.Y)
	if err != nil {
		panic(err)
	}
	proba, err := clf.PredictProba(test.X.Slice(0, 1, 0, 30))
	if err != nil {
		panic(err)
	}
	curve := clf.LossCurve()
	fmt.Printf("classes %v, test accuracy %.3f\n", clf.Classes(), acc)
	fmt.Printf("P(benign) of the first test sample: %.3f\n", proba.At(0, 1))
	fmt.Printf("stopped after %d epochs; mean loss %.3f in the first, %.3f in the last\n",
		clf.Epochs(), curve[0], curve[len(curve)-1])
	// Output:
	// classes [0 1], test accuracy 0.944
	// P(benign) of the first test sample: 0.000
	// stopped after 25 epochs; mean loss 3.455 in the first, 0.126 in the last
}

func ExampleRegressor() {
	train, test := standardized(data.Diabetes(), false)

	reg := &sgd.Regressor{Config: sgd.Config{Seed: 0}} // least squares, L2 penalty, invscaling rate
	if err := reg.Fit(train.X, train.Y); err != nil {
		panic(err)
	}
	r2, err := reg.Score(test.X, test.Y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("test R² %.3f after %d epochs\n", r2, reg.Epochs())
	fmt.Printf("bmi weight %.1f, intercept %.1f\n", reg.Coef()[2], reg.Intercept())
	// Output:
	// test R² 0.436 after 23 epochs
	// bmi weight 25.8, intercept 151.1
}
