#!/usr/bin/python3
"""Writes reference.json: what scikit-learn 1.2.1 makes of the embedded
datasets, its KFold / StratifiedKFold folds (no shuffle, so deterministic),
and noise-free make_moons / make_circles points.

Run from core/data:  /usr/bin/python3 testdata/gen_reference.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn import datasets
from sklearn.model_selection import KFold, StratifiedKFold

out = {"sklearn_version": sklearn.__version__, "datasets": {}, "kfold": [], "stratified_kfold": []}

loaders = {
    "iris": datasets.load_iris,
    "wine": datasets.load_wine,
    "breast_cancer": datasets.load_breast_cancer,
    "digits": datasets.load_digits,
    "diabetes": lambda: datasets.load_diabetes(scaled=False),
}
for name, load in loaders.items():
    b = load()
    X, y = np.asarray(b.data, dtype=float), np.asarray(b.target, dtype=float)
    tn = b.get("target_names")
    out["datasets"][name] = {
        "shape": list(X.shape),
        "first_row": X[0].tolist(),
        "last_row": X[-1].tolist(),
        "col_sums": X.sum(axis=0).tolist(),
        "y_first": y[:5].tolist(),
        "y_sum": float(y.sum()),
        "feature_names": [str(f) for f in b.feature_names],
        "target_names": None if tn is None or name == "diabetes" else [str(t) for t in tn],
    }


def folds(splitter, X, y):
    return [{"train": tr.tolist(), "test": te.tolist()} for tr, te in splitter.split(X, y)]


for n, k in [(10, 3), (7, 2), (11, 4), (150, 5), (12, 12)]:
    X = np.zeros((n, 1))
    out["kfold"].append({"n": n, "k": k, "folds": folds(KFold(n_splits=k), X, None)})

rng = np.random.RandomState(0)
cases = [
    ("small", [2, 0, 1, 1, 0, 2, 2, 1, 0, 0, 1, 2, 2, 0, 1], 3),
    ("unbalanced", [1] * 4 + [0] * 9 + [1] * 3 + [3] * 5, 3),
    ("random", rng.randint(0, 4, size=60).tolist(), 5),
    ("iris", datasets.load_iris().target.tolist(), 5),
]
for name, y, k in cases:
    y = np.asarray(y, dtype=float)
    X = np.zeros((len(y), 1))
    out["stratified_kfold"].append(
        {"name": name, "y": y.tolist(), "k": k, "folds": folds(StratifiedKFold(n_splits=k), X, y)}
    )

Xm, ym = datasets.make_moons(n_samples=25, shuffle=False, noise=None)
Xc, yc = datasets.make_circles(n_samples=25, shuffle=False, noise=None, factor=0.5)
out["moons"] = {"n": 25, "X": Xm.tolist(), "y": ym.astype(float).tolist()}
out["circles"] = {"n": 25, "factor": 0.5, "X": Xc.tolist(), "y": yc.astype(float).tolist()}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
print("wrote", path)
