package optim

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"

	"github.com/descentml/descent/core/model"
)

// ErrDiverged is wrapped by the error returned when the loss or the gradient
// becomes NaN or ±Inf, which almost always means the learning rate is too
// large.
var ErrDiverged = errors.New("optim: diverged")

// ErrDone is returned by Runner.Step once the run has finished.
var ErrDone = errors.New("optim: run is finished")

// Settings control a run. The zero value gives the documented defaults.
type Settings struct {
	// MaxIter is the maximum number of updates for full-batch runs, or of
	// epochs (passes over the data) for mini-batch runs; default 1000.
	MaxIter int
	// Tol is the stopping tolerance; default 1e-6; negative disables early
	// stopping so that the run always does MaxIter iterations. A full-batch
	// run stops when the gradient norm ‖∇f(x)‖₂ falls below Tol. A
	// mini-batch run stops when, for Patience epochs in a row, the epoch
	// loss (mean of the mini-batch losses of the epoch) fails to improve on
	// the best epoch loss so far by at least Tol (as scikit-learn's MLP).
	// Note that a mini-batch run whose loss keeps growing also stops that
	// way (with Converged true, as in scikit-learn) unless it reaches NaN or
	// Inf first: check Result.Loss, or set Tol < 0 to run all epochs.
	Tol float64
	// BatchSize is the number of examples per mini-batch; 0 (the default)
	// means full batch. BatchSize > 0 needs a BatchObjective (use
	// MinimizeBatch or NewBatchRunner when the objective's type is declared
	// in a notebook cell); a BatchSize
	// larger than the number of examples is clipped to it. Each epoch visits
	// the examples in a fresh shuffle drawn from Seed; the last batch of an
	// epoch may be smaller.
	BatchSize int
	// Patience is the number of epochs without improvement before a
	// mini-batch run stops; default 5 (scikit-learn's n_iter_no_change).
	Patience int
	// Seed seeds the shuffles of mini-batch runs.
	Seed uint64
	// Schedule sets the learning rate of each step; default Constant{}.
	Schedule Schedule
	// Record keeps a Trace of the run.
	Record bool
	// RecordEvery records one step in RecordEvery (the starting point and
	// the final step are always recorded); default 1.
	RecordEvery int
}

// Step describes one iteration of a run.
//
// For full-batch runs, Loss and GradNorm are f and ‖∇f‖₂ at Params, the
// point reached by the update, and LearningRate is the rate of that update.
// For mini-batch runs, Loss and GradNorm are the mini-batch estimates at the
// point before the update (the values that drove it) and Params is the point
// after it. The starting point is Step 0, with LearningRate 0 and (for
// mini-batch runs too) the full objective.
type Step struct {
	// Iter is the number of updates done so far (1-based; 0 for the start).
	Iter int
	// Epoch is the 1-based epoch the step belongs to (equal to Iter for
	// full-batch runs; 0 for the start).
	Epoch int
	// Loss is the objective value (see above).
	Loss float64
	// Params is the parameter vector after the update. In a Step returned
	// by Runner.Step it aliases the runner's state and is overwritten by the
	// next Step; steps in a Trace own their copy.
	Params []float64
	// GradNorm is the Euclidean norm of the gradient (see above).
	GradNorm float64
	// LearningRate is the learning rate used by the update.
	LearningRate float64
}

// Trace is the recorded history of a run, for plots and teaching.
type Trace struct {
	// Steps starts with the starting point (Iter 0) and ends with the final
	// step.
	Steps []Step
}

// Losses returns the Loss of every recorded step, in order.
func (tr *Trace) Losses() []float64 {
	out := make([]float64, len(tr.Steps))
	for i, s := range tr.Steps {
		out[i] = s.Loss
	}
	return out
}

// Result is the outcome of a run.
type Result struct {
	// X is the final parameter vector (a fresh slice).
	X []float64
	// Loss is the full objective at X.
	Loss float64
	// Iterations is the number of updates (full batch) or epochs
	// (mini-batch) done.
	Iterations int
	// Converged reports whether the Tol criterion stopped the run before
	// MaxIter.
	Converged bool
	// Trace is the history of the run, or nil unless Settings.Record.
	Trace *Trace
}

