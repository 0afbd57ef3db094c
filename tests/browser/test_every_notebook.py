"""FaceScatter in every notebook tested here: a brush reaches Python in Notebook 7 and in
marimo (through ``mo.ui.anywidget``, served by ``marimo run``); JupyterLab 4 is the rest of
the browser suite. Issue 8, "Every notebook".
"""

from __future__ import annotations

import json
import shutil
import time

import pytest

from browser_harness.lab_server import REPO_ROOT
from browser_harness.marimo_server import MarimoApp, MarimoStartError
from browser_harness.pixels import element_ink
from browser_harness.scatter_view import ScatterView

pytestmark = pytest.mark.browser

TESTDATA = REPO_ROOT / "browser_harness" / "v2f_testdata.py"
CLUSTER = 6
MARGIN_PX = 6.0
SETUP = """\
from vec2face_widget import FaceScatter
from v2f_testdata import make_data
emb, xy, labels, cluster = make_data()
w = FaceScatter(emb, labels, xy=xy, max_faces=16)
w"""

MARIMO_APP = """\
import marimo

app = marimo.App()


@app.cell
def _():
    import json
    import pathlib

    import marimo as mo

    from v2f_testdata import make_data
    from vec2face_widget import FaceScatter

    emb, xy, labels, cluster = make_data()
    w = FaceScatter(emb, labels, xy=xy, max_faces=16)
    out = pathlib.Path({out!r})
    w.observe(lambda change: out.write_text(json.dumps(change["new"])), names="selection")
    pathlib.Path({clusters!r}).write_text(json.dumps(cluster.tolist()))
    view = mo.ui.anywidget(w)
    return (view,)


@app.cell
def _(view):
    view
    return


if __name__ == "__main__":
    app.run()
"""


def brush_cluster(view: ScatterView, members: list[int]) -> list[int]:
    """Drag a box around the points ``members`` (box mode); return them sorted."""
    view.set_mode("box")
    pts = view.points()
    xs = [pts[i][0] for i in members]
    ys = [pts[i][1] for i in members]
    x0, x1, y0, y1 = min(xs) - 10, max(xs) + 10, min(ys) - 10, max(ys) + 10
    chosen = set(members)
    intruders = [
        i
        for i, (x, y) in enumerate(pts)
        if i not in chosen
        and x0 - MARGIN_PX <= x <= x1 + MARGIN_PX
        and y0 - MARGIN_PX <= y <= y1 + MARGIN_PX
    ]
    assert not intruders, f"points {intruders} lie near the box; bad test data"
    view.drag_box((x0, y0), (x1, y1))
    return sorted(members)


def test_notebook7_brush_reaches_python(widget_env, lab):
    nb = lab.new_notebook(ui="notebook")
    assert "/notebooks/" in nb.page.url
    nb.run_cell(SETUP, timeout=240)
    view = ScatterView(nb.page)
    view.wait_first_frame()
    members = nb.eval_py(f"[i for i, c in enumerate(cluster) if c == {CLUSTER}]")
    view.root.scroll_into_view_if_needed()
    marks = view.faces_drawn_marks()
    expected = brush_cluster(view, members)
    view.wait_faces(min(16, len(expected)), marks)
    assert view.front_selection() == expected
    assert nb.eval_py("w.selection") == expected
    assert element_ink(view.panel.locator(".v2f-grid")) > 300


def test_marimo_brush_reaches_python(widget_env, chromium, tmp_path):
    shutil.copy(TESTDATA, tmp_path)
    out, clusters = tmp_path / "selection.json", tmp_path / "clusters.json"
    app = tmp_path / "v2f_app.py"
    app.write_text(MARIMO_APP.format(out=str(out), clusters=str(clusters)))
    try:
        server = MarimoApp(app).start()
    except MarimoStartError as exc:
        pytest.fail(f"marimo could not start:\n{exc}", pytrace=False)
    page, log = chromium.new_page()
    try:
        page.goto(server.url, wait_until="domcontentloaded")
        view = ScatterView(page)
        try:
            view.wait_first_frame(timeout=180)
        except Exception as exc:
            raise AssertionError(f"{exc}\n{log.text()}\n{server.log_tail()}") from None
        ink, _, _ = view.canvas_ink()
        assert ink > 300, f"the points were not drawn ({ink} px)"
        cluster = json.loads(clusters.read_text())
        members = [i for i, c in enumerate(cluster) if c == CLUSTER]
        expected = brush_cluster(view, members)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if out.exists() and json.loads(out.read_text() or "null") == expected:
                break
            time.sleep(0.2)
        assert out.exists(), f"no selection reached Python\n{server.log_tail()}"
        assert json.loads(out.read_text()) == expected
        assert view.front_selection() == expected
        page.wait_for_function(
            "root => root.querySelectorAll('.v2f-panel .v2f-face svg path').length > 0",
            arg=view.root.element_handle(),
            timeout=30_000,
        )
        assert element_ink(view.panel.locator(".v2f-grid")) > 300
    finally:
        page.context.close()
        server.stop()
