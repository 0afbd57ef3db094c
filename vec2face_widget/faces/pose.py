"""How much of a set of faces' variation is head pose, and distances that ignore it.

Faces are read through their features; a tilted, shifted, bigger or turned head reads as
the same face seen differently. These measures say how much of what a set of faces shows
is pose:

- :func:`rigid_share`: the part of the faces' landmark variance that a similarity transform
  of their mean face explains (tilt, position, size);
- :func:`antisymmetric_share`: after similarity alignment, the part that is left/right
  antisymmetric (the head turn, and one-sided expressions);
- :func:`aligned_distances`: pairwise distances between faces after each is aligned to their
  mean shape, so they measure change of shape, not of pose.
"""

from __future__ import annotations

import numpy as np

from vec2face_widget.faces.align import generalized_procrustes, mirror, rigid_basis
from vec2face_widget.faces.normalize import check_landmarks

__all__ = ["aligned_distances", "aligned_faces", "antisymmetric_share", "rigid_share"]


def _batch(faces: object) -> np.ndarray:
    f = check_landmarks(faces, "faces")
    if f.ndim != 3 or len(f) < 2:
        raise ValueError(f"faces must have shape (N, 194, 2) with N >= 2, got {f.shape}")
    return f


def rigid_share(faces: object) -> float:
    """Share of the landmark variance of ``faces`` ``(N, 194, 2)`` that is rigid motion.

    The similarity transforms of the mean face ``m`` span, around ``m``, four directions:
    the two shifts, scaling (``m`` itself, centred) and rotation (``m`` turned by 90
    degrees). The share is the part of the faces' deviations from ``m`` that lies in that
    span (0: no pose change at all; 1: nothing but pose).
    """
    f = _batch(faces)
    m = f.mean(axis=0)
    d = (f - m).reshape(len(f), -1)
    total = float(np.sum(d**2))
    return float(np.sum((d @ rigid_basis(m).T) ** 2) / total) if total > 0 else 0.0


def aligned_faces(faces: object) -> np.ndarray:
    """``faces`` ``(N, 194, 2)`` aligned to their common mean shape (generalised Procrustes).

    Sizes are kept comparable: the result is scaled back to the faces' mean size.
    """
    f = _batch(faces)
    aligned, _ = generalized_procrustes(f)
    centred = f - f.mean(axis=1, keepdims=True)
    size = float(np.mean(np.sqrt(np.mean(np.sum(centred**2, axis=-1), axis=-1))))
    return aligned * size


def antisymmetric_share(faces: object) -> float:
    """Share of the aligned faces' variance that is left/right antisymmetric.

    Each face is aligned to the set's mean shape; its deviation ``d`` from the mean splits
    into a symmetric part ``(d + M d) / 2`` and an antisymmetric part ``(d - M d) / 2``,
    where ``M`` mirrors a displacement about the vertical axis with Helen's left/right
    point correspondence. Returns the antisymmetric part's share of the total.
    """
    a = aligned_faces(faces)
    d = a - a.mean(axis=0)
    anti = (d - mirror(d)) / 2
    total = float(np.sum(d**2))
    return float(np.sum(anti**2) / total) if total > 0 else 0.0


def aligned_distances(faces: object) -> np.ndarray:
    """Condensed pairwise distances (``i < j``, row-major) between the aligned faces."""
    a = aligned_faces(faces).reshape(len(faces), -1)  # type: ignore[arg-type]
    sq = np.sum(a**2, axis=1)
    gram = a @ a.T
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * gram, 0.0)
    i, j = np.triu_indices(len(a), k=1)
    return np.sqrt(d2[i, j])
