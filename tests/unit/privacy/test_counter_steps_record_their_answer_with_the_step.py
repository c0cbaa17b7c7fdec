"""A counter clerk's attach, detach and submit are answered with the case view: its personal-data record
is saved in the step's own write, once, and a request that saves no step still records what it shows."""

from __future__ import annotations

from chalicelib.services import intake, material_intake, queries
from chalicelib.services.answer_views import AnswerViewRecord
from tests.support.builders import PL_WINDOW, World, world
from tests.support.cases import file_case
from tests.support.privacy_fakes import FakePersonalDataAccessLog


def _log(w: World) -> FakePersonalDataAccessLog:
    log = w.deps.personal_data_views
    assert isinstance(log, FakePersonalDataAccessLog)
    return log


def _uploaded(w: World, case_id: str) -> str:
    ticket = material_intake.request_upload(
        w.intake,
        PL_WINDOW,
        case_id,
        slot_id="id_card",
        filename="a.jpg",
        content_type="image/jpeg",
        size=10,
    )
    w.blobs.uploaded(ticket.key, 10, "image/jpeg", b"")
    return ticket.key


def _draft(w: World) -> str:
    return file_case(w, PL_WINDOW, mode="proxy", home="140823", slots=(), submit=False)


def test_an_attach_answered_with_the_case_saves_its_view_record_with_the_step() -> None:
    w = world()
    case_id = _draft(w)
    key = _uploaded(w, case_id)
    before = len(_log(w).views)
    answer = AnswerViewRecord(w.steps.clock, PL_WINDOW)
    case = material_intake.attach_material(w.intake, PL_WINDOW, case_id, key=key, shown=answer)
    assert answer.saved and [m.key for m in case.materials] == [key]
    [seen] = _log(w).views[before:]
    assert (seen.case_id, seen.viewer_user_id) == (case_id, PL_WINDOW.user_id)
    queries.case_view(w.queries, PL_WINDOW, case, view_recorded=answer.saved)
    assert len(_log(w).views) == before + 1


def test_attaching_a_file_already_attached_saves_no_step_and_the_view_records_itself() -> None:
    w = world()
    case_id = _draft(w)
    key = _uploaded(w, case_id)
    material_intake.attach_material(w.intake, PL_WINDOW, case_id, key=key)
    version = w.cases.get(case_id).version
    before = len(_log(w).views)
    answer = AnswerViewRecord(w.steps.clock, PL_WINDOW)
    case = material_intake.attach_material(w.intake, PL_WINDOW, case_id, key=key, shown=answer)
    assert not answer.saved and case.version == version
    queries.case_view(w.queries, PL_WINDOW, case, view_recorded=answer.saved)
    assert len(_log(w).views) == before + 1


def test_a_detach_and_a_submit_each_save_their_view_record_once() -> None:
    w = world()
    case_id = _draft(w)
    spare = _uploaded(w, case_id)
    material_intake.attach_material(w.intake, PL_WINDOW, case_id, key=spare)
    before = len(_log(w).views)
    detached = AnswerViewRecord(w.steps.clock, PL_WINDOW)
    material_intake.detach_material(w.intake, PL_WINDOW, case_id, key=spare, shown=detached)
    material_intake.attach_material(w.intake, PL_WINDOW, case_id, key=_uploaded(w, case_id))
    submitted = AnswerViewRecord(w.steps.clock, PL_WINDOW)
    case = intake.submit_case(w.intake, PL_WINDOW, case_id, shown=submitted)
    assert detached.saved and submitted.saved
    assert len(_log(w).views) == before + 2
    queries.case_view(w.queries, PL_WINDOW, case, view_recorded=submitted.saved)
    assert len(_log(w).views) == before + 2
    assert _log(w).views[-1].purpose.endswith(case.status.label_zh)
