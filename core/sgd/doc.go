// Package sgd fits linear classifiers and regressors by stochastic gradient
// descent, as scikit-learn's SGDClassifier and SGDRegressor (version 1.2):
// one update per sample, epochs over the (shuffled) training data, an L2,
// L1 or elastic-net penalty, the "optimal", "invscaling", "constant" and
// "adaptive" learning-rate schedules, stopping on the training loss or on a
// held-out validation score, and optional averaging.
//
// With Config.NoShuffle the samples are visited in order and a fit equals
// scikit-learn's (shuffle=False) to rounding. With shuffling (the default)
// the random orders differ from scikit-learn's, which uses another random
// generator, so the weights differ while the quality of the fit is the
// same.
//
// For teaching, every fit keeps its per-epoch loss (LossCurve) and, with
// Config.Record, the weights after each epoch (History).
package sgd
