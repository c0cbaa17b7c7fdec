"""The deadline sweep reads open cases a page at a time and resumes where a run short of time stopped."""

from __future__ import annotations

from collections.abc import Callable

from chalicelib.domain import case_lists
from chalicelib.services import deadline_sweep, handling
from tests.support.builders import APPLICANT, PL_APPROVER, World, world
from tests.support.cases import file_case
from tests.support.fakes import FakeCases


def open_cases(w: World, n: int) -> list[str]:
    ids = [file_case(w, APPLICANT) for _ in range(n)]
    handling.perform(w.steps, PL_APPROVER, ids[-1], action="accept")
    return ids


def pages_then_out_of_time(w: World, pages: int) -> Callable[[], float]:
    """Time for the (empty) jurisdictions before 平罗 and this many pages of 平罗's cases, none after."""
    before = sorted(w.deps.jurisdictions.codes()).index("640221")
    left = iter([1000.0] * (before + pages))
    return lambda: next(left, 0.0)


def fake_cases(w: World) -> FakeCases:
    assert isinstance(w.cases, FakeCases)
    return w.cases


def test_the_sweep_reads_only_open_cases_in_pages_with_a_limit() -> None:
    w = world()
    open_cases(w, 3)
    fake_cases(w).list_queries.clear()
    report = deadline_sweep.sweep_deadlines(w.sweep, page=2)
    assert report.checked == 3 and report.resume is None
    asked = fake_cases(w).list_queries
    assert asked and all(limit == 2 for _, limit in asked)
    assert {listing.index for listing, _ in asked} == {case_lists.open_at_home("x").index}


def test_a_run_out_of_time_stops_with_a_position_the_next_run_resumes_from() -> None:
    w = world()
    open_cases(w, 5)
    first = deadline_sweep.sweep_deadlines(w.sweep, page=2, time_left=pages_then_out_of_time(w, 2))
    assert first.resume and first.checked == 4
    rest = deadline_sweep.sweep_deadlines(w.sweep, first.resume, page=2)
    assert rest.checked == 1 and rest.resume is None


def test_the_scheduled_sweep_keeps_its_checkpoint_and_does_nothing_once_the_day_is_done() -> None:
    w = world()
    open_cases(w, 3)
    stopped = deadline_sweep.scheduled_sweep(w.sweep, pages_then_out_of_time(w, 0))
    assert (stopped.resume, stopped.checked) == ("640221", 0)  # stopped before 平罗's first page
    finished = deadline_sweep.scheduled_sweep(w.sweep, lambda: 1000.0)
    assert (finished.resume, finished.checked) == (None, 3)
    assert deadline_sweep.scheduled_sweep(w.sweep, lambda: 1000.0).checked == 0
    w.clock.advance(days=1)
    assert deadline_sweep.scheduled_sweep(w.sweep, lambda: 1000.0).checked == 3
