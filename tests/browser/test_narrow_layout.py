"""A narrow widget (500 px) refits its scatter and wraps its toolbar, count and faces
(issue 10, front end). Before: the panel moved below, but the scatter kept its old
scale (a canvas narrower than tall cut the points off left and right) and the toolbar,
count and face grid were clipped."""

from __future__ import annotations

import pytest

from browser_harness.scatter_view import ScatterView

pytestmark = pytest.mark.browser

WIDTH_PX = 500
SETUP = """\
from vec2face_widget import FaceScatter
from v2f_testdata import StubMapper, StubModel, make_data
emb, xy, labels, cluster = make_data()
w = FaceScatter(
    emb, labels, xy=xy, model=StubModel(), mapper=StubMapper(), max_faces=64, height=700
)
w"""

NARROW_JS = """([root, width]) => {
  const output = root.closest('.jp-OutputArea-output');
  output.style.maxWidth = width + 'px';
  output.style.minWidth = '0';
}"""


def inside(box: dict, point: tuple[float, float], margin: float = 0.0) -> bool:
    x, y = point
    return (
        box["x"] + margin <= x <= box["x"] + box["width"] - margin
        and box["y"] + margin <= y <= box["y"] + box["height"] - margin
    )


def contains(outer: dict, inner: dict) -> bool:
    """``inner`` lies within ``outer`` (to half a pixel)."""
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def ink_near(view: ScatterView, point: tuple[float, float], radius: int = 3) -> int:
    """Pixels around ``point`` (client px) that differ from the canvas background."""
    from io import BytesIO

    from PIL import Image

    box = view.canvas.bounding_box()
    assert box is not None
    img = Image.open(BytesIO(view.canvas.screenshot())).convert("RGB")
    background = img.getpixel((2, img.height - 2))
    cx, cy = round(point[0] - box["x"]), round(point[1] - box["y"])
    count = 0
    for x in range(max(0, cx - radius), min(img.width, cx + radius + 1)):
        for y in range(max(0, cy - radius), min(img.height, cy + radius + 1)):
            rgb = img.getpixel((x, y))
            if max(abs(a - b) for a, b in zip(rgb, background, strict=True)) > 40:
                count += 1
    return count


def test_narrow_widget_refits_and_wraps(widget_env, lab):
    nb = lab.new_notebook()
    nb.run_cell(SETUP, timeout=240)
    view = ScatterView(nb.page)
    view.wait_first_frame()
    nb.page.evaluate(NARROW_JS, [view.root.element_handle(), WIDTH_PX])
    nb.page.wait_for_function(
        "root => root.classList.contains('v2f-narrow')", arg=view.root.element_handle()
    )
    nb.page.wait_for_timeout(500)
    root_box = view.root.bounding_box()
    assert root_box is not None and root_box["width"] <= WIDTH_PX + 1

    # Every point lies inside the canvas, and the extreme ones are drawn there.
    canvas_box = view.canvas.bounding_box()
    assert canvas_box is not None
    pts = view.points()
    outside = [i for i, p in enumerate(pts) if not inside(canvas_box, p, margin=2)]
    assert not outside, f"{len(outside)} of {len(pts)} points outside the canvas"
    extremes = {
        min(range(len(pts)), key=lambda i: pts[i][0]),
        max(range(len(pts)), key=lambda i: pts[i][0]),
        min(range(len(pts)), key=lambda i: pts[i][1]),
        max(range(len(pts)), key=lambda i: pts[i][1]),
    }
    for i in extremes:
        assert ink_near(view, pts[i]) > 0, f"point {i} at {pts[i]} is not drawn"

    # Toolbar, count, mean face and every face stay inside the widget (the panel scrolls).
    marks = view.faces_drawn_marks()
    nb.run_cell("w.select(list(range(2, 66)))")
    view.wait_faces(64, marks)
    view.root.scroll_into_view_if_needed()
    root_box = view.root.bounding_box()
    assert root_box is not None
    for selector in [".v2f-toolbar button", ".v2f-count", ".v2f-mean-face"]:
        for item in view.root.locator(selector).all():
            if selector.endswith("button") and not item.is_visible():
                continue  # the items of a closed menu (Export) are not laid out
            box = item.bounding_box()
            assert box is not None and box["width"] > 0, selector
            assert contains(root_box, box), f"{selector} {box} is clipped by the widget {root_box}"
    panel = view.root.locator(".v2f-panel")
    for face in [view.root.locator(".v2f-face").first, view.root.locator(".v2f-face").last]:
        face.scroll_into_view_if_needed()
        box, panel_box = face.bounding_box(), panel.bounding_box()
        assert box is not None and panel_box is not None
        assert contains(panel_box, box), f"face {box} is clipped by the panel {panel_box}"
