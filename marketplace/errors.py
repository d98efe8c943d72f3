"""Domain errors, each carrying its HTTP status, and the handlers that render them."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of all expected failures; the message is safe to show to the user.

    The message is English, for the API; `key` (with `params`) names the catalogue sentence
    a page shows instead, in its reader's language.
    """

    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        fields: dict[str, str] | None = None,
        key: str | None = None,
        params: dict[str, Any] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})
        if field:
            self.fields[field] = message
        self.key = key
        self.params = dict(params or {})

    def as_dict(self) -> dict[str, Any]:
        """JSON body shared by every API error."""
        detail: list[dict[str, Any]] = [
            {"loc": field.split("."), "msg": msg, "type": self.code}
            for field, msg in self.fields.items()
        ]
        return {"detail": detail or self.message, "message": self.message, "code": self.code}


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"


class NotAuthenticated(DomainError):
    status_code = 401
    code = "not_authenticated"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class ValidationFailed(DomainError):
    status_code = 422
    code = "validation_error"


class TooManyRequests(DomainError):
    status_code = 429
    code = "rate_limited"


class ServiceUnavailable(DomainError):
    status_code = 503
    code = "unavailable"
