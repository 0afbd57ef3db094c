"""``FaceScatter``: a WebGL scatter of embeddings linked to panels of their learned faces.

The Python side holds the data and decodes faces; the front end (``js/``, bundled into
``vec2face_widget/static/widget.js``) draws. They talk through a few synced traits
(topology, sizes, colour legend, errors) and custom messages with binary buffers: the
vocabulary is :mod:`vec2face_widget.widget.protocol`, what each message means and when it
is sent is described once, in ``js/CONTRACT.md``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, cast

import anywidget
import numpy as np
import traitlets

from vec2face_widget.mapping.legend import FaceLegend
from vec2face_widget.mapping.validate import as_embeddings, finite_rows
from vec2face_widget.projection import Projection, project
from vec2face_widget.widget import inputs as check
from vec2face_widget.widget.bundle import esm, warn_if_missing
from vec2face_widget.widget.export import check_part, format_of
from vec2face_widget.widget.face_parts import FaceParts, build_face_parts, check_face_parts
from vec2face_widget.widget.face_prep import FacePrep
from vec2face_widget.widget.face_source import FaceSource
from vec2face_widget.widget.facemap import MODES, FaceMap, MapView, facemap_answer, facemap_faces
from vec2face_widget.widget.labels import Labels
from vec2face_widget.widget.legend_message import at_steps, compute_legend, legend_content
from vec2face_widget.widget.limits import DEFAULT_MAX_POINTS, check_size
from vec2face_widget.widget.pictures import export_bytes, part_svg
from vec2face_widget.widget.protocol import (
    PREVIEW_SAMPLE,
    ExportMessage,
    FacesContent,
    FacesMessage,
    FacesStatus,
    LegendMessage,
    PointsMessage,
    Purpose,
    Reply,
    Request,
    SelectionMessage,
)
from vec2face_widget.widget.serialization import (
    ChunkAssembler,
    from_buffer,
    indices_from_bits,
    split_message,
    to_buffer,
)
from vec2face_widget.widget.snapshot import (
    decoder_snapshot,
    faces_snapshot,
    kept_points,
    points_snapshot,
)

logger = logging.getLogger(__name__)


MIN_HEIGHT = 120
"""Smallest ``height`` in pixels."""


def normalize_xy(xy: np.ndarray) -> np.ndarray:
    """Centre ``xy`` and scale both axes by one factor into [-0.95, 0.95] (float32).

    Computed in the input's precision straight into one float32 array (no temporaries
    the size of ``xy``).
    """
    # Column by column: numpy's axis-0 reduction over two columns is ten times slower.
    lo = np.array([xy[:, j].min() for j in range(xy.shape[1])], dtype=np.float64)
    hi = np.array([xy[:, j].max() for j in range(xy.shape[1])], dtype=np.float64)
    centre = (lo + hi) / 2.0
    half = float(np.max(hi - lo)) / 2.0
    scale = 0.95 / half if half > 0 else 1.0
    out = np.empty(xy.shape, dtype=np.float32)
    np.subtract(xy, centre, out=out, casting="unsafe")
    out *= np.float32(scale)
    return out


def finite_matrix(x: Any, name: str, *, columns: int | None = None) -> np.ndarray:
    """``x`` checked (2-D, numbers, all finite), float32 or float64, not copied if it is."""
    arr = as_embeddings(x, name, columns=columns)
    finite_rows(arr, "raise", name, drop_hint=False)
    return arr


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
        max_points: refuse more points than this (with what they would take and how to
            subsample), before allocating anything; ``None``: no limit.
        mode: ``"points"`` (dots) or ``"faces"`` (the face map: one face per screen cell,
            more as you zoom in); the toolbar toggles it too.

    The points go to the front end first; the face model, the mapper and the decoder are
    prepared afterwards in a background thread (the panel says "preparing faces…"), and
    faces asked for meanwhile come once they are ready. The widget keeps a reference to
    ``embeddings`` (float arrays are not copied) to map the points whose faces are shown.
    ``w.close()`` frees its arrays (a widget lives until closed, even when its cell is
    re-run).

    ``selection`` holds the brushed indices (sorted) and can be observed; set it, or call
    :meth:`select`, to select from Python.
    """

    _esm = esm()

    selection: traitlets.List[int] = traitlets.List(help="Indices of the selected points (sorted).")
    max_faces = traitlets.Int(48).tag(sync=True)
    height = traitlets.Int(480).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    _faces_status = traitlets.Unicode("waiting").tag(sync=True)
    mode = traitlets.Unicode("points", help='"points" or "faces" (the face map).').tag(sync=True)

    _n_points = traitlets.Int(0).tag(sync=True)
    _topology = traitlets.Dict().tag(sync=True)
    _color_kind = traitlets.Unicode("none").tag(sync=True)
    _categories = traitlets.List(traitlets.Unicode()).tag(sync=True)
    _value_range = traitlets.List(traitlets.Float(), default_value=[0.0, 1.0]).tag(sync=True)
    # The map's view (x0, x1, y0, y1) in the points' frame, as the front end reports it.
    # What a saved notebook shows without a kernel (see snapshot.py).
    _snapshot_points = traitlets.Dict().tag(sync=True)
    _snapshot_faces = traitlets.Dict().tag(sync=True)
    _snapshot_decoder = traitlets.Dict().tag(sync=True)
    offline_brushing = traitlets.Bool(
        False, help="Ship the decoder and the points' latents in the saved state (see snapshot.py)"
    )
    # [x0, y0, x1, y1, width_px, height_px]: what a view showed when its camera settled
    # (the face map's cells and the exported map are made from it).
    _view = traitlets.List(traitlets.Float(), default_value=[]).tag(sync=True)

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
        max_points: int | None = DEFAULT_MAX_POINTS,
        mode: str = "points",
        **kwargs: Any,
    ) -> None:
        warn_if_missing()
        check_size(embeddings, max_points)
        emb = finite_matrix(embeddings, "embeddings")
        n = emb.shape[0]
        labels_of = Labels(labels, n)
        layout = _layout(emb, xy, projection)
        colors = check.as_color(color, n)
        max_faces = check.as_positive_int(max_faces, "max_faces")
        height = check.as_positive_int(height, "height", minimum=MIN_HEIGHT)
        check_face_parts(model, mapper)
        mode = _as_mode(mode)

        from vec2face_widget.faces.topology import topology_dict

        self._xy = normalize_xy(layout)
        del layout
        self._values, self._values_dtype = colors.point_values()
        self._labels = labels_of
        self._chunks = ChunkAssembler()
        self._selection_from_front = False
        self._embeddings = emb
        self._legend: FaceLegend | None = None
        self._map_warm = False
        self._prep: FacePrep[FaceParts] = FacePrep(
            lambda: build_face_parts(emb, labels_of, model, mapper, max_faces),
            self._set_faces_status,
        )
        super().__init__(
            max_faces=max_faces,
            height=height,
            _n_points=n,
            _topology=topology_dict(),
            _color_kind=colors.kind,
            _categories=colors.categories,
            _value_range=[colors.vmin, colors.vmax],
            mode=mode,
            **kwargs,
        )
        self._kept = kept_points(n, np.zeros(0, np.int64))
        self._snapshot_points = points_snapshot(
            self._xy, self._values, self._values_dtype, self._kept
        )
        self.on_msg(self._handle_message)

    def _set_faces_status(self, status: FacesStatus) -> None:
        self._faces_status = status

    # ----------------------------------------------------------------- face parts
    @property
    def mapper(self) -> Any:
        """The fitted mapper (embeddings -> latents); waits until the faces are ready."""
        return self._prep.wait().mapper

    @property
    def model(self) -> Any:
        """The face model (latents -> landmarks); waits until the faces are ready."""
        return self._prep.wait().decoder

    @property
    def latents(self) -> np.ndarray:
        """Latents (N, K) of every point, computed on each access (waits for the faces)."""
        return self._prep.wait().source.latents.all()

    @property
    def labels(self) -> list[str]:
        """The label of every point, as text (a new list)."""
        return self._labels.to_list()

    def close(self) -> None:
        """Close the widget and free its arrays (points, colours, faces, labels)."""
        prep = getattr(self, "_prep", None)  # absent when __init__ failed (close from __del__)
        if prep is not None:
            prep.close()
        self._xy = np.zeros((0, 2), dtype=np.float32)
        self._values = np.zeros(0, dtype=np.float32)
        self._embeddings = np.zeros((0, 0), dtype=np.float32)
        self._legend = None
        self._labels = Labels(None, 0)
        self._chunks = ChunkAssembler()
        super().close()

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
            return check.as_positive_int(proposal["value"], "height", minimum=MIN_HEIGHT)
        except (TypeError, ValueError) as exc:
            raise traitlets.TraitError(str(exc)) from None

    @traitlets.validate("mode")
    def _check_mode(self, proposal: dict[str, Any]) -> str:
        try:
            return _as_mode(proposal["value"])
        except (TypeError, ValueError) as exc:
            raise traitlets.TraitError(str(exc)) from None

    @traitlets.observe("mode")
    def _mode_changed(self, change: dict[str, Any]) -> None:
        if change["new"] == "faces" and not self._map_warm:
            self._map_warm = True
            self._prep.run(_warm_face_map, lambda _exc: None)  # a failure shows on first use

    # ----------------------------------------------------------------- Python API
    def select(self, indices: Iterable[int] | int) -> None:
        """Select ``indices`` from Python; the scatter and the panels follow.

        ``indices``: point indices (any order, repeats ignored) or a boolean mask with one
        entry per point.
        """
        chosen = check.as_indices(indices, self._n_points, "indices")
        self.selection = chosen.tolist()  # the observer below tells the front end

    def face_map(self, view: MapView | list[float] | None = None) -> FaceMap:
        """The faces of the face map as a view shows it (default: as last shown).

        ``view``: ``[x0, y0, x1, y1, width, height]`` in the normalised layout and
        pixels; by default the rectangle a view of this widget showed when its camera
        last settled. Waits until the faces are prepared. See
        :class:`~vec2face_widget.widget.facemap.FaceMap`.
        """
        return facemap_faces(self, view)

    @property
    def n_points(self) -> int:
        """How many points the widget shows."""
        return self._n_points

    @property
    def legend(self) -> FaceLegend:
        """The face legend of this widget's data and labels: what each mapped axis does.

        One row per axis, strongest first, with the faces at -2, 0 and +2 sd, the parts of
        the face it moves, its share of the variance and the labels at each end. Computed
        on first use; ``legend.to_svg()`` draws it, ``legend.to_records()`` gives rows.
        """
        return at_steps(self._full_legend(self._prep.wait()))

    def _full_legend(self, parts: FaceParts) -> FaceLegend:
        if self._legend is None:
            self._legend = compute_legend(parts.mapper, self._embeddings, self._labels)
        return self._legend

    def to_svg(self, part: str = "panel") -> str:
        """An SVG of one part of the widget; labels are SVG text.

        ``part``: ``"panel"`` (the faces of the selection), ``"legend"`` or ``"map"`` (the
        map as currently viewed, with its faces).
        """
        return part_svg(self, check_part(part), self._prep.wait())

    def save(self, path: str | os.PathLike[str], part: str = "panel") -> Path:
        """Write ``part`` (see :meth:`to_svg`) to ``path``; returns the path written.

        ``.svg`` writes the SVG; ``.png`` draws it at twice its size (needs Pillow).
        """
        target = Path(path)
        data = export_bytes(self, check_part(part), format_of(target.name), self._prep.wait())
        target.write_bytes(data)
        return target

    # ----------------------------------------------------------------- messages
    def _send_split(self, content: Mapping[str, Any], buffers: list[memoryview]) -> None:
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
        request = cast(Request, content)
        handler = self._handlers().get(str(request.get("type")))
        if handler is None:
            raise ValueError(f"unknown message type {request.get('type')!r}")
        reply: Reply = {"view": request.get("view"), "request_id": request.get("request_id")}
        handler(request, buffers, reply)

    def _handlers(self) -> dict[str, Callable[[Request, list[Any], Reply], None]]:
        """One handler per message type the front end sends (protocol.TO_KERNEL)."""
        return {
            "ready": lambda _request, _buffers, reply: self._send_points(reply),
            "drawn": lambda _request, _buffers, _reply: self._prep.start(),
            "select": self._on_select,
            "preview": self._on_preview,
            "panel": self._on_panel,
            "hover": self._on_hover,
            "legend": self._on_legend,
            "export": self._on_export,
            "facemap": self._on_facemap,
        }

    def _on_select(self, request: Request, buffers: list[Any], reply: Reply) -> None:
        chosen = self._parse_indices(buffers, "select", bits=request.get("bits") is True)
        self._selection_from_front = True
        try:
            self.selection = chosen.tolist()
        finally:
            self._selection_from_front = False
        max_faces = self.max_faces
        self._answer_faces(reply, "panel", lambda source: source.panel(chosen, max_faces))
        # Other views of this widget follow; the one that brushed ignores its echo.
        self._send_indices({"type": "selection", "origin": reply.get("view")}, chosen)

    def _on_preview(self, request: Request, buffers: list[Any], reply: Reply) -> None:
        """A brush in progress: its indices, or a stride sample of them and their ``count``."""
        chosen = self._parse_indices(buffers, "preview")
        count = request.get("count", chosen.size)
        if isinstance(count, bool) or not isinstance(count, int):
            raise ValueError(f"preview: count must be an integer, got {count!r}")
        if not chosen.size <= count <= self._n_points or (
            count > chosen.size and chosen.size != PREVIEW_SAMPLE
        ):
            raise ValueError(f"preview: count {count} does not fit {chosen.size} indices")
        max_faces = self.max_faces
        self._answer_faces(
            reply, "panel", lambda source: source.panel(chosen, max_faces, count), preview=True
        )

    def _on_panel(self, _request: Request, _buffers: list[Any], reply: Reply) -> None:
        chosen = np.asarray(self.selection, dtype=np.int64)
        max_faces = self.max_faces
        self._answer_faces(reply, "panel", lambda source: source.panel(chosen, max_faces))

    def _on_hover(self, request: Request, _buffers: list[Any], reply: Reply) -> None:
        index = request.get("index")
        if isinstance(index, bool) or not isinstance(index, int):
            raise ValueError(f"hover: index must be an integer, got {index!r}")
        if not 0 <= index < self._n_points:
            raise ValueError(f"hover: index {index} is outside 0..{self._n_points - 1}")
        self._answer_faces(reply, "hover", lambda source: source.single(index))

    def _on_legend(self, _request: Request, _buffers: list[Any], reply: Reply) -> None:
        answer: LegendMessage = {
            "type": "legend",
            "view": reply.get("view"),
            "request_id": reply.get("request_id"),
        }

        def job(parts: FaceParts) -> None:
            try:
                content, buffers = legend_content(self._full_legend(parts))
            except Exception as exc:  # noqa: BLE001 - shown in the legend tab, not raised
                logger.warning("FaceScatter could not build the legend", exc_info=True)
                self.send({**answer, "error": f"No legend: {exc}"}, buffers=[])
                return
            self._send_split({**answer, **content}, buffers)

        self._prep.run(job, lambda exc: self.send({**answer, "error": f"No legend: {exc}"}))

    def _on_export(self, request: Request, _buffers: list[Any], reply: Reply) -> None:
        answer: ExportMessage = {
            "type": "export",
            "view": reply.get("view"),
            "request_id": reply.get("request_id"),
        }

        def fail(exc: BaseException) -> None:
            logger.warning("FaceScatter could not export", exc_info=exc)
            self.send({**answer, "error": f"Could not export: {exc}"}, buffers=[])

        try:
            part, fmt = check_part(request.get("part")), format_of(f"x.{request.get('format')}")
        except ValueError as exc:
            fail(exc)
            return

        def job(parts: FaceParts) -> None:
            try:
                data = export_bytes(self, part, fmt, parts)
            except Exception as exc:  # noqa: BLE001 - shown to the user, not raised
                fail(exc)
                return
            mime = "image/png" if fmt == "png" else "image/svg+xml"
            answer["filename"], answer["mime"] = f"vec2face-{part}.{fmt}", mime
            answer["buffers"] = ["data"]
            self._send_split(answer, [memoryview(data)])

        self._prep.run(job, fail)

    def _on_facemap(self, _request: Request, buffers: list[Any], reply: Reply) -> None:
        chosen = self._parse_indices(buffers, "facemap")
        self._answer_faces(reply, "facemap", lambda source: facemap_answer(source, chosen))

    def _parse_indices(self, buffers: list[Any], kind: str, bits: bool = False) -> np.ndarray:
        """The indices of a ``select`` / ``preview`` message, checked, unique, sorted.

        From its one buffer of int32 indices, or of one bit a point (``bits``).
        """
        if len(buffers) != 1:
            raise ValueError(f"{kind}: expected 1 buffer of point indices, got {len(buffers)}")
        if bits:
            try:
                return indices_from_bits(buffers[0], self._n_points)
            except ValueError as err:
                raise ValueError(f"{kind}: {err}") from None
        raw = from_buffer(buffers[0], "<i4").astype(np.int64)
        if raw.size and (raw.min() < 0 or raw.max() >= self._n_points):
            raise ValueError(f"{kind}: indices outside 0..{self._n_points - 1}")
        return check.unique_indices(raw, self._n_points)

    def _send_indices(self, message: SelectionMessage, indices: np.ndarray) -> None:
        message["buffers"] = ["indices"]
        self._send_split(message, [to_buffer(indices, "<i4")])

    def _send_points(self, reply: Reply) -> None:
        points: PointsMessage = {
            "view": reply.get("view"),
            "request_id": reply.get("request_id"),
            "type": "points",
            "n": self._n_points,
            "values_dtype": "uint16" if self._values_dtype == "uint16" else "float32",
            "buffers": ["xy", "values"],
        }
        values = to_buffer(self._values, "<u2" if self._values_dtype == "uint16" else "<f4")
        self._send_split(points, [to_buffer(self._xy, "<f4"), values])
        chosen = np.asarray(self.selection, dtype=np.int64)
        selection: SelectionMessage = {
            "type": "selection",
            "view": reply.get("view"),
            "request_id": reply.get("request_id"),
        }
        self._send_indices(selection, chosen)

    def _answer_faces(
        self,
        reply: Reply,
        purpose: Purpose,
        build: Callable[[FaceSource], tuple[FacesContent, list[memoryview]]],
        *,
        preview: bool = False,
    ) -> None:
        """Send the faces ``build`` decodes, or the error it raises, as a ``faces`` answer.

        Before the faces are prepared the request waits (in order) and is answered from
        the preparing thread once they are, or with the error if preparing failed.
        """
        answer: FacesMessage = {
            "type": "faces",
            "purpose": purpose,
            "view": reply.get("view"),
            "request_id": reply.get("request_id"),
        }
        if preview:
            answer["preview"] = True

        def fail(exc: BaseException, doing: str) -> None:
            self.error = f"Could not {doing}: {type(exc).__name__}: {exc}"
            self.send({**answer, "error": self.error}, buffers=[])

        def job(parts: FaceParts) -> None:
            try:
                content, buffers = build(parts.source)
            except Exception as exc:  # noqa: BLE001 - shown to the user, not raised
                logger.exception("FaceScatter could not decode faces")
                fail(exc, "draw faces")
                return
            if self.error:
                self.error = ""
            self._send_split({**answer, **content}, buffers)
            if purpose == "panel" and not preview:
                self._remember_faces(content, buffers)

        self._prep.run(job, lambda exc: fail(exc, "prepare the faces"))

    @traitlets.observe("offline_brushing")
    def _offline_brushing_changed(self, change: dict[str, Any]) -> None:
        if not change["new"]:
            self._snapshot_decoder = {}
            return

        def job(parts: FaceParts) -> None:
            try:
                latents = parts.source.latents(self._kept)
                labels = self._labels.take(self._kept.tolist())
                self._snapshot_decoder = decoder_snapshot(parts.decoder, latents, labels)
            except Exception as exc:  # noqa: BLE001 - said in the error trait, not raised
                self.error = f"offline_brushing: {exc}"

        self._prep.run(job, lambda exc: setattr(self, "error", f"offline_brushing: {exc}"))

    def _remember_faces(self, content: FacesContent, buffers: list[memoryview]) -> None:
        """Keep the faces the panel shows now in the snapshot a saved notebook shows."""
        chosen = np.asarray(self.selection, dtype=np.int64)
        self._snapshot_faces = faces_snapshot(content, buffers, chosen, self._kept)


