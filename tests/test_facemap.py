"""The face map's choice of faces (one per screen cell), its labels, mode and messages."""

import numpy as np
import pytest
import traitlets
from test_widget_face_scatter import make

from vec2face_widget.faces.topology import N_POINTS
from vec2face_widget.widget.facemap import (
    CELL_PX,
    QUANTUM,
    MapView,
    facemap_cells,
    labels_with_room,
)
from vec2face_widget.widget.serialization import from_buffer

# A 100 x 100 px view of [0, 1] x [0, 1]: cells of 10 px are 0.1 wide.
VIEW = [0.0, 0.0, 1.0, 1.0, 100.0, 100.0]


def brute_force(xy, view, cell_px):
    """The rule written out point by point: nearest the cell's mean (of coordinates rounded
    to 1 / QUANTUM), ties to the lower index."""
    v = MapView.parse(view)
    cw = cell_px * (v.x1 - v.x0) / v.width
    ch = cell_px * (v.y1 - v.y0) / v.height
    cells: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(xy.astype(np.float64)):
        if v.x0 <= x <= v.x1 and v.y0 <= y <= v.y1:
            cells.setdefault((int(np.floor(x / cw)), int(np.floor(y / ch))), []).append(i)
    chosen = []
    for members in cells.values():
        pts = xy[members].astype(np.float64)
        mean = np.floor(pts * QUANTUM + 0.5).sum(axis=0) / len(members) / QUANTUM
        d = ((pts - mean) ** 2).sum(axis=1)
        chosen.append(members[int(np.argmin(d))])
    return sorted(chosen)


def test_one_face_per_cell_nearest_the_cells_mean():
    xy = np.array(
        [
            [0.01, 0.01],  # cell (0, 0): mean (0.04, 0.01), 0.05 is nearer than 0.01
            [0.05, 0.01],
            [0.06, 0.01],
            [0.55, 0.55],  # alone in its cell
            [1.5, 0.5],  # outside the view
        ],
        dtype=np.float32,
    )
    assert facemap_cells(xy, VIEW, cell_px=10).tolist() == [1, 3]
    assert facemap_cells(xy, VIEW[:4], (100.0, 100.0), cell_px=10).tolist() == [1, 3]


def test_ties_go_to_the_lower_index_and_empty_views_give_nothing():
    xy = np.array([[0.02, 0.05], [0.08, 0.05], [0.3, 0.3]], dtype=np.float32)
    assert facemap_cells(xy, VIEW, cell_px=10).tolist() == [0, 2]
    assert facemap_cells(xy, [2.0, 2.0, 3.0, 3.0, 100.0, 100.0]).size == 0


def test_matches_the_rule_written_out_on_random_data():
    xy = np.random.default_rng(1).normal(0, 0.4, (3000, 2)).astype(np.float32)
    view = [-0.7, -0.5, 0.9, 0.6, 640.0, 440.0]
    assert facemap_cells(xy, view).tolist() == brute_force(xy, view, CELL_PX)


def test_zooming_in_reveals_more_faces_and_zooming_out_thins_them():
    xy = np.random.default_rng(2).uniform(-1, 1, (20000, 2)).astype(np.float32)
    wide = facemap_cells(xy, [-1.0, -1.0, 1.0, 1.0, 400.0, 400.0])
    close = facemap_cells(xy, [-0.5, -0.5, 0.5, 0.5, 400.0, 400.0])
    assert len(wide) == pytest.approx(100, abs=5)  # 10 x 10 cells, all full
    assert len(close) == pytest.approx(100, abs=5)
    # the zoomed-in view shows 4 times as many faces in its quarter of the data
    in_quarter = np.all(np.abs(xy[wide]) <= 0.5, axis=1).sum()
    assert len(close) > 3 * in_quarter


