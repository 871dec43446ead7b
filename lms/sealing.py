"""Sealed values: encrypted and authenticated with Fernet (the `cryptography` package) under a
key derived from SECRET_KEY for one purpose, so a value sealed for one use (a sign-in card in
the session, a class-list key for the worker) can never be opened as another."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app


def _fernet(purpose: bytes) -> Fernet:
    secret = current_app.secret_key
    secret = secret.encode() if isinstance(secret, str) else bytes(secret)
    key = hmac.new(secret, purpose, hashlib.sha256).digest()  # its own key, not SECRET_KEY
    return Fernet(base64.urlsafe_b64encode(key))


def seal(data: bytes, purpose: bytes) -> str:
    return _fernet(purpose).encrypt(data).decode()


def unseal(token: str, purpose: bytes, ttl: int) -> bytes | None:
    """The sealed bytes, or None when the token is not ours, for another purpose, or older
    than `ttl` seconds."""
    try:
        return _fernet(purpose).decrypt(token.encode(), ttl=ttl)
    except (InvalidToken, ValueError, TypeError):
        return None
