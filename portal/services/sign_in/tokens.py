"""Random tokens and keyed hashes for codes, invitations and session ids."""
from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app


def new_token() -> str:
    """A URL-safe random token with 256 bits of entropy."""
    return secrets.token_urlsafe(32)


def new_code() -> str:
    """A 6-digit one-time code, uniformly random, leading zeros kept."""
    return f"{secrets.randbelow(1_000_000):06d}"


def keyed_hash(*parts: str) -> str:
    """HMAC-SHA256 of the parts under the app's secret key, as hex.

    Used for values that are only ever compared (codes, invitation tokens, addresses tried), so
    a copy of the database alone reveals none of them.
    """
    key = current_app.config["SECRET_KEY"].encode()
    message = "\x1f".join(parts).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
