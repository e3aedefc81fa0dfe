package svm

import (
	"fmt"
	"math"
)

// solveOpts are the solver settings shared by every binary problem of a fit.
type solveOpts struct {
	eps        float64
	shrinking  bool
	maxIter    int
	record     bool
	cacheBytes int64
}

// binaryResult is the solution of one C-SVC (or ε-SVR) dual problem.
type binaryResult struct {
	coef     []float64 // signed y_i α_i (SVR: α_i − α*_i), in problem order
	rho      float64
	obj      float64
	iter     int
	timedOut bool
	trace    []Step
	stats    CacheStats
}

// solveCSVC solves the C-SVC dual over the samples rows of kr (positions in
// the problem) with labels y = ±1 and per-sample bounds C. origin names the
// samples in the trace.
func solveCSVC(kr *kernelRows, rows []int32, y []int8, C []float64, o solveOpts, origin []int) binaryResult {
	l := len(y)
	q := newSVCQ(kr, rows, y, o.cacheBytes)
	p := make([]float64, l)
	for i := range p {
		p[i] = -1
	}
	s := newSolver(q, p, y, make([]float64, l), C, o.eps, o.shrinking, o.maxIter, o.record, origin)
	s.solve()
	alpha, rho, obj := s.solution()
	for i := range alpha {
		alpha[i] *= float64(y[i])
	}
	return binaryResult{coef: alpha, rho: rho, obj: obj, iter: s.iter, timedOut: s.timedOut, trace: s.trace, stats: q.cacheStats()}
}

// sigmoidTrain fits Platt's sigmoid P(y=1|f) = 1/(1+exp(A·f+B)) to decision
// values, by Newton's method with backtracking (Lin, Lin and Weng, 2007), as
// libsvm's sigmoid_train.
func sigmoidTrain(dec []float64, positive []bool) (A, B float64) {
	var prior1, prior0 float64
	for _, p := range positive {
		if p {
			prior1++
		} else {
			prior0++
		}
	}
	const (
		maxIter = 100
		minStep = 1e-10
		sigma   = 1e-12
		eps     = 1e-5
	)
	hiTarget := (prior1 + 1) / (prior1 + 2)
	loTarget := 1 / (prior0 + 2)
	t := make([]float64, len(dec))
	A, B = 0, math.Log((prior0+1)/(prior1+1))
	var fval float64
	for i, d := range dec {
		if positive[i] {
			t[i] = hiTarget
		} else {
			t[i] = loTarget
		}
		fApB := d*A + B
		if fApB >= 0 {
			fval += t[i]*fApB + math.Log(1+math.Exp(-fApB))
		} else {
			fval += (t[i]-1)*fApB + math.Log(1+math.Exp(fApB))
		}
	}
	for iter := 0; iter < maxIter; iter++ {
		h11, h22, h21, g1, g2 := sigma, sigma, 0.0, 0.0, 0.0
		for i, d := range dec {
			fApB := d*A + B
			var p, q float64
			if fApB >= 0 {
				e := math.Exp(-fApB)
				p = e / (1 + e)
				q = 1 / (1 + e)
			} else {
				e := math.Exp(fApB)
				p = 1 / (1 + e)
				q = e / (1 + e)
			}
			d2 := p * q
			h11 += d * d * d2
			h22 += d2
			h21 += d * d2
			d1 := t[i] - p
			g1 += d * d1
			g2 += d1
		}
		if math.Abs(g1) < eps && math.Abs(g2) < eps {
			break
		}
		det := h11*h22 - h21*h21
		dA := -(h22*g1 - h21*g2) / det
		dB := -(-h21*g1 + h11*g2) / det
		gd := g1*dA + g2*dB
		step := 1.0
		for step >= minStep {
			newA, newB := A+step*dA, B+step*dB
			var newf float64
			for i, d := range dec {
				fApB := d*newA + newB
				if fApB >= 0 {
					newf += t[i]*fApB + math.Log(1+math.Exp(-fApB))
				} else {
					newf += (t[i]-1)*fApB + math.Log(1+math.Exp(fApB))
				}
			}
			if newf < fval+0.0001*step*gd {
				A, B, fval = newA, newB, newf
				break
			}
			step /= 2
		}
		if step < minStep {
			break
		}
	}
	return A, B
}

