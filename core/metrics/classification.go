package metrics

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Average selects how Precision, Recall and F1 combine the per-class scores
// into one number.
type Average int

const (
	// Binary scores only the positive class (label 1 unless the PosLabel
	// option says otherwise). It is an error when yTrue and yPred together
	// hold more than two labels. It is the zero value, as sklearn's default.
	Binary Average = iota
	// Macro is the unweighted mean of the per-class scores: every class
	// counts the same, however rare.
	Macro
	// Micro pools the true positives, false positives and false negatives of
	// all classes before dividing; for single-label problems micro
	// precision, recall and F1 all equal the accuracy.
	Micro
	// Weighted is the mean of the per-class scores weighted by each class's
	// support (its number of true samples).
	Weighted
)

// String returns the sklearn name of the averaging: "binary", "macro",
// "micro" or "weighted".
func (a Average) String() string {
	switch a {
	case Binary:
		return "binary"
	case Macro:
		return "macro"
	case Micro:
		return "micro"
	case Weighted:
		return "weighted"
	}
	return fmt.Sprintf("Average(%d)", int(a))
}

// Option adjusts Precision, Recall and F1.
type Option func(*options)

type options struct {
	posLabel     float64
	zeroDivision float64
}

// PosLabel sets the label of the positive class for Binary averaging
// (default 1). Other averagings ignore it.
func PosLabel(label float64) Option {
	return func(o *options) { o.posLabel = label }
}

// ZeroDivision sets the value (sklearn allows 0 or 1; default 0) given to a
// precision with no predicted samples or a recall with no true samples.
func ZeroDivision(v float64) Option {
	return func(o *options) { o.zeroDivision = v }
}

// Accuracy returns the fraction of predictions equal to the true label, as
// sklearn's accuracy_score.
func Accuracy(yTrue, yPred []float64) (float64, error) {
	if err := checkLabels("Accuracy", yTrue, yPred); err != nil {
		return 0, err
	}
	correct := 0
	for i, t := range yTrue {
		if t == yPred[i] {
			correct++
		}
	}
	return float64(correct) / float64(len(yTrue)), nil
}

// Precision returns tp / (tp + fp): of the samples predicted in a class, the
// fraction truly in it, averaged over classes as avg says. See the package
// documentation for zero divisions.
func Precision(yTrue, yPred []float64, avg Average, opts ...Option) (float64, error) {
	p, _, _, err := prf("Precision", yTrue, yPred, avg, opts)
	return p, err
}

// Recall returns tp / (tp + fn): of the samples truly in a class, the
// fraction predicted in it, averaged over classes as avg says.
func Recall(yTrue, yPred []float64, avg Average, opts ...Option) (float64, error) {
	_, r, _, err := prf("Recall", yTrue, yPred, avg, opts)
	return r, err
}

// F1 returns the harmonic mean 2·P·R/(P+R) of precision and recall (0 when
// both are 0), averaged over classes as avg says. Macro and Weighted average
// the per-class F1 scores, as sklearn does, rather than taking the F1 of the
// averaged precision and recall.
func F1(yTrue, yPred []float64, avg Average, opts ...Option) (float64, error) {
	_, _, f, err := prf("F1", yTrue, yPred, avg, opts)
	return f, err
}

// counts holds the per-label sufficient statistics of a classification.
type counts struct {
	labels               []float64 // sorted distinct labels of yTrue ∪ yPred
	tp, predSum, trueSum []int     // per label
}

// countLabels tallies true positives, predictions and true samples per label.
func countLabels(yTrue, yPred []float64) counts {
	labels := unionLabels(yTrue, yPred)
	c := counts{
		labels:  labels,
		tp:      make([]int, len(labels)),
		predSum: make([]int, len(labels)),
		trueSum: make([]int, len(labels)),
	}
	for i, t := range yTrue {
		ti, _ := slices.BinarySearch(labels, t)
		pi, _ := slices.BinarySearch(labels, yPred[i])
		c.trueSum[ti]++
		c.predSum[pi]++
		if ti == pi {
			c.tp[ti]++
		}
	}
	return c
}

// unionLabels returns the sorted distinct values of a and b.
func unionLabels(a, b []float64) []float64 {
	labels := make([]float64, 0, len(a)+len(b))
	labels = append(labels, a...)
	labels = append(labels, b...)
	slices.Sort(labels)
	return slices.Compact(labels)
}

// divide returns num/den, or zero when den is 0 (sklearn's _prf_divide).
func divide(num, den int, zero float64) float64 {
	if den == 0 {
		return zero
	}
	return float64(num) / float64(den)
}

// fScore returns 2PR/(P+R), 0 when P+R is 0, computed in sklearn's order.
func fScore(p, r float64) float64 {
	den := p + r
	if den == 0 {
		den = 1
	}
	return 2 * p * r / den
}

// perClass returns the per-label precision, recall and F1 of c.
func (c counts) perClass(zero float64) (p, r, f []float64) {
	k := len(c.labels)
	p, r, f = make([]float64, k), make([]float64, k), make([]float64, k)
	for j := range c.labels {
		p[j] = divide(c.tp[j], c.predSum[j], zero)
		r[j] = divide(c.tp[j], c.trueSum[j], zero)
		f[j] = fScore(p[j], r[j])
	}
	return p, r, f
}

