"""How many points a widget takes, checked before anything is allocated.

Every point costs memory in the kernel (its layout, colour value and, while they travel,
the message buffers) and more in the browser tab (typed arrays, the WebGL textures and the
spatial index of the scatter). Past :data:`DEFAULT_MAX_POINTS` a tab is slow to draw and
may die, so ``FaceScatter`` refuses, at once, with what it would take and how to
subsample; ``max_points=`` raises the limit for those who have the memory.
"""

from __future__ import annotations

from typing import Any

import numpy as np

DEFAULT_MAX_POINTS = 4_000_000
"""Most points a FaceScatter shows unless ``max_points`` says otherwise."""

KERNEL_BYTES_PER_POINT = 40
"""Kernel memory per point while displayed: float32 xy (8 B) and colour value (4 B), kept,
plus the message buffers while the points are sent (about twice that again)."""

BROWSER_BYTES_PER_POINT = 160
"""Browser memory per point, about: the received buffers, the scatter's own arrays, its
WebGL point textures and its spatial index."""


def count_rows(embeddings: Any) -> int | None:
    """Number of rows of ``embeddings`` without converting it (None when unknown)."""
    shape = getattr(embeddings, "shape", None)
    if isinstance(shape, tuple) and len(shape) >= 1 and isinstance(shape[0], (int, np.integer)):
        return int(shape[0])
    try:
        return len(embeddings)
    except TypeError:
        return None


def _gb(n_bytes: float) -> str:
    return f"{n_bytes / 1e9:.1f} GB"


def check_size(embeddings: Any, max_points: int | None) -> None:
    """Raise ``ValueError`` when ``embeddings`` has more than ``max_points`` rows.

    ``max_points=None`` lifts the limit. The message says how much memory the widget
    would take and how to show a random subsample instead.
    """
    n = count_rows(embeddings)
    if max_points is None or n is None or n <= max_points:
        return
    kernel = n * KERNEL_BYTES_PER_POINT
    browser = n * BROWSER_BYTES_PER_POINT
    raise ValueError(
        f"embeddings: {n:,} points are more than FaceScatter shows by default "
        f"({max_points:,}): they would take about {_gb(kernel)} in the kernel (besides "
        f"your arrays) and {_gb(browser)} in the browser tab, and draw slowly. Show a "
        f"random subsample: idx = np.random.default_rng(0).choice({n}, {max_points // 2}, "
        "replace=False); FaceScatter(embeddings[idx], ..., xy=xy[idx]) (take labels and "
        "color at idx too). Or pass max_points=None to try all of them."
    )
