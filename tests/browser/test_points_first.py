"""Points first, faces after (issue 10): the scatter is drawn while the kernel still
prepares the faces ("preparing faces…"), a request made meanwhile is answered once they are
ready; and a brush over hundreds of thousands of points reaches Python with previews that
stay small and never queue."""

from __future__ import annotations

import pytest

from browser_harness.scatter_view import ScatterView

pytestmark = pytest.mark.browser

GATED = """\
from vec2face_widget import FaceScatter
from v2f_testdata import GatedMapper, StubModel, make_data
emb, xy, labels, cluster = make_data()
gate = GatedMapper()
w = FaceScatter(emb, labels, xy=xy, mapper=gate, model=StubModel(), max_faces=16)
w"""


def test_points_are_drawn_before_the_faces_are_ready_then_faces_arrive(widget_env, lab):
    nb = lab.new_notebook()
    nb.run_cell(GATED, timeout=240)
    view = ScatterView(nb.page)
    view.wait_first_frame()
    ink, _, _ = view.canvas_ink()
    assert ink > 300  # the points are on screen while the faces wait at the gate
    status = view.panel.locator(".v2f-faces-status")
    assert status.is_visible() and "preparing faces" in (status.text_content() or "")
    assert nb.eval_py("w._faces_status") == "preparing"  # the first frame started it

    marks = view.faces_drawn_marks()
    nb.run_cell("w.select([2, 3, 4])")
    view.root.locator(".v2f-panel.v2f-pending").wait_for(timeout=15_000)
    assert view.panel.locator(".v2f-face").count() == 0  # the request waits in the kernel

    nb.run_cell("gate.release()")
    view.wait_faces(3, marks)
    status.wait_for(state="hidden", timeout=15_000)
    assert nb.eval_py("w._faces_status") == "ready"
    face_ink, _, _ = view.ink(view.panel.locator(".v2f-face svg").first)
    assert face_ink > 50, "the face was not drawn"
    assert view.error.is_hidden(), view.error.text_content()


BIG = """\
import numpy as np
from vec2face_widget import FaceScatter
from v2f_testdata import StubMapper, StubModel
rng = np.random.default_rng(0)
N = 200_000
emb = rng.normal(size=(N, 8)).astype(np.float32)
xy = rng.uniform(-1.0, 1.0, size=(N, 2))
w = FaceScatter(emb, xy=xy, mapper=StubMapper(), model=StubModel(), max_faces=16)
received, answered, waiting = [], [], []
on_preview, send = w._on_preview, w.send
def counting_preview(request, buffers, reply):
    waiting.append(len(received) - len(answered))  # previews not yet answered on arrival
    received.append((request["request_id"], len(bytes(buffers[0])) // 4, request["count"]))
    on_preview(request, buffers, reply)
def counting_send(content, buffers=None):
    if content.get("type") == "faces" and content.get("preview"):
        answered.append(content["request_id"])
    send(content, buffers=buffers)
w._on_preview, w.send = counting_preview, counting_send
w"""


def test_a_big_brush_reaches_python_with_small_previews_that_do_not_queue(widget_env, lab):
    nb = lab.new_notebook()
    nb.run_cell(BIG, timeout=240)
    view = ScatterView(nb.page)
    view.wait_first_frame(timeout=120)
    box = view.canvas.bounding_box()
    assert box is not None
    x0, y0 = box["x"] + 0.2 * box["width"], box["y"] + 0.2 * box["height"]
    x1, y1 = box["x"] + 0.8 * box["width"], box["y"] + 0.8 * box["height"]
    view.drag_lasso([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], step_px=6.0)
    nb.page.wait_for_function(
        "root => root.__v2f.selection().length > 10000", arg=view.root.element_handle()
    )
    front = int(view.root.evaluate("root => root.__v2f.selection().length"))
    for _ in range(100):
        if nb.eval_py("len(w.selection)") == front:
            break
        nb.page.wait_for_timeout(200)
    assert nb.eval_py("len(w.selection)") == front

    received = nb.eval_py("received")
    assert len(received) >= 2, received  # the panel followed the drag
    assert all(n <= 4096 for _, n, _ in received)  # capped samples...
    assert max(count for _, _, count in received) > 4096  # ...of bigger selections
    assert nb.eval_py("answered") == [rid for rid, _, _ in received]  # each answered
    assert set(nb.eval_py("waiting")) == {0}  # none arrived while another was unanswered
    drawn = "() => performance.getEntriesByName('v2f:preview-drawn').length"
    assert int(nb.page.evaluate(drawn)) >= 1
    view.root.locator(".v2f-panel .v2f-face").first.wait_for(timeout=30_000)
    face_ink, _, _ = view.ink(view.panel.locator(".v2f-face svg").first)
    assert face_ink > 50
    assert view.error.is_hidden(), view.error.text_content()
