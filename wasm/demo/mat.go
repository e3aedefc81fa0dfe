package demo

import "gonum.org/v1/gonum/mat"

func matCol(v []float64) *mat.Dense { return mat.NewDense(len(v), 1, v) }

// xyDense packs the coordinates of ps into an n×2 matrix.
func xyDense(ps []Point) *mat.Dense {
	d := make([]float64, 0, 2*len(ps))
	for _, p := range ps {
		d = append(d, p.X, p.Y)
	}
	return mat.NewDense(len(ps), 2, d)
}

func labels(ps []Point) []float64 {
	y := make([]float64, len(ps))
	for i, p := range ps {
		y[i] = p.C
	}
	return y
}

func denseRows(flat []float64, cols int) *mat.Dense {
	return mat.NewDense(len(flat)/cols, cols, flat)
}

func mat2(x, y float64) *mat.Dense { return mat.NewDense(1, 2, []float64{x, y}) }
