package plot_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	gplot "gonum.org/v1/plot"

	"github.com/descentml/descent/core/explain"
	"github.com/descentml/descent/core/metrics"
	"github.com/descentml/descent/core/optim"
	"github.com/descentml/descent/core/plot"
)

// The notebook kernel displays any value with these methods.
var (
	_ interface{ SVG() string } = (*plot.Figure)(nil)
	_ interface{ PNG() []byte } = (*plot.Figure)(nil)
)

// svgDoc is what the tests read back from an SVG document.
type svgDoc struct {
	width, height string
	texts         []svgText
	elements      map[string]int // element name → count
	fills         map[string]int // fill colour (upper-case hex) → count
	strokes       map[string]int
}

type svgText struct {
	text string
	y    float64 // the y attribute (more negative is higher on the page)
}

// parseSVG checks that b is well-formed XML with an <svg> root and collects
// its texts, element counts and colours.
func parseSVG(t *testing.T, b []byte) svgDoc {
	t.Helper()
	doc := svgDoc{elements: map[string]int{}, fills: map[string]int{}, strokes: map[string]int{}}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var inText *svgText
	root := true
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("invalid SVG: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if root {
				if el.Name.Local != "svg" {
					t.Fatalf("root element is <%s>, want <svg>", el.Name.Local)
				}
				root = false
			}
			doc.elements[el.Name.Local]++
			for _, a := range el.Attr {
				switch a.Name.Local {
				case "width":
					if el.Name.Local == "svg" {
						doc.width = a.Value
					}
				case "height":
					if el.Name.Local == "svg" {
						doc.height = a.Value
					}
				case "style":
					for _, decl := range strings.Split(a.Value, ";") {
						k, v, _ := strings.Cut(decl, ":")
						switch k {
						case "fill":
							doc.fills[strings.ToUpper(v)]++
						case "stroke":
							doc.strokes[strings.ToUpper(v)]++
						}
					}
				}
			}
			if el.Name.Local == "text" {
				inText = &svgText{}
				for _, a := range el.Attr {
					if a.Name.Local == "y" {
						inText.y, _ = strconv.ParseFloat(a.Value, 64)
					}
				}
			}
		case xml.CharData:
			if inText != nil {
				inText.text += string(el)
			}
		case xml.EndElement:
			if el.Name.Local == "text" && inText != nil {
				doc.texts = append(doc.texts, *inText)
				inText = nil
			}
		}
	}
	if root {
		t.Fatal("empty SVG")
	}
	return doc
}

func (d svgDoc) hasText(s string) bool {
	for _, t := range d.texts {
		if t.text == s {
			return true
		}
	}
	return false
}

func (d svgDoc) textY(t *testing.T, s string) float64 {
	t.Helper()
	for _, tx := range d.texts {
		if tx.text == s {
			return tx.y
		}
	}
	t.Fatalf("text %q not in SVG", s)
	return 0
}

func hex(i int) string {
	c := plot.ClassColor(i)
	return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B)
}

