"""Tokens at rest: Fernet (AES-128-CBC + HMAC-SHA256) with key rotation through MultiFernet.

`MENTORBOT_ENCRYPTION_KEY` holds one or more Fernet keys separated by commas. The first key
encrypts; every key decrypts. To rotate: put a new key first, keep the old ones after it, restart,
run `mentorbot rotate-keys` (re-encrypts every row with the first key), then drop the old keys.
Each row records the id of the key that encrypted it (`key_id`: a fingerprint, never the key).
"""

from __future__ import annotations

import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.config import SettingsError

GENERATE_HINT = 'generate one with: python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'


class TokenDecryptError(Exception):
    """A stored secret could not be decrypted with any configured key."""


def key_fingerprint(key: bytes) -> str:
    """Return a short, non-secret id for a key (first 12 hex digits of its SHA-256)."""
    return hashlib.sha256(key).hexdigest()[:12]


class TokenCipher:
    """Encrypts with the newest key, decrypts with any configured key."""

    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise SettingsError("MENTORBOT_ENCRYPTION_KEY is empty: " + GENERATE_HINT)
        self._keys = keys
        self._fernet = MultiFernet([Fernet(key) for key in keys])
        self.key_id = key_fingerprint(keys[0])
        self.key_ids = [key_fingerprint(key) for key in keys]

    @classmethod
    def from_setting(cls, value: str) -> TokenCipher:
        """Parse the comma-separated keys of MENTORBOT_ENCRYPTION_KEY; fail with a fix-it message."""
        keys = [part.strip().encode() for part in value.split(",") if part.strip()]
        for position, key in enumerate(keys, start=1):
            try:
                Fernet(key)
            except ValueError:
                raise SettingsError(
                    f"MENTORBOT_ENCRYPTION_KEY: key {position} is not a Fernet key "
                    f"(32 url-safe base64-encoded bytes); {GENERATE_HINT}"
                ) from None
        return cls(keys)

    def encrypt(self, plain: str) -> str:
        """Encrypt a secret with the newest key."""
        return self._fernet.encrypt(plain.encode()).decode()

    def decrypt(self, token: str) -> str:
        """Decrypt a secret encrypted with any configured key."""
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise TokenDecryptError("no configured key decrypts this value") from None

    def rotate(self, token: str) -> str:
        """Re-encrypt a secret with the newest key (it must decrypt with one of the keys)."""
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken:
            raise TokenDecryptError("no configured key decrypts this value") from None
