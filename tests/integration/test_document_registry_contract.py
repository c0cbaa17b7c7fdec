"""One contract for the document registry, run against the in-memory fake and the DynamoDB adapter on moto."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.adapters.dynamodb_documents import DynamoDocumentRegistry
from chalicelib.services.ports import DocumentRegistry
from tests.support.fakes import FakeRegistry
from tests.support.moto_env import spec_table

SERIES = "docno#640221#receipt#2026"


@pytest.fixture(params=["fake", "dynamodb"])
def registry(request: pytest.FixtureRequest) -> Iterator[DocumentRegistry]:
    if request.param == "fake":
        yield FakeRegistry()
        return
    with spec_table("CaseFilesTable") as (client, name):
        yield DynamoDocumentRegistry(client, name)


def reservation(case_id: str, claim: str, at: str = "2026-11-26T09:00:00+08:00") -> dict[str, Any]:
    return {
        "case_id": case_id,
        "case_number": f"KS-{case_id}",
        "seq": 3,
        "kind": "receipt",
        "code": claim,
        "key": f"cases/{case_id}/000003-receipt-{claim}.pdf",
        "claim": claim,
        "reserved_at": at,
    }


EARLY = "2026-11-26T08:00:00+08:00"
LATE = "2026-11-26T10:00:00+08:00"


def test_each_new_reservation_draws_the_next_serial_of_its_series(
    registry: DocumentRegistry,
) -> None:
    first = registry.reserve(reservation("c1", "A"), SERIES, EARLY)
    second = registry.reserve(reservation("c2", "B"), SERIES, EARLY)
    other = registry.reserve(reservation("c3", "C"), "docno#140823#receipt#2026", EARLY)
    assert (first["serial"], second["serial"], other["serial"]) == (1, 2, 1)
    assert first["status"] == "reserved"


def test_reserving_the_same_step_again_returns_the_first_number_and_code(
    registry: DocumentRegistry,
) -> None:
    first = registry.reserve(reservation("c1", "A"), SERIES, EARLY)
    again = registry.reserve(reservation("c1", "B"), SERIES, EARLY)
    assert (again["serial"], again["code"], again["key"], again["claim"]) == (
        1,
        "A",
        first["key"],
        "A",
    )
    assert registry.reserve(reservation("c2", "C"), SERIES, EARLY)["serial"] == 2  # no gap


def test_a_stale_claim_is_handed_to_the_next_attempt_with_the_same_number(
    registry: DocumentRegistry,
) -> None:
    registry.reserve(reservation("c1", "A"), SERIES, EARLY)
    taken = registry.reserve(reservation("c1", "B", at=LATE), SERIES, LATE)
    assert (taken["claim"], taken["code"], taken["serial"]) == ("B", "A", 1)
    assert not registry.issue({**taken, "claim": "A", "sha256": "x"})  # the old claimant lost it
    assert registry.issue({**taken, "sha256": "x"})


def test_a_record_is_issued_once_and_only_then_found_by_code(registry: DocumentRegistry) -> None:
    reserved = registry.reserve(reservation("c1", "A"), SERIES, EARLY)
    assert registry.by_code("A") is None
    assert registry.issue({**reserved, "title": "业务受理回执", "sha256": "abc"})
    assert not registry.issue({**reserved, "sha256": "def"})
    found = registry.by_code("A")
    assert found is not None and (found["status"], found["sha256"]) == ("issued", "abc")
    later = registry.reserve(reservation("c1", "Z", at=LATE), SERIES, LATE)
    assert later["status"] == "issued" and later["claim"] == "A"
    assert [r["status"] for r in registry.for_case("c1")] == ["issued"]


def test_a_failed_attempt_keeps_its_number_and_the_next_delivery_may_try_again(
    registry: DocumentRegistry,
) -> None:
    reserved = registry.reserve(reservation("c1", "A"), SERIES, EARLY)
    assert not registry.mark_failed({**reserved, "claim": "someone else", "reason": "x"})
    assert registry.mark_failed({**reserved, "reason": "申请人姓名中的字符无法显示"})
    (failed,) = registry.for_case("c1")
    assert (failed["status"], failed["reason"], failed["serial"]) == (
        "failed",
        "申请人姓名中的字符无法显示",
        1,
    )
    retried = registry.reserve(reservation("c1", "B"), SERIES, EARLY)  # not stale, but failed
    assert (retried["status"], retried["claim"], retried["serial"]) == ("reserved", "B", 1)
    assert registry.issue({**retried, "sha256": "x"})
    assert registry.reserve(reservation("c2", "C"), SERIES, EARLY)["serial"] == 2  # no gap
