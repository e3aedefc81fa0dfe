"""Reference numbers for core/svm tests, from scikit-learn 1.2.1 (libsvm,
liblinear). Run with /usr/bin/python3 from this folder's parent:

    cd core/svm && /usr/bin/python3 testdata/gen_reference.py

It reads the same data as the Go tests: the scikit-learn CSV copies in
/work/shared/datasets (embedded by core/data) and testdata/moons.csv, which
it writes once from make_moons (seeded).
"""
import gzip
import json
import os

import numpy as np
from sklearn.datasets import make_moons
from sklearn.svm import SVC, SVR, LinearSVC

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "datasets")  # the bytes core/data embeds


def load_sklearn_csv(name):
    with open(os.path.join(DATA, name)) as f:
        f.readline()
        rows = [list(map(float, line.split(","))) for line in f if line.strip()]
    a = np.array(rows)
    return a[:, :-1], a[:, -1]


def load_diabetes():
    with gzip.open(os.path.join(DATA, "diabetes_data_raw.csv.gz"), "rt") as f:
        X = np.array([list(map(float, l.split())) for l in f if l.strip()])
    with gzip.open(os.path.join(DATA, "diabetes_target.csv.gz"), "rt") as f:
        y = np.array([float(l) for l in f if l.strip()])
    return X, y


def standardize(X):
    # Population standard deviation, as StandardScaler and the Go tests.
    return (X - X.mean(axis=0)) / X.std(axis=0)


def moons():
    path = os.path.join(HERE, "moons.csv")
    if not os.path.exists(path):
        X, y = make_moons(n_samples=200, noise=0.25, random_state=7)
        with open(path, "w") as f:
            for xi, yi in zip(X, y):
                f.write("%r,%r,%d\n" % (float(xi[0]), float(xi[1]), int(yi)))
    a = np.loadtxt(path, delimiter=",")
    return a[:, :2], a[:, 2]


def tolist(a):
    return np.asarray(a, dtype=float).tolist()


def svc_case(name, X, y, **kw):
    m = SVC(**kw).fit(X, y)
    case = {
        "name": name,
        "data": name.split("/")[0],
        "params": kw,
        "support": m.support_.tolist(),
        "n_support": m.n_support_.tolist(),
        "dual_coef": tolist(m.dual_coef_),
        "intercept": tolist(m.intercept_),
        "decision": tolist(m.decision_function(X)),
        "predict": tolist(m.predict(X)),
        "n_iter": np.asarray(m.n_iter_).tolist(),
        "gamma": float(m._gamma),
    }
    if len(m.classes_) > 2:
        m.set_params(decision_function_shape="ovo")
        case["decision_ovo"] = tolist(m.decision_function(X))
    return case


