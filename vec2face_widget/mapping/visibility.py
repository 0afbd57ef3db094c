"""What each face latent does to the face, measured on the decoder itself, pose removed.

For latent ``i`` the face at the latent mean is compared with faces where latent ``i`` alone
moves by -2, -1, +1 and +2 of its standard deviations. Each moved face is first aligned to
the base face by a similarity transform, so a latent that only tilts, shifts or scales the
head counts for nothing. What is left is measured overall (mean landmark displacement) and
per feature (jaw, nose, mouth, eyes, brows): how much the feature changes shape or size
against its own size, plus how far it moves against the face's size, because a person reads
a feature's change against the feature, and its place against the face: a jaw line 1%
longer is hard to see, an eye 10% wider is not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vec2face_widget.faces.align import align_to
from vec2face_widget.faces.face_model import FaceModel
from vec2face_widget.faces.topology import part

__all__ = ["FEATURES", "LatentEffects", "latent_effects"]

_STEPS = np.array([-2.0, -1.0, 1.0, 2.0])

FEATURES: dict[str, np.ndarray] = {
    "jaw": np.asarray(part("jaw").indices),
    "nose": np.asarray(part("nose").indices),
    "mouth": np.r_[part("outer_lips").indices, part("inner_lips").indices],
    "eyes": np.r_[part("eye_a").indices, part("eye_b").indices],
    "brows": np.r_[part("brow_a").indices, part("brow_b").indices],
}
"""The features a face is read by, as landmark indices."""


@dataclass(frozen=True)
class LatentEffects:
    """What each of the first ``width`` latents does per standard deviation.

    Attributes:
        visibility: ``(width,)`` mean landmark displacement (model frame: the face is 1
            wide) after similarity alignment; the scale that face distances follow.
        feature_change: ``(width, len(FEATURES))`` per feature: the RMS displacement of its
            points about their mean displacement against the feature's size (its RMS
            distance from its centre), plus its mean displacement against the face's size.
        readability: ``(width,)`` mean of ``feature_change`` over the features: how much
            the features a person reads change, whatever the rest of the face does.
    """

    visibility: np.ndarray
    feature_change: np.ndarray
    readability: np.ndarray

    def main_features(self, latent: int, share: float = 0.5) -> list[str]:
        """The features latent ``latent`` changes most, strongest first.

        As many as it takes to cover ``share`` of its total feature change (at least one).
        """
        change = self.feature_change[latent]
        order = np.argsort(-change, kind="stable")
        names = list(FEATURES)
        total, out, acc = float(change.sum()), [], 0.0
        for j in order:
            out.append(names[j])
            acc += float(change[j])
            if total <= 0 or acc >= share * total:
                break
        return out


def _feature_sizes(face: np.ndarray) -> np.ndarray:
    sizes = [_radius(face[idx]) for idx in FEATURES.values()]
    return np.maximum(np.asarray(sizes), 1e-6)


def _radius(points: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.sum((points - points.mean(axis=0)) ** 2, axis=-1))))


def latent_effects(model: FaceModel, width: int, *, align: bool = True) -> LatentEffects:
    """Measure what each of the first ``width`` latents does to the face (decoded at ``width``).

    With ``align=False`` the moved faces are compared as they are, so head pose counts too.
    """
    mean, std = model.latent_mean[:width], model.latent_std[:width]
    n_steps = len(_STEPS)
    z = np.tile(mean, (1 + width * n_steps, 1))
    for i in range(width):
        z[1 + i * n_steps : 1 + (i + 1) * n_steps, i] += _STEPS * std[i]
    faces = model.decode(z.astype(np.float32)).astype(np.float64)
    base = faces[0]
    moved = align_to(faces[1:], base) if align else faces[1:]
    moved = moved.reshape(width, n_steps, *base.shape)
    step = np.abs(_STEPS)[None, :]
    shift = moved - base  # (width, steps, points, 2)
    visibility = (np.linalg.norm(shift, axis=-1).mean(axis=-1) / step).mean(axis=1)
    sizes, face_size = _feature_sizes(base), max(_radius(base), 1e-6)
    change = []
    for idx, size in zip(FEATURES.values(), sizes, strict=True):
        d = shift[:, :, idx]
        moved_by = d.mean(axis=2, keepdims=True)
        # the feature's own change (shape and size) against its size, plus how far it
        # moves within the face against the face's size
        own = np.sqrt(np.mean(np.sum((d - moved_by) ** 2, axis=-1), axis=-1)) / size
        place = np.linalg.norm(moved_by[:, :, 0], axis=-1) / face_size
        change.append(((own + place) / step).mean(axis=1))
    feature_change = np.stack(change, axis=1)
    return LatentEffects(visibility, feature_change, feature_change.mean(axis=1))
