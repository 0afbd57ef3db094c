import numpy as np
import pytest

from vec2face_widget import FaceModel
from vec2face_widget.faces.align import (
    align_to,
    generalized_procrustes,
    mirror,
    remove_rigid,
    rigid_basis,
)
from vec2face_widget.faces.pose import aligned_distances, antisymmetric_share, rigid_share
from vec2face_widget.faces.topology import MIRROR, part


@pytest.fixture(scope="module")
def template():
    return FaceModel.pretrained().template.astype(np.float64)


def similar(face, angle, scale, shift):
    c, s = np.cos(angle), np.sin(angle)
    return scale * face @ np.array([[c, s], [-s, c]]) + np.asarray(shift)


def test_mirror_is_an_involution_that_swaps_the_eyes():
    assert np.array_equal(MIRROR[MIRROR], np.arange(194))
    assert MIRROR[list(part("eye_a").indices)].tolist() == list(part("eye_b").indices)
    assert MIRROR[list(part("brow_b").indices)].tolist() == list(part("brow_a").indices)
    jaw = part("jaw")
    assert set(MIRROR[list(jaw.indices)]) == set(jaw.indices)
    face = np.random.default_rng(0).normal(size=(3, 194, 2))
    np.testing.assert_array_equal(mirror(mirror(face)), face)


def test_the_model_template_is_symmetric(template):
    np.testing.assert_allclose(mirror(template), template, atol=1e-6)
    # the right eye (eye_a) is on the image's right, its mirror image on the left
    assert template[list(part("eye_a").indices), 0].mean() > 0
    assert np.ptp(template[:, 0]) == pytest.approx(1.0, abs=1e-5)


def test_alignment_undoes_a_similarity_transform(template):
    moved = np.stack(
        [similar(template, a, s, t) for a, s, t in [(0.3, 200, (40, 90)), (-1.0, 0.5, (-3, 2))]]
    )
    np.testing.assert_allclose(align_to(moved, template), [template, template], atol=1e-9)


def test_generalized_procrustes_finds_the_shared_shape(template):
    rng = np.random.default_rng(1)
    faces = np.stack(
        [
            similar(template, *rng.normal(size=1), 1 + rng.random(), rng.normal(size=2))
            for _ in range(6)
        ]
    )
    aligned, shape = generalized_procrustes(faces)
    np.testing.assert_allclose(aligned, np.broadcast_to(aligned[0], aligned.shape), atol=1e-8)
    # the shape is the template up to a similarity transform (same aligned form)
    np.testing.assert_allclose(align_to(shape, template), template, atol=1e-8)


def test_remove_rigid_leaves_shape_change_only(template):
    rng = np.random.default_rng(2)
    faces = template + 0.01 * rng.normal(size=(4, 194, 2))
    out = remove_rigid(faces, template)
    d = (out - template).reshape(4, -1)
    np.testing.assert_allclose(d @ rigid_basis(template).T, 0, atol=1e-12)


def test_pose_measures(template):
    rng = np.random.default_rng(3)
    posed = np.stack(
        [
            similar(template, 0.2 * rng.normal(), 1 + 0.2 * rng.random(), rng.normal(size=2) * 0.1)
            for _ in range(20)
        ]
    )
    assert rigid_share(posed) > 0.99
    # symmetric shape change only: no rigid part, nothing antisymmetric
    shape = remove_rigid(template + 0.01 * rng.normal(size=(20, 194, 2)), template)
    symmetric = (shape + mirror(shape)) / 2
    assert rigid_share(symmetric) < 0.05
    assert antisymmetric_share(symmetric) < 1e-6
    anti = template + (shape - mirror(shape)) / 2
    assert antisymmetric_share(anti) > 0.95
    # distances between aligned faces ignore pose
    both = np.concatenate([symmetric[:3], [similar(symmetric[0], 0.5, 3.0, (1, 1))]])
    d = aligned_distances(both)
    assert d[2] == pytest.approx(0.0, abs=1e-9)  # pair (0, 3): the same face, posed
    assert d[0] > 1e-4
