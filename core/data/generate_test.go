package data

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"

	"math/rand/v2"

	"github.com/descentml/descent/core/model"
)

// fingerprint hashes the exact bits of X and Y.
func fingerprint(ds *Dataset) string {
	h := sha256.New()
	var buf [8]byte
	for _, v := range ds.X.RawMatrix().Data {
		binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
		h.Write(buf[:])
	}
	for _, v := range ds.Y {
		binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
		h.Write(buf[:])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

type genCase struct {
	name    string
	gen     func() (*Dataset, error)
	n, p, k int    // k = 0 for regression
	golden  string // fingerprint, the same on every platform
}

func genCases() []genCase {
	return []genCase{
		{"linear", func() (*Dataset, error) {
			return LinearNoise(LinearNoiseConfig{N: 50, P: 3, Noise: 0.5, Intercept: 2, Seed: 1})
		}, 50, 3, 0, "cfce33d905aa4f55"},
		{"linear default", func() (*Dataset, error) { return LinearNoise(LinearNoiseConfig{}) }, 100, 1, 0, "46526d3b2d4da694"},
		{"blobs", func() (*Dataset, error) { return Blobs(BlobsConfig{N: 61, K: 4, P: 3, Std: 0.5, Seed: 2}) }, 61, 3, 4, "7e3276f280e818e4"},
		{"blobs centers", func() (*Dataset, error) {
			return Blobs(BlobsConfig{N: 30, Centers: [][]float64{{0, 0}, {5, 5}}, Seed: 3})
		}, 30, 2, 2, "b6168ad22d88d4f0"},
		{"moons", func() (*Dataset, error) { return Moons(MoonsConfig{N: 101, Noise: 0.1, Seed: 4}) }, 101, 2, 2, "3bb8035887ea11ea"},
		{"circles", func() (*Dataset, error) { return Circles(CirclesConfig{N: 80, Noise: 0.05, Factor: 0.5, Seed: 5}) }, 80, 2, 2, "761bc3f490cac1b1"},
		{"xor", func() (*Dataset, error) { return XOR(XORConfig{N: 40, Noise: 0.1, Seed: 6}) }, 40, 2, 2, "5706cda4055f1293"},
		{"spiral", func() (*Dataset, error) {
			return Spiral(SpiralConfig{N: 300, Classes: 4, Turns: 1.5, Noise: 0.02, Seed: 7})
		}, 300, 2, 4, "bd5b32b89392edeb"},
		{"spiral default", func() (*Dataset, error) { return Spiral(SpiralConfig{}) }, 100, 2, 3, "e7b05c6d14cafd91"},
	}
}

func TestGenerators(t *testing.T) {
	for _, tt := range genCases() {
		t.Run(tt.name, func(t *testing.T) {
			ds, err := tt.gen()
			if err != nil {
				t.Fatal(err)
			}
			n, p := ds.Dims()
			if n != tt.n || p != tt.p || len(ds.Y) != n || len(ds.FeatureNames) != p {
				t.Fatalf("Dims = %d×%d (len Y %d, %d names), want %d×%d", n, p, len(ds.Y), len(ds.FeatureNames), tt.n, tt.p)
			}
			again, _ := tt.gen()
			if fingerprint(ds) != fingerprint(again) {
				t.Error("same config gave different data")
			}
			if got := fingerprint(ds); got != tt.golden {
				t.Errorf("fingerprint = %s, want %s (data changed, or differs on %s/%s)", got, tt.golden, runtime.GOOS, runtime.GOARCH)
			}
			for _, v := range ds.X.RawMatrix().Data {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatal("non-finite feature")
				}
			}
			if tt.k == 0 {
				if ds.TargetNames != nil {
					t.Errorf("regression TargetNames = %v", ds.TargetNames)
				}
				return
			}
			if len(ds.TargetNames) != tt.k {
				t.Errorf("TargetNames = %v, want %d names", ds.TargetNames, tt.k)
			}
			// Balanced classes: sizes differ by at most one.
			counts := make([]int, tt.k)
			for _, v := range ds.Y {
				counts[int(v)]++
			}
			if slices.Max(counts)-slices.Min(counts) > 1 {
				t.Errorf("class sizes %v are not balanced", counts)
			}
			// Shuffled: the labels are not sorted.
			if slices.IsSorted(ds.Y) {
				t.Error("samples are not shuffled")
			}
		})
	}
}

func TestGeneratorSeeds(t *testing.T) {
	a, _ := Moons(MoonsConfig{Noise: 0.1, Seed: 1})
	b, _ := Moons(MoonsConfig{Noise: 0.1, Seed: 2})
	if fingerprint(a) == fingerprint(b) {
		t.Error("different seeds gave the same data")
	}
}

func TestLinearNoiseRecoversWeights(t *testing.T) {
	cfg := LinearNoiseConfig{N: 20, P: 2, Intercept: 1.5, Seed: 9}
	w, err := cfg.TrueWeights()
	if err != nil {
		t.Fatal(err)
	}
	if len(w) != 2 || w[0] < -5 || w[0] > 5 || w[0] == w[1] {
		t.Fatalf("TrueWeights = %v", w)
	}
	ds, err := LinearNoise(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		want := 1.5 + ds.X.At(i, 0)*w[0] + ds.X.At(i, 1)*w[1]
		if math.Abs(ds.Y[i]-want) > 1e-12 {
			t.Fatalf("y[%d] = %v, want Xw+b = %v without noise", i, ds.Y[i], want)
		}
	}
	given := LinearNoiseConfig{Weights: []float64{2, -1}}
	if w, _ := given.TrueWeights(); !slices.Equal(w, []float64{2, -1}) {
		t.Errorf("TrueWeights with given Weights = %v", w)
	}
	// Noise has about the requested standard deviation.
	noisy, _ := LinearNoise(LinearNoiseConfig{N: 4000, Noise: 2, Seed: 3})
	w1, _ := LinearNoiseConfig{N: 4000, Noise: 2, Seed: 3}.TrueWeights()
	var ss float64
	for i, y := range noisy.Y {
		r := y - noisy.X.At(i, 0)*w1[0]
		ss += r * r
	}
	if sd := math.Sqrt(ss / 4000); math.Abs(sd-2) > 0.1 {
		t.Errorf("noise sd = %.3f, want about 2", sd)
	}
}

func TestBlobsCenters(t *testing.T) {
	cfg := BlobsConfig{N: 3000, K: 3, Std: 0.5, Seed: 11}
	centers, err := cfg.TrueCenters()
	if err != nil {
		t.Fatal(err)
	}
	ds, _ := Blobs(cfg)
	for c := range 3 {
		var sx, sy, m float64
		for i, y := range ds.Y {
			if int(y) == c {
				sx += ds.X.At(i, 0)
				sy += ds.X.At(i, 1)
				m++
			}
		}
		if math.Abs(sx/m-centers.At(c, 0)) > 0.05 || math.Abs(sy/m-centers.At(c, 1)) > 0.05 {
			t.Errorf("class %d mean (%.3f, %.3f), center (%.3f, %.3f)", c, sx/m, sy/m, centers.At(c, 0), centers.At(c, 1))
		}
		if v := centers.At(c, 0); v < -10 || v > 10 {
			t.Errorf("center %v outside [-10, 10]", v)
		}
	}
}

func TestXORLabels(t *testing.T) {
	ds, _ := XOR(XORConfig{N: 200, Seed: 1})
	for i, y := range ds.Y {
		x0, x1 := ds.X.At(i, 0), ds.X.At(i, 1)
		if want := x0*x1 < 0; (y == 1) != want || math.Abs(x0) > 1 || math.Abs(x1) > 1 {
			t.Fatalf("point (%v, %v) labelled %v", x0, x1, y)
		}
	}
}

func TestSpiralRadii(t *testing.T) {
	ds, _ := Spiral(SpiralConfig{N: 90, Classes: 3})
	var radii []float64
	for i, y := range ds.Y {
		if y == 0 {
			radii = append(radii, math.Hypot(ds.X.At(i, 0), ds.X.At(i, 1)))
		}
	}
	sort.Float64s(radii)
	for j, r := range radii {
		if want := float64(j+1) / 30; math.Abs(r-want) > 1e-12 {
			t.Fatalf("radius %d = %v, want %v", j, r, want)
		}
	}
}

// TestMoonsCirclesMatchSklearn compares noise-free points with
// sklearn.datasets.make_moons / make_circles(shuffle=False).
func TestMoonsCirclesMatchSklearn(t *testing.T) {
	ref := loadReference(t)
	moons, err := Moons(MoonsConfig{N: ref.Moons.N})
	if err != nil {
		t.Fatal(err)
	}
	circles, err := Circles(CirclesConfig{N: ref.Circles.N, Factor: ref.Circles.Factor})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		ds    *Dataset
		wantX [][]float64
		wantY []float64
	}{{"moons", moons, ref.Moons.X, ref.Moons.Y}, {"circles", circles, ref.Circles.X, ref.Circles.Y}} {
		// Our samples are shuffled: sort both by (label, x0, x1).
		type pt struct{ y, a, b float64 }
		var got, want []pt
		for i, y := range c.ds.Y {
			got = append(got, pt{y, c.ds.X.At(i, 0), c.ds.X.At(i, 1)})
		}
		for i, y := range c.wantY {
			want = append(want, pt{y, c.wantX[i][0], c.wantX[i][1]})
		}
		less := func(s []pt) func(i, j int) bool {
			return func(i, j int) bool {
				if s[i].y != s[j].y {
					return s[i].y < s[j].y
				}
				if math.Abs(s[i].a-s[j].a) > 1e-9 {
					return s[i].a < s[j].a
				}
				return s[i].b < s[j].b
			}
		}
		sort.Slice(got, less(got))
		sort.Slice(want, less(want))
		worst := 0.0
		for i := range want {
			if got[i].y != want[i].y {
				t.Fatalf("%s: labels differ at sorted %d", c.name, i)
			}
			worst = max(worst, math.Abs(got[i].a-want[i].a), math.Abs(got[i].b-want[i].b))
		}
		if worst > 1e-15 {
			t.Errorf("%s: max difference from sklearn %g, want ≤ 1e-15", c.name, worst)
		}
	}
}

