"""The listener pool counts work in flight, however each task ends."""

from __future__ import annotations

import threading

import pytest

from bot.listeners import ListenerPool


def test_wait_idle_returns_only_when_every_task_has_finished() -> None:
    pool = ListenerPool(max_workers=4)
    release = threading.Event()
    futures = [pool.submit(release.wait, 5) for _ in range(6)]  # more tasks than threads: some queue
    assert pool.in_flight == 6
    assert pool.wait_idle(timeout=0.05) is False
    with pytest.raises(TimeoutError, match="6 listener task"):
        pool.settle(timeout=0.05)
    release.set()
    assert pool.wait_idle(timeout=5) is True
    assert pool.in_flight == 0
    assert all(f.done() for f in futures)
    pool.shutdown()


def test_a_failing_task_is_still_counted_as_finished() -> None:
    pool = ListenerPool(max_workers=4)

    def boom() -> None:
        raise RuntimeError("listener failed")

    future = pool.submit(boom)
    assert pool.wait_idle(timeout=5) is True
    with pytest.raises(RuntimeError):
        future.result()
    pool.shutdown()


def test_drain_finishes_what_was_acknowledged_and_refuses_new_work() -> None:
    pool = ListenerPool(max_workers=4)
    done: list[int] = []
    gate = threading.Event()

    def work(i: int) -> None:
        gate.wait(5)
        done.append(i)

    for i in range(3):
        pool.submit(work, i)
    threading.Timer(0.1, gate.set).start()
    assert pool.drain(timeout=5) is True
    assert sorted(done) == [0, 1, 2]
    with pytest.raises(RuntimeError):
        pool.submit(print)


def test_drain_gives_up_on_queued_work_after_its_timeout() -> None:
    pool = ListenerPool(max_workers=4)
    gate = threading.Event()
    running = [pool.submit(gate.wait, 5) for _ in range(4)]
    queued = pool.submit(gate.wait, 5)
    assert pool.drain(timeout=0.05) is False
    assert queued.cancelled()
    gate.set()
    assert all(f.result(timeout=5) for f in running)
    assert pool.in_flight == 0
