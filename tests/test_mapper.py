import numpy as np
import pytest

from vec2face_widget import FaceMapper, FaceModel
from vec2face_widget.faces.align import mirror
from vec2face_widget.faces.plausibility import plausible
from vec2face_widget.faces.pose import antisymmetric_share, rigid_share


@pytest.fixture(scope="module")
def model():
    return FaceModel.pretrained()


def blobs(n=300, d=10, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 3, (4, d))
    return centres[rng.integers(0, 4, n)] + rng.normal(0, 1, (n, d))


@pytest.mark.parametrize("d", [1, 5, 19, 32, 100])
def test_shapes_for_d_below_equal_above_latent_size(model, d):
    n_sym = int((model.latent_parity > 0).sum())
    x = blobs(d=d)
    mapper = FaceMapper(model).fit(x)
    z = mapper.transform(x)
    assert z.shape == (300, model.latent_dim) and z.dtype == np.float32
    assert mapper.n_latents_ == model.latent_dim
    assert mapper.n_axes_ == min(d, n_sym)
    faces = mapper.faces(x[:7])
    assert faces.shape == (7, 194, 2) and faces.dtype == np.float32
    assert 0 < mapper.explained_variance_ <= 1 + 1e-9
    if d <= n_sym:
        assert mapper.explained_variance_ == pytest.approx(1.0)
    posed = FaceMapper(model, pose=True).fit(x)
    assert posed.n_axes_ == min(d, model.latent_dim)


def test_head_pose_stays_neutral(model):
    x = blobs(d=40)
    mapper = FaceMapper(model).fit(x)
    z = mapper.transform(x)
    anti = model.latent_parity < 0
    np.testing.assert_array_equal(
        z[:, anti], np.broadcast_to(model.latent_mean[anti], z[:, anti].shape)
    )
    assert set(mapper.latent_of_axis_.tolist()) <= set(np.flatnonzero(~anti).tolist())
    faces = mapper.faces(x)
    np.testing.assert_allclose(faces, mirror(faces), atol=2e-5)  # symmetric faces
    assert rigid_share(faces) < 0.05
    # the old behaviour on request: the head turn may carry an axis
    posed = FaceMapper(model, pose=True).fit(x)
    assert antisymmetric_share(posed.faces(x)) > 0.2


def test_deterministic_and_streaming(model):
    x = blobs(d=40)
    a = FaceMapper(model).fit(x)
    b = FaceMapper(model).fit(x)
    np.testing.assert_array_equal(a.transform(x), b.transform(x))
    # new vectors after fitting, one at a time or in a batch, agree
    new = blobs(n=5, d=40, seed=9)
    np.testing.assert_allclose(a.transform(new[:1]), a.transform(new)[:1], atol=1e-6)


def test_plausible_and_clipped(model):
    rng = np.random.default_rng(3)
    x = rng.standard_t(df=2, size=(500, 20))  # heavy tails
    mapper = FaceMapper(model, clip=3.0).fit(x)
    z = mapper.transform(x)
    sd = (z - model.latent_mean) / model.latent_std
    assert np.abs(sd).max() <= 3.0 + 1e-5
    assert plausible(mapper.faces(x)).mean() >= 0.99


def test_strongest_direction_goes_to_most_readable_latent(model):
    rng = np.random.default_rng(4)
    # column 2 carries by far the most variance, correlated with nothing else
    x = rng.normal(0, 1, (400, 6)) * np.array([1, 1, 1, 1, 1, 1.0])
    x[:, 2] = rng.normal(0, 1, 400) * 10
    x[:, 3] = x[:, 2] + rng.normal(0, 1, 400)  # the top axis mixes columns 2 and 3
    mapper = FaceMapper(model).fit(x)
    top = mapper.latent_of_axis_[0]
    readable = np.where(model.latent_parity > 0, mapper.effects_.readability, -np.inf)
    assert top == int(np.argmax(readable))
    z = mapper.transform(x)
    # the face moves most (landmark movement) along that most readable latent
    spread = z.std(axis=0) / model.latent_std * mapper.visibility_
    assert int(np.argmax(spread)) == top


def test_accepts_lists_pandas_and_float_dtypes(model):
    pd = pytest.importorskip("pandas")
    x = blobs(n=50, d=6)
    ref = FaceMapper(model).fit(x).transform(x)
    for variant in (
        x.tolist(),
        pd.DataFrame(x),
        pd.Series(list(x)),
        x.astype(np.float32),
        x.astype(np.float16),
    ):
        z = FaceMapper(model).fit(variant).transform(variant)
        assert z.shape == ref.shape
        np.testing.assert_allclose(z, ref, atol=0.05)


def test_nonfinite_rows_raise_with_indices_or_drop(model):
    x = blobs(n=100, d=5)
    x[[3, 17, 40], 1] = np.nan
    x[50, 0] = np.inf
    msg = r"4 row\(s\) with NaN or inf, first at index \[3, 17, 40, 50\]"
    with pytest.raises(ValueError, match=msg):
        FaceMapper(model).fit(x)
    mapper = FaceMapper(model, nonfinite="drop").fit(x)
    z = mapper.transform(x)
    assert z.shape == (96, model.latent_dim) and mapper.dropped_.tolist() == [3, 17, 40, 50]


@pytest.mark.parametrize(
    "bad,err,match",
    [
        (np.arange(10.0), ValueError, "1-D array"),
        (np.zeros((0, 4)), ValueError, "empty"),
        (np.array([["a", "b"], ["c", "d"]]), TypeError, "must hold numbers"),
        (np.array([[1, "x"]], dtype=object), TypeError, "non-numeric"),
        (np.ones((1, 4)), ValueError, "at least 2 rows"),
        (np.zeros((3, 2, 2)), ValueError, "2-D"),
        ("abc", TypeError, "string"),
    ],
)
def test_bad_input(model, bad, err, match):
    with pytest.raises(err, match=match):
        FaceMapper(model).fit(bad)


def test_constant_columns_are_documented_not_broken(model):
    x = blobs(n=80, d=4)
    x[:, 1] = 7.0
    mapper = FaceMapper(model).fit(x)
    assert mapper.constant_columns_.tolist() == [1]
    z = mapper.transform(x)
    assert np.all(np.isfinite(z))
    all_const = np.ones((10, 3))
    faces = FaceMapper(model).fit(all_const).faces(all_const)
    np.testing.assert_allclose(faces, faces[:1].repeat(10, 0), atol=1e-6)  # all the mean face


def test_transform_checks(model):
    mapper = FaceMapper(model)
    with pytest.raises(RuntimeError, match="not fitted"):
        mapper.transform(np.zeros((2, 3)))
    mapper.fit(blobs(d=3))
    with pytest.raises(ValueError, match="fitted on 3"):
        mapper.transform(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="clip"):
        FaceMapper(model, clip=-1)
    with pytest.raises(ValueError, match="nonfinite"):
        FaceMapper(model, nonfinite="ignore")
