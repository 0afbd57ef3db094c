"""The face map in a real JupyterLab: faces in place of dots, more as you zoom in, labels
where there is room, brushing and hover as on dots (issue 8, "The face map").

One notebook, one widget ``w`` coloured by cluster; each test starts in point mode with
nothing selected and the camera reset.
"""

from __future__ import annotations

import pytest

from browser_harness.facemap_view import FaceMapView
from browser_harness.scatter_view import ScatterView

pytestmark = pytest.mark.browser

SETUP = """\
from vec2face_widget import FaceScatter
from vec2face_widget.widget.facemap import facemap_cells
from v2f_testdata import make_data
emb, xy, labels, cluster = make_data()
names = [f"group {c % 3}" if c >= 0 else "alone" for c in cluster]
w = FaceScatter(emb, labels, xy=xy, color=names, max_faces=16)
w"""


@pytest.fixture(scope="module")
def shown(widget_env, module_lab):
    nb = module_lab.new_notebook()
    nb.run_cell(SETUP, timeout=240)
    view = ScatterView(nb.page)
    view.wait_first_frame()
    return nb, view, FaceMapView(view)


@pytest.fixture
def widget(shown):
    nb, view, fmap = shown
    nb.run_cell("w.mode = 'points'\nw.select([])")
    nb.page.wait_for_function(
        "root => !root.__v2f.faceMap().enabled && root.__v2f.selection().length === 0",
        arg=view.root.element_handle(),
    )
    view.root.evaluate("root => root.__v2f.resetCamera()")
    view.root.scroll_into_view_if_needed()
    nb.page.mouse.move(2, 2)
    return nb, view, fmap


def cluster_members(nb, k):
    return nb.eval_py(f"[i for i, c in enumerate(cluster) if c == {k}]")


def test_toggle_from_the_toolbar_and_from_python(widget):
    nb, view, fmap = widget
    assert fmap.toggle.get_attribute("aria-pressed") == "false"
    assert fmap.ink() == 0
    fmap.toggle.click()
    state = fmap.wait_drawn()
    assert nb.eval_py("w.mode") == "faces"
    assert fmap.toggle.get_attribute("aria-pressed") == "true"
    # one face per cell: fewer faces than points, each cluster drawn
    assert 12 <= len(state["faces"]) < 300
    assert fmap.ink() > 40 * len(state["faces"])  # faces drawn on the overlay
    # coloured by category: the palette's first colours are on the overlay
    colors = fmap.opaque_colors()
    palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2"]
    assert sum(1 for c in palette if colors.get(c, 0) > 20) >= 3, colors
    # the same faces as the kernel's rule for the same view (facemap.py is the twin)
    nb.page.wait_for_function(
        "root => root.__v2f.faceMap().view !== null", arg=view.root.element_handle()
    )
    assert nb.eval_py("facemap_cells(w._xy, w._view).tolist()") == sorted(state["faces"])
    nb.run_cell("w.mode = 'points'")
    nb.page.wait_for_function(
        "root => !root.__v2f.faceMap().enabled", arg=view.root.element_handle()
    )
    assert fmap.toggle.get_attribute("aria-pressed") == "false"
    assert fmap.ink() == 0
    nb.run_cell("w.mode = 'faces'")
    fmap.wait_drawn()
    assert fmap.toggle.get_attribute("aria-pressed") == "true" and fmap.ink() > 0


def test_zoom_in_reveals_more_faces_and_their_labels(widget):
    nb, view, fmap = widget
    nb.run_cell("w.mode = 'faces'")
    before = fmap.wait_drawn()
    members = set(cluster_members(nb, 5))
    shown_before = members & set(before["faces"])
    assert shown_before and not members & set(before["labelled"])  # crowded: no labels
    pts = view.points()
    cx = sum(pts[i][0] for i in members) / len(members)
    cy = sum(pts[i][1] for i in members) / len(members)
    fmap.zoom_at((round(cx), round(cy)), -1200)
    nb.page.wait_for_function(
        "([root, n]) => { const s = root.__v2f.faceMap();"
        " return !s.settling && s.drawn === s.faces.length && s.faces.length > 0"
        " && s.view.x1 - s.view.x0 < n; }",
        arg=[view.root.element_handle(), (before["view"]["x1"] - before["view"]["x0"]) / 4],
        timeout=30_000,
    )
    after = fmap.state()
    shown_after = members & set(after["faces"])
    assert len(shown_after) > 2 * len(shown_before)
    labelled = members & set(after["labelled"])
    assert labelled, "zoomed in, faces of the cluster have room for their labels"
    # the label's text is drawn under its face
    i = min(labelled)
    x, y = view.points()[i]
    ox, oy = fmap.overlay_origin()
    assert fmap.ink((x - ox - 20, y - oy + 17, 40, 11)) > 5
    # zooming back out thins them again
    fmap.zoom_at((round(cx), round(cy)), 1200)
    nb.page.wait_for_function(
        "([root, n]) => { const s = root.__v2f.faceMap();"
        " return !s.settling && s.view.x1 - s.view.x0 > n; }",
        arg=[view.root.element_handle(), (before["view"]["x1"] - before["view"]["x0"]) / 2],
        timeout=30_000,
    )
    assert len(members & set(fmap.state()["faces"])) < len(shown_after)


def test_brush_hover_and_legend_in_face_mode(widget):
    nb, view, fmap = widget
    nb.run_cell("w.mode = 'faces'")
    fmap.wait_drawn()
    members = cluster_members(nb, 6)
    pts = view.points()
    xs = [pts[i][0] for i in members]
    ys = [pts[i][1] for i in members]
    view.set_mode("box")
    marks = view.faces_drawn_marks()
    view.drag_box((min(xs) - 25, min(ys) - 25), (max(xs) + 25, max(ys) + 25))
    view.wait_faces(16, marks)
    assert nb.eval_py("w.selection") == sorted(members)
    # hover: the tooltip shows the face under the mouse
    view.hover(view.points()[0])
    view.tooltip.wait_for(state="visible", timeout=10_000)
    assert "lonely-zero" in (view.tooltip.text_content() or "")
    nb.page.mouse.move(2, 2)
    # legend click selects a category, in face mode too
    marks = view.faces_drawn_marks()
    view.root.locator(".v2f-legend-item").filter(has_text="alone").click()
    view.wait_faces(2, marks)
    assert nb.eval_py("w.selection") == [0, 1]
    view.set_mode("lasso")
