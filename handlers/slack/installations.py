"""Multi-workspace installs: an encrypted installation store over our tables, the OAuth state
store, token rotation (for requests and for scheduled jobs alike) and the workspace on/off switch.

Bot tokens and refresh tokens are stored encrypted (bot.crypto); plain tokens exist only in
memory. Several replicas share everything through the database: states are consumed with one
DELETE, and a token refresh takes a row lock so only one replica calls oauth.v2.access.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.error import BoltError
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store import InstallationStore as SdkInstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.crypto import TokenCipher, TokenDecryptError
from bot.deps import Deps
from bot.ports import WorkspaceUnavailable
from bot.services import workspaces
from handlers.slack.gateway import SlackGateway
from storage.records import InstallationRecord, WorkspaceRecord
from storage.repositories.installations import InstallationRepository, OAuthStateRepository

logger = logging.getLogger(__name__)

ROTATE_MINUTES_BEFORE_EXPIRY = 120
CACHE_SECONDS = 10.0
STATE_SECONDS = 600
# What the OAuth redirect's parameters look like when Slack (and our state store) made them.
_OAUTH_PARAMS = {
    "code": re.compile(r"^[A-Za-z0-9._-]{1,256}$"),
    "state": re.compile(r"^[A-Za-z0-9_-]{1,200}$"),
    "error": re.compile(r"^[a-z0-9_]{1,64}$"),
}


@dataclass(frozen=True)
class _Cached:
    known: bool  # False: we hold nothing for this team (single-workspace token applies)
    token: str | None  # None for a known team: the workspace is switched off
    bot_user_id: str | None
    bot_id: str | None
    expires_at: float | None  # epoch seconds of the token's expiry (token rotation)
    fetched_at: float


def _epoch(value: datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


class Installations(SdkInstallationStore):
    """The installation store (for Bolt's OAuth flow) and the gateway's per-workspace tokens."""

    def __init__(
        self,
        deps: Deps,
        cipher: TokenCipher | None,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        client: WebClient | None = None,
    ) -> None:
        self.deps = deps
        self.cipher = cipher
        self.client_id = client_id
        self._rotator = (
            TokenRotator(client_id=client_id, client_secret=client_secret, client=client)
            if client_id and client_secret
            else None
        )
        self._cache: dict[str, _Cached] = {}
        self._lock = threading.Lock()

    @property
    def logger(self) -> logging.Logger:
        """The store's logger (the SDK's interface asks for one)."""
        return logger

    # -- saving (the OAuth redirect) ------------------------------------------------------------
    def save(self, installation: Installation) -> None:
        """Store a new or renewed installation with its tokens encrypted; switch the workspace on."""
        if self.cipher is None:
            raise BoltError("MENTORBOT_ENCRYPTION_KEY is required to store installations")
        now = self.deps.clock()
        expires_at = installation.bot_token_expires_at
        with self.deps.uow() as uow:
            repo = uow.repo(InstallationRepository)
            record = repo.find(
                enterprise_id=installation.enterprise_id,
                team_id=installation.team_id,
                enterprise_install=bool(installation.is_enterprise_install),
                active_only=False,
                lock=True,
            )
            if record is None:
                record = repo.add(InstallationRecord(team_id=installation.team_id, installed_at=now))
            record.enterprise_id = installation.enterprise_id
            record.is_enterprise_install = bool(installation.is_enterprise_install)
            record.app_id = installation.app_id
            record.bot_id = installation.bot_id
            record.bot_user_id = installation.bot_user_id
            record.installer_user_id = installation.user_id
            record.bot_scopes = ",".join(installation.bot_scopes or [])
            record.bot_token_enc = (
                self.cipher.encrypt(installation.bot_token) if installation.bot_token else None
            )
            record.bot_refresh_token_enc = (
                self.cipher.encrypt(installation.bot_refresh_token)
                if installation.bot_refresh_token
                else None
            )
            record.bot_token_expires_at = datetime.fromtimestamp(expires_at, UTC) if expires_at else None
            record.key_id = self.cipher.key_id
            record.active = True
            record.installed_at = now
            if installation.team_id:
                workspace = uow.programs.ensure_workspace(installation.team_id, now)
                workspace.active = True
                workspace.uninstalled_at = None
                workspace.name = installation.team_name or workspace.name
                workspace.enterprise_id = installation.enterprise_id
                workspace.bot_user_id = installation.bot_user_id
        if installation.team_id:
            self.forget(installation.team_id)
        logger.info(
            "installation saved team=%s enterprise=%s rotation=%s",
            installation.team_id,
            installation.enterprise_id,
            bool(installation.bot_refresh_token),
        )

    def save_bot(self, bot: Bot) -> None:
        """Store a bot-only installation (the SDK's interface)."""
        self.save(
            Installation(
                app_id=bot.app_id,
                enterprise_id=bot.enterprise_id,
                team_id=bot.team_id,
                team_name=bot.team_name,
                bot_token=bot.bot_token,
                bot_id=bot.bot_id,
                bot_user_id=bot.bot_user_id,
                bot_scopes=bot.bot_scopes,
                bot_refresh_token=bot.bot_refresh_token,
                bot_token_expires_at=bot.bot_token_expires_at,
                is_enterprise_install=bot.is_enterprise_install,
                user_id="",
            )
        )

    # -- finding ----------------------------------------------------------------------------------
    def _to_installation(self, record: InstallationRecord) -> Installation | None:
        if self.cipher is None or not record.bot_token_enc:
            return None
        try:
            token = self.cipher.decrypt(record.bot_token_enc)
            refresh = (
                self.cipher.decrypt(record.bot_refresh_token_enc) if record.bot_refresh_token_enc else None
            )
        except TokenDecryptError:
            logger.error("installation undecryptable team=%s key_id=%s", record.team_id, record.key_id)
            return None
        expires = record.bot_token_expires_at
        return Installation(
            app_id=record.app_id,
            enterprise_id=record.enterprise_id,
            team_id=record.team_id,
            bot_token=token,
            bot_id=record.bot_id,
            bot_user_id=record.bot_user_id,
            bot_scopes=record.bot_scopes or "",
            bot_refresh_token=refresh,
            bot_token_expires_at=int(expires.timestamp()) if expires else None,
            user_id=record.installer_user_id or "",
            is_enterprise_install=record.is_enterprise_install,
            installed_at=record.installed_at.timestamp(),
        )

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,  # noqa: ARG002 - we store bot installations only
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        """Return the active installation for a workspace (or an org), tokens decrypted."""
        with self.deps.uow() as uow:
            record = uow.repo(InstallationRepository).find(
                enterprise_id=enterprise_id, team_id=team_id, enterprise_install=bool(is_enterprise_install)
            )
            return self._to_installation(record) if record is not None else None

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """Return the active bot for a workspace (or an org), token decrypted."""
        installation = self.find_installation(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        return installation.to_bot() if installation is not None else None

    def delete_installation(
        self,
        *,
        enterprise_id: str | None,  # noqa: ARG002 - workspaces are keyed by team id
        team_id: str | None,
        user_id: str | None = None,  # noqa: ARG002
    ) -> None:
        """Switch the workspace off and wipe its tokens (its program data is kept)."""
        if team_id:
            workspaces.switch_off(self.deps, team_id)
            self.forget(team_id)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Same as delete_installation: we store bot installations only."""
        self.delete_installation(enterprise_id=enterprise_id, team_id=team_id)

    # -- the gateway's hook -----------------------------------------------------------------------
    def forget(self, team_id: str) -> None:
        """Drop this process's cached token for a workspace."""
        with self._lock:
            self._cache.pop(team_id, None)

    def _lookup(self, enterprise_id: str | None, team_id: str) -> _Cached:
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(team_id)
        fresh = cached is not None and now - cached.fetched_at < CACHE_SECONDS
        expiring = (
            cached is not None
            and cached.expires_at is not None
            and cached.expires_at - time.time() < ROTATE_MINUTES_BEFORE_EXPIRY * 60
        )
        if cached is not None and fresh and not expiring:
            return cached
        found = self._load(enterprise_id, team_id)
        with self._lock:
            self._cache[team_id] = found
        return found

    def _load(self, enterprise_id: str | None, team_id: str) -> _Cached:
        with self.deps.uow(read_only=True) as uow:  # on every request whose token is not cached
            repo = uow.repo(InstallationRepository)
            record = repo.find(enterprise_id=enterprise_id, team_id=team_id)
            if record is None and enterprise_id:
                record = repo.find(enterprise_id=enterprise_id, team_id=None, enterprise_install=True)
            if record is None:
                workspace = uow.session.get(WorkspaceRecord, team_id)
                known_off = workspace is not None and not workspace.active
                stored = repo.find(enterprise_id=None, team_id=team_id, active_only=False)
                return _Cached(known_off or stored is not None, None, None, None, None, time.monotonic())
            record_id = record.id
            installation = self._to_installation(record)
        if installation is None:
            return _Cached(True, None, None, None, None, time.monotonic())
        if self._needs_rotation(installation):
            installation = self._rotate(record_id) or installation
        return _Cached(
            True,
            installation.bot_token,
            installation.bot_user_id,
            installation.bot_id,
            float(installation.bot_token_expires_at) if installation.bot_token_expires_at else None,
            time.monotonic(),
        )

    def _needs_rotation(self, installation: Installation) -> bool:
        expires = installation.bot_token_expires_at
        return (
            self._rotator is not None
            and bool(installation.bot_refresh_token)
            and expires is not None
            and expires - time.time() < ROTATE_MINUTES_BEFORE_EXPIRY * 60
        )

    def _rotate(self, record_id: int) -> Installation | None:
        """Refresh an expiring token under a row lock, so one replica refreshes and all see it."""
        assert self._rotator is not None  # noqa: S101 - checked by _needs_rotation
        assert self.cipher is not None  # noqa: S101
        with self.deps.uow() as uow:
            record = uow.session.get(InstallationRecord, record_id, with_for_update=True)
            if record is None or not record.active:
                return None
            installation = self._to_installation(record)
            if installation is None or not self._needs_rotation(installation):
                return installation  # another replica refreshed it meanwhile
            try:
                rotated = self._rotator.perform_bot_token_rotation(
                    bot=installation.to_bot(), minutes_before_expiration=ROTATE_MINUTES_BEFORE_EXPIRY
                )
            except (SlackTokenRotationError, SlackApiError) as err:
                logger.error("token refresh failed team=%s error=%s", record.team_id, type(err).__name__)
                return installation
            if rotated is None:
                return installation
            record.bot_token_enc = self.cipher.encrypt(rotated.bot_token)
            record.bot_refresh_token_enc = (
                self.cipher.encrypt(rotated.bot_refresh_token) if rotated.bot_refresh_token else None
            )
            expires = rotated.bot_token_expires_at
            record.bot_token_expires_at = datetime.fromtimestamp(expires, UTC) if expires else None
            record.key_id = self.cipher.key_id
            installation.bot_token = rotated.bot_token
            installation.bot_refresh_token = rotated.bot_refresh_token
            installation.bot_token_expires_at = expires
            logger.info("bot token refreshed team=%s", record.team_id)
            return installation

    def bot_token_for(self, team_id: str) -> str | None:
        """The workspace's bot token (refreshed when near expiry); None when we never stored one.

        Raises WorkspaceUnavailable when the workspace uninstalled the app or revoked its tokens.
        """
        found = self._lookup(None, team_id)
        if not found.known:
            return None
        if found.token is None:
            raise WorkspaceUnavailable(team_id)
        return found.token

    def authorize(self, enterprise_id: str | None, team_id: str) -> AuthorizeResult | None:
        """Bolt's authorize for one workspace: None when it is switched off or unknown to us."""
        found = self._lookup(enterprise_id, team_id)
        if found.token is None:
            return None
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            bot_token=found.token,
            bot_user_id=found.bot_user_id,
            bot_id=found.bot_id,
        )

    def knows(self, team_id: str) -> bool:
        """Whether we hold any record (installation or switched-off workspace) for this team."""
        return self._lookup(None, team_id).known


class StateStore(OAuthStateStore):
    """OAuth state values in the database: issued by any replica, consumed once by any replica."""

    def __init__(self, deps: Deps, expiration_seconds: int = STATE_SECONDS) -> None:
        self.deps = deps
        self.expiration_seconds = expiration_seconds

    @property
    def logger(self) -> logging.Logger:
        """The store's logger (the SDK's interface asks for one)."""
        return logger

    def issue(self, *args: Any, **kwargs: Any) -> str:  # noqa: ARG002 - the SDK's signature
        """Issue a new random state value."""
        state = secrets.token_urlsafe(32)
        now = self.deps.clock()
        with self.deps.uow() as uow:
            repo = uow.repo(OAuthStateRepository)
            repo.purge(now)
            repo.add(state, now + timedelta(seconds=self.expiration_seconds))
        return state

    def consume(self, state: str) -> bool:
        """Use up a state value; True only the first time and before it expires."""
        if not state or len(state) > 200:
            return False
        with self.deps.uow() as uow:
            return uow.repo(OAuthStateRepository).consume(state, self.deps.clock())


# -- wiring -------------------------------------------------------------------------------------
BOT_SCOPES = [
    "commands",
    "chat:write",
    "im:write",
    "mpim:write",
    "users:read",
    "channels:read",
    "groups:read",
    "files:write",
]


def authorization_url(api_url: str) -> str:
    """Slack's authorize page beside its Web API (slack.com, GovSlack or a local emulator)."""
    base = api_url.rstrip("/")
    base = base.removesuffix("/api")
    return base + "/oauth/v2/authorize"


def build_gateway(deps: Deps) -> SlackGateway:
    """The gateway with our installation store (tokens encrypted when a key is configured)."""
    settings = deps.settings
    key = settings.mentorbot_encryption_key
    cipher = TokenCipher.from_setting(key.get_secret_value()) if key is not None else None
    secret = settings.slack_client_secret
    installations = Installations(
        deps,
        cipher,
        client_id=settings.slack_client_id,
        client_secret=secret.get_secret_value() if secret is not None else None,
        client=WebClient(base_url=settings.slack_api_url, timeout=10),
    )
    return SlackGateway(settings, installations)


def build_oauth_flow(deps: Deps, gateway: SlackGateway) -> OAuthFlow:
    """Bolt's OAuth flow over our installation and state stores."""
    settings = deps.settings
    secret = settings.slack_client_secret
    assert settings.slack_client_id  # noqa: S101 - checked by oauth_enabled
    assert secret is not None  # noqa: S101
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=secret.get_secret_value(),
        scopes=BOT_SCOPES,
        installation_store=gateway.installations,
        installation_store_bot_only=True,
        state_store=StateStore(deps),
        authorization_url=authorization_url(settings.slack_api_url),
        token_rotation_expiration_minutes=ROTATE_MINUTES_BEFORE_EXPIRY,
        logger=_OAUTH_LOGGER,
    )
    return OAuthFlow(
        client=WebClient(base_url=settings.slack_api_url, timeout=10), settings=oauth, logger=_OAUTH_LOGGER
    )