func TestGeneratorErrors(t *testing.T) {
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"linear N", func() error { _, err := LinearNoise(LinearNoiseConfig{N: -1}); return err }, "data: LinearNoise: N = -1, want at least 1 (0 means 100)"},
		{"linear P", func() error { _, err := LinearNoise(LinearNoiseConfig{P: -2}); return err }, "P = -2"},
		{"linear P vs weights", func() error { _, err := LinearNoise(LinearNoiseConfig{P: 2, Weights: []float64{1}}); return err }, "P = 2 but len(Weights) = 1"},
		{"linear NaN weight", func() error { _, err := LinearNoise(LinearNoiseConfig{Weights: []float64{math.NaN()}}); return err }, "Weights[0] = NaN"},
		{"linear empty weights", func() error { _, err := LinearNoise(LinearNoiseConfig{Weights: []float64{}}); return err }, "Weights is empty"},
		{"linear noise", func() error { _, err := LinearNoise(LinearNoiseConfig{Noise: -1}); return err }, "Noise = -1, want a finite number ≥ 0"},
		{"linear intercept", func() error { _, err := LinearNoise(LinearNoiseConfig{Intercept: math.Inf(1)}); return err }, "Intercept = +Inf"},
		{"blobs std", func() error { _, err := Blobs(BlobsConfig{Std: math.NaN()}); return err }, "data: Blobs: Std = NaN"},
		{"blobs N < K", func() error { _, err := Blobs(BlobsConfig{N: 2, K: 3}); return err }, "N = 2, want at least 3"},
		{"blobs K", func() error { _, err := Blobs(BlobsConfig{K: -1}); return err }, "K = -1"},
		{"blobs ragged centers", func() error { _, err := Blobs(BlobsConfig{Centers: [][]float64{{1, 2}, {3}}}); return err }, "Centers[1] has 1 coordinates"},
		{"blobs K vs centers", func() error { _, err := Blobs(BlobsConfig{K: 3, Centers: [][]float64{{1}, {2}}}); return err }, "K = 3 but len(Centers) = 2"},
		{"blobs P vs centers", func() error { _, err := Blobs(BlobsConfig{P: 3, Centers: [][]float64{{1}, {2}}}); return err }, "P = 3 but Centers have 1"},
		{"blobs empty centers", func() error { _, err := Blobs(BlobsConfig{Centers: [][]float64{}}); return err }, "Centers is empty"},
		{"blobs Inf center", func() error { _, err := Blobs(BlobsConfig{Centers: [][]float64{{math.Inf(-1)}}}); return err }, "Centers[0][0] = -Inf"},
		{"moons N", func() error { _, err := Moons(MoonsConfig{N: 1}); return err }, "data: Moons: N = 1, want at least 2"},
		{"moons noise", func() error { _, err := Moons(MoonsConfig{Noise: math.Inf(1)}); return err }, "Noise = +Inf"},
		{"circles factor", func() error { _, err := Circles(CirclesConfig{Factor: 1}); return err }, "data: Circles: Factor = 1, want it in (0, 1)"},
		{"circles noise", func() error { _, err := Circles(CirclesConfig{Noise: -0.1}); return err }, "Noise = -0.1"},
		{"xor N", func() error { _, err := XOR(XORConfig{N: 3}); return err }, "data: XOR: N = 3, want at least 4"},
		{"xor noise", func() error { _, err := XOR(XORConfig{Noise: -1}); return err }, "Noise = -1"},
		{"spiral classes", func() error { _, err := Spiral(SpiralConfig{Classes: 1}); return err }, "data: Spiral: Classes = 1, want ≥ 2"},
		{"spiral turns", func() error { _, err := Spiral(SpiralConfig{Turns: -1}); return err }, "Turns = -1, want it in (0, 100]"},
		{"spiral N", func() error { _, err := Spiral(SpiralConfig{N: 2}); return err }, "N = 2, want at least 3"},
		{"spiral noise", func() error { _, err := Spiral(SpiralConfig{Noise: math.NaN()}); return err }, "Noise = NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestPortableMath checks the portable functions against package math:
// bit-identical sin and cos where math's own pure-Go code runs without FMA,
// log within one ulp.
func TestPortableMath(t *testing.T) {
	// Where the compiler fuses multiply-adds (arm64, amd64 with GOAMD64=v3,
	// ...), math.Sin itself is fused and may differ by one ulp.
	exactTrig := !compilerFuses(1+0x1p-30, 1+0x1p-30, -(1 + 0x1p-29))
	maxULP := func(a, b float64) int64 {
		d := int64(math.Float64bits(a)) - int64(math.Float64bits(b))
		if d < 0 {
			d = -d
		}
		return d
	}
	var worstTrig, worstLog int64
	for i := range 20000 {
		x := -700 + float64(i)*0.07 + 1e-3*float64(i%7)
		if d := max(maxULP(psin(x), math.Sin(x)), maxULP(pcos(x), math.Cos(x))); d > worstTrig {
			worstTrig = d
		}
		y := math.Ldexp(1+float64(i)/20000, i%200-100)
		if d := maxULP(plog(y), math.Log(y)); d > worstLog {
			worstLog = d
		}
	}
	if exactTrig && worstTrig != 0 {
		t.Errorf("psin/pcos differ from math by up to %d ulp on %s", worstTrig, runtime.GOARCH)
	}
	if worstTrig > 2 || worstLog > 1 {
		t.Errorf("worst ulp error: trig %d, log %d", worstTrig, worstLog)
	}
	if psin(0) != 0 || pcos(0) != 1 || plog(1) != 0 {
		t.Errorf("psin(0), pcos(0), plog(1) = %v, %v, %v", psin(0), pcos(0), plog(1))
	}
}

// compilerFuses reports whether x*y+z was compiled into a fused
// multiply-add (for these arguments the fused result is 2^-60, not 0).
//
//go:noinline
func compilerFuses(x, y, z float64) bool {
	return x*y+z != 0
}

func TestNormals(t *testing.T) {
	g := &normals{r: newTestRand(1)}
	const m = 20000
	var s, ss float64
	for range m {
		v := g.next()
		s += v
		ss += v * v
	}
	mean, sd := s/m, math.Sqrt(ss/m-(s/m)*(s/m))
	if math.Abs(mean) > 0.03 || math.Abs(sd-1) > 0.03 {
		t.Errorf("normals: mean %.4f, sd %.4f", mean, sd)
	}
}

func newTestRand(seed uint64) *rand.Rand { return model.NewRand(seed) }
