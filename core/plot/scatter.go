package plot

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/descentml/descent/core/model"
)

// ScatterOptions configures Scatter.
type ScatterOptions struct {
	Options
	// Features are the two columns of X to plot on the x and y axes. The
	// zero value {0, 0} means {0, 1}.
	Features [2]int
	// ClassNames names the classes in the legend, by position in the
	// sorted distinct labels of y; missing names print as "class <label>".
	ClassNames []string
	// Radius is the marker radius in points (default 3).
	Radius float64
}

// Scatter plots two columns of X, one colour and marker per class of y, with
// a legend of class names. y may be nil to plot all points alike.
// Axis labels default to "feature <j>".
func Scatter(X mat.Matrix, y []float64, opt ScatterOptions) (*Figure, error) {
	fig, err := scatter(X, y, opt)
	if err != nil {
		return nil, fmt.Errorf("plot: Scatter: %w", err)
	}
	return fig, nil
}

func scatter(X mat.Matrix, y []float64, opt ScatterOptions) (*Figure, error) {
	_, p, err := checkXY(X, y)
	if err != nil {
		return nil, err
	}
	fx, fy := opt.Features[0], opt.Features[1]
	if fx == 0 && fy == 0 {
		fy = 1
	}
	for _, j := range []int{fx, fy} {
		if j < 0 || j >= p {
			return nil, fmt.Errorf("option Features = %v: column %d is out of range for X with %d columns", opt.Features, j, p)
		}
	}
	if opt.Radius < 0 || math.IsNaN(opt.Radius) {
		return nil, fmt.Errorf("option Radius = %v: must be positive", opt.Radius)
	}
	fig, _, err := newFigure(opt.Options, fmt.Sprintf("feature %d", fx), fmt.Sprintf("feature %d", fy))
	if err != nil {
		return nil, err
	}
	addGrid(fig.Plot)
	var classes []float64
	if y != nil {
		classes = distinct(y)
	}
	if err := addPoints(fig, X, fx, fy, y, classes, opt.ClassNames, opt.Radius, nil); err != nil {
		return nil, err
	}
	// Leave a margin so that no marker is cut by the axes.
	fig.Plot.X.Min, fig.Plot.X.Max = pad(fig.Plot.X.Min, fig.Plot.X.Max, 0.04)
	fig.Plot.Y.Min, fig.Plot.Y.Max = pad(fig.Plot.Y.Min, fig.Plot.Y.Max, 0.04)
	return fig.finish(), nil
}

// addPoints adds the points (X[:, fx], X[:, fy]) to p, one scatter per class
// (colour index = position in classes) with legend entries. With y nil all
// points are drawn in the first colour without a legend entry. A non-nil
// edge colour outlines the markers.
func addPoints(fig *Figure, X mat.Matrix, fx, fy int, y, classes []float64, names []string, radius float64, edge color.Color) error {
	if radius == 0 {
		radius = 3
	}
	p := fig.Plot
	n, _ := X.Dims()
	groups := make([]plotter.XYs, max(1, len(classes)))
	for i := 0; i < n; i++ {
		k := 0
		if y != nil {
			k, _ = slices.BinarySearch(classes, y[i])
		}
		groups[k] = append(groups[k], plotter.XY{X: X.At(i, fx), Y: X.At(i, fy)})
	}
	for k, xys := range groups {
		if len(xys) == 0 {
			continue
		}
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: ClassColor(k), Radius: vg.Points(radius), Shape: classGlyph(k)}
		if edge != nil {
			s.GlyphStyle.Shape = outlined{shape: classGlyph(k), edge: edge}
		}
		p.Add(s)
		if y != nil {
			fig.addLegend(className(names, classes, k), s)
		}
	}
	return nil
}

// RegionOptions configures DecisionRegions and DecisionRegionsFunc.
type RegionOptions struct {
	Options
	// ClassNames names the classes in the legend, by position in the
	// sorted class labels.
	ClassNames []string
	// Resolution is the number of grid cells along each axis (default 200).
	Resolution int
	// XMin, XMax, YMin, YMax bound the grid. When XMin >= XMax (e.g. both
	// zero) the x range is the data range widened by 10% on each side;
	// likewise for y.
	XMin, XMax, YMin, YMax float64
	// Proba shades each region by confidence instead of filling it
	// uniformly: the colour of the most probable class, paler where its
	// probability is lower, with the 0.5 contour of a binary problem drawn
	// as the boundary. For DecisionRegions it needs a model with
	// PredictProba; for DecisionRegionsFunc, f must then return the
	// probability of the larger of two class labels.
	Proba bool
	// Radius is the marker radius in points (default 3).
	Radius float64
}

