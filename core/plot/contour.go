package plot

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/descentml/descent/core/optim"
)

// Path is a named sequence of points in the plane, such as the iterates of
// an optimizer on a two-parameter loss surface.
type Path struct {
	// Name labels the path in the legend.
	Name string
	// Points are the successive positions (x, y).
	Points [][2]float64
}

// PathFromTrace returns the path of the first two parameters over the
// steps of an optimizer trace.
func PathFromTrace(name string, tr *optim.Trace) (Path, error) {
	if tr == nil || len(tr.Steps) == 0 {
		return Path{}, fmt.Errorf("plot: PathFromTrace: trace %q is empty (set Settings.Record to keep one)", name)
	}
	p := Path{Name: name, Points: make([][2]float64, len(tr.Steps))}
	for i, s := range tr.Steps {
		if len(s.Params) < 2 {
			return Path{}, fmt.Errorf("plot: PathFromTrace: step %d of %q has %d parameters, need 2", i, name, len(s.Params))
		}
		p.Points[i] = [2]float64{s.Params[0], s.Params[1]}
	}
	return p, nil
}

// PathFromPoints returns the path through points, each of which must hold
// at least two coordinates (the first two are used).
func PathFromPoints(name string, points [][]float64) (Path, error) {
	p := Path{Name: name, Points: make([][2]float64, len(points))}
	for i, q := range points {
		if len(q) < 2 {
			return Path{}, fmt.Errorf("plot: PathFromPoints: point %d of %q has %d coordinates, need 2", i, name, len(q))
		}
		p.Points[i] = [2]float64{q[0], q[1]}
	}
	return p, nil
}

// ContourOptions configures Contours.
type ContourOptions struct {
	Options
	// XMin, XMax, YMin, YMax bound the grid over which f is evaluated
	// (required: XMin < XMax and YMin < YMax).
	XMin, XMax, YMin, YMax float64
	// Resolution is the number of grid points along each axis (default
	// 150).
	Resolution int
	// Levels are the contour heights. When empty, NumLevels levels are
	// placed at quantiles (i/(NumLevels+1))^1.5 of f over the grid: adapted to
	// bowls and narrow valleys alike, and denser near the minimum.
	Levels []float64
	// NumLevels is the number of automatic levels (default 12).
	NumLevels int
	// Paths are drawn over the contours, path i in ClassColor(i) (the
	// colour of series i in Lines and LossCurves, so a method keeps its
	// colour across figures) with a legend entry: a line through the
	// points on a white halo, a dot per point, a ring at the start and a
	// larger dot at the end.
	Paths []Path
}

// Contours draws contour lines of f(x, y) over a grid — a loss surface of
// two parameters — with optimizer paths on top. Low levels are dark, high
// levels light. Axis labels default to "w1" and "w2".
func Contours(f func(x, y float64) float64, opt ContourOptions) (*Figure, error) {
	fig, err := contours(f, opt)
	if err != nil {
		return nil, fmt.Errorf("plot: Contours: %w", err)
	}
	return fig, nil
}

// valueGrid is a plotter.GridXYZ of function values.
type valueGrid struct {
	n                      int
	xmin, xmax, ymin, ymax float64
	z                      []float64
}

func (g *valueGrid) Dims() (c, r int)   { return g.n, g.n }
func (g *valueGrid) Z(c, r int) float64 { return g.z[r*g.n+c] }
func (g *valueGrid) X(c int) float64 {
	return g.xmin + float64(c)*(g.xmax-g.xmin)/float64(g.n-1)
}
func (g *valueGrid) Y(r int) float64 {
	return g.ymin + float64(r)*(g.ymax-g.ymin)/float64(g.n-1)
}

