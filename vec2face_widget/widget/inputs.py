"""Reading what users pass to :class:`~vec2face_widget.FaceScatter` besides matrices.

Colours, positive integers and point indices (labels: :mod:`.labels`). Every function
here takes the user's value and the name of the argument it came from, and either returns
a clean value or raises ``ValueError`` / ``TypeError`` whose message starts with that
name, so the user knows which argument to fix. Matrices (``embeddings``, ``xy``) are read by
:mod:`vec2face_widget.mapping.validate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np


@dataclass(frozen=True)
class ColorSpec:
    """How points are coloured.

    ``kind`` is ``"none"``, ``"category"`` (``codes`` index ``categories``) or ``"value"``
    (``values`` scaled to 0..1 between ``vmin`` and ``vmax``).
    """

    kind: Literal["none", "category", "value"]
    codes: np.ndarray | None = None
    categories: list[str] = field(default_factory=list)
    values: np.ndarray | None = None
    vmin: float = 0.0
    vmax: float = 1.0

    def point_values(self) -> tuple[np.ndarray, str]:
        """Per-point values for the scatter and their dtype name.

        Category codes as uint16, values scaled to 0..1 as float32, or an empty array
        when there is no colour encoding (nothing to send).
        """
        if self.kind == "category" and self.codes is not None:
            return self.codes.astype(np.uint16), "uint16"
        if self.kind == "value" and self.values is not None:
            span = self.vmax - self.vmin
            if span > 0:
                scaled = (self.values - self.vmin) / span
            else:
                scaled = np.full_like(self.values, 0.5)
            return scaled.astype(np.float32), "float32"
        return np.zeros(0, dtype=np.float32), "float32"


MAX_CATEGORIES = 4096


def as_color(value: Any, n: int, name: str = "color") -> ColorSpec:
    """Read ``color=``: a category per point (strings, bools, few ints) or numbers."""
    if value is None:
        return ColorSpec("none")
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name}: expected one value per point, got a single string")
    try:
        array = np.asarray(value)
    except Exception as exc:  # noqa: BLE001
        raise TypeError(f"{name}: cannot be read as an array ({exc})") from None
    if array.ndim != 1:
        raise ValueError(f"{name}: expected one value per point (1-D), got shape {array.shape}")
    if array.shape[0] != n:
        raise ValueError(f"{name}: has {array.shape[0]} entries but embeddings has {n} rows")
    is_numeric = np.issubdtype(array.dtype, np.number) and not np.issubdtype(array.dtype, np.bool_)
    if is_numeric and np.issubdtype(array.dtype, np.floating):
        values = array.astype(np.float64)
        if not np.isfinite(values).all():
            bad = int((~np.isfinite(values)).sum())
            raise ValueError(f"{name}: contains {bad} non-finite values (NaN or inf)")
        return ColorSpec(
            "value",
            values=values.astype(np.float32),
            vmin=float(values.min()),
            vmax=float(values.max()),
        )
    if is_numeric and np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"{name}: complex numbers are not supported")
    # Integers with many distinct values are a continuous quantity, not categories.
    categories, codes = category_codes(array)
    if is_numeric and len(categories) > 32:
        values = array.astype(np.float64)
        return ColorSpec(
            "value",
            values=values.astype(np.float32),
            vmin=float(values.min()),
            vmax=float(values.max()),
        )
    if len(categories) > MAX_CATEGORIES:
        raise ValueError(
            f"{name}: has {len(categories)} distinct categories; at most {MAX_CATEGORIES} "
            "are supported (pass numbers for a continuous colour scale)"
        )
    return ColorSpec("category", codes=codes, categories=categories)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    )


def category_codes(array: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Category names and one int32 code per entry of the 1-D ``array``.

    Numbers (and booleans) keep their natural order (2 before 10); anything else keeps
    the order in which the categories first appear, so a legend reads as the data does
    rather than alphabetically.
    """
    if np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_:
        uniques, codes = np.unique(array, return_inverse=True)
        return [str(c) for c in uniques.tolist()], codes.astype(np.int32).reshape(-1)
    items = array.tolist()
    if array.dtype == object and items and all(_is_number(v) for v in items):
        ordered = sorted(set(items))
        where = {v: k for k, v in enumerate(ordered)}
        codes = np.fromiter((where[v] for v in items), np.int32, len(items))
        return [str(v) for v in ordered], codes
    keys = np.asarray([str(v) for v in items]) if array.dtype == object else array.astype(str)
    uniques, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return [str(c) for c in uniques[order].tolist()], rank[inverse].astype(np.int32).reshape(-1)


def as_positive_int(value: Any, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an int of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name}: expected an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name}: must be at least {minimum}, got {value}")
    return int(value)


def as_indices(value: Any, n: int, name: str = "indices") -> np.ndarray:
    """Return ``value`` as sorted unique int64 point indices in ``[0, n)``.

    ``value``: an index, a sequence or array of indices, or a boolean mask with one entry
    per point (the points where it is true).
    """
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray, range)):
        try:
            value = list(value)
        except TypeError:
            raise TypeError(
                f"{name}: expected a list of point indices, got {type(value).__name__}"
            ) from None
    array = np.asarray(value)
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)
    if array.ndim != 1:
        raise ValueError(f"{name}: expected a flat list of indices, got shape {array.shape}")
    if array.dtype == np.bool_:
        if array.shape[0] != n:
            raise ValueError(
                f"{name}: a boolean mask needs one entry per point ({n}), got {array.shape[0]}"
            )
        return np.flatnonzero(array).astype(np.int64)
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"{name}: expected integer indices, got dtype {array.dtype}")
    array = array.astype(np.int64)
    out = (array < 0) | (array >= n)
    if out.any():
        raise ValueError(
            f"{name}: {int(out.sum())} indices are outside 0..{n - 1}, e.g. {int(array[out][0])}"
        )
    return unique_indices(array, n)


def unique_indices(indices: np.ndarray, n: int) -> np.ndarray:
    """Sorted unique int64 copy of ``indices`` (all in ``[0, n)``), in O(n) time."""
    if indices.size < 4096:
        return np.unique(indices).astype(np.int64)
    mask = np.zeros(n, dtype=bool)
    mask[indices] = True
    return np.flatnonzero(mask).astype(np.int64)
