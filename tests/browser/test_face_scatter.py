"""FaceScatter in a real JupyterLab, driven with the mouse (issue 4, "Tests in a real browser").

All tests here share one notebook (one kernel, one widget ``w``): each starts by clearing
the selection from the kernel.
"""

from __future__ import annotations

import pytest

from browser_harness.scatter_view import ScatterView, box_polygon, distance_to_edges, inside_polygon

pytestmark = pytest.mark.browser

MARGIN_PX = 6.0  # no point may lie closer than this to a brushed edge
MAX_FACES = 64

SETUP = """\
from vec2face_widget import FaceScatter
from v2f_testdata import make_data
emb, xy, labels, cluster = make_data()
w = FaceScatter(emb, labels, xy=xy, max_faces=64)
w"""


@pytest.fixture(scope="module")
def scatter(widget_env, module_lab):
    """The notebook with ``w`` displayed, and a view of it."""
    nb = module_lab.new_notebook()
    nb.run_cell(SETUP, timeout=240)
    view = ScatterView(nb.page)
    view.wait_first_frame()
    return nb, view


@pytest.fixture
def widget(scatter):
    """The shared notebook and view, with nothing selected and the mouse parked."""
    nb, view = scatter
    nb.page.mouse.move(2, 2)
    nb.run_cell("w.select([])")
    nb.page.wait_for_function(
        "root => root.__v2f.selection().length === 0", arg=view.root.element_handle()
    )
    view.root.scroll_into_view_if_needed()
    return nb, view


def grid_lines(nb, view):
    """Client x of the vertical gap lines and y of the horizontal ones (top to bottom)
    around the 4 x 3 clusters, plus all point positions."""
    cluster = nb.eval_py("cluster.tolist()")
    view.root.scroll_into_view_if_needed()
    pts = view.points()
    centres = {}
    for k in range(12):
        members = [pts[i] for i, c in enumerate(cluster) if c == k]
        centres[k] = (
            sum(p[0] for p in members) / len(members),
            sum(p[1] for p in members) / len(members),
        )
    cols = sorted(sum(centres[r * 4 + c][0] for r in range(3)) / 3 for c in range(4))
    rows = sorted(sum(centres[r * 4 + c][1] for c in range(4)) / 4 for r in range(3))

    def lines(cs):
        half = (cs[1] - cs[0]) / 2
        return [
            cs[0] - half,
            *[(a + b) / 2 for a, b in zip(cs, cs[1:], strict=False)],
            cs[-1] + half,
        ]

    return lines(cols), lines(rows), pts


def expected_inside(pts, polygon):
    close = [i for i, p in enumerate(pts) if distance_to_edges(p, polygon) < MARGIN_PX]
    assert not close, f"points {close} lie within {MARGIN_PX}px of the brush; bad test data"
    return sorted(i for i, p in enumerate(pts) if inside_polygon(p, polygon))


def check_panel(nb, view, expected):
    """Faces are drawn for the selection; the kernel's w.selection equals ``expected``."""
    faces = view.faces()
    assert len(faces) == min(len(expected), MAX_FACES)
    for face in faces:
        assert face["index"] in expected
        assert face["paths"] >= 5 and face["drawn"] == face["paths"], face
    assert nb.eval_py("w.selection") == expected
    assert view.front_selection() == expected
    count = view.root.locator(".v2f-count").text_content()
    assert str(len(expected)) in count


def test_scatter_draws_and_box_select(widget):
    nb, view = widget
    ink, background, total = view.canvas_ink()
    assert ink > 300, f"only {ink} of {total} canvas pixels differ from the background"

    gx, gy, pts = grid_lines(nb, view)
    # Bottom row on screen = data row 0; box around its two left clusters.
    corner0, corner1 = (round(gx[0]), round(gy[2])), (round(gx[2]), round(gy[3]))
    expected = expected_inside(pts, box_polygon(corner0, corner1))
    assert 40 <= len(expected) <= MAX_FACES

    marks = view.faces_drawn_marks()
    view.set_mode("box")
    view.drag_box(corner0, corner1)
    view.wait_faces(len(expected), marks)
    check_panel(nb, view, expected)
    labels = nb.eval_py("[labels[i] for i in w.selection]")
    assert sorted(f["label"] for f in view.faces()) == sorted(labels)


