"""The face topology of the Helen annotation: which landmark indices form which part.

This is data, shared by every drawing path: the Python SVG and matplotlib renderers read
it directly, and the widget sends :func:`topology_dict` to the front end once.
"""

from __future__ import annotations

from dataclasses import dataclass

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

CHIN = 20
"""Index of the lowest jaw point (the chin) in a typical Helen face."""


def part(name: str) -> FacePart:
    """Return the part called ``name`` (e.g. ``"jaw"``, ``"eye_a"``)."""
    try:
        return PART_BY_NAME[name]
    except KeyError:
        known = ", ".join(PART_BY_NAME)
        raise KeyError(f"unknown face part {name!r}; known parts: {known}") from None


def topology_dict() -> dict[str, object]:
    """The topology as plain JSON-able data, for the front end."""
    return {
        "n_points": N_POINTS,
        "parts": [
            {"name": p.name, "start": p.start, "stop": p.stop, "closed": p.closed} for p in PARTS
        ],
    }
