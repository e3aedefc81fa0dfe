package preprocess_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/descentml/descent/core/data"
	"github.com/descentml/descent/core/model"
	"github.com/descentml/descent/core/preprocess"
	"gonum.org/v1/gonum/mat"
)

// nearestCentroid is a tiny classifier for the pipeline tests: it predicts
// the class whose training mean is closest (Euclidean), so it is sensitive
// to feature scales, and its probabilities are a softmax of minus the
// squared distances.
type nearestCentroid struct {
	Classes_   []float64   `json:"classes"`
	Centroids_ [][]float64 `json:"centroids"`
}

func (m *nearestCentroid) Fit(X mat.Matrix, y []float64) error {
	n, p, err := model.CheckXY(X, y)
	if err != nil {
		return err
	}
	classes, err := model.ClassLabels(y)
	if err != nil {
		return err
	}
	idx, _ := model.ClassIndex(y, classes)
	cent := make([][]float64, len(classes))
	count := make([]float64, len(classes))
	for k := range cent {
		cent[k] = make([]float64, p)
	}
	for i := 0; i < n; i++ {
		count[idx[i]]++
		for j := 0; j < p; j++ {
			cent[idx[i]][j] += X.At(i, j)
		}
	}
	for k := range cent {
		for j := range cent[k] {
			cent[k][j] /= count[k]
		}
	}
	m.Classes_, m.Centroids_ = classes, cent
	return nil
}

func (m *nearestCentroid) dist(X mat.Matrix) ([][]float64, error) {
	if m.Centroids_ == nil {
		return nil, model.ErrNotFitted
	}
	n, _, err := model.CheckX(X, len(m.Centroids_[0]))
	if err != nil {
		return nil, err
	}
	d := make([][]float64, n)
	for i := range d {
		d[i] = make([]float64, len(m.Centroids_))
		for k, c := range m.Centroids_ {
			for j, v := range c {
				e := X.At(i, j) - v
				d[i][k] += e * e
			}
		}
	}
	return d, nil
}

func (m *nearestCentroid) Predict(X mat.Matrix) ([]float64, error) {
	d, err := m.dist(X)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(d))
	for i, row := range d {
		out[i] = m.Classes_[slices.Index(row, slices.Min(row))]
	}
	return out, nil
}

func (m *nearestCentroid) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	d, err := m.dist(X)
	if err != nil {
		return nil, err
	}
	out := mat.NewDense(len(d), len(m.Classes_), nil)
	for i, row := range d {
		lo := slices.Min(row)
		var s float64
		for k, v := range row {
			e := math.Exp(lo - v)
			out.Set(i, k, e)
			s += e
		}
		for k := range row {
			out.Set(i, k, out.At(i, k)/s)
		}
	}
	return out, nil
}

func (m *nearestCentroid) Score(X mat.Matrix, y []float64) (float64, error) {
	p, err := m.Predict(X)
	if err != nil {
		return 0, err
	}
	c := 0
	for i := range p {
		if p[i] == y[i] {
			c++
		}
	}
	return float64(c) / float64(len(y)), nil
}

func (m *nearestCentroid) Classes() []float64 { return m.Classes_ }

type ncAlias nearestCentroid

func (m *nearestCentroid) MarshalJSON() ([]byte, error) {
	return model.MarshalEnvelope("test.NearestCentroid", 1, (*ncAlias)(m))
}

func (m *nearestCentroid) UnmarshalJSON(b []byte) error {
	_, err := model.UnmarshalEnvelope(b, "test.NearestCentroid", 1, (*ncAlias)(m))
	return err
}

// meanRegressor predicts the mean of the training targets.
type meanRegressor struct{ mean float64 }

func (m *meanRegressor) Fit(X mat.Matrix, y []float64) error {
	if _, _, err := model.CheckXY(X, y); err != nil {
		return err
	}
	m.mean = 0
	for _, v := range y {
		m.mean += v / float64(len(y))
	}
	return nil
}

func (m *meanRegressor) Predict(X mat.Matrix) ([]float64, error) {
	n, _ := X.Dims()
	out := make([]float64, n)
	for i := range out {
		out[i] = m.mean
	}
	return out, nil
}

