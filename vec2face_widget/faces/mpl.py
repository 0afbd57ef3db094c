"""Drawing faces on a matplotlib Axes (optional: needs the ``plot`` extra)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from vec2face_widget.faces.normalize import check_landmarks
from vec2face_widget.faces.svg import common_extent, fit_to_cell
from vec2face_widget.faces.topology import PARTS

__all__ = ["draw_faces"]


def draw_faces(
    ax: Any,
    landmarks: object,
    labels: Sequence[object] | None = None,
    ncols: int = 8,
    color: str = "#222",
    linewidth: float = 1.0,
) -> Any:
    """Draw faces ``(n, 194, 2)`` on ``ax`` as a grid; returns ``ax``.

    The faces share one scale (the largest fills a unit cell), so sizes and proportions
    compare; y grows downward, as in the data.
    Labels go under the faces as plain text.
    """
    try:
        from matplotlib.collections import LineCollection
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError(
            "draw_faces needs matplotlib: pip install 'vec2face-widget[plot]'"
        ) from err
    faces = check_landmarks(landmarks)
    faces = faces.reshape(-1, *faces.shape[-2:])
    if labels is not None and len(labels) != len(faces):
        raise ValueError(f"labels has {len(labels)} entries for {len(faces)} faces")
    cols = max(1, min(int(ncols), len(faces)))
    extent = common_extent(faces)  # one scale: sizes and proportions compare
    segments = []
    for i, face in enumerate(faces):
        pts = fit_to_cell(face, i % cols, 0.0, 1.0, extent=extent)
        pts[:, 1] = -(i // cols) * 1.2 - pts[:, 1]  # matplotlib's y grows upward
        for p in PARTS:
            seg = pts[p.start : p.stop]
            segments.append(np.vstack([seg, seg[:1]]) if p.closed else seg)
        if labels is not None:
            ax.text(
                i % cols + 0.5,
                -(i // cols) * 1.2 - 1.05,
                str(labels[i]),
                ha="center",
                va="center",
                fontsize=8,
                color=color,
            )
    ax.add_collection(LineCollection(segments, colors=color, linewidths=linewidth))
    rows = -(-len(faces) // cols)
    ax.set_xlim(0, cols)
    ax.set_ylim(-rows * 1.2, 0)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax
