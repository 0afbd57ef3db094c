import tarfile
import zipfile

import numpy as np
import pytest

from tests.helen_files import face_text, synthetic_faces, write_folder
from vec2face_widget import load_helen
from vec2face_widget.faces.helen import HelenFormatError


@pytest.fixture
def faces():
    return synthetic_faces(12)


def test_folder_numeric_order(tmp_path, faces):
    names = write_folder(tmp_path / "ann", faces)
    got, got_names = load_helen(tmp_path / "ann")
    assert got.shape == (12, 194, 2) and got.dtype == np.float64
    # 10.txt, 11.txt, 12.txt come after 9.txt, not after 1.txt
    assert got_names == names
    np.testing.assert_allclose(got, faces, atol=0.006)


@pytest.mark.parametrize("mode,suffix", [("w:gz", ".tar.gz"), ("w", ".tar")])
def test_tar(tmp_path, faces, mode, suffix):
    write_folder(tmp_path / "annotation", faces)
    archive = tmp_path / f"ann{suffix}"
    with tarfile.open(archive, mode) as tar:
        tar.add(tmp_path / "annotation", arcname="annotation")
    got, names = load_helen(archive)
    assert got.shape == (12, 194, 2)
    assert names[0] == "img_001" and names[-1] == "img_012"


def test_zip(tmp_path, faces):
    archive = tmp_path / "ann.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i, pts in enumerate(faces, start=1):
            zf.writestr(f"annotation/{i}.txt", face_text(f"z{i}", pts))
    got, names = load_helen(archive)
    assert got.shape == (12, 194, 2) and names[1] == "z2"


def test_malformed_line_names_file_and_line(tmp_path, faces):
    write_folder(tmp_path / "a", faces[:3])
    bad = (tmp_path / "a" / "2.txt").read_text().splitlines()
    bad[5] = "12.5 ; oops"
    (tmp_path / "a" / "2.txt").write_text("\n".join(bad))
    with pytest.raises(HelenFormatError, match=r"2\.txt, line 6"):
        load_helen(tmp_path / "a")


def test_wrong_point_count(tmp_path, faces):
    write_folder(tmp_path / "a", faces[:2])
    lines = (tmp_path / "a" / "1.txt").read_text().splitlines()[:-3]
    (tmp_path / "a" / "1.txt").write_text("\n".join(lines))
    with pytest.raises(HelenFormatError, match=r"1\.txt: expected 194 landmark lines.*191"):
        load_helen(tmp_path / "a")


def test_missing_and_empty(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_helen(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no annotation files"):
        load_helen(tmp_path / "empty")
    (tmp_path / "x.csv").write_text("1,2")
    with pytest.raises(ValueError, match="not a folder"):
        load_helen(tmp_path / "x.csv")
