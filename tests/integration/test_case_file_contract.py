"""One contract for reading a case with its file, on the in-memory fakes and on DynamoDB (moto): the case
comes with its events, a missing case comes as none, and a scan result recorded beside it is read too."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import boto3
import pytest

from chalicelib.adapters.dynamodb_case_files import DynamoCaseFiles
from chalicelib.adapters.dynamodb_cases import DynamoCaseRepository
from chalicelib.adapters.dynamodb_scans import DynamoScanResults
from chalicelib.resource_spec import build_spec
from chalicelib.services.ports import CaseFiles, CaseRepository, ScanResults
from devtools.provision import _create_table
from tests.integration.test_case_lists_contract import case
from tests.integration.test_step_save_contract import step
from tests.support.fakes import ComposedCaseFiles, FakeCases, FakeNoticeLog
from tests.support.fakes_documents import FakeRegistry, FakeScanResults
from tests.support.moto_env import REGION, mocked_aws


@dataclass
class Stores:
    cases: CaseRepository
    scans: ScanResults
    files: CaseFiles


@pytest.fixture(params=["fake", "dynamodb"])
def stores(request: pytest.FixtureRequest) -> Iterator[Stores]:
    if request.param == "fake":
        cases, scans = FakeCases(), FakeScanResults()
        yield Stores(cases, scans, ComposedCaseFiles(cases, FakeNoticeLog(), FakeRegistry(), scans))
        return
    with mocked_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        table = build_spec("test", ()).table("CaseFilesTable")
        _create_table(client, table)
        yield Stores(
            DynamoCaseRepository(client, table.name),
            DynamoScanResults(client, table.name),
            DynamoCaseFiles(client, table.name),
        )


def test_a_case_is_read_with_its_events_as_the_repository_has_them(stores: Stores) -> None:
    first = case(1)
    stores.cases.add(first, step(1))
    stores.cases.save(replace(first, version=2), step(2), expected_version=1)
    file = stores.files.read("c001")
    assert file.case == stores.cases.get("c001")
    assert file.events == stores.cases.events("c001") and [e.seq for e in file.events] == [1, 2]


def test_a_missing_case_and_an_empty_id_read_as_no_case_and_an_empty_file(stores: Stores) -> None:
    stores.cases.add(case(1), step(1))
    for case_id in ("c999", ""):
        file = stores.files.read(case_id)
        assert file.case is None and file.events == [] and file.scans == {}


def test_a_scan_result_recorded_beside_the_case_is_in_its_file(stores: Stores) -> None:
    stores.cases.add(case(1), step(1))
    stores.scans.record("c001", "scan-1", {"status": "ok", "pages": 1})
    file = stores.files.read("c001")
    assert file.case is not None and file.case.case_id == "c001"
    assert file.scans["scan-1"]["status"] == "ok"


def test_a_scan_result_is_recorded_once_and_a_second_record_of_it_changes_nothing(
    stores: Stores,
) -> None:
    stores.cases.add(case(1), step(1))
    assert stores.scans.record("c001", "scan-1", {"status": "ok", "pages": 1}) is True
    assert stores.scans.record("c001", "scan-1", {"status": "rejected"}) is False
    assert stores.scans.for_case("c001")["scan-1"]["status"] == "ok"
