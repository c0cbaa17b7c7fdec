"""/verify by upload: the copy a person holds is found by the code printed on it, then its own bytes are
compared with the registered SHA-256 and its signature checked (services.document_issuing.check_file)."""

from __future__ import annotations

import hashlib

from chalicelib.services import document_issuing, handling
from tests.support.builders import PL_WINDOW, World, world
from tests.support.cases import file_case
from tests.support.fakes import FakeBlobs, FakeRegistry


def issued_receipt(w: World) -> tuple[dict[str, object], bytes]:
    case_id = file_case(w, PL_WINDOW, mode="proxy", home="140823")
    handling.perform(w.steps, PL_WINDOW, case_id, action="accept")
    for message in w.queue.drain("documents"):
        document_issuing.issue(w.documents, message)
    record = w.deps.registry.for_case(case_id)[0]
    store = w.deps.documents
    assert isinstance(store, FakeBlobs)
    return record, store.data[str(record["key"])]


def test_the_downloaded_copy_is_authentic_and_names_its_issuer_and_date() -> None:
    w = world()
    record, pdf = issued_receipt(w)
    result = document_issuing.check_file(w.documents, pdf)
    assert result["verdict"] == "authentic" and result["authentic"]
    assert result["message"] == "真实有效（与存档一致，签名有效）"
    assert result["issuer"] == "平罗县政务服务中心" and result["issued_at"] == record["issued_at"]
    assert result["document_number"] == record["document_number"]
    assert result["uploaded_sha256"] == result["sha256"] == record["sha256"]
    assert "…" in result["case_number"] and result["case_number"] != record["case_number"]


def test_a_copy_with_one_byte_changed_is_reported_as_altered() -> None:
    w = world()
    record, pdf = issued_receipt(w)
    at = pdf.index(b"receipt")
    tampered = pdf[:at] + b"R" + pdf[at + 1 :]
    result = document_issuing.check_file(w.documents, tampered)
    assert result["verdict"] == "altered" and not result["authentic"]
    assert result["message"] == "文件已被改动（与存档不符）"
    assert result["uploaded_sha256"] != record["sha256"]
    assert result["title"] == record["title"]  # which document it pretends to be, to ask its issuer


def test_a_copy_whose_code_is_not_registered_and_a_foreign_file_are_told_apart() -> None:
    w = world()
    _, pdf = issued_receipt(w)
    forged = pdf.replace(b"CODE-0001-TEST", b"CODE-9999-TEST")
    unknown = document_issuing.check_file(w.documents, forged)
    assert unknown["verdict"] == "unknown" and unknown["message"].startswith("未找到对应文书")
    for other in (b"%PDF-1.7 someone else's letter", b"", b"\x00" * 64):
        foreign = document_issuing.check_file(w.documents, other)
        assert foreign["verdict"] == "foreign" and foreign["message"].startswith("不是本系统出具")
        assert "title" not in foreign


def test_a_copy_identical_to_the_archive_with_a_broken_signature_is_not_called_authentic() -> None:
    w = world()
    record, pdf = issued_receipt(w)
    broken = pdf.rpartition(b"\n%sig:")[0] + b"\n%sig:" + b"0" * 64
    registry = w.deps.registry
    assert isinstance(registry, FakeRegistry)
    # As if the registry had recorded these very bytes: the hash agrees, the signature does not.
    registry.records[str(record["code"])]["sha256"] = hashlib.sha256(broken).hexdigest()
    result = document_issuing.check_file(w.documents, broken)
    assert result["verdict"] == "unsigned" and not result["authentic"]
