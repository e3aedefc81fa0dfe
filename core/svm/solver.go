package svm

import "math"

// tau replaces a non-positive curvature in the working-set selection and
// the two-variable update (libsvm's TAU).
const tau = 1e-12

// Bound status of a dual variable.
const (
	atLower int8 = iota
	atUpper
	isFree
)

// Step is one iteration of the SMO solver, as recorded in a trace.
type Step struct {
	// Iter counts iterations from 1.
	Iter int
	// I and J are the working pair: the two dual variables updated, named
	// by the training sample they belong to (row of X). For SVR the 2n dual
	// variables are numbered 0…2n−1: k < n is α_k (sample k above the
	// tube), n + k is α*_k (sample k below it).
	I, J int
	// Objective is the dual objective after the step, in libsvm's
	// minimization form ½αᵀQα + pᵀα (for SVC p = −1, so this is minus
	// the usual dual Σα − ½αᵀQα). It decreases at every step.
	Objective float64
	// Violation is the largest KKT violation m(α) − M(α) before the step
	// (over the variables not shrunk away); the solver stops when it falls
	// below Config.Tol.
	Violation float64
}

// BinaryTrace is the trace of one binary dual problem.
type BinaryTrace struct {
	// Positive and Negative are the class labels whose samples have y = +1
	// and y = −1 in the dual problem (both 0 for SVR).
	Positive, Negative float64
	// Steps holds one entry per SMO iteration.
	Steps []Step
}

// solver is libsvm's Solver class for
//
//	min ½αᵀQα + pᵀα  subject to  yᵀα = Δ, 0 ≤ α_i ≤ C_i,
//
// with y_i = ±1. It is written as init / step / finish so that a caller can
// drive it one iteration at a time (see SMO).
type solver struct {
	l          int
	activeSize int
	y          []int8
	G          []float64 // gradient of the objective
	status     []int8
	alpha      []float64
	Q          qMatrix
	QD         []float64
	eps        float64
	C          []float64
	p          []float64
	activeSet  []int
	Gbar       []float64 // gradient if free variables were 0
	unshrink   bool
	shrinking  bool
	maxIter    int // ≤ 0: no limit
	iter       int
	counter    int
	done       bool
	timedOut   bool

	// teaching trace
	record bool
	obj    float64
	trace  []Step
	origin []int // problem index → index reported in Step
	gap    float64
}

// newSolver prepares the problem; alpha is the feasible start (copied).
func newSolver(Q qMatrix, p []float64, y []int8, alpha, C []float64, eps float64, shrinking bool, maxIter int, record bool, origin []int) *solver {
	l := len(p)
	s := &solver{
		l: l, activeSize: l, Q: Q, QD: Q.diag(), eps: eps, shrinking: shrinking, maxIter: maxIter,
		p: append([]float64(nil), p...), y: append([]int8(nil), y...),
		alpha: append([]float64(nil), alpha...), C: append([]float64(nil), C...),
		status: make([]int8, l), activeSet: make([]int, l),
		G: make([]float64, l), Gbar: make([]float64, l),
		record: record, origin: origin, gap: math.Inf(1),
	}
	for i := range l {
		s.updateStatus(i)
		s.activeSet[i] = i
		s.G[i] = s.p[i]
	}
	for i := range l {
		if s.status[i] == atLower {
			continue
		}
		Qi := Q.getQ(i, l)
		ai := s.alpha[i]
		for j := range l {
			s.G[j] += ai * float64(Qi[j])
		}
		if s.status[i] == atUpper {
			for j := range l {
				s.Gbar[j] += s.C[i] * float64(Qi[j])
			}
		}
	}
	if record {
		var v float64
		for i := range l {
			v += s.alpha[i] * (s.G[i] + s.p[i])
		}
		s.obj = v / 2
	}
	s.counter = min(l, 1000) + 1
	return s
}

