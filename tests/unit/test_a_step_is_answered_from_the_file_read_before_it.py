"""A step answered with the case view reads the case and its file once, before the step: the answer is
that file with the step's event, and it is the view a later read gives."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import NotFoundError
from chalicelib.services import handling, material_intake, queries
from chalicelib.services.answer_views import AnswerViewRecord
from tests.support.builders import PL_WINDOW, world
from tests.support.cases import file_case


def test_the_answer_to_a_staff_step_is_the_view_a_later_read_gives() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    read = w.deps.case_files.read(case_id)
    answer = AnswerViewRecord(w.steps.clock, PL_WINDOW)
    saved = handling.perform(w.steps, PL_WINDOW, case_id, action="accept", shown=answer, read=read)
    after = answer.file_after(read, saved)
    assert [e.seq for e in after.events] == [*(e.seq for e in read.events), saved.version]
    answered = queries.case_view(w.queries, PL_WINDOW, saved, view_recorded=True, file=after)
    later = queries.case_view(w.queries, PL_WINDOW, w.cases.get(case_id), view_recorded=True)
    assert answered == later


def test_a_request_that_saves_no_step_answers_with_the_file_as_it_was() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823", submit=False)
    key = w.cases.get(case_id).materials[0].key
    read = w.deps.case_files.read(case_id)
    answer = AnswerViewRecord(w.steps.clock, PL_WINDOW)
    again = material_intake.attach_material(
        w.intake, PL_WINDOW, case_id, key=key, shown=answer, read=read
    )
    assert not answer.saved and answer.file_after(read, again).events == read.events


def test_a_file_read_for_another_case_or_for_none_is_not_acted_on() -> None:
    w = world()
    first = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    second = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    for read in (w.deps.case_files.read(second), w.deps.case_files.read("missing")):
        with pytest.raises(NotFoundError):
            handling.perform(w.steps, PL_WINDOW, first, action="accept", read=read)
    assert w.cases.get(first).status.value == "submitted"
