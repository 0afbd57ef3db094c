"""Decoding speed: faces per second for 100,000 latents, latency for 64 (the brushing path).

    .venv/bin/python benchmarks/decode_speed.py

Baseline in the same run: a plain numpy forward pass of the same weights.
"""

from __future__ import annotations

import sys
import time

import jax
import jax.numpy as jnp
import numpy as np

from benchmarks.common import prior_latents, table
from vec2face_widget import FaceModel
from vec2face_widget.faces.align import mirror
from vec2face_widget.faces.face_model import BUCKETS
from vec2face_widget.faces.fast_decode import decode_flagged, fold
from vec2face_widget.faces.layers import FEATURE_SLACK
from vec2face_widget.faces.topology import OUTLINES


def numpy_decoder(model: FaceModel):
    """The same decoder written with numpy only (the baseline)."""
    ae = model.autoencoder
    dec = ae.decoder
    out = np.asarray(dec.out.kernel[...])
    rigid = np.asarray(dec.rigid[...])
    out = out - (out @ rigid.T) @ rigid
    w = {
        "lin": np.asarray(dec.linear.kernel[...]),
        "lin_b": np.asarray(dec.linear.bias[...]),
        "hid": np.asarray(dec.hidden.kernel[...]),
        "hid_b": np.asarray(dec.hidden.bias[...]),
        "out": out,
        "out_twin": mirror(out.reshape(len(out), 194, 2)).reshape(len(out), -1),
        "gate": np.asarray(dec.gate[...]),
        "parity": np.asarray(dec.parity[...]),
    }
    mean, scale = np.asarray(ae.mean[...]), float(ae.scale[...])
    margins = np.asarray(ae.lid_margin[...])
    dim, bent = model.latent_dim, dec.bent

    def decode(z: np.ndarray) -> np.ndarray:
        k = z.shape[1]
        full = np.zeros((len(z), dim), np.float32)
        full[:, :k] = z
        known = np.zeros((len(z), dim), np.float32)
        known[:, :k] = 1
        b = full[:, :bent]
        h = np.tanh(np.concatenate([b, known], 1) @ w["hid"] + w["hid_b"])
        ht = np.tanh(np.concatenate([b * w["parity"][:bent], known], 1) @ w["hid"] + w["hid_b"])
        residual = h @ w["out"] + ht @ w["out_twin"]
        x = full @ w["lin"] + w["lin_b"] + w["gate"][k - 1] * residual
        f = (x * scale + mean).reshape(len(z), 194, 2)
        start = 0
        for c1, c2, upper, lower, sign in OUTLINES:
            axis = f[:, c2] - f[:, c1]
            axis /= np.linalg.norm(axis, axis=-1, keepdims=True) + 1e-9
            normal = sign * np.stack([-axis[:, 1], axis[:, 0]], -1)
            gap = np.einsum("bjd,bd->bj", f[:, lower] - f[:, upper], normal)
            push = np.maximum(margins[start : start + len(upper)] - gap, 0)[..., None] / 2
            start += len(upper)
            f[:, upper] -= push * normal[:, None]
            f[:, lower] += push * normal[:, None]
        jaw_x = f[:, :41, 0]
        lo, hi = jaw_x.min(1, keepdims=True), jaw_x.max(1, keepdims=True)
        centre, half = (lo + hi) / 2, (hi - lo) / 2
        reach = np.abs(f[:, 41:154, 0] - centre).max(1, keepdims=True)
        shrink = np.minimum(1.0, half * (1 + 2 * FEATURE_SLACK) / np.maximum(reach, 1e-9))
        f[:, 41:, 0] = centre + shrink * (f[:, 41:, 0] - centre)
        return f

    return decode


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


def main() -> int:
    model = FaceModel.pretrained()
    model.warm_up()
    ref = numpy_decoder(model)
    z = prior_latents(model.latent_mean, model.latent_std, 100_000, model.latent_dim)
    np.testing.assert_allclose(model.decode(z[:256]), ref(z[:256]), atol=2e-5)

    t_jax = best_of(lambda: model.decode(z), 5)
    # Diagnostic: the folded decoder's product alone (no check for the last layers), on
    # blocks of the size FaceModel.decode uses; and how many faces the layers change.
    folded = fold(model.autoencoder, model.latent_dim)
    products = jax.jit(lambda c: decode_flagged(folded, c)[0])
    flagged = jax.jit(lambda c: decode_flagged(folded, c)[1])
    chunks = [jnp.asarray(c) for c in np.array_split(z, len(z) // BUCKETS[-1])]
    jax.block_until_ready([products(c) for c in chunks])
    t_products = best_of(lambda: jax.block_until_ready([products(c) for c in chunks]), 5)
    redone = float(np.mean(np.concatenate([np.asarray(flagged(c)) for c in chunks])))
    t_np = best_of(lambda: ref(z), 3)
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
    print(
        f"\ndiagnostic: the folded decoder's product alone (no check for the lid and jaw "
        f"layers): {len(z) / t_products:,.0f} faces/s; faces those layers change (they run "
        f"on these alone): {100 * redone:.2f}%"
    )
    fast = len(z) / t_jax > 1e6
    quick = np.percentile(lat, 95) < 2.0
    print(
        f"\ntargets: > 1,000,000 faces/s: {'PASS' if fast else 'FAIL'}; "
        f"< 2 ms for 64 faces (p95): {'PASS' if quick else 'FAIL'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
