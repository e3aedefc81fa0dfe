package privacy

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/descentml/descent/core/model"
)

// Config holds the hyper-parameters of DP-SGD, shared by
// DPLogisticRegression, DPLinearSVM and DPLinearRegression. The zero value
// of every field means its documented default.
type Config struct {
	// NoiseMultiplier σ is the standard deviation of the Gaussian noise
	// added to each step's sum of clipped gradients, in units of ClipNorm
	// (the noise is N(0, σ²C²) per coordinate). More noise, more privacy
	// (smaller ε), less accuracy. Default 1.0. Leave it 0 when TargetEpsilon
	// is set.
	NoiseMultiplier float64
	// TargetEpsilon, when positive, chooses the noise multiplier for you:
	// the smallest σ for which the whole run is (TargetEpsilon, Delta)-DP
	// (see NoiseForEpsilon). Default 0: use NoiseMultiplier.
	TargetEpsilon float64
	// ClipNorm C bounds the L2 norm of each example's gradient (with
	// respect to the coefficients and the intercept together), which
	// bounds each example's influence on a step. Default 1.0.
	ClipNorm float64
	// SampleRate q is the probability with which each example joins each
	// step's batch (Poisson sampling), so the expected batch size is q·n.
	// Must be in (0, 1]. Default: 64/n (an expected batch of 64), or 1 when
	// n ≤ 64.
	SampleRate float64
	// Epochs sets the number of steps to ceil(Epochs/q) — Epochs expected
	// passes over the data — unless Steps is set. Default 10.
	Epochs int
	// Steps, when positive, is the number of DP-SGD steps, overriding
	// Epochs. Default 0: use Epochs.
	Steps int
	// LearningRate is the constant step size of gradient descent.
	// Default 0.5.
	LearningRate float64
	// L2 is the strength λ of the ridge penalty (λ/2)‖w‖² on the
	// coefficients (not the intercept). It uses no data, so it costs no
	// privacy and is neither clipped nor noised. Default 0.
	L2 float64
	// Delta δ of the reported (ε, δ) guarantee: the probability with which
	// the ε bound may fail. Keep it well below 1/n. Default 1e-5.
	Delta float64
	// Seed seeds the noise and the batch sampling when Noise is nil, so that
	// a fit is reproducible. Default 0 (a valid seed).
	Seed uint64
	// Noise, when non-nil, supplies the randomness instead of Seed: use
	// CryptoNoise() for a model you release. A Source is stateful — Fit
	// consumes it. Default nil: a fresh SeededNoise(Seed) at every Fit. Not
	// saved with the model.
	Noise Source `json:"-"`
	// Record keeps a per-step Trace (batch size, clipped examples, training
	// loss, ε spent so far) for plots and lessons. The training loss is
	// computed on all the data without noise: it is for teaching and is not
	// itself private. Default false.
	Record bool
}

// Step is one DP-SGD step in a Trace.
type Step struct {
	// Step counts from 1.
	Step int
	// BatchSize is the number of examples Poisson sampling drew.
	BatchSize int
	// Clipped is how many of them had their gradient scaled down to
	// ClipNorm.
	Clipped int
	// Loss is the regularised training objective on all the data after
	// the step (not private; for teaching).
	Loss float64
	// Epsilon is the ε spent after this many steps, at the fit's δ.
	Epsilon float64
}

// Guarantee is the differential-privacy guarantee of a fitted model:
// training was (Epsilon, Delta)-differentially private with respect to
// adding or removing one training example, as computed by the RDP
// accountant for the Poisson-subsampled Gaussian mechanism.
type Guarantee struct {
	// Epsilon is ε from the improved RDP conversion (EpsilonFromRDP).
	Epsilon float64
	// Delta is δ.
	Delta float64
	// Order is the Rényi order that gave Epsilon.
	Order float64
	// ClassicEpsilon is ε from the classic conversion (never smaller).
	ClassicEpsilon float64
	// NoiseMultiplier, SampleRate, ClipNorm and Steps are the values the
	// fit actually used.
	NoiseMultiplier float64
	SampleRate      float64
	ClipNorm        float64
	Steps           int
}

