"""The snapshot a saved notebook keeps: which points, and the faces of the last panel answer."""

import numpy as np

from vec2face_widget.widget.serialization import to_buffer
from vec2face_widget.widget.snapshot import faces_snapshot, kept_points, points_snapshot


def test_small_sets_keep_every_point():
    assert kept_points(5, np.array([], np.int64)).tolist() == [0, 1, 2, 3, 4]


def test_large_sets_keep_the_selection_and_an_even_sample():
    chosen = np.array([7, 99_999, 123_456])
    kept = kept_points(200_000, chosen, limit=1000)
    assert len(kept) <= 1000 and np.all(np.diff(kept) > 0)
    assert set(chosen.tolist()) <= set(kept.tolist())
    assert kept.max() > 190_000 and kept.min() == 0


def test_points_and_faces_travel_as_bytes():
    xy = np.arange(12, dtype=np.float32).reshape(6, 2)
    values = np.arange(6, dtype=np.uint16)
    kept = np.array([0, 2, 5])
    snap = points_snapshot(xy, values, "uint16", kept)
    assert snap["n"] == 3 and snap["n_all"] == 6
    assert np.frombuffer(snap["xy"], "<f4").reshape(-1, 2).tolist() == xy[kept].tolist()
    assert np.frombuffer(snap["values"], "<u2").tolist() == [0, 2, 5]
    content = {"count": 2, "labels": ["a", "b"], "buffers": ["indices", "landmarks", "mean"]}
    buffers = [
        to_buffer(np.array([2, 5]), "<i4"),
        to_buffer(np.ones((2, 194, 2)), "<f4"),
        to_buffer(np.zeros((194, 2)), "<f4"),
    ]
    faces = faces_snapshot(content, buffers, np.array([2, 3, 5]), kept)
    assert faces["labels"] == ["a", "b"] and faces["count"] == 2
    assert np.frombuffer(faces["indices"], "<i4").tolist() == [2, 5]
    assert len(faces["landmarks"]) == 2 * 194 * 2 * 4
    # 3 is not among the kept points: the selection shown is the kept part of it
    assert np.frombuffer(faces["selected"], "<i4").tolist() == [1, 2]
