"""Loading landmark annotations in the Helen release format.

One text file a face: the first line is the image name, then 194 lines ``x , y`` in
image pixel coordinates (y grows downward). A dataset is a folder, a ``.tar``/``.tar.gz``
or a ``.zip`` of such files; files are read in numeric order of their names (``1.txt``,
``2.txt``, ..., ``10.txt``).
"""

from __future__ import annotations

import os
import re
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from vec2face_widget.faces.topology import N_POINTS

__all__ = ["HelenFormatError", "load_helen", "parse_face"]


class HelenFormatError(ValueError):
    """A landmark file does not follow the Helen format; the message names file and line."""


def _sort_key(name: str) -> tuple[int, str]:
    stem = Path(name).stem
    digits = re.findall(r"\d+", stem)
    return (int(digits[-1]) if digits else -1, name)


def parse_face(text: str, source: str = "<string>") -> tuple[str, np.ndarray]:
    """Parse one Helen annotation file's text into ``(image_name, (194, 2) float64)``.

    Raises :class:`HelenFormatError` naming ``source`` and the 1-based line on bad input.
    """
    lines = [ln for ln in text.splitlines()]
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise HelenFormatError(f"{source}: the file is empty")
    name = lines[0].strip()
    if not name:
        raise HelenFormatError(f"{source}, line 1: expected the image name, found an empty line")
    body = lines[1:]
    if len(body) != N_POINTS:
        raise HelenFormatError(
            f"{source}: expected {N_POINTS} landmark lines after the image name, found {len(body)}"
        )
    pts = np.empty((N_POINTS, 2), dtype=np.float64)
    for i, line in enumerate(body):
        parts = line.split(",")
        try:
            if len(parts) != 2:
                raise ValueError
            pts[i] = float(parts[0]), float(parts[1])
        except ValueError:
            raise HelenFormatError(
                f"{source}, line {i + 2}: expected 'x , y', found {line.strip()[:60]!r}"
            ) from None
        if not np.all(np.isfinite(pts[i])):
            raise HelenFormatError(f"{source}, line {i + 2}: non-finite coordinate {line!r}")
    return name, pts


def _iter_folder(path: Path) -> Iterator[tuple[str, str]]:
    files = [p for p in path.rglob("*.txt") if p.is_file()]
    for p in sorted(files, key=lambda p: _sort_key(p.name)):
        yield str(p), p.read_text(encoding="utf-8", errors="strict")


def _iter_tar(path: Path) -> Iterator[tuple[str, str]]:
    # Read members in archive order (a compressed tar is not seekable cheaply), then sort.
    texts: dict[str, str] = {}
    with tarfile.open(path) as tar:
        for m in tar:
            if m.isfile() and m.name.endswith(".txt"):
                fh = tar.extractfile(m)
                if fh is not None:
                    texts[m.name] = fh.read().decode("utf-8")
    for name in sorted(texts, key=_sort_key):
        yield f"{path}:{name}", texts[name]


def _iter_zip(path: Path) -> Iterator[tuple[str, str]]:
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if n.endswith(".txt") and not n.endswith("/")]
        for n in sorted(names, key=_sort_key):
            yield f"{path}:{n}", zf.read(n).decode("utf-8")


def _sources(path: Path) -> Iterator[tuple[str, str]]:
    if path.is_dir():
        return _iter_folder(path)
    name = path.name.lower()
    if name.endswith((".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")):
        return _iter_tar(path)
    if name.endswith(".zip"):
        return _iter_zip(path)
    raise ValueError(f"{path}: not a folder, .tar, .tar.gz or .zip of Helen annotation files")


def load_helen(path: str | os.PathLike[str]) -> tuple[np.ndarray, list[str]]:
    """Load every face of a Helen-format dataset.

    Args:
        path: a folder, a ``.tar``/``.tar.gz`` or a ``.zip`` holding one ``.txt`` file a face.

    Returns:
        ``(landmarks, names)``: a float64 array ``(N, 194, 2)`` in image pixel coordinates and
        the image names from each file's first line, in numeric file order.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        HelenFormatError: a file is malformed (the message names the file and the line).
        ValueError: ``path`` holds no annotation files.
    """
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"no Helen annotations at {p}")
    names: list[str] = []
    faces: list[np.ndarray] = []
    for source, text in _sources(p):
        name, pts = parse_face(text, source)
        names.append(name)
        faces.append(pts)
    if not faces:
        raise ValueError(f"{p}: no annotation files (*.txt) found")
    return np.stack(faces), names
