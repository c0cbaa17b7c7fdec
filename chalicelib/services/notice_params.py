"""A notice's flat text parameters: what an SMS provider's registered template and our own templates fill in."""

from __future__ import annotations

from chalicelib.domain.cases import Case, CaseEvent
from chalicelib.domain.jurisdictions import Jurisdiction
from chalicelib.domain.roles import Role
from chalicelib.domain.step_rules import SPECIAL_PROCEDURES

from .ports import Notice, NoticeRenderer

# A registered template cannot say "if there is no event"; the fallback is a parameter value instead.
REASON_FALLBACKS = {
    "refused": "详见不予受理通知书",
    "supplement": "详见补正材料通知书",
    "review_supplement": "详见补正材料通知书",
    "extended": "详见延长办理期限告知书",
}


def notice_params(
    notice: str,
    case: Case,
    event: CaseEvent | None,
    signer: Jurisdiction,
    receiving: Jurisdiction,
    track_url: str,
    note: str,
) -> dict[str, str]:
    """Every value is a string (providers take string parameters); flags are "1" or ""."""
    return {
        "signer": signer.name,
        "name": case.applicant_name,
        "item": case.item_name,
        "number": case.case_number,
        "query_code": case.query_code,
        "track_url": track_url,
        "receiving": receiving.name,
        "decision": str(case.result.get("decision_zh", "已出具")),
        "reason": event.reason if event else REASON_FALLBACKS.get(notice, ""),
        "procedure": SPECIAL_PROCEDURES.get(
            str(event.details.get("procedure", "")) if event else "", "特别程序"
        ),
        "expected_days": str(event.details.get("expected_days", "")) if event else "",
        "note": note,
        "online": "1" if case.mode.value == "online" else "",
        # 逾期未告知补正视为受理: the system, not a clerk, accepted it
        "deemed": "1" if event is not None and event.actor.role == Role.SYSTEM.value else "",
    }


def email_subject(notice: Notice) -> str:
    return f"【政务服务】{notice.title}"


def notice_text(renderer: NoticeRenderer, notice: Notice) -> str:
    """The free text of a notice, for channels without registered templates (SNS, SES, SMTP)."""
    return renderer.render(f"sms/{notice.kind}.txt.j2", notice.params)
