"""The database admin list per program: one person may be listed for several programs at once."""

from __future__ import annotations

from bot.deps import Deps
from bot.services import admins
from bot.services.program_admin.settings import add_listed_admin, list_admins, remove_listed_admin
from bot.services.programs import create_program
from devtools.emulator.server import TEAM_ID
from storage.scope import program_scope


def test_listed_for_two_programs_and_removed_from_one(deps: Deps) -> None:
    a = create_program(deps, TEAM_ID, "Engineering", "eng", admin_channel="C0ENGADM").id
    b = create_program(deps, TEAM_ID, "Buddies", "buddies", admin_channel="C0BUDADM").id
    with program_scope(a):
        assert add_listed_admin(deps, TEAM_ID, "U0SAM", "U0KIM")
        assert not add_listed_admin(deps, TEAM_ID, "U0SAM", "U0KIM")  # already listed here
    with program_scope(b):
        assert add_listed_admin(deps, TEAM_ID, "U0SAM", "U0KIM")
    assert admins.listed_programs(deps, TEAM_ID, "U0KIM") == {a, b}
    with program_scope(a):
        assert remove_listed_admin(deps, TEAM_ID, "U0SAM", "U0KIM")
        assert list_admins(deps, TEAM_ID) == []
    with program_scope(b):
        assert list_admins(deps, TEAM_ID) == ["U0KIM"]
    assert admins.is_listed_admin(deps, TEAM_ID, "U0KIM", b)
    assert not admins.is_listed_admin(deps, TEAM_ID, "U0KIM", a)
