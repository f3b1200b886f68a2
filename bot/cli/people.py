"""`mentorbot import PEOPLE.csv [--program KEY] [--team T]`: enroll or update participants in bulk.

People join the program named by --program (the workspace's only program when there is one).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.common import UsageError, prepare_database, resolve_program, resolve_team
from bot.deps import Deps


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `mentorbot import`."""
    parser.add_argument("csv", metavar="PEOPLE.csv")
    parser.add_argument("--program", metavar="KEY", help="program to enroll them in (default: the only one)")
    parser.add_argument("--team", help="workspace (team id) to import into")


def run(args: argparse.Namespace, deps: Deps) -> int:
    """Enroll or update people from a CSV file."""
    from bot.services.enrollment import import_people
    from storage.scope import program_scope

    path = Path(args.csv)
    if not path.is_file():
        raise UsageError(f"{path} is not a file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text; save it as CSV UTF-8") from None
    prepare_database(deps.settings)
    team = resolve_team(deps, args.team)
    program = resolve_program(deps, team, args.program)
    with program_scope(program):
        report = import_people(deps, team, text, program)
    print(report.summary())  # noqa: T201 - CLI output
    if report.fatal:
        return 2
    return 2 if report.rejected and not (report.added or report.updated) else 0
