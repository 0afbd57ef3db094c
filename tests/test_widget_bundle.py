"""Without the front-end bundle, FaceScatter says so at construction, in Python."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from vec2face_widget.widget import bundle
from vec2face_widget.widget.face_scatter import FaceScatter


class FakeMapper:
    def fit_transform(self, embeddings):
        return np.asarray(embeddings, dtype=np.float32)[:, :4]


class FakeModel:
    def decode(self, latents):
        return np.zeros((len(latents), 194, 2), np.float32)


def test_missing_bundle_warns_at_construction(monkeypatch, tmp_path):
    monkeypatch.setattr(bundle, "BUNDLE", tmp_path / "widget.js")
    x = np.random.default_rng(0).normal(size=(10, 6))
    with pytest.warns(bundle.MissingBundleWarning, match="make js"):
        FaceScatter(x, mapper=FakeMapper(), model=FakeModel())
    assert "bundle is missing" in bundle.esm()


def test_built_bundle_gives_no_warning():
    assert bundle.BUNDLE.is_file(), "build the bundle first: make js"
    x = np.random.default_rng(0).normal(size=(10, 6))
    with warnings.catch_warnings():
        warnings.simplefilter("error", bundle.MissingBundleWarning)
        w = FaceScatter(x, mapper=FakeMapper(), model=FakeModel())
    assert w._esm.endswith(bundle.BUNDLE.read_text()) and "\n" in w._esm[:80]
