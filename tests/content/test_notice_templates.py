"""Every SMS template renders through the notice service for real cases, in Chinese, fit for the mode."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from chalicelib.documents.templating import JinjaNoticeRenderer
from chalicelib.domain.outbox_messages import notice_task
from chalicelib.domain.reactions import COUNTER_MODES, reaction_for
from chalicelib.domain.statuses import Action
from chalicelib.services import notices
from chalicelib.services.notices import NOTICE_TITLES
from tests.support.builders import APPLICANT, PL_WINDOW, World, world
from tests.support.cases import file_case

ROOT = Path(__file__).resolve().parents[2]
ONLINE_ONLY = ("推送至您的账户", "登录")  # a walk-in applicant has no account
FEEDBACK_NOTICES = {"rectified", "explained"}
COUNTER_NOTICES = sorted(
    {reaction_for(m, a).notice for m in COUNTER_MODES for a in Action} - {""} | FEEDBACK_NOTICES
)


def sent_text(w: World, case_id: str, notice: str, **extra: str) -> str:
    ports = replace(w.notices, renderer=JinjaNoticeRenderer(ROOT / "templates"))
    w.notifier.renderer = ports.renderer  # the SNS adapter renders the kind and parameters itself
    seq = w.cases.get(case_id).version
    message = {**notice_task(case_id, seq, notice), **extra}
    assert notices.send_notice(ports, message) == "sent"
    return w.notifier.sms[-1][1]


@pytest.mark.parametrize("notice", sorted(NOTICE_TITLES))
def test_each_notice_renders_for_a_real_online_case_signed_and_short(notice: str) -> None:
    w = world()
    case_id = file_case(w, APPLICANT)
    case = w.cases.get(case_id)
    text = sent_text(w, case_id, notice)
    assert text.startswith("【平罗县政务服务】")
    assert case.case_number in text and case.applicant_name in text
    assert len(text) <= 201  # at most three 67-character segments


@pytest.mark.parametrize("notice", COUNTER_NOTICES)
def test_no_notice_to_a_walk_in_applicant_points_to_an_account(notice: str) -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    text = sent_text(w, case_id, notice)
    assert not any(phrase in text for phrase in ONLINE_ONLY), text


def test_a_step_by_the_receiving_counter_is_signed_by_the_receiving_county() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    # The last step (提交) was the 平罗 clerk's: the home county 惠民 must not sign it.
    assert sent_text(w, case_id, "received").startswith("【平罗县政务服务】")


def test_a_reply_to_a_rating_is_signed_by_the_jurisdiction_it_names() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    text = sent_text(w, case_id, "explained", jurisdiction="140823", note="已核实")
    assert text.startswith("【闻喜县政务服务】")


def test_the_online_completion_notice_sends_to_the_account_not_to_a_window() -> None:
    w = world()
    text = sent_text(w, file_case(w, APPLICANT), "completed_online")
    assert "我的办件" in text and "窗口" not in text
