"""The decoder as plain arrays (what the browser decodes with) equals FaceModel.decode."""

import numpy as np
import pytest

from vec2face_widget import FaceModel
from vec2face_widget.faces.portable import decode_arrays, decoder_arrays
from vec2face_widget.widget.snapshot import decoder_snapshot


@pytest.fixture(scope="module")
def model():
    return FaceModel.pretrained()


@pytest.mark.parametrize("k", [1, 8, 19, 32])
def test_numpy_decoder_equals_the_model(model, k):
    rng = np.random.default_rng(k)
    z = model.latent_mean[:k] + model.latent_std[:k] * np.clip(rng.normal(size=(300, k)), -3, 3)
    z = z.astype(np.float32)
    diff = np.abs(decode_arrays(decoder_arrays(model), z) - model.decode(z)).max()
    assert diff < 1e-5


def test_snapshot_ships_weights_latents_and_labels(model):
    latents = np.zeros((3, 32), np.float32)
    snap = decoder_snapshot(model, latents, ["a", "b", "c"])
    assert snap["k"] == 32 and snap["labels"] == ["a", "b", "c"]
    assert len(snap["latents"]) == 3 * 32 * 4 and isinstance(snap["out_twin"], bytes)
    assert snap["dim"] == model.latent_dim and len(snap["outlines"]) == 3


def test_snapshot_refuses_a_model_it_cannot_port():
    class Stub:
        def decode(self, z):
            return np.zeros((len(z), 194, 2), np.float32)

    with pytest.raises(TypeError, match="offline_brushing needs the package's FaceModel"):
        decoder_snapshot(Stub(), np.zeros((1, 4), np.float32), ["x"])
