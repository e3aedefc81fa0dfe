package persist_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/core/model"
	"github.com/descentml/descent/core/persist"
	"github.com/descentml/descent/core/preprocess"
	"github.com/descentml/descent/core/privacy"
	"github.com/descentml/descent/core/sgd"
	"github.com/descentml/descent/core/svm"
	"gonum.org/v1/gonum/mat"
)

type fittable interface {
	model.Estimator
	json.Marshaler
}

func binaryIris() *data.Dataset {
	ds := data.Iris()
	var idx []int
	for i, y := range ds.Y {
		if y < 2 {
			idx = append(idx, i)
		}
	}
	return ds.Subset(idx)
}

func scaled(m model.Estimator) *preprocess.Pipeline {
	return preprocess.NewPipeline(
		preprocess.Step{Name: "scale", Estimator: &preprocess.StandardScaler{}},
		preprocess.Step{Name: "model", Estimator: m},
	)
}

// outputs is what a user sees from a model: predictions, or for a
// transformer the transformed matrix.
func outputs(t *testing.T, m model.Estimator, X mat.Matrix) []float64 {
	t.Helper()
	switch m := m.(type) {
	case model.Predictor:
		p, err := m.Predict(X)
		if err != nil {
			t.Fatal(err)
		}
		if d, ok := m.(model.DecisionFunctioner); ok {
			if f, err := d.DecisionFunction(X); err == nil {
				p = append(p, f.RawMatrix().Data...)
			}
		}
		return p
	case model.Transformer:
		out, err := m.Transform(X)
		if err != nil {
			t.Fatal(err)
		}
		return mat.DenseCopyOf(out).RawMatrix().Data
	}
	t.Fatalf("%T neither predicts nor transforms", m)
	return nil
}

func TestRoundTripEveryKind(t *testing.T) {
	iris, diabetes, binary := data.Iris(), data.Diabetes(), binaryIris()
	tests := []struct {
		kind string
		m    fittable
		ds   *data.Dataset
	}{
		{"linear.LinearRegression", &linear.LinearRegression{}, diabetes},
		{"linear.Ridge", &linear.Ridge{}, diabetes},
		{"linear.Lasso", &linear.Lasso{}, diabetes},
		{"linear.ElasticNet", &linear.ElasticNet{}, diabetes},
		{"linear.LogisticRegression", &linear.LogisticRegression{Config: linear.LogisticRegressionConfig{MaxIter: 500}}, iris},
		{"sgd.Classifier", &sgd.Classifier{Config: sgd.Config{Seed: 1}}, iris},
		{"sgd.Regressor", &sgd.Regressor{Config: sgd.Config{Seed: 1}}, diabetes},
		{"svm.SVC", &svm.SVC{}, iris},
		{"svm.SVR", &svm.SVR{}, diabetes},
		{"svm.LinearSVC", &svm.LinearSVC{}, binary},
		{"preprocess.StandardScaler", &preprocess.StandardScaler{}, iris},
		{"preprocess.MinMaxScaler", &preprocess.MinMaxScaler{}, iris},
		{"preprocess.PolynomialFeatures", &preprocess.PolynomialFeatures{}, iris},
		{"preprocess.OneHotEncoder", &preprocess.OneHotEncoder{}, iris},
		{"privacy.DPLogisticRegression", &privacy.DPLogisticRegression{Config: privacy.Config{Seed: 1}}, binary},
		{"privacy.DPLinearSVM", &privacy.DPLinearSVM{Config: privacy.Config{Seed: 1}}, binary},
		{"privacy.DPLinearRegression", &privacy.DPLinearRegression{Config: privacy.Config{Seed: 1}}, diabetes},
		{"preprocess.Pipeline", scaled(&svm.SVC{}), iris},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.kind] = true
		t.Run(tt.kind, func(t *testing.T) {
			if err := tt.m.Fit(tt.ds.X, tt.ds.Y); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := persist.Save(&buf, tt.m); err != nil {
				t.Fatal(err)
			}
			env, err := model.ReadEnvelope(buf.Bytes())
			if err != nil || env.Kind != tt.kind {
				t.Fatalf("saved kind %q (%v), want %q", env.Kind, err, tt.kind)
			}
			got, err := persist.Load(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprintf("%T", got) != fmt.Sprintf("%T", tt.m) {
				t.Fatalf("loaded a %T, saved a %T", got, tt.m)
			}
			want, have := outputs(t, tt.m, tt.ds.X), outputs(t, got, tt.ds.X)
			if len(want) != len(have) {
				t.Fatalf("%d outputs after loading, %d before", len(have), len(want))
			}
			for i := range want {
				if want[i] != have[i] {
					t.Fatalf("output %d is %v after loading, %v before", i, have[i], want[i])
				}
			}
		})
	}
	for _, k := range persist.Kinds() {
		if !covered[k] {
			t.Errorf("kind %s has no round-trip test", k)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	ridge := &linear.Ridge{}
	ds := data.Diabetes()
	if err := ridge.Fit(ds.X, ds.Y); err != nil {
		t.Fatal(err)
	}
	good, err := ridge.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	future := strings.Replace(string(good), `"version":1`, `"version":99`, 1)
	tests := []struct {
		name, file, want string
		is               error
	}{
		{"empty", "", "not a descent model file", nil},
		{"not json", "hello", "not a descent model file", nil},
		{"other json", `{"a":1}`, `format is ""`, nil},
		{"unknown kind", `{"format":"descent-model","kind":"nn.MLP","version":1,"model":{}}`, `unknown model kind "nn.MLP"`, persist.ErrUnknownKind},
		{"future version", future, "version 99", model.ErrFutureVersion},
		{"truncated", string(good[:len(good)/2]), "not a descent model file", nil},
		{"corrupt payload", `{"format":"descent-model","kind":"linear.Ridge","version":1,"model":{"coef":"x"}}`, "linear.Ridge", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := persist.Load(strings.NewReader(tt.file))
			if err == nil {
				t.Fatalf("loaded %T from a bad file", m)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not mention %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("error %q does not wrap %v", err, tt.is)
			}
		})
	}
}

func TestSaveUnfitted(t *testing.T) {
	var buf bytes.Buffer
	if err := persist.Save(&buf, &linear.LogisticRegression{}); err == nil {
		t.Fatal("saved an unfitted model")
	}
}
