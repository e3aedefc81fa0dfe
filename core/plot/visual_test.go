package plot_test

import (
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/core/metrics"
	"github.com/descentml/descent/core/optim"
	"github.com/descentml/descent/core/optim/surface"
	"github.com/descentml/descent/core/plot"
)

// gallery builds one figure of every kind from realistic course data.
func gallery(t *testing.T) map[string]*plot.Figure {
	t.Helper()
	must := func(f *plot.Figure, err error) *plot.Figure {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	figs := map[string]*plot.Figure{}

	iris := data.Iris()
	figs["scatter"] = must(plot.Scatter(iris.X, iris.Y, plot.ScatterOptions{
		Options:    plot.Options{Title: "Iris", XLabel: iris.FeatureNames[0], YLabel: iris.FeatureNames[1]},
		ClassNames: iris.TargetNames,
	}))

	// Decision regions of multinomial logistic regression on two iris features.
	X2 := mat.DenseCopyOf(iris.X.Slice(0, 150, 2, 4))
	lr := &linear.LogisticRegression{}
	if err := lr.Fit(X2, iris.Y); err != nil {
		t.Fatal(err)
	}
	figs["regions"] = must(plot.DecisionRegions(lr, X2, iris.Y, plot.RegionOptions{
		Options:    plot.Options{Title: "Logistic regression on iris", XLabel: "petal length", YLabel: "petal width"},
		ClassNames: iris.TargetNames,
	}))
	figs["regions_proba"] = must(plot.DecisionRegions(lr, X2, iris.Y, plot.RegionOptions{
		Options: plot.Options{Title: "Probabilities"}, ClassNames: iris.TargetNames, Proba: true,
	}))
	moons, err := data.Moons(data.MoonsConfig{N: 200, Noise: 0.2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	bin := &linear.LogisticRegression{}
	if err := bin.Fit(moons.X, moons.Y); err != nil {
		t.Fatal(err)
	}
	figs["regions_binary_proba"] = must(plot.DecisionRegions(bin, moons.X, moons.Y, plot.RegionOptions{
		Options: plot.Options{Title: "P(class 1) on moons"}, Proba: true,
	}))

	x := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	y := []float64{2.1, 6.3, 6.2, 10.4, 9.6, 14.2, 13.1, 18.0}
	figs["regression"] = must(plot.RegressionLine(x, y, 2, 1, plot.RegressionOptions{Options: plot.Options{Title: "Least squares"}}))

	// Optimizer paths on the Rosenbrock valley.
	rb := surface.Rosenbrock{}
	var paths []plot.Path
	var series []plot.Series
	for _, run := range []struct {
		name string
		m    optim.Method
	}{
		{"GD", optim.GD{LearningRate: 0.002}},
		{"momentum", optim.Momentum{LearningRate: 0.001, Momentum: 0.9}},
		{"Adam", optim.Adam{LearningRate: 0.1}},
	} {
		res, err := optim.Minimize(rb, rb.Start(), run.m, optim.Settings{MaxIter: 300, Record: true, RecordEvery: 5})
		if err != nil {
			t.Fatal(err)
		}
		p, err := plot.PathFromTrace(run.name, res.Trace)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
		s, err := plot.SeriesFromTrace(run.name, res.Trace)
		if err != nil {
			t.Fatal(err)
		}
		series = append(series, s)
	}
	xmin, xmax, ymin, ymax := rb.Bounds()
	figs["contours"] = must(plot.Contours(func(a, b float64) float64 { return rb.Eval([]float64{a, b}, nil) }, plot.ContourOptions{
		Options: plot.Options{Title: "Rosenbrock"},
		XMin:    xmin, XMax: xmax, YMin: ymin, YMax: ymax,
		Paths: paths,
	}))
	figs["loss"] = must(plot.LossCurves(series, plot.LineOptions{Options: plot.Options{Title: "Loss"}, LogY: true}))
	figs["lines"] = must(plot.Lines([]plot.Series{
		{Name: "DP-SGD", X: []float64{0.1, 0.5, 1, 2, 5, 10}, Y: []float64{0.52, 0.71, 0.83, 0.89, 0.92, 0.93}},
		{Name: "non-private", X: []float64{0.1, 10}, Y: []float64{0.95, 0.95}},
	}, plot.LineOptions{Options: plot.Options{Title: "Accuracy against ε", XLabel: "ε", YLabel: "accuracy", LegendBottom: true}, LogX: true, Points: true, YMin: 0.5, YMax: 1}))

	pred, err := lr.Predict(X2)
	if err != nil {
		t.Fatal(err)
	}
	cm, err := metrics.ConfusionMatrix(iris.Y, pred)
	if err != nil {
		t.Fatal(err)
	}
	figs["confusion"] = must(plot.ConfusionMatrix(cm, plot.ConfusionOptions{Options: plot.Options{Title: "Confusion"}, ClassNames: iris.TargetNames}))

	c10 := &metrics.Confusion{Labels: make([]float64, 10), Counts: make([][]int, 10)}
	for i := range 10 {
		c10.Labels[i] = float64(i)
		c10.Counts[i] = make([]int, 10)
		c10.Counts[i][i] = 170 + 3*i
		c10.Counts[i][(i+3)%10] = i
	}
	bc := data.BreastCancer()
	means := make([]float64, len(bc.FeatureNames))
	for j := range means {
		means[j] = float64((j*7)%30) / 300
	}
	figs["importances30"] = must(plot.Importances(bc.FeatureNames, means, nil, plot.ImportanceOptions{Options: plot.Options{Title: "30 features", Height: 6}}))
	figs["confusion10"] = must(plot.ConfusionMatrix(c10, plot.ConfusionOptions{Options: plot.Options{Title: "Digits", Width: 5, Height: 5}}))
	figs["confusion_norm"] = must(plot.ConfusionMatrix(cm, plot.ConfusionOptions{Normalize: true, ClassNames: iris.TargetNames}))

	proba, err := bin.PredictProba(moons.X)
	if err != nil {
		t.Fatal(err)
	}
	fpr, tpr, _, err := metrics.ROC(moons.Y, mat.Col(nil, 1, proba), 1)
	if err != nil {
		t.Fatal(err)
	}
	figs["roc"] = must(plot.ROC([]plot.ROCCurve{
		{Name: "logistic", FPR: fpr, TPR: tpr},
		{Name: "feature 0", FPR: []float64{0, 0.2, 0.5, 1}, TPR: []float64{0, 0.5, 0.8, 1}},
	}, plot.ROCOptions{Options: plot.Options{Title: "ROC on moons"}}))

	figs["importances"] = must(plot.Importances(
		[]string{"age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"},
		[]float64{0.01, 0.002, 0.18, 0.09, 0.04, 0.02, 0.01, 0.005, 0.16, 0.003},
		[]float64{0.004, 0.001, 0.02, 0.015, 0.03, 0.02, 0.006, 0.004, 0.02, 0.002},
		plot.ImportanceOptions{Options: plot.Options{Title: "Permutation importance"}}))
	return figs
}

// TestGallery renders every figure kind to PNG and SVG. With
// PLOT_GALLERY=dir set it also writes them to dir for a visual check.
func TestGallery(t *testing.T) {
	dir := os.Getenv("PLOT_GALLERY")
	if dir == "" {
		dir = t.TempDir()
	}
	for name, f := range gallery(t) {
		png, err := f.RenderPNG()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		svg, err := f.RenderSVG()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".svg"), svg, 0o644); err != nil {
			t.Fatal(err)
		}
		doc := parseSVG(t, svg)
		switch name {
		case "regions_binary_proba":
			// The p = 0.5 boundary of a binary probabilistic model.
			if doc.strokes["#3C3C3C"] == 0 {
				t.Errorf("%s: no decision boundary drawn", name)
			}
		case "regions_proba", "regions":
			if doc.strokes["#3C3C3C"] != 0 {
				t.Errorf("%s: a 0.5 boundary drawn for three classes", name)
			}
			if doc.elements["image"] != 1 {
				t.Errorf("%s: no region raster", name)
			}
		}
	}
}
