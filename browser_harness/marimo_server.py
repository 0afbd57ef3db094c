"""A marimo app served on 127.0.0.1 (``marimo run``, headless, no token) for browser tests.

The app is a Python file written by the test; ``marimo run`` executes its cells when a page
opens it, in a kernel of this interpreter. Its log goes to ``marimo.log`` beside the app.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .lab_server import free_port


class MarimoStartError(RuntimeError):
    """marimo could not start or did not answer."""


class MarimoApp:
    """``marimo run APP`` in its own process group; ``url`` once started."""

    def __init__(self, app: Path, startup_timeout: float = 90.0) -> None:
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = app.with_name("marimo.log")
        self.startup_timeout = startup_timeout
        self._proc: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        """The command line that serves the app."""
        return [
            sys.executable,
            "-m",
            "marimo",
            "run",
            str(self.app),
            "--headless",
            "--host=127.0.0.1",
            f"--port={self.port}",
            "--no-token",
        ]

    def start(self) -> MarimoApp:
        """Start marimo and wait until it answers; raise MarimoStartError if it does not."""
        env = {**os.environ, "MARIMO_SKIP_UPDATE_CHECK": "1"}
        with open(self.log_path, "wb") as log:
            self._proc = subprocess.Popen(
                self.command(),
                cwd=self.app.parent,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise MarimoStartError(f"marimo exited early:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.25)
        self.stop()
        raise MarimoStartError(f"marimo did not answer on {self.url}:\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop marimo and its kernel (its whole process group)."""
        if self._proc is None or self._proc.poll() is not None:
            return
        try:
            os.killpg(self._proc.pid, signal.SIGTERM)
            self._proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self._proc.pid, signal.SIGKILL)

    def log_tail(self, n: int = 60) -> str:
        """The last ``n`` lines of marimo's log."""
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])

    def __enter__(self) -> MarimoApp:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
