"""The parts of a live ``FaceScatter`` as pictures: its data turned into :mod:`.export` SVGs.

The panel shows the faces of the current selection (the sample the panel shows); the legend
is ``widget.legend``; the map is the view the front end last reported (``_view_range``),
with the faces on it: the face map's faces once the widget draws faces in place of dots
(``map_faces`` below is the seam for it), otherwise the faces of the brushed points, at
their positions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vec2face_widget.widget.export import (
    MapPicture,
    Part,
    map_svg,
    panel_svg,
    point_colors,
    viridis_ramp,
)
from vec2face_widget.widget.raster import svg_to_png
from vec2face_widget.widget.sampling import representative_sample

if TYPE_CHECKING:  # pragma: no cover
    from vec2face_widget.widget.face_scatter import FaceScatter

VALUE_RAMP = 64
"""Colours of the continuous map in an exported picture (as many as the front end uses)."""


def part_svg(widget: FaceScatter, part: Part) -> str:
    """The SVG of one part of ``widget``."""
    if part == "legend":
        return widget.legend.to_svg()
    if part == "panel":
        return _panel(widget)
    return map_svg(map_picture(widget))


def _panel(widget: FaceScatter) -> str:
    source = widget._source  # noqa: SLF001 - the widget's own decoder
    chosen = np.asarray(widget.selection, dtype=np.int64)
    if chosen.size == 0:
        return panel_svg(np.zeros((0, source.n_landmarks, 2)), [], 0, None)
    shown = representative_sample(source.latents, chosen, widget.max_faces)
    batch = np.concatenate([source.latents[shown], source.mean_latent(chosen)[None]])
    faces = source.decode(batch)
    labels = [widget.labels[i] for i in shown.tolist()]
    return panel_svg(faces[:-1], labels, int(chosen.size), faces[-1])


def map_faces(widget: FaceScatter, view: tuple[float, float, float, float]) -> np.ndarray:
    """The points drawn as faces on the map in ``view``.

    The panel's sample of the brushed points that lie in the view (the face map, when it is
    on, replaces this with its own faces).
    """
    chosen = np.asarray(widget.selection, dtype=np.int64)
    if chosen.size == 0:
        return chosen
    xy = widget._xy[chosen]  # noqa: SLF001
    x0, x1, y0, y1 = view
    inside = (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
    source = widget._source  # noqa: SLF001
    return representative_sample(source.latents, chosen[inside], widget.max_faces)


def map_picture(widget: FaceScatter) -> MapPicture:
    """What the map shows now: the points, their colours, the view and its faces."""
    view = view_of(widget)
    colors = point_colors(
        widget._color_kind,  # noqa: SLF001
        widget._values,  # noqa: SLF001
        widget.n_points,
        viridis_ramp(VALUE_RAMP),
    )
    indices = map_faces(widget, view)
    faces = widget._source.decode(widget._source.latents[indices])  # noqa: SLF001
    return MapPicture(
        xy=widget._xy,  # noqa: SLF001
        colors=colors,
        view=view,
        face_indices=indices,
        faces=faces,
        face_labels=[widget.labels[i] for i in indices.tolist()],
    )


def view_of(widget: FaceScatter) -> tuple[float, float, float, float]:
    """The map's view ``(x0, x1, y0, y1)`` as the front end last reported it.

    Made square around its centre (the exported map is square) and never empty.
    """
    raw = list(widget._view_range)  # noqa: SLF001
    x0, x1, y0, y1 = (float(v) for v in raw) if len(raw) == 4 else (-1.0, 1.0, -1.0, 1.0)
    half = max(abs(x1 - x0), abs(y1 - y0), 1e-6) / 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - half, cx + half, cy - half, cy + half)


def export_bytes(widget: FaceScatter, part: Part, fmt: str) -> bytes:
    """The file of ``part`` in ``fmt``: ``"svg"`` (UTF-8) or ``"png"`` (twice the SVG's size)."""
    svg = part_svg(widget, part)
    if fmt == "svg":
        return svg.encode("utf-8")
    if fmt == "png":
        return svg_to_png(svg, scale=2.0)
    raise ValueError(f"format must be 'svg' or 'png', got {fmt!r}")
