package demo

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/descentml/descent/core/optim"
)

// LogisticParams are the controls of the logistic-regression demo. The JSON
// names are short because they also make up the page's URL hash.
type LogisticParams struct {
	Dataset  string       `json:"ds"`    // blobs, moons, circles, xor, spiral
	N        int          `json:"n"`     // number of generated points
	Noise    float64      `json:"noise"` // 0 … 2
	Test     float64      `json:"test"`  // test fraction, 0 … 0.9
	Seed     uint64       `json:"seed"`
	Features string       `json:"feats"` // comma list of x1,x2,x1sq,x2sq,x1x2,sin1,sin2
	L2       float64      `json:"l2"`    // λ of the penalty λ/2·‖w‖²
	Method   string       `json:"opt"`   // gd, momentum, adam
	LR       float64      `json:"lr"`    // learning rate
	Batch    int          `json:"batch"` // mini-batch size, 0 = full batch
	Points   [][3]float64 `json:"pts"`   // points added by clicking (training set)
}

// DefaultLogisticParams are the demo's starting controls.
func DefaultLogisticParams() LogisticParams {
	return LogisticParams{Dataset: "circles", N: 200, Noise: 0.2, Test: 0.3, Seed: 1,
		Features: "x1,x2,x1sq,x2sq", L2: 0.001, Method: "gd", LR: 0.5}
}

// featureNames maps the toggles to their formulas.
var featureNames = map[string]string{
	"x1": "x₁", "x2": "x₂", "x1sq": "x₁²", "x2sq": "x₂²", "x1x2": "x₁x₂", "sin1": "sin x₁", "sin2": "sin x₂",
}

func featureValue(name string, x1, x2 float64) float64 {
	switch name {
	case "x1":
		return x1
	case "x2":
		return x2
	case "x1sq":
		return x1 * x1
	case "x2sq":
		return x2 * x2
	case "x1x2":
		return x1 * x2
	case "sin1":
		return math.Sin(x1)
	case "sin2":
		return math.Sin(x2)
	}
	return 0
}

// Logistic is the logistic-regression demo: binary logistic regression on
// hand-picked features of (x₁, x₂), standardized on the training set,
// trained step by step by a method of core/optim on the mean log loss plus
// λ/2·‖w‖².
type Logistic struct {
	p           LogisticParams
	feats       []string
	mean, sd    []float64
	train, test []Point
	trainObj    *logObjective
	testObj     *logObjective
	runner      *optim.Runner
	iter        int
	trainHist   history
	testHist    history
	err         error
	theta       []float64
}

// NewLogistic builds the demo from JSON parameters (missing fields keep
// their defaults).
func NewLogistic(params []byte) (*Logistic, error) {
	p := DefaultLogisticParams()
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, errors.New("demo: logistic parameters: " + err.Error())
	}
	d := &Logistic{p: p}
	for _, f := range strings.Split(p.Features, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if _, ok := featureNames[f]; !ok {
			return nil, errors.New("demo: unknown feature " + strconv.Quote(f))
		}
		d.feats = append(d.feats, f)
	}
	if p.L2 < 0 || p.L2 > 10 {
		return nil, errors.New("demo: L2 strength " + ftoa(p.L2) + " out of range [0, 10]")
	}
	pts, err := classData(p.Dataset, p.N, p.Noise, p.Seed)
	if err != nil {
		return nil, err
	}
	d.train, d.test, err = splitPoints(pts, p.Test, p.Seed)
	if err != nil {
		return nil, err
	}
	d.train = append(d.train, points2D(p.Points)...)
	// Standardize each feature on the training set, so one learning rate
	// suits every feature.
	nf := len(d.feats)
	d.mean, d.sd = make([]float64, nf), make([]float64, nf)
	for k, f := range d.feats {
		var s, s2 float64
		for _, q := range d.train {
			v := featureValue(f, q.X, q.Y)
			s += v
			s2 += v * v
		}
		n := float64(len(d.train))
		d.mean[k] = s / n
		d.sd[k] = math.Sqrt(math.Max(s2/n-d.mean[k]*d.mean[k], 0))
		if d.sd[k] < 1e-12 {
			d.sd[k] = 1
		}
	}
	d.trainObj = d.objective(d.train)
	d.testObj = d.objective(d.test)
	m, err := method(p.Method, p.LR)
	if err != nil {
		return nil, err
	}
	d.runner, err = optim.NewRunner(d.trainObj, make([]float64, nf+1), m,
		optim.Settings{MaxIter: math.MaxInt32, Tol: -1, BatchSize: p.Batch, Seed: p.Seed})
	if err != nil {
		return nil, errors.New("demo: " + err.Error())
	}
	d.theta = d.runner.X()
	d.record()
	return d, nil
}