class _WithholdOAuthCode(logging.Filter):
    """Bolt logs a failed code exchange, and each callback failure, with the request's code (and
    Slack's answer): keep neither."""

    _WITHHELD: ClassVar[dict[str, str]] = {
        "Failed to fetch oauth.v2.access result": "oauth.v2.access refused the code (code withheld)",
        "Handling an OAuth callback failure": "OAuth callback failed (request withheld)",
    }

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        for prefix, replacement in self._WITHHELD.items():
            if message.startswith(prefix):
                record.msg, record.args = replacement, ()
        return True


_OAUTH_LOGGER = logging.getLogger("bot.oauth")
_OAUTH_LOGGER.addFilter(_WithholdOAuthCode())


def malformed_oauth_param(query: str) -> str | None:
    """The name of a redirect parameter (code, state, error) that is not shaped like Slack's, or None."""
    fields = urllib.parse.parse_qs(query, keep_blank_values=True)
    for name, pattern in _OAUTH_PARAMS.items():
        if any(not pattern.match(value) for value in fields.get(name, [])):
            return name
    return None


Route = Callable[[dict[str, Any]], tuple[int, list[tuple[str, str]], bytes]]


def oauth_routes(flow: OAuthFlow) -> dict[str, Route]:
    """WSGI routes for GET /slack/install and GET /slack/oauth_redirect."""

    def request_of(environ: dict[str, Any]) -> BoltRequest:
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        return BoltRequest(body="", query=environ.get("QUERY_STRING") or "", headers=headers)

    def reply(response: BoltResponse) -> tuple[int, list[tuple[str, str]], bytes]:
        headers = [
            (str(name), str(value))
            for name, values in response.headers.items()
            for value in (values if isinstance(values, list | tuple) else [values])
            if name.lower() != "content-length"
        ]
        return response.status, headers, response.body.encode("utf-8")

    def install(environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes]:
        if environ.get("REQUEST_METHOD", "GET") != "GET":
            return 405, [("Content-Type", "text/plain")], b"GET only"
        return reply(flow.handle_installation(request_of(environ)))

    def redirect(environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes]:
        if environ.get("REQUEST_METHOD", "GET") != "GET":
            return 405, [("Content-Type", "text/plain")], b"GET only"
        malformed = malformed_oauth_param(environ.get("QUERY_STRING") or "")
        if malformed is not None:
            logger.warning("OAuth redirect rejected: malformed %s", malformed)
            return 400, [("Content-Type", "text/plain")], b"invalid request"
        return reply(flow.handle_callback(request_of(environ)))

    return {flow.install_path: install, flow.redirect_uri_path: redirect}
