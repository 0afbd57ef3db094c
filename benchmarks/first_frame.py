"""FaceScatter against jupyter-scatter: first frame, kernel-side build, lasso, kernel memory.

One JupyterLab and one headless Chromium for the whole run (browser_harness/), a fresh
kernel (a new notebook) for every measurement, the two widgets interleaved (A B A B ...),
the same xy for both. For each N and widget it measures:

* display -> first frame: from the Shift+Enter of the cell that builds and shows the
  widget to the first animation frame in which that cell's canvas shows ink (the same
  pixel test for both widgets; median and p95 over the repeats);
* kernel-side build: time of the constructor (jupyter-scatter: ``Scatter(...)`` and
  ``show()``), measured in the kernel;
* lasso mouse-up -> kernel ``selection``: a lasso around ~10% of the points (a square
  drawn over ~400 ms), from the page's mouse-up to the kernel's ``selection`` observer
  (both on this machine's wall clock; p50 / p95 over the brushes), and for FaceScatter
  the page's share of it (mouse-up to the sent selection). FaceScatter is
  brushed once its faces are ready, so the background preparation does not share the
  cores with the brushes;
* kernel RSS after display (and, for FaceScatter, once the faces are ready: JAX and the
  face model are loaded then).

Baseline of the same run: the round trip of an empty comm message (page -> kernel ->
page, through a tiny anywidget), median and p95.

    .venv/bin/python -m pip install -e '.[bench]'   # jupyter-scatter, benchmark-only
    .venv/bin/python benchmarks/first_frame.py [--sizes 100000 1000000] [--repeats 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.browser_bench import INSTALL_CLOCKS_JS, Session, pct  # noqa: E402
from browser_harness.lab_notebook import LabNotebook  # noqa: E402

WIDGETS = ("FaceScatter", "jupyter-scatter")
LASSO_FRACTION = 0.10
DRAG_MS = 400.0
CANVAS = {"FaceScatter": ".v2f-scatter canvas", "jupyter-scatter": ".jp-OutputArea canvas"}
SETTLE_MS = 1500  # after each lasso, for the selection to reach the kernel

# FaceScatter: ms from the pointerup to the page's "v2f:select-sent" mark after it.
PAGE_SHARE_JS = """() => {
  const up = window.__v2fBench.up;
  const m = performance.getEntriesByName('v2f:select-sent').find((e) => e.startTime >= up);
  return m ? m.startTime - up : null;
}"""

DATA_CELL = """\
import os, time, numpy as np
rng = np.random.default_rng(0)
N = {n}
emb = rng.normal(size=(N, 32)).astype(np.float32)
xy = rng.uniform(-1.0, 1.0, size=(N, 2))
def _rss_mib():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) / 1024
_sel_times = []"""

SHOW_CELL = {
    "FaceScatter": """\
from vec2face_widget import FaceScatter
_t0 = time.perf_counter()
w = FaceScatter(emb, xy=xy, max_faces=64)
_build_ms = (time.perf_counter() - _t0) * 1000
w.observe(lambda change: _sel_times.append(time.time() * 1000), names="selection")
w""",
    "jupyter-scatter": """\
import jscatter
_t0 = time.perf_counter()
_s = jscatter.Scatter(x=xy[:, 0], y=xy[:, 1], height=480)
_s.mouse("lasso")
w = _s.show()
_build_ms = (time.perf_counter() - _t0) * 1000
_s.widget.observe(lambda change: _sel_times.append(time.time() * 1000), names="selection")
w""",
}

# ms from the Shift+Enter to the first frame in which a canvas of the cell shows ink.
INK_JS = """(cell) => {
  const probe = window.__v2fProbe || (window.__v2fProbe = document.createElement('canvas'));
  probe.width = 48; probe.height = 48;
  const ctx = probe.getContext('2d', { willReadFrequently: true });
  for (const c of cell.querySelectorAll('.jp-OutputArea canvas')) {
    if (c.width < 50 || c.height < 50) continue;
    ctx.clearRect(0, 0, 48, 48);
    try { ctx.drawImage(c, 0, 0, 48, 48); } catch (e) { continue; }
    const px = ctx.getImageData(0, 0, 48, 48).data;
    let ink = 0;
    for (let i = 0; i < px.length; i += 4) {
      let d = 0;  // against the corner pixel, alpha too (a transparent canvas, black points)
      for (let j = 0; j < 4; j++) d += Math.abs(px[i + j] - px[j]);
      if (d > 60) ink++;
    }
    if (ink > 20) return performance.now() - window.__v2fBench.key;
  }
  return null;
}"""

PINGER_CELL = '''\
import anywidget
class _Pinger(anywidget.AnyWidget):
    _esm = """
    export default { render({ model, el }) {
      window.__v2fPing = () => new Promise((resolve) => {
        const t0 = performance.now();
        const on = (msg) => {
          if (msg && msg.pong) { model.off('msg:custom', on); resolve(performance.now() - t0); }
        };
        model.on('msg:custom', on);
        model.send({ ping: 1 });
      });
      el.textContent = 'pinger';
    } }"""
_p = _Pinger()
_p.on_msg(lambda widget, content, buffers: widget.send({"pong": 1}))
_p'''


@dataclass
class Figures:
    """What one widget gave at one N, over its repeats."""

    first_frame_ms: list[float] = field(default_factory=list)
    build_ms: list[float] = field(default_factory=list)
    lasso_ms: list[float] = field(default_factory=list)
    # FaceScatter only: of lasso_ms, mouse-up -> the page sends the selection
    page_ms: list[float] = field(default_factory=list)
    selected: list[int] = field(default_factory=list)
    rss_mib: list[float] = field(default_factory=list)
    rss_faces_mib: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def comm_round_trip(s: Session, repeats: int = 21) -> list[float]:
    """ms of an empty comm message's round trip, page -> kernel -> page."""
    nb = s.notebook()
    try:
        nb.run_cell(PINGER_CELL, timeout=120)
        nb.page.wait_for_function("() => !!window.__v2fPing", timeout=60_000)
        return [float(nb.page.evaluate("() => window.__v2fPing()")) for _ in range(repeats)]
    finally:
        s.close(nb)


