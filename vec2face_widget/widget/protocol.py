"""The messages between ``FaceScatter`` and its front end: names, fields, the chunk limit.

``js/CONTRACT.md`` describes them in prose (what each message means, when it is sent);
``js/src/protocol.ts`` is the front end's copy of this vocabulary, and
``tests/test_protocol.py`` checks that the two agree on the message names and the limit.
Numbers always travel as binary buffers, named in order by a message's ``buffers`` list.
"""

from __future__ import annotations

from typing import Final, Literal, TypedDict

TO_KERNEL: Final = (
    "ready",
    "drawn",
    "select",
    "preview",
    "panel",
    "hover",
    "facemap",
    "legend",
    "export",
)
"""Message types the front end sends to the kernel."""

TO_FRONT_END: Final = ("points", "selection", "faces", "legend", "export")
"""Message types the kernel sends to the front end."""

MAX_MESSAGE_BYTES: Final = 8 * 1024 * 1024
"""Largest buffer sent in one message, either way (Tornado's websocket limit is 10 MiB);
larger ones are split into chunks (see serialization.py)."""

PREVIEW_SAMPLE: Final = 4096
"""Most indices a ``preview`` carries: a bigger brushed selection is sent as this many of
its sorted indices, evenly spread (``sorted[(i * n) // PREVIEW_SAMPLE]``), plus its
``count``; the panel's faces and mean face of any selection come from the same sample."""

FacesStatus = Literal["waiting", "preparing", "ready", "error"]
"""``_faces_status``: the face model, mapper and decoder are not started yet, being
prepared (in a background thread), ready, or failed (the ``error`` trait says why)."""

ToKernelType = Literal[
    "ready", "drawn", "select", "preview", "panel", "hover", "facemap", "legend", "export"
]
Purpose = Literal["panel", "hover", "facemap"]


class Request(TypedDict, total=False):
    """A message from the front end, chunks joined.

    ``select``, ``preview`` and ``facemap`` carry one int32 buffer of point indices (a
    ``preview`` of more than PREVIEW_SAMPLE points: that sample, and the selection's size
    in ``count``; a ``select`` with ``bits`` true: one bit a point instead, see
    :func:`~vec2face_widget.widget.serialization.indices_from_bits`); ``hover`` carries
    ``index``; ``export`` carries ``part`` and ``format``; every type but ``ready`` and
    ``drawn`` carries ``request_id``.
    """

    type: ToKernelType
    view: str
    request_id: int
    index: int
    count: int
    part: str
    format: str
    bits: bool


class Reply(TypedDict, total=False):
    """Fields of every message to the front end: the view it answers (None: every view)."""

    view: str | None
    request_id: int | None


class PointsMessage(Reply, total=False):
    """Buffers ``xy`` (float32 (N*2), in [-1, 1]) and ``values`` (``values_dtype``)."""

    type: Literal["points"]
    n: int
    values_dtype: Literal["uint16", "float32"]
    buffers: list[str]


class SelectionMessage(Reply, total=False):
    """Buffer ``indices`` (int32); ``origin``: the view that brushed it, if one did."""

    type: Literal["selection"]
    origin: str | None
    buffers: list[str]


class FacesContent(TypedDict, total=False):
    """What a decoded set of faces says, before it is addressed (see FacesMessage)."""

    purpose: Purpose
    count: int
    n_faces: int
    labels: list[str]
    buffers: list[str]


class FacesMessage(Reply, FacesContent, total=False):
    """The answer to a request.

    Buffers ``indices`` int32, ``landmarks`` float32 (n*P*2), ``mean`` float32 (P*2 or
    empty); or ``error`` and no buffers.
    """

    type: Literal["faces"]
    preview: bool
    error: str


class LegendRow(TypedDict):
    """One mapped axis of the face legend (its faces travel in the ``faces`` buffer)."""

    axis: int
    latent: int
    variance_share: float
    features: list[str]
    low_labels: list[str]
    high_labels: list[str]


class LegendContent(TypedDict, total=False):
    """What the face legend says: ``rows`` strongest axis first, the ``steps`` (sd) of its faces."""

    rows: list[LegendRow]
    steps: list[float]
    buffers: list[str]


class LegendMessage(Reply, LegendContent, total=False):
    """The answer to ``legend``: buffer ``faces`` float32 (rows * steps * P * 2), or ``error``."""

    type: Literal["legend"]
    error: str


class ExportMessage(Reply, total=False):
    """The answer to ``export``: ``filename``, ``mime`` and buffer ``data``, or ``error``."""

    type: Literal["export"]
    filename: str
    mime: str
    error: str
    buffers: list[str]