def test_lasso_select(widget):
    nb, view = widget
    gx, gy, pts = grid_lines(nb, view)
    # An L: the two left clusters of the bottom row and the left one of the middle row.
    lasso = [
        (round(x), round(y))
        for x, y in [
            (gx[0], gy[3]),
            (gx[2], gy[3]),
            (gx[2], gy[2]),
            (gx[1], gy[2]),
            (gx[1], gy[1]),
            (gx[0], gy[1]),
        ]
    ]
    expected = expected_inside(pts, lasso)
    assert len(expected) > MAX_FACES

    marks = view.faces_drawn_marks()
    view.set_mode("lasso")
    view.drag_lasso(lasso)
    view.wait_faces(MAX_FACES, marks)
    check_panel(nb, view, expected)
    assert view.root.locator(".v2f-mean-face svg path").count() >= 5


def test_hover_shows_face_and_label(widget):
    nb, view = widget
    x, y = view.points()[0]
    view.hover((x, y))
    view.tooltip.wait_for(state="visible", timeout=10_000)
    nb.page.wait_for_function(
        "root => root.querySelector('.v2f-tooltip-label').textContent === 'lonely-zero'"
        " && root.querySelectorAll('.v2f-tooltip svg path').length >= 5",
        arg=view.root.element_handle(),
        timeout=15_000,
    )
    [tip] = view.faces(".v2f-tooltip")
    assert tip["drawn"] == tip["paths"] >= 5
    nb.page.mouse.move(2, 2)


def test_select_from_kernel_updates_panel(widget):
    nb, view = widget
    chosen = [0, 5, 17, 42, 299]
    marks = view.faces_drawn_marks()
    nb.run_cell(f"w.select({chosen})")
    view.wait_faces(len(chosen), marks)
    check_panel(nb, view, chosen)
    labels = nb.eval_py(f"[labels[i] for i in {chosen}]")
    assert sorted(f["label"] for f in view.faces()) == sorted(labels)


def test_html_in_label_is_text(widget):
    nb, view = widget
    payload = nb.eval_py("labels[1]")
    assert payload.startswith("<img")
    marks = view.faces_drawn_marks()
    nb.run_cell("w.select([1])")
    view.wait_faces(1, marks)
    [face] = view.faces()
    assert face["label"] == payload
    view.hover(view.points()[1])
    nb.page.wait_for_function(
        "([root, text]) => root.querySelector('.v2f-tooltip-label').textContent === text",
        arg=[view.root.element_handle(), payload],
        timeout=15_000,
    )
    nb.page.wait_for_timeout(300)
    assert view.root.locator("img").count() == 0
    assert nb.page.evaluate("() => window.__pwned") is None
    nb.page.mouse.move(2, 2)


def test_shift_box_adds(widget):
    nb, view = widget
    gx, gy, pts = grid_lines(nb, view)
    first = (round(gx[3]), round(gy[0])), (round(gx[4]), round(gy[1]))  # top right cluster
    second = (round(gx[1]), round(gy[1])), (round(gx[2]), round(gy[2]))  # a middle one
    expected = sorted(
        set(expected_inside(pts, box_polygon(*first)))
        | set(expected_inside(pts, box_polygon(*second)))
    )

    view.set_mode("box")
    marks = view.faces_drawn_marks()
    view.drag_box(*first)
    view.wait_faces(len(expected_inside(pts, box_polygon(*first))), marks)
    marks = view.faces_drawn_marks()
    nb.page.keyboard.down("Shift")
    try:
        view.drag_box(*second)
    finally:
        nb.page.keyboard.up("Shift")
    view.wait_faces(len(expected), marks)
    check_panel(nb, view, expected)


