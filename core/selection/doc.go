// Package selection is model selection: K-fold cross-validation of an
// estimator (CrossValidate, CrossValScore), named scoring functions
// (ScorerByName) and exhaustive grid search over hyper-parameters
// (Grid, GridSearch), following scikit-learn's cross_validate and
// GridSearchCV.
//
// Estimators are built by a model.Factory from named hyper-parameters, once
// per fold, so that no fitted state leaks from one fold into another. Folds
// (and, in a grid search, every parameter combination × fold) are fitted in
// parallel by a pool of goroutines; the results are stored by position, so
// they are identical whatever the number of workers or the scheduling. In the
// browser (GOOS=js) everything runs on one goroutine.
//
// Mean and standard deviation of fold scores are computed as NumPy does
// (pairwise summation, population standard deviation), so that ranks and
// ties agree with scikit-learn.
package selection
