package selection

import (
	"errors"
	"fmt"
	"math"
	"sync/atomic"

	"github.com/descentml/descent/core/metrics"
	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// ridge1D is a closed-form ridge regression on the first feature, with an
// unpenalised intercept: coef = Sxy / (Sxx + Alpha). Alpha = 0 is OLS.
type ridge1D struct {
	Alpha           float64
	coef, intercept float64
	fitted          bool
	fits            int
}

func (r *ridge1D) Fit(X mat.Matrix, y []float64) error {
	n, _, err := model.CheckXY(X, y)
	if err != nil {
		return err
	}
	if r.Alpha < 0 {
		return fmt.Errorf("ridge1D: Alpha = %v must be ≥ 0", r.Alpha)
	}
	var xm, ym float64
	for i := 0; i < n; i++ {
		xm += X.At(i, 0)
		ym += y[i]
	}
	xm /= float64(n)
	ym /= float64(n)
	var sxy, sxx float64
	for i := 0; i < n; i++ {
		dx := X.At(i, 0) - xm
		sxy += dx * (y[i] - ym)
		sxx += dx * dx
	}
	r.coef = sxy / (sxx + r.Alpha)
	r.intercept = ym - r.coef*xm
	r.fitted = true
	r.fits++
	return nil
}

func (r *ridge1D) Predict(X mat.Matrix) ([]float64, error) {
	if !r.fitted {
		return nil, model.ErrNotFitted
	}
	n, _ := X.Dims()
	out := make([]float64, n)
	for i := range out {
		out[i] = r.intercept + r.coef*X.At(i, 0)
	}
	return out, nil
}

func (r *ridge1D) Score(X mat.Matrix, y []float64) (float64, error) {
	p, err := r.Predict(X)
	if err != nil {
		return 0, err
	}
	return metrics.R2(y, p)
}

// ridgeFactory builds ridge1D from {"alpha": float64}; it counts its calls.
func ridgeFactory(calls *atomic.Int64) model.Factory {
	return func(p model.Params) (model.Estimator, error) {
		if calls != nil {
			calls.Add(1)
		}
		m := &ridge1D{}
		for k, v := range p {
			switch k {
			case "alpha":
				a, ok := v.(float64)
				if !ok {
					return nil, fmt.Errorf("alpha: want a float64, got %T", v)
				}
				m.Alpha = a
			default:
				return nil, fmt.Errorf("unknown parameter %q", k)
			}
		}
		return m, nil
	}
}

// centroid is a nearest-centroid classifier whose squared distances weigh
// feature 0 by Weight (default 1). PredictProba is a softmax of minus the
// squared distances.
type centroid struct {
	Weight    float64
	classes   []float64
	centroids [][]float64
}

func (c *centroid) Fit(X mat.Matrix, y []float64) error {
	n, p, err := model.CheckXY(X, y)
	if err != nil {
		return err
	}
	if c.classes, err = model.ClassLabels(y); err != nil {
		return err
	}
	idx, _ := model.ClassIndex(y, c.classes)
	c.centroids = make([][]float64, len(c.classes))
	counts := make([]float64, len(c.classes))
	for k := range c.centroids {
		c.centroids[k] = make([]float64, p)
	}
	for i := 0; i < n; i++ {
		counts[idx[i]]++
		for j := 0; j < p; j++ {
			c.centroids[idx[i]][j] += X.At(i, j)
		}
	}
	for k := range c.centroids {
		for j := range c.centroids[k] {
			c.centroids[k][j] /= counts[k]
		}
	}
	return nil
}

func (c *centroid) dist(X mat.Matrix) (*mat.Dense, error) {
	if c.classes == nil {
		return nil, model.ErrNotFitted
	}
	n, p := X.Dims()
	w := c.Weight
	if w == 0 {
		w = 1
	}
	d := mat.NewDense(n, len(c.classes), nil)
	for i := 0; i < n; i++ {
		for k, ctr := range c.centroids {
			s := 0.0
			for j := 0; j < p; j++ {
				diff := X.At(i, j) - ctr[j]
				if j == 0 {
					s += w * diff * diff
				} else {
					s += diff * diff
				}
			}
			d.Set(i, k, s)
		}
	}
	return d, nil
}

func (c *centroid) Predict(X mat.Matrix) ([]float64, error) {
	d, err := c.dist(X)
	if err != nil {
		return nil, err
	}
	n, k := d.Dims()
	out := make([]float64, n)
	for i := range out {
		best := 0
		for j := 1; j < k; j++ {
			if d.At(i, j) < d.At(i, best) {
				best = j
			}
		}
		out[i] = c.classes[best]
	}
	return out, nil
}

func (c *centroid) Score(X mat.Matrix, y []float64) (float64, error) {
	p, err := c.Predict(X)
	if err != nil {
		return 0, err
	}
	return metrics.Accuracy(y, p)
}

func (c *centroid) Classes() []float64 { return c.classes }

func (c *centroid) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	d, err := c.dist(X)
	if err != nil {
		return nil, err
	}
	n, k := d.Dims()
	for i := 0; i < n; i++ {
		lo := math.Inf(1)
		for j := 0; j < k; j++ {
			lo = math.Min(lo, d.At(i, j))
		}
		s := 0.0
		for j := 0; j < k; j++ {
			e := math.Exp(-(d.At(i, j) - lo))
			d.Set(i, j, e)
			s += e
		}
		for j := 0; j < k; j++ {
			d.Set(i, j, d.At(i, j)/s)
		}
	}
	return d, nil
}

