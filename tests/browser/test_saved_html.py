"""A notebook saved with widget state and exported by nbconvert shows the map and the faces
that were on screen, opened in Chromium with no kernel and no internet (issue 8, "Export").
"""

from __future__ import annotations

import json
import time

import pytest

from browser_harness.pixels import element_ink
from browser_harness.scatter_view import ScatterView
from browser_harness.static_html import StaticSite, go_offline, nbconvert_html, vendored

pytestmark = pytest.mark.browser

WIDGET_SETTINGS = "/lab/api/settings/@jupyter-widgets/jupyterlab-manager:plugin"
SETUP = """\
from vec2face_widget import FaceScatter
from v2f_testdata import make_data
emb, xy, labels, cluster = make_data()
groups = [f"group {c}" if c >= 0 else "alone" for c in cluster]
w = FaceScatter(emb, groups, xy=xy, color=groups, max_faces=12{extra})
w"""


def saved_widget_state(path) -> dict:
    """The widget state saved in the notebook file (empty until saved)."""
    meta = json.loads(path.read_text()).get("metadata", {})
    return meta.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})


def save_with_widget_state(lab, extra: str = ""):
    """Show ``w`` with the faces of cluster 5 in JupyterLab, save; return the notebook
    page, the file and the indices of cluster 5."""
    nb = lab.new_notebook()
    nb.run_cell(SETUP.replace("{extra}", extra), timeout=240)
    view = ScatterView(nb.page)
    view.wait_first_frame()
    chosen = nb.eval_py("[i for i, c in enumerate(cluster) if c == 5]")
    marks = view.faces_drawn_marks()
    nb.run_cell("w.select([i for i, c in enumerate(cluster) if c == 5])")
    view.wait_faces(12, marks)
    nb.page.wait_for_timeout(300)  # the snapshot trait follows the panel answer
    notebook = lab.server.notebooks / nb.name
    nb.page.keyboard.press("ControlOrMeta+s")
    deadline = time.monotonic() + 30
    while not saved_widget_state(notebook).get("state") and time.monotonic() < deadline:
        time.sleep(0.25)
    assert saved_widget_state(notebook).get("state"), "the notebook was saved without widgets"
    return nb, notebook, chosen


def test_nbconvert_html_shows_map_and_faces_without_a_kernel(widget_env, lab, tmp_path):
    vendor = vendored()
    lab.server.api("PUT", WIDGET_SETTINGS, {"raw": json.dumps({"saveState": True})})
    try:
        _, notebook, chosen = save_with_widget_state(lab)
    finally:  # a user setting on the shared server: put it back
        lab.server.api("PUT", WIDGET_SETTINGS, {"raw": json.dumps({"saveState": False})})
    html = nbconvert_html(notebook, tmp_path)
    refused: list[str] = []
    with StaticSite(tmp_path) as site:
        page, log = lab.chromium.new_page()
        try:
            go_offline(page, vendor, refused)
            page.goto(f"{site.url}/{html.name}", wait_until="load")
            static = ScatterView(page)
            page.wait_for_selector(
                '.v2f-root[data-v2f-static="1"][data-v2f-first-frame="1"]', timeout=60_000
            )
            page.wait_for_timeout(300)
            ink, _, _ = static.canvas_ink()
            assert ink > 300, f"the map was not drawn ({ink} px)\n{log.text()}"
            assert static.root.locator(".v2f-static-note").is_visible()
            faces = static.faces()
            assert len(faces) == 12 and all(f["drawn"] == f["paths"] >= 5 for f in faces)
            assert {f["label"] for f in faces} == {"group 5"}
            assert all(f["index"] in chosen for f in faces)
            assert element_ink(static.panel.locator(".v2f-grid")) > 500
            assert element_ink(static.panel.locator(".v2f-mean-face svg")) > 40
            assert sorted(static.front_selection()) == chosen
        finally:
            page.context.close()
    assert all("127.0.0.1" not in url for url in refused)


def test_nbconvert_html_brushes_with_the_browsers_decoder(widget_env, lab, tmp_path):
    """offline_brushing=True: the page decodes the faces of a brush itself, and its decoder
    gives the kernel's landmarks for the same latents."""
    vendor = vendored()
    lab.server.api("PUT", WIDGET_SETTINGS, {"raw": json.dumps({"saveState": True})})
    try:
        nb, notebook, _ = save_with_widget_state(lab, ", offline_brushing=True")
        assert nb.eval_py("len(w._snapshot_decoder) > 0 and w.error == ''")
        latents = nb.eval_py("w.latents[::7].tolist()")
        faces = nb.eval_py("w.model.decode(w.latents[::7]).tolist()")
        members = nb.eval_py("[i for i, c in enumerate(cluster) if c == 7]")
    finally:
        lab.server.api("PUT", WIDGET_SETTINGS, {"raw": json.dumps({"saveState": False})})
    html = nbconvert_html(notebook, tmp_path)
    refused: list[str] = []
    with StaticSite(tmp_path) as site:
        page, log = lab.chromium.new_page()
        try:
            go_offline(page, vendor, refused)
            page.goto(f"{site.url}/{html.name}", wait_until="load")
            static = ScatterView(page)
            page.wait_for_selector(
                '.v2f-root[data-v2f-offline="1"][data-v2f-first-frame="1"]', timeout=60_000
            )
            k = len(latents[0])
            flat = [v for row in latents for v in row]
            decoded = static.root.evaluate("(root, [z, k]) => root.__v2f.decode(z, k)", [flat, k])
            expected = [v for face in faces for point in face for v in point]
            assert len(decoded) == len(expected)
            worst = max(abs(a - b) for a, b in zip(decoded, expected, strict=True))
            assert worst < 1e-4, f"browser and kernel decoders differ by {worst}"

            marks = static.faces_drawn_marks()
            expected_sel = brush_box(static, members)
            static.wait_faces(min(12, len(members)), marks)
            assert static.front_selection() == expected_sel
            drawn = static.faces()
            assert all(f["drawn"] == f["paths"] >= 5 for f in drawn)
            assert {f["label"] for f in drawn} == {"group 7"}
            assert element_ink(static.panel.locator(".v2f-grid")) > 500
        except Exception as exc:
            raise AssertionError(f"{exc}\n{log.text()}") from None
        finally:
            page.context.close()


def brush_box(view: ScatterView, members: list[int]) -> list[int]:
    """Box-brush around the points ``members`` (no other point within 6 px of the box)."""
    view.set_mode("box")
    pts = view.points()
    xs, ys = [pts[i][0] for i in members], [pts[i][1] for i in members]
    x0, x1, y0, y1 = min(xs) - 10, max(xs) + 10, min(ys) - 10, max(ys) + 10
    others = [
        i
        for i, (x, y) in enumerate(pts)
        if i not in set(members) and x0 - 6 <= x <= x1 + 6 and y0 - 6 <= y <= y1 + 6
    ]
    assert not others, f"points {others} lie near the box; bad test data"
    view.drag_box((x0, y0), (x1, y1))
    return sorted(members)
