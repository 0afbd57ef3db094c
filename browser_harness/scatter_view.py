"""A page object for one FaceScatter view: read it (points, faces, pixels) and brush it.

Selectors follow the DOM contract with the front end (see js/CONTRACT.md).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from playwright.sync_api import Locator, Page

Point = tuple[float, float]

FACE_STATS_JS = """
(root, sel) => Array.from(root.querySelectorAll(sel)).map((face) => {
  const paths = Array.from(face.querySelectorAll('svg path'));
  const drawn = paths.filter((p) => {
    const d = (p.getAttribute('d') || '').trim();
    if (d.length < 4) return false;
    const r = p.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  });
  const label = face.querySelector('.v2f-face-label, .v2f-tooltip-label');
  return { index: face.dataset.v2fIndex === undefined ? null : Number(face.dataset.v2fIndex),
           paths: paths.length, drawn: drawn.length,
           label: label ? label.textContent : null };
})
"""


class ScatterView:
    """The first (or ``nth``) ``.v2f-root`` on ``page``."""

    def __init__(self, page: Page, nth: int = 0) -> None:
        self.page = page
        self.root: Locator = page.locator(".v2f-root").nth(nth)
        self.canvas: Locator = self.root.locator(".v2f-scatter canvas").first
        self.panel: Locator = self.root.locator(".v2f-panel")
        self.tooltip: Locator = self.root.locator(".v2f-tooltip")
        self.error: Locator = self.root.locator(".v2f-error")

    # -- waiting ---------------------------------------------------------------------------
    def wait_first_frame(self, timeout: float = 60.0) -> None:
        """Wait until the scatter has drawn its points (``v2f:first-frame``)."""
        self.root.wait_for(state="attached", timeout=timeout * 1000)
        self.page.wait_for_function(
            "() => performance.getEntriesByName('v2f:first-frame').length > 0",
            timeout=timeout * 1000,
        )
        self.root.scroll_into_view_if_needed()
        self.page.wait_for_timeout(100)

    def faces_drawn_marks(self) -> int:
        """How often the panel has finished drawing faces (``v2f:faces-drawn``)."""
        return int(
            self.page.evaluate("() => performance.getEntriesByName('v2f:faces-drawn').length")
        )

    def wait_faces(self, count: int, after_marks: int, timeout: float = 30.0) -> None:
        """Wait for a new ``v2f:faces-drawn`` after ``after_marks`` with ``count`` faces."""
        self.page.wait_for_function(
            """([root, count, marks]) =>
                 performance.getEntriesByName('v2f:faces-drawn').length > marks
                 && root.querySelectorAll('.v2f-panel .v2f-face').length === count
                 && !root.querySelector('.v2f-panel.v2f-pending')""",
            arg=[self.root.element_handle(), count, after_marks],
            timeout=timeout * 1000,
        )

    # -- reading ---------------------------------------------------------------------------
    def points(self) -> list[Point]:
        """Client (viewport) coordinates of every point, from the front end's debug hook.

        Scrolls the widget fully into view first (running a cell scrolls the notebook).
        """
        self.root.scroll_into_view_if_needed()
        self.page.wait_for_timeout(50)
        return [
            tuple(p)
            for p in self.root.evaluate(
                "root => Array.from({length: root.__v2f.nPoints},"
                " (_, i) => root.__v2f.pointToClient(i))"
            )
        ]

    def front_selection(self) -> list[int]:
        """The selection as the front end holds it."""
        return sorted(self.root.evaluate("root => root.__v2f.selection()"))

    def faces(self, selector: str = ".v2f-panel .v2f-face") -> list[dict]:
        """Per face: its point index, how many paths it has and how many are drawn."""
        return self.root.evaluate(FACE_STATS_JS, selector)

    def canvas_ink(self) -> tuple[int, tuple[int, int, int], int]:
        """Ink of the scatter canvas, read back from a screenshot of it.

        Returns (pixels that differ from the background, background RGB, all pixels).
        """
        return self.ink(self.canvas)

    def ink(self, element: Locator) -> tuple[int, tuple[int, int, int], int]:
        """Ink of any element (a face's svg...), as :meth:`canvas_ink` says."""
        from PIL import Image

        png = element.screenshot()
        img = Image.open(io.BytesIO(png)).convert("RGB")
        counts = img.getcolors(maxcolors=1 << 24) or []
        _, background = max(counts)
        ink = sum(
            n
            for n, rgb in counts
            if max(abs(a - b) for a, b in zip(rgb, background, strict=True)) > 40
        )
        return ink, background, img.width * img.height

    def background_luminance(self) -> float:
        """Luminance (0..255) of the root's computed background colour."""
        rgb = self.root.evaluate(
            "root => getComputedStyle(root).backgroundColor.match(/[\\d.]+/g).map(Number)"
        )
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]

    # -- gestures --------------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        """Click the lasso / box / pan button."""
        self.root.locator(f'button[data-v2f-mode="{mode}"]').click()

    def drag_box(self, corner0: Point, corner1: Point, steps: int = 12) -> None:
        """Drag the mouse from one corner to the other (box mode must be on)."""
        mouse = self.page.mouse
        (x0, y0), (x1, y1) = _px(corner0), _px(corner1)
        mouse.move(x0, y0)
        mouse.down()
        mouse.move(x1, y1, steps=steps)
        self.page.wait_for_timeout(30)
        mouse.up()

    def drag_lasso(self, vertices: Sequence[Point], step_px: float = 10.0) -> None:
        """Draw a closed lasso through ``vertices``, pausing at each vertex.

        The pause lets the lasso record the vertex (the scatter samples the pointer at
        most every few milliseconds).
        """
        mouse = self.page.mouse
        path = [_px(v) for v in [*vertices, vertices[0]]]
        mouse.move(*path[0])
        mouse.down()
        for (x0, y0), (x1, y1) in zip(path, path[1:], strict=False):
            steps = max(2, math.ceil(math.hypot(x1 - x0, y1 - y0) / step_px))
            for k in range(1, steps + 1):
                mouse.move(*_px((x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)))
            self.page.wait_for_timeout(25)
        mouse.up()

    def hover(self, xy: Point) -> None:
        """Move the mouse onto ``xy`` from a few pixels away."""
        self.page.mouse.move(xy[0] + 12, xy[1] + 12)
        self.page.mouse.move(xy[0], xy[1], steps=4)


