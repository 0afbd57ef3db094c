"""Export: time to write the SVG of the face panel, the legend and the map at 100k and 1M
points, and the legend's first computation.

    .venv/bin/python -m benchmarks.export_speed [--sizes 100000,1000000] [--repeats 3]

Baseline in the same run: the kernel's answer to a brush (``FaceSource.panel``: the same
sample of faces decoded and packed as binary buffers), i.e. what the panel costs live.
The map draws at most ``MAX_MAP_DOTS`` dots (an even sample of the points in view).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from benchmarks.common import table
from vec2face_widget.widget.export import MAX_MAP_DOTS
from vec2face_widget.widget.face_scatter import FaceScatter


def best_ms(fn, repeats: int) -> float:
    """The fastest of ``repeats`` runs of ``fn``, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * min(times)


def measure(n: int, repeats: int) -> list[object]:
    """One row of figures for ``n`` points in 32 dimensions, 10 groups."""
    rng = np.random.default_rng(0)
    groups = rng.integers(0, 10, n)
    emb = (rng.normal(size=(n, 32)) + 3 * np.eye(32)[groups]).astype(np.float32)
    xy = emb[:, :2]
    w = FaceScatter(emb, [f"item {i}" for i in range(n)], xy=xy, color=groups.astype(str))
    chosen = np.flatnonzero(groups == 3)
    w.select(chosen)
    start = time.perf_counter()
    _ = w.legend
    legend_first = 1000 * (time.perf_counter() - start)
    source = w._prep.wait().source  # noqa: SLF001 - the live panel path, the baseline
    baseline = best_ms(lambda: source.panel(chosen, w.max_faces), repeats)
    panel = best_ms(lambda: w.to_svg("panel"), repeats)
    legend = best_ms(lambda: w.to_svg("legend"), repeats)
    whole = best_ms(lambda: w.to_svg("map"), repeats)
    w._view = [-0.2, -0.2, 0.2, 0.2, 600.0, 600.0]  # noqa: SLF001 - as a zoomed-in view reports
    zoomed = best_ms(lambda: w.to_svg("map"), repeats)
    return [
        f"{n:,}",
        f"{baseline:.0f}",
        f"{panel:.0f}",
        f"{legend_first:.0f}",
        f"{legend:.0f}",
        f"{whole:.0f}",
        f"{zoomed:.0f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = [measure(int(n), args.repeats) for n in args.sizes.split(",")]
    header = [
        "points",
        "brush answer (baseline) ms",
        "panel SVG ms",
        "legend first ms",
        "legend SVG ms",
        f"map SVG, all in view (<= {MAX_MAP_DOTS:,} dots) ms",
        "map SVG, zoomed ms",
    ]
    print(table(header, rows))


if __name__ == "__main__":
    main()
