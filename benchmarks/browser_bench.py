"""FaceScatter in a real headless browser: first frame, brush to faces, bytes per point.

Runs JupyterLab and Debian's Chromium through the browser harness (browser_harness/) and,
for each N, opens a fresh notebook and measures in page time (performance.now()):

* first frame: from the Shift+Enter that runs the cell displaying ``w`` to the
  ``v2f:first-frame`` mark;
* brush -> faces: from the mouse-up that ends a box brush to the next ``v2f:faces-drawn``
  mark, i.e. until the faces of the final selection are on screen (p50 / p95 over
  repeated brushes, each selecting >= 64 points, max_faces=64). Each brush is dragged as
  a person does, over ~400 ms of mouse moves (the panel follows it live through preview
  requests), and released in two ways, both reported: right after the last move
  ("release") and after holding the mouse still for 100 ms ("hold 100 ms");
* bytes per point: kernel websocket frames received by the page while the widget is
  created and displayed, divided by N.

Baselines measured in the same run make figures comparable across machines: an empty
cell's round trip, and ``ipywidgets.Label`` from Shift+Enter to first paint.

    .venv/bin/python benchmarks/browser_bench.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from browser_harness.lab_browser import Chromium  # noqa: E402
from browser_harness.lab_notebook import LabNotebook  # noqa: E402
from browser_harness.lab_server import JupyterServer  # noqa: E402
from browser_harness.scatter_view import ScatterView  # noqa: E402

TARGET_BRUSH_P95_MS = 50.0
TARGET_FIRST_FRAME_1M_MS = 1000.0
MIN_SELECTED = 64

# Page-side clocks: the Shift+Enter that runs a cell and the mouse-up that ends a brush.
INSTALL_CLOCKS_JS = """() => {
  if (window.__v2fBench) return;
  window.__v2fBench = { key: 0, up: 0 };
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.shiftKey) window.__v2fBench.key = e.timeStamp;
  }, true);
  window.addEventListener('pointerup', (e) => { window.__v2fBench.up = e.timeStamp; }, true);
}"""

FIRST_FRAME_JS = """() => {
  const t0 = window.__v2fBench.key;
  const m = performance.getEntriesByName('v2f:first-frame').find((e) => e.startTime > t0);
  return m ? m.startTime - t0 : null;
}"""

# The faces-drawn mark may come in the mouse-up handler itself (the live preview showed
# the final selection already): its time is then just after the pointerup's timeStamp.
FACES_AFTER_UP_JS = """() => {
  const up = window.__v2fBench.up;
  const m = performance.getEntriesByName('v2f:faces-drawn').find((e) => e.startTime >= up);
  if (!m) return null;
  const got = performance.getEntriesByName('v2f:faces-received')
    .find((e) => e.startTime >= up && e.startTime <= m.startTime);
  return [m.startTime - up, got ? 0 : 1];
}"""

# The brush gesture: ~400 ms of mouse moves, then release at once or after a 100 ms hold.
DRAG_MS = 400.0
DRAG_STEP_MS = 16.0  # at most one move a 60 Hz frame
RELEASES = {"release": 0, "hold 100 ms": 100}

# Where the time of one brush goes (the front end's diagnostic marks, see js/CONTRACT.md).
STAGES = ("v2f:brush-end", "v2f:select-sent", "v2f:faces-received", "v2f:faces-drawn")
FIRST_STAGES = ("v2f:ready-sent", "v2f:points-received", "v2f:points-uploaded", "v2f:first-frame")
STAGES_JS = """([names, clock]) => {
  const up = window.__v2fBench[clock];
  return names.map((name) => {
    const m = performance.getEntriesByName(name).find((e) => e.startTime >= up);
    return m ? m.startTime - up : null;
  });
}"""

DATA_CELL = """\
import numpy as np
from vec2face_widget import FaceScatter
rng = np.random.default_rng(0)
N = {n}
emb = rng.normal(size=(N, 32)).astype(np.float32)
xy = rng.uniform(-1.0, 1.0, size=(N, 2))
labels = [f"p{{i}}" for i in range(N)]
w = FaceScatter(emb, labels, xy=xy, max_faces=64{parts})"""

STUB_PARTS = """
from v2f_testdata import StubMapper, StubModel
"""


@dataclass
class Result:
    """Figures for one N."""

    n: int
    first_frame_ms: float = float("nan")
    brush_ms: dict[str, list[float]] = field(default_factory=dict)
    # Brushes whose faces were on screen at mouse-up (no kernel answer awaited), by release.
    at_up: dict[str, int] = field(default_factory=dict)
    drag_ms: list[float] = field(default_factory=list)
    drag_moves: list[int] = field(default_factory=list)
    stages_ms: dict[str, list[list[float | None]]] = field(default_factory=dict)
    first_stages_ms: list[float | None] = field(default_factory=list)
    min_selected: int = 0
    bytes_display: int = 0
    bytes_total: int = 0
    note: str = ""


class FrameCounter:
    """Bytes of kernel websocket frames the page receives."""

    def __init__(self) -> None:
        self.bytes = 0

    def attach(self, ws) -> None:  # noqa: ANN001 - playwright WebSocket
        if "/api/kernels/" in ws.url:
            ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload: str | bytes) -> None:
        self.bytes += len(payload.encode() if isinstance(payload, str) else payload)


def timed_cell(nb: LabNotebook, code: str, until_js: str, timeout: float = 300.0) -> float:
    """Run ``code``; return page ms from its Shift+Enter until ``until_js(cell)`` returns a
    number (it gets the cell element and computes the time itself)."""
    cell = nb.type_cell(code)
    nb.page.keyboard.press("Shift+Enter")
    handle = nb.page.wait_for_function(
        until_js, arg=cell.element_handle(), polling="raf", timeout=timeout * 1000
    )
    ms = float(handle.json_value())
    nb.wait_done(cell, code, timeout=timeout)
    return ms


PROMPT_DONE_JS = """(cell) => {
  const prompt = cell.querySelector('.jp-InputPrompt').textContent.trim();
  return /^\\[\\d+\\]:$/.test(prompt) ? performance.now() - window.__v2fBench.key : null;
}"""


def label_painted_js(text: str) -> str:
    """JS: ms since Shift+Enter once a Label showing ``text`` has a size on the page."""
    return f"""(cell) => {{
      const el = Array.from(cell.querySelectorAll('.widget-label'))
        .find((e) => e.textContent === {text!r} && e.getBoundingClientRect().width > 0);
      return el ? performance.now() - window.__v2fBench.key : null; }}"""


def baselines(nb: LabNotebook, repeats: int = 7) -> tuple[float, float]:
    """Median ms of an empty cell's round trip and of an ipywidgets.Label to first paint."""
    nb.page.evaluate(INSTALL_CLOCKS_JS)
    nb.run_cell("import ipywidgets")
    empty = [timed_cell(nb, "pass", PROMPT_DONE_JS) for _ in range(repeats)]
    label = []
    for k in range(repeats):
        text = f"v2f-baseline-{k}"
        label.append(timed_cell(nb, f"ipywidgets.Label({text!r})", label_painted_js(text)))
    return statistics.median(empty), statistics.median(label)


