"""A circles program made in Slack: the program form shows the circle settings when the format is
circles (redrawn on choosing it, what was typed kept), refuses bad settings inline and saves
nothing, saves good ones once; a program with people or live circles keeps its format."""

from __future__ import annotations

from datetime import timedelta

from bot.deps import Deps
from devtools.emulator import FakeSlack, Workspace
from handlers.slack import ids
from storage.records import CircleRecord, ProgramRecord
from tests.support.factories import make_person

CIRCLE_BLOCKS = {
    ids.CIRCLE_SET_AUDIENCE,
    ids.CIRCLE_SET_MIN,
    ids.CIRCLE_SET_MAX,
    ids.CIRCLE_SET_WEEKS,
    ids.CIRCLE_SET_CADENCE,
    ids.CIRCLE_SET_COOLDOWN,
}


def _block_ids(view: dict[str, object]) -> set[str]:
    return {str(b.get("block_id")) for b in view["blocks"] if isinstance(b, dict) and b.get("block_id")}  # type: ignore[attr-defined]


def _program(deps: Deps, team_id: str, key: str) -> ProgramRecord:
    with deps.uow() as uow:
        found = uow.programs.by_key(team_id, key)
        assert found is not None
        return found


def test_new_circles_program_from_the_form(ws: Workspace, fake_slack: FakeSlack, deps: Deps) -> None:
    fake_slack.add_channel("C0CIRCADM", "circles-admins", [])
    owner = ws.person("U0OWNER", "Olive Owner", is_admin=True)
    owner.command("admin program new")
    view = owner.modal()
    assert not _block_ids(view) & CIRCLE_BLOCKS  # a mentorship program asks nothing about circles
    owner.click(ids.ADMIN_PROGRAM_FORMAT, in_modal=True, selected="circles")
    redrawn = fake_slack.wait_for(lambda: _block_ids(owner.modal()) >= CIRCLE_BLOCKS and owner.modal())
    assert redrawn["id"] == view["id"] and "Peer circles" in str(redrawn)
    bad = owner.submit(
        {
            ids.ADMIN_PROGRAM_NAME: "Manager circles",
            ids.ADMIN_PROGRAM_KEY: "mgr-circles",
            ids.ADMIN_PROGRAM_FORMAT: "circles",
            ids.ADMIN_PROGRAM_ADMIN_CHANNEL: "C0CIRCADM",
            ids.CIRCLE_SET_MIN: "5",
            ids.CIRCLE_SET_MAX: "4",
            ids.CIRCLE_SET_WEEKS: "2",
            ids.CIRCLE_SET_COOLDOWN: "99",
        },
        view=redrawn,
    )
    assert set(bad.json["errors"]) == {ids.CIRCLE_SET_MAX, ids.CIRCLE_SET_WEEKS, ids.CIRCLE_SET_COOLDOWN}
    assert "can't be smaller" in bad.json["errors"][ids.CIRCLE_SET_MAX]
    too_big = owner.submit(
        {
            ids.ADMIN_PROGRAM_NAME: "Manager circles",
            ids.ADMIN_PROGRAM_KEY: "mgr-circles",
            ids.ADMIN_PROGRAM_FORMAT: "circles",
            ids.CIRCLE_SET_MAX: "9",
        },
        view=redrawn,
    )
    assert "at most 8" in too_big.json["errors"][ids.CIRCLE_SET_MAX]
    with deps.uow() as uow:
        assert uow.programs.by_key(ws.team_id, "mgr-circles") is None  # refusals save nothing
    ok = owner.submit(
        {
            ids.ADMIN_PROGRAM_NAME: "Manager circles",
            ids.ADMIN_PROGRAM_KEY: "mgr-circles",
            ids.ADMIN_PROGRAM_FORMAT: "circles",
            ids.ADMIN_PROGRAM_ADMIN_CHANNEL: "C0CIRCADM",
            ids.CIRCLE_SET_AUDIENCE: "mentors",
            ids.CIRCLE_SET_MIN: "3",
            ids.CIRCLE_SET_MAX: "5",
            ids.CIRCLE_SET_WEEKS: "8",
            ids.CIRCLE_SET_CADENCE: "weekly",
            ids.CIRCLE_SET_COOLDOWN: "2",
        },
        view=redrawn,
    )
    assert ok.status == 200 and ok.body == ""
    owner.last_dm(containing="is created")
    made = _program(deps, ws.team_id, "mgr-circles")
    assert (made.format, made.circle_audience, made.circle_min_size, made.circle_max_size) == (
        "circles",
        "mentors",
        3,
        5,
    )
    assert (made.circle_weeks, made.circle_cadence, made.circle_cooldown_rounds) == (8, "weekly", 2)


