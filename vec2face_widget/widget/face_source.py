"""Faces on request: latents of the points asked for, decoded and packed for the front end.

The front end asks for the faces it shows (the panel, the hovered point) and gets them as
one binary message built here. A selection of any size costs the same: the panel's faces
and its mean face come from a sample of at most :data:`~vec2face_widget.widget.protocol.
PREVIEW_SAMPLE` points spread evenly over the sorted selection, the very sample the front
end sends as a live preview of a big brush, so a preview and the final selection show the
same faces.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from vec2face_widget.widget.labels import Labels
from vec2face_widget.widget.latent_rows import LatentRows
from vec2face_widget.widget.protocol import PREVIEW_SAMPLE, FacesContent
from vec2face_widget.widget.sampling import representative_sample, stride_sample
from vec2face_widget.widget.serialization import to_buffer


class Decoder(Protocol):
    """Anything with ``decode(latents (n, K)) -> landmarks (n, P, 2)``, e.g. FaceModel."""

    def decode(self, latents: np.ndarray) -> Any:
        """Landmarks for each row of ``latents``."""
        ...


class FaceSource:
    """Decodes faces of chosen points and packs them into binary messages."""

    def __init__(
        self, latents: LatentRows, decoder: Decoder, labels: Labels, n_landmarks: int
    ) -> None:
        self.latents = latents
        self.decoder = decoder
        self.labels = labels
        self.n_landmarks = n_landmarks

    def decode(self, latents: np.ndarray) -> np.ndarray:
        """Landmarks float32 (n, n_landmarks, 2) for ``latents`` (n, K)."""
        if latents.shape[0] == 0:
            return np.zeros((0, self.n_landmarks, 2), dtype=np.float32)
        out = np.asarray(self.decoder.decode(latents), dtype=np.float32)
        expected = (latents.shape[0], self.n_landmarks, 2)
        if out.shape != expected:
            raise ValueError(f"model: decode returned shape {out.shape}, expected {expected}")
        return out

    def warm_up(self, max_faces: int) -> None:
        """Decode once at the batch sizes the widget will ask for (jit compiles now).

        The panel decodes ``max_faces + 1`` rows (sample and mean face), hover one. The
        shipped :class:`~vec2face_widget.faces.face_model.FaceModel` also compiles every
        batch bucket up to that size and its last layers, which run only on the faces
        they change (else the first batch with many such faces would compile them).
        """
        from vec2face_widget.faces.face_model import FaceModel

        n = self.latents.n
        width = 0
        for rows in sorted({1, min(n, max_faces) + 1}):
            latents = self.latents(np.arange(rows) % n)
            width = latents.shape[1]
            self.decode(latents)
        if isinstance(self.decoder, FaceModel) and 1 <= width <= self.decoder.latent_dim:
            self.decoder.warm_up(min(n, max_faces) + 1, width=width)

    def panel(
        self, selection: np.ndarray, max_faces: int, count: int | None = None
    ) -> tuple[FacesContent, list[memoryview]]:
        """Faces for the panel: a representative sample of ``selection`` plus its mean face.

        ``selection``: sorted unique indices, or (for a preview) the stride sample of a
        bigger selection of ``count`` points. Returns the JSON content (count, labels) and
        the buffers ``[indices int32, landmarks float32 (n*P*2), mean float32 (P*2 or
        empty)]``.
        """
        sample = stride_sample(selection, PREVIEW_SAMPLE)
        if sample.size:
            latents = self.latents(sample)
            picked = representative_sample(latents, np.arange(sample.size), max_faces)
            shown = sample[picked]
            mean = latents.mean(axis=0, dtype=np.float64).astype(np.float32)
            faces = self.decode(np.concatenate([latents[picked], mean[None]], axis=0))
        else:  # nothing selected: no faces, no mean face
            shown = sample
            faces = np.zeros((0, self.n_landmarks, 2), dtype=np.float32)
        content: FacesContent = {
            "purpose": "panel",
            "count": int(selection.size if count is None else count),
            "n_faces": int(shown.size),
            "labels": self.labels.take(shown.tolist()),
            "buffers": ["indices", "landmarks", "mean"],
        }
        buffers = [
            to_buffer(shown, "<i4"),
            to_buffer(faces[: shown.size], "<f4"),
            to_buffer(faces[shown.size :], "<f4"),
        ]
        return content, buffers

    def single(self, index: int) -> tuple[FacesContent, list[memoryview]]:
        """Return the face of one point (for hover): content with its label, and buffers."""
        shown = np.asarray([index], dtype=np.int64)
        faces = self.decode(self.latents(shown))
        content: FacesContent = {
            "purpose": "hover",
            "count": 1,
            "n_faces": 1,
            "labels": [self.labels[index]],
            "buffers": ["indices", "landmarks", "mean"],
        }
        empty = np.zeros(0, dtype=np.float32)
        return content, [to_buffer(shown, "<i4"), to_buffer(faces, "<f4"), to_buffer(empty, "<f4")]
