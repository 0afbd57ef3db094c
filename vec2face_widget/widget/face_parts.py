"""The face side of a widget: face model, mapper, latents and warm decoder, built once.

Building them imports JAX, loads the model, fits the mapper and compiles the decoder:
seconds of work the points on the map do not need. ``FaceScatter`` checks the user's
``model`` / ``mapper`` at once (:func:`check_face_parts`) and builds the rest later, in
the background (:mod:`vec2face_widget.widget.face_prep`), with :func:`build_face_parts`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np

from vec2face_widget.widget.face_source import FaceSource
from vec2face_widget.widget.labels import Labels
from vec2face_widget.widget.latent_rows import LatentRows

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FaceParts:
    """What decodes the faces of a widget's points."""

    mapper: Any
    decoder: Any
    source: FaceSource


def check_face_parts(model: Any, mapper: Any) -> None:
    """Raise ``TypeError`` (naming the argument) for a ``model`` or ``mapper`` that cannot work."""
    if model is not None and not callable(getattr(model, "decode", None)):
        raise TypeError(f"model: expected an object with .decode(latents), got {model!r}")
    if mapper is not None and not (
        callable(getattr(mapper, "fit_transform", None))
        or callable(getattr(mapper, "transform", None))
    ):
        raise TypeError(f"mapper: expected an object with .fit_transform(), got {mapper!r}")


def _resolve(model: Any, mapper: Any) -> tuple[Any, Any]:
    """The mapper (embeddings -> latents) and the decoder (latents -> landmarks)."""
    if mapper is None:
        from vec2face_widget.mapping.mapper import FaceMapper

        mapper = FaceMapper(model=model)
    decoder = model if model is not None else getattr(mapper, "model", None)
    if decoder is None:
        from vec2face_widget.faces.face_model import FaceModel

        decoder = FaceModel.pretrained()
    return mapper, decoder


def build_face_parts(
    embeddings: np.ndarray, labels: Labels, model: Any, mapper: Any, max_faces: int
) -> FaceParts:
    """Resolve the model and mapper, fit the mapper and compile the decoder.

    A failing warm-up is only logged: the same failure shows in the widget when faces
    are asked for.
    """
    from vec2face_widget.faces.topology import N_POINTS

    mapper, decoder = _resolve(model, mapper)
    source = FaceSource(LatentRows.fit(mapper, embeddings), decoder, labels, N_POINTS)
    try:
        source.warm_up(max_faces)
    except Exception:  # noqa: BLE001 - the same failure shows in the widget on first use
        logger.warning("FaceScatter: warming up the face model failed", exc_info=True)
    return FaceParts(mapper, decoder, source)
