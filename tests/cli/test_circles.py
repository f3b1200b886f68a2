"""`mentorbot circles`: the contract's JSON shape; --dry-run saves and sends nothing; a stored
round is posted in the program's admin channel; mentorship programs are refused (and circles
programs by `mentorbot match`)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.cli import main
from bot.config import Settings
from bot.deps import Deps, build_deps
from bot.services.programs import create_program
from devtools.emulator import FakeSlack
from devtools.emulator.clock import Clock
from devtools.emulator.server import BOT_TOKEN, TEAM_ID
from storage.records import CircleRoundRecord
from tests.support.circles import CIRCLES_ADMIN, circles_program, member, members
from tests.support.factories import make_person, rows


@pytest.fixture
def cli_deps(sqlite_url: str, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> Iterator[Deps]:
    for name in ("SLACK_SIGNING_SECRET", "MENTORBOT_ADMIN_CHANNEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)
    monkeypatch.chdir(sqlite_url.rsplit("/", 1)[0].replace("sqlite:///", "") or ".")
    built = build_deps(Settings(_env_file=None, database_url=sqlite_url), clock=Clock())
    yield built
    built.engine.dispose()


def test_dry_run_json_is_the_contracts_shape_and_saves_nothing(
    cli_deps: Deps, capsys: pytest.CaptureFixture[str]
) -> None:
    program = circles_program(cli_deps)
    members(cli_deps, program, 9)
    member(cli_deps, "U0FAR", program, tz="Pacific/Kiritimati")  # no working hour shared with anyone
    assert main(["circles", "--program", "circles", "--dry-run", "--json", "--team", TEAM_ID]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"circles", "unplaced"}
    assert sorted(len(c["members"]) for c in data["circles"]) == [4, 5]
    for circle in data["circles"]:
        assert set(circle) == {"members", "score", "reasons"}
        assert isinstance(circle["score"], int) and 0 <= circle["score"] <= 1000
        assert all(isinstance(r, str) and r for r in circle["reasons"])
        assert all(m.startswith("U0M") for m in circle["members"])
    [far] = data["unplaced"]
    assert set(far) == {"member", "reason"} and far["member"] == "U0FAR" and "working hour" in far["reason"]
    assert rows(cli_deps, CircleRoundRecord) == []


def test_text_output_names_circles_and_reasons(cli_deps: Deps, capsys: pytest.CaptureFixture[str]) -> None:
    program = circles_program(cli_deps)
    for n, name in enumerate(("Ana", "Ben", "Cal", "Dia"), start=1):
        member(cli_deps, f"U0P{n}", program, name=name, topics=("negotiation",))
    assert main(["circles", "--dry-run", "--team", TEAM_ID]) == 0  # the only program
    out = capsys.readouterr().out
    assert "Circle 1: Ana (U0P1), Ben (U0P2), Cal (U0P3), Dia (U0P4)" in out
    assert "You all want to talk about negotiation" in out and "Dry run" in out


def test_a_stored_round_is_posted_in_the_admin_channel(
    cli_deps: Deps, fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_slack.add_channel(CIRCLES_ADMIN, "circles-admins", [])
    program = circles_program(cli_deps)
    members(cli_deps, program, 8)
    assert main(["circles", "--program", "circles", "--team", TEAM_ID]) == 0
    assert "posted in the program's admin channel" in capsys.readouterr().out
    [record] = rows(cli_deps, CircleRoundRecord)
    [posted] = fake_slack.messages_in(CIRCLES_ADMIN)
    assert (record.status, record.message_channel, record.message_ts) == (
        "proposed",
        CIRCLES_ADMIN,
        posted.ts,
    )
    assert "Circles proposed" in posted.all_text() and "Approve" in posted.all_text()
    # A second run replaces the first proposal, in place.
    assert main(["circles", "--program", "circles", "--json", "--team", TEAM_ID]) == 0
    statuses = sorted(r.status for r in rows(cli_deps, CircleRoundRecord))
    assert statuses == ["proposed", "superseded"]
    assert "replaced by a newer one" in fake_slack.messages_in(CIRCLES_ADMIN)[0].all_text()


def test_refusals(cli_deps: Deps, capsys: pytest.CaptureFixture[str]) -> None:
    create_program(cli_deps, TEAM_ID, "Engineering", "eng", admin_channel="C0ENGADM")
    program = circles_program(cli_deps, admin_channel=None)
    members(cli_deps, program, 4)
    make_person(cli_deps, "U0ADA", "mentor", program_id=program - 1)
    assert main(["circles", "--program", "eng", "--dry-run", "--team", TEAM_ID]) == 2
    assert "not circles" in capsys.readouterr().err
    assert main(["circles", "--dry-run", "--team", TEAM_ID]) == 2  # two programs: which?
    assert "--program" in capsys.readouterr().err
    assert main(["circles", "--program", "circles", "--team", TEAM_ID]) == 2  # nowhere to post
    assert "admin channel" in capsys.readouterr().err
    assert main(["match", "--program", "circles", "--dry-run", "--team", TEAM_ID]) == 2
    assert "mentorbot circles --program circles" in capsys.readouterr().err
    assert rows(cli_deps, CircleRoundRecord) == []


def test_a_circles_program_is_created_from_the_command_line(
    cli_deps: Deps, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["program", "create", "Peer circles", "--key", "peers", "--format", "circles", "--team", TEAM_ID]
    )
    assert code == 0 and "format circles" in capsys.readouterr().out
    with cli_deps.uow() as uow:
        program = uow.programs.by_key(TEAM_ID, "peers")
        assert program is not None and program.format == "circles"
        assert (program.circle_min_size, program.circle_max_size, program.circle_weeks) == (4, 6, 12)
    members(cli_deps, program.id, 4)
    assert main(["circles", "--dry-run", "--json", "--team", TEAM_ID]) == 0
    assert len(json.loads(capsys.readouterr().out)["circles"]) == 1
