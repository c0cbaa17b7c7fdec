"""Regressions of the defects a newcomer hit (issue 8), on in-memory fakes."""

from __future__ import annotations

import pytest

from chalicelib.domain.cases import Case
from chalicelib.domain.errors import BadRequestError
from chalicelib.domain.roles import Role
from chalicelib.services import audit, handling, intake, queries
from tests.support.builders import APPLICANT, PL_APPROVER, PL_WINDOW, person, world
from tests.support.cases import answers, attach, file_case


def test_the_same_idempotency_key_makes_one_draft() -> None:
    w = world()

    def make() -> Case:
        return intake.create_case(
            w.intake,
            APPLICANT,
            item_code="RS-002",
            mode="online",
            home_code="640221",
            answers=answers(),
            idempotency_key="form-7f3a",
        )

    first, second = make(), make()
    assert first.case_id == second.case_id and len(w.cases.cases) == 1
    other = intake.create_case(
        w.intake,
        APPLICANT,
        item_code="RS-002",
        mode="online",
        home_code="640221",
        answers=answers(),
    )
    assert other.case_id != first.case_id


def test_an_idempotency_key_with_control_characters_is_refused() -> None:
    w = world()
    with pytest.raises(BadRequestError, match="Idempotency-Key"):
        intake.create_case(
            w.intake,
            APPLICANT,
            item_code="RS-002",
            mode="online",
            home_code="640221",
            answers=answers(),
            idempotency_key="a\nb",
        )


def test_a_resubmission_after_a_supplement_does_not_resend_the_submitted_sms() -> None:
    w = world()
    case_id = file_case(w, APPLICANT)
    handling.perform(
        w.steps, PL_APPROVER, case_id, action="request_supplement", reason="请补充身份证背面"
    )
    attach(w, APPLICANT, case_id, "id_card")
    intake.submit_case(w.intake, APPLICANT, case_id)
    notices = w.queue.queued_notices()
    assert notices.count("received") == 1 and "supplemented" in notices


def test_an_approver_sees_only_the_cases_of_their_own_department() -> None:
    w = world()
    case_id = file_case(w, APPLICANT)  # RS-002: a 人社 item
    police = person(Role.APPROVER, "u-pl-ga", "640221", "GA")
    assert case_id not in [r["case_id"] for r in queries.inbox(w.queries, police)[0]]
    assert case_id in [r["case_id"] for r in queries.inbox(w.queries, PL_APPROVER)[0]]
    # Online cases are the home department's; the counters see what they received.
    assert case_id not in [r["case_id"] for r in queries.inbox(w.queries, PL_WINDOW)[0]]


def test_steps_are_recorded_under_the_persons_name_with_the_login_kept_for_the_audit() -> None:
    w = world()
    clerk = person(Role.WINDOW_STAFF, "u-pl-clerk", "640221", name="马晓燕")
    case_id = file_case(w, clerk, mode="proxy", home="140823")
    event = w.cases.events(case_id)[-1]
    assert (event.actor.name, event.actor.login) == ("马晓燕", "u-pl-clerk")
    trail = audit.verify_case_audit(w.cases, PL_WINDOW, case_id)
    assert trail["intact"] and trail["responsibility"][-1]["login"] == "u-pl-clerk"
