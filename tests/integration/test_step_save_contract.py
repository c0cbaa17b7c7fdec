"""One contract for saving a step, on the in-memory fake and on DynamoDB (moto): the personal-data view
its answer shows is saved with it (both or neither), and a save taken on a routing state that the
router has since changed loses instead of writing the old state back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import boto3
import pytest

from chalicelib.adapters.dynamodb_cases import DynamoCaseRepository
from chalicelib.adapters.dynamodb_personal_data import DynamoPersonalDataAccessLog
from chalicelib.domain.case_events import CaseEvent
from chalicelib.domain.data_views import PersonalDataView
from chalicelib.domain.errors import ConcurrencyError
from chalicelib.resource_spec import build_spec
from chalicelib.services.personal_data import PersonalDataAccessLog
from chalicelib.services.ports import CaseRepository
from devtools.provision import _create_table
from tests.integration.test_case_lists_contract import ACTOR, case
from tests.support.fakes import FakeCases
from tests.support.moto_env import REGION, mocked_aws
from tests.support.privacy_fakes import FakePersonalDataAccessLog


@dataclass
class Stores:
    cases: CaseRepository
    views: PersonalDataAccessLog


@pytest.fixture(params=["fake", "dynamodb"])
def stores(request: pytest.FixtureRequest) -> Iterator[Stores]:
    if request.param == "fake":
        cases, log = FakeCases(), FakePersonalDataAccessLog()
        cases.views_log = log
        yield Stores(cases, log)
        return
    with mocked_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        spec = build_spec("test", ())
        for logical in ("CaseFilesTable", "PersonalDataViewsTable"):
            _create_table(client, spec.table(logical))
        views = spec.table("PersonalDataViewsTable").name
        repo = DynamoCaseRepository(client, spec.table("CaseFilesTable").name, views)
        yield Stores(repo, DynamoPersonalDataAccessLog(client, views))


def shown(at: str) -> PersonalDataView:
    return PersonalDataView(
        case_id="c001",
        case_number="N001",
        viewer_user_id="u-pl-window",
        viewer_name="王芳",
        viewer_role="window_staff",
        viewer_jurisdiction="640221",
        purpose="窗口工作人员办理（受理）：已受理",
        at=at,
        jurisdictions=("640221", "371621"),
    )


def step(seq: int) -> CaseEvent:
    return CaseEvent(
        "c001", seq, "2026-11-30T10:00:00+08:00", "accept", "submitted", "accepted", ACTOR
    )


def test_a_step_saved_with_its_view_lists_the_view_under_each_jurisdiction_it_names(
    stores: Stores,
) -> None:
    first = case(1)
    stores.cases.add(first, step(1))
    record = shown("2026-11-30T10:00:00.000001+08:00")
    stores.cases.save(replace(first, version=2), step(2), expected_version=1, views=(record,))
    assert stores.views.for_jurisdiction("640221", "", 10) == [record]
    assert stores.views.for_jurisdiction("371621", "", 10) == [record]


def test_a_step_that_loses_the_race_records_no_view_of_what_was_never_answered(
    stores: Stores,
) -> None:
    first = case(1)
    stores.cases.add(first, step(1))
    stores.cases.save(replace(first, version=2), step(2), expected_version=1)
    with pytest.raises(ConcurrencyError):
        stores.cases.save(
            replace(first, version=2),
            step(3),
            expected_version=1,
            views=(shown("2026-11-30T10:00:01.000000+08:00"),),
        )
    assert stores.views.for_jurisdiction("640221", "", 10) == []


def test_a_save_taken_before_the_router_marked_delivery_loses_and_leaves_the_delivery(
    stores: Stores,
) -> None:
    first = case(1, routing_state="pending")
    stores.cases.add(first, step(1))
    stores.cases.set_routing_state("c001", "delivered")  # bookkeeping: the version stays
    with pytest.raises(ConcurrencyError):
        stores.cases.save(
            replace(first, version=2), step(2), expected_version=1, bookkeeping_before=0
        )
    assert stores.cases.get("c001").routing_state == "delivered"
    stores.cases.save(
        replace(first, version=2, routing_state="delivered", bookkeeping=1),
        step(2),
        expected_version=1,
        bookkeeping_before=1,
    )
    assert stores.cases.get("c001").version == 2


def test_a_save_taken_before_an_outbox_change_loses_and_leaves_the_change(stores: Stores) -> None:
    """Clearing sent messages (and, on DynamoDB, a 问题工单 reply appended) is bookkeeping too."""
    entry = {"id": "m1", "queue": "notices", "body": {"case_id": "c001"}}
    first = case(1, outbox=(entry,))
    stores.cases.add(first, step(1))
    stores.cases.clear_outbox("c001", frozenset({"m1"}))
    with pytest.raises(ConcurrencyError):
        stores.cases.save(
            replace(first, version=2), step(2), expected_version=1, bookkeeping_before=0
        )
    assert stores.cases.get("c001").outbox == ()


def test_a_save_taken_before_a_reply_was_appended_to_the_outbox_keeps_the_reply() -> None:
    from chalicelib.adapters.dynamodb_case_outbox import CaseOutboxAppend

    with mocked_aws():
        client: Any = boto3.client("dynamodb", region_name=REGION)
        spec = build_spec("test", ())
        table = spec.table("CaseFilesTable").name
        _create_table(client, spec.table("CaseFilesTable"))
        repo = DynamoCaseRepository(client, table)
        first = case(1)
        repo.add(first, step(1))
        reply = {"id": "r1", "queue": "notices", "body": {"case_id": "c001"}}
        update = CaseOutboxAppend(client, table).append_item("c001", [reply])
        client.transact_write_items(TransactItems=[update])
        with pytest.raises(ConcurrencyError):
            repo.save(replace(first, version=2), step(2), expected_version=1, bookkeeping_before=0)
        assert [m["id"] for m in repo.get("c001").outbox] == ["r1"]


class Interleaving:
    """A DynamoDB client whose first conditional put of the case lets another writer go first, as when
    the router marks the case delivered between a sender's read and its write."""

    def __init__(self, client: Any, first: Any) -> None:
        self._client, self._first, self.interleaved = client, first, False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def put_item(self, **kwargs: Any) -> Any:
        if not self.interleaved:
            self.interleaved = True
            self._first()
        return self._client.put_item(**kwargs)


