"""The face map in a real headless browser: zoom -> new faces drawn, and panning fps.

Runs JupyterLab and Debian's Chromium through the browser harness (the harness's page, left
sidebar closed, ``height=800``: a scatter of about 755 x 770 pixels, 350+ cells of 40 px),
shows ``w.mode = "faces"`` for N uniformly spread points, and measures in page time
(performance.now()):

* zoom -> faces: the camera is reset (its faces drawn), then one wheel step zooms in by a
  random amount (wheel delta 0.5-1.5 scatter heights) at a random spot; the time from the
  last camera change to the ``v2f:facemap-drawn`` mark, when every face of the settled view
  is on screen (choosing the faces: at once for a lone wheel step, else after the settle
  wait of 40 ms; one ``facemap`` round trip that decodes the new ones in the kernel;
  painting and drawing them). p50 / p95 over the zooms, with the time spent painting new
  faces into the sprite atlas (``v2f:facemap-paint``).
* the same run's empty round trip: ``root.__v2f.ping()``, a ``facemap`` request with no
  indices, answered at once by the kernel (the floor of any kernel answer).
* panning: frames per second while the camera pans a little every frame for 2 s with the
  mouse button held on the scatter (the pan is driven in the page through
  ``root.__v2f.panBy``, so the figure is the page's drawing rate, not the rate at which
  Playwright delivers mouse moves), with the faces on screen, and the
  same pan with dots only (``mode = "points"``); and the time the overlay takes to draw
  one frame of faces (p50 / p95), the face map's own share of a frame.

    .venv/bin/python benchmarks/facemap_bench.py [--sizes 100000 1000000] [--zooms 15]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.browser_bench import Session, pct  # noqa: E402
from benchmarks.common import table  # noqa: E402
from browser_harness.facemap_view import FaceMapView  # noqa: E402
from browser_harness.lab_notebook import LabNotebook  # noqa: E402
from browser_harness.scatter_view import ScatterView  # noqa: E402

TARGET_ZOOM_P95_MS = 100.0
TARGET_PAN_FPS = 30.0
PAN_MS = 2000.0

DATA_CELL = """\
import numpy as np
from vec2face_widget import FaceScatter
rng = np.random.default_rng(0)
N = {n}
emb = rng.normal(size=(N, 32)).astype(np.float32)
xy = rng.uniform(-1.0, 1.0, size=(N, 2))
w = FaceScatter(emb, xy=xy, color=np.arange(N) % 5, max_faces=48, height=800, mode="faces")
w"""

SETTLED_JS = """root => { const s = root.__v2f.faceMap();
  return s.enabled && !s.settling && s.faces.length > 0 && s.drawn === s.faces.length; }"""

# From the last camera change after the wheel: ms to the first facemap-drawn mark after it,
# the faces chosen, ms to the request and to its answer (null when nothing had to be
# decoded), ms and count of faces painted, and ms from the wheel event to that camera change.
ZOOM_DONE_JS = """root => {
  const wheel = window.__v2fWheelAt;
  const t0 = root.__v2f.lastCameraAt();
  if (wheel === undefined || t0 < wheel) return null;  // the camera has not moved yet
  const s = root.__v2f.faceMap();
  if (s.settling) return null;
  const after = (name) => performance.getEntriesByName(name).find((e) => e.startTime >= t0);
  const m = after('v2f:facemap-drawn');
  if (!m) return null;
  const asked = after('v2f:facemap-requested');
  const got = after('v2f:faces-received');
  const paints = performance.getEntriesByName('v2f:facemap-paint')
    .filter((e) => e.startTime >= t0 && e.startTime <= m.startTime);
  return [m.startTime - t0, s.faces.length,
          asked && asked.startTime <= m.startTime ? asked.startTime - t0 : null,
          got && got.startTime <= m.startTime ? got.startTime - t0 : null,
          paints.reduce((a, e) => a + e.duration, 0), paints.reduce((a, e) => a + e.detail, 0),
          t0 - wheel,
          performance.getEntriesByName('v2f:facemap-choose')
            .filter((e) => e.startTime >= wheel && e.startTime <= m.startTime)
            .reduce((a, e) => a + e.duration, 0),
          ['v2f:facemap-requested', 'v2f:faces-received', 'v2f:facemap-choose',
           'v2f:facemap-receive'].map((name) => performance.getEntriesByName(name)
              .filter((e) => e.startTime >= wheel && e.startTime <= m.startTime)
              .map((e) => Math.round(e.startTime - wheel) + '+' + Math.round(e.duration))
              .join(','))];
}"""

# Pan a little every frame for ms; returns [frames per second, overlay draw ms of the pan].
PAN_JS = """async (root, ms) => {
  const before = root.__v2f.faceMap().drawMs.length;
  const t0 = performance.now();
  let frames = 0;
  await new Promise((done) => {
    const tick = () => {
      frames++;
      root.__v2f.panBy(0.01 * Math.sin(frames / 15), 0.004 * Math.cos(frames / 15));
      if (performance.now() - t0 < ms) requestAnimationFrame(tick); else done();
    };
    requestAnimationFrame(tick);
  });
  const fps = (frames / (performance.now() - t0)) * 1000;
  const draws = root.__v2f.faceMap().drawMs;
  return [fps, draws.slice(Math.max(0, draws.length - (frames - 1)))];
}"""


@dataclass
class Result:
    """Figures for one N."""

    n: int
    ping_ms: list[float] = field(default_factory=list)
    zoom_ms: list[float] = field(default_factory=list)
    zoom_faces: list[int] = field(default_factory=list)
    # Per zoom, ms from the wheel event to the faces drawn (the scatter's own redraw first).
    wheel_ms: list[float] = field(default_factory=list)
    # Per zoom, ms spent choosing the faces (all settles from the wheel to the drawn faces).
    choose_ms: list[float] = field(default_factory=list)
    # Per zoom, ms spent painting new faces into the sprite atlas.
    paint_ms: list[float] = field(default_factory=list)
    # Per zoom with a request, ms after the camera stopped: to the request, to its answer,
    # to the faces drawn.
    zoom_stages: list[tuple[float, float, float]] = field(default_factory=list)
    faces_on_pan: int = 0
    fps_faces: float = float("nan")
    fps_dots: float = float("nan")
    draw_ms: list[float] = field(default_factory=list)
    note: str = ""


def pan(view: ScatterView) -> tuple[float, list[float]]:
    """Frames per second while panning for PAN_MS, and the overlay's draw times.

    The mouse button is held on the scatter meanwhile (pan mode), as in a person's drag.
    """
    box = view.canvas.bounding_box()
    assert box is not None
    view.set_mode("pan")
    mouse = view.page.mouse
    mouse.move(round(box["x"] + box["width"] - 8), round(box["y"] + box["height"] - 8))
    mouse.down()
    try:
        fps, draws = view.root.evaluate(PAN_JS, PAN_MS)
    finally:
        mouse.up()
    return float(fps), [float(d) for d in draws]


def measure(nb: LabNotebook, n: int, zooms: int, verbose: bool = False) -> Result:
    """Show a face map of ``n`` points in ``nb``; time zooms, pings and pans."""
    res = Result(n)
    nb.page.keyboard.press("Control+b")  # close the left sidebar: a wider scatter
    nb.run_cell(DATA_CELL.format(n=n), timeout=900)
    view = ScatterView(nb.page)
    view.wait_first_frame(timeout=300)
    fmap = FaceMapView(view)
    root = view.root.element_handle()
    nb.page.wait_for_function(SETTLED_JS, arg=root, timeout=300_000)
    for _ in range(20):
        res.ping_ms.append(float(view.root.evaluate("root => root.__v2f.ping()")))
    box = view.canvas.bounding_box()
    assert box is not None
    rng = random.Random(n)
    nb.page.evaluate(
        "() => window.addEventListener('wheel', () => { window.__v2fWheelAt = performance.now(); },"
        " { capture: true })"
    )
    for _ in range(zooms):
        view.root.evaluate("root => root.__v2f.resetCamera()")
        nb.page.wait_for_timeout(120)
        nb.page.wait_for_function(SETTLED_JS, arg=root, timeout=60_000)
        x = box["x"] + rng.uniform(0.2, 0.8) * box["width"]
        y = box["y"] + rng.uniform(0.2, 0.8) * box["height"]
        # A different zoom each time: the grid of cells is new, so are most
        # faces (one fixed step would find them cached from the zooms before it).
        nb.page.evaluate("() => { window.__v2fWheelAt = undefined; }")
        fmap.zoom_at((round(x), round(y)), -box["height"] * rng.uniform(0.5, 1.5))
        handle = nb.page.wait_for_function(ZOOM_DONE_JS, arg=root, timeout=60_000)
        ms, faces, asked, got, paint_ms, painted, wheel, choose_ms, events = handle.json_value()
        res.choose_ms.append(float(choose_ms))
        res.paint_ms.append(float(paint_ms))
        res.wheel_ms.append(float(wheel) + float(ms))
        res.zoom_ms.append(float(ms))
        res.zoom_faces.append(int(faces))
        if asked is not None and got is not None:
            res.zoom_stages.append((float(asked), float(got), float(ms)))
        if verbose:
            print(
                f"  zoom {len(res.zoom_ms)}: {ms:.0f} ms, {faces} faces, asked at {asked}, "
                f"answered at {got}, {painted} painted in {paint_ms:.0f} ms, wheel "
                f"{wheel:.0f} ms before the last camera change, choosing {choose_ms:.1f} ms; "
                f"ms after the wheel: requests {events[0]}, answers {events[1]}, "
                f"choices {events[2]}, receive {events[3]}",
                flush=True,
            )
    view.root.evaluate("root => root.__v2f.resetCamera()")
    nb.page.wait_for_timeout(120)
    nb.page.wait_for_function(SETTLED_JS, arg=root, timeout=60_000)
    res.faces_on_pan = len(fmap.state()["faces"])
    nb.page.mouse.move(2, 2)
    res.fps_faces, res.draw_ms = pan(view)
    nb.run_cell("w.mode = 'points'")
    nb.page.wait_for_function("root => !root.__v2f.faceMap().enabled", arg=root)
    view.root.scroll_into_view_if_needed()
    res.fps_dots, _ = pan(view)
    if res.faces_on_pan < 300:
        res.note = f"only {res.faces_on_pan} faces on screen while panning"
    return res


def stages(r: Result) -> str:
    """Median ms from the camera's stop to the request, request to answer, answer to drawn."""
    if not r.zoom_stages:
        return "-"
    asked = [a for a, _, _ in r.zoom_stages]
    kernel = [g - a for a, g, _ in r.zoom_stages]
    drawn = [d - g for _, g, d in r.zoom_stages]
    return f"{pct(asked, 50):.0f} / {pct(kernel, 50):.0f} / {pct(drawn, 50):.0f}"


