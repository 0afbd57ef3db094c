"""A failure in the kernel shows as a readable message in the widget, not a blank box."""

from __future__ import annotations

import pytest

from browser_harness.scatter_view import ScatterView

pytestmark = pytest.mark.browser

SETUP = """\
from vec2face_widget import FaceScatter
from v2f_testdata import BrokenModel, StubMapper, make_data
emb, xy, labels, cluster = make_data()
w = FaceScatter(emb, labels, xy=xy, model=BrokenModel(), mapper=StubMapper())
w"""


def test_kernel_error_shows_in_widget(widget_env, lab):
    nb = lab.new_notebook()
    nb.run_cell(SETUP, timeout=240)
    view = ScatterView(nb.page)
    view.wait_first_frame()
    assert view.error.is_hidden()

    nb.run_cell("w.select([2, 3, 4])")
    view.error.wait_for(state="visible", timeout=30_000)
    message = view.error.text_content() or ""
    assert "decoder exploded on purpose" in message, message
    assert "RuntimeError" in message, message
    # The kernel side knows it too, and the scatter is still drawn and usable.
    assert "decoder exploded" in nb.eval_py("w.error")
    assert nb.eval_py("w.selection") == [2, 3, 4]
    ink, _, _ = view.canvas_ink()
    assert ink > 300
