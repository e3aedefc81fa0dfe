package selection

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// DefaultFolds is the number of folds used when a config sets no Splitter.
const DefaultFolds = 5

// Splitter splits the samples of (X, y) into folds for cross-validation.
// data.KFold and data.StratifiedKFold implement it. Every fold must have a
// non-empty training part and a non-empty test part.
type Splitter interface {
	Split(X mat.Matrix, y []float64) ([]data.Fold, error)
}

// CVConfig configures CrossValidate. The zero value is scikit-learn's
// cross_validate(estimator, X, y) with its defaults.
type CVConfig struct {
	// Splitter makes the folds. Nil means DefaultFolds (5) folds in order,
	// without shuffling: stratified by class (data.StratifiedKFold) when
	// the estimator is a model.Classifier and y holds whole numbers, plain
	// data.KFold otherwise — as scikit-learn's cv=5 does.
	Splitter Splitter
	// Scoring scores each fold's estimator on the fold's test part. Nil
	// means ScoreEstimator: the estimator's own Score method (accuracy for
	// classifiers, R² for regressors). ScorerByName gives the built-in
	// scorers by their scikit-learn names.
	Scoring Scorer
	// Workers is the number of folds fitted at the same time. Zero means
	// one per CPU (runtime.GOMAXPROCS); in the browser (GOOS=js) it is
	// always 1. Results do not depend on it.
	Workers int
	// TrainScores also scores each fold's estimator on its own training
	// part, to compare with the test scores (over- and underfitting).
	// Default false.
	TrainScores bool
	// KeepEstimators keeps each fold's fitted estimator in
	// CVResult.Estimators. Default false.
	KeepEstimators bool
}

// CVResult holds the outcome of a cross-validation, one entry per fold in
// fold order.
type CVResult struct {
	// Scores holds the test score of each fold.
	Scores []float64
	// Mean and Std are the mean and the population standard deviation
	// (numpy.std with ddof=0) of Scores.
	Mean, Std float64
	// TrainScores holds the score of each fold's estimator on its training
	// part; nil unless CVConfig.TrainScores.
	TrainScores []float64
	// FitTimes and ScoreTimes are the wall-clock durations of each fold's
	// Fit and of its scoring.
	FitTimes, ScoreTimes []time.Duration
	// Folds holds the folds that were used.
	Folds []data.Fold
	// Estimators holds each fold's fitted estimator; nil unless
	// CVConfig.KeepEstimators.
	Estimators []model.Estimator
}