def _px(p: Point) -> Point:
    """Whole CSS pixels: Chromium delivers mouse positions as integers anyway."""
    return (float(round(p[0])), float(round(p[1])))


# -- geometry for the expected selections ----------------------------------------------------
def inside_polygon(p: Point, polygon: Sequence[Point]) -> bool:
    """Even-odd rule point-in-polygon test."""
    x, y = p
    inside = False
    n = len(polygon)
    for k in range(n):
        (x0, y0), (x1, y1) = polygon[k], polygon[(k + 1) % n]
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def distance_to_edges(p: Point, polygon: Sequence[Point]) -> float:
    """Distance from ``p`` to the nearest edge of the closed ``polygon``."""
    best = math.inf
    n = len(polygon)
    for k in range(n):
        (x0, y0), (x1, y1) = polygon[k], polygon[(k + 1) % n]
        dx, dy = x1 - x0, y1 - y0
        t = (
            0.0
            if dx == dy == 0
            else max(0.0, min(1.0, ((p[0] - x0) * dx + (p[1] - y0) * dy) / (dx * dx + dy * dy)))
        )
        best = min(best, math.hypot(p[0] - (x0 + t * dx), p[1] - (y0 + t * dy)))
    return best


def box_polygon(corner0: Point, corner1: Point) -> list[Point]:
    """The rectangle spanned by two corners, as a polygon."""
    (x0, y0), (x1, y1) = corner0, corner1
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
