"""A few points that span a big selection: farthest-point sampling on the latents.

The face panel shows at most ``max_faces`` faces. When more points are selected it shows
a sample chosen so the faces differ as much as the selection allows: start from the
point nearest the selection's mean latent, then repeatedly add the point farthest from
those already chosen. The result is deterministic for the same input.
"""

from __future__ import annotations

import numpy as np

MAX_CANDIDATES = 4096
"""Farthest-point sampling runs on at most this many candidates (a seeded subsample),
so a selection of a million points still answers in milliseconds."""


def representative_sample(
    latents: np.ndarray,
    indices: np.ndarray,
    k: int,
    *,
    max_candidates: int = MAX_CANDIDATES,
    seed: int = 0,
) -> np.ndarray:
    """Pick up to ``k`` of ``indices`` whose rows of ``latents`` span the selection.

    Args:
        latents: (N, K) array, one latent vector per point.
        indices: the selected point indices (into ``latents``).
        k: how many to return.
        max_candidates: above this many selected points, sample among a seeded random
            subset of this size.
        seed: seed of that subset.

    Returns:
        int64 indices, a subset of ``indices``: all of them (sorted) when there are at
        most ``k``, else ``k`` in the order they were picked (the most typical first).
    """
    indices = np.asarray(indices, dtype=np.int64).reshape(-1)
    if k <= 0 or indices.size == 0:
        return np.zeros(0, dtype=np.int64)
    if indices.size <= k:
        return np.sort(indices)
    candidates = np.sort(indices)
    if candidates.size > max_candidates:
        rng = np.random.default_rng(seed)
        pick = rng.choice(candidates.size, size=max_candidates, replace=False)
        candidates = candidates[np.sort(pick)]
    points = np.asarray(latents[candidates], dtype=np.float64)
    points = points - points.mean(axis=0)  # centred: the nearest to the mean comes first
    norms = np.einsum("ij,ij->i", points, points)
    first = int(np.argmin(norms))
    # Squared distances as |a|^2 + |b|^2 - 2 a.b: one matrix-vector product a pick.
    tolerance = 1e-9 * max(float(norms.max()), 1e-300)

    def dist_to(i: int) -> np.ndarray:
        return np.maximum(norms + norms[i] - 2.0 * (points @ points[i]), 0.0)

    chosen = [first]
    dist = dist_to(first)
    dist[first] = -1.0
    for _ in range(1, k):
        nxt = int(np.argmax(dist))
        if dist[nxt] <= tolerance:  # only duplicates left: fill with the next unused ones
            rest = np.setdiff1d(np.arange(candidates.size), chosen)[: k - len(chosen)]
            chosen.extend(int(r) for r in rest)
            break
        chosen.append(nxt)
        dist = np.minimum(dist, dist_to(nxt))
        dist[nxt] = -1.0
    return candidates[np.asarray(chosen, dtype=np.int64)]


def stride_sample(indices: np.ndarray, cap: int) -> np.ndarray:
    """At most ``cap`` of the sorted ``indices``, evenly spread: ``indices[(i * n) // cap]``.

    ``indices`` must be sorted (a selection as the widget keeps it). The front end takes
    the same sample of a big brushed selection for its live previews (js/src/requests.ts),
    so both sides agree on which points stand for it.
    """
    indices = np.asarray(indices, dtype=np.int64).reshape(-1)
    if indices.size <= cap:
        return indices
    return indices[(np.arange(cap, dtype=np.int64) * indices.size) // cap]
