package demo

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

type genericState struct {
	Demo      string  `json:"demo"`
	Iteration int     `json:"iteration"`
	Loss      float64 `json:"loss"`
	Accuracy  float64 `json:"accuracy"`
}

type response struct {
	State genericState      `json:"state"`
	Bulk  map[string][2]int `json:"bulk"`
	Text  string            `json:"text"`
	Error string            `json:"error"`
}

func call(t *testing.T, s *Session, req string) (response, []float32) {
	t.Helper()
	out, bulk := s.Call([]byte(req))
	var r response
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("%s: response %s: %v", req, out, err)
	}
	return r, append([]float32(nil), bulk...)
}

// TestDemosLearn checks, for every demo, that training lowers the loss and
// (where it applies) raises the accuracy, and that the bulk arrays the page
// draws are there.
func TestDemosLearn(t *testing.T) {
	tests := []struct {
		demo, params string
		steps        int
		wantAcc      float64 // minimum final accuracy; 0 to skip
		bulk         []string
	}{
		{"logistic", `{}`, 300, 0.9, []string{"heat", "train", "test", "train_loss", "test_loss"}},
		{"logistic", `{"ds":"xor","feats":"x1,x2,x1x2","opt":"adam","lr":0.1}`, 300, 0.9, []string{"heat"}},
		{"logistic", `{"ds":"moons","feats":"x1,x2","batch":16,"opt":"momentum","lr":0.1}`, 100, 0.8, []string{"heat"}},
		{"svm", `{}`, 500, 0.95, []string{"heat", "train", "alpha"}},
		{"svm", `{"ds":"blobs","kernel":"linear"}`, 500, 0.95, []string{"heat"}},
		{"svm", `{"ds":"xor","kernel":"poly","degree":2,"logg":-1}`, 500, 0.9, []string{"heat"}},
		{"linreg", `{}`, 200, 0, []string{"train", "surf", "path", "loss"}},
		{"linreg", `{"mode":"sgd","lr":0.01}`, 200, 0, []string{"path"}},
		{"optimizers", `{}`, 100, 0, []string{"surf", "path_gd", "path_adam", "loss_rmsprop"}},
		{"optimizers", `{"surf":"rosenbrock","x0":-1.2,"y0":1,"lr":[0.001,0.001,0.001,0.1,0.01,0.05]}`, 300, 0, []string{"surf"}},
		{"optimizers", `{"surf":"logistic","x0":-5,"y0":5}`, 100, 0, []string{"surf"}},
	}
	for _, tt := range tests {
		t.Run(tt.demo+tt.params, func(t *testing.T) {
			var s Session
			r0, _ := call(t, &s, `{"op":"init","demo":"`+tt.demo+`","params":`+tt.params+`}`)
			if r0.Error != "" {
				t.Fatal(r0.Error)
			}
			r1, bulk := call(t, &s, `{"op":"step","n":`+itoa(tt.steps)+`}`)
			if r1.Error != "" {
				t.Fatal(r1.Error)
			}
			if r1.State.Demo != tt.demo {
				t.Errorf("state demo %q", r1.State.Demo)
			}
			if !(r1.State.Loss < r0.State.Loss) {
				t.Errorf("loss %v → %v after %d steps: did not fall", r0.State.Loss, r1.State.Loss, tt.steps)
			}
			if tt.wantAcc > 0 && r1.State.Accuracy < tt.wantAcc {
				t.Errorf("accuracy %v after %d steps, want ≥ %v (start %v)", r1.State.Accuracy, tt.steps, tt.wantAcc, r0.State.Accuracy)
			}
			for _, name := range tt.bulk {
				ix, ok := r1.Bulk[name]
				if !ok || ix[1] == 0 || ix[0]+ix[1] > len(bulk) {
					t.Errorf("bulk %q: index %v, buffer %d", name, ix, len(bulk))
				}
			}
			for i, v := range bulk {
				if math.IsNaN(float64(v)) {
					t.Fatalf("bulk value %d is NaN", i)
				}
			}
		})
	}
}

