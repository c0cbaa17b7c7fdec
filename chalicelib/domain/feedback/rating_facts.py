"""What a rating reads from a case's events: when its window opened and which unit it rates (谁办理、谁负责)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from chalicelib.domain.cases import Case, CaseEvent
from chalicelib.domain.roles import Role
from chalicelib.domain.statuses import Action, CaseStatus
from chalicelib.domain.transitions import Side, side_for

from .evaluations import Channel, RatedUnit, parse_time

# The applicant rates what reached them: a delivered result, or a refusal at acceptance (一次一评).
WINDOW_OPENERS: dict[CaseStatus, Action] = {
    CaseStatus.DELIVERED: Action.DELIVER,
    CaseStatus.REFUSED: Action.REFUSE,
}
# Steps that decide a case; their unit answers for the outcome of an online, SMS or 12345 rating.
DECIDING = (Action.APPROVE, Action.DENY, Action.REFUSE)
# Steps the counter does in person; a rating given at the counter (评价器, QR code) rates them.
COUNTER_STEPS = (Action.DELIVER, Action.REFUSE, Action.ACCEPT)
AT_THE_COUNTER = frozenset({Channel.COUNTER, Channel.QR})
STAFF_ROLES = frozenset({Role.WINDOW_STAFF.value, Role.APPROVER.value})


def window_opened_at(case: Case, events: Sequence[CaseEvent], like: datetime) -> datetime | None:
    """When the rating window opened: delivery of the result, or the refusal; None before either."""
    opener = WINDOW_OPENERS.get(case.status)
    if opener is None:
        return None
    stamps = [e.at for e in events if e.action == opener.value]
    return max(parse_time(s, like) for s in stamps) if stamps else None


def _last(events: Sequence[CaseEvent], actions: tuple[Action, ...]) -> CaseEvent | None:
    wanted = {a.value for a in actions}
    found = [e for e in events if e.action in wanted]
    return max(found, key=lambda e: e.seq) if found else None


def rated_unit(case: Case, events: Sequence[CaseEvent], channel: Channel) -> RatedUnit:
    """The unit that decided (代收代办: the home department), or at the counter the window that served.

    The side comes from the case state machine (`side_for`), not from whoever acted last: a receiving
    window delivering a home department's decision does not answer for the decision.
    """
    kinds = COUNTER_STEPS if channel in AT_THE_COUNTER else DECIDING
    event = _last(events, kinds) or _last(events, DECIDING) or _last(events, (Action.COMPLETE,))
    if event is None:
        return RatedUnit(jurisdiction=case.home_code, department=case.department)
    actor = event.actor
    side = side_for(case.mode, Action(event.action))
    code = case.side_code(side)
    if side is Side.ANY:
        code = actor.jurisdiction if actor.jurisdiction == case.receiving_code else case.home_code
    # Actor details name the staff member only when they acted for that unit (not the system, not the other side).
    if actor.role in STAFF_ROLES and actor.jurisdiction == code:
        return RatedUnit(
            jurisdiction=code,
            department=actor.department or case.department,
            center=actor.center,
            staff_user_id=actor.user_id,
            staff_name=actor.name,
        )
    return RatedUnit(jurisdiction=code, department=case.department)
