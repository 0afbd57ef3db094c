"""PNGs of the SVGs this package writes: size, background, strokes, dots and text drawn."""

import builtins
import io

import numpy as np
import pytest

from vec2face_widget.faces.svg import faces_to_svg
from vec2face_widget.widget.raster import svg_to_png

PIL = pytest.importorskip("PIL.Image")


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(PIL.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def test_twice_the_size_on_white():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20">'
        '<rect width="100%" height="100%" fill="white"/></svg>'
    )
    img = pixels(svg_to_png(svg))
    assert img.shape == (40, 60, 3) and (img == 255).all()


def test_paths_circles_and_text_leave_ink_where_they_are():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
        '<rect width="100%" height="100%" fill="white"/>'
        '<g fill="none" stroke="#000" stroke-width="2"><path d="M5,5 L45,5 L45,45 Z"/></g>'
        '<circle cx="70" cy="10" r="4" fill="#ff0000" fill-opacity="0.5"/>'
        '<g font-size="12" fill="#000" text-anchor="middle"><text x="70" y="45">ab</text></g>'
        "</svg>"
    )
    img = pixels(svg_to_png(svg, scale=2.0))
    assert img[10, 50:80].min() < 60  # the top edge of the triangle, at y = 5 * 2
    red = img[20, 140]
    assert red[0] > 200 and 100 < red[1] < 200  # half-transparent red over white
    assert img[70:92, 125:155].min() < 100  # the text under the dot
    assert (img[60:95, 170:198] == 255).all()  # right of the text: nothing


def test_a_filled_path_covers_what_is_under_it_and_keeps_its_stroke():
    # The exported map's faces: the jaw filled near-white over the dots, then stroked.
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60">'
        '<rect width="100%" height="100%" fill="white"/>'
        '<circle cx="30" cy="30" r="6" fill="#000000"/>'
        '<g fill="none" stroke="#000" stroke-width="2">'
        '<path d="M10,10 L50,10 L50,50 L10,50" fill="#ffffff" fill-opacity="0.85"/>'
        '<path d="M10,55 L50,55"/></g>'
        "</svg>"
    )
    img = pixels(svg_to_png(svg, scale=1.0))
    assert img[30, 30].min() > 200  # the dot is under the fill: nearly white
    assert img[10, 30].max() < 100  # the stroke is drawn over the fill
    assert img[55, 30].max() < 100 and (img[57:60, 20:40] == 255).all()  # unfilled path


def test_a_face_grid_draws_every_face():
    faces = np.stack([np.c_[np.cos(t), np.sin(t)] for t in [np.linspace(0, 6, 194)] * 3])
    img = pixels(svg_to_png(faces_to_svg(faces, labels=["a", "b", "c"], ncols=3, size=40)))
    for k in range(3):
        assert img[:80, 80 * k : 80 * (k + 1)].min() < 100


def test_without_pillow_the_error_says_what_to_install(monkeypatch):
    real_import = builtins.__import__

    def no_pil(name, *args, **kwargs):
        if name == "PIL" or name.startswith("PIL."):
            raise ImportError("no PIL here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pil)
    with pytest.raises(ImportError, match=r"pip install 'vec2face-widget\[plot\]'"):
        svg_to_png('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