func mustFig(t *testing.T) func(*plot.Figure, error) *plot.Figure {
	return func(f *plot.Figure, err error) *plot.Figure {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
}

// threeClasses has three well separated groups labelled 0, 1, 2.
func threeClasses() (*mat.Dense, []float64) {
	X := mat.NewDense(6, 3, []float64{
		0, 0, 9,
		0.5, 0.2, 9,
		5, 5, 9,
		5.5, 5.2, 9,
		0, 5, 9,
		0.3, 5.5, 9,
	})
	return X, []float64{0, 0, 1, 1, 2, 2}
}

func TestScatterSVG(t *testing.T) {
	X, y := threeClasses()
	f := mustFig(t)(plot.Scatter(X, y, plot.ScatterOptions{
		Options:    plot.Options{Title: "Three groups", XLabel: "a", YLabel: "b"},
		ClassNames: []string{"red team", "blue team"},
	}))
	doc := parseSVG(t, []byte(f.SVG()))
	if doc.width != "432pt" || doc.height != "288pt" {
		t.Errorf("SVG size %s×%s, want 432pt×288pt (6×4 in)", doc.width, doc.height)
	}
	for _, s := range []string{"Three groups", "a", "b", "red team", "blue team", "class 2"} {
		if !doc.hasText(s) {
			t.Errorf("SVG lacks text %q", s)
		}
	}
	// Each class colour: two markers and one legend thumbnail.
	for k := 0; k < 3; k++ {
		if got := doc.fills[hex(k)]; got != 3 {
			t.Errorf("class %d colour %s filled %d times, want 3", k, hex(k), got)
		}
	}
	if doc.fills[hex(3)] != 0 {
		t.Errorf("a fourth class colour appears with only three classes")
	}
	// Fallback fonts for browsers without Liberation Sans.
	if !strings.Contains(f.SVG(), "Arial") {
		t.Errorf("SVG names no fallback font")
	}
	// Rendering is repeatable (no state changes between renders).
	if again := f.SVG(); again != f.SVG() {
		t.Errorf("two renders of the same figure differ")
	}
}

func TestScatterUnlabelled(t *testing.T) {
	X, _ := threeClasses()
	f := mustFig(t)(plot.Scatter(X, nil, plot.ScatterOptions{Features: [2]int{2, 0}}))
	doc := parseSVG(t, []byte(f.SVG()))
	if got := doc.fills[hex(0)]; got != 6 {
		t.Errorf("unlabelled points filled %d times in the first colour, want 6", got)
	}
	if !doc.hasText("feature 2") || !doc.hasText("feature 0") {
		t.Errorf("default axis labels missing")
	}
}

func TestPNGSize(t *testing.T) {
	X, y := threeClasses()
	for _, tc := range []struct {
		opt  plot.Options
		w, h int
	}{
		{plot.Options{}, 600, 400},
		{plot.Options{Width: 5, Height: 3, DPI: 80}, 400, 240},
		{plot.Options{Width: 4, Height: 4, DPI: 150}, 600, 600},
	} {
		f := mustFig(t)(plot.Scatter(X, y, plot.ScatterOptions{Options: tc.opt}))
		b := f.PNG()
		if len(b) == 0 {
			t.Fatal("empty PNG")
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if got := img.Bounds(); got.Dx() != tc.w || got.Dy() != tc.h {
			t.Errorf("%+v: PNG is %d×%d, want %d×%d", tc.opt, got.Dx(), got.Dy(), tc.w, tc.h)
		}
		var buf bytes.Buffer
		if err := f.WritePNG(&buf); err != nil || !bytes.Equal(buf.Bytes(), b) {
			t.Errorf("WritePNG differs from PNG (err %v)", err)
		}
	}
}

func TestDecisionRegionsSVG(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{-2, -1, -1.5, 1, 2, 1, 1.5, -1})
	y := []float64{0, 0, 1, 1}
	f := mustFig(t)(plot.DecisionRegionsFunc(func(x1, _ float64) float64 {
		if x1 > 0 {
			return 1
		}
		return 0
	}, X, y, plot.RegionOptions{Options: plot.Options{Title: "Half planes"}, ClassNames: []string{"left", "right"}, Resolution: 50}))
	doc := parseSVG(t, []byte(f.SVG()))
	if doc.elements["image"] != 1 {
		t.Errorf("%d <image> elements, want 1 (the region raster)", doc.elements["image"])
	}
	if !strings.Contains(f.SVG(), `xlink:href="data:image/png;base64,`) {
		t.Errorf("region raster is not labelled as PNG data")
	}
	if !strings.Contains(f.SVG(), `<image preserveAspectRatio="none"`) {
		t.Errorf("region raster keeps its aspect ratio: browsers would letterbox it")
	}
	for _, s := range []string{"Half planes", "left", "right", "x1", "x2"} {
		if !doc.hasText(s) {
			t.Errorf("SVG lacks text %q", s)
		}
	}
	if doc.fills[hex(0)] != 3 || doc.fills[hex(1)] != 3 {
		t.Errorf("class colours filled %d and %d times, want 3 each", doc.fills[hex(0)], doc.fills[hex(1)])
	}
}

func TestRegressionLineSVG(t *testing.T) {
	x := []float64{1, 2, 3, 4}
	y := []float64{3, 5.5, 6.5, 9.5}
	f := mustFig(t)(plot.RegressionLine(x, y, 2, 1, plot.RegressionOptions{}))
	doc := parseSVG(t, []byte(f.SVG()))
	// Four residual segments plus the legend thumbnail, in residual red.
	if got := doc.strokes["#D62728"]; got != 5 {
		t.Errorf("%d red strokes, want 4 residuals + 1 legend entry", got)
	}
	if !doc.hasText("y = 2·x + 1") {
		t.Errorf("legend lacks the line equation; texts: %v", doc.texts)
	}
	f = mustFig(t)(plot.RegressionLine(x, y, -0.5, -2, plot.RegressionOptions{HideResiduals: true}))
	doc = parseSVG(t, []byte(f.SVG()))
	if doc.strokes["#D62728"] != 0 || !doc.hasText("y = -0.5·x − 2") {
		t.Errorf("HideResiduals or negative intercept wrong: %d red strokes, texts %v", doc.strokes["#D62728"], doc.texts)
	}
}

func TestLossCurvesSVG(t *testing.T) {
	tr := &optim.Trace{Steps: []optim.Step{
		{Iter: 0, Loss: 10, Params: []float64{1, 1}},
		{Iter: 1, Loss: 1, Params: []float64{0.5, 0.5}},
		{Iter: 2, Loss: 0.1, Params: []float64{0.1, 0.2}},
	}}
	s, err := plot.SeriesFromTrace("GD", tr)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.X) != 3 || s.X[2] != 2 || s.Y[2] != 0.1 {
		t.Fatalf("SeriesFromTrace = %+v", s)
	}
	f := mustFig(t)(plot.LossCurves([]plot.Series{s, {Name: "Adam", Y: []float64{10, 0.5, 0.01}}}, plot.LineOptions{LogY: true}))
	doc := parseSVG(t, []byte(f.SVG()))
	for _, txt := range []string{"GD", "Adam", "iteration", "loss", "1", "0.1"} {
		if !doc.hasText(txt) {
			t.Errorf("SVG lacks text %q", txt)
		}
	}
	// Curve and legend thumbnail per series.
	if doc.strokes[hex(0)] != 2 || doc.strokes[hex(1)] != 2 {
		t.Errorf("series strokes %d and %d, want 2 each", doc.strokes[hex(0)], doc.strokes[hex(1)])
	}
	// Lines with markers for short series.
	f = mustFig(t)(plot.Lines([]plot.Series{{Name: "acc", X: []float64{0.5, 1, 8}, Y: []float64{0.6, 0.8, 0.9}}},
		plot.LineOptions{LogX: true, Points: true, Options: plot.Options{XLabel: "ε"}}))
	doc = parseSVG(t, []byte(f.SVG()))
	if doc.fills[hex(0)] != 4 || !doc.hasText("ε") {
		t.Errorf("markers filled %d times (want 3 + legend), texts %v", doc.fills[hex(0)], doc.texts)
	}
}