// Minimize runs method m on obj from x0 (which is not modified) until
// convergence or Settings.MaxIter. A run that diverges returns an error
// wrapping ErrDiverged.
func Minimize(obj Objective, x0 []float64, m Method, s Settings) (*Result, error) {
	r, err := NewRunner(obj, x0, m, s)
	if err != nil {
		return nil, err
	}
	for !r.Done() {
		if _, err := r.Step(); err != nil {
			return nil, err
		}
	}
	return r.Result()
}

// MinimizeBatch is Minimize for a BatchObjective: with Settings.BatchSize
// > 0 it runs mini-batches through obj's Len and EvalBatch; with BatchSize 0
// it runs full batch on Eval.
//
// It exists because Minimize finds mini-batch support by a type assertion
// on its Objective argument, which fails for callers that can only hand it
// a view of their value with Objective's method set: an objective type
// declared in a notebook cell (the Go kernel's interpreter wraps it in a
// value with exactly the parameter type's methods) or a value stored in an
// Objective variable of a wrapping type. MinimizeBatch takes the
// BatchObjective directly, so it works the same for compiled and
// interpreted callers.
func MinimizeBatch(obj BatchObjective, x0 []float64, m Method, s Settings) (*Result, error) {
	r, err := NewBatchRunner(obj, x0, m, s)
	if err != nil {
		return nil, err
	}
	for !r.Done() {
		if _, err := r.Step(); err != nil {
			return nil, err
		}
	}
	return r.Result()
}

// Runner runs a method one step at a time, for the browser demos and for
// teaching; Minimize is a loop over it. After the first steps, Step does not
// allocate unless Settings.Record is set. A Runner is not safe for concurrent
// use.
type Runner struct {
	obj   Objective
	bobj  BatchObjective // nil for full-batch runs
	upd   Updater
	eta0  float64
	sched Schedule
	s     Settings

	x, grad []float64

	// mini-batch state
	n        int
	perm     []int
	batch    []int
	pos      int // next position in perm
	rng      *rand.Rand
	epochSum float64 // Σ batch loss × batch size over the current epoch
	best     float64
	noImp    int

	iter, epoch     int
	last            Step
	converged, done bool
	err             error
	trace           *Trace
}

// NewRunner checks its arguments, copies x0 and evaluates the objective at
// it (the starting Step, see Last). If the gradient at x0 is already below
// Settings.Tol, the runner starts Done and Converged.
func NewRunner(obj Objective, x0 []float64, m Method, s Settings) (*Runner, error) {
	return newRunner(obj, nil, x0, m, s)
}

// NewBatchRunner is NewRunner for a BatchObjective, the stepping
// counterpart of MinimizeBatch (see there for why it exists): mini-batches
// with Settings.BatchSize > 0, full batch on Eval with BatchSize 0.
func NewBatchRunner(obj BatchObjective, x0 []float64, m Method, s Settings) (*Runner, error) {
	if obj == nil {
		return nil, errors.New("optim: objective is nil")
	}
	return newRunner(obj, obj, x0, m, s)
}

