"""The face legend: what each mapped embedding axis does to the face, and what it means.

One row per principal axis of the embedding, strongest first: the faces at -2, 0 and +2
standard deviations along that axis (everything else at the mean), the features of the face
it moves, its share of the embedding's variance, and the labels of the items at either end
of the axis, so an abstract direction gets a meaning ("cookbooks ... thrillers").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import numpy as np

from vec2face_widget.faces.svg import common_extent, face_paths

if TYPE_CHECKING:  # pragma: no cover
    from vec2face_widget.mapping.mapper import FaceMapper

__all__ = ["FaceLegend", "LegendAxis", "build_legend"]

STEPS: tuple[float, ...] = (-2.0, 0.0, 2.0)
"""Standard deviations along an axis at which the legend draws faces."""


@dataclass(frozen=True)
class LegendAxis:
    """One embedding axis as the faces show it.

    Attributes:
        axis: the principal axis (0 is the strongest).
        latent: the face latent it drives.
        variance_share: its share of the standardised embedding's total variance.
        features: the parts of the face it moves most, strongest first (e.g. ``["mouth"]``).
        low_labels / high_labels: labels of the items at the low / high end of the axis,
            most frequent first (empty without labels).
        steps: the standard deviations the faces are drawn at.
        faces: ``(len(steps), 194, 2)`` landmarks, in the model's frame.
    """

    axis: int
    latent: int
    variance_share: float
    features: list[str]
    low_labels: list[str]
    high_labels: list[str]
    steps: tuple[float, ...]
    faces: np.ndarray = field(repr=False)

    def describe(self) -> str:
        """One line, e.g. ``"axis 1 (31% of variance): mouth, nose; wine 0 ... wine 2"``."""
        ends = ""
        if self.low_labels or self.high_labels:
            low, high = ", ".join(self.low_labels) or "-", ", ".join(self.high_labels) or "-"
            ends = f"; {low} ... {high}"
        share = f"{100 * self.variance_share:.0f}% of variance"
        return f"axis {self.axis + 1} ({share}): {', '.join(self.features)}{ends}"


@dataclass(frozen=True)
class FaceLegend:
    """The legend of a fitted :class:`~vec2face_widget.FaceMapper`: one row per axis."""

    axes: list[LegendAxis]

    def __len__(self) -> int:
        return len(self.axes)

    def __iter__(self) -> Iterator[LegendAxis]:
        return iter(self.axes)

    def to_svg(self, *, size: float = 72.0, stroke: str = "#222") -> str:
        """The legend as a standalone SVG: a row of faces per axis, with its description."""
        return _legend_svg(self, size, stroke)

    def to_records(self) -> list[dict[str, Any]]:
        """Plain rows (no landmarks), e.g. for ``pandas.DataFrame(legend.to_records())``."""
        return [
            {
                "axis": a.axis,
                "latent": a.latent,
                "variance_share": a.variance_share,
                "features": ", ".join(a.features),
                "low_labels": ", ".join(a.low_labels),
                "high_labels": ", ".join(a.high_labels),
            }
            for a in self.axes
        ]

    def _repr_html_(self) -> str:
        return self.to_svg()


def _legend_svg(legend: FaceLegend, size: float, stroke: str) -> str:
    n_steps = max((len(a.steps) for a in legend.axes), default=0)
    text_w, line = 360.0, 14.0
    row_h = size + 4
    width, height = n_steps * size + text_w, len(legend.axes) * row_h + line + 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
        f'viewBox="0 0 {width:g} {height:g}" font-family="sans-serif" font-size="11">',
        '<rect width="100%" height="100%" fill="white"/>',
    ]
    for i, step in enumerate(legend.axes[0].steps if legend.axes else ()):
        out.append(
            f'<text x="{(i + 0.5) * size:.1f}" y="{line - 3:.1f}" text-anchor="middle" '
            f'fill="#666">{step:+g} sd</text>'
        )
    extent = common_extent(np.concatenate([a.faces for a in legend.axes])) if legend.axes else 1.0
    for r, a in enumerate(legend.axes):
        y0 = line + 4 + r * row_h
        paths = [
            d
            for i, face in enumerate(a.faces)
            for d in face_paths(face, i * size, y0, size, extent=extent)
        ]
        out.append(
            f'<g fill="none" stroke="{escape(stroke)}" stroke-width="1.2" '
            'stroke-linejoin="round" stroke-linecap="round">'
            + "".join(f'<path d="{d}"/>' for d in paths)
            + "</g>"
        )
        x = n_steps * size + 8
        share = f"{100 * a.variance_share:.0f}% of variance"
        title = f"axis {a.axis + 1}: {', '.join(a.features)} ({share})"
        out.append(f'<text x="{x:.1f}" y="{y0 + size / 2 - 4:.1f}">{escape(title)}</text>')
        if a.low_labels or a.high_labels:
            ends = f"{', '.join(a.low_labels) or '-'}  …  {', '.join(a.high_labels) or '-'}"
            out.append(
                f'<text x="{x:.1f}" y="{y0 + size / 2 + 10:.1f}" fill="#666">{escape(ends)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)


def _end_labels(order: np.ndarray, labels: Sequence[str], n_items: int, n_labels: int) -> list[str]:
    """What the items at one end of an axis are, from their labels (``order``: from that end).

    With mostly distinct labels (titles, names), the labels of the most extreme items. With
    categories, the ones over-represented among the ``n_items`` most extreme items (at least
    1.5 times their share overall), most frequent first; none when no category stands out.
    """
    if len(set(labels)) > len(labels) / 2:
        return [labels[i] for i in order[:n_labels].tolist()]
    overall = Counter(labels)
    end = Counter(labels[i] for i in order[:n_items].tolist())
    n_end, n_all = sum(end.values()), len(labels)
    enriched = [
        (count, label)
        for label, count in end.items()
        if count / n_end >= 1.5 * overall[label] / n_all
    ]
    return [label for _, label in sorted(enriched, key=lambda t: -t[0])[:n_labels]]


def _scores_and_labels(
    mapper: FaceMapper, embeddings: object, labels: Sequence[object] | None, k: int
) -> tuple[np.ndarray | None, list[str]]:
    """The items' scores on the first ``k`` axes and their labels (finite rows only)."""
    if embeddings is None:
        return None, []
    from vec2face_widget.mapping.validate import as_embeddings

    x = as_embeddings(embeddings)
    label_list = [str(v) for v in labels] if labels is not None else []
    if labels is not None and len(label_list) != len(x):
        raise ValueError(f"labels has {len(label_list)} entries for {len(x)} embeddings")
    ok = np.isfinite(x).all(axis=1)
    scores = mapper._fitted().transform(x[ok])[:, :k]  # noqa: SLF001
    return scores, [label for label, keep in zip(label_list, ok, strict=False) if keep]


