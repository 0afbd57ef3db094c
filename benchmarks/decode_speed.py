"""Decoding speed: faces per second for 100,000 latents, latency for 64 (the brushing path).

    .venv/bin/python benchmarks/decode_speed.py

Baseline in the same run: a plain numpy forward pass of the same weights; and, as a
diagnostic, the same decoder compiled with XLA's default CPU matrix products (YNNPACK)
instead of Eigen's (:mod:`vec2face_widget.faces.cpu_dot`), timed in alternation with it.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from unittest import mock

import jax
import jax.numpy as jnp
import numpy as np

from benchmarks.common import prior_latents, table
from vec2face_widget import FaceModel
from vec2face_widget.faces.cpu_dot import jit_eigen_dot
from vec2face_widget.faces.face_model import BUCKETS
from vec2face_widget.faces.fast_decode import Folded, decode_flagged, fold
from vec2face_widget.faces.portable import decode_arrays, decoder_arrays


def numpy_decoder(model: FaceModel):
    """The same decoder in plain numpy, float32 (the baseline): the portable reference."""
    return functools.partial(decode_arrays, decoder_arrays(model), dtype=np.float32)


def best_of(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def latencies(fn, batches: list[np.ndarray]) -> np.ndarray:
    out = []
    for b in batches:
        t = time.perf_counter()
        fn(b)
        out.append(time.perf_counter() - t)
    return np.array(out) * 1e3


def compile_seconds(folded: Folded, run: int, latent_dim: int, step: int = 2048) -> float:
    """Compile time of the fast path with the jaw check's form ``run``, on blocks of ``step``
    faces (a size ``FaceModel`` does not compile, so JAX's cache has no program for it)."""
    fn = jit_eigen_dot(functools.partial(decode_flagged, folded, run=run))
    t = time.perf_counter()
    fn.lower(np.zeros((step, latent_dim), np.float32)).compile()
    return time.perf_counter() - t


def share_flagged(
    flagged: Callable[[jax.Array], jax.Array], latents: np.ndarray, step: int
) -> float:
    """Share of ``latents`` (whole blocks of ``step``) whose faces need the last layers."""
    blocks = [latents[s : s + step] for s in range(0, len(latents) - step + 1, step)]
    return float(np.mean(np.concatenate([np.asarray(flagged(jnp.asarray(b))) for b in blocks])))


def main() -> int:
    model = FaceModel.pretrained()
    t = time.perf_counter()
    model.warm_up()  # the first compilation in this process
    t_warm = time.perf_counter() - t
    ref = numpy_decoder(model)
    z = prior_latents(model.latent_mean, model.latent_std, 100_000, model.latent_dim)
    np.testing.assert_allclose(model.decode(z[:256]), ref(z[:256]), atol=2e-5)

    # Diagnostics: the same weights in new instances (pretrained() gives one shared one),
    # compiled with XLA's default CPU products, or with the jaw check's compact form (run=32)
    # at every batch size.
    with mock.patch("vec2face_widget.faces.face_model.jit_eigen_dot", jax.jit):
        default_dot = FaceModel(model.autoencoder, model.meta)
        default_dot.warm_up()
    with mock.patch("vec2face_widget.faces.fast_decode.BIG_BATCH", sys.maxsize):
        compact = FaceModel(model.autoencoder, model.meta)
        compact.warm_up()
    t_jax, t_default, t_compact = np.inf, np.inf, np.inf
    for _ in range(5):  # alternate, so drifts of the machine's speed hit all alike
        t_jax = min(t_jax, best_of(lambda: model.decode(z), 1))
        t_default = min(t_default, best_of(lambda: default_dot.decode(z), 1))
        t_compact = min(t_compact, best_of(lambda: compact.decode(z), 1))
    # Diagnostic: the folded decoder's product alone (no check for the last layers), on
    # blocks of the size FaceModel.decode uses; and how many faces the layers change.
    folded = fold(model.autoencoder, model.latent_dim)
    products = jit_eigen_dot(lambda c: decode_flagged(folded, c)[0])
    flagged = jit_eigen_dot(lambda c: decode_flagged(folded, c)[1])
    step = BUCKETS[-1]
    chunks = [jnp.asarray(z[s : s + step]) for s in range(0, len(z) - step + 1, step)]
    jax.block_until_ready([products(c) for c in chunks])
    t_products = best_of(lambda: jax.block_until_ready([products(c) for c in chunks]), 5)
    n_products = step * len(chunks)
    redone = share_flagged(flagged, z, step)
    t_np = best_of(lambda: ref(z), 3)
    # Diagnostic: latents spread twice as wide (not clipped): many more faces need the
    # exact last layers, which run on those faces alone.
    rng = np.random.default_rng(1)
    wide = model.latent_mean + 2 * model.latent_std * rng.standard_normal(z.shape)
    wide = wide.astype(np.float32)
    wide_redone = share_flagged(flagged, wide, step)
    t_wide = best_of(lambda: model.decode(wide), 3)
    # Diagnostic: what a new output array of this size costs alone (allocate, first write).
    t_out = best_of(lambda: np.empty((len(z), 194, 2), np.float32).fill(0.0), 5)
    rng = np.random.default_rng(0)
    # sizes 33..64 exercise the bucket: no recompile for a new selection size
    batches = [z[rng.integers(0, len(z), int(rng.integers(33, 65)))] for _ in range(300)]
    batches64 = [z[rng.integers(0, len(z), 64)] for _ in range(300)]
    lat = latencies(model.decode, batches64)
    lat_mixed = latencies(model.decode, batches)
    lat_np = latencies(ref, batches64)
    rows = [
        ["faces/s, batch 100,000", f"{len(z) / t_jax:,.0f}", f"{len(z) / t_np:,.0f}"],
        ["batch 64: p50 ms", f"{np.median(lat):.3f}", f"{np.median(lat_np):.3f}"],
        ["batch 64: p95 ms", f"{np.percentile(lat, 95):.3f}", f"{np.percentile(lat_np, 95):.3f}"],
        ["batch 33..64 (mixed sizes): p95 ms", f"{np.percentile(lat_mixed, 95):.3f}", "-"],
    ]
    print(table(["measure", "FaceModel.decode (jit)", "numpy forward"], rows))
    c_chain, c_compact = (compile_seconds(folded, run, model.latent_dim) for run in (1, 32))
    diagnostics = [
        f"the folded decoder's product alone (no check for the lid and jaw layers): "
        f"{n_products / t_products:,.0f} faces/s",
        f"faces those layers change (they run on these alone): {100 * redone:.2f}%",
        f"a new output array alone (allocate and write): {t_out * 1e3:.1f} ms",
        f"FaceModel.decode with XLA's default CPU products (YNNPACK) instead of Eigen's: "
        f"{len(z) / t_default:,.0f} faces/s",
        f"FaceModel.decode with the jaw check's compact form (run=32) for blocks of 4,096 "
        f"too: {len(z) / t_compact:,.0f} faces/s",
        f"the fast path compiled for 2,048 faces with run=1: {c_chain:.2f} s, "
        f"run=32: {c_compact:.2f} s",
        f"FaceModel.warm_up() (every bucket and the last layers): {t_warm:.2f} s",
        f"latents spread twice as wide: {len(wide) / t_wide:,.0f} faces/s, "
        f"{100 * wide_redone:.1f}% of their faces need the last layers",
    ]
    print("\ndiagnostics:\n" + "\n".join(f"- {d}" for d in diagnostics))
    fast = len(z) / t_jax > 1e6
    quick = np.percentile(lat, 95) < 2.0
    print(
        f"\ntargets: > 1,000,000 faces/s: {'PASS' if fast else 'FAIL'}; "
        f"< 2 ms for 64 faces (p95): {'PASS' if quick else 'FAIL'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
