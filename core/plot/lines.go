package plot

import (
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/descentml/descent/core/metrics"
	"github.com/descentml/descent/core/optim"
)

// Series is one named curve of a line chart.
type Series struct {
	// Name labels the curve in the legend; empty means no legend entry.
	Name string
	// X are the abscissae; nil means 0, 1, …, len(Y)-1 (e.g. iterations).
	X []float64
	// Y are the values.
	Y []float64
}

// SeriesFromTrace returns the loss curve of an optimizer run: the loss of
// every recorded step against its iteration number.
func SeriesFromTrace(name string, tr *optim.Trace) (Series, error) {
	if tr == nil || len(tr.Steps) == 0 {
		return Series{}, fmt.Errorf("plot: SeriesFromTrace: trace %q is empty (set Settings.Record to keep one)", name)
	}
	s := Series{Name: name, X: make([]float64, len(tr.Steps)), Y: tr.Losses()}
	for i, st := range tr.Steps {
		s.X[i] = float64(st.Iter)
	}
	return s, nil
}

// LineOptions configures Lines and LossCurves.
type LineOptions struct {
	Options
	// LogX and LogY use a logarithmic axis; every value on it must then be
	// positive. Log axes are labelled at powers of ten ("1e-12", "0.01",
	// "1", "100"), with 2× and 5× (or more) multiples labelled too when the
	// range spans only a decade or two, so every axis has several labels.
	LogX, LogY bool
	// Points marks every data point, for short series (e.g. accuracy at a
	// few values of ε).
	Points bool
	// YMin and YMax fix the y range when YMin < YMax (e.g. 0 and 1 for
	// accuracy); otherwise it fits the data.
	YMin, YMax float64
}

// Lines draws one line per series, series i in ClassColor(i), with a legend of
// the series names — for example accuracy against the privacy budget ε.
// Axis labels default to "x" and "y".
func Lines(series []Series, opt LineOptions) (*Figure, error) {
	fig, err := lines(series, opt, "x", "y")
	if err != nil {
		return nil, fmt.Errorf("plot: Lines: %w", err)
	}
	return fig, nil
}

// LossCurves draws one loss curve per series (loss against iteration or
// epoch), with a legend of the series names; opt.LogY shows losses spanning
// several orders of magnitude. Axis labels default to "iteration" and
// "loss".
func LossCurves(series []Series, opt LineOptions) (*Figure, error) {
	fig, err := lines(series, opt, "iteration", "loss")
	if err != nil {
		return nil, fmt.Errorf("plot: LossCurves: %w", err)
	}
	return fig, nil
}

func lines(series []Series, opt LineOptions, xlabel, ylabel string) (*Figure, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("no series to plot")
	}
	for si, s := range series {
		if len(s.Y) == 0 {
			return nil, fmt.Errorf("series %d (%q) is empty", si, s.Name)
		}
		if s.X != nil && len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("series %d (%q) has %d X values but %d Y values", si, s.Name, len(s.X), len(s.Y))
		}
		if err := checkFinite(fmt.Sprintf("series %q: X", s.Name), s.X); err != nil {
			return nil, err
		}
		if err := checkFinite(fmt.Sprintf("series %q: Y", s.Name), s.Y); err != nil {
			return nil, err
		}
		for i, v := range s.Y {
			if opt.LogY && v <= 0 {
				return nil, fmt.Errorf("series %q: Y[%d] = %v: a log y axis needs positive values", s.Name, i, v)
			}
		}
		for i, v := range s.X {
			if opt.LogX && v <= 0 {
				return nil, fmt.Errorf("series %q: X[%d] = %v: a log x axis needs positive values", s.Name, i, v)
			}
		}
		if opt.LogX && s.X == nil {
			return nil, fmt.Errorf("series %q: a log x axis needs explicit positive X values", s.Name)
		}
	}
	fig, _, err := newFigure(opt.Options, xlabel, ylabel)
	if err != nil {
		return nil, err
	}
	p := fig.Plot
	addGrid(p)
	for si, s := range series {
		xys := make(plotter.XYs, len(s.Y))
		for i, v := range s.Y {
			xys[i] = plotter.XY{X: float64(i), Y: v}
			if s.X != nil {
				xys[i].X = s.X[i]
			}
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		l.LineStyle = draw.LineStyle{Color: ClassColor(si), Width: vg.Points(1.6)}
		things := []gplot.Thumbnailer{l}
		p.Add(l)
		if opt.Points || len(s.Y) == 1 {
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, err
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: ClassColor(si), Radius: vg.Points(3), Shape: classGlyph(si)}
			p.Add(sc)
			things = append(things, sc)
		}
		if s.Name != "" {
			fig.addLegend(s.Name, things...)
		}
	}
	// A small margin keeps end markers whole.
	if opt.LogX {
		p.X.Min, p.X.Max = p.X.Min/1.08, p.X.Max*1.08
	} else if opt.Points {
		p.X.Min, p.X.Max = pad(p.X.Min, p.X.Max, 0.02)
	}
	if opt.YMin < opt.YMax {
		p.Y.Min, p.Y.Max = opt.YMin, opt.YMax
	}
	if opt.LogY {
		p.Y.Scale = gplot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	if opt.LogX {
		p.X.Scale = gplot.LogScale{}
		p.X.Tick.Marker = logTicks{}
	}
	return fig.finish(), nil
}

