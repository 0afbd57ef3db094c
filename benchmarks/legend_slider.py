"""The legend tab's slider, in headless Chromium: from a new slider value to its face on
screen, against a kernel round trip for one face measured in the same page.

The slider interpolates between faces the kernel decoded once (9 steps an axis); the
alternative is one kernel decode per value. Baseline: hovering a point whose face is not
cached yet, from the pointer move to its face in the tooltip (one request, one decoded face,
one answer): what each slider value would cost through the kernel.

    .venv/bin/python -m benchmarks.legend_slider [--n 10000] [--moves 60] [--hovers 20]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks.browser_bench import Session, pct
from browser_harness.scatter_view import ScatterView

SETUP = """\
import numpy as np
from vec2face_widget import FaceScatter
rng = np.random.default_rng(0)
groups = rng.integers(0, 8, {n})
emb = rng.normal(size=({n}, 32)) + 3 * np.eye(32)[groups]
w = FaceScatter(emb, [f"group {{g}}" for g in groups], color=groups.astype(str))
w"""

SLIDER_JS = """async ([root, moves]) => {
  const slider = root.querySelector('.v2f-axis-row .v2f-axis-slider');
  const dom = [];
  const frame = [];
  for (let k = 0; k < moves; k++) {
    const t0 = performance.now();
    slider.value = String(-2 + (4 * ((k * 7) % moves)) / moves);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    dom.push(performance.now() - t0);
    await new Promise((done) => requestAnimationFrame(() => done()));
    frame.push(performance.now() - t0);
  }
  return [dom, frame];
}"""

HOVER_CLOCK_JS = """(root) => {
  window.__v2fHover = { move: 0, drawn: 0 };
  const clock = window.__v2fHover;
  root.addEventListener('pointermove', () => { clock.move = performance.now(); }, true);
  const face = root.querySelector('.v2f-tooltip-face');
  new MutationObserver(() => {
    if (face.querySelector('svg')) window.__v2fHover.drawn = performance.now();
  }).observe(face, { childList: true });
}"""


def slider_ms(view: ScatterView, moves: int) -> tuple[list[float], list[float]]:
    """Per slider value: input event to the morphed face in the DOM, and to the next frame."""
    return view.page.evaluate(SLIDER_JS, [view.root.element_handle(), moves])


def hover_ms(view: ScatterView, hovers: int) -> list[float]:
    """Per hovered point (not cached): pointer move to its face in the tooltip."""
    view.root.evaluate(HOVER_CLOCK_JS)
    points = view.points()
    out = []
    for i in range(5, 5 + 37 * hovers, 37):
        view.page.mouse.move(2, 2)
        view.page.wait_for_timeout(150)
        view.page.evaluate("() => { window.__v2fHover.drawn = 0; }")
        x, y = points[i % len(points)]
        view.page.mouse.move(x, y)
        view.page.wait_for_function("() => window.__v2fHover.drawn > 0", timeout=30_000)
        out.append(view.page.evaluate("() => window.__v2fHover.drawn - window.__v2fHover.move"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--moves", type=int, default=60)
    parser.add_argument("--hovers", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Session(Path(tmp)) as session:
        nb = session.notebook()
        nb.run_cell(SETUP.format(n=args.n), timeout=300)
        view = ScatterView(nb.page)
        view.wait_first_frame()
        view.root.locator('button[data-v2f-tab="legend"]').click()
        view.root.locator(".v2f-axis-row").first.wait_for(timeout=120_000)
        slider, frame = slider_ms(view, args.moves)
        hover = hover_ms(view, args.hovers)
        session.close(nb)
    print(f"legend slider, {args.n:,} points (ms, page clock)")
    print("| path | p50 | p95 | samples |")
    print("|---|---|---|---|")
    rows = [
        ("slider value -> face in the DOM (interpolated)", slider),
        ("slider value -> next frame", frame),
        ("baseline: hover -> face from the kernel in the DOM", hover),
    ]
    for name, values in rows:
        print(f"| {name} | {pct(values, 50):.1f} | {pct(values, 95):.1f} | {len(values)} |")


if __name__ == "__main__":
    main()
