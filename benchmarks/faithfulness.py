"""Readable, faithful faces: pose left out, the embedding's structure kept in the features.

    .venv/bin/python -m benchmarks.faithfulness [--no-timing]

For each real embedding set (at most 500 items), the faces of ``FaceMapper`` (pose held
neutral) and, as the baseline of the same run, of ``FaceMapper(pose=True)`` (every latent
may carry an axis, the behaviour before pose was taken out):

- rigid share: the part of the faces' landmark variance that a similarity transform of
  their mean face explains (target <= 5%);
- antisymmetric share: after alignment, the part that is left/right antisymmetric (<= 20%);
- pose-free faithfulness: Spearman correlation between pairwise distances of the
  standardised embeddings and of the Procrustes-aligned faces, next to 2-D PCA and 2-D
  UMAP maps and the ceiling (the embedding's own top-K PCA projection; target: above both
  maps and >= 0.9 of the ceiling); the raw-landmark figure beside it;
- plausibility of the mapped faces (target 100%).

Then the time to fit and transform large inputs, against scikit-learn's randomized PCA.
"""

from __future__ import annotations

import sys
import time

import numpy as np
from scipy.spatial.distance import pdist
from scipy.stats import spearmanr

from benchmarks.common import table
from benchmarks.embedding_sets import load_sets
from vec2face_widget import FaceMapper, FaceModel
from vec2face_widget.faces.plausibility import plausible
from vec2face_widget.faces.pose import aligned_distances, antisymmetric_share, rigid_share

MAX_POINTS = 500


def _standardise(x: np.ndarray) -> np.ndarray:
    return (x - x.mean(0)) / np.where(x.std(0) > 0, x.std(0), 1)


def _pca(x: np.ndarray, k: int) -> np.ndarray:
    u, s, _ = np.linalg.svd(_standardise(x), full_matrices=False)
    return u[:, :k] * s[:k]


def _umap(x: np.ndarray) -> np.ndarray | None:
    try:
        import umap
    except ImportError:
        return None
    return umap.UMAP(n_components=2, random_state=0).fit_transform(_standardise(x))


def _rho(ref: np.ndarray, dists: np.ndarray) -> float:
    return float(spearmanr(ref, dists).statistic)


def _flat_dists(y: np.ndarray) -> np.ndarray:
    return pdist(y.reshape(len(y), -1))


def _subsample(x: np.ndarray) -> np.ndarray:
    if len(x) <= MAX_POINTS:
        return x
    return x[np.sort(np.random.default_rng(0).choice(len(x), MAX_POINTS, replace=False))]


def faithfulness(model: FaceModel) -> dict[str, bool]:
    """Print the per-set table; return which targets every set met."""
    rows, ok = [], {"rigid": True, "antisym": True, "rank": True, "plausible": True}
    for name, (x_all, _) in load_sets().items():
        x = _subsample(x_all)
        ref = pdist(_standardise(x))
        r_pca2 = _rho(ref, pdist(_pca(x, 2)))
        um = _umap(x)
        r_umap = _rho(ref, pdist(um)) if um is not None else float("nan")
        best_2d = max(r_pca2, r_umap if um is not None else -1.0)
        for pose in (False, True):
            mapper = FaceMapper(model, pose=pose).fit(x)
            faces = mapper.faces(x)
            rigid, anti = rigid_share(faces), antisymmetric_share(faces)
            r_aligned = _rho(ref, aligned_distances(faces))
            r_raw = _rho(ref, _flat_dists(faces))
            r_ceiling = _rho(ref, pdist(_pca(x, mapper.n_axes_)))
            plaus = float(plausible(faces).mean())
            if not pose:
                ok["rigid"] &= rigid <= 0.05
                ok["antisym"] &= anti <= 0.20
                ok["rank"] &= r_aligned > best_2d and r_aligned >= 0.9 * r_ceiling
                ok["plausible"] &= plaus == 1.0
            rows.append(
                [
                    name if not pose else "",
                    "pose=True" if pose else "default",
                    f"{x.shape[0]}x{x.shape[1]}",
                    mapper.n_axes_,
                    f"{100 * rigid:.1f}%",
                    f"{100 * anti:.1f}%",
                    f"{r_aligned:.3f}",
                    f"{r_raw:.3f}",
                    f"{r_pca2:.3f}",
                    "n/a" if um is None else f"{r_umap:.3f}",
                    f"{r_ceiling:.3f}",
                    f"{r_aligned / r_ceiling:.2f}",
                    f"{100 * plaus:.2f}%",
                ]
            )
    header = [
        "set",
        "mapper",
        "N x D",
        "K",
        "rigid",
        "antisym",
        "faces (aligned)",
        "faces (raw)",
        "PCA 2-D",
        "UMAP 2-D",
        "ceiling (PCA K)",
        "aligned/ceiling",
        "plausible",
    ]
    print(table(header, rows))
    return ok


def timing(model: FaceModel) -> None:
    """Fit + transform of large inputs, next to scikit-learn's randomized PCA."""
    from sklearn.decomposition import PCA

    rows = []
    rng = np.random.default_rng(0)
    for n, d in [(1_000_000, 64), (100_000, 1024)]:
        basis = rng.standard_normal((48, d)).astype(np.float32)
        x = (
            rng.standard_normal((n, 48)).astype(np.float32)
            * np.geomspace(5, 0.2, 48).astype(np.float32)
        ) @ basis
        x += 0.1 * rng.standard_normal((n, d)).astype(np.float32)
        t = time.perf_counter()
        FaceMapper(model).fit(x).transform(x)
        ours = time.perf_counter() - t
        t = time.perf_counter()
        PCA(n_components=min(32, d), svd_solver="randomized", random_state=0).fit_transform(x)
        base = time.perf_counter() - t
        rows.append([f"{n:,} x {d}", f"{ours:.1f} s", f"{base:.1f} s"])
        del x
    header = ["input", "FaceMapper fit+transform", "sklearn randomized PCA fit_transform"]
    print(table(header, rows))


def main() -> int:
    model = FaceModel.pretrained()
    ok = faithfulness(model)
    verdict = {k: "PASS" if v else "FAIL" for k, v in ok.items()}
    print(
        f"\ntargets on every set (default mapper): rigid share <= 5%: {verdict['rigid']}; "
        f"antisymmetric share <= 20%: {verdict['antisym']}; aligned faces above every 2-D "
        f"map and >= 0.9 of the ceiling: {verdict['rank']}; all plausible: "
        f"{verdict['plausible']}\n"
    )
    if "--no-timing" not in sys.argv:
        timing(model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
