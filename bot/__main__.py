"""`python -m bot` runs the `mentorbot` command line."""

import sys

from bot.cli import main

sys.exit(main())
