"""``FaceScatter``: a WebGL scatter of embeddings linked to panels of their learned faces.

The Python side holds the data and decodes faces; the front end (``js/``, bundled into
``vec2face_widget/static/widget.js``) draws. They talk through a few synced traits
(topology, sizes, colour legend, errors) and custom messages with binary buffers:

front end -> kernel
    ``ready``   a view was rendered: send it the points and the current selection
    ``select``  the user brushed (buffer: int32 indices): set ``selection``, answer faces
    ``preview`` a brush is in progress (buffer: int32 indices): answer their faces
                without touching ``selection`` (observers fire only on ``select``)
    ``panel``   send the faces of the current selection
    ``hover``   send the face of point ``index``
kernel -> front end
    ``points``    xy float32 (N*2, in [-1, 1]) and colour values (uint16 category codes,
                  float32 in 0..1, or nothing); split when large
    ``selection`` int32 indices chosen from Python or brushed in another view (``origin``)
    ``faces``     the answer to a request, with its ``request_id`` (stale ones are dropped)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, cast

import anywidget
import numpy as np
import traitlets

from vec2face_widget.projection import Projection, project
from vec2face_widget.widget import traits as check
from vec2face_widget.widget.bundle import esm, warn_if_missing
from vec2face_widget.widget.face_source import FaceSource, fit_latents
from vec2face_widget.widget.serialization import (
    ChunkAssembler,
    from_buffer,
    split_message,
    to_buffer,
)

logger = logging.getLogger(__name__)


def normalise_xy(xy: np.ndarray) -> np.ndarray:
    """Centre ``xy`` and scale both axes by one factor into [-0.95, 0.95] (float32)."""
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    centre = (lo + hi) / 2.0
    half = float(np.max(hi - lo)) / 2.0
    scale = 0.95 / half if half > 0 else 1.0
    out: np.ndarray = ((xy - centre) * scale).astype(np.float32)
    return out


class FaceScatter(anywidget.AnyWidget):
    """A scatter of embeddings linked to the learned Chernoff faces of the brushed points.

    Args:
        embeddings: (N, D) array of finite numbers, one row per item.
        labels: one string per point (shown as text on hover and under faces);
            default: the point numbers.
        xy: your own (N, 2) layout; default: ``projection`` of the embeddings.
        projection: ``"pca"`` (default), ``"umap"``, ``"tsne"`` or a callable
            (N, D) -> (N, 2); ignored when ``xy`` is given.
        color: one value per point: categories (strings, bools, few distinct integers)
            give a palette and a clickable legend; numbers give a colour bar.
        max_faces: most faces shown in the panel (a representative sample beyond that).
        height: height of the widget in pixels.
        model: the face model (anything with ``decode(latents)``); default: the
            pretrained one.
        mapper: maps embeddings to latents (``fit_transform`` / ``transform``); default:
            a new ``FaceMapper`` on ``model``.

    ``selection`` holds the brushed indices (sorted) and can be observed; set it, or call
    :meth:`select`, to select from Python.
    """

    _esm = esm()

    selection: traitlets.List[int] = traitlets.List(help="Indices of the selected points (sorted).")
    max_faces = traitlets.Int(48).tag(sync=True)
    height = traitlets.Int(480).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)

    _n_points = traitlets.Int(0).tag(sync=True)
    _topology = traitlets.Dict().tag(sync=True)
    _color_kind = traitlets.Unicode("none").tag(sync=True)
    _categories = traitlets.List(traitlets.Unicode()).tag(sync=True)
    _value_range = traitlets.List(traitlets.Float(), default_value=[0.0, 1.0]).tag(sync=True)

    def __init__(
        self,
        embeddings: Any,
        labels: Iterable[Any] | None = None,
        *,
        xy: Any = None,
        projection: Projection = "pca",
        color: Any = None,
        max_faces: int = 48,
        height: int = 480,
        model: Any = None,
        mapper: Any = None,
        **kwargs: Any,
    ) -> None:
        warn_if_missing()
        emb = check.as_matrix(embeddings, "embeddings")
        n = emb.shape[0]
        label_list = check.as_labels(labels, n)
        if xy is not None:
            layout = check.as_matrix(xy, "xy", columns=2)
            if layout.shape[0] != n:
                raise ValueError(f"xy: has {layout.shape[0]} rows but embeddings has {n}")
        else:
            if not (callable(projection) or isinstance(projection, str)):
                raise TypeError(
                    f"projection: expected a method name or a callable, "
                    f"got {type(projection).__name__}"
                )
            layout = project(emb, projection)
        colors = check.as_color(color, n)
        max_faces = check.as_positive_int(max_faces, "max_faces")
        height = check.as_positive_int(height, "height", minimum=120)

        from vec2face_widget.faces.topology import N_POINTS, topology_dict

        mapper, decoder = _resolve_face_parts(model, mapper)
        latents = fit_latents(mapper, emb)

        self._xy = normalise_xy(layout)
        self._values, self._values_dtype = colors.point_values()
        self._source = FaceSource(latents, decoder, label_list, N_POINTS)
        self._chunks = ChunkAssembler()
        self._selection_from_front = False
        self.mapper = mapper
        self.model = decoder
        self.latents = latents
        self.labels = label_list
        super().__init__(
            max_faces=max_faces,
            height=height,
            _n_points=n,
            _topology=topology_dict(),
            _color_kind=colors.kind,
            _categories=colors.categories,
            _value_range=[colors.vmin, colors.vmax],
            **kwargs,
        )
        self.on_msg(self._handle_message)
        try:
            self._source.warm_up(max_faces)
        except Exception:  # noqa: BLE001 - the same failure shows in the widget on first use
            logger.warning("FaceScatter: warming up the face model failed", exc_info=True)

    @traitlets.validate("selection")
    def _check_selection(self, proposal: dict[str, Any]) -> list[int]:
        if self._selection_from_front:
            return cast("list[int]", proposal["value"])  # already checked in _parse_indices
        try:
            chosen = check.as_indices(proposal["value"], self._n_points, "selection")
            return cast("list[int]", chosen.tolist())
        except (TypeError, ValueError) as exc:
            raise traitlets.TraitError(str(exc)) from None

    @traitlets.observe("selection")
    def _selection_changed(self, change: dict[str, Any]) -> None:
        if self._selection_from_front:
            return
        chosen = np.asarray(change["new"], dtype=np.int64)
        message = {"type": "selection", "buffers": ["indices"]}
        self._send_split(message, [to_buffer(chosen, "<i4")])

    @traitlets.validate("max_faces")
    def _check_max_faces(self, proposal: dict[str, Any]) -> int:
        try:
            return check.as_positive_int(proposal["value"], "max_faces")
        except (TypeError, ValueError) as exc:
            raise traitlets.TraitError(str(exc)) from None

    @traitlets.validate("height")
    def _check_height(self, proposal: dict[str, Any]) -> int:
        try:
            return check.as_positive_int(proposal["value"], "height", minimum=120)
        except (TypeError, ValueError) as exc:
            raise traitlets.TraitError(str(exc)) from None

    # ----------------------------------------------------------------- Python API
    def select(self, indices: Iterable[int] | int) -> None:
        """Select ``indices`` from Python; the scatter and the panels follow."""
        chosen = check.as_indices(indices, self._n_points, "indices")
        self.selection = chosen.tolist()  # the observer below tells the front end

    @property
    def n_points(self) -> int:
        """How many points the widget shows."""
        return self._n_points

    # ----------------------------------------------------------------- messages
    def _send_split(self, content: dict[str, Any], buffers: list[memoryview]) -> None:
        for part, part_buffers in split_message(content, buffers):
            self.send(part, buffers=part_buffers)

    def _handle_message(self, _widget: Any, content: Any, buffers: list[Any]) -> None:
        """Entry point of front-end messages: never raises, logs what it ignores."""
        try:
            if not isinstance(content, dict):
                raise ValueError(f"expected a JSON object, got {type(content).__name__}")
            whole = self._chunks.feed(content, buffers or [])
            if whole is not None:
                self._dispatch(*whole)
        except Exception as exc:  # noqa: BLE001 - a bad message must not break the widget
            logger.warning("FaceScatter ignored a message from the front end: %s", exc)

    def _dispatch(self, content: dict[str, Any], buffers: list[Any]) -> None:
        kind = content.get("type")
        reply = {"view": content.get("view"), "request_id": content.get("request_id")}
        if kind == "ready":
            self._send_points(reply)
        elif kind == "select":
            chosen = self._parse_indices(buffers, kind)
            self._selection_from_front = True
            try:
                self.selection = chosen.tolist()
            finally:
                self._selection_from_front = False
            self._answer_faces(
                {**reply, "purpose": "panel"}, lambda: self._source.panel(chosen, self.max_faces)
            )
            # Other views of this widget follow; the one that brushed ignores its echo.
            echo = {"type": "selection", "origin": reply["view"], "buffers": ["indices"]}
            self._send_split(echo, [to_buffer(chosen, "<i4")])
        elif kind == "preview":
            chosen = self._parse_indices(buffers, kind)
            self._answer_faces(
                {**reply, "purpose": "panel", "preview": True},
                lambda: self._source.panel(chosen, self.max_faces),
            )
        elif kind == "panel":
            chosen = np.asarray(self.selection, dtype=np.int64)
            self._answer_faces(
                {**reply, "purpose": "panel"}, lambda: self._source.panel(chosen, self.max_faces)
            )
        elif kind == "hover":
            index = content.get("index")
            if isinstance(index, bool) or not isinstance(index, int):
                raise ValueError(f"hover: index must be an integer, got {index!r}")
            if not 0 <= index < self._n_points:
                raise ValueError(f"hover: index {index} is outside 0..{self._n_points - 1}")
            self._answer_faces({**reply, "purpose": "hover"}, lambda: self._source.single(index))
        else:
            raise ValueError(f"unknown message type {kind!r}")

    def _parse_indices(self, buffers: list[Any], kind: str) -> np.ndarray:
        """The int32 indices of a ``select`` / ``preview`` message, checked, unique, sorted."""
        if len(buffers) != 1:
            raise ValueError(f"{kind}: expected 1 buffer of int32 indices, got {len(buffers)}")
        raw = from_buffer(buffers[0], "<i4").astype(np.int64)
        if raw.size and (raw.min() < 0 or raw.max() >= self._n_points):
            raise ValueError(f"{kind}: indices outside 0..{self._n_points - 1}")
        return check.unique_indices(raw, self._n_points)

    def _send_points(self, reply: dict[str, Any]) -> None:
        content = {**reply, "type": "points", "n": self._n_points, "buffers": ["xy", "values"]}
        content["values_dtype"] = self._values_dtype
        values = to_buffer(self._values, "<u2" if self._values_dtype == "uint16" else "<f4")
        self._send_split(content, [to_buffer(self._xy, "<f4"), values])
        chosen = np.asarray(self.selection, dtype=np.int64)
        selection = {**reply, "type": "selection", "buffers": ["indices"]}
        self._send_split(selection, [to_buffer(chosen, "<i4")])

    def _answer_faces(
        self, reply: dict[str, Any], build: Callable[[], tuple[dict[str, Any], list[memoryview]]]
    ) -> None:
        try:
            content, buffers = build()
        except Exception as exc:  # noqa: BLE001 - shown to the user, not raised
            logger.exception("FaceScatter could not decode faces")
            self.error = f"Could not draw faces: {type(exc).__name__}: {exc}"
            self.send({**reply, "type": "faces", "error": self.error}, buffers=[])
            return
        if self.error:
            self.error = ""
        self._send_split({**reply, "type": "faces", **content}, buffers)


def _resolve_face_parts(model: Any, mapper: Any) -> tuple[Any, Any]:
    """Return the mapper (embeddings -> latents) and the decoder (latents -> landmarks)."""
    if model is not None and not callable(getattr(model, "decode", None)):
        raise TypeError(f"model: expected an object with .decode(latents), got {model!r}")
    if mapper is not None and not (
        callable(getattr(mapper, "fit_transform", None))
        or callable(getattr(mapper, "transform", None))
    ):
        raise TypeError(f"mapper: expected an object with .fit_transform(), got {mapper!r}")
    if mapper is None:
        from vec2face_widget.mapping.mapper import FaceMapper

        mapper = FaceMapper(model=model)
    decoder = model if model is not None else getattr(mapper, "model", None)
    if decoder is None:
        from vec2face_widget.faces.face_model import FaceModel

        decoder = FaceModel.pretrained()
    return mapper, decoder
