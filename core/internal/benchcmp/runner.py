"""scikit-learn side of `make bench`: fit one task on the data Go wrote.

Usage: runner.py DATA_FILE FUNCTION RUNS
Prints JSON {"seconds": [...], "quality": q}. FUNCTION is looked up in the
*_tasks.py modules beside this file; it fits once and returns the quality.
"""
import glob
import importlib
import json
import os
import sys
import time

import numpy as np


def load(path):
    n, p = np.fromfile(path, dtype="<u8", count=2)
    data = np.fromfile(path, dtype="<f8", offset=16)
    X = np.ascontiguousarray(data[: n * p].reshape(n, p))
    y = np.ascontiguousarray(data[n * p : n * p + n])
    return X, y


def find(name):
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    for f in sorted(glob.glob(os.path.join(here, "*_tasks.py"))):
        mod = importlib.import_module(os.path.basename(f)[:-3])
        if hasattr(mod, name):
            return getattr(mod, name)
    raise SystemExit(json.dumps({"error": "no function %s in *_tasks.py" % name}))


def main():
    path, name, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    X, y = load(path)
    fn = find(name)
    seconds, quality = [], None
    for _ in range(runs):
        start = time.perf_counter()
        quality = fn(X, y)
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "quality": float(quality)}))


if __name__ == "__main__":
    main()
