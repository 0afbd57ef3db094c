import xml.etree.ElementTree as ET

import numpy as np
import pytest

from tests.helen_files import synthetic_faces
from vec2face_widget import draw_faces, faces_to_svg

NS = "{http://www.w3.org/2000/svg}"


def test_svg_grid_is_well_formed_and_escapes_labels():
    faces = synthetic_faces(5)
    labels = ["a", "<img src=x onerror=alert(1)>", "b&c", "d", "e"]
    svg = faces_to_svg(faces, labels=labels, ncols=2)
    root = ET.fromstring(svg)  # raises if not well-formed
    assert root.tag == f"{NS}svg"
    paths = root.findall(f".//{NS}path")
    assert len(paths) == 5 * 8
    assert all(p.get("d").startswith("M") for p in paths)
    texts = [t.text for t in root.findall(f".//{NS}text")]
    assert texts == labels  # escaped in the markup, exact as text
    assert "<img" not in svg
    assert root.get("width") == "192" and root.get("height") == f"{3 * (96 + 16):g}"


def test_svg_single_face_and_errors():
    one = synthetic_faces(1)[0]
    assert ET.fromstring(faces_to_svg(one)).findall(f".//{NS}path")
    with pytest.raises(ValueError, match="labels has 1 entries for 2 faces"):
        faces_to_svg(synthetic_faces(2), labels=["x"])
    with pytest.raises(ValueError, match="shape"):
        faces_to_svg(np.zeros((2, 5, 2)))


def test_matplotlib_draw_faces():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    draw_faces(ax, synthetic_faces(3), labels=["p", "q", "r"], ncols=3)
    assert len(ax.collections) == 1 and len(ax.collections[0].get_segments()) == 3 * 8
    assert [t.get_text() for t in ax.texts] == ["p", "q", "r"]
    plt.close(fig)
