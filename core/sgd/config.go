package sgd

import (
	"fmt"
	"math"
	"slices"
)

// Config holds the hyper-parameters of a Classifier or a Regressor. The zero
// value of every field means its documented default, which is
// scikit-learn's (SGDClassifier / SGDRegressor 1.2) unless said otherwise;
// where the two estimators differ, both defaults are given.
type Config struct {
	// Loss is the per-sample loss, with p = w·x + b the model's output.
	// Classifier: "hinge" (default; linear SVM), "log_loss" (logistic
	// regression; enables PredictProba), "modified_huber" (smoothed hinge;
	// enables PredictProba), "squared_hinge", "perceptron", or one of the
	// regression losses applied to targets ±1.
	// Regressor: "squared_error" (default; least squares), "huber" (robust),
	// "epsilon_insensitive" (linear SVR) or "squared_epsilon_insensitive".
	Loss string
	// Penalty is the regularization term: "l2" (default), "l1",
	// "elasticnet" (L1Ratio·L1 + (1−L1Ratio)·L2) or "none".
	Penalty string
	// Alpha multiplies the penalty; it also sets the "optimal" learning
	// rate. Default 0.0001; it must be positive (use Penalty "none" to
	// switch regularization off).
	Alpha float64
	// L1Ratio is the L1 share of the "elasticnet" penalty, in (0, 1].
	// Default 0.15.
	L1Ratio float64
	// NoIntercept fits the hyperplane through the origin (scikit-learn's
	// fit_intercept=False). Default: an intercept is fitted.
	NoIntercept bool
	// MaxIter is the maximum number of epochs (passes over the training
	// data). Default 1000.
	MaxIter int
	// Tol is the stopping tolerance: fitting stops when, NIterNoChange
	// epochs in a row, the epoch's summed training loss is not below the best
	// so far minus Tol·n (or, with EarlyStopping, the validation score is not
	// above the best so far plus Tol). Default 0.001. A negative Tol switches
	// the rule off, so that exactly MaxIter epochs run (scikit-learn's
	// tol=None); scikit-learn's tol=0 is matched by a tiny positive Tol such
	// as 1e-300.
	Tol float64
	// NIterNoChange is the number of epochs without improvement that stops
	// fitting (or, for the "adaptive" learning rate, divides it by 5).
	// Default 5.
	NIterNoChange int
	// NoShuffle visits the samples in their order in X in every epoch
	// instead of in a fresh random order (scikit-learn's shuffle=False).
	// With it, a fit is deterministic and matches scikit-learn's to
	// rounding. Default: shuffle.
	NoShuffle bool
	// Seed seeds the random source of the per-epoch shuffles and of the
	// validation split. Equal seeds give equal fits.
	Seed uint64
	// Epsilon is the width of the "huber", "epsilon_insensitive" and
	// "squared_epsilon_insensitive" losses. Default 0.1.
	Epsilon float64
	// LearningRate is the step-size schedule, with t the number of updates
	// so far plus one:
	//   "optimal"    η = 1/(Alpha·(t0 + t − 1)), t0 from Bottou's heuristic
	//                (default for the Classifier)
	//   "invscaling" η = Eta0 / t^PowerT (default for the Regressor)
	//   "constant"   η = Eta0
	//   "adaptive"   η = Eta0, divided by 5 whenever NIterNoChange epochs in
	//                a row bring no improvement; fitting stops once η ≤ 1e-6
	LearningRate string
	// Eta0 is the initial learning rate of the "constant", "invscaling" and
	// "adaptive" schedules. Default 0.01 (scikit-learn's SGDRegressor
	// default; SGDClassifier has none and requires it for those schedules).
	Eta0 float64
	// PowerT is the exponent of the "invscaling" schedule. Default 0.5 for
	// the Classifier, 0.25 for the Regressor.
	PowerT float64
	// EarlyStopping holds out ValidationFraction of the training data
	// (stratified by class for the Classifier) and stops when the score on it
	// (accuracy, or R² for the Regressor) stops improving by Tol; the last
	// weights are kept, as scikit-learn does. Default off: the training loss
	// decides.
	EarlyStopping bool
	// ValidationFraction is the share of samples held out by EarlyStopping,
	// in (0, 1). Default 0.1.
	ValidationFraction float64
	// Average, when k > 0, returns the average of the weights over all
	// updates from the k-th on (averaged SGD; scikit-learn's average=True is
	// 1). Default 0: no averaging.
	Average int
	// Record keeps a copy of the weights and intercept after every epoch in
	// History, for teaching. The per-epoch loss, learning rate and
	// validation score are kept either way.
	Record bool
}

// Learning-rate schedule names.
const (
	rateConstant   = "constant"
	rateOptimal    = "optimal"
	rateInvscaling = "invscaling"
	rateAdaptive   = "adaptive"
)

