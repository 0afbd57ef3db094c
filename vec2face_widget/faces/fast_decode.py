"""The decoder folded for inference: one matrix product per face, layers only where needed.

For a fixed latent width the decoder is a constant function of its weights, so everything
that does not depend on the latents is computed once, in numpy (:func:`fold`): the mask of
unknown latents and the width's gate are folded into the weights, the mirror twins of the
hidden units into one hidden product, the global scale and the mean face into the output
product, and the bias into it as one more row. What is left per face is a small hidden
product, a tanh and one ``(L + H + 1) x 388`` product.

The lid and jaw layers (:mod:`.layers`) change almost no face, yet rewriting every face
through them would cost as much as the product. So the fast path only checks which faces
the layers would change; those few are decoded again by the exact model
(:meth:`FaceAutoencoder.decode`), which gives the same faces as decoding all of them
exactly. The lid check reads its gaps from a second small product: a lid gap is the
difference of two landmarks projected on the normal of the line between two corners, and
landmarks are linear in the product's input, so the differences and the corner lines are
one ``(L + H + 1) x 68`` product (:func:`lid_readout`) instead of a pass over every face's
strided lid slices. The check errs on the safe side by :data:`FLAG_TOLERANCE`; a face
flagged needlessly is decoded again to the same face.
"""

from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from vec2face_widget.faces.layers import jaw_needed
from vec2face_widget.faces.model import FaceAutoencoder, mirror_coords
from vec2face_widget.faces.topology import N_POINTS, OUTLINES

__all__ = ["FLAG_TOLERANCE", "Folded", "decode_flagged", "fold", "lid_readout"]

FLAG_TOLERANCE = 1e-4
"""Lid gaps this close to their margin (model-frame units) are checked exactly."""


@dataclass(frozen=True)
class Folded:
    """The decoder of one latent width as plain arrays (see the module docstring)."""

    width: int
    bent: int  # latents the hidden units read
    hidden_w: np.ndarray  # (bent, 2 * pairs): the units and their mirror twins
    hidden_b: np.ndarray  # (2 * pairs,)
    kernel: np.ndarray  # (latent_dim + 2 * pairs + 1, 388): latents, hidden, bias row
    lid_kernel: np.ndarray  # kernel @ lid_readout(): lid differences and corner lines
    margins: np.ndarray  # lid margins, for the check of which faces need the layers


def lid_readout() -> np.ndarray:
    """``(388, 2 * (pairs + outlines))``: flat face -> lid differences, then corner lines.

    Columns ``2j, 2j + 1`` give lid pair ``j``'s lower minus upper point (x, y), pairs
    outline after outline as in :func:`~.layers.lid_views`; the last ``2 * outlines``
    columns give each outline's ``corner2 - corner1``.
    """
    pairs = sum(len(o.upper) for o in OUTLINES)
    r = np.zeros((N_POINTS, 2, 2 * (pairs + len(OUTLINES))))
    col = 0
    for o in OUTLINES:
        n, u0, l0 = len(o.upper), int(o.upper[0]), int(o.lower[-1])
        for j in range(n):
            for c in (0, 1):
                r[l0 + n - 1 - j, c, col + c] += 1.0
                r[u0 + j, c, col + c] -= 1.0
            col += 2
    for o in OUTLINES:
        for c in (0, 1):
            r[o.corner2, c, col + c] += 1.0
            r[o.corner1, c, col + c] -= 1.0
        col += 2
    return r.reshape(2 * N_POINTS, -1)


def fold(ae: FaceAutoencoder, width: int) -> Folded:
    """Fold ``ae``'s decoder at latent ``width`` into :class:`Folded` arrays (float32)."""
    dec = ae.decoder
    dim, bent = ae.latent_dim, dec.bent
    known = (np.arange(dim) < width).astype(np.float64)
    hidden = np.asarray(dec.hidden.kernel[...], np.float64)  # (bent + dim, pairs)
    assert dec.hidden.bias is not None and dec.linear.bias is not None  # nnx.Linear defaults
    hidden_b = np.asarray(dec.hidden.bias[...], np.float64) + known @ hidden[bent:]
    w_z = hidden[:bent] * known[:bent, None]  # unknown latents read as zero
    parity = np.asarray(dec.parity[...], np.float64)[:bent]
    out = np.asarray(dec.out.kernel[...], np.float64)
    rigid = np.asarray(dec.rigid[...], np.float64)
    out = out - (out @ rigid.T) @ rigid
    twin = np.asarray(mirror_coords(jnp.asarray(out, jnp.float32)), np.float64)
    gate = float(np.asarray(dec.gate[...])[width - 1])
    scale = float(ae.scale[...])
    linear = np.asarray(dec.linear.kernel[...], np.float64) * known[:, None]
    bias = np.asarray(dec.linear.bias[...], np.float64) * scale + np.asarray(ae.mean[...])
    kernel = np.concatenate([linear * scale, gate * scale * out, gate * scale * twin, bias[None]])
    return Folded(
        width=int(width),
        bent=int(bent),
        hidden_w=np.concatenate([w_z, w_z * parity[:, None]], axis=1).astype(np.float32),
        hidden_b=np.concatenate([hidden_b, hidden_b]).astype(np.float32),
        kernel=kernel.astype(np.float32),
        lid_kernel=(kernel @ lid_readout()).astype(np.float32),
        margins=np.asarray(ae.lid_margin[...], np.float32),
    )


def decode_flagged(folded: Folded, z: jax.Array) -> tuple[jax.Array, jax.Array]:
    """Faces of latents ``z`` ``(B, latent_dim)`` without the last layers, and which need them.

    Returns faces ``(B, 194, 2)`` and ``(B,)`` flags of the faces the lid or jaw layer would
    change. Jit it (with ``folded`` bound: its arrays become constants).
    """
    h = jnp.tanh(z[:, : folded.bent] @ folded.hidden_w + folded.hidden_b)
    x = jnp.concatenate([z, h, jnp.ones((z.shape[0], 1), z.dtype)], axis=-1)
    # Without the barrier XLA splits the product of a concatenation into one product per
    # part plus their sum, which writes the 388-wide output three times.
    x = jax.lax.optimization_barrier(x)  # type: ignore[no-untyped-call]
    faces = (x @ folded.kernel).reshape(z.shape[0], N_POINTS, 2)
    return faces, _lids_needed(x @ folded.lid_kernel, folded.margins) | jaw_needed(faces)


def _lids_needed(read: jax.Array, margins: np.ndarray) -> jax.Array:
    """``(B,)``: faces with a lid gap within :data:`FLAG_TOLERANCE` of its margin or below.

    ``read`` is ``(B, 2 * (pairs + outlines))`` from :func:`lid_readout`. The gap of
    :func:`~.layers.lid_views` is ``sign * (d x a_perp) / (|a| + 1e-9)``; compared here
    without the division.
    """
    need = jnp.zeros(read.shape[0], bool)
    start, lines = 0, 2 * len(margins)  # pair columns first, then the corner lines
    for i, o in enumerate(OUTLINES):
        n = len(o.upper)
        d = read[:, start : start + 2 * n].reshape(-1, n, 2)
        a = read[:, lines + 2 * i : lines + 2 * i + 2]
        cross = o.sign * (d[..., 1] * a[:, None, 0] - d[..., 0] * a[:, None, 1])
        norm = jnp.sqrt(jnp.sum(a * a, axis=-1, keepdims=True)) + 1e-9
        margin = margins[start // 2 : start // 2 + n] + FLAG_TOLERANCE
        need = need | jnp.any(cross < margin * norm, axis=1)
        start += 2 * n
    return need
