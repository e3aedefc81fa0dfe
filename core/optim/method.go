package optim

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
)

// Method is an update rule of the gradient-descent family. A Method value is
// configuration only: every run asks it for a fresh Updater through Init, so
// one Method value can drive any number of runs, concurrently or not.
//
// To plug in your own rule, implement Method and Updater; Minimize and Runner
// take care of evaluating the objective, batching, schedules, stopping and
// tracing.
type Method interface {
	// BaseRate returns the configured learning rate η₀ with defaults
	// applied. A Schedule turns it into the rate of each step.
	BaseRate() float64
	// Init checks the configuration and returns the per-run state for a
	// vector of n parameters.
	Init(n int) (Updater, error)
}

// Updater is the state of a Method during one run.
type Updater interface {
	// Update moves x in place by one step, given grad = ∇f(x) (or a
	// mini-batch estimate of it), the learning rate lr of this step and the
	// 1-based step count t. It must not keep references to x or grad and,
	// for use in the browser demos, should not allocate.
	Update(x, grad []float64, lr float64, t int)
}

// Default hyper-parameters shared by several methods.
const (
	// DefaultLearningRate is the learning rate of GD, Momentum, Nesterov and
	// AdaGrad when theirs is zero.
	DefaultLearningRate = 0.01
	// DefaultMomentum is the momentum coefficient μ of Momentum and Nesterov
	// when theirs is zero.
	DefaultMomentum = 0.9
	// DefaultEpsilon is the denominator guard ε of AdaGrad, RMSProp and Adam
	// when theirs is zero.
	DefaultEpsilon = 1e-8
)

func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

func checkRate(method string, lr float64) error {
	if lr < 0 || math.IsNaN(lr) || math.IsInf(lr, 0) {
		return fmt.Errorf("optim: %s: LearningRate = %g must be a positive, finite number (0 means the default)", method, lr)
	}
	return nil
}

func checkUnit(method, name string, v float64) error {
	if !(v >= 0 && v < 1) {
		return fmt.Errorf("optim: %s: %s = %g must be in [0, 1) (0 means the default)", method, name, v)
	}
	return nil
}

func checkEps(method string, eps float64) error {
	if eps < 0 || math.IsNaN(eps) || math.IsInf(eps, 0) {
		return fmt.Errorf("optim: %s: Epsilon = %g must be a non-negative, finite number (0 means the default)", method, eps)
	}
	return nil
}

// GD is plain gradient descent: x ← x − η ∇f(x).
type GD struct {
	// LearningRate is η; default DefaultLearningRate (0.01).
	LearningRate float64
}

// BaseRate returns LearningRate, or its default.
func (m GD) BaseRate() float64 { return orDefault(m.LearningRate, DefaultLearningRate) }

// Init checks the configuration and returns a stateless Updater.
func (m GD) Init(n int) (Updater, error) {
	if err := checkRate("GD", m.LearningRate); err != nil {
		return nil, err
	}
	return gdState{}, nil
}

type gdState struct{}

func (gdState) Update(x, grad []float64, lr float64, _ int) {
	floats.AddScaled(x, -lr, grad)
}

// Momentum is gradient descent with classical (heavy-ball) momentum, in the
// form used by scikit-learn's MLP and CS231n:
//
//	v ← μ v − η ∇f(x)
//	x ← x + v
//
// with v = 0 at the start.
type Momentum struct {
	// LearningRate is η; default DefaultLearningRate (0.01).
	LearningRate float64
	// Momentum is μ in [0, 1); default DefaultMomentum (0.9). For μ = 0 use GD.
	Momentum float64
}

// BaseRate returns LearningRate, or its default.
func (m Momentum) BaseRate() float64 { return orDefault(m.LearningRate, DefaultLearningRate) }

// Init checks the configuration and returns a zero velocity.
func (m Momentum) Init(n int) (Updater, error) {
	if err := checkRate("Momentum", m.LearningRate); err != nil {
		return nil, err
	}
	if err := checkUnit("Momentum", "Momentum", m.Momentum); err != nil {
		return nil, err
	}
	return &momentumState{mu: orDefault(m.Momentum, DefaultMomentum), v: make([]float64, n)}, nil
}

