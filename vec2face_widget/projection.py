"""2-D layouts of embeddings for the scatter: PCA (default), UMAP, t-SNE or your own.

PCA is the package's one PCA (:func:`vec2face_widget.mapping.pca.fit_pca`, without
standardising: an eigen-decomposition of the covariance, fitted on a subsample when N is
large), fast enough for a million points of 64 dimensions. UMAP needs ``umap-learn`` (the ``umap``
extra) and t-SNE needs ``scikit-learn`` (the ``datasets`` extra); each is imported only
when asked for, and a missing one is named in the error.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import numpy as np

from vec2face_widget.mapping.pca import fit_pca
from vec2face_widget.mapping.validate import as_embeddings, finite_rows

Projection = str | Callable[[np.ndarray], Any]

METHODS = ("pca", "umap", "tsne")

_PCA_FIT_ROWS = 200_000
"""PCA axes are fitted on at most this many rows (seeded subsample), then applied to all."""

_CHUNK = 65_536


def project(
    embeddings: np.ndarray,
    method: Projection = "pca",
    *,
    random_state: int = 0,
    verbose: bool = True,
) -> np.ndarray:
    """Lay ``embeddings`` (N, D) out in 2-D; returns float32 (N, 2).

    Args:
        embeddings: finite numbers, one row per point.
        method: ``"pca"``, ``"umap"``, ``"tsne"``, or a callable taking the (N, D) array
            and returning (N, 2) coordinates.
        random_state: seed for the stochastic methods and the PCA subsample.
        verbose: show progress for the long methods (UMAP, t-SNE).

    Raises:
        ValueError: unknown method name, or a callable that returns the wrong shape.
        ImportError: the method's optional dependency is not installed.
    """
    raw = as_embeddings(embeddings, "embeddings")  # float32 or float64, not copied
    finite_rows(raw, "raise", "embeddings", drop_hint=False)
    if isinstance(method, str) and method.lower() == "pca":
        return pca_2d(raw, random_state=random_state)
    x = raw.astype(np.float32, copy=False)
    if callable(method):
        out = np.asarray(method(x), dtype=np.float32)
        if out.shape != (x.shape[0], 2):
            raise ValueError(
                f"projection: the callable returned shape {out.shape}, expected ({x.shape[0]}, 2)"
            )
        if not np.isfinite(out).all():
            raise ValueError("projection: the callable returned non-finite coordinates")
        return out
    if not isinstance(method, str) or method.lower() not in METHODS:
        raise ValueError(
            f"projection: unknown method {method!r}; use one of {', '.join(METHODS)} "
            "or a callable (N, D) -> (N, 2)"
        )
    name = method.lower()
    if name == "umap":
        return _umap(x, random_state=random_state, verbose=verbose)
    return _tsne(x, random_state=random_state, verbose=verbose)


def pca_2d(x: np.ndarray, *, random_state: int = 0) -> np.ndarray:
    """First two principal components of ``x`` (N, D) as float32 (N, 2).

    Signs are fixed (largest loading positive) so the layout is deterministic; with one
    dimension the second coordinate is 0. The axes are fitted on at most
    ``_PCA_FIT_ROWS`` rows; every row is then centred (in its own precision) and
    projected in float32, chunk by chunk, straight into the result.
    """
    n = x.shape[0]
    fit = x
    if n > _PCA_FIT_ROWS:
        rng = np.random.default_rng(random_state)
        fit = x[np.sort(rng.choice(n, size=_PCA_FIT_ROWS, replace=False))]
    pca = fit_pca(fit, 2, seed=random_state, standardize=False)
    k = len(pca.components)
    axes = pca.components.T.astype(np.float32)  # (D, k); raw PCA: scale is 1
    mean = pca.mean.astype(x.dtype)
    out = np.zeros((n, 2), dtype=np.float32)
    for start in range(0, n, _CHUNK):
        rows = slice(start, min(n, start + _CHUNK))
        out[rows, :k] = np.dot((x[rows] - mean).astype(np.float32, copy=False), axes)
    return out


def _require(module: str, extra: str, method: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"projection={method!r} needs the {module.split('.')[0]!r} package; "
            f"install it with: pip install 'vec2face-widget[{extra}]'"
        ) from None


def _umap(x: np.ndarray, *, random_state: int, verbose: bool) -> np.ndarray:
    umap = _require("umap", "umap", "umap")
    reducer = umap.UMAP(n_components=2, random_state=random_state, verbose=verbose)
    return np.asarray(reducer.fit_transform(x), dtype=np.float32)


def _tsne(x: np.ndarray, *, random_state: int, verbose: bool) -> np.ndarray:
    manifold = _require("sklearn.manifold", "datasets", "tsne")
    tsne = manifold.TSNE(
        n_components=2,
        init="pca",
        random_state=random_state,
        verbose=1 if verbose else 0,
    )
    return np.asarray(tsne.fit_transform(x), dtype=np.float32)