// DecisionRegions draws the regions of the plane that a fitted classifier m
// assigns to each class, by predicting every cell of a grid spanning the
// two columns of X, and plots X coloured by y on top. A region has the pale
// colour of its class, whose points use the full colour. With opt.Proba and
// a model.ProbabilisticClassifier, regions are shaded by confidence.
func DecisionRegions(m model.Predictor, X mat.Matrix, y []float64, opt RegionOptions) (*Figure, error) {
	fig, err := decisionRegions(m, nil, X, y, opt)
	if err != nil {
		return nil, fmt.Errorf("plot: DecisionRegions: %w", err)
	}
	return fig, nil
}

// DecisionRegionsFunc is DecisionRegions for a classifier given as a
// function returning the predicted class label of a point (x1, x2), or
// with opt.Proba the probability of the larger of two labels.
func DecisionRegionsFunc(f func(x1, x2 float64) float64, X mat.Matrix, y []float64, opt RegionOptions) (*Figure, error) {
	if f == nil {
		return nil, fmt.Errorf("plot: DecisionRegionsFunc: f is nil")
	}
	fig, err := decisionRegions(nil, f, X, y, opt)
	if err != nil {
		return nil, fmt.Errorf("plot: DecisionRegionsFunc: %w", err)
	}
	return fig, nil
}

// grid2 is a regular grid of cell centres.
type grid2 struct {
	n                      int
	xmin, xmax, ymin, ymax float64
}

func (g grid2) x(i int) float64 { return g.xmin + (float64(i)+0.5)*(g.xmax-g.xmin)/float64(g.n) }
func (g grid2) y(j int) float64 { return g.ymin + (float64(j)+0.5)*(g.ymax-g.ymin)/float64(g.n) }

// points returns the n² cell centres as rows (x, y), row index j*n+i.
func (g grid2) points() *mat.Dense {
	d := mat.NewDense(g.n*g.n, 2, nil)
	for j := 0; j < g.n; j++ {
		for i := 0; i < g.n; i++ {
			d.Set(j*g.n+i, 0, g.x(i))
			d.Set(j*g.n+i, 1, g.y(j))
		}
	}
	return d
}

// probGrid is a plotter.GridXYZ over a grid of probabilities.
type probGrid struct {
	g grid2
	p []float64
}

func (p probGrid) Dims() (c, r int)   { return p.g.n, p.g.n }
func (p probGrid) Z(c, r int) float64 { return p.p[r*p.g.n+c] }
func (p probGrid) X(c int) float64    { return p.g.x(c) }
func (p probGrid) Y(r int) float64    { return p.g.y(r) }

