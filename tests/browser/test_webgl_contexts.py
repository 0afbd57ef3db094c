"""WebGL contexts under many widgets, re-runs and a lost context (issue 10, front end).

Chromium keeps 16 WebGL contexts a page and silently drops the oldest beyond that: a
scatter on a dropped context freezes with its last picture. The widgets share one
renderer (one context) per page, a removed view lets go of it, and a lost context
offers "click to redraw".
"""

from __future__ import annotations

import pytest

from browser_harness.scatter_view import ScatterView

pytestmark = pytest.mark.browser

RENDERER_KEY = "vec2face_widget:renderer:regl-scatterplot@1.16"
N_WIDGETS = 20
N_RERUNS = 20
N_POINTS = 300

IMPORTS = """\
from IPython.display import display
from vec2face_widget import FaceScatter
from v2f_testdata import StubMapper, StubModel, make_data
emb, xy, labels, cluster = make_data()
def make():
    return FaceScatter(emb, labels, xy=xy, model=StubModel(), mapper=StubMapper())"""

ALL_DRAWN_JS = """(n) => {
  const roots = document.querySelectorAll('.v2f-root');
  return roots.length === n && Array.from(roots).every((r) => r.dataset.v2fFirstFrame === '1');
}"""

BAD_CONSOLE = ("Too many active WebGL contexts", "context lost", "CONTEXT_LOST", "[pageerror]")


def renderer_users(page) -> int | None:
    """How many views use the page's shared renderer (None: there is none)."""
    return page.evaluate(f"() => globalThis[{RENDERER_KEY!r}]?.users.size ?? null")


def assert_clean_console(nb) -> None:
    bad = [line for line in nb.log.lines if any(b in line for b in BAD_CONSOLE)]
    assert not bad, "\n".join(bad[:20])


def brush_everything(nb, view: ScatterView, name: str) -> None:
    """Box-select all points of ``view`` (dragged from the bottom right, away from the
    toolbar) and check that the kernel's ``name.selection`` holds all of them."""
    pts = view.points()
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    box = view.canvas.bounding_box()
    assert box is not None
    start = (
        min(max(xs) + 10, box["x"] + box["width"] - 2),
        min(max(ys) + 10, box["y"] + box["height"] - 2),
    )
    view.set_mode("box")
    view.drag_box(start, (min(xs) - 10, min(ys) - 10))
    nb.page.wait_for_function(
        "([root, n]) => root.__v2f.selection().length === n",
        arg=[view.root.element_handle(), N_POINTS],
        timeout=30_000,
    )
    assert nb.eval_py(f"len({name}.selection)") == N_POINTS


def test_twenty_widgets_on_one_page_all_draw_and_follow(widget_env, lab):
    nb = lab.new_notebook()
    nb.run_cell(IMPORTS, timeout=240)
    nb.run_cell(f"ws = [make() for _ in range({N_WIDGETS})]\nfor w in ws:\n    display(w)")
    nb.page.wait_for_function(ALL_DRAWN_JS, arg=N_WIDGETS, timeout=180_000)
    for k in range(N_WIDGETS):
        ink, _, total = ScatterView(nb.page, k).canvas_ink()
        assert ink > 300, f"widget {k}: only {ink} of {total} canvas pixels drawn"
    assert renderer_users(nb.page) == N_WIDGETS  # one context for all of them

    # The oldest view still follows Python: its picture changes with the selection.
    first = ScatterView(nb.page, 0)
    before = first.canvas.screenshot()
    nb.run_cell("ws[0].select(list(range(2, 60)))")
    nb.page.wait_for_function(
        "root => root.__v2f.selection().length === 58", arg=first.root.element_handle()
    )
    nb.page.wait_for_timeout(300)
    assert first.canvas.screenshot() != before, "the first scatter did not redraw"

    brush_everything(nb, ScatterView(nb.page, N_WIDGETS - 1), "ws[-1]")
    assert_clean_console(nb)


def test_rerunning_a_display_cell_keeps_one_live_context(widget_env, lab):
    nb = lab.new_notebook()
    nb.run_cell(IMPORTS, timeout=240)
    nb.run_cell("w = make()\nw")
    for _ in range(N_RERUNS - 1):
        nb.rerun_cell(-2)
        nb.page.wait_for_function(ALL_DRAWN_JS, arg=1, timeout=60_000)
    view = ScatterView(nb.page)
    view.wait_first_frame()
    ink, _, total = view.canvas_ink()
    assert ink > 300, f"only {ink} of {total} canvas pixels drawn"
    brush_everything(nb, view, "w")
    # The removed views let go of the renderer: only the newest one uses it.
    assert renderer_users(nb.page) == 1
    assert_clean_console(nb)


LOSE_CONTEXT_JS = f"""() => {{
  // The extension is kept: a lost context hands out none, and restoring needs it.
  const ext = globalThis[{RENDERER_KEY!r}].renderer.regl._gl.getExtension('WEBGL_lose_context');
  globalThis.__v2fLoseContext = ext;
  ext.loseContext();
}}"""


def lose_the_context_then(widget_env, lab, bring_back: str) -> None:
    """Show a widget, lose the page's context, select in Python meanwhile, then let
    ``bring_back`` (``"click"`` on the note, or ``"restore"`` by the browser) redraw it."""
    nb = lab.new_notebook()
    nb.run_cell(IMPORTS, timeout=240)
    nb.run_cell("w = make()\nw")
    view = ScatterView(nb.page)
    view.wait_first_frame()
    note = view.root.locator(".v2f-lost")
    assert note.is_hidden()
    nb.page.evaluate(LOSE_CONTEXT_JS)
    note.wait_for(state="visible", timeout=10_000)
    # Python keeps working meanwhile, with no error flood.
    nb.run_cell("w.select([2, 3, 4])")
    if bring_back == "click":
        note.click()
    else:  # as after a GPU reset: the browser gives the context back
        nb.page.evaluate("() => globalThis.__v2fLoseContext.restoreContext()")
    note.wait_for(state="hidden", timeout=10_000)
    nb.page.wait_for_function(
        "root => root.__v2f.selection().length === 3", arg=view.root.element_handle()
    )
    ink, _, total = view.canvas_ink()
    assert ink > 300, f"only {ink} of {total} canvas pixels drawn after the redraw"
    assert renderer_users(nb.page) == 1  # on a fresh shared renderer
    brush_everything(nb, view, "w")
    assert_clean_console(nb)


def test_lost_context_offers_redraw(widget_env, lab):
    lose_the_context_then(widget_env, lab, "click")


def test_a_context_the_browser_gives_back_redraws_by_itself(widget_env, lab):
    lose_the_context_then(widget_env, lab, "restore")
