"""A notebook's HTML export opened with no kernel and no internet.

``jupyter nbconvert --to html`` writes a page that loads three scripts from CDNs: require.js,
the Jupyter widgets HTML manager (``embed-amd.js``) and each widget's module (``anywidget``).
Here a page gets them from local copies instead, and every other request that leaves
127.0.0.1 is refused, so a test sees what a reader offline would see. The HTML manager and
require.js come from the npm registry (``npm pack``, pinned versions) into a git-ignored
cache; anywidget's AMD module is the one its Python package ships.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import Page, Route

from .lab_server import REPO_ROOT

CACHE = REPO_ROOT / ".cache" / "widgets-html"
PACKAGES = {
    "embed-amd.js": ("@jupyter-widgets/html-manager@1.0.15", "package/dist/embed-amd.js"),
    "require.js": ("requirejs@2.3.7", "package/require.js"),
}


def vendored() -> Path:
    """The folder holding ``embed-amd.js``, ``require.js`` and ``anywidget.js`` (made once)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    for name, (spec, member) in PACKAGES.items():
        if not (CACHE / name).exists():
            _unpack(spec, member, CACHE / name)
    import anywidget

    amd = Path(anywidget.__file__).parent / "nbextension" / "index.js"
    shutil.copyfile(amd, CACHE / "anywidget.js")
    return CACHE


def _unpack(spec: str, member: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            ["npm", "pack", spec, "--silent"], cwd=tmp, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise RuntimeError(f"npm pack {spec} failed (needs the npm registry):\n{done.stderr}")
        tgz = Path(tmp) / done.stdout.strip().splitlines()[-1]
        with tarfile.open(tgz) as archive:
            source = archive.extractfile(member)
            if source is None:
                raise RuntimeError(f"{spec} has no {member}")
            target.write_bytes(source.read())


def nbconvert_html(notebook: Path, out_dir: Path) -> Path:
    """Run ``jupyter nbconvert --to html`` on ``notebook``; return the HTML file."""
    done = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", str(notebook)]
        + ["--output-dir", str(out_dir)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise AssertionError(f"nbconvert failed:\n{done.stderr}")
    return out_dir / (notebook.stem + ".html")


class StaticSite:
    """A plain static file server for ``root`` on 127.0.0.1 (a thread; no kernel, no Jupyter)."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StaticSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def go_offline(page: Page, vendor: Path, refused: list[str]) -> None:
    """Serve the CDN scripts from ``vendor``; refuse (and list) every other outside request."""

    def handle(route: Route) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "file:", "data:", "blob:")):
            route.continue_()
        elif "require" in url and url.endswith(".js"):
            route.fulfill(path=vendor / "require.js", content_type="text/javascript")
        elif "html-manager" in url and url.endswith("embed-amd.js"):
            route.fulfill(path=vendor / "embed-amd.js", content_type="text/javascript")
        elif "/anywidget@" in url:
            route.fulfill(path=vendor / "anywidget.js", content_type="text/javascript")
        else:
            refused.append(url)
            route.abort()

    page.route("**/*", handle)
