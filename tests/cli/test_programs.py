"""`mentorbot program create|list`, and `--program` on import and match."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.config import Settings
from bot.deps import Deps, build_deps
from bot.services.programs import create_program
from devtools.emulator.clock import Clock
from devtools.emulator.server import TEAM_ID
from storage.records import AuditRecord, PersonRecord, ProgramRecord
from tests.support.factories import make_mentorship, make_person, rows

HEADER = "slack_user_id,name,role,offers,wants,timezone,capacity,cadence\n"


@pytest.fixture
def cli_deps(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Deps]:
    for name in (
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "MENTORBOT_ADMIN_CHANNEL",
        "MENTORBOT_PROGRAM_CHANNEL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.chdir(sqlite_url.rsplit("/", 1)[0].replace("sqlite:///", "") or ".")
    built = build_deps(Settings(_env_file=None, database_url=sqlite_url), clock=Clock())
    yield built
    built.engine.dispose()


def _create(*extra: str) -> int:
    return main(["program", "create", *extra, "--team", TEAM_ID])


def test_create_then_list_text_and_json(cli_deps: Deps, capsys: pytest.CaptureFixture[str]) -> None:
    assert _create("Engineering mentorship", "--key", "eng-mentoring", "--admin-channel", "C0ENGADM") == 0
    assert "created program eng-mentoring (Engineering mentorship)" in capsys.readouterr().out
    assert _create("New-hire buddies", "--key", "Buddies", "--program-channel", "c0buddy") == 0
    capsys.readouterr()
    [eng, buddies] = sorted(rows(cli_deps, ProgramRecord), key=lambda p: p.id)
    assert (buddies.key, buddies.program_channel, buddies.status) == ("buddies", "C0BUDDY", "open")
    mentor = make_person(cli_deps, "U0ADA", "mentor", program_id=eng.id)
    mentee = make_person(cli_deps, "U0BO", "mentee", program_id=eng.id)
    make_person(cli_deps, "U0BO", "mentor", program_id=buddies.id)
    make_mentorship(cli_deps, mentor, mentee)

    assert main(["program", "list", "--team", TEAM_ID]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("eng-mentoring  Engineering mentorship  [mentorship, open]  admin C0ENGADM")
    assert lines[0].endswith("members 2  active pairs 1")
    assert lines[1].endswith("members 1  active pairs 0") and "channel C0BUDDY" in lines[1]

    assert main(["program", "list", "--json", "--team", TEAM_ID]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["team"] == TEAM_ID
    assert data["programs"] == [
        {
            "key": "eng-mentoring",
            "name": "Engineering mentorship",
            "format": "mentorship",
            "status": "open",
            "admin_channel": "C0ENGADM",
            "program_channel": None,
            "members": 2,
            "active_pairs": 1,
        },
        {
            "key": "buddies",
            "name": "New-hire buddies",
            "format": "mentorship",
            "status": "open",
            "admin_channel": None,
            "program_channel": "C0BUDDY",
            "members": 1,
            "active_pairs": 0,
        },
    ]
    audits = [(a.action, a.target, a.actor, a.program_id) for a in rows(cli_deps, AuditRecord)]
    assert audits == [
        ("program.create", "eng-mentoring", "cli", eng.id),
        ("program.create", "buddies", "cli", buddies.id),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Eng", "--key", "x"], "A program key is 3–40 lower-case letters"),
        (["Eng", "--key", "eng mentoring"], "A program key is 3–40"),
        (["Eng", "--key", "taken"], "already a program with the key taken"),
        (["   ", "--key", "fresh"], "needs a name"),
        (["Eng", "--key", "fresh", "--format", "groups"], "Unknown format 'groups'"),
        (["Eng", "--key", "fresh", "--admin-channel", "#general"], "must be a Slack channel id"),
        (["Eng", "--key", "fresh", "--program-channel", "U0ADA"], "must be a Slack channel id"),
        (["Eng", "--key", "fresh", "--admin-channel", "C0TAKEN"], "C0TAKEN already belongs to program taken"),
        (["Eng", "--key", "fresh", "--program-channel", "C0TAKEN"], "already belongs to program taken"),
        (
            ["Eng", "--key", "fresh", "--admin-channel", "C0SAME", "--program-channel", "C0SAME"],
            "must be different channels",
        ),
    ],
)
def test_create_refuses_bad_input_saving_nothing(
    cli_deps: Deps, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    create_program(cli_deps, TEAM_ID, "Taken", "taken", admin_channel="C0TAKEN")
    before = len(rows(cli_deps, ProgramRecord)), len(rows(cli_deps, AuditRecord))
    assert _create(*args) == 2
    err = capsys.readouterr().err
    assert "mentorbot program: " in err and message in err
    assert (len(rows(cli_deps, ProgramRecord)), len(rows(cli_deps, AuditRecord))) == before


def test_create_refuses_the_first_programs_operator_channel(
    cli_deps: Deps, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MENTORBOT_ADMIN_CHANNEL", "C0OPSADM")
    make_person(cli_deps, "U0ADA", "mentor")  # the first program, on the operator's channel
    assert _create("Eng", "--key", "eng", "--program-channel", "C0OPSADM") == 2
    assert "already belongs to program mentoring" in capsys.readouterr().err


def test_list_without_programs(cli_deps: Deps, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["program", "list", "--team", TEAM_ID]) == 0
    assert "no programs" in capsys.readouterr().out


def _csv(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in lines))
    return str(path)


def test_import_uses_the_only_program_and_needs_program_when_several(
    cli_deps: Deps, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eng = create_program(cli_deps, TEAM_ID, "Engineering", "eng")
    csv = _csv(tmp_path, "U0ADA,Ada,mentor,python,,UTC,2,weekly")
    assert main(["import", csv, "--team", TEAM_ID]) == 0
    assert "Added 1" in capsys.readouterr().out
    buddies = create_program(cli_deps, TEAM_ID, "Buddies", "buddies")
    assert main(["import", csv, "--team", TEAM_ID]) == 2
    err = capsys.readouterr().err
    assert "pass --program KEY" in err and "eng (Engineering)" in err and "buddies (Buddies)" in err
    assert main(["import", csv, "--program", "nope", "--team", TEAM_ID]) == 2
    assert "no program with the key 'nope'" in capsys.readouterr().err
    csv = _csv(tmp_path, "U0ADA,Ada L,mentee,,go,Europe/London,,weekly", "U0BO,Bo,mentee,,python,UTC,,weekly")
    assert main(["import", csv, "--program", "buddies", "--team", TEAM_ID]) == 0
    assert "Added 2, updated 0" in capsys.readouterr().out
    people = {(p.slack_user_id, p.program_id): p for p in rows(cli_deps, PersonRecord)}
    assert set(people) == {("U0ADA", eng.id), ("U0ADA", buddies.id), ("U0BO", buddies.id)}
    assert people["U0ADA", eng.id].role == "mentor" and people["U0ADA", buddies.id].role == "mentee"
    # one identity: the later import's time zone reads through both memberships
    assert people["U0ADA", eng.id].identity_id == people["U0ADA", buddies.id].identity_id


def test_match_per_program(cli_deps: Deps, capsys: pytest.CaptureFixture[str]) -> None:
    eng = create_program(cli_deps, TEAM_ID, "Engineering", "eng")
    make_person(cli_deps, "U0BO", "mentee", program_id=eng.id)
    make_person(cli_deps, "U0ADA", "mentor", program_id=eng.id)
    assert main(["match", "--dry-run", "--json", "--team", TEAM_ID]) == 0  # the only program
    assert [(p["mentee"], p["mentor"]) for p in json.loads(capsys.readouterr().out)["pairs"]] == [
        ("U0BO", "U0ADA")
    ]
    buddies = create_program(cli_deps, TEAM_ID, "Buddies", "buddies")
    make_person(cli_deps, "U0CY", "mentee", program_id=buddies.id)
    make_person(cli_deps, "U0DEE", "mentor", program_id=buddies.id)
    assert main(["match", "--dry-run", "--team", TEAM_ID]) == 2
    assert "pass --program KEY to choose one: eng (Engineering), buddies (Buddies)" in capsys.readouterr().err
    assert main(["match", "--dry-run", "--json", "--program", "buddies", "--team", TEAM_ID]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(p["mentee"], p["mentor"]) for p in data["pairs"]] == [("U0CY", "U0DEE")]
    assert data["unmatched"] == []
    # Without --dry-run a program with no admin channel of its own (and not the first) can't post.
    assert main(["match", "--program", "buddies", "--team", TEAM_ID]) == 2
    assert "no admin channel" in capsys.readouterr().err


def test_matching_round_is_stored_in_its_program(cli_deps: Deps) -> None:
    from bot.services import pairing
    from storage.records import MatchRoundRecord

    eng = create_program(cli_deps, TEAM_ID, "Engineering", "eng")
    buddies = create_program(cli_deps, TEAM_ID, "Buddies", "buddies", admin_channel="C0BUDADM")
    make_person(cli_deps, "U0CY", "mentee", program_id=buddies.id)
    make_person(cli_deps, "U0DEE", "mentor", program_id=buddies.id)
    first = pairing.run_round(cli_deps, TEAM_ID, None, program_id=eng.id)
    plan = pairing.run_round(cli_deps, TEAM_ID, None, program_id=buddies.id)
    assert plan.program_id == buddies.id
    stored = {r.id: (r.program_id, r.status) for r in rows(cli_deps, MatchRoundRecord)}
    # the second round supersedes nothing of the other program
    assert stored == {first.round_id: (eng.id, "proposed"), plan.round_id: (buddies.id, "proposed")}

    posted: list[str] = []

    class Client:
        def chat_postMessage(self, *, channel: str, **_: object) -> dict[str, str]:  # noqa: N802
            posted.append(channel)
            return {"channel": channel, "ts": "1.0"}

    from handlers.pairing.listeners import post_round

    post_round(Client(), cli_deps, TEAM_ID, plan)  # type: ignore[arg-type]
    assert posted == ["C0BUDADM"]
    with cli_deps.uow() as uow:
        assert uow.session.scalars(select(MatchRoundRecord.message_channel)).all().count("C0BUDADM") == 1
