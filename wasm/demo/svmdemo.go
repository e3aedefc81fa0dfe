package demo

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"

	"github.com/descentml/descent/core/svm"
)

// SVMParams are the controls of the SVM demo.
type SVMParams struct {
	Dataset string       `json:"ds"` // blobs, moons, circles, xor, spiral, or "none" (only clicked points)
	N       int          `json:"n"`
	Noise   float64      `json:"noise"`
	Seed    uint64       `json:"seed"`
	Kernel  string       `json:"kernel"` // linear, poly, rbf
	LogC    float64      `json:"logc"`   // log10 C
	LogG    float64      `json:"logg"`   // log10 γ
	Degree  int          `json:"degree"` // poly degree
	Coef0   float64      `json:"coef0"`  // poly constant term
	Points  [][3]float64 `json:"pts"`    // clicked points
}

// DefaultSVMParams are the demo's starting controls.
func DefaultSVMParams() SVMParams {
	return SVMParams{Dataset: "moons", N: 60, Noise: 0.2, Seed: 1, Kernel: "rbf", LogC: 0, LogG: -1, Degree: 3, Coef0: 1}
}

// SVM is the support-vector-machine demo: a two-class SVC on the points,
// solved by the core's SMO one iteration at a time (svm.NewSMO).
type SVM struct {
	p    SVMParams
	pts  []Point
	smo  *svm.SMO
	msg  string
	hist history
	// calls counts Step calls on the solver, including the last one that
	// found it converged, so that replaying calls steps reproduces Done.
	calls    int
	finished bool
	grid     []float64
}

// NewSVM builds the demo from JSON parameters.
func NewSVM(params []byte) (*SVM, error) {
	p := DefaultSVMParams()
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, errors.New("demo: svm parameters: " + err.Error())
	}
	d := &SVM{p: p}
	if p.Dataset != "none" {
		pts, err := classData(p.Dataset, p.N, p.Noise, p.Seed)
		if err != nil {
			return nil, err
		}
		d.pts = pts
	}
	d.pts = append(d.pts, points2D(p.Points)...)
	if p.LogC < -3 || p.LogC > 4 || p.LogG < -4 || p.LogG > 3 {
		return nil, errors.New("demo: log10 C " + ftoa(p.LogC) + " must be in [−3, 4] and log10 γ " + ftoa(p.LogG) + " in [−4, 3]")
	}
	if p.Degree < 1 || p.Degree > 10 {
		return nil, errors.New("demo: degree " + strconv.Itoa(p.Degree) + " out of range [1, 10]")
	}
	cfg := svm.SVCConfig{C: math.Pow(10, p.LogC), Kernel: p.Kernel}
	switch p.Kernel {
	case "linear":
	case "rbf":
		cfg.Gamma = math.Pow(10, p.LogG)
	case "poly":
		cfg.Gamma = math.Pow(10, p.LogG)
		cfg.Degree = p.Degree
		cfg.Coef0 = p.Coef0
	default:
		return nil, errors.New("demo: unknown kernel " + strconv.Quote(p.Kernel) + " (want linear, poly or rbf)")
	}
	n0, n1 := 0, 0
	for _, q := range d.pts {
		if q.C == 0 {
			n0++
		} else {
			n1++
		}
	}
	if n0 == 0 || n1 == 0 {
		d.msg = "add points of both classes to train"
		return d, nil
	}
	smo, err := svm.NewSMO(xyDense(d.pts), labels(d.pts), cfg)
	if err != nil {
		return nil, errors.New("demo: " + err.Error())
	}
	d.smo = smo
	d.hist.add(smo.Objective())
	return d, nil
}

// Step does n SMO iterations (fewer once the KKT conditions hold).
func (d *SVM) Step(n int) error {
	if d.smo == nil {
		return nil
	}
	for range n {
		if d.finished {
			break
		}
		d.calls++
		if _, ok := d.smo.Step(); !ok {
			d.finished = true
			break
		}
		d.hist.add(d.smo.Objective())
	}
	return nil
}

// SVMState is what window.descent.state() shows.
type SVMState struct {
	Demo      string  `json:"demo"`
	Iteration int     `json:"iteration"`
	Loss      float64 `json:"loss"` // dual objective ½αᵀQα − Σα (libsvm's minimization form)
	Accuracy  float64 `json:"accuracy"`
	Violation float64 `json:"violation"` // KKT violation m(α) − M(α)
	Intercept float64 `json:"intercept"`
	NSV       int     `json:"n_sv"`
	Converged bool    `json:"converged"`
	Done      bool    `json:"done"`
	Steps     int     `json:"steps"` // solver calls, for the URL hash: one more than Iteration once done
	NPoints   int     `json:"n_points"`
	C         float64 `json:"C"`
	Gamma     float64 `json:"gamma"`
	Message   string  `json:"message,omitempty"`
}

// State returns the demo's state.
func (d *SVM) State() any {
	s := SVMState{Demo: "svm", NPoints: len(d.pts), Message: d.msg, C: math.Pow(10, d.p.LogC)}
	if d.p.Kernel != "linear" {
		s.Gamma = math.Pow(10, d.p.LogG)
	}
	if d.smo == nil {
		return s
	}
	s.Iteration = d.smo.Iterations()
	s.Loss = finite(d.smo.Objective())
	s.Violation = finite(d.smo.Violation())
	s.Intercept = finite(d.smo.Intercept())
	s.Converged = d.smo.Converged()
	s.Done = d.finished
	s.Steps = d.calls
	for _, a := range d.smo.Alpha() {
		if a > 0 {
			s.NSV++
		}
	}
	f, err := d.smo.Decision(xyDense(d.pts))
	if err == nil {
		cls := d.smo.Classes()
		c := 0
		for i, q := range d.pts {
			pred := cls[0]
			if f[i] > 0 {
				pred = cls[1]
			}
			if pred == q.C {
				c++
			}
		}
		s.Accuracy = float64(c) / float64(len(d.pts))
	}
	return s
}

// Render sends the decision function on the grid ("heat": f(x), positive
// for class 1), the points ("train": x, y, class) and each point's α
// ("alpha", 0 for non-support vectors) and the dual objective per
// iteration ("loss").
func (d *SVM) Render(b *Bulk) {
	b.Add("train", pointsFlat(d.pts))
	if d.smo == nil {
		return
	}
	if d.grid == nil {
		d.grid = make([]float64, 0, 2*GridN*GridN)
		for i := range GridN {
			for j := range GridN {
				x, y := gridCoord(i, j, GridN, -Box, Box, -Box, Box)
				d.grid = append(d.grid, x, y)
			}
		}
	}
	f, err := d.smo.Decision(denseRows(d.grid, 2))
	if err == nil {
		b.Add("heat", f)
	}
	b.Add("alpha", d.smo.Alpha())
	b.Add("loss", d.hist.vals)
}