func (m *meanRegressor) Score(X mat.Matrix, y []float64) (float64, error) { return 0, nil }

// decode is a Decoder knowing this package's kinds and the test classifier.
func decode(kind string, raw []byte) (model.Estimator, error) {
	if kind == "test.NearestCentroid" {
		m := &nearestCentroid{}
		return m, m.UnmarshalJSON(raw)
	}
	return preprocess.Decode(kind, raw)
}

func TestPipelineScalingHelpsNearestCentroid(t *testing.T) {
	ds := data.Wine()
	// Proline (hundreds to ~1700) dominates unscaled distances.
	raw := &nearestCentroid{}
	if err := raw.Fit(ds.X, ds.Y); err != nil {
		t.Fatal(err)
	}
	rawAcc, _ := raw.Score(ds.X, ds.Y)

	p := preprocess.NewPipeline(
		preprocess.Step{Name: "scale", Estimator: &preprocess.StandardScaler{}},
		preprocess.Step{Name: "nc", Estimator: &nearestCentroid{}},
	)
	if err := p.Fit(ds.X, ds.Y); err != nil {
		t.Fatal(err)
	}
	acc, err := p.Score(ds.X, ds.Y)
	if err != nil {
		t.Fatal(err)
	}
	if acc < 0.95 || acc <= rawAcc+0.1 {
		t.Errorf("accuracy with scaling %.3f, without %.3f: want ≥ 0.95 and clearly better", acc, rawAcc)
	}

	// The pipeline equals scaling by hand then fitting the classifier.
	s := &preprocess.StandardScaler{}
	Z, _ := s.FitTransform(ds.X, nil)
	manual := &nearestCentroid{}
	if err := manual.Fit(Z, ds.Y); err != nil {
		t.Fatal(err)
	}
	want, _ := manual.PredictProba(Z)
	got, err := p.PredictProba(ds.X)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(got, want) {
		t.Error("pipeline PredictProba differs from scaling then predicting by hand")
	}
	if !slices.Equal(p.Classes(), []float64{0, 1, 2}) {
		t.Errorf("Classes = %v", p.Classes())
	}
	if sc, ok := p.Named("scale").(*preprocess.StandardScaler); !ok || !slices.Equal(sc.Mean(), s.Mean()) {
		t.Error(`Named("scale") is not the fitted scaler`)
	}
	if p.Named("nope") != nil || p.Final() != p.Steps[1].Estimator {
		t.Error("Named/Final return the wrong steps")
	}
	if _, err := p.DecisionFunction(ds.X); err == nil || !strings.Contains(err.Error(), `final step "nc" (*preprocess_test.nearestCentroid) has no DecisionFunction method`) {
		t.Errorf("DecisionFunction on a classifier without one: %v", err)
	}
	if _, err := p.Transform(ds.X); err == nil || !strings.Contains(err.Error(), "has no Transform method") {
		t.Errorf("Transform with a final classifier: %v", err)
	}
	if got := p.String(); got != "Pipeline(scale: *preprocess.StandardScaler → nc: *preprocess_test.nearestCentroid)" {
		t.Errorf("String = %q", got)
	}
}

