"""Run every benchmark in turn and print its figures: ``make bench``.

.venv/bin/python -m benchmarks.run_all [--skip-browser]
"""

from __future__ import annotations

import subprocess
import sys
import time

MODULES = [
    "benchmarks.face_model_quality",
    "benchmarks.decode_speed",
    "benchmarks.export_speed",
    "benchmarks.select_kernel",
    "benchmarks.faithfulness",
    "benchmarks.browser_bench",
    "benchmarks.legend_slider",
    "benchmarks.rerun_memory",
    "benchmarks.comm_payload",
]

BROWSER = ("browser_bench", "legend_slider", "rerun_memory", "comm_payload")


def main() -> int:
    failed = []
    for module in MODULES:
        if module.endswith(BROWSER) and "--skip-browser" in sys.argv:
            continue
        print(f"\n=== {module} ===", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, "-m", module])
        print(f"({module} took {time.perf_counter() - start:.0f} s, exit {code})", flush=True)
        if code:
            failed.append(module)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
