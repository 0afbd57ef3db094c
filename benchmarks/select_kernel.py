"""The kernel's share of a brush: a ``select`` message of a big selection to ``selection`` set.

In-process, no browser: a FaceScatter of N points (given ``xy``) gets the ``select``
message the front end sends at mouse-up (~9% of the points, so as one bit a point),
handled as the comm would hand it over; the time is from the call until an observer of
``selection`` fires (what a user's callback would see), and until the handler returns
(the panel's faces are then being prepared in the background), once the widget's faces
are ready (so no compilation runs beside it). The baseline in the same run:
``w.selection = indices`` set from Python (the trait's own validation).

    .venv/bin/python benchmarks/select_kernel.py [--sizes 100000 1000000] [--repeats 20]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.browser_bench import pct  # noqa: E402
from benchmarks.common import table  # noqa: E402
from vec2face_widget import FaceScatter  # noqa: E402


def measure(n: int, repeats: int) -> list[str]:
    """One table row for ``n`` points."""
    rng = np.random.default_rng(0)
    emb = rng.normal(size=(n, 32)).astype(np.float32)
    w = FaceScatter(emb, xy=rng.uniform(-1, 1, size=(n, 2)))
    w.send = lambda *_args, **_kwargs: None  # type: ignore[method-assign]  # no front end
    seen: list[float] = []
    w.observe(lambda _change: seen.append(time.perf_counter()), "selection")
    handler = w._handlers()["select"]  # noqa: SLF001 - the comm's entry point
    handler({"type": "select"}, [memoryview(b"")], {"view": "bench", "request_id": 0})
    w._prep.wait()  # noqa: SLF001 - the faces are ready: steady state, no compile running
    observed, handled, baseline = [], [], []
    chosen = np.sort(rng.choice(n, size=int(0.093 * n), replace=False))
    # As the page sends it: one bit a point (more than a 32nd of the points are selected).
    mask = np.zeros(n, np.uint8)
    mask[chosen] = 1
    buffer = memoryview(np.packbits(mask, bitorder="little").tobytes())
    reply: Any = {"view": "bench", "request_id": 1}
    for _ in range(repeats):
        w.selection = []
        seen.clear()
        start = time.perf_counter()
        handler({"type": "select", "bits": True}, [buffer], reply)
        handled.append(1e3 * (time.perf_counter() - start))
        observed.append(1e3 * (seen[0] - start))
        w.selection = []
        start = time.perf_counter()
        w.selection = chosen.tolist()
        baseline.append(1e3 * (time.perf_counter() - start))
    w.close()
    return [
        f"{n:,}",
        f"{chosen.size:,}",
        f"{pct(observed, 50):.1f} / {pct(observed, 95):.1f}",
        f"{pct(handled, 50):.1f} / {pct(handled, 95):.1f}",
        f"{pct(baseline, 50):.1f} / {pct(baseline, 95):.1f}",
    ]


def main(argv: list[str] | None = None) -> int:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args(argv)
    rows = [measure(n, args.repeats) for n in args.sizes]
    header = [
        "points",
        "selected",
        "select -> observer p50 / p95 ms",
        "handler returns p50 / p95 ms",
        "baseline: w.selection = list, p50 / p95 ms",
    ]
    print(table(header, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
