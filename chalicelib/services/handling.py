"""Handling use cases: staff accept, return, decide, complete and deliver cases; `steps` commits each one."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.cases import Case
from chalicelib.domain.errors import BadRequestError, ConcurrencyError
from chalicelib.domain.roles import Principal
from chalicelib.domain.statuses import Action

from .access_policy import check_may_act, visible_case
from .ports import CaseFile
from .steps import Shown, StepPorts, take

STAFF_ACTIONS = frozenset(
    {
        Action.START_PRE_REVIEW,
        Action.REQUEST_SUPPLEMENT,
        Action.REQUEST_REVIEW_SUPPLEMENT,
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
        Action.RECORD_VIDEO_GUIDANCE,
        Action.CLAIM,
        Action.RELEASE_CLAIM,
        Action.TAKE_OVER_CLAIM,
    }
)


def perform(
    ports: StepPorts,
    principal: Principal,
    case_id: str,
    *,
    action: str,
    reason: str = "",
    expected_version: int | None = None,
    details: dict[str, Any] | None = None,
    shown: Shown | None = None,
    read: CaseFile | None = None,
) -> Case:
    """Apply one action to a case; a stale `expected_version` loses with a conflict (exactly one wins).
    `shown`: the caller answers with the case view, whose personal-data record is then saved with the
    step (an `answer_views.AnswerViewRecord`; pass its `saved` to `queries.case_view`).
    `read`: the case with its file, as the caller read it for its answer (the case is not loaded again)."""
    try:
        act = Action(action)
    except ValueError:
        raise BadRequestError(f"未知的操作：{action}") from None
    if act not in STAFF_ACTIONS:
        raise BadRequestError(f"“{act.label_zh}”不能通过此接口执行")
    case = visible_case(ports.cases, principal, case_id, read)
    check_may_act(principal, case, act)
    if expected_version is not None and expected_version != case.version:
        raise ConcurrencyError("办件已被他人处理，请刷新后重试", details={"version": case.version})
    return take(
        ports, case, act, principal, reason=reason, details=dict(details or {}), shown=shown
    )