// String reads like "(ε = 1.234, δ = 1e-05)-DP: 300 steps, q = 0.1, σ = 1.1, C = 1".
func (g Guarantee) String() string {
	return fmt.Sprintf("(ε = %.4g, δ = %.3g)-DP: %d steps, q = %.4g, σ = %.4g, C = %.4g",
		g.Epsilon, g.Delta, g.Steps, g.SampleRate, g.NoiseMultiplier, g.ClipNorm)
}

// Clip scales g in place so that its L2 norm is at most c (g ← g·min(1,
// c/‖g‖)), the per-example clipping of DP-SGD, and reports whether it had
// to scale. c must be positive.
func Clip(g []float64, c float64) bool {
	norm := floats.Norm(g, 2)
	if norm <= c {
		return false
	}
	floats.Scale(c/norm, g)
	return true
}

// lossKind selects the per-example loss of a DP-SGD model.
type lossKind int

const (
	logistic lossKind = iota // log(1 + exp(-y z)), y = ±1
	hinge                    // max(0, 1 - y z), y = ±1
	squared                  // (z - y)²/2
)

// value returns the loss of decision value z for target t.
func (l lossKind) value(z, t float64) float64 {
	switch l {
	case logistic:
		m := -t * z
		if m > 0 {
			return m + math.Log1p(math.Exp(-m))
		}
		return math.Log1p(math.Exp(m))
	case hinge:
		return math.Max(0, 1-t*z)
	default:
		return 0.5 * (z - t) * (z - t)
	}
}

// deriv returns d loss / dz.
func (l lossKind) deriv(z, t float64) float64 {
	switch l {
	case logistic:
		// -t·σ(-t z), computed without overflow.
		m := t * z
		if m >= 0 {
			e := math.Exp(-m)
			return -t * e / (1 + e)
		}
		return -t / (1 + math.Exp(m))
	case hinge:
		if t*z < 1 {
			return -t
		}
		return 0
	default:
		return z - t
	}
}

// settings are a Config resolved against the data.
type settings struct {
	sigma, clip, q, lr, l2, delta float64
	steps                         int
}

