"""The package as users get it: wheel and sdist carry the bundle; the wheel works installed.

See tests/package_build.py for how the package is built and installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.package_build import BUNDLE, REPO, Built, build, clean_copy, env_without_node
from vec2face_widget import __version__

pytestmark = pytest.mark.slow


def wheel_files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def sdist_files(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as t:
        prefix = t.getnames()[0].split("/")[0] + "/"
        return {
            m.name.removeprefix(prefix): t.extractfile(m).read()  # type: ignore[union-attr]
            for m in t.getmembers()
            if m.isfile()
        }


def test_wheel_and_sdist_carry_the_same_real_bundle(built_package: Built) -> None:
    wheel = wheel_files(built_package.wheel)
    sdist = sdist_files(built_package.sdist)
    from_sdist = wheel_files(built_package.wheel_from_sdist)
    bundle = wheel[BUNDLE]
    assert len(bundle) > 100_000 and b"v2f-root" in bundle and b"bundle is missing" not in bundle
    assert sdist[BUNDLE] == bundle and from_sdist[BUNDLE] == bundle
    assert sorted(from_sdist) == sorted(wheel)
    assert "vec2face_widget/faces/weights/face_model.npz" in wheel
    assert f"vec2face_widget-{__version__}.dist-info/licenses/LICENSE" in wheel
    assert not [n for n in wheel if n.startswith(("tests/", "browser_harness/", "js/"))]


def test_sdist_carries_the_front_end_sources_not_node_modules(built_package: Built) -> None:
    names = sdist_files(built_package.sdist)
    for name in ("js/src/index.ts", "js/package.json", "js/package-lock.json", "hatch_build.py"):
        assert name in names
    assert "LICENSE" in names and "README.md" in names
    assert not [n for n in names if "node_modules" in n or "__pycache__" in n]
    assert built_package.sdist.name == f"vec2face_widget-{__version__}.tar.gz"


def test_build_without_node_fails_and_says_why(tmp_path: Path) -> None:
    source = clean_copy(tmp_path / "clone")
    with pytest.raises(AssertionError, match=r"needs Node\.js >= 18"):
        build(source, tmp_path / "dist", "wheel", env=env_without_node(tmp_path / "no-node"))


CHECK_INSTALLED = """\
import json, sys, warnings
import numpy as np
warnings.simplefilter("error")  # a MissingBundleWarning fails the check
import vec2face_widget
from vec2face_widget import FaceModel, FaceScatter
from vec2face_widget.widget import bundle

model = FaceModel.pretrained()
faces = model.decode(np.zeros((2, 8), np.float32))
x = np.random.default_rng(0).normal(size=(50, 12))
w = FaceScatter(x, max_faces=4)
print(json.dumps({
    "module": vec2face_widget.__file__,
    "version": vec2face_widget.__version__,
    "bundle": str(bundle.BUNDLE),
    "esm_is_bundle": w._esm.endswith(bundle.BUNDLE.read_text()),
    "esm_size": len(w._esm),
    "stub": "bundle is missing" in w._esm,
    "faces": [list(np.shape(faces)), bool(np.isfinite(faces).all())],
}))
"""


def test_installed_wheel_works_outside_the_checkout(built_package: Built, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["JAX_PLATFORMS"] = "cpu"
    out = subprocess.run(
        [built_package.python, "-c", CHECK_INSTALLED],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-4000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    venv = str(built_package.venv.resolve())
    assert got["module"].startswith(venv) and got["bundle"].startswith(venv), got
    assert not got["module"].startswith(str(REPO))
    assert got["version"] == __version__
    assert got["esm_is_bundle"] and not got["stub"] and got["esm_size"] > 100_000, got
    assert got["faces"] == [[2, 194, 2], True]
