"""`mentorbot db upgrade`: apply the schema migrations (Alembic)."""

from __future__ import annotations

import argparse

from bot.cli.common import UsageError, prepare_database
from bot.deps import Deps


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `mentorbot db`."""
    parser.add_argument("action", choices=["upgrade"])


def run(args: argparse.Namespace, deps: Deps) -> int:
    """Apply the schema migrations."""
    if args.action != "upgrade":
        raise UsageError("the only db action is: upgrade")
    prepare_database(deps.settings, upgrade=True)
    print("database is up to date")  # noqa: T201 - CLI output
    return 0