// resolve checks cfg and fills in the defaults for n examples.
func resolve(cfg Config, n int) (settings, error) {
	s := settings{
		sigma: cfg.NoiseMultiplier, clip: cfg.ClipNorm, q: cfg.SampleRate,
		lr: cfg.LearningRate, l2: cfg.L2, delta: cfg.Delta, steps: cfg.Steps,
	}
	bad := func(name string, v any, want string) error {
		return fmt.Errorf("invalid Config.%s = %v: %s", name, v, want)
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	if s.sigma < 0 || !finite(s.sigma) {
		return s, bad("NoiseMultiplier", s.sigma, "must be positive (0 means the default 1.0)")
	}
	if cfg.TargetEpsilon < 0 || !finite(cfg.TargetEpsilon) {
		return s, bad("TargetEpsilon", cfg.TargetEpsilon, "must be positive (0 means: use NoiseMultiplier)")
	}
	if cfg.TargetEpsilon > 0 && s.sigma > 0 {
		return s, fmt.Errorf("both Config.NoiseMultiplier = %v and Config.TargetEpsilon = %v are set: set one of them", s.sigma, cfg.TargetEpsilon)
	}
	if s.sigma == 0 {
		s.sigma = 1
	}
	if s.clip < 0 || !finite(s.clip) {
		return s, bad("ClipNorm", s.clip, "must be positive (0 means the default 1.0)")
	}
	if s.clip == 0 {
		s.clip = 1
	}
	if s.q < 0 || s.q > 1 || math.IsNaN(s.q) {
		return s, bad("SampleRate", s.q, "must be in (0, 1] (0 means the default 64/n)")
	}
	if s.q == 0 {
		s.q = math.Min(1, 64/float64(n))
	}
	if cfg.Epochs < 0 {
		return s, bad("Epochs", cfg.Epochs, "must be positive (0 means the default 10)")
	}
	if s.steps < 0 {
		return s, bad("Steps", s.steps, "must be positive (0 means: use Epochs)")
	}
	if s.steps == 0 {
		epochs := cfg.Epochs
		if epochs == 0 {
			epochs = 10
		}
		s.steps = int(math.Ceil(float64(epochs) / s.q))
	}
	if s.lr < 0 || !finite(s.lr) {
		return s, bad("LearningRate", s.lr, "must be positive (0 means the default 0.5)")
	}
	if s.lr == 0 {
		s.lr = 0.5
	}
	if s.l2 < 0 || !finite(s.l2) {
		return s, bad("L2", s.l2, "must be non-negative")
	}
	if s.delta < 0 || s.delta >= 1 || math.IsNaN(s.delta) {
		return s, bad("Delta", s.delta, "must be in (0, 1) (0 means the default 1e-5)")
	}
	if s.delta == 0 {
		s.delta = 1e-5
	}
	if cfg.TargetEpsilon > 0 {
		sigma, err := NoiseForEpsilon(s.q, s.steps, cfg.TargetEpsilon, s.delta)
		if err != nil {
			return s, fmt.Errorf("choosing the noise for Config.TargetEpsilon = %v: %w", cfg.TargetEpsilon, err)
		}
		s.sigma = sigma
	}
	return s, nil
}

// fitState is the learned state shared by the three DP-SGD models.
type fitState struct {
	classes   []float64 // nil for regression
	coef      []float64
	intercept float64
	guarantee Guarantee
	trace     []Step
}

// dpsgd trains a linear model z = w·x + b with DP-SGD on X and targets t
// (±1 for classification, real values for regression).
func dpsgd(cfg Config, X *mat.Dense, t []float64, loss lossKind) (*fitState, error) {
	n, p := X.Dims()
	s, err := resolve(cfg, n)
	if err != nil {
		return nil, err
	}
	src := cfg.Noise
	if src == nil {
		src = SeededNoise(cfg.Seed)
	}
	orders := DefaultOrders()
	rdpStep, err := computeRDP(s.q, s.sigma, 1, orders)
	if err != nil {
		return nil, err
	}

	w := make([]float64, p+1) // coefficients, then the intercept
	sum := make([]float64, p+1)
	g := make([]float64, p+1)
	batch := make([]int, 0, int(s.q*float64(n))+16)
	// Poisson sampling by geometric skips: the gap to the next included
	// example is Geometric(q), so a step costs O(q·n) instead of O(n).
	log1mQ := math.Log1p(-s.q)
	expected := s.q * float64(n)
	noiseStd := s.sigma * s.clip
	var trace []Step
	if cfg.Record {
		trace = make([]Step, 0, s.steps)
	}
	raw := X.RawMatrix()
	for step := 1; step <= s.steps; step++ {
		batch = batch[:0]
		if s.q == 1 {
			for i := 0; i < n; i++ {
				batch = append(batch, i)
			}
		} else {
			pos := -1.0
			for {
				pos += 1 + math.Floor(math.Log1p(-src.Float64())/log1mQ)
				if pos >= float64(n) {
					break
				}
				batch = append(batch, int(pos))
			}
		}
		clear(sum)
		clipped := 0
		for _, i := range batch {
			x := raw.Data[i*raw.Stride : i*raw.Stride+p]
			z := floats.Dot(w[:p], x) + w[p]
			d := loss.deriv(z, t[i])
			for j, v := range x {
				g[j] = d * v
			}
			g[p] = d
			if Clip(g, s.clip) {
				clipped++
			}
			floats.Add(sum, g)
		}
		for j := range sum {
			sum[j] += noiseStd * src.NormFloat64()
		}
		for j := range sum {
			grad := sum[j] / expected
			if j < p {
				grad += s.l2 * w[j]
			}
			w[j] -= s.lr * grad
		}
		for j, v := range w {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("DP-SGD diverged at step %d (parameter %d is %v): try a smaller Config.LearningRate (now %v)", step, j, v, s.lr)
			}
		}
		if cfg.Record {
			rdp := make([]float64, len(rdpStep))
			for k, r := range rdpStep {
				rdp[k] = r * float64(step)
			}
			eps, _, err := epsilonFromRDP(orders, rdp, s.delta)
			if err != nil {
				return nil, err
			}
			trace = append(trace, Step{
				Step: step, BatchSize: len(batch), Clipped: clipped,
				Loss: objective(X, t, w, s.l2, loss), Epsilon: eps,
			})
		}
	}

	rdp := make([]float64, len(rdpStep))
	for k, r := range rdpStep {
		rdp[k] = r * float64(s.steps)
	}
	eps, order, err := epsilonFromRDP(orders, rdp, s.delta)
	if err != nil {
		return nil, err
	}
	classic, _, err := classicEpsilonFromRDP(orders, rdp, s.delta)
	if err != nil {
		return nil, err
	}
	return &fitState{
		coef:      w[:p:p],
		intercept: w[p],
		trace:     trace,
		guarantee: Guarantee{
			Epsilon: eps, Delta: s.delta, Order: order, ClassicEpsilon: classic,
			NoiseMultiplier: s.sigma, SampleRate: s.q, ClipNorm: s.clip, Steps: s.steps,
		},
	}, nil
}

