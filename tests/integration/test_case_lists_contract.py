"""One contract for keyed case lists (pages, order, cursors), run against the fake and DynamoDB on moto."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import boto3
import pytest

from chalicelib.adapters.dynamodb_cases import DynamoCaseRepository
from chalicelib.domain import case_lists
from chalicelib.domain.case_events import CaseEvent
from chalicelib.domain.cases import Actor, Case
from chalicelib.domain.errors import BadRequestError
from chalicelib.domain.modes import HandlingMode
from chalicelib.domain.paging import encode_cursor
from chalicelib.domain.statuses import CaseStatus
from chalicelib.resource_spec import build_spec
from chalicelib.services.ports import CaseRepository
from devtools.provision import _create_table
from tests.support.fakes import FakeCases
from tests.support.moto_env import REGION, mocked_aws

ACTOR = Actor(user_id="u-1", name="系统", role="system", jurisdiction="", center="", department="")


@pytest.fixture(params=["fake", "dynamodb"])
def repo(request: pytest.FixtureRequest) -> Iterator[CaseRepository]:
    if request.param == "fake":
        yield FakeCases()
        return
    with mocked_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        spec = build_spec("test", ())
        _create_table(client, spec.table("CaseFilesTable"))
        yield DynamoCaseRepository(client, spec.table("CaseFilesTable").name)


def case(n: int, **changes: object) -> Case:
    base = Case(
        case_id=f"c{n:03d}",
        case_number=f"N{n:03d}",
        query_code="123456",
        item_code="RS-002",
        item_name="失业登记",
        form_id="unemployment-registration",
        form_version=1,
        mode=HandlingMode.ONLINE,
        receiving_code="371621",
        home_code="640221",
        department="RS",
        applicant_user_id="app-1",
        applicant_name="张三",
        applicant_id_number="110101199001011234",
        applicant_phone="13800000000",
        answers={"name": "张三"},
        status=CaseStatus.SUBMITTED,
        version=1,
        created_at=f"2026-11-{1 + n // 24:02d}T{n % 24:02d}:00:00+08:00",
        updated_at="2026-11-30T00:00:00+08:00",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def store(repo: CaseRepository, *cases: Case) -> None:
    for c in cases:
        repo.add(c, CaseEvent(c.case_id, 1, c.created_at, "submit", "draft", c.status.value, ACTOR))


def walk(repo: CaseRepository, listing: case_lists.Listing, limit: int) -> list[list[Case]]:
    pages, cursor = [], None
    while True:
        rows, cursor = repo.list_page(listing, limit, cursor)
        assert len(rows) <= limit
        pages.append(rows)
        if cursor is None:
            return pages


def test_an_applicants_cases_come_newest_first_in_pages_each_case_once(
    repo: CaseRepository,
) -> None:
    store(repo, *(case(n) for n in range(12)), case(99, applicant_user_id="someone-else"))
    pages = walk(repo, case_lists.of_applicant("app-1"), 5)
    assert [len(p) for p in pages] == [5, 5, 2]  # the last page says it is the last
    ids = [c.case_id for p in pages for c in p]
    assert ids == [f"c{n:03d}" for n in reversed(range(12))]


def test_list_rows_carry_no_answers_or_contact_details(repo: CaseRepository) -> None:
    store(repo, case(1))
    [row], _ = repo.list_page(case_lists.of_applicant("app-1"), 10)
    assert (row.answers, row.applicant_id_number, row.applicant_phone, row.query_code) == (
        {},
        "",
        "",
        "",
    )
    assert (row.case_number, row.applicant_name, row.status) == (
        "N001",
        "张三",
        CaseStatus.SUBMITTED,
    )


def test_the_inbox_holds_open_cases_of_the_department_overdue_first_undated_last(
    repo: CaseRepository,
) -> None:
    store(
        repo,
        case(1, due_date="2026-12-09", status=CaseStatus.ACCEPTED),
        case(2, due_date="2026-11-20", status=CaseStatus.ACCEPTED),
        case(3),
        case(4, due_date="2026-11-01", status=CaseStatus.DELIVERED),
        case(5, due_date="2026-11-02", department="GA", status=CaseStatus.ACCEPTED),
        case(6, status=CaseStatus.DRAFT),
    )
    pages = walk(repo, case_lists.open_in_unit("640221", "RS"), 2)
    assert [c.case_id for p in pages for c in p] == ["c002", "c001", "c003"]


def test_a_case_leaves_the_open_list_when_it_closes(repo: CaseRepository) -> None:
    store(repo, case(1, due_date="2026-12-09", status=CaseStatus.ACCEPTED))
    closed = replace(repo.get("c001"), status=CaseStatus.DELIVERED, version=2)
    repo.save(closed, CaseEvent("c001", 2, "t", "deliver", "accepted", "delivered", ACTOR), 1)
    assert repo.list_page(case_lists.open_at_home("640221"), 10) == ([], None)
    rows, _ = repo.list_page(
        case_lists.in_unit_with_status("640221", "RS", CaseStatus.DELIVERED), 10
    )
    assert [c.case_id for c in rows] == ["c001"]


def test_the_counter_sees_the_cases_received_at_its_centre(repo: CaseRepository) -> None:
    counter = {"mode": HandlingMode.JOINT_REMOTE, "receiving_center": "371621-ZX"}
    store(repo, case(1, **counter), case(2), case(3, **{**counter, "receiving_center": "X"}))
    rows, cursor = repo.list_page(case_lists.at_centre("371621", "371621-ZX"), 10)
    assert ([c.case_id for c in rows], cursor) == (["c001"], None)


def test_a_forged_or_foreign_cursor_is_refused_as_bad_input(repo: CaseRepository) -> None:
    store(repo, *(case(n) for n in range(3)))
    mine = case_lists.of_applicant("app-1")
    _, cursor = repo.list_page(mine, 1)
    assert cursor
    for forged in (
        "not-base64!",
        cursor[:-3],
        encode_cursor({"pk": "c001"}),
        encode_cursor({"pk": "c001", "applicant_user_id": "other", "created_at": "x"}),
    ):
        with pytest.raises(BadRequestError):
            repo.list_page(mine, 1, forged)
    with pytest.raises(BadRequestError):
        repo.list_page(case_lists.of_applicant("app-2"), 1, cursor)


def test_every_listed_index_is_a_declared_index_with_a_narrow_projection() -> None:
    table = build_spec("test", ()).table("CaseFilesTable")
    declared = {i.name: i for i in table.indexes}
    for listing in (
        case_lists.of_applicant("u"),
        case_lists.of_jurisdiction("1"),
        case_lists.at_centre("1", "c"),
        case_lists.open_in_unit("1", "RS"),
        case_lists.in_unit_with_status("1", "RS", CaseStatus.ACCEPTED),
    ):
        index = declared[listing.index]
        assert (index.partition, index.sort) == (listing.partition, listing.sort)
        assert index.projection["ProjectionType"] != "ALL"
    assert all(i.sort != "updated_at" or i.name == "by_outbox" for i in table.indexes)


KEYS_ONLY_LISTS = ("by_applicant", "by_home", "by_centre")


def test_a_step_writes_no_keys_only_list_and_their_page_reads_its_rows_in_one_batch() -> None:
    """The applicant's, the counter's and supervision's lists have keys that never change: a step
    bills no write on them, and a page is one Query of keys and one BatchGetItem of the rows."""
    import collections

    from devtools import moto_speedups, moto_write_meter

    billed: collections.Counter[str] = collections.Counter()
    with mocked_aws():
        undo = (moto_speedups.install(), moto_write_meter.install(billed.update))
        try:
            client = boto3.client("dynamodb", region_name=REGION)
            spec = build_spec("test", ())
            _create_table(client, spec.table("CaseFilesTable"))
            table = spec.table("CaseFilesTable").name
            moto_write_meter.caller("dynamodb")
            repo = DynamoCaseRepository(client, table)
            first = case(1, mode=HandlingMode.PROXY, receiving_center="PL-ZX")
            store(repo, first)
            added = {k: v for k, v in billed.items() if k.split("/")[-1] in KEYS_ONLY_LISTS}
            assert set(added) == {f"dynamodb-wru:{table}/{name}" for name in KEYS_ONLY_LISTS}
            step = CaseEvent(
                "c001", 2, "2026-11-30T01:00:00+08:00", "accept", "submitted", "accepted", ACTOR
            )
            repo.save(
                replace(first, status=CaseStatus.ACCEPTED, version=2),
                step,
                expected_version=1,
                bookkeeping_before=0,
            )
            after = {k: v for k, v in billed.items() if k.split("/")[-1] in KEYS_ONLY_LISTS}
            assert after == added
            calls: list[str] = []
            client.meta.events.register(
                "before-call.dynamodb.*", lambda model, **_: calls.append(model.name)
            )
            for listing in (
                case_lists.of_applicant("app-1"),
                case_lists.of_jurisdiction("640221"),
                case_lists.at_centre("371621", "PL-ZX"),
            ):
                calls.clear()
                rows, _ = repo.list_page(listing, 10)
                assert [(r.case_id, r.status) for r in rows] == [("c001", CaseStatus.ACCEPTED)]
                assert calls == ["Query", "BatchGetItem"]
            calls.clear()
            rows, _ = repo.list_page(case_lists.open_in_unit("640221", "RS"), 10)
            assert [r.case_id for r in rows] == ["c001"] and calls == ["Query"]
        finally:
            for step_back in reversed(undo):
                step_back()
