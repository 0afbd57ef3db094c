"""Rules that say whether landmarks look like a face.

A face is plausible when, in image orientation (y grows downward): each brow is above its
eye, the eyes are above the nose tip, the nose tip is above the mouth, the mouth is above
the chin; the two eyes are apart; the nose tip and the centres of the mouth and eyes lie
inside the outline of jaw and brows; every eye, nose and mouth point lies within the jaw's
horizontal extent (+-5% of its width); and the eye and outer-lip outlines do not cross themselves.

Used by the benchmarks and tests to score decoded faces; vectorised over a batch.
"""

from __future__ import annotations

import numpy as np

from vec2face_widget.faces.normalize import check_landmarks
from vec2face_widget.faces.topology import part

__all__ = ["RULES", "plausibility_report", "plausible"]

_JAW, _NOSE = part("jaw").indices, part("nose").indices
_LIPS, _EYES = part("outer_lips").indices, (part("eye_a").indices, part("eye_b").indices)
_BROWS = (part("brow_a").indices, part("brow_b").indices)
_FEATURE_POINTS = np.arange(part("nose").start, part("eye_b").stop)  # nose, lips, eyes


def _y(f: np.ndarray, idx: range) -> np.ndarray:
    return f[:, idx, 1]


def _centroid(f: np.ndarray, idx: range) -> np.ndarray:
    return f[:, idx].mean(axis=1)


def _brows_above_eyes(f: np.ndarray) -> np.ndarray:
    ok = np.ones(len(f), bool)
    # Helen numbers the brow over eye_a first (brow_a), and likewise for eye_b.
    for brow, eye in zip(_BROWS, _EYES, strict=True):
        ok &= _centroid(f, brow)[:, 1] < _centroid(f, eye)[:, 1]
    return ok


def _eyes_above_nose_tip(f: np.ndarray) -> np.ndarray:
    tip = _y(f, _NOSE).max(axis=1)
    return (_centroid(f, _EYES[0])[:, 1] < tip) & (_centroid(f, _EYES[1])[:, 1] < tip)


def _nose_tip_above_mouth(f: np.ndarray) -> np.ndarray:
    return _y(f, _NOSE).max(axis=1) < _centroid(f, _LIPS)[:, 1]


def _mouth_above_chin(f: np.ndarray) -> np.ndarray:
    return _y(f, _LIPS).max(axis=1) < _y(f, _JAW).max(axis=1)


def _eyes_apart(f: np.ndarray) -> np.ndarray:
    a, b = f[:, _EYES[0]], f[:, _EYES[1]]
    dist = np.linalg.norm(a.mean(1) - b.mean(1), axis=1)
    half_widths = (np.ptp(a[..., 0], axis=1) + np.ptp(b[..., 0], axis=1)) / 2
    return dist > half_widths


def _points_in_polygon(points: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Even-odd rule, batched: points (B, P, 2), poly (B, V, 2) -> (B, P) bool."""
    x, y = points[..., 0][:, :, None], points[..., 1][:, :, None]
    x1, y1 = poly[:, None, :, 0], poly[:, None, :, 1]
    x2, y2 = np.roll(poly, -1, axis=1)[:, None, :, 0], np.roll(poly, -1, axis=1)[:, None, :, 1]
    crosses = (y1 > y) != (y2 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        xint = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
    return (crosses & (x < xint)).sum(axis=2) % 2 == 1


def _features_inside_jaw(f: np.ndarray) -> np.ndarray:
    # The jaw is an open curve from ear to ear; closed across the two brows it bounds the
    # face, which must hold the nose tip and the centres of the mouth and of both eyes.
    # (Point-wise tests fail on real turned heads, whose far eye crosses the jaw line.)
    brows = np.stack([_centroid(f, b) for b in _BROWS], axis=1)
    outline = np.concatenate([f[:, _JAW], brows], axis=1)
    tip = f[np.arange(len(f)), np.asarray(_NOSE)[_y(f, _NOSE).argmax(axis=1)]]
    centres = np.stack(
        [tip, _centroid(f, _LIPS), _centroid(f, _EYES[0]), _centroid(f, _EYES[1])], axis=1
    )
    return np.asarray(_points_in_polygon(centres, outline).all(axis=1))


def _features_within_jaw_width(f: np.ndarray, tolerance: float = 0.05) -> np.ndarray:
    # Every eye, nose and mouth point lies between the leftmost and the rightmost jaw point
    # (with a tolerance of 5% of that width): a head turned so far that an eye or the mouth
    # sticks out past the jaw line reads as broken, not as a face.
    jaw_x = f[:, _JAW, 0]
    lo, hi = jaw_x.min(axis=1), jaw_x.max(axis=1)
    slack = tolerance * (hi - lo)
    x = f[:, _FEATURE_POINTS, 0]
    return ((x >= (lo - slack)[:, None]) & (x <= (hi + slack)[:, None])).all(axis=1)


def _self_crossing(poly: np.ndarray) -> np.ndarray:
    """Whether closed outlines (B, V, 2) cross themselves (proper intersections)."""
    a, b = poly, np.roll(poly, -1, axis=1)
    v = poly.shape[1]
    i, j = np.triu_indices(v, k=2)
    keep = ~((i == 0) & (j == v - 1))  # first and last edge share a vertex
    i, j = i[keep], j[keep]
    p, p2, q, q2 = a[:, i], b[:, i], a[:, j], b[:, j]

    def orient(o: np.ndarray, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        return np.sign(
            (s[..., 0] - o[..., 0]) * (t[..., 1] - o[..., 1])
            - (s[..., 1] - o[..., 1]) * (t[..., 0] - o[..., 0])
        )

    d1, d2 = orient(p, p2, q), orient(p, p2, q2)
    d3, d4 = orient(q, q2, p), orient(q, q2, p2)
    return ((d1 * d2 < 0) & (d3 * d4 < 0)).any(axis=1)


def _outlines_simple(f: np.ndarray) -> np.ndarray:
    ok = np.ones(len(f), bool)
    for idx in (*_EYES, _LIPS):
        ok &= ~_self_crossing(f[:, idx])
    return ok


RULES = {
    "brows_above_eyes": _brows_above_eyes,
    "eyes_above_nose_tip": _eyes_above_nose_tip,
    "nose_tip_above_mouth": _nose_tip_above_mouth,
    "mouth_above_chin": _mouth_above_chin,
    "eyes_apart": _eyes_apart,
    "features_inside_jaw": _features_inside_jaw,
    "features_within_jaw_width": _features_within_jaw_width,
    "outlines_do_not_cross": _outlines_simple,
}
"""Each rule maps faces ``(B, 194, 2)`` to a ``(B,)`` bool array of passes."""


def plausible(landmarks: object, chunk: int = 4096) -> np.ndarray:
    """Return a ``(B,)`` bool array: which faces pass every rule."""
    f = check_landmarks(landmarks).reshape(-1, 194, 2)
    out = np.ones(len(f), bool)
    for s in range(0, len(f), chunk):
        for rule in RULES.values():
            out[s : s + chunk] &= rule(f[s : s + chunk])
    return out


def plausibility_report(landmarks: object) -> dict[str, float]:
    """Share of faces passing each rule, and ``"all"``: the share passing every rule."""
    f = check_landmarks(landmarks).reshape(-1, 194, 2)
    report = {name: float(rule(f).mean()) for name, rule in RULES.items()}
    report["all"] = float(plausible(f).mean())
    return report
