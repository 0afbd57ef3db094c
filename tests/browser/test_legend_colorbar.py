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