func (s *solver) updateStatus(i int) {
	switch {
	case s.alpha[i] >= s.C[i]:
		s.status[i] = atUpper
	case s.alpha[i] <= 0:
		s.status[i] = atLower
	default:
		s.status[i] = isFree
	}
}

func (s *solver) swapIndex(i, j int) {
	s.Q.swapIndex(i, j)
	s.y[i], s.y[j] = s.y[j], s.y[i]
	s.G[i], s.G[j] = s.G[j], s.G[i]
	s.status[i], s.status[j] = s.status[j], s.status[i]
	s.alpha[i], s.alpha[j] = s.alpha[j], s.alpha[i]
	s.p[i], s.p[j] = s.p[j], s.p[i]
	s.activeSet[i], s.activeSet[j] = s.activeSet[j], s.activeSet[i]
	s.Gbar[i], s.Gbar[j] = s.Gbar[j], s.Gbar[i]
	s.C[i], s.C[j] = s.C[j], s.C[i]
}

// reconstructGradient recomputes G of the inactive (shrunk) variables from
// Gbar and the free variables.
func (s *solver) reconstructGradient() {
	if s.activeSize == s.l {
		return
	}
	l, as := s.l, s.activeSize
	for j := as; j < l; j++ {
		s.G[j] = s.Gbar[j] + s.p[j]
	}
	nrFree := 0
	for j := range as {
		if s.status[j] == isFree {
			nrFree++
		}
	}
	if nrFree*l > 2*as*(l-as) {
		for i := as; i < l; i++ {
			Qi := s.Q.getQ(i, as)
			var g float64
			for j := range as {
				if s.status[j] == isFree {
					g += s.alpha[j] * float64(Qi[j])
				}
			}
			// libsvm adds term by term into G[i]; summing first changes
			// only the rounding.
			s.G[i] += g
		}
	} else {
		for i := range as {
			if s.status[i] != isFree {
				continue
			}
			Qi := s.Q.getQ(i, l)
			ai := s.alpha[i]
			G := s.G[as:l]
			Qt := Qi[as:l]
			for j := range G {
				G[j] += ai * float64(Qt[j])
			}
		}
	}
}

// solve runs the solver to convergence.
func (s *solver) solve() {
	for s.step() {
	}
}

// step performs one SMO iteration; it returns false once the solver has
// converged or reached its iteration limit.
func (s *solver) step() bool {
	if s.done {
		return false
	}
	if s.maxIter > 0 && s.iter >= s.maxIter {
		s.timedOut = true
		s.done = true
		return false
	}
	s.counter--
	if s.counter == 0 {
		s.counter = min(s.l, 1000)
		if s.shrinking {
			s.doShrinking()
		}
	}
	i, j, ok := s.selectWorkingSet()
	if !ok {
		s.reconstructGradient()
		s.activeSize = s.l
		i, j, ok = s.selectWorkingSet()
		if !ok {
			s.done = true
			return false
		}
		s.counter = 1 // shrink at the next iteration
	}
	s.iter++
	s.update(i, j)
	return true
}

