"""Data for the browser tests; copied next to the test notebooks and imported by the kernel.

300 points in 12 tight clusters on a 4 x 3 grid (wide empty gaps between them, so a box or
lasso drawn through the gaps has no point near its edge), plus two lone points: 0 (label
``lonely-zero``) and 1 (a label that is an HTML injection attempt).
"""

from __future__ import annotations

import threading

import numpy as np

XSS_LABEL = '<img src=x onerror="window.__pwned=1">'
N_POINTS = 300


def make_data(n: int = N_POINTS, dim: int = 16, seed: int = 0):
    """Return (embeddings (n, dim), xy (n, 2), labels, cluster ids; -1 for lone points)."""
    rng = np.random.default_rng(seed)
    centres = np.array([(cx, cy) for cy in range(3) for cx in range(4)], dtype=float)
    cluster = np.concatenate([[-1, -1], np.arange(n - 2) % 12])
    xy = np.empty((n, 2))
    xy[2:] = centres[cluster[2:]] + rng.normal(0.0, 0.06, (n - 2, 2))
    xy[0] = (1.5, 2.5)
    xy[1] = (2.5, 0.5)
    emb = rng.normal(size=(n, dim)) + 3.0 * np.eye(dim)[cluster % dim]
    labels = [f"c{c}-p{i}" for i, c in enumerate(cluster)]
    labels[0] = "lonely-zero"
    labels[1] = XSS_LABEL
    return emb, xy, labels, cluster


class StubMapper:
    """Embeddings -> latents without fitting anything: the first 8 columns."""

    def fit_transform(self, embeddings):
        """The first 8 columns as float32 latents."""
        return np.asarray(embeddings, dtype=np.float32)[:, :8]


class GatedMapper(StubMapper):
    """StubMapper whose fitting waits until ``release()``: the faces stay "preparing"."""

    def __init__(self) -> None:
        self.gate = threading.Event()

    def release(self) -> None:
        """Let the fitting go on."""
        self.gate.set()

    def fit_transform(self, embeddings):
        """Wait for ``release()`` (at most 2 minutes), then the first 8 columns."""
        if not self.gate.wait(120):
            raise TimeoutError("GatedMapper was never released")
        return super().fit_transform(embeddings)


class BrokenModel:
    """A face model whose decoder fails, to see the error reach the page."""

    def decode(self, latents):
        """Raise, always."""
        raise RuntimeError("decoder exploded on purpose (browser test)")


class StubModel:
    """A trivial decoder (a wobbly ellipse per face): the benchmark's `--model stub`."""

    def decode(self, latents):
        """One ellipse of 194 points per latent row, wobbled by its first 3 values."""
        from vec2face_widget.faces.topology import N_POINTS as P

        z = np.tanh(np.asarray(latents, dtype=np.float32))
        t = np.linspace(0.0, 2.0 * np.pi, P, dtype=np.float32)
        base = np.stack([np.cos(t), np.sin(t)], axis=-1)[None]
        return base * (1.0 + 0.2 * z[:, :1, None]) + 0.1 * z[:, None, 1:3]
