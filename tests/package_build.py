"""Build the package as a user would and install it outside the checkout.

:func:`build_and_install` starts from what a fresh clone holds (the checkout's files that
git tracks or would track: no ``node_modules``, no built bundle) and

1. builds a wheel from it, as ``pip install .`` / ``pip install git+URL`` do: the build
   hook runs ``npm ci`` and the bundle build;
2. builds an sdist from it;
3. builds a wheel from that sdist with Node and npm off ``PATH`` (the sdist carries the
   bundle, so none is needed);
4. installs the first wheel with ``--no-deps`` into a fresh venv in a temporary folder.

The fresh venv gets no dependencies of its own: a ``.pth`` line puts this interpreter's
site-packages *after* its own, so JAX and friends are not downloaded again, while
``vec2face_widget`` can only come from the wheel (the checkout's editable install works
through a ``.pth`` file of its own, which a directory added this way does not run). What
is not tested here is the resolution of the dependencies by pip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUNDLE = "vec2face_widget/static/widget.js"
NODE_TOOLS = ("node", "nodejs", "npm", "npx", "corepack")


@dataclass(frozen=True)
class Built:
    """What :func:`build_and_install` made, all under one temporary folder."""

    wheel: Path
    sdist: Path
    wheel_from_sdist: Path
    python: Path
    """The fresh venv's interpreter."""
    venv: Path


def run(cmd: list[str | Path], *, env: dict[str, str] | None = None, cwd: Path | None = None):
    """Run ``cmd``; raise with its output when it fails."""
    out = subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, env=env, cwd=cwd, check=False
    )
    if out.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, cmd))} exited with {out.returncode}\n"
            f"--- stdout ---\n{out.stdout[-4000:]}\n--- stderr ---\n{out.stderr[-4000:]}"
        )
    return out


def clean_copy(dst: Path) -> Path:
    """Copy the files a clone of this checkout would have (tracked and not ignored) to dst."""
    listed = run(
        ["git", "-C", REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    )
    for name in filter(None, listed.stdout.split("\0")):
        src = REPO / name
        if src.is_file():  # deleted but not yet committed files are listed too
            target = dst / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(src.read_bytes())
            target.chmod(src.stat().st_mode)
    return dst


def env_without_node(tmp: Path) -> dict[str, str]:
    """This environment with a PATH on which no Node tool (node, npm...) can be found.

    Each PATH folder that holds one is replaced by a folder of links to its other entries.
    """
    folders = []
    for i, folder in enumerate(os.environ.get("PATH", "").split(os.pathsep)):
        path = Path(folder)
        if not any((path / tool).exists() for tool in NODE_TOOLS):
            folders.append(folder)
            continue
        shadow = tmp / f"path{i}"
        shadow.mkdir(parents=True, exist_ok=True)
        for entry in path.iterdir():
            if entry.name not in NODE_TOOLS and not (shadow / entry.name).exists():
                (shadow / entry.name).symlink_to(entry)
        folders.append(str(shadow))
    return {**os.environ, "PATH": os.pathsep.join(folders)}


def build(source: Path, outdir: Path, kind: str, env: dict[str, str] | None = None) -> Path:
    """``python -m build --<kind>`` (isolated, as pip does) of a folder or an sdist."""
    run([sys.executable, "-m", "build", f"--{kind}", "--outdir", outdir, source], env=env)
    pattern = "*.whl" if kind == "wheel" else "*.tar.gz"
    (artifact,) = outdir.glob(pattern)
    return artifact


def fresh_venv(where: Path, wheel: Path) -> Path:
    """A new venv with ``wheel`` installed and this interpreter's packages behind it."""
    run([sys.executable, "-m", "venv", "--without-pip", where])
    python = where / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", wheel])
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    site = Path(purelib.stdout.strip())
    (site / "zz_checkout_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    return python


def build_and_install(tmp: Path) -> Built:
    """Clean copy -> wheel, sdist, wheel from the sdist without Node -> fresh venv."""
    source = clean_copy(tmp / "clone")
    assert not (source / BUNDLE).exists() and not (source / "js" / "node_modules").exists()
    wheel = build(source, tmp / "dist", "wheel")
    sdist = build(source, tmp / "dist", "sdist")
    no_node = env_without_node(tmp / "no-node")
    wheel_from_sdist = build(sdist, tmp / "dist-from-sdist", "wheel", env=no_node)
    python = fresh_venv(tmp / "venv", wheel)
    return Built(wheel, sdist, wheel_from_sdist, python, tmp / "venv")
