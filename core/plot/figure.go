package plot

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Default figure size and resolution.
const (
	// DefaultWidth is the default figure width in inches.
	DefaultWidth = 6.0
	// DefaultHeight is the default figure height in inches.
	DefaultHeight = 4.0
	// DefaultDPI is the default PNG resolution in dots per inch, so a
	// default figure is 600×400 pixels.
	DefaultDPI = 100
)

// Options are the settings shared by every figure. The zero value is a
// 6×4-inch figure with no title, rendered to PNG at 100 dpi; constructors fill
// in axis labels that suit the figure when XLabel or YLabel is empty.
type Options struct {
	// Title is drawn above the plot; empty means none. A title too wide
	// for the figure is wrapped at spaces (at most three lines, in a
	// smaller font if need be) when the figure is rendered.
	Title string
	// XLabel and YLabel label the axes; empty means the figure's default.
	XLabel, YLabel string
	// Width and Height are the figure size in inches (default 6×4).
	Width, Height float64
	// DPI is the PNG resolution in dots per inch (default 100). It does
	// not affect SVG output, whose size is in points.
	DPI int
	// LegendLeft and LegendBottom move the legend from the top right
	// corner, when it hides data.
	LegendLeft, LegendBottom bool
}

// Figure is a rendered-on-demand figure: a gonum plot plus its size.
// Its SVG and PNG methods render it afresh on every call. Zero Width,
// Height or DPI take the defaults.
type Figure struct {
	// Plot is the underlying gonum plot; add plotters or change axes
	// through it to customise the figure.
	Plot *gplot.Plot
	// Width and Height are the size in inches.
	Width, Height float64
	// DPI is the PNG resolution in dots per inch.
	DPI int

	legend []string // legend texts added by this package (see legendBox)
}

// resolve checks o and returns it with defaults filled in.
func (o Options) resolve(xlabel, ylabel string) (Options, error) {
	if o.Width == 0 {
		o.Width = DefaultWidth
	}
	if o.Height == 0 {
		o.Height = DefaultHeight
	}
	if o.DPI == 0 {
		o.DPI = DefaultDPI
	}
	if !(o.Width > 0) || math.IsInf(o.Width, 0) || !(o.Height > 0) || math.IsInf(o.Height, 0) {
		return o, fmt.Errorf("figure size %v×%v in: width and height must be positive and finite", o.Width, o.Height)
	}
	if o.DPI < 0 {
		return o, fmt.Errorf("DPI = %d: must be positive", o.DPI)
	}
	if o.Width*float64(o.DPI) > 20000 || o.Height*float64(o.DPI) > 20000 {
		return o, fmt.Errorf("figure of %v×%v in at %d dpi is larger than 20000 pixels a side", o.Width, o.Height, o.DPI)
	}
	if o.XLabel == "" {
		o.XLabel = xlabel
	}
	if o.YLabel == "" {
		o.YLabel = ylabel
	}
	return o, nil
}

// New returns an empty figure with the given options (axis labels as given),
// to which gonum plotters can be added through Figure.Plot.
func New(opt Options) (*Figure, error) {
	f, _, err := newFigure(opt, "", "")
	if err != nil {
		return nil, fmt.Errorf("plot: New: %w", err)
	}
	return f, nil
}

// newFigure builds a figure with the course's look: sans-serif text, title
// and axis labels, light grid lines.
func newFigure(opt Options, xlabel, ylabel string) (*Figure, Options, error) {
	o, err := opt.resolve(xlabel, ylabel)
	if err != nil {
		return nil, o, err
	}
	p := gplot.New()
	// Each plot gets its own text handler and fonts; gonum's package-level
	// defaults are left untouched.
	p.TextHandler = text.Plain{Fonts: font.DefaultCache}
	sans := func(s *text.Style, size vg.Length) {
		s.Font = font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
		s.Handler = p.TextHandler
	}
	sans(&p.Title.TextStyle, 13)
	sans(&p.X.Label.TextStyle, 11)
	sans(&p.Y.Label.TextStyle, 11)
	sans(&p.X.Tick.Label, 9)
	sans(&p.Y.Tick.Label, 9)
	sans(&p.Legend.TextStyle, 10)
	p.Title.Text = o.Title
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = o.XLabel
	p.Y.Label.Text = o.YLabel
	p.Legend.Top = !o.LegendBottom
	p.Legend.Left = o.LegendLeft
	p.X.Tick.Marker = niceTicks{}
	p.Y.Tick.Marker = niceTicks{}
	return &Figure{Plot: p, Width: o.Width, Height: o.Height, DPI: o.DPI}, o, nil
}