def measure(nb: LabNotebook, n: int, stub: bool, brushes: int, counter: FrameCounter) -> Result:
    """Create, display and brush a FaceScatter of ``n`` points in ``nb``."""
    res = Result(n)
    nb.page.evaluate(INSTALL_CLOCKS_JS)
    parts = ", model=StubModel(), mapper=StubMapper()" if stub else ""
    code = DATA_CELL.format(n=n, parts=parts)
    if stub:
        code = STUB_PARTS + code
    before = counter.bytes
    nb.run_cell(code, timeout=900)
    shown = counter.bytes
    res.first_frame_ms = timed_cell(nb, "w", FIRST_FRAME_JS, timeout=300)
    res.first_stages_ms = nb.page.evaluate(STAGES_JS, [list(FIRST_STAGES), "key"])
    res.bytes_display = counter.bytes - shown
    res.bytes_total = counter.bytes - before

    view = ScatterView(nb.page)
    view.root.scroll_into_view_if_needed()
    view.set_mode("box")
    nb.page.wait_for_timeout(200)
    box = view.canvas.bounding_box()
    assert box is not None
    side = 0.12 * min(box["width"], box["height"])
    rng = random.Random(n)
    selected = []
    for name in RELEASES:
        res.brush_ms[name], res.stages_ms[name], res.at_up[name] = [], [], 0
    for _ in range(brushes):
        x = box["x"] + rng.uniform(0.25, 0.75) * box["width"] - side / 2
        y = box["y"] + rng.uniform(0.25, 0.75) * box["height"] - side / 2
        for name, hold_ms in RELEASES.items():
            drag, moves = drag_like_a_person(nb, (x, y), (x + side, y + side), hold_ms)
            res.drag_ms.append(drag)
            res.drag_moves.append(moves)
            handle = nb.page.wait_for_function(FACES_AFTER_UP_JS, polling="raf", timeout=60_000)
            ms, at_up = handle.json_value()
            res.brush_ms[name].append(float(ms))
            res.at_up[name] += int(at_up)
            res.stages_ms[name].append(nb.page.evaluate(STAGES_JS, [list(STAGES), "up"]))
            selected.append(int(view.root.evaluate("root => root.__v2f.selection().length")))
            nb.page.wait_for_timeout(150)
    res.min_selected = min(selected) if selected else 0
    if res.min_selected < MIN_SELECTED:
        res.note = f"some brushes selected only {res.min_selected} points"
    return res


