"""What a browser test holds: the shared server and browser, and the notebooks it opened."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from playwright.sync_api import Page

from .lab_browser import Chromium, PageLog
from .lab_notebook import LabNotebook
from .lab_server import JupyterServer

_counter = itertools.count(1)


class Lab:
    """Opens notebooks (each in its own page) and cleans up after them."""

    def __init__(self, server: JupyterServer, chromium: Chromium, tag: str = "test") -> None:
        self.server = server
        self.chromium = chromium
        self.tag = re.sub(r"[^A-Za-z0-9_]+", "_", tag)[-60:]
        self.notebooks: list[LabNotebook] = []

    def new_notebook(self, ui: str = "lab", cells: list[str] | None = None) -> LabNotebook:
        """Create an empty notebook on the server and open it in a new page."""
        name = f"{self.tag}_{next(_counter)}.ipynb"
        self.server.create_notebook(name, cells)
        page, log = self.chromium.new_page()
        nb = LabNotebook(page, log, self.server, name, ui=ui)
        self.notebooks.append(nb)
        return nb.open()

    def pages(self) -> list[tuple[str, Page, PageLog]]:
        """(notebook name, page, console log) of every open notebook."""
        return [(nb.name, nb.page, nb.log) for nb in self.notebooks if not nb.page.is_closed()]

    def save_artifacts(self, directory: Path, prefix: str) -> list[Path]:
        """Screenshot every open page and write its console log; return the files."""
        directory.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for name, page, log in self.pages():
            stem = directory / f"{prefix}-{Path(name).stem}"
            try:
                page.screenshot(path=f"{stem}.png", full_page=True, timeout=10_000)
                written.append(Path(f"{stem}.png"))
            except Exception as exc:  # noqa: BLE001 - report what we can
                log.lines.append(f"[harness] screenshot failed: {exc}")
            Path(f"{stem}.console.log").write_text(log.text() + "\n")
            written.append(Path(f"{stem}.console.log"))
        return written

    def close(self) -> None:
        """Close the pages and shut down the kernels of this test's notebooks."""
        names = {nb.name for nb in self.notebooks}
        for nb in self.notebooks:
            try:
                nb.page.context.close()
            except Exception:  # noqa: BLE001 - already closed
                pass
        self.notebooks.clear()
        try:
            for s in self.server.api("GET", "/api/sessions") or []:
                if Path(s.get("path", "")).name in names:
                    self.server.api("DELETE", f"/api/sessions/{s['id']}")
        except Exception:  # noqa: BLE001 - the server may be gone at the end
            pass