def print_table(results: list[Result], renderer: str) -> None:
    """The figures as a Markdown table, with the targets."""
    rows = []
    for r in results:
        rows.append(
            [
                f"{r.n:,}",
                f"{pct(r.ping_ms, 50):.1f} / {pct(r.ping_ms, 95):.1f}",
                f"{pct(r.zoom_ms, 50):.0f} / {pct(r.zoom_ms, 95):.0f}",
                f"{pct(r.wheel_ms, 50):.0f} / {pct(r.wheel_ms, 95):.0f}" if r.wheel_ms else "-",
                stages(r),
                f"{pct(r.choose_ms, 50):.0f} / {pct(r.paint_ms, 50):.0f}" if r.paint_ms else "-",
                f"{statistics.median(r.zoom_faces) if r.zoom_faces else 0:.0f}",
                r.faces_on_pan,
                f"{r.fps_faces:.1f}",
                f"{r.fps_dots:.1f}",
                f"{pct(r.draw_ms, 50):.1f} / {pct(r.draw_ms, 95):.1f}",
                r.note,
            ]
        )
    header = [
        "N",
        "empty round trip p50 / p95 ms",
        "zoom -> faces p50 / p95 ms",
        "wheel event -> faces p50 / p95 ms",
        "of which: settle+choose / kernel round trip / draw, p50 ms",
        "choosing faces / painting new faces, p50 ms",
        "faces after zoom",
        "faces while panning",
        "pan fps, faces",
        "pan fps, dots only",
        "overlay draw p50 / p95 ms",
        "note",
    ]
    print()
    print(table(header, rows))
    print(
        f"\ntargets: zoom -> faces p95 < {TARGET_ZOOM_P95_MS:.0f} ms; pan >= "
        f"{TARGET_PAN_FPS:.0f} fps and >= half the dots-only rate. WebGL: {renderer}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--zooms", type=int, default=15, help="zooms per size")
    parser.add_argument("--verbose", action="store_true", help="print every zoom's times")
    args = parser.parse_args(argv)
    t_start = time.monotonic()
    results = []
    with tempfile.TemporaryDirectory(prefix="v2f-fmbench-") as tmp, Session(Path(tmp)) as s:
        renderer = "?"
        for n in args.sizes:
            nb = s.notebook()
            try:
                renderer = nb.page.evaluate("""() => {
                  const gl = document.createElement('canvas').getContext('webgl');
                  const d = gl && gl.getExtension('WEBGL_debug_renderer_info');
                  return gl ? gl.getParameter(d ? d.UNMASKED_RENDERER_WEBGL : gl.RENDERER)
                            : 'no WebGL'; }""")
                results.append(measure(nb, n, args.zooms, args.verbose))
            except Exception as exc:  # noqa: BLE001 - report it and go on with the next N
                results.append(Result(n, note=f"failed: {str(exc).strip().splitlines()[0]}"))
            finally:
                s.close(nb)
            r = results[-1]
            if r.note:
                print(f"N={n:,}: {r.note}", flush=True)
            print(
                f"N={n:,}: zoom -> faces p95 {pct(r.zoom_ms, 95):.0f} ms, ping p50 "
                f"{pct(r.ping_ms, 50):.1f} ms, pan fps {r.fps_faces:.0f} (dots {r.fps_dots:.0f})",
                flush=True,
            )
        print_table(results, renderer)
    print(f"(whole run {time.monotonic() - t_start:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
