package plot

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// pixelOf returns the PNG pixel at data point (x, y) of f, using the same
// layout as WritePNG.
func pixelOf(t *testing.T, f *Figure, img image.Image, x, y float64) color.RGBA {
	t.Helper()
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(f.Width)*vg.Inch, vg.Length(f.Height)*vg.Inch), vgimg.UseDPI(f.DPI))
	dc := draw.Crop(draw.New(c), 0, -vg.Points(10), 0, -vg.Points(4))
	// DataCanvas allows for the title and axes as Plot.Draw does.
	da := f.Plot.DataCanvas(dc)
	trX, trY := f.Plot.Transforms(&da)
	dpi := float64(f.DPI)
	px := int(math.Round(trX(x).Dots(dpi)))
	py := img.Bounds().Dy() - 1 - int(math.Round(trY(y).Dots(dpi)))
	r, g, b, a := img.At(px, py).RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return math.Abs(float64(x)-float64(y)) <= float64(tol) }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

// halfPlane predicts class 0 left of x1 = 0 and class 1 right of it.
type halfPlane struct{}

func (halfPlane) Predict(X mat.Matrix) ([]float64, error) {
	n, _ := X.Dims()
	out := make([]float64, n)
	for i := range out {
		if X.At(i, 0) > 0 {
			out[i] = 1
		}
	}
	return out, nil
}

func TestDecisionRegionPixels(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{-2, -1, -1.5, 1, 2, 1, 1.5, -1})
	y := []float64{0, 0, 1, 1}
	for _, title := range []string{"", "With a title"} {
		f, err := DecisionRegions(halfPlane{}, X, y, RegionOptions{Options: Options{Title: title}})
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(f.PNG()))
		if err != nil {
			t.Fatal(err)
		}
		// Deep in each region, away from the points.
		if got, want := pixelOf(t, f, img, -1, 0), blend(ClassColor(0), 0.3); !near(got, want, 3) {
			t.Errorf("%q: pixel in class 0's region is %v, want %v", title, got, want)
		}
		if got, want := pixelOf(t, f, img, 1, 0), blend(ClassColor(1), 0.3); !near(got, want, 3) {
			t.Errorf("%q: pixel in class 1's region is %v, want %v", title, got, want)
		}
		// A data point of class 0 is drawn in the full class colour.
		if got := pixelOf(t, f, img, -2, -1); !near(got, ClassColor(0), 3) {
			t.Errorf("%q: class 0 point is %v, want %v", title, got, ClassColor(0))
		}
	}
}

func TestProbaShading(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{-2, -1, -1.5, 1, 2, 1, 1.5, -1})
	y := []float64{0, 0, 1, 1}
	sigmoid := func(x1, x2 float64) float64 { return 1 / (1 + math.Exp(-4*x1)) }
	f, err := DecisionRegionsFunc(sigmoid, X, y, RegionOptions{Proba: true})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(f.PNG()))
	if err != nil {
		t.Fatal(err)
	}
	sure := pixelOf(t, f, img, 2.2, 0)
	unsure := pixelOf(t, f, img, 0.08, 0.4)
	// Confident cells are saturated (low blue for orange), near-0.5 cells
	// almost white.
	if !(sure.B < 150) {
		t.Errorf("confident class-1 cell %v is not strongly orange", sure)
	}
	if !(unsure.B > 200 && unsure.R > 200) {
		t.Errorf("cell near p = 0.5 is %v, want nearly white", unsure)
	}
}

func TestNiceTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   []string
	}{
		{0, 1, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{-2, 2, []string{"-2", "-1", "0", "1", "2"}},
		{0, 300, []string{"0", "50", "100", "150", "200", "250", "300"}},
	} {
		var got []string
		for _, tk := range (niceTicks{}).Ticks(tc.lo, tc.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if len(got) != len(tc.want) {
			t.Errorf("[%v, %v]: labels %v, want %v", tc.lo, tc.hi, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("[%v, %v]: labels %v, want %v", tc.lo, tc.hi, got, tc.want)
				break
			}
		}
	}
}

// TestLogTicks checks that every log axis gets clean labels at exactly the
// tick values: at least three over a decade or more, at least two over any
// range, powers of ten over many decades.
func TestLogTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   []string // nil: only the generic checks
	}{
		{1e-12, 10, []string{"1e-12", "1e-10", "1e-8", "1e-6", "1e-4", "0.01", "1"}},
		{1.1, 13, []string{"2", "5", "10"}},
		{0.0926, 10.8, []string{"0.1", "0.2", "0.5", "1", "2", "5", "10"}},
		{0.05, 2000, []string{"0.1", "1", "10", "100", "1000"}},
		{1.5, 9.5, []string{"2", "3", "5"}},
		{3, 7, []string{"3", "4", "5", "6", "7"}},
		{2e-5, 9e-5, []string{"2e-5", "3e-5", "5e-5"}},
		{1e3, 1e9, []string{"1000", "10000", "1e5", "1e6", "1e7", "1e8", "1e9"}},
		{1e-300, 1e300, nil},
		{1.01, 1.05, nil},
		{0.2, 0.23, nil},
		{3.7e-7, 8.1e-6, nil},
		{0.4, 3, nil},
	} {
		var labels []string
		prev := math.Inf(-1)
		for _, tk := range (logTicks{}).Ticks(tc.lo, tc.hi) {
			if !(tk.Value > prev) {
				t.Errorf("[%g, %g]: tick values not increasing at %v", tc.lo, tc.hi, tk.Value)
			}
			prev = tk.Value
			if tk.Label == "" {
				continue
			}
			labels = append(labels, tk.Label)
			v, err := strconv.ParseFloat(tk.Label, 64)
			if err != nil || math.Abs(v-tk.Value) > 1e-12*tk.Value {
				t.Errorf("[%g, %g]: label %q at value %v", tc.lo, tc.hi, tk.Label, tk.Value)
			}
			if len(tk.Label) > 6 || strings.Contains(tk.Label, "999") || strings.Contains(tk.Label, "000001") {
				t.Errorf("[%g, %g]: untidy label %q", tc.lo, tc.hi, tk.Label)
			}
			if tk.Value < tc.lo*(1-1e-9) || tk.Value > tc.hi*(1+1e-9) {
				t.Errorf("[%g, %g]: label %q outside the range", tc.lo, tc.hi, tk.Label)
			}
		}
		min := 2
		if tc.hi/tc.lo >= 10 {
			min = 3
		}
		if len(labels) < min || len(labels) > 10 {
			t.Errorf("[%g, %g]: %d labels %v, want %d to 10", tc.lo, tc.hi, len(labels), labels, min)
		}
		if tc.want != nil && !slices.Equal(labels, tc.want) {
			t.Errorf("[%g, %g]: labels %v, want %v", tc.lo, tc.hi, labels, tc.want)
		}
	}
}
