"""A local Slack workspace emulator: a fake Web API that records calls, and people who use the bot.

Used by the test suite and by `mentorbot demo`; no Slack account or network needed.
"""

from devtools.emulator.driver import Person, Workspace
from devtools.emulator.server import FakeSlack, Fault, Message

__all__ = ["FakeSlack", "Fault", "Message", "Person", "Workspace"]
