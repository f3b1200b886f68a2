"""The thread pool Bolt runs listeners on, counting the work in flight.

Bolt acknowledges a request first and runs the listener afterwards on this pool, so an HTTP reply
says nothing about whether the work behind it has finished. Counting what is in flight lets a
stopping server finish what it already acknowledged (a saved modal is not lost in a deploy), and
lets the emulator wait until a person's action has had all its effects before the next step.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from enum import IntEnum
from typing import Any, TypeVar

from bot.logs import frames_only
from bot.metrics import WORK_QUEUE_DEPTH, WORK_SHED, WORK_WAIT_SECONDS

T = TypeVar("T")
logger = logging.getLogger(__name__)


class ListenerPool(ThreadPoolExecutor):
    """A ThreadPoolExecutor that knows how many submitted tasks have not finished yet."""

    def __init__(self, max_workers: int, thread_name_prefix: str = "listener") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self._changed = threading.Condition()
        self._in_flight = 0

    @property
    def in_flight(self) -> int:
        """Tasks submitted and not yet finished (queued or running)."""
        with self._changed:
            return self._in_flight

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Submit a task, counting it until it finishes (however it finishes)."""
        with self._changed:
            self._in_flight += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._finished(None)
            raise
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _future: Future[Any] | None) -> None:
        with self._changed:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._changed.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until nothing is in flight; return False if `timeout` seconds passed first."""
        with self._changed:
            return self._changed.wait_for(lambda: self._in_flight == 0, timeout)

    def settle(self, timeout: float = 30.0) -> None:
        """Wait until nothing is in flight; raise TimeoutError if work is still running after `timeout` s."""
        if not self.wait_idle(timeout):
            raise TimeoutError(f"{self.in_flight} listener task(s) still running after {timeout} s")

    def drain(self, timeout: float) -> bool:
        """Stop taking work, finish what was acknowledged (up to `timeout` s); True if all finished."""
        finished = self.wait_idle(timeout)
        self.shutdown(wait=finished, cancel_futures=not finished)
        return finished


class Priority(IntEnum):
    """The order in which acknowledged work runs: lower first, then oldest first."""

    TRIGGER = 0  # the request carries a trigger_id, valid 3 s: its work may open a modal
    NORMAL = 1  # saved forms, DMs, Home refreshes, events


class Ticket:
    """One request's place in the work queue, from before its ack until its work has finished."""

    __slots__ = ("granted", "kind", "queued_at", "state")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.state = "reserved"  # reserved -> waiting -> running -> done
        self.granted = threading.Event()
        self.queued_at = 0.0


# Threads beyond workers + capacity, for Bolt's own use of its listener executor (lazy listeners).
HEADROOM_THREADS = 8


class WorkQueue(ListenerPool):
    """A bounded, prioritized queue for the work done after an ack.

    At most `workers` pieces of acknowledged work run at once; up to `capacity` more hold a place
    (acking, or waiting for a worker), the ones for requests carrying a fresh trigger_id first.
    A request that finds the queue full is shed: `reserve` returns None and the caller tells the
    person the bot is busy. Each piece of work runs on a thread of this pool that waits for its
    turn (so a handler that acks half-way keeps its stack); the pool has enough threads for every
    place, so nothing ever waits in the executor's own, unordered queue. `settle` (inherited)
    waits for all of it.
    """

    def __init__(self, workers: int, capacity: int | None = None, thread_name_prefix: str = "work") -> None:
        capacity = capacity if capacity is not None else max(256, 8 * workers)
        super().__init__(workers + capacity + HEADROOM_THREADS, thread_name_prefix)
        self.workers = workers
        self.capacity = capacity
        self._lock = threading.Lock()
        self._held = 0  # tickets reserved or waiting
        self._running = 0
        self._waiting: list[tuple[int, int, Ticket]] = []
        self._seq = itertools.count()

    @property
    def depth(self) -> int:
        """Work acknowledged and waiting for a worker."""
        with self._lock:
            return len(self._waiting)

    @property
    def running(self) -> int:
        """Acknowledged work running on a worker now."""
        with self._lock:
            return self._running

    def reserve(self, kind: str) -> Ticket | None:
        """Take a place for a request's work, or None (counted as shed) when the queue is full."""
        with self._lock:
            if self._held >= self.capacity:
                WORK_SHED.labels(kind).inc()
                return None
            self._held += 1
        return Ticket(kind)

    def defer(self, ticket: Ticket, priority: Priority, work: Callable[[], object]) -> None:
        """Run `work` once its turn comes (the ack has been sent already)."""

        def task() -> None:
            self.enter(ticket, priority)
            try:
                work()
            except Exception as exc:  # noqa: BLE001 - logged with frames only; the worker goes on
                logger.error("acknowledged work failed kind=%s\n%s", ticket.kind, frames_only(exc))
            finally:
                self.leave(ticket)

        self._submit_or_release(ticket, task)

    def start(
        self, ticket: Ticket, priority: Priority, work: Callable[[Callable[[], None]], object], wait: float
    ) -> bool:
        """Run `work(acked)` on a pool thread at once; return when it calls `acked()` (True), ends, or
        `wait` seconds pass. After `acked()` the work waits for its turn before going on. An exception
        raised before `acked()` is raised here, on the caller's thread, as if the work ran there."""
        acked = threading.Event()
        errors: list[Exception] = []

        def after_ack() -> None:
            if not acked.is_set():
                acked.set()
                self.enter(ticket, priority)

        def task() -> None:
            try:
                work(after_ack)
            except Exception as exc:  # noqa: BLE001 - logged with frames only; the worker goes on
                if acked.is_set():
                    logger.error("acknowledged work failed kind=%s\n%s", ticket.kind, frames_only(exc))
                else:
                    errors.append(exc)
            finally:
                acked.set()
                self.leave(ticket)

        self._submit_or_release(ticket, task)
        done = acked.wait(wait)
        if errors:
            raise errors[0]
        return done

    def _submit_or_release(self, ticket: Ticket, task: Callable[[], None]) -> None:
        try:
            self.submit(task)
        except RuntimeError:  # shutting down: the place is given back
            self.leave(ticket)
            raise

    def enter(self, ticket: Ticket, priority: Priority) -> None:
        """Wait (on the work's own thread) until a worker is free and no earlier work is waiting."""
        with self._lock:
            if ticket.state != "reserved":
                return
            if self._running < self.workers and not self._waiting:  # a worker is free: go
                self._held -= 1
                self._running += 1
                ticket.state = "running"
                WORK_WAIT_SECONDS.labels(priority.name.lower()).observe(0.0)
                return
            ticket.state = "waiting"
            ticket.queued_at = time.perf_counter()
            heapq.heappush(self._waiting, (int(priority), next(self._seq), ticket))
            WORK_QUEUE_DEPTH.set(len(self._waiting))
        ticket.granted.wait()
        WORK_WAIT_SECONDS.labels(priority.name.lower()).observe(time.perf_counter() - ticket.queued_at)

    def leave(self, ticket: Ticket) -> None:
        """Give back the ticket's place or worker; a freed worker goes to the first work waiting."""
        with self._lock:
            if ticket.state == "running":
                self._running -= 1
            elif ticket.state == "reserved":
                self._held -= 1
            ticket.state = "done"
            while self._waiting and self._running < self.workers:
                _priority, _seq, waiting = heapq.heappop(self._waiting)
                self._held -= 1
                self._running += 1
                waiting.state = "running"
                waiting.granted.set()
            WORK_QUEUE_DEPTH.set(len(self._waiting))