def show_and_wait(nb: LabNotebook, code: str) -> float:
    """Run ``code``; ms from its Shift+Enter to ink on its canvas."""
    nb.page.evaluate(INSTALL_CLOCKS_JS)
    cell = nb.type_cell(code)
    nb.page.keyboard.press("Shift+Enter")
    handle = nb.page.wait_for_function(
        INK_JS, arg=cell.element_handle(), polling="raf", timeout=300_000
    )
    ms = float(handle.json_value())
    nb.wait_done(cell, code, timeout=300)
    return ms


def lasso(nb: LabNotebook, box: dict, rng: random.Random) -> None:
    """Draw a square lasso around ~LASSO_FRACTION of the points, over DRAG_MS."""
    side = (LASSO_FRACTION**0.5) * 0.9 * min(box["width"], box["height"])
    cx = box["x"] + box["width"] / 2 + rng.uniform(-0.15, 0.15) * box["width"]
    cy = box["y"] + box["height"] / 2 + rng.uniform(-0.15, 0.15) * box["height"]
    corners = [(cx - side / 2, cy - side / 2), (cx + side / 2, cy - side / 2)]
    corners += [(cx + side / 2, cy + side / 2), (cx - side / 2, cy + side / 2)]
    # Close the loop only to 85% of the last edge: a mouse-up where the mouse went down
    # counts as a click too (jupyter-scatter then selects the nearest point instead).
    last = (corners[3][0] + 0.85 * (corners[0][0] - corners[3][0]), corners[3][1] - 0.85 * side)
    path = [*corners, last]
    mouse = nb.page.mouse
    mouse.move(round(path[0][0]), round(path[0][1]))
    mouse.down()
    steps = 24
    for (x0, y0), (x1, y1) in zip(path, path[1:], strict=False):
        for k in range(1, steps // 4 + 1):
            f = k / (steps // 4)
            mouse.move(round(x0 + (x1 - x0) * f), round(y0 + (y1 - y0) * f))
            time.sleep(DRAG_MS / steps / 1000)
    mouse.up()


def measure(s: Session, widget: str, n: int, brushes: int, fig: Figures) -> None:
    """One fresh kernel: build and show ``widget`` with ``n`` points, then brush it."""
    nb = s.notebook()
    try:
        nb.run_cell(DATA_CELL.format(n=n), timeout=300)
        fig.first_frame_ms.append(show_and_wait(nb, SHOW_CELL[widget]))
        fig.build_ms.append(float(nb.eval_py("_build_ms")))
        fig.rss_mib.append(float(nb.eval_py("_rss_mib()")))
        if widget == "FaceScatter":
            nb.run_cell("w._prep.wait(timeout=300); None", timeout=320)
            fig.rss_faces_mib.append(float(nb.eval_py("_rss_mib()")))
        canvas = nb.page.locator(CANVAS[widget]).first
        canvas.scroll_into_view_if_needed()
        nb.page.wait_for_timeout(300)
        box = canvas.bounding_box()
        assert box is not None
        rng = random.Random(n)
        ups = []
        for _ in range(brushes):
            lasso(nb, box, rng)
            ups.append(
                float(nb.page.evaluate("() => performance.timeOrigin + window.__v2fBench.up"))
            )
            nb.page.wait_for_timeout(SETTLE_MS)
            if widget == "FaceScatter" and (page := nb.page.evaluate(PAGE_SHARE_JS)) is not None:
                fig.page_ms.append(float(page))
        times = nb.eval_py("_sel_times")
        size = "len(w.selection)" if widget == "FaceScatter" else "len(_s.selection())"
        fig.selected.append(int(nb.eval_py(size)))
        got = match(ups, times)
        if len(got) != len(ups):
            fig.notes.append(f"{len(ups) - len(got)} of {len(ups)} brushes reached no selection")
        fig.lasso_ms.extend(got)
    finally:
        s.close(nb)


def match(ups: list[float], times: list[float]) -> list[float]:
    """ms from each mouse-up to the first kernel selection after it (before the next one)."""
    out = []
    for k, up in enumerate(ups):
        end = ups[k + 1] if k + 1 < len(ups) else float("inf")
        after = [t for t in times if up <= t < end]
        if after:
            out.append(after[0] - up)
    return out


def row(name: str, a: list[float], b: list[float], q: float, unit: str = "ms") -> str:
    """One table row: FaceScatter, jupyter-scatter and their ratio at percentile ``q``."""
    x, y = pct(a, q), pct(b, q)
    ratio = x / y if y else float("nan")
    return f"{name:<44} | {x:10.1f} {unit:<3} | {y:10.1f} {unit:<3} | {ratio:6.2f}x"


def report(n: int, figs: dict[str, Figures], rtt: list[float]) -> None:
    """Print both widgets' figures at ``n`` and their ratios."""
    fs, js = figs["FaceScatter"], figs["jupyter-scatter"]
    print(f"\nN = {n:,}  ({len(fs.first_frame_ms)} fresh kernels per widget, interleaved)")
    print(f"{'':<44} | {'FaceScatter':>14} | {'jupyter-scatter':>14} | ratio")
    print(row("display -> first frame, median", fs.first_frame_ms, js.first_frame_ms, 50))
    print(row("display -> first frame, p95", fs.first_frame_ms, js.first_frame_ms, 95))
    print(row("kernel-side build, median", fs.build_ms, js.build_ms, 50))
    print(
        row(
            f"lasso mouse-up -> kernel selection, p50 ({len(fs.lasso_ms)})",
            fs.lasso_ms,
            js.lasso_ms,
            50,
        )
    )
    print(row("lasso mouse-up -> kernel selection, p95", fs.lasso_ms, js.lasso_ms, 95))
    if fs.page_ms:
        print(
            f"  FaceScatter, of the lasso: mouse-up -> the page sends the selection p50 / p95 "
            f"{pct(fs.page_ms, 50):.1f} / {pct(fs.page_ms, 95):.1f} ms; the rest is the trip "
            f"to the kernel and its handling"
        )
    print(row("kernel RSS after display, median", fs.rss_mib, js.rss_mib, 50, "MiB"))
    print(f"  FaceScatter kernel RSS once its faces are ready: {pct(fs.rss_faces_mib, 50):.0f} MiB")
    print(f"  points selected by the last lasso: {fs.selected} / {js.selected} (of {n:,})")
    target = pct(rtt, 50) + 50.0
    verdict = "met" if pct(fs.lasso_ms, 95) < target else "MISSED"
    print(f"  target lasso p95 < comm round trip + 50 ms = {target:.0f} ms: {verdict}")
    for name, fig in figs.items():
        for note in fig.notes:
            print(f"  {name}: {note}")


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=2, help="fresh kernels per widget and N")
    parser.add_argument("--brushes", type=int, default=10, help="lassos per kernel")
    parser.add_argument(
        "--only", choices=WIDGETS, help="measure one widget (a diagnosis: no ratios then)"
    )
    args = parser.parse_args(argv)
    try:
        import jscatter  # noqa: F401
    except ImportError:
        print("needs jupyter-scatter: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    t_start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="v2f-first-") as tmp, Session(Path(tmp)) as s:
        rtt = comm_round_trip(s)
        print(f"empty comm round trip: median {pct(rtt, 50):.1f} ms, p95 {pct(rtt, 95):.1f} ms")
        for n in args.sizes:
            figs = {name: Figures() for name in WIDGETS}
            for k in range(args.repeats):
                order = WIDGETS if k % 2 == 0 else WIDGETS[::-1]
                for name in [w for w in order if args.only in (None, w)]:
                    try:
                        measure(s, name, n, args.brushes, figs[name])
                    except Exception as exc:  # noqa: BLE001 - report and go on
                        figs[name].notes.append(f"failed: {str(exc).strip().splitlines()[-1]}")
                    print(
                        f"  N={n:,} {name}: done ({time.monotonic() - t_start:.0f} s)", flush=True
                    )
            report(n, figs, rtt)
    cpus = os.cpu_count()
    print(f"\n{cpus} CPUs, {platform.machine()}; whole run {time.monotonic() - t_start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