def test_two_bookkeeping_writes_at_once_keep_both_changes_delivery_and_cleared_outbox() -> None:
    """The router's "delivered" and a sender's outbox clear both leave the version alone: the one that
    read first must re-read, not write back the routing state the other just changed."""
    with mocked_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        spec = build_spec("test", ())
        _create_table(client, spec.table("CaseFilesTable"))
        table = spec.table("CaseFilesTable").name
        router = DynamoCaseRepository(client, table)
        entry = {"id": "m1", "queue": "notices", "body": {"case_id": "c001"}}
        router.add(case(1, routing_state="pending", outbox=(entry,)), step(1))
        sender_client = Interleaving(client, lambda: router.set_routing_state("c001", "delivered"))
        sender = DynamoCaseRepository(sender_client, table)
        sender.clear_outbox("c001", frozenset({"m1"}))  # its read comes before the router's write
        assert sender_client.interleaved
        stored = router.get("c001")
        assert (stored.routing_state, stored.outbox, stored.version) == ("delivered", (), 1)
        assert stored.bookkeeping == 2


def test_routing_state_and_a_route_clear_are_one_write_on_the_case_as_read(stores: Stores) -> None:
    """The router's superseded route: marked delivered and its entry dropped together; a case read
    since changed elsewhere is re-read, and the other change is kept."""
    route = {"id": "r1", "queue": "140823", "body": {"case_id": "c001", "task": "route_case"}}
    notice = {"id": "n1", "queue": "notices", "body": {"case_id": "c001"}}
    stores.cases.add(case(1, routing_state="pending", outbox=(route, notice)), step(1))
    read = stores.cases.get("c001")
    stores.cases.set_routing_state("c001", "delivered", clearing=frozenset({"r1"}), as_read=read)
    stored = stores.cases.get("c001")
    assert (stored.routing_state, [m["id"] for m in stored.outbox]) == ("delivered", ["n1"])
    assert stored.version == 1 and stored.bookkeeping == read.bookkeeping + 1
    stores.cases.clear_outbox("c001", frozenset({"n1"}))  # meanwhile: the read above is stale now
    stores.cases.set_routing_state("c001", "moved", as_read=read)
    stored = stores.cases.get("c001")
    assert (stored.routing_state, stored.outbox) == ("moved", ())


class CountingCalls:
    """A DynamoDB client that counts the operations made through it."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._client, name)
        if name.startswith("_") or name in ("exceptions", "meta", "get_paginator"):
            return found

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            return found(*args, **kwargs)

        return counted


def test_a_bookkeeping_write_on_the_case_as_read_is_one_put_and_no_get() -> None:
    with mocked_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        spec = build_spec("test", ())
        _create_table(client, spec.table("CaseFilesTable"))
        table = spec.table("CaseFilesTable").name
        route = {"id": "r1", "queue": "140823", "body": {"case_id": "c001", "task": "route_case"}}
        DynamoCaseRepository(client, table).add(case(1, outbox=(route,)), step(1))
        counting = CountingCalls(client)
        repo = DynamoCaseRepository(counting, table)
        read = repo.get("c001")
        counting.calls.clear()
        repo.set_routing_state("c001", "delivered", clearing=frozenset({"r1"}), as_read=read)
        assert counting.calls == ["put_item"]