// roomForLeftLabels sets the gap between the y tick labels and the data
// from the width of the longest label, measured in the tick font. PNG text
// is drawn with the measured font, but an SVG viewer lacking Liberation
// Sans, Arial and Helvetica substitutes a wider sans-serif (DejaVu Sans
// is about 17% wider); the left-aligned label then grows to the right, and
// without this slack the data drawn after the axes would hide its end
// ("malignan" for "malignant").
func roomForLeftLabels(p *gplot.Plot, labels []string) {
	p.Y.Padding = maxWidth(p.Y.Tick.Label, labels)/5 + vg.Points(2)
}

// addGrid adds light grid lines behind everything else.
func addGrid(p *gplot.Plot) {
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 225}
	g.Horizontal.Color = color.Gray{Y: 225}
	g.Vertical.Width = vg.Points(0.5)
	g.Horizontal.Width = vg.Points(0.5)
	p.Add(g)
}

// textStyle returns a sans-serif text style of the given size and colour
// sharing p's text handler.
func textStyle(p *gplot.Plot, size vg.Length, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.Font{Typeface: "Liberation", Variant: "Sans", Size: size},
		XAlign:  draw.XCenter,
		YAlign:  draw.YCenter,
		Handler: p.TextHandler,
	}
}

// size validates the figure before rendering and returns its size in
// inches and its DPI (zero fields take the defaults).
func (f *Figure) size() (w, h vg.Length, dpi int, err error) {
	if f == nil || f.Plot == nil {
		return 0, 0, 0, fmt.Errorf("figure is nil or has no plot")
	}
	o, err := Options{Width: f.Width, Height: f.Height, DPI: f.DPI}.resolve("", "")
	if err != nil {
		return 0, 0, 0, err
	}
	return vg.Length(o.Width) * vg.Inch, vg.Length(o.Height) * vg.Inch, o.DPI, nil
}

// draw draws the plot onto c, turning a panic inside gonum/plot (which
// panics on some invalid settings, such as a log axis over non-positive
// values) into an error.
func (f *Figure) draw(c vg.CanvasSizer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rendering failed: %v", r)
		}
	}()
	// A thin margin on the right and top keeps the last tick label and
	// the title clear of the edge.
	dc := draw.New(c)
	if f.Plot.BackgroundColor != nil {
		dc.SetColor(f.Plot.BackgroundColor)
		dc.Fill(dc.Rectangle.Path())
	}
	// The plot is drawn from a shallow copy whose title fits the width, so
	// that rendering never changes the figure.
	pc := *f.Plot
	// The title may use 85% of the width: room for SVG viewers that
	// substitute a wider font (see roomForLeftLabels).
	pc.Title.Text, pc.Title.TextStyle = fitTitle(pc.Title.Text, pc.Title.TextStyle, (dc.Size().X-vg.Points(16))*0.85)
	pc.Draw(draw.Crop(dc, 0, -vg.Points(10), 0, -vg.Points(4)))
	return nil
}

// Title fitting limits.
const (
	maxTitleLines = 3
	minTitleSize  = vg.Length(8)
)

// fitTitle returns title and its style such that every line of the title
// is at most width wide: a title that is too long is wrapped at spaces into
// at most maxTitleLines lines and, if that is not enough, set in a smaller
// font, down to minTitleSize points, at which size it takes as many lines
// as it needs. Line breaks in title are kept.
func fitTitle(title string, sty text.Style, width vg.Length) (string, text.Style) {
	if title == "" || sty.Handler == nil || sty.Width(title) <= width {
		return title, sty
	}
	for size := sty.Font.Size; ; size *= 0.92 {
		if size < minTitleSize {
			size = minTitleSize
		}
		s := sty
		s.Font.Size = size
		lines := wrapText(title, s, width)
		if size == minTitleSize || (len(lines) <= maxTitleLines && s.Width(strings.Join(lines, "\n")) <= width) {
			return strings.Join(lines, "\n"), s
		}
	}
}

