import numpy as np
import pytest

from tests.helen_files import synthetic_faces
from vec2face_widget.faces.normalize import ReferenceFrame


def test_reference_frame_definition():
    raw = synthetic_faces(20)
    frame = ReferenceFrame.fit(raw)
    norm = frame.normalize(raw)
    assert norm.dtype == np.float32 and norm.shape == raw.shape
    # width 1 per face, min x at -offset_x, min y at -offset_y
    np.testing.assert_allclose(np.ptp(norm[..., 0], axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(norm[..., 0].min(axis=1), -frame.offset[0], atol=1e-6)
    np.testing.assert_allclose(norm[..., 1].min(axis=1), -frame.offset[1], atol=1e-6)
    # the offset is half the dataset-wide maximum of the unit faces
    assert frame.offset[0] == pytest.approx(0.5)


def test_round_trip():
    raw = synthetic_faces(5, seed=3)
    frame = ReferenceFrame.fit(raw)
    norm, origin, scale = frame.normalize_with_inverse(raw)
    back = frame.denormalize(norm, origin, scale)
    np.testing.assert_allclose(back, raw, rtol=1e-5, atol=1e-3)


def test_bad_input():
    frame = ReferenceFrame(offset=(0.5, 0.6))
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 194, 2\)"):
        frame.normalize(np.zeros((3, 10, 2)))
    bad = synthetic_faces(3)
    bad[1, 4, 0] = np.nan
    with pytest.raises(ValueError, match=r"non-finite.*\[1\]"):
        frame.normalize(bad)
    with pytest.raises(ValueError, match="zero width"):
        frame.normalize(np.ones((1, 194, 2)))
