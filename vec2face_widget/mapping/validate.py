"""Turning what users pass as embeddings into a checked 2-D float array."""

from __future__ import annotations

from typing import Literal

import numpy as np

__all__ = ["NonFinite", "as_embeddings", "finite_rows"]

NonFinite = Literal["raise", "drop"]


def _from_pandas(x: object) -> object:
    # DataFrame -> its values; Series of vectors -> stacked rows. Duck-typed, no pandas import.
    values = getattr(x, "to_numpy", None)
    if values is None or not hasattr(x, "index"):
        return x
    arr = values()
    if arr.ndim == 1 and arr.dtype == object and len(arr) and np.ndim(arr[0]) == 1:
        try:
            return np.stack([np.asarray(v, dtype=np.float64) for v in arr])
        except ValueError as err:
            raise ValueError(f"the Series holds vectors of different lengths: {err}") from None
    return arr


def as_embeddings(x: object, name: str = "embeddings") -> np.ndarray:
    """Coerce ``x`` to a float array ``(n_items, n_dims)``; raise a clear error otherwise.

    Accepts numpy arrays, lists of vectors, pandas DataFrames and Series of vectors, with
    any integer or float dtype (float16/32/64). float16/float32 input stays float32 (a
    1M x 1024 float32 array is not copied to float64); other numbers become float64.
    Non-finite values are left for :func:`finite_rows` to report.
    """
    raw = _from_pandas(x)
    if isinstance(raw, (str, bytes)):
        raise TypeError(f"{name} must be numeric vectors, got a string")
    try:
        arr = np.asarray(raw)
    except ValueError as err:  # ragged lists
        raise ValueError(f"{name} must be a rectangular array of vectors: {err}") from None
    if arr.dtype == object:
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError):
            raise TypeError(
                f"{name} must hold numbers; got dtype object with non-numeric entries"
            ) from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers; got dtype {arr.dtype}")
    if arr.ndim == 1:
        raise ValueError(
            f"{name} must be 2-D (n_items, n_dims), got a 1-D array of shape {arr.shape}: "
            "use x.reshape(-1, 1) for one number per item, or x[None] for a single vector"
        )
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n_items, n_dims), got shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} is empty: shape {arr.shape}")
    if arr.dtype in (np.float16, np.float32):
        return arr.astype(np.float32, copy=False)
    return arr.astype(np.float64, copy=False)


def finite_rows(x: np.ndarray, nonfinite: NonFinite, name: str = "embeddings") -> np.ndarray:
    """Boolean mask of rows without NaN/inf; raise if any and ``nonfinite == "raise"``."""
    if nonfinite not in ("raise", "drop"):
        raise ValueError(f"nonfinite must be 'raise' or 'drop', got {nonfinite!r}")
    ok: np.ndarray = np.isfinite(x).all(axis=1)
    if not ok.all() and nonfinite == "raise":
        bad = np.flatnonzero(~ok)
        raise ValueError(
            f"{name} has {bad.size} row(s) with NaN or inf, first at index "
            f"{bad[:5].tolist()}; clean them or pass nonfinite='drop'"
        )
    return ok
