"""`mentorbot demo`: play a whole program against the local Slack emulator (devtools).

devtools is not part of the production package (the container image leaves it out), so it is
loaded here at run time; without it the command says so and exits 1.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from pathlib import Path

from bot.deps import Deps

DEMO_MODULE = "devtools.demo"


def configure(parser: argparse.ArgumentParser) -> None:
    """`mentorbot demo [--html PATH]`."""
    parser.description = "Play a whole mentorship program against the local Slack emulator."
    parser.add_argument(
        "--html",
        type=Path,
        default=None,
        metavar="PATH",
        help="where to write the page showing what everyone saw (default: demo.html in the project root)",
    )


def run(args: argparse.Namespace, deps: Deps) -> int:  # noqa: ARG001 - the demo builds its own
    """Play a whole mentorship program against the workspace emulator."""
    logging.getLogger().setLevel(logging.WARNING)  # the transcript is the output; keep logs out of it
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        demo = importlib.import_module(DEMO_MODULE)
    except ModuleNotFoundError as err:
        if err.name is None or not DEMO_MODULE.startswith(err.name):
            raise
        print(  # noqa: T201 - CLI output
            "mentorbot demo: the demo needs the devtools package, which this installation does not ship "
            "(the container image leaves it out). Run it from a source checkout: make demo",
            file=sys.stderr,
        )
        return 1
    code: int = demo.run_demo(html_path=args.html)
    return code
