"""A throwaway JupyterLab 4 server for the browser tests.

It runs the current interpreter's JupyterLab on 127.0.0.1 with a free port, no token and no
password, inside a temporary directory that also holds its own config, data, runtime and
settings directories, so nothing from the user's Jupyter set-up leaks in. The only kernel it
offers is ``python3`` = this interpreter (``sys.executable``).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]

# Settings written into the private settings dir: no news toast, cells always attached to
# the DOM (no virtual scrolling), so what a test looks for is there.
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/themes": {"theme": "JupyterLab Light"},
}


class LabStartError(RuntimeError):
    """JupyterLab did not come up; the message carries the tail of its log."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class JupyterServer:
    """A JupyterLab server process; use as a context manager or call start()/stop().

    Its ``python3`` kernel runs this interpreter with the checkout on ``PYTHONPATH``, or,
    with ``kernel_python``, that interpreter as it is (e.g. a venv with an installed wheel).
    """

    def __init__(
        self, root: Path, startup_timeout: float = 90.0, kernel_python: Path | None = None
    ) -> None:
        self.root = Path(root)
        self.kernel_python = kernel_python
        self.notebooks = self.root / "notebooks"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.startup_timeout = startup_timeout
        self.log_path = self.root / "jupyter-server.log"
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_file: Any = None

    # -- set-up -------------------------------------------------------------------------
    def _env(self) -> dict[str, str]:
        jp = self.root / "jupyter"
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(jp / "config"),
            JUPYTER_DATA_DIR=str(jp / "data"),
            JUPYTER_RUNTIME_DIR=str(jp / "runtime"),
            JUPYTERLAB_SETTINGS_DIR=str(jp / "lab-settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(jp / "lab-workspaces"),
            IPYTHONDIR=str(jp / "ipython"),
            JUPYTER_PLATFORM_DIRS="1",
            # Our private dirs first, so the python3 kernel below wins over the env's own.
            JUPYTER_PREFER_ENV_PATH="0",
            PYTHONUNBUFFERED="1",
        )
        # Kernels compile with JAX on CPU; keep them off any accelerator and quiet.
        env.setdefault("JAX_PLATFORMS", "cpu")
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        return env

    def _write_config(self, env: dict[str, str]) -> None:
        kernel_dir = Path(env["JUPYTER_DATA_DIR"]) / "kernels" / "python3"
        kernel_dir.mkdir(parents=True, exist_ok=True)
        spec: dict[str, Any] = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (vec2face tests)",
            "language": "python",
            # The kernel imports the package from this checkout even without an install.
            "env": {
                "PYTHONPATH": os.pathsep.join(
                    p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p
                )
            },
        }
        if self.kernel_python is not None:
            spec["argv"][0] = str(self.kernel_python)
            spec["display_name"] = "Python 3 (installed vec2face_widget)"
            del spec["env"]
        (kernel_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
        settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
        for name, value in LAB_SETTINGS.items():
            path = settings / f"{name}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        for key in (
            "JUPYTER_CONFIG_DIR",
            "JUPYTER_RUNTIME_DIR",
            "JUPYTERLAB_WORKSPACES_DIR",
            "IPYTHONDIR",
        ):
            Path(env[key]).mkdir(parents=True, exist_ok=True)
        self.notebooks.mkdir(parents=True, exist_ok=True)

    def command(self) -> list[str]:
        """The command line that starts the server."""
        return [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True",
            f"--ServerApp.root_dir={self.notebooks}",
            "--ServerApp.open_browser=False",
            "--ServerApp.allow_root=True",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.extension_manager=readonly",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--KernelSpecManager.ensure_native_kernel=False",
            "--MappingKernelManager.cull_idle_timeout=0",
        ]

    # -- life cycle -----------------------------------------------------------------------
    def start(self) -> JupyterServer:
        """Start the server and wait until ``/api`` answers; raise LabStartError if not."""
        env = self._env()
        self._write_config(env)
        self._log_file = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        try:
            self._proc = subprocess.Popen(
                self.command(),
                cwd=self.notebooks,
                env=env,
                stdout=self._log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as exc:
            raise LabStartError(f"could not run {sys.executable} -m jupyterlab: {exc}") from exc
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise LabStartError(
                    f"JupyterLab exited with code {self._proc.returncode} before answering.\n"
                    + self.log_tail()
                )
            try:
                info = self.api_get("/api")
                if "version" in info:
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
                pass
            time.sleep(0.25)
        self.stop()
        raise LabStartError(
            f"JupyterLab did not answer on {self.url}/api within {self.startup_timeout:.0f} s.\n"
            + self.log_tail()
        )

    def stop(self) -> None:
        """Shut down kernels and the server; kill its process group if it lingers."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=10)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def __enter__(self) -> JupyterServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- REST helpers ---------------------------------------------------------------------
    def api(self, method: str, path: str, body: Any = None, timeout: float = 10.0) -> Any:
        """Call the server's REST API and return the decoded JSON answer (or None)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def api_get(self, path: str) -> Any:
        """GET a REST endpoint."""
        return self.api("GET", path, timeout=2.0)

    def create_notebook(self, name: str, cells: list[str] | None = None) -> str:
        """Write ``name`` (.ipynb) with a python3 kernelspec and optional code cells."""
        nb = {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                "language_info": {"name": "python"},
            },
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "source": src,
                    "outputs": [],
                    "execution_count": None,
                    "id": f"c{i}",
                }
                for i, src in enumerate(cells or [""])
            ],
        }
        self.api(
            "PUT", f"/api/contents/{name}", {"type": "notebook", "format": "json", "content": nb}
        )
        return name

    def shutdown_kernels(self) -> None:
        """Shut down every running kernel (frees memory between tests)."""
        for kernel in self.api("GET", "/api/kernels") or []:
            try:
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
            except urllib.error.URLError:
                pass

    def log_tail(self, n: int = 40) -> str:
        """The last ``n`` lines of the server's log."""
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return "(no server log)"
        return "--- jupyter server log (tail) ---\n" + "\n".join(lines[-n:])
