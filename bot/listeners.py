"""The thread pool Bolt runs listeners on, counting the work in flight.

Bolt acknowledges a request first and runs the listener afterwards on this pool, so an HTTP reply
says nothing about whether the work behind it has finished. Counting what is in flight lets a
stopping server finish what it already acknowledged (a saved modal is not lost in a deploy), and
lets the emulator wait until a person's action has had all its effects before the next step.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


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
