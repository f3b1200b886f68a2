"""Signed view metadata: a modal's private_metadata is trusted only when the bot signed it.

Slack sends a modal's private_metadata back with each submission, but the client that submits it
is not the bot, so it is input like any other. Every modal the bot opens (or updates from an ack)
goes through `seal`: the builder's JSON is wrapped as `v1.<payload>.<mac>`, an HMAC-SHA256 over the
payload, the view's callback_id and the user the view was opened for. The key is derived from the
signing secret (HMAC(secret, "mentorbot-view-metadata")), so it never leaves the server.

`make_view_guard` is global middleware: a view submission whose metadata is not a valid envelope for
that callback_id and that user never reaches a handler (the person is told to open the form again;
one log line with ids). A valid one is unwrapped in place, so handlers and the blocks' parsers read
plain JSON through `kit.metadata` as before.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse

from bot.deps import Deps
from handlers.slack import kit, texts
from storage.scope import current_program

logger = logging.getLogger(__name__)

VERSION = "v1"
METADATA_LIMIT = 3000  # Slack's private_metadata limit
_KEY_LABEL = b"mentorbot-view-metadata"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def view_key(deps: Deps) -> bytes:
    """The metadata key: derived from the signing secret, used for nothing else."""
    secret = deps.settings.slack_signing_secret
    if secret is None:
        raise RuntimeError("SLACK_SIGNING_SECRET is needed to sign view metadata")
    return hmac.new(secret.get_secret_value().encode(), _KEY_LABEL, hashlib.sha256).digest()


def _mac(key: bytes, callback_id: str, user_id: str, payload: str) -> str:
    message = "\0".join((VERSION, callback_id, user_id, payload)).encode()
    return _b64(hmac.new(key, message, hashlib.sha256).digest())


def sign(key: bytes, callback_id: str, user_id: str, data: dict[str, Any]) -> str:
    """Return the envelope for `data`, bound to the view's callback_id and the user it is for."""
    payload = _b64(json.dumps(data, separators=(",", ":"), sort_keys=True).encode())
    envelope = f"{VERSION}.{payload}.{_mac(key, callback_id, user_id, payload)}"
    if len(envelope) > METADATA_LIMIT:
        raise ValueError(f"view metadata too long for {callback_id}: {len(envelope)} characters")
    return envelope


def verify(key: bytes, callback_id: str, user_id: str, envelope: str) -> dict[str, Any] | None:
    """Return the signed data, or None when the envelope is malformed, tampered or for another view/user."""
    parts = envelope.split(".") if isinstance(envelope, str) else []
    if len(parts) != 3 or parts[0] != VERSION:
        return None
    _, payload, mac = parts
    if not hmac.compare_digest(mac.encode(), _mac(key, callback_id, user_id, payload).encode()):
        return None
    try:
        data = json.loads(_unb64(payload))
    except (ValueError, binascii.Error):
        return None
    return data if isinstance(data, dict) else None


PROGRAM_KEY = "_program"  # the program the modal was opened in (storage.scope); its submit runs there


def seal(deps: Deps, view: dict[str, Any], user_id: str) -> dict[str, Any]:
    """Return a copy of a modal whose private_metadata (the builder's JSON) is signed for `user_id`.

    A modal opened inside a program scope carries that program, signed with the rest, so its
    submission acts in the same program (handlers.slack.registry enters it).
    """
    sealed = dict(view)
    data = kit.metadata(view)
    program = current_program()
    if program is not None and PROGRAM_KEY not in data:
        data[PROGRAM_KEY] = program
    sealed["private_metadata"] = sign(view_key(deps), str(view.get("callback_id") or ""), user_id, data)
    return sealed


def sealed_program(view: dict[str, Any]) -> int | None:
    """The program a submitted view was opened in (read after the guard verified and unwrapped it)."""
    return kit.metadata_int(view, PROGRAM_KEY)


def unseal(deps: Deps, view: dict[str, Any], user_id: str) -> dict[str, Any] | None:
    """Return the data the bot signed into this view for `user_id`, or None."""
    return verify(
        view_key(deps),
        str(view.get("callback_id") or ""),
        user_id,
        str(view.get("private_metadata") or ""),
    )


def _refusal(view: dict[str, Any]) -> dict[str, Any]:
    """The answer to a refused submission: an error on the form's first input, else a notice."""
    for block in view.get("blocks") or []:
        if isinstance(block, dict) and block.get("type") == "input" and block.get("block_id"):
            return {"response_action": "errors", "errors": {str(block["block_id"]): texts.FORM_REFUSED}}
    notice = kit.modal(
        "form_refused", texts.FORM_REFUSED_TITLE, [kit.section(texts.FORM_REFUSED)], submit=None
    )
    return {"response_action": "update", "view": notice}


def make_view_guard(deps: Deps, handled: Callable[[str], bool]) -> Callable[..., Any]:
    """Return middleware that lets a view submission through only with the bot's own metadata
    (submissions no handler knows pass on, to stay unhandled)."""

    def guard_view_metadata(body: dict[str, Any], next: Callable[[], Any]) -> Any:
        view = body.get("view") if isinstance(body.get("view"), dict) else None
        if body.get("type") != "view_submission" or not handled(str((view or {}).get("callback_id") or "")):
            return next()
        user = body.get("user") if isinstance(body.get("user"), dict) else None
        user_id = str((user or {}).get("id") or "")
        data = unseal(deps, view, user_id) if view is not None and user_id else None
        if data is None or view is None:
            logger.warning(
                "view metadata refused team=%s user=%s view=%s",
                (body.get("team") or {}).get("id") if isinstance(body.get("team"), dict) else None,
                user_id[:32] or None,
                str((view or {}).get("id") or "")[:32] or None,
            )
            return BoltResponse(status=200, body=_refusal(view or {}))
        view["private_metadata"] = json.dumps(data)
        return next()

    return guard_view_metadata
