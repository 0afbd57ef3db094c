"""One version number: vec2face_widget/_version.py, read by pyproject and checked in js/."""

import json
from importlib.metadata import version
from pathlib import Path

import vec2face_widget
from vec2face_widget._version import __version__

REPO = Path(__file__).resolve().parents[1]


def test_one_version_everywhere():
    package = json.loads((REPO / "js" / "package.json").read_text())
    assert package["version"] == __version__
    assert version("vec2face-widget") == __version__
    assert vec2face_widget.__version__ == __version__