var rateNames = []string{rateOptimal, rateInvscaling, rateConstant, rateAdaptive}

// Penalty names and kinds.
const (
	penaltyL2         = "l2"
	penaltyL1         = "l1"
	penaltyElasticNet = "elasticnet"
	penaltyNone       = "none"
)

var penaltyNames = []string{penaltyL2, penaltyL1, penaltyElasticNet, penaltyNone}

// Defaults shared by both estimators.
const (
	defaultAlpha              = 0.0001
	defaultL1Ratio            = 0.15
	defaultMaxIter            = 1000
	defaultTol                = 1e-3
	defaultNIterNoChange      = 5
	defaultEpsilon            = 0.1
	defaultEta0               = 0.01
	defaultValidationFraction = 0.1
)

// settings are the resolved, validated hyper-parameters of one fit.
type settings struct {
	lossName      string
	loss          lossFunc
	penalty       string
	alpha         float64
	l1Ratio       float64
	fitIntercept  bool
	maxIter       int
	tol           float64 // -Inf when the rule is off
	nIterNoChange int
	shuffle       bool
	seed          uint64
	rate          string
	eta0          float64
	powerT        float64
	early         bool
	valFraction   float64
	average       int
	record        bool
}

// resolve applies the defaults to c and validates it. The estimator-specific
// defaults and the valid losses come from the caller.
func (c Config) resolve(defLoss, defRate string, defPowerT float64, losses []string) (*settings, error) {
	s := &settings{
		lossName:      orString(c.Loss, defLoss),
		penalty:       orString(c.Penalty, penaltyL2),
		alpha:         orFloat(c.Alpha, defaultAlpha),
		l1Ratio:       orFloat(c.L1Ratio, defaultL1Ratio),
		fitIntercept:  !c.NoIntercept,
		maxIter:       orInt(c.MaxIter, defaultMaxIter),
		tol:           orFloat(c.Tol, defaultTol),
		nIterNoChange: orInt(c.NIterNoChange, defaultNIterNoChange),
		shuffle:       !c.NoShuffle,
		seed:          c.Seed,
		rate:          orString(c.LearningRate, defRate),
		eta0:          orFloat(c.Eta0, defaultEta0),
		powerT:        orFloat(c.PowerT, defPowerT),
		early:         c.EarlyStopping,
		valFraction:   orFloat(c.ValidationFraction, defaultValidationFraction),
		average:       c.Average,
		record:        c.Record,
	}
	if s.tol < 0 {
		s.tol = math.Inf(-1)
	}
	eps := orFloat(c.Epsilon, defaultEpsilon)
	switch {
	case !slices.Contains(penaltyNames, s.penalty):
		return nil, fmt.Errorf("unknown Config.Penalty %q: valid penalties are %s", s.penalty, quoteList(penaltyNames))
	case !slices.Contains(rateNames, s.rate):
		return nil, fmt.Errorf("unknown Config.LearningRate %q: valid schedules are %s", s.rate, quoteList(rateNames))
	case !finite(s.alpha) || s.alpha < 0:
		return nil, fmt.Errorf("Config.Alpha = %v: it must be positive", c.Alpha)
	case !finite(s.l1Ratio) || s.l1Ratio < 0 || s.l1Ratio > 1:
		return nil, fmt.Errorf("Config.L1Ratio = %v: it must be in (0, 1]", c.L1Ratio)
	case s.maxIter < 0:
		return nil, fmt.Errorf("Config.MaxIter = %d: it must be positive", c.MaxIter)
	case math.IsNaN(s.tol) || math.IsInf(s.tol, 1):
		return nil, fmt.Errorf("Config.Tol = %v: it must be a finite number", c.Tol)
	case s.nIterNoChange < 0:
		return nil, fmt.Errorf("Config.NIterNoChange = %d: it must be positive", c.NIterNoChange)
	case !finite(eps) || eps < 0:
		return nil, fmt.Errorf("Config.Epsilon = %v: it must be positive", c.Epsilon)
	case !finite(s.eta0) || s.eta0 < 0:
		return nil, fmt.Errorf("Config.Eta0 = %v: it must be positive", c.Eta0)
	case !finite(s.powerT):
		return nil, fmt.Errorf("Config.PowerT = %v: it must be a finite number", c.PowerT)
	case !finite(s.valFraction) || s.valFraction <= 0 || s.valFraction >= 1:
		return nil, fmt.Errorf("Config.ValidationFraction = %v: it must be in (0, 1)", c.ValidationFraction)
	case s.average < 0:
		return nil, fmt.Errorf("Config.Average = %d: it must be 0 (off) or the update from which to average", c.Average)
	}
	loss, err := newLoss(s.lossName, losses, eps)
	if err != nil {
		return nil, err
	}
	s.loss = loss
	return s, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func orString(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func orFloat(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

func orInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}