def _as_mode(value: Any) -> str:
    """``value`` if it is one of MODES, else a clear error."""
    if not isinstance(value, str):
        raise TypeError(f"mode: expected 'points' or 'faces', got {type(value).__name__}")
    if value not in MODES:
        raise ValueError(f"mode: expected 'points' or 'faces', got {value!r}")
    return value


def _warm_face_map(parts: FaceParts) -> None:
    """Compile the decoder for the face map's batch sizes (its first zoom does not)."""
    try:
        parts.source.warm_up(255)
        parts.source.warm_up(1023)
    except Exception:  # noqa: BLE001 - the same failure shows in the widget on first use
        logger.warning("FaceScatter: warming up the face map failed", exc_info=True)


def _layout(embeddings: np.ndarray, xy: Any, projection: Projection) -> np.ndarray:
    """The 2-D layout: the user's ``xy`` (checked) or the ``projection`` of the embeddings."""
    if xy is not None:
        layout = finite_matrix(xy, "xy", columns=2)
        if layout.shape[0] != embeddings.shape[0]:
            raise ValueError(
                f"xy: has {layout.shape[0]} rows but embeddings has {embeddings.shape[0]}"
            )
        return layout
    if not (callable(projection) or isinstance(projection, str)):
        raise TypeError(
            f"projection: expected a method name or a callable, got {type(projection).__name__}"
        )
    return project(embeddings, projection)