type momentumState struct {
	mu float64
	v  []float64
}

func (s *momentumState) Update(x, grad []float64, lr float64, _ int) {
	// Hand-written: one fused pass instead of two gonum calls.
	v := s.v[:len(x)]
	for i, g := range grad[:len(x)] {
		v[i] = s.mu*v[i] - lr*g
		x[i] += v[i]
	}
}

// Nesterov is gradient descent with Nesterov accelerated momentum.
//
// The textbook "look-ahead" form evaluates the gradient at x + μv. This
// implementation uses the equivalent reformulation of Sutskever et al. (2013),
// also used by scikit-learn's MLP, which needs only the gradient at the
// current point:
//
//	v ← μ v − η ∇f(x)
//	x ← x + μ v − η ∇f(x)
//
// The iterates x here are the look-ahead points θ + μv of the textbook form,
// so with a constant learning rate the two produce the same sequence of
// gradient evaluations.
type Nesterov struct {
	// LearningRate is η; default DefaultLearningRate (0.01).
	LearningRate float64
	// Momentum is μ in [0, 1); default DefaultMomentum (0.9).
	Momentum float64
}

// BaseRate returns LearningRate, or its default.
func (m Nesterov) BaseRate() float64 { return orDefault(m.LearningRate, DefaultLearningRate) }

// Init checks the configuration and returns a zero velocity.
func (m Nesterov) Init(n int) (Updater, error) {
	if err := checkRate("Nesterov", m.LearningRate); err != nil {
		return nil, err
	}
	if err := checkUnit("Nesterov", "Momentum", m.Momentum); err != nil {
		return nil, err
	}
	return &nesterovState{mu: orDefault(m.Momentum, DefaultMomentum), v: make([]float64, n)}, nil
}

type nesterovState struct {
	mu float64
	v  []float64
}

func (s *nesterovState) Update(x, grad []float64, lr float64, _ int) {
	// Hand-written: one fused pass.
	v := s.v[:len(x)]
	for i, g := range grad[:len(x)] {
		v[i] = s.mu*v[i] - lr*g
		x[i] += s.mu*v[i] - lr*g
	}
}

// AdaGrad (Duchi et al., 2011) scales each coordinate's step by the root of
// its accumulated squared gradients:
//
//	G ← G + g²
//	x ← x − η g / (√G + ε)
//
// element-wise, with G = 0 at the start.
type AdaGrad struct {
	// LearningRate is η; default DefaultLearningRate (0.01).
	LearningRate float64
	// Epsilon is ε ≥ 0; default DefaultEpsilon (1e-8).
	Epsilon float64
}

// BaseRate returns LearningRate, or its default.
func (m AdaGrad) BaseRate() float64 { return orDefault(m.LearningRate, DefaultLearningRate) }

// Init checks the configuration and returns a zero accumulator.
func (m AdaGrad) Init(n int) (Updater, error) {
	if err := checkRate("AdaGrad", m.LearningRate); err != nil {
		return nil, err
	}
	if err := checkEps("AdaGrad", m.Epsilon); err != nil {
		return nil, err
	}
	return &adaGradState{eps: orDefault(m.Epsilon, DefaultEpsilon), g2: make([]float64, n)}, nil
}

type adaGradState struct {
	eps float64
	g2  []float64
}

func (s *adaGradState) Update(x, grad []float64, lr float64, _ int) {
	g2 := s.g2[:len(x)]
	for i, g := range grad[:len(x)] {
		g2[i] += g * g
		x[i] -= lr * g / (math.Sqrt(g2[i]) + s.eps)
	}
}

// RMSProp (Hinton, 2012) scales each coordinate's step by the root of a
// moving average of its squared gradients:
//
//	E ← ρ E + (1 − ρ) g²
//	x ← x − η g / (√E + ε)
//
// element-wise, with E = 0 at the start.
type RMSProp struct {
	// LearningRate is η; default 0.001 (Hinton's suggestion, as in Keras).
	LearningRate float64
	// Decay is ρ in [0, 1); default 0.9.
	Decay float64
	// Epsilon is ε ≥ 0; default DefaultEpsilon (1e-8).
	Epsilon float64
}

