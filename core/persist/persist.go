// Package persist saves fitted descent models as versioned JSON and loads
// any of them back without knowing its type in advance.
//
// Every model type also saves and loads itself through encoding/json
// (MarshalJSON and UnmarshalJSON); this package adds the one piece that needs
// to know every type: Load reads the envelope's "kind" and builds the right
// value. A loaded model predicts exactly what the saved one did.
//
//	var buf bytes.Buffer
//	err := persist.Save(&buf, model)        // {"format":"descent-model","kind":"linear.Ridge",...}
//	m, err := persist.Load(&buf)            // a *linear.Ridge, as a model.Estimator
package persist

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/descentml/descent/core/linear"
	"github.com/descentml/descent/core/model"
	"github.com/descentml/descent/core/preprocess"
	"github.com/descentml/descent/core/privacy"
	"github.com/descentml/descent/core/sgd"
	"github.com/descentml/descent/core/svm"
)

// MaxSize is the largest model file Load reads (256 MiB): a larger input is
// an error rather than an unbounded read.
const MaxSize = 256 << 20

// ErrUnknownKind is wrapped by Load and Decode for a file whose kind no
// descent package provides. It is preprocess.ErrUnknownKind, so one
// errors.Is check covers pipelines and single models alike.
var ErrUnknownKind = preprocess.ErrUnknownKind

// kinds maps each saved kind to a constructor of an empty value of its type.
// It is a function, not a package variable, so that nothing here is mutable.
func kinds() map[string]func() model.Estimator {
	return map[string]func() model.Estimator{
		"linear.LinearRegression":       func() model.Estimator { return &linear.LinearRegression{} },
		"linear.Ridge":                  func() model.Estimator { return &linear.Ridge{} },
		"linear.Lasso":                  func() model.Estimator { return &linear.Lasso{} },
		"linear.ElasticNet":             func() model.Estimator { return &linear.ElasticNet{} },
		"linear.LogisticRegression":     func() model.Estimator { return &linear.LogisticRegression{} },
		"sgd.Classifier":                func() model.Estimator { return &sgd.Classifier{} },
		"sgd.Regressor":                 func() model.Estimator { return &sgd.Regressor{} },
		"svm.SVC":                       func() model.Estimator { return &svm.SVC{} },
		"svm.SVR":                       func() model.Estimator { return &svm.SVR{} },
		"svm.LinearSVC":                 func() model.Estimator { return &svm.LinearSVC{} },
		"preprocess.StandardScaler":     func() model.Estimator { return &preprocess.StandardScaler{} },
		"preprocess.MinMaxScaler":       func() model.Estimator { return &preprocess.MinMaxScaler{} },
		"preprocess.PolynomialFeatures": func() model.Estimator { return &preprocess.PolynomialFeatures{} },
		"preprocess.OneHotEncoder":      func() model.Estimator { return &preprocess.OneHotEncoder{} },
		"privacy.DPLogisticRegression":  func() model.Estimator { return &privacy.DPLogisticRegression{} },
		"privacy.DPLinearSVM":           func() model.Estimator { return &privacy.DPLinearSVM{} },
		"privacy.DPLinearRegression":    func() model.Estimator { return &privacy.DPLinearRegression{} },
	}
}

// Kinds returns the sorted kinds that Load understands, pipelines included.
func Kinds() []string {
	ks := []string{preprocess.PipelineKind}
	for k := range kinds() {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// Save writes m's versioned JSON to w. m is any fitted descent model or
// pipeline; an unfitted one gives an error.
func Save(w io.Writer, m json.Marshaler) error {
	data, err := m.MarshalJSON()
	if err != nil {
		return fmt.Errorf("persist: save %T: %w", m, err)
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("persist: save %T: %w", m, err)
	}
	return nil
}

// Load reads a saved model from r and returns it as its own type (for
// example a *linear.Ridge) behind model.Estimator; use a type assertion or
// the model.Predictor and model.Classifier interfaces to use it. A file that
// is not a descent model, is corrupt, is of an unknown kind or comes from a
// newer descent gives an error that says which.
func Load(r io.Reader) (model.Estimator, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("persist: load: %w", err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("persist: load: model file larger than %d bytes", MaxSize)
	}
	return Decode(data)
}

// Decode is Load for a model file already in memory.
func Decode(data []byte) (model.Estimator, error) {
	env, err := model.ReadEnvelope(data)
	if err != nil {
		return nil, fmt.Errorf("persist: load: %w", err)
	}
	m, err := decodeKind(env.Kind, data)
	if err != nil {
		return nil, fmt.Errorf("persist: load: %w", err)
	}
	return m, nil
}

// decodeKind builds the value for kind and loads data into it. It is also
// the decoder for the steps of a saved pipeline.
func decodeKind(kind string, data []byte) (model.Estimator, error) {
	if kind == preprocess.PipelineKind {
		return preprocess.UnmarshalPipeline(data, decodeKind)
	}
	newModel, ok := kinds()[kind]
	if !ok {
		return nil, fmt.Errorf("%w %q (this descent knows %s)", ErrUnknownKind, kind, strings.Join(Kinds(), ", "))
	}
	m := newModel()
	u, ok := m.(json.Unmarshaler)
	if !ok {
		return nil, fmt.Errorf("%s cannot be loaded: %T has no UnmarshalJSON", kind, m)
	}
	if err := u.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return m, nil
}
