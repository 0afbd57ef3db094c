"""The widget's face legend and its exports (SVG, PNG), from Python and through messages."""

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from vec2face_widget.widget.face_scatter import FaceScatter
from vec2face_widget.widget.legend_message import SLIDER_STEPS
from vec2face_widget.widget.serialization import from_buffer

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def widget():
    rng = np.random.default_rng(0)
    cluster = np.arange(120) % 3
    emb = rng.normal(size=(120, 12)) + 4.0 * np.eye(12)[cluster]
    names = ["cookbook", "thriller", "poetry"]
    labels = [f"{names[c]} {i}" for i, c in enumerate(cluster)]
    w = FaceScatter(emb, labels, color=[names[c] for c in cluster], max_faces=6)
    sent = []
    w.send = lambda content, buffers=None: sent.append((content, list(buffers or [])))
    w.sent = sent
    return w


def texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


def paths(svg: str) -> int:
    return sum(1 for _ in ET.fromstring(svg).iter(f"{SVG}path"))


def test_legend_rows_strongest_first_with_faces_and_ends(widget):
    legend = widget.legend
    assert len(legend) == widget.mapper.n_axes_ >= 8
    shares = [a.variance_share for a in legend]
    assert shares == sorted(shares, reverse=True) and 0 < sum(shares) <= 1 + 1e-9
    first = legend.axes[0]
    assert first.steps == (-2.0, 0.0, 2.0) and first.faces.shape == (3, 194, 2)
    assert first.features and (first.low_labels or first.high_labels)
    assert widget.legend is not widget.legend  # a view of one cached computation
    assert widget._legend is not None


def test_legend_message_carries_rows_and_slider_faces(widget):
    widget._handle_message(widget, {"type": "legend", "view": "v", "request_id": 3}, [])
    content, buffers = [m for m in widget.sent if m[0]["type"] == "legend"][-1]
    assert content["view"] == "v" and content["request_id"] == 3
    assert content["steps"] == list(SLIDER_STEPS) and content["buffers"] == ["faces"]
    rows = content["rows"]
    assert [r["axis"] for r in rows] == list(range(len(rows)))
    faces = from_buffer(buffers[0], "<f4").reshape(len(rows), len(SLIDER_STEPS), 194, 2)
    np.testing.assert_allclose(faces[0, [0, 4, 8]], widget.legend.axes[0].faces, atol=1e-6)


def test_legend_without_a_face_mapper_says_what_it_needs():
    class Plain:
        def fit_transform(self, x):
            return np.asarray(x, np.float32)[:, :4]

    class Model:
        def decode(self, z):
            return np.zeros((len(z), 194, 2), np.float32)

    w = FaceScatter(np.eye(5), mapper=Plain(), model=Model())
    with pytest.raises(TypeError, match="needs a fitted FaceMapper"):
        _ = w.legend
    sent = []
    w.send = lambda content, buffers=None: sent.append(content)
    w._handle_message(w, {"type": "legend", "view": "v", "request_id": 1}, [])
    assert "needs a fitted FaceMapper" in sent[-1]["error"]


@pytest.mark.parametrize("part", ["panel", "legend", "map"])
def test_svg_of_each_part_has_faces_and_labels(widget, part):
    widget.select(range(0, 30))
    svg = widget.to_svg(part)
    assert paths(svg) >= 5 * 3
    words = " ".join(texts(svg))
    if part == "legend":
        assert "axis 1" in words and "of variance" in words
    else:
        assert any(name in words for name in ("cookbook", "thriller", "poetry"))


def test_empty_panel_is_a_valid_svg(widget):
    widget.select([])
    svg = widget.to_svg("panel")
    assert paths(svg) == 0 and texts(svg) == ["nothing selected"]


def test_save_svg_and_png_at_twice_the_size(widget, tmp_path):
    from PIL import Image

    widget.select([0, 1, 2, 3])
    svg_path = widget.save(tmp_path / "panel.svg")
    root = ET.parse(svg_path).getroot()
    assert sum(1 for _ in root.iter(f"{SVG}path")) >= 15
    png_path = widget.save(str(tmp_path / "legend.png"), part="legend")
    data = png_path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = float(ET.fromstring(widget.to_svg("legend")).get("width"))
    image = Image.open(io.BytesIO(data)).convert("L")
    assert image.size[0] == round(2 * width)
    assert np.asarray(image).min() < 100  # something dark was drawn