func centroidFactory(p model.Params) (model.Estimator, error) {
	m := &centroid{}
	for k, v := range p {
		switch k {
		case "weight":
			w, ok := v.(float64)
			if !ok || w <= 0 {
				return nil, fmt.Errorf("weight = %v: want a positive float64", v)
			}
			m.Weight = w
		default:
			return nil, fmt.Errorf("unknown parameter %q", k)
		}
	}
	return m, nil
}

// constScore is an estimator whose Score is its parameter "s", to test
// ranking; "fail" makes Fit fail, "panic" makes it panic, and "failAt" makes
// Fit fail on that many rows.
type constScore struct {
	s           float64
	fail, panic bool
	failAt      int
}

func (c *constScore) Fit(X mat.Matrix, y []float64) error {
	if c.panic {
		panic("boom")
	}
	if n, _ := X.Dims(); c.fail || n == c.failAt {
		return errors.New("cannot fit")
	}
	return nil
}

func (c *constScore) Score(X mat.Matrix, y []float64) (float64, error) { return c.s, nil }

func constFactory(p model.Params) (model.Estimator, error) {
	c := &constScore{}
	if s, ok := p["s"].(float64); ok {
		c.s = s
	}
	c.fail, _ = p["fail"].(bool)
	c.panic, _ = p["panic"].(bool)
	c.failAt, _ = p["failAt"].(int)
	return c, nil
}

// noScore can be fitted but not scored.
type noScore struct{}

func (noScore) Fit(X mat.Matrix, y []float64) error { return nil }

// both has a DecisionFunction and a PredictProba that rank samples in
// opposite orders, to check which one roc_auc uses.
type both struct{ d []float64 }

func (b *both) Fit(X mat.Matrix, y []float64) error              { return nil }
func (b *both) Predict(X mat.Matrix) ([]float64, error)          { return nil, nil }
func (b *both) Score(X mat.Matrix, y []float64) (float64, error) { return 0, nil }
func (b *both) Classes() []float64                               { return []float64{0, 1} }
func (b *both) DecisionFunction(X mat.Matrix) (*mat.Dense, error) {
	return mat.NewDense(len(b.d), 1, b.d), nil
}
func (b *both) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	p := mat.NewDense(len(b.d), 2, nil)
	for i, v := range b.d {
		s := 1 / (1 + math.Exp(v)) // decreasing in v: the opposite ranking
		p.Set(i, 0, 1-s)
		p.Set(i, 1, s)
	}
	return p, nil
}

// fixed returns fixed predictions and probabilities, to test the scorers.
type fixed struct {
	pred    []float64
	proba   *mat.Dense
	classes []float64
}

func (f *fixed) Fit(X mat.Matrix, y []float64) error              { return nil }
func (f *fixed) Predict(X mat.Matrix) ([]float64, error)          { return f.pred, nil }
func (f *fixed) Score(X mat.Matrix, y []float64) (float64, error) { return 0, nil }
func (f *fixed) Classes() []float64                               { return f.classes }
func (f *fixed) PredictProba(X mat.Matrix) (*mat.Dense, error)    { return f.proba, nil }

// predOnly is a fitted regressor with fixed predictions.
type predOnly []float64

func (p predOnly) Fit(X mat.Matrix, y []float64) error     { return nil }
func (p predOnly) Predict(X mat.Matrix) ([]float64, error) { return p, nil }
