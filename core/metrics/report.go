package metrics

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Scores holds the precision, recall and F1 of one class (or an average over
// classes) and its support, the number of true samples it covers.
type Scores struct {
	Precision, Recall, F1 float64
	Support               int
}

// Report is a classification report: per-class scores, accuracy and macro
// and weighted averages, as sklearn's classification_report.
type Report struct {
	// Labels are the sorted distinct labels of yTrue and yPred.
	Labels []float64
	// Names names Labels[i] in the text report.
	Names []string
	// Classes holds the scores of Labels[i].
	Classes []Scores
	// Accuracy is the fraction of correct predictions.
	Accuracy float64
	// MacroAvg is the unweighted mean of the per-class scores.
	MacroAvg Scores
	// WeightedAvg is the mean of the per-class scores weighted by support.
	WeightedAvg Scores
}

// ClassificationReport scores predictions per class and overall. targetNames,
// when not nil, names the sorted distinct labels of yTrue and yPred in order
// (for the usual labels 0..k-1 with every class present, a dataset's
// TargetNames); nil names each class by its label.
func ClassificationReport(yTrue, yPred []float64, targetNames []string) (*Report, error) {
	if err := checkLabels("ClassificationReport", yTrue, yPred); err != nil {
		return nil, err
	}
	c := countLabels(yTrue, yPred)
	k := len(c.labels)
	names := targetNames
	if names == nil {
		names = make([]string, k)
		for i, l := range c.labels {
			names[i] = fmt.Sprintf("%g", l)
		}
	} else if len(names) != k {
		return nil, fmt.Errorf("metrics: ClassificationReport: yTrue and yPred hold %d labels %v but %d target names were given", k, c.labels, len(names))
	}
	p, r, f := c.perClass(0)
	rep := &Report{Labels: c.labels, Names: names, Classes: make([]Scores, k)}
	var tp int
	for j := range c.labels {
		rep.Classes[j] = Scores{Precision: p[j], Recall: r[j], F1: f[j], Support: c.trueSum[j]}
		tp += c.tp[j]
	}
	n := len(yTrue)
	rep.Accuracy = float64(tp) / float64(n)
	kf, nf := float64(k), float64(n)
	rep.MacroAvg = Scores{Precision: sum(p) / kf, Recall: sum(r) / kf, F1: sum(f) / kf, Support: n}
	rep.WeightedAvg = Scores{
		Precision: weightedSum(p, c.trueSum) / nf,
		Recall:    weightedSum(r, c.trueSum) / nf,
		F1:        weightedSum(f, c.trueSum) / nf,
		Support:   n,
	}
	return rep, nil
}

// String renders the report with two decimals, laid out as sklearn's
// classification_report text.
func (r *Report) String() string { return r.Text(2) }

// Text renders the report with the given number of decimals (sklearn's
// digits parameter).
func (r *Report) Text(digits int) string {
	width := max(len("weighted avg"), digits)
	for _, n := range r.Names {
		width = max(width, utf8.RuneCountInString(n))
	}
	pad := func(s string) string {
		return strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s))) + s
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %9s %9s %9s %9s\n\n", pad(""), "precision", "recall", "f1-score", "support")
	row := func(name string, s Scores) {
		fmt.Fprintf(&b, "%s  %9.*f %9.*f %9.*f %9d\n", pad(name), digits, s.Precision, digits, s.Recall, digits, s.F1, s.Support)
	}
	for i, s := range r.Classes {
		row(r.Names[i], s)
	}
	b.WriteByte('\n')
	fmt.Fprintf(&b, "%s  %9s %9s %9.*f %9d\n", pad("accuracy"), "", "", digits, r.Accuracy, r.MacroAvg.Support)
	row("macro avg", r.MacroAvg)
	row("weighted avg", r.WeightedAvg)
	return b.String()
}
