// Package linear holds the linear models: ordinary least squares
// (LinearRegression), ridge regression (Ridge), the lasso and the elastic net
// (Lasso, ElasticNet) and logistic regression (LogisticRegression).
//
// Every model follows scikit-learn's objective, defaults and results (the
// tests check agreement with scikit-learn 1.2 to 1e-6 or better), and the
// closed-form and quasi-Newton solvers are at least as fast as scikit-learn's
// on large data: they read X in place (no copy of a *mat.Dense), work on
// cache-sized row blocks and use every CPU (one goroutine per CPU, one under
// WebAssembly). Row blocks are fixed by the data size and combined in a fixed
// order, so results are bit-identical whatever the number of CPUs.
//
// For teaching, LinearRegression and LogisticRegression can also be fitted by
// the gradient-descent family of package optim (batch gradient descent,
// mini-batch SGD, momentum, Adam, ...) on exactly the same objective as the
// closed form or L-BFGS, and keep a Trace of the loss per iteration when
// Config.Record is set.
package linear
