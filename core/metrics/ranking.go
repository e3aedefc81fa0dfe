package metrics

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// ROC returns the receiver operating characteristic curve of scores (higher
// means more likely positive) against the true labels, as sklearn's
// roc_curve with drop_intermediate=True: for each distinct threshold t, in
// decreasing order, tpr and fpr are the fractions of positive and negative
// samples with score ≥ t. Samples whose label equals posLabel are positive,
// all others negative. Points that are collinear with their neighbours are
// dropped, and a first point (0, 0) is added with threshold
// thresholds[1] + 1, as sklearn 1.2 does (sklearn ≥ 1.3 uses +Inf there).
//
// It is an error when yTrue holds no positive or no negative sample (sklearn
// warns and returns NaN rates).
func ROC(yTrue []float64, scores []float64, posLabel float64) (fpr, tpr, thresholds []float64, err error) {
	if err := checkPair("ROC", yTrue, scores); err != nil {
		return nil, nil, nil, err
	}
	n := len(yTrue)
	// Sort (score, positive) pairs by decreasing score. The order inside
	// ties does not matter since only the last index of each run of equal
	// scores is kept, so an unstable sort of compact pairs (faster than
	// sorting an index slice) suffices.
	type pair struct {
		score float64
		pos   bool
	}
	pairs := make([]pair, n)
	for i, s := range scores {
		pairs[i] = pair{s, yTrue[i] == posLabel}
	}
	slices.SortFunc(pairs, func(a, b pair) int { return cmp.Compare(b.score, a.score) })

	// fps, tps at the end of every run of equal scores (_binary_clf_curve).
	var fps, tps, thr []float64
	var tp float64
	for k, pr := range pairs {
		if pr.pos {
			tp++
		}
		if k == n-1 || pairs[k+1].score != pr.score {
			tps = append(tps, tp)
			fps = append(fps, float64(1+k)-tp)
			thr = append(thr, pr.score)
		}
	}
	if tps[len(tps)-1] == 0 {
		return nil, nil, nil, fmt.Errorf("metrics: ROC: no positive sample (label %v) in yTrue: the true positive rate is undefined", posLabel)
	}
	if fps[len(fps)-1] == 0 {
		return nil, nil, nil, fmt.Errorf("metrics: ROC: every sample in yTrue has the positive label %v: the false positive rate is undefined", posLabel)
	}

	// Drop points where the second differences of both fps and tps vanish.
	if len(fps) > 2 {
		keep := 0
		for i := range fps {
			if i == 0 || i == len(fps)-1 ||
				fps[i-1]-2*fps[i]+fps[i+1] != 0 || tps[i-1]-2*tps[i]+tps[i+1] != 0 {
				fps[keep], tps[keep], thr[keep] = fps[i], tps[i], thr[i]
				keep++
			}
		}
		fps, tps, thr = fps[:keep], tps[:keep], thr[:keep]
	}

	m := len(fps) + 1
	fpr, tpr, thresholds = make([]float64, m), make([]float64, m), make([]float64, m)
	thresholds[0] = thr[0] + 1
	lastF, lastT := fps[len(fps)-1], tps[len(tps)-1]
	for i := range fps {
		fpr[i+1] = fps[i] / lastF
		tpr[i+1] = tps[i] / lastT
		thresholds[i+1] = thr[i]
	}
	return fpr, tpr, thresholds, nil
}

// AUC returns the area under the curve through the points (x[i], y[i]) by
// the trapezoidal rule, as sklearn's auc. x must be monotonic (increasing or
// decreasing) and have at least two points.
func AUC(x, y []float64) (float64, error) {
	if len(x) < 2 {
		return 0, fmt.Errorf("metrics: AUC: need at least 2 points to compute an area, got %d", len(x))
	}
	if len(x) != len(y) {
		return 0, fmt.Errorf("metrics: AUC: x has %d values but y has %d", len(x), len(y))
	}
	if err := checkFinite(x); err != nil {
		return 0, fmt.Errorf("metrics: AUC: x%w", err)
	}
	if err := checkFinite(y); err != nil {
		return 0, fmt.Errorf("metrics: AUC: y%w", err)
	}
	direction := 1.0
	inc, dec := true, true
	for i := 1; i < len(x); i++ {
		if x[i] < x[i-1] {
			inc = false
		}
		if x[i] > x[i-1] {
			dec = false
		}
	}
	switch {
	case inc:
	case dec:
		direction = -1
	default:
		return 0, fmt.Errorf("metrics: AUC: x is neither increasing nor decreasing")
	}
	var area float64
	for i := 1; i < len(x); i++ {
		area += (x[i] - x[i-1]) * (y[i] + y[i-1]) / 2
	}
	return direction * area, nil
}

