"""A case's list row (copied into every list index, each copy a billed write) changes only with what a
list shows: emptying the outbox after the messages went leaves it as it was; a step does not."""

from __future__ import annotations

from dataclasses import replace

from chalicelib.domain.case_lists import list_row
from chalicelib.domain.statuses import Action
from chalicelib.services import steps
from tests.support.builders import PL_WINDOW, world
from tests.support.cases import file_case


def test_emptying_the_outbox_leaves_the_list_row_unchanged() -> None:
    w = world()
    case = w.cases.get(file_case(w, PL_WINDOW, mode="proxy", home="140823"))
    emptied = replace(case, outbox=(), bookkeeping=case.bookkeeping + 1)
    assert list_row(emptied) == list_row(case)


def test_a_step_changes_the_list_row() -> None:
    w = world()
    case = w.cases.get(file_case(w, PL_WINDOW, mode="proxy", home="140823"))
    moved = steps.take(w.steps, case, Action.START_PRE_REVIEW, PL_WINDOW)
    assert list_row(moved) != list_row(case)
    assert list_row(moved).status != list_row(case).status