func TestContoursSVG(t *testing.T) {
	bowl := func(x, y float64) float64 { return x*x + 4*y*y }
	gd, err := plot.PathFromPoints("GD", [][]float64{{2, 1}, {1.5, 0.2}, {1, 0.1}, {0.5, 0}})
	if err != nil {
		t.Fatal(err)
	}
	tr := &optim.Trace{Steps: []optim.Step{{Params: []float64{-2, -1}}, {Params: []float64{-1, 0}}}}
	adam, err := plot.PathFromTrace("Adam", tr)
	if err != nil {
		t.Fatal(err)
	}
	f := mustFig(t)(plot.Contours(bowl, plot.ContourOptions{
		Options: plot.Options{Title: "Bowl"},
		XMin:    -3, XMax: 3, YMin: -2, YMax: 2, Resolution: 40,
		Levels: []float64{0.5, 1, 2, 4, 8},
		Paths:  []plot.Path{gd, adam},
	}))
	doc := parseSVG(t, []byte(f.SVG()))
	for _, s := range []string{"Bowl", "GD", "Adam", "w1", "w2"} {
		if !doc.hasText(s) {
			t.Errorf("SVG lacks text %q", s)
		}
	}
	// Path i has ClassColor(i), the colour of series i in LossCurves:
	// the line, its legend thumbnail and the start ring each.
	if doc.strokes[hex(0)] != 3 || doc.strokes[hex(1)] != 3 {
		t.Errorf("path strokes %d in %s and %d in %s, want 3 each: %v", doc.strokes[hex(0)], hex(0), doc.strokes[hex(1)], hex(1), doc.strokes)
	}
	// One dot per point of the first path (4) + the legend dot + the end marker.
	if got := doc.fills[hex(0)]; got != 6 {
		t.Errorf("first path filled %d times, want 6", got)
	}
	// Each path runs on a white halo, over contours in neutral greys that
	// no path colour can be confused with.
	halos, contourStrokes := 0, 0
	for c, n := range doc.strokes {
		var r, g, b int
		if _, err := fmt.Sscanf(c, "#%02X%02X%02X", &r, &g, &b); err != nil {
			t.Fatalf("stroke colour %q: %v", c, err)
		}
		switch {
		case c == hex(0) || c == hex(1) || c == "#000000":
		case r >= 250 && g >= 250 && b >= 250:
			halos += n
		case r != g || g != b:
			t.Errorf("contour stroke %s is not grey", c)
		default:
			contourStrokes += n
		}
	}
	if halos != 2 {
		t.Errorf("%d white halos, want one per path: %v", halos, doc.strokes)
	}
	// Five closed ellipses, each drawn as at least one path of its own colour.
	if contourStrokes < 5 {
		t.Errorf("%d contour strokes, want ≥ 5: %v", contourStrokes, doc.strokes)
	}
	// Automatic levels.
	mustFig(t)(plot.Contours(bowl, plot.ContourOptions{XMin: -1, XMax: 1, YMin: -1, YMax: 1, NumLevels: 4}))
}