// newRunner is NewRunner with the mini-batch view of obj given (batch) or,
// when batch is nil, found by a type assertion on obj.
func newRunner(obj Objective, batch BatchObjective, x0 []float64, m Method, s Settings) (*Runner, error) {
	if obj == nil {
		return nil, errors.New("optim: objective is nil")
	}
	if m == nil {
		return nil, errors.New("optim: method is nil")
	}
	if len(x0) == 0 {
		return nil, errors.New("optim: x0 is empty: need at least one parameter")
	}
	for i, v := range x0 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("optim: x0[%d] = %g is not finite", i, v)
		}
	}
	s, err := s.withDefaults()
	if err != nil {
		return nil, err
	}
	upd, err := m.Init(len(x0))
	if err != nil {
		return nil, err
	}
	r := &Runner{
		obj:   obj,
		upd:   upd,
		eta0:  m.BaseRate(),
		sched: s.Schedule,
		s:     s,
		x:     append([]float64(nil), x0...),
		grad:  make([]float64, len(x0)),
		best:  math.Inf(1),
	}
	if s.BatchSize > 0 {
		bobj := batch
		if bobj == nil {
			b, ok := obj.(BatchObjective)
			if !ok {
				return nil, fmt.Errorf("optim: Settings.BatchSize = %d needs a BatchObjective, but %T has no Len/EvalBatch methods "+
					"(use BatchSize 0 for full batch; if the type does have them, e.g. it is declared in a notebook cell, call MinimizeBatch or NewBatchRunner)", s.BatchSize, obj)
			}
			bobj = b
		}
		r.bobj = bobj
		r.n = bobj.Len()
		if r.n <= 0 {
			return nil, fmt.Errorf("optim: BatchObjective %T has Len() = %d: need at least one example", obj, r.n)
		}
		r.s.BatchSize = min(s.BatchSize, r.n)
		r.perm = make([]int, r.n)
		for i := range r.perm {
			r.perm[i] = i
		}
		r.batch = make([]int, r.s.BatchSize)
		r.rng = model.NewRand(s.Seed)
	}
	loss := obj.Eval(r.x, r.grad)
	gn := floats.Norm(r.grad, 2)
	if !finite(loss) || !finite(gn) {
		return nil, fmt.Errorf("optim: objective at x0 is not finite (loss %g, gradient norm %g)", loss, gn)
	}
	r.last = Step{Loss: loss, Params: r.x, GradNorm: gn}
	if r.bobj == nil && gn < s.Tol {
		r.converged, r.done = true, true
	}
	if s.Record {
		r.trace = &Trace{}
		r.record()
	}
	return r, nil
}

