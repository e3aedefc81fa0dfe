package privacy

import (
	"fmt"
	"math"
)

// DefaultOrders returns the Rényi orders α at which the accountant
// evaluates the privacy loss unless told otherwise: 1.1, 1.2, …, 10.9, then
// 11, 12, …, 63, then 128, 256 and 512 — the list used by TensorFlow
// Privacy's DP-SGD tools. Fractional orders matter for large ε, high ones
// for small ε. It returns a fresh slice on every call.
func DefaultOrders() []float64 {
	orders := make([]float64, 0, 99+53+3)
	for x := 1; x < 100; x++ {
		orders = append(orders, 1+float64(x)/10.0)
	}
	for a := 11; a < 64; a++ {
		orders = append(orders, float64(a))
	}
	return append(orders, 128, 256, 512)
}

// Accountant tracks the privacy loss of DP-SGD — the Poisson-subsampled
// Gaussian mechanism — with Rényi differential privacy (RDP): the loss is
// computed at a list of Rényi orders, composed over the training steps, and
// converted to an (ε, δ) guarantee by taking the best order. The zero value
// uses DefaultOrders.
type Accountant struct {
	// Orders are the Rényi orders α (each > 1 and finite) at which RDP is
	// evaluated. Default (nil or empty): DefaultOrders().
	Orders []float64
}

func (a Accountant) orders() []float64 {
	if len(a.Orders) == 0 {
		return DefaultOrders()
	}
	return a.Orders
}

// Epsilon returns the ε of the (ε, δ)-DP guarantee of steps steps of the
// Poisson-subsampled Gaussian mechanism with sampling rate q and noise
// multiplier sigma, using the improved RDP conversion (EpsilonFromRDP), and
// the Rényi order that gave it.
func (a Accountant) Epsilon(q, sigma float64, steps int, delta float64) (eps, order float64, err error) {
	orders := a.orders()
	rdp, err := computeRDP(q, sigma, steps, orders)
	if err != nil {
		return 0, 0, fmt.Errorf("privacy: Accountant.Epsilon: %w", err)
	}
	eps, order, err = epsilonFromRDP(orders, rdp, delta)
	if err != nil {
		return 0, 0, fmt.Errorf("privacy: Accountant.Epsilon: %w", err)
	}
	return eps, order, nil
}

// ClassicEpsilon is Epsilon with the classic conversion of Mironov (2017)
// (ClassicEpsilonFromRDP), which is never smaller than Epsilon's.
func (a Accountant) ClassicEpsilon(q, sigma float64, steps int, delta float64) (eps, order float64, err error) {
	orders := a.orders()
	rdp, err := computeRDP(q, sigma, steps, orders)
	if err != nil {
		return 0, 0, fmt.Errorf("privacy: Accountant.ClassicEpsilon: %w", err)
	}
	eps, order, err = classicEpsilonFromRDP(orders, rdp, delta)
	if err != nil {
		return 0, 0, fmt.Errorf("privacy: Accountant.ClassicEpsilon: %w", err)
	}
	return eps, order, nil
}

// NoiseForEpsilon returns the smallest noise multiplier σ (to a relative
// precision of about 1e-12) for which steps steps with sampling rate q
// satisfy (targetEps, delta)-DP under Epsilon. Like TensorFlow Privacy's
// compute_noise it brackets σ by doubling and then bisects.
func (a Accountant) NoiseForEpsilon(q float64, steps int, targetEps, delta float64) (float64, error) {
	const where = "privacy: NoiseForEpsilon"
	if err := checkRate(q); err != nil {
		return 0, fmt.Errorf("%s: %w", where, err)
	}
	if err := checkSteps(steps); err != nil {
		return 0, fmt.Errorf("%s: %w", where, err)
	}
	if err := checkDelta(delta); err != nil {
		return 0, fmt.Errorf("%s: %w", where, err)
	}
	if !(targetEps > 0) || math.IsInf(targetEps, 0) {
		return 0, fmt.Errorf("%s: target epsilon = %v must be positive and finite", where, targetEps)
	}
	orders := a.orders()
	epsAt := func(sigma float64) (float64, error) {
		rdp, err := computeRDP(q, sigma, steps, orders)
		if err != nil {
			return 0, err
		}
		eps, _, err := epsilonFromRDP(orders, rdp, delta)
		return eps, err
	}
	// Bracket: eps(lo) > target ≥ eps(hi). ε decreases as σ grows.
	lo, hi := 0.0, 1.0
	for {
		eps, err := epsAt(hi)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", where, err)
		}
		if eps <= targetEps {
			break
		}
		lo, hi = hi, 2*hi
		if hi > 1e7 {
			return 0, fmt.Errorf("%s: no noise multiplier up to 1e7 reaches epsilon = %v with q = %v, %d steps, delta = %v", where, targetEps, q, steps, delta)
		}
	}
	if lo == 0 {
		// Shrink towards 0 so that the bisection starts from a bracket of
		// finite noise multipliers.
		lo = hi / 2
		for {
			eps, err := epsAt(lo)
			if err != nil {
				return 0, fmt.Errorf("%s: %w", where, err)
			}
			if eps > targetEps {
				break
			}
			hi, lo = lo, lo/2
			if lo < 1e-6 {
				return hi, nil
			}
		}
	}
	for hi-lo > 1e-12*hi {
		mid := lo + (hi-lo)/2
		eps, err := epsAt(mid)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", where, err)
		}
		if eps > targetEps {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi, nil
}

