"""After a kernel restart the widget says its kernel is gone (issue 10, front end).

Before: the old picture and faces stayed, a brush erased the box while the panel kept the
old count, hover showed an empty face that never filled, and the console got uncaught
"Cannot send" errors.
"""

from __future__ import annotations

import pytest

from browser_harness.scatter_view import ScatterView

pytestmark = pytest.mark.browser

SETUP = """\
from vec2face_widget import FaceScatter
from v2f_testdata import StubMapper, StubModel, make_data
emb, xy, labels, cluster = make_data()
w = FaceScatter(emb, labels, xy=xy, model=StubModel(), mapper=StubMapper(), max_faces=64)
w"""


def test_restart_says_the_kernel_is_gone(widget_env, lab):
    nb = lab.new_notebook()
    nb.run_cell(SETUP, timeout=240)
    view = ScatterView(nb.page)
    view.wait_first_frame()
    marks = view.faces_drawn_marks()
    nb.run_cell("w.select(list(range(2, 52)))")
    view.wait_faces(50, marks)
    note = view.root.locator(".v2f-gone")
    assert note.is_hidden()
    view.set_mode("box")

    nb.restart_kernel()
    note.wait_for(state="visible", timeout=30_000)
    assert "Re-run the cell" in (note.text_content() or "")
    assert view.root.get_attribute("data-v2f-kernel") == "gone"

    # A brush over every point and a hover change nothing and send nothing.
    pts = view.points()
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    box = view.canvas.bounding_box()
    assert box is not None
    start = (box["x"] + box["width"] - 4, box["y"] + box["height"] - 4)
    view.drag_box(start, (min(xs) - 10, min(ys) - 10))
    view.hover(pts[0])
    nb.page.wait_for_timeout(500)
    assert len(view.front_selection()) == 50
    assert view.tooltip.is_hidden()
    assert view.root.locator(".v2f-count").text_content() == "Not connected to a kernel."
    ink, _, total = view.canvas_ink()
    assert ink > 300, f"only {ink} of {total} canvas pixels: the picture should stay"

    bad = [line for line in nb.log.lines if "[pageerror]" in line or "Cannot send" in line]
    assert not bad, "\n".join(bad[:20])
