"""FacePrep: builds in the one background thread, in turn; jobs that wait; close."""

from __future__ import annotations

import logging
import threading

import pytest

from vec2face_widget.widget.face_prep import FacePrep


def test_every_build_runs_in_the_same_long_lived_thread_one_after_the_other():
    running = threading.Semaphore(1)
    seen: list[int] = []

    def build() -> int:
        assert running.acquire(blocking=False), "two builds ran at once"
        seen.append(threading.get_ident())
        running.release()
        return len(seen)

    preps = [FacePrep(build) for _ in range(4)]
    for p in preps:
        p.start()
    assert sorted(p.wait(timeout=10) for p in preps) == [1, 2, 3, 4]
    assert len(set(seen)) == 1 and seen[0] != threading.get_ident()


def test_jobs_asked_before_ready_run_once_built_in_order():
    gate = threading.Event()
    prep = FacePrep(lambda: (gate.wait(10), "parts")[1])
    done: list[str] = []
    prep.run(lambda v: done.append(f"a {v}"), lambda e: done.append("failed"))
    prep.run(lambda v: done.append(f"b {v}"), lambda e: done.append("failed"))
    assert prep.status == "preparing" and done == []
    gate.set()
    prep.wait(timeout=10)
    assert done == ["a parts", "b parts"] and prep.status == "ready"


def test_a_failed_build_fails_its_jobs_and_the_thread_serves_the_next(caplog):
    def broken() -> str:
        raise ValueError("no model")

    failed: list[str] = []
    prep = FacePrep(broken)
    with caplog.at_level(logging.ERROR):
        prep.run(lambda v: None, lambda e: failed.append(str(e)))
        with pytest.raises(RuntimeError, match="no model"):
            prep.wait(timeout=10)
    assert failed == ["no model"] and prep.status == "error"
    assert FacePrep(lambda: 7).wait(timeout=10) == 7


def test_a_prep_closed_before_its_turn_ends_quietly(caplog):
    gate = threading.Event()
    first = FacePrep(lambda: (gate.wait(10), 1)[1])
    first.start()
    second = FacePrep(lambda: pytest.fail("a closed prep must not build"))
    second.start()
    second.close()
    gate.set()
    first.wait(timeout=10)
    with caplog.at_level(logging.ERROR), pytest.raises(RuntimeError, match="closed"):
        second.wait(timeout=10)
    assert "could not prepare" not in caplog.text


def test_waiting_from_the_background_thread_for_a_build_queued_behind_it_builds_it_there():
    # e.g. an observer of one widget's status, told from that thread, asks another
    # widget for its faces: that build is queued behind the observer's own thread.
    got: list[str] = []
    gate = threading.Event()
    second = FacePrep(lambda: "second's faces")

    def told(status: str) -> None:
        if status == "ready":
            got.append(second.wait(timeout=10))

    first = FacePrep(lambda: (gate.wait(10), "first's faces")[1], on_status=told)
    first.start()
    second.start()  # queued behind first
    gate.set()
    assert first.wait(timeout=10) == "first's faces"
    assert got == ["second's faces"] and second.wait(timeout=10) == "second's faces"


def test_a_build_that_waits_for_itself_fails_instead_of_hanging():
    prep: FacePrep[str] = FacePrep(lambda: prep.wait(timeout=10))
    with pytest.raises(RuntimeError, match="waited for itself"):
        prep.wait(timeout=10)
