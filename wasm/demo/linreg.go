package demo

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/core/optim"
	"gonum.org/v1/gonum/mat"
)

// LinRegParams are the controls of the linear-regression demo.
type LinRegParams struct {
	N      int          `json:"n"` // generated points (0 for clicked points only)
	Noise  float64      `json:"noise"`
	Seed   uint64       `json:"seed"`
	LR     float64      `json:"lr"`
	Mode   string       `json:"mode"` // batch, minibatch, sgd
	Batch  int          `json:"batch"`
	B0     float64      `json:"b0"` // starting intercept
	W0     float64      `json:"w0"` // starting slope
	Points [][3]float64 `json:"pts"`
}

// DefaultLinRegParams are the demo's starting controls.
func DefaultLinRegParams() LinRegParams {
	return LinRegParams{N: 20, Noise: 0.8, Seed: 1, LR: 0.05, Mode: "batch", Batch: 5, B0: -3, W0: -1.5}
}

// LinRegBox is the half-width of the (x, y) view of the linear-regression
// demo.
const LinRegBox = 5.0

// LinReg is the linear-regression demo: y ≈ b + w·x fitted by gradient
// descent (batch, mini-batch or stochastic) on the mean squared error, with
// the closed-form least-squares solution of core/linear for comparison.
type LinReg struct {
	p        LinRegParams
	pts      []Point
	obj      *mseObjective
	runner   *optim.Runner
	iter     int
	path     []float64 // b, w pairs
	hist     history
	err      error
	opt      [2]float64 // closed-form b*, w*
	hasOpt   bool
	box      [4]float64 // b0, b1, w0, w1 of the loss-surface view
	surf     []float64
	pathStep int
	loss0    float64
}

// NewLinReg builds the demo from JSON parameters.
func NewLinReg(params []byte) (*LinReg, error) {
	p := DefaultLinRegParams()
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, errors.New("demo: linreg parameters: " + err.Error())
	}
	if p.N < 0 || p.N > 500 {
		return nil, errors.New("demo: number of points " + strconv.Itoa(p.N) + " out of range [0, 500]")
	}
	d := &LinReg{p: p}
	if p.N > 0 {
		ds, err := data.LinearNoise(data.LinearNoiseConfig{N: p.N, P: 1, Weights: []float64{0.7}, Intercept: 1, Noise: p.Noise, Seed: p.Seed})
		if err != nil {
			return nil, errors.New("demo: " + err.Error())
		}
		// Spread x over the view; keep y = 1 + 0.7x + noise.
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range p.N {
			lo = math.Min(lo, ds.X.At(i, 0))
			hi = math.Max(hi, ds.X.At(i, 0))
		}
		for i := range p.N {
			x := ds.X.At(i, 0)
			if hi > lo {
				x = -4 + 8*(x-lo)/(hi-lo)
			}
			noise := ds.Y[i] - 1 - 0.7*ds.X.At(i, 0)
			d.pts = append(d.pts, Point{x, 1 + 0.7*x + noise, 0})
		}
	}
	d.pts = append(d.pts, points2D(p.Points)...)
	batch := 0
	switch p.Mode {
	case "batch":
	case "minibatch":
		if p.Batch < 1 {
			return nil, errors.New("demo: mini-batch size " + strconv.Itoa(p.Batch) + " must be ≥ 1")
		}
		batch = p.Batch
	case "sgd":
		batch = 1
	default:
		return nil, errors.New("demo: unknown mode " + strconv.Quote(p.Mode) + " (want batch, minibatch or sgd)")
	}
	d.obj = &mseObjective{pts: d.pts}
	if len(d.pts) >= 2 {
		lr := &linear.LinearRegression{}
		if err := lr.Fit(xCol(d.pts), labelsY(d.pts)); err == nil {
			d.opt = [2]float64{lr.Intercept(), lr.Coef()[0]}
			d.hasOpt = true
		}
	}
	// The loss-surface view: around the optimum, wide enough for the start.
	cb, cw := 0.0, 0.0
	if d.hasOpt {
		cb, cw = d.opt[0], d.opt[1]
	}
	r := math.Max(3, 1.3*math.Max(math.Abs(p.B0-cb), math.Abs(p.W0-cw)))
	d.box = [4]float64{cb - r, cb + r, cw - r, cw + r}
	if len(d.pts) == 0 {
		d.err = errors.New("add points to fit a line")
		d.path = []float64{p.B0, p.W0}
		return d, nil
	}
	m, err := method("gd", p.LR)
	if err != nil {
		return nil, err
	}
	d.runner, err = optim.NewRunner(d.obj, []float64{p.B0, p.W0}, m,
		optim.Settings{MaxIter: math.MaxInt32, Tol: -1, BatchSize: batch, Seed: p.Seed})
	if err != nil {
		return nil, errors.New("demo: " + err.Error())
	}
	d.pathStep = 1
	d.record()
	return d, nil
}

func xCol(ps []Point) *mat.Dense {
	x := make([]float64, len(ps))
	for i, p := range ps {
		x[i] = p.X
	}
	return matCol(x)
}

