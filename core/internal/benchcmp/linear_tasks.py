"""scikit-learn side of the core/linear benchmarks (see linear_tasks.go)."""
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import log_loss


def linear_regression(X, y):
    m = LinearRegression().fit(X, y)
    return m.score(X, y)


def ridge(X, y):
    m = Ridge(alpha=1.0).fit(X, y)
    return m.score(X, y)


def logistic_regression(X, y):
    m = LogisticRegression(C=1.0).fit(X, y)
    return log_loss(y, m.predict_proba(X))
