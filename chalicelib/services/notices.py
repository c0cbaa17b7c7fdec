"""Notices to applicants: render from templates, send by SMS (and e-mail), log once per milestone."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from chalicelib.domain.errors import NotFoundError

from .deps import Deps

log = logging.getLogger(__name__)


class NoticeInFlightError(RuntimeError):
    """Raised so the queue redelivers the message after its visibility timeout."""


NOTICE_TITLES = {
    "received": "申请已提交",
    "accepted": "已受理",
    "supplement": "需要补正材料",
    "refused": "不予受理",
    "completed": "办理结果已出",
    "delivered": "办理结果已送达",
    "extended": "办理期限延长",
    "rectified": "差评整改结果",
    "supplement_expired": "补正超时终止",
    "explained": "差评核实说明",
}


def send_notice(deps: Deps, message: dict[str, Any]) -> str:
    """Handle one send_notice message exactly once per (case, event, channel)."""
    case_id = str(message.get("case_id", ""))
    notice = str(message.get("notice", ""))
    if notice not in NOTICE_TITLES:
        log.warning("unknown notice %r dropped", notice)
        return "unknown_notice"
    try:
        case = deps.cases.get(case_id)
    except NotFoundError:
        return "unknown_case"
    if not case.applicant_phone:
        return "no_phone"
    events = {e.seq: e for e in deps.cases.events(case_id)}
    event = events.get(int(message.get("seq", 0)))
    context = {
        "case": case,
        "event": event,
        "title": NOTICE_TITLES[notice],
        "home": deps.jurisdictions.get(case.home_code),
        "receiving": deps.jurisdictions.get(case.receiving_code),
        "track_url": f"{deps.public_base_url}/track",
        "note": str(message.get("note", "")),
    }
    text = deps.renderer.render(f"sms/{notice}.txt.j2", context)
    channels = [("sms", case.applicant_phone)]
    if case.applicant_email:
        channels.append(("email", case.applicant_email))
    outcomes = [
        _send_once(deps, case_id, message, notice, channel, to, text) for channel, to in channels
    ]
    return "sent" if "sent" in outcomes else "duplicate"


def _send_once(
    deps: Deps, case_id: str, message: dict[str, Any], notice: str, channel: str, to: str, text: str
) -> str:
    """Claim, send, mark: a duplicate message finds the claim and sends nothing; a failure releases it for the retry."""
    notice_id = f"{message.get('ref') or message.get('seq', 0)}#{notice}#{channel}"
    record = {
        "channel": channel,
        "notice": notice,
        "title": NOTICE_TITLES[notice],
        "to": to,
        "text": text,
        "at": deps.clock.now().isoformat(timespec="seconds"),
    }
    now = deps.clock.now()
    record["claimed_at"] = now.isoformat(timespec="microseconds")
    stale = (now - timedelta(seconds=deps.notice_claim_timeout_seconds)).isoformat(
        timespec="microseconds"
    )
    claim = deps.notices.claim(case_id, notice_id, record, stale)
    if claim == "sent":
        return "duplicate"
    if claim == "in_flight":
        # Another delivery is sending it, or crashed mid-send: retry later rather than drop it.
        raise NoticeInFlightError(f"notice {notice_id} of case {case_id} is being sent")
    try:
        if channel == "sms":
            provider_id = deps.notifier.send_sms(to, text)
        else:
            provider_id = deps.notifier.send_email(to, f"【政务服务】{NOTICE_TITLES[notice]}", text)
    except Exception:
        deps.notices.release(case_id, notice_id)
        raise
    deps.notices.mark(case_id, notice_id, "sent", provider_id)
    return "sent"
