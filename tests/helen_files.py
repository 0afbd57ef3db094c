"""Small Helen-format landmark files written by the tests themselves."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vec2face_widget.faces.topology import N_POINTS


def synthetic_faces(n: int, seed: int = 0) -> np.ndarray:
    """``(n, 194, 2)`` pixel-coordinate faces: a fixed template, jittered and shifted."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 2 * np.pi, N_POINTS, endpoint=False)
    template = np.stack([np.cos(t) * 100 + 300, np.sin(3 * t) * 40 + 300], axis=1)
    out = template + rng.normal(0, 2, (n, N_POINTS, 2))
    return out + rng.uniform(-50, 50, (n, 1, 2))


def face_text(name: str, pts: np.ndarray) -> str:
    """One Helen annotation file's text."""
    return name + "\n" + "\n".join(f"{x:.2f} , {y:.2f}" for x, y in pts) + "\n"


def write_folder(folder: Path, faces: np.ndarray) -> list[str]:
    """Write ``faces`` as ``1.txt``, ``2.txt``...; return the image names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i, pts in enumerate(faces, start=1):
        name = f"img_{i:03d}"
        (folder / f"{i}.txt").write_text(face_text(name, pts))
        names.append(name)
    return names
