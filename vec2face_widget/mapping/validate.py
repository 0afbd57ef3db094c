"""Turning what users pass as embeddings into a checked 2-D float array.

The one validator of an embeddings-like matrix: ``FaceMapper``, ``project`` and
``FaceScatter`` (its ``embeddings`` and ``xy``) all read their input with
:func:`as_embeddings` and check finiteness with :func:`finite_rows` (or both at once with
:func:`as_finite_matrix`). Every error names the argument it is about.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

__all__ = ["NonFinite", "as_embeddings", "as_finite_matrix", "finite_rows"]

NonFinite = Literal["raise", "drop"]

FLOAT32_MAX = float(np.finfo(np.float32).max)


def _from_pandas(x: object, name: str) -> object:
    # DataFrame -> its values; Series of vectors -> stacked rows. Duck-typed, no pandas import.
    values = getattr(x, "to_numpy", None)
    if values is None or not hasattr(x, "index"):
        return x
    arr = values()
    if arr.ndim == 1 and arr.dtype == object and len(arr) and np.ndim(arr[0]) == 1:
        try:
            return np.stack([np.asarray(v, dtype=np.float64) for v in arr])
        except ValueError as err:
            raise ValueError(
                f"{name}: the Series holds vectors of different lengths: {err}"
            ) from None
    return arr


def _check_float32_range(arr: np.ndarray, name: str) -> None:
    """Raise when a finite value of ``arr`` is too large for float32 (it would become inf)."""
    if arr.size == 0 or arr.dtype.itemsize <= 4 or arr.dtype.kind != "f":
        return  # float16/32 always fit; integers up to int64 fit too
    # fmax / fmin skip NaN; only when the extremes are out of range is a mask worth building.
    if (
        np.fmax.reduce(arr, axis=None) <= FLOAT32_MAX
        and np.fmin.reduce(arr, axis=None) >= -FLOAT32_MAX
    ):
        return
    big = np.isfinite(arr) & (np.abs(arr) > FLOAT32_MAX)
    if big.any():
        row, col = (int(i) for i in np.argwhere(big)[0])
        raise ValueError(
            f"{name}: {int(big.sum())} value(s) overflow float32 (largest magnitude "
            f"{FLOAT32_MAX:.3g}), the first {arr[row, col]:.3g} in row {row}; rescale the data"
        )


def as_embeddings(x: object, name: str = "embeddings", *, columns: int | None = None) -> np.ndarray:
    """Coerce ``x`` to a float array ``(n_items, n_dims)``; raise a clear error otherwise.

    Accepts numpy arrays, lists of vectors, pandas DataFrames and Series of vectors, with
    any integer, bool or float dtype (float16/32/64). float16/float32 input stays float32
    (a 1M x 1024 float32 array is not copied to float64); other numbers become float64.
    Values too large for float32 raise ``ValueError`` (the faces and the scatter are
    computed in float32); NaN and inf are left for :func:`finite_rows` to report.

    Args:
        x: the user's value.
        name: the argument it came from, named in every error.
        columns: the number of columns required (e.g. 2 for a layout), if any.
    """
    if x is None:
        raise TypeError(f"{name}: expected an array of shape (N, D), got None")
    raw = _from_pandas(x, name)
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
    want = f"(n_items, {columns})" if columns else "(n_items, n_dims)"
    if arr.ndim == 1 and columns is None:
        raise ValueError(
            f"{name} must be 2-D {want}, got a 1-D array of shape {arr.shape}: "
            "use x.reshape(-1, 1) for one number per item, or x[None] for a single vector"
        )
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D {want}, got shape {arr.shape}")
    if columns is not None and arr.shape[1] != columns:
        raise ValueError(f"{name} must have shape {want}, got {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} is empty: shape {arr.shape}")
    _check_float32_range(arr, name)
    if arr.dtype in (np.float16, np.float32):
        return arr.astype(np.float32, copy=False)
    return arr.astype(np.float64, copy=False)


def finite_rows(
    x: np.ndarray, nonfinite: NonFinite, name: str = "embeddings", *, drop_hint: bool = True
) -> np.ndarray:
    """Boolean mask of rows without NaN/inf; raise if any and ``nonfinite == "raise"``.

    ``drop_hint`` adds "or pass nonfinite='drop'" to the error (for callers that take
    that option).
    """
    if nonfinite not in ("raise", "drop"):
        raise ValueError(f"nonfinite must be 'raise' or 'drop', got {nonfinite!r}")
    # One pass, no big temporary; float32 sums in float32 (4x faster than widening; an
    # overflow to inf only sends it to the exact check below).
    if np.isfinite(np.sum(x, dtype=np.float32 if x.dtype == np.float32 else np.float64)):
        return np.ones(len(x), dtype=bool)
    ok: np.ndarray = np.isfinite(x).all(axis=1)
    if not ok.all() and nonfinite == "raise":
        bad = np.flatnonzero(~ok)
        fix = "clean them or pass nonfinite='drop'" if drop_hint else "clean them"
        raise ValueError(
            f"{name} has {bad.size} row(s) with NaN or inf, first at index "
            f"{bad[:5].tolist()}; {fix}"
        )
    return ok


def as_finite_matrix(x: object, name: str, *, columns: int | None = None) -> np.ndarray:
    """:func:`as_embeddings` as float32, with every value finite (else ``ValueError``)."""
    arr = as_embeddings(x, name, columns=columns)
    finite_rows(arr, "raise", name, drop_hint=False)
    return arr.astype(np.float32, copy=False)
