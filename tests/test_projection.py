import sys

import numpy as np
import pytest

from vec2face_widget.projection import pca_2d, project


def test_pca_finds_the_main_axes():
    rng = np.random.default_rng(0)
    x = np.zeros((500, 5), np.float32)
    x[:, 2] = rng.normal(scale=10, size=500)
    x[:, 4] = rng.normal(scale=3, size=500)
    out = project(x)
    assert out.shape == (500, 2) and out.dtype == np.float32
    assert np.corrcoef(out[:, 0], x[:, 2])[0, 1] > 0.99
    assert abs(np.corrcoef(out[:, 1], x[:, 4])[0, 1]) > 0.99


def test_pca_is_deterministic_and_handles_one_dimension():
    x = np.random.default_rng(0).normal(size=(50, 3)).astype(np.float32)
    assert np.array_equal(pca_2d(x), pca_2d(x))
    assert project(x[:, :1]).shape == (50, 2)


def test_pca_is_the_mapping_pca_without_standardising():
    from vec2face_widget.mapping.pca import fit_pca

    x = np.random.default_rng(1).normal(size=(300, 4)) * [5.0, 1.0, 0.5, 2.0]
    fit = fit_pca(x, 2, standardize=False)
    assert np.allclose(pca_2d(x.astype(np.float32)), fit.transform(x), atol=1e-4)
    assert abs(fit.components[0][0]) > 0.99  # the widest column, not all alike


def test_non_finite_embeddings_are_named():
    x = np.ones((5, 3), np.float32)
    x[2, 1] = np.nan
    with pytest.raises(ValueError, match="^embeddings has 1 row"):
        project(x)


def test_callable_projection():
    x = np.ones((4, 3), np.float32)
    assert project(x, lambda a: a[:, :2]).shape == (4, 2)
    with pytest.raises(ValueError, match="^projection"):
        project(x, lambda a: a)


def test_unknown_method_names_projection():
    with pytest.raises(ValueError, match="^projection: unknown method 'pcaa'"):
        project(np.ones((3, 3)), "pcaa")


def test_missing_extra_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "umap", None)  # makes `import umap` fail
    with pytest.raises(ImportError, match=r"vec2face-widget\[umap\]"):
        project(np.ones((3, 3)), "umap")


@pytest.mark.slow
def test_tsne_when_installed():
    pytest.importorskip("sklearn")
    x = np.random.default_rng(0).normal(size=(60, 5)).astype(np.float32)
    assert project(x, "tsne", verbose=False).shape == (60, 2)
