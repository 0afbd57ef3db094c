"""Headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright.

Playwright never downloads a browser here: we launch the system Chromium by path. WebGL
runs on SwiftShader, so the scatter really draws in a headless session without a GPU.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

CHROMIUM = os.environ.get("V2F_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--no-first-run",
    "--enable-unsafe-swiftshader",  # WebGL on the CPU
    "--use-angle=swiftshader",
    "--ignore-gpu-blocklist",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1400, "height": 1000}


class BrowserStartError(RuntimeError):
    """Chromium could not be started."""


@dataclass
class PageLog:
    """Console messages and uncaught page errors, kept for failure reports."""

    lines: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        """Start recording ``page``'s console and errors."""
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.lines.append(f"[pageerror] {exc}"))
        page.on("crash", lambda _p: self.lines.append("[crash] the page crashed"))

    def _on_console(self, msg: ConsoleMessage) -> None:
        self.lines.append(f"[{msg.type}] {msg.text}")

    def text(self) -> str:
        """The log as one string."""
        return "\n".join(self.lines)


class Chromium:
    """One Chromium process; pages come from :meth:`new_page`."""

    def __init__(self, executable: str = CHROMIUM, headless: bool = True) -> None:
        self.executable = executable
        self.headless = headless
        self._pw_cm: Any = None
        self.playwright: Playwright | None = None
        self.browser: Browser | None = None

    def start(self) -> Chromium:
        """Launch the browser; raise BrowserStartError with the reason if it fails."""
        path = shutil.which(self.executable) or self.executable
        if not os.access(path, os.X_OK):
            raise BrowserStartError(
                f"Chromium not found at {self.executable}; run 'make browser' "
                "(scripts/install-chromium.sh) or set V2F_CHROMIUM."
            )
        self._pw_cm = sync_playwright()
        self.playwright = self._pw_cm.__enter__()
        try:
            self.browser = self.playwright.chromium.launch(
                executable_path=path,
                headless=self.headless,
                args=CHROMIUM_ARGS,
                timeout=60_000,
            )
        except Exception as exc:
            self.stop()
            raise BrowserStartError(f"Chromium at {path} did not start: {exc}") from exc
        return self

    def new_page(self) -> tuple[Page, PageLog]:
        """A fresh page in its own context, with its console recorded."""
        assert self.browser is not None, "start() first"
        context = self.browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        page = context.new_page()
        log = PageLog()
        log.attach(page)
        return page, log

    def stop(self) -> None:
        """Close the browser and Playwright."""
        if self.browser is not None:
            try:
                self.browser.close()
            except Exception:  # noqa: BLE001 - already gone is fine at teardown
                pass
            self.browser = None
        if self._pw_cm is not None:
            self._pw_cm.__exit__(None, None, None)
            self._pw_cm = None
            self.playwright = None

    def __enter__(self) -> Chromium:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
