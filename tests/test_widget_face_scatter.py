"""FaceScatter's Python side, with a tiny fake face model (no JAX, no browser)."""

import logging

import numpy as np
import pytest

from vec2face_widget.faces.topology import N_POINTS
from vec2face_widget.widget.face_scatter import FaceScatter, normalize_xy
from vec2face_widget.widget.serialization import from_buffer


class FakeModel:
    latent_dim = 32

    def __init__(self):
        self.calls = []

    def decode(self, latents):
        latents = np.asarray(latents, np.float32)
        self.calls.append(latents.shape)
        base = np.linspace(-0.5, 0.5, N_POINTS * 2, dtype=np.float32).reshape(N_POINTS, 2)
        return base[None] + latents[:, :1, None] * 0.01


class FakeMapper:
    def __init__(self):
        self.model = FakeModel()

    def fit_transform(self, x):
        return np.asarray(x, np.float32)[:, :4]


def make(n=30, *, prepared=True, **kwargs):
    """A widget whose sends are recorded; ``prepared``: the front end reported its first
    frame and the faces are ready (the background preparation has finished)."""
    x = np.random.default_rng(0).normal(size=(n, 6))
    kwargs.setdefault("mapper", FakeMapper())
    w = FaceScatter(x, [f"p{i}" for i in range(n)], **kwargs)
    sent = []
    w.send = lambda content, buffers=None: sent.append((content, list(buffers or [])))
    if prepared:
        w._handle_message(w, {"type": "drawn", "view": "v"}, [])
        w._prep.wait(timeout=30)
    return w, sent


def last(sent, kind):
    return [m for m in sent if m[0]["type"] == kind][-1]


def test_traits_and_topology():
    w, _ = make(color=["a", "b", "c"] * 10, max_faces=8, height=300)
    assert w._n_points == 30 and w.max_faces == 8 and w.height == 300
    assert w._topology["n_points"] == N_POINTS and w._topology["parts"][0]["name"] == "jaw"
    assert w._color_kind == "category" and w._categories == ["a", "b", "c"]
    assert w.selection == []


def test_ready_sends_binary_points_not_json_lists():
    w, sent = make(color=np.arange(30) % 3)
    w._handle_message(w, {"type": "ready", "view": "v1"}, [])
    points, buffers = sent[0]
    assert points["type"] == "points" and points["view"] == "v1" and points["n"] == 30
    assert points["buffers"] == ["xy", "values"]
    assert all(isinstance(b, memoryview) for b in buffers)
    xy = from_buffer(buffers[0], "<f4").reshape(-1, 2)
    assert xy.shape == (30, 2) and np.abs(xy).max() <= 0.95 + 1e-6
    assert points["values_dtype"] == "uint16"
    assert from_buffer(buffers[1], "<u2").tolist() == (np.arange(30) % 3).tolist()
    assert not any(isinstance(v, list) and v and isinstance(v[0], float) for v in points.values())
    assert sent[1][0]["type"] == "selection"


def test_select_message_sets_selection_and_answers_faces():
    w, sent = make(max_faces=4)
    seen = []
    w.observe(lambda change: seen.append(change["new"]), names="selection")
    w._handle_message(
        w,
        {"type": "select", "view": "v", "request_id": 7},
        [np.array([9, 3, 3, 20, 1, 2], np.int32).tobytes()],
    )
    assert w.selection == [1, 2, 3, 9, 20] and seen == [[1, 2, 3, 9, 20]]
    content, buffers = last(sent, "faces")
    assert content["type"] == "faces" and content["request_id"] == 7
    assert content["purpose"] == "panel" and content["count"] == 5 and content["n_faces"] == 4
    indices = from_buffer(buffers[0], "<i4")
    assert set(indices.tolist()) <= {1, 2, 3, 9, 20} and len(indices) == 4
    assert content["labels"] == [f"p{i}" for i in indices]
    assert from_buffer(buffers[1], "<f4").size == 4 * N_POINTS * 2
    assert from_buffer(buffers[2], "<f4").size == N_POINTS * 2  # the mean face
    # One decode call for the sample and the mean together.
    assert w.model.calls[-1] == (5, 4)