// method builds an optim.Method from its demo name.
func method(name string, lr float64) (optim.Method, error) {
	if !(lr > 0 && lr <= 100) {
		return nil, errors.New("demo: learning rate " + ftoa(lr) + " out of range (0, 100]")
	}
	switch name {
	case "gd":
		return optim.GD{LearningRate: lr}, nil
	case "momentum":
		return optim.Momentum{LearningRate: lr}, nil
	case "nesterov":
		return optim.Nesterov{LearningRate: lr}, nil
	case "adagrad":
		return optim.AdaGrad{LearningRate: lr}, nil
	case "rmsprop":
		return optim.RMSProp{LearningRate: lr}, nil
	case "adam":
		return optim.Adam{LearningRate: lr}, nil
	}
	return nil, errors.New("demo: unknown optimizer " + strconv.Quote(name) + " (want gd, momentum, nesterov, adagrad, rmsprop or adam)")
}

func (d *Logistic) features(x1, x2 float64, dst []float64) {
	for k, f := range d.feats {
		dst[k] = (featureValue(f, x1, x2) - d.mean[k]) / d.sd[k]
	}
}

func (d *Logistic) objective(ps []Point) *logObjective {
	nf := len(d.feats)
	o := &logObjective{d: nf, bias: true, l2: d.p.L2, z: make([]float64, len(ps)*nf), y: labels(ps)}
	for i, q := range ps {
		d.features(q.X, q.Y, o.z[i*nf:(i+1)*nf])
	}
	return o
}

