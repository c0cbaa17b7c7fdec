"""好差评 rules: five levels, channel indicators, one rating per case within its window after delivery, one 追评."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from chalicelib.domain.errors import InvalidTransitionError, ValidationFailedError
from chalicelib.domain.feedback.evaluations import (
    COUNTER_INDICATORS,
    ONLINE_INDICATORS,
    Channel,
    Evaluation,
    Level,
    RatingPolicy,
    add_follow_up,
    make_evaluation,
)
from chalicelib.domain.feedback.rating_facts import rated_unit, window_opened_at
from tests.support.feedback_fakes import DELIVERED_AT, handled_case

LATER = DELIVERED_AT + timedelta(days=1)


def rate(now: datetime = LATER, existing: Evaluation | None = None, **overrides: Any) -> Evaluation:
    case, events = handled_case(deliver=True)
    args: dict[str, Any] = {
        "evaluation_id": "EV-c1",
        "case": case,
        "window_opened_at": window_opened_at(case, events, now),
        "rated_unit": rated_unit(case, events, Channel.ONLINE),
        "level": 5,
        "channel": "online",
        "indicators": None,
        "comment": "",
        "anonymous": False,
        "rater_user_id": "u-applicant",
        "now": now,
        "existing": existing,
    }
    args.update(overrides)
    return make_evaluation(**args)


def test_the_five_levels_carry_their_chinese_names_and_only_the_lowest_two_are_bad() -> None:
    assert [lvl.label_zh for lvl in Level] == [
        "非常不满意",
        "不满意",
        "基本满意",
        "满意",
        "非常满意",
    ]
    assert [lvl.is_bad for lvl in Level] == [True, True, False, False, False]


def test_online_and_counter_channels_ask_the_indicators_of_gb_t_39734() -> None:
    assert Channel.ONLINE.indicators == (
        "整体满意度",
        "办事效率",
        "办事指南精确度",
        "办事便捷度",
        "平台操作性",
    )
    assert Channel.COUNTER.indicators == ("整体满意度", "服务效率", "服务水平", "服务态度")
    assert Channel.QR.indicators == COUNTER_INDICATORS
    assert Channel.SMS.indicators == Channel.HOTLINE_12345.indicators == ("整体满意度",)
    assert "一事一评" in Channel.ONLINE.label_zh and "一次一评" in Channel.COUNTER.label_zh


def test_a_valid_rating_records_the_case_the_channel_and_the_overall_score() -> None:
    ev = rate(level=4, indicators={"办事效率": 5, "平台操作性": 3}, comment="  很快  ")
    assert (ev.case_id, ev.item_code, ev.level, ev.channel) == (
        "c1",
        "RS-002",
        Level.SATISFIED,
        Channel.ONLINE,
    )
    assert ev.indicators == {"整体满意度": 4, "办事效率": 5, "平台操作性": 3}
    assert list(ev.indicators) == [n for n in ONLINE_INDICATORS if n in ev.indicators]
    assert ev.comment == "很快"
    assert ev.rated_at == LATER.isoformat(timespec="seconds")
    assert ev.counted and ev.follow_up is None


@pytest.mark.parametrize("level", [0, 6, -1, True, "5", 4.5, None])
def test_a_level_outside_one_to_five_is_refused_in_chinese(level: object) -> None:
    with pytest.raises(ValidationFailedError, match="评价等级须为1至5的整数"):
        rate(level=level)


def test_an_unknown_channel_is_refused() -> None:
    with pytest.raises(ValidationFailedError, match="未知的评价渠道"):
        rate(channel="wechat")


def test_an_indicator_of_another_channel_is_refused() -> None:
    with pytest.raises(ValidationFailedError, match="没有评价指标“服务态度”"):
        rate(channel="online", indicators={"服务态度": 5})
    assert rate(channel="counter", indicators={"服务态度": 5}).indicators["服务态度"] == 5


@pytest.mark.parametrize("score", [0, 6, True, "4"])
def test_indicator_scores_are_whole_numbers_from_one_to_five(score: object) -> None:
    with pytest.raises(ValidationFailedError, match="办事效率"):
        rate(indicators={"办事效率": score})


def test_the_overall_indicator_must_agree_with_the_level() -> None:
    with pytest.raises(ValidationFailedError, match="整体满意度须与评价等级一致"):
        rate(level=5, indicators={"整体满意度": 3})


def test_a_bad_rating_must_say_what_went_wrong() -> None:
    with pytest.raises(ValidationFailedError, match="请填写评价内容"):
        rate(level=2, comment="   ")
    assert rate(level=1, comment="材料被退回三次").is_bad


def test_comments_are_limited_to_500_characters() -> None:
    assert len(rate(comment="好" * 500).comment) == 500
    with pytest.raises(ValidationFailedError, match="不能超过500个字"):
        rate(comment="好" * 501)


@pytest.mark.parametrize("bad", ["a\x00b", "\x1b[31m红色", "退\r回", "\u202e反转"])
def test_comments_with_control_characters_are_refused(bad: str) -> None:
    with pytest.raises(ValidationFailedError, match="控制字符"):
        rate(comment=bad)


def test_a_comment_may_span_several_lines() -> None:
    assert rate(comment="第一行\n第二行").comment == "第一行\n第二行"
    assert rate(comment="第一行\r\n第二行").comment == "第一行\n第二行"


def test_anonymous_must_be_a_yes_or_no() -> None:
    with pytest.raises(ValidationFailedError, match="匿名"):
        rate(anonymous="yes")


def test_a_case_still_being_handled_cannot_be_rated() -> None:
    case, events = handled_case(stop_before_complete=True, deliver=False)
    with pytest.raises(InvalidTransitionError, match="送达（或不予受理）后才能评价"):
        rate(case=case, window_opened_at=window_opened_at(case, events, LATER))


def test_the_rating_window_is_fifteen_days_after_delivery_by_default() -> None:
    assert rate(now=DELIVERED_AT + timedelta(days=15)).level == 5
    with pytest.raises(InvalidTransitionError, match="送达后15日内可评价"):
        rate(now=DELIVERED_AT + timedelta(days=15, seconds=1))


def test_the_rating_window_is_configurable() -> None:
    policy = RatingPolicy(rating_window_days=30)
    assert rate(now=DELIVERED_AT + timedelta(days=20), policy=policy).level == 5
    with pytest.raises(InvalidTransitionError, match="7日内"):
        rate(now=DELIVERED_AT + timedelta(days=8), policy=RatingPolicy(rating_window_days=7))


def test_a_case_is_rated_only_once() -> None:
    first = rate()
    with pytest.raises(InvalidTransitionError, match="只能评价一次"):
        rate(existing=first)


def test_one_follow_up_may_be_added_within_its_window() -> None:
    ev = rate()
    later = add_follow_up(ev, "证件已收到，补充表扬", LATER + timedelta(days=3))
    assert later.follow_up is not None and later.follow_up.comment == "证件已收到，补充表扬"
    assert later.version == ev.version + 1
    with pytest.raises(InvalidTransitionError, match="只能追评一次"):
        add_follow_up(later, "再说一句", LATER + timedelta(days=4))
    with pytest.raises(InvalidTransitionError, match="追评期限"):
        add_follow_up(ev, "太晚了", LATER + timedelta(days=16))
    with pytest.raises(ValidationFailedError, match="请填写追评内容"):
        add_follow_up(ev, "", LATER)
