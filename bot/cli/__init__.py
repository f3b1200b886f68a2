"""The `mentorbot` command line (also `python -m bot`). Exit codes: 0 ok, 2 bad input, 1 other.

One fixed table of commands (argparse subparsers), each a module with `configure(parser)` and
`run(args, deps) -> int`. Every command module is imported here, so a broken import fails the
command line loudly instead of dropping a command.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.cli import circles, db, demo, keys, match, people, programs, serve, tick
from bot.cli.common import UsageError
from bot.config import SettingsError, load_settings
from bot.deps import Deps, build_deps

logger = logging.getLogger("mentorbot")


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, one-line help, arguments and what it runs."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Deps], int]


COMMANDS: tuple[Command, ...] = (
    Command("serve", "serve Slack over HTTP, with the scheduler", serve.configure, serve.run),
    Command("program", "create and list the workspace's programs", programs.configure, programs.run),
    Command("import", "enroll or update people from a CSV file", people.configure, people.run),
    Command("db", "database maintenance", db.configure, db.run),
    Command("demo", "play a whole program against the built-in Slack emulator", demo.configure, demo.run),
    Command("tick", "run everything the scheduler has due as of an instant", tick.configure, tick.run),
    Command(
        "match", "run one matching round: proposed pairs with scores and reasons", match.configure, match.run
    ),
    Command(
        "circles",
        "run one circles round: proposed circles with scores and reasons",
        circles.configure,
        circles.run,
    ),
    Command(
        "rotate-keys",
        "re-encrypt stored tokens with the newest key",
        keys.configure_rotate,
        keys.cmd_rotate_keys,
    ),
    Command("new-key", "print a new random encryption key", keys.configure_new_key, keys.cmd_new_key),
)


def configure_logging(level: str) -> None:
    """Log `key=value` lines to stderr with ids only and tokens redacted (see bot.logs)."""
    from bot.logs import configure_logging as configure

    configure(level)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser from the command table."""
    parser = argparse.ArgumentParser(prog="mentorbot", description="Mentorbot: mentorship programs in Slack.")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.configure(sub.add_parser(command.name, help=command.help))
    return parser


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
    run = next(command.run for command in COMMANDS if command.name == args.command)
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