// Step does n optimizer steps; it stops early (with the error kept in the
// state) if the run diverges.
func (d *Logistic) Step(n int) error {
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

func (d *Logistic) record() {
	d.theta = d.runner.X()
	d.trainHist.add(d.trainObj.logLoss(d.theta))
	if len(d.test) > 0 {
		d.testHist.add(d.testObj.logLoss(d.theta))
	}
}

// LogisticState is what window.descent.state() shows.
type LogisticState struct {
	Demo         string    `json:"demo"`
	Iteration    int       `json:"iteration"`
	Loss         float64   `json:"loss"`      // training mean log loss
	TestLoss     float64   `json:"test_loss"` // test mean log loss (0 without test set)
	Accuracy     float64   `json:"accuracy"`  // training accuracy
	TestAccuracy float64   `json:"test_accuracy"`
	Objective    float64   `json:"objective"` // log loss + λ/2‖w‖²
	Features     []string  `json:"features"`
	Weights      []float64 `json:"weights"` // on standardized features
	Bias         float64   `json:"bias"`
	NTrain       int       `json:"n_train"`
	NTest        int       `json:"n_test"`
	Diverged     bool      `json:"diverged"`
	Message      string    `json:"message,omitempty"`
}

// State returns the demo's state.
func (d *Logistic) State() any {
	nf := len(d.feats)
	s := LogisticState{Demo: "logistic", Iteration: d.iter, Features: d.feats,
		Loss: finite(d.trainObj.logLoss(d.theta)), Accuracy: d.trainObj.accuracy(d.theta),
		Objective: finite(d.trainObj.Eval(d.theta, nil)),
		Weights:   make([]float64, nf), Bias: finite(d.theta[nf]), NTrain: len(d.train), NTest: len(d.test)}
	for k := range nf {
		s.Weights[k] = finite(d.theta[k])
	}
	if len(d.test) > 0 {
		s.TestLoss = finite(d.testObj.logLoss(d.theta))
		s.TestAccuracy = d.testObj.accuracy(d.theta)
	}
	if d.err != nil {
		s.Diverged = errors.Is(d.err, optim.ErrDiverged)
		s.Message = d.err.Error()
	}
	return s
}

// Render sends the probability heatmap ("heat", GridN² values of P(class 1)
// row by row from the top), the points ("train", "test": x, y, class
// triples) and the loss curves ("train_loss", "test_loss").
func (d *Logistic) Render(b *Bulk) {
	nf := len(d.feats)
	f := make([]float64, nf)
	heat := make([]float32, GridN*GridN)
	for i := range GridN {
		for j := range GridN {
			x, y := gridCoord(i, j, GridN, -Box, Box, -Box, Box)
			d.features(x, y, f)
			z := d.theta[nf]
			for k := range nf {
				z += d.theta[k] * f[k]
			}
			heat[i*GridN+j] = float32(sigmoid(z))
		}
	}
	b.Add32("heat", heat)
	b.Add("train", pointsFlat(d.train))
	b.Add("test", pointsFlat(d.test))
	b.Add("train_loss", d.trainHist.vals)
	b.Add("test_loss", d.testHist.vals)
}

// logObjective is the mean log loss of a binary logistic model on rows z
// (n × d, flat) with labels y ∈ {0, 1}, plus l2/2·‖w‖² (bias not
// penalized). Parameters are w (d values) then, if bias, b.
type logObjective struct {
	d    int
	bias bool
	l2   float64
	z, y []float64
}

func (o *logObjective) Len() int { return len(o.y) }

func (o *logObjective) score(theta []float64, i int) float64 {
	row := o.z[i*o.d : (i+1)*o.d]
	s := 0.0
	if o.bias {
		s = theta[o.d]
	}
	for k, v := range row {
		s += theta[k] * v
	}
	return s
}

// Eval returns the objective; grad may be empty.
func (o *logObjective) Eval(theta, grad []float64) float64 {
	return o.eval(theta, grad, nil)
}

// EvalBatch is Eval on the examples idx.
func (o *logObjective) EvalBatch(theta, grad []float64, idx []int) float64 {
	return o.eval(theta, grad, idx)
}

func (o *logObjective) eval(theta, grad []float64, idx []int) float64 {
	for k := range grad {
		grad[k] = 0
	}
	n := len(o.y)
	if idx != nil {
		n = len(idx)
	}
	if n == 0 {
		return 0
	}
	loss := 0.0
	for t := range n {
		i := t
		if idx != nil {
			i = idx[t]
		}
		z := o.score(theta, i)
		loss += logLoss1(z, o.y[i])
		if len(grad) > 0 {
			r := sigmoid(z) - o.y[i]
			row := o.z[i*o.d : (i+1)*o.d]
			for k, v := range row {
				grad[k] += r * v
			}
			if o.bias {
				grad[o.d] += r
			}
		}
	}
	inv := 1 / float64(n)
	loss *= inv
	for k := range grad {
		grad[k] *= inv
	}
	for k := 0; k < o.d; k++ {
		loss += o.l2 / 2 * theta[k] * theta[k]
		if len(grad) > 0 {
			grad[k] += o.l2 * theta[k]
		}
	}
	return loss
}

func (o *logObjective) logLoss(theta []float64) float64 {
	if len(o.y) == 0 {
		return 0
	}
	s := 0.0
	for i := range o.y {
		s += logLoss1(o.score(theta, i), o.y[i])
	}
	return s / float64(len(o.y))
}

func (o *logObjective) accuracy(theta []float64) float64 {
	if len(o.y) == 0 {
		return 0
	}
	c := 0
	for i := range o.y {
		if (o.score(theta, i) > 0) == (o.y[i] == 1) {
			c++
		}
	}
	return float64(c) / float64(len(o.y))
}
