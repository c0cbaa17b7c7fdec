"""Rules a step must pass beyond the transition table (the law's time limits), and what it records on the case."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from .errors import ForbiddenActionError, InvalidTransitionError, ValidationFailedError
from .outbox_messages import without_routes
from .roles import Principal, Role
from .statuses import Action
from .transitions import CLAIM_ACTIONS

if TYPE_CHECKING:
    from .cases import Case
    from .deadlines import CaseClock

# 第四十五条: the procedures whose time is not counted in the decision period.
SPECIAL_PROCEDURES: dict[str, str] = {
    "hearing": "听证",
    "bidding": "招标",
    "auction": "拍卖",
    "inspection": "检验",
    "testing": "检测",
    "quarantine": "检疫",
    "appraisal": "鉴定",
    "expert_review": "专家评审",
}
MAX_SPECIAL_PROCEDURE_DAYS = 365
_LIST_SPLIT = re.compile(r"[,，、;；\s]+")


def listed(value: object) -> tuple[str, ...]:
    """A list given as JSON or as text separated by commas or 、 (forms post text)."""
    items = value if isinstance(value, list | tuple) else _LIST_SPLIT.split(str(value or ""))
    return tuple(dict.fromkeys(str(i).strip() for i in items if str(i).strip()))


def check_time_rules(case: Case, action: Action, clock: CaseClock | None, today: date) -> None:
    """The limits of 《行政许可法》 that depend on the clock; `clock` is the case's before the step
    (None when the calendar cannot date it: only the rules that need no dates are checked)."""
    if action is Action.EXTEND and case.clock.extended:
        raise InvalidTransitionError("办理期限只能延长一次（《行政许可法》第四十二条）")
    if clock is None:
        return
    if action in (Action.REQUEST_SUPPLEMENT, Action.REFUSE) and clock.deemed_accepted:
        raise InvalidTransitionError(
            f"已超过受理期限（{clock.acceptance_due}），依《行政许可法》第三十二条，"
            f"该申请自收到材料之日（{clock.received_on}）起即为受理，不能再"
            + ("要求补正" if action is Action.REQUEST_SUPPLEMENT else "不予受理")
        )
    if action is Action.EXTEND:
        if not clock.licensing:
            raise InvalidTransitionError(
                "该事项不是行政许可事项，不适用《行政许可法》第四十二条延期"
            )
        if clock.legal_due is None and not clock.calendar_gap:
            raise InvalidTransitionError("该事项没有法定办理期限，无需延期")
        # A legal date in a year not yet entered lies in the future: it has not passed.
        if clock.legal_due is not None and today > clock.legal_due:
            raise InvalidTransitionError(
                f"法定办理期限（{clock.legal_due}）已过，不能再延长（《行政许可法》第四十二条）"
            )


def check_supplement_request(case: Case, details: dict[str, Any]) -> tuple[str, ...]:
    """一次性告知 (第三十二条): a later round may ask only for what the first round named."""
    asked = listed(details.get("materials"))
    if not case.supplement_requests:
        return asked
    first = set(case.supplement_requests[0])
    if not asked:
        raise ValidationFailedError("再次要求补正须列明所需材料（只能是第一次告知中已列明的材料）")
    new = [m for m in asked if m not in first]
    if new:
        raise InvalidTransitionError(
            "依《行政许可法》第三十二条，补正内容应当一次性告知；"
            f"“{'、'.join(new)}”未在第一次补正告知中列明，不能再次要求"
        )
    return asked


def check_review_supplement_request(details: dict[str, Any]) -> tuple[str, ...]:
    """已受理待补办: the reviewing department names each material it needs (the applicant is told exactly that)."""
    asked = listed(details.get("materials"))
    if not asked:
        raise ValidationFailedError("审查中要求补办须勾选所需材料")
    return asked


def check_special_procedure(details: dict[str, Any]) -> None:
    """第四十五条: which procedure stops the clock, and how long it is expected to take."""
    procedure = str(details.get("procedure", ""))
    if procedure not in SPECIAL_PROCEDURES:
        names = "、".join(f"{v}（{k}）" for k, v in SPECIAL_PROCEDURES.items())
        raise ValidationFailedError(f"请选择特别程序：{names}")
    try:
        days = int(str(details.get("expected_days", "")))
    except ValueError:
        days = 0
    if not 1 <= days <= MAX_SPECIAL_PROCEDURE_DAYS:
        raise ValidationFailedError("请填写特别程序预计所需时间（1–365天）")


def check_claim(case: Case, action: Action, principal: Principal) -> None:
    """认领: one colleague of the home department works a case; the others wait, or the head takes over."""
    mine = bool(case.claimed_by) and case.claimed_by == principal.user_id
    holder = f"{case.claimed_by_name or '其他工作人员'}"
    if action is Action.CLAIM and mine:
        raise InvalidTransitionError("您已认领该办件")
    if action is Action.CLAIM and case.claimed_by:
        raise InvalidTransitionError(
            f"该办件已由{holder}认领，请联系其释放认领，或由部门负责人接管"
        )
    if action is Action.RELEASE_CLAIM and not mine:
        raise InvalidTransitionError(
            "只有认领人本人可以释放认领" if case.claimed_by else "该办件尚未被认领"
        )
    if action is Action.TAKE_OVER_CLAIM and mine:
        raise InvalidTransitionError("您已认领该办件")
    if action is Action.TAKE_OVER_CLAIM and not case.claimed_by:
        raise InvalidTransitionError("该办件尚未被认领，可直接认领")
    if action in CLAIM_ACTIONS or not case.claimed_by or mine:
        return
    # Only the home department's colleagues share a claim; the counter and the system are not held by it.
    colleague = principal.has(Role.APPROVER, Role.DEPARTMENT_HEAD) and not principal.has(
        Role.WINDOW_STAFF, Role.SYSTEM
    )
    if colleague and principal.jurisdiction == case.home_code:
        head = (
            "请先接管该办件"
            if principal.has(Role.DEPARTMENT_HEAD)
            else "请联系其释放认领或由部门负责人接管"
        )
        raise ForbiddenActionError(f"该办件已由{holder}认领（{case.claimed_at}），{head}后再办理")


def claim_changes(action: Action, principal: Principal, stamp: str) -> dict[str, Any]:
    """What 认领, 释放 and 接管 record: the claimer's id, name and time, or nothing any more."""
    if action is Action.RELEASE_CLAIM:
        return {"claimed_by": "", "claimed_by_name": "", "claimed_at": ""}
    return {"claimed_by": principal.user_id, "claimed_by_name": principal.name, "claimed_at": stamp}


