"""Point labels read lazily: the user's sequence is kept, each label made text when shown.

A million labels turned into a list of strings up front costs a few hundred milliseconds
and tens of megabytes before the first point is drawn; the panel and the tooltip only
ever show a few dozen. So :class:`Labels` keeps a reference to the user's sequence (or
nothing, for the default point numbers) and calls ``str`` on the labels it is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np


def _as_sequence(value: Any, name: str) -> Sequence[Any] | np.ndarray:
    """A sized, indexable view of ``value`` (no copy for lists, tuples, arrays)."""
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name}: expected one label per point, got a single string")
    if hasattr(value, "to_numpy") and hasattr(value, "index"):  # pandas: by position
        return np.asarray(value.to_numpy())
    if isinstance(value, (list, tuple, range, np.ndarray)):
        if isinstance(value, np.ndarray) and value.ndim != 1:
            raise ValueError(f"{name}: expected one label per point (1-D), got shape {value.shape}")
        return value
    if not isinstance(value, Iterable):
        raise TypeError(f"{name}: expected a sequence of labels, got {type(value).__name__}")
    return list(value)


class Labels:
    """One text label per point: ``labels[i]`` and ``labels.take(indices)``.

    Args:
        value: the user's labels (a list, tuple, array, pandas Series or any iterable,
            one per point), or ``None`` for the point numbers.
        n: the number of points.
        name: the argument it came from, named in errors.
    """

    def __init__(self, value: Any, n: int, name: str = "labels") -> None:
        self._items = None if value is None else _as_sequence(value, name)
        if self._items is not None and len(self._items) != n:
            raise ValueError(f"{name}: has {len(self._items)} entries but embeddings has {n} rows")
        self._n = n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, index: int) -> str:
        """The label of point ``index`` as text."""
        if self._items is None:
            return str(index)
        return str(self._items[index])

    def take(self, indices: Iterable[int]) -> list[str]:
        """The labels of ``indices``, in that order."""
        return [self[int(i)] for i in indices]

    def to_list(self) -> list[str]:
        """Every label as text (builds a list of N strings)."""
        return self.take(range(self._n))
