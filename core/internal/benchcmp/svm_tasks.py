"""scikit-learn side of the core/svm benchmarks (see svm_tasks.go)."""
from sklearn.svm import SVC, LinearSVC


def svc_rbf(X, y):
    m = SVC(C=1.0, kernel="rbf", gamma="scale").fit(X, y)
    return m.score(X, y)


def linear_svc(X, y):
    m = LinearSVC(C=1.0).fit(X, y)
    return m.score(X, y)
