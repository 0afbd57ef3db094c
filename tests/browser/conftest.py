"""Fixtures for the browser tests: one JupyterLab server and one Chromium per session.

A browser test never skips: if JupyterLab or Chromium cannot start, it fails and says why.
On a failure the hook below saves a screenshot and the console log of every page the test
had open under ``test-artifacts/``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser_harness.lab import Lab
from browser_harness.lab_browser import BrowserStartError, Chromium
from browser_harness.lab_server import REPO_ROOT, JupyterServer, LabStartError

ARTIFACTS = REPO_ROOT / "test-artifacts"
BUNDLE = REPO_ROOT / "vec2face_widget" / "static" / "widget.js"
TESTDATA = REPO_ROOT / "browser_harness" / "v2f_testdata.py"


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterServer]:
    server = JupyterServer(tmp_path_factory.mktemp("jupyterlab"))
    try:
        server.start()
    except LabStartError as exc:
        pytest.fail(f"JupyterLab could not start for the browser tests:\n{exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    browser = Chromium()
    try:
        browser.start()
    except BrowserStartError as exc:
        pytest.fail(f"Chromium could not start for the browser tests:\n{exc}", pytrace=False)
    yield browser
    browser.stop()


@pytest.fixture(scope="session")
def widget_env(lab_server: JupyterServer) -> JupyterServer:
    """The server, ready for FaceScatter notebooks: the bundle is built and the test data
    module (``v2f_testdata``) lies next to the notebooks."""
    if not BUNDLE.exists():
        pytest.fail(f"{BUNDLE} is missing: build it with 'make js'.", pytrace=False)
    shutil.copy(TESTDATA, lab_server.notebooks)
    return lab_server


_open_labs: list[Lab] = []


def _new_lab(server: JupyterServer, browser: Chromium, tag: str) -> Iterator[Lab]:
    lab = Lab(server, browser, tag)
    _open_labs.append(lab)
    try:
        yield lab
    finally:
        _open_labs.remove(lab)
        lab.close()


@pytest.fixture
def lab(
    lab_server: JupyterServer, chromium: Chromium, request: pytest.FixtureRequest
) -> Iterator[Lab]:
    """Opens notebooks for one test: ``nb = lab.new_notebook()``."""
    yield from _new_lab(lab_server, chromium, request.node.name)


@pytest.fixture(scope="module")
def module_lab(
    lab_server: JupyterServer, chromium: Chromium, request: pytest.FixtureRequest
) -> Iterator[Lab]:
    """Like ``lab`` but shared by the tests of one module (one kernel for all of them)."""
    yield from _new_lab(lab_server, chromium, Path(str(request.node.fspath)).stem)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    if report.failed and report.when in ("setup", "call") and _open_labs:
        prefix = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-120:]
        saved: list[Path] = []
        for lab in _open_labs:
            saved += lab.save_artifacts(ARTIFACTS, prefix)
        server_log = ARTIFACTS / f"{prefix}-jupyter-server.log"
        lab0 = _open_labs[0]
        server_log.write_text(lab0.server.log_tail(400))
        saved.append(server_log)
        report.sections.append(
            ("browser artifacts", "\n".join(str(p.relative_to(REPO_ROOT)) for p in saved))
        )
    return report
