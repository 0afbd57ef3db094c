"""Colour by category (a clickable legend) and by number (a colour bar), and double-click.

One notebook holds two widgets: ``wc`` coloured by cluster, ``wn`` by a number.
"""

from __future__ import annotations

import pytest

from browser_harness.scatter_view import ScatterView

pytestmark = pytest.mark.browser

SETUP = """\
import numpy as np
from vec2face_widget import FaceScatter
from v2f_testdata import make_data
emb, xy, labels, cluster = make_data()
names = [f"group {c % 3}" if c >= 0 else "alone" for c in cluster]
wc = FaceScatter(emb, labels, xy=xy, color=names, max_faces=64)
wc"""

NUMERIC = """\
wn = FaceScatter(emb, labels, xy=xy, color=xy[:, 0] * 10.0, max_faces=16)
wn"""


@pytest.fixture(scope="module")
def views(widget_env, module_lab):
    nb = module_lab.new_notebook()
    nb.run_cell(SETUP, timeout=240)
    categorical = ScatterView(nb.page, 0)
    categorical.wait_first_frame()
    nb.run_cell(NUMERIC, timeout=240)
    numeric = ScatterView(nb.page, 1)
    numeric.root.wait_for(state="attached", timeout=60_000)
    nb.page.wait_for_function(
        "() => document.querySelectorAll('.v2f-root[data-v2f-first-frame=\"1\"]').length >= 2",
        timeout=60_000,
    )
    return nb, categorical, numeric


def test_legend_click_selects_the_category(views):
    nb, view, _ = views
    view.root.scroll_into_view_if_needed()
    items = view.root.locator(".v2f-legend .v2f-legend-item")
    texts = [t.strip() for t in items.all_text_contents()]
    assert {"group 0", "group 1", "group 2", "alone"} <= {t for t in texts if t}, texts
    expected = nb.eval_py("[i for i, n in enumerate(names) if n == 'group 1']")
    marks = view.faces_drawn_marks()
    items.filter(has_text="group 1").first.click()
    view.wait_faces(min(len(expected), 64), marks)
    assert nb.eval_py("wc.selection") == expected
    assert view.front_selection() == expected
    assert all(face["drawn"] == face["paths"] > 0 for face in view.faces())
    # double-click on an empty spot of the canvas clears, in the kernel too
    view.canvas.scroll_into_view_if_needed()
    view.page.wait_for_timeout(100)
    box = view.canvas.bounding_box()
    view.page.mouse.dblclick(box["x"] + 5, box["y"] + box["height"] - 5)
    nb.page.wait_for_function(
        "root => root.__v2f.selection().length === 0",
        arg=view.root.element_handle(),
        timeout=15_000,
    )
    assert nb.eval_py("wc.selection") == []


def test_numbers_get_a_colour_bar_with_their_range(views):
    nb, _, view = views
    view.root.scroll_into_view_if_needed()
    bar = view.root.locator(".v2f-colorbar")
    bar.wait_for(state="visible", timeout=15_000)
    size = bar.bounding_box()
    assert size["width"] > 20 and size["height"] > 4
    low, high = nb.eval_py("[float((xy[:, 0] * 10).min()), float((xy[:, 0] * 10).max())]")
    lo_text = view.root.locator(".v2f-colorbar-min").text_content()
    hi_text = view.root.locator(".v2f-colorbar-max").text_content()
    assert float(lo_text.replace(",", "")) == pytest.approx(low, abs=0.1)
    assert float(hi_text.replace(",", "")) == pytest.approx(high, abs=0.1)
    assert view.root.locator(".v2f-legend-item").count() == 0
    ink, _, _ = view.canvas_ink()
    assert ink > 500  # the points were drawn


def test_legend_keeps_first_appearance_and_shows_the_active_entry(views):
    nb, view, _ = views
    view.root.scroll_into_view_if_needed()
    items = view.root.locator(".v2f-legend .v2f-legend-item")
    texts = [t.strip() for t in items.all_text_contents()]
    assert texts == nb.eval_py("list(dict.fromkeys(names))")  # "alone" (point 0) first

    def pressed():
        return [
            item.get_attribute("aria-pressed") == "true"
            and "v2f-active" in (item.get_attribute("class") or "")
            for item in items.all()
        ]

    assert not any(pressed())
    marks = view.faces_drawn_marks()
    items.filter(has_text="group 2").first.click()
    view.wait_faces(min(64, len(nb.eval_py("[n for n in names if n == 'group 2']"))), marks)
    assert pressed() == [t == "group 2" for t in texts]
    items.filter(has_text="group 0").first.click(modifiers=["Shift"])
    nb.page.wait_for_function(
        "root => root.querySelectorAll('.v2f-legend-item.v2f-active').length === 2",
        arg=view.root.element_handle(),
        timeout=10_000,
    )
    assert pressed() == [t in ("group 0", "group 2") for t in texts]
    # a selection from Python is no legend click: no entry stays active
    nb.run_cell("wc.select([0])")
    nb.page.wait_for_function(
        "root => root.querySelectorAll('.v2f-legend-item.v2f-active').length === 0",
        arg=view.root.element_handle(),
        timeout=10_000,
    )


def _column_ink(view, x):
    """Rows of the scatter canvas with ink within 1 px of client x (background: commonest)."""
    import io

    from PIL import Image

    box = view.canvas.bounding_box()
    img = Image.open(io.BytesIO(view.canvas.screenshot())).convert("RGB")
    scale = img.width / box["width"]
    col = round((x - box["x"]) * scale)
    counts = img.getcolors(maxcolors=1 << 24) or []
    _, background = max(counts)
    rows = 0
    for y in range(img.height):
        pixels = [img.getpixel((c, y)) for c in range(max(0, col - 1), min(img.width, col + 2))]
        if any(max(abs(a - b) for a, b in zip(p, background, strict=True)) > 20 for p in pixels):
            rows += 1
    return rows, img.height


def test_crosshair_goes_when_the_mouse_leaves_the_plot(views):
    nb, view, _ = views
    nb.run_cell("wc.select([])")
    view.root.scroll_into_view_if_needed()
    lone = view.points()[0]  # the lone point: no cluster above or below it
    box = view.canvas.bounding_box()
    view.hover(lone)
    view.tooltip.wait_for(state="visible", timeout=10_000)
    view.page.wait_for_timeout(200)
    during, height = _column_ink(view, lone[0])
    assert during > height / 2  # the vertical line of the crosshair
    view.page.mouse.move(box["x"] + box["width"] + 100, lone[1])  # out, onto the panel
    view.tooltip.wait_for(state="hidden", timeout=10_000)
    view.page.wait_for_timeout(200)
    after, _ = _column_ink(view, lone[0])
    assert after < height / 10, (during, after, height)
