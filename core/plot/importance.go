package plot

import (
	"cmp"
	"fmt"
	"image/color"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/descentml/descent/core/explain"
)

// ImportanceOptions configures Importances.
type ImportanceOptions struct {
	Options
	// Top keeps only the Top most important features (0 means all).
	Top int
}

// Importances draws a horizontal bar per feature, sorted with the most
// important at the top, with error bars of ± one standard deviation when
// std is not nil (e.g. permutation importance over repeats). The x label
// defaults to "importance".
func Importances(names []string, mean, std []float64, opt ImportanceOptions) (*Figure, error) {
	fig, err := importances(names, mean, std, opt)
	if err != nil {
		return nil, fmt.Errorf("plot: Importances: %w", err)
	}
	return fig, nil
}

// ImportancesOf draws the permutation importances im (see Importances).
func ImportancesOf(im *explain.Importance, opt ImportanceOptions) (*Figure, error) {
	if im == nil {
		return nil, fmt.Errorf("plot: ImportancesOf: importance is nil")
	}
	return Importances(im.Names, im.Mean, im.Std, opt)
}

func importances(names []string, mean, std []float64, opt ImportanceOptions) (*Figure, error) {
	n := len(mean)
	if n == 0 {
		return nil, fmt.Errorf("no importances to plot")
	}
	if names != nil && len(names) != n {
		return nil, fmt.Errorf("%d names for %d importances", len(names), n)
	}
	if std != nil && len(std) != n {
		return nil, fmt.Errorf("%d standard deviations for %d importances", len(std), n)
	}
	if err := checkFinite("mean", mean); err != nil {
		return nil, err
	}
	if err := checkFinite("std", std); err != nil {
		return nil, err
	}
	for i, s := range std {
		if s < 0 {
			return nil, fmt.Errorf("std[%d] = %v is negative", i, s)
		}
	}
	if opt.Top < 0 {
		return nil, fmt.Errorf("option Top = %d: must be ≥ 0", opt.Top)
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	// Most important first; ties keep column order.
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(mean[b], mean[a]) })
	if opt.Top > 0 && opt.Top < n {
		order = order[:opt.Top]
	}
	m := len(order)
	// Bars go bottom-up, so reverse: the most important is drawn last, on top.
	vals := make(plotter.Values, m)
	labels := make([]string, m)
	errs := make(plotter.XErrors, m)
	xys := make(plotter.XYs, m)
	for r, i := range order {
		pos := m - 1 - r
		vals[pos] = mean[i]
		labels[pos] = fmt.Sprintf("feature %d", i)
		if names != nil {
			labels[pos] = names[i]
		}
		xys[pos] = plotter.XY{X: mean[i], Y: float64(pos)}
		if std != nil {
			errs[pos] = struct{ Low, High float64 }{-std[i], std[i]}
		}
	}
	// Fit the bars to the figure height.
	o, err := opt.Options.resolve("importance", "")
	if err != nil {
		return nil, err
	}
	fig, _, err := newFigure(o, "importance", "")
	if err != nil {
		return nil, err
	}
	p := fig.Plot
	addGrid(p)
	avail := vg.Length(o.Height)*vg.Inch - vg.Points(70)
	width := min(vg.Points(22), avail/vg.Length(m)*0.75)
	bars, err := plotter.NewBarChart(vals, width)
	if err != nil {
		return nil, err
	}
	bars.Horizontal = true
	bars.Color = ClassColor(0)
	bars.LineStyle.Width = 0
	p.Add(bars)
	if std != nil {
		eb := &plotter.XErrorBars{XYs: xys, XErrors: errs, LineStyle: draw.LineStyle{Color: color.Black, Width: vg.Points(1)}, CapWidth: width * 0.4}
		p.Add(eb)
	}
	// Room for the longest error bar, and for negative importances.
	lo, hi := 0.0, 0.0
	for _, i := range order {
		e := 0.0
		if std != nil {
			e = std[i]
		}
		lo, hi = min(lo, mean[i]-e), max(hi, mean[i]+e)
	}
	if hi == lo {
		hi = 1
	}
	p.X.Min, p.X.Max = pad(lo, hi, 0.04)
	if lo == 0 {
		p.X.Min = 0
	}
	p.NominalY(labels...)
	// Shrink the names when many features share the height (raise Height
	// for more than about 30).
	p.Y.Tick.Label.Font.Size = max(5, min(10, avail/vg.Length(m)*0.8))
	roomForLeftLabels(p, labels)
	return fig, nil
}
