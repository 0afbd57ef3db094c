"""What a saved notebook shows without a kernel: a snapshot of the map and the faces.

Two synced traits of ``FaceScatter`` hold it, so it is saved with the widget state and an
HTML export (``jupyter nbconvert --to html``) can draw it with no kernel: ``_snapshot_points``
(the points, at most ``MAX_POINTS`` of them, set once) and ``_snapshot_faces`` (the faces the
panel showed last, and the selection among the snapshot's points, set after each panel
answer). The front end draws them only when no kernel answers (see js/src/snapshot.ts).
Arrays travel as binary buffers inside the dicts (ipywidgets keeps them binary in the
saved state too, base64-encoded).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from vec2face_widget.widget.protocol import FacesContent

MAX_POINTS = 20_000
"""Most points a snapshot keeps (an even sample beyond that; the selected ones first)."""


def kept_points(n: int, selection: np.ndarray, limit: int = MAX_POINTS) -> np.ndarray:
    """Sorted indices of the points a snapshot keeps: all, or the selected and an even sample."""
    if n <= limit:
        return np.arange(n, dtype=np.int64)
    chosen = selection[: limit // 2]
    rest = np.setdiff1d(np.linspace(0, n - 1, limit - len(chosen)).astype(np.int64), chosen)
    return np.union1d(chosen, rest)[:limit]


def points_snapshot(
    xy: np.ndarray, values: np.ndarray, values_dtype: str, kept: np.ndarray
) -> dict[str, Any]:
    """The points part: ``n``, ``values_dtype`` and bytes ``xy``, ``values``, ``kept``."""
    dtype = "<u2" if values_dtype == "uint16" else "<f4"
    return {
        "n": len(kept),
        "n_all": len(xy),
        "values_dtype": "uint16" if values_dtype == "uint16" else "float32",
        "xy": np.ascontiguousarray(xy[kept], dtype="<f4").tobytes(),
        "values": (
            np.ascontiguousarray(values[kept], dtype=dtype).tobytes() if len(values) else b""
        ),
        "kept": np.ascontiguousarray(kept, dtype="<i4").tobytes(),
    }


def faces_snapshot(
    content: FacesContent, buffers: list[memoryview], selection: np.ndarray, kept: np.ndarray
) -> dict[str, Any]:
    """The faces part, from a panel answer.

    Its labels and count, bytes ``indices``, ``landmarks``, ``mean``, and ``selected`` (the
    positions of the selected points among the kept ones).
    """
    positions = np.searchsorted(kept, selection)
    found = positions < len(kept)
    found[found] = kept[positions[found]] == selection[found]
    names = content.get("buffers", [])
    named = {name: bytes(buffer) for name, buffer in zip(names, buffers, strict=False)}
    return {
        "count": int(content.get("count", 0)),
        "labels": list(content.get("labels", [])),
        "indices": named.get("indices", b""),
        "landmarks": named.get("landmarks", b""),
        "mean": named.get("mean", b""),
        "selected": np.ascontiguousarray(positions[found], dtype="<i4").tobytes(),
    }


def decoder_snapshot(model: Any, latents: np.ndarray, labels: list[str]) -> dict[str, Any]:
    """What brushing a saved notebook needs with no kernel.

    The decoder's weights (see :mod:`vec2face_widget.faces.portable`), the latents (float32
    bytes, ``k`` wide) and the labels of the kept points, in their order.
    """
    if not hasattr(model, "autoencoder"):
        raise TypeError(
            "offline_brushing needs the package's FaceModel (its decoder runs in the "
            f"browser); this widget decodes with {type(model).__name__}"
        )
    from vec2face_widget.faces.portable import decoder_arrays

    out: dict[str, Any] = {
        name: value.astype("<f4").tobytes() if isinstance(value, np.ndarray) else value
        for name, value in decoder_arrays(model).items()
    }
    out["latents"] = np.ascontiguousarray(latents, dtype="<f4").tobytes()
    out["k"] = int(latents.shape[1])
    out["labels"] = list(labels)
    return out
