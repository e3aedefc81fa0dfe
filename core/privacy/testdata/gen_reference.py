"""Reference values for the RDP accountant of core/privacy.

Run with Debian's python3 (numpy + scipy):  /usr/bin/python3 gen_reference.py
It writes rdp_reference.json next to this script.

TensorFlow Privacy is not installed here, so this script evaluates the same
formulas independently in Python, with scipy's binom, gammaln and log_ndtr
(the special functions TF Privacy uses), to check the Go numerics at every
default order, fractional ones included:

- Mironov, Talwar, Zhang (2019), "Renyi Differential Privacy of the Sampled
  Gaussian Mechanism": A_alpha as a binomial sum (integer alpha) or a
  two-sided series (fractional alpha), RDP = log(A_alpha)/(alpha-1).
- eps = min_alpha rdp + log1p(-1/alpha) - log(delta*alpha)/(alpha-1)
  (Balle et al. 2020, Prop. 12), and the classic rdp - log(delta)/(alpha-1).

The published TF Privacy test values (compute_dp_sgd_privacy_test.py) are
hard-coded in the Go test itself.
"""
import json
import math
import os

import numpy as np
from scipy import special


def default_orders():
    return [1 + x / 10.0 for x in range(1, 100)] + list(range(11, 64)) + [128, 256, 512]


def log_add(x, y):
    lo, hi = min(x, y), max(x, y)
    if lo == -np.inf:
        return hi
    return math.log1p(math.exp(lo - hi)) + hi


def log_sub(x, y):
    assert x >= y
    if y == -np.inf:
        return x
    if x == y:
        return -np.inf
    try:
        return math.log(math.expm1(x - y)) + y
    except OverflowError:
        return x


def log_erfc(x):
    # erfc(x) = 2 * Phi(-x * sqrt(2))
    return math.log(2) + special.log_ndtr(-x * math.sqrt(2))


def log_a_integer(q, sigma, alpha):
    total = -np.inf
    for k in range(alpha + 1):
        log_binom = special.gammaln(alpha + 1) - special.gammaln(k + 1) - special.gammaln(alpha - k + 1)
        term = log_binom + k * math.log(q) + (alpha - k) * math.log1p(-q) + (k * k - k) / (2 * sigma ** 2)
        total = log_add(total, term)
    return total


def log_a_fractional(q, sigma, alpha):
    lower, upper = -np.inf, -np.inf
    z0 = sigma ** 2 * math.log(1 / q - 1) + 0.5
    k = 0
    while True:
        c = special.binom(alpha, k)
        lc = math.log(abs(c))
        j = alpha - k
        s0 = (lc + k * math.log(q) + j * math.log1p(-q) + (k * k - k) / (2 * sigma ** 2)
              + math.log(0.5) + log_erfc((k - z0) / (math.sqrt(2) * sigma)))
        s1 = (lc + j * math.log(q) + k * math.log1p(-q) + (j * j - j) / (2 * sigma ** 2)
              + math.log(0.5) + log_erfc((z0 - j) / (math.sqrt(2) * sigma)))
        if c > 0:
            lower, upper = log_add(lower, s0), log_add(upper, s1)
        else:
            lower, upper = log_sub(lower, s0), log_sub(upper, s1)
        k += 1
        if max(s0, s1) < -30:
            return log_add(lower, upper)


def rdp(q, sigma, steps, orders):
    out = []
    for a in orders:
        if q == 1:
            r = a / (2 * sigma ** 2)
        elif float(a).is_integer():
            r = log_a_integer(q, sigma, int(a)) / (a - 1)
        else:
            r = log_a_fractional(q, sigma, a) / (a - 1)
        out.append(r * steps)
    return out


def eps_improved(orders, rdps, delta):
    best, order = np.inf, orders[0]
    for a, r in zip(orders, rdps):
        if delta ** 2 + math.expm1(-r) > 0:
            e = 0.0
        elif a > 1.01:
            e = r + math.log1p(-1 / a) - math.log(delta * a) / (a - 1)
        else:
            e = np.inf
        if e < best:
            best, order = e, a
    return max(0.0, best), order


def eps_classic(orders, rdps, delta):
    best, order = np.inf, orders[0]
    for a, r in zip(orders, rdps):
        e = r - math.log(delta) / (a - 1)
        if e < best:
            best, order = e, a
    return max(0.0, best), order


def main():
    orders = default_orders()
    cases = []
    for q, sigma, steps, delta in [
        (0.0025, 1.3, 6000, 1e-5),
        (0.001, 1.0, 30000, 1e-7),
        (0.01, 0.8, 1000, 1e-5),
        (0.1, 2.0, 100, 1e-6),
        (0.5, 1.0, 10, 1e-5),
        (1e-4, 5.0, 100000, 1e-5),
        (0.02, 0.5, 500, 1e-5),
    ]:
        r = rdp(q, sigma, steps, orders)
        e, o = eps_improved(orders, r, delta)
        c, co = eps_classic(orders, r, delta)
        cases.append(dict(q=q, sigma=sigma, steps=steps, delta=delta, rdp=r,
                          epsilon=e, order=o, classic_epsilon=c, classic_order=co))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rdp_reference.json")
    with open(path, "w") as f:
        json.dump(dict(orders=orders, cases=cases), f, indent=1)


if __name__ == "__main__":
    main()
