"""Domain errors; one handler per surface (pages, API) renders them."""

from __future__ import annotations


class DomainError(Exception):
    """Base: `message` is a (lazy) translated string safe to show the user."""

    status = 400
    code = "invalid"

    def __init__(self, message, *, field: str | None = None, code: str | None = None,
                 details: dict | None = None):
        super().__init__(message)  # lazy: translated only when rendered
        self.message = message
        self.field = field
        self.details = details or {}  # extra JSON keys for API clients, e.g. {"usernames": [...]}
        if code:
            self.code = code


class Invalid(DomainError):
    status = 400
    code = "invalid"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class AuthFailed(DomainError):
    """Sign-in refused: bad credentials, locked account or disabled account."""

    status = 401
    code = "bad_credentials"
