"""The reference frame that reconstruction figures are reported in, and its inverse.

The original work normalised each face by moving its minimum x and y to 0, dividing by its
x-range (so the face is 1 wide), then subtracting half of the dataset-wide maximum on each
axis. Figures in this frame compare directly with the earlier linear decoders.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vec2face_widget.faces.topology import N_POINTS

__all__ = ["ReferenceFrame", "check_landmarks"]


def check_landmarks(landmarks: object, name: str = "landmarks") -> np.ndarray:
    """Validate ``(..., 194, 2)`` finite landmarks and return them as a float array."""
    try:
        arr = np.asarray(landmarks, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be numeric, got {type(landmarks).__name__}") from err
    if arr.ndim < 2 or arr.shape[-2:] != (N_POINTS, 2):
        raise ValueError(f"{name} must have shape (..., {N_POINTS}, 2), got {arr.shape}")
    bad = ~np.isfinite(arr).reshape(-1, N_POINTS * 2).all(axis=1)
    if bad.any():
        idx = np.flatnonzero(bad)
        raise ValueError(
            f"{name} has non-finite values in {idx.size} face(s), first at index {idx[:5].tolist()}"
        )
    return arr


@dataclass(frozen=True)
class ReferenceFrame:
    """The original work's normalisation, with the dataset-wide offset it subtracts.

    ``offset`` is half of the dataset-wide maximum of the width-normalised faces on each
    axis, measured on the training set and shipped with the weights.
    """

    offset: tuple[float, float]

    @staticmethod
    def _unit(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        origin = arr.min(axis=-2, keepdims=True)
        width = arr[..., 0].max(axis=-1) - arr[..., 0].min(axis=-1)
        if np.any(width <= 0):
            raise ValueError("a face has zero width: all its x coordinates are equal")
        scale = width[..., None, None]
        return (arr - origin) / scale, origin, scale

    @classmethod
    def fit(cls, raw_landmarks: np.ndarray) -> ReferenceFrame:
        """Measure the offset on a training set of raw (pixel) landmarks."""
        unit, _, _ = cls._unit(check_landmarks(raw_landmarks, "raw_landmarks"))
        top = unit.reshape(-1, 2).max(axis=0)
        return cls(offset=(float(top[0] / 2), float(top[1] / 2)))

    def normalize(self, raw_landmarks: object) -> np.ndarray:
        """Pixel coordinates ``(..., 194, 2)`` to the reference frame (float32)."""
        arr = check_landmarks(raw_landmarks, "raw_landmarks")
        unit, _, _ = self._unit(arr)
        return (unit - np.asarray(self.offset)).astype(np.float32)

    def normalize_with_inverse(
        self, raw_landmarks: object
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Like :meth:`normalize`, also returning each face's ``origin`` and ``scale``."""
        arr = check_landmarks(raw_landmarks, "raw_landmarks")
        unit, origin, scale = self._unit(arr)
        return (unit - np.asarray(self.offset)).astype(np.float32), origin, scale

    def denormalize(self, faces: object, origin: object = 0.0, scale: object = 1.0) -> np.ndarray:
        """Reference frame back to pixels: the inverse of :meth:`normalize_with_inverse`.

        With the defaults it returns faces whose top-left is near 0 and whose width is
        near 1, which is the frame drawing code scales from.
        """
        arr = check_landmarks(faces, "faces")
        return (arr + np.asarray(self.offset)) * np.asarray(scale) + np.asarray(origin)
