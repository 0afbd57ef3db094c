"""Real embedding sets that install offline, for the faithfulness benchmark and tests."""

from __future__ import annotations

import numpy as np


def _mlp_codes(x: np.ndarray, y: np.ndarray, hidden: int = 256, seed: int = 0) -> np.ndarray:
    """Hidden-layer codes of a small MLP classifier trained on (x, y) with JAX/optax."""
    import jax
    import jax.numpy as jnp
    import optax

    x = ((x - x.mean(0)) / (x.std(0) + 1e-6)).astype(np.float32)
    k1, k2 = jax.random.split(jax.random.PRNGKey(seed))
    params = {
        "w1": jax.random.normal(k1, (x.shape[1], hidden)) / np.sqrt(x.shape[1]),
        "b1": jnp.zeros(hidden),
        "w2": jax.random.normal(k2, (hidden, int(y.max()) + 1)) / np.sqrt(hidden),
        "b2": jnp.zeros(int(y.max()) + 1),
    }

    def codes(p, a):
        return jax.nn.relu(a @ p["w1"] + p["b1"])

    def loss(p, a, t):
        logits = codes(p, a) @ p["w2"] + p["b2"]
        return optax.softmax_cross_entropy_with_integer_labels(logits, t).mean()

    tx = optax.adam(3e-3)
    state = tx.init(params)

    @jax.jit
    def step(p, s):
        g = jax.grad(loss)(p, x, y)
        u, s = tx.update(g, s)
        return optax.apply_updates(p, u), s

    for _ in range(300):
        params, state = step(params, state)
    return np.asarray(codes(params, x))


def _text_set() -> tuple[np.ndarray, np.ndarray] | None:
    """The sentence embeddings of ``text_set.py``, or None (with a note) without the extra."""
    from benchmarks.text_set import BenchExtraMissing, load_text_set

    try:
        return load_text_set()
    except BenchExtraMissing as e:
        print(f"skipping text_minilm: {e}")
        return None


def load_sets() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """name -> (embeddings, labels) for iris, wine, breast cancer, digits, MLP codes and texts.

    ``text_minilm`` (320 sentences in 8 groups, all-MiniLM-L6-v2, labels are group names) is
    there when the ``bench`` extra is installed or its embeddings are already cached.
    """
    from sklearn import datasets

    sets = {}
    for name, loader in [
        ("iris", datasets.load_iris),
        ("wine", datasets.load_wine),
        ("breast_cancer", datasets.load_breast_cancer),
        ("digits", datasets.load_digits),
    ]:
        d = loader()
        sets[name] = (np.asarray(d.data, np.float64), np.asarray(d.target))
    digits = datasets.load_digits()
    sets["digits_mlp256"] = (_mlp_codes(digits.data, digits.target), digits.target)
    text = _text_set()
    if text is not None:
        sets["text_minilm"] = text
    return sets