def step_changes(
    case: Case,
    action: Action,
    principal: Principal,
    at: datetime,
    reason: str,
    details: dict[str, Any],
) -> dict[str, Any]:
    """What a step records on the case besides its status: the decision, the 补正 asked, completion."""
    stamp = at.isoformat(timespec="seconds")
    if action is Action.RECEIVE_AT_HOME:
        # The route message was delivered: its outbox entry goes with this step, not a write of its own.
        return {"routing_state": "delivered", "outbox": without_routes(case.outbox)}
    if action in CLAIM_ACTIONS:
        return claim_changes(action, principal, stamp)
    if action in (Action.APPROVE, Action.DENY):
        return {
            "result": {
                **case.result,
                "decision": action.value,
                "decision_zh": action.label_zh,
                "opinion": str(details.get("opinion", reason))[:2000],
                "decided_by": principal.name,
                "decided_at": stamp,
            }
        }
    if action is Action.REQUEST_SUPPLEMENT:
        asked = check_supplement_request(case, details)
        return {
            "supplement_rounds": case.supplement_rounds + 1,
            "supplement_requests": (*case.supplement_requests, asked),
        }
    if action is Action.REQUEST_REVIEW_SUPPLEMENT:
        # Recorded with the 补正 rounds, so every list of what was asked reads one place.
        return {
            "supplement_requests": (
                *case.supplement_requests,
                check_review_supplement_request(details),
            )
        }
    if action is Action.SUSPEND:
        check_special_procedure(details)
    if action is Action.EXTEND:
        return {"result": {**case.result, "extended": True}}
    if action is Action.COMPLETE:
        return {"result": {**case.result, "completed_at": stamp}}
    return {}