def test_panning_keeps_the_faces_of_cells_that_stay_on_screen():
    xy = np.random.default_rng(3).uniform(-1, 1, (5000, 2)).astype(np.float32)
    a = set(facemap_cells(xy, [-1.0, -1.0, 0.2, 0.2, 480.0, 480.0]).tolist())
    b = set(facemap_cells(xy, [-0.8, -0.8, 0.4, 0.4, 480.0, 480.0]).tolist())
    # the cells are anchored at the origin: 0.2 is a whole number of 0.1-wide cells
    both = [i for i in a if np.all((xy[i] >= -0.8) & (xy[i] <= 0.2))]
    inner = [i for i in both if np.all((xy[i] >= -0.7) & (xy[i] < 0.1))]
    assert inner and set(inner) <= b


def test_bad_views_say_what_is_wrong():
    xy = np.zeros((3, 2), np.float32)
    with pytest.raises(ValueError, match="^view: needs x0 < x1"):
        facemap_cells(xy, [1.0, 0.0, 0.0, 1.0, 10.0, 10.0])
    with pytest.raises(ValueError, match="^view: expected 6 finite"):
        facemap_cells(xy, [0.0, 0.0, 1.0])
    with pytest.raises(TypeError, match="^view"):
        facemap_cells(xy, "everything")
    with pytest.raises(ValueError, match="^cell_px"):
        facemap_cells(xy, VIEW, cell_px=0)


def test_labels_only_where_there_is_room():
    px = np.array([[10.0, 10.0], [20.0, 20.0], [200.0, 10.0], [200.0, 100.0]])
    assert labels_with_room(px, (30.0, 20.0, 40.0)).tolist() == [False, False, True, True]
    assert labels_with_room(px[:1]).tolist() == [True]


def test_mode_is_checked_with_a_clear_error():
    w, _ = make()
    assert w.mode == "points"
    w.mode = "faces"
    assert w.mode == "faces"
    with pytest.raises(traitlets.TraitError, match="mode: expected 'points' or 'faces'"):
        w.mode = "face"
    with pytest.raises(ValueError, match="^mode"):
        make(mode="map")
    assert make(mode="faces")[0].mode == "faces"


def test_facemap_request_answers_its_faces_in_binary():
    w, sent = make()
    indices = np.array([4, 9, 2], dtype="<i4")
    w._handle_message(
        w,
        {"type": "facemap", "view": "v", "request_id": 7, "buffers": ["indices"]},
        [memoryview(indices.tobytes())],
    )
    content, buffers = sent[-1]
    assert content["type"] == "faces" and content["purpose"] == "facemap"
    assert content["request_id"] == 7 and content["labels"] == ["p2", "p4", "p9"]
    assert from_buffer(buffers[0], "<i4").tolist() == [2, 4, 9]
    landmarks = from_buffer(buffers[1], "<f4")
    assert landmarks.size == 3 * N_POINTS * 2
    assert from_buffer(buffers[2], "<f4").size == 0
    w._handle_message(w, {"type": "facemap", "view": "v", "request_id": 8}, [])
    assert sent[-1][0]["request_id"] == 7  # no buffer: ignored, nothing answered


def test_face_map_of_the_view_last_shown():
    w, _ = make(n=200, color=["a", "b"] * 100)
    with pytest.raises(ValueError, match="not been shown yet"):
        w.face_map()
    w._view = [-1.0, -1.0, 1.0, 1.0, 400.0, 300.0]
    faces = w.face_map()
    assert faces.indices.tolist() == facemap_cells(w._xy, w._view).tolist()
    assert faces.landmarks.shape == (len(faces.indices), N_POINTS, 2)
    assert faces.labels == [f"p{i}" for i in faces.indices.tolist()]
    assert faces.categories == [["a", "b"][i % 2] for i in faces.indices.tolist()]
    assert np.all((faces.pixels >= 0) & (faces.pixels <= [400.0, 300.0]))
    assert faces.show_label.shape == faces.indices.shape
    smaller = w.face_map([-0.2, -0.2, 0.2, 0.2, 400.0, 300.0])
    assert set(smaller.indices.tolist()) != set(faces.indices.tolist())