def drag_like_a_person(
    nb: LabNotebook, corner0: tuple[float, float], corner1: tuple[float, float], hold_ms: float
) -> tuple[float, int]:
    """Drag a box from ``corner0`` to ``corner1`` over DRAG_MS, hold the mouse still for
    ``hold_ms``, release; returns the drag's ms and how many moves it made.

    Each move goes to where a steady hand would be at that moment, so the drag lasts
    DRAG_MS however slowly the page takes input: a browser delivers at most one mouse
    move a frame (Chromium coalesces them), and a move here returns once the page took
    it, so slow frames mean fewer, longer steps, as a person would get."""
    mouse = nb.page.mouse
    x0, y0 = round(corner0[0]), round(corner0[1])
    x1, y1 = round(corner1[0]), round(corner1[1])
    mouse.move(x0, y0)
    mouse.down()
    t0 = time.perf_counter()
    moves = 0
    frac = 0.0
    while frac < 1.0:
        time.sleep(DRAG_STEP_MS / 1000)
        frac = min(1.0, (time.perf_counter() - t0) * 1000 / DRAG_MS)
        mouse.move(round(x0 + (x1 - x0) * frac), round(y0 + (y1 - y0) * frac))
        moves += 1
    drag = (time.perf_counter() - t0) * 1000
    if hold_ms:
        time.sleep(hold_ms / 1000)
    mouse.up()
    return drag, moves


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of ``values``."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


REAL_MODEL_CHECK = """\
try:
    from vec2face_widget.faces.face_model import FaceModel
    from vec2face_widget.mapping.mapper import FaceMapper  # noqa: F401
    FaceModel.pretrained()
    _v2f_real = True
except Exception as exc:  # the trained model has not landed yet
    print("real face model unavailable:", type(exc).__name__, exc)
    _v2f_real = False"""


class Session:
    """JupyterLab + Chromium for the whole run."""

    def __init__(self, root: Path) -> None:
        self.server = JupyterServer(root)
        self.chromium = Chromium()
        self.count = 0

    def __enter__(self) -> Session:
        self.server.start()
        self.chromium.start()
        import shutil

        shutil.copy(ROOT / "browser_harness" / "v2f_testdata.py", self.server.notebooks)
        return self

    def __exit__(self, *exc: object) -> None:
        self.chromium.stop()
        self.server.stop()

    def notebook(self, counter: FrameCounter | None = None) -> LabNotebook:
        """A fresh notebook in its own page, opened in JupyterLab."""
        self.count += 1
        name = self.server.create_notebook(f"bench_{self.count}.ipynb")
        page, log = self.chromium.new_page()
        if counter is not None:
            page.on("websocket", counter.attach)
        return LabNotebook(page, log, self.server, name).open()

    def close(self, nb: LabNotebook) -> None:
        """Close the page and shut its kernel down."""
        nb.page.context.close()
        self.server.shutdown_kernels()


