"""Notices to applicants: render from templates, send by SMS (and e-mail), log once per milestone."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from chalicelib.domain.cases import Case, CaseEvent
from chalicelib.domain.errors import NotFoundError
from chalicelib.domain.jurisdictions import Jurisdiction, JurisdictionRegistry
from chalicelib.domain.roles import Role

from .feedback.rater_notices import RectificationReader, note_for
from .notice_params import notice_params
from .ports import Clock, Notice, NoticeLog, NoticeRenderer, Notifier
from .tracking import tracking_link

log = logging.getLogger(__name__)


class NoticeInFlightError(RuntimeError):
    """Raised so the queue redelivers the message after its visibility timeout."""


class CaseReader(Protocol):
    def get(self, case_id: str) -> Case:
        """Load a case or raise NotFoundError."""

    def events(self, case_id: str) -> list[CaseEvent]:
        """The case's events in order."""

    def with_event(self, case_id: str, seq: int) -> tuple[Case, CaseEvent | None]:
        """The case and its event `seq` (None if it has none) in one read; NotFoundError if no case."""


@dataclass(frozen=True)
class NoticePorts:
    cases: CaseReader
    log: NoticeLog
    notifier: Notifier
    renderer: NoticeRenderer
    jurisdictions: JurisdictionRegistry
    clock: Clock
    public_base_url: str
    claim_timeout_seconds: int = 120
    rectifications: RectificationReader | None = None  # issue 9 (privacy): the 差评 note by its ref


NOTICE_TITLES = {
    "received": "申请已提交",
    "supplemented": "补正材料已收到",
    "accepted": "已受理",
    "supplement": "需要补正材料",
    "refused": "不予受理",
    "special_procedure": "特别程序告知",
    "resumed": "特别程序结束",
    "completed_online": "办理结果已出",
    "completed_returning": "已办结，结果寄回受理窗口",
    "result_ready": "办理结果可领取",
    "delivered": "办理结果已送达",
    "extended": "办理期限延长",
    "rectified": "差评整改结果",
    "supplement_expired": "补正超时终止",
    "explained": "差评核实说明",
    "review_supplement": "审查中需要补办材料",
    "review_supplied": "补办材料已收到",
}


def signer(
    ports: NoticePorts, case: Case, event: CaseEvent | None, acting: str = ""
) -> Jurisdiction:
    """A notice is signed by the jurisdiction that acted (a 好差评 reply names it in the message), or for
    the system's steps by the one the applicant dealt with (the receiving one; online, that is home)."""
    if acting:
        return ports.jurisdictions.get(acting)
    if event is not None and event.actor.role != Role.SYSTEM.value and event.actor.jurisdiction:
        return ports.jurisdictions.get(event.actor.jurisdiction)
    return ports.jurisdictions.get(case.receiving_code)


def send_notice(
    ports: NoticePorts, message: dict[str, Any], known: tuple[Case, CaseEvent | None] | None = None
) -> str:
    """Handle one send_notice message exactly once per (case, event, channel).
    `known`: the case and the event the notice is about, when the caller has just read them."""
    case_id = str(message.get("case_id", ""))
    notice = str(message.get("notice", ""))
    if notice not in NOTICE_TITLES:
        log.warning("unknown notice %r dropped", notice)
        return "unknown_notice"
    seq = int(message.get("seq", 0))
    try:
        # The case and the one event the notice is about in one read, not the case then all events.
        case, event = known if known is not None else _read(ports, case_id, seq)
    except NotFoundError:
        return "unknown_case"
    if case.case_id != case_id:
        return "unknown_case"
    if not case.applicant_phone:
        return "no_phone"
    who = signer(ports, case, event, str(message.get("jurisdiction", "")))
    params = notice_params(
        notice,
        case,
        event,
        who,
        ports.jurisdictions.get(case.receiving_code),
        tracking_link(ports.public_base_url, case),  # the applicant's own link
        note_for(ports.rectifications, message),  # issue 9 (privacy): not in the message
    )
    about = Notice(
        notice, NOTICE_TITLES[notice], who.code, params, str(message.get("correlation_id", ""))
    )
    # The log keeps what the applicant was told, from the same template an SNS-like provider renders.
    text = ports.renderer.render(f"sms/{notice}.txt.j2", params)
    channels = [("sms", case.applicant_phone)]
    if case.applicant_email:
        channels.append(("email", case.applicant_email))
    outcomes = [
        _send_once(ports, case_id, message, about, channel, to, text) for channel, to in channels
    ]
    return "sent" if "sent" in outcomes else "duplicate"


def _read(ports: NoticePorts, case_id: str, seq: int) -> tuple[Case, CaseEvent | None]:
    return ports.cases.with_event(case_id, seq) if seq else (ports.cases.get(case_id), None)


def _send_once(
    ports: NoticePorts,
    case_id: str,
    message: dict[str, Any],
    about: Notice,
    channel: str,
    to: str,
    text: str,
) -> str:
    """Claim, send, mark: a duplicate message finds the claim and sends nothing; a failure releases it for the retry."""
    notice = about.kind
    notice_id = f"{message.get('ref') or message.get('seq', 0)}#{notice}#{channel}"
    record = {
        "channel": channel,
        "notice": notice,
        "title": NOTICE_TITLES[notice],
        "to": to,
        "text": text,
        "correlation_id": about.correlation_id,  # the request that caused it, to find its log lines
        "at": ports.clock.now().isoformat(timespec="seconds"),
    }
    now = ports.clock.now()
    record["claimed_at"] = now.isoformat(timespec="microseconds")
    stale = (now - timedelta(seconds=ports.claim_timeout_seconds)).isoformat(
        timespec="microseconds"
    )
    claim = ports.log.claim(case_id, notice_id, record, stale)
    if claim == "sent":
        return "duplicate"
    if claim == "in_flight":
        # Another delivery is sending it, or crashed mid-send: retry later rather than drop it.
        raise NoticeInFlightError(f"notice {notice_id} of case {case_id} is being sent")
    try:
        if channel == "sms":
            provider_id = ports.notifier.send_sms(to, about)
        else:
            provider_id = ports.notifier.send_email(to, about)
    except Exception:
        ports.log.release(case_id, notice_id)
        raise
    ports.log.mark(case_id, notice_id, "sent", provider_id)
    return "sent"
