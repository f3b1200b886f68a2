"""`mentorbot program create NAME --key KEY [...]` and `mentorbot program list [--json]`.

Creation goes through bot.services.programs.create_program (the same function the admin modal
calls): a bad field, a taken key or a channel of another program exits 2 and saves nothing.
"""

from __future__ import annotations

import argparse
import json

from bot.cli.common import UsageError, prepare_database, resolve_team
from bot.deps import Deps
from bot.domain.errors import InvalidInput


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `mentorbot program`."""
    parser.description = "Create and list the workspace's programs."
    actions = parser.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create a program (open for joining)")
    create.add_argument("name", metavar="NAME", help='the program\'s name, e.g. "Engineering mentorship"')
    create.add_argument("--key", required=True, help="short key: 3-40 lower-case letters, digits, hyphens")
    create.add_argument("--format", default="mentorship", help="program format (default: mentorship)")
    create.add_argument("--admin-channel", metavar="C…", help="channel id whose members administer it")
    create.add_argument("--program-channel", metavar="C…", help="channel id whose joiners are invited")
    create.add_argument("--team", help="workspace (team id)")
    listing = actions.add_parser("list", help="list the programs with members and active pairs")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--team", help="workspace (team id)")


def run(args: argparse.Namespace, deps: Deps) -> int:
    """Create or list programs."""
    from bot.services import programs

    prepare_database(deps.settings)
    team = resolve_team(deps, args.team)
    if args.action == "create":
        try:
            made = programs.create_program(
                deps,
                team,
                args.name,
                args.key,
                args.format,
                args.admin_channel,
                args.program_channel,
                actor="cli",
            )
        except InvalidInput as err:
            raise UsageError(err.user_message.replace("`", "")) from None
        channels = ", ".join(
            f"{label} {value}"
            for label, value in (
                ("admin channel", made.admin_channel),
                ("program channel", made.program_channel),
            )
            if value
        )
        print(  # noqa: T201 - CLI output
            f"created program {made.key} ({made.name}), format {made.format}, status {made.status}"
            + (f"; {channels}" if channels else "; no channels yet")
        )
        return 0
    found = programs.program_summaries(deps, team)
    if args.json:
        print(  # noqa: T201 - CLI output
            json.dumps(
                {
                    "team": team,
                    "programs": [
                        {
                            "key": s.program.key,
                            "name": s.program.name,
                            "format": s.program.format,
                            "status": s.program.status,
                            "admin_channel": s.program.admin_channel,
                            "program_channel": s.program.program_channel,
                            "members": s.members,
                            "active_pairs": s.active_pairs,
                        }
                        for s in found
                    ],
                }
            )
        )
        return 0
    if not found:
        print(f"no programs in {team} yet: mentorbot program create NAME --key KEY")  # noqa: T201
        return 0
    for s in found:
        p = s.program
        print(  # noqa: T201 - CLI output
            f"{p.key}  {p.name}  [{p.format}, {p.status}]  admin {p.admin_channel or '-'}  "
            f"channel {p.program_channel or '-'}  members {s.members}  active pairs {s.active_pairs}"
        )
    return 0
