"""`mentorbot tick [--at ISO-8601] [--team T]`: run everything due as of an instant, once."""

from __future__ import annotations

import argparse
import os

from bot.cli.common import UsageError, parse_instant, prepare_database
from bot.deps import Deps

CRASH_ENV = "MENTORBOT_TEST_CRASH_POINT"  # fault tests only: exit hard at a dispatch step


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `mentorbot tick`."""
    parser.add_argument("--at", help="the instant to run as of (ISO-8601; default: now)")
    parser.add_argument("--team", help="plan only this workspace (team id)")


def run(args: argparse.Namespace, deps: Deps) -> int:
    """Plan and deliver everything due; print a one-line summary."""
    from bot.wiring import make_dispatcher, tick

    now = parse_instant(args.at) if args.at else deps.clock()
    if args.team is not None and not args.team.strip():
        raise UsageError("--team needs a team id such as T0123")
    prepare_database(deps.settings)
    frozen = deps.at(now)
    dispatcher = make_dispatcher(frozen, crash_point=os.environ.get(CRASH_ENV))
    report = tick(frozen, now, team_id=args.team, dispatcher=dispatcher)
    print(f"tick at {now.isoformat()}: {report.summary()}")  # noqa: T201 - CLI output
    return 0
