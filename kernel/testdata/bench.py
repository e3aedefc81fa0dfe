"""Benchmark the descent kernel against Debian's ipykernel, side by side in
one run through jupyter_client (make kernel-bench).

Measures, for each kernel: start to the first kernel_info_reply (median of
START_RUNS starts) and a trivial cell's execute round trip, request to idle
(median of EXEC_RUNS). Prints the ratios and the issue's targets
(execute <= 0.4x, start <= 0.2x ipykernel); exits 1 if a target is missed
and BENCH_STRICT=1.

The kernels are measured in alternation (one start of each in turn; with
both kernels running, EXEC_BLOCKS blocks of cells on each in turn), so that
a change in the machine's load during the run (it is shared) weighs on both
alike instead of on whichever kernel happened to run then. Blocks rather
than single cells: right after a cell ipykernel still works for a while
(its history thread, its iopub thread), which would land on a descent cell
run straight after it.
"""

import os
import statistics
import subprocess
import sys
import time

import jupyter_client

# ipykernel's debugger prints warnings about frozen modules on every start;
# they say nothing about speed, so the kernels' stderr is not shown.
QUIET = {"stderr": subprocess.DEVNULL}

START_RUNS = 5
EXEC_RUNS = 200
EXEC_BLOCKS = 8  # EXEC_RUNS cells per kernel in this many alternating blocks
KERNELS = [("descent", "1"), ("python3", "1")]


def start_time(name):
    km = jupyter_client.KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel(**QUIET)
    kc = km.client()
    kc.start_channels()
    try:
        while True:
            msg_id = kc.kernel_info()
            try:
                while True:
                    reply = kc.get_shell_msg(timeout=0.05)
                    if reply["parent_header"].get("msg_id") == msg_id:
                        return time.perf_counter() - t0
            except Exception:
                continue
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def execute_once(kc, code):
    """One execute round trip: request sent to status idle received."""
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            break
    elapsed = time.perf_counter() - t0
    kc.get_shell_msg(timeout=30)
    return elapsed


def exec_times(kernels):
    """EXEC_RUNS round trips on each kernel, in EXEC_BLOCKS blocks that
    alternate between the kernels."""
    started = []
    try:
        for name, code in kernels:
            km, kc = jupyter_client.manager.start_new_kernel(kernel_name=name, **QUIET)
            started.append((km, kc))
            for _ in range(10):
                kc.execute_interactive(code, timeout=30, output_hook=lambda m: None)
        out = [[] for _ in kernels]
        for block in range(EXEC_BLOCKS):
            n = EXEC_RUNS * (block + 1) // EXEC_BLOCKS - EXEC_RUNS * block // EXEC_BLOCKS
            for i, ((_, code), (_, kc)) in enumerate(zip(kernels, started)):
                out[i].extend(execute_once(kc, code) for _ in range(n))
        return out
    finally:
        for km, kc in started:
            kc.stop_channels()
            km.shutdown_kernel(now=True)


def main():
    starts = {name: [] for name, _ in KERNELS}
    for _ in range(START_RUNS):
        for name, _ in KERNELS:
            starts[name].append(start_time(name))
    execs = exec_times(KERNELS)
    res = {}
    for (name, _), ex in zip(KERNELS, execs):
        res[name] = (statistics.median(starts[name]), statistics.median(ex))
        print(f"{name:8s} start→kernel_info_reply {res[name][0]*1000:8.1f} ms   execute round trip (median of {EXEC_RUNS}) {res[name][1]*1000:7.3f} ms")
    d, p = res["descent"], res["python3"]
    start_ratio, exec_ratio = d[0] / p[0], d[1] / p[1]
    ok = start_ratio <= 0.2 and exec_ratio <= 0.4
    print(f"descent/ipykernel: start {start_ratio:.2f}x (target <= 0.2x), execute {exec_ratio:.2f}x (target <= 0.4x): {'met' if ok else 'NOT met'}")
    if not ok and os.environ.get("BENCH_STRICT") == "1":
        sys.exit(1)


if __name__ == "__main__":
    main()
