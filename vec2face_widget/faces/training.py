"""Training the face autoencoder: pose removal, split, PCA start, nested dropout, optax.

Faces come in as raw landmarks. The validation part is set aside first; the training part
and its mirror images are aligned by generalised Procrustes to one symmetric template, so
the model learns face shape, not head pose, and its principal axes are each either
left/right symmetric or antisymmetric. The loop is separate from the model (``model.py``)
and driven by :class:`TrainConfig`; ``python -m vec2face_widget.train`` is its command line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

import jax
import jax.numpy as jnp
import numpy as np
import optax
from flax import nnx
from tqdm.auto import tqdm

from vec2face_widget.faces.align import (
    align_to,
    generalized_procrustes,
    mirror,
    remove_rigid,
    rigid_basis,
)
from vec2face_widget.faces.model import N_COORDS, FaceAutoencoder
from vec2face_widget.faces.penalties import jaw_penalty, outline_margins, outline_penalty

StepFn = Callable[..., tuple[jax.Array, jax.Array]]
"""One optimiser step: (model, optimizer, batch, widths, noise) -> (loss, penalty)."""

__all__ = [
    "AlignedFaces",
    "TrainConfig",
    "TrainResult",
    "align_training_faces",
    "pca_baseline",
    "split_indices",
    "train",
]


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides a training run; recorded beside the shipped weights."""

    latent_dim: int = 32
    dec_hidden: int = 64  # hidden units of the decoder's residual (in mirror pairs)
    dec_bent: int = 16  # latents the decoder's residual bends along (the rest act linearly)
    steps: int = 4000
    batch_size: int = 256
    widths_per_step: int = 8
    width_power: float = 0.5  # widths sampled with probability proportional to k**-power
    learning_rate: float = 5e-3
    weight_decay: float = 0.05
    prior_weight: float = 100.0
    jaw_weight: float = 1000.0
    jaw_tolerance: float = -0.02  # of the jaw's width, inside it (the rule allows 0.05 out)
    prior_batch: int = 512
    mirror: bool = True  # train on the faces and their mirror images
    val_fraction: float = 0.1
    tune_fraction: float = 0.1  # of the training part, held out to set the residual gates
    seed: int = 0
    eval_ks: tuple[int, ...] = field(default=(1, 2, 4, 8, 16, 24, 32))

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-able copy."""
        return dataclasses.asdict(self)


@dataclass
class TrainResult:
    """What a run produced: the model, the loss history and held-out figures."""

    model: FaceAutoencoder
    config: TrainConfig
    losses: list[float]
    val_mse: dict[int, float]
    pca_val_mse: dict[int, float]
    train_idx: np.ndarray
    val_idx: np.ndarray


def split_indices(n: int, val_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic train/validation split of ``n`` faces (validation never trains)."""
    if not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must be in (0, 1), got {val_fraction}")
    perm = np.random.default_rng(seed).permutation(n)
    n_val = max(1, int(round(n * val_fraction)))
    if n - n_val < 2:
        raise ValueError(f"need at least 3 faces to train with a validation part, got {n}")
    return np.sort(perm[n_val:]), np.sort(perm[:n_val])


@dataclass(frozen=True)
class AlignedFaces:
    """Faces ready for training: pose removed, split, the training part with its mirrors.

    ``template`` ``(194, 2)`` is the symmetric shape every face was aligned to, scaled to
    be 1 wide and centred on the origin: the model's frame. ``train`` holds the training
    faces followed by their mirror images (when mirroring), ``val`` the held-out faces.
    """

    template: np.ndarray
    train: np.ndarray
    val: np.ndarray
    train_idx: np.ndarray
    val_idx: np.ndarray