// update optimizes the pair (i, j) analytically and updates the gradient.
func (s *solver) update(i, j int) {
	as := s.activeSize
	Qi := s.Q.getQ(i, as)
	Qj := s.Q.getQ(j, as)
	Ci, Cj := s.C[i], s.C[j]
	oldAi, oldAj := s.alpha[i], s.alpha[j]
	alpha := s.alpha
	if s.y[i] != s.y[j] {
		quad := s.QD[i] + s.QD[j] + 2*float64(Qi[j])
		if quad <= 0 {
			quad = tau
		}
		delta := (-s.G[i] - s.G[j]) / quad
		diff := alpha[i] - alpha[j]
		alpha[i] += delta
		alpha[j] += delta
		if diff > 0 {
			if alpha[j] < 0 {
				alpha[j] = 0
				alpha[i] = diff
			}
		} else if alpha[i] < 0 {
			alpha[i] = 0
			alpha[j] = -diff
		}
		if diff > Ci-Cj {
			if alpha[i] > Ci {
				alpha[i] = Ci
				alpha[j] = Ci - diff
			}
		} else if alpha[j] > Cj {
			alpha[j] = Cj
			alpha[i] = Cj + diff
		}
	} else {
		quad := s.QD[i] + s.QD[j] - 2*float64(Qi[j])
		if quad <= 0 {
			quad = tau
		}
		delta := (s.G[i] - s.G[j]) / quad
		sum := alpha[i] + alpha[j]
		alpha[i] -= delta
		alpha[j] += delta
		if sum > Ci {
			if alpha[i] > Ci {
				alpha[i] = Ci
				alpha[j] = sum - Ci
			}
		} else if alpha[j] < 0 {
			alpha[j] = 0
			alpha[i] = sum
		}
		if sum > Cj {
			if alpha[j] > Cj {
				alpha[j] = Cj
				alpha[i] = sum - Cj
			}
		} else if alpha[i] < 0 {
			alpha[i] = 0
			alpha[j] = sum
		}
	}

	dai := alpha[i] - oldAi
	daj := alpha[j] - oldAj
	if s.record {
		// Exact change of ½αᵀQα + pᵀα for a two-variable move.
		// Q holds the signs y_i y_j, so Qi[j] is the cross term as is.
		qij := float64(Qi[j])
		s.obj += s.G[i]*dai + s.G[j]*daj + 0.5*(s.QD[i]*dai*dai+s.QD[j]*daj*daj) + qij*dai*daj
		s.trace = append(s.trace, Step{
			Iter: s.iter, I: s.origin[s.activeSet[i]], J: s.origin[s.activeSet[j]],
			Objective: s.obj, Violation: s.gap,
		})
	}
	G := s.G[:as]
	Qi, Qj = Qi[:as], Qj[:as]
	for k := range G {
		G[k] += float64(Qi[k])*dai + float64(Qj[k])*daj
	}

	ui := s.status[i] == atUpper
	uj := s.status[j] == atUpper
	s.updateStatus(i)
	s.updateStatus(j)
	l := s.l
	if ui != (s.status[i] == atUpper) {
		Qi := s.Q.getQ(i, l)
		c := Ci
		if ui {
			c = -Ci
		}
		gb := s.Gbar[:l]
		for k := range gb {
			gb[k] += c * float64(Qi[k])
		}
	}
	if uj != (s.status[j] == atUpper) {
		Qj := s.Q.getQ(j, l)
		c := Cj
		if uj {
			c = -Cj
		}
		gb := s.Gbar[:l]
		for k := range gb {
			gb[k] += c * float64(Qj[k])
		}
	}
}

// selectWorkingSet is WSS 3 of Fan, Chen and Lin: i maximizes −y_i∇f_i over
// I_up, j minimizes the second-order decrease of the objective over I_low.
// ok is false when the KKT violation is below eps (optimal).
func (s *solver) selectWorkingSet() (outI, outJ int, ok bool) {
	as := s.activeSize
	y, G, st := s.y[:as], s.G[:as], s.status[:as]
	gmax := math.Inf(-1)
	gmax2 := math.Inf(-1)
	gmaxIdx, gminIdx := -1, -1
	objDiffMin := math.Inf(1)
	for t := range y {
		if y[t] == 1 {
			if st[t] != atUpper && -G[t] >= gmax {
				gmax = -G[t]
				gmaxIdx = t
			}
		} else if st[t] != atLower && G[t] >= gmax {
			gmax = G[t]
			gmaxIdx = t
		}
	}
	i := gmaxIdx
	var Qi []float32
	var qdi, yi float64
	if i != -1 {
		Qi = s.Q.getQ(i, as)[:as]
		qdi = s.QD[i]
		yi = float64(s.y[i])
	}
	QD := s.QD[:as]
	for j := range y {
		if y[j] == 1 {
			if st[j] != atLower {
				gd := gmax + G[j]
				if G[j] >= gmax2 {
					gmax2 = G[j]
				}
				if gd > 0 {
					quad := qdi + QD[j] - 2.0*yi*float64(Qi[j])
					var od float64
					if quad > 0 {
						od = -(gd * gd) / quad
					} else {
						od = -(gd * gd) / tau
					}
					if od <= objDiffMin {
						gminIdx = j
						objDiffMin = od
					}
				}
			}
		} else if st[j] != atUpper {
			gd := gmax - G[j]
			if -G[j] >= gmax2 {
				gmax2 = -G[j]
			}
			if gd > 0 {
				quad := qdi + QD[j] + 2.0*yi*float64(Qi[j])
				var od float64
				if quad > 0 {
					od = -(gd * gd) / quad
				} else {
					od = -(gd * gd) / tau
				}
				if od <= objDiffMin {
					gminIdx = j
					objDiffMin = od
				}
			}
		}
	}
	s.gap = gmax + gmax2
	if gmax+gmax2 < s.eps || gminIdx == -1 {
		return 0, 0, false
	}
	return gmaxIdx, gminIdx, true
}

