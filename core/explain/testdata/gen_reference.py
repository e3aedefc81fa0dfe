"""Reference partial-dependence grids and averages from scikit-learn.

Run with Debian's python3 (scikit-learn 1.2.1):  /usr/bin/python3 gen_reference.py
It writes pd_data.csv (the data, 17 significant digits, so the Go test reads
exactly the same numbers) and pd_reference.json next to this script.

The predictor is a fixed formula, written identically in the Go test:
    f(x) = x0**2 + 0.5*x0 + x1*x2 + sin(x3)
"""
import json
import os

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.inspection import partial_dependence

HERE = os.path.dirname(os.path.abspath(__file__))


class Formula(BaseEstimator, RegressorMixin):
    def fit(self, X, y=None):
        self.fitted_ = True
        return self

    def predict(self, X):
        X = np.asarray(X)
        return X[:, 0] ** 2 + 0.5 * X[:, 0] + X[:, 1] * X[:, 2] + np.sin(X[:, 3])


def main():
    rng = np.random.RandomState(0)
    n = 200
    X = np.column_stack([
        rng.normal(size=n),                   # continuous
        rng.randint(0, 5, size=n).astype(float),  # 5 distinct values
        rng.uniform(-3, 3, size=n),           # continuous
        rng.exponential(size=n),              # skewed
    ])
    np.savetxt(os.path.join(HERE, "pd_data.csv"), X, delimiter=",", fmt="%.17g")
    X = np.loadtxt(os.path.join(HERE, "pd_data.csv"), delimiter=",")  # exactly what Go reads

    est = Formula().fit(X)
    cases = []
    for feature, res, pct in [
        (0, 100, (0.05, 0.95)),
        (1, 100, (0.05, 0.95)),   # fewer distinct values than the resolution
        (2, 20, (0.1, 0.9)),
        (3, 50, (0.0, 1.0)),
        (0, 200, (0.05, 0.95)),   # exactly n distinct values: linspace
        (0, 201, (0.05, 0.95)),   # more points than values: the values
        (3, 7, (0.25, 0.75)),
    ]:
        pd = partial_dependence(est, X, [feature], percentiles=pct, grid_resolution=res,
                                method="brute", kind="average")
        cases.append(dict(feature=feature, grid_resolution=res, percentiles=list(pct),
                          grid=pd["values"][0].tolist(), average=pd["average"][0].tolist()))
    with open(os.path.join(HERE, "pd_reference.json"), "w") as f:
        json.dump(dict(n=n, cases=cases), f, indent=1)


if __name__ == "__main__":
    main()
