"""The face legend of a ``FaceScatter``: computed once when asked, sent to the legend tab.

The kernel decodes each mapped axis at ``SLIDER_STEPS`` (nine points from -2 to +2 standard
deviations); the legend tab draws the faces at -2, 0 and +2 and its sliders morph the mean
face by interpolating landmarks between neighbouring steps, with no round trip to the
kernel. At 0.5 sd apart the decoder is close to linear: the interpolated face differs from
the decoded one by about 4e-5 of a face's width at the midpoints (pretrained model).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np

from vec2face_widget.mapping.legend import FaceLegend
from vec2face_widget.widget.labels import Labels
from vec2face_widget.widget.protocol import LegendContent, LegendRow
from vec2face_widget.widget.serialization import to_buffer

SLIDER_STEPS: tuple[float, ...] = tuple(float(s) for s in np.linspace(-2.0, 2.0, 9))
"""Standard deviations at which the kernel decodes each axis for the legend tab."""

SHOWN_STEPS: tuple[float, ...] = (-2.0, 0.0, 2.0)
"""The steps ``FaceScatter.legend`` keeps (the faces a legend row shows)."""

MAX_ITEMS = 100_000
"""The labels at the ends of each axis come from at most this many items (an even sample
beyond that: ranking a million items on every axis takes many seconds)."""


def compute_legend(mapper: Any, embeddings: np.ndarray, labels: Labels) -> FaceLegend:
    """The legend of every mapped axis at ``SLIDER_STEPS``, with the labels at each end.

    The end labels come from at most ``MAX_ITEMS`` items. Raises TypeError when ``mapper``
    is not a fitted FaceMapper (a legend needs its axes).
    """
    if not callable(getattr(mapper, "legend", None)) or getattr(mapper, "n_axes_", None) is None:
        raise TypeError(
            "the face legend needs a fitted FaceMapper (something with .legend() and "
            f".n_axes_); this widget maps embeddings with {type(mapper).__name__}"
        )
    rows = np.arange(len(embeddings))
    if len(rows) > MAX_ITEMS:
        rows = np.linspace(0, len(rows) - 1, MAX_ITEMS).astype(np.int64)
        embeddings = embeddings[rows]
    texts = labels.take(rows.tolist())
    legend = mapper.legend(embeddings, texts, n_axes=int(mapper.n_axes_), steps=SLIDER_STEPS)
    if not isinstance(legend, FaceLegend):
        raise TypeError(f"mapper.legend() returned {type(legend).__name__}, not a FaceLegend")
    return legend


def at_steps(legend: FaceLegend, steps: Sequence[float] = SHOWN_STEPS) -> FaceLegend:
    """The same legend keeping only the faces at ``steps`` (each must be one of its steps)."""
    rows = []
    for axis in legend.axes:
        index = [_step_index(axis.steps, s) for s in steps]
        rows.append(dataclasses.replace(axis, steps=tuple(steps), faces=axis.faces[index]))
    return FaceLegend(rows)


def _step_index(steps: Sequence[float], step: float) -> int:
    for i, s in enumerate(steps):
        if abs(s - step) < 1e-9:
            return i
    raise ValueError(f"step {step:+g} is not one of the legend's steps {list(steps)}")


def legend_content(legend: FaceLegend) -> tuple[LegendContent, list[memoryview]]:
    """The ``legend`` message of ``legend``: its rows as JSON, its faces as one float32 buffer.

    Buffer ``faces``: float32, axis after axis, step after step, 194 * 2 coordinates a face.
    """
    rows: list[LegendRow] = [
        {
            "axis": a.axis,
            "latent": a.latent,
            "variance_share": a.variance_share,
            "features": list(a.features),
            "low_labels": list(a.low_labels),
            "high_labels": list(a.high_labels),
        }
        for a in legend.axes
    ]
    steps = list(legend.axes[0].steps) if legend.axes else list(SLIDER_STEPS)
    faces = (
        np.stack([a.faces for a in legend.axes])
        if legend.axes
        else np.zeros((0, len(steps), 0, 2), dtype=np.float32)
    )
    content: LegendContent = {"rows": rows, "steps": steps, "buffers": ["faces"]}
    return content, [to_buffer(faces, "<f4")]
