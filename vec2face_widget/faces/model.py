"""The face autoencoder as Flax NNX modules.

Faces enter as flat vectors of 388 numbers (194 points, x and y) in the model's frame
(similarity-aligned to a symmetric template, 1 wide), centred on the training mean face and
divided by one global scale. The encoder is a linear map set to PCA; the decoder is the
inverse PCA map plus a small tanh residual that commutes with mirroring, so the model is
PCA plus what a plane cannot follow; a per-width gate, set on held-out faces, keeps the
residual only where it generalises. Two last layers keep faces plausible: the lid layer
keeps eye and lip outlines from crossing, the jaw layer keeps eyes, nose and mouth inside
the jaw line.

Training faces come with their mirror images, so each latent either moves both sides of
the face alike (``parity`` +1: eyes, brows, mouth, nose and jaw shape) or in opposite ways
(``parity`` -1: the head turn, one-sided expressions).

The latent is ordered by importance: training uses nested dropout over every width, so
the first ``k`` latents alone give the best reconstruction the model knows at width ``k``.
The decoder is told the width, so its residual can bend differently for each; one model
serves every ``k`` from 1 to ``latent_dim``.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
from flax import nnx

from vec2face_widget.faces.layers import fit_features, open_lids
from vec2face_widget.faces.topology import MIRROR, N_POINTS, OUTLINES

__all__ = ["Decoder", "Encoder", "FaceAutoencoder"]

N_COORDS = 2 * N_POINTS


def mirror_coords(x: jax.Array) -> jax.Array:
    """The mirror image of flat centred faces (or face displacements) ``(..., 388)``."""
    faces = x.reshape(*x.shape[:-1], N_POINTS, 2)[..., MIRROR, :]
    return (faces * jnp.asarray([-1.0, 1.0], x.dtype)).reshape(x.shape)


class Encoder(nnx.Module):
    """Flat centred face ``(B, 388)`` -> latent ``(B, latent_dim)``: a linear map (PCA)."""

    def __init__(self, latent_dim: int, *, rngs: nnx.Rngs) -> None:
        self.linear = nnx.Linear(N_COORDS, latent_dim, rngs=rngs)

    def __call__(self, x: jax.Array) -> jax.Array:
        """Encode flat centred faces."""
        return self.linear(x)


class Decoder(nnx.Module):
    """Latent ``(B, latent_dim)`` -> flat centred face ``(B, 388)``.

    A linear map plus a gated tanh residual that commutes with mirroring: each hidden unit
    has a twin that sees the latents with the antisymmetric ones (``parity`` -1) negated
    and writes the mirror image of the unit's output. So the face of the mirrored latents
    is exactly the mirror image of the face, and latents whose antisymmetric part is zero
    give exactly symmetric faces.
    """

    def __init__(
        self, latent_dim: int, hidden: int, bent: int | None = None, *, rngs: nnx.Rngs
    ) -> None:
        if hidden % 2:
            raise ValueError(f"the decoder's hidden units come in mirror pairs; got {hidden}")
        # The residual bends the face along the first ``bent`` latents only; the rest act
        # linearly, which keeps it from overfitting when many latents are known.
        self.bent = latent_dim if bent is None else min(bent, latent_dim)
        self.linear = nnx.Linear(latent_dim, N_COORDS, rngs=rngs)
        # Unit-variance latents: a wide init puts the tanh units in their curved range,
        # so the residual can learn what the linear part cannot follow.
        self.hidden = nnx.Linear(
            self.bent + latent_dim,
            hidden // 2,
            kernel_init=nnx.initializers.normal(1.0),
            bias_init=nnx.initializers.normal(1.0),
            rngs=rngs,
        )
        self.out = nnx.Linear(
            hidden // 2, N_COORDS, use_bias=False, kernel_init=nnx.initializers.zeros, rngs=rngs
        )
        # Orthonormal rows spanning the rigid motions (shifts, scaling, rotation) of the
        # template: the residual never moves a face along them, so decoded faces keep the
        # template's pose (set by training; zeros leave the residual as it is).
        self.rigid = nnx.Variable(jnp.zeros((4, N_COORDS), jnp.float32))
        # +1 for a latent that moves both sides of the face alike, -1 for one that moves
        # them in opposite ways (set from the training faces' principal axes).
        self.parity = nnx.Variable(jnp.ones((latent_dim,), jnp.float32))
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
        bent = z[:, : self.bent]
        flipped = bent * self.parity[...][: self.bent]
        h = jnp.tanh(self.hidden(jnp.concatenate([bent, known], -1)))
        h_twin = jnp.tanh(self.hidden(jnp.concatenate([flipped, known], -1)))
        rigid = self.rigid[...]
        out = self.out.kernel[...]
        out = out - (out @ rigid.T) @ rigid
        gate = self.gate[...][jnp.reshape(width, (-1,)) - 1]
        if gate.shape[0] == 1:
            # One width for the whole batch (inference): linear map and gated residual as
            # one product, which is about twice as fast as separate products and sums.
            kernel = jnp.concatenate(
                [self.linear.kernel[...], gate[0] * out, gate[0] * mirror_coords(out)]
            )
            assert self.linear.bias is not None  # nnx.Linear has a bias by default
            bias = self.linear.bias[...] * scale + shift
            return jnp.concatenate([z, h, h_twin], -1) @ (kernel * scale) + bias
        residual = h @ out + h_twin @ mirror_coords(out)
        return (self.linear(z) + gate[:, None] * residual) * scale + shift


class FaceAutoencoder(nnx.Module):
    """Encoder, decoder and the fixed statistics that put faces in and out of their frame.

    ``mean`` (388,) and ``scale`` (scalar) centre and scale faces; ``latent_mean`` and
    ``latent_std`` (latent_dim,) describe the training faces' latents, measured after
    training, so that callers can sample from or map into the model's latent distribution.
    """

    def __init__(
        self,
        latent_dim: int = 32,
        dec_hidden: int = 64,
        dec_bent: int | None = None,
        *,
        rngs: nnx.Rngs,
    ) -> None:
        self.latent_dim = latent_dim
        self.encoder = Encoder(latent_dim, rngs=rngs)
        self.decoder = Decoder(latent_dim, dec_hidden, dec_bent, rngs=rngs)
        # The symmetric shape faces are aligned to (pose removed) before encoding.
        self.template = nnx.Variable(jnp.zeros((N_POINTS, 2), jnp.float32))
        self.mean = nnx.Variable(jnp.zeros((N_COORDS,), jnp.float32))
        self.scale = nnx.Variable(jnp.ones((), jnp.float32))
        self.latent_mean = nnx.Variable(jnp.zeros((latent_dim,), jnp.float32))
        self.latent_std = nnx.Variable(jnp.ones((latent_dim,), jnp.float32))
        n_pairs = sum(len(o[2]) for o in OUTLINES)
        self.lid_margin = nnx.Variable(jnp.zeros((n_pairs,), jnp.float32))

    def encode(self, faces: jax.Array) -> jax.Array:
        """Faces ``(B, 194, 2)`` in the model's frame -> latents ``(B, latent_dim)``."""
        x = (faces.reshape(faces.shape[0], N_COORDS) - self.mean[...]) / self.scale[...]
        return self.encoder(x)

    def decode(self, z: jax.Array, width: jax.Array | int | None = None) -> jax.Array:
        """Latents ``(B, latent_dim)`` -> faces ``(B, 194, 2)`` in the model's frame.

        Only the first ``width`` latents are read (all of them by default).
        """
        return fit_features(self.decode_open(z, width))

    def decode_open(self, z: jax.Array, width: jax.Array | int | None = None) -> jax.Array:
        """Like :meth:`decode` without its last layer (:func:`fit_features`), for training."""
        width = self.latent_dim if width is None else width
        x = self.decoder(z, jnp.asarray(width), self.scale[...], self.mean[...])
        return open_lids(x.reshape(z.shape[0], N_POINTS, 2), self.lid_margin[...])
