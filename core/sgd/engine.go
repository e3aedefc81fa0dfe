package sgd

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// ErrDiverged is wrapped by Fit when the weights become NaN or infinite.
var ErrDiverged = errors.New("SGD diverged")

// Epoch describes one epoch (one pass over the training data) of a fit.
type Epoch struct {
	// Epoch is the epoch number, from 1.
	Epoch int
	// Loss is the mean per-sample training loss over the epoch, each sample's
	// loss measured just before its update (scikit-learn's verbose
	// "Avg. loss"). The penalty is not included.
	Loss float64
	// LearningRate is the step size of the epoch's last update.
	LearningRate float64
	// ValidationScore is the accuracy (Classifier) or R² (Regressor) on the
	// held-out samples at the end of the epoch with EarlyStopping; NaN
	// otherwise.
	ValidationScore float64
	// Coef holds the weights at the end of the epoch (the plain SGD iterate,
	// not the average), only when Config.Record is set; nil otherwise.
	Coef []float64
	// Intercept is the intercept at the end of the epoch (the plain SGD
	// iterate).
	Intercept float64
}

// problem is one binary (labels ±1) or regression problem for plainSGD.
type problem struct {
	x      []float64 // row-major n×p samples
	stride int
	p      int
	y      []float64
	train  []int // indices of the training samples, in order
	// score returns the validation score of weights w and intercept b; nil
	// without early stopping.
	score func(w []float64, b float64) float64
}

func (pr *problem) row(i int) []float64 { return pr.x[i*pr.stride : i*pr.stride+pr.p] }

// result is the outcome of one plainSGD run.
type result struct {
	coef      []float64
	intercept float64
	nIter     int
	converged bool
	history   []Epoch
	// the averaged weights, with Config.Average
	avgCoef      []float64
	avgIntercept float64
}

// useAverage reports whether a fit that ran nIter epochs over n samples
// returns the averaged weights: only once enough updates were made, counted
// as scikit-learn does (held-out samples included).
func useAverage(s *settings, nIter, n int) bool {
	return s.average > 0 && s.average <= nIter*n
}

// weightVector is a weight vector stored as scale·data, as in
// scikit-learn's WeightVector: the L2 shrinkage w ← (1 − ηα)·w then costs
// O(1) per sample instead of O(p). With averaging it also keeps the
// averaged weights in the lazy form of Bottou's "SGD tricks" (2012):
// average = (avg + avgA·data)/avgB.
type weightVector struct {
	data       []float64
	scale      float64
	avg        []float64 // nil without averaging
	avgA, avgB float64
}

// dot returns w·x. Hand-written rather than gonum's Dot: the summation order
// is scikit-learn's, and for the few features of a per-sample update a plain
// loop is as fast.
func (w *weightVector) dot(x []float64) float64 {
	s := 0.0
	d := w.data[:len(x)]
	for j, v := range x {
		s += d[j] * v
	}
	return s * w.scale
}

// add performs w ← w + c·x.
func (w *weightVector) add(x []float64, c float64) {
	f := c / w.scale
	d := w.data[:len(x)]
	for j, v := range x {
		d[j] += v * f
	}
}

// scaleBy performs w ← c·w, folding the scale into the data when it becomes
// tiny (below 1e-9, as scikit-learn) to keep precision.
func (w *weightVector) scaleBy(c float64) {
	w.scale *= c
	if w.scale < 1e-9 {
		w.reset()
	}
}

// addAverage updates the lazy average after an update w ← w + c·x, the
// k-th one averaged.
func (w *weightVector) addAverage(x []float64, c, k float64) {
	mu := 1 / k
	f := -c / w.scale
	a := w.avg[:len(x)]
	for j, v := range x {
		a[j] += w.avgA * v * f
	}
	if k > 1 {
		w.avgB /= 1 - mu
	}
	w.avgA += mu * w.avgB * w.scale
}

// reset folds the scale into the data (and the lazy terms into the
// average).
func (w *weightVector) reset() {
	if w.avg != nil {
		inv := 1 / w.avgB
		for j, v := range w.data {
			w.avg[j] = (w.avg[j] + w.avgA*v) * inv
		}
		w.avgA, w.avgB = 0, 1
	}
	for j := range w.data {
		w.data[j] *= w.scale
	}
	w.scale = 1
}

// l1Truncate applies the cumulative L1 penalty u by the truncated gradient
// of Tsuruoka, Tsujii and Ananiadou (2009), as scikit-learn does; q holds
// the penalty already applied to each weight.
func (w *weightVector) l1Truncate(q []float64, u float64) {
	s := w.scale
	for j, z := range w.data {
		switch {
		case s*z > 0:
			w.data[j] = math.Max(0, z-(u+q[j])/s)
		case s*z < 0:
			w.data[j] = math.Min(0, z+(u-q[j])/s)
		}
		q[j] += s * (w.data[j] - z)
	}
}

// maxDLoss bounds the loss derivative, as scikit-learn, against overflow.
const maxDLoss = 1e12