// objective is the mean loss plus (λ/2)‖w‖² at parameters w (intercept
// last).
func objective(X *mat.Dense, t, w []float64, l2 float64, loss lossKind) float64 {
	n, p := X.Dims()
	total := 0.0
	for i := 0; i < n; i++ {
		z := floats.Dot(w[:p], X.RawRowView(i)) + w[p]
		total += loss.value(z, t[i])
	}
	return total/float64(n) + 0.5*l2*floats.Dot(w[:p], w[:p])
}

// decision returns X·coef + intercept, checking X against the fitted width.
func (st *fitState) decision(X mat.Matrix) ([]float64, error) {
	if st == nil {
		return nil, model.ErrNotFitted
	}
	n, _, err := model.CheckX(X, len(st.coef))
	if err != nil {
		return nil, err
	}
	z := make([]float64, n)
	zv := mat.NewVecDense(n, z)
	zv.MulVec(X, mat.NewVecDense(len(st.coef), st.coef))
	for i := range z {
		z[i] += st.intercept
	}
	return z, nil
}

// labels maps decision values to the two class labels (z > 0 is the
// second class).
func (st *fitState) labels(z []float64) []float64 {
	out := make([]float64, len(z))
	for i, v := range z {
		if v > 0 {
			out[i] = st.classes[1]
		} else {
			out[i] = st.classes[0]
		}
	}
	return out
}

// prepareBinary checks (X, y) for a binary classifier and returns X as a
// dense matrix, the ±1 targets and the two classes.
func prepareBinary(X mat.Matrix, y []float64) (*mat.Dense, []float64, []float64, error) {
	if _, _, err := model.CheckXY(X, y); err != nil {
		return nil, nil, nil, err
	}
	classes, err := model.ClassLabels(y)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(classes) != 2 {
		return nil, nil, nil, fmt.Errorf("y holds %d classes %v: this DP model is a binary classifier (one-vs-rest is not implemented)", len(classes), classes)
	}
	t := make([]float64, len(y))
	for i, v := range y {
		if v == classes[1] {
			t[i] = 1
		} else {
			t[i] = -1
		}
	}
	return model.Dense(X), t, classes, nil
}