// NoiseForEpsilon is Accountant{}.NoiseForEpsilon: the noise multiplier that
// spends exactly about targetEps over steps steps with sampling rate q.
func NoiseForEpsilon(q float64, steps int, targetEps, delta float64) (float64, error) {
	return Accountant{}.NoiseForEpsilon(q, steps, targetEps, delta)
}

// ComputeRDP returns the Rényi DP, at each of orders, of steps steps of the
// Poisson-subsampled Gaussian mechanism: each example joins a step's batch
// independently with probability q, and Gaussian noise of standard deviation
// sigma times the sensitivity is added to the batch's sum. Composition over
// steps multiplies the one-step RDP by steps.
//
// The one-step RDP at order α is log(A_α)/(α-1) (Mironov, Talwar and Zhang,
// "Rényi Differential Privacy of the Sampled Gaussian Mechanism", 2019):
// for integer α, A_α is the exact binomial sum
// Σ_k C(α,k) (1-q)^(α-k) q^k exp((k²-k)/(2σ²)); for fractional α, the
// two-sided series of Section 3.3 of that paper. Both are summed in log
// space, as in TensorFlow Privacy's rdp_accountant. With q = 1 (no
// subsampling) the RDP is α/(2σ²).
func ComputeRDP(q, sigma float64, steps int, orders []float64) ([]float64, error) {
	rdp, err := computeRDP(q, sigma, steps, orders)
	if err != nil {
		return nil, fmt.Errorf("privacy: ComputeRDP: %w", err)
	}
	return rdp, nil
}

func computeRDP(q, sigma float64, steps int, orders []float64) ([]float64, error) {
	if err := checkRate(q); err != nil {
		return nil, err
	}
	if err := checkSigma(sigma); err != nil {
		return nil, err
	}
	if err := checkSteps(steps); err != nil {
		return nil, err
	}
	if err := checkOrders(orders); err != nil {
		return nil, err
	}
	rdp := make([]float64, len(orders))
	for i, alpha := range orders {
		r, err := rdpOneStep(q, sigma, alpha)
		if err != nil {
			return nil, fmt.Errorf("order %v: %w", alpha, err)
		}
		rdp[i] = r * float64(steps)
	}
	return rdp, nil
}

// EpsilonFromRDP converts RDP values (rdp[i] at orders[i]) into the ε of an
// (ε, delta)-DP guarantee with the improved conversion of Balle et al.
// (2020, Proposition 12) and Asoodeh et al. (2020):
//
//	ε(α) = rdp(α) + log1p(-1/α) - (log δ + log α)/(α-1),
//
// minimised over the orders; it also returns the order achieving it. As in
// TensorFlow Privacy, an order whose RDP is so small that
// δ² + expm1(-rdp) > 0 gives ε = 0, orders α ≤ 1.01 are skipped as
// numerically unstable (ε = +Inf), and the result is at least 0.
func EpsilonFromRDP(orders, rdp []float64, delta float64) (eps, order float64, err error) {
	eps, order, err = epsilonFromRDP(orders, rdp, delta)
	if err != nil {
		return 0, 0, fmt.Errorf("privacy: EpsilonFromRDP: %w", err)
	}
	return eps, order, nil
}

func epsilonFromRDP(orders, rdp []float64, delta float64) (eps, order float64, err error) {
	if err := checkConversion(orders, rdp, delta); err != nil {
		return 0, 0, err
	}
	best, bestOrder := math.Inf(1), orders[0]
	for i, a := range orders {
		r := rdp[i]
		var e float64
		switch {
		case delta*delta+math.Expm1(-r) > 0:
			// Bound via the KL divergence: δ ≤ sqrt(1-exp(-KL)).
			e = 0
		case a > 1.01:
			e = r + math.Log1p(-1/a) - math.Log(delta*a)/(a-1)
		default:
			e = math.Inf(1)
		}
		if e < best {
			best, bestOrder = e, a
		}
	}
	return math.Max(0, best), bestOrder, nil
}

