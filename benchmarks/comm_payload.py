"""Page -> kernel time of one comm message by size, with the page's main thread idle or busy.

Why a big selection goes to the kernel as a bit mask (``encodeSelection`` in
``js/src/codec.ts``): Chromium hands a WebSocket message of up to about 128 KiB to the
network at once, but a bigger one in pieces between main-thread tasks, so a long task
right after the send (as the highlighting of a big selection is) holds the rest back.

A tiny anywidget in one JupyterLab + headless Chromium sends a message with one buffer of
``bytes`` and, in the "busy" rows, runs a 60 ms task right after the send; the kernel
notes the wall-clock time its handler ran. Medians and p95 over the repeats.

    .venv/bin/python benchmarks/comm_payload.py [--repeats 15]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.browser_bench import Session, pct  # noqa: E402
from benchmarks.common import table  # noqa: E402

BUSY_MS = 60
SIZES = (0, 64_000, 125_000, 131_000, 372_000)  # 125,000: 1M points as bits; 372,000: 93k int32

SENDER_CELL = '''\
import anywidget, time
_arrived = []
class _Sender(anywidget.AnyWidget):
    _esm = """
    export default { render({ model, el }) {
      window.__v2fSend = (bytes, busyMs) => {
        const buffer = new Uint8Array(bytes).fill(7);
        const t0 = performance.timeOrigin + performance.now();
        model.send({ payload: 1 }, undefined, bytes ? [buffer.buffer] : []);
        if (busyMs) setTimeout(() => {
          const end = performance.now() + busyMs;
          while (performance.now() < end);
        }, 0);
        return t0;
      };
      el.textContent = 'sender';
    } }"""
_s = _Sender()
_s.on_msg(lambda widget, content, buffers: _arrived.append(time.time() * 1000))
_s'''


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="v2f-payload-") as tmp, Session(Path(tmp)) as s:
        nb = s.notebook()
        nb.run_cell(SENDER_CELL, timeout=120)
        nb.page.wait_for_function("() => !!window.__v2fSend", timeout=60_000)
        for busy in (0, BUSY_MS):
            for size in SIZES:
                ms = []
                for _ in range(args.repeats):
                    count = int(nb.eval_py("len(_arrived)"))
                    t0 = float(nb.page.evaluate(f"() => window.__v2fSend({size}, {busy})"))
                    nb.page.wait_for_timeout(busy + 250)
                    arrived = nb.eval_py("_arrived")
                    if len(arrived) > count:
                        ms.append(arrived[count] - t0)
                thread = f"busy {busy} ms after the send" if busy else "idle"
                label = f"{size:,} bytes, main thread {thread}"
                rows.append([label, f"{pct(ms, 50):.1f}", f"{pct(ms, 95):.1f}", str(len(ms))])
        s.close(nb)
    print(table(["message", "page -> kernel p50 ms", "p95 ms", "n"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