func TestPipelineAsEstimatorMirrorsFinalStep(t *testing.T) {
	clf := preprocess.NewPipeline(
		preprocess.Step{Name: "scale", Estimator: &preprocess.StandardScaler{}},
		preprocess.Step{Name: "nc", Estimator: &nearestCentroid{}},
	).AsEstimator()
	if _, ok := clf.(model.ProbabilisticClassifier); !ok {
		t.Error("a pipeline ending in a probabilistic classifier is not a model.ProbabilisticClassifier")
	}
	if _, ok := clf.(model.DecisionFunctioner); ok {
		t.Error("a pipeline ending in a classifier without DecisionFunction has one")
	}
	reg := preprocess.NewPipeline(
		preprocess.Step{Name: "scale", Estimator: &preprocess.StandardScaler{}},
		preprocess.Step{Name: "mean", Estimator: &meanRegressor{}},
	).AsEstimator()
	if _, ok := reg.(model.Classifier); ok {
		t.Error("a pipeline ending in a regressor is a model.Classifier")
	}
	if _, ok := reg.(model.Regressor); !ok {
		t.Error("a pipeline ending in a regressor is not a model.Regressor")
	}
	tr := preprocess.NewPipeline(
		preprocess.Step{Name: "scale", Estimator: &preprocess.StandardScaler{}},
		preprocess.Step{Name: "poly", Estimator: &preprocess.PolynomialFeatures{}},
	).AsEstimator()
	if _, ok := tr.(model.Transformer); !ok {
		t.Error("a pipeline of transformers is not a model.Transformer")
	}
	if _, ok := tr.(model.Predictor); ok {
		t.Error("a pipeline of transformers has Predict")
	}

	// A view fits and predicts through its pipeline.
	ds := data.Iris()
	if err := clf.Fit(ds.X, ds.Y); err != nil {
		t.Fatal(err)
	}
	acc, err := clf.(model.Scorer).Score(ds.X, ds.Y)
	if err != nil || acc < 0.8 {
		t.Errorf("view Score = %v, %v", acc, err)
	}
	p, ok := preprocess.PipelineOf(clf)
	if !ok || p.Final().(*nearestCentroid).Centroids_ == nil {
		t.Error("PipelineOf(view) does not return the fitted pipeline")
	}
	if _, ok := preprocess.PipelineOf(&meanRegressor{}); ok {
		t.Error("PipelineOf(non-pipeline) = true")
	}
}

func TestPipelineTransformersOnly(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{1, 2, 3, 5, 5, 11})
	p := preprocess.NewPipeline(
		preprocess.Step{Name: "scale", Estimator: &preprocess.MinMaxScaler{}},
		preprocess.Step{Name: "poly", Estimator: &preprocess.PolynomialFeatures{Config: preprocess.PolynomialFeaturesConfig{NoBias: true}}},
	)
	Z, err := p.FitTransform(X, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Row 1 scales to (0.5, 1/3): x0, x1, x0², x0·x1, x1².
	want := []float64{0.5, 1.0 / 3, 0.25, 0.5 / 3, 1.0 / 9}
	for j, w := range want {
		if !near(Z.At(1, j), w) {
			t.Errorf("Z[1][%d] = %v, want %v", j, Z.At(1, j), w)
		}
	}
	Z2, err := p.Transform(X)
	if err != nil || !mat.Equal(Z, Z2) {
		t.Errorf("Transform after FitTransform differs: %v", err)
	}
	if _, err := p.Predict(X); err == nil || !strings.Contains(err.Error(), "has no Predict method") {
		t.Errorf("Predict on a transformer pipeline: %v", err)
	}
	if p.Classes() != nil {
		t.Error("Classes of a transformer pipeline is not nil")
	}
}

