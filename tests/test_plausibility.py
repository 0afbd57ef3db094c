import jax.numpy as jnp
import numpy as np

from vec2face_widget import FaceModel
from vec2face_widget.faces.penalties import jaw_penalty, outline_penalty
from vec2face_widget.faces.plausibility import RULES, plausibility_report, plausible
from vec2face_widget.faces.topology import part


def mean_face():
    model = FaceModel.pretrained()
    return model.decode(model.latent_mean[None])[0].astype(np.float64)


def broken(kind):
    f = mean_face().copy()
    if kind == "brows_below_eyes":
        for b in ("brow_a", "brow_b"):
            f[part(b).indices, 1] += 0.3
    elif kind == "mouth_above_nose":
        f[part("outer_lips").indices, 1] -= 0.35
        f[part("inner_lips").indices, 1] -= 0.35
    elif kind == "eyes_together":
        f[part("eye_b").indices] = f[part("eye_a").indices]
    elif kind == "crossed_eye":
        eye = list(part("eye_a").indices)
        f[eye[3]], f[eye[15]] = f[eye[15]].copy(), f[eye[3]].copy()
    elif kind == "mouth_outside_jaw":
        f[part("outer_lips").indices, 1] += 0.6
    elif kind == "eye_past_jaw_line":
        f[part("eye_a").indices, 0] += 0.4
    return f


def test_mean_face_passes_every_rule():
    report = plausibility_report(mean_face()[None])
    assert report == {**{name: 1.0 for name in RULES}, "all": 1.0}


def test_each_broken_face_fails():
    faces = np.stack(
        [
            broken(k)
            for k in (
                "brows_below_eyes",
                "mouth_above_nose",
                "eyes_together",
                "crossed_eye",
                "mouth_outside_jaw",
                "eye_past_jaw_line",
            )
        ]
    )
    assert not plausible(faces).any()


def test_outline_penalty_zero_for_mean_positive_for_crossed():
    assert float(outline_penalty(jnp.asarray(mean_face()[None], jnp.float32))) == 0.0
    assert float(outline_penalty(jnp.asarray(broken("crossed_eye")[None], jnp.float32))) > 0.0


def test_jaw_penalty_zero_for_mean_positive_for_eye_past_jaw():
    assert float(jaw_penalty(jnp.asarray(mean_face()[None], jnp.float32))) == 0.0
    assert float(jaw_penalty(jnp.asarray(broken("eye_past_jaw_line")[None], jnp.float32))) > 0.0
    only_width = plausibility_report(broken("eye_past_jaw_line")[None])
    assert only_width["features_within_jaw_width"] == 0.0
