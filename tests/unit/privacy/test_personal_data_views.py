"""Full personal data only to whose task needs it, every staff view recorded (issue 9, build item 4).

Before this change the case view gave every viewer (the supervisor too) the full 公民身份号码, phone and
查询密码, and nothing recorded who had seen them: the supervisor tests below failed then."""

from __future__ import annotations

import pytest

from chalicelib.domain.errors import ForbiddenActionError
from chalicelib.domain.roles import Role
from chalicelib.services import handling, personal_data, queries
from chalicelib.services.answer_views import AnswerViewRecord
from tests.support.builders import (
    APPLICANT,
    PL_APPROVER,
    PL_WINDOW,
    SUPERVISOR,
    World,
    person,
    world,
)
from tests.support.cases import file_case
from tests.support.privacy_fakes import FakePersonalDataAccessLog

ID_NUMBER = "64022119900101001X"  # the form normalises x to X
PHONE = "13909520001"


def _log(w: World) -> FakePersonalDataAccessLog:
    log = w.deps.personal_data_views
    assert isinstance(log, FakePersonalDataAccessLog)
    return log


def _filed() -> tuple[World, str]:
    w = world()
    return w, file_case(w, APPLICANT)


def test_the_applicant_sees_their_own_data_whole_and_no_view_is_recorded() -> None:
    w, case_id = _filed()
    view = queries.get_case(w.queries, APPLICANT, case_id)
    assert view["answers"]["applicant_id_number"] == ID_NUMBER
    assert view["answers"]["applicant_phone"] == PHONE
    assert len(view["query_code"]) == 6 and "*" not in view["query_code"]
    assert _log(w).views == []


def test_staff_working_the_case_see_it_whole_and_each_view_is_recorded_with_why() -> None:
    w, case_id = _filed()
    view = queries.get_case(w.queries, PL_APPROVER, case_id)
    assert view["answers"]["applicant_id_number"] == ID_NUMBER
    [seen] = _log(w).views
    assert (seen.case_id, seen.viewer_user_id, seen.viewer_role) == (
        case_id,
        PL_APPROVER.user_id,
        "approver",
    )
    assert seen.purpose.startswith("审批人员") and "640221" in seen.jurisdictions
    assert seen.at == w.clock.now().isoformat(timespec="microseconds")


def test_the_supervisor_sees_ids_phones_and_the_query_code_masked_and_no_view_is_recorded() -> None:
    w, case_id = _filed()
    queries.get_case(w.queries, APPLICANT, case_id)  # the applicant's view: notices are sent later
    view = queries.get_case(w.queries, SUPERVISOR, case_id)
    assert view["answers"]["applicant_id_number"] == "6402**********001X"
    assert view["answers"]["applicant_phone"] == "139****0001"
    assert view["query_code"] == "******"
    assert view["applicant_name"] == "马国强"
    assert _log(w).views == []


def test_masked_notices_show_neither_the_phone_nor_the_query_code() -> None:
    w, case_id = _filed()
    case = w.cases.get(case_id)
    view = {
        "notices": [{"to": PHONE, "text": f"查询密码{case.query_code}，电话{PHONE}"}],
        "timeline": [{"reason": f"核对{ID_NUMBER}", "details": {"phone": PHONE}}],
    }
    masked = personal_data.masked_case_view(view, case)
    assert masked["notices"] == [{"to": "139****0001", "text": "查询密码******，电话139****0001"}]
    assert masked["timeline"] == [
        {"reason": "核对6402**********001X", "details": {"phone": "139****0001"}}
    ]


def test_list_rows_carry_no_id_number_phone_or_query_code() -> None:
    w, _ = _filed()
    rows = [*queries.my_cases(w.queries, APPLICANT)[0], *queries.inbox(w.queries, PL_WINDOW)[0]]
    assert rows
    for row in rows:
        text = repr(row)
        assert ID_NUMBER not in text and PHONE not in text
        assert "query_code" not in row and "answers" not in row


# Online cases are the home department's: two of its approvers look at the same case.
SECOND_APPROVER = person(Role.APPROVER, "u-pl-approver-2", "640221", "RS")


def test_the_supervisor_lists_the_views_of_their_own_jurisdiction_newest_first() -> None:
    w, case_id = _filed()
    queries.get_case(w.queries, SECOND_APPROVER, case_id)
    w.clock.advance(minutes=5)
    queries.get_case(w.queries, PL_APPROVER, case_id)
    listed = personal_data.views_for_jurisdiction(_log(w), SUPERVISOR, "640221", since="", limit=10)
    assert [v["viewer"]["user_id"] for v in listed] == [
        PL_APPROVER.user_id,
        SECOND_APPROVER.user_id,
    ]
    assert listed[0]["case_id"] == case_id and listed[0]["purpose"]


def test_since_and_limit_bound_the_list() -> None:
    w, case_id = _filed()
    queries.get_case(w.queries, SECOND_APPROVER, case_id)
    w.clock.advance(minutes=5)
    later = w.clock.now().isoformat(timespec="microseconds")
    queries.get_case(w.queries, PL_APPROVER, case_id)
    queries.get_case(w.queries, PL_APPROVER, case_id)
    log = _log(w)
    assert len(personal_data.views_for_jurisdiction(log, SUPERVISOR, "640221", later, 10)) == 2
    assert len(personal_data.views_for_jurisdiction(log, SUPERVISOR, "640221", "", 1)) == 1


@pytest.mark.parametrize(
    "who",
    [
        PL_APPROVER,
        APPLICANT,
        person(Role.SUPERVISOR, "u-hm-supervisor", "371621"),
        person(Role.SUPERVISOR, "u-nowhere-supervisor", ""),
    ],
    ids=[
        "approver",
        "applicant",
        "other-jurisdiction-supervisor",
        "supervisor-without-jurisdiction",
    ],
)
def test_only_the_jurisdictions_own_supervisor_may_list_its_views(who: object) -> None:
    w, _ = _filed()
    with pytest.raises(ForbiddenActionError):
        personal_data.views_for_jurisdiction(_log(w), who, "640221", "", 10)  # type: ignore[arg-type]


def test_a_step_answered_with_the_case_records_that_view_once_with_the_step() -> None:
    """The API's answer to a step is the case view: its record rides in the step's own write (no second
    request), names the steps possible after it, and is not written again when the view is built."""
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    before = w.cases.get(case_id).version
    answer = AnswerViewRecord(w.steps.clock, PL_WINDOW)
    saved = handling.perform(w.steps, PL_WINDOW, case_id, action="accept", shown=answer)
    [seen] = _log(w).views
    assert saved.version == before + 1 and seen.case_id == case_id
    assert seen.purpose.endswith(saved.status.label_zh)
    assert answer.saved
    view = queries.case_view(w.queries, PL_WINDOW, saved, view_recorded=answer.saved)
    assert view["answers"]["applicant_id_number"] == ID_NUMBER
    assert len(_log(w).views) == 1


def test_a_step_not_answered_with_the_case_records_no_view() -> None:
    w = world()
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    handling.perform(w.steps, PL_WINDOW, case_id, action="accept")
    assert _log(w).views == []
