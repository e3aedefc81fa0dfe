#!/usr/bin/python3
"""Reference numbers for core/sgd, from scikit-learn 1.2.1.

Run with /usr/bin/python3 from this directory:

    /usr/bin/python3 gen_reference.py

It writes exact.json (small synthetic data plus coef/intercept/n_iter_ of
deterministic fits with shuffle=False), early.json (early-stopping fits with
the validation mask that scikit-learn drew, so the Go test can reuse it) and
accuracy.json (shuffled fits on the reference datasets: mean and spread of
test accuracy / R² over seeds).
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier, SGDRegressor
from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit

os.chdir(os.path.dirname(os.path.abspath(__file__)))  # outputs go beside this script

warnings.simplefilter("ignore", ConvergenceWarning)
# the copies embedded by core/data: the same bytes as /work/shared/datasets
DATA = "../../data/datasets"


def small_data():
    rng = np.random.RandomState(7)
    n, p = 40, 3
    X = rng.randn(n, p)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    w = np.array([1.5, -2.0, 0.5])
    s = X @ w + 0.8 * rng.randn(n)
    ybin = (s > 0.2).astype(float)
    # three classes from the score, with noise
    s2 = X @ np.array([-0.5, 1.0, 1.5]) + 0.5 * rng.randn(n)
    ymc = np.where(s < -0.5, 0.0, np.where(s2 > 0.3, 2.0, 1.0))
    yreg = 3.0 + X @ np.array([2.0, -1.0, 0.5]) + 0.3 * rng.randn(n)
    yreg[5] += 8.0  # one outlier, for the robust losses
    return X, ybin, ymc, yreg


def fit_case(kind, params, X, y):
    est = (SGDClassifier if kind == "clf" else SGDRegressor)(**params)
    est.fit(X, y)
    out = {
        "coef": np.atleast_2d(est.coef_).tolist(),
        "intercept": np.atleast_1d(est.intercept_).tolist(),
        "n_iter": int(est.n_iter_),
    }
    if kind == "clf":
        out["decision"] = est.decision_function(X[:5]).tolist()
        if params.get("loss") in ("log_loss", "modified_huber"):
            out["proba"] = est.predict_proba(X[:5]).tolist()
    return out


def exact():
    X, ybin, ymc, yreg = small_data()
    cases = []

    def add(name, kind, target, **params):
        params.setdefault("shuffle", False)
        y = {"bin": ybin, "mc": ymc, "reg": yreg}[target]
        res = fit_case(kind, params, X, y)
        cases.append({"name": name, "kind": kind, "target": target,
                      "params": params, **res})

    for loss in ["hinge", "log_loss"]:
        add(loss + "/optimal", "clf", "bin", loss=loss)
        add(loss + "/optimal/notol", "clf", "bin", loss=loss, tol=None, max_iter=20)
        add(loss + "/constant", "clf", "bin", loss=loss, learning_rate="constant", eta0=0.1)
        add(loss + "/invscaling", "clf", "bin", loss=loss, learning_rate="invscaling", eta0=0.5)
        add(loss + "/adaptive", "clf", "bin", loss=loss, learning_rate="adaptive", eta0=0.5)
        add(loss + "/optimal/multiclass", "clf", "mc", loss=loss)
        add(loss + "/constant/multiclass", "clf", "mc", loss=loss, learning_rate="constant", eta0=0.05)
    for loss in ["squared_hinge", "modified_huber", "perceptron", "squared_error", "huber",
                 "epsilon_insensitive", "squared_epsilon_insensitive"]:
        add(loss + "/optimal", "clf", "bin", loss=loss)
    add("modified_huber/optimal/multiclass", "clf", "mc", loss="modified_huber")
    add("hinge/l1", "clf", "bin", penalty="l1", alpha=0.01)
    add("hinge/elasticnet", "clf", "bin", penalty="elasticnet", alpha=0.01, l1_ratio=0.5)
    add("hinge/none/constant", "clf", "bin", penalty=None, learning_rate="constant", eta0=0.01)
    add("hinge/nointercept", "clf", "bin", fit_intercept=False)
    add("hinge/alpha", "clf", "bin", alpha=0.1)
    add("log_loss/average", "clf", "bin", loss="log_loss", average=True)
    add("log_loss/average10", "clf", "mc", loss="log_loss", average=10)
    add("hinge/average_late", "clf", "bin", average=100000)
    add("hinge/niter3_tol0.01", "clf", "bin", tol=0.01, n_iter_no_change=3)

    add("squared_error/invscaling", "reg", "reg")
    add("squared_error/invscaling/notol", "reg", "reg", tol=None, max_iter=30)
    add("squared_error/constant", "reg", "reg", learning_rate="constant", eta0=0.01)
    add("squared_error/optimal", "reg", "reg", learning_rate="optimal")
    add("squared_error/adaptive", "reg", "reg", learning_rate="adaptive", eta0=0.05)
    add("huber/invscaling", "reg", "reg", loss="huber")
    add("huber/constant/eps", "reg", "reg", loss="huber", epsilon=1.0,
        learning_rate="constant", eta0=0.02)
    add("epsilon_insensitive/invscaling", "reg", "reg", loss="epsilon_insensitive", epsilon=0.2)
    add("squared_epsilon_insensitive/invscaling", "reg", "reg",
        loss="squared_epsilon_insensitive")
    add("squared_error/l1", "reg", "reg", penalty="l1", alpha=0.05)
    add("squared_error/elasticnet", "reg", "reg", penalty="elasticnet", alpha=0.05, l1_ratio=0.3)
    add("squared_error/average", "reg", "reg", average=True)
    add("squared_error/powert", "reg", "reg", power_t=0.5, eta0=0.05)
    add("squared_error/nointercept", "reg", "reg", fit_intercept=False)
    # strong shrinkage: the weight scale falls below 1e-9 and is folded in
    add("squared_error/strong_l2", "reg", "reg", alpha=0.5, learning_rate="constant", eta0=0.1)
    add("squared_error/strong_l2/average", "reg", "reg", alpha=0.5, learning_rate="constant",
        eta0=0.1, average=True)
    add("hinge/strong_l2/multiclass/average", "clf", "mc", alpha=0.3, learning_rate="constant",
        eta0=0.2, average=5)
    return {"sklearn": sklearn.__version__, "X": X.tolist(), "ybin": ybin.tolist(),
            "ymc": ymc.tolist(), "yreg": yreg.tolist(), "cases": cases}


def early():
    """Early stopping with shuffle=False: the validation mask is the one
    scikit-learn's splitter draws, saved so the Go test can reuse it."""
    X, ybin, ymc, yreg = small_data()
    cases = []
    for name, kind, target, params in [
        ("clf/none", "clf", "bin", dict(penalty=None, learning_rate="constant", eta0=0.05)),
        ("clf/none/tol0", "clf", "bin", dict(penalty=None, learning_rate="constant", eta0=0.05, tol=0.0)),
        ("clf/l2", "clf", "bin", dict(learning_rate="constant", eta0=0.05, alpha=0.01)),
        ("clf/mc/none", "clf", "mc", dict(penalty=None, learning_rate="constant", eta0=0.05)),
        ("reg/none", "reg", "reg", dict(penalty=None)),
        ("reg/l2", "reg", "reg", dict(alpha=0.01)),
        ("reg/none/adaptive", "reg", "reg", dict(penalty=None, learning_rate="adaptive", eta0=0.05)),
    ]:
        y = {"bin": ybin, "mc": ymc, "reg": yreg}[target]
        params = dict(params, shuffle=False, early_stopping=True, validation_fraction=0.2,
                      random_state=3)
        if kind == "clf":
            split = StratifiedShuffleSplit(test_size=0.2, random_state=3)
        else:
            split = ShuffleSplit(test_size=0.2, random_state=3)
        _, idx_val = next(split.split(np.zeros((len(y), 1)), y))
        mask = np.zeros(len(y), dtype=bool)
        mask[idx_val] = True
        res = fit_case(kind, params, X, y)
        cases.append({"name": name, "kind": kind, "target": target, "params": params,
                      "mask": mask.tolist(), **res})
    return {"cases": cases}


