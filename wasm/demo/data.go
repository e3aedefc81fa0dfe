package demo

import (
	"errors"
	"math"
	"strconv"

	"github.com/descentml/descent/core/data"
)

// Box is the half-width of the square [−Box, Box]² that the 2-D
// classification demos show; generated data is scaled to fill most of it.
const Box = 6.0

// GridN is the side of the square grids (heatmaps, loss surfaces) sent to
// the page: GridN × GridN values, row by row from the top (largest y).
const GridN = 64

// Point is one 2-D sample with its class (or target) C.
type Point struct {
	X, Y, C float64
}

// points2D turns the JSON form [[x, y, c], ...] into Points.
func points2D(raw [][3]float64) []Point {
	ps := make([]Point, len(raw))
	for i, p := range raw {
		ps[i] = Point{p[0], p[1], p[2]}
	}
	return ps
}

// classData generates a two-class 2-D dataset with the core's generators and
// scales it to fill the demo box (max |coordinate| = 0.8·Box).
func classData(name string, n int, noise float64, seed uint64) ([]Point, error) {
	if n < 4 || n > 2000 {
		return nil, errors.New("demo: number of points " + strconv.Itoa(n) + " out of range [4, 2000]")
	}
	if noise < 0 || noise > 2 {
		return nil, errors.New("demo: noise " + ftoa(noise) + " out of range [0, 2]")
	}
	var ds *data.Dataset
	var err error
	switch name {
	case "blobs":
		ds, err = data.Blobs(data.BlobsConfig{N: n, Centers: [][]float64{{-1, -1}, {1, 1}}, Std: 0.25 + noise, Seed: seed})
	case "moons":
		ds, err = data.Moons(data.MoonsConfig{N: n, Noise: noise / 2, Seed: seed})
	case "circles":
		ds, err = data.Circles(data.CirclesConfig{N: n, Noise: noise / 4, Factor: 0.5, Seed: seed})
	case "xor":
		ds, err = data.XOR(data.XORConfig{N: n, Noise: noise / 4, Seed: seed})
	case "spiral":
		ds, err = data.Spiral(data.SpiralConfig{N: n, Classes: 2, Turns: 1, Noise: noise / 8, Seed: seed})
	default:
		return nil, errors.New("demo: unknown dataset " + strconv.Quote(name) + " (want blobs, moons, circles, xor or spiral)")
	}
	if err != nil {
		return nil, err
	}
	r, _ := ds.X.Dims()
	var cx, cy float64
	for i := range r {
		cx += ds.X.At(i, 0)
		cy += ds.X.At(i, 1)
	}
	cx /= float64(r)
	cy /= float64(r)
	scale := 0.0
	for i := range r {
		scale = math.Max(scale, math.Max(math.Abs(ds.X.At(i, 0)-cx), math.Abs(ds.X.At(i, 1)-cy)))
	}
	if scale == 0 {
		scale = 1
	}
	k := 0.8 * Box / scale
	ps := make([]Point, r)
	for i := range r {
		ps[i] = Point{(ds.X.At(i, 0) - cx) * k, (ds.X.At(i, 1) - cy) * k, ds.Y[i]}
	}
	return ps, nil
}

// splitPoints splits ps into train and test parts with the core's
// TrainTestSplit (stratified, seeded). A test fraction of 0 keeps all for
// training.
func splitPoints(ps []Point, testFrac float64, seed uint64) (train, test []Point, err error) {
	if testFrac < 0 || testFrac > 0.9 {
		return nil, nil, errors.New("demo: test fraction " + ftoa(testFrac) + " out of range [0, 0.9]")
	}
	if testFrac == 0 {
		return ps, nil, nil
	}
	// Index-only dataset: column 0 holds the row number.
	ds := &data.Dataset{Name: "points", Y: make([]float64, len(ps))}
	idx := make([]float64, len(ps))
	for i, p := range ps {
		idx[i] = float64(i)
		ds.Y[i] = p.C
	}
	ds.X = matCol(idx)
	tr, te, err := data.TrainTestSplit(ds, data.SplitConfig{TestFraction: testFrac, Seed: seed, Stratify: true})
	if err != nil {
		return nil, nil, err
	}
	for i := range tr.Y {
		train = append(train, ps[int(tr.X.At(i, 0))])
	}
	for i := range te.Y {
		test = append(test, ps[int(te.X.At(i, 0))])
	}
	return train, test, nil
}

// gridCoord returns the data coordinates of grid cell (i, j) (row i from the
// top, column j from the left) for a grid of n×n cells over [x0,x1]×[y0,y1].
func gridCoord(i, j, n int, x0, x1, y0, y1 float64) (x, y float64) {
	x = x0 + (float64(j)+0.5)*(x1-x0)/float64(n)
	y = y1 - (float64(i)+0.5)*(y1-y0)/float64(n)
	return x, y
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// logLoss1 is −log p(y | z) for a label y ∈ {0, 1} and score z, computed
// stably.
func logLoss1(z, y float64) float64 {
	// log(1 + e^z) − y z
	var sp float64
	if z > 0 {
		sp = z + math.Log1p(math.Exp(-z))
	} else {
		sp = math.Log1p(math.Exp(z))
	}
	return sp - y*z
}

func pointsFlat(ps []Point) []float64 {
	out := make([]float64, 0, 3*len(ps))
	for _, p := range ps {
		out = append(out, p.X, p.Y, p.C)
	}
	return out
}