def test_new_circles_shortcut_and_defaults(ws: Workspace, fake_slack: FakeSlack, deps: Deps) -> None:
    owner = ws.person("U0OWNER", "Olive Owner", is_admin=True)
    owner.command("admin program new circles")
    view = owner.modal()
    assert _block_ids(view) >= CIRCLE_BLOCKS
    owner.submit({ids.ADMIN_PROGRAM_NAME: "Peer circles", ids.ADMIN_PROGRAM_KEY: "peers"}, view=view)
    owner.last_dm(containing="is created")
    made = _program(deps, ws.team_id, "peers")
    assert (made.format, made.circle_min_size, made.circle_max_size, made.circle_weeks) == (
        "circles",
        4,
        6,
        12,
    )
    assert (made.circle_audience, made.circle_cadence, made.circle_cooldown_rounds) == (
        "everyone",
        "biweekly",
        None,
    )


def test_editing_keeps_settings_and_guards_the_format(
    ws: Workspace, fake_slack: FakeSlack, deps: Deps
) -> None:
    fake_slack.add_channel("C0PEERADM", "peers-admins", ["U0OWNER"])
    owner = ws.person("U0OWNER", "Olive Owner", is_admin=True)
    owner.command("admin program new circles")
    owner.submit(
        {
            ids.ADMIN_PROGRAM_NAME: "Peer circles",
            ids.ADMIN_PROGRAM_KEY: "peers",
            ids.ADMIN_PROGRAM_ADMIN_CHANNEL: "C0PEERADM",
            ids.CIRCLE_SET_MAX: "5",
        },
        view=owner.modal(),
    )
    owner.last_dm(containing="is created")
    peers = _program(deps, ws.team_id, "peers")
    owner.command("admin program edit peers")
    edit = owner.modal()
    assert "Edit program" in str(edit["title"])
    maxed = next(b for b in edit["blocks"] if b.get("block_id") == ids.CIRCLE_SET_MAX)
    assert maxed["element"]["initial_value"] == "5"
    owner.submit({ids.CIRCLE_SET_WEEKS: "6"}, view=edit)
    owner.last_dm(containing="weeks before circles re-form")
    assert _program(deps, ws.team_id, "peers").circle_weeks == 6

    # A circles program with a live circle stays circles.
    now = deps.clock()
    with deps.uow() as uow:
        uow.session.add(
            CircleRecord(
                team_id=ws.team_id,
                program_id=peers.id,
                started_at=now,
                ends_on=(now + timedelta(weeks=6)).date(),
            )
        )
    owner.command("admin program edit peers")
    edit = owner.modal()
    owner.click(ids.ADMIN_PROGRAM_FORMAT, in_modal=True, selected="mentorship")
    redrawn = fake_slack.wait_for(lambda: not CIRCLE_BLOCKS & _block_ids(owner.modal()) and owner.modal())
    refused = owner.submit({ids.ADMIN_PROGRAM_FORMAT: "mentorship"}, view=redrawn)
    assert "circles running" in refused.json["errors"][ids.ADMIN_PROGRAM_FORMAT]

    # A mentorship program people joined stays mentorship.
    make_person(deps, "U0ADA", "mentor")
    owner.command("admin program edit mentoring")
    first = owner.modal()
    refused = owner.submit({ids.ADMIN_PROGRAM_FORMAT: "circles"}, view=first)
    assert "stays a mentorship program" in refused.json["errors"][ids.ADMIN_PROGRAM_FORMAT]
    assert _program(deps, ws.team_id, "mentoring").format == "mentorship"
