"""好差评 for walk-in applicants, who have no account: on the counter's device, or by the QR link on the receipt.

Both record the rating as the system on the applicant's behalf (ratings.rate_case lets the system rate
on any channel but online), so it lands on the case exactly like an online one and a 差评 opens its
整改. The QR link carries an HMAC of the case id under a key of this deployment: it cannot be guessed
or moved to another case, opens no other page, and a case is rated once, so the link is spent after
use. Wrong links are counted per client like the progress links (services.tracking).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass

from chalicelib.domain.cases import Case
from chalicelib.domain.errors import ForbiddenActionError, NotFoundError
from chalicelib.domain.feedback.evaluations import Channel
from chalicelib.domain.roles import SYSTEM, Principal, Role
from chalicelib.services import rate_limits
from chalicelib.services.access_policy import visible_case
from chalicelib.services.rate_limits import Limit, RateLimitPorts

from .ratings import RatingOutcome, RatingPorts, rate_case

SECRET_NAME = "rating-link-key"
LINK_NOT_FOUND = "评价链接无效，请核对回执上的二维码，或到办理窗口评价"
PER_CLIENT = Limit("rate-link-client", 30, 3_600, "评价链接错误次数过多，请{minutes}分钟后再试")
TOKEN_BYTES = 18  # 144 bits: far beyond guessing within the limit


@dataclass(frozen=True)
class CounterRatingPorts:
    rating: RatingPorts
    limits: RateLimitPorts
    link_key: bytes
    public_base_url: str


def rating_token(key: bytes, case_id: str) -> str:
    digest = hmac.new(key, f"rate#{case_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:TOKEN_BYTES]).decode().rstrip("=")


def rating_url(public_base_url: str, key: bytes, case_id: str) -> str:
    return f"{public_base_url}/rate/{case_id}/{rating_token(key, case_id)}"


def rating_link(ports: CounterRatingPorts, case_id: str) -> str:
    """The public page the QR code opens on the applicant's phone (and the 送达回证 prints)."""
    return rating_url(ports.public_base_url, ports.link_key, case_id)


def case_by_link(ports: CounterRatingPorts, client_ip: str, case_id: str, token: str) -> Case:
    """The case the link was made for; the same 404 for a forged token, another case's, or no case."""
    client = rate_limits.client_subject(ports.limits, client_ip)
    hits = rate_limits.take_all(ports.limits, [(PER_CLIENT, client)])
    expected = rating_token(ports.link_key, case_id)
    if not case_id or not hmac.compare_digest(expected.encode(), token.strip().encode()):
        raise NotFoundError(LINK_NOT_FOUND)
    try:
        case = ports.rating.cases.get(case_id)
    except NotFoundError:
        raise NotFoundError(LINK_NOT_FOUND) from None
    rate_limits.give_back(ports.limits, hits)
    return case


def rate_by_link(
    ports: CounterRatingPorts,
    client_ip: str,
    case_id: str,
    token: str,
    *,
    level: object,
    indicators: Mapping[str, object] | None = None,
    comment: object = "",
    anonymous: bool = False,
) -> RatingOutcome:
    """The applicant's rating from the QR link (二维码评价)."""
    case = case_by_link(ports, client_ip, case_id, token)
    return rate_case(
        ports.rating,
        SYSTEM,
        case.case_id,
        level=level,
        channel=Channel.QR.value,
        indicators=indicators,
        comment=comment,
        anonymous=anonymous,
    )


def check_counter_clerk(ports: RatingPorts, clerk: Principal, case_id: str) -> Case:
    """Only the receiving window that serves the case opens its 评价器 screen."""
    case = visible_case(ports.cases, clerk, case_id)
    if not clerk.has(Role.WINDOW_STAFF) or clerk.jurisdiction != case.receiving_code:
        raise ForbiddenActionError("只有受理窗口可以为申请人开启窗口评价")
    return case


def rate_at_counter(
    ports: RatingPorts,
    clerk: Principal,
    case_id: str,
    *,
    level: object,
    indicators: Mapping[str, object] | None = None,
    comment: object = "",
    anonymous: bool = False,
) -> RatingOutcome:
    """The applicant's rating on the counter's device (窗口服务 一次一评), opened by the clerk."""
    case = check_counter_clerk(ports, clerk, case_id)
    return rate_case(
        ports,
        SYSTEM,
        case.case_id,
        level=level,
        channel=Channel.COUNTER.value,
        indicators=indicators,
        comment=comment,
        anonymous=anonymous,
    )
