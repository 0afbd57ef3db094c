"""The wheel, installed in a fresh venv outside the checkout, draws in JupyterLab.

A server of its own whose ``python3`` kernel is that venv's interpreter (see
tests/package_build.py): the widget, its bundle and the face model all come from the wheel.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browser_harness.lab import Lab
from browser_harness.lab_browser import Chromium
from browser_harness.lab_server import JupyterServer, LabStartError
from browser_harness.scatter_view import ScatterView
from tests.package_build import Built

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SETUP = """\
import numpy as np
import vec2face_widget
from vec2face_widget import FaceScatter
x = np.random.default_rng(0).normal(size=(200, 12))
w = FaceScatter(x, [f"p{i}" for i in range(200)], color=x[:, 0] > 0, max_faces=6)
w"""


@pytest.fixture
def installed_lab(
    built_package: Built, chromium: Chromium, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Lab]:
    server = JupyterServer(
        tmp_path_factory.mktemp("lab-installed"), kernel_python=built_package.python
    )
    try:
        server.start()
    except LabStartError as exc:
        pytest.fail(f"JupyterLab could not start:\n{exc}", pytrace=False)
    lab = Lab(server, chromium, "installed")
    try:
        yield lab
    finally:
        lab.close()
        server.stop()


def test_installed_wheel_draws_scatter_and_faces(built_package: Built, installed_lab: Lab) -> None:
    nb = installed_lab.new_notebook()
    nb.run_cell(SETUP, timeout=240)
    view = ScatterView(nb.page)
    view.wait_first_frame()
    assert view.error.is_hidden()
    module = nb.eval_py("vec2face_widget.__file__")
    assert module.startswith(str(built_package.venv.resolve())), module

    marks = view.faces_drawn_marks()
    nb.run_cell("w.select([3, 14, 15])")
    view.wait_faces(3, marks)
    faces = view.faces()
    assert [f["index"] for f in faces] == [3, 14, 15]
    assert all(f["drawn"] == f["paths"] > 5 for f in faces), faces
