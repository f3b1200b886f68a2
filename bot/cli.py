"""The `mentorbot` command line (also `python -m bot`). Exit codes: 0 ok, 2 bad input, 1 other."""

from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from bot.config import Settings, SettingsError, load_settings
from bot.deps import Deps, build_deps

logger = logging.getLogger("mentorbot")


class UsageError(Exception):
    """Bad arguments or input: exit code 2 with a message saying what to fix."""


def configure_logging(level: str) -> None:
    """Log `key=value` lines to stderr with ids only and tokens redacted (see bot.logs)."""
    from bot.logs import configure_logging as configure

    configure(level)


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
    from handlers.gateway import SlackGateway

    team = SlackGateway(deps.settings).default_team_id()
    if team:
        return team
    raise UsageError("no workspace known yet: pass --team T0123, or set SLACK_BOT_TOKEN so I can ask Slack")


# -- commands --------------------------------------------------------------------------------
def cmd_serve(args: argparse.Namespace, deps: Deps) -> int:
    """Serve Slack over HTTP (or Socket Mode), with the scheduler unless --no-scheduler."""
    from bot.server import serve_forever, serve_socket_mode

    deps.settings.require_serving()
    prepare_database(deps.settings)
    # A container stop (SIGTERM) ends serving the way Ctrl-C does: the server stops taking requests,
    # work already acknowledged to Slack finishes, then the scheduler stops.
    signal.signal(signal.SIGTERM, _interrupt)
    stop_scheduler = start_scheduler(deps) if not args.no_scheduler else None
    try:
        if args.socket:
            serve_socket_mode(deps)
        else:
            serve_forever(deps, args.host, args.port)
    finally:
        if stop_scheduler:
            stop_scheduler()
    return 0


def _interrupt(signum: int, _frame: object) -> None:
    logger.info("signal %s received: finishing acknowledged work, then stopping", signum)
    raise KeyboardInterrupt


def start_scheduler(deps: Deps) -> Callable[[], None] | None:
    """Start the in-process scheduler if this installation has one; return its stopper."""
    try:
        setup = importlib.import_module("scheduler.setup")
    except ImportError:
        logger.info("no scheduler in this build")
        return None
    stopper: Callable[[], None] = setup.start(deps)
    return stopper


def cmd_import(args: argparse.Namespace, deps: Deps) -> int:
    """Enroll or update people from a CSV file."""
    from bot.services.enrollment import import_people

    path = Path(args.csv)
    if not path.is_file():
        raise UsageError(f"{path} is not a file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text; save it as CSV UTF-8") from None
    prepare_database(deps.settings)
    team = resolve_team(deps, args.team)
    report = import_people(deps, team, text)
    print(report.summary())  # noqa: T201 - CLI output
    if report.fatal:
        return 2
    return 2 if report.rejected and not (report.added or report.updated) else 0


def cmd_db(args: argparse.Namespace, deps: Deps) -> int:
    """Apply the schema migrations."""
    if args.action != "upgrade":
        raise UsageError("the only db action is: upgrade")
    prepare_database(deps.settings, upgrade=True)
    print("database is up to date")  # noqa: T201 - CLI output
    return 0


def cmd_demo(args: argparse.Namespace, deps: Deps) -> int:  # noqa: ARG001
    """Play a whole mentorship program against the built-in workspace emulator."""
    logging.getLogger().setLevel(logging.WARNING)  # the transcript is the output; keep logs out of it
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from devtools.demo import run_demo

    code: int = run_demo()
    return code


COMMANDS: dict[str, Callable[[argparse.Namespace, Deps], int]] = {
    "serve": cmd_serve,
    "import": cmd_import,
    "db": cmd_db,
    "demo": cmd_demo,
}
# Features add their commands here: name -> (configure parser, run).
EXTRA_COMMANDS: dict[
    str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace, Deps], int]]
] = {}


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    parser = argparse.ArgumentParser(prog="mentorbot", description="Mentorbot: mentorship programs in Slack.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve Slack over HTTP, with the scheduler")
    serve.add_argument("--host", default="0.0.0.0")  # noqa: S104 - a server binds all interfaces by default
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument("--no-scheduler", action="store_true", help="do not run the scheduler in this process")
    serve.add_argument("--socket", action="store_true", help="use Socket Mode (needs SLACK_APP_TOKEN)")
    imp = sub.add_parser("import", help="enroll or update people from a CSV file")
    imp.add_argument("csv", metavar="PEOPLE.csv")
    imp.add_argument("--team", help="workspace (team id) to import into")
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"])
    sub.add_parser("demo", help="play a whole program against the built-in Slack emulator")
    _add_feature_commands(sub)
    return parser


def _add_feature_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for module in ("scheduler.cli", "bot.pairing_cli", "bot.ops_cli"):
        try:
            __import__(module)
        except ImportError:
            continue
    for name, (configure, _run) in EXTRA_COMMANDS.items():
        configure(sub.add_parser(name))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else 2
    try:
        settings = load_settings()
    except SettingsError as err:
        print(str(err), file=sys.stderr)  # noqa: T201 - CLI output
        return 2
    configure_logging(settings.mentorbot_log_level)
    deps = build_deps(settings)
    run = COMMANDS.get(args.command) or EXTRA_COMMANDS[args.command][1]
    try:
        return run(args, deps)
    except UsageError as err:
        print(f"mentorbot {args.command}: {err}", file=sys.stderr)  # noqa: T201 - CLI output
        return 2
    except SettingsError as err:
        print(str(err), file=sys.stderr)  # noqa: T201 - CLI output
        return 2
    except KeyboardInterrupt:
        return 0
    except Exception:
        logger.exception("mentorbot %s failed", args.command)
        return 1
    finally:
        deps.engine.dispose()
