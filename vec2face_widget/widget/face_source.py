"""Faces on request: latents of every point, decoded only for the points asked for.

The widget maps all embeddings to latents once (a cheap (N, K) array) and keeps a
decoder; the front end then asks for the faces it shows (the panel, the hovered point)
and gets them as one binary message built here.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from vec2face_widget.widget.protocol import FacesContent
from vec2face_widget.widget.sampling import representative_sample
from vec2face_widget.widget.serialization import to_buffer


class Decoder(Protocol):
    """Anything with ``decode(latents (n, K)) -> landmarks (n, P, 2)``, e.g. FaceModel."""

    def decode(self, latents: np.ndarray) -> Any:
        """Landmarks for each row of ``latents``."""
        ...


def fit_latents(mapper: Any, embeddings: np.ndarray) -> np.ndarray:
    """Latents (N, K) of ``embeddings`` from ``mapper`` (fitting it unless already fitted)."""
    if getattr(mapper, "n_latents_", None) is not None and hasattr(mapper, "transform"):
        latents = mapper.transform(embeddings)
    elif hasattr(mapper, "fit_transform"):
        latents = mapper.fit_transform(embeddings)
    else:
        latents = mapper.fit(embeddings).transform(embeddings)
    latents = np.asarray(latents, dtype=np.float32)
    if latents.ndim != 2 or latents.shape[0] != embeddings.shape[0]:
        raise ValueError(
            f"mapper: returned latents of shape {latents.shape}, "
            f"expected ({embeddings.shape[0]}, K)"
        )
    if not np.isfinite(latents).all():
        raise ValueError("mapper: returned non-finite latents")
    return latents


class FaceSource:
    """Decodes faces of chosen points and packs them into binary messages."""

    def __init__(
        self, latents: np.ndarray, decoder: Decoder, labels: list[str], n_landmarks: int
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

        The panel decodes ``max_faces + 1`` rows (sample and mean face), hover one.
        """
        n = self.latents.shape[0]
        for rows in sorted({1, min(n, max_faces) + 1}):
            self.decode(self.latents[np.arange(rows) % n])

    def mean_latent(self, selection: np.ndarray, chunk: int = 65536) -> np.ndarray:
        """Mean latent (float32) of the selected points, without one big gathered copy."""
        total = np.zeros(self.latents.shape[1], dtype=np.float64)
        for start in range(0, selection.size, chunk):
            total += self.latents[selection[start : start + chunk]].sum(axis=0, dtype=np.float64)
        return (total / max(1, selection.size)).astype(np.float32)

    def panel(self, selection: np.ndarray, max_faces: int) -> tuple[FacesContent, list[memoryview]]:
        """Faces for the panel: a representative sample of ``selection`` plus its mean face.

        Returns the JSON content (count, labels) and the buffers
        ``[indices int32, landmarks float32 (n*P*2), mean float32 (P*2 or empty)]``.
        """
        shown = representative_sample(self.latents, selection, max_faces)
        batch = self.latents[shown]
        if selection.size:
            batch = np.concatenate([batch, self.mean_latent(selection)[None]], axis=0)
        faces = self.decode(batch)
        mean_face = faces[len(shown) :]
        content: FacesContent = {
            "purpose": "panel",
            "count": int(selection.size),
            "n_faces": int(len(shown)),
            "labels": [self.labels[i] for i in shown.tolist()],
            "buffers": ["indices", "landmarks", "mean"],
        }
        buffers = [
            to_buffer(shown, "<i4"),
            to_buffer(faces[: len(shown)], "<f4"),
            to_buffer(mean_face, "<f4"),
        ]
        return content, buffers

    def single(self, index: int) -> tuple[FacesContent, list[memoryview]]:
        """Return the face of one point (for hover): content with its label, and buffers."""
        shown = np.asarray([index], dtype=np.int64)
        faces = self.decode(self.latents[shown])
        content: FacesContent = {
            "purpose": "hover",
            "count": 1,
            "n_faces": 1,
            "labels": [self.labels[index]],
            "buffers": ["indices", "landmarks", "mean"],
        }
        empty = np.zeros(0, dtype=np.float32)
        return content, [to_buffer(shown, "<i4"), to_buffer(faces, "<f4"), to_buffer(empty, "<f4")]
