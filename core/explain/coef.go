package explain

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Linear is a fitted linear model with one coefficient vector, such as
// linear.LinearRegression or privacy.DPLogisticRegression.
type Linear interface {
	Coef() []float64
	Intercept() float64
}

// CoefRow is one feature of a CoefTable.
type CoefRow struct {
	// Feature is the feature's name and Index its column.
	Feature string
	Index   int
	// Coef is the coefficient on the scale the model was fitted on.
	Coef float64
	// Std is the feature's standard deviation as given (0 when none was).
	Std float64
	// Standardized is Coef·Std: the change in the decision value for a
	// one-standard-deviation change of the feature, which makes features
	// measured in different units comparable. It equals Coef when no
	// standard deviations were given.
	Standardized float64
}

// CoefTable lists a linear model's coefficients with feature names.
type CoefTable struct {
	// Intercept is the model's intercept.
	Intercept float64
	// Rows are sorted by decreasing |Standardized| (ties by column).
	Rows []CoefRow
	// HasStd reports whether standard deviations were given.
	HasStd bool
}

// Coefficients builds the coefficient table of a linear model. names may
// be nil (columns are then called x0, x1, …); stds, when non-nil, holds the
// standard deviation of each feature in the training data, to add the
// standardized column coef·std. Pass the raw-scale coefficients: for a model
// fitted on already standardized features, pass stds = nil.
func Coefficients(names []string, coef []float64, intercept float64, stds []float64) (*CoefTable, error) {
	if len(coef) == 0 {
		return nil, fmt.Errorf("explain: Coefficients: no coefficients")
	}
	names, err := featureNames(names, len(coef))
	if err != nil {
		return nil, fmt.Errorf("explain: Coefficients: %w", err)
	}
	if stds != nil && len(stds) != len(coef) {
		return nil, fmt.Errorf("explain: Coefficients: %d standard deviations for %d coefficients", len(stds), len(coef))
	}
	if err := finite("coef", coef); err != nil {
		return nil, fmt.Errorf("explain: Coefficients: %w", err)
	}
	if stds != nil {
		if err := finite("stds", stds); err != nil {
			return nil, fmt.Errorf("explain: Coefficients: %w", err)
		}
		for j, s := range stds {
			if s < 0 {
				return nil, fmt.Errorf("explain: Coefficients: stds[%d] = %v is negative", j, s)
			}
		}
	}
	t := &CoefTable{Intercept: intercept, HasStd: stds != nil, Rows: make([]CoefRow, len(coef))}
	for j, c := range coef {
		r := CoefRow{Feature: names[j], Index: j, Coef: c, Standardized: c}
		if stds != nil {
			r.Std = stds[j]
			r.Standardized = c * stds[j]
		}
		t.Rows[j] = r
	}
	slices.SortStableFunc(t.Rows, func(a, b CoefRow) int {
		return cmp.Compare(math.Abs(b.Standardized), math.Abs(a.Standardized))
	})
	return t, nil
}

// CoefficientsOf is Coefficients for a fitted model with Coef and
// Intercept methods.
func CoefficientsOf(m Linear, names []string, stds []float64) (*CoefTable, error) {
	return Coefficients(names, m.Coef(), m.Intercept(), stds)
}

// String formats the table, largest effects first, with the intercept last.
func (t *CoefTable) String() string {
	w := len("(intercept)")
	for _, r := range t.Rows {
		w = max(w, len(r.Feature))
	}
	var b strings.Builder
	if t.HasStd {
		fmt.Fprintf(&b, "%-*s %10s %10s %10s\n", w, "feature", "coef", "std", "coef×std")
		for _, r := range t.Rows {
			fmt.Fprintf(&b, "%-*s %10.4g %10.4g %10.4g\n", w, r.Feature, r.Coef, r.Std, r.Standardized)
		}
	} else {
		fmt.Fprintf(&b, "%-*s %10s\n", w, "feature", "coef")
		for _, r := range t.Rows {
			fmt.Fprintf(&b, "%-*s %10.4g\n", w, r.Feature, r.Coef)
		}
	}
	fmt.Fprintf(&b, "%-*s %10.4g\n", w, "(intercept)", t.Intercept)
	return b.String()
}

