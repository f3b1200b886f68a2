"""Helpers for operations tests: a bot in OAuth mode, installs through the real HTTP flow."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet

from bot.config import Settings
from devtools.emulator import FakeSlack
from tests.support.settings import make_settings

CLIENT_ID = "1234.5678"
CLIENT_SECRET = "oauth-client-secret"
KEY_1 = Fernet.generate_key().decode()
KEY_2 = Fernet.generate_key().decode()


def oauth_settings(db_url: str, fake: FakeSlack, key: str = KEY_1, **overrides: Any) -> Settings:
    """Settings for a multi-workspace bot: no single bot token, OAuth credentials, a key."""
    fake.oauth_client = (CLIENT_ID, CLIENT_SECRET)
    values: dict[str, Any] = {
        "slack_bot_token": None,
        "slack_client_id": CLIENT_ID,
        "slack_client_secret": CLIENT_SECRET,
        "mentorbot_encryption_key": key,
    }
    values.update(overrides)
    return make_settings(db_url, fake, **values)


@dataclass
class Page:
    """An HTTP answer from the bot."""

    status: int
    headers: Any
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        return None


def get(url: str, cookie: str | None = None) -> Page:
    """GET a page without following redirects."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return Page(response.status, response.headers, response.read().decode())
    except urllib.error.HTTPError as err:
        return Page(err.code, err.headers, err.read().decode())


def start_install(bot_url: str) -> tuple[str, str, dict[str, list[str]]]:
    """Open /slack/install; return (state, cookie, authorize URL query)."""
    page = get(bot_url + "/slack/install")
    assert page.status == 200, page.body
    match = re.search(r'href="([^"]+oauth/v2/authorize[^"]+)"', page.body)
    assert match, page.body
    url = match.group(1).replace("&amp;", "&")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
    state = query["state"][0]
    cookie = page.headers["Set-Cookie"].split(";")[0]
    assert cookie == f"slack-app-oauth-state={state}"
    return state, cookie, query


def install(bot_url: str, fake: FakeSlack, *, rotation: bool = False, expires_in: int = 43200) -> str:
    """Run the whole OAuth flow for the fake's team; return the bot token Slack issued."""
    before = set(fake.tokens)
    state, cookie, _query = start_install(bot_url)
    code = fake.issue_oauth_code("U0INSTALLER", rotation=rotation, expires_in=expires_in)
    page = get(f"{bot_url}/slack/oauth_redirect?code={code}&state={state}", cookie)
    assert page.status == 200, page.body
    (token,) = set(fake.tokens) - before
    return token
