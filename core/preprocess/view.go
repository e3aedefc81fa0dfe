package preprocess

import (
	"github.com/descentml/descent/core/model"
	"gonum.org/v1/gonum/mat"
)

// AsEstimator returns p as a model.Estimator whose method set mirrors the
// final step's: it is a model.Classifier only when the final step is one, a
// model.ProbabilisticClassifier or model.DecisionFunctioner only when the
// final step has PredictProba or DecisionFunction, a model.Regressor (Predict
// and Score) for any other predictor, and a model.Transformer when the final
// step is a transformer. Code that picks behaviour by type assertion, such as
// model selection's default splitter and scorers, then treats the pipeline
// like its final estimator. The result shares p's steps; its Pipeline method
// returns p. Call AsEstimator after setting the steps.
func (p *Pipeline) AsEstimator() model.Estimator {
	base := pipelineView{p}
	final := p.Final()
	if _, ok := final.(model.Classifier); ok {
		c := classifierView{predictorView{base}}
		_, proba := final.(probaer)
		_, dec := final.(model.DecisionFunctioner)
		switch {
		case proba && dec:
			return &probaDecisionView{c}
		case proba:
			return &probaView{c}
		case dec:
			return &decisionView{c}
		}
		return &c
	}
	if _, ok := final.(model.Predictor); ok {
		return &predictorView{base}
	}
	if _, ok := final.(model.Transformer); ok {
		return &transformerView{base}
	}
	return &base
}

// The views forward a subset of Pipeline's methods. They hold the pipeline
// rather than embedding it, since embedding would promote every method.
type pipelineView struct{ p *Pipeline }

func (v pipelineView) Fit(X mat.Matrix, y []float64) error { return v.p.Fit(X, y) }
func (v pipelineView) Pipeline() *Pipeline                 { return v.p }
func (v pipelineView) MarshalJSON() ([]byte, error)        { return v.p.MarshalJSON() }
func (v pipelineView) String() string                      { return v.p.String() }

type predictorView struct{ pipelineView }

func (v predictorView) Predict(X mat.Matrix) ([]float64, error) { return v.p.Predict(X) }
func (v predictorView) Score(X mat.Matrix, y []float64) (float64, error) {
	return v.p.Score(X, y)
}

type classifierView struct{ predictorView }

func (v classifierView) Classes() []float64 { return v.p.Classes() }

type probaView struct{ classifierView }

func (v probaView) PredictProba(X mat.Matrix) (*mat.Dense, error) { return v.p.PredictProba(X) }

type decisionView struct{ classifierView }

func (v decisionView) DecisionFunction(X mat.Matrix) (*mat.Dense, error) {
	return v.p.DecisionFunction(X)
}

type probaDecisionView struct{ classifierView }

func (v probaDecisionView) PredictProba(X mat.Matrix) (*mat.Dense, error) {
	return v.p.PredictProba(X)
}
func (v probaDecisionView) DecisionFunction(X mat.Matrix) (*mat.Dense, error) {
	return v.p.DecisionFunction(X)
}

type transformerView struct{ pipelineView }

func (v transformerView) Transform(X mat.Matrix) (*mat.Dense, error) { return v.p.Transform(X) }
func (v transformerView) FitTransform(X mat.Matrix, y []float64) (*mat.Dense, error) {
	return v.p.FitTransform(X, y)
}

// PipelineOf returns the pipeline behind m when m is a *Pipeline or was
// returned by AsEstimator (for example an estimator fitted by
// cross-validation), and false otherwise.
func PipelineOf(m model.Estimator) (*Pipeline, bool) {
	switch v := m.(type) {
	case *Pipeline:
		return v, v != nil
	case interface{ Pipeline() *Pipeline }:
		p := v.Pipeline()
		return p, p != nil
	}
	return nil, false
}
