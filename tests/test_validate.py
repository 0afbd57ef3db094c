"""mapping/validate.py: the one reader of embedding-like matrices."""

import numpy as np
import pytest

from vec2face_widget.mapping.validate import as_embeddings, as_finite_matrix, finite_rows


def test_dtypes_kept_or_widened():
    assert as_embeddings(np.ones((2, 3), np.float16)).dtype == np.float32
    x32 = np.ones((2, 3), np.float32)
    assert as_embeddings(x32) is x32  # no copy
    assert as_embeddings([[1, 2], [3, 4]]).dtype == np.float64
    assert as_embeddings(np.ones((2, 2), bool)).dtype == np.float64


def test_dataframe_and_series_of_vectors():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]})
    assert as_embeddings(frame).tolist() == [[1.0, 3.0], [2.0, 4.0]]
    series = pd.Series([np.array([1.0, 2.0]), np.array([3.0, 4.0])])
    assert as_embeddings(series).shape == (2, 2)
    with pytest.raises(ValueError, match="^emb: the Series holds vectors of different"):
        as_embeddings(pd.Series([np.ones(2), np.ones(3)]), "emb")


@pytest.mark.parametrize(
    "value, error, match",
    [
        (None, TypeError, "^xy: expected an array"),
        (np.zeros((3, 3)), ValueError, r"^xy must have shape \(n_items, 2\)"),
        (np.zeros(3), ValueError, r"^xy must be 2-D \(n_items, 2\)"),
        (np.zeros((0, 2)), ValueError, "^xy is empty"),
        (np.ones((2, 2), complex), TypeError, "^xy must hold numbers"),
    ],
)
def test_errors_name_the_argument(value, error, match):
    with pytest.raises(error, match=match):
        as_embeddings(value, "xy", columns=2)


def test_float32_overflow_is_not_reported_as_non_finite():
    x = np.zeros((4, 2))
    x[2, 1] = -1e300
    with pytest.raises(ValueError, match=r"overflow float32 .* the first -1e\+300 in row 2"):
        as_embeddings(x)
    x[2, 1] = 3e38  # fits
    assert as_embeddings(x)[2, 1] == 3e38
    x[2, 1] = np.nan  # NaN and inf are finite_rows' to report
    assert as_embeddings(x).shape == (4, 2)


def test_finite_rows_and_the_drop_hint():
    x = np.ones((5, 2), np.float32)
    assert finite_rows(x, "raise").all()
    x[[1, 3], 0] = [np.nan, np.inf]
    assert finite_rows(x, "drop").tolist() == [True, False, True, False, True]
    with pytest.raises(ValueError, match=r"\[1, 3\]; clean them or pass nonfinite='drop'"):
        finite_rows(x, "raise")
    with pytest.raises(ValueError, match=r"^xy has 2 row\(s\) .*; clean them$"):
        as_finite_matrix(x, "xy")
