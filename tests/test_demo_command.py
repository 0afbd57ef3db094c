"""`make demo` (scripts/demo.sh) serves demo.ipynb and prints the URL that opens it."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
URL = re.compile(r"http://127\.0\.0\.1:\d+/lab/tree/demo\.ipynb\?token=\w+")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_demo_prints_a_url_that_opens_the_notebook(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "PY": sys.executable,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
    }
    proc = subprocess.Popen(
        ["bash", "scripts/demo.sh"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        url = None
        deadline = time.monotonic() + 120
        assert proc.stdout is not None
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            found = URL.search(line)
            url = found.group(0) if found else None
        assert url, f"scripts/demo.sh printed no URL (exit code {proc.poll()})"
        assert f":{port}/" in url
        with urllib.request.urlopen(url, timeout=30) as page:
            assert page.status == 200
        contents = url.replace("/lab/tree/", "/api/contents/")
        with urllib.request.urlopen(contents, timeout=30) as answer:
            assert json.load(answer)["name"] == "demo.ipynb"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
