"""Write docs/faces.svg: the faces of scikit-learn's digits, one row of examples per digit.

.venv/bin/python scripts/faces_gallery.py [OUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits

from vec2face_widget import FaceMapper, faces_to_svg


def main() -> int:
    """Write the gallery (to argv[1] or docs/faces.svg); returns the exit status."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "docs/faces.svg"
    digits = load_digits()
    mapper = FaceMapper().fit(digits.data)
    picks = np.concatenate([np.flatnonzero(digits.target == d)[:6] for d in range(10)])
    faces = mapper.faces(digits.data[picks])
    labels = [f"digit {digits.target[i]}" for i in picks]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(faces_to_svg(faces, labels=labels, ncols=12, size=72))
    print(
        f"wrote {out}: {len(picks)} faces, the faces carry "
        f"{100 * mapper.explained_variance_:.0f}% of the digits' variance"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
