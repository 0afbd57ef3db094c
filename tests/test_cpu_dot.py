import re

import jax
import numpy as np
import pytest

from vec2face_widget import FaceModel
from vec2face_widget.faces import cpu_dot
from vec2face_widget.faces.face_model import BUCKETS


def library_fusions(compiled_text: str) -> set[str]:
    """Products XLA handed to YNNPACK or XNNPACK in a compiled CPU program."""
    return set(re.findall(r"__[xy]nn_fusion", compiled_text))


@pytest.fixture
def fresh_probe():
    cpu_dot.eigen_dot_options.cache_clear()
    yield
    cpu_dot.eigen_dot_options.cache_clear()


def test_this_jax_takes_the_options_on_the_cpu(fresh_probe):
    assert jax.default_backend() == "cpu"
    assert cpu_dot.eigen_dot_options() == cpu_dot.EIGEN_DOT


def test_products_compiled_with_them_leave_the_libraries_and_agree():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((512, 97)).astype(np.float32)
    k = rng.standard_normal((97, 388)).astype(np.float32)
    plain, eigen = jax.jit(lambda a: a @ k), cpu_dot.jit_eigen_dot(lambda a: a @ k)
    assert library_fusions(plain.lower(x).compile().as_text())  # the default, on this jaxlib
    assert not library_fusions(eigen.lower(x).compile().as_text())
    np.testing.assert_allclose(np.asarray(eigen(x)), np.asarray(plain(x)), rtol=1e-5, atol=1e-4)


def test_the_face_models_fast_decoder_is_compiled_with_them():
    model = FaceModel.pretrained()
    z = np.zeros((BUCKETS[-1], model.latent_dim), np.float32)
    text = model._fast(model.latent_dim).lower(z).compile().as_text()
    assert " dot(" in text and not library_fusions(text)


def test_an_option_this_jax_does_not_know_gives_a_plain_jit(fresh_probe, monkeypatch):
    monkeypatch.setattr(cpu_dot, "EIGEN_DOT", {"xla_cpu_no_such_option_here": True})
    assert cpu_dot.eigen_dot_options() == {}
    double = cpu_dot.jit_eigen_dot(lambda a: 2 * a)
    np.testing.assert_array_equal(np.asarray(double(np.ones(3, np.float32))), 2.0)


def test_off_the_cpu_no_options_are_set(fresh_probe, monkeypatch):
    monkeypatch.setattr(jax, "default_backend", lambda: "gpu")
    assert cpu_dot.eigen_dot_options() == {}
