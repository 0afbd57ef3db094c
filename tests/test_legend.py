import xml.etree.ElementTree as ET

import numpy as np
import pytest

from vec2face_widget import FaceMapper, FaceModel


@pytest.fixture(scope="module")
def fitted():
    rng = np.random.default_rng(0)
    n = 300
    x = rng.normal(size=(n, 6)) * np.array([1, 1, 0.5, 0.5, 0.3, 0.3])
    # a strong first direction: 'cookbooks' at one end, 'thrillers' at the other
    side = rng.integers(0, 2, n)
    x[:, 0] += np.where(side, 4.0, -4.0)
    labels = np.where(side, "thrillers", "cookbooks")
    labels[::7] = "poetry"
    mapper = FaceMapper(FaceModel.pretrained()).fit(x)
    return mapper, x, labels


def test_rows_faces_and_meaning(fitted):
    mapper, x, labels = fitted
    legend = mapper.legend(x, labels, n_axes=4)
    assert len(legend) == 4 and [a.axis for a in legend] == [0, 1, 2, 3]
    first = legend.axes[0]
    assert first.faces.shape == (3, 194, 2) and first.steps == (-2.0, 0.0, 2.0)
    assert first.latent == mapper.latent_of_axis_[0]
    assert {first.low_labels[0], first.high_labels[0]} == {"cookbooks", "thrillers"}
    assert first.features and set(first.features) <= {"jaw", "nose", "mouth", "eyes", "brows"}
    assert sum(a.variance_share for a in legend) <= 1.0
    assert first.variance_share > legend.axes[1].variance_share
    # the middle face is the face of an item at the mean of every axis
    centre = mapper.model.decode(mapper.latents_of_units(np.zeros((1, mapper.n_axes_))))[0]
    np.testing.assert_allclose(first.faces[1], centre, atol=1e-6)
    # the ends differ visibly
    assert np.abs(first.faces[0] - first.faces[2]).max() > 0.01
    assert "cookbooks" in first.describe() and "thrillers" in first.describe()


def test_without_labels_svg_and_records(fitted):
    mapper, _, _ = fitted
    legend = mapper.legend(n_axes=20)
    assert len(legend) == mapper.n_axes_
    assert all(a.low_labels == [] for a in legend)
    root = ET.fromstring(legend.to_svg())
    assert root.tag.endswith("svg") and len(root.findall(".//{*}path")) == 8 * 3 * len(legend)
    rows = legend.to_records()
    assert set(rows[0]) == {
        "axis",
        "latent",
        "variance_share",
        "features",
        "low_labels",
        "high_labels",
    }


def test_bad_arguments(fitted):
    mapper, x, labels = fitted
    with pytest.raises(ValueError, match="embeddings"):
        mapper.legend(labels=labels)
    with pytest.raises(ValueError, match="labels has 3"):
        mapper.legend(x, labels[:3])
    with pytest.raises(ValueError, match="n_axes"):
        mapper.legend(n_axes=0)
    with pytest.raises(RuntimeError, match="not fitted"):
        FaceMapper(mapper.model).legend()
