"""Main-thread long tasks while brushing a big scatter, with and without the grid index.

For each N, a fresh notebook displays a FaceScatter of N points (stand-in mapper and
model: the faces are not what is measured), waits for the first frame and the brush's
grid index, then draws lassos around ~10% of the points as a person does (the panel
follows through previews) and waits until the kernel holds the selection. A
PerformanceObserver('longtask') records every main-thread task over 50 ms from the
mouse-down to 1 s after the kernel has the selection. Brushes alternate between the grid
index and testing every point (``root.__v2f.useIndex(false)``: the baseline, same run,
same selections), clearing the selection in between.

    .venv/bin/python benchmarks/brush_longtask.py [--sizes 1000000 3000000] [--brushes 2]
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from browser_harness.lab_browser import Chromium  # noqa: E402
from browser_harness.lab_notebook import LabNotebook  # noqa: E402
from browser_harness.lab_server import JupyterServer  # noqa: E402
from browser_harness.scatter_view import ScatterView  # noqa: E402

TARGET_LONGEST_MS = 200.0

SETUP = """\
import numpy as np
from vec2face_widget import FaceScatter
from v2f_testdata import StubMapper, StubModel
rng = np.random.default_rng(0)
N = {n}
emb = rng.normal(size=(N, 8)).astype(np.float32)
xy = rng.normal(size=(N, 2)).astype(np.float32)
w = FaceScatter(emb, xy=xy, mapper=StubMapper(), model=StubModel(), max_faces=16)
w"""

OBSERVE_JS = """() => {
  window.__v2fLong = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__v2fLong.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask' });
}"""


def lasso_around(pts_box: dict, share: float) -> list[tuple[float, float]]:
    """A round lasso in the middle of the canvas holding about ``share`` of the points
    (the points are a standard normal cloud centred in the view)."""
    cx = pts_box["x"] + pts_box["width"] / 2
    cy = pts_box["y"] + pts_box["height"] / 2
    # The fitted view shows about +-4 sigma over the shorter side; P(r < a) = 1 - e^(-a^2/2).
    sigma_px = min(pts_box["width"], pts_box["height"]) / 8.5
    radius = sigma_px * math.sqrt(-2 * math.log(1 - share))
    return [
        (cx + radius * math.cos(2 * math.pi * k / 48), cy + radius * math.sin(2 * math.pi * k / 48))
        for k in range(48)
    ]


def brush_once(nb: LabNotebook, view: ScatterView, use_index: bool) -> dict[str, float]:
    """One lasso; the long tasks from mouse-down until 1 s after Python has the selection."""
    root = view.root.element_handle()
    nb.run_cell("w.select([])")
    nb.page.wait_for_function("r => r.__v2f.selection().length === 0", arg=root, timeout=60_000)
    nb.page.evaluate("([r, on]) => r.__v2f.useIndex(on)", [root, use_index])
    box = view.canvas.bounding_box()
    assert box is not None
    lasso = lasso_around(box, 0.10)
    t0 = nb.page.evaluate("() => performance.now()")
    started = time.monotonic()
    view.drag_lasso(lasso, step_px=12)
    nb.page.wait_for_function(
        "r => r.__v2f.selection().length > 0", arg=root, timeout=600_000, polling=100
    )
    selected = nb.page.evaluate("r => r.__v2f.selection().length", root)
    while nb.eval_py("len(w.selection)", timeout=600) != selected:
        nb.page.wait_for_timeout(200)
    settled_s = time.monotonic() - started
    nb.page.wait_for_timeout(1000)
    tasks = nb.page.evaluate("(t0) => window.__v2fLong.filter(([s]) => s >= t0)", t0)
    durations = [d for _, d in tasks]
    return {
        "selected": float(selected),
        "longest_ms": max(durations, default=0.0),
        "over_200ms": float(sum(d > 200 for d in durations)),
        "long_total_ms": sum(durations),
        "settled_s": settled_s,
    }


def measure(server: JupyterServer, chromium: Chromium, n: int, brushes: int) -> list[dict]:
    """Brushes on a fresh notebook of ``n`` points, alternating index / brute force."""
    name = f"longtask_{n}.ipynb"
    server.create_notebook(name)
    page, log = chromium.new_page()
    nb = LabNotebook(page, log, server, name).open()
    try:
        nb.run_cell(SETUP.format(n=n), timeout=900)
        view = ScatterView(page)
        view.wait_first_frame(timeout=900)
        root = view.root.element_handle()
        page.wait_for_function("r => r.__v2f.indexed()", arg=root, timeout=300_000)
        page.evaluate(OBSERVE_JS)
        rows = []
        for k in range(2 * brushes):
            use_index = k % 2 == 1
            row = brush_once(nb, view, use_index)
            row["index"] = float(use_index)
            rows.append(row)
            print(
                f"  N={n:>9,} {'index' if use_index else 'brute':>5}: "
                f"selected {row['selected']:>9,.0f}  longest task {row['longest_ms']:7.0f} ms  "
                f"tasks > 200 ms {row['over_200ms']:3.0f}  all long tasks "
                f"{row['long_total_ms']:7.0f} ms  settled {row['settled_s']:6.1f} s",
                flush=True,
            )
        return rows
    finally:
        page.context.close()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 3_000_000])
    parser.add_argument("--brushes", type=int, default=2, help="brushes per variant")
    args = parser.parse_args(argv)
    print(
        f"brush long tasks; {platform.platform()}, {os.cpu_count()} CPUs, "
        f"{time.strftime('%Y-%m-%d')}; target: longest task < {TARGET_LONGEST_MS:.0f} ms"
    )
    with tempfile.TemporaryDirectory() as tmp:
        server = JupyterServer(Path(tmp))
        server.start()
        try:
            (server.notebooks / "v2f_testdata.py").write_text(
                (ROOT / "browser_harness" / "v2f_testdata.py").read_text()
            )
            with Chromium() as chromium:
                for n in args.sizes:
                    rows = measure(server, chromium, n, args.brushes)
                    for variant in (0.0, 1.0):
                        mine = [r for r in rows if r["index"] == variant]
                        longest = max(r["longest_ms"] for r in mine)
                        print(
                            f"N={n:,} {'index' if variant else 'brute (baseline)'}: "
                            f"longest main-thread task {longest:.0f} ms over {len(mine)} lassos"
                        )
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
