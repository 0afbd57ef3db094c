"""FaceScatter sends its points before the faces are ready: preparation in the background,
requests that wait for it, errors that reach the widget, close() freeing the arrays, and
the size limit. A fake face model and mapper, no JAX, no browser."""

import gc
import logging
import threading
import time
import weakref

import numpy as np
import pytest

from vec2face_widget.faces.topology import N_POINTS
from vec2face_widget.widget.face_scatter import FaceScatter
from vec2face_widget.widget.protocol import PREVIEW_SAMPLE
from vec2face_widget.widget.serialization import from_buffer


class FakeModel:
    def decode(self, latents):
        latents = np.asarray(latents, np.float32)
        base = np.linspace(-0.5, 0.5, N_POINTS * 2, dtype=np.float32).reshape(N_POINTS, 2)
        return base[None] + latents[:, :1, None] * 0.01


class GatedMapper:
    """fit/transform like FaceMapper; fit waits for ``gate`` (or raises ``error``)."""

    def __init__(self, error=None):
        self.model = FakeModel()
        self.gate = threading.Event()
        self.error = error
        self.fitted_on = None
        self.rows_asked = 0

    def fit(self, x):
        assert self.gate.wait(30)
        if self.error:
            raise self.error
        self.fitted_on = len(x)
        return self

    def transform(self, x):
        self.rows_asked += len(x)
        return np.asarray(x, np.float32)[:, :4]


def build(n=50, mapper=None, **kwargs):
    x = np.random.default_rng(0).normal(size=(n, 6)).astype(np.float32)
    mapper = mapper or GatedMapper()
    w = FaceScatter(x, mapper=mapper, xy=x[:, :2], **kwargs)
    sent = []
    w.send = lambda content, buffers=None: sent.append((content, list(buffers or [])))
    return w, sent, mapper


def faces(sent):
    return [(c, b) for c, b in sent if c["type"] == "faces"]


def test_points_go_out_before_anything_face_related_starts():
    w, sent, mapper = build()
    assert w._faces_status == "waiting" and mapper.fitted_on is None
    w._handle_message(w, {"type": "ready", "view": "v"}, [])
    assert [c["type"] for c, _ in sent] == ["points", "selection"]
    assert w._faces_status == "waiting"  # the first frame is not drawn yet
    w._handle_message(w, {"type": "drawn", "view": "v"}, [])
    assert w._faces_status == "preparing"
    mapper.gate.set()
    w._prep.wait(timeout=30)
    assert w._faces_status == "ready" and mapper.fitted_on == 50


def test_requests_before_the_faces_are_ready_are_answered_once_they_are():
    w, sent, mapper = build(max_faces=4)
    w._handle_message(w, {"type": "drawn", "view": "v"}, [])
    w._handle_message(w, {"type": "hover", "view": "v", "request_id": 1, "index": 3}, [])
    indices = np.array([5, 1, 9], np.int32).tobytes()
    w._handle_message(w, {"type": "select", "view": "v", "request_id": 2}, [indices])
    assert w.selection == [1, 5, 9]  # the selection does not wait for the faces
    assert faces(sent) == []
    mapper.gate.set()
    w._prep.wait(timeout=30)
    answers = faces(sent)
    assert [c["request_id"] for c, _ in answers] == [1, 2]
    assert answers[1][0]["count"] == 3 and "error" not in answers[1][0]
    assert sorted(from_buffer(answers[1][1][0], "<i4").tolist()) == [1, 5, 9]


def test_a_request_starts_the_preparation_without_a_drawn_message():
    w, sent, mapper = build()
    mapper.gate.set()
    w._handle_message(w, {"type": "panel", "view": "v", "request_id": 4}, [])
    w._prep.wait(timeout=30)
    assert [c["request_id"] for c, _ in faces(sent)] == [4]


def test_a_failed_preparation_reaches_the_widget_and_every_waiting_request(caplog):
    w, sent, mapper = build(mapper=GatedMapper(error=RuntimeError("no weights here")))
    w._handle_message(w, {"type": "hover", "view": "v", "request_id": 1, "index": 3}, [])
    with caplog.at_level(logging.ERROR):
        mapper.gate.set()
        with pytest.raises(RuntimeError, match="preparing the faces failed: no weights here"):
            w._prep.wait(timeout=30)
    assert w._faces_status == "error"
    assert w.error == "Could not prepare the faces: RuntimeError: no weights here"
    w._handle_message(w, {"type": "hover", "view": "v", "request_id": 2, "index": 4}, [])
    answers = faces(sent)
    assert [c["request_id"] for c, _ in answers] == [1, 2]
    assert all("no weights here" in c["error"] for c, _ in answers)


def test_latents_are_mapped_for_the_rows_shown_only():
    w, sent, mapper = build(n=20_000, max_faces=8)
    mapper.gate.set()
    w._prep.wait(timeout=30)
    before = mapper.rows_asked
    chosen = np.arange(0, 20_000, 2, dtype=np.int32)  # 10,000 points
    w._handle_message(w, {"type": "select", "view": "v", "request_id": 1}, [chosen.tobytes()])
    assert mapper.rows_asked - before == PREVIEW_SAMPLE
    assert faces(sent)[-1][0]["count"] == 10_000


