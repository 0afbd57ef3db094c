import numpy as np

from vec2face_widget.widget.sampling import representative_sample


def test_small_selection_is_returned_sorted():
    latents = np.random.default_rng(0).normal(size=(10, 4))
    assert representative_sample(latents, np.array([7, 2, 5]), 48).tolist() == [2, 5, 7]


def test_sample_spans_the_selection_and_is_deterministic():
    rng = np.random.default_rng(0)
    # Four tight clusters; a sample of 4 must take one from each.
    centres = np.array([[0, 0], [10, 0], [0, 10], [10, 10]], dtype=float)
    which = rng.integers(0, 4, 400)
    latents = centres[which] + rng.normal(scale=0.1, size=(400, 2))
    chosen = representative_sample(latents, np.arange(400), 4)
    assert len(set(which[chosen].tolist())) == 4
    assert np.array_equal(chosen, representative_sample(latents, np.arange(400), 4))
    assert len(set(chosen.tolist())) == 4


def test_huge_selection_uses_a_subsample():
    latents = np.random.default_rng(1).normal(size=(50_000, 8)).astype(np.float32)
    chosen = representative_sample(latents, np.arange(50_000), 48, max_candidates=2000)
    assert chosen.shape == (48,) and len(set(chosen.tolist())) == 48


def test_duplicates_fill_up_to_k():
    latents = np.zeros((20, 3))
    chosen = representative_sample(latents, np.arange(20), 5)
    assert len(set(chosen.tolist())) == 5


def test_empty():
    assert representative_sample(np.zeros((3, 2)), np.array([], dtype=int), 5).size == 0


def test_mean_latent_in_chunks_matches_numpy():
    from vec2face_widget.widget.face_source import FaceSource

    latents = np.random.default_rng(2).normal(size=(1000, 5)).astype(np.float32)
    source = FaceSource(latents, decoder=None, labels=[], n_landmarks=194)
    chosen = np.arange(3, 1000, 3)
    assert np.allclose(source.mean_latent(chosen, chunk=7), latents[chosen].mean(axis=0), atol=1e-6)
