"""`mentorbot match`: the contract's JSON shape; --dry-run saves and sends nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from bot.cli import main
from bot.config import Settings
from bot.deps import Deps, build_deps
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
    assert set(data) == {"pairs", "unmatched"}
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
