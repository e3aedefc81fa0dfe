package data_test

import (
	"fmt"
	"strings"

	"github.com/descentml/descent/core/data"
)

func ExampleIris() {
	ds := data.Iris()
	fmt.Println(ds)
	fmt.Println(ds.FeatureNames[0], ds.X.RawRowView(0), ds.TargetNames[int(ds.Y[0])])
	// Output:
	// iris: 150 samples × 4 features, 3 classes (setosa, versicolor, virginica)
	// sepal length (cm) [5.1 3.5 1.4 0.2] setosa
}

func ExampleReadCSV() {
	const file = `age,bmi,progression
59,32.1,151
48,21.6,75
72,30.5,141
`
	ds, err := data.ReadCSV(strings.NewReader(file), data.CSVOptions{Header: true, Name: "patients"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ds)
	fmt.Println(ds.FeatureNames, ds.Y)

	// Errors say where the problem is.
	_, err = data.ReadCSV(strings.NewReader("age,bmi,y\n59,,151\n"), data.CSVOptions{Header: true})
	fmt.Println(err)
	// Output:
	// patients: 3 samples × 2 features, real-valued target
	// [age bmi] [151 75 141]
	// data: ReadCSV: missing value at line 2, column "bmi"
}

func ExampleTrainTestSplit() {
	train, test, err := data.TrainTestSplit(data.Iris(), data.SplitConfig{TestFraction: 0.2, Stratify: true, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	perClass := func(y []float64) [3]int {
		var c [3]int
		for _, v := range y {
			c[int(v)]++
		}
		return c
	}
	fmt.Println("train:", perClass(train.Y))
	fmt.Println("test: ", perClass(test.Y))
	// Output:
	// train: [40 40 40]
	// test:  [10 10 10]
}

func ExampleKFold_Split() {
	ds := data.Iris().Subset([]int{0, 1, 2, 3, 4, 5, 6})
	folds, err := data.KFold{K: 3}.Split(ds.X, ds.Y)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range folds {
		fmt.Println("train", f.Train, "test", f.Test)
	}
	// Output:
	// train [3 4 5 6] test [0 1 2]
	// train [0 1 2 5 6] test [3 4]
	// train [0 1 2 3 4] test [5 6]
}

func ExampleStratifiedKFold_Split() {
	y := []float64{0, 0, 0, 0, 1, 1, 1, 1, 1, 1}
	folds, err := data.StratifiedKFold{K: 2}.Split(nil, y)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range folds {
		fmt.Println("test", f.Test)
	}
	// Output:
	// test [0 1 4 5 6]
	// test [2 3 7 8 9]
}

func ExampleMoons() {
	ds, err := data.Moons(data.MoonsConfig{N: 200, Noise: 0.1, Seed: 42})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ds)
	// Output:
	// moons: 200 samples × 2 features, 2 classes (0, 1)
}

func ExampleLinearNoise() {
	cfg := data.LinearNoiseConfig{N: 50, Weights: []float64{3}, Intercept: 2, Noise: 0.5, Seed: 7}
	ds, err := data.LinearNoise(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ds)
	fmt.Printf("x = %.3f, y = %.3f (3x + 2 = %.3f)\n", ds.X.At(0, 0), ds.Y[0], 3*ds.X.At(0, 0)+2)
	// Output:
	// linear_noise: 50 samples × 1 feature, real-valued target
	// x = 1.076, y = 5.498 (3x + 2 = 5.227)
}