func decisionRegions(m model.Predictor, f func(x1, x2 float64) float64, X mat.Matrix, y []float64, opt RegionOptions) (*Figure, error) {
	if m == nil && f == nil {
		return nil, fmt.Errorf("model is nil")
	}
	_, p, err := checkXY(X, y)
	if err != nil {
		return nil, err
	}
	if y == nil {
		return nil, fmt.Errorf("y is nil: labels are needed to colour the points")
	}
	if p != 2 {
		return nil, fmt.Errorf("X has %d columns: decision regions need a classifier of exactly two features", p)
	}
	res := opt.Resolution
	if res == 0 {
		res = 200
	}
	if res < 2 || res > 2000 {
		return nil, fmt.Errorf("option Resolution = %d: must be in [2, 2000]", res)
	}
	g := grid2{n: res, xmin: opt.XMin, xmax: opt.XMax, ymin: opt.YMin, ymax: opt.YMax}
	for _, v := range []float64{g.xmin, g.xmax, g.ymin, g.ymax} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("grid bounds must be finite, got %v", v)
		}
	}
	col := func(j int) []float64 { return mat.Col(nil, j, X) }
	if !(g.xmin < g.xmax) {
		g.xmin, g.xmax = pad2(col(0))
	}
	if !(g.ymin < g.ymax) {
		g.ymin, g.ymax = pad2(col(1))
	}

	// Per cell: the predicted label and a confidence in [0, 1].
	cells := res * res
	label := make([]float64, cells)
	conf := make([]float64, cells)
	var pPos []float64 // binary probability of the larger label, for the boundary
	var classes []float64
	switch {
	case f != nil:
		vals := make([]float64, cells)
		for j := 0; j < res; j++ {
			for i := 0; i < res; i++ {
				v := f(g.x(i), g.y(j))
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, fmt.Errorf("f(%g, %g) = %v: must be finite", g.x(i), g.y(j), v)
				}
				vals[j*res+i] = v
			}
		}
		if opt.Proba {
			classes = distinct(y)
			if len(classes) != 2 {
				return nil, fmt.Errorf("option Proba with a function needs exactly two classes in y, got %d", len(classes))
			}
			for c, v := range vals {
				if v < 0 || v > 1 {
					return nil, fmt.Errorf("option Proba: f returned %v at (%g, %g), not a probability", v, g.x(c%res), g.y(c/res))
				}
				label[c], conf[c] = classes[0], 1-v
				if v >= 0.5 {
					label[c], conf[c] = classes[1], v
				}
			}
			pPos = vals
		} else {
			copy(label, vals)
			classes = distinct(y, label)
		}
	default:
		pts := g.points()
		pm, isProba := m.(model.ProbabilisticClassifier)
		if opt.Proba && !isProba {
			return nil, fmt.Errorf("option Proba: the model (%T) has no PredictProba method", m)
		}
		if opt.Proba {
			proba, err := pm.PredictProba(pts)
			if err != nil {
				return nil, fmt.Errorf("predicting the grid: %w", err)
			}
			classes = slices.Clone(pm.Classes())
			if r, c := proba.Dims(); r != cells || c != len(classes) {
				return nil, fmt.Errorf("the model's PredictProba returned %d×%d, want %d×%d", r, c, cells, len(classes))
			}
			for c := range cells {
				best := 0
				for k := range classes {
					if proba.At(c, k) > proba.At(c, best) {
						best = k
					}
				}
				label[c], conf[c] = classes[best], proba.At(c, best)
			}
			if len(classes) == 2 {
				pPos = mat.Col(nil, 1, proba)
			}
			classes = distinct(classes, y)
		} else {
			pred, err := m.Predict(pts)
			if err != nil {
				return nil, fmt.Errorf("predicting the grid: %w", err)
			}
			if len(pred) != cells {
				return nil, fmt.Errorf("the model's Predict returned %d values for %d grid points", len(pred), cells)
			}
			if err := checkFinite("prediction", pred); err != nil {
				return nil, err
			}
			copy(label, pred)
			var known []float64
			if c, ok := m.(interface{ Classes() []float64 }); ok {
				known = c.Classes()
			}
			classes = distinct(known, y, label)
		}
	}

	// Paint the cells: image row 0 is the top of the plot (largest y).
	img := image.NewRGBA(image.Rect(0, 0, res, res))
	k := len(classes)
	for j := 0; j < res; j++ {
		for i := 0; i < res; i++ {
			c := j*res + i
			idx, _ := slices.BinarySearch(classes, label[c])
			a := 0.3
			if opt.Proba {
				// Confidence 1/k (a tie) is white, certainty is 0.55.
				floor := 1 / float64(max(k, 2))
				a = 0.55 * (conf[c] - floor) / (1 - floor)
			}
			img.SetRGBA(i, res-1-j, blend(ClassColor(idx), a))
		}
	}

	fig, _, err := newFigure(opt.Options, "x1", "x2")
	if err != nil {
		return nil, err
	}
	fig.Plot.Add(plotter.NewImage(img, g.xmin, g.ymin, g.xmax, g.ymax))
	if pPos != nil {
		ct := plotter.NewContour(probGrid{g: g, p: pPos}, []float64{0.5}, nil)
		ct.LineStyles = []draw.LineStyle{{Color: color.Gray{Y: 60}, Width: vg.Points(1.2)}}
		ct.Min, ct.Max = 0, 1
		fig.Plot.Add(ct)
	}
	if err := addPoints(fig, X, 0, 1, y, classes, opt.ClassNames, opt.Radius, color.Gray{Y: 40}); err != nil {
		return nil, err
	}
	fig.Plot.X.Min, fig.Plot.X.Max = g.xmin, g.xmax
	fig.Plot.Y.Min, fig.Plot.Y.Max = g.ymin, g.ymax
	fig.Plot.X.Padding, fig.Plot.Y.Padding = 0, 0
	return fig.finish(), nil
}

// pad2 returns the range of v widened by 10% on each side.
func pad2(v []float64) (float64, float64) {
	lo, hi := dataRange(v)
	return pad(lo, hi, 0.1)
}
