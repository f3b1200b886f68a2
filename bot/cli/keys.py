"""Operator commands: `mentorbot rotate-keys` (re-encrypt stored tokens with the newest key) and
`mentorbot new-key` (print a fresh encryption key)."""

from __future__ import annotations

import argparse
import logging

from cryptography.fernet import Fernet

from bot.cli.common import UsageError, prepare_database
from bot.crypto import TokenCipher, TokenDecryptError
from bot.deps import Deps
from storage.repositories.installations import InstallationRepository

logger = logging.getLogger(__name__)


def configure_rotate(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Re-encrypt every stored token with the first key of MENTORBOT_ENCRYPTION_KEY. "
        "Keep the old keys after the new one until this has run."
    )


def cmd_rotate_keys(args: argparse.Namespace, deps: Deps) -> int:  # noqa: ARG001
    """Re-encrypt every installation's tokens with the newest key; print a summary."""
    key = deps.settings.mentorbot_encryption_key
    if key is None:
        raise UsageError("MENTORBOT_ENCRYPTION_KEY is not set: put the new key first, the old ones after it")
    cipher = TokenCipher.from_setting(key.get_secret_value())
    prepare_database(deps.settings)
    rotated = current = 0
    failed: list[str] = []
    with deps.uow() as uow:
        for record in uow.repo(InstallationRepository).all(lock=True):
            if not record.bot_token_enc and not record.bot_refresh_token_enc:
                continue
            if record.key_id == cipher.key_id:
                current += 1
                continue
            try:
                token = cipher.rotate(record.bot_token_enc) if record.bot_token_enc else None
                refresh = (
                    cipher.rotate(record.bot_refresh_token_enc) if record.bot_refresh_token_enc else None
                )
            except TokenDecryptError:
                failed.append(f"{record.team_id or record.enterprise_id} (key {record.key_id})")
                continue
            record.bot_token_enc, record.bot_refresh_token_enc = token, refresh
            record.key_id = cipher.key_id
            rotated += 1
    print(  # noqa: T201 - CLI output
        f"re-encrypted {rotated} installation(s) with key {cipher.key_id}; {current} already current"
        + (f"; {len(failed)} could not be decrypted with any configured key" if failed else "")
    )
    if failed:
        print(  # noqa: T201 - CLI output
            "not rotated: " + ", ".join(failed) + ". Add the key they were encrypted with after the new key "
            "in MENTORBOT_ENCRYPTION_KEY and run again, or reinstall those workspaces."
        )
        return 1
    return 0


def cmd_new_key(args: argparse.Namespace, deps: Deps) -> int:  # noqa: ARG001
    """Print a new random encryption key."""
    print(Fernet.generate_key().decode())  # noqa: T201 - CLI output
    return 0


def configure_new_key(parser: argparse.ArgumentParser) -> None:
    parser.description = "Print a new random key for MENTORBOT_ENCRYPTION_KEY."