// sigmoidPredict is P(y=+1 | f) under Platt's sigmoid.
func sigmoidPredict(f, A, B float64) float64 {
	fApB := f*A + B
	if fApB >= 0 {
		e := math.Exp(-fApB)
		return e / (1 + e)
	}
	return 1 / (1 + math.Exp(fApB))
}

// multiclassProbability couples the pairwise probabilities r[i][j] ≈
// P(class i | i or j) into class probabilities p, by method 2 of Wu, Lin and
// Weng (JMLR 2004), as libsvm's multiclass_probability.
func multiclassProbability(k int, r [][]float64, p []float64) {
	maxIter := max(100, k)
	Q := make([][]float64, k)
	Qp := make([]float64, k)
	eps := 0.005 / float64(k)
	for t := range k {
		p[t] = 1 / float64(k)
		Q[t] = make([]float64, k)
		for j := 0; j < t; j++ {
			Q[t][t] += r[j][t] * r[j][t]
			Q[t][j] = Q[j][t]
		}
		for j := t + 1; j < k; j++ {
			Q[t][t] += r[j][t] * r[j][t]
			Q[t][j] = -r[j][t] * r[t][j]
		}
	}
	for iter := 0; iter < maxIter; iter++ {
		var pQp float64
		for t := range k {
			Qp[t] = 0
			for j := range k {
				Qp[t] += Q[t][j] * p[j]
			}
			pQp += p[t] * Qp[t]
		}
		maxErr := 0.0
		for t := range k {
			if e := math.Abs(Qp[t] - pQp); e > maxErr {
				maxErr = e
			}
		}
		if maxErr < eps {
			break
		}
		for t := range k {
			diff := (-Qp[t] + pQp) / Q[t][t]
			p[t] += diff
			pQp = (pQp + diff*(diff*Q[t][t]+2*Qp[t])) / (1 + diff) / (1 + diff)
			for j := range k {
				Qp[j] = (Qp[j] + diff*Q[t][j]) / (1 + diff)
				p[j] /= 1 + diff
			}
		}
	}
}

// randIntN is the source of randomness of the probability folds.
type randIntN interface{ IntN(n int) int }

// binarySVCProbability fits Platt's sigmoid for one binary problem (the
// rows of kr listed in prob, with labels y) on decision values from
// libsvm's internal 5-fold cross-validation (folds drawn from rng).
func binarySVCProbability(kr *kernelRows, prob []int32, y []int8, Cp, Cn float64, o solveOpts, rng randIntN) (A, B float64) {
	const nrFold = 5
	l := len(y)
	perm := make([]int, l)
	for i := range perm {
		perm[i] = i
	}
	for i := range l {
		j := i + rng.IntN(l-i)
		perm[i], perm[j] = perm[j], perm[i]
	}
	dec := make([]float64, l)
	o.record = false
	for f := range nrFold {
		begin, end := f*l/nrFold, (f+1)*l/nrFold
		rows := make([]int32, 0, l-(end-begin))
		var sy []int8
		var sc []float64
		np, nn := 0, 0
		for j := 0; j < l; j++ {
			if j >= begin && j < end {
				continue
			}
			r := perm[j]
			rows = append(rows, prob[r])
			sy = append(sy, y[r])
			if y[r] > 0 {
				np++
				sc = append(sc, Cp)
			} else {
				nn++
				sc = append(sc, Cn)
			}
		}
		switch {
		case np == 0 && nn == 0:
			for j := begin; j < end; j++ {
				dec[perm[j]] = 0
			}
		case nn == 0:
			for j := begin; j < end; j++ {
				dec[perm[j]] = 1
			}
		case np == 0:
			for j := begin; j < end; j++ {
				dec[perm[j]] = -1
			}
		default:
			res := solveCSVC(kr, rows, sy, sc, o, nil)
			for j := begin; j < end; j++ {
				r := perm[j]
				v := -res.rho
				for k, c := range res.coef {
					if c != 0 {
						v += c * kr.eval(int(prob[r]), int(rows[k]))
					}
				}
				dec[r] = v
			}
		}
	}
	pos := make([]bool, l)
	for i, v := range y {
		pos[i] = v > 0
	}
	return sigmoidTrain(dec, pos)
}

// checkPositive validates a float hyper-parameter where 0 means def.
func checkPositive(name string, v, def float64) (float64, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0, fmt.Errorf("%s = %v: must be a finite number > 0 (0 means the default %v)", name, v, def)
	}
	if v == 0 {
		return def, nil
	}
	return v, nil
}
