package plot

import (
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/descentml/descent/core/metrics"
)

// ConfusionOptions configures ConfusionMatrix.
type ConfusionOptions struct {
	Options
	// ClassNames name the classes on the axes, by position in c.Labels;
	// empty means c.Names, then the labels themselves.
	ClassNames []string
	// Normalize colours and labels each cell with its fraction of the row
	// (the recall of the true class on the diagonal) instead of the count.
	Normalize bool
}

// ConfusionMatrix draws a confusion matrix as a heat map: true classes down
// the side (first class at the top), predicted classes across, each cell
// shaded by its count (or row fraction) with the number written in it.
// The left margin fits the longest class name, with room to spare for SVG
// viewers that substitute a wider font; names wider than a cell are
// slanted along the bottom. Axis labels default to "predicted" and "true".
func ConfusionMatrix(c *metrics.Confusion, opt ConfusionOptions) (*Figure, error) {
	fig, err := confusion(c, opt)
	if err != nil {
		return nil, fmt.Errorf("plot: ConfusionMatrix: %w", err)
	}
	return fig, nil
}

func confusion(c *metrics.Confusion, opt ConfusionOptions) (*Figure, error) {
	if c == nil {
		return nil, fmt.Errorf("confusion matrix is nil")
	}
	k := len(c.Labels)
	if k == 0 {
		return nil, fmt.Errorf("confusion matrix has no labels")
	}
	if len(c.Counts) != k {
		return nil, fmt.Errorf("confusion matrix has %d labels but %d rows", k, len(c.Counts))
	}
	vals := make([][]float64, k)
	maxV := 0.0
	for i, row := range c.Counts {
		if len(row) != k {
			return nil, fmt.Errorf("row %d has %d counts, want %d", i, len(row), k)
		}
		total := 0
		for j, v := range row {
			if v < 0 {
				return nil, fmt.Errorf("c.Counts[%d][%d] = %d is negative", i, j, v)
			}
			total += v
		}
		vals[i] = make([]float64, k)
		for j, v := range row {
			vals[i][j] = float64(v)
			if opt.Normalize && total > 0 {
				vals[i][j] /= float64(total)
			}
			maxV = max(maxV, vals[i][j])
		}
	}
	names := opt.ClassNames
	if len(names) == 0 {
		names = c.Names
	}
	fig, _, err := newFigure(opt.Options, "predicted", "true")
	if err != nil {
		return nil, err
	}
	p := fig.Plot
	p.Add(&cells{vals: vals, max: maxV, normalize: opt.Normalize, style: textStyle(p, cellFont(k), color.Black)})
	xt := make(gplot.ConstantTicks, k)
	yt := make(gplot.ConstantTicks, k)
	for i := range k {
		name := fmt.Sprintf("%g", c.Labels[i])
		if i < len(names) && names[i] != "" {
			name = names[i]
		}
		xt[i] = gplot.Tick{Value: float64(i), Label: name}
		yt[i] = gplot.Tick{Value: float64(k - 1 - i), Label: name}
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = xt, yt
	p.X.Tick.Length, p.Y.Tick.Length = 0, 0
	p.X.Tick.Label.Font.Size, p.Y.Tick.Label.Font.Size = 10, 10
	p.X.LineStyle.Width, p.Y.LineStyle.Width = 0, 0
	p.X.Padding = 0
	labels := make([]string, k)
	for i, t := range yt {
		labels[i] = t.Label
	}
	roomForLeftLabels(p, labels)
	p.X.Min, p.X.Max = -0.5, float64(k)-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(k)-0.5
	// Class names wider than a cell would run into each other across the
	// bottom: slant them (reading up to their tick, as in matplotlib's
	// rotation=30, ha="right").
	if w := cellWidth(fig); w > 0 && maxWidth(p.X.Tick.Label, labels)*1.17 > 0.95*w {
		p.X.Tick.Label.Rotation = math.Pi / 6
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YTop
	}
	return fig, nil
}

// cellWidth returns the width of a cell of the confusion matrix in fig
// at its current size, laid out as when it is drawn.
func cellWidth(fig *Figure) vg.Length {
	w, h, _, err := fig.size()
	if err != nil {
		return 0
	}
	c := draw.Canvas{Canvas: &recorder.Canvas{}, Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: h}}}
	da := fig.Plot.DataCanvas(draw.Crop(c, 0, -vg.Points(10), 0, -vg.Points(4)))
	return da.Size().X / vg.Length(fig.Plot.X.Max-fig.Plot.X.Min)
}

// maxWidth returns the width of the widest of labels in style sty.
func maxWidth(sty text.Style, labels []string) vg.Length {
	var w vg.Length
	for _, l := range labels {
		w = max(w, sty.Width(l))
	}
	return w
}

// cellFont shrinks the cell numbers for large matrices.
func cellFont(k int) vg.Length {
	switch {
	case k <= 6:
		return 12
	case k <= 12:
		return 9
	default:
		return 6
	}
}

// cells draws a k×k grid of shaded squares with their values written in
// them; row 0 is at the top.
type cells struct {
	vals      [][]float64
	max       float64
	normalize bool
	style     text.Style
}

// Plot implements gplot.Plotter.
func (cl *cells) Plot(c draw.Canvas, p *gplot.Plot) {
	trX, trY := p.Transforms(&c)
	k := len(cl.vals)
	light, dark := color.RGBA{0xf7, 0xfb, 0xff, 0xff}, color.RGBA{0x08, 0x30, 0x6b, 0xff}
	for i, row := range cl.vals {
		yc := float64(k - 1 - i)
		for j, v := range row {
			t := 0.0
			if cl.max > 0 {
				t = v / cl.max
			}
			x0, x1 := trX(float64(j)-0.5), trX(float64(j)+0.5)
			y0, y1 := trY(yc-0.5), trY(yc+0.5)
			rect := vg.Path{}
			rect.Move(vg.Point{X: x0, Y: y0})
			rect.Line(vg.Point{X: x1, Y: y0})
			rect.Line(vg.Point{X: x1, Y: y1})
			rect.Line(vg.Point{X: x0, Y: y1})
			rect.Close()
			c.SetColor(lerp(light, dark, t))
			c.Fill(rect)
			c.SetLineStyle(draw.LineStyle{Color: color.White, Width: vg.Points(1)})
			c.Stroke(rect)
			sty := cl.style
			if t > 0.5 {
				sty.Color = color.White
			}
			label := fmt.Sprintf("%.0f", v)
			if cl.normalize {
				label = fmt.Sprintf("%.2f", v)
			}
			c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, label)
		}
	}
}
