"""Words on the Home tab that other features share: the greeting uses the first name."""

from __future__ import annotations

import json

from bot.deps import Deps
from devtools.emulator import FakeSlack, Workspace
from tests.support.factories import make_person


def test_home_greets_by_first_name(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    make_person(deps, "U0ADA", "mentor", name="Ada Lovelace")
    ada.open_home()
    home = fake_slack.wait_for(
        lambda: json.dumps(fake_slack.home_of("U0ADA") or {}) if fake_slack.home_of("U0ADA") else ""
    )
    assert "Hi Ada!" in home and "Hi Ada Lovelace" not in home