// ROCAUC returns the area under the ROC curve of scores for a binary
// problem, as sklearn's roc_auc_score: the probability that a random
// positive sample scores higher than a random negative one (ties count
// half). yTrue must hold exactly two labels; the larger one is positive.
func ROCAUC(yTrue, scores []float64) (float64, error) {
	if err := checkPair("ROCAUC", yTrue, scores); err != nil {
		return 0, err
	}
	labels := unionLabels(yTrue, nil)
	if len(labels) != 2 {
		return 0, fmt.Errorf("metrics: ROCAUC: yTrue must hold exactly two labels, got %d %v", len(labels), labels)
	}
	fpr, tpr, _, err := ROC(yTrue, scores, labels[1])
	if err != nil {
		return 0, fmt.Errorf("metrics: ROCAUC: %w", err)
	}
	return AUC(fpr, tpr)
}

// LogLoss returns the mean negative log-likelihood -mean(log p[i][y[i]]) of
// the true labels under predicted probabilities, as sklearn's log_loss.
// proba has one row per sample and one column per class, the columns
// ordered as classes (as returned by a classifier's Classes and PredictProba).
// As sklearn 1.2 does, probabilities are clipped to [ε, 1-ε] with ε the
// float64 machine epsilon (2.22e-16) and each row is then renormalized to
// sum to 1.
func LogLoss(yTrue []float64, proba *mat.Dense, classes []float64) (float64, error) {
	if len(yTrue) == 0 {
		return 0, fmt.Errorf("metrics: LogLoss: yTrue is empty")
	}
	if proba == nil {
		return 0, fmt.Errorf("metrics: LogLoss: proba is nil")
	}
	if err := checkFinite(yTrue); err != nil {
		return 0, fmt.Errorf("metrics: LogLoss: yTrue%w", err)
	}
	r, c := proba.Dims()
	if r != len(yTrue) {
		return 0, fmt.Errorf("metrics: LogLoss: yTrue has %d values but proba has %d rows", len(yTrue), r)
	}
	if len(classes) < 2 {
		return 0, fmt.Errorf("metrics: LogLoss: need at least two classes, got %v", classes)
	}
	if c != len(classes) {
		return 0, fmt.Errorf("metrics: LogLoss: proba has %d columns but there are %d classes %v", c, len(classes), classes)
	}
	sorted := slices.Clone(classes)
	slices.Sort(sorted)
	if len(slices.Compact(sorted)) != len(classes) {
		return 0, fmt.Errorf("metrics: LogLoss: classes %v holds duplicates", classes)
	}
	col := make(map[float64]int, len(classes))
	for j, cl := range classes {
		col[cl] = j
	}
	const eps = 0x1p-52 // np.finfo(np.float64).eps
	var total float64
	for i, t := range yTrue {
		j, ok := col[t]
		if !ok {
			return 0, fmt.Errorf("metrics: LogLoss: yTrue[%d] = %v is not one of the classes %v", i, t, classes)
		}
		var rowSum, pt float64
		for k := 0; k < c; k++ {
			p := proba.At(i, k)
			if math.IsNaN(p) || math.IsInf(p, 0) {
				return 0, fmt.Errorf("metrics: LogLoss: proba[%d][%d] is %v: probabilities must be finite", i, k, p)
			}
			p = min(max(p, eps), 1-eps)
			rowSum += p
			if k == j {
				pt = p
			}
		}
		total -= math.Log(pt / rowSum)
	}
	return total / float64(len(yTrue)), nil
}
