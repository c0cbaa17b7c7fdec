"""Progress lookup (进度查询): for the right pair or the case's own link only, limited atomically per
client and per number, and never lockable against the applicant."""

from __future__ import annotations

import contextlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest

from chalicelib.domain.cases import Case
from chalicelib.domain.errors import NotFoundError
from chalicelib.services import document_issuing, handling, notices, tracking
from chalicelib.services.rate_limits import RateLimitedError
from tests.support.builders import APPLICANT, PL_WINDOW, world
from tests.support.cases import file_case
from tests.support.fakes import FakeIssuer

IP = "198.51.100.7"


def wrong(case: Case) -> str:
    return "000000" if case.query_code != "000000" else "111111"


def test_anyone_with_the_number_and_query_code_sees_the_progress_and_nobody_else() -> None:
    w = world()
    case = w.cases.get(file_case(w, APPLICANT))
    progress = tracking.track(w.tracking, IP, case.case_number.lower(), case.query_code)
    assert (
        progress["status_label"] == "已提交（收件）"
        and [s["step"] for s in progress["steps"]][-1] == "提交申请"
    )
    for number, code in (
        (case.case_number, "000000"),
        ("KS640221-20261126-9999990", case.query_code),
        (case.case_number, "１２３４５６"),  # not ASCII: refused like any wrong code, not a crash
    ):
        with pytest.raises(NotFoundError, match="办件编号或查询密码不正确"):
            tracking.track(w.tracking, IP, number, code)


def test_guessing_a_query_code_is_stopped_after_ten_failures_a_day() -> None:
    w = world()
    case = w.cases.get(file_case(w, APPLICANT))
    for attempt in range(tracking.MAX_FAILURES_PER_DAY):
        with pytest.raises(NotFoundError):
            tracking.track(w.tracking, f"203.0.113.{attempt}", case.case_number, wrong(case))
    with pytest.raises(RateLimitedError, match="失败次数过多") as locked:
        tracking.track(w.tracking, IP, case.case_number, case.query_code)
    assert locked.value.retry_after > 0
    w.clock.advance(days=1)
    assert tracking.track(w.tracking, IP, case.case_number, case.query_code)["case_number"]


class SlowCases:
    """The case store with a little latency, so parallel lookups overlap as they do over the network."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.evaluated, self._lock = inner, 0, threading.Lock()

    def by_number(self, number: str) -> Case | None:
        with self._lock:
            self.evaluated += 1
        time.sleep(0.01)
        found: Case | None = self.inner.by_number(number)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_thirty_parallel_guesses_get_at_most_ten_evaluated() -> None:
    """Fails on the old code: it peeked at the failure count, evaluated, then counted, so a parallel
    burst was evaluated far past the limit (30 guesses got 11 evaluated against the real stack)."""
    w = world()
    case = w.cases.get(file_case(w, APPLICANT))
    cases = SlowCases(w.cases)
    ports = replace(w.tracking, cases=cases)

    def guess(n: int) -> None:
        with contextlib.suppress(NotFoundError, RateLimitedError):
            tracking.track(ports, f"203.0.113.{n}", case.case_number, wrong(case))

    with ThreadPoolExecutor(max_workers=30) as pool:
        list(pool.map(guess, range(30)))
    assert cases.evaluated == tracking.MAX_FAILURES_PER_DAY


def test_a_number_locked_by_strangers_still_opens_from_the_applicants_sms_link() -> None:
    """Fails on the old code: ten wrong codes locked the number for everyone for the rest of the day,
    and the SMS carried no link of the case's own to get past a stranger's lock."""
    w = world()
    case = w.cases.get(file_case(w, APPLICANT))
    for attempt in range(tracking.MAX_FAILURES_PER_DAY + 5):
        with pytest.raises((NotFoundError, RateLimitedError)):
            tracking.track(w.tracking, f"203.0.113.{attempt}", case.case_number, wrong(case))
    progress = tracking.track_by_link(w.tracking, IP, case.case_number, case.tracking_token)
    assert progress["case_number"] == case.case_number
    with pytest.raises(NotFoundError, match="查询链接无效"):
        tracking.track_by_link(w.tracking, IP, case.case_number, case.tracking_token + "x")


def test_a_case_without_a_token_cannot_be_opened_by_an_empty_one() -> None:
    w = world()
    case = w.cases.get(file_case(w, APPLICANT))
    w.cases.cases[case.case_id] = replace(case, tracking_token="")  # filed before links had tokens
    with pytest.raises(NotFoundError):
        tracking.track_by_link(w.tracking, IP, case.case_number, "")
    assert tracking.tracking_link("https://x", w.cases.get(case.case_id)) == "https://x/track"


def test_one_client_guessing_across_many_numbers_is_stopped_after_thirty_failures_an_hour() -> None:
    w = world()
    for n in range(tracking.MAX_FAILURES_PER_CLIENT_HOUR):
        with pytest.raises(NotFoundError):
            tracking.track(w.tracking, IP, f"KS640221-20261126-{n:07d}", "123456")
    with pytest.raises(RateLimitedError, match="分钟后再试"):
        tracking.track(w.tracking, IP, "KS640221-20261126-0000099", "123456")
    with pytest.raises(NotFoundError):  # another client is not affected
        tracking.track(w.tracking, "198.51.100.8", "KS640221-20261126-0000099", "123456")


def test_looking_up_with_the_right_code_uses_up_no_guesses() -> None:
    w = world()
    case = w.cases.get(file_case(w, APPLICANT))
    for _ in range(3 * tracking.MAX_FAILURES_PER_CLIENT_HOUR):
        tracking.track(w.tracking, IP, case.case_number, case.query_code)


class CapturingRenderer:
    def __init__(self) -> None:
        self.contexts: list[dict[str, Any]] = []

    def render(self, template: str, context: dict[str, Any]) -> str:
        self.contexts.append(context)
        return template


def test_the_received_sms_carries_the_cases_link_with_its_secret_in_the_fragment() -> None:
    w = world()
    case = w.cases.get(file_case(w, APPLICANT))
    renderer = CapturingRenderer()
    for message in w.queue.drain_notices():
        notices.send_notice(replace(w.notices, renderer=renderer), message)
    assert renderer.contexts[0]["track_url"] == (
        f"http://localhost:8000/track#n={case.case_number}&t={case.tracking_token}"
    )


def test_the_receipt_prints_the_cases_link() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    handling.perform(w.steps, PL_WINDOW, case_id, action="accept")
    for message in w.queue.drain("documents"):
        document_issuing.issue(w.documents, message)
    issuer = w.deps.issuer
    assert isinstance(issuer, FakeIssuer)
    _, context, _ = issuer.rendered[-1]
    case = w.cases.get(case_id)
    assert context["progress_url"].endswith(f"/track#n={case.case_number}&t={case.tracking_token}")
