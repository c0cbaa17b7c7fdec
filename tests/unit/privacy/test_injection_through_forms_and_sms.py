"""The injection corpus through intake (a free-text answer) and the SMS: refused, or kept as plain text.

Bidi and zero-width characters are refused at intake by another change of issue 9; until it lands
they pass, so this test accepts either outcome for them but never a mangled or evaluated value."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from chalicelib.documents.templating import JinjaNoticeRenderer
from chalicelib.domain.errors import DomainError
from chalicelib.services import handling, intake, notices, routing
from tests.support.builders import APPLICANT, PL_APPROVER, World, world
from tests.support.cases import answers, file_case
from tests.support.injection_corpus import ALL, PRINTABLE, short

ROOT = Path(__file__).resolve().parents[3]


def draft_with(w: World, field: str, value: str) -> dict[str, object] | None:
    """The stored answers of a draft whose `field` is `value`, or None when intake refused it."""
    given = {**answers(), field: value}
    try:
        case = intake.create_case(
            w.intake,
            APPLICANT,
            item_code="RS-002",
            mode="online",
            home_code="640221",
            answers=given,
        )
    except DomainError as refused:
        assert refused.message and refused.kind == "invalid", refused
        return None
    return dict(w.cases.get(case.case_id).answers)


@pytest.mark.parametrize("value", ALL, ids=short)
def test_a_free_text_answer_is_refused_or_stored_exactly_as_given(value: str) -> None:
    stored = draft_with(world(), "job_intention", value)
    assert stored is None or stored["job_intention"] == value


@pytest.mark.parametrize("value", PRINTABLE, ids=short)
def test_printable_hostile_text_within_the_limit_is_accepted_as_plain_data(value: str) -> None:
    stored = draft_with(world(), "former_employer", value)
    assert stored is not None and stored["former_employer"] == value


def refused_with(w: World, reason: str) -> str:
    """The SMS text a 不予受理 with this reason sends, rendered by the real templates."""
    case_id = file_case(w, APPLICANT)
    for message in w.queue.drain("640221"):
        routing.receive_routed_case(w.steps, message, "640221")
    handling.perform(w.steps, PL_APPROVER, case_id, action="refuse", reason=reason)
    ports = replace(w.notices, renderer=JinjaNoticeRenderer(ROOT / "templates"))
    w.notifier.renderer = ports.renderer  # the SNS adapter renders the kind and parameters itself
    refused = [m for m in w.queue.drain_notices() if m["notice"] == "refused"]
    assert refused, "no refusal notice was queued"
    assert notices.send_notice(ports, refused[0]) == "sent"
    return w.notifier.sms[-1][1]


@pytest.mark.parametrize("value", [*PRINTABLE, "长" * 1000], ids=short)
def test_the_sms_carries_staff_text_literally_and_evaluates_nothing(value: str) -> None:
    text = refused_with(world(), value)
    assert value.strip() in text
    if "7*7" in value:
        assert "49" not in text
