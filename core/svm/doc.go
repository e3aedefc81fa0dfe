// Package svm holds support vector machines: SVC (kernel classification),
// SVR (ε-insensitive kernel regression) and LinearSVC (linear classification
// by dual coordinate descent).
//
// SVC and SVR solve their dual problems with the SMO algorithm as libsvm
// does it (Fan, Chen and Lin, "Working set selection using second order
// information for training support vector machines", JMLR 6, 2005):
// second-order working-set selection, shrinking with gradient
// reconstruction, and a least-recently-used cache of kernel rows bounded by
// Config.CacheMB. Like libsvm, the cache stores kernel values as float32,
// which doubles the number of rows that fit; the solver's own arithmetic
// (gradients, α) is float64. With the same data and hyper-parameters the
// fitted models agree with scikit-learn's SVC and SVR (which wrap libsvm).
//
// LinearSVC follows liblinear (Hsieh et al., "A dual coordinate descent
// method for large-scale linear SVM", ICML 2008): dual coordinate descent
// with shrinking and a random order of coordinates, one-vs-rest for more
// than two classes, and an intercept learnt as the weight of an extra
// constant feature (so it is penalized, as in scikit-learn).
//
// For teaching, setting Record in a config keeps a trace of every SMO
// iteration (the dual objective, the working pair and the KKT violation
// m(α) − M(α)), and NewSMO exposes the solver one step at a time.
package svm
