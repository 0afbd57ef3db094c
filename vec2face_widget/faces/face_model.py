"""``FaceModel``: the public face model. Load it, encode faces, decode latents fast.

>>> model = FaceModel.pretrained()
>>> faces = model.decode(np.zeros((5, 8)))        # (5, 194, 2) float32, the model's frame

Decoding is jit-compiled and batched. Batch sizes are padded up to a few fixed buckets,
so after :meth:`FaceModel.warm_up` a new selection size never triggers a recompile.
"""

from __future__ import annotations

import functools
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from vec2face_widget.faces.align import align_to, remove_rigid
from vec2face_widget.faces.cpu_dot import jit_eigen_dot
from vec2face_widget.faces.fast_decode import BIG_BATCH, decode_flagged, fold
from vec2face_widget.faces.layers import fit_features, open_lids
from vec2face_widget.faces.model import FaceAutoencoder
from vec2face_widget.faces.normalize import check_landmarks
from vec2face_widget.faces.topology import N_POINTS
from vec2face_widget.faces.weights import load_weights, save_weights

__all__ = ["BUCKETS", "LAYER_BUCKETS", "FaceModel"]

BUCKETS: tuple[int, ...] = (64, 256, 1024, BIG_BATCH)
"""Batch sizes the decoder is compiled for; larger batches run in chunks of the last
(4,096 faces, 6 MB: a block that stays in cache while the last layers' check reads it)."""

IN_FLIGHT = 3
"""Chunks of a big batch dispatched ahead: XLA computes them while this thread copies the
finished one out (``benchmarks/decode_speed.py``, 100k faces: 0.60-0.91 M/s, was 0.50-0.54
one chunk at a time)."""


LAYER_BUCKETS: tuple[int, ...] = (64, 1024)
"""Batch sizes the last layers are compiled for: they run on the few faces they change,
in chunks of these sizes, so two compilations serve every batch (see :meth:`warm_up`)."""


def _bucket(n: int) -> int:
    for b in BUCKETS:
        if n <= b:
            return b
    return BUCKETS[-1]