// wrapText breaks each paragraph of txt greedily at spaces into lines at
// most width wide in style sty (a single word wider than width gets a line
// of its own).
func wrapText(txt string, sty text.Style, width vg.Length) []string {
	var lines []string
	for _, para := range strings.Split(txt, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			switch {
			case line == "":
				line = word
			case sty.Width(line+" "+word) <= width:
				line += " " + word
			default:
				lines = append(lines, line)
				line = word
			}
		}
		lines = append(lines, line)
	}
	return lines
}

// WriteSVG renders the figure as an SVG document to w.
func (f *Figure) WriteSVG(out io.Writer) error {
	w, h, _, err := f.size()
	if err != nil {
		return fmt.Errorf("plot: WriteSVG: %w", err)
	}
	c := vgsvg.New(w, h)
	if err := f.draw(c); err != nil {
		return fmt.Errorf("plot: WriteSVG: %w", err)
	}
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return fmt.Errorf("plot: WriteSVG: %w", err)
	}
	// Text is laid out with Liberation Sans, which has the metrics of Arial
	// and Helvetica: name them as fallbacks for browsers without it.
	svg := bytes.ReplaceAll(b.Bytes(), []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
	// vgsvg embeds raster images (decision regions) as PNG data labelled
	// image/jpg, which strict renderers (librsvg) drop, and without
	// preserveAspectRatio="none", so browsers would letterbox a square
	// grid inside a wide plot instead of stretching it over the axes.
	svg = bytes.ReplaceAll(svg, []byte(`xlink:href="data:image/jpg;base64,`), []byte(`xlink:href="data:image/png;base64,`))
	svg = bytes.ReplaceAll(svg, []byte(`<image `), []byte(`<image preserveAspectRatio="none" `))
	if _, err := out.Write(svg); err != nil {
		return fmt.Errorf("plot: WriteSVG: %w", err)
	}
	return nil
}

// WritePNG renders the figure as a PNG image of Width·DPI × Height·DPI
// pixels to w.
func (f *Figure) WritePNG(w io.Writer) error {
	wd, ht, dpi, err := f.size()
	if err != nil {
		return fmt.Errorf("plot: WritePNG: %w", err)
	}
	c := vgimg.NewWith(
		vgimg.UseWH(wd, ht),
		vgimg.UseDPI(dpi),
		vgimg.UseBackgroundColor(color.White),
	)
	if err := f.draw(c); err != nil {
		return fmt.Errorf("plot: WritePNG: %w", err)
	}
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(w); err != nil {
		return fmt.Errorf("plot: WritePNG: %w", err)
	}
	return nil
}

// RenderSVG returns the figure as an SVG document.
func (f *Figure) RenderSVG() ([]byte, error) {
	var b bytes.Buffer
	if err := f.WriteSVG(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// RenderPNG returns the figure as PNG bytes.
func (f *Figure) RenderPNG() ([]byte, error) {
	var b bytes.Buffer
	if err := f.WritePNG(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// SVG returns the figure's SVG markup. It is the method notebook kernels
// look for to display a value as image/svg+xml. Should rendering fail, the
// returned SVG shows the error message instead of the figure; use RenderSVG
// to get the error as a value.
func (f *Figure) SVG() string {
	b, err := f.RenderSVG()
	if err != nil {
		var e bytes.Buffer
		e.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="480" height="40">`)
		e.WriteString(`<text x="4" y="24" font-family="sans-serif" font-size="12" fill="#b00">`)
		_ = xmlEscape(&e, err.Error())
		e.WriteString(`</text></svg>`)
		return e.String()
	}
	return string(b)
}

// PNG returns the figure as PNG bytes, or nil if rendering fails (use
// RenderPNG to get the error).
func (f *Figure) PNG() []byte {
	b, err := f.RenderPNG()
	if err != nil {
		return nil
	}
	return b
}

// String describes the figure in one line, e.g. `Figure "Iris" (6×4 in)`:
// the text/plain form shown next to the image in notebooks.
func (f *Figure) String() string {
	if f == nil || f.Plot == nil {
		return "Figure <nil>"
	}
	w, h := f.Width, f.Height
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	if f.Plot.Title.Text == "" {
		return fmt.Sprintf("Figure (%g×%g in)", w, h)
	}
	return fmt.Sprintf("Figure %q (%g×%g in)", f.Plot.Title.Text, w, h)
}
