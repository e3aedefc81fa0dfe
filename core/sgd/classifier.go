package sgd

import (
	"fmt"
	"math"
	"slices"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// Classifier is a linear classifier fitted by stochastic gradient descent,
// as scikit-learn's SGDClassifier: hinge loss (a linear SVM) by default,
// logistic regression with Loss "log_loss". More than two classes are
// handled one-vs-rest: one binary problem per class, that class against all
// others, and the class with the largest decision value wins.
//
// The zero value is usable: &Classifier{} is a linear SVM with the
// "optimal" learning rate. Features should be standardized (core/preprocess
// StandardScaler or by hand): SGD is sensitive to feature scales.
type Classifier struct {
	// Config holds the hyper-parameters; Fit reads it and never changes it.
	Config Config

	lossName  string
	classes   []float64
	coef      [][]float64 // one row per binary problem: 1 for two classes, else one per class
	intercept []float64
	nFeatures int
	nIter     int
	converged bool
	lossCurve []float64
	history   [][]Epoch
}

// Compile-time checks of the shared contracts.
var (
	_ model.ProbabilisticClassifier = (*Classifier)(nil)
	_ model.DecisionFunctioner      = (*Classifier)(nil)
)

// Fit learns the weights from X (n samples × p features) and the class
// labels y (whole numbers, at least two distinct).
func (c *Classifier) Fit(X mat.Matrix, y []float64) error {
	if err := c.fit(X, y, nil); err != nil {
		return fmt.Errorf("sgd: Classifier.Fit: %w", err)
	}
	return nil
}

// fit is Fit with an optional explicit validation mask (for tests that
// reproduce scikit-learn's split).
func (c *Classifier) fit(X mat.Matrix, y []float64, mask []bool) error {
	s, err := c.Config.resolve(lossHinge, rateOptimal, 0.5, classifierLosses)
	if err != nil {
		return err
	}
	n, p, err := model.CheckXY(X, y)
	if err != nil {
		return err
	}
	classes, err := model.ClassLabels(y)
	if err != nil {
		return err
	}
	yIdx, err := model.ClassIndex(y, classes)
	if err != nil {
		return err
	}
	k := len(classes)
	rng := model.NewRand(s.seed)
	if s.early && mask == nil {
		if mask, err = stratifiedSplit(yIdx, k, s.valFraction, rng); err != nil {
			return err
		}
	}
	if !s.early {
		mask = nil
	}
	train, val := trainIndices(n, mask), heldOut(mask)
	raw := model.Dense(X).RawMatrix()

	nProb := k
	if k == 2 {
		nProb = 1
	}
	seeds := make([]uint64, nProb)
	for i := range seeds {
		seeds[i] = rng.Uint64()
	}
	results := make([]*result, nProb)
	nIter := 0
	for i := range nProb {
		pos := i
		if k == 2 {
			pos = 1
		}
		yk := make([]float64, n)
		for j, ci := range yIdx {
			yk[j] = -1
			if ci == pos {
				yk[j] = 1
			}
		}
		pr := &problem{x: raw.Data, stride: raw.Stride, p: p, y: yk, train: train}
		if s.early {
			pr.score = func(w []float64, b float64) float64 {
				return binaryAccuracy(pr, val, w, b)
			}
		}
		res, err := plainSGD(pr, s, model.NewRand(seeds[i]))
		if err != nil {
			if nProb > 1 {
				return fmt.Errorf("class %v against the rest: %w", classes[pos], err)
			}
			return err
		}
		results[i] = res
		nIter = max(nIter, res.nIter)
	}

	avg := useAverage(s, nIter, n)
	c.lossName = s.lossName
	c.classes = classes
	c.nFeatures = p
	c.nIter = nIter
	c.coef = make([][]float64, nProb)
	c.intercept = make([]float64, nProb)
	c.history = make([][]Epoch, nProb)
	c.converged = true
	for i, r := range results {
		c.coef[i], c.intercept[i] = r.coef, r.intercept
		if avg {
			c.coef[i], c.intercept[i] = r.avgCoef, r.avgIntercept
		}
		c.history[i] = r.history
		c.converged = c.converged && r.converged
	}
	c.lossCurve = meanCurve(c.history, nIter)
	return nil
}

// binaryAccuracy is the accuracy of sign(w·x + b) on the samples idx of a
// ±1 problem.
func binaryAccuracy(pr *problem, idx []int, w []float64, b float64) float64 {
	right := 0
	for _, i := range idx {
		d := 0.0
		for j, v := range pr.row(i) {
			d += w[j] * v
		}
		d += b
		pred := -1.0
		if d > 0 {
			pred = 1
		}
		if pred == pr.y[i] {
			right++
		}
	}
	return float64(right) / float64(len(idx))
}

// meanCurve averages the per-epoch losses of several runs over nIter
// epochs; a run that stopped earlier contributes its last epoch's loss.
func meanCurve(hist [][]Epoch, nIter int) []float64 {
	curve := make([]float64, nIter)
	for e := range curve {
		sum := 0.0
		for _, h := range hist {
			sum += h[min(e, len(h)-1)].Loss
		}
		curve[e] = sum / float64(len(hist))
	}
	return curve
}

func (c *Classifier) fitted() bool { return c.classes != nil }

// Classes returns the sorted distinct class labels seen by Fit (nil before
// Fit).
func (c *Classifier) Classes() []float64 { return append([]float64(nil), c.classes...) }

// Coef returns the weights: one row per binary problem (a single row for
// two classes, where a positive decision means Classes()[1]; otherwise row k
// separates class k from the rest) and one column per feature, as
// scikit-learn's coef_. It returns nil before Fit.
func (c *Classifier) Coef() *mat.Dense {
	if !c.fitted() {
		return nil
	}
	m := mat.NewDense(len(c.coef), c.nFeatures, nil)
	for i, row := range c.coef {
		m.SetRow(i, row)
	}
	return m
}

// Intercept returns the intercept of each row of Coef (nil before Fit).
func (c *Classifier) Intercept() []float64 { return append([]float64(nil), c.intercept...) }

// Epochs returns the number of epochs run (scikit-learn's n_iter_; for more
// than two classes, the largest over the one-vs-rest problems).
func (c *Classifier) Epochs() int { return c.nIter }

// Converged reports whether the last Fit stopped by its tolerance rule (in
// every one-vs-rest problem) rather than by reaching MaxIter.
func (c *Classifier) Converged() bool { return c.converged }

// LossCurve returns the mean training loss of each epoch (see Epoch.Loss):
// the curve a learner plots to watch SGD converge. For more than two
// classes it is the mean over the one-vs-rest problems, a problem that
// stopped early contributing its last value. It is nil before Fit.
func (c *Classifier) LossCurve() []float64 { return append([]float64(nil), c.lossCurve...) }

// History returns the epochs of each binary problem of the last Fit (one
// for two classes, one per class otherwise), with the weights after each
// epoch when Config.Record is set. It is not saved by MarshalJSON.
func (c *Classifier) History() [][]Epoch {
	out := make([][]Epoch, len(c.history))
	for i, h := range c.history {
		out[i] = slices.Clone(h)
	}
	return out
}

// DecisionFunction returns w·x + b for each sample: one column for two
// classes (positive means Classes()[1]), otherwise one column per class.
func (c *Classifier) DecisionFunction(X mat.Matrix) (*mat.Dense, error) {
	d, err := c.decision(X)
	if err != nil {
		return nil, fmt.Errorf("sgd: Classifier.DecisionFunction: %w", err)
	}
	return d, nil
}

func (c *Classifier) decision(X mat.Matrix) (*mat.Dense, error) {
	if !c.fitted() {
		return nil, model.ErrNotFitted
	}
	n, _, err := model.CheckX(X, c.nFeatures)
	if err != nil {
		return nil, err
	}
	return linearScores(X, n, c.coef, c.intercept), nil
}

// linearScores returns X·coefᵀ + intercept.
func linearScores(X mat.Matrix, n int, coef [][]float64, intercept []float64) *mat.Dense {
	k := len(coef)
	W := mat.NewDense(len(coef[0]), k, nil)
	for i, row := range coef {
		W.SetCol(i, row)
	}
	out := mat.NewDense(n, k, nil)
	out.Mul(X, W)
	for i := range n {
		row := out.RawRowView(i)
		for j := range row {
			row[j] += intercept[j]
		}
	}
	return out
}

// Predict returns the predicted class label of each row of X.
func (c *Classifier) Predict(X mat.Matrix) ([]float64, error) {
	d, err := c.decision(X)
	if err != nil {
		return nil, fmt.Errorf("sgd: Classifier.Predict: %w", err)
	}
	return c.labels(d), nil
}

func (c *Classifier) labels(d *mat.Dense) []float64 {
	n, k := d.Dims()
	pred := make([]float64, n)
	for i := range n {
		row := d.RawRowView(i)
		if k == 1 {
			pred[i] = c.classes[0]
			if row[0] > 0 {
				pred[i] = c.classes[1]
			}
			continue
		}
		best := 0
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		pred[i] = c.classes[best]
	}
	return pred
}

// Score returns the accuracy of Predict on (X, y).
func (c *Classifier) Score(X mat.Matrix, y []float64) (float64, error) {
	pred, err := c.Predict(X)
	if err != nil {
		return 0, fmt.Errorf("sgd: Classifier.Score: %w", err)
	}
	if err := checkTargets(y, len(pred)); err != nil {
		return 0, fmt.Errorf("sgd: Classifier.Score: %w", err)
	}
	right := 0
	for i, v := range pred {
		if v == y[i] {
			right++
		}
	}
	return float64(right) / float64(len(y)), nil
}

// PredictProba returns class probabilities, one column per class in the
// order of Classes(). It needs Loss "log_loss" (the logistic function of the
// decision value) or "modified_huber" ((clip(d, −1, 1) + 1)/2); for more than
// two classes the one-vs-rest values are normalized to sum to 1, as
// scikit-learn does.
func (c *Classifier) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	if c.fitted() && c.lossName != lossLogLoss && c.lossName != lossModifiedHuber {
		return nil, fmt.Errorf("sgd: Classifier.PredictProba: probabilities need Loss %q or %q, but the model was fitted with %q",
			lossLogLoss, lossModifiedHuber, c.lossName)
	}
	d, err := c.decision(X)
	if err != nil {
		return nil, fmt.Errorf("sgd: Classifier.PredictProba: %w", err)
	}
	n, k := d.Dims()
	link := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	if c.lossName == lossModifiedHuber {
		link = func(v float64) float64 { return (math.Max(-1, math.Min(1, v)) + 1) / 2 }
	}
	if k == 1 {
		out := mat.NewDense(n, 2, nil)
		for i := range n {
			pr := link(d.At(i, 0))
			out.Set(i, 0, 1-pr)
			out.Set(i, 1, pr)
		}
		return out, nil
	}
	for i := range n {
		row := d.RawRowView(i)
		sum := 0.0
		for j, v := range row {
			row[j] = link(v)
			sum += row[j]
		}
		for j := range row {
			if sum == 0 {
				row[j] = 1 / float64(k) // all one-vs-rest values zero: uniform
			} else {
				row[j] /= sum
			}
		}
	}
	return d, nil
}

// checkTargets checks that y has n finite values.
func checkTargets(y []float64, n int) error {
	if len(y) != n {
		return fmt.Errorf("y has %d values but X has %d rows", len(y), n)
	}
	for i, v := range y {
		if !finite(v) {
			return fmt.Errorf("y[%d] is %v: targets must be finite", i, v)
		}
	}
	return nil
}
