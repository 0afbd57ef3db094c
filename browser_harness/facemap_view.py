"""The face map of one FaceScatter view: its state, the ink on its overlay, zooming.

Reads ``root.__v2f.faceMap()`` and the ``canvas.v2f-facemap`` overlay (see js/CONTRACT.md).
Shared by the browser tests and the face map benchmark.
"""

from __future__ import annotations

from typing import Any

from browser_harness.scatter_view import ScatterView

INK_JS = """
(root, box) => {
  const c = root.querySelector('canvas.v2f-facemap');
  if (!c || c.hidden || c.width === 0) return 0;
  const r = c.getBoundingClientRect();
  const k = c.width / r.width;
  const [x, y, w, h] = box ? box.map((v) => Math.round(v * k)) : [0, 0, c.width, c.height];
  const x0 = Math.max(0, x), y0 = Math.max(0, y);
  const ww = Math.min(c.width - x0, w), hh = Math.min(c.height - y0, h);
  if (ww <= 0 || hh <= 0) return 0;
  const d = c.getContext('2d').getImageData(x0, y0, ww, hh).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 40) n++;
  return n;
}
"""

COLORS_JS = """
root => {
  const c = root.querySelector('canvas.v2f-facemap');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const seen = {};
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] < 250) continue;
    const hex = (v) => v.toString(16).padStart(2, '0');
    const key = '#' + hex(d[i]) + hex(d[i + 1]) + hex(d[i + 2]);
    seen[key] = (seen[key] || 0) + 1;
  }
  return seen;
}
"""


class FaceMapView:
    """The face map of ``view`` (a :class:`ScatterView`)."""

    def __init__(self, view: ScatterView) -> None:
        self.view = view
        self.page = view.page
        self.root = view.root
        self.toggle = view.root.locator('button[data-v2f-toggle="faces"]')
        self.overlay = view.root.locator("canvas.v2f-facemap")

    def state(self) -> dict[str, Any]:
        """``root.__v2f.faceMap()``: enabled, faces, drawn, labels, labelled, view."""
        return dict(self.root.evaluate("root => root.__v2f.faceMap()"))

    def ink(self, box: tuple[float, float, float, float] | None = None) -> int:
        """Pixels of the overlay with ink (alpha > 40).

        ``box``: (x, y, w, h) in CSS pixels of the overlay; default: all of it.
        """
        return int(self.root.evaluate(INK_JS, box))

    def opaque_colors(self) -> dict[str, int]:
        """Opaque colours on the overlay and how many pixels have each."""
        return dict(self.root.evaluate(COLORS_JS))

    def wait_drawn(self, timeout: float = 30.0) -> dict[str, Any]:
        """Wait until the camera has settled and every chosen face is drawn."""
        self.page.wait_for_function(
            """root => { const s = root.__v2f.faceMap();
                 return s.enabled && !s.settling && s.faces.length > 0
                        && s.drawn === s.faces.length; }""",
            arg=self.root.element_handle(),
            timeout=timeout * 1000,
        )
        return self.state()

    def zoom_at(self, client: tuple[float, float], delta_y: float) -> None:
        """Wheel at ``client`` (negative ``delta_y`` zooms in)."""
        self.page.mouse.move(*client)
        self.page.mouse.wheel(0, delta_y)

    def overlay_origin(self) -> tuple[float, float]:
        """Client position of the overlay's top-left corner."""
        box = self.overlay.bounding_box()
        assert box is not None
        return box["x"], box["y"]
