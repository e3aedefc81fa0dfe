"""Execute notebooks through the descent kernel with nbclient.

Usage: run_notebooks.py NOTEBOOK...  (fails on the first cell error)
Checks that rich outputs arrive: a notebook passes when every cell runs
without error; kernel_smoke.ipynb also checks its HTML and SVG outputs.
"""

import sys

import nbformat
from nbclient import NotebookClient


def main(paths):
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name="descent", timeout=120, allow_errors=False).execute()
        if path.endswith("kernel_smoke.ipynb"):
            mimes = [set(o.get("data", {})) for c in nb.cells if c.cell_type == "code" for o in c.outputs]
            html = sum("text/html" in m for m in mimes)
            svg = sum("image/svg+xml" in m for m in mimes)
            results = [o["data"]["text/plain"] for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "execute_result"]
            assert html >= 3, f"want dataset, model and confusion matrix as HTML, got {mimes}"
            assert svg == 1, f"want one SVG output, got {mimes}"
            assert "true" in results, f"accuracy check failed: {results}"
        print(f"ok   {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
