package svm

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/descentml/descent/core/data"
	"gonum.org/v1/gonum/mat"
)

type svcRef struct {
	Name        string          `json:"name"`
	Data        string          `json:"data"`
	Params      map[string]any  `json:"params"`
	Support     []int           `json:"support"`
	NSupport    []int           `json:"n_support"`
	DualCoef    [][]float64     `json:"dual_coef"`
	Intercept   []float64       `json:"intercept"`
	Decision    json.RawMessage `json:"decision"`
	DecisionOVO [][]float64     `json:"decision_ovo"`
	Predict     []float64       `json:"predict"`
	NIter       json.RawMessage `json:"n_iter"`
	Gamma       float64         `json:"gamma"`
}

type probaRef struct {
	Data  string      `json:"data"`
	Proba [][]float64 `json:"proba"`
	ProbA []float64   `json:"probA"`
	ProbB []float64   `json:"probB"`
}

type svrRef struct {
	Name      string         `json:"name"`
	Params    map[string]any `json:"params"`
	Support   []int          `json:"support"`
	DualCoef  [][]float64    `json:"dual_coef"`
	Intercept []float64      `json:"intercept"`
	Predict   []float64      `json:"predict"`
	NIter     int            `json:"n_iter"`
}

type linRef struct {
	Name      string          `json:"name"`
	Data      string          `json:"data"`
	Params    map[string]any  `json:"params"`
	Coef      [][]float64     `json:"coef"`
	Intercept []float64       `json:"intercept"`
	Decision  json.RawMessage `json:"decision"`
	NIter     int             `json:"n_iter"`
}

type reference struct {
	Sklearn   string     `json:"sklearn"`
	SVC       []svcRef   `json:"svc"`
	Proba     []probaRef `json:"proba"`
	SVR       []svrRef   `json:"svr"`
	LinearSVC []linRef   `json:"linear_svc"`
}

var loadRef = sync.OnceValues(func() (*reference, error) {
	b, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		return nil, err
	}
	var r reference
	return &r, json.Unmarshal(b, &r)
})

func mustRef(t *testing.T) *reference {
	t.Helper()
	r, err := loadRef()
	if err != nil {
		t.Fatalf("reading testdata/reference.json (run testdata/gen_reference.py): %v", err)
	}
	return r
}

// standardize centres and scales each column by its population standard
// deviation, as gen_reference.py.
func standardize(X *mat.Dense) *mat.Dense {
	n, p := X.Dims()
	out := mat.DenseCopyOf(X)
	for j := range p {
		var s float64
		for i := range n {
			s += X.At(i, j)
		}
		m := s / float64(n)
		var ss float64
		for i := range n {
			d := X.At(i, j) - m
			ss += d * d
		}
		sd := math.Sqrt(ss / float64(n))
		for i := range n {
			out.Set(i, j, (X.At(i, j)-m)/sd)
		}
	}
	return out
}

