package plot

import (
	"image/color"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// addLegend adds a legend entry and remembers its text, so that the legend
// gets a background box (see legendBox).
func (f *Figure) addLegend(name string, thumbs ...gplot.Thumbnailer) {
	f.Plot.Legend.Add(name, thumbs...)
	f.legend = append(f.legend, name)
}

// finish adds the legend's background box above every plotter added so far
// and places the legend slightly inside the plot area.
func (f *Figure) finish() *Figure {
	if len(f.legend) == 0 {
		return f
	}
	l := &f.Plot.Legend
	l.XOffs = -vg.Points(8)
	if l.Left {
		l.XOffs = vg.Points(8)
	}
	l.YOffs = -vg.Points(8)
	if !l.Top {
		l.YOffs = vg.Points(8)
	}
	f.Plot.Add(legendBox{f: f})
	return f
}

// legendBox draws a translucent white box where gonum/plot will draw the
// legend, so that legend text stays readable over data and coloured
// regions. It mirrors the layout arithmetic of plot.Legend.Draw.
type legendBox struct{ f *Figure }

// Plot implements gplot.Plotter.
func (b legendBox) Plot(c draw.Canvas, p *gplot.Plot) {
	l := p.Legend
	names := b.f.legend
	n := vg.Length(len(names))
	sty := l.TextStyle
	em := sty.Rectangle(" ").Max.X
	var textW, enth vg.Length
	for _, s := range names {
		r := sty.Rectangle(s)
		textW = max(textW, r.Max.X)
		enth = max(enth, r.Max.Y)
	}
	descent := sty.FontExtents().Descent
	w := l.ThumbnailWidth + em + textW
	h := n*enth + (n-1)*l.Padding + descent
	var r vg.Rectangle
	if l.Left {
		r.Min.X = c.Min.X + l.XOffs
		r.Max.X = r.Min.X + w
	} else {
		r.Max.X = c.Max.X + l.XOffs
		r.Min.X = r.Max.X - w
	}
	if l.Top {
		r.Max.Y = c.Max.Y + l.YOffs
		r.Min.Y = r.Max.Y - h
	} else {
		r.Min.Y = c.Min.Y + l.YOffs - descent
		r.Max.Y = r.Min.Y + h
	}
	pad := vg.Points(4)
	r.Min.X -= pad
	r.Min.Y -= pad
	r.Max.X += pad
	r.Max.Y += pad
	c.SetColor(color.NRGBA{R: 255, G: 255, B: 255, A: 235})
	c.Fill(r.Path())
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 190}, Width: vg.Points(0.5)})
	c.Stroke(r.Path())
}
