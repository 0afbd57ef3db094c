"""``FaceMapper``: from any embedding to face-model latents that keep its structure.

>>> mapper = FaceMapper().fit(embeddings)        # (N, D), any D >= 1
>>> faces = mapper.faces(embeddings[:10])        # (10, 194, 2) landmarks
>>> mapper.explained_variance_                    # share of the variance the faces carry

The steps: standardise each column; rotate onto the principal axes (PCA), keeping as many
as there are face latents to carry them (``K``); give the strongest axis to the latent
whose change a person reads best, the next to the next, and so on; scale each axis so
that the faces move in proportion to the embedding as far as the model's latent
distribution allows; clip at ``clip`` standard deviations of each latent.

Head pose stays neutral: only latents that move both sides of the face alike (the
model's symmetric latents: eyes, brows, mouth, nose and jaw shape) carry axes, measured on
faces with pose removed; the others (the head turn among them) stay at their mean. With
``pose=True`` every latent may carry an axis, ordered by raw landmark movement, which
puts the head turn first (the behaviour before pose was taken out).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vec2face_widget.faces.face_model import FaceModel
from vec2face_widget.mapping.legend import FaceLegend, build_legend
from vec2face_widget.mapping.pca import PCAFit, fit_pca
from vec2face_widget.mapping.validate import NonFinite, as_embeddings, finite_rows
from vec2face_widget.mapping.visibility import LatentEffects, latent_effects

__all__ = ["FaceMapper"]

# Overall gain levels tried. Lower levels keep distances better (less clipping, more axes
# in proportion) but make faces vary less: at 1 the strongest axis spans the latent's whole
# range (faces vary as much as real faces do), at 0.35 (the floor) about a third of it.
_LEVELS = (1.0, 0.85, 0.7, 0.6, 0.5, 0.4, 0.35)
# The most expressive level whose distances are within this of the best level's (rank
# correlation on the sample) is chosen: a little faithfulness buys much more visible faces.
_FAITHFULNESS_TOLERANCE = 0.03


def _sample(x: np.ndarray, n: int) -> np.ndarray:
    if len(x) <= n:
        return x
    return x[np.random.default_rng(0).choice(len(x), n, replace=False)]


def _rank_corr(a: np.ndarray, b: np.ndarray) -> float:
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    c = np.corrcoef(ra, rb)[0, 1]
    return float(c) if np.isfinite(c) else 0.0


def _pair_dists(y: np.ndarray) -> np.ndarray:
    i, j = np.triu_indices(len(y), k=1)
    return np.linalg.norm(y[i] - y[j], axis=1)


def _best_level(
    scores: np.ndarray, sd: np.ndarray, ideal: np.ndarray, vis: np.ndarray, clip: float
) -> float:
    """The highest gain level whose (linearised) faces keep the sample's distances nearly best.

    The face of a latent vector is approximated by its latents weighted with their
    visibility, which is how far each moves the face per standard deviation.
    """
    if len(scores) < 3:
        return 1.0
    ref = _pair_dists(scores)
    unit = scores / np.where(sd > 0, sd, 1.0)
    corr = []
    for level in _LEVELS:
        g = np.minimum(1.0, level * ideal)
        proxy = np.clip(unit * g, -clip, clip) * vis
        corr.append(_rank_corr(ref, _pair_dists(proxy)))
    good = max(corr) - _FAITHFULNESS_TOLERANCE
    return next(level for level, c in zip(_LEVELS, corr, strict=True) if c >= good)


class FaceMapper:
    """Maps embeddings ``(N, D)`` to face latents ``(N, K)`` and faces ``(N, 194, 2)``.

    Args:
        model: the face model; the shipped :meth:`FaceModel.pretrained` by default.
        clip: clip each latent at this many of its standard deviations (2 to 3 keeps
            every face plausible).
        nonfinite: rows with NaN or inf: ``"raise"`` (default) raises a ValueError naming
            them; ``"drop"`` leaves them out (of the fit, and of ``transform``'s output,
            with their indices in ``dropped_``).
        pose: ``False`` (default): head pose stays neutral and only the model's symmetric
            latents carry the embedding. ``True``: every latent may, strongest landmark
            movement first (the head turn then carries the strongest axis).

    Attributes (after :meth:`fit`):
        n_features_in_: D.
        n_axes_: K, the principal axes the faces carry (at most the latents available).
        n_latents_: the width of the latent vectors :meth:`transform` returns (the
            model's ``latent_dim``; latents no axis drives stay at their mean).
        explained_variance_: share of the standardised embedding's variance on the K axes.
        latent_of_axis_: for principal axis j (strongest first), the latent it drives.
        effects_: what each latent does to the face (:class:`LatentEffects`).
        visibility_: landmark displacement per standard deviation of each latent (pose
            removed unless ``pose=True``).
        gains_: the scale of each axis in latent standard deviations per axis sd (<= 1).
        level_: the overall gain level chosen (1 down to 0.35): how much of the latent
            range the strongest axis spans.
        constant_columns_: columns with zero variance (they cannot move any face).
    """

    def __init__(
        self,
        model: FaceModel | None = None,
        *,
        clip: float = 3.0,
        nonfinite: NonFinite = "raise",
        pose: bool = False,
    ) -> None:
        if not np.isfinite(clip) or clip <= 0:
            raise ValueError(f"clip must be a positive number of standard deviations, got {clip}")
        finite_rows(np.zeros((1, 1)), nonfinite)  # validates the option early
        self.model = model if model is not None else FaceModel.pretrained()
        self.clip = float(clip)
        self.nonfinite: NonFinite = nonfinite
        self.pose = bool(pose)
        self._pca: PCAFit | None = None
        self.dropped_: np.ndarray = np.zeros(0, np.int64)

    # ------------------------------------------------------------------ fitting
    def fit(self, embeddings: object) -> FaceMapper:
        """Learn the standardisation, the axes and their latents from ``embeddings``."""
        x = as_embeddings(embeddings)
        ok = finite_rows(x, self.nonfinite)
        if not ok.all():
            x = x[ok]
        if len(x) < 2:
            raise ValueError(
                f"need at least 2 rows (items) to fit, got {len(x)}; a single vector has no "
                "variation to map onto faces (fit on a set, then transform the one)"
            )
        effects = latent_effects(self.model, self.model.latent_dim, align=not self.pose)
        chosen = self._carrier_latents(effects, x.shape[1])
        k = len(chosen)
        pca = fit_pca(x, k)
        vis = effects.visibility
        lam = pca.variances
        rel_sd = np.sqrt(np.where(lam > 0, lam / max(lam[0], 1e-300), 0.0))
        # Faces move in proportion to the embedding when every axis moves the face by the
        # same amount per embedding sd: gain_j ~ rel_sd_j * vis_0 / vis_j. A gain above 1
        # would leave the model's latent distribution, so gains are capped at 1; the
        # overall level is chosen on a sample so that distances are kept best.
        ideal = rel_sd * vis[chosen[0]] / np.maximum(vis[chosen], 1e-12)
        sample = pca.transform(_sample(x, 400))
        level = _best_level(sample, np.sqrt(np.maximum(lam, 0)), ideal, vis[chosen], self.clip)
        gains = np.minimum(1.0, level * ideal)
        gains[lam <= 0] = 0.0
        self._pca = pca
        self.n_features_in_ = x.shape[1]
        self.n_axes_ = k
        self.n_latents_ = self.model.latent_dim
        total = pca.total_variance
        self.explained_variance_ = float(lam.sum() / total) if total else 0.0
        self.latent_of_axis_ = chosen
        self.effects_ = effects
        self.visibility_ = vis
        self.gains_ = gains
        self.level_ = level
        self.constant_columns_ = pca.constant_columns
        return self

    def transform(self, embeddings: object) -> np.ndarray:
        """Embeddings ``(N, D)`` -> latents ``(N, n_latents_)`` float32, for ``model.decode``.

        Latents that no axis drives hold their mean (a neutral head pose by default).
        """
        pca = self._fitted()
        x = as_embeddings(embeddings)
        if x.shape[1] != self.n_features_in_:
            raise ValueError(
                f"embeddings have {x.shape[1]} dimensions; this mapper was fitted on "
                f"{self.n_features_in_}"
            )
        ok = finite_rows(x, self.nonfinite)
        self.dropped_ = np.flatnonzero(~ok)
        if not ok.all():
            x = x[ok]
        lam = pca.variances
        return self.latents_of_units(pca.transform(x) / np.sqrt(np.where(lam > 0, lam, 1.0)))

    def latents_of_units(self, units: object) -> np.ndarray:
        """Latents for positions ``(n, n_axes_)`` in standard deviations along each axis.

        ``transform`` is this applied to the embeddings' standardised principal scores; the
        legend uses it to draw the faces at chosen points of each axis.
        """
        self._fitted()
        unit = np.asarray(units, np.float64)
        if unit.ndim != 2 or unit.shape[1] != self.n_axes_:
            raise ValueError(f"units must have shape (n, {self.n_axes_}), got {unit.shape}")
        k = self.n_latents_
        mean, std = self.model.latent_mean[:k], self.model.latent_std[:k]
        z = np.tile(mean.astype(np.float32), (len(unit), 1))
        lat = self.latent_of_axis_
        z[:, lat] += std[lat] * np.clip(unit * self.gains_, -self.clip, self.clip)
        return z

    def legend(
        self,
        embeddings: object = None,
        labels: Sequence[object] | None = None,
        *,
        n_axes: int = 8,
        steps: Sequence[float] = (-2.0, 0.0, 2.0),
    ) -> FaceLegend:
        """What each mapped axis does to the face (strongest first, at most ``n_axes``).

        Each row has the faces at ``steps`` standard deviations along the axis, the parts
        of the face it moves, its share of the variance and, given ``embeddings`` and their
        ``labels``, the labels of the items at either end of the axis. ``legend.to_svg()``
        draws it; ``legend.to_records()`` gives plain rows for a DataFrame.
        """
        return build_legend(self, embeddings, labels, n_axes=n_axes, steps=steps)

    def _carrier_latents(self, effects: LatentEffects, n_dims: int) -> np.ndarray:
        """The latents that carry the principal axes, in axis order (strongest axis first).

        Without pose: the symmetric latents, most readable first (at most ``n_dims`` of
        them). With pose: the first ``n_dims`` latents, most visible first.
        """
        if self.pose:
            first = np.arange(min(n_dims, self.model.latent_dim))
            return first[np.argsort(-effects.visibility[first], kind="stable")]
        symmetric = np.flatnonzero(self.model.latent_parity > 0)
        if symmetric.size == 0:
            raise ValueError("the face model has no symmetric latents; use pose=True")
        ranked = symmetric[np.argsort(-effects.readability[symmetric], kind="stable")]
        return ranked[:n_dims]

    def fit_transform(self, embeddings: object) -> np.ndarray:
        """:meth:`fit`, then :meth:`transform` the same embeddings."""
        return self.fit(embeddings).transform(embeddings)

    def faces(self, embeddings: object) -> np.ndarray:
        """Embeddings ``(N, D)`` -> face landmarks ``(N, 194, 2)`` in the reference frame."""
        return self.model.decode(self.transform(embeddings))

    @property
    def latent_dim(self) -> int:
        """The width of the latents this mapper produces (K), once fitted."""
        return int(self.n_latents_) if self._pca is not None else self.model.latent_dim

    def _fitted(self) -> PCAFit:
        if self._pca is None:
            raise RuntimeError("this FaceMapper is not fitted yet: call fit(embeddings) first")
        return self._pca

    def __repr__(self) -> str:
        state = f"n_axes={self.n_axes_}" if self._pca is not None else "not fitted"
        return f"FaceMapper({state}, clip={self.clip}, pose={self.pose})"
