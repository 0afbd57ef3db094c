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
exactly. Both checks read the faces one landmark at a time (the lid gaps of
:func:`~.layers.lid_views`, :func:`~.layers.jaw_needed`), which XLA fuses into one pass
over the product's output. Written with slices of points and reductions over them, XLA ran
them as a dozen smaller passes; the lid gaps read from a second product (a sixth the size
of the main one) cost more than reading them from the faces. The lid check errs on the
safe side by :data:`FLAG_TOLERANCE`; a face flagged needlessly is decoded again to the
same face.
"""

from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from vec2face_widget.faces.layers import jaw_needed
from vec2face_widget.faces.model import FaceAutoencoder
from vec2face_widget.faces.topology import MIRROR, N_POINTS, OUTLINES

__all__ = ["BIG_BATCH", "FLAG_TOLERANCE", "Folded", "decode_flagged", "fold", "lids_needed"]

FLAG_TOLERANCE = 1e-4
"""Lid gaps this close to their margin (model-frame units) are checked exactly."""

BIG_BATCH = 4096
"""From this batch size on, the jaw check takes the form that runs fastest; below it, the
one that compiles fastest (:func:`~.layers.jaw_needed`): small batches are the brushing
path, compiled while the widget prepares its faces, where the check costs little."""


@dataclass(frozen=True)
class Folded:
    """The decoder of one latent width as plain arrays (see the module docstring)."""

    width: int
    bent: int  # latents the hidden units read
    hidden_w: np.ndarray  # (bent, 2 * pairs): the units and their mirror twins
    hidden_b: np.ndarray  # (2 * pairs,)
    kernel: np.ndarray  # (latent_dim + 2 * pairs + 1, 388): latents, hidden, bias row
    margins: np.ndarray  # lid margins, for the check of which faces need the layers


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
    # mirror_coords in numpy: eager JAX ops here would compile on the first fold
    twin = (out.reshape(len(out), N_POINTS, 2)[:, MIRROR] * [-1.0, 1.0]).reshape(out.shape)
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
        margins=np.asarray(ae.lid_margin[...], np.float32),
    )


def decode_flagged(
    folded: Folded, z: jax.Array, run: int | None = None
) -> tuple[jax.Array, jax.Array]:
    """Faces of latents ``z`` ``(B, latent_dim)`` without the last layers, and which need them.

    Returns faces ``(B, 194, 2)`` and ``(B,)`` flags of the faces the lid or jaw layer would
    change. Jit it (with ``folded`` bound: its arrays become constants). ``run``: the jaw
    check's form (:func:`~.layers.jaw_needed`); by default 1 from :data:`BIG_BATCH` faces
    on, else 32.
    """
    h = jnp.tanh(z[:, : folded.bent] @ folded.hidden_w + folded.hidden_b)
    x = jnp.concatenate([z, h, jnp.ones((z.shape[0], 1), z.dtype)], axis=-1)
    # Without the barrier XLA splits the product of a concatenation into one product per
    # part plus their sum, which writes the 388-wide output three times.
    x = jax.lax.optimization_barrier(x)  # type: ignore[no-untyped-call]
    faces = (x @ folded.kernel).reshape(z.shape[0], N_POINTS, 2)
    if run is None:
        run = 1 if z.shape[0] >= BIG_BATCH else 32  # fastest to run / to compile
    return faces, lids_needed(faces, folded.margins) | jaw_needed(faces, run)


def lids_needed(faces: jax.Array, margins: np.ndarray) -> jax.Array:
    """``(B,)``: faces with a lid gap within :data:`FLAG_TOLERANCE` of its margin or below.

    ``faces`` ``(B, 194, 2)``; ``margins`` one per lid pair, outline after outline, as in
    :func:`~.layers.open_lids`. The gap of :func:`~.layers.lid_gaps` is
    ``sign * (d x a_perp) / (|a| + 1e-9)`` (``d``: lower minus upper point, ``a``: the corner
    line); compared here without the division, one pair at a time (see the module docstring).
    """
    need = jnp.zeros(faces.shape[0], bool)
    start = 0
    for o in OUTLINES:
        n, u0, l0 = len(o.upper), int(o.upper[0]), int(o.lower[-1])
        ax = faces[:, o.corner2, 0] - faces[:, o.corner1, 0]
        ay = faces[:, o.corner2, 1] - faces[:, o.corner1, 1]
        norm = jnp.sqrt(ax * ax + ay * ay) + 1e-9
        for j in range(n):
            lower, upper = l0 + n - 1 - j, u0 + j  # partners (the lower run is reversed)
            dx = faces[:, lower, 0] - faces[:, upper, 0]
            dy = faces[:, lower, 1] - faces[:, upper, 1]
            margin = float(margins[start + j]) + FLAG_TOLERANCE
            need = need | (o.sign * (dy * ax - dx * ay) < margin * norm)
        start += n
    return need