// BaseRate returns LearningRate, or its default 0.001.
func (m RMSProp) BaseRate() float64 { return orDefault(m.LearningRate, 0.001) }

// Init checks the configuration and returns a zero moving average.
func (m RMSProp) Init(n int) (Updater, error) {
	if err := checkRate("RMSProp", m.LearningRate); err != nil {
		return nil, err
	}
	if err := checkUnit("RMSProp", "Decay", m.Decay); err != nil {
		return nil, err
	}
	if err := checkEps("RMSProp", m.Epsilon); err != nil {
		return nil, err
	}
	return &rmsPropState{
		rho: orDefault(m.Decay, 0.9),
		eps: orDefault(m.Epsilon, DefaultEpsilon),
		e:   make([]float64, n),
	}, nil
}

type rmsPropState struct {
	rho, eps float64
	e        []float64
}

func (s *rmsPropState) Update(x, grad []float64, lr float64, _ int) {
	e := s.e[:len(x)]
	for i, g := range grad[:len(x)] {
		e[i] = s.rho*e[i] + (1-s.rho)*g*g
		x[i] -= lr * g / (math.Sqrt(e[i]) + s.eps)
	}
}

// Adam is Algorithm 1 of Kingma & Ba (2015), with bias correction:
//
//	m ← β₁ m + (1 − β₁) g
//	v ← β₂ v + (1 − β₂) g²
//	m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
//	x ← x − η m̂ / (√v̂ + ε)
//
// element-wise, with m = v = 0 at the start and t the 1-based step count.
// (scikit-learn's MLP uses the paper's "efficient" variant, which folds the
// corrections into η and so places ε slightly differently; the two agree
// whenever ε is negligible against √v̂.)
type Adam struct {
	// LearningRate is η; default 0.001.
	LearningRate float64
	// Beta1 is β₁ in [0, 1); default 0.9.
	Beta1 float64
	// Beta2 is β₂ in [0, 1); default 0.999.
	Beta2 float64
	// Epsilon is ε ≥ 0; default DefaultEpsilon (1e-8).
	Epsilon float64
}

// BaseRate returns LearningRate, or its default 0.001.
func (m Adam) BaseRate() float64 { return orDefault(m.LearningRate, 0.001) }

// Init checks the configuration and returns zero moment estimates.
func (m Adam) Init(n int) (Updater, error) {
	if err := checkRate("Adam", m.LearningRate); err != nil {
		return nil, err
	}
	if err := checkUnit("Adam", "Beta1", m.Beta1); err != nil {
		return nil, err
	}
	if err := checkUnit("Adam", "Beta2", m.Beta2); err != nil {
		return nil, err
	}
	if err := checkEps("Adam", m.Epsilon); err != nil {
		return nil, err
	}
	return &adamState{
		b1:  orDefault(m.Beta1, 0.9),
		b2:  orDefault(m.Beta2, 0.999),
		eps: orDefault(m.Epsilon, DefaultEpsilon),
		m:   make([]float64, n),
		v:   make([]float64, n),
	}, nil
}

type adamState struct {
	b1, b2, eps float64
	t           int // own step count, so the state does not depend on the caller's t
	m, v        []float64
}

func (s *adamState) Update(x, grad []float64, lr float64, _ int) {
	s.t++
	c1 := 1 - math.Pow(s.b1, float64(s.t))
	c2 := 1 - math.Pow(s.b2, float64(s.t))
	m, v := s.m[:len(x)], s.v[:len(x)]
	// Hand-written: one fused pass over the four vectors.
	for i, g := range grad[:len(x)] {
		m[i] = s.b1*m[i] + (1-s.b1)*g
		v[i] = s.b2*v[i] + (1-s.b2)*g*g
		x[i] -= lr * (m[i] / c1) / (math.Sqrt(v[i]/c2) + s.eps)
	}
}
