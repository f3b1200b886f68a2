"""The listener pool counts work in flight, however each task ends."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from bot.listeners import ListenerPool, Priority, WorkQueue


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


# -- the work queue behind the acks ------------------------------------------------------------
def _sample(name: str, labels: dict[str, str] | None = None) -> float:
    from bot.metrics import REGISTRY

    return REGISTRY.get_sample_value(name, labels or {}) or 0.0


def _blocked_queue(workers: int, capacity: int) -> tuple[WorkQueue, threading.Event]:
    """A queue whose workers are all busy until the returned event is set."""
    queue = WorkQueue(workers=workers, capacity=capacity)
    release = threading.Event()
    for _ in range(workers):
        ticket = queue.reserve("test")
        assert ticket is not None
        queue.defer(ticket, Priority.NORMAL, lambda: release.wait(5))
    assert _wait_until(lambda: queue.running == workers)
    return queue, release


def _wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def test_work_that_may_open_a_modal_runs_before_dms_and_home_refreshes() -> None:
    queue, release = _blocked_queue(workers=1, capacity=10)
    order: list[str] = []
    for name, priority in (("dm", Priority.NORMAL), ("modal-1", Priority.TRIGGER), ("home", Priority.NORMAL)):
        ticket = queue.reserve("test")
        assert ticket is not None
        queue.defer(ticket, priority, lambda name=name: order.append(name))  # type: ignore[misc]
    ticket = queue.reserve("test")
    assert ticket is not None
    queue.defer(ticket, Priority.TRIGGER, lambda: order.append("modal-2"))
    assert _wait_until(lambda: queue.depth == 4)
    release.set()
    queue.settle(5)
    assert order == ["modal-1", "modal-2", "dm", "home"]
    queue.shutdown()


def test_a_full_queue_sheds_and_counts_it_and_the_gauges_move() -> None:
    queue, release = _blocked_queue(workers=2, capacity=3)
    shed_before = _sample("mentorbot_work_shed_total", {"kind": "burst"})
    waits_before = _sample("mentorbot_work_wait_seconds_count", {"priority": "normal"})
    tickets = [queue.reserve("burst") for _ in range(3)]
    assert all(t is not None for t in tickets)
    assert queue.reserve("burst") is None  # the fourth place does not exist
    assert _sample("mentorbot_work_shed_total", {"kind": "burst"}) == shed_before + 1
    for ticket in tickets:
        assert ticket is not None
        queue.defer(ticket, Priority.NORMAL, lambda: None)
    assert _wait_until(lambda: queue.depth == 3)
    assert _sample("mentorbot_work_queue_depth") == 3
    release.set()
    queue.settle(5)
    assert _sample("mentorbot_work_queue_depth") == 0
    assert _sample("mentorbot_work_wait_seconds_count", {"priority": "normal"}) >= waits_before + 3
    assert queue.reserve("burst") is not None  # places are given back once work is done
    queue.shutdown()


def test_settle_waits_for_queued_work_and_for_work_after_a_half_way_ack() -> None:
    queue, release = _blocked_queue(workers=1, capacity=4)
    done: list[str] = []
    ticket = queue.reserve("test")
    assert ticket is not None
    queue.defer(ticket, Priority.NORMAL, lambda: done.append("queued"))

    def handler(acked: Callable[[], None]) -> None:
        done.append("before ack")
        acked()  # the request returns here; the rest waits for a worker
        done.append("after ack")

    ticket = queue.reserve("test")
    assert ticket is not None
    assert queue.start(ticket, Priority.TRIGGER, handler, wait=5) is True
    assert done == ["before ack"]  # acked although the only worker is busy
    assert queue.wait_idle(timeout=0.05) is False
    with pytest.raises(TimeoutError):
        queue.settle(timeout=0.05)
    release.set()
    queue.settle(5)
    assert done == ["before ack", "after ack", "queued"]  # the trigger's work first
    queue.shutdown()


def test_an_error_before_the_ack_is_raised_on_the_request_thread_and_gives_the_place_back() -> None:
    queue = WorkQueue(workers=1, capacity=1)

    def handler(_acked: Callable[[], None]) -> None:
        raise ValueError("bad form")

    ticket = queue.reserve("test")
    assert ticket is not None
    with pytest.raises(ValueError, match="bad form"):
        queue.start(ticket, Priority.NORMAL, handler, wait=5)
    queue.settle(5)
    assert queue.reserve("test") is not None
    queue.shutdown()
