package preprocess_test

import (
	"fmt"

	"github.com/descentml/descent/core/preprocess"
	"gonum.org/v1/gonum/mat"
)

func ExampleStandardScaler() {
	X := mat.NewDense(4, 2, []float64{
		1, 100,
		2, 200,
		3, 300,
		4, 400,
	})
	s := &preprocess.StandardScaler{}
	Z, err := s.FitTransform(X, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("mean %.1f, scale %.3f\n", s.Mean(), s.Scale())
	fmt.Printf("%.3f\n", mat.Formatted(Z))
	// Output:
	// mean [2.5 250.0], scale [1.118 111.803]
	// ⎡-1.342  -1.342⎤
	// ⎢-0.447  -0.447⎥
	// ⎢ 0.447   0.447⎥
	// ⎣ 1.342   1.342⎦
}

func ExamplePolynomialFeatures() {
	X := mat.NewDense(2, 2, []float64{
		2, 3,
		1, -1,
	})
	f := &preprocess.PolynomialFeatures{} // degree 2 with a bias column
	Z, err := f.FitTransform(X, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	names, _ := f.FeatureNames([]string{"a", "b"})
	fmt.Printf("%q\n", names)
	fmt.Println(mat.Formatted(Z))
	// Output:
	// ["1" "a" "b" "a^2" "a b" "b^2"]
	// ⎡ 1   2   3   4   6   9⎤
	// ⎣ 1   1  -1   1  -1   1⎦
}

func ExampleOneHotEncoder() {
	// Column 0: a size code; column 1: a year.
	X := mat.NewDense(3, 2, []float64{
		1, 2001,
		3, 1995,
		1, 1995,
	})
	e := &preprocess.OneHotEncoder{}
	Z, err := e.FitTransform(X, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	names, _ := e.FeatureNames([]string{"size", "year"})
	fmt.Println(names)
	fmt.Println(mat.Formatted(Z))
	// Output:
	// [size_1 size_3 year_1995 year_2001]
	// ⎡1  0  0  1⎤
	// ⎢0  1  1  0⎥
	// ⎣1  0  1  0⎦
}

// meanModel is a stand-in final estimator: it predicts the mean of the
// training targets. Any descent regressor or classifier fits here.
type meanModel struct{ mean float64 }

func (m *meanModel) Fit(X mat.Matrix, y []float64) error {
	m.mean = 0
	for _, v := range y {
		m.mean += v / float64(len(y))
	}
	return nil
}

func (m *meanModel) Predict(X mat.Matrix) ([]float64, error) {
	n, _ := X.Dims()
	out := make([]float64, n)
	for i := range out {
		out[i] = m.mean
	}
	return out, nil
}

func ExamplePipeline() {
	X := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	y := []float64{10, 20, 30, 40}
	p := preprocess.NewPipeline(
		preprocess.Step{Name: "scale", Estimator: &preprocess.StandardScaler{}},
		preprocess.Step{Name: "poly", Estimator: &preprocess.PolynomialFeatures{}},
		preprocess.Step{Name: "model", Estimator: &meanModel{}},
	)
	if err := p.Fit(X, y); err != nil {
		fmt.Println(err)
		return
	}
	pred, _ := p.Predict(mat.NewDense(1, 1, []float64{5}))
	fmt.Println(p)
	fmt.Printf("prediction %.1f\n", pred[0])
	scaler := p.Named("scale").(*preprocess.StandardScaler)
	fmt.Printf("scaler mean %.2f\n", scaler.Mean())
	if _, err := p.PredictProba(X); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Pipeline(scale: *preprocess.StandardScaler → poly: *preprocess.PolynomialFeatures → model: *preprocess_test.meanModel)
	// prediction 25.0
	// scaler mean [2.50]
	// preprocess: Pipeline.PredictProba: the final step "model" (*preprocess_test.meanModel) has no PredictProba method
}