class FaceModel:
    """A trained face autoencoder and the frame its faces live in.

    Use :meth:`pretrained` for the shipped model. Faces are ``(..., 194, 2)`` landmark
    arrays in the model's frame: similarity-aligned to its symmetric :attr:`template` (so
    head tilt, position and size are gone), 1 wide, centred on the origin, y down (see
    :meth:`normalize`). Latents are ``(..., k)`` with ``1 <= k <= latent_dim``, ordered by
    importance; :attr:`latent_parity` says which move both sides of the face alike.
    """

    def __init__(self, autoencoder: FaceAutoencoder, meta: dict[str, Any]):
        self._ae = autoencoder
        self.meta = meta
        # Decoding runs the folded decoder (fast_decode.py): per width, its weights are
        # folded once and closed over, so XLA sees them as constants; the lid and jaw layers
        # then run on the few faces they change. One compilation per (bucket, width) pair;
        # the widget uses one width.
        self._fast_jit: dict[int, Callable[[np.ndarray], tuple[jax.Array, jax.Array]]] = {}
        margins = autoencoder.lid_margin[...]
        self._layers_jit = jax.jit(lambda faces: fit_features(open_lids(faces, margins)))
        self._encode_jit = jax.jit(autoencoder.encode)

    # ----------------------------------------------------------------- loading
    @classmethod
    def pretrained(cls) -> FaceModel:
        """The model shipped with the package, trained on the Helen annotations."""
        return _pretrained()

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> FaceModel:
        """Load weights written by :meth:`save` or the training command."""
        ae, meta = load_weights(path)
        return cls(ae, meta)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write this model's weights and record to ``path`` (``.npz``)."""
        save_weights(self._ae, path, self.meta)

    # -------------------------------------------------------------- properties
    @property
    def latent_dim(self) -> int:
        """The widest latent this model decodes (any width 1..latent_dim works)."""
        return int(self._ae.latent_dim)

    @property
    def latent_mean(self) -> np.ndarray:
        """Mean of the training faces' latents, ``(latent_dim,)``."""
        return np.asarray(self._ae.latent_mean[...])

    @property
    def latent_std(self) -> np.ndarray:
        """Standard deviation of the training faces' latents, ``(latent_dim,)``."""
        return np.asarray(self._ae.latent_std[...])

    @property
    def latent_parity(self) -> np.ndarray:
        """Per latent: +1 if it moves both sides of the face alike, -1 if opposite ways.

        Symmetric latents carry eyes, brows, mouth, nose and jaw shape; antisymmetric ones
        the head turn and one-sided expressions.
        """
        return np.asarray(self._ae.decoder.parity[...])

    @property
    def template(self) -> np.ndarray:
        """The symmetric face ``(194, 2)`` every face is aligned to (the model's frame)."""
        return np.asarray(self._ae.template[...])

    @property
    def autoencoder(self) -> FaceAutoencoder:
        """The underlying Flax NNX module."""
        return self._ae

    # ------------------------------------------------------------------- frame
    def normalize(self, raw_landmarks: object) -> np.ndarray:
        """Landmarks ``(..., 194, 2)`` (pixels, y down) to the model's frame (float32).

        Each face is moved, turned and scaled onto the template by the best similarity
        transform (least squares), which removes head tilt, position and size; what is left
        of them to first order is projected out, as for the training faces.
        """
        faces = check_landmarks(raw_landmarks, "raw_landmarks")
        template = self.template
        return remove_rigid(align_to(faces, template), template).astype(np.float32)

    # ------------------------------------------------------------ encode/decode
    def encode(self, normalized_faces: object, k: int | None = None) -> np.ndarray:
        """Faces in the model's frame ``(..., 194, 2)`` -> their first ``k`` latents (float32)."""
        k = self._check_k(self.latent_dim if k is None else k, "k")
        faces = check_landmarks(normalized_faces, "normalized_faces").astype(np.float32)
        lead = faces.shape[:-2]
        flat = faces.reshape(-1, N_POINTS, 2)
        z = (
            np.asarray(self._encode_jit(jnp.asarray(flat)))
            if len(flat)
            else (np.zeros((0, self.latent_dim), np.float32))
        )
        return z[:, :k].reshape(*lead, k)

    def decode(self, latents: object) -> np.ndarray:
        """Latents ``(..., k)`` -> faces ``(..., 194, 2)`` float32 in the model's frame.

        The model is told ``k`` (nested dropout trained it for every width), so narrow
        latents give the best face the model knows at that width.
        """
        z = self._check_latents(latents)
        lead, k = z.shape[:-1], z.shape[-1]
        flat = z.reshape(-1, k)
        out = np.empty((len(flat), N_POINTS, 2), np.float32)
        fast, step = self._fast(k), BUCKETS[-1]
        starts = range(0, len(flat), step)
        ahead: deque[tuple[jax.Array, jax.Array]] = deque()  # dispatched, not yet copied
        redo = np.empty(len(flat), bool)
        for i, s in enumerate(starts):
            while len(ahead) < IN_FLIGHT and i + len(ahead) < len(starts):
                t = starts[i + len(ahead)]
                ahead.append(fast(self._pad(flat[t : t + step])))
            faces, flags = ahead.popleft()
            n = min(step, len(flat) - s)
            out[s : s + n] = np.asarray(faces)[:n]
            redo[s : s + n] = np.asarray(flags)[:n]
        changed = np.flatnonzero(redo)
        if changed.size:  # the few faces the lid or jaw layer changes
            out[changed] = self._last_layers(out[changed])
        return out.reshape(*lead, N_POINTS, 2)

    def _fast(self, width: int) -> Callable[[np.ndarray], tuple[jax.Array, jax.Array]]:
        if width not in self._fast_jit:
            self._fast_jit[width] = jit_eigen_dot(
                functools.partial(decode_flagged, fold(self._ae, width))
            )
        return self._fast_jit[width]

    def _last_layers(self, faces: np.ndarray) -> np.ndarray:
        """The lid and jaw layers applied to ``faces`` ``(n, 194, 2)``.

        Run in chunks of :data:`LAYER_BUCKETS` sizes, so no batch size compiles anew.
        """
        out = np.empty_like(faces)
        small, big = LAYER_BUCKETS
        for s in range(0, len(faces), big):
            chunk = faces[s : s + big]
            padded = np.zeros((small if len(chunk) <= small else big, N_POINTS, 2), np.float32)
            padded[: len(chunk)] = chunk
            out[s : s + len(chunk)] = np.asarray(self._layers_jit(padded))[: len(chunk)]
        return out

    def _pad(self, chunk: np.ndarray) -> np.ndarray:
        """``chunk`` ``(n, k)`` zero-padded to ``(bucket, latent_dim)`` (as is if it fits)."""
        if chunk.shape == (_bucket(len(chunk)), self.latent_dim) and chunk.flags.c_contiguous:
            return chunk
        padded = np.zeros((_bucket(len(chunk)), self.latent_dim), np.float32)
        padded[: len(chunk), : chunk.shape[1]] = chunk
        return padded

    def warm_up(self, max_batch: int = BUCKETS[-1], width: int | None = None) -> None:
        """Compile the decoder for every bucket up to ``max_batch`` at latent ``width``.

        After this, decoding ``width``-wide latents never compiles again, whatever the
        batch size (the last layers, which run on the few faces they change, are compiled
        for their :data:`LAYER_BUCKETS`). Each width is compiled on its first use (or here).
        """
        width = self._check_k(self.latent_dim if width is None else width, "width")
        fast = self._fast(width)
        jobs: list[Callable[[], object]] = [
            functools.partial(fast, np.zeros((b, self.latent_dim), np.float32))
            for b in BUCKETS
            if b <= max(max_batch, BUCKETS[0])
        ]
        jobs += [
            functools.partial(self._layers_jit, np.zeros((b, N_POINTS, 2), np.float32))
            for b in LAYER_BUCKETS
        ]
        # XLA compiles outside the GIL: the buckets compile side by side on several cores.
        with ThreadPoolExecutor(max(1, min(len(jobs), os.cpu_count() or 1))) as pool:
            list(pool.map(lambda job: job(), jobs))  # re-raises a failed compilation

    # -------------------------------------------------------------- validation
    def _check_k(self, k: object, name: str) -> int:
        if not isinstance(k, (int, np.integer)) or isinstance(k, bool):
            raise TypeError(f"{name} must be an int, got {type(k).__name__}")
        if not 1 <= int(k) <= self.latent_dim:
            raise ValueError(f"{name} must be between 1 and {self.latent_dim}, got {k}")
        return int(k)

    def _check_latents(self, latents: object) -> np.ndarray:
        try:
            z = np.asarray(latents)
        except Exception as err:
            kind = type(latents).__name__
            raise TypeError(f"latents must be a numeric array, got {kind}") from err
        if z.dtype.kind not in "biuf":
            raise TypeError(f"latents must be numeric, got dtype {z.dtype}")
        with np.errstate(over="ignore"):  # past float32's range: inf, reported below
            z = z.astype(np.float32, copy=False)
        if z.ndim == 0:
            raise ValueError("latents must have at least one dimension (..., k), got a scalar")
        k = z.shape[-1]
        if not 1 <= k <= self.latent_dim:
            raise ValueError(
                f"latents have width {k} (last axis); this model decodes widths 1 to "
                f"{self.latent_dim}"
            )
        with np.errstate(invalid="ignore"):  # inf - inf: NaN, which is the point
            total = z.sum(dtype=np.float64)  # no float32 sum overflows in float64
        if np.isfinite(total):  # a NaN or inf anywhere makes the sum non-finite
            return z
        bad = ~np.isfinite(z).reshape(-1, k).all(axis=1)
        if bad.any():
            idx = np.flatnonzero(bad)
            raise ValueError(
                f"latents have non-finite values in {idx.size} row(s), "
                f"first at flat index {idx[:5].tolist()}"
            )
        return z

    def __repr__(self) -> str:
        return f"FaceModel(latent_dim={self.latent_dim})"


WEIGHTS_FILE = "face_model.npz"


def weights_path() -> Path:
    """Where the shipped weights live inside the package."""
    return Path(str(resources.files("vec2face_widget.faces") / "weights" / WEIGHTS_FILE))


@functools.lru_cache(maxsize=1)
def _pretrained() -> FaceModel:
    return FaceModel.load(weights_path())