def test_escape_clears_selection_and_panel(widget):
    nb, view = widget
    marks = view.faces_drawn_marks()
    nb.run_cell("w.select([2, 3, 4])")
    view.wait_faces(3, marks)
    view.root.focus()  # the keyboard was in a cell; a person would click or tab here
    nb.page.keyboard.press("Escape")
    nb.page.wait_for_function(
        "root => root.__v2f.selection().length === 0",
        arg=view.root.element_handle(),
        timeout=15_000,
    )
    assert nb.eval_py("w.selection") == []
    nb.page.wait_for_function(
        "root => root.querySelectorAll('.v2f-panel .v2f-face').length === 0",
        arg=view.root.element_handle(),
        timeout=15_000,
    )
    assert view.error.is_hidden(), view.error.text_content()


PREVIEW_SHOWN_JS = """([root, count, previews, text]) =>
  performance.getEntriesByName('v2f:preview-drawn').length > previews
  && root.querySelectorAll('.v2f-panel .v2f-face').length === count
  && root.querySelector('.v2f-count').textContent.includes(text)"""


def test_live_brush_shows_faces_before_mouse_up(widget):
    """While the mouse is held, the panel follows the brush (shift: the union) and the
    kernel's selection stays; mouse-up sets it once and the faces count as drawn at once."""
    nb, view = widget
    gx, gy, pts = grid_lines(nb, view)
    first = (round(gx[3]), round(gy[0])), (round(gx[4]), round(gy[1]))  # top right cluster
    second = (round(gx[1]), round(gy[1])), (round(gx[2]), round(gy[2]))  # a middle one
    in_first = expected_inside(pts, box_polygon(*first))
    union = sorted(set(in_first) | set(expected_inside(pts, box_polygon(*second))))
    assert 0 < len(in_first) < len(union) <= MAX_FACES
    nb.run_cell(
        "_seen = []\n_obs = lambda c: _seen.append(list(c['new']))\n"
        "w.observe(_obs, names='selection')"
    )
    view.set_mode("box")
    mouse = nb.page.mouse
    root = view.root.element_handle()

    def hold_drag(corner0, corner1, expected):
        marks = view.faces_drawn_marks()
        previews = nb.page.evaluate(
            "() => performance.getEntriesByName('v2f:preview-drawn').length"
        )
        mouse.move(*corner0)
        mouse.down()
        mouse.move(*corner1, steps=12)
        # Faces of the region under the held mouse, before any mouse-up.
        nb.page.wait_for_function(
            PREVIEW_SHOWN_JS,
            arg=[root, len(expected), previews, f"{len(expected)} selected"],
            timeout=15_000,
        )
        assert {f["index"] for f in view.faces()} == set(expected)
        assert view.faces_drawn_marks() == marks
        mouse.up()
        # The preview showed exactly the final selection: drawn at mouse-up.
        assert view.faces_drawn_marks() == marks + 1
        view.wait_faces(len(expected), marks)

    try:
        hold_drag(*first, in_first)
        nb.page.keyboard.down("Shift")
        try:
            hold_drag(*second, union)
        finally:
            nb.page.keyboard.up("Shift")
        check_panel(nb, view, union)
        # Observers fired once per mouse-up, never during the drags.
        assert nb.eval_py("_seen") == [in_first, union]
    finally:
        mouse.up()
        nb.run_cell("w.unobserve(_obs, names='selection')")


def test_drag_that_changes_nothing_leaves_the_panel_on_the_selection(widget):
    """A shift+drag over empty space selects nothing new: after its previews the panel
    shows the kernel's selection again and the selection stays."""
    nb, view = widget
    gx, gy, pts = grid_lines(nb, view)
    marks = view.faces_drawn_marks()
    nb.run_cell("w.select([2, 3, 4])")
    view.wait_faces(3, marks)
    # A small box in the gap between four clusters.
    cx, cy = round(gx[2]), round(gy[1])
    corners = (cx - 8, cy - 8), (cx + 8, cy + 8)
    assert expected_inside(pts, box_polygon(*corners)) == []
    view.set_mode("box")
    marks = view.faces_drawn_marks()
    nb.page.keyboard.down("Shift")
    try:
        view.drag_box(*corners)
    finally:
        nb.page.keyboard.up("Shift")
    view.wait_faces(3, marks)
    assert sorted(f["index"] for f in view.faces()) == [2, 3, 4]
    assert nb.eval_py("w.selection") == [2, 3, 4]
    assert view.front_selection() == [2, 3, 4]
