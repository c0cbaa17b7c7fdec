"""Who may see a unit's feedback, and the refusal of a step taken on a stale version."""

from __future__ import annotations

from chalicelib.domain.errors import ConcurrencyError
from chalicelib.domain.roles import Principal


def check_version(expected: int | None, current: int, what: str) -> None:
    if expected is not None and expected != current:
        raise ConcurrencyError(f"{what}已被他人处理，请刷新后重试", details={"version": current})


def may_see_unit(principal: Principal, jurisdiction: str) -> bool:
    """Staff and supervisors of that jurisdiction; a supervisor without a jurisdiction sees nothing."""
    return principal.is_staff and bool(jurisdiction) and principal.jurisdiction == jurisdiction