def bits_of(indices, n):
    """A bit mask of ``n`` points, as the front end's encodeSelection writes it."""
    mask = np.zeros(n, np.uint8)
    mask[indices] = 1
    return np.packbits(mask, bitorder="little").tobytes()


def test_select_message_as_bits_sets_the_same_selection():
    w, sent = make(max_faces=4)
    w._handle_message(
        w,
        {"type": "select", "view": "v", "request_id": 7, "bits": True},
        [bits_of([9, 3, 1, 29], 30)],
    )
    assert w.selection == [1, 3, 9, 29]
    content, _ = last(sent, "faces")
    assert content["request_id"] == 7 and content["count"] == 4
    assert from_buffer(last(sent, "selection")[1][0], "<i4").tolist() == [1, 3, 9, 29]


def test_preview_answers_faces_and_leaves_selection_alone():
    w, sent = make(max_faces=4)
    w.select([5])
    seen = []
    w.observe(lambda change: seen.append(change["new"]), names="selection")
    sent.clear()
    w._handle_message(
        w,
        {"type": "preview", "view": "v", "request_id": 8},
        [np.array([9, 3, 3, 20, 1, 2], np.int32).tobytes()],
    )
    assert w.selection == [5] and seen == []
    # One faces answer, to the asking view only: no selection echo to the other views.
    assert [c["type"] for c, _ in sent] == ["faces"]
    content, buffers = sent[0]
    assert content["request_id"] == 8 and content["view"] == "v"
    assert content["purpose"] == "panel" and content["preview"] is True
    assert content["count"] == 5 and content["n_faces"] == 4
    indices = from_buffer(buffers[0], "<i4")
    assert set(indices.tolist()) <= {1, 2, 3, 9, 20} and len(indices) == 4
    # The same faces as a select of the same indices (mouse-up may reuse the preview).
    final = np.array([1, 2, 3, 9, 20], np.int32).tobytes()
    w._handle_message(w, {"type": "select", "view": "v", "request_id": 9}, [final])
    content2, buffers2 = last(sent, "faces")
    assert content2["labels"] == content["labels"]
    assert bytes(buffers2[0]) == bytes(buffers[0]) and bytes(buffers2[1]) == bytes(buffers[1])
    assert w.selection == [1, 2, 3, 9, 20] and seen == [[1, 2, 3, 9, 20]]


def test_empty_preview_answers_no_faces():
    w, sent = make()
    w.select([1, 2])
    sent.clear()
    w._handle_message(w, {"type": "preview", "request_id": 3}, [b""])
    assert w.selection == [1, 2]
    content, _ = last(sent, "faces")
    assert content["count"] == 0 and content["request_id"] == 3


def test_preparing_warms_up_the_decoder_at_panel_and_hover_sizes():
    w, _ = make(max_faces=6)
    assert w._faces_status == "ready"
    assert w.model.calls == [(1, 4), (7, 4)]


@pytest.mark.parametrize(
    "content, buffers",
    [
        ({"type": "select"}, [np.array([0, 99], np.int32).tobytes()]),  # out of range
        ({"type": "select"}, [np.array([-1], np.int32).tobytes()]),
        ({"type": "select"}, [b"xyz"]),  # not int32
        ({"type": "select"}, []),
        ({"type": "select", "bits": True}, [bytes(3)]),  # 30 points need 4 bytes
        ({"type": "select", "bits": True}, [bytes([0, 0, 0, 0x40])]),  # point 30 of 0..29
        ({"type": "preview"}, [np.array([0, 99], np.int32).tobytes()]),  # out of range
        ({"type": "preview"}, [np.array([-1], np.int32).tobytes()]),
        ({"type": "preview"}, [b"xyz"]),  # not int32
        ({"type": "preview"}, []),
        ({"type": "hover", "index": "3"}, []),
        ({"type": "hover", "index": 10_000}, []),
        ({"type": "nonsense"}, []),
        ("garbage", []),
        ({"type": "select", "n_chunks": 2, "chunk": 9, "chunk_id": "a"}, [b""]),
    ],
)
def test_bad_messages_are_ignored_and_logged(content, buffers, caplog):
    w, sent = make()
    w.select([1, 2])
    sent.clear()
    with caplog.at_level(logging.WARNING, logger="vec2face_widget.widget.face_scatter"):
        w._handle_message(w, content, buffers)
    assert "ignored a message" in caplog.text
    assert w.selection == [1, 2] and sent == []
    # Still usable afterwards.
    w._handle_message(w, {"type": "select", "request_id": 2}, [np.array([4], np.int32).tobytes()])
    assert w.selection == [4] and [c["type"] for c, _ in sent] == ["faces", "selection"]


