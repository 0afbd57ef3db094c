"""The parts of a live ``FaceScatter`` as pictures: its data turned into :mod:`.export` SVGs.

The panel shows the faces of the current selection (the sample the panel shows); the legend
is ``widget.legend``; the map is the view the front end last reported (``_view``),
with the faces on it: the face map's faces once the widget draws faces in place of dots
(``map_faces`` below is the seam for it), otherwise the faces of the brushed points, at
their positions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vec2face_widget.mapping.legend import FaceLegend
from vec2face_widget.widget.export import (
    MapPicture,
    Part,
    map_svg,
    panel_svg,
    point_colors,
    viridis_ramp,
)
from vec2face_widget.widget.facemap import MapView
from vec2face_widget.widget.legend_message import at_steps
from vec2face_widget.widget.raster import svg_to_png
from vec2face_widget.widget.serialization import from_buffer

if TYPE_CHECKING:  # pragma: no cover
    from vec2face_widget.widget.face_parts import FaceParts
    from vec2face_widget.widget.face_scatter import FaceScatter
    from vec2face_widget.widget.face_source import FaceSource

VALUE_RAMP = 64
"""Colours of the continuous map in an exported picture (as many as the front end uses)."""


def part_svg(widget: FaceScatter, part: Part, parts: FaceParts) -> str:
    """The SVG of one part of ``widget`` (``parts``: its prepared face model and decoder)."""
    if part == "legend":
        legend: FaceLegend = at_steps(widget._full_legend(parts))  # noqa: SLF001
        return legend.to_svg()
    if part == "panel":
        chosen = np.asarray(widget.selection, dtype=np.int64)
        indices, faces, labels, mean = panel_faces(parts.source, chosen, widget.max_faces)
        return panel_svg(faces, labels, int(chosen.size), mean)
    return map_svg(map_picture(widget, parts.source))


def panel_faces(
    source: FaceSource, chosen: np.ndarray, max_faces: int
) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray | None]:
    """The panel's sample of ``chosen``: indices, faces (n, P, 2), labels, mean face."""
    content, buffers = source.panel(chosen, max_faces)
    p = source.n_landmarks
    indices = from_buffer(buffers[0], "<i4").astype(np.int64)
    faces = from_buffer(buffers[1], "<f4").reshape(-1, p, 2)
    mean = from_buffer(buffers[2], "<f4")
    return (
        indices,
        faces,
        list(content.get("labels", [])),
        mean.reshape(p, 2) if mean.size else None,
    )


def map_faces(
    widget: FaceScatter, source: FaceSource, view: tuple[float, float, float, float]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The points drawn as faces on the map in ``view``: indices, faces, labels.

    With the face map on (``widget.mode == "faces"``), the faces it shows (``face_map()``,
    one per screen cell of the view it last reported); otherwise the panel's sample of the
    brushed points that lie in the view.
    """
    face_map = getattr(widget, "face_map", None)
    if getattr(widget, "mode", "points") == "faces" and callable(face_map):
        shown = face_map()
        return np.asarray(shown.indices), np.asarray(shown.landmarks), list(shown.labels)
    chosen = np.asarray(widget.selection, dtype=np.int64)
    xy = widget._xy[chosen]  # noqa: SLF001
    x0, x1, y0, y1 = view
    inside = (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
    indices, faces, labels, _ = panel_faces(source, chosen[inside], widget.max_faces)
    return indices, faces, labels


def map_picture(widget: FaceScatter, source: FaceSource) -> MapPicture:
    """What the map shows now: the points, their colours, the view and its faces."""
    view = view_of(widget)
    colors = point_colors(
        widget._color_kind,  # noqa: SLF001
        widget._values,  # noqa: SLF001
        widget.n_points,
        viridis_ramp(VALUE_RAMP),
    )
    indices, faces, labels = map_faces(widget, source, view)
    return MapPicture(
        xy=widget._xy,  # noqa: SLF001
        colors=colors,
        view=view,
        face_indices=indices,
        faces=faces,
        face_labels=labels,
    )


def view_of(widget: FaceScatter) -> tuple[float, float, float, float]:
    """The map's view ``(x0, x1, y0, y1)`` as the front end last reported it.

    Made square around its centre (the exported map is square) and never empty.
    """
    raw = list(widget._view)  # noqa: SLF001
    if raw:
        v = MapView.parse(raw, "_view")
        x0, x1, y0, y1 = v.x0, v.x1, v.y0, v.y1
    else:  # no view has reported yet: the whole layout
        x0, x1, y0, y1 = -1.0, 1.0, -1.0, 1.0
    half = max(abs(x1 - x0), abs(y1 - y0), 1e-6) / 2
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - half, cx + half, cy - half, cy + half)


def export_bytes(widget: FaceScatter, part: Part, fmt: str, parts: FaceParts) -> bytes:
    """The file of ``part`` in ``fmt``: ``"svg"`` (UTF-8) or ``"png"`` (twice the SVG's size)."""
    svg = part_svg(widget, part, parts)
    if fmt == "svg":
        return svg.encode("utf-8")
    if fmt == "png":
        return svg_to_png(svg, scale=2.0)
    raise ValueError(f"format must be 'svg' or 'png', got {fmt!r}")
