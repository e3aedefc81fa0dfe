package preprocess

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// PipelineKind is the envelope kind of a saved Pipeline.
const PipelineKind = "preprocess.Pipeline"

// Step is one named stage of a Pipeline.
type Step struct {
	// Name identifies the step, for Named and in errors; names must be
	// unique and non-empty.
	Name string
	// Estimator is the stage. Every step but the last must be a
	// model.Transformer; the last may be any estimator (a classifier, a
	// regressor or another transformer).
	Estimator model.Estimator
}

// Pipeline chains transformers with a final estimator, as sklearn's
// Pipeline: Fit fits each transformer on the output of the previous one
// (FitTransform) and then the final estimator on the result; Predict,
// Score, PredictProba and DecisionFunction transform X through the fitted
// transformers and call the final estimator, returning an error when it
// lacks the method. Fitting changes the step estimators in place.
//
// Putting the preprocessing inside the pipeline makes cross-validation refit
// it on each training fold, so that no statistic of the held-out fold leaks
// into training. In a model.Factory, build new step estimators on every call
// (never reuse one step value in two pipelines) and return
// p.AsEstimator(), which has exactly the methods of the final step, so that
// model selection recognises a classifier pipeline as a classifier (and a
// regressor pipeline as a regressor). The *Pipeline itself has every method.
//
// A Pipeline is ready to use as a struct literal or from NewPipeline.
type Pipeline struct {
	// Steps are the stages in order; the last is the final estimator.
	Steps []Step

	fitted bool
}

// NewPipeline returns a pipeline of the given steps.
func NewPipeline(steps ...Step) *Pipeline {
	return &Pipeline{Steps: steps}
}

// validate checks the steps' names and types.
func (p *Pipeline) validate() error {
	if len(p.Steps) == 0 {
		return errors.New("the pipeline has no steps")
	}
	seen := make(map[string]bool, len(p.Steps))
	for i, s := range p.Steps {
		if s.Name == "" {
			return fmt.Errorf("step %d has no name", i)
		}
		if seen[s.Name] {
			return fmt.Errorf("two steps are named %q", s.Name)
		}
		seen[s.Name] = true
		if s.Estimator == nil {
			return fmt.Errorf("step %q has a nil Estimator", s.Name)
		}
		if _, ok := s.Estimator.(model.Transformer); !ok && i < len(p.Steps)-1 {
			return fmt.Errorf("step %q (%T) is not a transformer (no Transform method): only the last step may be", s.Name, s.Estimator)
		}
	}
	return nil
}

type fitTransformer interface {
	FitTransform(X mat.Matrix, y []float64) (*mat.Dense, error)
}

// fitTransform fits t on X and returns X transformed.
func fitTransform(t model.Transformer, X mat.Matrix, y []float64) (*mat.Dense, error) {
	if ft, ok := t.(fitTransformer); ok {
		return ft.FitTransform(X, y)
	}
	if err := t.Fit(X, y); err != nil {
		return nil, err
	}
	return t.Transform(X)
}

// fitTransformers fits every step but the last and returns X transformed.
func (p *Pipeline) fitTransformers(X mat.Matrix, y []float64) (mat.Matrix, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	p.fitted = false
	Xt := X
	for _, s := range p.Steps[:len(p.Steps)-1] {
		out, err := fitTransform(s.Estimator.(model.Transformer), Xt, y)
		if err != nil {
			return nil, fmt.Errorf("step %q: %w", s.Name, err)
		}
		Xt = out
	}
	return Xt, nil
}

// Fit fits the transformers in order, each on the output of the previous
// one, then the final estimator.
func (p *Pipeline) Fit(X mat.Matrix, y []float64) error {
	Xt, err := p.fitTransformers(X, y)
	if err != nil {
		return fmt.Errorf("preprocess: Pipeline.Fit: %w", err)
	}
	last := p.Steps[len(p.Steps)-1]
	if err := last.Estimator.Fit(Xt, y); err != nil {
		return fmt.Errorf("preprocess: Pipeline.Fit: step %q: %w", last.Name, err)
	}
	p.fitted = true
	return nil
}

