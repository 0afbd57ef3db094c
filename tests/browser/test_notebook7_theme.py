"""FaceScatter renders in Notebook 7 and follows JupyterLab's dark theme when it switches."""

from __future__ import annotations

import json

import pytest

from browser_harness.scatter_view import ScatterView

pytestmark = pytest.mark.browser

THEMES = "/lab/api/settings/@jupyterlab/apputils-extension:themes"
SETUP = """\
from vec2face_widget import FaceScatter
from v2f_testdata import make_data
emb, xy, labels, cluster = make_data()
w = FaceScatter(emb, labels, xy=xy)
w"""


def set_theme(page, name: str) -> None:
    """Pick a theme the way a person does: Settings > Theme > name."""
    page.locator(".lm-MenuBar-item", has_text="Settings").click()
    page.locator(".lm-Menu-item", has_text="Theme").first.hover()
    page.get_by_role("menuitem", name=name, exact=True).click()


def test_notebook7_renders_and_follows_dark_theme(widget_env, lab):
    nb = lab.new_notebook(ui="notebook")
    assert "/notebooks/" in nb.page.url
    nb.run_cell(SETUP, timeout=240)
    view = ScatterView(nb.page)
    view.wait_first_frame()
    ink, background, _ = view.canvas_ink()
    assert ink > 300 and min(background) > 200, (ink, background)
    assert view.background_luminance() > 200

    marks = view.faces_drawn_marks()
    nb.run_cell("w.select([2, 3, 4])")
    view.wait_faces(3, marks)
    assert all(f["drawn"] == f["paths"] >= 5 for f in view.faces())

    try:
        set_theme(nb.page, "JupyterLab Dark")
        nb.page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'")
        nb.page.wait_for_function(
            "root => root.classList.contains('v2f-dark')", arg=view.root.element_handle()
        )
        nb.page.wait_for_timeout(300)  # one frame for the scatter's new background
        assert view.background_luminance() < 60
        ink, background, _ = view.canvas_ink()
        assert ink > 300 and max(background) < 60, (ink, background)
        stroke = view.root.locator(".v2f-face svg path").first.evaluate(
            r"p => getComputedStyle(p).stroke.match(/[\d.]+/g).map(Number)"
        )
        assert sum(stroke[:3]) / 3 > 150, f"face strokes stay dark on a dark theme: {stroke}"
    finally:
        # The theme is a user setting on the shared server: put it back.
        lab.server.api("PUT", THEMES, {"raw": json.dumps({"theme": "JupyterLab Light"})})
