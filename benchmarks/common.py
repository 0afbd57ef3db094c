"""Shared helpers for the benchmarks: where the Helen data is, table printing, sampling."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DEFAULT_HELEN = REPO.parent / "shared" / "data" / "helen" / "annotation.tar.gz"


def helen_path(argv: list[str] | None = None) -> Path:
    """The Helen annotations: ``--data``, else $VEC2FACE_HELEN, else ../shared/data/helen."""
    p = argparse.ArgumentParser()
    p.add_argument("--data", default=os.environ.get("VEC2FACE_HELEN", str(DEFAULT_HELEN)))
    args, _ = p.parse_known_args(argv)
    path = Path(args.data)
    if not path.exists():
        raise SystemExit(f"Helen annotations not found at {path}; pass --data PATH")
    return path


def table(header: list[str], rows: list[list[object]]) -> str:
    """A Markdown table with right-aligned columns."""
    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [
        "| " + " | ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def prior_latents(mean: np.ndarray, std: np.ndarray, n: int, k: int, seed: int = 0) -> np.ndarray:
    """Latents from a model's latent distribution, out to 3 standard deviations."""
    rng = np.random.default_rng(seed)
    return (mean[:k] + std[:k] * np.clip(rng.standard_normal((n, k)), -3, 3)).astype(np.float32)