func readMoons(t testing.TB) (*mat.Dense, []float64) {
	f, err := os.Open("testdata/moons.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	X := mat.NewDense(len(recs), 2, nil)
	y := make([]float64, len(recs))
	for i, r := range recs {
		for j := range 3 {
			v, err := strconv.ParseFloat(r[j], 64)
			if err != nil {
				t.Fatal(err)
			}
			if j < 2 {
				X.Set(i, j, v)
			} else {
				y[i] = v
			}
		}
	}
	return X, y
}

func testData(t testing.TB, name string) (*mat.Dense, []float64) {
	switch name {
	case "iris":
		ds := data.Iris()
		return ds.X, ds.Y
	case "iris-std":
		ds := data.Iris()
		return standardize(ds.X), ds.Y
	case "cancer":
		ds := data.BreastCancer()
		return standardize(ds.X), ds.Y
	case "moons":
		return readMoons(t)
	case "diabetes":
		ds := data.Diabetes()
		return standardize(ds.X), ds.Y
	}
	t.Fatalf("unknown data %q", name)
	return nil, nil
}

// decisionMatrix parses a decision_function output (1-D or 2-D).
func decisionMatrix(t *testing.T, raw json.RawMessage) [][]float64 {
	var two [][]float64
	if err := json.Unmarshal(raw, &two); err == nil {
		return two
	}
	var one []float64
	if err := json.Unmarshal(raw, &one); err != nil {
		t.Fatal(err)
	}
	out := make([][]float64, len(one))
	for i, v := range one {
		out[i] = []float64{v}
	}
	return out
}

func svcConfigFromParams(t *testing.T, p map[string]any) SVCConfig {
	var c SVCConfig
	for k, v := range p {
		switch k {
		case "C":
			c.C = v.(float64)
		case "kernel":
			c.Kernel = v.(string)
		case "degree":
			c.Degree = int(v.(float64))
		case "coef0":
			c.Coef0 = v.(float64)
		case "gamma":
			switch g := v.(type) {
			case string:
				c.GammaMode = g
			case float64:
				c.Gamma = g
			}
		case "tol":
			c.Tol = v.(float64)
		case "shrinking":
			c.NoShrinking = !v.(bool)
		case "class_weight":
			switch w := v.(type) {
			case string:
				c.BalancedClassWeight = w == "balanced"
			case map[string]any:
				c.ClassWeight = map[float64]float64{}
				for lk, lv := range w {
					f, err := strconv.ParseFloat(lk, 64)
					if err != nil {
						t.Fatal(err)
					}
					c.ClassWeight[f] = lv.(float64)
				}
			}
		default:
			t.Fatalf("unknown param %q", k)
		}
	}
	return c
}

// close reports whether got is within rel·max(1, |want|) of want.
func closeTo(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Max(1, math.Abs(want))
}

func TestSVCMatchesScikitLearn(t *testing.T) {
	ref := mustRef(t)
	for _, rc := range ref.SVC {
		t.Run(rc.Name, func(t *testing.T) {
			X, y := testData(t, rc.Data)
			m := &SVC{Config: svcConfigFromParams(t, rc.Params)}
			if err := m.Fit(X, y); err != nil {
				t.Fatal(err)
			}
			if g := m.Gamma(); rc.Params["kernel"] != "linear" && !closeTo(g, rc.Gamma, 1e-12) {
				t.Errorf("gamma = %v, want %v", g, rc.Gamma)
			}
			if !slices.Equal(m.Support(), rc.Support) {
				t.Errorf("support differs:\n got %v\nwant %v", m.Support(), rc.Support)
			}
			if !slices.Equal(m.NSupport(), rc.NSupport) {
				t.Errorf("n_support = %v, want %v", m.NSupport(), rc.NSupport)
			}
			dec, err := m.DecisionFunction(X)
			if err != nil {
				t.Fatal(err)
			}
			want := decisionMatrix(t, rc.Decision)
			worst := 0.0
			for i, row := range want {
				for j, w := range row {
					d := math.Abs(dec.At(i, j)-w) / math.Max(1, math.Abs(w))
					worst = math.Max(worst, d)
				}
			}
			// The solver follows libsvm's path step for step (same working
			// pairs, same iteration counts), so the agreement is far closer
			// than the 1e-3 the project asks for.
			if worst > 1e-6 {
				t.Errorf("decision function: worst relative difference %.3g > 1e-6", worst)
			}
			if dc := m.DualCoef(); dc != nil && len(rc.DualCoef) > 0 {
				for i, row := range rc.DualCoef {
					for j, w := range row {
						if !closeTo(dc.At(i, j), w, 1e-6) {
							t.Fatalf("dual_coef[%d][%d] = %v, want %v", i, j, dc.At(i, j), w)
						}
					}
				}
			}
			for i, w := range rc.Intercept {
				if !closeTo(m.Intercept()[i], w, 1e-6) {
					t.Errorf("intercept[%d] = %v, want %v", i, m.Intercept()[i], w)
				}
			}
			if rc.DecisionOVO != nil {
				ovo, err := m.DecisionFunctionOVO(X)
				if err != nil {
					t.Fatal(err)
				}
				for i, row := range rc.DecisionOVO {
					for j, w := range row {
						if !closeTo(ovo.At(i, j), w, 1e-6) {
							t.Fatalf("ovo decision [%d][%d] = %v, want %v", i, j, ovo.At(i, j), w)
						}
					}
				}
			}
			var wantIter []int
			if err := json.Unmarshal(rc.NIter, &wantIter); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(m.Iterations(), wantIter) {
				t.Errorf("iterations %v, scikit-learn %v", m.Iterations(), wantIter)
			}
			pred, _ := m.Predict(X)
			if !slices.Equal(pred, rc.Predict) {
				t.Errorf("predictions differ")
			}
		})
	}
}

func TestSVRMatchesScikitLearn(t *testing.T) {
	ref := mustRef(t)
	X, y := testData(t, "diabetes")
	for _, rc := range ref.SVR {
		t.Run(rc.Name, func(t *testing.T) {
			m := &SVR{Config: SVRConfig{C: rc.Params["C"].(float64), Epsilon: rc.Params["epsilon"].(float64), Kernel: rc.Params["kernel"].(string)}}
			if err := m.Fit(X, y); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(m.Support(), rc.Support) {
				t.Errorf("support differs: got %d SVs, want %d", len(m.Support()), len(rc.Support))
			}
			pred, err := m.Predict(X)
			if err != nil {
				t.Fatal(err)
			}
			worst := 0.0
			for i, w := range rc.Predict {
				worst = math.Max(worst, math.Abs(pred[i]-w)/math.Max(1, math.Abs(w)))
			}
			if worst > 1e-6 {
				t.Errorf("predictions: worst relative difference %.3g", worst)
			}
			dc := m.DualCoef()
			for j, w := range rc.DualCoef[0] {
				if !closeTo(dc.At(0, j), w, 1e-6) {
					t.Fatalf("dual_coef[%d] = %v, want %v", j, dc.At(0, j), w)
				}
			}
			if sv := m.SupportVectors(); !slices.Equal(sv.RawRowView(1), X.RawRowView(rc.Support[1])) {
				t.Error("SupportVectors rows are not the support samples")
			}
			if !closeTo(m.Intercept()[0], rc.Intercept[0], 1e-6) {
				t.Errorf("intercept %v, want %v", m.Intercept()[0], rc.Intercept[0])
			}
			if m.Iterations() != rc.NIter {
				t.Errorf("iterations %d, scikit-learn %d", m.Iterations(), rc.NIter)
			}
		})
	}
}

func TestLinearSVCMatchesScikitLearn(t *testing.T) {
	ref := mustRef(t)
	for _, rc := range ref.LinearSVC {
		t.Run(rc.Name, func(t *testing.T) {
			name := rc.Data
			if name == "iris" {
				name = "iris-std"
			}
			X, y := testData(t, name)
			cfg := LinearSVCConfig{C: rc.Params["C"].(float64), Loss: rc.Params["loss"].(string), Tol: 1e-10, MaxIter: 1000000}
			if s, ok := rc.Params["intercept_scaling"]; ok {
				cfg.InterceptScaling = s.(float64)
			}
			if f, ok := rc.Params["fit_intercept"]; ok {
				cfg.NoIntercept = !f.(bool)
			}
			switch w := rc.Params["class_weight"].(type) {
			case string:
				cfg.BalancedClassWeight = w == "balanced"
			case map[string]any:
				cfg.ClassWeight = map[float64]float64{}
				for k, v := range w {
					f, _ := strconv.ParseFloat(k, 64)
					cfg.ClassWeight[f] = v.(float64)
				}
			}
			m := &LinearSVC{Config: cfg}
			if err := m.Fit(X, y); err != nil {
				t.Fatal(err)
			}
			coef := m.Coef()
			worst := 0.0
			for i, row := range rc.Coef {
				scale := 0.0
				for _, v := range row {
					scale = math.Max(scale, math.Abs(v))
				}
				for j, v := range row {
					worst = math.Max(worst, math.Abs(coef.At(i, j)-v)/scale)
				}
				wantB := rc.Intercept[min(i, len(rc.Intercept)-1)] // scikit-learn keeps one 0 without intercept
				worst = math.Max(worst, math.Abs(m.Intercept()[i]-wantB)/math.Max(scale, math.Abs(wantB)))
			}
			if worst > 1e-3 {
				t.Errorf("coefficients: worst relative difference %.3g > 1e-3", worst)
			}
		})
	}
}