// Term is one feature's share of a linear prediction.
type Term struct {
	// Feature is the feature's name and Index its column.
	Feature string
	Index   int
	// Value is the feature's value x_j in the explained sample, Coef its
	// coefficient, and Contribution = Coef·Value.
	Value, Coef, Contribution float64
}

// Contribution splits one linear prediction (decision value) into the
// intercept plus one term per feature.
type Contribution struct {
	// Intercept is the model's intercept.
	Intercept float64
	// Terms are sorted by decreasing |Contribution| (ties by column).
	Terms []Term
	// Total is Intercept + Σ Contribution: the decision value (the
	// prediction of a linear regression, the log-odds of a logistic
	// regression).
	Total float64
}

// Contributions explains the linear decision value intercept + coef·x of
// one sample x, feature by feature. names may be nil.
func Contributions(names []string, coef []float64, intercept float64, x []float64) (*Contribution, error) {
	if len(coef) == 0 {
		return nil, fmt.Errorf("explain: Contributions: no coefficients")
	}
	if len(x) != len(coef) {
		return nil, fmt.Errorf("explain: Contributions: sample has %d features but the model %d coefficients", len(x), len(coef))
	}
	names, err := featureNames(names, len(coef))
	if err != nil {
		return nil, fmt.Errorf("explain: Contributions: %w", err)
	}
	if err := finite("x", x); err != nil {
		return nil, fmt.Errorf("explain: Contributions: %w", err)
	}
	if err := finite("coef", coef); err != nil {
		return nil, fmt.Errorf("explain: Contributions: %w", err)
	}
	c := &Contribution{Intercept: intercept, Total: intercept, Terms: make([]Term, len(coef))}
	for j, w := range coef {
		v := w * x[j]
		c.Terms[j] = Term{Feature: names[j], Index: j, Value: x[j], Coef: w, Contribution: v}
		c.Total += v
	}
	slices.SortStableFunc(c.Terms, func(a, b Term) int {
		return cmp.Compare(math.Abs(b.Contribution), math.Abs(a.Contribution))
	})
	return c, nil
}

// ContributionsOf is Contributions for a fitted model with Coef and
// Intercept methods.
func ContributionsOf(m Linear, names []string, x []float64) (*Contribution, error) {
	return Contributions(names, m.Coef(), m.Intercept(), x)
}

// String formats the contributions, largest first, then the intercept and
// the total.
func (c *Contribution) String() string {
	w := len("(intercept)")
	for _, t := range c.Terms {
		w = max(w, len(t.Feature))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s %10s %10s %12s\n", w, "feature", "value", "coef", "contribution")
	for _, t := range c.Terms {
		fmt.Fprintf(&b, "%-*s %10.4g %10.4g %+12.4g\n", w, t.Feature, t.Value, t.Coef, t.Contribution)
	}
	fmt.Fprintf(&b, "%-*s %10s %10s %+12.4g\n", w, "(intercept)", "", "", c.Intercept)
	fmt.Fprintf(&b, "%-*s %10s %10s %12.4g\n", w, "total", "", "", c.Total)
	return b.String()
}

// featureNames returns names, or x0, x1, … when names is nil.
func featureNames(names []string, p int) ([]string, error) {
	if names == nil {
		names = make([]string, p)
		for j := range names {
			names[j] = fmt.Sprintf("x%d", j)
		}
		return names, nil
	}
	if len(names) != p {
		return nil, fmt.Errorf("%d feature names for %d features", len(names), p)
	}
	return names, nil
}

func finite(what string, v []float64) error {
	for j, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s[%d] is %v: values must be finite", what, j, x)
		}
	}
	return nil
}
