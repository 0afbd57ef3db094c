"""The fast path's checks of which faces the last layers change, against the layers."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from vec2face_widget import FaceModel
from vec2face_widget.faces.fast_decode import (
    BIG_BATCH,
    FLAG_TOLERANCE,
    decode_flagged,
    fold,
    lids_needed,
)
from vec2face_widget.faces.layers import (
    _jaw_fit,
    fit_features,
    jaw_needed,
    layers_needed,
    lid_gaps,
    open_lids,
)


@pytest.fixture(scope="module")
def far_faces():
    """Faces before the last layers, from latents out to 4 sd (many need a layer)."""
    model = FaceModel.pretrained()
    rng = np.random.default_rng(11)
    z = model.latent_mean + 4 * model.latent_std * rng.standard_normal((4000, 32))
    ae = model.autoencoder
    faces = ae.decoder(jnp.asarray(z, jnp.float32), jnp.asarray(32), ae.scale[...], ae.mean[...])
    return jnp.asarray(faces).reshape(-1, 194, 2), np.asarray(ae.lid_margin[...])


def changed(before, after) -> np.ndarray:
    return np.asarray(jnp.any(before != after, axis=(1, 2)))


@pytest.mark.parametrize("run", [1, 7, 32, 200])
def test_jaw_needed_says_exactly_which_faces_the_jaw_layer_narrows(far_faces, run):
    faces, _ = far_faces
    need = np.asarray(jaw_needed(faces, run))
    assert 10 < need.sum() < len(need)  # both kinds are there
    np.testing.assert_array_equal(need, np.asarray(_jaw_fit(faces)[1] < 1.0))
    moved = np.abs(np.asarray(fit_features(faces)) - np.asarray(faces)).max(axis=(1, 2))
    assert moved[~need].max() < 1e-6  # the others: rounding of x = centre + 1 * (x - centre)


def test_lids_needed_flags_every_face_the_lid_layer_changes_and_few_more(far_faces):
    faces, margins = far_faces
    need = np.asarray(lids_needed(faces, margins))
    opened = changed(faces, open_lids(faces, jnp.asarray(margins)))
    assert 10 < opened.sum() < len(opened)
    assert not np.any(opened & ~need)  # never misses one
    # the others have a gap within the tolerance of its margin (doubled: rounding)
    gaps = np.concatenate([np.asarray(g) for g in lid_gaps(faces)], axis=1)
    assert not np.any(need & ~np.any(gaps < margins + 2 * FLAG_TOLERANCE, axis=1))


def test_the_fast_checks_cover_layers_needed(far_faces):
    faces, margins = far_faces
    reference = np.asarray(layers_needed(faces, jnp.asarray(margins)))
    fast = np.asarray(lids_needed(faces, margins) | jaw_needed(faces))
    assert not np.any(reference & ~fast)
    assert fast.sum() - reference.sum() <= 0.01 * len(fast)


def test_both_forms_of_the_fast_path_agree(far_faces):
    model = FaceModel.pretrained()
    folded = fold(model.autoencoder, model.latent_dim)
    rng = np.random.default_rng(12)
    z = model.latent_mean + 4 * model.latent_std * rng.standard_normal((BIG_BATCH, 32))
    z = jnp.asarray(z, jnp.float32)
    big = jax.jit(lambda c: decode_flagged(folded, c))  # run=1 at this size
    small = jax.jit(lambda c: decode_flagged(folded, c, run=32))
    (faces, flags), (faces32, flags32) = big(z), small(z)
    np.testing.assert_array_equal(np.asarray(faces), np.asarray(faces32))
    np.testing.assert_array_equal(np.asarray(flags), np.asarray(flags32))
    assert 10 < int(flags.sum()) < BIG_BATCH
