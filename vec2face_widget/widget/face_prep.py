"""Preparing the faces in the background, and face requests that wait for them.

The points of a ``FaceScatter`` go out first; the face model, the mapper fit and the jit
warm-up follow in the background, started when the front end reports its first frame (or
when faces are first asked for). Face requests that come before the faces are ready wait
in order and are answered from the background thread once they are (never dropped); if
preparing fails, each of them is answered with the error.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from vec2face_widget.widget.protocol import FacesStatus

logger = logging.getLogger(__name__)

T = TypeVar("T")
Job = Callable[[T], None]
Fail = Callable[[BaseException], None]

_jobs: queue.SimpleQueue[Callable[[], object]] = queue.SimpleQueue()
_worker: threading.Thread | None = None
_worker_lock = threading.Lock()


def in_background(job: Callable[[], object]) -> None:
    """Run ``job`` in the one thread that prepares the faces of every widget, in turn.

    One long-lived thread, not one a widget: memory a thread keeps for itself (its malloc
    arena, JAX's thread-local caches) stayed behind each finished thread: 29 MiB a re-run
    of a 200k-point cell (``benchmarks/rerun_memory.py``); and widgets made together do
    not share the cores among as many builds. A daemon thread: it never holds up exit.
    """
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_serve, name="vec2face-faces", daemon=True)
            _worker.start()
    _jobs.put(job)


def _serve() -> None:
    while True:
        job = _jobs.get()
        try:
            job()
        except Exception:  # noqa: BLE001 - one bad job must not stop the thread
            logger.exception("vec2face_widget: a background job failed")
        del job  # holds its widget until the next job comes otherwise


class FacePrep(Generic[T]):
    """Builds one value (the face parts) in the background; runs jobs on it once built.

    Args:
        build: makes the value (runs in the background thread, once).
        on_status: told each new status (from whichever thread changes it).
    """

    def __init__(
        self, build: Callable[[], T], on_status: Callable[[FacesStatus], None] | None = None
    ) -> None:
        self._build: Callable[[], T] | None = build
        self._on_status = on_status
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._status: FacesStatus = "waiting"
        self._value: T | None = None
        self._error: BaseException | None = None
        self._pending: list[tuple[Job[T], Fail]] = []
        self._claimed = False  # a thread has taken the build (it runs once)

    @property
    def status(self) -> FacesStatus:
        """``waiting`` (not started), ``preparing``, ``ready`` or ``error``."""
        return self._status

    def start(self) -> None:
        """Start building in the background (once; later calls do nothing)."""
        with self._lock:
            if self._status != "waiting" or self._build is None:
                return
            self._status = "preparing"
        self._tell("preparing")
        in_background(self._work)

    def run(self, job: Job[T], fail: Fail) -> None:
        """Run ``job(value)`` now if ready, else once ready (``fail(error)`` if it fails).

        Starts building if it has not started yet.
        """
        with self._lock:
            value, error = self._value, self._error
            waiting = value is None and error is None
            if waiting:
                self._pending.append((job, fail))
        if waiting:
            self.start()
        elif error is not None:
            fail(error)
        elif value is not None:
            job(value)

    def wait(self, timeout: float | None = None) -> T:
        """The value, building it first if needed (blocks; raises what building raised).

        Called from the background thread itself (a job, or an observer of a widget's
        status, asking for another widget's faces), it builds them there and then: waiting
        for a build queued behind the caller would wait for ever.
        """
        self.start()
        if threading.current_thread() is _worker and not self._done.is_set():
            if not self._work():
                raise RuntimeError("a face preparation waited for itself")
        if not self._done.wait(timeout):
            raise TimeoutError(f"the faces were not ready after {timeout} s")
        if self._error is not None:
            raise RuntimeError(f"preparing the faces failed: {self._error}") from self._error
        if self._value is None:
            raise RuntimeError("this widget was closed")
        return self._value

    def close(self) -> None:
        """Drop the value, the builder and the waiting jobs (a running build finishes idle)."""
        with self._lock:
            self._build = None
            self._value = None
            self._pending.clear()
        self._done.set()

    def _work(self) -> bool:
        """Build, unless a thread already took the build; False then."""
        with self._lock:
            if self._claimed:
                return False
            self._claimed = True
            build = self._build
        if build is None:  # closed while waiting its turn
            self._finish(None, RuntimeError("this widget was closed"))
            return True
        try:
            value = build()
        except Exception as exc:  # noqa: BLE001 - every waiting request is told
            logger.exception("FaceScatter could not prepare the faces")
            self._finish(None, exc)
            return True
        self._finish(value, None)
        return True

    def _finish(self, value: T | None, error: BaseException | None) -> None:
        with self._lock:
            closed = self._build is None
            self._value = None if closed else value
            self._error = error
            self._status = "error" if error is not None else "ready"
            pending, self._pending = self._pending, []
            self._build = None
        self._tell(self._status)
        for job, fail in pending:
            try:
                if error is not None:
                    fail(error)
                elif value is not None and not closed:
                    job(value)
            except Exception:  # noqa: BLE001 - one bad job must not stop the others
                logger.exception("FaceScatter: a waiting face request failed")
        self._done.set()  # after the waiting requests: wait() returns once they are answered

    def _tell(self, status: FacesStatus) -> None:
        if self._on_status is None:
            return
        try:
            self._on_status(status)
        except Exception:  # noqa: BLE001 - a closed widget cannot take trait changes
            logger.debug("FaceScatter: could not report status %s", status, exc_info=True)