// prf computes precision, recall and F1 averaged as avg says, following
// sklearn's precision_recall_fscore_support.
func prf(fn string, yTrue, yPred []float64, avg Average, opts []Option) (p, r, f float64, err error) {
	o := options{posLabel: 1}
	for _, opt := range opts {
		opt(&o)
	}
	if err := checkLabels(fn, yTrue, yPred); err != nil {
		return 0, 0, 0, err
	}
	c := countLabels(yTrue, yPred)
	z := o.zeroDivision
	switch avg {
	case Binary:
		if len(c.labels) > 2 {
			return 0, 0, 0, fmt.Errorf("metrics: %s: average Binary needs at most two labels but yTrue and yPred hold %d %v: use Macro, Micro or Weighted", fn, len(c.labels), c.labels)
		}
		j, ok := slices.BinarySearch(c.labels, o.posLabel)
		if !ok {
			if len(c.labels) == 2 {
				return 0, 0, 0, fmt.Errorf("metrics: %s: positive label %v is not one of the labels %v: set it with PosLabel", fn, o.posLabel, c.labels)
			}
			// Positive class absent from both: no true or predicted positives.
			p, r = z, z
			return p, r, fScore(p, r), nil
		}
		p = divide(c.tp[j], c.predSum[j], z)
		r = divide(c.tp[j], c.trueSum[j], z)
		return p, r, fScore(p, r), nil
	case Micro:
		var tp, ps, ts int
		for j := range c.labels {
			tp += c.tp[j]
			ps += c.predSum[j]
			ts += c.trueSum[j]
		}
		p = divide(tp, ps, z)
		r = divide(tp, ts, z)
		return p, r, fScore(p, r), nil
	case Macro:
		pc, rc, fc := c.perClass(z)
		k := float64(len(c.labels))
		return sum(pc) / k, sum(rc) / k, sum(fc) / k, nil
	case Weighted:
		pc, rc, fc := c.perClass(z)
		// The weights (supports) sum to len(yTrue) > 0, so sklearn's
		// all-zero-weights case cannot happen here.
		w := float64(len(yTrue))
		return weightedSum(pc, c.trueSum) / w, weightedSum(rc, c.trueSum) / w, weightedSum(fc, c.trueSum) / w, nil
	}
	return 0, 0, 0, fmt.Errorf("metrics: %s: unknown average %d", fn, int(avg))
}

func sum(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s
}

func weightedSum(v []float64, w []int) float64 {
	var s float64
	for i, x := range v {
		s += x * float64(w[i])
	}
	return s
}

// Confusion is a confusion matrix: Counts[i][j] is the number of samples
// whose true label is Labels[i] and whose predicted label is Labels[j].
type Confusion struct {
	// Labels are the sorted distinct labels of yTrue and yPred.
	Labels []float64
	// Counts has one row per true label and one column per predicted label.
	Counts [][]int
	// Names optionally names Labels[i] in String; nil prints the labels.
	Names []string
}

// ConfusionMatrix counts, for every pair of labels, how many samples of the
// first (true) label were predicted as the second, as sklearn's
// confusion_matrix. Labels are the sorted union of yTrue and yPred.
func ConfusionMatrix(yTrue, yPred []float64) (*Confusion, error) {
	if err := checkLabels("ConfusionMatrix", yTrue, yPred); err != nil {
		return nil, err
	}
	labels := unionLabels(yTrue, yPred)
	k := len(labels)
	counts := make([][]int, k)
	backing := make([]int, k*k)
	for i := range counts {
		counts[i] = backing[i*k : (i+1)*k]
	}
	for i, t := range yTrue {
		ti, _ := slices.BinarySearch(labels, t)
		pi, _ := slices.BinarySearch(labels, yPred[i])
		counts[ti][pi]++
	}
	return &Confusion{Labels: labels, Counts: counts}, nil
}

// Dense returns the counts as a matrix (rows true, columns predicted).
func (c *Confusion) Dense() *mat.Dense {
	k := len(c.Labels)
	d := mat.NewDense(k, k, nil)
	for i, row := range c.Counts {
		for j, v := range row {
			d.Set(i, j, float64(v))
		}
	}
	return d
}

// String renders the matrix as a text table with true labels down the side
// and predicted labels across the top, e.g.
//
//	true\pred  0  1
//	        0  5  1
//	        1  2  4
func (c *Confusion) String() string {
	names := make([]string, len(c.Labels))
	for i, l := range c.Labels {
		if i < len(c.Names) {
			names[i] = c.Names[i]
		} else {
			names[i] = fmt.Sprintf("%g", l)
		}
	}
	const corner = `true\pred`
	first := len(corner)
	for _, n := range names {
		first = max(first, len(n))
	}
	cols := make([]int, len(names))
	for j, n := range names {
		cols[j] = len(n)
		for i := range c.Counts {
			cols[j] = max(cols[j], len(fmt.Sprint(c.Counts[i][j])))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%*s", first, corner)
	for j, n := range names {
		fmt.Fprintf(&b, "  %*s", cols[j], n)
	}
	b.WriteByte('\n')
	for i, row := range c.Counts {
		fmt.Fprintf(&b, "%*s", first, names[i])
		for j, v := range row {
			fmt.Fprintf(&b, "  %*d", cols[j], v)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
