"""Drive a notebook the way a person does: type into a cell, run it, read its output.

``LabNotebook`` opens a notebook in JupyterLab (``/lab/tree/NAME``) or Notebook 7
(``/notebooks/NAME``), waits for its kernel, and offers ``run_cell`` and ``eval_py``.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from playwright.sync_api import Locator, Page, WebSocket

from .lab_browser import PageLog
from .lab_server import JupyterServer

PROMPT_DONE = re.compile(r"^\[\d+\]:$")
# How IPython shows an exception raised by a cell: "NameError    Traceback (most recent
# call last)" then "Cell In[3], line 1"; a SyntaxError shows only the "Cell In[..]" line.
# A traceback merely logged to stderr (logging's exc_info) matches neither.
TRACEBACK = re.compile(
    r"^\S+\s{2,}Traceback \(most recent call last\)$|^\s*Cell In\[\d+\], line \d+", re.M
)
MARK = "<<v2f-eval>>"


class CellError(AssertionError):
    """A cell raised in the kernel; the message holds its output."""


class LabNotebook:
    """One open notebook page."""

    def __init__(
        self, page: Page, log: PageLog, server: JupyterServer, name: str, ui: str = "lab"
    ) -> None:
        if ui not in ("lab", "notebook"):
            raise ValueError(f"ui must be 'lab' or 'notebook', not {ui!r}")
        self.page = page
        self.log = log
        self.server = server
        self.name = name
        self.ui = ui
        self.kernel_sockets: list[WebSocket] = []
        page.on("websocket", self._on_websocket)

    # -- opening --------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """Where the notebook opens."""
        if self.ui == "notebook":
            return f"{self.server.url}/notebooks/{self.name}"
        # ?reset: start from an empty workspace, not the tabs an earlier page left open.
        return f"{self.server.url}/lab/tree/{self.name}?reset"

    def _on_websocket(self, ws: WebSocket) -> None:
        if "/api/kernels/" in ws.url:
            self.kernel_sockets.append(ws)

    def open(self, timeout: float = 90.0) -> LabNotebook:
        """Load the page and wait until the notebook shows and its kernel is connected."""
        self.page.goto(self.url, wait_until="domcontentloaded", timeout=timeout * 1000)
        self.cells.first.locator(".cm-content").wait_for(timeout=timeout * 1000)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(not ws.is_closed() for ws in self.kernel_sockets) and self._kernel_idle():
                return self
            self.page.wait_for_timeout(250)
        raise AssertionError(
            f"the kernel of {self.name} did not connect within {timeout:.0f} s\n"
            + self.server.log_tail()
        )

    def _kernel_idle(self) -> bool:
        sessions = self.server.api("GET", "/api/sessions") or []
        for s in sessions:
            if s.get("path", "").endswith(self.name) and s.get("kernel"):
                return s["kernel"].get("execution_state") == "idle"
        return False

    # -- cells ------------------------------------------------------------------------------
    @property
    def cells(self) -> Locator:
        """All cells of the notebook, in order."""
        return self.page.locator(".jp-Notebook:visible .jp-Cell")

    def cell(self, index: int) -> Locator:
        """Cell ``index`` (negative counts from the end)."""
        n = self.cells.count()
        return self.cells.nth(index % n)

    def type_cell(self, code: str) -> Locator:
        """Type ``code`` into the last cell (replacing what it holds); return the cell."""
        # A fixed index: with no cell rendered yet (a notebook view still loading), nth(-1)
        # would follow "the last cell" to the new empty one that Shift+Enter makes.
        self.cells.first.wait_for(timeout=60_000)
        cell = self.cells.nth(max(self.cells.count() - 1, 0))
        cell.locator(".cm-content").click()
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.insert_text(code)
        return cell

    def run_cell(self, code: str, timeout: float = 120.0, check: bool = True) -> Locator:
        """Type ``code`` into the last cell, run it (Shift+Enter) and wait until it is done.

        Returns the cell. With ``check``, a traceback in its output raises CellError.
        """
        cell = self.type_cell(code)
        self.page.keyboard.press("Shift+Enter")
        return self.wait_done(cell, code, timeout=timeout, check=check)

    def rerun_cell(self, index: int, timeout: float = 120.0, check: bool = True) -> Locator:
        """Run cell ``index`` again as it is (Ctrl+Enter) and wait until it is done."""
        cell = self.cell(index)
        before = (cell.locator(".jp-InputPrompt").text_content() or "").strip()
        cell.locator(".cm-content").click()
        self.page.keyboard.press("Control+Enter")
        return self.wait_done(cell, timeout=timeout, check=check, previous=before)

    def restart_kernel(self, timeout: float = 60.0) -> None:
        """Restart the kernel from the Kernel menu, as a person does, and wait until idle."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
        self.page.locator(".lm-Menu-itemLabel", has_text="Restart Kernel…").first.click()
        self.page.locator(".jp-Dialog .jp-mod-accept").click()
        self.page.locator(".jp-Dialog").wait_for(state="detached", timeout=timeout * 1000)
        deadline = time.monotonic() + timeout
        self.page.wait_for_timeout(500)
        while not self._kernel_idle():
            if time.monotonic() > deadline:
                raise AssertionError(f"the kernel did not restart within {timeout:.0f} s")
            self.page.wait_for_timeout(250)

    def wait_done(
        self,
        cell: Locator,
        code: str = "",
        timeout: float = 120.0,
        check: bool = True,
        previous: str | None = None,
    ) -> Locator:
        """Wait until ``cell`` (just submitted) has run; see :meth:`run_cell`.

        ``previous``: the cell's prompt before it was submitted (a re-run), which does not
        count as done.
        """
        prompt = cell.locator(".jp-InputPrompt")
        deadline = time.monotonic() + timeout
        started = time.monotonic()
        while True:
            text = (prompt.text_content() or "").strip()
            if PROMPT_DONE.match(text) and text != previous:
                break
            if text == "[ ]:" and time.monotonic() - started > 10:
                # The run was dropped (kernel not attached yet): run the same cell again.
                cell.locator(".cm-content").click()
                self.page.keyboard.press("Control+Enter")
                started = time.monotonic()
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"cell did not finish within {timeout:.0f} s (prompt {text!r}):\n{code}"
                )
            self.page.wait_for_timeout(50)
        if check:
            out = self.output_text(cell)
            if TRACEBACK.search(out):
                raise CellError(f"cell raised:\n{code}\n--- output ---\n{out}")
        return cell

    def output_text(self, cell: Locator) -> str:
        """The visible text of a cell's outputs."""
        return "\n".join(cell.locator(".jp-OutputArea-output").all_text_contents())

    def eval_py(self, expr: str, timeout: float = 60.0) -> Any:
        """Evaluate ``expr`` in the kernel and return its value (it must be JSON-able)."""
        code = f"import json as _v2f_json\nprint({MARK!r} + _v2f_json.dumps({expr}))"
        cell = self.run_cell(code, timeout=timeout)
        for line in self.output_text(cell).splitlines():
            if line.startswith(MARK):
                return json.loads(line[len(MARK) :])
        raise AssertionError(f"no value printed for {expr!r}: {self.output_text(cell)!r}")
