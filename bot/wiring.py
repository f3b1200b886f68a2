"""Composition root for the scheduler: it plugs the Slack edge into the scheduler's ports.

The scheduler (planner, dispatcher, timer) never imports handlers; here the dispatcher gets the
handler side's message renderer and the Slack gateway. `mentorbot serve`, `mentorbot tick`, the
demo and the tests all build their dispatchers through these functions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.deps import Deps
from handlers.rendering import BlockKitRenderer
from handlers.slack.gateway import SlackGateway
from scheduler import jobs, setup
from scheduler.dispatcher import Dispatcher
from scheduler.jobs import TickReport


def make_dispatcher(deps: Deps, **kwargs: object) -> Dispatcher:
    """A dispatcher paced by the settings, rendering with Block Kit, posting through the gateway."""
    return jobs.make_dispatcher(deps, renderer=BlockKitRenderer(), slack_factory=SlackGateway, **kwargs)


def tick(
    deps: Deps,
    now: datetime | None = None,
    *,
    team_id: str | None = None,
    dispatcher: Dispatcher | None = None,
) -> TickReport:
    """Run everything due as of `now` once: plan, then deliver (a fresh dispatcher unless given)."""
    at = now or deps.clock()
    runner = dispatcher or make_dispatcher(deps.at(at))
    return jobs.tick(deps, at, team_id=team_id, dispatcher=runner)


def start_scheduler(deps: Deps, tick_seconds: int = setup.TICK_SECONDS) -> Callable[[], None]:
    """Start the in-process timer (planner and dispatcher); return the function that stops it."""
    return setup.start(deps, make_dispatcher(deps), tick_seconds)