func (s *solver) beShrunk(i int, gmax1, gmax2 float64) bool {
	switch s.status[i] {
	case atUpper:
		if s.y[i] == 1 {
			return -s.G[i] > gmax1
		}
		return -s.G[i] > gmax2
	case atLower:
		if s.y[i] == 1 {
			return s.G[i] > gmax2
		}
		return s.G[i] > gmax1
	}
	return false
}

func (s *solver) doShrinking() {
	gmax1 := math.Inf(-1) // max{−y_i∇f_i : i ∈ I_up}
	gmax2 := math.Inf(-1) // max{y_i∇f_i : i ∈ I_low}
	for i := range s.activeSize {
		g := s.G[i]
		if s.y[i] == 1 {
			if s.status[i] != atUpper && -g >= gmax1 {
				gmax1 = -g
			}
			if s.status[i] != atLower && g >= gmax2 {
				gmax2 = g
			}
		} else {
			if s.status[i] != atUpper && -g >= gmax2 {
				gmax2 = -g
			}
			if s.status[i] != atLower && g >= gmax1 {
				gmax1 = g
			}
		}
	}
	if !s.unshrink && gmax1+gmax2 <= s.eps*10 {
		s.unshrink = true
		s.reconstructGradient()
		s.activeSize = s.l
	}
	for i := 0; i < s.activeSize; i++ {
		if !s.beShrunk(i, gmax1, gmax2) {
			continue
		}
		s.activeSize--
		for s.activeSize > i {
			if !s.beShrunk(s.activeSize, gmax1, gmax2) {
				s.swapIndex(i, s.activeSize)
				break
			}
			s.activeSize--
		}
	}
}

// rho returns the offset b (decision = Σ coef·K − ρ).
func (s *solver) rho() float64 {
	nrFree := 0
	ub, lb := math.Inf(1), math.Inf(-1)
	sumFree := 0.0
	for i := range s.activeSize {
		yG := float64(s.y[i]) * s.G[i]
		switch s.status[i] {
		case atUpper:
			if s.y[i] == -1 {
				ub = min(ub, yG)
			} else {
				lb = max(lb, yG)
			}
		case atLower:
			if s.y[i] == 1 {
				ub = min(ub, yG)
			} else {
				lb = max(lb, yG)
			}
		default:
			nrFree++
			sumFree += yG
		}
	}
	if nrFree > 0 {
		return sumFree / float64(nrFree)
	}
	return (ub + lb) / 2
}

// solution returns α in the problem's original order, ρ and the objective.
func (s *solver) solution() (alpha []float64, rho, obj float64) {
	rho = s.rho()
	for i := range s.l {
		obj += s.alpha[i] * (s.G[i] + s.p[i])
	}
	obj /= 2
	alpha = make([]float64, s.l)
	for i := range s.l {
		alpha[s.activeSet[i]] = s.alpha[i]
	}
	return alpha, rho, obj
}
