"""Pictures of a ``FaceScatter`` to keep: the face panel, the face legend, the map as viewed.

Each part is a standalone vector SVG (faces as paths, labels as text); :mod:`.raster` turns
one into a PNG at twice its size. ``FaceScatter.to_svg`` / ``save`` and the toolbar's export
menu (through the ``export`` message) use these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal
from xml.sax.saxutils import escape

import numpy as np

from vec2face_widget.faces.svg import common_extent, face_paths, faces_to_svg

Part = Literal["panel", "legend", "map"]
PARTS: Final = ("panel", "legend", "map")
"""What can be exported."""

FORMATS: Final = ("svg", "png")
"""File formats of an export."""

CATEGORICAL: Final = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
"""The front end's category palette (js/src/colors.ts), in the same order."""

MAP_SIZE: Final = 640.0
"""Width and height of an exported map, in SVG units."""

MAX_MAP_DOTS: Final = 50_000
"""Most dots an exported map draws (an even sample of the points in view beyond that: a
million circles make an SVG no viewer opens)."""


def check_part(part: object) -> Part:
    """``part`` if it names an exportable part, else ValueError listing them."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(map(repr, PARTS))}; got {part!r}")
    return part


def format_of(path: str) -> str:
    """The export format a file name asks for (its suffix), else ValueError."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if suffix not in FORMATS:
        raise ValueError(f"save: the file name must end in .svg or .png, got {path!r}")
    return suffix


def panel_svg(faces: np.ndarray, labels: Sequence[str], count: int, mean: np.ndarray | None) -> str:
    """The face panel: the selection's mean face first (when there is one), then its faces.

    ``faces`` (n, P, 2) with one label each; ``count``: how many points are selected.
    """
    if count == 0 or len(faces) == 0:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="32" '
            'viewBox="0 0 240 32" font-family="sans-serif" font-size="12">'
            '<rect width="100%" height="100%" fill="white"/>'
            '<text x="8" y="20" fill="#666">nothing selected</text></svg>'
        )
    all_faces, all_labels = np.asarray(faces), [str(v) for v in labels]
    if mean is not None and count > 1:
        all_faces = np.concatenate([np.asarray(mean)[None], all_faces])
        all_labels = [f"mean of {count:,}", *all_labels]
    return faces_to_svg(all_faces, labels=all_labels, ncols=8)


@dataclass(frozen=True)
class MapPicture:
    """What the map shows: points in [-1, 1] (y up), their colours, a view and faces on it.

    ``view`` is ``(x0, x1, y0, y1)`` in the points' frame; ``face_indices`` are the points
    drawn as faces (``faces`` (m, P, 2), ``face_labels``), at their positions.
    """

    xy: np.ndarray
    colors: list[str]
    view: tuple[float, float, float, float]
    face_indices: np.ndarray
    faces: np.ndarray
    face_labels: list[str]


def point_colors(
    kind: str, values: np.ndarray, n: int, value_colors: Sequence[str] = ()
) -> list[str]:
    """One CSS colour per point: category palette, a continuous ramp, or grey."""
    if kind == "category" and len(values) == n:
        return [CATEGORICAL[int(v) % len(CATEGORICAL)] for v in values.tolist()]
    if kind == "value" and len(values) == n and value_colors:
        steps = len(value_colors) - 1
        return [value_colors[round(float(np.clip(v, 0, 1)) * steps)] for v in values.tolist()]
    return ["#4e79a7"] * n


def map_svg(picture: MapPicture, size: float = MAP_SIZE) -> str:
    """The map as currently viewed: points in view as dots, faces at their points, labels."""
    x0, x1, y0, y1 = picture.view
    sx, sy = size / max(x1 - x0, 1e-12), size / max(y1 - y0, 1e-12)
    xy = np.asarray(picture.xy, dtype=np.float64)
    px, py = (xy[:, 0] - x0) * sx, (y1 - xy[:, 1]) * sy
    inside = np.flatnonzero((px >= 0) & (px <= size) & (py >= 0) & (py <= size))
    n_inside = len(inside)
    if n_inside > MAX_MAP_DOTS:
        inside = inside[np.linspace(0, n_inside - 1, MAX_MAP_DOTS).astype(np.int64)]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size:g}" height="{size:g}" '
        f'viewBox="0 0 {size:g} {size:g}" font-family="sans-serif" font-size="10">',
        f"<desc>{n_inside:,} points in view, {len(inside):,} drawn</desc>",
        '<rect width="100%" height="100%" fill="white"/>',
        '<g class="points" fill-opacity="0.55">',
    ]
    dot = 2.0 if len(inside) > 5000 else 3.0
    colors = picture.colors
    out += [
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{dot:g}" fill="{colors[i]}"/>'
        for i, x, y in zip(inside.tolist(), px[inside].tolist(), py[inside].tolist(), strict=True)
    ]
    out.append("</g>")
    out += _map_faces(picture, px, py, size)
    out.append("</svg>")
    return "\n".join(out)


def _map_faces(picture: MapPicture, px: np.ndarray, py: np.ndarray, size: float) -> list[str]:
    """Faces (with white backing and a label under each) at their points' positions."""
    m = len(picture.face_indices)
    if m == 0:
        return []
    cell = float(np.clip(size / np.sqrt(m) / 1.6, 28.0, 72.0))
    extent = common_extent(picture.faces)
    out = [
        '<g class="faces" fill="none" stroke="#222" stroke-width="1.1" '
        'stroke-linejoin="round" stroke-linecap="round">'
    ]
    texts = ['<g class="face-labels" fill="#222" text-anchor="middle">']
    for k, i in enumerate(picture.face_indices.tolist()):
        x, y = px[i] - cell / 2, py[i] - cell / 2
        jaw, *parts = face_paths(picture.faces[k], x, y, cell, extent=extent)
        # The jaw filled with white, as the live face map does: dots do not show through.
        paths = f'<path d="{jaw}" fill="#ffffff" fill-opacity="0.85"/>' + "".join(
            f'<path d="{d}"/>' for d in parts
        )
        out.append(f"<g>{paths}</g>")
        label = picture.face_labels[k] if k < len(picture.face_labels) else str(i)
        texts.append(f'<text x="{px[i]:.1f}" y="{py[i] + cell / 2 + 9:.1f}">{escape(label)}</text>')
    out.append("</g>")
    texts.append("</g>")
    return out + texts


VIRIDIS: Final = (
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
)
"""Viridis at 9 stops, as the front end's colour bar (js/src/colors.ts)."""


def viridis_ramp(n: int) -> list[str]:
    """``n`` colours of the continuous map, as the front end's scatter uses them."""
    stops = np.asarray(VIRIDIS, dtype=np.float64)
    t = np.linspace(0.0, 1.0, max(2, n)) * (len(stops) - 1)
    i = np.minimum(len(stops) - 2, np.floor(t).astype(int))
    rgb = stops[i] + (t - i)[:, None] * (stops[i + 1] - stops[i])
    return ["#{:02x}{:02x}{:02x}".format(*np.round(c).astype(int)) for c in rgb]