// RegressionOptions configures RegressionLine.
type RegressionOptions struct {
	Options
	// HideResiduals leaves out the residual segments.
	HideResiduals bool
}

// RegressionLine plots the points (x[i], y[i]), the fitted line
// y = slope·x + intercept across their x range, and each residual as a
// vertical segment from the point to the line. The legend gives the line's
// equation; it sits top left for a rising line, top right otherwise. Axis
// labels default to "x" and "y".
func RegressionLine(x, y []float64, slope, intercept float64, opt RegressionOptions) (*Figure, error) {
	fig, err := regressionLine(x, y, slope, intercept, opt)
	if err != nil {
		return nil, fmt.Errorf("plot: RegressionLine: %w", err)
	}
	return fig, nil
}

func regressionLine(x, y []float64, slope, intercept float64, opt RegressionOptions) (*Figure, error) {
	if len(x) == 0 {
		return nil, fmt.Errorf("no points to plot")
	}
	if len(x) != len(y) {
		return nil, fmt.Errorf("x has %d values but y has %d", len(x), len(y))
	}
	if err := checkFinite("x", x); err != nil {
		return nil, err
	}
	if err := checkFinite("y", y); err != nil {
		return nil, err
	}
	if math.IsNaN(slope) || math.IsInf(slope, 0) || math.IsNaN(intercept) || math.IsInf(intercept, 0) {
		return nil, fmt.Errorf("slope %v and intercept %v must be finite", slope, intercept)
	}
	fig, _, err := newFigure(opt.Options, "x", "y")
	if err != nil {
		return nil, err
	}
	p := fig.Plot
	addGrid(p)
	lo, hi := dataRange(x)
	lo, hi = pad(lo, hi, 0.03)
	pts := make(plotter.XYs, len(x))
	for i := range x {
		pts[i] = plotter.XY{X: x[i], Y: y[i]}
	}
	var first *plotter.Line // the first residual, for the legend
	var segs []gplot.Plotter
	if !opt.HideResiduals {
		res := color.RGBA{0xd6, 0x27, 0x28, 0xff}
		for i := range x {
			seg, err := plotter.NewLine(plotter.XYs{{X: x[i], Y: y[i]}, {X: x[i], Y: slope*x[i] + intercept}})
			if err != nil {
				return nil, err
			}
			seg.LineStyle = draw.LineStyle{Color: res, Width: vg.Points(1.3)}
			segs = append(segs, seg)
			if first == nil {
				first = seg
			}
		}
	}
	line, err := plotter.NewLine(plotter.XYs{{X: lo, Y: slope*lo + intercept}, {X: hi, Y: slope*hi + intercept}})
	if err != nil {
		return nil, err
	}
	line.LineStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(1.8)}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: ClassColor(0), Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
	// The line first, then the residuals over it, then the points on top.
	p.Add(line)
	p.Add(segs...)
	p.Add(sc)
	fig.addLegend("data", sc)
	fig.addLegend(fmt.Sprintf("y = %.3g·x %s %.3g", slope, sign(intercept), math.Abs(intercept)), line)
	if first != nil {
		fig.addLegend("residuals", first)
	}
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min, p.Y.Max = pad(p.Y.Min, p.Y.Max, 0.05)
	if slope >= 0 && !opt.LegendBottom {
		p.Legend.Left = true // a rising line leaves the top left corner free
	}
	return fig.finish(), nil
}

