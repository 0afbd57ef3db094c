import numpy as np
import pytest

from vec2face_widget import FaceModel
from vec2face_widget.faces.align import mirror
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


def test_a_batch_of_many_chunks_in_flight_decodes_each_face_as_alone(model):
    # More chunks than are dispatched ahead, the last one partial; latents out to 4 sd
    # so that the lid and jaw layers act on some faces in several chunks.
    rng = np.random.default_rng(3)
    n = BUCKETS[-1] * 5 + 17
    z = (model.latent_mean + 4 * model.latent_std * rng.standard_normal((n, 32))).astype(np.float32)
    whole = model.decode(z)
    picks = np.r_[0:3, BUCKETS[-1] - 2 : BUCKETS[-1] + 2, n - 20 : n]
    alone = np.concatenate([model.decode(z[i : i + 1]) for i in picks])
    np.testing.assert_allclose(whole[picks], alone, atol=1e-5)
    np.testing.assert_allclose(whole[::97], model.decode(z[::97]), atol=1e-5)


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


def test_normalize_removes_pose(model):
    face = model.decode(model.latent_mean[None])[0]
    c, s = np.cos(0.4), np.sin(0.4)
    raw = 250 * face @ np.array([[c, s], [-s, c]]) + np.array([400.0, 300.0])
    norm = model.normalize(np.stack([raw, face]))
    assert norm.dtype == np.float32
    np.testing.assert_allclose(norm[0], norm[1], atol=1e-5)  # pose gone
    np.testing.assert_allclose(norm[1], face, atol=2e-3)  # decoded faces are aligned already
    np.testing.assert_allclose(model.normalize(model.template), model.template, atol=1e-6)


def test_mirrored_latents_decode_to_the_mirror_image(model):
    rng = np.random.default_rng(5)
    z = model.latent_mean + model.latent_std * rng.normal(0, 0.7, (50, 32))
    flipped = model.latent_mean + (z - model.latent_mean) * model.latent_parity
    np.testing.assert_allclose(
        model.decode(flipped.astype(np.float32)),
        mirror(model.decode(z.astype(np.float32))),
        atol=2e-5,
    )


def test_symmetric_latents_alone_give_symmetric_faces(model):
    rng = np.random.default_rng(6)
    z = model.latent_mean + model.latent_std * rng.normal(0, 1, (50, 32))
    z[:, model.latent_parity < 0] = model.latent_mean[model.latent_parity < 0]
    faces = model.decode(z.astype(np.float32))
    np.testing.assert_allclose(faces, mirror(faces), atol=2e-5)
    assert (model.latent_parity > 0).sum() >= 12


@pytest.mark.parametrize(
    "bad,err,match",
    [
        (np.zeros((2, 33)), ValueError, "width 33"),
        (np.zeros((2, 0)), ValueError, "width 0"),
        (np.array([[np.nan, 0.0]]), ValueError, "non-finite"),
        (
            np.array([[0.0, 1.0], [-np.inf, 0.0]]),
            ValueError,
            r"1 row\(s\), first at flat index \[1\]",
        ),
        (np.array([[1e39, -1e39]]), ValueError, "non-finite"),  # past float32's range
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


def test_jaw_layer_narrows_only_faces_that_need_it(model):
    import jax.numpy as jnp

    from vec2face_widget.faces.layers import fit_features
    from vec2face_widget.faces.plausibility import RULES
    from vec2face_widget.faces.topology import part

    face = model.decode(model.latent_mean[None])
    np.testing.assert_allclose(np.asarray(fit_features(jnp.asarray(face))), face, atol=1e-7)
    broken = face.copy()
    broken[0, list(part("eye_a").indices), 0] += 0.3
    fixed = np.asarray(fit_features(jnp.asarray(broken)))
    assert not RULES["features_within_jaw_width"](broken)[0]
    assert RULES["features_within_jaw_width"](fixed)[0]
    np.testing.assert_array_equal(fixed[0, :41], broken[0, :41])  # the jaw stays


@pytest.mark.parametrize("k", [4, 32])
def test_fast_decode_matches_the_exact_model_where_layers_act(model, k):
    """The fast path (folded product, layers only on flagged faces) equals the exact model,
    on latents far enough out that the lid and jaw layers act on many faces."""
    import jax.numpy as jnp

    rng = np.random.default_rng(3)
    z = model.latent_mean[:k] + 4 * model.latent_std[:k] * rng.standard_normal((3000, k))
    z = z.astype(np.float32)
    padded = np.zeros((len(z), model.latent_dim), np.float32)
    padded[:, :k] = z
    exact = np.asarray(model.autoencoder.decode(jnp.asarray(padded), k))
    open_ = np.asarray(
        model.autoencoder.decoder(
            jnp.asarray(padded),
            jnp.asarray(k),
            model.autoencoder.scale[...],
            model.autoencoder.mean[...],
        )
    )
    changed = np.abs(exact.reshape(len(z), -1) - open_).max(axis=1) > 1e-6
    assert changed.sum() > 30  # the layers really act on these latents
    np.testing.assert_allclose(model.decode(z), exact, atol=2e-5)


def test_after_warm_up_no_batch_compiles_again():
    """Brushing never waits on a compile: after ``warm_up``, batches of any size up to the
    warmed one, with many faces that need the last layers, reuse the compiled code."""
    from vec2face_widget.faces.face_model import LAYER_BUCKETS

    fresh = FaceModel.pretrained()
    k = 8
    fresh.warm_up(1024, width=k)
    fast, layers = fresh._fast(k), fresh._layers_jit
    compiled = (fast._cache_size(), layers._cache_size())
    assert compiled[1] == len(LAYER_BUCKETS)
    rng = np.random.default_rng(5)
    for n in (1, 49, 300, 1000, 1024):
        z = fresh.latent_mean[:k] + 4 * fresh.latent_std[:k] * rng.standard_normal((n, k))
        fresh.decode(z.astype(np.float32))
    assert (fast._cache_size(), layers._cache_size()) == compiled