// transform passes X through the fitted transformers (every step but the
// last) and returns the final step.
func (p *Pipeline) transform(where string, X mat.Matrix) (mat.Matrix, Step, error) {
	if !p.fitted {
		return nil, Step{}, notFitted("Pipeline." + where)
	}
	if err := p.validate(); err != nil {
		return nil, Step{}, fmt.Errorf("preprocess: Pipeline.%s: %w", where, err)
	}
	Xt := X
	for _, s := range p.Steps[:len(p.Steps)-1] {
		out, err := s.Estimator.(model.Transformer).Transform(Xt)
		if err != nil {
			return nil, Step{}, fmt.Errorf("preprocess: Pipeline.%s: step %q: %w", where, s.Name, err)
		}
		Xt = out
	}
	return Xt, p.Steps[len(p.Steps)-1], nil
}

// lacks is the error of a delegated method that the final step lacks.
func lacks(where string, s Step, method string) error {
	return fmt.Errorf("preprocess: Pipeline.%s: the final step %q (%T) has no %s method", where, s.Name, s.Estimator, method)
}

// Predict transforms X and returns the final estimator's predictions.
func (p *Pipeline) Predict(X mat.Matrix) ([]float64, error) {
	Xt, last, err := p.transform("Predict", X)
	if err != nil {
		return nil, err
	}
	m, ok := last.Estimator.(model.Predictor)
	if !ok {
		return nil, lacks("Predict", last, "Predict")
	}
	out, err := m.Predict(Xt)
	if err != nil {
		return nil, fmt.Errorf("preprocess: Pipeline.Predict: step %q: %w", last.Name, err)
	}
	return out, nil
}

// Score transforms X and returns the final estimator's score on (X, y):
// accuracy for a classifier, R² for a regressor.
func (p *Pipeline) Score(X mat.Matrix, y []float64) (float64, error) {
	Xt, last, err := p.transform("Score", X)
	if err != nil {
		return 0, err
	}
	m, ok := last.Estimator.(model.Scorer)
	if !ok {
		return 0, lacks("Score", last, "Score")
	}
	s, err := m.Score(Xt, y)
	if err != nil {
		return 0, fmt.Errorf("preprocess: Pipeline.Score: step %q: %w", last.Name, err)
	}
	return s, nil
}

type probaer interface {
	PredictProba(X mat.Matrix) (*mat.Dense, error)
}

// PredictProba transforms X and returns the final classifier's class
// probabilities (columns in the order of Classes).
func (p *Pipeline) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	Xt, last, err := p.transform("PredictProba", X)
	if err != nil {
		return nil, err
	}
	m, ok := last.Estimator.(probaer)
	if !ok {
		return nil, lacks("PredictProba", last, "PredictProba")
	}
	out, err := m.PredictProba(Xt)
	if err != nil {
		return nil, fmt.Errorf("preprocess: Pipeline.PredictProba: step %q: %w", last.Name, err)
	}
	return out, nil
}

// DecisionFunction transforms X and returns the final classifier's decision
// function.
func (p *Pipeline) DecisionFunction(X mat.Matrix) (*mat.Dense, error) {
	Xt, last, err := p.transform("DecisionFunction", X)
	if err != nil {
		return nil, err
	}
	m, ok := last.Estimator.(model.DecisionFunctioner)
	if !ok {
		return nil, lacks("DecisionFunction", last, "DecisionFunction")
	}
	out, err := m.DecisionFunction(Xt)
	if err != nil {
		return nil, fmt.Errorf("preprocess: Pipeline.DecisionFunction: step %q: %w", last.Name, err)
	}
	return out, nil
}

// Classes returns the final classifier's classes, or nil when the final step
// is not a classifier (or the pipeline has no steps).
func (p *Pipeline) Classes() []float64 {
	if len(p.Steps) == 0 {
		return nil
	}
	if c, ok := p.Steps[len(p.Steps)-1].Estimator.(model.Classifier); ok {
		return c.Classes()
	}
	return nil
}

