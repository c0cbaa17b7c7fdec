"""The two legs of a cross-jurisdiction case: materials to the home department, the result back (system or post)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from .errors import InvalidTransitionError, ValidationFailedError
from .modes import HandlingMode
from .statuses import Action

LEG_OF = {
    Action.SEND_MATERIALS: "materials",
    Action.CONFIRM_MATERIALS: "materials",
    Action.SEND_RESULT: "result",
    Action.CONFIRM_RESULT: "result",
}
LEG_LABELS = {"materials": "申请材料", "result": "办理结果"}
METHOD_LABELS = {"system": "系统推送", "post": "邮政寄递"}
TRANSFER_ACTIONS = frozenset(LEG_OF)
_WAYBILL = re.compile(r"^[A-Za-z0-9-]{6,32}$")


@dataclass(frozen=True)
class Transfer:
    """One hand-over between the receiving centre and the home department, with both sides' confirmation."""

    leg: str
    method: str
    sent_at: str
    sent_by: str
    waybill: str = ""
    carrier: str = ""
    received_at: str = ""
    received_by: str = ""

    @property
    def received(self) -> bool:
        return bool(self.received_at)


def check_mode(mode: HandlingMode, action: Action) -> None:
    if mode is HandlingMode.ONLINE and action in TRANSFER_ACTIONS:
        raise InvalidTransitionError("全程网办事项由业务属地直接办理，没有材料或结果流转环节")


def apply_transfer(
    transfers: tuple[Transfer, ...], action: Action, details: dict[str, Any], actor: str, at: str
) -> tuple[Transfer, ...]:
    """The transfers after a send or confirm action; system pushes arrive at once, posts wait for a signature."""
    leg = LEG_OF[action]
    if action in (Action.SEND_MATERIALS, Action.SEND_RESULT):
        method = str(details.get("method", "system"))
        if method not in METHOD_LABELS:
            raise ValidationFailedError("流转方式应为系统推送（system）或邮政寄递（post）")
        waybill = str(details.get("waybill", "")).strip()
        if method == "post" and not _WAYBILL.match(waybill):
            raise ValidationFailedError("邮政寄递须填写运单号（6–32位字母或数字）")
        sent = Transfer(
            leg=leg,
            method=method,
            sent_at=at,
            sent_by=actor,
            waybill=waybill,
            carrier=str(details.get("carrier", ""))[:32],
            received_at=at if method == "system" else "",
            received_by="系统" if method == "system" else "",
        )
        return (*transfers, sent)
    pending = [i for i, t in enumerate(transfers) if t.leg == leg and not t.received]
    if not pending:
        raise InvalidTransitionError(f"没有待签收的{LEG_LABELS[leg]}")
    index = pending[0]
    confirmed = replace(transfers[index], received_at=at, received_by=actor)
    return (*transfers[:index], confirmed, *transfers[index + 1 :])


def check_guards(mode: HandlingMode, transfers: tuple[Transfer, ...], action: Action) -> None:
    """Decisions wait for posted originals; hand-over waits for the returned result (谁办理谁负责)."""
    if mode is HandlingMode.ONLINE:
        return
    if action in (Action.APPROVE, Action.DENY) and any(
        t.leg == "materials" and not t.received for t in transfers
    ):
        raise InvalidTransitionError("寄递的纸质材料尚未签收，不能作出决定")
    needs_result = action is Action.DELIVER or (
        mode is HandlingMode.JOINT_REMOTE and action is Action.COMPLETE
    )
    if needs_result and not any(t.leg == "result" and t.received for t in transfers):
        raise InvalidTransitionError("办理结果尚未送达受理地，请先签收属地反馈的结果")


def check_delivery(details: dict[str, Any]) -> None:
    """送达: window pickup names who collected it; post records the waybill as proof."""
    method = details.get("method")
    if method == "window":
        if not str(details.get("receiver", "")).strip():
            raise ValidationFailedError("窗口领取须登记领取人姓名")
    elif method == "post":
        if not _WAYBILL.match(str(details.get("waybill", "")).strip()):
            raise ValidationFailedError("邮寄送达须填写运单号")
    elif method != "electronic":
        raise ValidationFailedError(
            "送达方式应为窗口领取（window）、邮寄（post）或电子送达（electronic）"
        )
