"""Public progress lookup (进度查询) for people without an account: by case number and 查询密码, or by
the case's own progress link (SMS, receipt), limited per client and per number so codes cannot be guessed.

Every attempt is counted before it is evaluated (services.rate_limits), so a parallel burst gets no
more guesses than the limit. A stranger can use up a number's guesses for the day, but not deny the
applicant: the link in the SMS and on the receipt carries the case's tracking token, which is
checked under the client limit only.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.cases import Case
from chalicelib.domain.errors import NotFoundError
from chalicelib.domain.statuses import Action, CaseStatus

from . import rate_limits
from .case_clocks import deadline_view
from .ports import CaseRepository, Clock, Content
from .rate_limits import Limit, RateLimitPorts


@dataclass(frozen=True)
class TrackingPorts:
    cases: CaseRepository
    content: Content
    clock: Clock
    limits: RateLimitPorts


NOT_FOUND = "办件编号或查询密码不正确"
LINK_NOT_FOUND = "查询链接无效，请核对短信或回执上的链接，或凭办件编号和查询密码查询"
LOCKED = (
    "该办件今日查询失败次数过多，请明天再试，或使用短信、回执上的查询链接，或携带身份证件到窗口查询"
)
MAX_FAILURES_PER_DAY = 10  # a 6-digit code must not be guessable by trying
MAX_FAILURES_PER_CLIENT_HOUR = 30
PER_NUMBER = Limit("track-number", MAX_FAILURES_PER_DAY, 86_400, LOCKED)
PER_CLIENT = Limit(
    "track-client",
    MAX_FAILURES_PER_CLIENT_HOUR,
    3_600,
    "查询失败次数过多，请{minutes}分钟后再试",
)


def tracking_link(public_base_url: str, case: Case) -> str:
    """The progress link for the applicant; the secret sits in the fragment, which no browser sends on."""
    if not case.tracking_token:
        return f"{public_base_url}/track"
    return f"{public_base_url}/track#n={case.case_number}&t={case.tracking_token}"


def track(
    ports: TrackingPorts, client_ip: str, case_number: str, query_code: str
) -> dict[str, Any]:
    """The same answer for an unknown number and a wrong code, so numbers cannot be probed."""
    number, code = case_number.strip().upper(), query_code.strip()
    client = rate_limits.client_subject(ports.limits, client_ip)
    hits = rate_limits.take_all(ports.limits, [(PER_CLIENT, client), (PER_NUMBER, number)])
    case = ports.cases.by_number(number) if number and code else None
    if case is None or not hmac.compare_digest(case.query_code.encode(), code.encode()):
        raise NotFoundError(NOT_FOUND)
    rate_limits.give_back(ports.limits, hits)
    return progress(ports, case)


def track_by_link(
    ports: TrackingPorts, client_ip: str, case_number: str, token: str
) -> dict[str, Any]:
    """The SMS or receipt link: opens the progress even while the number is locked for code guesses."""
    number, secret = case_number.strip().upper(), token.strip()
    client = rate_limits.client_subject(ports.limits, client_ip)
    hits = rate_limits.take_all(ports.limits, [(PER_CLIENT, client)])
    case = ports.cases.by_number(number) if number and secret else None
    if (
        case is None
        or not case.tracking_token
        or not hmac.compare_digest(case.tracking_token.encode(), secret.encode())
    ):
        raise NotFoundError(LINK_NOT_FOUND)
    rate_limits.give_back(ports.limits, hits)
    return progress(ports, case)


def progress(ports: TrackingPorts, case: Case) -> dict[str, Any]:
    events = ports.cases.events(case.case_id)
    deadline = deadline_view(ports.content, case, ports.clock.today())
    return {
        "case_number": case.case_number,
        "item_name": case.item_name,
        "mode_label": case.mode.label_zh,
        "status": case.status.value,
        "status_label": case.status.label_zh,
        "receiving": ports.content.jurisdictions.get(case.receiving_code).full_name,
        "home": ports.content.jurisdictions.get(case.home_code).full_name,
        "due": deadline.get("next_deadline"),
        "urgency_label": deadline.get("urgency_label", ""),
        "steps": [
            {
                "at": e.at,
                "step": Action(e.action).label_zh,
                "status_label": CaseStatus(e.to_status).label_zh,
                "unit": ports.content.jurisdictions.get(e.actor.jurisdiction).name
                if e.actor.jurisdiction
                else "系统",
            }
            for e in events
        ],
    }