def test_a_preview_of_a_big_brush_is_a_sample_with_its_count_and_shows_the_select_faces():
    w, sent, mapper = build(n=20_000, max_faces=8)
    mapper.gate.set()
    w._prep.wait(timeout=30)
    full = np.arange(3, 20_000, 3, dtype=np.int32)  # 6,666 points
    sample = full[(np.arange(PREVIEW_SAMPLE) * full.size) // PREVIEW_SAMPLE].astype(np.int32)
    message = {"type": "preview", "view": "v", "request_id": 1, "count": int(full.size)}
    w._handle_message(w, message, [sample.tobytes()])
    w._handle_message(w, {"type": "select", "view": "v", "request_id": 2}, [full.tobytes()])
    (preview, pb), (select, sb) = faces(sent)
    assert preview["preview"] is True and preview["count"] == select["count"] == full.size
    assert preview["labels"] == select["labels"]
    assert [bytes(b) for b in pb] == [bytes(b) for b in sb]


@pytest.mark.parametrize("count", [3, 10**9, "many", True])
def test_a_preview_with_a_count_that_does_not_fit_is_ignored(count, caplog):
    w, sent, _ = build()
    indices = np.array([1, 2, 3, 4], np.int32).tobytes()
    with caplog.at_level(logging.WARNING):
        w._handle_message(w, {"type": "preview", "request_id": 1, "count": count}, [indices])
    assert "ignored a message" in caplog.text and faces(sent) == []


def test_close_frees_the_point_arrays_and_the_face_parts():
    x = np.random.default_rng(0).normal(size=(5000, 6)).astype(np.float32)
    mapper = GatedMapper()
    mapper.gate.set()
    w = FaceScatter(x, mapper=mapper)
    w._prep.wait(timeout=30)
    refs = [weakref.ref(a) for a in (w._xy, w._values, x)]
    parts = weakref.ref(w._prep.wait())
    del x, mapper
    w.close()
    gc.collect()
    assert [r() for r in refs] == [None, None, None] and parts() is None
    assert w._xy.size == 0


def test_ten_million_points_fail_at_once_saying_what_they_would_take():
    huge = np.broadcast_to(np.zeros((1, 8), np.float32), (10_000_000, 8))  # nothing allocated
    with pytest.raises(ValueError, match=r"^embeddings: 10,000,000 points .* GB in the kern") as e:
        FaceScatter(huge, mapper=GatedMapper())
    assert "GB in the browser tab" in str(e.value) and "subsample" in str(e.value)
    assert "max_points=None" in str(e.value)


def test_max_points_can_be_raised_or_lowered():
    x = np.random.default_rng(0).normal(size=(40, 6))
    with pytest.raises(ValueError, match="40 points are more"):
        FaceScatter(x, mapper=GatedMapper(), max_points=30)
    assert FaceScatter(x, mapper=GatedMapper(), max_points=None).n_points == 40


def test_an_empty_selection_asks_the_mapper_for_nothing():
    w, sent, mapper = build()
    mapper.gate.set()
    w._prep.wait(timeout=30)
    before = mapper.rows_asked
    w._handle_message(w, {"type": "select", "view": "v", "request_id": 1}, [b""])
    content, buffers = faces(sent)[-1]
    assert content["count"] == 0 and "error" not in content and mapper.rows_asked == before
    assert [len(bytes(b)) for b in buffers] == [0, 0, 0]


def test_building_with_xy_allocates_little_more_than_the_float32_layout():
    import tracemalloc

    n = 200_000
    rng = np.random.default_rng(0)
    emb = rng.standard_normal((n, 16), dtype=np.float32)
    xy = rng.uniform(-1.0, 1.0, (n, 2))  # float64: the widget keeps a float32 copy
    labels = [f"p{i}" for i in range(n)]
    tracemalloc.start()
    try:
        w = FaceScatter(emb, labels, xy=xy, mapper=GatedMapper())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert w._xy.dtype == np.float32 and w._xy.shape == (n, 2)
    layout = n * 2 * 4
    assert peak < 2 * layout, f"peak {peak / 1e6:.1f} MB for a {layout / 1e6:.1f} MB layout"


def test_a_closed_widget_is_collected_with_everything_it_holds():
    # anywidget ties every instance to its bundle's file watcher unless the bundle is text:
    # a closed widget (and its snapshot, latents, labels) would stay for the kernel's life.
    x = np.random.default_rng(0).normal(size=(500, 6)).astype(np.float32)
    mapper = GatedMapper()
    mapper.gate.set()
    w = FaceScatter(x, mapper=mapper, labels=[f"item {i}" for i in range(500)])
    w._prep.wait(timeout=30)
    ref = weakref.ref(w)
    w.close()
    del w
    deadline = time.monotonic() + 10  # the background thread lets go once its job returns
    while gc.collect() >= 0 and ref() is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ref() is None
