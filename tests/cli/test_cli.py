"""The command line: db upgrade, import (per-row validation), exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bot.cli import main
from storage.records import PersonRecord

HEADER = "slack_user_id,name,email,role,offers,wants,department,manager_slack_id,timezone,capacity,cadence\n"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "MENTORBOT_ADMIN_CHANNEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def _people(url: str) -> dict[str, PersonRecord]:
    engine = create_engine(url)
    with Session(engine) as session:
        people = {p.slack_user_id: p for p in session.scalars(select(PersonRecord))}
    engine.dispose()
    return people


def test_db_upgrade_creates_the_schema(env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"]) == 0
    assert "up to date" in capsys.readouterr().out
    assert _people(env) == {}
    assert main(["db", "upgrade"]) == 0


def test_import_adds_updates_and_rejects_rows(
    env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text(
        HEADER
        + "U0ADA,Ada Lovelace,ada@example.com,mentor,Python;Public speaking,,Platform,,Europe/London,2,weekly\n"
        + "U0BO,Bo Chen,bo@example.com,mentee,,System design; python,Payments,U0ADA,America/New_York,,biweekly\n"
        + "U0BAD,Bad Zone,,mentee,,python,,,Mars/Olympus,,weekly\n"
        + "U0NOTOPIC,No Topic,,mentor,,,,,UTC,1,weekly\n"
        + "nobody,Bad Id,,mentee,,go,,,UTC,,weekly\n"
        + "U0CAP,Too Many,,mentor,go,,,,UTC,9,weekly\n"
        + "U0ADA,Ada Again,,mentor,go,,,,UTC,1,weekly\n"
    )
    assert main(["import", str(csv), "--team", "T0TEST"]) == 0
    out = capsys.readouterr().out
    assert "Added 2, updated 0, rejected 5." in out
    assert "line 4 (U0BAD)" in out and "Mars/Olympus" in out
    assert "line 5 (U0NOTOPIC)" in out
    assert "line 8 (U0ADA): duplicate of line 2" in out
    people = _people(env)
    assert set(people) == {"U0ADA", "U0BO"}
    assert people["U0ADA"].offers == ["python", "public speaking"]
    assert people["U0BO"].manager_slack_id == "U0ADA"
    assert people["U0BO"].timezone == "America/New_York"

    csv.write_text(HEADER + "U0BO,Bo Chen,,both,Go,Leadership,Payments,,America/New_York,1,monthly\n")
    assert main(["import", str(csv), "--team", "T0TEST"]) == 0
    assert "Added 0, updated 1, rejected 0." in capsys.readouterr().out
    bo = _people(env)["U0BO"]
    assert bo.role == "both"
    assert bo.wants == ["leadership"]
    assert bo.cadence == "monthly"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "header row is required"),
        ("slack_user_id,role,favourite_colour\nU0A,mentee,blue\n", "unknown column(s) favourite_colour"),
        ("name,role\nAda,mentor\n", "missing required column(s): slack_user_id"),
    ],
)
def test_import_rejects_bad_files_with_exit_2(
    env: str, tmp_path: Path, content: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_text(content)
    assert main(["import", str(csv), "--team", "T0TEST"]) == 2
    assert message in capsys.readouterr().out
    assert _people(env) == {}


def test_import_missing_file_and_no_team(
    env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(tmp_path / "nope.csv"), "--team", "T0TEST"]) == 2
    assert "is not a file" in capsys.readouterr().err
    csv = tmp_path / "p.csv"
    csv.write_text(HEADER)
    assert main(["import", str(csv)]) == 2
    assert "--team" in capsys.readouterr().err


def test_demo_without_devtools_says_so_and_exits_1(
    env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import bot.cli.demo

    monkeypatch.setattr(bot.cli.demo, "DEMO_MODULE", "devtools_absent_in_this_image.demo")
    assert main(["demo"]) == 1
    assert "devtools" in capsys.readouterr().err


def test_every_contract_command_is_in_the_command_table() -> None:
    from bot.cli import COMMANDS

    names = {command.name for command in COMMANDS}
    assert {"serve", "tick", "match", "import", "db", "demo", "rotate-keys", "new-key"} <= names