def load_sklearn_csv(name):
    with open(f"{DATA}/{name}") as f:
        f.readline()
        a = np.loadtxt(f, delimiter=",")
    return a[:, :-1], a[:, -1]


def load_diabetes():
    X = np.loadtxt(f"{DATA}/diabetes_data_raw.csv.gz")
    y = np.loadtxt(f"{DATA}/diabetes_target.csv.gz")
    return X, y


def standardize(Xtr, Xte):
    mu, sd = Xtr.mean(axis=0), Xtr.std(axis=0)
    sd[sd == 0] = 1
    return (Xtr - mu) / sd, (Xte - mu) / sd


def accuracy():
    """Test scores with shuffling over 30 seeds; test rows are those with
    index % 4 == 0, features standardized with the training mean and std."""
    out = {}
    seeds = range(30)
    for dname, loader, kind, variants in [
        ("breast_cancer", lambda: load_sklearn_csv("breast_cancer.csv"), "clf", {
            "default": {},
            "log_loss": {"loss": "log_loss"},
            "modified_huber": {"loss": "modified_huber"},
            "early": {"early_stopping": True},
            "average": {"average": True},
        }),
        ("iris", lambda: load_sklearn_csv("iris.csv"), "clf", {
            "default": {},
            "log_loss": {"loss": "log_loss"},
        }),
        ("diabetes", load_diabetes, "reg", {
            "default": {},
            "huber": {"loss": "huber", "epsilon": 1.0, "eta0": 0.05},
            "early": {"early_stopping": True},
            "adaptive": {"learning_rate": "adaptive"},
        }),
    ]:
        X, y = loader()
        test = np.arange(len(y)) % 4 == 0
        Xtr, Xte = standardize(X[~test], X[test])
        ytr, yte = y[~test], y[test]
        for vname, params in variants.items():
            scores, iters = [], []
            for s in seeds:
                est = (SGDClassifier if kind == "clf" else SGDRegressor)(random_state=s, **params)
                est.fit(Xtr, ytr)
                scores.append(est.score(Xte, yte))
                iters.append(int(est.n_iter_))
            out[f"{dname}/{vname}"] = {"params": params, "mean": float(np.mean(scores)),
                                       "std": float(np.std(scores)),
                                       "min": float(np.min(scores)),
                                       "mean_iter": float(np.mean(iters))}
    return out


def dump(name, obj):
    with open(name, "w") as f:
        json.dump(obj, f, indent=None, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    dump("exact.json", exact())
    dump("early.json", early())
    dump("accuracy.json", accuracy())