def build_legend(
    mapper: FaceMapper,
    embeddings: object = None,
    labels: Sequence[object] | None = None,
    *,
    n_axes: int = 8,
    steps: Sequence[float] = STEPS,
    n_items: int | None = None,
    n_labels: int = 2,
) -> FaceLegend:
    """The legend of the fitted ``mapper``; see :meth:`FaceMapper.legend`."""
    pca = mapper._fitted()  # noqa: SLF001 - the legend is the mapper's own view
    if labels is not None and embeddings is None:
        raise ValueError("labels need the embeddings they belong to: pass embeddings= too")
    k = min(int(n_axes), mapper.n_axes_)
    if k < 1:
        raise ValueError(f"n_axes must be at least 1, got {n_axes}")
    steps = tuple(float(s) for s in steps)
    scores, label_list = _scores_and_labels(mapper, embeddings, labels, k)
    if n_items is None:  # the tenth of the items at each end, at least 5
        n_items = max(5, len(label_list) // 10)
    total = pca.total_variance
    unit = np.zeros((k * len(steps), mapper.n_axes_))
    for j in range(k):
        unit[j * len(steps) : (j + 1) * len(steps), j] = steps
    faces = mapper.model.decode(mapper.latents_of_units(unit)).reshape(k, len(steps), -1, 2)
    axes = []
    for j in range(k):
        latent = int(mapper.latent_of_axis_[j])
        low: list[str] = []
        high: list[str] = []
        if scores is not None and label_list:
            order = np.argsort(scores[:, j], kind="stable")
            low = _end_labels(order, label_list, n_items, n_labels)
            high = _end_labels(order[::-1], label_list, n_items, n_labels)
        axes.append(
            LegendAxis(
                axis=j,
                latent=latent,
                variance_share=float(pca.variances[j] / total) if total else 0.0,
                features=mapper.effects_.main_features(latent),
                low_labels=low,
                high_labels=high,
                steps=steps,
                faces=faces[j],
            )
        )
    return FaceLegend(axes)
