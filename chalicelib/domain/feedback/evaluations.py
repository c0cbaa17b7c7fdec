"""政务服务“好差评”: levels, channels and indicators (GB/T 39734), and the rules of one evaluation.

A case may be rated once (一次一评), within a window that opens when the result is delivered
(送达) or the application is refused at acceptance (不予受理); one follow-up (追评) may be added
later. Which unit is rated is read from the events (rating_facts.rated_unit).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum

from chalicelib.domain.cases import Case
from chalicelib.domain.errors import InvalidTransitionError, ValidationFailedError

from .free_text import clean_text

COMMENT_MAX_CHARS = 500
OVERALL = "整体满意度"


class Level(IntEnum):
    """The five levels; 1 and 2 are 差评."""

    VERY_DISSATISFIED = 1
    DISSATISFIED = 2
    BASIC = 3
    SATISFIED = 4
    VERY_SATISFIED = 5

    @property
    def label_zh(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def is_bad(self) -> bool:
        return self <= Level.DISSATISFIED


LEVEL_LABELS: dict[Level, str] = {
    Level.VERY_DISSATISFIED: "非常不满意",
    Level.DISSATISFIED: "不满意",
    Level.BASIC: "基本满意",
    Level.SATISFIED: "满意",
    Level.VERY_SATISFIED: "非常满意",
}

ONLINE_INDICATORS = (OVERALL, "办事效率", "办事指南精确度", "办事便捷度", "平台操作性")
COUNTER_INDICATORS = (OVERALL, "服务效率", "服务水平", "服务态度")


class Channel(StrEnum):
    """Where the rating came from: 一事一评 online, 一次一评 at the counter, or another tool."""

    ONLINE = "online"
    COUNTER = "counter"
    SMS = "sms"
    QR = "qr"
    HOTLINE_12345 = "hotline_12345"

    @property
    def label_zh(self) -> str:
        return CHANNEL_LABELS[self]

    @property
    def indicators(self) -> tuple[str, ...]:
        return CHANNEL_INDICATORS[self]


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.ONLINE: "网上办事（一事一评）",
    Channel.COUNTER: "窗口服务（一次一评）",
    Channel.SMS: "短信评价",
    Channel.QR: "二维码评价",
    Channel.HOTLINE_12345: "12345热线评价",
}

# A QR code is scanned at the window, so it asks the counter questions; SMS and 12345 ask only the overall level.
CHANNEL_INDICATORS: dict[Channel, tuple[str, ...]] = {
    Channel.ONLINE: ONLINE_INDICATORS,
    Channel.COUNTER: COUNTER_INDICATORS,
    Channel.QR: COUNTER_INDICATORS,
    Channel.SMS: (OVERALL,),
    Channel.HOTLINE_12345: (OVERALL,),
}


@dataclass(frozen=True)
class RatingPolicy:
    """Local settings: how long after delivery (or refusal) a case can be rated, and how long a 追评 stays open."""

    rating_window_days: int = 15
    follow_up_window_days: int = 15


@dataclass(frozen=True)
class RatedUnit:
    """The 评价对象: jurisdiction, department, centre and the staff member who answers for the rated step."""

    jurisdiction: str
    department: str
    center: str = ""
    staff_user_id: str = ""
    staff_name: str = ""

    @property
    def key(self) -> str:
        return f"{self.jurisdiction}/{self.department}"


@dataclass(frozen=True)
class FollowUp:
    """The one 追评 a rater may add."""

    comment: str
    at: str


@dataclass(frozen=True)
class Evaluation:
    """One rating of one case. `counted` turns False when an appeal (申诉复核) is upheld."""

    evaluation_id: str
    case_id: str
    case_number: str
    item_code: str
    level: Level
    channel: Channel
    indicators: dict[str, int]
    comment: str
    anonymous: bool
    rater_user_id: str
    rated_at: str
    rated_unit: RatedUnit
    follow_up: FollowUp | None = None
    counted: bool = True
    version: int = 1

    @property
    def is_bad(self) -> bool:
        return self.level.is_bad


def parse_level(value: object) -> Level:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationFailedError("评价等级须为1至5的整数（1=非常不满意，5=非常满意）")
    return Level(value)


def parse_channel(value: object) -> Channel:
    try:
        return Channel(str(value))
    except ValueError:
        names = "、".join(c.label_zh for c in Channel)
        raise ValidationFailedError(f"未知的评价渠道，可选：{names}") from None


def parse_indicators(
    values: Mapping[str, object] | None, channel: Channel, level: Level
) -> dict[str, int]:
    """Scores per indicator of the channel; 整体满意度 defaults to the level and must agree with it."""
    if values is None:
        values = {}
    if not isinstance(values, Mapping):
        raise ValidationFailedError("评价指标格式不正确")
    allowed = channel.indicators
    scores: dict[str, int] = {}
    for name, score in values.items():
        if name not in allowed:
            raise ValidationFailedError(
                f"“{channel.label_zh}”没有评价指标“{name}”，可选：{'、'.join(allowed)}"
            )
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise ValidationFailedError(f"评价指标“{name}”的分值须为1至5的整数")
        scores[name] = score
    if scores.setdefault(OVERALL, int(level)) != int(level):
        raise ValidationFailedError("整体满意度须与评价等级一致")
    return {name: scores[name] for name in allowed if name in scores}


def check_can_rate(
    case: Case,
    window_opened_at: datetime | None,
    now: datetime,
    existing: Evaluation | None,
    policy: RatingPolicy,
) -> None:
    """Raise unless the case may be rated now: once, after delivery or refusal, within the window."""
    if existing is not None:
        raise InvalidTransitionError("该办件已评价，每件只能评价一次；如有补充意见请使用追评")
    if window_opened_at is None:
        raise InvalidTransitionError(
            f"办件当前状态为“{case.status.label_zh}”，办理结果送达（或不予受理）后才能评价",
            details={"status": case.status.value},
        )
    if now - window_opened_at > timedelta(days=policy.rating_window_days):
        raise InvalidTransitionError(
            f"已超过评价期限（办理结果送达后{policy.rating_window_days}日内可评价）"
        )


def make_evaluation(
    *,
    evaluation_id: str,
    case: Case,
    window_opened_at: datetime | None,
    rated_unit: RatedUnit,
    level: object,
    channel: object,
    indicators: Mapping[str, object] | None,
    comment: object,
    anonymous: bool,
    rater_user_id: str,
    now: datetime,
    existing: Evaluation | None = None,
    policy: RatingPolicy | None = None,
) -> Evaluation:
    """Validate a rating of `case` and build it; every problem is a Chinese ValidationFailedError."""
    check_can_rate(case, window_opened_at, now, existing, policy or RatingPolicy())
    lvl = parse_level(level)
    chan = parse_channel(channel)
    scores = parse_indicators(indicators, chan, lvl)
    text = clean_text(comment, "评价内容", COMMENT_MAX_CHARS, required=lvl.is_bad)
    if not isinstance(anonymous, bool):
        raise ValidationFailedError("是否匿名评价须为是或否")
    return Evaluation(
        evaluation_id=evaluation_id,
        case_id=case.case_id,
        case_number=case.case_number,
        item_code=case.item_code,
        level=lvl,
        channel=chan,
        indicators=scores,
        comment=text,
        anonymous=anonymous,
        rater_user_id=rater_user_id,
        rated_at=now.isoformat(timespec="seconds"),
        rated_unit=rated_unit,
    )


def add_follow_up(
    evaluation: Evaluation, comment: object, now: datetime, policy: RatingPolicy | None = None
) -> Evaluation:
    """Attach the one 追评, within the follow-up window after the rating."""
    window = (policy or RatingPolicy()).follow_up_window_days
    if evaluation.follow_up is not None:
        raise InvalidTransitionError("每次评价只能追评一次")
    if now - parse_time(evaluation.rated_at, now) > timedelta(days=window):
        raise InvalidTransitionError(f"已超过追评期限（评价后{window}日内可追评）")
    text = clean_text(comment, "追评内容", COMMENT_MAX_CHARS, required=True)
    return replace(
        evaluation,
        follow_up=FollowUp(comment=text, at=now.isoformat(timespec="seconds")),
        version=evaluation.version + 1,
    )


def exclude_from_count(evaluation: Evaluation) -> Evaluation:
    """An upheld appeal: the rating stays on record but no longer counts."""
    return replace(evaluation, counted=False, version=evaluation.version + 1)


def parse_time(stamp: str, like: datetime) -> datetime:
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None and like.tzinfo is not None:
        moment = moment.replace(tzinfo=like.tzinfo)
    return moment