// ClassicEpsilonFromRDP converts RDP values into the ε of an (ε, delta)-DP
// guarantee with the classic conversion of Mironov (2017, Proposition 3),
// ε = min over α of rdp(α) - log(δ)/(α-1), and returns the best order. It
// is never tighter than EpsilonFromRDP.
func ClassicEpsilonFromRDP(orders, rdp []float64, delta float64) (eps, order float64, err error) {
	eps, order, err = classicEpsilonFromRDP(orders, rdp, delta)
	if err != nil {
		return 0, 0, fmt.Errorf("privacy: ClassicEpsilonFromRDP: %w", err)
	}
	return eps, order, nil
}

func classicEpsilonFromRDP(orders, rdp []float64, delta float64) (eps, order float64, err error) {
	if err := checkConversion(orders, rdp, delta); err != nil {
		return 0, 0, err
	}
	best, bestOrder := math.Inf(1), orders[0]
	for i, a := range orders {
		if a <= 1 {
			continue
		}
		if e := rdp[i] - math.Log(delta)/(a-1); e < best {
			best, bestOrder = e, a
		}
	}
	return math.Max(0, best), bestOrder, nil
}

// rdpOneStep is the RDP at order alpha of one step of the Poisson-subsampled
// Gaussian mechanism.
func rdpOneStep(q, sigma, alpha float64) (float64, error) {
	if q == 1 {
		return alpha / (2 * sigma * sigma), nil
	}
	var logA float64
	var err error
	if alpha == math.Trunc(alpha) {
		logA = logAInt(q, sigma, int(alpha))
	} else {
		logA, err = logAFrac(q, sigma, alpha)
		if err != nil {
			return 0, err
		}
	}
	// RDP is non-negative; rounding can leave -1e-12 when σ is huge.
	return math.Max(0, logA/(alpha-1)), nil
}

// logAInt is log(A_α) for integer α ≥ 2 and 0 < q < 1: the binomial sum
// Σ_{k=0}^{α} C(α,k) q^k (1-q)^(α-k) exp((k²-k)/(2σ²)), accumulated in log
// space so that large orders do not overflow.
func logAInt(q, sigma float64, alpha int) float64 {
	logQ, log1mQ := math.Log(q), math.Log1p(-q)
	twoVar := 2 * sigma * sigma
	a := float64(alpha)
	logA := math.Inf(-1)
	for k := 0; k <= alpha; k++ {
		kf := float64(k)
		term := logBinom(a, kf) + kf*logQ + (a-kf)*log1mQ + (kf*kf-kf)/twoVar
		logA = logAdd(logA, term)
	}
	return logA
}

// logAFrac is log(A_α) for fractional α and 0 < q < 1. A_α splits into
// integrals over (-∞, z0] and [z0, ∞), z0 = σ² log(1/q - 1) + 1/2, each
// expanded as a series over the generalised binomial coefficients C(α, i),
// whose signs alternate once i > α. Terms are added until both are below
// exp(-30), as TensorFlow Privacy does.
func logAFrac(q, sigma, alpha float64) (float64, error) {
	logA0, logA1 := math.Inf(-1), math.Inf(-1)
	logQ, log1mQ := math.Log(q), math.Log1p(-q)
	twoVar := 2 * sigma * sigma
	z0 := sigma*sigma*math.Log(1/q-1) + 0.5
	sqrt2Sigma := math.Sqrt2 * sigma
	// The series converges at least polynomially in i; the cap only guards
	// against an endless loop on pathological input.
	const maxTerms = 10_000_000
	for i := 0; i < maxTerms; i++ {
		fi := float64(i)
		logCoef, positive := logAbsBinom(alpha, fi)
		j := alpha - fi

		logT0 := logCoef + fi*logQ + j*log1mQ
		logT1 := logCoef + j*logQ + fi*log1mQ
		logE0 := math.Log(0.5) + logErfc((fi-z0)/sqrt2Sigma)
		logE1 := math.Log(0.5) + logErfc((z0-j)/sqrt2Sigma)
		logS0 := logT0 + (fi*fi-fi)/twoVar + logE0
		logS1 := logT1 + (j*j-j)/twoVar + logE1

		if math.IsNaN(logS0) || math.IsNaN(logS1) {
			return 0, fmt.Errorf("the fractional-order series produced NaN (q = %v, sigma = %v)", q, sigma)
		}
		if positive {
			logA0 = logAdd(logA0, logS0)
			logA1 = logAdd(logA1, logS1)
		} else {
			var err error
			if logA0, err = logSub(logA0, logS0); err != nil {
				return 0, err
			}
			if logA1, err = logSub(logA1, logS1); err != nil {
				return 0, err
			}
		}
		if math.Max(logS0, logS1) < -30 {
			return logAdd(logA0, logA1), nil
		}
	}
	return 0, fmt.Errorf("the fractional-order series did not converge in %d terms (q = %v, sigma = %v)", maxTerms, q, sigma)
}

