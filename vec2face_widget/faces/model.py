"""The face autoencoder as Flax NNX modules.

Faces enter as flat vectors of 388 numbers (194 points, x and y) in the reference frame,
centred on the training mean face and divided by one global scale. Both halves are a
linear map set to PCA (training keeps them there) plus a small tanh residual initialised
to zero (optional in the encoder, off in the shipped model), so the model is PCA plus
what a plane cannot follow; a per-width gate, set on held-out faces, keeps the decoder's
residual only where it generalises, and a last lid layer keeps outlines from crossing.

The latent is ordered by importance: training uses nested dropout over every width, so
the first ``k`` latents alone give the best reconstruction the model knows at width ``k``.
The decoder is told the width, so its residual can bend differently for each; one model
serves every ``k`` from 1 to ``latent_dim``.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
from flax import nnx

from vec2face_widget.faces.outline_penalty import OUTLINES

__all__ = ["Decoder", "Encoder", "FaceAutoencoder"]

N_COORDS = 388


class Encoder(nnx.Module):
    """Flat centred face ``(B, 388)`` -> latent ``(B, latent_dim)``."""

    def __init__(self, latent_dim: int, hidden: int, *, rngs: nnx.Rngs) -> None:
        self.linear = nnx.Linear(N_COORDS, latent_dim, rngs=rngs)
        self.hidden = nnx.Linear(N_COORDS, hidden, rngs=rngs) if hidden else None
        self.out = (
            nnx.Linear(
                hidden, latent_dim, use_bias=False, kernel_init=nnx.initializers.zeros, rngs=rngs
            )
            if hidden
            else None
        )

    def __call__(self, x: jax.Array) -> jax.Array:
        """Encode flat centred faces."""
        if self.hidden is None or self.out is None:
            return self.linear(x)
        return self.linear(x) + self.out(jnp.tanh(self.hidden(x)))


class Decoder(nnx.Module):
    """Latent ``(B, latent_dim)`` -> flat centred face ``(B, 388)``."""

    def __init__(
        self, latent_dim: int, hidden: int, bent: int | None = None, *, rngs: nnx.Rngs
    ) -> None:
        # The residual bends the face along the first ``bent`` latents only; the rest act
        # linearly, which keeps it from overfitting when many latents are known.
        self.bent = latent_dim if bent is None else min(bent, latent_dim)
        self.linear = nnx.Linear(latent_dim, N_COORDS, rngs=rngs)
        # Unit-variance latents: a wide init puts the tanh units in their curved range,
        # so the residual can learn what the linear part cannot follow.
        self.hidden = nnx.Linear(
            self.bent + latent_dim,
            hidden,
            kernel_init=nnx.initializers.normal(1.0),
            bias_init=nnx.initializers.normal(1.0),
            rngs=rngs,
        )
        self.out = nnx.Linear(
            hidden, N_COORDS, use_bias=False, kernel_init=nnx.initializers.zeros, rngs=rngs
        )
        # How much of the residual to use at each width; set after training on faces the
        # optimiser never saw, so that the residual is dropped where it would overfit.
        self.gate = nnx.Variable(jnp.ones((latent_dim,), jnp.float32))

    def __call__(
        self,
        z: jax.Array,
        width: jax.Array,
        scale: jax.Array | float = 1.0,
        shift: jax.Array | float = 0.0,
    ) -> jax.Array:
        """Decode ``z`` of which only the first ``width`` (int or ``(B,)`` ints) latents are known.

        The residual sees which latents are known, so each width gets its own best curve.
        The result is multiplied by ``scale`` and ``shift`` is added (folded into the
        weights on the fast path).
        """
        known = (jnp.arange(z.shape[-1]) < jnp.reshape(width, (-1, 1))).astype(z.dtype)
        known = jnp.broadcast_to(known, z.shape)
        z = z * known
        h = jnp.tanh(self.hidden(jnp.concatenate([z[:, : self.bent], known], -1)))
        gate = self.gate[...][jnp.reshape(width, (-1,)) - 1]
        if gate.shape[0] == 1:
            # One width for the whole batch (inference): linear map and gated residual as
            # one product, which is about twice as fast as two products and a sum.
            kernel = jnp.concatenate([self.linear.kernel[...], gate[0] * self.out.kernel[...]])
            bias = self.linear.bias[...] * scale + shift
            return jnp.concatenate([z, h], -1) @ (kernel * scale) + bias
        return (self.linear(z) + gate[:, None] * self.out(h)) * scale + shift


class FaceAutoencoder(nnx.Module):
    """Encoder, decoder and the fixed statistics that put faces in and out of their frame.

    ``mean`` (388,) and ``scale`` (scalar) centre and scale faces; ``latent_mean`` and
    ``latent_std`` (latent_dim,) describe the training faces' latents, measured after
    training, so that callers can sample from or map into the model's latent distribution.
    """

    def __init__(
        self,
        latent_dim: int = 32,
        enc_hidden: int = 0,
        dec_hidden: int = 64,
        dec_bent: int | None = None,
        *,
        rngs: nnx.Rngs,
    ) -> None:
        self.latent_dim = latent_dim
        self.encoder = Encoder(latent_dim, enc_hidden, rngs=rngs)
        self.decoder = Decoder(latent_dim, dec_hidden, dec_bent, rngs=rngs)
        self.mean = nnx.Variable(jnp.zeros((N_COORDS,), jnp.float32))
        self.scale = nnx.Variable(jnp.ones((), jnp.float32))
        self.latent_mean = nnx.Variable(jnp.zeros((latent_dim,), jnp.float32))
        self.latent_std = nnx.Variable(jnp.ones((latent_dim,), jnp.float32))
        n_pairs = sum(len(o[2]) for o in OUTLINES)
        self.lid_margin = nnx.Variable(jnp.zeros((n_pairs,), jnp.float32))

    def encode(self, faces: jax.Array) -> jax.Array:
        """Reference-frame faces ``(B, 194, 2)`` -> latents ``(B, latent_dim)``."""
        x = (faces.reshape(faces.shape[0], N_COORDS) - self.mean[...]) / self.scale[...]
        return self.encoder(x)

    def decode(self, z: jax.Array, width: jax.Array | int | None = None) -> jax.Array:
        """Latents ``(B, latent_dim)`` -> reference-frame faces ``(B, 194, 2)``.

        Only the first ``width`` latents are read (all of them by default).
        """
        width = self.latent_dim if width is None else width
        x = self.decoder(z, jnp.asarray(width), self.scale[...], self.mean[...])
        return self.open_lids(x.reshape(z.shape[0], N_COORDS // 2, 2))

    def open_lids(self, faces: jax.Array) -> jax.Array:
        """Keep every lower lid (and lip) at least ``lid_margin`` below its upper partner.

        The last layer of the decoder: where a pair is closer than the smallest gap seen
        in real faces, both points move apart along the normal of the corner line. Real
        faces are almost never touched; it stops decoded outlines from crossing.
        """
        # Each outline is a run of consecutive points; it is turned into planar x and y
        # rows of shape (points, batch), so the arithmetic runs along the batch, and the
        # face is reassembled with one concatenation (no gather or scatter).
        start, blocks = 0, {}
        for c1, c2, upper, lower, sign in OUTLINES:
            stop = int(lower[0]) + 1
            xs, ys = faces[:, c1:stop].transpose(2, 1, 0)
            ax, ay = xs[c2 - c1] - xs[0], ys[c2 - c1] - ys[0]
            norm = jnp.sqrt(ax * ax + ay * ay) + 1e-9
            nx, ny = -sign * ay / norm, sign * ax / norm
            n, up, lo = len(upper), int(upper[0]) - c1, int(lower[-1]) - c1
            ux, uy = xs[up : up + n], ys[up : up + n]
            lx, ly = xs[lo : lo + n][::-1], ys[lo : lo + n][::-1]
            gap = (lx - ux) * nx + (ly - uy) * ny
            push = jax.nn.relu(self.lid_margin[...][start : start + n, None] - gap) / 2
            start += n
            xs = jnp.concatenate([xs[:up], ux - push * nx, xs[up + n : lo], (lx + push * nx)[::-1]])
            ys = jnp.concatenate([ys[:up], uy - push * ny, ys[up + n : lo], (ly + push * ny)[::-1]])
            blocks[c1] = jnp.stack([xs, ys]).transpose(2, 1, 0)
        parts, at = [], 0
        for first in sorted(blocks):
            parts += [faces[:, at:first], blocks[first]]
            at = first + blocks[first].shape[1]
        return jnp.concatenate([*parts, faces[:, at:]], axis=1)
