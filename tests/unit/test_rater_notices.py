"""The rater hears what became of a 差评: a fix or an explanation, once per step."""

from __future__ import annotations

from dataclasses import dataclass, replace

from chalicelib.domain.rectification import RectStatus
from chalicelib.services import feedback_notices, intake, notices
from tests.support.builders import APPLICANT, world
from tests.support.cases import answers


@dataclass(frozen=True)
class StepStub:
    note: str


@dataclass(frozen=True)
class RectificationStub:
    """Only the fields tell_rater reads."""

    rectification_id: str
    case_id: str
    status: RectStatus
    steps: tuple[StepStub, ...]


def test_the_rater_is_told_of_the_fix_once_per_step_and_not_of_intermediate_steps() -> None:
    w = world()
    case = intake.create_case(
        w.intake,
        APPLICANT,
        item_code="RS-002",
        mode="online",
        home_code="640221",
        answers=answers(),
    )
    rect = RectificationStub(
        "ZG-1", case.case_id, RectStatus.RECTIFIED, (StepStub(""), StepStub("已修订补正告知模板"))
    )
    assert feedback_notices.tell_rater(w.queue, rect)  # type: ignore[arg-type]
    message = w.queue.drain("notices")[0]
    assert message["note"] == "已修订补正告知模板"
    assert notices.send_notice(w.notices, message) == "sent"
    assert notices.send_notice(w.notices, message) == "duplicate"
    assert w.notifier.sms[-1] == (case.applicant_phone, f"sms/rectified.txt.j2:{case.case_number}")
    assert not feedback_notices.tell_rater(w.queue, replace(rect, status=RectStatus.VERIFYING))  # type: ignore[arg-type]
