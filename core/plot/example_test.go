package plot_test

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/metrics"
	"github.com/descentml/descent/core/plot"
)

// A figure renders itself: SVG() for notebooks and web pages, PNG() for
// reports.
func ExampleScatter() {
	X := mat.NewDense(4, 2, []float64{1, 1, 1.5, 2, 4, 4, 5, 4.5})
	y := []float64{0, 0, 1, 1}
	fig, err := plot.Scatter(X, y, plot.ScatterOptions{
		Options:    plot.Options{Title: "Two classes", XLabel: "x1", YLabel: "x2"},
		ClassNames: []string{"negative", "positive"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(fig)
	svg := fig.SVG()
	fmt.Println(strings.HasPrefix(svg, "<?xml"), strings.Contains(svg, ">Two classes</text>"))
	img, err := png.Decode(bytes.NewReader(fig.PNG()))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(img.Bounds().Dx(), "×", img.Bounds().Dy(), "pixels")
	// Output:
	// Figure "Two classes" (6×4 in)
	// true true
	// 600 × 400 pixels
}

// Decision regions of a classifier given as a function of the two features.
func ExampleDecisionRegionsFunc() {
	X := mat.NewDense(4, 2, []float64{-1, -1, -1, 1, 1, -1, 1, 1})
	y := []float64{0, 1, 1, 0}
	xor := func(x1, x2 float64) float64 {
		if x1*x2 < 0 {
			return 1
		}
		return 0
	}
	fig, err := plot.DecisionRegionsFunc(xor, X, y, plot.RegionOptions{
		Options: plot.Options{Title: "XOR"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Contains(fig.SVG(), "<image"))
	// Output: true
}

// Gradient descent on an elongated bowl, drawn over its contours.
func ExampleContours() {
	loss := func(w1, w2 float64) float64 { return w1*w1 + 10*w2*w2 }
	w := []float64{-4, 1.5}
	path := plot.Path{Name: "GD, η = 0.08"}
	for range 20 {
		path.Points = append(path.Points, [2]float64{w[0], w[1]})
		w[0] -= 0.08 * 2 * w[0]
		w[1] -= 0.08 * 20 * w[1]
	}
	fig, err := plot.Contours(loss, plot.ContourOptions{
		Options: plot.Options{Title: "Loss surface"},
		XMin:    -5, XMax: 5, YMin: -2, YMax: 2,
		Paths: []plot.Path{path},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Contains(fig.SVG(), "GD, η = 0.08"))
	// Output: true
}

func ExampleConfusionMatrix() {
	c, err := metrics.ConfusionMatrix([]float64{0, 0, 1, 1, 1}, []float64{0, 1, 1, 1, 0})
	if err != nil {
		fmt.Println(err)
		return
	}
	c.Names = []string{"ham", "spam"}
	fig, err := plot.ConfusionMatrix(c, plot.ConfusionOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	svg := fig.SVG()
	fmt.Println(strings.Count(svg, ">spam</text>"), "spam labels")
	// Output: 2 spam labels
}

func ExampleLossCurves() {
	var gd, momentum plot.Series
	gd.Name, momentum.Name = "GD", "momentum"
	for i := range 50 {
		gd.Y = append(gd.Y, math.Pow(0.95, float64(i)))
		momentum.Y = append(momentum.Y, math.Pow(0.85, float64(i)))
	}
	fig, err := plot.LossCurves([]plot.Series{gd, momentum}, plot.LineOptions{LogY: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(fig.PNG()) > 0)
	// Output: true
}

func ExampleROC() {
	fpr, tpr, _, err := metrics.ROC([]float64{0, 0, 1, 1}, []float64{0.1, 0.4, 0.35, 0.8}, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fig, err := plot.ROC([]plot.ROCCurve{{Name: "model", FPR: fpr, TPR: tpr}}, plot.ROCOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Contains(fig.SVG(), "model (AUC = 0.750)"))
	// Output: true
}

func ExampleImportances() {
	fig, err := plot.Importances(
		[]string{"age", "bmi", "bp"},
		[]float64{0.01, 0.2, 0.08},
		[]float64{0.005, 0.03, 0.02},
		plot.ImportanceOptions{Options: plot.Options{Title: "Permutation importance"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Contains(fig.SVG(), ">bmi</text>"))
	// Output: true
}

func ExampleRegressionLine() {
	x := []float64{1, 2, 3, 4}
	y := []float64{3.2, 4.8, 7.1, 9}
	fig, err := plot.RegressionLine(x, y, 1.95, 1.1, plot.RegressionOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Contains(fig.SVG(), "y = 1.95·x + 1.1"))
	// Output: true
}
