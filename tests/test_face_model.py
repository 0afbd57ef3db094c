import numpy as np
import pytest

from vec2face_widget import FaceModel
from vec2face_widget.faces.face_model import BUCKETS
from vec2face_widget.faces.plausibility import plausible


@pytest.fixture(scope="module")
def model():
    return FaceModel.pretrained()


def test_pretrained_loads_without_training(model):
    assert model.latent_dim == 32
    assert model.latent_std.shape == (32,) and np.all(model.latent_std > 0)
    assert "command" in model.meta["training"]
    assert FaceModel.pretrained() is model  # cached


@pytest.mark.parametrize("shape", [(5, 32), (3, 1), (2, 4, 7), (16,)])
def test_decode_shapes_and_dtype(model, shape):
    out = model.decode(np.zeros(shape))
    assert out.shape == (*shape[:-1], 194, 2) and out.dtype == np.float32


def test_decode_batches_agree_across_buckets(model):
    rng = np.random.default_rng(0)
    z = rng.standard_normal((BUCKETS[1] + 3, 8)).astype(np.float32)
    whole = model.decode(z)
    parts = np.concatenate([model.decode(z[:5]), model.decode(z[5:70]), model.decode(z[70:])])
    np.testing.assert_allclose(whole, parts, atol=1e-5)


def test_mean_latent_gives_a_plausible_face(model):
    for k in (1, 2, 8, 32):
        assert plausible(model.decode(model.latent_mean[:k][None]))[0]


def test_encode_decode_round_trip_is_close(model):
    rng = np.random.default_rng(1)
    z = model.latent_mean + model.latent_std * rng.standard_normal((20, 32)) * 0.5
    faces = model.decode(z.astype(np.float32))
    again = model.decode(model.encode(faces))
    assert np.mean((again - faces) ** 2) < 1e-4
    assert model.encode(faces, k=4).shape == (20, 4)


def test_normalize_uses_reference_frame(model):
    faces = model.decode(model.latent_mean[None])
    raw = faces * 250 + 400
    norm = model.normalize(raw)
    assert np.ptp(norm[0, :, 0]) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize(
    "bad,err,match",
    [
        (np.zeros((2, 33)), ValueError, "width 33"),
        (np.zeros((2, 0)), ValueError, "width 0"),
        (np.array([[np.nan, 0.0]]), ValueError, "non-finite"),
        (np.array([["a", "b"]]), TypeError, "numeric"),
        (np.float32(1.0), ValueError, "scalar"),
    ],
)
def test_decode_bad_input(model, bad, err, match):
    with pytest.raises(err, match=match):
        model.decode(bad)


def test_encode_bad_input(model):
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 194, 2\)"):
        model.encode(np.zeros((3, 10)))
    with pytest.raises(ValueError, match="between 1 and 32"):
        model.encode(np.zeros((1, 194, 2)), k=40)
