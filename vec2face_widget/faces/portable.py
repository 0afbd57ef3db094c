"""The face decoder as plain arrays, for decoding outside JAX.

The browser's copy is ``js/src/decoder.ts``, used by saved notebooks with no kernel.

``decoder_arrays(model)`` gives the weights and constants; :func:`decode_arrays` is the same
computation in numpy, the reference the front end's port is checked against. Both equal
``FaceModel.decode`` (to float32 rounding): the linear and tanh layers, the gate for the
latent width, then the lid layer (eyelids and lips kept apart) and the jaw layer (features
kept within the jaw's width).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from vec2face_widget.faces.align import mirror
from vec2face_widget.faces.layers import FEATURE_SLACK
from vec2face_widget.faces.topology import N_POINTS, OUTLINES


def decoder_arrays(model: Any) -> dict[str, Any]:
    """The weights (float32 arrays) and constants of ``model``'s decoder (a FaceModel)."""
    ae = model.autoencoder
    dec = ae.decoder
    out = np.asarray(dec.out.kernel[...], np.float64)
    rigid = np.asarray(dec.rigid[...], np.float64)
    out = out - (out @ rigid.T) @ rigid  # the decoder keeps pose out of its residual
    twin = mirror(out.reshape(len(out), N_POINTS, 2)).reshape(len(out), -1)
    f32 = np.float32
    return {
        "dim": int(model.latent_dim),
        "bent": int(dec.bent),
        "hidden": int(np.asarray(dec.hidden.bias[...]).size),
        "scale": float(ae.scale[...]),
        "feature_slack": float(FEATURE_SLACK),
        "outlines": [
            {
                "c1": int(o[0]),
                "c2": int(o[1]),
                "upper": [int(i) for i in o[2]],
                "lower": [int(i) for i in o[3]],
                "sign": float(o[4]),
            }
            for o in OUTLINES
        ],
        "lin": np.asarray(dec.linear.kernel[...], f32),
        "lin_b": np.asarray(dec.linear.bias[...], f32),
        "hid": np.asarray(dec.hidden.kernel[...], f32),
        "hid_b": np.asarray(dec.hidden.bias[...], f32),
        "out": out.astype(f32),
        "out_twin": twin.astype(f32),
        "gate": np.asarray(dec.gate[...], f32),
        "parity": np.asarray(dec.parity[...], f32),
        "mean": np.asarray(ae.mean[...], f32),
        "margins": np.asarray(ae.lid_margin[...], f32),
    }


def decode_arrays(
    w: dict[str, Any], latents: np.ndarray, dtype: type[np.floating[Any]] = np.float64
) -> np.ndarray:
    """Faces ``(n, 194, 2)`` float32 of ``latents`` ``(n, k)`` from :func:`decoder_arrays`.

    ``dtype``: the precision of the computation (float64, the reference; float32 is the
    plain numpy baseline of ``benchmarks/decode_speed.py``).
    """
    z = np.asarray(latents, dtype)
    n, k = z.shape
    dim, bent = w["dim"], w["bent"]
    full = np.zeros((n, dim), dtype)
    full[:, :k] = z
    known = np.zeros((n, dim), dtype)
    known[:, :k] = 1.0
    b = full[:, :bent]
    h = np.tanh(np.concatenate([b, known], 1) @ w["hid"] + w["hid_b"])
    ht = np.tanh(np.concatenate([b * w["parity"][:bent], known], 1) @ w["hid"] + w["hid_b"])
    residual = h @ w["out"] + ht @ w["out_twin"]
    x = full @ w["lin"] + w["lin_b"] + w["gate"][k - 1] * residual
    f = (x * w["scale"] + w["mean"]).reshape(n, N_POINTS, 2)
    start = 0
    for o in w["outlines"]:
        upper, lower = np.array(o["upper"]), np.array(o["lower"])
        axis = f[:, o["c2"]] - f[:, o["c1"]]
        axis /= np.linalg.norm(axis, axis=-1, keepdims=True) + 1e-9
        normal = o["sign"] * np.stack([-axis[:, 1], axis[:, 0]], -1)
        gap = np.einsum("bjd,bd->bj", f[:, lower] - f[:, upper], normal)
        push = np.maximum(w["margins"][start : start + len(upper)] - gap, 0)[..., None] / 2
        start += len(upper)
        f[:, upper] -= push * normal[:, None]
        f[:, lower] += push * normal[:, None]
    jaw_x = f[:, :41, 0]
    lo, hi = jaw_x.min(1, keepdims=True), jaw_x.max(1, keepdims=True)
    centre, half = (lo + hi) / 2, (hi - lo) / 2
    reach = np.abs(f[:, 41:154, 0] - centre).max(1, keepdims=True)
    slack = 1 + 2 * w["feature_slack"]
    shrink = np.minimum(1.0, half * slack / np.maximum(reach, 1e-9))
    f[:, 41:, 0] = centre + shrink * (f[:, 41:, 0] - centre)
    return f.astype(np.float32)
