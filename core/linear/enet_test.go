package linear

import (
	"fmt"
	"testing"
)

func TestLassoMatchesSklearn(t *testing.T) {
	ref := loadReference(t)
	X, y := diabetes("std")
	for _, c := range ref.Lasso {
		t.Run(fmt.Sprintf("alpha=%g/intercept=%v", c.Alpha, c.FitIntercept), func(t *testing.T) {
			// Tight tolerance on both sides: the optimum itself.
			m := &Lasso{Config: LassoConfig{Alpha: c.Alpha, NoIntercept: !c.FitIntercept, Tol: 1e-10, MaxIter: 100000}}
			if err := m.Fit(X, y); err != nil {
				t.Fatal(err)
			}
			if e := relErr(m.Coef(), c.Coef); e > 1e-6 {
				t.Errorf("coef relative error %.3g > 1e-6:\n got %v\nwant %v", e, m.Coef(), c.Coef)
			}
			if e := relDiff(m.Intercept(), c.Intercept); c.FitIntercept && e > 1e-6 {
				t.Errorf("intercept %v, want %v", m.Intercept(), c.Intercept)
			}
			// Default tolerance: the same iterates and stopping point.
			d := &Lasso{Config: LassoConfig{Alpha: c.Alpha, NoIntercept: !c.FitIntercept}}
			if err := d.Fit(X, y); err != nil {
				t.Fatal(err)
			}
			if d.Iterations() != c.DefaultNIter {
				t.Errorf("default tolerance: %d sweeps, scikit-learn %d", d.Iterations(), c.DefaultNIter)
			}
			if e := relErr(d.Coef(), c.DefaultCoef); e > 1e-8 {
				t.Errorf("default tolerance: coef relative error %.3g:\n got %v\nwant %v", e, d.Coef(), c.DefaultCoef)
			}
			if e := relDiff(d.DualGap(), c.DefaultDualGap); e > 1e-6 {
				t.Errorf("default tolerance: dual gap %v, scikit-learn %v", d.DualGap(), c.DefaultDualGap)
			}
			if !d.Converged() {
				t.Errorf("not converged")
			}
		})
	}
}

func TestElasticNetMatchesSklearn(t *testing.T) {
	ref := loadReference(t)
	X, y := diabetes("std")
	for _, c := range ref.ENet {
		t.Run(fmt.Sprintf("alpha=%g/l1=%g", c.Alpha, c.L1Ratio), func(t *testing.T) {
			m := &ElasticNet{Config: ElasticNetConfig{Alpha: c.Alpha, L1Ratio: c.L1Ratio, Tol: 1e-10, MaxIter: 100000}}
			if err := m.Fit(X, y); err != nil {
				t.Fatal(err)
			}
			if e := relErr(m.Coef(), c.Coef); e > 1e-6 {
				t.Errorf("coef relative error %.3g > 1e-6:\n got %v\nwant %v", e, m.Coef(), c.Coef)
			}
			if e := relDiff(m.Intercept(), c.Intercept); e > 1e-6 {
				t.Errorf("intercept %v, want %v", m.Intercept(), c.Intercept)
			}
		})
	}
}