def align_training_faces(raw: np.ndarray, config: TrainConfig) -> AlignedFaces:
    """Split raw landmarks ``(N, 194, 2)``, then align both parts to one template.

    The template comes from the training part (and its mirrors) alone, by generalised
    Procrustes; held-out faces are aligned to it as any new face would be. What is left of
    the faces' rigid motion (least-squares alignment is not exact) is taken out too, so the
    principal axes hold shape change only (the same as :meth:`FaceModel.normalize`).
    """
    raw = np.asarray(raw, np.float64)
    train_idx, val_idx = split_indices(len(raw), config.val_fraction, config.seed)
    tr = raw[train_idx]
    if config.mirror:
        tr = np.concatenate([tr, mirror(tr)])
    aligned, template = generalized_procrustes(tr, symmetric=config.mirror)
    lo, hi = template.min(axis=0), template.max(axis=0)
    centre, width = (lo + hi) / 2, hi[0] - lo[0]
    template = (template - centre) / width
    return AlignedFaces(
        template=template.astype(np.float32),
        train=remove_rigid((aligned - centre) / width, template).astype(np.float32),
        val=remove_rigid(align_to(raw[val_idx], template), template).astype(np.float32),
        train_idx=train_idx,
        val_idx=val_idx,
    )


def pca_baseline(
    train_faces: np.ndarray, eval_faces: np.ndarray, ks: tuple[int, ...]
) -> dict[int, float]:
    """Reconstruction MSE of ``eval_faces`` by PCA fitted on ``train_faces``, for each k."""
    tr = train_faces.reshape(len(train_faces), -1).astype(np.float64)
    ev = eval_faces.reshape(len(eval_faces), -1).astype(np.float64)
    mean = tr.mean(axis=0)
    _, _, vt = np.linalg.svd(tr - mean, full_matrices=False)
    out = {}
    for k in ks:
        basis = vt[:k]
        rec = (ev - mean) @ basis.T @ basis + mean
        out[k] = float(np.mean((rec - ev) ** 2))
    return out


def _mirror_flat(x: np.ndarray) -> np.ndarray:
    return mirror(x.reshape(len(x), -1, 2)).reshape(len(x), -1)


