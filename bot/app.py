"""Wiring: the Bolt app with every listener registered, and the request class we feed it."""

from __future__ import annotations

import urllib.parse
from typing import Any

from slack_bolt import App, BoltRequest
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_bolt.context.context import BoltContext
from slack_bolt.request.internals import build_context

from bot.deps import Deps
from bot.listeners import WorkQueue
from handlers import register_all
from handlers.slack.gateway import SlackGateway
from handlers.slack.installations import build_gateway, build_oauth_flow


class SlackRequest(BoltRequest):
    """A BoltRequest that parses slash commands whose text contains the word "payload".

    Bolt treats any form body containing the substring `payload` as an interactivity post and
    parses such a command to {} (so it would 404). A form body that has a `command` field and no
    `payload` field is a slash command: parse it as one. The signature is still checked over the
    raw body, which we leave untouched.
    """

    def __init__(
        self,
        *,
        body: str | dict[str, Any],
        query: Any = None,
        headers: Any = None,
        context: dict[str, Any] | None = None,
        mode: str = "http",
    ) -> None:
        super().__init__(body=body, query=query, headers=headers, context=context, mode=mode)
        if mode == "http" and isinstance(body, str) and not self.body and "payload" in body:
            fields = urllib.parse.parse_qs(body, keep_blank_values=True)
            if "command" in fields and "payload" not in fields:
                self.body = {key: values[0] for key, values in fields.items()}
                self.context = build_context(BoltContext(context or {}), self.body)
        if self.body.get("type") == "block_actions" and not self.body.get("actions"):
            raise ValueError("block_actions without actions")

    def to_copyable(self) -> SlackRequest:
        """Copy the request (used by lazy listeners) keeping our parsing."""
        return SlackRequest(
            body=self.raw_body if self.mode == "http" else self.body,
            query=self.query,
            headers=self.headers,
            context=self.context.to_copyable(),
            mode=self.mode,
        )


class GatewayAuthorize(Authorize):
    """Bolt's authorize through our gateway: stored installations, else the single bot token."""

    def __init__(self, gateway: SlackGateway) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.gateway = gateway

    def __call__(
        self,
        *,
        context: BoltContext,  # noqa: ARG002 - Bolt's signature
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,  # noqa: ARG002
        actor_enterprise_id: str | None = None,  # noqa: ARG002
        actor_team_id: str | None = None,  # noqa: ARG002
        actor_user_id: str | None = None,  # noqa: ARG002
    ) -> AuthorizeResult | None:
        return self.gateway.authorize(enterprise_id, team_id)


def create_app(deps: Deps, gateway: SlackGateway | None, listeners: WorkQueue) -> App:
    """Build the Bolt app: signature checks, our authorize, the work queue, all handlers.

    Bolt processes each request before responding: our dispatchers compute the ack on the request
    thread (or on a pool thread that starts at once) and queue the work after it on `listeners`,
    so an ack never waits for a thread busy with earlier requests' work.

    With SLACK_CLIENT_ID/SLACK_CLIENT_SECRET the app also carries the OAuth install flow, whose
    installation store keeps tokens encrypted in our database.
    """
    settings = deps.settings
    settings.require_serving()
    gateway = gateway or build_gateway(deps)
    deps.slack = gateway
    signing_secret = settings.slack_signing_secret
    assert signing_secret is not None  # noqa: S101 - checked by require_serving

    app = App(
        signing_secret=signing_secret.get_secret_value(),
        client=gateway.make_client(None),
        authorize=GatewayAuthorize(gateway),  # type: ignore[arg-type]  # Bolt accepts Authorize instances
        oauth_flow=build_oauth_flow(deps, gateway) if settings.oauth_enabled else None,
        listener_executor=listeners,
        process_before_response=True,
        raise_error_for_unhandled_request=False,
        token_verification_enabled=False,
        logger=None,
    )
    register_all(app, deps, listeners)
    return app
