"""What the 我的办件 case page shows, in plain Chinese, built from the case view the API also returns."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from chalicelib import bootstrap
from chalicelib.domain.errors import DomainError, NotFoundError
from chalicelib.domain.roles import Principal, Role
from chalicelib.domain.step_rules import SPECIAL_PROCEDURES
from chalicelib.services import queries
from chalicelib.services.access_policy import NOT_FOUND, visible_case
from chalicelib.services.feedback.case_overview import case_feedback
from chalicelib.services.forms_lookup import form_of_case

from .pages_rating_view import rating_context

CHINA = timezone(timedelta(hours=8))

# What the applicant does next, by status: (sentence, link text, link target or "" for none).
NEXT_STEPS: dict[str, tuple[str, str, str]] = {
    "draft": ("申请尚未提交，请继续填写并提交。", "继续填写", "/apply/{id}/resume"),
    "submitted": ("申请已提交，等待业务属地接收和预审，请留意短信通知。", "查看进度", ""),
    "pre_review": ("工作人员正在预审您的申请，请留意短信通知。", "查看进度", ""),
    "supplement_requested": (
        "工作人员要求补正材料：请按告知补齐材料后重新提交。",
        "补正材料",
        "/me/cases/{id}#supplement",
    ),
    "refused": (
        "申请不予受理，原因见办理记录。欢迎对本次服务进行评价。",
        "去评价",
        "/me/cases/{id}#rating",
    ),
    "accepted": ("申请已受理，正在办理，无需您操作。", "查看进度", ""),
    "under_review": ("申请正在审查，无需您操作。", "查看进度", ""),
    "awaiting_review_supplement": (
        "审查中需要补办材料：请按告知补齐材料后提交补办，补办期间承诺时限暂停计算。",
        "补办材料",
        "/me/cases/{id}#supplement",
    ),
    "suspended": ("办件进入特别程序，期间暂停计时，结束后继续办理。", "查看进度", ""),
    "approved": ("已作出准予许可决定，等待办结。", "查看进度", ""),
    "denied": ("已作出不予许可决定，决定书将送达给您。", "查看进度", ""),
    "completed": ("已办结，办理结果将送达给您。", "查看结果", "/me/cases/{id}#documents"),
    "delivered": (
        "办理结果已送达。欢迎对本次服务进行评价。",
        "查看结果与评价",
        "/me/cases/{id}#rating",
    ),
    "withdrawn": ("申请已撤回，办件已结束。", "查看详情", ""),
    "voided": ("办件已作废。", "查看详情", ""),
    "supplement_expired": ("未在期限内补正，办件已终止。如需办理请重新申请。", "查看详情", ""),
}

# Tag tone by status; the words carry the meaning, the colour only repeats it.
TONES = {
    "supplement_requested": "warn",
    "awaiting_review_supplement": "warn",
    "refused": "bad",
    "denied": "bad",
    "supplement_expired": "bad",
    "voided": "bad",
    "delivered": "ok",
    "completed": "ok",
    "approved": "ok",
}
CHANNELS = {"sms": "短信", "email": "电子邮件"}
KINDS = {"acceptance": "受理", "decision": "办结", "delivery": "送达"}


def next_step(status: str, case_id: str) -> dict[str, str]:
    sentence, link, target = NEXT_STEPS.get(status, ("", "查看详情", ""))
    href = (target or "/me/cases/{id}").replace("{id}", case_id)
    return {"text": sentence, "link": link, "href": href, "tone": TONES.get(status, "")}


def when(stamp: object) -> str:
    """An ISO time as people read it, in China time (2026-05-12 10:03)."""
    text = str(stamp or "")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(CHINA)
    return moment.strftime("%Y-%m-%d %H:%M")


def case_context(user: Principal, case_id: str) -> dict[str, Any]:
    """The case page's data: only the applicant's own case (anyone else's does not exist here)."""
    ports = bootstrap.queries()
    case = visible_case(ports.cases, user, case_id)
    if case.applicant_user_id != user.user_id:
        raise NotFoundError(NOT_FOUND)
    view = queries.case_view(ports, user, case)
    try:
        slots = [
            (s.id, s.material, s.label) for s in form_of_case(ports.content, case).material_slots
        ]
    except DomainError:
        slots = []  # a form no longer published: the ids are shown as they are
    feedback = case_feedback(bootstrap.overview_ports(), user, case_id)
    step = next_step(view["status"], case_id)
    if feedback.get("evaluation"):
        step = {**step, "text": "您已评价本次服务，可查看评价及整改情况。", "link": "查看评价"}
        step["href"] = f"/me/cases/{case_id}#my-rating"
    return {
        "case": view,
        "tone": TONES.get(view["status"], ""),
        "next": step,
        "timeline": timeline_rows(view["timeline"]),
        "clock": clock_rows(view["deadline"], view["timeline"], view["status"]),
        "supplement": supplement(view, slots),
        "notices": notice_rows(view["notices"]),
        "rating": rating_context(view, feedback, when),
    }


def _unit(actor: dict[str, str]) -> str:
    """Who did a step, as the applicant sees it: themself, the system, or the unit (never a login)."""
    role = actor.get("role", "")
    if role == Role.APPLICANT.value:
        return "申请人"
    if role == Role.SYSTEM.value:
        return "系统"
    try:
        return bootstrap.content_ports().jurisdictions.get(actor.get("jurisdiction", "")).full_name
    except DomainError:
        return "政务服务机构"


def timeline_rows(entries: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "label": e["action_label"],
            "status": e["to_status_label"],
            "at": when(e["at"]),
            "unit": _unit(e["actor"]),
            "reason": str(e.get("reason") or ""),
        }
        for e in reversed(entries)  # newest first, as portals show progress
    ]