// TestReplay checks that init with iter reproduces the state reached by
// stepping: the URL hash of a page (parameters and iteration) restores the
// exact state.
func TestReplay(t *testing.T) {
	for _, d := range []string{"logistic", "svm", "linreg", "optimizers"} {
		var a, b Session
		call(t, &a, `{"op":"init","demo":"`+d+`"}`)
		call(t, &a, `{"op":"step","n":7}`)
		ra, ba := call(t, &a, `{"op":"step","n":30}`)
		rb, bb := call(t, &b, `{"op":"init","demo":"`+d+`","iter":37}`)
		if ra.State != rb.State {
			t.Errorf("%s: stepped %+v, replayed %+v", d, ra.State, rb.State)
		}
		if len(ba) != len(bb) {
			t.Errorf("%s: bulk %d vs %d values", d, len(ba), len(bb))
			continue
		}
		for i := range ba {
			if ba[i] != bb[i] {
				t.Errorf("%s: bulk differs at %d: %v vs %v", d, i, ba[i], bb[i])
				break
			}
		}
	}
}

func TestLogisticHeatmapSides(t *testing.T) {
	var s Session
	// Blobs: class 0 around (−1,−1)·k, class 1 around (1,1)·k.
	call(t, &s, `{"op":"init","demo":"logistic","params":{"ds":"blobs","feats":"x1,x2","noise":0}}`)
	r, bulk := call(t, &s, `{"op":"step","n":200}`)
	heat := bulk[r.Bulk["heat"][0]:]
	// Row 0 is the top (y = +Box): top-right cell is class 1, bottom-left class 0.
	if p := heat[GridN-1]; p < 0.9 {
		t.Errorf("P(class 1) top right = %v, want > 0.9", p)
	}
	if p := heat[(GridN-1)*GridN]; p > 0.1 {
		t.Errorf("P(class 1) bottom left = %v, want < 0.1", p)
	}
}

func TestAddedPointsAndDivergence(t *testing.T) {
	var s Session
	r, _ := call(t, &s, `{"op":"init","demo":"svm","params":{"ds":"none","pts":[[1,1,1]]}}`)
	if r.Error != "" || !strings.Contains(string(mustJSON(s.demo.State())), "both classes") {
		t.Errorf("one-class svm: %+v %s", r, mustJSON(s.demo.State()))
	}
	r, _ = call(t, &s, `{"op":"init","demo":"svm","params":{"ds":"none","pts":[[1,1,1],[-1,-1,0],[2,1,1]]}}`)
	r, _ = call(t, &s, `{"op":"step","n":50}`)
	if r.State.Accuracy != 1 {
		t.Errorf("3 separable clicked points: accuracy %v", r.State.Accuracy)
	}
	call(t, &s, `{"op":"init","demo":"linreg","params":{"lr":1.5}}`)
	out, _ := s.Call([]byte(`{"op":"step","n":500}`))
	if !strings.Contains(string(out), `"diverged":true`) {
		t.Errorf("learning rate 1.5 did not diverge: %s", out)
	}
	var lr LinRegState
	var env struct{ State *LinRegState }
	env.State = &lr
	call(t, &s, `{"op":"init","demo":"linreg","params":{"lr":0.05}}`)
	out, _ = s.Call([]byte(`{"op":"step","n":3000}`))
	json.Unmarshal(out, &env)
	if math.Abs(lr.Intercept-lr.Optimum[0]) > 1e-3 || math.Abs(lr.Slope-lr.Optimum[1]) > 1e-3 {
		t.Errorf("GD reached (%v, %v), closed form (%v, %v)", lr.Intercept, lr.Slope, lr.Optimum[0], lr.Optimum[1])
	}
}

