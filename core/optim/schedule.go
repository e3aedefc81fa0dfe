package optim

import "math"

// Schedule gives the learning rate of each step from the method's base rate.
// Implement it to plug in your own.
type Schedule interface {
	// Rate returns the learning rate of step t (1-based; one step per
	// update, i.e. per mini-batch when Settings.BatchSize > 0) for base rate
	// eta0. It must return a finite, non-negative number.
	Rate(eta0 float64, t int) float64
}

// Constant keeps the learning rate at eta0. It is the default Schedule.
type Constant struct{}

// Rate returns eta0.
func (Constant) Rate(eta0 float64, _ int) float64 { return eta0 }

// InvScaling decays the learning rate as eta0 / t^Power.
type InvScaling struct {
	// Power is the decay exponent; default 0.5 (the classic 1/√t).
	Power float64
}

// Rate returns eta0 / t^Power.
func (s InvScaling) Rate(eta0 float64, t int) float64 {
	return eta0 / math.Pow(float64(max(t, 1)), orDefault(s.Power, 0.5))
}

// StepDecay multiplies the learning rate by Factor every Every steps:
// eta0 · Factor^⌊(t−1)/Every⌋.
type StepDecay struct {
	// Every is the number of steps between decays; default 100 (used
	// whenever Every ≤ 0).
	Every int
	// Factor is the multiplier applied at each decay; default 0.5. A
	// negative Factor makes the runner fail with an invalid-rate error.
	Factor float64
}

// Rate returns eta0 · Factor^⌊(t−1)/Every⌋.
func (s StepDecay) Rate(eta0 float64, t int) float64 {
	every := s.Every
	if every <= 0 {
		every = 100
	}
	k := (max(t, 1) - 1) / every
	return eta0 * math.Pow(orDefault(s.Factor, 0.5), float64(k))
}