def clock_rows(
    deadline: dict[str, Any], timeline: list[dict[str, Any]], status: str
) -> list[tuple[str, str]]:
    """The clock as (label, text) rows: only what applies to this case."""
    rows: list[tuple[str, str]] = []
    if deadline.get("urgency") == "unknown":
        return [("办理期限", str(deadline.get("urgency_label", "")))]

    def add(label: str, key: str, suffix: str = "") -> None:
        if deadline.get(key):
            rows.append((label, f"{deadline[key]}{suffix}"))

    add("收件日期", "received_on")
    paused = deadline.get("urgency") == "paused"
    if deadline.get("accepted_on"):
        deemed = "（逾期未处理，依法视为受理）" if deadline.get("deemed_accepted") else ""
        rows.append(("受理日期", f"{deadline['accepted_on']}{deemed}"))
    elif not paused:  # during a 补正 the acceptance period starts again when the materials arrive
        add("受理期限", "acceptance_due", " 前作出是否受理的决定")
    add("补正期限", "supplement_due", " 前提交补正材料")
    add("承诺办结期限", "promised_due")
    add("法定办结期限", "legal_due")
    if deadline.get("extended"):
        rows.append(("延长期限", "办理期限已依法延长"))
    add("作出决定日期", "decided_on")
    add("送达期限", "delivery_due")
    remaining = deadline.get("remaining_working_days")
    kind = KINDS.get(str(deadline.get("next_deadline_kind") or ""), "")
    if paused:
        rows.append(
            ("计时状态", _pause_text(status, int(deadline.get("paused_working_days") or 0)))
        )
    elif remaining is not None and deadline.get("next_deadline") and kind:
        if remaining < 0:
            text = f"距{kind}期限（{deadline['next_deadline']}）已超过{-remaining}个工作日"
        else:
            text = f"距{kind}期限（{deadline['next_deadline']}）还剩{remaining}个工作日"
        rows.append(("剩余工作日", text))
    rows += _resupply_rows(deadline, status)
    if status == "suspended":
        procedure = _special_procedure(timeline)
        if procedure:
            rows.append(("特别程序", procedure))
    return rows


def _resupply_rows(deadline: dict[str, Any], status: str) -> list[tuple[str, str]]:
    """已受理待补办 stops the promised clock only (第四十二条's legal period runs on, 第四十五条)."""
    rows = []
    if status == "awaiting_review_supplement":
        rows.append(("计时状态", _pause_text(status, 0)))
    days = deadline.get("resupply_working_days")
    if days:
        rows.append(("补办顺延", f"承诺办结期限因补办顺延{days}个工作日（法定期限不顺延）"))
    return rows


def _pause_text(status: str, days: int) -> str:
    if status == "supplement_requested":
        return "补正期间暂停计时，收到补正材料后重新计算"
    if status == "awaiting_review_supplement":
        return "补办期间承诺时限暂停计算，法定期限照常计算"
    counted = f"（已暂停{days}个工作日）" if days else ""
    return f"暂停计时{counted}，恢复后继续计算"


def _special_procedure(timeline: list[dict[str, Any]]) -> str:
    started = [e for e in timeline if e["action"] == "suspend"]
    if not started:
        return ""
    details = started[-1].get("details") or {}
    name = SPECIAL_PROCEDURES.get(str(details.get("procedure", "")), "特别程序")
    days = details.get("expected_days")
    return f"{name}，预计需要{days}天，所需时间不计入办理期限" if days else name


# The status waiting for materials, and the step that asked for them.
ASKED_BY = {
    "supplement_requested": "request_supplement",
    "awaiting_review_supplement": "request_review_supplement",
}


def supplement(view: dict[str, Any], slots: list[tuple[str, str, str]]) -> dict[str, Any] | None:
    """On a 补正 (or a 补办 during review): the materials asked for in the latest round, why, and what
    is uploaded for each."""
    asking = ASKED_BY.get(view["status"])
    if asking is None:
        return None
    rounds = view.get("supplement_requests") or []
    asked = list(rounds[-1]) if rounds else []
    requests = [e for e in view["timeline"] if e["action"] == asking]
    reason = str(requests[-1].get("reason") or "") if requests else ""
    materials = []
    for material_id in asked:
        # A round names slot ids or catalog material codes; both lead to the form's slot and label.
        matching = [s for s in slots if material_id in (s[0], s[1])]
        ids = {s[0] for s in matching}
        files = [m for m in view["materials"] if m.get("slot") in ids]
        materials.append(
            {
                "id": material_id,
                "label": matching[0][2] if matching else material_id,
                "files": [
                    {
                        "filename": m.get("filename", ""),
                        "refused": m.get("scan_status") == "rejected",
                        "message": m.get("scan_message", ""),
                    }
                    for m in files
                ],
            }
        )
    return {
        "materials": materials,
        "reason": reason,
        "due": (view.get("deadline") or {}).get("supplement_due") or "",
        "round": len(rounds),
        # 已受理待补办: the same panel, worded for a case under review (no 补正 deadline runs).
        "review": asking == "request_review_supplement",
    }


def notice_rows(notices: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The notices as sent (the SMS text itself), newest first; unsent claims are not notices yet."""
    sent = [n for n in notices if n.get("status", "sent") == "sent" and n.get("text")]
    return [
        {
            "channel": CHANNELS.get(str(n.get("channel", "")), str(n.get("channel", ""))),
            "title": str(n.get("title", "")),
            "text": str(n["text"]),
            "at": when(n.get("sent_at") or n.get("at")),
        }
        for n in sorted(sent, key=lambda n: str(n.get("at", "")), reverse=True)
    ]