func TestModelFileRoundTrip(t *testing.T) {
	for _, kind := range []string{"logistic", "svm"} {
		var s Session
		r, _ := call(t, &s, `{"op":"init","demo":"modelfile","params":{"kind":"`+kind+`","pts":[[4,4,0],[-4,-4,0]]}}`)
		if r.Error != "" || r.State.Accuracy < 0.9 {
			t.Fatalf("%s: %+v", kind, r)
		}
		saved, _ := call(t, &s, `{"op":"save"}`)
		if !strings.Contains(saved.Text, `"descent-model"`) {
			t.Fatalf("%s: saved %q", kind, saved.Text)
		}
		_, before := call(t, &s, `{"op":"state"}`)
		_ = before
		req, _ := json.Marshal(Request{Op: "load", Text: saved.Text})
		out, _ := s.Call(req)
		var st struct {
			State ModelFileState
			Error string
		}
		json.Unmarshal(out, &st)
		if st.Error != "" || st.State.Source != "loaded" {
			t.Fatalf("%s: load: %s", kind, out)
		}
		if len(st.State.Predictions) != 2 || st.State.Predictions[0] != 1 || st.State.Predictions[1] != 0 {
			t.Errorf("%s: predictions %v, want [1 0]", kind, st.State.Predictions)
		}
		out, _ = s.Call([]byte(`{"op":"query","pts":[[-4,-4,0]]}`))
		json.Unmarshal(out, &st)
		if len(st.State.Predictions) != 1 || st.State.Predictions[0] != 0 || st.State.Source != "loaded" {
			t.Errorf("%s: query: %s", kind, out)
		}
	}
	var s Session
	call(t, &s, `{"op":"init","demo":"modelfile"}`)
	for _, bad := range []string{`not json`, `{"format":"descent-model","kind":"tree.Forest","version":1,"model":{}}`} {
		req, _ := json.Marshal(Request{Op: "load", Text: bad})
		out, _ := s.Call(req)
		if !strings.Contains(string(out), `"error"`) {
			t.Errorf("load %q: no error: %s", bad, out)
		}
	}
}

func TestBadRequests(t *testing.T) {
	tests := []struct{ req, want string }{
		{`nope`, "bad request"},
		{`{"op":"step"}`, "before init"},
		{`{"op":"fly"}`, "unknown op"},
		{`{"op":"init","demo":"tree"}`, "unknown demo"},
		{`{"op":"init","demo":"logistic","params":{"ds":"iris"}}`, "unknown dataset"},
		{`{"op":"init","demo":"logistic","params":{"feats":"x3"}}`, "unknown feature"},
		{`{"op":"init","demo":"logistic","params":{"lr":-1}}`, "learning rate"},
		{`{"op":"init","demo":"svm","params":{"kernel":"sigmoid"}}`, "unknown kernel"},
		{`{"op":"init","demo":"linreg","params":{"mode":"newton"}}`, "unknown mode"},
		{`{"op":"init","demo":"optimizers","params":{"surf":"beale"}}`, "unknown surface"},
		{`{"op":"init","demo":"optimizers","params":{"on":"11"}}`, "six"},
	}
	for _, tt := range tests {
		var s Session
		out, _ := s.Call([]byte(tt.req))
		if !strings.Contains(string(out), tt.want) {
			t.Errorf("%s: got %s, want an error with %q", tt.req, out, tt.want)
		}
	}
}

func TestHistory(t *testing.T) {
	var h history
	for i := range 5000 {
		h.add(float64(i))
	}
	if len(h.vals) > histCap || len(h.vals) < histCap/2 {
		t.Fatalf("history holds %d values", len(h.vals))
	}
	for i := 1; i < len(h.vals); i++ {
		if h.vals[i]-h.vals[i-1] != float64(h.stride) {
			t.Fatalf("values %v, %v at %d not %d apart", h.vals[i-1], h.vals[i], i, h.stride)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
