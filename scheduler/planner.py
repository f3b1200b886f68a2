"""The planner tick: record what is due in every workspace (safe on every replica, at any rate).

Mentorships (bot.services.scheduling.plan), then peer circles (bot.services.scheduling.plan_circles).
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.deps import Deps
from bot.logs import frames_only
from bot.services import scheduling
from bot.services.scheduling import PlanReport

logger = logging.getLogger(__name__)


def run_planner(deps: Deps, now: datetime | None = None, team_id: str | None = None) -> PlanReport:
    """Plan every active workspace (or one) as of `now`; one workspace's failure spares the rest."""
    at = now or deps.clock()
    total = PlanReport()
    teams = [team_id] if team_id else scheduling.workspaces(deps)
    for team in teams:
        try:
            report = scheduling.plan(deps, team, at)
        except Exception as err:  # noqa: BLE001 - one team must not stop the rest
            logger.error("planner failed team=%s\n%s", team, frames_only(err))
            continue
        total.planned += report.planned
        total.inserted += report.inserted
        total.resumed += report.resumed
        total.expired += report.expired
        total.ended += report.ended
        total.flagged += report.flagged
        for kind, count in report.by_kind.items():
            total.by_kind[kind] = total.by_kind.get(kind, 0) + count
    for team in teams:
        _plan_circles(deps, team, at, total)
    return total


def _plan_circles(deps: Deps, team: str, at: datetime, total: PlanReport) -> None:
    """Plan the workspace's peer circles (apart: a failure of one planner spares the other)."""
    try:
        circles = scheduling.plan_circles(deps, team, at)
    except Exception as err:  # noqa: BLE001 - one team must not stop the rest
        logger.error("circles planner failed team=%s\n%s", team, frames_only(err))
        return
    total.inserted += circles.inserted
    for kind, count in circles.by_kind.items():
        total.by_kind[kind] = total.by_kind.get(kind, 0) + count