def test_hover_answers_one_face():
    w, sent = make()
    w._handle_message(w, {"type": "hover", "view": "v", "request_id": 3, "index": 5}, [])
    content, buffers = sent[-1]
    assert content["purpose"] == "hover" and content["labels"] == ["p5"]
    assert from_buffer(buffers[0], "<i4").tolist() == [5]


def test_select_from_python_sends_binary_indices():
    w, sent = make()
    w.select([3, 14, 15])
    assert w.selection == [3, 14, 15]
    content, buffers = sent[-1]
    assert content["type"] == "selection"
    assert from_buffer(buffers[0], "<i4").tolist() == [3, 14, 15]
    with pytest.raises(ValueError, match="^indices"):
        w.select([100])


def test_select_accepts_a_boolean_mask():
    w, sent = make()
    mask = np.zeros(30, bool)
    mask[[2, 7]] = True
    w.select(mask)
    assert w.selection == [2, 7]
    assert from_buffer(sent[-1][1][0], "<i4").tolist() == [2, 7]
    with pytest.raises(ValueError, match="^indices: a boolean mask needs one entry per point"):
        w.select(mask[:10])


def test_every_message_type_of_the_protocol_has_a_handler():
    from vec2face_widget.widget.protocol import TO_KERNEL

    w, _ = make()
    assert sorted(w._handlers()) == sorted(TO_KERNEL)


def test_embeddings_overflowing_float32_say_so():
    x = np.random.default_rng(0).normal(size=(30, 6))
    x[4, 2] = 1e300
    with pytest.raises(ValueError, match=r"^embeddings: 1 value\(s\) overflow float32"):
        FaceScatter(x, mapper=FakeMapper())


def test_panel_request_uses_current_selection():
    w, sent = make()
    w.select([2, 4])
    w._handle_message(w, {"type": "panel", "request_id": 9}, [])
    content, _ = sent[-1]
    assert content["count"] == 2 and content["request_id"] == 9


def test_decode_failure_sets_error_and_keeps_working():
    class Broken(FakeModel):
        def decode(self, latents):
            raise RuntimeError("boom")

    w, sent = make(model=Broken())
    assert w.error == ""  # construction works; the failure shows when faces are asked for
    w._handle_message(w, {"type": "select", "request_id": 1}, [np.array([1], np.int32).tobytes()])
    assert "boom" in w.error and last(sent, "faces")[0]["error"]
    assert w.selection == [1]


def test_big_points_message_is_split(monkeypatch):
    import vec2face_widget.widget.face_scatter as fs

    real = fs.split_message
    monkeypatch.setattr(fs, "split_message", lambda c, b: real(c, b, max_bytes=100))
    w, sent = make(n=50)
    w._handle_message(w, {"type": "ready"}, [])
    pieces = [c for c, _ in sent if c["type"] == "points"]
    assert len(pieces) == 4 and pieces[0]["sizes"] == [400, 0]  # no colour: no values


@pytest.mark.parametrize(
    "kwargs, error, name",
    [
        ({"labels": ["a"]}, ValueError, "labels"),
        ({"xy": np.zeros((3, 2))}, ValueError, "xy"),
        ({"xy": np.full((30, 2), np.nan)}, ValueError, "xy"),
        ({"color": [1.0, 2.0]}, ValueError, "color"),
        ({"projection": "pcx"}, ValueError, "projection"),
        ({"projection": 3}, TypeError, "projection"),
        ({"max_faces": 0}, ValueError, "max_faces"),
        ({"height": "big"}, TypeError, "height"),
        ({"model": object()}, TypeError, "model"),
        ({"mapper": object()}, TypeError, "mapper"),
    ],
)
def test_bad_arguments_name_themselves(kwargs, error, name):
    x = np.random.default_rng(0).normal(size=(30, 6))
    kwargs.setdefault("mapper", FakeMapper())
    labels = kwargs.pop("labels", None)
    with pytest.raises(error, match=f"^{name}"):
        FaceScatter(x, labels, **kwargs)