func (s Settings) withDefaults() (Settings, error) {
	switch {
	case s.MaxIter < 0:
		return s, fmt.Errorf("optim: Settings.MaxIter = %d must be ≥ 0 (0 means the default 1000)", s.MaxIter)
	case math.IsNaN(s.Tol) || math.IsInf(s.Tol, 1):
		return s, fmt.Errorf("optim: Settings.Tol = %g must be a finite number", s.Tol)
	case s.BatchSize < 0:
		return s, fmt.Errorf("optim: Settings.BatchSize = %d must be ≥ 0 (0 means full batch)", s.BatchSize)
	case s.Patience < 0:
		return s, fmt.Errorf("optim: Settings.Patience = %d must be ≥ 0 (0 means the default 5)", s.Patience)
	case s.RecordEvery < 0:
		return s, fmt.Errorf("optim: Settings.RecordEvery = %d must be ≥ 0 (0 means the default 1)", s.RecordEvery)
	}
	if s.MaxIter == 0 {
		s.MaxIter = 1000
	}
	if s.Tol == 0 {
		s.Tol = 1e-6
	}
	if s.Patience == 0 {
		s.Patience = 5
	}
	if s.RecordEvery == 0 {
		s.RecordEvery = 1
	}
	if s.Schedule == nil {
		s.Schedule = Constant{}
	}
	return s, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Step does one update (one mini-batch for mini-batch runs) and describes
// it. Its Params alias the runner's state: copy them to keep them. After the
// run is Done, Step returns ErrDone, or the divergence error if the run
// diverged.
func (r *Runner) Step() (Step, error) {
	if r.done {
		if r.err != nil {
			return r.last, r.err
		}
		return r.last, ErrDone
	}
	var err error
	if r.bobj == nil {
		err = r.fullStep()
	} else {
		err = r.batchStep()
	}
	if err != nil {
		r.done, r.err = true, err
		return r.last, err
	}
	if r.trace != nil && (r.done || r.iter%r.s.RecordEvery == 0) {
		r.record()
	}
	return r.last, nil
}

func (r *Runner) rate(t int) (float64, error) {
	lr := r.sched.Rate(r.eta0, t)
	if !(lr >= 0) || math.IsInf(lr, 0) {
		return 0, fmt.Errorf("optim: schedule %T gave learning rate %g at iteration %d: need a finite, non-negative rate", r.sched, lr, t)
	}
	return lr, nil
}

func (r *Runner) fullStep() error {
	t := r.iter + 1
	lr, err := r.rate(t)
	if err != nil {
		return err
	}
	r.upd.Update(r.x, r.grad, lr, t)
	r.iter, r.epoch = t, t
	loss := r.obj.Eval(r.x, r.grad)
	gn := floats.Norm(r.grad, 2)
	if !finite(loss) || !finite(gn) {
		return diverged(t, 0, loss, gn, lr)
	}
	r.last = Step{Iter: t, Epoch: t, Loss: loss, Params: r.x, GradNorm: gn, LearningRate: lr}
	if gn < r.s.Tol {
		r.converged, r.done = true, true
	} else if t >= r.s.MaxIter {
		r.done = true
	}
	return nil
}

func (r *Runner) batchStep() error {
	if r.pos == 0 {
		perm := r.perm
		r.rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
	}
	end := min(r.pos+r.s.BatchSize, r.n)
	// Copy so that an EvalBatch that reorders idx cannot disturb the shuffle.
	b := r.batch[:end-r.pos]
	copy(b, r.perm[r.pos:end])
	t := r.iter + 1
	loss := r.bobj.EvalBatch(r.x, r.grad, b)
	gn := floats.Norm(r.grad, 2)
	lr, err := r.rate(t)
	if err != nil {
		return err
	}
	if !finite(loss) || !finite(gn) {
		return diverged(t, r.epoch+1, loss, gn, lr)
	}
	r.upd.Update(r.x, r.grad, lr, t)
	r.iter = t
	r.epochSum += loss * float64(len(b))
	r.pos = end
	r.last = Step{Iter: t, Epoch: r.epoch + 1, Loss: loss, Params: r.x, GradNorm: gn, LearningRate: lr}
	if r.pos < r.n {
		return nil
	}
	// End of an epoch.
	r.epoch++
	r.pos = 0
	mean := r.epochSum / float64(r.n)
	r.epochSum = 0
	if r.s.Tol >= 0 {
		if mean > r.best-r.s.Tol {
			r.noImp++
		} else {
			r.noImp = 0
		}
		r.best = min(r.best, mean)
		if r.noImp >= r.s.Patience {
			r.converged, r.done = true, true
		}
	}
	if r.epoch >= r.s.MaxIter {
		r.done = true
	}
	return nil
}

func diverged(iter, epoch int, loss, gn, lr float64) error {
	where := fmt.Sprintf("iteration %d", iter)
	if epoch > 0 {
		where = fmt.Sprintf("iteration %d (epoch %d)", iter, epoch)
	}
	return fmt.Errorf("%w at %s: loss = %g, gradient norm = %g with learning rate %g; try a smaller learning rate",
		ErrDiverged, where, loss, gn, lr)
}

func (r *Runner) record() {
	st := r.last
	st.Params = append([]float64(nil), st.Params...)
	r.trace.Steps = append(r.trace.Steps, st)
}

// X returns the current parameters. The slice aliases the runner's state:
// do not modify it, and copy it to keep it past the next Step.
func (r *Runner) X() []float64 { return r.x }

// Done reports whether the run has finished: converged, reached MaxIter, or
// failed.
func (r *Runner) Done() bool { return r.done }

// Converged reports whether the Tol criterion ended the run.
func (r *Runner) Converged() bool { return r.converged }

// Iter returns the number of updates done so far.
func (r *Runner) Iter() int { return r.iter }

// Epoch returns the number of completed epochs (equal to Iter for
// full-batch runs).
func (r *Runner) Epoch() int { return r.epoch }

// Last returns the most recent step: the starting point right after
// NewRunner. Its Params alias the runner's state.
func (r *Runner) Last() Step { return r.last }

// Trace returns the trace recorded so far, or nil unless Settings.Record.
// It is shared with the runner: later steps append to it.
func (r *Runner) Trace() *Trace { return r.trace }

// Result returns the state of the run as a Result; it may be called at any
// time. For mini-batch runs it evaluates the full objective at X. It returns
// the run's error if the run failed.
func (r *Runner) Result() (*Result, error) {
	if r.err != nil {
		return nil, r.err
	}
	loss := r.last.Loss
	iters := r.iter
	if r.bobj != nil {
		// r.grad is scratch between mini-batch steps, so reusing it is safe.
		loss = r.obj.Eval(r.x, r.grad)
		if !finite(loss) {
			return nil, diverged(r.iter, r.epoch, loss, floats.Norm(r.grad, 2), r.last.LearningRate)
		}
		iters = r.epoch
	}
	return &Result{
		X:          append([]float64(nil), r.x...),
		Loss:       loss,
		Iterations: iters,
		Converged:  r.converged,
		Trace:      r.trace,
	}, nil
}
