"""Faces as a standalone SVG grid, for papers, reports and static docs."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

import numpy as np

from vec2face_widget.faces.normalize import check_landmarks
from vec2face_widget.faces.topology import PARTS

__all__ = ["common_extent", "face_paths", "faces_to_svg", "fit_to_cell"]


def fit_to_cell(
    face: np.ndarray,
    x0: float,
    y0: float,
    size: float,
    pad: float = 0.08,
    extent: float | None = None,
) -> np.ndarray:
    """Landmarks ``(194, 2)`` scaled and centred into the ``size`` square at ``(x0, y0)``.

    The face keeps its aspect ratio and leaves ``pad`` of the cell free on each side; y
    grows downward as in the landmark data. ``extent`` is the face size that fills the
    cell: pass the largest extent of a set of faces so that they share one scale and
    their sizes and proportions compare (default: this face's own extent).
    """
    lo, hi = face.min(axis=0), face.max(axis=0)
    if extent is None:
        extent = float(max(hi[0] - lo[0], hi[1] - lo[1]))
    s = size * (1 - 2 * pad) / max(float(extent), 1e-9)
    return (face - (lo + hi) / 2) * s + np.array([x0 + size / 2, y0 + size / 2])


def common_extent(faces: np.ndarray) -> float:
    """The largest width or height among ``faces`` ``(n, P, 2)``: one scale for a figure."""
    f = np.asarray(faces).reshape(-1, *np.shape(faces)[-2:])
    return float(np.max(np.ptp(f, axis=1))) if len(f) else 1.0


def face_paths(
    face: np.ndarray,
    x0: float,
    y0: float,
    size: float,
    pad: float = 0.08,
    extent: float | None = None,
) -> list[str]:
    """SVG path ``d`` strings for one face ``(194, 2)`` fitted into a ``size`` square at (x0, y0).

    One path per part (see :data:`~.topology.PARTS`); closed parts end in ``Z``. See
    :func:`fit_to_cell` for ``pad`` and ``extent``.
    """
    pts = fit_to_cell(face, x0, y0, size, pad, extent)
    paths = []
    for p in PARTS:
        seg = pts[p.start : p.stop]
        d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in seg)
        paths.append(d + (" Z" if p.closed else ""))
    return paths


def faces_to_svg(
    landmarks: object,
    labels: Sequence[object] | None = None,
    ncols: int = 8,
    size: float = 96.0,
    stroke: str = "#222",
    background: str | None = "white",
) -> str:
    """An SVG document showing faces ``(n, 194, 2)`` (or one ``(194, 2)``) as a grid.

    Args:
        landmarks: faces in any frame with y growing downward (e.g. ``model.decode(...)``).
        labels: optional text under each face; shown as escaped text, never markup.
        ncols: faces per row.
        size: cell size in SVG units.
        stroke: line colour.
        background: fill behind the grid, or ``None`` for transparent.

    Returns:
        The SVG as a string (starts with ``<svg``).
    """
    faces = check_landmarks(landmarks)
    if faces.ndim == 2:
        faces = faces[None]
    faces = faces.reshape(-1, *faces.shape[-2:])
    if not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise ValueError(f"ncols must be a positive int, got {ncols!r}")
    if labels is not None and len(labels) != len(faces):
        raise ValueError(f"labels has {len(labels)} entries for {len(faces)} faces")
    n = len(faces)
    extent = common_extent(faces)  # one scale: sizes and proportions compare
    cols = min(int(ncols), max(n, 1))
    rows = -(-n // cols) if n else 0
    label_h = 16.0 if labels is not None else 0.0
    width, height = cols * size, rows * (size + label_h)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
        f'viewBox="0 0 {width:g} {height:g}">'
    ]
    if background:
        out.append(f'<rect width="100%" height="100%" fill="{escape(background)}"/>')
    out.append(
        f'<g fill="none" stroke="{escape(stroke)}" stroke-width="1.2" '
        'stroke-linejoin="round" stroke-linecap="round">'
    )
    for i, face in enumerate(faces):
        x0, y0 = (i % cols) * size, (i // cols) * (size + label_h)
        paths = "".join(f'<path d="{d}"/>' for d in face_paths(face, x0, y0, size, extent=extent))
        out.append(f"<g>{paths}</g>")
    out.append("</g>")
    if labels is not None:
        out += _grid_labels(labels, cols, size, label_h, stroke)
    out.append("</svg>")
    return "\n".join(out)


def _grid_labels(
    labels: Sequence[object], cols: int, size: float, label_h: float, stroke: str
) -> list[str]:
    """The labels under the faces of a grid, as escaped SVG text."""
    out = [
        f'<g font-family="sans-serif" font-size="11" fill="{escape(stroke)}" text-anchor="middle">'
    ]
    for i, label in enumerate(labels):
        x = (i % cols) * size + size / 2
        y = (i // cols) * (size + label_h) + size + 11
        out.append(f'<text x="{x:.1f}" y="{y:.1f}">{escape(str(label))}</text>')
    out.append("</g>")
    return out
