"""One contract for the personal-data access log, run against the in-memory fake and DynamoDB on moto."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chalicelib.adapters.dynamodb_personal_data import DynamoPersonalDataAccessLog
from chalicelib.domain.data_views import PersonalDataView
from chalicelib.services.personal_data import PersonalDataAccessLog
from tests.support.moto_env import spec_table
from tests.support.privacy_fakes import FakePersonalDataAccessLog


@pytest.fixture(params=["fake", "dynamodb"])
def log(request: pytest.FixtureRequest) -> Iterator[PersonalDataAccessLog]:
    if request.param == "fake":
        yield FakePersonalDataAccessLog()
        return
    with spec_table("PersonalDataViewsTable") as (client, name):
        yield DynamoPersonalDataAccessLog(client, name)


def view(
    at: str, viewer: str = "u-pl-window", codes: tuple[str, ...] = ("640221",)
) -> PersonalDataView:
    return PersonalDataView(
        case_id="c1",
        case_number="KS640221-20261126-0000001",
        viewer_user_id=viewer,
        viewer_name="王芳",
        viewer_role="window_staff",
        viewer_jurisdiction="640221",
        purpose="窗口工作人员办理（受理）：已提交",
        at=at,
        jurisdictions=codes,
    )


def test_a_recorded_view_comes_back_whole(log: PersonalDataAccessLog) -> None:
    recorded = view("2026-11-26T09:00:00.000000+08:00")
    log.record(recorded)
    assert log.for_jurisdiction("640221", "", 10) == [recorded]


def test_views_are_listed_newest_first_from_since_up_to_limit(log: PersonalDataAccessLog) -> None:
    for minute in ("01", "02", "03"):
        log.record(view(f"2026-11-26T09:{minute}:00.000000+08:00"))
    listed = log.for_jurisdiction("640221", "2026-11-26T09:02:00", 10)
    assert [v.at[14:16] for v in listed] == ["03", "02"]
    assert [v.at[14:16] for v in log.for_jurisdiction("640221", "", 1)] == ["03"]


def test_a_view_is_listed_under_every_jurisdiction_it_names_and_no_other(
    log: PersonalDataAccessLog,
) -> None:
    log.record(view("2026-11-26T09:00:00.000000+08:00", codes=("640221", "371621")))
    assert len(log.for_jurisdiction("640221", "", 10)) == 1
    assert len(log.for_jurisdiction("371621", "", 10)) == 1
    assert log.for_jurisdiction("140823", "", 10) == []


def test_two_viewers_at_the_same_moment_are_both_kept(log: PersonalDataAccessLog) -> None:
    at = "2026-11-26T09:00:00.000000+08:00"
    log.record(view(at, viewer="u-a"))
    log.record(view(at, viewer="u-b"))
    assert {v.viewer_user_id for v in log.for_jurisdiction("640221", "", 10)} == {"u-a", "u-b"}