def test_non_finite_embeddings():
    x = np.ones((4, 3))
    x[2, 1] = np.nan
    with pytest.raises(
        ValueError,
        match=r"^embeddings has 1 row\(s\) with NaN or inf, first at index \[2\]; clean them$",
    ):
        FaceScatter(x, mapper=FakeMapper())


def test_own_xy_and_continuous_color():
    x = np.random.default_rng(0).normal(size=(30, 6))
    w = FaceScatter(x, xy=x[:, :2], color=np.linspace(0, 3, 30), mapper=FakeMapper())
    assert w._color_kind == "value" and w._value_range == [0.0, 3.0]


def test_normalize_xy_keeps_aspect():
    out = normalize_xy(np.array([[0, 0], [10, 5]], np.float32))
    assert np.allclose(out, [[-0.95, -0.475], [0.95, 0.475]])
    assert np.allclose(normalize_xy(np.ones((3, 2), np.float32)), 0)


def test_max_faces_and_height_are_validated_later_too():
    import traitlets

    w, _ = make()
    w.max_faces = 5
    assert w.max_faces == 5
    with pytest.raises(traitlets.TraitError, match="^max_faces"):
        w.max_faces = 0
    with pytest.raises(traitlets.TraitError, match="^height"):
        w.height = 10


def test_setting_selection_directly_reaches_the_front_end():
    w, sent = make()
    w.selection = [5, 1, 5]
    assert w.selection == [1, 5]
    content, buffers = sent[-1]
    assert content["type"] == "selection"
    assert from_buffer(buffers[0], "<i4").tolist() == [1, 5]
    import traitlets

    with pytest.raises(traitlets.TraitError, match="^selection"):
        w.selection = [-1]


def test_brushed_selection_goes_to_the_other_views_only():
    w, sent = make()
    seen = []
    w.observe(lambda change: seen.append(change["new"]), names="selection")
    w._handle_message(
        w, {"type": "select", "view": "A", "request_id": 1}, [np.array([3], np.int32).tobytes()]
    )
    assert seen == [[3]]
    assert [(c["type"], c.get("origin")) for c, _ in sent] == [("faces", None), ("selection", "A")]


def test_default_face_model_and_mapper_end_to_end():
    """With no model=/mapper=, the shipped face model and FaceMapper do the work."""
    pytest.importorskip("vec2face_widget.mapping.mapper")
    from vec2face_widget.faces import face_model

    if not face_model.weights_path().exists():
        pytest.skip("the shipped face model weights are not in the tree yet")
    x = np.random.default_rng(0).normal(size=(200, 24))
    w = FaceScatter(x, [f"p{i}" for i in range(200)], max_faces=12)
    sent = []
    w.send = lambda content, buffers=None: sent.append((content, list(buffers or [])))
    w._handle_message(w, {"type": "select", "request_id": 1}, [np.arange(50, dtype=np.int32)])
    w._prep.wait(timeout=120)  # the select started the preparation; its answer waited
    content, buffers = last(sent, "faces")
    assert content["count"] == 50 and content["n_faces"] == 12 and "error" not in content
    faces = from_buffer(buffers[1], "<f4").reshape(12, N_POINTS, 2)
    assert np.isfinite(faces).all() and np.abs(faces).max() < 2.0


def test_split_select_message_from_the_front_end_is_joined():
    w, sent = make(n=3000)
    data = np.arange(0, 3000, 2, dtype=np.int32).tobytes()  # 6000 bytes in 4 pieces
    header = {"type": "select", "view": "v", "request_id": 4, "chunk_id": "c1", "n_chunks": 4}
    for i in range(4):
        piece = data[i * 1500 : (i + 1) * 1500]
        w._handle_message(w, {**header, "chunk": i, "sizes": [6000]}, [piece])
        assert (w.selection == []) == (i < 3)
    assert w.selection == list(range(0, 3000, 2))
    assert last(sent, "faces")[0]["request_id"] == 4
