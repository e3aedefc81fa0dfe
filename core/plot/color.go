package plot

import (
	"encoding/xml"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ClassColor returns the colour of class k (0-based) in every figure: the
// ten colours of matplotlib's "tab10" palette, repeating after ten.
func ClassColor(k int) color.RGBA {
	tab10 := [...]color.RGBA{
		{0x1f, 0x77, 0xb4, 0xff}, // blue
		{0xff, 0x7f, 0x0e, 0xff}, // orange
		{0x2c, 0xa0, 0x2c, 0xff}, // green
		{0xd6, 0x27, 0x28, 0xff}, // red
		{0x94, 0x67, 0xbd, 0xff}, // purple
		{0x8c, 0x56, 0x4b, 0xff}, // brown
		{0xe3, 0x77, 0xc2, 0xff}, // pink
		{0x7f, 0x7f, 0x7f, 0xff}, // grey
		{0xbc, 0xbd, 0x22, 0xff}, // olive
		{0x17, 0xbe, 0xcf, 0xff}, // cyan
	}
	if k < 0 {
		k = -k
	}
	return tab10[k%len(tab10)]
}

// classGlyph returns the marker shape of class k: filled shapes first, so
// that classes differ by shape as well as colour.
func classGlyph(k int) draw.GlyphDrawer {
	if k < 0 {
		k = -k
	}
	switch k % 6 {
	case 0:
		return draw.CircleGlyph{}
	case 1:
		return draw.BoxGlyph{}
	case 2:
		return draw.PyramidGlyph{}
	case 3:
		return diamondGlyph{}
	case 4:
		return draw.CrossGlyph{}
	default:
		return draw.PlusGlyph{}
	}
}

// diamondGlyph is a filled diamond (gonum has none).
type diamondGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetColor(sty.Color)
	r := sty.Radius * 1.25
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Line(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r, Y: pt.Y})
	p.Close()
	c.Fill(p)
}

// outlined draws a glyph and then its outline in a dark edge colour, so
// markers stay visible on top of coloured regions.
type outlined struct {
	shape draw.GlyphDrawer
	edge  color.Color
}

// DrawGlyph implements draw.GlyphDrawer.
func (o outlined) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	o.shape.DrawGlyph(c, sty, pt)
	var edge draw.GlyphDrawer
	switch o.shape.(type) {
	case draw.CircleGlyph:
		edge = draw.RingGlyph{}
	case draw.BoxGlyph:
		edge = draw.SquareGlyph{}
	case draw.PyramidGlyph:
		edge = draw.TriangleGlyph{}
	default:
		return
	}
	c.SetLineStyle(draw.LineStyle{Color: o.edge, Width: vg.Points(0.6)})
	edge.DrawGlyph(c, draw.GlyphStyle{Color: o.edge, Radius: sty.Radius, Shape: edge}, pt)
}

// blend mixes c with white: a = 0 gives white, a = 1 gives c.
func blend(c color.RGBA, a float64) color.RGBA {
	a = math.Max(0, math.Min(1, a))
	mix := func(v uint8) uint8 { return uint8(math.Round(255*(1-a) + float64(v)*a)) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 0xff}
}

// lerp interpolates between colours a and b (t in [0, 1]).
func lerp(a, b color.RGBA, t float64) color.RGBA {
	t = math.Max(0, math.Min(1, t))
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// xmlEscape writes s escaped for XML text.
func xmlEscape(w io.Writer, s string) error { return xml.EscapeText(w, []byte(s)) }