def main():
    iris_X, iris_y = load_sklearn_csv("iris.csv")
    bc_X, bc_y = load_sklearn_csv("breast_cancer.csv")
    bc_X = standardize(bc_X)
    mo_X, mo_y = moons()
    datasets = {"iris": (iris_X, iris_y), "cancer": (bc_X, bc_y), "moons": (mo_X, mo_y)}

    svc = []
    for dname, (X, y) in datasets.items():
        for C in (1.0, 10.0):
            svc.append(svc_case("%s/linear/C=%g" % (dname, C), X, y, kernel="linear", C=C))
            svc.append(svc_case("%s/poly/C=%g" % (dname, C), X, y, kernel="poly", C=C, degree=3, coef0=1.0))
            svc.append(svc_case("%s/rbf/C=%g" % (dname, C), X, y, kernel="rbf", C=C))
        svc.append(svc_case("%s/sigmoid/C=1" % dname, X, y, kernel="sigmoid", C=1.0, gamma=0.01, coef0=0.5))
        svc.append(svc_case("%s/rbf-auto/C=1" % dname, X, y, kernel="rbf", gamma="auto"))
        svc.append(svc_case("%s/rbf/C=1/balanced" % dname, X, y, kernel="rbf", class_weight="balanced"))
        svc.append(svc_case("%s/rbf/C=1/noshrink/tol=1e-6" % dname, X, y, kernel="rbf", shrinking=False, tol=1e-6))
    svc.append(svc_case("iris/rbf/C=2/weights", iris_X, iris_y, kernel="rbf", C=2.0, class_weight={0: 1.0, 1: 3.0, 2: 0.5}))

    # Probabilities: folds are random, so only loose agreement is expected.
    proba = []
    for dname in ("iris", "moons"):
        X, y = datasets[dname]
        m = SVC(probability=True, random_state=0).fit(X, y)
        proba.append({"data": dname, "proba": tolist(m.predict_proba(X)),
                      "probA": tolist(m.probA_), "probB": tolist(m.probB_)})

    dX, dy = load_diabetes()
    dX = standardize(dX)
    svr = []
    for C, eps, kernel in ((1.0, 0.1, "rbf"), (100.0, 5.0, "rbf"), (10.0, 1.0, "linear"), (10.0, 0.5, "poly")):
        m = SVR(C=C, epsilon=eps, kernel=kernel).fit(dX, dy)
        svr.append({
            "name": "diabetes/%s/C=%g/eps=%g" % (kernel, C, eps),
            "params": {"C": C, "epsilon": eps, "kernel": kernel},
            "support": m.support_.tolist(),
            "dual_coef": tolist(m.dual_coef_),
            "intercept": tolist(m.intercept_),
            "predict": tolist(m.predict(dX)),
            "n_iter": int(np.asarray(m.n_iter_).ravel()[0]),
        })

    lin = []
    for dname in ("iris", "cancer"):
        X, y = datasets[dname]
        if dname == "iris":
            X = standardize(X)
        for loss in ("squared_hinge", "hinge"):
            for C in (1.0, 0.1):
                m = LinearSVC(C=C, loss=loss, tol=1e-10, max_iter=1000000, random_state=0).fit(X, y)
                lin.append({
                    "name": "%s/%s/C=%g" % (dname, loss, C),
                    "data": dname, "params": {"C": C, "loss": loss},
                    "coef": tolist(m.coef_), "intercept": tolist(m.intercept_),
                    "decision": tolist(m.decision_function(X)),
                    "n_iter": int(m.n_iter_),
                })
        m = LinearSVC(C=1.0, tol=1e-10, max_iter=1000000, intercept_scaling=10.0, random_state=0).fit(X, y)
        lin.append({"name": "%s/squared_hinge/C=1/scaling=10" % dname, "data": dname,
                    "params": {"C": 1.0, "loss": "squared_hinge", "intercept_scaling": 10.0},
                    "coef": tolist(m.coef_), "intercept": tolist(m.intercept_),
                    "decision": tolist(m.decision_function(X)), "n_iter": int(m.n_iter_)})
        for cw in ("balanced", {0: 3.0}):
            m = LinearSVC(C=0.5, tol=1e-10, max_iter=1000000, class_weight=cw, random_state=0).fit(X, y)
            lin.append({"name": "%s/squared_hinge/C=0.5/class_weight=%s" % (dname, cw), "data": dname,
                        "params": {"C": 0.5, "loss": "squared_hinge", "class_weight": cw},
                        "coef": tolist(m.coef_), "intercept": tolist(m.intercept_),
                        "decision": tolist(m.decision_function(X)), "n_iter": int(m.n_iter_)})
        m = LinearSVC(C=1.0, tol=1e-10, max_iter=1000000, fit_intercept=False, random_state=0).fit(X, y)
        lin.append({"name": "%s/squared_hinge/C=1/nointercept" % dname, "data": dname,
                    "params": {"C": 1.0, "loss": "squared_hinge", "fit_intercept": False},
                    "coef": tolist(m.coef_), "intercept": tolist(np.atleast_1d(m.intercept_)),
                    "decision": tolist(m.decision_function(X)), "n_iter": int(m.n_iter_)})

    import sklearn
    out = {"sklearn": sklearn.__version__, "svc": svc, "proba": proba, "svr": svr, "linear_svc": lin}
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
