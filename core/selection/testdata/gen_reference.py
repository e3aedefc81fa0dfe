#!/usr/bin/python3
"""Writes reference.json: scikit-learn 1.2 cross-validation, grid-search and
scorer results that core/selection's tests compare against.

Run from this directory with /usr/bin/python3 (Debian's python3-sklearn).
The data are generated here and stored in the JSON, so the Go test uses
exactly the same numbers.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.metrics import (accuracy_score, f1_score, log_loss, mean_squared_error,
                             r2_score, roc_auc_score)
from sklearn.model_selection import (GridSearchCV, KFold, StratifiedKFold,
                                     cross_val_score, cross_validate)
from sklearn.neighbors import NearestCentroid

os.chdir(os.path.dirname(os.path.abspath(__file__)))  # outputs go beside this script

rng = np.random.RandomState(0)
out = {"sklearn": sklearn.__version__}

# Regression on one feature: y = 3x + 1 + noise, 23 samples (folds of
# unequal size).
n = 23
x = rng.uniform(-2, 2, size=n)
y = 3 * x + 1 + rng.normal(scale=1.5, size=n)
X = x.reshape(-1, 1)
out["reg"] = {"x": x.tolist(), "y": y.tolist()}

# cross_val_score of OLS with KFold(5) (no shuffle), default R² and neg MSE.
kf = KFold(5)
out["ols_r2"] = cross_val_score(LinearRegression(), X, y, cv=kf).tolist()
out["ols_neg_mse"] = cross_val_score(LinearRegression(), X, y, cv=kf,
                                     scoring="neg_mean_squared_error").tolist()
out["kfold"] = [[tr.tolist(), te.tolist()] for tr, te in kf.split(X, y)]

# Grid search of Ridge alpha with KFold(5); ties impossible here.
alphas = [0.0, 0.1, 1.0, 10.0, 100.0]
gs = GridSearchCV(Ridge(), {"alpha": alphas}, cv=kf).fit(X, y)
cvr = gs.cv_results_
out["ridge_grid"] = {
    "alphas": alphas,
    "mean": cvr["mean_test_score"].tolist(),
    "std": cvr["std_test_score"].tolist(),
    "rank": cvr["rank_test_score"].tolist(),
    "folds": [[float(cvr["split%d_test_score" % k][c]) for k in range(5)]
              for c in range(len(alphas))],
    "best_index": int(gs.best_index_),
    "best_score": float(gs.best_score_),
    "best_coef": float(gs.best_estimator_.coef_[0]),
    "best_intercept": float(gs.best_estimator_.intercept_),
}

# Classification with 3 classes of unequal sizes in 2-D; cv=5 on a
# classifier uses StratifiedKFold(5).
counts = [9, 12, 7]
centers = np.array([[0.0, 0.0], [2.0, 1.0], [0.5, 2.5]])
Xc = np.vstack([centers[c] + rng.normal(scale=0.9, size=(m, 2))
                for c, m in enumerate(counts)])
yc = np.concatenate([np.full(m, c) for c, m in enumerate(counts)]).astype(float)
perm = rng.permutation(len(yc))
Xc, yc = Xc[perm], yc[perm]
out["clf"] = {"X": Xc.tolist(), "y": yc.tolist()}
res = cross_validate(NearestCentroid(), Xc, yc, cv=5, return_train_score=True)
out["centroid_acc"] = res["test_score"].tolist()
out["centroid_train_acc"] = res["train_score"].tolist()
out["skfold"] = [[tr.tolist(), te.tolist()]
                 for tr, te in StratifiedKFold(5).split(Xc, yc)]

# Scorer metrics on fixed arrays.
yt = np.array([0, 1, 2, 2, 1, 0, 0, 2, 1, 1, 2, 0], dtype=float)
yp = np.array([0, 2, 2, 2, 1, 0, 1, 2, 0, 1, 1, 0], dtype=float)
proba = rng.dirichlet([1.0, 1.0, 1.0], size=len(yt))
proba[3] = [0.0, 0.0, 1.0]  # exercises clipping
proba[6] = [1.0, 0.0, 0.0]  # a confident mistake
ybin = np.array([1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1], dtype=float)
pbin = rng.dirichlet([1.0, 1.0], size=len(ybin))
pbin[0] = [1.0, 0.0]
dscore = np.array([0.3, -1, 0.3, 2, 0.3, -0.5, 1, -1, 0.3, 0.2, -2, 1])  # ties
yr = np.array([1.5, -0.3, 2.2, 0.0, 4.1, 3.3])
pr = np.array([1.1, 0.2, 2.0, -0.4, 3.5, 3.9])
out["metrics"] = {
    "y_true": yt.tolist(), "y_pred": yp.tolist(), "proba": proba.tolist(),
    "accuracy": accuracy_score(yt, yp),
    "f1_macro": f1_score(yt, yp, average="macro"),
    # f1 with a predicted label absent from y_true (0 for that label).
    "f1_macro_extra": f1_score(yt, np.where(yp == 1, 3, yp), average="macro"),
    "log_loss": log_loss(yt, proba),
    "y_bin": ybin.tolist(), "proba_bin": pbin.tolist(), "dscore": dscore.tolist(),
    "log_loss_bin": log_loss(ybin, pbin[:, 1]),
    "roc_auc_proba": roc_auc_score(ybin, pbin[:, 1]),
    "roc_auc_dscore": roc_auc_score(ybin, dscore),
    "y_reg": yr.tolist(), "p_reg": pr.tolist(),
    "r2": r2_score(yr, pr),
    "mse": mean_squared_error(yr, pr),
}

# numpy mean/std of many values (pairwise summation for n >= 8).
v = rng.normal(size=300) * 1e3 + 0.1
out["np_stats"] = {"v": v.tolist(), "mean": float(np.mean(v)), "std": float(np.std(v)),
                   "mean9": float(np.mean(v[:9])), "std9": float(np.std(v[:9]))}

with open("reference.json", "w") as f:
    json.dump(out, f, indent=1)
