"""Command line: train the face model on Helen annotations and write its weights.

    python -m vec2face_widget.train --data ../shared/data/helen/annotation.tar.gz \
        [--latent 32] [--steps N] [--out FILE]

Prints the held-out reconstruction error next to PCA's and records the command and its
figures inside the weights file and in a Markdown file beside it.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from vec2face_widget.faces.face_model import FaceModel, weights_path
from vec2face_widget.faces.helen import load_helen
from vec2face_widget.faces.training import TrainConfig, train

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    defaults = TrainConfig()
    p = argparse.ArgumentParser(
        prog="python -m vec2face_widget.train", description="Train the vec2face face model."
    )
    p.add_argument("--data", required=True, help="Helen annotations: folder, .tar.gz or .zip")
    p.add_argument("--latent", type=int, default=defaults.latent_dim, help="latent size (1..32)")
    p.add_argument("--steps", type=int, default=defaults.steps, help="optimiser steps")
    p.add_argument("--seed", type=int, default=defaults.seed, help="random seed")
    p.add_argument("--out", type=Path, default=weights_path(), help="weights file (.npz)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    return p


def _report(result_val: dict[int, float], result_pca: dict[int, float]) -> str:
    lines = ["| K | model MSE | PCA MSE | model / PCA |", "|---|---|---|---|"]
    for k in result_val:
        v, p = result_val[k], result_pca[k]
        lines.append(f"| {k} | {v:.3e} | {p:.3e} | {v / p:.3f} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if not 1 <= args.latent <= 64:
        print(f"--latent must be between 1 and 64, got {args.latent}", file=sys.stderr)
        return 2
    faces, _names = load_helen(args.data)
    config = TrainConfig(latent_dim=args.latent, steps=args.steps, seed=args.seed)
    print(f"{len(faces)} faces from {args.data}; training {config}")
    start = time.perf_counter()
    result = train(faces, config, progress=not args.quiet)
    seconds = time.perf_counter() - start
    table = _report(result.val_mse, result.pca_val_mse)
    print(f"trained in {seconds:.0f} s; held-out ({len(result.val_idx)} faces) MSE:\n{table}")
    argv_used = list(sys.argv[1:] if argv is None else argv)
    command = "python -m vec2face_widget.train " + " ".join(shlex.quote(a) for a in argv_used)
    meta = {
        "training": {
            "command": command,
            "config": config.to_dict(),
            "n_faces": len(faces),
            "n_val": len(result.val_idx),
            "seconds": round(seconds, 1),
            "final_loss": float(np.mean(result.losses[-50:])),
            "val_mse": {str(k): v for k, v in result.val_mse.items()},
            "pca_val_mse": {str(k): v for k, v in result.pca_val_mse.items()},
        },
    }
    model = FaceModel(result.model, meta)
    model.save(args.out)
    record = args.out.with_suffix(".md")
    record.write_text(
        f"# {args.out.name}\n\nReproduce with:\n\n```bash\n{command}\n```\n\n"
        f"{len(faces)} Helen faces, {len(result.val_idx)} held out for validation "
        f"(seed {config.seed}); trained in {seconds:.0f} s on this machine.\n\n"
        f"Held-out reconstruction MSE in the model's frame (faces aligned to its template, "
        f"1 wide):\n\n{table}\n"
    )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KB) and {record}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
