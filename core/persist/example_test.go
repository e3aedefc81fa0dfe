package persist_test

import (
	"bytes"
	"fmt"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/core/model"
	"github.com/descentml/descent/core/persist"
)

func ExampleLoad() {
	ds := data.Diabetes()
	ridge := &linear.Ridge{Config: linear.RidgeConfig{Alpha: 0.5}}
	if err := ridge.Fit(ds.X, ds.Y); err != nil {
		panic(err)
	}
	var file bytes.Buffer
	if err := persist.Save(&file, ridge); err != nil {
		panic(err)
	}

	loaded, err := persist.Load(&file)
	if err != nil {
		panic(err)
	}
	before, _ := ridge.Predict(ds.X)
	after, _ := loaded.(model.Predictor).Predict(ds.X)
	fmt.Printf("%T predicts %.2f, as before: %v\n", loaded, after[0], after[0] == before[0])
	// Output: *linear.Ridge predicts 205.84, as before: true
}
