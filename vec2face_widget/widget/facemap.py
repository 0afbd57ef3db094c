"""The face map: faces drawn in place of dots, one per screen cell, on the scatter's view.

The front end (``js/src/facemap.ts``) chooses the faces it draws with the same rule as
:func:`facemap_cells` here, and asks the kernel to decode the ones it has not cached; the
two are kept in step by a browser test. :func:`facemap_faces` gives the faces of the map
as a view shows them, for export ("the face map as currently viewed").

The rule: a grid of ``cell_px`` screen pixels, anchored at the data origin (so panning
keeps the cells of what stays on screen), is laid over the visible rectangle; each cell
with points is drawn as the face of the point nearest the mean position of its points
(coordinates rounded to 2^-24 for the mean; ties: the lower index), at that point's true
position. Zooming in makes cells smaller in data units, so more faces appear; zooming out
thins them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from vec2face_widget.widget.face_source import FaceSource
from vec2face_widget.widget.protocol import FacesContent
from vec2face_widget.widget.serialization import to_buffer

CELL_PX: Final = 40
"""Side of a face map cell in screen pixels (the front end's default)."""

FACE_PX: Final = 32
"""Width of a drawn face in screen pixels."""

LABEL_ROOM_PX: Final = (1.5 * FACE_PX, 1.0 * FACE_PX, 1.6 * FACE_PX)
"""A face shows its label when no other face's centre lies within this many pixels of its
own: (left and right, above, below); the label is written under the face."""

QUANTUM: Final = 2.0**24
"""A cell's mean is taken of coordinates rounded to multiples of 1 / QUANTUM (half up), whose
sums are exact integers in float64 whatever the order of the points (the front end visits
them in its spatial index's order)."""

MAX_MAP_FACES: Final = 4096
"""Most faces one ``facemap`` request may ask for."""

MODES: Final = ("points", "faces")
"""Values of ``FaceScatter.mode``."""


@dataclass(frozen=True)
class MapView:
    """The rectangle of the normalised layout a view shows, and its size in pixels.

    ``x0 < x1`` and ``y0 < y1`` in the widget's normalised coordinates (those of the
    ``points`` message, y up); ``width`` and ``height`` in CSS pixels.
    """

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    height: float

    @classmethod
    def parse(cls, value: Any, name: str = "view") -> MapView:
        """A view from 6 finite numbers ``[x0, y0, x1, y1, width, height]``."""
        if isinstance(value, MapView):
            return value
        try:
            numbers = [float(v) for v in value]
        except (TypeError, ValueError):
            raise TypeError(
                f"{name}: expected 6 numbers [x0, y0, x1, y1, width, height], got {value!r}"
            ) from None
        if len(numbers) != 6 or not all(np.isfinite(numbers)):
            raise ValueError(f"{name}: expected 6 finite numbers, got {value!r}")
        view = cls(*numbers)
        if not (view.x1 > view.x0 and view.y1 > view.y0 and view.width > 0 and view.height > 0):
            raise ValueError(f"{name}: needs x0 < x1, y0 < y1 and a positive size, got {value!r}")
        return view

    def as_list(self) -> list[float]:
        """``[x0, y0, x1, y1, width, height]`` (the synced ``_view`` trait)."""
        return [self.x0, self.y0, self.x1, self.y1, self.width, self.height]

    def to_pixels(self, xy: np.ndarray) -> np.ndarray:
        """Screen pixels (x right, y down) of layout points ``xy`` (n, 2)."""
        px = (xy[:, 0].astype(np.float64) - self.x0) / (self.x1 - self.x0) * self.width
        py = (self.y1 - xy[:, 1].astype(np.float64)) / (self.y1 - self.y0) * self.height
        return np.stack([px, py], axis=1)


def facemap_cells(
    xy: np.ndarray,
    view: MapView | Sequence[float],
    size_px: tuple[float, float] | None = None,
    cell_px: float = CELL_PX,
) -> np.ndarray:
    """Indices (sorted) of the points the face map draws as faces in ``view``.

    Args:
        xy: (N, 2) normalised layout (float32, as sent to the front end).
        view: the visible rectangle: a :class:`MapView`, or ``(x0, y0, x1, y1)`` with
            ``size_px``, or the 6 numbers of the ``_view`` trait.
        size_px: ``(width, height)`` of the view in pixels, when ``view`` has 4 numbers.
        cell_px: side of a cell in pixels.

    The front end's ``facemapCells`` (js/src/facemap_cells.ts) computes the same indices
    with the same float64 arithmetic. A cell's mean is that of its points' coordinates
    rounded to multiples of ``1 / QUANTUM``.
    """
    if not isinstance(view, MapView) and size_px is not None:
        view = MapView.parse([*view, *size_px])
    view = MapView.parse(view)
    if not cell_px > 0:
        raise ValueError(f"cell_px: must be positive, got {cell_px}")
    x = xy[:, 0].astype(np.float64)
    y = xy[:, 1].astype(np.float64)
    inside = np.flatnonzero((x >= view.x0) & (x <= view.x1) & (y >= view.y0) & (y <= view.y1))
    if inside.size == 0:
        return np.zeros(0, dtype=np.int64)
    x, y = x[inside], y[inside]
    cw = cell_px * (view.x1 - view.x0) / view.width
    ch = cell_px * (view.y1 - view.y0) / view.height
    col = np.floor(x / cw).astype(np.int64)
    row = np.floor(y / ch).astype(np.int64)
    key = (col - col.min()) * (int(row.max() - row.min()) + 1) + (row - row.min())
    _, cell = np.unique(key, return_inverse=True)
    count = np.bincount(cell)
    # Means of coordinates rounded to 1 / QUANTUM: integer sums, exact in any order.
    mean_x = np.bincount(cell, weights=np.floor(x * QUANTUM + 0.5)) / count / QUANTUM
    mean_y = np.bincount(cell, weights=np.floor(y * QUANTUM + 0.5)) / count / QUANTUM
    dx = x - mean_x[cell]
    dy = y - mean_y[cell]
    distance = dx * dx + dy * dy
    order = np.lexsort((inside, distance, cell))
    first = np.concatenate([[0], np.flatnonzero(np.diff(cell[order])) + 1])
    return np.sort(inside[order[first]])


def labels_with_room(
    px: np.ndarray, room: tuple[float, float, float] = LABEL_ROOM_PX
) -> np.ndarray:
    """Which faces at screen positions ``px`` (n, 2) have room for a label under them.

    A face has room when no other face's centre lies within ``room`` = (sideways, above,
    below) pixels of its own. The front end's ``labelsWithRoom`` is the same rule.
    """
    side, above, below = room
    n = px.shape[0]
    out = np.ones(n, dtype=bool)
    if n < 2:
        return out
    order = np.argsort(px[:, 0], kind="stable")
    xs = px[order, 0]
    for i in range(n):
        lo = np.searchsorted(xs, px[i, 0] - side, side="right")
        hi = np.searchsorted(xs, px[i, 0] + side, side="left")
        near = order[lo:hi]
        dy = px[near[near != i], 1] - px[i, 1]
        out[i] = not np.any((dy > -above) & (dy < below))
    return out


@dataclass(frozen=True)
class FaceMap:
    """The faces of the face map as a view shows them.

    ``indices`` (n,) point indices; ``pixels`` (n, 2) their face centres in screen pixels
    (x right, y down, within ``view.width`` x ``view.height``); ``landmarks`` (n, P, 2)
    in the model's frame (about 1 wide, y down), drawn ``face_px`` wide; ``labels`` (n,);
    ``show_label`` (n,) which labels have room; ``categories`` (n,) the category name of
    each face (empty strings without categories), ``codes`` (n,) its code (-1 without).
    """

    view: MapView
    indices: np.ndarray
    pixels: np.ndarray
    landmarks: np.ndarray
    labels: list[str]
    show_label: np.ndarray
    categories: list[str]
    codes: np.ndarray
    face_px: float


def facemap_faces(
    widget: Any,
    view: MapView | Sequence[float] | None = None,
    *,
    cell_px: float = CELL_PX,
    face_px: float = FACE_PX,
) -> FaceMap:
    """The face map of ``widget`` (a ``FaceScatter``) as ``view`` shows it, decoded.

    ``view``: default, the rectangle a view of the widget showed last (the ``_view``
    trait; a view sends it when its camera settles). Raises ``ValueError`` when no view
    has been shown yet and none is given. Waits until the widget's faces are prepared.
    """
    if view is None:
        if not widget._view:
            raise ValueError(
                "view: the widget has not been shown yet; display it or pass "
                "view=[x0, y0, x1, y1, width, height]"
            )
        view = widget._view
    parsed = MapView.parse(view)
    xy: np.ndarray = widget._xy
    indices = facemap_cells(xy, parsed, cell_px=cell_px)
    pixels = parsed.to_pixels(xy[indices])
    source: FaceSource = widget._prep.wait().source
    landmarks = source.decode(source.latents(indices))
    names: list[str] = list(widget._categories)
    if widget._color_kind == "category" and names:
        codes = widget._values[indices].astype(np.int64)
        categories = [names[c] for c in codes.tolist()]
    else:
        codes = np.full(indices.size, -1, dtype=np.int64)
        categories = [""] * int(indices.size)
    return FaceMap(
        view=parsed,
        indices=indices,
        pixels=pixels,
        landmarks=landmarks,
        labels=source.labels.take(indices.tolist()),
        show_label=labels_with_room(pixels),
        categories=categories,
        codes=codes,
        face_px=face_px,
    )


def facemap_answer(
    source: FaceSource, indices: np.ndarray
) -> tuple[FacesContent, list[memoryview]]:
    """The answer to a ``facemap`` request: the faces of ``indices``, decoded by ``source``.

    Buffers ``[indices int32, landmarks float32 (n*P*2), mean (empty)]``.
    """
    if indices.size > MAX_MAP_FACES:
        raise ValueError(f"facemap: at most {MAX_MAP_FACES} faces a request, got {indices.size}")
    faces = source.decode(source.latents(indices))
    content: FacesContent = {
        "purpose": "facemap",
        "count": int(indices.size),
        "n_faces": int(indices.size),
        "labels": source.labels.take(indices.tolist()),
        "buffers": ["indices", "landmarks", "mean"],
    }
    empty = np.zeros(0, dtype=np.float32)
    return content, [to_buffer(indices, "<i4"), to_buffer(faces, "<f4"), to_buffer(empty, "<f4")]
