import numpy as np
import pytest

from tests.helen_files import synthetic_faces, write_folder
from vec2face_widget import FaceModel
from vec2face_widget.faces.training import TrainConfig, split_indices, train
from vec2face_widget.faces.weights import WeightsError
from vec2face_widget.train import main as train_main

SMALL = TrainConfig(
    latent_dim=4,
    dec_hidden=8,
    steps=150,
    batch_size=32,
    widths_per_step=2,
    prior_batch=16,
    eval_ks=(1, 2, 4),
)


@pytest.fixture(scope="module")
def faces():
    return synthetic_faces(60, seed=1)


def test_split_is_deterministic_and_disjoint():
    a_tr, a_va = split_indices(100, 0.1, 0)
    b_tr, b_va = split_indices(100, 0.1, 0)
    assert np.array_equal(a_tr, b_tr) and np.array_equal(a_va, b_va)
    assert len(a_va) == 10 and not set(a_tr) & set(a_va)
    with pytest.raises(ValueError):
        split_indices(2, 0.5, 0)


def test_short_training_lowers_loss(faces):
    result = train(faces, SMALL, progress=False)
    first, last = np.mean(result.losses[:10]), np.mean(result.losses[-10:])
    assert last < first
    assert set(result.val_mse) == {1, 2, 4}
    assert all(np.isfinite(v) for v in result.val_mse.values())
    assert len(result.val_idx) == 6


def test_cli_trains_saves_and_loads(tmp_path):
    write_folder(tmp_path / "ann", synthetic_faces(40, seed=2))
    out = tmp_path / "w.npz"
    code = train_main(
        [
            "--data",
            str(tmp_path / "ann"),
            "--latent",
            "3",
            "--steps",
            "30",
            "--out",
            str(out),
            "--quiet",
        ]
    )
    assert code == 0 and out.exists() and out.with_suffix(".md").exists()
    model = FaceModel.load(out)
    assert model.latent_dim == 3
    assert model.meta["training"]["command"].startswith("python -m vec2face_widget.train")
    faces = model.decode(np.zeros((2, 3)))
    assert faces.shape == (2, 194, 2) and faces.dtype == np.float32
    model.save(tmp_path / "again.npz")
    again = FaceModel.load(tmp_path / "again.npz")
    np.testing.assert_array_equal(again.decode(np.ones((1, 2))), model.decode(np.ones((1, 2))))


def test_unreadable_weights(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(WeightsError, match="not a readable"):
        FaceModel.load(bad)
    with pytest.raises(WeightsError, match="no face-model weights"):
        FaceModel.load(tmp_path / "missing.npz")
    np.savez(tmp_path / "other.npz", meta=np.asarray('{"format": "x"}'))
    with pytest.raises(WeightsError, match="format 'x'"):
        FaceModel.load(tmp_path / "other.npz")
