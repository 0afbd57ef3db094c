"""Do the faces keep the embedding's structure? Spearman correlation of pairwise distances.

    .venv/bin/python benchmarks/faithfulness.py

For each real embedding set: the rank correlation between pairwise distances in the
(standardised) embedding and pairwise distances between the decoded faces' landmarks,
next to the same for a 2-D PCA map, a 2-D UMAP map (when installed) and the ceiling, PCA
to the same number of latents as the faces use. Also the plausibility of the faces and
the time to fit and transform large inputs, against scikit-learn's randomized PCA.
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

MAX_POINTS = 1000


def _pca(x: np.ndarray, k: int) -> np.ndarray:
    xs = (x - x.mean(0)) / np.where(x.std(0) > 0, x.std(0), 1)
    u, s, _ = np.linalg.svd(xs, full_matrices=False)
    return u[:, :k] * s[:k]


def _umap(x: np.ndarray) -> np.ndarray | None:
    try:
        import umap
    except ImportError:
        return None
    xs = (x - x.mean(0)) / np.where(x.std(0) > 0, x.std(0), 1)
    return umap.UMAP(n_components=2, random_state=0).fit_transform(xs)


def faithfulness(model: FaceModel) -> tuple[bool, bool]:
    rows, ok_rank, ok_plaus = [], True, True
    for name, (x, _) in load_sets().items():
        if len(x) > MAX_POINTS:
            x = x[np.random.default_rng(0).choice(len(x), MAX_POINTS, replace=False)]
        mapper = FaceMapper(model).fit(x)
        faces = mapper.faces(x)
        xs = (x - x.mean(0)) / np.where(x.std(0) > 0, x.std(0), 1)
        ref = pdist(xs)

        def rho(y: np.ndarray, ref: np.ndarray = ref) -> float:
            return float(spearmanr(ref, pdist(y.reshape(len(y), -1))).statistic)

        r_faces = rho(faces)
        r_pca2 = rho(_pca(x, 2))
        um = _umap(x)
        r_umap = rho(um) if um is not None else float("nan")
        r_ceiling = rho(_pca(x, mapper.n_latents_))
        plaus = float(plausible(faces).mean())
        best_2d = max(r_pca2, r_umap if um is not None else -1.0)
        ok_rank &= r_faces > best_2d and r_faces >= 0.9 * r_ceiling
        ok_plaus &= plaus >= 0.999
        rows.append(
            [
                name,
                f"{x.shape[0]}x{x.shape[1]}",
                mapper.n_latents_,
                f"{r_faces:.3f}",
                f"{r_pca2:.3f}",
                "n/a" if um is None else f"{r_umap:.3f}",
                f"{r_ceiling:.3f}",
                f"{r_faces / r_ceiling:.2f}",
                f"{mapper.explained_variance_:.2f}",
                f"{100 * plaus:.2f}%",
            ]
        )
    print(
        table(
            [
                "set",
                "N x D",
                "K",
                "faces",
                "PCA 2-D",
                "UMAP 2-D",
                "ceiling (PCA K)",
                "faces/ceiling",
                "variance carried",
                "plausible",
            ],
            rows,
        )
    )
    return ok_rank, ok_plaus


def timing(model: FaceModel) -> None:
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
    ok_rank, ok_plaus = faithfulness(model)
    rank, plaus = ("PASS" if ok else "FAIL" for ok in (ok_rank, ok_plaus))
    print(
        f"\ntargets: faces above every 2-D map and >= 0.9 of the ceiling on every set: "
        f"{rank}; plausible >= 99.9%: {plaus}\n"
    )
    if "--no-timing" not in sys.argv:
        timing(model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
