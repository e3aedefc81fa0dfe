"""Reference values for core/metrics, computed with scikit-learn.

Run from this directory with Debian's python3 (scikit-learn 1.2.1):

    /usr/bin/python3 gen_reference.py

It writes reference.json holding both the inputs and sklearn's outputs, so the
Go test uses exactly the same data.
"""
import json
import os

import numpy as np
import sklearn
from sklearn import metrics

os.chdir(os.path.dirname(os.path.abspath(__file__)))  # outputs go beside this script

rng = np.random.RandomState(0)


def floats(a):
    return [float(v) for v in np.asarray(a).ravel()]


cases = {"sklearn_version": sklearn.__version__}

# --- regression -----------------------------------------------------------
reg = []
for name, yt, yp in [
    ("small", [3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]),
    ("random", rng.normal(10, 3, 150), rng.normal(10, 3, 150)),
    ("perfect", [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]),
    ("constant_true", [2.0, 2.0, 2.0], [1.0, 2.0, 3.0]),
    ("constant_true_perfect", [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]),
]:
    yt, yp = np.asarray(yt, float), np.asarray(yp, float)
    reg.append({
        "name": name, "y_true": floats(yt), "y_pred": floats(yp),
        "mse": metrics.mean_squared_error(yt, yp),
        "rmse": metrics.mean_squared_error(yt, yp, squared=False),
        "mae": metrics.mean_absolute_error(yt, yp),
        "r2": metrics.r2_score(yt, yp),
    })
cases["regression"] = reg

# --- classification -------------------------------------------------------
# Integer labels so that classification_report prints "0", not "0.0".
cls = []
cls_inputs = [
    ("binary", [0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0], [0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 1], None, 1),
    ("binary_pos0", [0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0], [0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 1], None, 0),
    ("binary_labels_1_2", [1, 2, 2, 1, 2, 2, 2], [2, 2, 1, 1, 2, 2, 2], None, 2),
    ("multiclass", [0, 1, 2, 2, 1, 0, 2, 2, 1, 0, 0, 2, 1, 1], [0, 2, 2, 2, 1, 0, 0, 2, 1, 1, 0, 2, 0, 1],
     ["setosa", "versicolor", "virginica"], None),
    # label 3 is predicted but never true, label 5 is true but never predicted
    ("zero_division", [0, 1, 2, 5, 5, 1, 0, 2], [0, 1, 2, 3, 3, 1, 2, 2], None, None),
    ("random", rng.randint(0, 4, 300), rng.randint(0, 4, 300), ["a", "bb", "a much longer class name", "d"], None),
]
for name, yt, yp, names, pos in cls_inputs:
    yt, yp = np.asarray(yt, int), np.asarray(yp, int)
    c = {"name": name, "y_true": floats(yt), "y_pred": floats(yp), "target_names": names,
         "accuracy": metrics.accuracy_score(yt, yp)}
    if pos is not None:
        c["pos_label"] = pos
        c["binary"] = [metrics.precision_score(yt, yp, pos_label=pos),
                       metrics.recall_score(yt, yp, pos_label=pos),
                       metrics.f1_score(yt, yp, pos_label=pos)]
    for avg in ["macro", "micro", "weighted"]:
        c[avg] = [metrics.precision_score(yt, yp, average=avg, zero_division=0),
                  metrics.recall_score(yt, yp, average=avg, zero_division=0),
                  metrics.f1_score(yt, yp, average=avg, zero_division=0)]
        c[avg + "_zd1"] = [metrics.precision_score(yt, yp, average=avg, zero_division=1),
                           metrics.recall_score(yt, yp, average=avg, zero_division=1),
                           metrics.f1_score(yt, yp, average=avg, zero_division=1)]
    c["confusion"] = metrics.confusion_matrix(yt, yp).tolist()
    c["labels"] = floats(np.union1d(yt, yp))
    c["report"] = metrics.classification_report(yt, yp, target_names=names, zero_division=0)
    c["report_digits4"] = metrics.classification_report(yt, yp, target_names=names, digits=4, zero_division=0)
    cls.append(c)
cases["classification"] = cls

# --- ROC ------------------------------------------------------------------
roc = []
roc_inputs = [
    ("simple", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 1),
    ("ties", [0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0], [0.9, 0.8, 0.8, 0.8, 0.5, 0.5, 0.5, 0.3, 0.3, 0.1, 0.1, 0.1], 1),
    ("labels_1_2", [1, 2, 2, 1, 2, 1, 2], [-1.5, 2.0, 0.5, 0.5, 3.0, -2.0, 0.5], 2),
    ("multiclass_one_vs_rest", [0, 1, 2, 2, 1, 0, 2, 1], [0.2, 0.5, 0.9, 0.7, 0.5, 0.1, 0.5, 0.3], 2),
    ("random", rng.randint(0, 2, 200), np.round(rng.uniform(0, 1, 200), 2), 1),
    ("perfect", [0, 0, 0, 1, 1, 1], [1, 2, 3, 4, 5, 6], 1),
]
for name, yt, s, pos in roc_inputs:
    yt, s = np.asarray(yt, float), np.asarray(s, float)
    fpr, tpr, thr = metrics.roc_curve(yt, s, pos_label=pos)
    r = {"name": name, "y_true": floats(yt), "scores": floats(s), "pos_label": pos,
         "fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(thr),
         "auc": metrics.auc(fpr, tpr)}
    if len(np.unique(yt)) == 2:
        r["roc_auc"] = metrics.roc_auc_score(yt, s)
    roc.append(r)
cases["roc"] = roc

# --- AUC on arbitrary curves ---------------------------------------------
cases["auc"] = [
    {"x": [0.0, 1.0, 2.0, 4.0], "y": [1.0, 3.0, 2.0, 5.0], "auc": metrics.auc([0, 1, 2, 4], [1, 3, 2, 5])},
    {"x": [4.0, 2.0, 2.0, 0.5], "y": [1.0, 0.5, 2.0, 3.0], "auc": metrics.auc([4, 2, 2, 0.5], [1, 0.5, 2, 3])},
]

# --- log loss -------------------------------------------------------------
ll = []
p_bin = np.array([[0.9, 0.1], [0.2, 0.8], [0.0, 1.0], [1.0, 0.0], [0.5, 0.5], [0.3, 0.7]])
y_bin = np.array([0, 1, 1, 1, 0, 0], float)
ll.append({"name": "binary_with_zeros", "y_true": floats(y_bin), "proba": p_bin.tolist(),
           "classes": [0.0, 1.0], "log_loss": metrics.log_loss(y_bin, p_bin)})
p_multi = rng.uniform(0, 1, (50, 3))  # rows do not sum to 1: renormalized
y_multi = rng.randint(0, 3, 50).astype(float) * 2 + 1  # labels 1, 3, 5
ll.append({"name": "multiclass_unnormalized", "y_true": floats(y_multi), "proba": p_multi.tolist(),
           "classes": [1.0, 3.0, 5.0], "log_loss": metrics.log_loss(y_multi, p_multi, labels=[1, 3, 5])})
cases["log_loss"] = ll

with open("reference.json", "w") as f:
    json.dump(cases, f, indent=1)