def test_map_follows_the_reported_view(widget):
    widget.select([])
    whole = ET.fromstring(widget.to_svg("map"))
    widget._view = [0.0, 0.0, 0.5, 0.5, 300.0, 300.0]
    try:
        part = ET.fromstring(widget.to_svg("map"))
    finally:
        widget._view = []
    n_whole = sum(1 for _ in whole.iter(f"{SVG}circle"))
    n_part = sum(1 for _ in part.iter(f"{SVG}circle"))
    assert n_whole == 120 and 0 < n_part < n_whole


def test_bad_part_or_suffix_raise_clear_errors(widget, tmp_path):
    with pytest.raises(ValueError, match="part must be one of"):
        widget.to_svg("scatter")
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        widget.save(tmp_path / "x.jpg")


def test_export_message_answers_the_file(widget):
    widget._handle_message(
        widget,
        {"type": "export", "view": "v", "request_id": 5, "part": "panel", "format": "png"},
        [],
    )
    content, buffers = [m for m in widget.sent if m[0]["type"] == "export"][-1]
    assert content["filename"] == "vec2face-panel.png" and content["mime"] == "image/png"
    assert bytes(buffers[0])[:4] == b"\x89PNG"
    widget._handle_message(
        widget,
        {"type": "export", "view": "v", "request_id": 6, "part": "nope", "format": "svg"},
        [],
    )
    content, buffers = [m for m in widget.sent if m[0]["type"] == "export"][-1]
    assert "part must be one of" in content["error"] and buffers == []


def test_palette_matches_the_front_end():
    from pathlib import Path

    from vec2face_widget.widget.export import CATEGORICAL

    colors_ts = (Path(__file__).resolve().parents[1] / "js" / "src" / "colors.ts").read_text()
    block = colors_ts.split("const CATEGORICAL = [", 1)[1].split("];", 1)[0]
    assert tuple(c.strip().strip('",') for c in block.split() if c.strip()) == CATEGORICAL


def test_panel_answers_update_the_snapshot(widget):
    widget._handle_message(
        widget,
        {"type": "select", "view": "v", "request_id": 9},
        [np.array([4, 5], "<i4").tobytes()],
    )
    snap = widget._snapshot_faces
    assert snap["count"] == 2 and sorted(np.frombuffer(snap["indices"], "<i4")) == [4, 5]
    assert np.frombuffer(snap["selected"], "<i4").tolist() == [4, 5]
    assert widget._snapshot_points["n"] == widget.n_points


def test_legend_of_many_items_reads_the_ends_from_a_sample(widget, monkeypatch):
    from vec2face_widget.widget import legend_message

    monkeypatch.setattr(legend_message, "MAX_ITEMS", 40)
    legend = legend_message.compute_legend(widget.mapper, widget._embeddings, widget._labels)
    assert len(legend) == widget.mapper.n_axes_
    assert all(set(a.low_labels + a.high_labels) <= set(widget.labels) for a in legend)
    assert any(a.low_labels or a.high_labels for a in legend)


def test_map_draws_at_most_max_map_dots(widget, monkeypatch):
    from vec2face_widget.widget import export

    monkeypatch.setattr(export, "MAX_MAP_DOTS", 10)
    root = ET.fromstring(widget.to_svg("map"))
    assert sum(1 for _ in root.iter(f"{SVG}circle")) == 10
    assert "120 points in view, 10 drawn" in "".join(root.find(f"{SVG}desc").itertext())


def test_map_export_draws_the_face_map_when_it_is_on(widget, monkeypatch):
    from types import SimpleNamespace

    faces = np.stack([widget.model.decode(widget.latents[[i]])[0] for i in (3, 50)])
    shown = SimpleNamespace(indices=np.array([3, 50]), landmarks=faces, labels=["x3", "x50"])
    monkeypatch.setattr(widget, "face_map", lambda: shown, raising=False)
    monkeypatch.setattr(widget, "mode", "faces", raising=False)
    widget.select([])
    svg = widget.to_svg("map")
    assert paths(svg) == 2 * 8 and {"x3", "x50"} <= set(texts(svg))
    backed = ET.fromstring(svg).findall(".//{*}g[@class='faces']/{*}g/{*}path[@fill='#ffffff']")
    assert len(backed) == 2  # each face's jaw is filled: the dots do not show through it