// plainSGD runs scikit-learn's plain_sgd (sklearn/linear_model/_sgd_fast.pyx,
// dense data, unit sample weights) on one problem: per-sample updates,
// epochs over the training samples (shuffled each epoch by rng unless
// s.shuffle is false), the learning-rate schedules, weight decay by scaling,
// the truncated-gradient L1 penalty, optional averaging and the
// tolerance / early-stopping rules. It is written out here, rather than on
// core/optim, because the update order (loss at the pre-update weights,
// shrink, then step; per-epoch stopping on the summed loss) is part of the
// algorithm that must agree with scikit-learn.
func plainSGD(pr *problem, s *settings, rng *rand.Rand) (*result, error) {
	p := pr.p
	w := &weightVector{data: make([]float64, p), scale: 1}
	if s.average > 0 {
		w.avg = make([]float64, p)
		w.avgA, w.avgB = 0, 1
	}
	var q []float64
	l1 := s.penalty == penaltyL1 || s.penalty == penaltyElasticNet
	l1Ratio := 0.0
	switch s.penalty {
	case penaltyL1:
		l1Ratio = 1
	case penaltyElasticNet:
		l1Ratio = s.l1Ratio
	}
	shrink := s.penalty == penaltyL2 || s.penalty == penaltyElasticNet
	if l1 {
		q = make([]float64, p)
	}
	var (
		intercept, avgIntercept float64
		u                       float64
		eta                     = s.eta0
		optimalInit             float64
		t                       = 1.0
		bestLoss                = math.Inf(1)
		bestScore               = math.Inf(-1)
		noImprovement           int
		average                 = float64(s.average)
		res                     = &result{}
		scratch                 []float64
	)
	if s.rate == rateOptimal {
		// Bottou's heuristic: start where the step equals the one that
		// suits a typical weight of size 1/sqrt(α).
		typw := math.Sqrt(1 / math.Sqrt(s.alpha))
		initialEta := typw / math.Max(1, s.loss.dloss(-typw, 1))
		optimalInit = 1 / (initialEta * s.alpha)
	}
	if pr.score != nil {
		scratch = make([]float64, p)
	}
	// t^PowerT, the cost of every "invscaling" step: math.Pow dominated the
	// whole fit, so the default exponents take square roots, which are as
	// accurate (Go's Pow itself takes Sqrt for 0.5).
	powT := func(t float64) float64 { return math.Pow(t, s.powerT) }
	switch s.powerT {
	case 0.5:
		powT = math.Sqrt
	case 0.25:
		powT = func(t float64) float64 { return math.Sqrt(math.Sqrt(t)) }
	case 1:
		powT = func(t float64) float64 { return t }
	}
	order := append([]int(nil), pr.train...)
	nTrain := float64(len(order))
	epoch := 0
	for epoch = 0; epoch < s.maxIter; epoch++ {
		if s.shuffle {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		sumLoss := 0.0
		for _, i := range order {
			x := pr.row(i)
			y := pr.y[i]
			pred := w.dot(x) + intercept
			switch s.rate {
			case rateOptimal:
				eta = 1 / (s.alpha * (optimalInit + t - 1))
			case rateInvscaling:
				eta = s.eta0 / powT(t)
			}
			sumLoss += s.loss.loss(pred, y)
			d := s.loss.dloss(pred, y)
			if d < -maxDLoss {
				d = -maxDLoss
			} else if d > maxDLoss {
				d = maxDLoss
			}
			update := -eta * d
			if shrink {
				// never scale to negative values when η or α are too big:
				// set the weights to zero instead
				f := 1 - (1-l1Ratio)*eta*s.alpha
				if f < 0 {
					f = 0
				}
				w.scaleBy(f)
			}
			if update != 0 {
				w.add(x, update)
				if s.fitIntercept {
					// dense data: scikit-learn's intercept_decay is 1
					intercept += update
				}
			}
			if average > 0 && average <= t {
				k := t - average + 1
				w.addAverage(x, update, k)
				avgIntercept += (intercept - avgIntercept) / k
			}
			if l1 {
				u += l1Ratio * eta * s.alpha
				w.l1Truncate(q, u)
			}
			t++
		}
		if !finite(intercept) || !allFinite(w.data) || !finite(w.scale) {
			return nil, divergence(s, epoch+1)
		}
		rec := Epoch{Epoch: epoch + 1, Loss: sumLoss / nTrain, LearningRate: eta,
			ValidationScore: math.NaN(), Intercept: intercept}
		if s.record {
			rec.Coef = make([]float64, p)
			for j, v := range w.data {
				rec.Coef[j] = v * w.scale
			}
		}
		if pr.score != nil {
			for j, v := range w.data {
				scratch[j] = v * w.scale
			}
			score := pr.score(scratch, intercept)
			rec.ValidationScore = score
			if score < bestScore+s.tol {
				noImprovement++
			} else {
				noImprovement = 0
			}
			if score > bestScore {
				bestScore = score
			}
		} else {
			if sumLoss > bestLoss-s.tol*nTrain {
				noImprovement++
			} else {
				noImprovement = 0
			}
			if sumLoss < bestLoss {
				bestLoss = sumLoss
			}
		}
		res.history = append(res.history, rec)
		if noImprovement >= s.nIterNoChange {
			if s.rate == rateAdaptive && eta > 1e-6 {
				eta /= 5
				noImprovement = 0
			} else {
				res.converged = true
				break
			}
		}
	}
	res.nIter = min(epoch+1, s.maxIter)
	w.reset()
	res.coef = w.data
	res.intercept = intercept
	res.avgCoef = w.avg
	res.avgIntercept = avgIntercept
	return res, nil
}

func allFinite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// divergence explains a NaN or infinite weight.
func divergence(s *settings, epoch int) error {
	advice := "use a smaller Eta0 or a larger Alpha"
	if s.rate == rateOptimal {
		advice = "use a larger Alpha (it sets the \"optimal\" learning rate) or a \"constant\" LearningRate with a small Eta0"
	}
	return fmt.Errorf("%w: the weights became NaN or infinite in epoch %d, so the steps are too large: %s, and standardize the features",
		ErrDiverged, epoch, advice)
}
