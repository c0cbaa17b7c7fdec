"""Hole 4: a material is one object version with its SHA-256 and declared size; a later upload to the
same key is scanned as itself and is never taken for the file that passed."""

from __future__ import annotations

import hashlib

import pytest

from chalicelib.domain.errors import BadRequestError, DomainError
from chalicelib.services import dossier_assembly, material_intake, material_scans, queries
from tests.support.builders import APPLICANT, PL_APPROVER, World, world
from tests.support.cases import file_case

GOOD = b"\xff\xd8\xff" + b"good scan of the id card" * 4
SWAPPED = b"MZ\x90\x00 an executable dressed as a scan" + b"!" * 48


def draft(w: World) -> str:
    return file_case(w, APPLICANT, slots=(), submit=False)


def ticket_for(w: World, case_id: str, size: int) -> str:
    return material_intake.request_upload(
        w.intake,
        APPLICANT,
        case_id,
        slot_id="id_card",
        filename="身份证.jpg",
        content_type="image/jpeg",
        size=size,
    ).key


def attached_and_scanned(w: World) -> tuple[str, str]:
    case_id = draft(w)
    key = ticket_for(w, case_id, len(GOOD))
    version = w.blobs.uploaded(key, len(GOOD), "image/jpeg", GOOD)
    material_intake.attach_material(w.intake, APPLICANT, case_id, key=key)
    assert material_scans.process_upload(w.scans, key, version) == "normalised"
    return case_id, key


def test_a_material_records_its_object_version_and_the_sha256_of_its_bytes() -> None:
    w = world()
    case_id, key = attached_and_scanned(w)
    [material] = w.cases.get(case_id).materials
    assert material.version_id == w.blobs.objects[key].version_id
    assert material.sha256 == hashlib.sha256(GOOD).hexdigest()
    assert w.cases.events(case_id)[-1].details["sha256"] == material.sha256  # in the audit chain


def test_a_file_swapped_after_it_passed_is_scanned_as_itself_and_never_taken_for_the_passed_one() -> (
    None
):
    """Fails on the old code: the second upload to the key was skipped by the scan pipeline as a
    'duplicate' (its key had a result), attaching it again returned the case as if nothing happened,
    and every read of the key got the swapped bytes."""
    w = world()
    case_id, key = attached_and_scanned(w)
    swapped = w.blobs.uploaded(key, len(SWAPPED), "image/jpeg", SWAPPED)  # the same presigned POST
    assert (
        material_scans.process_upload(w.scans, key, swapped) == "rejected"
    )  # checked, not skipped
    with pytest.raises(DomainError, match="该材料已登记，如需更换请删除后重新上传") as refused:
        material_intake.attach_material(w.intake, APPLICANT, case_id, key=key)
    assert refused.value.kind == "conflict"
    [material] = w.cases.get(case_id).materials
    assert w.blobs.get(key, material.version_id) == GOOD
    [view] = queries.get_case(w.queries, APPLICANT, case_id)["materials"]
    thumbnail = w.blobs.head(f"thumbnails/{key}@{material.version_id}.jpg")
    assert view["scan_status"] == "ok" and thumbnail is not None
    assert view["thumbnail_url"].endswith(f"?versionId={thumbnail.version_id}")
    built = dossier_assembly.assemble(w.dossier, PL_APPROVER, case_id)
    assert built["parts"] == ["申请表", "材料：身份证.jpg"]
    record = w.deps.registry.by_code(built["code"])
    assert record is not None
    dossier = w.deps.documents.get(record["key"])
    assert GOOD[:8] in dossier and SWAPPED[:8] not in dossier


def test_attaching_the_same_version_again_changes_nothing() -> None:
    w = world()
    case_id, key = attached_and_scanned(w)
    before = w.cases.get(case_id)
    assert material_intake.attach_material(w.intake, APPLICANT, case_id, key=key) == before


def test_a_stored_size_other_than_the_declared_one_is_refused() -> None:
    """Fails on the old code: the declared size was only compared with the slot's limit, and the
    presigned POST allowed anything from 1 byte to the limit."""
    w = world()
    case_id = draft(w)
    key = ticket_for(w, case_id, 100)
    w.blobs.uploaded(key, 5_000, "image/jpeg")
    with pytest.raises(BadRequestError, match="大小与申报的不符"):
        material_intake.attach_material(w.intake, APPLICANT, case_id, key=key)
    assert w.cases.get(case_id).materials == ()


def test_the_presigned_post_is_valid_five_minutes_and_its_key_names_the_declared_size() -> None:
    w = world()
    case_id = draft(w)
    ticket = material_intake.request_upload(
        w.intake,
        APPLICANT,
        case_id,
        slot_id="id_card",
        filename="a.jpg",
        content_type="image/jpeg",
        size=1234,
    )
    assert ticket.expires_in == 300 and ticket.key.split("/")[3].endswith("-1234")
    with pytest.raises(BadRequestError, match="上传凭据与办件不符"):
        material_intake.attach_material(
            w.intake, APPLICANT, case_id, key=f"cases/{case_id}/id_card/nosize/a.jpg"
        )
