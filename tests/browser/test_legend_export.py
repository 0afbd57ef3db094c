"""The face legend tab and the export menu, in a real JupyterLab (issue 8).

One notebook, one widget ``w`` coloured and labelled by group, so the ends of each axis
are named by the groups found there.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

from browser_harness.pixels import differing_pixels, element_ink
from browser_harness.scatter_view import ScatterView

pytestmark = pytest.mark.browser

SVG = "{http://www.w3.org/2000/svg}"
SETUP = """\
from vec2face_widget import FaceScatter
from v2f_testdata import make_data
emb, xy, labels, cluster = make_data()
groups = [f"group {c}" if c >= 0 else "alone" for c in cluster]
w = FaceScatter(emb, groups, xy=xy, color=groups, max_faces=16)
w"""


@pytest.fixture(scope="module")
def legend_view(widget_env, module_lab):
    """The notebook with ``w`` shown and its legend tab open."""
    nb = module_lab.new_notebook()
    nb.run_cell(SETUP, timeout=240)
    view = ScatterView(nb.page)
    view.wait_first_frame()
    view.root.locator('button[data-v2f-tab="legend"]').click()
    view.root.locator(".v2f-legend-panel .v2f-axis-row").first.wait_for(timeout=60_000)
    return nb, view


def test_legend_tab_shows_eight_rows_of_drawn_faces(legend_view):
    nb, view = legend_view
    rows = view.root.locator(".v2f-axis-row")
    assert rows.count() == 8
    assert view.root.locator(".v2f-panel").is_hidden()
    expected = nb.eval_py("[r['features'] for r in w.legend.to_records()]")
    for r in range(8):
        row = rows.nth(r)
        faces = row.locator(".v2f-axis-face")
        assert faces.count() == 3
        assert row.locator(".v2f-axis-title").text_content() == f"axis {r + 1}: {expected[r]}"
        assert "% of variance" in (row.locator(".v2f-axis-share").text_content() or "")
        for k in range(3):
            assert element_ink(faces.nth(k).locator("svg")) > 40, f"row {r} face {k} not drawn"
    n_axes = nb.eval_py("len(w.legend)")
    more = view.root.locator(".v2f-legend-more")
    assert more.is_visible() and str(n_axes - 8) in (more.text_content() or "")
    more.click()
    assert rows.count() == n_axes and more.is_hidden()


def test_extreme_labels_are_shown(legend_view):
    nb, view = legend_view
    records = nb.eval_py("w.legend.to_records()")
    assert any(r["low_labels"] or r["high_labels"] for r in records[:8])
    rows = view.root.locator(".v2f-axis-row")
    for r, record in enumerate(records[:8]):
        if not (record["low_labels"] or record["high_labels"]):
            continue
        low = rows.nth(r).locator(".v2f-axis-low").text_content()
        high = rows.nth(r).locator(".v2f-axis-high").text_content()
        assert low == (record["low_labels"] or "–") and high == (record["high_labels"] or "–")
        assert rows.nth(r).locator(".v2f-axis-ends").is_visible()


def test_slider_morphs_the_drawn_face(legend_view):
    _, view = legend_view
    row = view.root.locator(".v2f-axis-row").first
    morph = row.locator(".v2f-axis-morph")
    morph.scroll_into_view_if_needed()
    before = morph.screenshot()
    slider = row.locator(".v2f-axis-slider")
    box = slider.bounding_box()
    view.page.mouse.click(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
    view.page.wait_for_function(
        "el => Number(el.dataset.v2fSd) > 1.5", arg=morph.element_handle(), timeout=5_000
    )
    after = morph.screenshot()
    assert element_ink(morph) > 40
    assert differing_pixels(before, after) > 20, "moving the slider left the face as it was"


def export(view, item: str, tmp_path):
    """Click Export, then ``item``; return the downloaded file's bytes and name."""
    view.root.locator("button[data-v2f-export]").click()
    with view.page.expect_download(timeout=30_000) as info:
        view.root.locator(f'button[data-v2f-export-item="{item}"]').click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return target.read_bytes(), download.suggested_filename


def test_export_faces_svg_has_faces_and_labels(legend_view, tmp_path):
    nb, view = legend_view
    nb.run_cell("w.select([i for i, g in enumerate(groups) if g == 'group 3'])")
    data, name = export(view, "panel.svg", tmp_path)
    assert name == "vec2face-panel.svg"
    root = ET.fromstring(data)
    assert sum(1 for _ in root.iter(f"{SVG}path")) >= 10 * 5
    words = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "group 3" in words and any(w.startswith("mean of") for w in words)


def test_export_legend_png_at_twice_the_size(legend_view, tmp_path):
    from PIL import Image

    nb, view = legend_view
    data, name = export(view, "legend.png", tmp_path)
    assert name == "vec2face-legend.png" and data[:8] == b"\x89PNG\r\n\x1a\n"
    width = nb.eval_py(
        "float(__import__('xml.etree.ElementTree').etree.ElementTree"
        ".fromstring(w.to_svg('legend')).get('width'))"
    )
    image = Image.open(io.BytesIO(data))
    assert image.size[0] == round(2 * width)


def test_export_map_follows_the_view(legend_view, tmp_path):
    nb, view = legend_view
    full, _ = export(view, "map.svg", tmp_path)
    n_full = sum(1 for _ in ET.fromstring(full).iter(f"{SVG}circle"))
    box = view.canvas.bounding_box()
    view.page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    for _ in range(2):
        view.page.mouse.wheel(0, -200)
        view.page.wait_for_timeout(80)
    view.page.wait_for_timeout(800)  # the view is reported after it settles
    box = view.canvas.bounding_box()
    on_canvas = [
        (x, y)
        for x, y in view.points()
        if box["x"] <= x <= box["x"] + box["width"] and box["y"] <= y <= box["y"] + box["height"]
    ]
    zoomed, _ = export(view, "map.svg", tmp_path)
    n_zoomed = sum(1 for _ in ET.fromstring(zoomed).iter(f"{SVG}circle"))
    reported = nb.eval_py("w._view")
    assert n_full >= 290 and len(on_canvas) < n_full, (n_full, len(on_canvas))
    # the exported map is the view made square: every point on screen, fewer than all
    assert len(on_canvas) <= n_zoomed < n_full, (len(on_canvas), n_zoomed, reported)
