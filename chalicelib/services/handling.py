"""Handling use cases: staff accept, return, decide, complete and deliver cases; notices follow."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.cases import Case, apply
from chalicelib.domain.errors import BadRequestError, ConcurrencyError, InvalidTransitionError
from chalicelib.domain.roles import Principal
from chalicelib.domain.statuses import Action

from . import outbox
from .deadlines import with_clock
from .deps import Deps
from .documents import document_task, kind_for
from .outbox import message, with_messages
from .tasks import notice_task

# Milestones the applicant cares about, and the notice template each sends.
NOTICE_FOR_ACTION: dict[Action, str] = {
    Action.ACCEPT: "accepted",
    Action.REQUEST_SUPPLEMENT: "supplement",
    Action.REFUSE: "refused",
    Action.COMPLETE: "completed",
    Action.DELIVER: "delivered",
    Action.EXTEND: "extended",
}

STAFF_ACTIONS = frozenset(
    {
        Action.START_PRE_REVIEW,
        Action.REQUEST_SUPPLEMENT,
        Action.REFUSE,
        Action.ACCEPT,
        Action.START_REVIEW,
        Action.SUSPEND,
        Action.RESUME,
        Action.APPROVE,
        Action.DENY,
        Action.COMPLETE,
        Action.DELIVER,
        Action.WITHDRAW,
        Action.VOID,
        Action.SEND_MATERIALS,
        Action.CONFIRM_MATERIALS,
        Action.SEND_RESULT,
        Action.CONFIRM_RESULT,
        Action.EXTEND,
    }
)


def perform(
    deps: Deps,
    principal: Principal,
    case_id: str,
    *,
    action: str,
    reason: str = "",
    expected_version: int | None = None,
    details: dict[str, Any] | None = None,
) -> Case:
    """Apply one action to a case; a stale `expected_version` loses with a conflict (exactly one wins)."""
    try:
        act = Action(action)
    except ValueError:
        raise BadRequestError(f"未知的操作：{action}") from None
    if act not in STAFF_ACTIONS:
        raise BadRequestError(f"“{act.label_zh}”不能通过此接口执行")
    case = deps.cases.get(case_id)
    if expected_version is not None and expected_version != case.version:
        raise ConcurrencyError("办件已被他人处理，请刷新后重试", details={"version": case.version})
    info = dict(details or {})
    changes: dict[str, Any] = {}
    if act in (Action.APPROVE, Action.DENY):
        changes["result"] = {
            **case.result,
            "decision": act.value,
            "decision_zh": act.label_zh,
            "opinion": str(info.get("opinion", reason))[:2000],
            "decided_by": principal.name,
            "decided_at": deps.clock.now().isoformat(timespec="seconds"),
        }
    if act is Action.EXTEND:
        if case.result.get("extended"):
            raise InvalidTransitionError("办理期限只能延长一次（《行政许可法》第四十二条）")
        changes["result"] = {**case.result, "extended": True}
    if act is Action.REQUEST_SUPPLEMENT:
        changes["supplement_rounds"] = case.supplement_rounds + 1
    if act is Action.COMPLETE:
        changes["result"] = {
            **case.result,
            "completed_at": deps.clock.now().isoformat(timespec="seconds"),
        }
    seq = case.version + 1
    outgoing = []
    notice = NOTICE_FOR_ACTION.get(act)
    if notice:
        outgoing.append(message(case, seq, "notices", notice_task(case, seq, notice)))
    kind = kind_for(case, act, info)
    if kind:
        outgoing.append(message(case, seq, "documents", document_task(case, seq, kind)))
    if outgoing:
        changes["outbox"] = with_messages(case, *outgoing)
    updated, event = apply(
        case, act, principal, deps.clock.now(), reason=reason, details=info, changes=changes
    )
    updated = with_clock(deps, updated, event)
    deps.cases.save(updated, event, expected_version=case.version)
    outbox.flush(deps, updated)
    return updated
