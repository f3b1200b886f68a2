"""`mentorbot match`: the contract's JSON shape; --dry-run saves and sends nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from bot.cli import main
from bot.config import Settings
from bot.deps import Deps, build_deps
from bot.domain.matching import solver
from devtools.emulator.clock import Clock
from devtools.emulator.server import TEAM_ID
from storage.records import MatchRoundRecord
from tests.support.factories import make_person


@pytest.fixture
def cli_deps(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Deps]:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "MENTORBOT_ADMIN_CHANNEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.chdir(sqlite_url.rsplit("/", 1)[0].replace("sqlite:///", "") or ".")
    built = build_deps(Settings(_env_file=None, database_url=sqlite_url), clock=Clock())
    yield built
    built.engine.dispose()


def test_match_dry_run_json_shape(cli_deps: Deps, capsys: pytest.CaptureFixture[str]) -> None:
    make_person(cli_deps, "U0BO", "mentee", wants=["system design"])
    make_person(cli_deps, "U0CY", "mentee", wants=["knitting"])
    make_person(cli_deps, "U0ADA", "mentor", offers=["system design"])
    code = main(["match", "--dry-run", "--json", "--team", TEAM_ID])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"pairs", "unmatched", "total_score", "optimal"}
    assert data["optimal"] is True and data["total_score"] == data["pairs"][0]["score"]
    [pair] = data["pairs"]
    assert set(pair) == {"mentee", "mentor", "score", "reasons"}
    assert pair["mentee"] == "U0BO" and pair["mentor"] == "U0ADA"
    assert (
        isinstance(pair["score"], int)
        and pair["reasons"]
        and all(isinstance(r, str) for r in pair["reasons"])
    )
    assert data["unmatched"] == [{"mentee": "U0CY", "reason": "No mentor offers knitting yet"}]
    with cli_deps.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(MatchRoundRecord)) == 0


def test_match_text_output_and_missing_admin_channel(
    cli_deps: Deps, capsys: pytest.CaptureFixture[str]
) -> None:
    make_person(cli_deps, "U0BO", "mentee", name="Bo Chen", wants=["python"])
    make_person(cli_deps, "U0ADA", "mentor", name="Ada Lovelace", offers=["python"])
    assert main(["match", "--dry-run", "--team", TEAM_ID]) == 0
    out = capsys.readouterr().out
    assert "Bo Chen (U0BO) <- Ada Lovelace (U0ADA)" in out and "Dry run" in out
    assert main(["match", "--team", TEAM_ID]) == 2
    assert "MENTORBOT_ADMIN_CHANNEL" in capsys.readouterr().err


def test_match_json_reports_the_gap_when_the_time_limit_stops_the_proof(
    cli_deps: Deps, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # One candidate per mentee and no exact-size shortcut: both mentees keep Ada (the lower id
    # among equals), one waits; pricing finds Lin for it, but the 0 s limit stops before the re-solve.
    monkeypatch.setattr(solver, "EXACT_SIZE_LIMIT", 0)
    monkeypatch.setattr(solver, "DEFAULT_CANDIDATES_PER_MENTEE", 1)
    make_person(cli_deps, "U0BO", "mentee", wants=["python"])
    make_person(cli_deps, "U0CY", "mentee", wants=["python"])
    make_person(cli_deps, "U0ADA", "mentor", offers=["python"])
    make_person(cli_deps, "U0LIN", "mentor", offers=["python"])
    assert main(["match", "--dry-run", "--json", "--time-limit", "0", "--team", TEAM_ID]) == 0
    stopped = json.loads(capsys.readouterr().out)
    assert len(stopped["pairs"]) == 1 and stopped["optimal"] is False
    assert stopped["gap"] == {"mentees": 1, "score": None}
    assert main(["match", "--dry-run", "--json", "--team", TEAM_ID]) == 0
    proven = json.loads(capsys.readouterr().out)
    assert len(proven["pairs"]) == 2 and proven["optimal"] is True and "gap" not in proven
    assert proven["total_score"] == sum(p["score"] for p in proven["pairs"])
    assert main(["match", "--dry-run", "--time-limit", "0", "--team", TEAM_ID]) == 0
    assert "the time limit stopped the proof" in capsys.readouterr().out
    assert main(["match", "--dry-run", "--time-limit", "-1", "--team", TEAM_ID]) == 2
