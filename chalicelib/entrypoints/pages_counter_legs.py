"""The counter's steps after 受理: forward the materials, sign for the result, hand it over with proof."""

from __future__ import annotations

from typing import Any

from .web_session import first

FORWARD_METHODS = {"system": "系统推送", "post": "邮政寄递"}
HANDOVER_METHODS = {"window": "窗口领取", "post": "邮寄送达"}
# 办结 is the receiving counter's in 异地受理异地办理 (the home side only returns its opinion).
LEG_ACTIONS = ("send_materials", "confirm_result", "complete", "deliver")
# Where each step's paper is printed next (the print view); a step without one goes back to the case.
PRINT_AFTER = {
    "accept": "receipt",
    "send_materials": "transfer_slip",
    "deliver": "delivery_receipt",
}


def shown_legs(names: list[str], transfers: list[dict[str, Any]]) -> list[str]:
    """The leg forms to show: sign for a posted result first, hand over only what has arrived
    (the domain refuses the rest; a form that can only fail is not offered)."""
    results = [t for t in transfers if t.get("leg") == "result"]
    pending = [t for t in results if not t.get("received_at")]
    shown = [n for n in LEG_ACTIONS if n in names]
    if not results or pending:
        shown = [n for n in shown if n != "deliver"]
    if not pending:
        shown = [n for n in shown if n != "confirm_result"]
    return shown


def leg_details(
    action: str, fields: dict[str, list[str]], check_id: Any
) -> tuple[dict[str, Any], str]:
    """The event details of a leg step as the domain reads them, or a Chinese message for the clerk."""
    if action == "send_materials":
        method = first(fields, "method", 16) or "system"
        if method not in FORWARD_METHODS:
            return {}, "请选择材料流转方式"
        if method == "system":
            return {"method": "system"}, ""
        return _posted(fields)
    if action == "deliver":
        method = first(fields, "method", 16)
        if method == "post":
            return _posted(fields)
        if method != "window":
            return {}, "请选择送达方式"
        name = first(fields, "receiver_name", 64).strip()
        number = first(fields, "receiver_id", 18).strip().upper()
        if not name:
            return {}, "窗口领取须登记领取人姓名"
        error, _ = check_id(number)
        if error:
            return {}, f"领取人{error}"
        return {"method": "window", "receiver": name, "receiver_id": number}, ""
    return {}, ""


def _posted(fields: dict[str, list[str]]) -> tuple[dict[str, Any], str]:
    carrier = first(fields, "carrier", 32).strip()
    waybill = first(fields, "waybill", 40).strip()
    if not carrier or not waybill:
        return {}, "邮寄须填写快递公司和运单号"
    return {"method": "post", "carrier": carrier, "waybill": waybill}, ""