def _principal_axes(
    x: np.ndarray, k: int, split: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top ``k`` principal axes of centred rows ``x``: ``(axes (k, D), sd (k,), parity (k,))``.

    With ``split`` (data closed under mirroring), the symmetric and the antisymmetric parts
    are analysed apart, so every axis is exactly one or the other (``parity`` +1 / -1).
    """
    parts = [(x, 1.0)]
    if split:
        mirrored = _mirror_flat(x)
        parts = [((x + mirrored) / 2, 1.0), ((x - mirrored) / 2, -1.0)]
    axes, sds, parity = [], [], []
    for part_x, sign in parts:
        _, s, vt = np.linalg.svd(part_x, full_matrices=False)
        axes.append(vt)
        sds.append(s / np.sqrt(len(x)))
        parity.append(np.full(len(s), sign))
    order = np.argsort(-np.concatenate(sds), kind="stable")[:k]
    return np.concatenate(axes)[order], np.concatenate(sds)[order], np.concatenate(parity)[order]


def _init_from_pca(model: FaceAutoencoder, faces: np.ndarray, split: bool) -> np.ndarray:
    """Set mean/scale and both linear maps to PCA; return the per-width PCA train MSE."""
    flat = faces.reshape(len(faces), N_COORDS).astype(np.float64)
    mean = flat.mean(axis=0)
    scale = float(np.sqrt(np.mean((flat - mean) ** 2)))
    x = (flat - mean) / scale
    k = model.latent_dim
    axes, std, parity = _principal_axes(x, k, split)  # latent i has unit variance at the start
    model.mean[...] = jnp.asarray(mean, jnp.float32)
    model.scale[...] = jnp.asarray(scale, jnp.float32)
    model.encoder.linear.kernel[...] = jnp.asarray(axes.T / std, jnp.float32)
    encoder_bias, decoder_bias = model.encoder.linear.bias, model.decoder.linear.bias
    assert encoder_bias is not None and decoder_bias is not None  # nnx.Linear's default
    encoder_bias[...] = jnp.zeros((k,), jnp.float32)
    model.decoder.linear.kernel[...] = jnp.asarray(axes * std[:, None], jnp.float32)
    decoder_bias[...] = jnp.zeros((N_COORDS,), jnp.float32)
    model.decoder.parity[...] = jnp.asarray(parity, jnp.float32)
    total = np.mean(x**2)
    explained = np.cumsum(std**2) / N_COORDS
    return np.maximum(total - explained, 1e-8)


def reconstruction_mse(
    model: FaceAutoencoder, faces: np.ndarray, ks: tuple[int, ...]
) -> dict[int, float]:
    """Mean squared error (model's frame) of encode-then-decode at each latent width."""
    f = jnp.asarray(faces, jnp.float32)
    z = model.encode(f)
    out = {}
    for k in ks:
        out[k] = float(jnp.mean((model.decode(z, k) - f) ** 2))
    return out


def _set_gates(model: FaceAutoencoder, faces: np.ndarray) -> None:
    """Per width, the share of the decoder's residual that best fits ``faces`` (0..1).

    ``faces`` must be faces the optimiser never saw: the gates then keep the residual
    only where it generalises.
    """
    dec = model.decoder
    x = (faces.reshape(len(faces), N_COORDS) - np.asarray(model.mean[...])) / float(
        model.scale[...]
    )
    z = model.encoder(jnp.asarray(x))
    gates = np.ones(model.latent_dim, np.float32)
    saved = dec.gate[...]
    for w in range(1, model.latent_dim + 1):
        dec.gate[...] = jnp.zeros_like(saved)
        plain = np.asarray(dec(z, jnp.asarray(w)))
        dec.gate[...] = jnp.ones_like(saved)
        residual = np.asarray(dec(z, jnp.asarray(w))) - plain
        err = x - plain
        denom = float(np.sum(residual * residual))
        gates[w - 1] = np.clip(np.sum(residual * err) / denom, 0.0, 1.0) if denom > 0 else 0.0
    dec.gate[...] = jnp.asarray(gates)


def _make_step(
    model: FaceAutoencoder,
    weights: jax.Array,
    tx: optax.GradientTransformation,
    config: TrainConfig,
    margins: list[np.ndarray],
) -> tuple[nnx.Optimizer[FaceAutoencoder], StepFn]:
    # The linear maps stay at PCA: the model is PCA plus a learned, gated residual, so
    # where the residual does not help (gate 0) it is exactly PCA.
    trainable = nnx.All(nnx.Param, nnx.Not(nnx.PathContains("linear")))
    optimizer = nnx.Optimizer(model, tx, wrt=trainable)

    def loss_fn(
        m: FaceAutoencoder, x: jax.Array, widths: jax.Array, noise: jax.Array
    ) -> tuple[jax.Array, jax.Array]:
        z = m.encoder(x)
        n_w, n_x = widths.shape[0], x.shape[0]
        faces = m.decode(jnp.tile(z, (n_w, 1)), jnp.repeat(widths + 1, n_x))
        rec = (faces.reshape(n_w * n_x, N_COORDS) - m.mean[...]) / m.scale[...]
        err = (rec.reshape(n_w, n_x, -1) - x[None]) ** 2
        recon = jnp.mean(err.mean(axis=(1, 2)) * weights[widths])
        # Faces decoded from the latent prior (the batch's own spread, out to 3 sd, at
        # random widths) must keep simple eye and lip outlines.
        spread = jax.lax.stop_gradient(z.std(axis=0))
        prior_widths = widths[jnp.arange(noise.shape[0]) % n_w] + 1
        # The penalties see the faces before the jaw layer, so the decoder learns to keep
        # features inside the jaw itself and the layer stays a rare last resort.
        faces = m.decode_open(noise * spread, prior_widths)
        penalty = outline_penalty(faces, margins)
        jaw = jaw_penalty(faces, config.jaw_tolerance)
        loss = recon + config.prior_weight * penalty + config.jaw_weight * jaw
        return loss, penalty + jaw

    @nnx.jit
    def step(
        m: FaceAutoencoder,
        opt: nnx.Optimizer[FaceAutoencoder],
        x: jax.Array,
        widths: jax.Array,
        noise: jax.Array,
    ) -> tuple[jax.Array, jax.Array]:
        grad_fn = nnx.value_and_grad(loss_fn, argnums=nnx.DiffState(0, trainable), has_aux=True)
        (loss, penalty), grads = grad_fn(m, x, widths, noise)
        opt.update(m, grads)
        return loss, penalty

    return optimizer, step


def _with_mirrors(positions: np.ndarray, n: int, mirrored: bool) -> np.ndarray:
    """Rows of ``positions`` among ``n`` faces, and of their mirror images (rows ``n + i``)."""
    return np.concatenate([positions, positions + n]) if mirrored else positions


def train(
    faces: np.ndarray, config: TrainConfig | None = None, progress: bool = True
) -> TrainResult:
    """Train on raw landmarks ``(N, 194, 2)`` (any frame, y down); a validation part is held out.

    Returns the trained model with its template and latent statistics measured on the
    training part, the loss history, and the validation MSE next to PCA's at
    ``config.eval_ks`` (both in the model's aligned frame).
    """
    config = config or TrainConfig()
    data = align_training_faces(faces, config)
    tr, va = data.train, data.val
    n = len(data.train_idx)
    fit_pos, tune_pos = split_indices(n, config.tune_fraction, config.seed + 1)
    fit = tr[_with_mirrors(fit_pos, n, config.mirror)]
    tune = tr[_with_mirrors(tune_pos, n, config.mirror)]
    model = FaceAutoencoder(
        config.latent_dim, config.dec_hidden, config.dec_bent, rngs=nnx.Rngs(config.seed)
    )
    model.template[...] = jnp.asarray(data.template)
    model.decoder.rigid[...] = jnp.asarray(rigid_basis(data.template), jnp.float32)
    pca_mse = _init_from_pca(model, tr, split=config.mirror)
    # Each width's error is weighted by PCA's, so every width counts alike.
    weights = jnp.asarray(pca_mse[-1] / pca_mse, jnp.float32)
    schedule = optax.cosine_decay_schedule(config.learning_rate, config.steps, alpha=0.02)
    tx = optax.adamw(schedule, weight_decay=config.weight_decay)
    margins = outline_margins(fit)
    model.lid_margin[...] = jnp.asarray(np.concatenate(margins), jnp.float32)
    optimizer, step = _make_step(model, weights, tx, config, margins)
    x_all = (fit.reshape(len(fit), N_COORDS) - np.asarray(model.mean[...])) / float(
        model.scale[...]
    )
    losses = _optimise(model, optimizer, step, x_all, config, progress)
    _set_gates(model, tune)
    z = np.asarray(model.encode(jnp.asarray(tr)))
    model.latent_mean[...] = jnp.asarray(z.mean(axis=0))
    model.latent_std[...] = jnp.asarray(z.std(axis=0) + 1e-8)
    ks = tuple(k for k in config.eval_ks if k <= config.latent_dim)
    return TrainResult(
        model=model,
        config=config,
        losses=losses,
        val_mse=reconstruction_mse(model, va, ks),
        pca_val_mse=pca_baseline(tr, va, ks),
        train_idx=data.train_idx,
        val_idx=data.val_idx,
    )


def _optimise(
    model: FaceAutoencoder,
    optimizer: nnx.Optimizer[FaceAutoencoder],
    step: StepFn,
    x_all: np.ndarray,
    config: TrainConfig,
    progress: bool,
) -> list[float]:
    """The optimiser loop: random batches, random widths, random prior latents."""
    rng = np.random.default_rng(config.seed)
    p_width = np.arange(1, config.latent_dim + 1, dtype=np.float64) ** -config.width_power
    p_width /= p_width.sum()
    n_widths = min(config.widths_per_step, config.latent_dim)
    losses: list[float] = []
    bar = tqdm(range(config.steps), desc="training", disable=not progress, mininterval=0.5)
    for i in bar:
        batch = x_all[rng.integers(0, len(x_all), config.batch_size)]
        widths = rng.choice(config.latent_dim, n_widths, replace=False, p=p_width)
        noise = np.clip(rng.standard_normal((config.prior_batch, config.latent_dim)), -3, 3)
        loss, penalty = step(
            model,
            optimizer,
            jnp.asarray(batch),
            jnp.asarray(widths),
            jnp.asarray(noise, jnp.float32),
        )
        losses.append(float(loss))
        if i % 100 == 0:
            bar.set_postfix(loss=f"{float(loss):.4g}", penalty=f"{float(penalty):.2g}")
    return losses