func sign(v float64) string {
	if v < 0 {
		return "−"
	}
	return "+"
}

// ROCCurve is one receiver operating characteristic curve, as returned by
// metrics.ROC.
type ROCCurve struct {
	// Name labels the curve in the legend, followed by its AUC.
	Name string
	// FPR and TPR are the false and true positive rates, FPR
	// non-decreasing, all in [0, 1].
	FPR, TPR []float64
}

// ROCOptions configures ROC.
type ROCOptions struct {
	Options
}

// ROC draws ROC curves (true against false positive rate) with the area
// under each curve in the legend ("name (AUC = 0.953)", placed at the
// bottom) and the diagonal of a random classifier for reference. Axis labels default to "false
// positive rate" and "true positive rate".
func ROC(curves []ROCCurve, opt ROCOptions) (*Figure, error) {
	fig, err := roc(curves, opt)
	if err != nil {
		return nil, fmt.Errorf("plot: ROC: %w", err)
	}
	return fig, nil
}

func roc(curves []ROCCurve, opt ROCOptions) (*Figure, error) {
	if len(curves) == 0 {
		return nil, fmt.Errorf("no curves to plot")
	}
	aucs := make([]float64, len(curves))
	for ci, c := range curves {
		if len(c.FPR) != len(c.TPR) {
			return nil, fmt.Errorf("curve %d (%q) has %d FPR values but %d TPR values", ci, c.Name, len(c.FPR), len(c.TPR))
		}
		for i := range c.FPR {
			if !(c.FPR[i] >= 0 && c.FPR[i] <= 1) || !(c.TPR[i] >= 0 && c.TPR[i] <= 1) {
				return nil, fmt.Errorf("curve %q: point %d (%v, %v) is outside [0, 1]²", c.Name, i, c.FPR[i], c.TPR[i])
			}
			if i > 0 && c.FPR[i] < c.FPR[i-1] {
				return nil, fmt.Errorf("curve %q: FPR[%d] = %v < FPR[%d] = %v: FPR must be non-decreasing", c.Name, i, c.FPR[i], i-1, c.FPR[i-1])
			}
		}
		auc, err := metrics.AUC(c.FPR, c.TPR)
		if err != nil {
			return nil, fmt.Errorf("curve %q: %w", c.Name, err)
		}
		aucs[ci] = auc
	}
	fig, _, err := newFigure(opt.Options, "false positive rate", "true positive rate")
	if err != nil {
		return nil, err
	}
	p := fig.Plot
	addGrid(p)
	diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return nil, err
	}
	diag.LineStyle = draw.LineStyle{Color: color.Gray{Y: 128}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	p.Add(diag)
	for ci, c := range curves {
		xys := make(plotter.XYs, len(c.FPR))
		for i := range c.FPR {
			xys[i] = plotter.XY{X: c.FPR[i], Y: c.TPR[i]}
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		l.LineStyle = draw.LineStyle{Color: ClassColor(ci), Width: vg.Points(1.8)}
		p.Add(l)
		name := c.Name
		if name == "" {
			name = fmt.Sprintf("curve %d", ci+1)
		}
		fig.addLegend(fmt.Sprintf("%s (AUC = %.3f)", name, aucs[ci]), l)
	}
	fig.addLegend("chance (AUC = 0.5)", diag)
	p.Legend.Top = false // ROC curves leave the bottom right corner free

	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1.01
	return fig.finish(), nil
}
