"""Scheduler jobs: thin functions that run the planner and the dispatcher and log a summary."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.deps import Deps
from bot.services.scheduling import PlanReport
from scheduler.dispatcher import Dispatcher, DispatchReport, summary_line
from scheduler.planner import run_planner
from scheduler.ports import MessageRenderer, SlackFactory

logger = logging.getLogger(__name__)


@dataclass
class TickReport:
    """One tick: what was planned and what was delivered."""

    plan: PlanReport
    dispatch: DispatchReport

    def summary(self) -> str:
        """One line for logs and `mentorbot tick`."""
        return summary_line(self.plan, self.dispatch)


def make_dispatcher(
    deps: Deps, *, renderer: MessageRenderer, slack_factory: SlackFactory, **kwargs: object
) -> Dispatcher:
    """A dispatcher paced by the settings (messages per second per workspace and per channel).

    The renderer and the Slack gateway factory come from the wiring (bot.wiring).
    """
    settings = deps.settings
    kwargs.setdefault("rate", settings.mentorbot_send_rate)
    kwargs.setdefault("channel_rate", settings.mentorbot_channel_send_rate)
    return Dispatcher(deps, renderer=renderer, slack_factory=slack_factory, **kwargs)  # type: ignore[arg-type]


def plan_job(deps: Deps) -> None:
    """Planner tick (every minute in `mentorbot serve`)."""
    report = run_planner(deps)
    if report.inserted:
        logger.info("planned %s new messages %s", report.inserted, report.by_kind)


def dispatch_job(dispatcher: Dispatcher) -> None:
    """Dispatcher tick (every minute in `mentorbot serve`)."""
    report = dispatcher.run()
    if report.sent or report.failed or report.unknown or report.rate_limited:
        logger.info("dispatched %s", summary_line(PlanReport(), report))


def tick(
    deps: Deps,
    now: datetime | None = None,
    *,
    dispatcher: Dispatcher,
    team_id: str | None = None,
) -> TickReport:
    """Run everything due as of `now` once: plan, then deliver with `dispatcher`."""
    at = now or deps.clock()
    frozen = deps.at(at)
    plan = run_planner(frozen, at, team_id)
    report = dispatcher.run(at)
    return TickReport(plan=plan, dispatch=report)
