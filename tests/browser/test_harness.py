"""The harness itself: a plain cell and a real ipywidget driven with the mouse."""

from __future__ import annotations

import pytest

from browser_harness.lab_notebook import CellError

pytestmark = pytest.mark.browser


def test_cell_output_and_widget_round_trip(lab) -> None:
    nb = lab.new_notebook()
    cell = nb.run_cell("print(1 + 1)")
    assert nb.output_text(cell).strip() == "2"
    assert nb.eval_py("[1, 'a<b>', {'k': None}]") == [1, "a<b>", {"k": None}]
    with pytest.raises(CellError, match="ZeroDivisionError"):
        nb.run_cell("def f():\n    return 1 / 0\nf()")
    nb.run_cell(
        "import logging\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n"
        "    logging.getLogger('x').warning('logged only', exc_info=True)"
    )

    nb.run_cell("import ipywidgets\nslider = ipywidgets.IntSlider(value=5, min=0, max=100)\nslider")
    handle = nb.page.locator(".widget-slider .noUi-handle")
    handle.wait_for(state="visible", timeout=30_000)
    track = nb.page.locator(".widget-slider .noUi-base").bounding_box()
    assert track and track["width"] > 50
    # Drag the handle to about 80 % of the track with the mouse.
    box = handle.bounding_box()
    assert box is not None
    nb.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    nb.page.mouse.down()
    nb.page.mouse.move(track["x"] + 0.8 * track["width"], box["y"] + box["height"] / 2, steps=8)
    nb.page.mouse.up()
    nb.page.wait_for_timeout(300)
    value = nb.eval_py("slider.value")
    assert 70 <= value <= 90, f"the kernel saw slider.value={value} after the drag"
