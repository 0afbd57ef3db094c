"""The one PCA of the package: (standardise and) rotate data onto its principal axes.

Used by the mapping to faces (standardised) and by the 2-D layout (raw), in chunks.

Exact (covariance eigen-decomposition) for moderate sizes; randomized subspace iteration
when the covariance would be expensive (many rows and many dimensions), which keeps
1M x 1024 to a few passes over the data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

__all__ = ["PCAFit", "fit_pca"]

CHUNK = 65_536


def _chunks(n: int, size: int = CHUNK) -> Iterator[slice]:
    for s in range(0, n, size):
        yield slice(s, min(n, s + size))


@dataclass(frozen=True)
class PCAFit:
    """Column means and scales, the top principal axes and their variances."""

    mean: np.ndarray  # (D,)
    scale: np.ndarray  # (D,) standard deviation, 1 where a column is constant (all 1: raw)
    components: np.ndarray  # (K, D) orthonormal rows, strongest first
    variances: np.ndarray  # (K,) variance of the (standardised) data along each axis
    total_variance: float  # of the (standardised) data
    constant_columns: np.ndarray  # indices of columns with zero variance

    def transform(self, x: np.ndarray) -> np.ndarray:
        """Scores ``(N, K)`` (float64) of rows ``x`` on the principal axes."""
        out = np.empty((len(x), len(self.components)))
        w = (self.components / self.scale).T  # fold the standardising into one product
        shift = (self.mean / self.scale) @ self.components.T
        for sl in _chunks(len(x)):
            out[sl] = x[sl].astype(np.float64) @ w - shift
        return out


def _moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n, d = x.shape
    total = np.zeros(d)
    for sl in _chunks(n):
        total += x[sl].sum(axis=0, dtype=np.float64)
    mean = total / n
    sq = np.zeros(d)
    for sl in _chunks(n):
        sq += ((x[sl] - mean) ** 2).sum(axis=0)
    return mean, np.sqrt(sq / n)


def _matmul_std(x: np.ndarray, mean: np.ndarray, scale: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Standardised ``x`` times ``m`` (D, r), chunk by chunk."""
    out = np.empty((len(x), m.shape[1]))
    ms = m / scale[:, None]
    shift = mean @ ms
    for sl in _chunks(len(x)):
        out[sl] = x[sl].astype(np.float64) @ ms - shift
    return out


def _gram_std(x: np.ndarray, mean: np.ndarray, scale: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Standardised ``x`` transposed times ``y`` (N, r)."""
    d = x.shape[1]
    out = np.zeros((d, y.shape[1]))
    for sl in _chunks(len(x)):
        out += x[sl].T.astype(np.float64) @ y[sl]
    out -= np.outer(mean, y.sum(axis=0))
    scaled: np.ndarray = out / scale[:, None]
    return scaled


def fit_pca(x: np.ndarray, k: int, seed: int = 0, *, standardize: bool = True) -> PCAFit:
    """Find the top ``k`` principal axes of ``x`` (N, D).

    With ``standardize`` (the default) each column is first scaled to unit variance, so
    every dimension counts alike; without it the axes are those of the raw data (a 2-D
    layout keeps the embedding's own geometry).
    """
    n, d = x.shape
    mean, std = _moments(x)
    constant = np.flatnonzero(std <= 1e-12 * np.maximum(1.0, np.abs(mean)))
    if standardize:
        scale = np.where(np.isin(np.arange(d), constant), 1.0, std)
        total = float(d - len(constant))
    else:
        scale = np.ones(d)
        total = float(np.sum(std**2))
    k = min(k, d)
    if d <= 256 or n * d * d <= 2e10:
        cov = np.zeros((d, d))
        for sl in _chunks(n):
            c = (x[sl] - mean) / scale
            cov += c.T @ c
        cov /= n
        vals, vecs = np.linalg.eigh(cov)
        order = np.argsort(vals)[::-1][:k]
        comps, var = vecs[:, order].T, np.maximum(vals[order], 0.0)
    else:
        rng = np.random.default_rng(seed)
        q = rng.standard_normal((d, min(d, k + 16)))
        for _ in range(3):  # subspace iteration: range of (X^T X)^3
            q, _ = np.linalg.qr(_gram_std(x, mean, scale, _matmul_std(x, mean, scale, q)))
        y = _matmul_std(x, mean, scale, q)  # (n, r)
        small = (y.T @ y) / n
        vals, vecs = np.linalg.eigh(small)
        order = np.argsort(vals)[::-1][:k]
        comps, var = (q @ vecs[:, order]).T, np.maximum(vals[order], 0.0)
    # A fixed sign per axis (largest loading positive) makes the mapping deterministic.
    signs = np.sign(comps[np.arange(len(comps)), np.abs(comps).argmax(axis=1)])
    comps = comps * np.where(signs == 0, 1.0, signs)[:, None]
    return PCAFit(mean, scale, comps, var, total, constant)