// Transform passes X through every step; all of them, the last included,
// must be transformers.
func (p *Pipeline) Transform(X mat.Matrix) (*mat.Dense, error) {
	Xt, last, err := p.transform("Transform", X)
	if err != nil {
		return nil, err
	}
	t, ok := last.Estimator.(model.Transformer)
	if !ok {
		return nil, lacks("Transform", last, "Transform")
	}
	out, err := t.Transform(Xt)
	if err != nil {
		return nil, fmt.Errorf("preprocess: Pipeline.Transform: step %q: %w", last.Name, err)
	}
	return out, nil
}

// FitTransform fits every step in turn and returns X transformed by all of
// them; all steps must be transformers.
func (p *Pipeline) FitTransform(X mat.Matrix, y []float64) (*mat.Dense, error) {
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("preprocess: Pipeline.FitTransform: %w", err)
	}
	last := p.Steps[len(p.Steps)-1]
	t, ok := last.Estimator.(model.Transformer)
	if !ok {
		return nil, lacks("FitTransform", last, "Transform")
	}
	Xt, err := p.fitTransformers(X, y)
	if err != nil {
		return nil, fmt.Errorf("preprocess: Pipeline.FitTransform: %w", err)
	}
	out, err := fitTransform(t, Xt, y)
	if err != nil {
		return nil, fmt.Errorf("preprocess: Pipeline.FitTransform: step %q: %w", last.Name, err)
	}
	p.fitted = true
	return out, nil
}

// Named returns the estimator of the step with the given name, or nil.
func (p *Pipeline) Named(name string) model.Estimator {
	for _, s := range p.Steps {
		if s.Name == name {
			return s.Estimator
		}
	}
	return nil
}

// Final returns the estimator of the last step, or nil when there are no
// steps.
func (p *Pipeline) Final() model.Estimator {
	if len(p.Steps) == 0 {
		return nil
	}
	return p.Steps[len(p.Steps)-1].Estimator
}

// String lists the steps, such as
// "Pipeline(scale: *preprocess.StandardScaler → model: *linear.Ridge)".
func (p *Pipeline) String() string {
	parts := make([]string, len(p.Steps))
	for i, s := range p.Steps {
		parts[i] = fmt.Sprintf("%s: %T", s.Name, s.Estimator)
	}
	return "Pipeline(" + strings.Join(parts, " → ") + ")"
}

// pipelineJSON is the payload of a saved pipeline: each step's own saved
// envelope, in order.
type pipelineJSON struct {
	Steps []stepJSON `json:"steps"`
}

type stepJSON struct {
	Name  string          `json:"name"`
	Model json.RawMessage `json:"model"`
}

// MarshalJSON saves the fitted pipeline in a versioned envelope of kind
// "preprocess.Pipeline" whose payload lists each step's name and saved
// envelope. Every step must implement json.Marshaler (all fitted descent
// models do). An unfitted pipeline is an error.
func (p *Pipeline) MarshalJSON() ([]byte, error) {
	if !p.fitted {
		return nil, notFitted("Pipeline.MarshalJSON")
	}
	v := pipelineJSON{Steps: make([]stepJSON, len(p.Steps))}
	for i, s := range p.Steps {
		m, ok := s.Estimator.(json.Marshaler)
		if !ok {
			return nil, fmt.Errorf("preprocess: Pipeline.MarshalJSON: step %q (%T) cannot be saved: it has no MarshalJSON method", s.Name, s.Estimator)
		}
		raw, err := m.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("preprocess: Pipeline.MarshalJSON: step %q: %w", s.Name, err)
		}
		v.Steps[i] = stepJSON{Name: s.Name, Model: raw}
	}
	return model.MarshalEnvelope(PipelineKind, 1, v)
}