// CrossValidate estimates how well the estimator built by f with params
// generalises: for each fold of cfg.Splitter it builds a fresh estimator
// with f, fits it on the fold's training part and scores it on the fold's
// test part. Folds are fitted in parallel (see CVConfig.Workers); the
// result does not depend on the number of workers.
//
// f may be called from several goroutines at once (with the same params,
// which it must not modify) and must return a new estimator on every call.
// Estimators must not modify the X they are given: the rows of a fold are
// copied once and shared.
func CrossValidate(f model.Factory, params model.Params, X mat.Matrix, y []float64, cfg CVConfig) (*CVResult, error) {
	const where = "selection: CrossValidate"
	if f == nil {
		return nil, fmt.Errorf("%s: the factory is nil", where)
	}
	probe, err := build(f, params)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	s, err := prepare(probe, X, y, cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	outs := make([]foldOut, len(s.parts))
	workers, err := resolveWorkers(cfg.Workers, len(s.parts))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	err = runJobs(len(s.parts), workers, func(k int) error {
		o, err := s.run(f, params, k)
		if err != nil {
			return fmt.Errorf("fold %d: %w", k, err)
		}
		outs[k] = o
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return s.collect(outs), nil
}

// CrossValScore returns the test score of each of k folds (DefaultFolds when
// k is 0), made and scored with CrossValidate's defaults: stratified folds
// for classifiers, the estimator's own Score. It is scikit-learn's
// cross_val_score(estimator, X, y, cv=k).
func CrossValScore(f model.Factory, params model.Params, X mat.Matrix, y []float64, k int) ([]float64, error) {
	if k < 0 || k == 1 {
		return nil, fmt.Errorf("selection: CrossValScore: k = %d: need at least 2 folds (0 means %d)", k, DefaultFolds)
	}
	cfg := CVConfig{}
	if k > 0 {
		probe, err := build(f, params)
		if err != nil {
			return nil, fmt.Errorf("selection: CrossValScore: %w", err)
		}
		cfg.Splitter = defaultSplitter(probe, y, k)
	}
	r, err := CrossValidate(f, params, X, y, cfg)
	if err != nil {
		return nil, err
	}
	return r.Scores, nil
}

// build calls the factory and checks that it returned an estimator; a panic
// in the factory is returned as an error.
func build(f model.Factory, params model.Params) (m model.Estimator, err error) {
	if f == nil {
		return nil, errors.New("the factory is nil")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("factory(%s) panicked: %v", formatParams(params), r)
		}
	}()
	m, err = f(params)
	if err != nil {
		return nil, fmt.Errorf("factory(%s): %w", formatParams(params), err)
	}
	if m == nil {
		return nil, fmt.Errorf("factory(%s) returned a nil estimator", formatParams(params))
	}
	return m, nil
}

// defaultSplitter is scikit-learn's check_cv(k, y, classifier): stratified
// folds for a classifier with class-label targets, plain folds otherwise.
func defaultSplitter(probe model.Estimator, y []float64, k int) Splitter {
	if _, ok := final(probe).(model.Classifier); ok && wholeNumbers(y) {
		return data.StratifiedKFold{K: k}
	}
	return data.KFold{K: k}
}

// wrapper is a composite estimator, such as a preprocess.Pipeline, whose
// methods forward to a final estimator.
type wrapper interface {
	Final() model.Estimator
}

// final returns the estimator that does the predicting inside m: m itself,
// or for a wrapper (a pipeline, possibly nested) its final step. A pipeline
// has every method (Classes, DecisionFunction, ...) and forwards them, so what
// it can really do is decided by its final step, as scikit-learn's
// is_classifier does.
func final(m model.Estimator) model.Estimator {
	for {
		w, ok := m.(wrapper)
		if !ok {
			return m
		}
		inner := w.Final()
		if inner == nil {
			return m
		}
		m = inner
	}
}

func wholeNumbers(y []float64) bool {
	for _, v := range y {
		if v != math.Trunc(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// setup is the shared data of a cross-validation: the folds with their rows
// copied out once, to be used by every fit.
type setup struct {
	X       *mat.Dense
	y       []float64
	folds   []data.Fold
	parts   []foldData
	scoring Scorer
	cfg     CVConfig
}

type foldData struct {
	Xtrain, Xtest *mat.Dense
	ytrain, ytest []float64
}

// foldOut is what one fit of one fold produced.
type foldOut struct {
	score, trainScore float64
	fit, scoreTime    time.Duration
	est               model.Estimator
}

// prepare validates the inputs, makes the folds and copies their rows.
// probe is an estimator built by the factory, used to choose the default
// splitter and to check that it can be scored.
func prepare(probe model.Estimator, X mat.Matrix, y []float64, cfg CVConfig) (*setup, error) {
	n, _, err := model.CheckXY(X, y)
	if err != nil {
		return nil, err
	}
	s := &setup{X: model.Dense(X), y: y, scoring: cfg.Scoring, cfg: cfg}
	if s.scoring == nil {
		if _, ok := probe.(model.Scorer); !ok {
			return nil, fmt.Errorf("%T has no Score method: set CVConfig.Scoring (see ScorerByName)", probe)
		}
		s.scoring = ScoreEstimator
	}
	sp := cfg.Splitter
	if sp == nil {
		if n < DefaultFolds {
			return nil, fmt.Errorf("%d samples are fewer than the %d folds", n, DefaultFolds)
		}
		sp = defaultSplitter(probe, y, DefaultFolds)
	}
	s.folds, err = sp.Split(s.X, y)
	if err != nil {
		return nil, fmt.Errorf("splitting: %w", err)
	}
	if len(s.folds) == 0 {
		return nil, fmt.Errorf("the splitter %T made no folds", sp)
	}
	s.parts = make([]foldData, len(s.folds))
	for k, fold := range s.folds {
		if len(fold.Train) == 0 || len(fold.Test) == 0 {
			return nil, fmt.Errorf("fold %d has %d training and %d test samples: both must be non-empty", k, len(fold.Train), len(fold.Test))
		}
		for _, idx := range [][]int{fold.Train, fold.Test} {
			for _, i := range idx {
				if i < 0 || i >= n {
					return nil, fmt.Errorf("fold %d holds sample index %d, outside [0, %d)", k, i, n)
				}
			}
		}
		s.parts[k] = foldData{
			Xtrain: takeRows(s.X, fold.Train), ytrain: takeValues(y, fold.Train),
			Xtest: takeRows(s.X, fold.Test), ytest: takeValues(y, fold.Test),
		}
	}
	return s, nil
}

// run builds a fresh estimator, fits it on fold k's training part and scores
// it. A panic in the factory, the estimator or the scorer is returned as an
// error, so that a faulty estimator cannot bring down a notebook kernel.
func (s *setup) run(f model.Factory, params model.Params, k int) (o foldOut, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	m, err := build(f, params)
	if err != nil {
		return o, err
	}
	p := s.parts[k]
	start := time.Now()
	if err := m.Fit(p.Xtrain, p.ytrain); err != nil {
		return o, fmt.Errorf("fit: %w", err)
	}
	o.fit = time.Since(start)
	start = time.Now()
	if o.score, err = s.scoring(m, p.Xtest, p.ytest); err != nil {
		return o, fmt.Errorf("scoring: %w", err)
	}
	o.scoreTime = time.Since(start)
	if s.cfg.TrainScores {
		if o.trainScore, err = s.scoring(m, p.Xtrain, p.ytrain); err != nil {
			return o, fmt.Errorf("scoring the training part: %w", err)
		}
	}
	if s.cfg.KeepEstimators {
		o.est = m
	}
	return o, nil
}

// collect assembles the per-fold outputs of one parameter setting.
func (s *setup) collect(outs []foldOut) *CVResult {
	K := len(outs)
	r := &CVResult{
		Scores:     make([]float64, K),
		FitTimes:   make([]time.Duration, K),
		ScoreTimes: make([]time.Duration, K),
		Folds:      s.folds,
	}
	if s.cfg.TrainScores {
		r.TrainScores = make([]float64, K)
	}
	if s.cfg.KeepEstimators {
		r.Estimators = make([]model.Estimator, K)
	}
	for k, o := range outs {
		r.Scores[k] = o.score
		r.FitTimes[k] = o.fit
		r.ScoreTimes[k] = o.scoreTime
		if r.TrainScores != nil {
			r.TrainScores[k] = o.trainScore
		}
		if r.Estimators != nil {
			r.Estimators[k] = o.est
		}
	}
	r.Mean, r.Std = meanStd(r.Scores)
	return r
}

// takeRows copies the rows idx of X into a new matrix (idx is non-empty).
func takeRows(X *mat.Dense, idx []int) *mat.Dense {
	_, p := X.Dims()
	out := mat.NewDense(len(idx), p, nil)
	for i, r := range idx {
		copy(out.RawRowView(i), X.RawRowView(r))
	}
	return out
}

func takeValues(y []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for i, r := range idx {
		out[i] = y[r]
	}
	return out
}
