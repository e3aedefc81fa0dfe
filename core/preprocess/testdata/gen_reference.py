"""Reference values for core/preprocess, computed with scikit-learn.

Run from this directory with Debian's python3 (scikit-learn 1.2.1):

    /usr/bin/python3 gen_reference.py

It reads the datasets from /work/shared/datasets (the same bytes that
core/data embeds) and writes reference.json; small synthetic inputs are
stored in the JSON next to sklearn's outputs.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.preprocessing import (MinMaxScaler, OneHotEncoder,
                                   PolynomialFeatures, StandardScaler)

os.chdir(os.path.dirname(os.path.abspath(__file__)))  # outputs go beside this script

DATASETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "datasets") + "/"  # the bytes core/data embeds


def load(name):
    """Parse sklearn's CSV layout: a header line, then features + class."""
    rows = np.loadtxt(DATASETS + name, delimiter=",", skiprows=1)
    return rows[:, :-1]


def rows(a):
    return [[float(v) for v in r] for r in np.asarray(a, float)]


def vec(a):
    return [float(v) for v in np.asarray(a, float).ravel()]


out = {"sklearn_version": sklearn.__version__}
HEAD = 40  # transformed rows stored for the large dataset

# --- StandardScaler ---------------------------------------------------------
std = []
for ds, fname in [("wine", "wine_data.csv"), ("breast_cancer", "breast_cancer.csv")]:
    X = load(fname)
    for cfg in [dict(), dict(with_mean=False), dict(with_std=False)]:
        s = StandardScaler(**cfg).fit(X)
        Z = s.transform(X)
        std.append({
            "dataset": ds,
            "no_mean": not cfg.get("with_mean", True),
            "no_std": not cfg.get("with_std", True),
            "mean": vec(s.mean_) if s.mean_ is not None else None,
            "var": vec(s.var_) if s.var_ is not None else None,
            "scale": vec(s.scale_) if s.scale_ is not None else None,
            "transformed_head": rows(Z[:HEAD]),
        })
out["standard_scaler"] = std

# Constant and near-constant columns get scale 1.
Xc = np.array([[0.1, 5.0, 1.0, 1e8], [0.1, 5.0, 2.0, 1e8], [0.1, 5.0, 4.0, 1e8 + 1e-7]])
s = StandardScaler().fit(Xc)
out["standard_constant"] = {"X": rows(Xc), "mean": vec(s.mean_), "var": vec(s.var_),
                            "scale": vec(s.scale_), "transformed": rows(s.transform(Xc))}

# --- MinMaxScaler ------------------------------------------------------------
mm = []
Xw = load("wine_data.csv")
Xnew = np.array([Xw.min(axis=0) - 1, Xw.max(axis=0) + 1, Xw.mean(axis=0)])
for rng_, clip in [((0, 1), False), ((-1, 2), False), ((-1, 2), True)]:
    s = MinMaxScaler(feature_range=rng_, clip=clip).fit(Xw)
    mm.append({"min": rng_[0], "max": rng_[1], "clip": clip,
               "data_min": vec(s.data_min_), "data_max": vec(s.data_max_),
               "scale": vec(s.scale_), "offset": vec(s.min_),
               "transformed_head": rows(s.transform(Xw)[:HEAD]),
               "new": rows(Xnew), "new_transformed": rows(s.transform(Xnew))})
out["minmax_scaler"] = mm
s = MinMaxScaler().fit(Xc)
out["minmax_constant"] = {"X": rows(Xc), "scale": vec(s.scale_), "offset": vec(s.min_),
                          "transformed": rows(s.transform(Xc))}

# --- PolynomialFeatures ----------------------------------------------------
Xp = np.array([[0.5, -1.25, 2.0], [1.5, 3.0, -0.75], [-2.0, 0.1, 0.3], [1.1, 2.2, 3.3]])
poly = []
for deg in [1, 2, 3, 4]:
    for inter in [False, True]:
        for bias in [True, False]:
            f = PolynomialFeatures(degree=deg, interaction_only=inter, include_bias=bias).fit(Xp)
            poly.append({"degree": deg, "interaction_only": inter, "include_bias": bias,
                         "transformed": rows(f.transform(Xp)),
                         "powers": f.powers_.tolist(),
                         "names": list(f.get_feature_names_out()),
                         "names_abc": list(f.get_feature_names_out(["a", "b", "c"]))})
out["poly"] = {"X": rows(Xp), "cases": poly}

# --- OneHotEncoder ------------------------------------------------------------
Xo = np.array([[1, 10, 0], [3, 20, 0], [2, 10, 1], [1, 30, 1], [3, 20, 0], [2, 30, 1]])
Xo_new = np.array([[3, 30, 1], [1, 10, 0]])
Xo_unknown = np.array([[4, 10, 0], [1, 25, 2]])
oh = []
for drop in [None, "first", "if_binary"]:
    e = OneHotEncoder(sparse_output=False, drop=drop).fit(Xo)
    c = {"drop": drop or "none", "categories": [vec(v) for v in e.categories_],
         "transformed": rows(e.transform(Xo)), "new_transformed": rows(e.transform(Xo_new)),
         "names": list(e.get_feature_names_out()),
         "names_cols": list(e.get_feature_names_out(["size", "price", "flag"]))}
    c["inverse"] = rows(e.inverse_transform(e.transform(Xo_new)))
    oh.append(c)
e = OneHotEncoder(sparse_output=False, handle_unknown="ignore").fit(Xo)
out["onehot"] = {"X": rows(Xo), "new": rows(Xo_new), "unknown": rows(Xo_unknown), "cases": oh,
                 "ignore_unknown_transformed": rows(e.transform(Xo_unknown))}

with open("reference.json", "w") as f:
    json.dump(out, f)