// UnmarshalJSON loads a saved pipeline into p's existing steps, which must
// have the saved names, in order, and estimators of the saved kinds (for
// example fresh &StandardScaler{} values), each implementing
// json.Unmarshaler. To load a pipeline without knowing its steps, use
// UnmarshalPipeline.
func (p *Pipeline) UnmarshalJSON(data []byte) error {
	var v pipelineJSON
	if _, err := model.UnmarshalEnvelope(data, PipelineKind, 1, &v); err != nil {
		return fmt.Errorf("preprocess: Pipeline.UnmarshalJSON: %w", err)
	}
	if len(p.Steps) != len(v.Steps) {
		return fmt.Errorf("preprocess: Pipeline.UnmarshalJSON: the saved pipeline has %d steps but this one has %d: give it matching steps or use UnmarshalPipeline", len(v.Steps), len(p.Steps))
	}
	for i, sv := range v.Steps {
		s := p.Steps[i]
		if s.Name != sv.Name {
			return fmt.Errorf("preprocess: Pipeline.UnmarshalJSON: step %d is named %q but the saved one %q", i, s.Name, sv.Name)
		}
		u, ok := s.Estimator.(json.Unmarshaler)
		if !ok {
			return fmt.Errorf("preprocess: Pipeline.UnmarshalJSON: step %q (%T) cannot be loaded: it has no UnmarshalJSON method", s.Name, s.Estimator)
		}
		if err := u.UnmarshalJSON(sv.Model); err != nil {
			return fmt.Errorf("preprocess: Pipeline.UnmarshalJSON: step %q: %w", s.Name, err)
		}
	}
	if err := p.validate(); err != nil {
		return fmt.Errorf("preprocess: Pipeline.UnmarshalJSON: %w", err)
	}
	p.fitted = true
	return nil
}

// Decoder builds a model from one saved envelope (data) whose kind has been
// read from it, such as "linear.Ridge": typically it creates a zero value of
// the Go type registered for kind and calls its UnmarshalJSON with data.
// An unknown kind must be an error.
type Decoder func(kind string, data []byte) (model.Estimator, error)

// UnmarshalPipeline loads a pipeline saved by Pipeline.MarshalJSON, building
// each step with decode from its saved kind. Nested pipelines (steps of kind
// "preprocess.Pipeline") are loaded recursively without calling decode.
// Decode, in this package, decodes the kinds of this package; a package that
// knows every model kind supplies a decoder for all of them.
func UnmarshalPipeline(data []byte, decode Decoder) (*Pipeline, error) {
	if decode == nil {
		return nil, errors.New("preprocess: UnmarshalPipeline: the decoder is nil")
	}
	var v pipelineJSON
	if _, err := model.UnmarshalEnvelope(data, PipelineKind, 1, &v); err != nil {
		return nil, fmt.Errorf("preprocess: UnmarshalPipeline: %w", err)
	}
	p := &Pipeline{Steps: make([]Step, len(v.Steps))}
	for i, sv := range v.Steps {
		env, err := model.ReadEnvelope(sv.Model)
		if err != nil {
			return nil, fmt.Errorf("preprocess: UnmarshalPipeline: step %q: %w", sv.Name, err)
		}
		var est model.Estimator
		if env.Kind == PipelineKind {
			est, err = UnmarshalPipeline(sv.Model, decode)
		} else {
			est, err = decode(env.Kind, sv.Model)
		}
		if err != nil {
			return nil, fmt.Errorf("preprocess: UnmarshalPipeline: step %q: %w", sv.Name, err)
		}
		p.Steps[i] = Step{Name: sv.Name, Estimator: est}
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("preprocess: UnmarshalPipeline: %w", err)
	}
	p.fitted = true
	return p, nil
}

// ErrUnknownKind is wrapped by Decode for a kind that is not of this
// package.
var ErrUnknownKind = errors.New("unknown model kind")

// Decode is a Decoder for the kinds of this package: it loads a saved
// StandardScaler, MinMaxScaler, PolynomialFeatures, OneHotEncoder or
// Pipeline (whose steps must then all be of this package). Other kinds give
// an error wrapping ErrUnknownKind, so a larger decoder can fall back on it.
func Decode(kind string, data []byte) (model.Estimator, error) {
	var m interface {
		model.Estimator
		json.Unmarshaler
	}
	switch kind {
	case "preprocess.StandardScaler":
		m = &StandardScaler{}
	case "preprocess.MinMaxScaler":
		m = &MinMaxScaler{}
	case "preprocess.PolynomialFeatures":
		m = &PolynomialFeatures{}
	case "preprocess.OneHotEncoder":
		m = &OneHotEncoder{}
	case PipelineKind:
		return UnmarshalPipeline(data, Decode)
	default:
		return nil, fmt.Errorf("preprocess: Decode: %q: %w", kind, ErrUnknownKind)
	}
	if err := m.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return m, nil
}
