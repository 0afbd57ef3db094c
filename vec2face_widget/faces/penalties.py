"""Differentiable penalties that keep decoded faces plausible.

They are used in training on faces decoded from random latents, so the decoder learns to
give plausible faces across its whole prior.

Outlines: each eye and lip outline is two lids (or lips) between two corners. It stays
simple while (a) every point of the lower lid lies below its partner on the upper lid,
measured across the line joining the corners, and (b) both lids run forward from the first
corner towards the other. Jaw: eyes, nose and mouth lie between the leftmost and the
rightmost jaw point. Each penalty is a squared hinge.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from vec2face_widget.faces.layers import lid_gaps
from vec2face_widget.faces.topology import OUTLINES, part

__all__ = ["jaw_penalty", "outline_margins", "outline_penalty"]

_JAW = np.asarray(part("jaw").indices)
_FEATURES = np.arange(part("nose").start, part("eye_b").stop)  # nose, lips and eyes


def outline_margins(
    faces: np.ndarray, share: float = 0.5, percentile: float = 1.0
) -> list[np.ndarray]:
    """Per-point gap margins from real faces: ``share`` of their ``percentile``-th gap."""
    return [
        share * np.maximum(np.percentile(np.asarray(g), percentile, axis=0), 0.0)
        for g in lid_gaps(jnp.asarray(faces, jnp.float32))
    ]


def outline_penalty(faces: jax.Array, margins: list[np.ndarray] | None = None) -> jax.Array:
    """Mean squared hinge over faces ``(B, 194, 2)`` (model's frame, y down).

    ``margins`` (from :func:`outline_margins`) are the smallest lid gaps tolerated per
    point; without them any positive gap passes.
    """
    total = jnp.zeros(())
    gaps = lid_gaps(faces)
    for n, (gap, (c1, c2, upper, lower, _)) in enumerate(zip(gaps, OUTLINES, strict=True)):
        margin = 0.0 if margins is None else jnp.asarray(margins[n])
        total = total + jnp.mean(jax.nn.relu(margin - gap) ** 2)
        axis = faces[:, c2] - faces[:, c1]
        axis = axis / (jnp.linalg.norm(axis, axis=-1, keepdims=True) + 1e-9)
        for lid in (faces[:, upper], faces[:, lower]):
            # From the first corner along the lid; the far corner's index is not exact in
            # Helen (the lids meet a point or two early), so the last two steps are not checked.
            chain = jnp.concatenate([faces[:, c1 : c1 + 1], lid[:, :-1]], axis=1)
            steps = jnp.einsum("bjd,bd->bj", jnp.diff(chain, axis=1), axis)
            total = total + jnp.mean(jax.nn.relu(-steps) ** 2)
    return total


def jaw_penalty(faces: jax.Array, tolerance: float = 0.0) -> jax.Array:
    """Mean squared hinge of eye, nose and mouth points outside the jaw's horizontal extent.

    ``tolerance`` widens the extent on both sides by that share of the jaw's width.
    """
    jaw_x = faces[:, _JAW, 0]
    lo, hi = jaw_x.min(axis=1, keepdims=True), jaw_x.max(axis=1, keepdims=True)
    slack = tolerance * (hi - lo)
    x = faces[:, _FEATURES, 0]
    outside = jax.nn.relu(lo - slack - x) + jax.nn.relu(x - hi - slack)
    return jnp.mean(outside**2)
