"""The face topology of the Helen annotation: which landmark indices form which part.

This is data, shared by every drawing path: the Python SVG and matplotlib renderers read
it directly, and the widget sends :func:`topology_dict` to the front end once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

N_POINTS = 194
"""Landmarks in one Helen face."""


@dataclass(frozen=True)
class FacePart:
    """One outline of the face: landmark indices ``start`` to ``stop - 1``.

    ``closed`` says whether the outline returns to its first point when drawn.
    """

    name: str
    start: int
    stop: int
    closed: bool

    @property
    def indices(self) -> range:
        """The landmark indices of this part, in drawing order."""
        return range(self.start, self.stop)


# Index ranges from the Helen release (Le et al., ECCV 2012). Both eyes, both brows and
# both lip outlines are closed loops; the jaw and the nose are open curves.
PARTS: tuple[FacePart, ...] = (
    FacePart("jaw", 0, 41, closed=False),
    FacePart("nose", 41, 58, closed=False),
    FacePart("outer_lips", 58, 86, closed=True),
    FacePart("inner_lips", 86, 114, closed=True),
    FacePart("eye_a", 114, 134, closed=True),
    FacePart("eye_b", 134, 154, closed=True),
    FacePart("brow_a", 154, 174, closed=True),
    FacePart("brow_b", 174, 194, closed=True),
)

PART_BY_NAME: dict[str, FacePart] = {p.name: p for p in PARTS}


def part(name: str) -> FacePart:
    """Return the part called ``name`` (e.g. ``"jaw"``, ``"eye_a"``)."""
    try:
        return PART_BY_NAME[name]
    except KeyError:
        known = ", ".join(PART_BY_NAME)
        raise KeyError(f"unknown face part {name!r}; known parts: {known}") from None


def _mirror_permutation() -> np.ndarray:
    """Helen's left/right point correspondence (see :data:`MIRROR`)."""
    perm = np.arange(N_POINTS)
    # Open curves drawn from one side to the other: point j <-> the j-th from the other end.
    for name in ("jaw", "nose"):
        p = part(name)
        perm[p.indices] = p.stop - 1 - np.arange(p.stop - p.start)
    # Lip outlines are loops of 28 points that start at the image-left corner; the right
    # corner falls between two points, so the reflection j -> (c - j) mod 28 is off by half a
    # step whichever c is taken: c = 13 (outer) and 14 (inner) fit the Helen mean face best.
    for name, c in (("outer_lips", 13), ("inner_lips", 14)):
        p = part(name)
        n = p.stop - p.start
        perm[p.indices] = p.start + (c - np.arange(n)) % n
    # Eyes and brows: the two sides are numbered alike (eyes from the inner corner along
    # the upper lid), so point j of one is point j of the other.
    for a, b in (("eye_a", "eye_b"), ("brow_a", "brow_b")):
        pa, pb = part(a), part(b)
        perm[pa.indices] = np.asarray(pb.indices)
        perm[pb.indices] = np.asarray(pa.indices)
    return perm


class Outline(NamedTuple):
    """An eye or lip outline as two lids between two corners.

    ``upper[j]`` and ``lower[j]`` are partners across the line from ``corner1`` to
    ``corner2``; ``sign`` orients that line's normal towards the lower lid.
    """

    corner1: int
    corner2: int
    upper: np.ndarray
    lower: np.ndarray
    sign: float


def _lids(name: str, sign: float) -> Outline:
    p = part(name)
    n = p.stop - p.start
    half = n // 2
    c1, c2 = p.start, p.start + half
    upper = np.arange(c1 + 1, c2)  # corner 1 -> corner 2
    lower = np.array([p.start + n - j for j in range(1, half)])  # partner of upper[j-1]
    return Outline(c1, c2, upper, lower, sign)


def topology_dict() -> dict[str, object]:
    """The topology as plain JSON-able data, for the front end."""
    return {
        "n_points": N_POINTS,
        "parts": [
            {"name": p.name, "start": p.start, "stop": p.stop, "closed": p.closed} for p in PARTS
        ],
    }


MIRROR: np.ndarray = _mirror_permutation()
"""Left/right point correspondence: the mirror image of face ``f`` about a vertical line is
``f[MIRROR]`` with x negated. An involution that maps ``eye_a`` onto ``eye_b``, ``brow_a``
onto ``brow_b``, and the jaw, nose and lips onto themselves reversed."""

# Helen numbers eye_a and the lips from the image-left corner, eye_b from the right one,
# so the "lower lid" side of the corner line flips sign for eye_b.
OUTLINES: tuple[Outline, ...] = (
    _lids("eye_a", 1.0),
    _lids("eye_b", -1.0),
    _lids("outer_lips", 1.0),
)
"""The outlines whose lids must not cross (eyes and outer lips), for training and decoding."""