def print_table(
    results: list[Result], empty_ms: float, label_ms: float, model: str, renderer: str
) -> None:
    """Print the figures, the targets and the baselines."""
    print()
    print(
        f"FaceScatter in headless Chromium ({renderer}); model: {model}; "
        f"{os.cpu_count()} CPUs, {platform.machine()}"
    )
    print(
        f"baseline: empty cell round trip {empty_ms:7.1f} ms (median); "
        f"ipywidgets.Label to first paint {label_ms:7.1f} ms (median)"
    )
    head = (
        f"{'N':>9} | {'first frame ms':>14} | {'release p50':>11} | {'p95':>7} | "
        f"{'at up':>5} | {'hold 100 ms p50':>15} | {'p95':>7} | {'at up':>5} | "
        f"{'brushes':>7} | {'min sel':>7} | {'B/point display':>15} | {'KB creation':>11}"
    )
    print(head)
    print("-" * len(head))
    for r in results:
        rel, hold = r.brush_ms.get("release", []), r.brush_ms.get("hold 100 ms", [])
        print(
            f"{r.n:>9,} | {r.first_frame_ms:14.1f} | {pct(rel, 50):11.1f} | "
            f"{pct(rel, 95):7.1f} | {r.at_up.get('release', 0):>5} | "
            f"{pct(hold, 50):15.1f} | {pct(hold, 95):7.1f} | "
            f"{r.at_up.get('hold 100 ms', 0):>5} | {len(rel):>7} | {r.min_selected:>7} | "
            f"{r.bytes_display / r.n:15.2f} | {(r.bytes_total - r.bytes_display) / 1e3:11.1f}"
            + (f"  ({r.note})" if r.note else "")
        )
    drags = [d for r in results for d in r.drag_ms]
    moves = [m for r in results for m in r.drag_moves]
    per_n = ", ".join(f"{statistics.median(r.drag_moves):.0f}" for r in results if r.drag_moves)
    print(
        f"release / hold 100 ms: ms from mouse-up to the faces of the final selection on "
        f"screen (v2f:faces-drawn), after a box drag of "
        f"{statistics.median(drags) if drags else float('nan'):.0f} ms in "
        f"{statistics.median(moves) if moves else float('nan'):.0f} mouse moves (medians; "
        f"per N: {per_n});"
    )
    print(
        "at up: brushes whose faces were on screen at mouse-up (the live preview had drawn "
        "the final selection), of 'brushes';"
    )
    print("B/point display: kernel websocket bytes from display(w) to the first frame, / N;")
    print("KB creation: bytes while `w = FaceScatter(...)` runs (bundle source, traits).")
    print()
    print("display(w) -> first frame, ms after Shift+Enter at each front-end mark:")
    print(f"{'N':>9} | " + " | ".join(f"{name[4:]:>15}" for name in FIRST_STAGES))
    for r in results:
        print(
            f"{r.n:>9,} | "
            + " | ".join(f"{v:15.1f}" if v is not None else f"{'-':>15}" for v in r.first_stages_ms)
        )
    print()
    print(
        "brush -> faces, median ms after mouse-up at each front-end mark "
        "(faces-received: the first answer after mouse-up, maybe a stale preview):"
    )
    print(f"{'N':>9} | {'release':>11} | " + " | ".join(f"{name[4:]:>14}" for name in STAGES))
    for r in results:
        for name, stages in r.stages_ms.items():
            cols = []
            for k in range(len(STAGES)):
                got = [st[k] for st in stages if st[k] is not None]
                cols.append(f"{statistics.median(got):14.1f}" if got else f"{'-':>14}")
            print(f"{r.n:>9,} | {name:>11} | " + " | ".join(cols))
    print()
    for r in results:
        for name, ms in r.brush_ms.items():
            ok_brush = pct(ms, 95) < TARGET_BRUSH_P95_MS
            print(
                f"target brush->faces p95 < {TARGET_BRUSH_P95_MS:.0f} ms at N={r.n:,} "
                f"({name}): {'met' if ok_brush else 'MISSED'}"
            )
        if r.n >= 1_000_000:
            ok = r.first_frame_ms < TARGET_FIRST_FRAME_1M_MS
            print(
                f"target first frame < {TARGET_FIRST_FRAME_1M_MS:.0f} ms at N={r.n:,}: "
                f"{'met' if ok else 'MISSED'}"
            )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--brushes", type=int, default=20, help="brushes per release variant")
    parser.add_argument(
        "--model",
        choices=["auto", "real", "stub"],
        default="auto",
        help="real: the shipped face model; stub: a trivial decoder",
    )
    args = parser.parse_args(argv)

    t_start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="v2f-bench-") as tmp, Session(Path(tmp)) as s:
        nb = s.notebook()
        renderer = nb.page.evaluate("""() => {
          const gl = document.createElement('canvas').getContext('webgl');
          const d = gl && gl.getExtension('WEBGL_debug_renderer_info');
          return gl ? gl.getParameter(d ? d.UNMASKED_RENDERER_WEBGL : gl.RENDERER) : 'no WebGL';
        }""")
        empty_ms, label_ms = baselines(nb)
        nb.run_cell(REAL_MODEL_CHECK, timeout=300)
        real = nb.eval_py("_v2f_real")
        s.close(nb)
        if args.model == "real" and not real:
            print("--model real: the trained face model is not available", file=sys.stderr)
            return 2
        stub = args.model == "stub" or not real
        model = "stub decoder (v2f_testdata.StubModel)" if stub else "shipped FaceModel"

        results = []
        for n in args.sizes:
            counter = FrameCounter()
            nb = s.notebook(counter)
            try:
                results.append(measure(nb, n, stub, args.brushes, counter))
            except Exception as exc:  # noqa: BLE001 - report it and go on with the next N
                results.append(Result(n, note=f"failed: {str(exc).strip().splitlines()[-1]}"))
            finally:
                s.close(nb)
            r = results[-1]
            print(
                f"N={n:,}: first frame {r.first_frame_ms:.0f} ms, brush p95 "
                + ", ".join(f"{name} {pct(ms, 95):.1f} ms" for name, ms in r.brush_ms.items()),
                flush=True,
            )
        print_table(results, empty_ms, label_ms, model, renderer)
    print(f"(whole run {time.monotonic() - t_start:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
