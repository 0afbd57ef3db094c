"""Face latents of the rows asked for, computed on demand from a fitted mapper.

A panel shows at most a few dozen faces and its mean face comes from a capped sample of
the selection, so the widget never needs the latents of all N points at once. With a
mapper that can ``fit`` and ``transform`` (``FaceMapper``, scikit-learn style), the mapper
is fitted on a seeded sample of at most :data:`FIT_ROWS` rows and each request maps only
its rows. A mapper that only has ``fit_transform`` gives all latents at once; they are
kept (float32).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

FIT_ROWS = 200_000
"""The mapper is fitted on at most this many rows (a seeded sample), like the PCA layout."""

CHUNK = 65_536


def _checked(latents: Any, rows: int) -> np.ndarray:
    out = np.asarray(latents, dtype=np.float32)
    if out.ndim != 2 or out.shape[0] != rows:
        raise ValueError(f"mapper: returned latents of shape {out.shape}, expected ({rows}, K)")
    if not np.isfinite(out).all():
        raise ValueError("mapper: returned non-finite latents")
    return out


def _fit_sample(embeddings: np.ndarray, fit_rows: int, seed: int) -> np.ndarray:
    n = embeddings.shape[0]
    if n <= fit_rows:
        return embeddings
    pick = np.sort(np.random.default_rng(seed).choice(n, size=fit_rows, replace=False))
    return embeddings[pick]


class LatentRows:
    """``rows(indices)`` -> float32 latents (len(indices), K) of those points."""

    def __init__(self, of_rows: Callable[[np.ndarray], np.ndarray], n: int) -> None:
        self._of_rows = of_rows
        self.n = n

    def __call__(self, indices: np.ndarray) -> np.ndarray:
        """Latents of the points ``indices`` (int array), checked: (len, K), finite."""
        indices = np.asarray(indices, dtype=np.int64).reshape(-1)
        return _checked(self._of_rows(indices), indices.size)

    def all(self) -> np.ndarray:
        """Latents of every point (N, K), computed chunk by chunk."""
        parts = [self(np.arange(s, min(self.n, s + CHUNK))) for s in range(0, self.n, CHUNK)]
        return np.concatenate(parts, axis=0)

    @classmethod
    def fit(
        cls, mapper: Any, embeddings: np.ndarray, *, fit_rows: int = FIT_ROWS, seed: int = 0
    ) -> LatentRows:
        """Fit ``mapper`` (unless fitted already) and return the latents of its points.

        ``transform`` is used on demand when the mapper has it; otherwise the latents of
        all points come from ``fit_transform`` (or ``fit().transform()``) and are kept.
        """
        n = embeddings.shape[0]
        fitted = getattr(mapper, "n_latents_", None) is not None
        can_transform = callable(getattr(mapper, "transform", None))
        if can_transform and (fitted or callable(getattr(mapper, "fit", None))):
            if not fitted:
                mapper.fit(_fit_sample(embeddings, fit_rows, seed))
            return cls(lambda rows: mapper.transform(embeddings[rows]), n)
        if callable(getattr(mapper, "fit_transform", None)):
            kept = _checked(mapper.fit_transform(embeddings), n)
        else:
            kept = _checked(mapper.fit(embeddings).transform(embeddings), n)
        return cls(lambda rows: kept[rows], n)
