"""The decoder's last two layers, which keep decoded faces plausible, and their geometry.

- The lid layer (:func:`open_lids`): each eye and the outer lips is an outline of two lids
  between two corners; where a lower-lid point comes closer to its upper partner than the
  smallest gap seen in real faces, both move apart across the line joining the corners.
- The jaw layer (:func:`fit_features`): when an eye, nose or mouth point reaches past the
  jaw line, the inner face is narrowed about the jaw's centre line just enough to fit.

Real faces are almost never touched. The same gap geometry serves the training penalty
(:mod:`.penalties`), and :func:`layers_needed` tells which faces either layer would change,
so the fast inference path (:mod:`.fast_decode`) can skip both for every other face.
Everything works on faces ``(B, 194, 2)`` with static slices (no gathers).
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import jax
import jax.numpy as jnp

from vec2face_widget.faces.topology import OUTLINES, part

__all__ = [
    "FEATURE_SLACK",
    "LidView",
    "fit_features",
    "jaw_needed",
    "layers_needed",
    "lid_gaps",
    "lid_views",
    "open_lids",
]

FEATURE_SLACK = 0.02
"""How far (share of the jaw's width) eyes, nose and mouth may reach past the jaw line."""

_FIT_FROM = int(part("nose").start)  # nose, lips, eyes and brows follow the jaw
_FEATURES_STOP = int(part("eye_b").stop)  # nose, lips and eyes must fit inside it


class LidView(NamedTuple):
    """One outline of a batch of faces: its corner line's normal and its two lids.

    ``upper[:, j]`` and ``lower[:, j]`` are partners; ``upper_start`` / ``lower_start`` are
    the first landmark index of each lid's run (the lower run is stored reversed in the
    landmarks, so ``lower`` is that run flipped).
    """

    normal: jax.Array  # (B, 2) unit normal of the corner line, towards the lower lid
    upper: jax.Array  # (B, n, 2)
    lower: jax.Array  # (B, n, 2)
    upper_start: int
    lower_start: int


def lid_views(faces: jax.Array) -> list[LidView]:
    """The outlines of :data:`~.topology.OUTLINES` in ``faces`` ``(B, 194, 2)``."""
    views = []
    for c1, c2, upper, lower, sign in OUTLINES:
        axis = faces[:, c2] - faces[:, c1]
        axis = axis / (jnp.sqrt(jnp.sum(axis * axis, axis=-1, keepdims=True)) + 1e-9)
        normal = sign * jnp.stack([-axis[:, 1], axis[:, 0]], axis=-1)
        n, u0, l0 = len(upper), int(upper[0]), int(lower[-1])
        views.append(LidView(normal, faces[:, u0 : u0 + n], faces[:, l0 : l0 + n][:, ::-1], u0, l0))
    return views


def lid_gaps(faces: jax.Array) -> list[jax.Array]:
    """For each outline, ``(B, n)`` distances from upper to lower lid across the corners."""
    return [_gap(v) for v in lid_views(faces)]


def _gap(view: LidView) -> jax.Array:
    return jnp.sum((view.lower - view.upper) * view.normal[:, None], axis=-1)


def _margin_runs(margins: jax.Array) -> list[jax.Array]:
    out, start = [], 0
    for outline in OUTLINES:
        n = len(outline.upper)
        out.append(margins[start : start + n])
        start += n
    return out


def open_lids(faces: jax.Array, margins: jax.Array) -> jax.Array:
    """Keep every lower lid (and lip) at least ``margins`` below its upper partner.

    ``margins`` holds the smallest tolerated gap of every lid pair, outline after outline.
    """
    updates = []
    for view, margin in zip(lid_views(faces), _margin_runs(margins), strict=True):
        push = (jax.nn.relu(margin - _gap(view)) / 2)[..., None] * view.normal[:, None]
        updates.append((view.upper_start, view.upper - push))
        updates.append((view.lower_start, (view.lower + push)[:, ::-1]))
    for start, block in updates:  # in-place slice updates, no gather or scatter
        faces = faces.at[:, start : start + block.shape[1]].set(block)
    return faces


def _jaw_fit(faces: jax.Array) -> tuple[jax.Array, jax.Array]:
    """Per face, the jaw's centre line and the factor that narrows the inner face to fit."""
    jaw_x = faces[:, :_FIT_FROM, 0]
    lo, hi = jaw_x.min(axis=1), jaw_x.max(axis=1)
    centre, half = (lo + hi) / 2, (hi - lo) / 2
    reach = jnp.abs(faces[:, _FIT_FROM:_FEATURES_STOP, 0] - centre[:, None]).max(axis=1)
    return centre, _shrink(half, reach)


def _shrink(half: jax.Array, reach: jax.Array) -> jax.Array:
    """How much to narrow features that reach ``reach`` from the centre line (1: they fit)."""
    return jnp.minimum(1.0, half * (1 + 2 * FEATURE_SLACK) / jnp.maximum(reach, 1e-9))


def fit_features(faces: jax.Array) -> jax.Array:
    """Keep eyes, nose and mouth within the jaw's horizontal extent (``FEATURE_SLACK``).

    When a feature point reaches past the jaw line, the inner face (nose, lips, eyes,
    brows) is narrowed about the jaw's centre line just enough to fit. Commutes with
    mirroring.
    """
    centre, shrink = _jaw_fit(faces)
    inner_x = centre[:, None] + shrink[:, None] * (faces[:, _FIT_FROM:, 0] - centre[:, None])
    return faces.at[:, _FIT_FROM:, 0].set(inner_x)


def layers_needed(faces: jax.Array, margins: jax.Array) -> jax.Array:
    """``(B,)`` bool: whether the lid or the jaw layer would change each face."""
    need = jnp.zeros(faces.shape[0], bool)
    for view, margin in zip(lid_views(faces), _margin_runs(margins), strict=True):
        need = need | jnp.any(_gap(view) < margin, axis=1)
    return need | jaw_needed(faces)


def jaw_needed(faces: jax.Array, run: int = 1) -> jax.Array:
    """``(B,)`` bool: whether the jaw layer (:func:`fit_features`) would change each face.

    The same test as :func:`_jaw_fit`'s (``shrink < 1``), with the extremes of the points'
    x taken over runs of ``run`` points and then across runs. XLA fuses ``run=1`` (a chain
    of per-point minima and maxima) with the fast path's lid check into one pass over the
    faces, the fastest form for big batches; ``run=32`` compiles in about half the time and
    runs a little slower (``benchmarks/decode_speed.py``); longer runs, or one reduction
    over each part's slice, become several slower passes. The furthest reach from the
    centre line is ``max(max - centre, centre - min)`` of the features, equal to the
    largest ``|x - centre|`` (rounding is monotone).
    """
    lo, hi = _x_extremes(faces, 0, _FIT_FROM, run)
    inner_lo, inner_hi = _x_extremes(faces, _FIT_FROM, _FEATURES_STOP, run)
    centre, half = (lo + hi) / 2, (hi - lo) / 2
    reach = jnp.maximum(inner_hi - centre, centre - inner_lo)
    return _shrink(half, reach) < 1.0


def _x_extremes(faces: jax.Array, start: int, stop: int, run: int) -> tuple[jax.Array, jax.Array]:
    """Per face, the smallest and largest x of points ``start .. stop - 1``."""
    runs = [faces[:, s : min(s + run, stop), 0] for s in range(start, stop, run)]
    lows = [r[:, 0] if run == 1 else r.min(axis=1) for r in runs]
    highs = [r[:, 0] if run == 1 else r.max(axis=1) for r in runs]
    return functools.reduce(jnp.minimum, lows), functools.reduce(jnp.maximum, highs)
