package demo

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strconv"

	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/core/model"
	"github.com/descentml/descent/core/svm"
	"gonum.org/v1/gonum/mat"
)

// ModelFileParams are the controls of the model-file demo.
type ModelFileParams struct {
	Dataset string       `json:"ds"`
	N       int          `json:"n"`
	Noise   float64      `json:"noise"`
	Seed    uint64       `json:"seed"`
	Kind    string       `json:"kind"` // logistic or svm: the model the demo trains
	Points  [][3]float64 `json:"pts"`  // clicked query points (the class is ignored)
}

// DefaultModelFileParams are the demo's starting controls.
func DefaultModelFileParams() ModelFileParams {
	return ModelFileParams{Dataset: "blobs", N: 100, Noise: 0.4, Seed: 1, Kind: "logistic"}
}

// ModelFile is the model-file demo: it trains a model of the core on a 2-D
// dataset (or loads any model saved by the core, e.g. from a notebook),
// predicts on clicked points, and saves the model as the core's JSON.
type ModelFile struct {
	p      ModelFileParams
	train  []Point
	query  []Point
	model  model.Predictor
	kind   string
	source string // "trained" or "loaded"
	msg    string
}

// NewModelFile builds the demo and trains its model.
func NewModelFile(params []byte) (*ModelFile, error) {
	p := DefaultModelFileParams()
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, errors.New("demo: modelfile parameters: " + err.Error())
	}
	pts, err := classData(p.Dataset, p.N, p.Noise, p.Seed)
	if err != nil {
		return nil, err
	}
	d := &ModelFile{p: p, train: pts, query: points2D(p.Points), source: "trained"}
	X, y := xyDense(pts), labels(pts)
	switch p.Kind {
	case "logistic":
		m := &linear.LogisticRegression{}
		if err := m.Fit(X, y); err != nil {
			return nil, errors.New("demo: " + err.Error())
		}
		d.model, d.kind = m, "linear.LogisticRegression"
	case "svm":
		m := &svm.SVC{Config: svm.SVCConfig{Probability: true, Seed: p.Seed}}
		if err := m.Fit(X, y); err != nil {
			return nil, errors.New("demo: " + err.Error())
		}
		d.model, d.kind = m, "svm.SVC"
	default:
		return nil, errors.New("demo: unknown model kind " + strconv.Quote(p.Kind) + " (want logistic or svm)")
	}
	return d, nil
}

// Load replaces the model by one saved by the core (any kind that
// core/persist understands).
func (d *ModelFile) Load(text []byte) error {
	env, err := model.ReadEnvelope(text)
	if err != nil {
		return err
	}
	pr, err := decodeModel(env.Kind, text)
	if err != nil {
		return err
	}
	d.model, d.kind, d.source = pr, env.Kind, "loaded"
	d.msg = ""
	if _, err := pr.Predict(mat2(0, 0)); err != nil {
		d.msg = "this model does not take 2 features (" + err.Error() + "): the demo can only show models of (x₁, x₂)"
	}
	return nil
}

// Save returns the current model as the core's versioned JSON.
func (d *ModelFile) Save() ([]byte, error) {
	m, ok := d.model.(json.Marshaler)
	if !ok {
		return nil, errors.New("demo: this model cannot be saved")
	}
	b, err := m.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, b, "", "  "); err != nil {
		return b, nil
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// Step does nothing: the model is fitted at once.
func (d *ModelFile) Step(int) error { return nil }

// ModelFileState is what window.descent.state() shows.
type ModelFileState struct {
	Demo        string    `json:"demo"`
	Iteration   int       `json:"iteration"`
	Kind        string    `json:"kind"`
	Source      string    `json:"source"`
	Accuracy    float64   `json:"accuracy"` // on the demo's dataset
	Predictions []float64 `json:"predictions"`
	Classes     []float64 `json:"classes,omitempty"`
	Message     string    `json:"message,omitempty"`
}

// State returns the demo's state.
func (d *ModelFile) State() any {
	s := ModelFileState{Demo: "modelfile", Kind: d.kind, Source: d.source, Message: d.msg, Predictions: []float64{}}
	if c, ok := d.model.(model.Classifier); ok {
		s.Classes = c.Classes()
	}
	if d.msg != "" {
		return s
	}
	if pred, err := d.model.Predict(xyDense(d.train)); err == nil {
		c := 0
		for i, q := range d.train {
			if pred[i] == q.C {
				c++
			}
		}
		s.Accuracy = float64(c) / float64(len(d.train))
	}
	if len(d.query) > 0 {
		if pred, err := d.model.Predict(xyDense(d.query)); err == nil {
			for i := range pred {
				pred[i] = finite(pred[i])
			}
			s.Predictions = pred
		}
	}
	return s
}

// Render sends the dataset ("train"), the clicked points ("query") and,
// for models of two features, "heat": P(class 1) for two-class
// probabilistic classifiers, otherwise the prediction, on the grid.
func (d *ModelFile) Render(b *Bulk) {
	b.Add("train", pointsFlat(d.train))
	b.Add("query", pointsFlat(d.query))
	if d.msg != "" {
		return
	}
	g := make([]float64, 0, 2*GridN*GridN)
	for i := range GridN {
		for j := range GridN {
			x, y := gridCoord(i, j, GridN, -Box, Box, -Box, Box)
			g = append(g, x, y)
		}
	}
	X := denseRows(g, 2)
	if pc, ok := d.model.(model.ProbabilisticClassifier); ok && len(pc.Classes()) == 2 {
		if P, err := pc.PredictProba(X); err == nil {
			b.Add("heat", mat.Col(nil, 1, P))
			return
		}
	}
	if pred, err := d.model.Predict(X); err == nil {
		for i := range pred {
			if math.IsNaN(pred[i]) {
				pred[i] = 0
			}
		}
		b.Add("heat", pred)
	}
}

// decodeModel loads the kinds of model the demo can show. It decodes the
// concrete types itself (as core/persist.Load does) rather than importing
// core/persist, which links every model of the core and would push the demo
// wasm over its 1.5 MB budget.
func decodeModel(kind string, text []byte) (model.Predictor, error) {
	var m interface {
		model.Predictor
		json.Unmarshaler
	}
	switch kind {
	case "linear.LogisticRegression":
		m = &linear.LogisticRegression{}
	case "linear.LinearRegression":
		m = &linear.LinearRegression{}
	case "linear.Ridge":
		m = &linear.Ridge{}
	case "linear.Lasso":
		m = &linear.Lasso{}
	case "linear.ElasticNet":
		m = &linear.ElasticNet{}
	case "svm.SVC":
		m = &svm.SVC{}
	case "svm.SVR":
		m = &svm.SVR{}
	case "svm.LinearSVC":
		m = &svm.LinearSVC{}
	default:
		return nil, errors.New("demo: the browser demo cannot show a model of kind " + strconv.Quote(kind) +
			" (it shows linear.LogisticRegression, linear.LinearRegression, linear.Ridge, linear.Lasso, linear.ElasticNet, svm.SVC, svm.SVR and svm.LinearSVC)")
	}
	if err := m.UnmarshalJSON(text); err != nil {
		return nil, err
	}
	return m, nil
}
