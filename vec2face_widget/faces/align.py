"""Head pose out of landmarks: similarity (Procrustes) alignment and mirror images.

A face seen tilted, shifted, nearer or farther is the same face: a similarity transform
(rotation, uniform scale, translation) maps one view onto the other. Aligning every face to
one template by the best such transform leaves only its shape. Mirroring a face swaps its
left and right sides with Helen's point correspondence (:data:`~.topology.MIRROR`), so a
data set and its mirror images together have no preferred side: their variation splits
exactly into left/right symmetric and antisymmetric parts (the head turn is antisymmetric).

Everything here is vectorised numpy over a batch ``(B, 194, 2)``; y grows downward.
"""

from __future__ import annotations

import numpy as np

from vec2face_widget.faces.topology import MIRROR

__all__ = [
    "align_to",
    "generalized_procrustes",
    "mirror",
    "remove_rigid",
    "rigid_basis",
    "similarity_fit",
    "symmetrize",
]


def mirror(faces: np.ndarray) -> np.ndarray:
    """Mirror images of ``faces`` ``(..., 194, 2)`` about the vertical line x = 0.

    Point ``i`` of the result is point ``MIRROR[i]`` of the input with x negated, so the
    left eye of the mirror image is the right eye of the face (and so on).
    """
    out = np.array(faces[..., MIRROR, :], copy=True)
    out[..., 0] *= -1
    return out


def symmetrize(face: np.ndarray) -> np.ndarray:
    """The left/right symmetric face nearest to ``face`` ``(194, 2)``, centred on x = 0."""
    f = np.asarray(face, np.float64)
    f = f - np.array([f[:, 0].mean(), 0.0])
    return (f + mirror(f)) / 2


def similarity_fit(
    faces: np.ndarray, template: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Best similarity transforms of ``faces`` ``(B, P, 2)`` onto ``template`` ``(P, 2)``.

    Returns ``(a, b, t)`` with ``a, b`` of shape ``(B,)`` and ``t`` ``(B, 2)`` such that the
    aligned face is ``[[a, -b], [b, a]] @ (p - centroid) + t`` for each point ``p``: the
    least-squares rotation and scale about the face's centroid, then the template's
    centroid (no reflection). A face of zero size gets ``a = b = 0``.
    """
    f = np.asarray(faces, np.float64)
    tpl = np.asarray(template, np.float64)
    fc = f - f.mean(axis=-2, keepdims=True)
    tc = tpl - tpl.mean(axis=0)
    # For 2-D points the least-squares similarity has a closed form: with complex numbers
    # u = x + iy, the best factor s = a + ib minimises |s u - v|^2: s = <u, v> / <u, u>.
    norm = np.sum(fc**2, axis=(-2, -1))
    dot = np.sum(fc[..., 0] * tc[:, 0] + fc[..., 1] * tc[:, 1], axis=-1)
    cross = np.sum(fc[..., 0] * tc[:, 1] - fc[..., 1] * tc[:, 0], axis=-1)
    safe = np.where(norm > 0, norm, 1.0)
    a = np.where(norm > 0, dot / safe, 0.0)
    b = np.where(norm > 0, cross / safe, 0.0)
    t = np.broadcast_to(tpl.mean(axis=0), (*a.shape, 2)).copy()
    return a, b, t


def align_to(faces: np.ndarray, template: np.ndarray) -> np.ndarray:
    """``faces`` ``(..., P, 2)`` similarity-aligned to ``template`` ``(P, 2)`` (float64)."""
    f = np.asarray(faces, np.float64)
    lead = f.shape[:-2]
    flat = f.reshape(-1, *f.shape[-2:])
    a, b, t = similarity_fit(flat, template)
    fc = flat - flat.mean(axis=-2, keepdims=True)
    x = a[:, None] * fc[..., 0] - b[:, None] * fc[..., 1]
    y = b[:, None] * fc[..., 0] + a[:, None] * fc[..., 1]
    out = np.stack([x, y], axis=-1) + t[:, None, :]
    return out.reshape(*lead, *f.shape[-2:])


def generalized_procrustes(
    faces: np.ndarray, *, symmetric: bool = False, iterations: int = 50, tol: float = 1e-10
) -> tuple[np.ndarray, np.ndarray]:
    """Align ``faces`` ``(B, P, 2)`` to their own mean shape; returns ``(aligned, template)``.

    The template is the mean of the aligned faces, centred at the origin with unit
    root-mean-square distance of its points from the centre (so a face is about 2 wide;
    rescale both as you like). With ``symmetric=True`` the template is made left/right
    symmetric after each step (use it with a data set that holds its own mirror images).
    """
    f = np.asarray(faces, np.float64)
    if f.ndim != 3 or len(f) == 0:
        raise ValueError(f"faces must have shape (B, P, 2) with B >= 1, got {f.shape}")

    def unit(shape: np.ndarray) -> np.ndarray:
        c = shape - shape.mean(axis=0)
        if symmetric:
            c = symmetrize(c)
        return c / np.sqrt(np.mean(np.sum(c**2, axis=-1)))

    # Start from the plain mean of the centred, equally sized faces (upright data stays
    # upright); each round aligns to the mean and takes the new mean.
    centred = f - f.mean(axis=1, keepdims=True)
    sizes = np.sqrt(np.mean(np.sum(centred**2, axis=-1), axis=-1))
    template = unit((centred / np.where(sizes > 0, sizes, 1.0)[:, None, None]).mean(axis=0))
    aligned = align_to(f, template)
    for _ in range(iterations):
        new = unit(aligned.mean(axis=0))
        # The mean may turn a little each round; keep it upright against the old one.
        new = align_to(new[None], template)[0]
        new = unit(new)
        done = float(np.max(np.abs(new - template))) < tol
        template = new
        aligned = align_to(f, template)
        if done:
            break
    return aligned, template


def rigid_basis(face: np.ndarray) -> np.ndarray:
    """Orthonormal rows ``(4, 2P)`` spanning the similarity motions of ``face`` ``(P, 2)``.

    Around a face, the similarity transforms move its flattened coordinates along four
    directions: the two shifts, scaling (the centred face itself) and rotation (the
    centred face turned by 90 degrees).
    """
    f = np.asarray(face, np.float64)
    c = f - f.mean(axis=0)
    n = len(f)
    directions = np.stack(
        [
            np.tile([1.0, 0.0], n),
            np.tile([0.0, 1.0], n),
            c.ravel(),
            np.stack([-c[:, 1], c[:, 0]], axis=1).ravel(),
        ],
        axis=1,
    )
    q, _ = np.linalg.qr(directions)
    return q.T


def remove_rigid(faces: np.ndarray, template: np.ndarray) -> np.ndarray:
    """``faces`` ``(..., P, 2)`` minus their rigid motion away from ``template`` (first order).

    The part of each face's deviation from the template that lies along the template's
    similarity motions (:func:`rigid_basis`) is taken out: what is left is shape change.
    """
    f = np.asarray(faces, np.float64)
    q = rigid_basis(template)
    d = (f - template).reshape(-1, q.shape[1])
    return f - ((d @ q.T) @ q).reshape(f.shape)
