"""APScheduler 3 as a timer only: two in-memory interval jobs tick the planner and the dispatcher.

Due work lives in our tables, never in APScheduler's job store (which is at-most-once and
unsafe to share between processes). The jobs use fixed ids with replace_existing, UTC,
coalesce=True, max_instances=1 and misfire_grace_time=30, so a slow tick is never doubled and a
late one still runs. Several replicas may run this: the planner is idempotent and the
dispatcher's claims never overlap.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from bot.deps import Deps
from scheduler.dispatcher import Dispatcher
from scheduler.jobs import dispatch_job, plan_job

logger = logging.getLogger(__name__)

TICK_SECONDS = 60
PLANNER_JOB = "mentorbot-planner"
DISPATCHER_JOB = "mentorbot-dispatcher"


def build(deps: Deps, dispatcher: Dispatcher, tick_seconds: int = TICK_SECONDS) -> BackgroundScheduler:
    """Build (not start) the timer with the planner and dispatcher jobs."""
    timer = BackgroundScheduler(
        timezone=UTC,
        jobstores={"default": MemoryJobStore()},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30},
    )
    timer.add_job(
        plan_job, "interval", seconds=tick_seconds, id=PLANNER_JOB, replace_existing=True, args=[deps]
    )
    timer.add_job(
        dispatch_job,
        "interval",
        seconds=tick_seconds,
        id=DISPATCHER_JOB,
        replace_existing=True,
        args=[dispatcher],
    )
    return timer


def start(deps: Deps, dispatcher: Dispatcher, tick_seconds: int = TICK_SECONDS) -> Callable[[], None]:
    """Start ticking in the background; return the function that stops it."""
    timer = build(deps, dispatcher, tick_seconds)
    timer.start()
    logger.info("scheduler started: planner and dispatcher every %ss", tick_seconds)

    def stop() -> None:
        timer.shutdown(wait=False)

    return stop
