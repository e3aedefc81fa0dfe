"""Writes scikit-learn reference results for the tests of package linear.

Run with Debian's scikit-learn 1.2.1:

    /usr/bin/python3 core/linear/testdata/gen_reference.py

The data are the CSV files embedded by core/data (same bytes as
/work/shared/datasets, i.e. the copies shipped by scikit-learn).
"""
import gzip
import json
import os

import warnings

import numpy as np
import sklearn
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import log_loss

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "datasets")
if not os.path.isdir(DATA):
    DATA = "/work/shared/datasets"


def load_csv(name):
    with open(os.path.join(DATA, name)) as f:
        f.readline()
        rows = np.loadtxt(f, delimiter=",")
    return rows[:, :-1], rows[:, -1]


def load_diabetes():
    with gzip.open(os.path.join(DATA, "diabetes_data_raw.csv.gz")) as f:
        X = np.loadtxt(f)
    with gzip.open(os.path.join(DATA, "diabetes_target.csv.gz")) as f:
        y = np.loadtxt(f)
    return X, y


def standardize(X):
    # Same as StandardScaler (population standard deviation); the Go test
    # standardizes the same way.
    return (X - X.mean(axis=0)) / X.std(axis=0)


def lst(a):
    return [float(v) for v in np.ravel(a)]


out = {"sklearn": sklearn.__version__}
Xd, yd = load_diabetes()
Xs = standardize(Xd)
datasets = {"raw": Xd, "std": Xs}

ols = []
for name, X in datasets.items():
    for fit_intercept in (True, False):
        m = LinearRegression(fit_intercept=fit_intercept).fit(X, yd)
        ols.append({"data": name, "fit_intercept": fit_intercept, "coef": lst(m.coef_),
                    "intercept": float(m.intercept_), "rank": int(m.rank_), "r2": float(m.score(X, yd))})
# Rank-deficient: the third column (bmi) appears twice and a fourth column is
# the sum of the first two; lstsq returns the minimum-norm solution.
Xr = np.column_stack([Xd, Xd[:, 2], Xd[:, 0] + Xd[:, 1]])
m = LinearRegression().fit(Xr, yd)
ols.append({"data": "rankdef", "fit_intercept": True, "coef": lst(m.coef_), "intercept": float(m.intercept_),
            "rank": int(m.rank_), "r2": float(m.score(Xr, yd))})
out["ols"] = ols

ridge = []
for name, X in datasets.items():
    for alpha in (0.1, 1.0, 10.0, 1000.0):
        for fit_intercept in (True, False):
            m = Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X, yd)
            ridge.append({"data": name, "alpha": alpha, "fit_intercept": fit_intercept, "coef": lst(m.coef_),
                          "intercept": float(m.intercept_), "r2": float(m.score(X, yd))})
out["ridge"] = ridge

lasso = []
for alpha in (0.05, 0.5, 1.0, 5.0, 20.0):
    for fit_intercept in (True, False):
        m = Lasso(alpha=alpha, fit_intercept=fit_intercept, tol=1e-10, max_iter=100000).fit(Xs, yd)
        d = Lasso(alpha=alpha, fit_intercept=fit_intercept).fit(Xs, yd)
        lasso.append({"alpha": alpha, "fit_intercept": fit_intercept, "coef": lst(m.coef_),
                      "intercept": float(m.intercept_), "default_coef": lst(d.coef_),
                      "default_intercept": float(d.intercept_), "default_n_iter": int(d.n_iter_),
                      "default_dual_gap": float(d.dual_gap_)})
out["lasso"] = lasso
enet = []
for alpha, l1 in ((0.5, 0.5), (0.1, 0.9), (2.0, 0.2)):
    m = ElasticNet(alpha=alpha, l1_ratio=l1, tol=1e-10, max_iter=100000).fit(Xs, yd)
    enet.append({"alpha": alpha, "l1_ratio": l1, "coef": lst(m.coef_), "intercept": float(m.intercept_)})
out["enet"] = enet

logistic = []
Xb, yb = load_csv("breast_cancer.csv")
Xi, yi = load_csv("iris.csv")
for name, X, y in (("breast_cancer", standardize(Xb), yb), ("iris", standardize(Xi), yi)):
    for C in (1.0, 0.1):
        for fit_intercept in (True, False):
            # lbfgs always stops at scipy's relative-reduction test (ftol
            # 2.2e-9), before the exact optimum; newton-cg's only stopping
            # rule is max|gradient| <= tol, so with a tiny tol it reaches the
            # optimum of the same objective to machine precision.
            # With tol=1e-12 it warns that its line search failed once it
            # cannot improve in floating point: that point is the optimum.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                m = LogisticRegression(C=C, solver="newton-cg", tol=1e-12, max_iter=1000,
                                       fit_intercept=fit_intercept).fit(X, y)
            P = m.predict_proba(X)
            w = m.coef_
            obj = C * log_loss(y, P, normalize=False) + 0.5 * float(np.sum(w * w))
            d = LogisticRegression(C=C, fit_intercept=fit_intercept).fit(X, y)
            logistic.append({"data": name, "C": C, "fit_intercept": fit_intercept,
                             "log_loss": float(log_loss(y, P)), "objective": obj,
                             "coef": lst(m.coef_), "intercept": lst(m.intercept_) if fit_intercept else [],
                             "proba_first": lst(P[0]), "accuracy": float(m.score(X, y)),
                             "default_log_loss": float(log_loss(y, d.predict_proba(X))),
                             "default_n_iter": int(d.n_iter_[0])})
out["logistic"] = logistic

with open(os.path.join(HERE, "reference.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
