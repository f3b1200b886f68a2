"""What the commands share: the usage error (exit 2), the database set-up, parsing an instant,
and choosing the workspace a command acts on."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.config import Settings
from bot.deps import Deps


class UsageError(Exception):
    """Bad arguments or input: exit code 2 with a message saying what to fix."""


def prepare_database(settings: Settings, *, upgrade: bool | None = None) -> None:
    """Apply migrations on the embedded SQLite default (or when asked); check PostgreSQL is current."""
    from storage.migrate import upgrade as run_upgrade

    if upgrade if upgrade is not None else settings.is_sqlite:
        run_upgrade(settings.database_url)


def parse_instant(text: str) -> datetime:
    """Parse an ISO-8601 instant; a value without an offset is taken as UTC."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--at {text!r} is not an ISO-8601 time such as 2026-03-02T09:00:00Z") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def resolve_team(deps: Deps, requested: str | None) -> str:
    """Return the workspace a CLI command acts on: --team, the only known one, or auth.test's."""
    if requested:
        return requested
    with deps.uow() as uow:
        teams = [w.team_id for w in uow.programs.workspaces()]
    if len(teams) == 1:
        return teams[0]
    if len(teams) > 1:
        raise UsageError(
            "several workspaces are installed; pass --team T0123 to choose one: " + ", ".join(teams)
        )
    from handlers.slack.gateway import SlackGateway

    team = SlackGateway(deps.settings).default_team_id()
    if team:
        return team
    raise UsageError("no workspace known yet: pass --team T0123, or set SLACK_BOT_TOKEN so I can ask Slack")


def resolve_program(deps: Deps, team_id: str, key: str | None) -> int | None:
    """Return the program a CLI command acts on: --program KEY, else the workspace's only program.

    None when the workspace has no program yet (the command then uses the first program, created
    with the defaults). Several programs and no --program: a usage error listing the keys.
    """
    from bot.services import programs

    with deps.uow(read_only=True) as uow:
        known = programs.views(deps, uow, team_id, include_archived=True)
    if key is not None:
        wanted = key.strip().lower()
        for program in known:
            if program.key == wanted:
                if program.status == "archived":
                    raise UsageError(f"program {program.key} is archived")
                return program.id
        keys = ", ".join(p.key for p in known) or "none yet (mentorbot program create)"
        raise UsageError(f"no program with the key {key!r} in {team_id}; programs: {keys}")
    live = [p for p in known if p.status != "archived"]
    if len(live) == 1:
        return live[0].id
    if not live:
        return None
    raise UsageError(
        "several programs in this workspace; pass --program KEY to choose one: "
        + ", ".join(f"{p.key} ({p.name})" for p in live)
    )
