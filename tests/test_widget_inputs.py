import numpy as np
import pytest

from vec2face_widget.mapping.validate import as_finite_matrix
from vec2face_widget.widget import inputs as check


def test_matrix_ok_and_float32():
    out = as_finite_matrix([[1, 2], [3, 4]], "embeddings")
    assert out.dtype == np.float32 and out.shape == (2, 2)


@pytest.mark.parametrize(
    ("color", "categories", "codes"),
    [
        (["eight", "five", "four", "five"], ["eight", "five", "four"], [0, 1, 2, 1]),
        ([10, 2, 1, 2], ["1", "2", "10"], [2, 1, 0, 1]),
        (np.array([10, 2, 1, 2], dtype=object), ["1", "2", "10"], [2, 1, 0, 1]),
        ([2.0, 10.0] * 20, None, None),
        ([True, False], ["False", "True"], [1, 0]),
        (np.array(["z", 3, "a"], dtype=object), ["z", "3", "a"], [0, 1, 2]),
    ],
)
def test_categories_keep_first_appearance_or_numeric_order(color, categories, codes):
    spec = check.as_color(color, len(color))
    if categories is None:  # floats are a continuous scale, not categories
        assert spec.kind == "value"
        return
    assert spec.kind == "category" and spec.categories == categories
    assert spec.point_values()[0].tolist() == codes


@pytest.mark.parametrize(
    "value, error",
    [
        (None, TypeError),
        ([1, 2, 3], ValueError),
        (np.zeros((0, 3)), ValueError),
        (np.array([["a", "b"]]), TypeError),
        (np.array([[1.0, np.nan]]), ValueError),
        (np.array([[1.0, np.inf]]), ValueError),
        (np.ones((2, 2), complex), TypeError),
    ],
)
def test_matrix_errors_name_the_argument(value, error):
    with pytest.raises(error, match="^embeddings"):
        as_finite_matrix(value, "embeddings")


def test_xy_needs_two_columns():
    with pytest.raises(ValueError, match="^xy"):
        as_finite_matrix(np.zeros((3, 3)), "xy", columns=2)


def test_labels_are_read_lazily_as_text():
    from vec2face_widget.widget.labels import Labels

    assert Labels(None, 3).to_list() == ["0", "1", "2"]
    items = [1, "b", None]
    labels = Labels(items, 3)
    assert labels.to_list() == ["1", "b", "None"] and labels.take([2, 0]) == ["None", "1"]
    assert Labels(iter("xyz"), 3)[1] == "y" and Labels(np.array([4, 5]), 2)[1] == "5"
    with pytest.raises(ValueError, match="^labels: has 2 entries"):
        Labels(["a", "b"], 3)
    with pytest.raises(TypeError, match="^labels"):
        Labels("abc", 3)
    with pytest.raises(TypeError, match="^labels: expected a sequence"):
        Labels(3.5, 3)
    with pytest.raises(ValueError, match="^labels: expected one label per point"):
        Labels(np.zeros((3, 2)), 3)


def test_color_categories_and_values():
    spec = check.as_color(["b", "a", "b"], 3)
    assert spec.kind == "category" and spec.categories == ["b", "a"]
    values, dtype = spec.point_values()
    assert dtype == "uint16" and values.dtype == np.uint16 and values.tolist() == [0, 1, 0]
    spec = check.as_color([0.5, 1.5, 2.5], 3)
    assert spec.kind == "value" and (spec.vmin, spec.vmax) == (0.5, 2.5)
    values, dtype = spec.point_values()
    assert dtype == "float32" and values.tolist() == [0.0, 0.5, 1.0]
    assert check.as_color(np.arange(3) % 2, 3).kind == "category"
    assert check.as_color(np.arange(100), 100).kind == "value"
    assert check.as_color([True, False, True], 3).kind == "category"
    assert check.as_color(None, 3).kind == "none"
    assert check.as_color(None, 3).point_values()[0].size == 0


@pytest.mark.parametrize(
    "value, error",
    [([1.0, 2.0], ValueError), ([1.0, np.nan, 2.0], ValueError), ("abc", TypeError)],
)
def test_color_errors_name_the_argument(value, error):
    with pytest.raises(error, match="^color"):
        check.as_color(value, 3)


def test_overflowing_float32_is_named_as_such():
    x = np.ones((3, 2))
    x[1, 0] = 1e300
    with pytest.raises(ValueError, match=r"^embeddings: 1 value\(s\) overflow float32.* row 1"):
        as_finite_matrix(x, "embeddings")
    x[1, 0] = np.inf  # a real inf is reported as one
    with pytest.raises(ValueError, match=r"^embeddings has 1 row\(s\) with NaN or inf"):
        as_finite_matrix(x, "embeddings")


def test_boolean_mask_selects_where_true():
    mask = np.zeros(5, bool)
    mask[[1, 3]] = True
    assert check.as_indices(mask, 5).tolist() == [1, 3]
    assert check.as_indices([False] * 5, 5).tolist() == []
    with pytest.raises(ValueError, match="^indices: a boolean mask needs one entry per point"):
        check.as_indices(mask[:4], 5)


def test_indices():
    assert check.as_indices([3, 1, 3], 5).tolist() == [1, 3]
    assert check.as_indices(np.int64(2), 5).tolist() == [2]
    assert check.as_indices([], 5).tolist() == []
    with pytest.raises(ValueError, match="^indices: 1 indices are outside"):
        check.as_indices([0, 5], 5)
    with pytest.raises(TypeError, match="^indices"):
        check.as_indices([0.5], 5)
    with pytest.raises(TypeError, match="^indices"):
        check.as_indices(None, 5)


def test_positive_int():
    assert check.as_positive_int(3, "max_faces") == 3
    with pytest.raises(ValueError, match="^max_faces"):
        check.as_positive_int(0, "max_faces")
    with pytest.raises(TypeError, match="^max_faces"):
        check.as_positive_int(2.0, "max_faces")
    with pytest.raises(TypeError, match="^max_faces"):
        check.as_positive_int(True, "max_faces")
