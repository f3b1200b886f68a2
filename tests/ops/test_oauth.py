"""OAuth installs through the real HTTP endpoints: encrypted tokens, rotation, uninstall, revocation."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text

from bot.cli import main
from bot.cli.keys import cmd_rotate_keys
from bot.crypto import TokenCipher, key_fingerprint
from bot.deps import Deps, build_deps
from bot.ports import WorkspaceUnavailable
from bot.server import RunningBot, start_in_thread
from devtools.emulator import FakeSlack, Workspace
from devtools.emulator.clock import Clock
from devtools.emulator.server import BOT_USER_ID
from handlers.slack import ids
from handlers.slack.gateway import SlackGateway
from storage.records import InstallationRecord, PersonRecord, ScheduledMessageRecord, WorkspaceRecord
from tests.support.oauth import KEY_1, KEY_2, get, install, oauth_settings, start_install
from tests.support.settings import SIGNING_SECRET


@pytest.fixture
def oauth_deps(db_url: str, fake_slack: FakeSlack, clock: Clock) -> Iterator[Deps]:
    built = build_deps(oauth_settings(db_url, fake_slack), clock=clock)
    yield built
    built.engine.dispose()


@pytest.fixture
def oauth_bot(oauth_deps: Deps) -> Iterator[RunningBot]:
    running = start_in_thread(oauth_deps)
    yield running
    running.stop()


def _installation(deps: Deps, team_id: str) -> InstallationRecord:
    with deps.uow() as uow:
        return uow.session.scalars(
            select(InstallationRecord).where(InstallationRecord.team_id == team_id)
        ).one()


def _gateway(deps: Deps) -> SlackGateway:
    assert isinstance(deps.slack, SlackGateway)
    return deps.slack


def _switched_off(deps: Deps, team_id: str) -> bool:
    try:
        _gateway(deps).client_for(team_id)
    except WorkspaceUnavailable:
        return True
    return False


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_install_stores_tokens_encrypted_and_the_bot_then_serves_the_workspace(
    oauth_bot: RunningBot, oauth_deps: Deps, fake_slack: FakeSlack
) -> None:
    state, cookie, query = start_install(oauth_bot.url)
    assert query["client_id"] == ["1234.5678"]
    assert "chat:write" in query["scope"][0] and "commands" in query["scope"][0]
    code = fake_slack.issue_oauth_code("U0INSTALLER")
    page = get(f"{oauth_bot.url}/slack/oauth_redirect?code={code}&state={state}", cookie)
    assert page.status == 200
    (token,) = {t for t in fake_slack.tokens if t.startswith(f"xoxb-{fake_slack.team_id}")}
    exchange = fake_slack.calls_to("oauth.v2.access")
    assert len(exchange) == 1 and exchange[0].params["code"] == code

    record = _installation(oauth_deps, fake_slack.team_id)
    assert record.active and record.installer_user_id == "U0INSTALLER"
    assert record.key_id == key_fingerprint(KEY_1.encode())
    with oauth_deps.engine.connect() as conn:
        raw = " ".join(str(v) for v in conn.execute(text("SELECT * FROM installations")).one())
    assert token not in raw and "xoxb-" not in raw
    assert TokenCipher.from_setting(KEY_1).decrypt(str(record.bot_token_enc)) == token
    with oauth_deps.uow() as uow:
        workspace = uow.programs.workspace(fake_slack.team_id)
        assert workspace is not None and workspace.active

    # The state is single-use, and a redirect without the browser's cookie is refused.
    assert get(f"{oauth_bot.url}/slack/oauth_redirect?code=x&state={state}", cookie).status == 401
    state2, _cookie2, _ = start_install(oauth_bot.url)
    assert get(f"{oauth_bot.url}/slack/oauth_redirect?code=x&state={state2}").status == 400

    # The bot now works in that workspace, with the installed token.
    ws = Workspace(fake_slack, oauth_bot.url, SIGNING_SECRET, settle=oauth_bot.settle)
    ada = ws.person("U0ADA", "Ada Lovelace")
    assert ada.command("join").status == 200
    assert ada.modal()["callback_id"] == ids.PROFILE_MODAL
    assert fake_slack.calls_to("views.open")[-1].token == token
    assert _gateway(oauth_deps).client_for(fake_slack.team_id).token == token


def test_an_unknown_workspace_is_told_the_app_is_not_installed(
    oauth_bot: RunningBot, fake_slack: FakeSlack
) -> None:
    ws = Workspace(fake_slack, oauth_bot.url, SIGNING_SECRET, settle=oauth_bot.settle)
    ada = ws.person("U0ADA", "Ada Lovelace")
    assert ada.command("join").status == 200
    fake_slack.wait_idle()
    assert fake_slack.calls_to("views.open") == []


def test_token_rotation_refreshes_for_scheduled_jobs_without_a_request(
    oauth_bot: RunningBot, oauth_deps: Deps, fake_slack: FakeSlack
) -> None:
    first = install(oauth_bot.url, fake_slack, rotation=True, expires_in=600)
    assert first.startswith("xoxe.xoxb-")
    gateway = _gateway(oauth_deps)
    gateway.forget(fake_slack.team_id)
    client = gateway.client_for(fake_slack.team_id, interactive=False)  # as a scheduled job does
    refreshes = [c for c in fake_slack.calls_to("oauth.v2.access") if c.params.get("grant_type")]
    assert len(refreshes) == 1
    assert client.token not in (None, first)
    record = _installation(oauth_deps, fake_slack.team_id)
    assert record.bot_token_expires_at is not None
    assert record.bot_token_expires_at > datetime.now(UTC) + timedelta(hours=11)
    cipher = TokenCipher.from_setting(KEY_1)
    assert cipher.decrypt(str(record.bot_token_enc)) == client.token
    assert client.token not in str(record.bot_token_enc)
    # Fresh for 12 hours now: no second refresh, by this replica or by another one.
    gateway.forget(fake_slack.team_id)
    assert gateway.client_for(fake_slack.team_id).token == client.token
    assert len([c for c in fake_slack.calls_to("oauth.v2.access") if c.params.get("grant_type")]) == 1
    client.chat_postMessage(channel="C0GENERAL", text="still works")


def test_key_rotation_reencrypts_every_row_with_the_newest_key(
    oauth_bot: RunningBot, oauth_deps: Deps, fake_slack: FakeSlack, db_url: str, clock: Clock
) -> None:
    token = install(oauth_bot.url, fake_slack)
    before = _installation(oauth_deps, fake_slack.team_id)
    rotated_deps = build_deps(oauth_settings(db_url, fake_slack, key=f"{KEY_2},{KEY_1}"), clock=clock)
    try:
        # Before rotate-keys runs, the new key set still decrypts the old rows.
        gateway = start_in_thread(rotated_deps)
        gateway.stop()
        assert _gateway(rotated_deps).client_for(fake_slack.team_id).token == token
        assert cmd_rotate_keys(argparse.Namespace(), rotated_deps) == 0
    finally:
        rotated_deps.engine.dispose()
    after = _installation(oauth_deps, fake_slack.team_id)
    assert after.key_id == key_fingerprint(KEY_2.encode()) != before.key_id
    assert after.bot_token_enc != before.bot_token_enc
    assert TokenCipher.from_setting(KEY_2).decrypt(str(after.bot_token_enc)) == token
    with pytest.raises(Exception, match="no configured key"):
        TokenCipher.from_setting(KEY_1).decrypt(str(after.bot_token_enc))


def test_rotate_keys_cli_reports_rows_no_key_decrypts(
    oauth_bot: RunningBot,
    fake_slack: FakeSlack,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    install(oauth_bot.url, fake_slack)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("MENTORBOT_ENCRYPTION_KEY", f"{KEY_2},{KEY_1}")
    assert main(["rotate-keys"]) == 0
    assert "re-encrypted 1 installation(s)" in capsys.readouterr().out
    assert main(["rotate-keys"]) == 0
    assert "0 installation(s)" in capsys.readouterr().out
    monkeypatch.setenv("MENTORBOT_ENCRYPTION_KEY", Fernet.generate_key().decode())
    assert main(["rotate-keys"]) == 1
    out = capsys.readouterr().out
    assert "could not be decrypted" in out and fake_slack.team_id in out
    monkeypatch.setenv("MENTORBOT_ENCRYPTION_KEY", "not-a-key")
    assert main(["rotate-keys"]) == 2


def _add_pending_message(deps: Deps, team_id: str) -> None:
    with deps.uow() as uow:
        uow.session.add(
            ScheduledMessageRecord(
                team_id=team_id,
                mentorship_id=0,
                kind="check_in",
                period_key="2026-W10",
                recipient="U0ADA",
                due_at=deps.clock() + timedelta(days=1),
                payload={},
                state="pending",
                created_at=deps.clock(),
            )
        )


def _workspace(deps: Deps, team_id: str) -> WorkspaceRecord:
    with deps.uow() as uow:
        workspace = uow.programs.workspace(team_id)
        assert workspace is not None
        return workspace


def test_app_uninstalled_stops_sending_keeps_data_and_a_reinstall_resumes(
    oauth_bot: RunningBot, oauth_deps: Deps, fake_slack: FakeSlack
) -> None:
    install(oauth_bot.url, fake_slack)
    ws = Workspace(fake_slack, oauth_bot.url, SIGNING_SECRET, settle=oauth_bot.settle)
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("join")
    ada.submit({ids.PROFILE_ROLE: "mentee", ids.PROFILE_WANTS: "leadership"})
    ada.last_dm(containing="Welcome")
    _add_pending_message(oauth_deps, fake_slack.team_id)

    assert ws.post_event({"type": "app_uninstalled"}).status == 200
    fake_slack.wait_for(lambda: _switched_off(oauth_deps, fake_slack.team_id))
    assert not _workspace(oauth_deps, fake_slack.team_id).active
    record = _installation(oauth_deps, fake_slack.team_id)
    assert not record.active and record.bot_token_enc is None and record.bot_refresh_token_enc is None
    with pytest.raises(WorkspaceUnavailable):
        _gateway(oauth_deps).client_for(fake_slack.team_id)
    with oauth_deps.uow() as uow:
        assert uow.people.by_slack_id(fake_slack.team_id, "U0ADA") is not None  # data kept
        states = uow.session.scalars(select(ScheduledMessageRecord.state)).all()
        assert states == ["cancelled"]
        assert [w.team_id for w in uow.programs.workspaces()] == []  # jobs skip it

    calls = len(fake_slack.calls)
    ada.command("profile")
    fake_slack.wait_idle()
    assert [c.method for c in fake_slack.calls[calls:]] == ["response_url"]

    token = install(oauth_bot.url, fake_slack)
    assert _workspace(oauth_deps, fake_slack.team_id).active
    assert _gateway(oauth_deps).client_for(fake_slack.team_id).token == token
    ada.command("profile")
    assert ada.modal()["callback_id"] == ids.PROFILE_MODAL


def test_tokens_revoked_for_the_bot_stops_sending(ws: Workspace, deps: Deps, fake_slack: FakeSlack) -> None:
    assert ws.post_event({"type": "tokens_revoked", "tokens": {"oauth": ["U0ADA"]}}).status == 200
    fake_slack.wait_idle()
    assert _gateway(deps).client_for(fake_slack.team_id) is not None  # only a user token: no change
    _add_pending_message(deps, fake_slack.team_id)
    reply = ws.post_event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": [BOT_USER_ID]}})
    assert reply.status == 200
    fake_slack.wait_for(lambda: _switched_off(deps, fake_slack.team_id))
    assert not _workspace(deps, fake_slack.team_id).active
    with deps.uow() as uow:
        assert uow.session.scalars(select(ScheduledMessageRecord.state)).all() == ["cancelled"]
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("join")
    fake_slack.wait_idle()
    assert fake_slack.calls_to("views.open") == []


def test_uninstall_in_single_workspace_mode_keeps_people(
    ws: Workspace, deps: Deps, fake_slack: FakeSlack
) -> None:
    ada = ws.person("U0ADA", "Ada Lovelace")
    ada.command("join")
    ada.submit({ids.PROFILE_ROLE: "mentee", ids.PROFILE_WANTS: "leadership"})
    ada.last_dm(containing="Welcome")
    ws.post_event({"type": "app_uninstalled"})
    fake_slack.wait_for(lambda: _switched_off(deps, fake_slack.team_id))
    assert not _workspace(deps, fake_slack.team_id).active
    with deps.uow() as uow:
        assert uow.session.scalars(select(PersonRecord.slack_user_id)).all() == ["U0ADA"]