// logAdd returns log(exp(x) + exp(y)) without overflow.
func logAdd(x, y float64) float64 {
	a, b := math.Min(x, y), math.Max(x, y)
	if math.IsInf(a, -1) {
		return b
	}
	return math.Log1p(math.Exp(a-b)) + b
}

// logSub returns log(exp(x) - exp(y)) for x ≥ y.
func logSub(x, y float64) (float64, error) {
	if x < y {
		return 0, fmt.Errorf("log-space subtraction would be negative (numerical breakdown of the fractional-order series)")
	}
	if math.IsInf(y, -1) {
		return x, nil
	}
	if x == y {
		return math.Inf(-1), nil
	}
	d := math.Expm1(x - y)
	if math.IsInf(d, 1) {
		return x, nil
	}
	return math.Log(d) + y, nil
}

// logBinom is log C(n, k) for 0 ≤ k ≤ n via log-gamma.
func logBinom(n, k float64) float64 {
	a, _ := math.Lgamma(n + 1)
	b, _ := math.Lgamma(k + 1)
	c, _ := math.Lgamma(n - k + 1)
	return a - b - c
}

// logAbsBinom returns log|C(α, i)| and whether C(α, i) > 0 for real α > 0
// and integer i ≥ 0, through Γ(α+1)/(Γ(i+1) Γ(α-i+1)): only Γ(α-i+1) can be
// negative (α-i+1 < 0 between poles).
func logAbsBinom(alpha, i float64) (float64, bool) {
	a, _ := math.Lgamma(alpha + 1)
	b, _ := math.Lgamma(i + 1)
	c, sign := math.Lgamma(alpha - i + 1)
	return a - b - c, sign > 0
}

// logErfc returns log(erfc(x)), accurate also where erfc(x) underflows.
// Go's math.Erfc keeps full relative accuracy down to about 1e-300 (x ≈ 26);
// beyond x = 25 the asymptotic expansion
// erfc(x) ≈ exp(-x²)/(x√π) · (1 - 1/(2x²) + 3/(4x⁴) - 15/(8x⁶) + 105/(16x⁸))
// is accurate to about 1e-13 (gonum has no log-erfc, hence this helper).
func logErfc(x float64) float64 {
	if x < 25 {
		return math.Log(math.Erfc(x))
	}
	t := 1 / (2 * x * x) // 1/(2x²)
	series := 1 - t*(1-3*t*(1-5*t*(1-7*t)))
	return -x*x - math.Log(x) - 0.5*math.Log(math.Pi) + math.Log(series)
}

func checkRate(q float64) error {
	if !(q > 0 && q <= 1) {
		return fmt.Errorf("sampling rate q = %v must be in (0, 1]", q)
	}
	return nil
}

func checkSigma(sigma float64) error {
	if !(sigma > 0) || math.IsInf(sigma, 0) {
		return fmt.Errorf("noise multiplier sigma = %v must be positive and finite", sigma)
	}
	return nil
}

func checkSteps(steps int) error {
	if steps < 1 {
		return fmt.Errorf("steps = %d must be at least 1", steps)
	}
	return nil
}

func checkDelta(delta float64) error {
	if !(delta > 0 && delta < 1) {
		return fmt.Errorf("delta = %v must be in (0, 1)", delta)
	}
	return nil
}

func checkOrders(orders []float64) error {
	if len(orders) == 0 {
		return fmt.Errorf("no Rényi orders given")
	}
	for i, a := range orders {
		if !(a > 1) || math.IsInf(a, 0) {
			return fmt.Errorf("order orders[%d] = %v must be greater than 1 and finite (Rényi orders)", i, a)
		}
	}
	return nil
}

func checkConversion(orders, rdp []float64, delta float64) error {
	if err := checkDelta(delta); err != nil {
		return err
	}
	if len(orders) != len(rdp) {
		return fmt.Errorf("%d orders but %d RDP values", len(orders), len(rdp))
	}
	if len(orders) == 0 {
		return fmt.Errorf("no Rényi orders given")
	}
	for i, a := range orders {
		if !(a >= 1) || math.IsInf(a, 0) {
			return fmt.Errorf("order orders[%d] = %v must be at least 1 and finite (Rényi orders)", i, a)
		}
		if r := rdp[i]; !(r >= 0) {
			return fmt.Errorf("RDP value rdp[%d] = %v must be non-negative", i, r)
		}
	}
	return nil
}
