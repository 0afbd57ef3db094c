"""A differentiable penalty that keeps decoded eye and lip outlines from crossing.

Each of these outlines is two lids (or lips) between two corners. An outline stays simple
while (a) every point of the lower lid lies below its partner on the upper lid, measured
across the line joining the corners, and (b) both lids run forward from the first corner
towards the other. The penalty is a squared hinge on both, used in training on faces decoded from
random latents, so the decoder learns to give plausible faces across its whole prior.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from vec2face_widget.faces.topology import part

__all__ = ["OUTLINES", "lid_gaps", "outline_margins", "outline_penalty"]


def _lids(name: str, sign: float) -> tuple[int, int, np.ndarray, np.ndarray, float]:
    p = part(name)
    n = p.stop - p.start
    half = n // 2
    c1, c2 = p.start, p.start + half
    upper = np.arange(c1 + 1, c2)  # corner 1 -> corner 2
    lower = np.array([p.start + n - j for j in range(1, half)])  # partner of upper[j-1]
    return c1, c2, upper, lower, sign


# Helen numbers eye_a and the lips from the image-left corner, eye_b from the right one,
# so the "lower lid" side of the corner line flips sign for eye_b.
OUTLINES = (_lids("eye_a", 1.0), _lids("eye_b", -1.0), _lids("outer_lips", 1.0))
"""``(corner1, corner2, upper, lower, sign)`` for each guarded outline."""


def lid_normals(faces: jax.Array) -> list[jax.Array]:
    """For each outline, the ``(B, 2)`` unit normal of its corner line, towards the lower lid."""
    out = []
    for c1, c2, _, _, sign in OUTLINES:
        axis = faces[:, c2] - faces[:, c1]
        axis = axis / (jnp.linalg.norm(axis, axis=-1, keepdims=True) + 1e-9)
        out.append(sign * jnp.stack([-axis[:, 1], axis[:, 0]], axis=-1))
    return out


def lid_gaps(faces: jax.Array) -> list[jax.Array]:
    """For each outline, ``(B, half-1)`` distances from upper to lower lid across the corners."""
    return [
        jnp.einsum("bjd,bd->bj", faces[:, lower] - faces[:, upper], normal)
        for (_, _, upper, lower, _), normal in zip(OUTLINES, lid_normals(faces), strict=True)
    ]


def outline_margins(
    faces: np.ndarray, share: float = 0.5, percentile: float = 1.0
) -> list[np.ndarray]:
    """Per-point gap margins from real faces: ``share`` of their ``percentile``-th gap."""
    return [
        share * np.maximum(np.percentile(np.asarray(g), percentile, axis=0), 0.0)
        for g in lid_gaps(jnp.asarray(faces, jnp.float32))
    ]


def outline_penalty(faces: jax.Array, margins: list[np.ndarray] | None = None) -> jax.Array:
    """Mean squared hinge over faces ``(B, 194, 2)`` (reference frame, y down).

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
