"""How visibly each face latent changes the face, measured on the decoder itself."""

from __future__ import annotations

import numpy as np

from vec2face_widget.faces.face_model import FaceModel

__all__ = ["latent_visibility"]

_STEPS = np.array([-2.0, -1.0, 1.0, 2.0])


def latent_visibility(model: FaceModel, width: int) -> np.ndarray:
    """Mean landmark displacement per standard deviation of each of the first ``width`` latents.

    For latent ``i`` the face at the latent mean is compared with faces where latent ``i``
    alone moves by -2, -1, +1 and +2 of its standard deviations (decoded at ``width``);
    the result is the mean distance a landmark moves, divided by the step. Larger means the
    latent changes the face more visibly. Shape ``(width,)``.
    """
    mean, std = model.latent_mean[:width], model.latent_std[:width]
    z = np.tile(mean, (1 + width * len(_STEPS), 1))
    for i in range(width):
        rows = slice(1 + i * len(_STEPS), 1 + (i + 1) * len(_STEPS))
        z[rows, i] += _STEPS * std[i]
    faces = model.decode(z.astype(np.float32))
    base, moved = faces[0], faces[1:].reshape(width, len(_STEPS), *faces.shape[1:])
    dist = np.linalg.norm(moved - base, axis=-1).mean(axis=-1)  # (width, steps)
    return (dist / np.abs(_STEPS)).mean(axis=1)
