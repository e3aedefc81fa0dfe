package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/core/model"
	"github.com/descentml/descent/core/persist"
	"github.com/descentml/descent/core/preprocess"
	"github.com/descentml/descent/core/sgd"
	"github.com/descentml/descent/core/svm"
)

// hyper holds the hyper-parameter flags shared by the models.
type hyper struct {
	C, alpha float64
	kernel   string
	seed     uint64
}

type modelSpec struct {
	classifier bool
	build      func(h hyper) model.Estimator
}

func models() map[string]modelSpec {
	return map[string]modelSpec{
		"linear": {false, func(h hyper) model.Estimator { return &linear.LinearRegression{} }},
		"ridge":  {false, func(h hyper) model.Estimator { return &linear.Ridge{Config: linear.RidgeConfig{Alpha: h.alpha}} }},
		"lasso":  {false, func(h hyper) model.Estimator { return &linear.Lasso{Config: linear.LassoConfig{Alpha: h.alpha}} }},
		"logistic": {true, func(h hyper) model.Estimator {
			return &linear.LogisticRegression{Config: linear.LogisticRegressionConfig{C: h.C, MaxIter: 1000}}
		}},
		"sgd-classifier": {true, func(h hyper) model.Estimator {
			return &sgd.Classifier{Config: sgd.Config{Alpha: h.alpha, Seed: h.seed}}
		}},
		"sgd-regressor": {false, func(h hyper) model.Estimator {
			return &sgd.Regressor{Config: sgd.Config{Alpha: h.alpha, Seed: h.seed}}
		}},
		"svc": {true, func(h hyper) model.Estimator {
			return &svm.SVC{Config: svm.SVCConfig{C: h.C, Kernel: h.kernel, Seed: h.seed}}
		}},
		"svr": {false, func(h hyper) model.Estimator { return &svm.SVR{Config: svm.SVRConfig{C: h.C, Kernel: h.kernel}} }},
		"linearsvc": {true, func(h hyper) model.Estimator {
			return &svm.LinearSVC{Config: svm.LinearSVCConfig{C: h.C, Seed: h.seed}}
		}},
	}
}

func modelNames() []string {
	var names []string
	for n := range models() {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func train(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataSpec := fs.String("data", "", "embedded dataset ("+strings.Join(datasetNames(), ", ")+") or a .csv file whose last column is the target")
	header := fs.Bool("header", false, "the CSV file's first line names the columns")
	name := fs.String("model", "", "the model: "+strings.Join(modelNames(), ", "))
	scale := fs.Bool("scale", false, "standardize the features first (a StandardScaler in a pipeline)")
	testFrac := fs.Float64("test", 0.25, "fraction of the data held out to score the model")
	out := fs.String("o", "", "save the fitted model (fitted on the training part) as JSON to this file")
	var h hyper
	fs.Float64Var(&h.C, "C", 0, "inverse regularization strength (logistic, svc, svr, linearsvc); 0 means the model's default")
	fs.Float64Var(&h.alpha, "alpha", 0, "regularization strength (ridge, lasso, sgd-*); 0 means the model's default")
	fs.StringVar(&h.kernel, "kernel", "", "svc and svr kernel: linear, poly, rbf (default), sigmoid")
	fs.Uint64Var(&h.seed, "seed", 1, "seed for the split and for random choices in fitting")
	if err := fs.Parse(args); err != nil {
		return err
	}
	spec, ok := models()[*name]
	if !ok {
		return fmt.Errorf("train: -model %q: choose one of %s", *name, strings.Join(modelNames(), ", "))
	}
	if *dataSpec == "" {
		return fmt.Errorf("train: -data is required")
	}
	ds, err := loadData(*dataSpec, *header, false)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	tr, te, err := data.TrainTestSplit(ds, data.SplitConfig{TestFraction: *testFrac, Stratify: spec.classifier, Seed: h.seed})
	if err != nil {
		return fmt.Errorf("train: split %s: %w", ds.Name, err)
	}
	m := spec.build(h)
	if *scale {
		m = preprocess.NewPipeline(
			preprocess.Step{Name: "scale", Estimator: &preprocess.StandardScaler{}},
			preprocess.Step{Name: *name, Estimator: m},
		)
	}
	if err := m.Fit(tr.X, tr.Y); err != nil {
		return fmt.Errorf("train: fit %s on %s: %w", *name, ds.Name, err)
	}
	scorer := m.(model.Scorer)
	trainScore, err := scorer.Score(tr.X, tr.Y)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	testScore, err := scorer.Score(te.X, te.Y)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	measure := "R²"
	if spec.classifier {
		measure = "accuracy"
	}
	fmt.Fprintf(stdout, "%s on %s: %d training and %d test samples\n", *name, ds.Name, len(tr.Y), len(te.Y))
	fmt.Fprintf(stdout, "%s: train %.4f, test %.4f\n", measure, trainScore, testScore)
	if *out != "" {
		var buf bytes.Buffer
		if err := persist.Save(&buf, m.(interface{ MarshalJSON() ([]byte, error) })); err != nil {
			return fmt.Errorf("train: %w", err)
		}
		if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("train: %w", err)
		}
		fmt.Fprintf(stdout, "saved to %s\n", *out)
	}
	return nil
}

func predict(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("predict", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("model", "", "a model saved by descent train or by Save/MarshalJSON in Go")
	dataSpec := fs.String("data", "", "embedded dataset or a .csv file of features only (no target column)")
	header := fs.Bool("header", false, "the CSV file's first line names the columns")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" || *dataSpec == "" {
		return fmt.Errorf("predict: -model and -data are required")
	}
	f, err := os.Open(*file)
	if err != nil {
		return fmt.Errorf("predict: %w", err)
	}
	defer f.Close()
	m, err := persist.Load(f)
	if err != nil {
		return fmt.Errorf("predict: %s: %w", *file, err)
	}
	p, ok := m.(model.Predictor)
	if !ok {
		return fmt.Errorf("predict: %s holds a %T, which does not predict", *file, m)
	}
	ds, err := loadData(*dataSpec, *header, true)
	if err != nil {
		return fmt.Errorf("predict: %w", err)
	}
	pred, err := p.Predict(ds.X)
	if err != nil {
		return fmt.Errorf("predict: %w", err)
	}
	for _, v := range pred {
		fmt.Fprintf(stdout, "%g\n", v)
	}
	return nil
}
