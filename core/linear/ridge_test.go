package linear

import (
	"fmt"
	"testing"
)

func TestRidgeMatchesSklearn(t *testing.T) {
	ref := loadReference(t)
	for _, c := range ref.Ridge {
		t.Run(fmt.Sprintf("%s/alpha=%g/intercept=%v", c.Data, c.Alpha, c.FitIntercept), func(t *testing.T) {
			X, y := diabetes(c.Data)
			m := &Ridge{Config: RidgeConfig{Alpha: c.Alpha, NoIntercept: !c.FitIntercept}}
			if err := m.Fit(X, y); err != nil {
				t.Fatal(err)
			}
			if e := relErr(m.Coef(), c.Coef); e > 1e-6 {
				t.Errorf("coef relative error %.3g > 1e-6:\n got %v\nwant %v", e, m.Coef(), c.Coef)
			}
			if e := relDiff(m.Intercept(), c.Intercept); c.FitIntercept && e > 1e-6 {
				t.Errorf("intercept %v, want %v", m.Intercept(), c.Intercept)
			}
			r2, err := m.Score(X, y)
			if err != nil {
				t.Fatal(err)
			}
			if e := relDiff(r2, c.R2); e > 1e-9 {
				t.Errorf("R² %v, want %v", r2, c.R2)
			}
		})
	}
}

func TestRidgeDefaultsAndNoPenalty(t *testing.T) {
	X, y := diabetes("std")
	var def, one Ridge
	one.Config.Alpha = 1
	if err := def.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	if err := one.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	if e := relErr(def.Coef(), one.Coef()); e != 0 {
		t.Errorf("zero Config gives coef %v, Alpha=1 gives %v", def.Coef(), one.Coef())
	}
	var ols LinearRegression
	none := Ridge{Config: RidgeConfig{NoPenalty: true}}
	if err := ols.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	if err := none.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	if e := relErr(none.Coef(), ols.Coef()); e > 1e-12 {
		t.Errorf("NoPenalty coef %v, OLS %v", none.Coef(), ols.Coef())
	}
}
