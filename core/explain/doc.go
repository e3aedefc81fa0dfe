// Package explain helps read fitted models: coefficient tables and
// per-prediction contributions for linear models, permutation importance
// for any model and metric, and partial dependence (with individual
// conditional expectation curves) of a prediction on one feature.
//
// The functions take plain slices or the small model.Predictor interface,
// so they work with every descent model and with any function wrapped in
// PredictorFunc. For a classifier's probability of one class, wrap it with
// Proba. Definitions follow scikit-learn's sklearn.inspection
// (permutation_importance, partial_dependence with method="brute"), and
// partial-dependence grids match scikit-learn's exactly.
package explain
