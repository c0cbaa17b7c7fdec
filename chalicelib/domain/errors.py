"""Domain errors: each carries a stable code and a Chinese message for people."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every rule violation; entrypoints map the kind to an HTTP status."""

    code = "domain_error"
    kind = "invalid"  # invalid | forbidden | not_found | conflict

    def __init__(self, message: str, *, details: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidTransitionError(DomainError):
    code = "invalid_transition"
    kind = "conflict"


class ForbiddenActionError(DomainError):
    code = "forbidden"
    kind = "forbidden"


class NotFoundError(DomainError):
    code = "not_found"
    kind = "not_found"


class ConcurrencyError(DomainError):
    code = "version_conflict"
    kind = "conflict"


class ValidationFailedError(DomainError):
    code = "validation_failed"
    kind = "invalid"


class BadRequestError(DomainError):
    code = "bad_request"
    kind = "invalid"