func TestConfusionMatrixSVG(t *testing.T) {
	c, err := metrics.ConfusionMatrix([]float64{0, 0, 0, 1, 1, 2}, []float64{0, 0, 1, 1, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	c.Names = []string{"cat", "dog", "fox"}
	f := mustFig(t)(plot.ConfusionMatrix(c, plot.ConfusionOptions{}))
	doc := parseSVG(t, []byte(f.SVG()))
	counts := map[string]int{}
	for _, tx := range doc.texts {
		counts[tx.text]++
	}
	// 3×3 cells: 2, 1, 0 / 0, 2, 0 / 0, 0, 1.
	if counts["2"] != 2 || counts["1"] != 2 || counts["0"] != 5 {
		t.Errorf("cell texts %v, want two 2s, two 1s, five 0s", counts)
	}
	for _, s := range []string{"cat", "dog", "fox", "predicted", "true"} {
		if counts[s] == 0 {
			t.Errorf("SVG lacks %q", s)
		}
	}
	// Names appear on both axes; true classes run top-down.
	if counts["cat"] != 2 {
		t.Errorf("class name on %d axes, want 2", counts["cat"])
	}
	f = mustFig(t)(plot.ConfusionMatrix(c, plot.ConfusionOptions{Normalize: true, ClassNames: []string{"A", "B", "C"}}))
	doc = parseSVG(t, []byte(f.SVG()))
	if !doc.hasText("0.67") || !doc.hasText("0.33") || !doc.hasText("A") {
		t.Errorf("normalized texts %v", doc.texts)
	}
}

func TestROCSVG(t *testing.T) {
	f := mustFig(t)(plot.ROC([]plot.ROCCurve{
		{Name: "model", FPR: []float64{0, 0, 0.5, 1}, TPR: []float64{0, 0.5, 1, 1}},
		{FPR: []float64{0, 1}, TPR: []float64{0, 1}},
	}, plot.ROCOptions{}))
	doc := parseSVG(t, []byte(f.SVG()))
	for _, s := range []string{"model (AUC = 0.875)", "curve 2 (AUC = 0.500)", "chance (AUC = 0.5)", "false positive rate", "true positive rate"} {
		if !doc.hasText(s) {
			t.Errorf("SVG lacks %q", s)
		}
	}
}

func TestImportancesSVG(t *testing.T) {
	names := []string{"small", "big", "negative", "mid"}
	f := mustFig(t)(plot.Importances(names, []float64{0.01, 0.3, -0.02, 0.1}, []float64{0.005, 0.05, 0.01, 0.02}, plot.ImportanceOptions{}))
	doc := parseSVG(t, []byte(f.SVG()))
	// Sorted: big on top, then mid, small, negative (SVG y grows downward
	// in the flipped text coordinates, so higher means more negative y).
	ys := []float64{doc.textY(t, "big"), doc.textY(t, "mid"), doc.textY(t, "small"), doc.textY(t, "negative")}
	for i := 1; i < len(ys); i++ {
		if !(ys[i-1] < ys[i]) {
			t.Errorf("bars not sorted by importance: y positions %v", ys)
		}
	}
	im := &explain.Importance{Names: names, Mean: []float64{0.01, 0.3, -0.02, 0.1}, Std: []float64{0, 0, 0, 0}}
	f = mustFig(t)(plot.ImportancesOf(im, plot.ImportanceOptions{Top: 2}))
	doc = parseSVG(t, []byte(f.SVG()))
	if !doc.hasText("big") || !doc.hasText("mid") || doc.hasText("small") {
		t.Errorf("Top 2 shows %v", doc.texts)
	}
}

func TestErrors(t *testing.T) {
	X, y := threeClasses()
	nan := math.NaN()
	Xnan := mat.NewDense(2, 2, []float64{0, nan, 1, 1})
	one := mat.NewDense(3, 1, []float64{1, 2, 3})
	bowl := func(x, y float64) float64 { return x*x + y*y }
	step := func(x1, _ float64) float64 { return math.Copysign(1, x1) }
	conf := &metrics.Confusion{Labels: []float64{0, 1}, Counts: [][]int{{1, 2}}}
	cases := []struct {
		name string
		err  error
	}{
		{"scatter nil X", second(plot.Scatter(nil, nil, plot.ScatterOptions{}))},
		{"scatter y length", second(plot.Scatter(X, y[:3], plot.ScatterOptions{}))},
		{"scatter NaN", second(plot.Scatter(Xnan, nil, plot.ScatterOptions{}))},
		{"scatter NaN label", second(plot.Scatter(X, []float64{0, 0, 1, nan, 2, 2}, plot.ScatterOptions{}))},
		{"scatter one column", second(plot.Scatter(one, nil, plot.ScatterOptions{}))},
		{"scatter feature range", second(plot.Scatter(X, y, plot.ScatterOptions{Features: [2]int{0, 3}}))},
		{"negative size", second(plot.Scatter(X, y, plot.ScatterOptions{Options: plot.Options{Width: -1}}))},
		{"NaN size", second(plot.Scatter(X, y, plot.ScatterOptions{Options: plot.Options{Height: nan}}))},
		{"huge", second(plot.Scatter(X, y, plot.ScatterOptions{Options: plot.Options{Width: 1000}}))},
		{"regions 3 columns", second(plot.DecisionRegionsFunc(step, X, y, plot.RegionOptions{}))},
		{"regions nil model", second(plot.DecisionRegions(nil, X.Slice(0, 6, 0, 2), y, plot.RegionOptions{}))},
		{"regions nil f", second(plot.DecisionRegionsFunc(nil, X.Slice(0, 6, 0, 2), y, plot.RegionOptions{}))},
		{"regions nil y", second(plot.DecisionRegionsFunc(step, X.Slice(0, 6, 0, 2), nil, plot.RegionOptions{}))},
		{"regions NaN f", second(plot.DecisionRegionsFunc(func(_, _ float64) float64 { return nan }, X.Slice(0, 6, 0, 2), y, plot.RegionOptions{}))},
		{"regions proba 3 classes", second(plot.DecisionRegionsFunc(step, X.Slice(0, 6, 0, 2), y, plot.RegionOptions{Proba: true}))},
		{"regions proba not probability", second(plot.DecisionRegionsFunc(step, X.Slice(0, 6, 0, 2), []float64{0, 0, 1, 1, 1, 1}, plot.RegionOptions{Proba: true}))},
		{"regions resolution", second(plot.DecisionRegionsFunc(step, X.Slice(0, 6, 0, 2), y, plot.RegionOptions{Resolution: 1}))},
		{"regression empty", second(plot.RegressionLine(nil, nil, 1, 0, plot.RegressionOptions{}))},
		{"regression lengths", second(plot.RegressionLine([]float64{1, 2}, []float64{1}, 1, 0, plot.RegressionOptions{}))},
		{"regression NaN", second(plot.RegressionLine([]float64{1, nan}, []float64{1, 2}, 1, 0, plot.RegressionOptions{}))},
		{"regression NaN slope", second(plot.RegressionLine([]float64{1, 2}, []float64{1, 2}, nan, 0, plot.RegressionOptions{}))},
		{"lines none", second(plot.Lines(nil, plot.LineOptions{}))},
		{"lines empty", second(plot.Lines([]plot.Series{{Name: "a"}}, plot.LineOptions{}))},
		{"lines lengths", second(plot.Lines([]plot.Series{{X: []float64{1}, Y: []float64{1, 2}}}, plot.LineOptions{}))},
		{"lines NaN", second(plot.LossCurves([]plot.Series{{Y: []float64{1, nan}}}, plot.LineOptions{}))},
		{"lines log zero", second(plot.LossCurves([]plot.Series{{Y: []float64{1, 0}}}, plot.LineOptions{LogY: true}))},
		{"lines logx no X", second(plot.Lines([]plot.Series{{Y: []float64{1, 2}}}, plot.LineOptions{LogX: true}))},
		{"trace empty", second(plot.SeriesFromTrace("x", &optim.Trace{}))},
		{"trace nil path", second(plot.PathFromTrace("x", nil))},
		{"trace 1 param", second(plot.PathFromTrace("x", &optim.Trace{Steps: []optim.Step{{Params: []float64{1}}}}))},
		{"points 1 coord", second(plot.PathFromPoints("x", [][]float64{{1}}))},
		{"contour nil f", second(plot.Contours(nil, plot.ContourOptions{XMax: 1, YMax: 1}))},
		{"contour no range", second(plot.Contours(bowl, plot.ContourOptions{}))},
		{"contour NaN bound", second(plot.Contours(bowl, plot.ContourOptions{XMin: nan, XMax: 1, YMax: 1}))},
		{"contour NaN f", second(plot.Contours(func(x, _ float64) float64 { return math.Log(x) }, plot.ContourOptions{XMin: -1, XMax: 1, YMax: 1}))},
		{"contour constant", second(plot.Contours(func(_, _ float64) float64 { return 3 }, plot.ContourOptions{XMax: 1, YMax: 1}))},
		{"contour NaN path", second(plot.Contours(bowl, plot.ContourOptions{XMax: 1, YMax: 1, Paths: []plot.Path{{Points: [][2]float64{{nan, 0}}}}}))},
		{"contour empty path", second(plot.Contours(bowl, plot.ContourOptions{XMax: 1, YMax: 1, Paths: []plot.Path{{Name: "p"}}}))},
		{"contour NaN level", second(plot.Contours(bowl, plot.ContourOptions{XMax: 1, YMax: 1, Levels: []float64{nan}}))},
		{"confusion nil", second(plot.ConfusionMatrix(nil, plot.ConfusionOptions{}))},
		{"confusion ragged", second(plot.ConfusionMatrix(conf, plot.ConfusionOptions{}))},
		{"confusion negative", second(plot.ConfusionMatrix(&metrics.Confusion{Labels: []float64{0}, Counts: [][]int{{-1}}}, plot.ConfusionOptions{}))},
		{"roc none", second(plot.ROC(nil, plot.ROCOptions{}))},
		{"roc lengths", second(plot.ROC([]plot.ROCCurve{{FPR: []float64{0, 1}, TPR: []float64{0}}}, plot.ROCOptions{}))},
		{"roc range", second(plot.ROC([]plot.ROCCurve{{FPR: []float64{0, 2}, TPR: []float64{0, 1}}}, plot.ROCOptions{}))},
		{"roc order", second(plot.ROC([]plot.ROCCurve{{FPR: []float64{0, 1, 0.5}, TPR: []float64{0, 1, 1}}}, plot.ROCOptions{}))},
		{"roc one point", second(plot.ROC([]plot.ROCCurve{{FPR: []float64{0}, TPR: []float64{0}}}, plot.ROCOptions{}))},
		{"importances empty", second(plot.Importances(nil, nil, nil, plot.ImportanceOptions{}))},
		{"importances names", second(plot.Importances([]string{"a"}, []float64{1, 2}, nil, plot.ImportanceOptions{}))},
		{"importances std", second(plot.Importances(nil, []float64{1, 2}, []float64{1}, plot.ImportanceOptions{}))},
		{"importances NaN", second(plot.Importances(nil, []float64{1, nan}, nil, plot.ImportanceOptions{}))},
		{"importances negative std", second(plot.Importances(nil, []float64{1, 2}, []float64{1, -1}, plot.ImportanceOptions{}))},
		{"importances nil", second(plot.ImportancesOf(nil, plot.ImportanceOptions{}))},
	}
	for _, tc := range cases {
		if tc.err == nil {
			t.Errorf("%s: no error", tc.name)
		} else if !strings.HasPrefix(tc.err.Error(), "plot: ") {
			t.Errorf("%s: error %q lacks the package prefix", tc.name, tc.err)
		}
	}
}

// TestRenderError: a figure broken after construction reports the error
// instead of panicking.
func TestRenderError(t *testing.T) {
	f := mustFig(t)(plot.Lines([]plot.Series{{Y: []float64{1, 2}}}, plot.LineOptions{}))
	f.Width = -2
	if _, err := f.RenderSVG(); err == nil {
		t.Error("RenderSVG of a negative-width figure: no error")
	}
	if f.PNG() != nil {
		t.Error("PNG of a negative-width figure is not nil")
	}
	if s := f.SVG(); !strings.Contains(s, "must be positive") || !strings.HasPrefix(s, "<svg") {
		t.Errorf("SVG of a broken figure is %q, want an SVG with the message", s)
	}
	// gonum/plot panics on a log axis over negative values; that becomes
	// an error too.
	f = mustFig(t)(plot.Lines([]plot.Series{{Y: []float64{-1, 2}}}, plot.LineOptions{}))
	f.Plot.Y.Scale = gplot.LogScale{}
	if _, err := f.RenderPNG(); err == nil || !strings.Contains(err.Error(), "rendering failed") {
		t.Errorf("log axis over negative values: err = %v", err)
	}
	var nilFig *plot.Figure
	if _, err := nilFig.RenderPNG(); err == nil {
		t.Error("nil figure: no error")
	}
}

func second[A any](_ A, err error) error { return err }

// svgTextX returns the x attribute of every <text> element whose content
// is s, in document order.
func svgTextX(t *testing.T, svg, s string) []float64 {
	t.Helper()
	var xs []float64
	for _, part := range strings.Split(svg, "<text ")[1:] {
		attrs, rest, _ := strings.Cut(part, ">")
		if content, _, _ := strings.Cut(rest, "</text"); content != s {
			continue
		}
		_, after, ok := strings.Cut(attrs, `x="`)
		if !ok {
			t.Fatalf("text %q has no x", s)
		}
		num, _, _ := strings.Cut(after, `"`)
		x, err := strconv.ParseFloat(num, 64)
		if err != nil {
			t.Fatal(err)
		}
		xs = append(xs, x)
	}
	return xs
}

// TestConfusionLabelRoom checks that a long class name on the left keeps
// clear of the cells even in an SVG viewer whose fallback font (DejaVu
// Sans) is 17% wider than the Liberation Sans it was measured with: the
// cells are drawn after the axes and would hide its end ("malignan").
func TestConfusionLabelRoom(t *testing.T) {
	c := &metrics.Confusion{Labels: []float64{0, 1}, Names: []string{"malignant", "benign"}, Counts: [][]int{{200, 12}, {5, 352}}}
	for _, w := range []float64{4, 6} {
		f := mustFig(t)(plot.ConfusionMatrix(c, plot.ConfusionOptions{Options: plot.Options{Width: w, Height: 3.5}}))
		svg := f.SVG()
		xs := svgTextX(t, svg, "malignant")
		if len(xs) != 2 {
			t.Fatalf("%d malignant labels, want 2", len(xs))
		}
		left := math.Min(xs[0], xs[1]) // the y tick label
		width := float64(f.Plot.Y.Tick.Label.Width("malignant"))
		// The first cell is the first path filled with the darkest-but-one
		// shade after the axes; find the smallest x of any filled cell path.
		cellX := math.Inf(1)
		for _, part := range strings.Split(svg, `<path d="M`)[1:] {
			if !strings.Contains(part, "stroke:#FFFFFF") {
				continue
			}
			num, _, _ := strings.Cut(part, ",")
			x, err := strconv.ParseFloat(num, 64)
			if err == nil {
				cellX = math.Min(cellX, x)
			}
		}
		if right := left + 1.17*width; right > cellX {
			t.Errorf("width %v in: label at x = %.1f, %.1f pt wide (%.1f in a wider font) runs into the cells at x = %.1f", w, left, width, 1.17*width, cellX)
		}
		if left < 0 {
			t.Errorf("width %v in: label starts at x = %.1f, off the figure", w, left)
		}
	}
}

// TestLongTitle checks that a title wider than the figure is wrapped onto
// lines that fit, keeping every word, and that short titles are untouched.
func TestLongTitle(t *testing.T) {
	long := "Breast cancer: logistic regression with standardised features, test set confusion matrix"
	c := &metrics.Confusion{Labels: []float64{0, 1}, Names: []string{"malignant", "benign"}, Counts: [][]int{{200, 12}, {5, 352}}}
	for _, tc := range []struct {
		title          string
		width          float64
		minLin, maxLin int
	}{
		{long, 4, 2, 3},
		{long, 3, 3, 3},
		{"Confusion", 4, 1, 1},
		{long, 2, 4, 5}, // at the smallest font size, more lines
	} {
		f := mustFig(t)(plot.ConfusionMatrix(c, plot.ConfusionOptions{Options: plot.Options{Title: tc.title, Width: tc.width, Height: 3.5}}))
		doc := parseSVG(t, []byte(f.SVG()))
		svg := f.SVG()
		var lines []string
		for _, tx := range doc.texts {
			if strings.Contains(tc.title, tx.text) && len(tx.text) > 3 && tx.text != "malignant" && tx.text != "benign" {
				lines = append(lines, tx.text)
				for _, x := range svgTextX(t, svg, tx.text) {
					if x < 0 {
						t.Errorf("%q at %v in: line %q starts at x = %v, off the figure", tc.title, tc.width, tx.text, x)
					}
				}
			}
		}
		if got := strings.Join(lines, " "); got != tc.title {
			t.Errorf("%q at %v in: title lines %q", tc.title, tc.width, lines)
		}
		if len(lines) < tc.minLin || len(lines) > tc.maxLin {
			t.Errorf("%q at %v in: %d title lines, want %d to %d", tc.title, tc.width, len(lines), tc.minLin, tc.maxLin)
		}
		if f.Plot.Title.Text != tc.title {
			t.Errorf("rendering changed the title to %q", f.Plot.Title.Text)
		}
	}
}

// tickLabels returns the texts of doc that parse as numbers.
func tickLabels(doc svgDoc) []string {
	var out []string
	for _, tx := range doc.texts {
		if _, err := strconv.ParseFloat(tx.text, 64); err == nil {
			out = append(out, tx.text)
		}
	}
	return out
}

// TestLogAxisLabels checks log axes end to end: clean labels at powers of
// ten over many decades, and at least three labels over about a decade.
func TestLogAxisLabels(t *testing.T) {
	var wide, narrow plot.Series
	for i := range 100 {
		wide.Y = append(wide.Y, 10*math.Pow(1e-13, float64(i)/99)) // 10 … 1e-12
		narrow.Y = append(narrow.Y, 13-0.119*float64(i))           // 13 … 1.2
	}
	for _, tc := range []struct {
		name string
		fig  *plot.Figure
		want []string
	}{
		{"LossCurves 1e-12…10", mustFig(t)(plot.LossCurves([]plot.Series{wide}, plot.LineOptions{LogY: true})), []string{"1e-12", "1e-8", "1e-6", "0.01", "1"}},
		{"LossCurves 1.2…13", mustFig(t)(plot.LossCurves([]plot.Series{narrow}, plot.LineOptions{LogY: true})), []string{"2", "5", "10"}},
		{"Lines LogX 1.2…13", mustFig(t)(plot.Lines([]plot.Series{{X: narrow.Y, Y: wide.Y}}, plot.LineOptions{LogX: true})), []string{"2", "5", "10"}},
	} {
		labels := tickLabels(parseSVG(t, []byte(tc.fig.SVG())))
		for _, w := range tc.want {
			if !slices.Contains(labels, w) {
				t.Errorf("%s: no tick label %q in %v", tc.name, w, labels)
			}
		}
		for _, l := range labels {
			if len(l) > 6 || strings.Contains(l, "9999") {
				t.Errorf("%s: untidy tick label %q", tc.name, l)
			}
		}
	}
}