func contours(f func(x, y float64) float64, opt ContourOptions) (*Figure, error) {
	if f == nil {
		return nil, fmt.Errorf("f is nil")
	}
	for _, v := range []float64{opt.XMin, opt.XMax, opt.YMin, opt.YMax} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("grid bounds must be finite, got %v", v)
		}
	}
	if !(opt.XMin < opt.XMax) || !(opt.YMin < opt.YMax) {
		return nil, fmt.Errorf("grid [%v, %v]×[%v, %v]: need XMin < XMax and YMin < YMax", opt.XMin, opt.XMax, opt.YMin, opt.YMax)
	}
	n := opt.Resolution
	if n == 0 {
		n = 150
	}
	if n < 3 || n > 2000 {
		return nil, fmt.Errorf("option Resolution = %d: must be in [3, 2000]", n)
	}
	nl := opt.NumLevels
	if nl == 0 {
		nl = 12
	}
	if nl < 1 || nl > 200 {
		return nil, fmt.Errorf("NumLevels = %d: must be in [1, 200]", nl)
	}
	if err := checkFinite("Levels", opt.Levels); err != nil {
		return nil, err
	}
	for pi, p := range opt.Paths {
		if len(p.Points) == 0 {
			return nil, fmt.Errorf("path %d (%q) has no points", pi, p.Name)
		}
		for i, q := range p.Points {
			if math.IsNaN(q[0]) || math.IsInf(q[0], 0) || math.IsNaN(q[1]) || math.IsInf(q[1], 0) {
				return nil, fmt.Errorf("path %q: point %d is (%v, %v): coordinates must be finite (did the optimizer diverge?)", p.Name, i, q[0], q[1])
			}
		}
	}
	g := &valueGrid{n: n, xmin: opt.XMin, xmax: opt.XMax, ymin: opt.YMin, ymax: opt.YMax, z: make([]float64, n*n)}
	for r := 0; r < n; r++ {
		for c := 0; c < n; c++ {
			v := f(g.X(c), g.Y(r))
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("f(%g, %g) = %v: must be finite over the grid", g.X(c), g.Y(r), v)
			}
			g.z[r*n+c] = v
		}
	}
	levels := slices.Clone(opt.Levels)
	lo, hi := dataRange(g.z)
	if len(levels) == 0 {
		if lo == hi {
			return nil, fmt.Errorf("f is constant (%v) over the grid: no contours to draw", lo)
		}
		sorted := slices.Clone(g.z)
		slices.Sort(sorted)
		for i := 1; i <= nl; i++ {
			// Quantiles (i/(nl+1))^1.5, denser at the low end so that the
			// floor of a valley and its minimum get contours; duplicates
			// from flat regions are skipped.
			q := math.Pow(float64(i)/float64(nl+1), 1.5)
			v := sorted[int(q*float64(len(sorted)-1))]
			if len(levels) == 0 || v > levels[len(levels)-1] {
				levels = append(levels, v)
			}
		}
	}
	slices.Sort(levels)
	fig, _, err := newFigure(opt.Options, "w1", "w2")
	if err != nil {
		return nil, err
	}
	p := fig.Plot
	ct := plotter.NewContour(g, levels, nil)
	ct.Min, ct.Max = math.Min(lo, levels[0]), math.Max(hi, levels[len(levels)-1])
	// Line colour by rank of the level: dark grey for low, pale grey for
	// high. Neutral greys keep the contours apart from the coloured paths
	// drawn over them (tab10's own grey, ClassColor(7), is far lighter
	// than the low levels near a minimum and paths have a white halo).
	dark, light := color.RGBA{0x3a, 0x3a, 0x3a, 0xff}, color.RGBA{0xcc, 0xcc, 0xcc, 0xff}
	ct.LineStyles = make([]draw.LineStyle, len(levels))
	for i := range levels {
		t := 0.0
		if len(levels) > 1 {
			t = float64(i) / float64(len(levels)-1)
		}
		ct.LineStyles[i] = draw.LineStyle{Color: lerp(dark, light, t), Width: vg.Points(1)}
	}
	p.Add(ct)
	// Paths are drawn in layers (all halos, then all lines, dots and
	// markers), so that the halo of a later path never hides an earlier
	// path where they run together.
	var layers [4][]gplot.Plotter
	for pi, path := range opt.Paths {
		l, err := pathLayers(fig, path, ClassColor(pi))
		if err != nil {
			return nil, err
		}
		for i := range layers {
			layers[i] = append(layers[i], l[i]...)
		}
	}
	for _, l := range layers {
		p.Add(l...)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = opt.XMin, opt.XMax, opt.YMin, opt.YMax
	p.X.Padding, p.Y.Padding = 0, 0
	return fig.finish(), nil
}

// maxPathDots is the longest path drawn with a dot per point.
const maxPathDots = 80

// pathLayers returns the plotters of one optimizer path by layer (halo,
// line, dots, start and end markers) and adds its legend entry.
func pathLayers(fig *Figure, path Path, c color.RGBA) ([4][]gplot.Plotter, error) {
	var layers [4][]gplot.Plotter
	xys := make(plotter.XYs, len(path.Points))
	for i, q := range path.Points {
		xys[i] = plotter.XY{X: q[0], Y: q[1]}
	}
	line, err := plotter.NewLine(xys)
	if err != nil {
		return layers, err
	}
	line.LineStyle = draw.LineStyle{Color: c, Width: vg.Points(1.8)}
	// A white halo under the line keeps it visible where it runs along
	// or across dark contour lines.
	halo := &plotter.Line{XYs: xys, LineStyle: draw.LineStyle{Color: color.NRGBA{R: 255, G: 255, B: 255, A: 200}, Width: vg.Points(4)}}
	thumbs := []gplot.Thumbnailer{line}
	layers[0] = append(layers[0], halo)
	layers[1] = append(layers[1], line)
	// A dot per iterate shows the step sizes; on long paths dots would
	// merge into a thick smear, so they are drawn for short paths only.
	if len(xys) <= maxPathDots {
		dots, err := plotter.NewScatter(xys)
		if err != nil {
			return layers, err
		}
		dots.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(1.6), Shape: draw.CircleGlyph{}}
		layers[2] = append(layers[2], dots)
		thumbs = append(thumbs, dots)
	}
	start, err := plotter.NewScatter(xys[:1])
	if err != nil {
		return layers, err
	}
	start.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(5), Shape: thickRing{}}
	end, err := plotter.NewScatter(xys[len(xys)-1:])
	if err != nil {
		return layers, err
	}
	end.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(4.5), Shape: outlined{shape: draw.CircleGlyph{}, edge: color.Black}}
	layers[3] = append(layers[3], start, end)
	name := path.Name
	if name == "" {
		name = "path"
	}
	fig.addLegend(name, thumbs...)
	return layers, nil
}

// thickRing is a ring with a 1.5-point outline, marking a path's start.
type thickRing struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (thickRing) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(1.5)})
	var p vg.Path
	p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	p.Arc(pt, sty.Radius, 0, 2*math.Pi)
	p.Close()
	c.Stroke(p)
}
