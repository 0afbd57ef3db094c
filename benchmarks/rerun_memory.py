"""Kernel memory over re-runs of a display cell, with and without ``w.close()``.

A notebook (JupyterLab + headless Chromium, a fresh kernel for each way) makes 200,000
embeddings, then runs a cell that builds and shows a FaceScatter again and again, as a
user re-running it does. After each run (faces ready, the view drawn) it reads the
kernel's RSS. Printed: RSS after each run and the growth per re-run (least-squares slope
over the runs after the first two, which load JAX and the model), for

* ``close``: the cell closes the previous widget first (the README's advice);
* ``no close``: it does not (Jupyter keeps every open widget: the growth is the widget).

    .venv/bin/python benchmarks/rerun_memory.py [--n 200000] [--runs 10]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.browser_bench import Session  # noqa: E402

DATA_CELL = """\
import gc, numpy as np
from vec2face_widget import FaceScatter
emb = np.random.default_rng(0).normal(size=({n}, 32)).astype(np.float32)
def _rss_mib():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024"""

SHOW_CELL = {
    "close": "if 'w' in globals(): w.close()\nw = FaceScatter(emb)\nw",
    "no close": "w = FaceScatter(emb)\nw",
}

SETTLE = "w._prep.wait(timeout=300); gc.collect(); None"


def rss_over_reruns(s: Session, way: str, n: int, runs: int) -> list[float]:
    """Kernel RSS (MiB) after each of ``runs`` runs of the display cell."""
    nb = s.notebook()
    try:
        nb.run_cell(DATA_CELL.format(n=n), timeout=300)
        nb.run_cell(SHOW_CELL[way], timeout=300)
        out = []
        for k in range(runs):
            if k:
                nb.rerun_cell(1, timeout=300)  # the display cell (helpers go below it)
            nb.page.locator(".v2f-scatter canvas.v2f-canvas").last.wait_for(timeout=60_000)
            nb.run_cell(SETTLE, timeout=320)
            nb.page.wait_for_timeout(500)
            out.append(float(nb.eval_py("_rss_mib()")))
        return out
    finally:
        s.close(nb)


def slope(values: list[float], skip: int = 2) -> float:
    """Least-squares growth per run over ``values[skip:]``."""
    y = np.asarray(values[skip:])
    if len(y) < 2:
        return float("nan")
    return float(np.polyfit(np.arange(len(y)), y, 1)[0])


def main(argv: list[str] | None = None) -> int:
    """Measure both ways and print RSS per run and MiB per re-run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200_000, help="points")
    parser.add_argument("--runs", type=int, default=10, help="runs of the display cell")
    args = parser.parse_args(argv)
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="v2f-rerun-") as tmp, Session(Path(tmp)) as s:
        growth = {}
        for way in SHOW_CELL:
            rss = rss_over_reruns(s, way, args.n, args.runs)
            growth[way] = slope(rss)
            print(f"\n{way}: kernel RSS after each run (MiB): {', '.join(f'{r:.0f}' for r in rss)}")
            print(f"{way}: growth per re-run (runs 3..{args.runs}): {growth[way]:.1f} MiB")
    # What a re-run of the widget could hold at most: its float32 layout and colours.
    layout_mib = args.n * 3 * 4 / 2**20
    verdict = "met" if growth["close"] < layout_mib else "MISSED"
    print(
        f"\ntarget: with close(), a re-run keeps less than one widget's layout and colours "
        f"({layout_mib:.1f} MiB): {verdict}"
    )
    print(f"\n{args.n:,} points x 32; whole run {time.monotonic() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
