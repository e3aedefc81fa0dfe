package optim_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/descentml/descent/core/optim"
)

// objectiveView shows only Objective's method set of a value, as the Go
// kernel's interpreter does when a cell passes a value of a cell-declared
// type to a func(Objective ...) parameter.
type objectiveView struct{ o optim.Objective }

func (v objectiveView) Eval(x, grad []float64) float64 { return v.o.Eval(x, grad) }

func TestMinimizeBatch(t *testing.T) {
	ls := newLeastSquares(60, []float64{2, -1}, 0.1, 7)
	x0 := []float64{0, 0}
	tests := []struct {
		name string
		m    optim.Method
		s    optim.Settings
	}{
		{"mini-batch", optim.GD{LearningRate: 0.1}, optim.Settings{BatchSize: 10, MaxIter: 50, Seed: 3, Record: true}},
		{"mini-batch Adam", optim.Adam{LearningRate: 0.05}, optim.Settings{BatchSize: 7, MaxIter: 30, Seed: 1, Tol: -1}},
		{"full batch", optim.GD{LearningRate: 0.5}, optim.Settings{MaxIter: 200}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want, err := optim.Minimize(ls, x0, tc.m, tc.s)
			if err != nil {
				t.Fatal(err)
			}
			got, err := optim.MinimizeBatch(ls, x0, tc.m, tc.s)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.X, want.X) || got.Loss != want.Loss || got.Iterations != want.Iterations || got.Converged != want.Converged {
				t.Errorf("MinimizeBatch = %v loss %g iters %d, Minimize = %v loss %g iters %d", got.X, got.Loss, got.Iterations, want.X, want.Loss, want.Iterations)
			}
			if (got.Trace == nil) != (want.Trace == nil) || (got.Trace != nil && !slices.Equal(got.Trace.Losses(), want.Trace.Losses())) {
				t.Errorf("traces differ")
			}
		})
	}
}

// A value seen only through Objective's methods cannot run mini-batches
// through Minimize (the error says what to do), but can through
// MinimizeBatch and NewBatchRunner when the caller has the BatchObjective.
func TestBatchObjectiveBehindAView(t *testing.T) {
	ls := newLeastSquares(40, []float64{1, 3}, 0.1, 2)
	s := optim.Settings{BatchSize: 8, MaxIter: 20, Seed: 5}
	_, err := optim.Minimize(objectiveView{ls}, []float64{0, 0}, optim.GD{LearningRate: 0.1}, s)
	if err == nil || !strings.Contains(err.Error(), "needs a BatchObjective") || !strings.Contains(err.Error(), "MinimizeBatch") {
		t.Fatalf("Minimize with a view: error %v, want one naming MinimizeBatch", err)
	}
	r, err := optim.NewBatchRunner(ls, []float64{0, 0}, optim.GD{LearningRate: 0.1}, s)
	if err != nil {
		t.Fatal(err)
	}
	steps := 0
	for !r.Done() {
		if _, err := r.Step(); err != nil {
			t.Fatal(err)
		}
		steps++
	}
	// 40 examples in batches of 8: 5 steps an epoch.
	if r.Epoch() == 0 || steps != 5*r.Epoch() {
		t.Errorf("%d steps over %d epochs, want 5 mini-batch steps per epoch", steps, r.Epoch())
	}
}

func TestNewBatchRunnerErrors(t *testing.T) {
	ls := newLeastSquares(10, []float64{1}, 0, 1)
	tests := []struct {
		name string
		obj  optim.BatchObjective
		x0   []float64
		s    optim.Settings
		want string
	}{
		{"nil objective", nil, []float64{0}, optim.Settings{}, "objective is nil"},
		{"empty x0", ls, nil, optim.Settings{BatchSize: 2}, "x0 is empty"},
		{"negative batch", ls, []float64{0}, optim.Settings{BatchSize: -1}, "BatchSize = -1"},
	}
	for _, tc := range tests {
		_, err := optim.NewBatchRunner(tc.obj, tc.x0, optim.GD{}, tc.s)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
		if _, err2 := optim.MinimizeBatch(tc.obj, tc.x0, optim.GD{}, tc.s); err2 == nil || errors.Unwrap(err2) != errors.Unwrap(err) && err2.Error() != err.Error() {
			t.Errorf("%s: MinimizeBatch error %v, NewBatchRunner %v", tc.name, err2, err)
		}
	}
}
