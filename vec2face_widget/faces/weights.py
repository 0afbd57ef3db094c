"""Saving and loading face-model weights as one small ``.npz`` file.

The file holds every variable of the :class:`~vec2face_widget.faces.model.FaceAutoencoder`
under its path (``decoder/linear/kernel`` ...) and a JSON record ``meta`` with the model's
sizes, the training command and its final figures.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jax.numpy as jnp
import numpy as np
from flax import nnx

from vec2face_widget.faces.model import FaceAutoencoder

__all__ = ["WeightsError", "load_weights", "save_weights"]

_FORMAT = "vec2face-face-model/2"


class WeightsError(ValueError):
    """A weights file cannot be read as a face model; the message says why."""


def save_weights(
    model: FaceAutoencoder, path: str | os.PathLike[str], meta: dict[str, Any]
) -> None:
    """Write ``model``'s variables and ``meta`` (JSON-able) to ``path`` (``.npz``)."""
    arrays: dict[str, np.ndarray] = {}
    for keys, var in nnx.to_flat_state(nnx.state(model)):
        arrays["/".join(map(str, keys))] = np.asarray(var.get_value(), np.float32)
    dec = model.decoder
    sizes = {
        "latent_dim": int(model.latent_dim),
        "dec_hidden": 2 * int(dec.out.kernel[...].shape[0]),
        "dec_bent": int(dec.bent),
    }
    record = {**meta, "format": _FORMAT, "sizes": sizes}
    arrays["meta"] = np.asarray(json.dumps(record))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]  # numpy types **kwds badly


def load_weights(path: str | os.PathLike[str]) -> tuple[FaceAutoencoder, dict[str, Any]]:
    """Read a file written by :func:`save_weights`; returns ``(model, meta)``.

    Raises :class:`WeightsError` if the file is missing, not an ``.npz``, of another
    format, or its arrays do not fit the model it describes.
    """
    p = Path(path)
    if not p.is_file():
        raise WeightsError(f"no face-model weights file at {p}")
    try:
        with np.load(p, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
    except Exception as err:  # zipfile, pickle and OS errors alike
        raise WeightsError(f"{p} is not a readable .npz weights file: {err}") from err
    try:
        meta = json.loads(str(arrays.pop("meta")))
    except (KeyError, json.JSONDecodeError) as err:
        raise WeightsError(f"{p} has no valid 'meta' record") from err
    if meta.get("format") != _FORMAT:
        raise WeightsError(f"{p} is format {meta.get('format')!r}, expected {_FORMAT!r}")
    try:
        sizes = meta["sizes"]
        dims = (
            int(sizes["latent_dim"]),
            int(sizes["dec_hidden"]),
            int(sizes.get("dec_bent", sizes["latent_dim"])),
        )
        # Shapes only: no random initialisation to compute, every value comes from the file.
        model = nnx.eval_shape(lambda: FaceAutoencoder(*dims, rngs=nnx.Rngs(0)))
    except (KeyError, TypeError, ValueError) as err:
        raise WeightsError(f"{p}: 'meta' lacks valid model sizes ({err})") from err
    state = nnx.state(model)
    flat = nnx.to_flat_state(state)
    for keys, var in flat:
        name = "/".join(map(str, keys))
        if name not in arrays:
            raise WeightsError(f"{p} lacks the array {name!r}")
        value = arrays.pop(name)
        expected = tuple(var.get_value().shape)
        if value.shape != expected:
            raise WeightsError(f"{p}: {name!r} has shape {value.shape}, expected {expected}")
        if not np.all(np.isfinite(value)):
            raise WeightsError(f"{p}: {name!r} holds non-finite values")
        var.set_value(jnp.asarray(value))
    if arrays:
        raise WeightsError(f"{p} holds arrays this model does not have: {sorted(arrays)[:5]}")
    nnx.update(model, nnx.from_flat_state(flat))
    return model, meta
