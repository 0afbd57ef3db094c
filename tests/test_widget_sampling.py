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


def test_stride_sample_spreads_evenly_over_a_big_sorted_selection():
    from vec2face_widget.widget.sampling import stride_sample

    small = np.array([2, 5, 9])
    assert stride_sample(small, 4).tolist() == [2, 5, 9]
    chosen = np.arange(0, 30_000, 3)  # 10,000 points
    sample = stride_sample(chosen, 4096)
    assert sample.size == 4096 and sample[0] == 0 and np.all(np.diff(sample) > 0)
    # The front end's formula (js/src/requests.ts): sorted[Math.floor(i * n / cap)].
    assert sample[1000] == chosen[(1000 * 10_000) // 4096]


def test_mean_face_of_a_selection_is_the_mean_of_its_latents():
    from vec2face_widget.widget.face_source import FaceSource
    from vec2face_widget.widget.labels import Labels
    from vec2face_widget.widget.latent_rows import LatentRows

    latents = np.random.default_rng(2).normal(size=(1000, 5)).astype(np.float32)

    class Echo:
        def decode(self, z):
            return np.repeat(np.asarray(z)[:, :2][:, None, :], 194, axis=1)

    rows = LatentRows(lambda chosen: latents[chosen], 1000)
    source = FaceSource(rows, Echo(), Labels(None, 1000), 194)
    chosen = np.arange(3, 1000, 3)
    content, buffers = source.panel(chosen, 8)
    mean = np.frombuffer(buffers[2], np.float32).reshape(194, 2)[0]
    assert content["count"] == chosen.size and content["n_faces"] == 8
    assert np.allclose(mean, latents[chosen].mean(axis=0)[:2], atol=1e-6)
