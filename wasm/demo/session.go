// Package demo is the pure-Go logic behind the browser demos: each demo
// (logistic regression, linear regression, SVM, optimizer race, model file)
// is a small state machine over the descent core that can be created from
// JSON parameters, stepped, and read back as a JSON state plus one flat
// float32 buffer of bulk data (heatmap grids, trajectories, loss curves).
//
// The package has no syscall/js dependency, so it is tested natively and
// under Node (GOOS=js GOARCH=wasm with go_js_wasm_exec); the js/wasm main in
// wasm/cmd/demos only moves bytes between a Session and JavaScript.
package demo

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
)

// Request is one call from JavaScript.
//
//	{"op":"init","demo":"logistic","params":{...},"iter":0}  create (and replay iter steps)
//	{"op":"step","n":10}                                       advance n steps
//	{"op":"state"}                                             read the state only
//	{"op":"load","text":"..."}                                 model file: load a saved model
//	{"op":"save"}                                              model file: the demo model's JSON
//	{"op":"query","pts":[[x,y,0],...]}                         model file: points to predict
type Request struct {
	Op     string          `json:"op"`
	Demo   string          `json:"demo,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Iter   int             `json:"iter,omitempty"`
	N      int             `json:"n,omitempty"`
	Text   string          `json:"text,omitempty"`
	Points [][3]float64    `json:"pts,omitempty"`
}

// Response is the JSON answer to a Request. The bulk numbers travel apart,
// as one float32 buffer; Bulk maps each named array to its [offset, length]
// in that buffer.
type Response struct {
	State any               `json:"state,omitempty"`
	Bulk  map[string][2]int `json:"bulk,omitempty"`
	Text  string            `json:"text,omitempty"`
	Error string            `json:"error,omitempty"`
}

// Bulk collects named float32 arrays into one buffer.
type Bulk struct {
	Data  []float32
	Index map[string][2]int
}

// Add appends a named array of float64 values (converted to float32).
func (b *Bulk) Add(name string, v []float64) {
	if b.Index == nil {
		b.Index = map[string][2]int{}
	}
	b.Index[name] = [2]int{len(b.Data), len(v)}
	for _, x := range v {
		b.Data = append(b.Data, float32(x))
	}
}

// Add32 appends a named array of float32 values.
func (b *Bulk) Add32(name string, v []float32) {
	if b.Index == nil {
		b.Index = map[string][2]int{}
	}
	b.Index[name] = [2]int{len(b.Data), len(v)}
	b.Data = append(b.Data, v...)
}

// Demo is one interactive demo.
type Demo interface {
	// Step advances n steps (fewer if the run has finished).
	Step(n int) error
	// State describes the demo for window.descent.state().
	State() any
	// Render writes the bulk data to draw.
	Render(b *Bulk)
}

// Session holds the demo of one page. The zero value is ready to use.
type Session struct {
	demo Demo
	bulk Bulk
}

// New creates a demo from its name and JSON parameters (nil or empty for
// the defaults).
func New(name string, params []byte) (Demo, error) {
	if len(params) == 0 {
		params = []byte("{}")
	}
	switch name {
	case "logistic":
		return NewLogistic(params)
	case "linreg":
		return NewLinReg(params)
	case "svm":
		return NewSVM(params)
	case "optimizers":
		return NewRace(params)
	case "modelfile":
		return NewModelFile(params)
	}
	return nil, errors.New("demo: unknown demo " + strconv.Quote(name) + " (want one of logistic, linreg, svm, optimizers, modelfile)")
}

// MaxStepsPerCall bounds one step request and one replay, so that a bad URL
// cannot hang the page.
const MaxStepsPerCall = 200000

// Call handles one JSON request and returns the JSON response and the bulk
// buffer (valid until the next Call).
func (s *Session) Call(req []byte) ([]byte, []float32) {
	var r Request
	resp := Response{}
	if err := json.Unmarshal(req, &r); err != nil {
		resp.Error = "demo: bad request: " + err.Error()
		return mustJSON(resp), nil
	}
	if err := s.handle(&r, &resp); err != nil {
		resp.Error = err.Error()
	}
	if s.demo != nil && resp.State == nil {
		resp.State = s.demo.State()
	}
	s.bulk.Data = s.bulk.Data[:0]
	s.bulk.Index = map[string][2]int{}
	if s.demo != nil && r.Op != "state" {
		s.demo.Render(&s.bulk)
		resp.Bulk = s.bulk.Index
	}
	return mustJSON(resp), s.bulk.Data
}

func (s *Session) handle(r *Request, resp *Response) error {
	switch r.Op {
	case "init":
		d, err := New(r.Demo, r.Params)
		if err != nil {
			return err
		}
		s.demo = d
		return d.Step(clampSteps(r.Iter))
	case "step", "state", "load", "save", "query":
	default:
		return errors.New("demo: unknown op " + strconv.Quote(r.Op))
	}
	if s.demo == nil {
		return errors.New("demo: " + r.Op + " before init")
	}
	switch r.Op {
	case "step":
		return s.demo.Step(clampSteps(r.N))
	case "load", "save", "query":
		mf, ok := s.demo.(*ModelFile)
		if !ok {
			return errors.New("demo: " + r.Op + " needs the modelfile demo")
		}
		switch r.Op {
		case "load":
			return mf.Load([]byte(r.Text))
		case "query":
			mf.query = points2D(r.Points)
			return nil
		}
		text, err := mf.Save()
		resp.Text = string(text)
		return err
	}
	return nil
}

func clampSteps(n int) int {
	return max(0, min(n, MaxStepsPerCall))
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(Response{Error: "demo: cannot encode response: " + err.Error()})
	}
	return b
}

// finite replaces NaN and ±Inf (which JSON cannot carry) by a large
// sentinel so that states stay encodable after a divergence.
func finite(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return -1
	case math.IsInf(x, 1), x > 1e300:
		return 1e300
	case math.IsInf(x, -1), x < -1e300:
		return -1e300
	}
	return x
}

// history keeps at most histCap values of a series, halving its resolution
// when full, so that long runs keep a whole loss curve in bounded memory.
type history struct {
	vals   []float64
	stride int
	count  int
}

const histCap = 1000

func (h *history) add(v float64) {
	if h.stride == 0 {
		h.stride = 1
	}
	if h.count%h.stride == 0 {
		if len(h.vals) == histCap {
			for i := 0; i < histCap/2; i++ {
				h.vals[i] = h.vals[2*i]
			}
			h.vals = h.vals[:histCap/2]
			h.stride *= 2
			if h.count%h.stride != 0 {
				h.count++
				return
			}
		}
		h.vals = append(h.vals, v)
	}
	h.count++
}
