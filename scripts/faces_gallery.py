"""Write the README's pictures from scikit-learn's digits.

docs/faces.svg: the faces of the digits, one row of examples per digit.
docs/axes.svg: the legend of the same faces: each of the first mapped axes as a row of faces
at -2, -1, 0, +1 and +2 standard deviations, with the digits found at either end.

.venv/bin/python scripts/faces_gallery.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits

from vec2face_widget import FaceMapper, faces_to_svg

NAMES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def main() -> int:
    """Write both pictures; returns the exit status."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "docs"
    out.mkdir(parents=True, exist_ok=True)
    digits = load_digits()
    mapper = FaceMapper().fit(digits.data)
    picks = np.concatenate([np.flatnonzero(digits.target == d)[:6] for d in range(10)])
    faces = mapper.faces(digits.data[picks])
    labels = [f"digit {digits.target[i]}" for i in picks]
    (out / "faces.svg").write_text(faces_to_svg(faces, labels=labels, ncols=12, size=72))
    names = [NAMES[t] for t in digits.target]
    legend = mapper.legend(digits.data, names, n_axes=5, steps=(-2, -1, 0, 1, 2))
    (out / "axes.svg").write_text(legend.to_svg(size=72))
    print(
        f"wrote {out / 'faces.svg'} ({len(picks)} faces; they carry "
        f"{100 * mapper.explained_variance_:.0f}% of the digits' variance) and "
        f"{out / 'axes.svg'}:"
    )
    for axis in legend:
        print(" ", axis.describe())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
