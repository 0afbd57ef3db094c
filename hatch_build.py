"""Hatch build hook: bundle the front end (``js/``) into ``vec2face_widget/static/widget.js``.

Runs whenever hatchling builds the package: ``pip install .``, ``pip install git+URL``,
``python -m build``. The bundle is an ensured target of every wheel and sdist:

* a fresh bundle (newer than every front-end source) is used as it is, so a wheel built
  from the sdist (which ships the bundle) needs no Node;
* otherwise ``npm ci`` (when ``js/node_modules`` is missing or stale) and ``npm run build``
  make it,
  and the build fails with a message saying what to install when Node or npm is absent;
* an editable install (``pip install -e .``, ``make setup``) builds the bundle only when it
  is missing and npm is there, and never fails: in a checkout the Makefile (``make js``) or
  ``npm run dev`` keeps the bundle current, and ``FaceScatter`` warns when it is missing.

It also checks that ``js/package.json`` carries the package's version (one version number:
``vec2face_widget/_version.py``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLE = Path("vec2face_widget", "static", "widget.js")
JS = Path("js")
SOURCES = ("src", "package.json", "package-lock.json", "tsconfig.json")
MIN_NODE = 18


class FrontEndBuildError(RuntimeError):
    """The front-end bundle could not be built (the message says what to do)."""


def front_end_sources(root: Path) -> list[Path]:
    """Every file the bundle is built from."""
    out: list[Path] = []
    for name in SOURCES:
        path = root / JS / name
        if path.is_dir():
            out.extend(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            out.append(path)
    return out


def bundle_is_fresh(root: Path) -> bool:
    """True when the bundle exists and no front-end source is newer than it."""
    bundle = root / BUNDLE
    if not bundle.is_file():
        return False
    built = bundle.stat().st_mtime
    return all(p.stat().st_mtime <= built for p in front_end_sources(root))


def check_js_version(root: Path, version: str) -> None:
    """Raise unless ``js/package.json`` has ``version``."""
    package = json.loads((root / JS / "package.json").read_text(encoding="utf-8"))
    if package.get("version") != version:
        raise FrontEndBuildError(
            f"js/package.json has version {package.get('version')!r} but the package is "
            f"{version!r} (vec2face_widget/_version.py): make them agree"
        )


def _npm() -> str:
    """The npm executable, after checking that Node is recent enough."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        raise FrontEndBuildError(
            "vec2face_widget: building the front end needs Node.js >= "
            f"{MIN_NODE} with npm, and {'npm' if npm is None else 'node'} is not on PATH. "
            "Install Node.js (https://nodejs.org) and build again, or install a released "
            "wheel (pip install vec2face-widget)."
        )
    out = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    found = re.match(r"v?(\d+)", out.stdout.strip())
    if found is None or int(found.group(1)) < MIN_NODE:
        raise FrontEndBuildError(
            f"vec2face_widget: building the front end needs Node.js >= {MIN_NODE}, "
            f"found {out.stdout.strip() or 'an unknown version'} at {node}"
        )
    return npm


def node_modules_current(root: Path) -> bool:
    """True when ``js/node_modules`` was installed from the current package-lock.json."""
    installed = root / JS / "node_modules" / ".package-lock.json"  # written by npm install/ci
    lock = root / JS / "package-lock.json"
    return installed.is_file() and installed.stat().st_mtime >= lock.stat().st_mtime


def build_bundle(root: Path) -> None:
    """Run ``npm run build`` in ``js/``, after ``npm ci`` when node_modules is not current."""
    npm = _npm()
    js = root / JS
    steps = [[npm, "run", "build"]]
    if not node_modules_current(root):
        steps.insert(0, [npm, "ci", "--no-audit", "--no-fund"])
    for step in steps:
        if subprocess.run(step, cwd=js, check=False).returncode != 0:
            raise FrontEndBuildError(f"vec2face_widget: `{' '.join(step[1:])}` failed in {js}")
    if not (root / BUNDLE).is_file():
        raise FrontEndBuildError(f"vec2face_widget: the front-end build did not write {BUNDLE}")


class FrontEndBuildHook(BuildHookInterface):
    """Makes sure ``vec2face_widget/static/widget.js`` is built before it is packed."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Check the versions agree, then build the bundle if it is missing or stale."""
        root = Path(self.root)
        check_js_version(root, self.metadata.version)
        if version == "editable":
            self._editable(root)
            return
        if bundle_is_fresh(root):
            self.app.display_info(f"vec2face_widget: using the built {BUNDLE.as_posix()}")
            return
        self.app.display_info("vec2face_widget: building the front end (npm)")
        build_bundle(root)

    def _editable(self, root: Path) -> None:
        if (root / BUNDLE).is_file():
            return
        try:
            build_bundle(root)
        except FrontEndBuildError as exc:
            self.app.display_warning(f"{exc}\nThe widget will not render until `make js` runs.")