func labelsY(ps []Point) []float64 {
	y := make([]float64, len(ps))
	for i, p := range ps {
		y[i] = p.Y
	}
	return y
}

// Step does n gradient steps (one mini-batch each in mini-batch modes).
func (d *LinReg) Step(n int) error {
	if d.runner == nil {
		return nil
	}
	for range n {
		if d.err != nil {
			return nil
		}
		if _, err := d.runner.Step(); err != nil {
			d.err = err
			return nil
		}
		d.iter++
		d.record()
	}
	return nil
}

const pathCap = 4000

func (d *LinReg) record() {
	x := d.runner.X()
	if d.iter%d.pathStep == 0 {
		if len(d.path) >= 2*pathCap {
			// Keep every other point and record half as often.
			k := 0
			for i := 0; i < len(d.path); i += 4 {
				d.path[k], d.path[k+1] = d.path[i], d.path[i+1]
				k += 2
			}
			d.path = d.path[:k]
			d.pathStep *= 2
		}
		d.path = append(d.path, finite(x[0]), finite(x[1]))
	}
	loss := d.obj.mse(x)
	if d.iter == 0 {
		d.loss0 = loss
	} else if tooLarge(loss, d.loss0) {
		d.err = divergedError{"optim: diverged: the loss grew a million-fold; lower the learning rate"}
	}
	d.hist.add(loss)
}

// tooLarge reports a loss that has clearly run away from its start: the
// demos stop there instead of waiting for floating-point overflow.
func tooLarge(loss, start float64) bool {
	return !(loss <= 1e6*math.Max(start, 1e-3))
}

// divergedError marks a run stopped by tooLarge; it wraps
// optim.ErrDiverged.
type divergedError struct{ msg string }

func (e divergedError) Error() string { return e.msg }
func (e divergedError) Unwrap() error { return optim.ErrDiverged }

// LinRegState is what window.descent.state() shows.
type LinRegState struct {
	Demo      string     `json:"demo"`
	Iteration int        `json:"iteration"`
	Loss      float64    `json:"loss"` // MSE
	Intercept float64    `json:"intercept"`
	Slope     float64    `json:"slope"`
	OptLoss   float64    `json:"opt_loss"` // MSE of the closed form
	Optimum   [2]float64 `json:"optimum"`  // closed-form intercept, slope
	SurfBox   [4]float64 `json:"surf_box"` // intercept range, slope range of the surface view
	NPoints   int        `json:"n_points"`
	Diverged  bool       `json:"diverged"`
	Message   string     `json:"message,omitempty"`
}

// State returns the demo's state.
func (d *LinReg) State() any {
	s := LinRegState{Demo: "linreg", Iteration: d.iter, NPoints: len(d.pts), SurfBox: d.box, Optimum: d.opt}
	if d.runner != nil {
		x := d.runner.X()
		s.Intercept, s.Slope = finite(x[0]), finite(x[1])
		s.Loss = finite(d.obj.mse(x))
	}
	if d.hasOpt {
		s.OptLoss = d.obj.mse(d.opt[:])
	}
	if d.err != nil {
		s.Diverged = errors.Is(d.err, optim.ErrDiverged)
		s.Message = d.err.Error()
	}
	return s
}

// Render sends the points ("train": x, y, 0), the loss surface ("surf":
// MSE over the box of State.SurfBox, GridN² values from the top, slope on
// the vertical axis), the path ("path": intercept, slope pairs) and the loss
// curve ("loss").
func (d *LinReg) Render(b *Bulk) {
	b.Add("train", pointsFlat(d.pts))
	if d.surf == nil {
		d.surf = make([]float64, GridN*GridN)
		for i := range GridN {
			for j := range GridN {
				bb, w := gridCoord(i, j, GridN, d.box[0], d.box[1], d.box[2], d.box[3])
				d.surf[i*GridN+j] = d.obj.mse([]float64{bb, w})
			}
		}
	}
	b.Add("surf", d.surf)
	b.Add("path", d.path)
	b.Add("loss", d.hist.vals)
}

// mseObjective is the mean squared error of y ≈ b + w·x with parameters
// (b, w). Its gradient is that of MSE, so gradient descent moves in the
// direction the page shows.
type mseObjective struct{ pts []Point }

func (o *mseObjective) Len() int { return len(o.pts) }

func (o *mseObjective) mse(t []float64) float64 { return o.EvalBatch(t, nil, nil) }

func (o *mseObjective) Eval(t, grad []float64) float64 { return o.EvalBatch(t, grad, nil) }

func (o *mseObjective) EvalBatch(t, grad []float64, idx []int) float64 {
	n := len(o.pts)
	if idx != nil {
		n = len(idx)
	}
	var loss, gb, gw float64
	for k := range n {
		i := k
		if idx != nil {
			i = idx[k]
		}
		p := o.pts[i]
		r := t[0] + t[1]*p.X - p.Y
		loss += r * r
		gb += 2 * r
		gw += 2 * r * p.X
	}
	if n == 0 {
		return 0
	}
	if len(grad) == 2 {
		grad[0], grad[1] = gb/float64(n), gw/float64(n)
	}
	return loss / float64(n)
}
