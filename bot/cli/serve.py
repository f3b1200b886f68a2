"""`mentorbot serve [--host H] [--port P] [--no-scheduler] [--socket]`."""

from __future__ import annotations

import argparse
import logging
import signal
from collections.abc import Callable

from bot.cli.common import prepare_database
from bot.deps import Deps

logger = logging.getLogger("mentorbot")


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `mentorbot serve`."""
    parser.add_argument("--host", default="0.0.0.0")  # noqa: S104 - a server binds all interfaces by default
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument(
        "--no-scheduler", action="store_true", help="do not run the scheduler in this process"
    )
    parser.add_argument("--socket", action="store_true", help="use Socket Mode (needs SLACK_APP_TOKEN)")


def run(args: argparse.Namespace, deps: Deps) -> int:
    """Serve Slack over HTTP (or Socket Mode), with the scheduler unless --no-scheduler."""
    from bot.server import serve_forever, serve_socket_mode
    from bot.wiring import start_scheduler

    deps.settings.require_serving()
    prepare_database(deps.settings)
    # A container stop (SIGTERM) ends serving the way Ctrl-C does: the server stops taking requests,
    # work already acknowledged to Slack finishes, then the scheduler stops.
    signal.signal(signal.SIGTERM, _interrupt)
    stop_scheduler: Callable[[], None] | None = None
    if not args.no_scheduler:
        stop_scheduler = start_scheduler(deps)
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
