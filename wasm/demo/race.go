package demo

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"

	"github.com/descentml/descent/core/optim"
	"github.com/descentml/descent/core/optim/surface"
)

// RaceParams are the controls of the optimizer race.
type RaceParams struct {
	Surface string     `json:"surf"` // quadratic, rosenbrock, logistic
	Cond    float64    `json:"cond"` // condition number of the quadratic bowl
	X0      float64    `json:"x0"`   // start
	Y0      float64    `json:"y0"`
	Seed    uint64     `json:"seed"` // seeds the logistic surface's dataset
	LR      [6]float64 `json:"lr"`   // per optimizer, in the order of RaceMethods
	On      string     `json:"on"`   // which optimizers run: six 0/1 characters
}

// RaceMethods names the racers, in the order of RaceParams.LR.
var RaceMethods = [6]string{"gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}

// DefaultRaceParams are the demo's starting controls.
func DefaultRaceParams() RaceParams {
	return RaceParams{Surface: "quadratic", Cond: 10, X0: -4, Y0: 3, Seed: 1,
		LR: [6]float64{0.15, 0.05, 0.05, 1, 0.1, 0.3}, On: "111111"}
}

// Race runs the six gradient methods of core/optim side by side on one
// 2-D surface.
type Race struct {
	p       RaceParams
	obj     optim.Objective
	box     [4]float64
	runners [6]*optim.Runner
	errs    [6]error
	paths   [6][]float64
	hists   [6]history
	iter    int
	surf    []float64
}

// NewRace builds the demo from JSON parameters.
func NewRace(params []byte) (*Race, error) {
	p := DefaultRaceParams()
	if err := json.Unmarshal(params, &p); err != nil {
		return nil, errors.New("demo: optimizer parameters: " + err.Error())
	}
	d := &Race{p: p}
	switch p.Surface {
	case "quadratic":
		if p.Cond < 1 || p.Cond > 1000 {
			return nil, errors.New("demo: condition number " + ftoa(p.Cond) + " out of range [1, 1000]")
		}
		q := surface.Quadratic{Condition: p.Cond}
		d.obj = q
		d.box[0], d.box[1], d.box[2], d.box[3] = q.Bounds()
	case "rosenbrock":
		r := surface.Rosenbrock{}
		d.obj = r
		d.box[0], d.box[1], d.box[2], d.box[3] = r.Bounds()
	case "logistic":
		pts, err := classData("blobs", 40, 0.6, p.Seed)
		if err != nil {
			return nil, err
		}
		// Two weights, no intercept: the loss is a 2-D surface; a small
		// penalty gives it a unique minimum.
		o := &logObjective{d: 2, l2: 0.02, y: labels(pts)}
		for _, q := range pts {
			o.z = append(o.z, q.X/Box*2, q.Y/Box*2)
		}
		d.obj = o
		d.box = [4]float64{-6, 6, -6, 6}
	default:
		return nil, errors.New("demo: unknown surface " + strconv.Quote(p.Surface) + " (want quadratic, rosenbrock or logistic)")
	}
	if len(p.On) != 6 {
		return nil, errors.New("demo: \"on\" must be six 0/1 characters, got " + strconv.Quote(p.On))
	}
	for k, name := range RaceMethods {
		if p.On[k] != '1' {
			continue
		}
		m, err := method(name, p.LR[k])
		if err != nil {
			return nil, err
		}
		r, err := optim.NewRunner(d.obj, []float64{p.X0, p.Y0}, m, optim.Settings{MaxIter: math.MaxInt32, Tol: -1})
		if err != nil {
			return nil, errors.New("demo: " + err.Error())
		}
		d.runners[k] = r
		d.paths[k] = []float64{p.X0, p.Y0}
		d.hists[k].add(r.Last().Loss)
	}
	return d, nil
}

// Step advances every racer by n steps.
func (d *Race) Step(n int) error {
	for range n {
		for k, r := range d.runners {
			if r == nil || d.errs[k] != nil {
				continue
			}
			st, err := r.Step()
			if err == nil && tooLarge(st.Loss, d.hists[k].vals[0]) {
				err = divergedError{"optim: diverged: the loss grew a million-fold"}
			}
			if err != nil {
				d.errs[k] = err
				continue
			}
			if len(d.paths[k]) < 2*pathCap {
				d.paths[k] = append(d.paths[k], finite(st.Params[0]), finite(st.Params[1]))
			}
			d.hists[k].add(st.Loss)
		}
		d.iter++
	}
	return nil
}

// Racer is one optimizer's state.
type Racer struct {
	Name     string     `json:"name"`
	On       bool       `json:"on"`
	LR       float64    `json:"lr"`
	Loss     float64    `json:"loss"`
	X        [2]float64 `json:"x"`
	Diverged bool       `json:"diverged"`
}

// RaceState is what window.descent.state() shows.
type RaceState struct {
	Demo      string     `json:"demo"`
	Iteration int        `json:"iteration"`
	Loss      float64    `json:"loss"` // best loss among the racers
	Racers    []Racer    `json:"racers"`
	Box       [4]float64 `json:"box"`
}

// State returns the demo's state.
func (d *Race) State() any {
	s := RaceState{Demo: "optimizers", Iteration: d.iter, Loss: math.Inf(1), Box: d.box}
	for k, name := range RaceMethods {
		rc := Racer{Name: name, LR: d.p.LR[k]}
		if r := d.runners[k]; r != nil {
			rc.On = true
			x := r.X()
			rc.X = [2]float64{finite(x[0]), finite(x[1])}
			rc.Loss = finite(d.obj.Eval(x, nil))
			rc.Diverged = d.errs[k] != nil
			if !rc.Diverged && rc.Loss < s.Loss {
				s.Loss = rc.Loss
			}
		}
		s.Racers = append(s.Racers, rc)
	}
	s.Loss = finite(s.Loss)
	return s
}

// Render sends the surface ("surf": f over State.Box, GridN² values from
// the top) and each racer's path ("path_gd", ...: x, y pairs) and loss curve
// ("loss_gd", ...).
func (d *Race) Render(b *Bulk) {
	if d.surf == nil {
		d.surf = make([]float64, GridN*GridN)
		for i := range GridN {
			for j := range GridN {
				x, y := gridCoord(i, j, GridN, d.box[0], d.box[1], d.box[2], d.box[3])
				d.surf[i*GridN+j] = d.obj.Eval([]float64{x, y}, nil)
			}
		}
	}
	b.Add("surf", d.surf)
	for k, name := range RaceMethods {
		if d.runners[k] != nil {
			b.Add("path_"+name, d.paths[k])
			b.Add("loss_"+name, d.hists[k].vals)
		}
	}
}