func TestPipelineErrors(t *testing.T) {
	X := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	y := []float64{0, 0, 1, 1}
	tests := []struct {
		name string
		p    *preprocess.Pipeline
		want string
	}{
		{"no steps", preprocess.NewPipeline(), "the pipeline has no steps"},
		{"no name", preprocess.NewPipeline(preprocess.Step{Estimator: &nearestCentroid{}}), "step 0 has no name"},
		{"duplicate", preprocess.NewPipeline(
			preprocess.Step{Name: "a", Estimator: &preprocess.StandardScaler{}},
			preprocess.Step{Name: "a", Estimator: &nearestCentroid{}}), `two steps are named "a"`},
		{"nil estimator", preprocess.NewPipeline(preprocess.Step{Name: "a"}), `step "a" has a nil Estimator`},
		{"classifier in the middle", preprocess.NewPipeline(
			preprocess.Step{Name: "nc", Estimator: &nearestCentroid{}},
			preprocess.Step{Name: "nc2", Estimator: &nearestCentroid{}}), `step "nc" (*preprocess_test.nearestCentroid) is not a transformer`},
		{"step error", preprocess.NewPipeline(
			preprocess.Step{Name: "poly", Estimator: &preprocess.PolynomialFeatures{Config: preprocess.PolynomialFeaturesConfig{Degree: -2}}},
			preprocess.Step{Name: "nc", Estimator: &nearestCentroid{}}), `step "poly": preprocess: PolynomialFeatures.Fit: Config.Degree = -2`},
	}
	for _, tc := range tests {
		err := tc.p.Fit(X, y)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "preprocess: Pipeline.Fit: ") {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	p := preprocess.NewPipeline(preprocess.Step{Name: "nc", Estimator: &nearestCentroid{}})
	if _, err := p.Predict(X); !errors.Is(err, model.ErrNotFitted) {
		t.Errorf("Predict before Fit: %v, want ErrNotFitted", err)
	}
	if _, err := json.Marshal(p); !errors.Is(err, model.ErrNotFitted) {
		t.Errorf("marshal before Fit: %v, want ErrNotFitted", err)
	}
	if err := p.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Predict(mat.NewDense(1, 2, nil)); err == nil || !strings.Contains(err.Error(), `step "nc"`) {
		t.Errorf("Predict with the wrong width: %v", err)
	}
	unsaveable := preprocess.NewPipeline(preprocess.Step{Name: "mean", Estimator: &meanRegressor{}})
	if err := unsaveable.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	if _, err := json.Marshal(unsaveable); err == nil || !strings.Contains(err.Error(), "has no MarshalJSON method") {
		t.Errorf("marshal with an unsaveable step: %v", err)
	}
}

func TestPipelinePersist(t *testing.T) {
	ds := data.Wine()
	inner := preprocess.NewPipeline(
		preprocess.Step{Name: "scale", Estimator: &preprocess.StandardScaler{}},
		preprocess.Step{Name: "minmax", Estimator: &preprocess.MinMaxScaler{Config: preprocess.MinMaxScalerConfig{Min: -1, Max: 1}}},
	)
	p := preprocess.NewPipeline(
		preprocess.Step{Name: "prep", Estimator: inner},
		preprocess.Step{Name: "nc", Estimator: &nearestCentroid{}},
	)
	if err := p.Fit(ds.X, ds.Y); err != nil {
		t.Fatal(err)
	}
	want, _ := p.PredictProba(ds.X)
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	env, err := model.ReadEnvelope(b)
	if err != nil || env.Kind != preprocess.PipelineKind || env.Version != 1 {
		t.Fatalf("envelope %+v, %v", env, err)
	}

	// Load without knowing the steps, through a decoder.
	loaded, err := preprocess.UnmarshalPipeline(b, decode)
	if err != nil {
		t.Fatal(err)
	}
	got, err := loaded.PredictProba(ds.X)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(got, want) {
		t.Error("UnmarshalPipeline: loaded pipeline predicts differently")
	}
	if fmt.Sprint(loaded) != fmt.Sprint(p) {
		t.Errorf("loaded steps %v, saved %v", loaded, p)
	}

	// Load into prepared steps with json.Unmarshal.
	prepared := preprocess.NewPipeline(
		preprocess.Step{Name: "prep", Estimator: preprocess.NewPipeline(
			preprocess.Step{Name: "scale", Estimator: &preprocess.StandardScaler{}},
			preprocess.Step{Name: "minmax", Estimator: &preprocess.MinMaxScaler{}},
		)},
		preprocess.Step{Name: "nc", Estimator: &nearestCentroid{}},
	)
	if err := json.Unmarshal(b, prepared); err != nil {
		t.Fatal(err)
	}
	got, err = prepared.PredictProba(ds.X)
	if err != nil || !mat.Equal(got, want) {
		t.Errorf("json.Unmarshal into prepared steps: predicts differently (%v)", err)
	}

	// Mismatched or unknown steps are errors.
	if err := json.Unmarshal(b, preprocess.NewPipeline()); err == nil || !strings.Contains(err.Error(), "has 2 steps but this one has 0") {
		t.Errorf("unmarshal into an empty pipeline: %v", err)
	}
	if _, err := preprocess.UnmarshalPipeline(b, preprocess.Decode); !errors.Is(err, preprocess.ErrUnknownKind) {
		t.Errorf("UnmarshalPipeline without the classifier's kind: %v", err)
	}
	if _, err := preprocess.UnmarshalPipeline(b, nil); err == nil {
		t.Error("UnmarshalPipeline with a nil decoder: no error")
	}
}
